/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-plane-view"

#include "config.h"

#include <math.h>

#include "sc-plane-view-private.h"

/* GtkScrollable: the adjustments span the zoomed image; an image smaller than the widget
 * is centred and does not scroll. */

void
_sc_plane_view_get_origin (ScPlaneView *self,
                           double      *ox,
                           double      *oy)
{
  double cw = self->width * _sc_plane_view_scale_x (self);
  double ch = self->height * _sc_plane_view_scale_y (self);
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  *ox = cw <= w ? floor ((w - cw) / 2) : -floor (gtk_adjustment_get_value (self->hadjustment));
  *oy = ch <= h ? floor ((h - ch) / 2) : -floor (gtk_adjustment_get_value (self->vadjustment));
}

void
_sc_plane_view_configure_adjustments (ScPlaneView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  double cw = self->width * _sc_plane_view_scale_x (self);
  double ch = self->height * _sc_plane_view_scale_y (self);

  if (self->hadjustment)
    gtk_adjustment_configure (self->hadjustment,
                              CLAMP (gtk_adjustment_get_value (self->hadjustment), 0,
                                     MAX (cw - w, 0)),
                              0, MAX (cw, w), w * 0.1, w * 0.9, w);
  if (self->vadjustment)
    gtk_adjustment_configure (self->vadjustment,
                              CLAMP (gtk_adjustment_get_value (self->vadjustment), 0,
                                     MAX (ch - h, 0)),
                              0, MAX (ch, h), h * 0.1, h * 0.9, h);
}

static void
adjustment_value_changed (ScPlaneView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_sc_plane_view_set_adjustment (ScPlaneView    *self,
                               GtkAdjustment **slot,
                               GtkAdjustment  *adjustment)
{
  if (adjustment != NULL && adjustment == *slot)
    return;

  if (*slot)
    g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed, self);
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  g_set_object (slot, adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_value_changed),
                            self);
  _sc_plane_view_configure_adjustments (self);
}

void
_sc_plane_view_clear_adjustments (ScPlaneView *self)
{
  if (self->hadjustment)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
}
