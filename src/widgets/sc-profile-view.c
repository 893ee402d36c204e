/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-profile-view"

#include "config.h"

#include <math.h>

#include "sc-profile-view.h"

#define LEFT 8.0
#define RIGHT 8.0
#define TOP 8.0
#define BOTTOM 20.0

struct _ScProfileView
{
  GtkWidget  parent_instance;

  double    *values;
  guint      n;
  guint      current;
  char      *axis;
  double     step;
  char      *unit;
};

G_DEFINE_FINAL_TYPE (ScProfileView, sc_profile_view, GTK_TYPE_WIDGET)

static void
draw_text (GtkWidget   *widget,
           GtkSnapshot *snapshot,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           const GdkRGBA *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int lw, lh;

  pango_layout_get_pixel_size (layout, &lw, &lh);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - lw * xalign), round (y)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
sc_profile_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  ScProfileView *self = SC_PROFILE_VIEW (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  double pw = w - LEFT - RIGHT, ph = h - TOP - BOTTOM;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GdkRGBA fg, dim;
  cairo_t *cr;

  if (w <= LEFT + RIGHT || h <= TOP + BOTTOM)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= 0.55;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.06);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);

  if (self->n == 0)
    {
      cairo_destroy (cr);
      return;
    }

  for (guint i = 0; i < self->n; i++)
    {
      lo = MIN (lo, self->values[i]);
      hi = MAX (hi, self->values[i]);
    }
  if (hi <= lo)
    hi = lo + 1;

#define PX(i) (LEFT + (self->n > 1 ? pw * (i) / (self->n - 1) : pw / 2))
#define PY(v) (TOP + ph * (1 - ((v) - lo) / (hi - lo)))

  /* the current plane */
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (PX (self->current)) + 0.5, TOP);
  cairo_line_to (cr, round (PX (self->current)) + 0.5, TOP + ph);
  cairo_stroke (cr);

  /* area under the curve, then the curve */
  cairo_move_to (cr, PX (0), TOP + ph);
  for (guint i = 0; i < self->n; i++)
    cairo_line_to (cr, PX (i), PY (self->values[i]));
  cairo_line_to (cr, PX (self->n - 1), TOP + ph);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.15);
  cairo_fill (cr);

  for (guint i = 0; i < self->n; i++)
    cairo_line_to (cr, PX (i), PY (self->values[i]));
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  if (self->n <= 64)
    for (guint i = 0; i < self->n; i++)
      {
        cairo_arc (cr, PX (i), PY (self->values[i]), i == self->current ? 4 : 2, 0, 2 * G_PI);
        cairo_fill (cr);
      }
  cairo_destroy (cr);

  lo_text = g_strdup_printf ("%.6g", lo);
  hi_text = g_strdup_printf ("%.6g", hi);
  draw_text (widget, snapshot, hi_text, LEFT + 2, TOP, 0, &dim);
  draw_text (widget, snapshot, lo_text, LEFT + 2, TOP + ph - 16, 0, &dim);

  first = g_strdup_printf ("%s 1", self->axis);
  if (self->step > 0 && self->unit)
    last = g_strdup_printf ("%s %u · %.4g %s", self->axis, self->n, self->step * (self->n - 1),
                            self->unit);
  else
    last = g_strdup_printf ("%s %u", self->axis, self->n);
  draw_text (widget, snapshot, first, LEFT, TOP + ph + 2, 0, &dim);
  draw_text (widget, snapshot, last, LEFT + pw, TOP + ph + 2, 1, &dim);

#undef PX
#undef PY
}

static void
sc_profile_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 80;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 256 : 150;
}

static void
sc_profile_view_finalize (GObject *object)
{
  ScProfileView *self = SC_PROFILE_VIEW (object);

  g_free (self->values);
  g_free (self->axis);
  g_free (self->unit);

  G_OBJECT_CLASS (sc_profile_view_parent_class)->finalize (object);
}

static void
sc_profile_view_class_init (ScProfileViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sc_profile_view_finalize;
  widget_class->snapshot = sc_profile_view_snapshot;
  widget_class->measure = sc_profile_view_measure;

  gtk_widget_class_set_css_name (widget_class, "profileview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sc_profile_view_init (ScProfileView *self)
{
  self->axis = g_strdup ("z");
  gtk_widget_add_css_class (GTK_WIDGET (self), "caption");
}

GtkWidget *
sc_profile_view_new (void)
{
  return g_object_new (SC_TYPE_PROFILE_VIEW, NULL);
}

void
sc_profile_view_set_data (ScProfileView *self,
                          const double  *values,
                          guint          n,
                          guint          current,
                          const char    *axis,
                          double         step,
                          const char    *unit)
{
  GString *desc;

  g_return_if_fail (SC_IS_PROFILE_VIEW (self));
  g_return_if_fail (values != NULL || n == 0);

  g_free (self->values);
  self->values = g_memdup2 (values, sizeof (double) * n);
  self->n = n;
  self->current = MIN (current, n ? n - 1 : 0);
  g_free (self->axis);
  self->axis = g_strdup (axis ? axis : "z");
  self->step = step;
  g_free (self->unit);
  self->unit = g_strdup (unit);

  /* the numbers, for screen readers */
  desc = g_string_new (NULL);
  for (guint i = 0; i < n && i < 256; i++)
    g_string_append_printf (desc, "%s%.6g", i ? ", " : "", values[i]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc->str,
                                  -1);
  g_string_free (desc, TRUE);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sc_profile_view_set_current (ScProfileView *self,
                             guint          current)
{
  g_return_if_fail (SC_IS_PROFILE_VIEW (self));

  if (self->n == 0 || current == self->current)
    return;
  self->current = MIN (current, self->n - 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sc_profile_view_clear (ScProfileView *self)
{
  g_return_if_fail (SC_IS_PROFILE_VIEW (self));

  g_clear_pointer (&self->values, g_free);
  self->n = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
