/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-ortho-view"

#include "config.h"

#include <math.h>

#include "sc-ortho-view.h"

/* Space between the panes (pixels), and the least a pane gets. */
#define GAP 2
#define MIN_PANE 48

struct _ScOrthoView
{
  GtkWidget  parent_instance;

  GtkWidget *main_view;
  GtkWidget *xz_pane;
  GtkWidget *yz_pane;
  double     xz_height;
  double     yz_width;
  gboolean   active;
};

G_DEFINE_FINAL_TYPE (ScOrthoView, sc_ortho_view, GTK_TYPE_WIDGET)

static void
sc_ortho_view_dispose (GObject *object)
{
  ScOrthoView *self = SC_ORTHO_VIEW (object);

  g_clear_pointer (&self->main_view, gtk_widget_unparent);
  g_clear_pointer (&self->xz_pane, gtk_widget_unparent);
  g_clear_pointer (&self->yz_pane, gtk_widget_unparent);

  G_OBJECT_CLASS (sc_ortho_view_parent_class)->dispose (object);
}

static void
sc_ortho_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  ScOrthoView *self = SC_ORTHO_VIEW (widget);

  *minimum = *natural = 0;
  if (self->main_view != NULL)
    gtk_widget_measure (self->main_view, orientation, -1, minimum, natural, NULL, NULL);
  if (self->active)
    {
      *minimum += MIN_PANE + GAP;
      *natural += MIN_PANE + GAP;
    }
}

/* A pane's share of size: what its data asks for, between MIN_PANE and a third. */
static int
pane_size (double wanted,
           int    size)
{
  int most = MAX (size / 3, MIN_PANE);

  return (int) CLAMP (ceil (wanted), MIN_PANE, most);
}

static void
sc_ortho_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  ScOrthoView *self = SC_ORTHO_VIEW (widget);
  int side, below;

  if (!self->active)
    {
      gtk_widget_allocate (self->main_view, width, height, -1, NULL);
      return;
    }
  side = pane_size (self->yz_width, width);
  below = pane_size (self->xz_height, height);
  gtk_widget_size_allocate (self->main_view,
                            &(GtkAllocation) { 0, 0, MAX (width - side - GAP, 1),
                                               MAX (height - below - GAP, 1) }, -1);
  gtk_widget_size_allocate (self->yz_pane,
                            &(GtkAllocation) { width - side, 0, side,
                                               MAX (height - below - GAP, 1) }, -1);
  gtk_widget_size_allocate (self->xz_pane,
                            &(GtkAllocation) { 0, height - below, MAX (width - side - GAP, 1),
                                               below }, -1);
}

static void
sc_ortho_view_class_init (ScOrthoViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_ortho_view_dispose;
  widget_class->measure = sc_ortho_view_measure;
  widget_class->size_allocate = sc_ortho_view_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "orthoview");
}

static void
sc_ortho_view_init (ScOrthoView *self)
{
}

GtkWidget *
sc_ortho_view_new (GtkWidget *main_view,
                   GtkWidget *xz_pane,
                   GtkWidget *yz_pane)
{
  ScOrthoView *self = g_object_new (SC_TYPE_ORTHO_VIEW, NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (main_view), NULL);

  self->main_view = main_view;
  self->xz_pane = xz_pane;
  self->yz_pane = yz_pane;
  gtk_widget_set_parent (main_view, GTK_WIDGET (self));
  gtk_widget_set_parent (xz_pane, GTK_WIDGET (self));
  gtk_widget_set_parent (yz_pane, GTK_WIDGET (self));
  gtk_widget_set_visible (xz_pane, FALSE);
  gtk_widget_set_visible (yz_pane, FALSE);
  return GTK_WIDGET (self);
}

gboolean
sc_ortho_view_get_active (ScOrthoView *self)
{
  g_return_val_if_fail (SC_IS_ORTHO_VIEW (self), FALSE);

  return self->active;
}

void
sc_ortho_view_set_active (ScOrthoView *self,
                          gboolean     active)
{
  g_return_if_fail (SC_IS_ORTHO_VIEW (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  gtk_widget_set_visible (self->xz_pane, active);
  gtk_widget_set_visible (self->yz_pane, active);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
sc_ortho_view_set_extents (ScOrthoView *self,
                           double       xz_height,
                           double       yz_width)
{
  g_return_if_fail (SC_IS_ORTHO_VIEW (self));

  /* a pixel's change would only move the panes back and forth as the fit zoom follows */
  if (fabs (xz_height - self->xz_height) < 1 && fabs (yz_width - self->yz_width) < 1)
    return;
  self->xz_height = xz_height;
  self->yz_width = yz_width;
  if (self->active)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
}
