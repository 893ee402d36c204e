/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-histogram-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-histogram-view.h"

#define N_COLUMNS 256
#define HANDLE_GRAB 10.0
#define PAD 6.0

typedef enum {
  DRAG_NONE,
  DRAG_LOWER,
  DRAG_UPPER,
  DRAG_BOTH,
} DragMode;

struct _ScHistogramView
{
  GtkWidget  parent_instance;

  double     columns[N_COLUMNS];   /* counts over [axis_min, axis_max] */
  guint      n_columns;            /* fewer than N_COLUMNS for narrow integer ranges */
  gboolean   has_data;
  double    *values;               /* the non-empty bins of the histogram shown */
  double    *counts;
  guint      n_values;
  double     data_min;
  double     data_max;
  double     axis_min;
  double     axis_max;
  double     lower;
  double     upper;
  gboolean   integer;
  double     gamma;
  gboolean   log_scale;

  DragMode   drag;
  double     drag_lower;
  double     drag_upper;
  double     drag_x;
};

enum {
  PROP_0,
  PROP_LOWER,
  PROP_UPPER,
  PROP_DRAGGING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScHistogramView, sc_histogram_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
rebin (ScHistogramView *self)
{
  double span = self->axis_max - self->axis_min;

  /* integer data over a narrow range gets one column per value, not a comb */
  self->n_columns = self->integer && span < N_COLUMNS ? MAX ((guint) ceil (span), 1) : N_COLUMNS;
  memset (self->columns, 0, sizeof self->columns);
  for (guint i = 0; i < self->n_values; i++)
    {
      int col = (int) floor ((self->values[i] - self->axis_min) / span * self->n_columns);

      self->columns[CLAMP (col, 0, (int) self->n_columns - 1)] += self->counts[i];
    }
}

/* The axis covers the data and the display range, with a margin. */
static void
update_axis (ScHistogramView *self)
{
  double lo = self->has_data ? MIN (self->data_min, self->lower) : self->lower;
  double hi = self->has_data ? MAX (self->data_max, self->upper) : self->upper;
  double span = MAX (hi - lo, self->integer ? 1 : 1e-9);

  self->axis_min = lo - span * 0.02;
  self->axis_max = hi + span * 0.02;
  rebin (self);
}

static double
value_to_x (ScHistogramView *self,
            double           v)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PAD;

  if (self->axis_max <= self->axis_min)
    return PAD;
  return PAD + (v - self->axis_min) / (self->axis_max - self->axis_min) * w;
}

static double
x_to_value (ScHistogramView *self,
            double           x)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PAD;
  double v = self->axis_min + (x - PAD) / MAX (w, 1) * (self->axis_max - self->axis_min);

  return self->integer ? round (v) : v;
}

static void
set_lower_upper (ScHistogramView *self,
                 double           lower,
                 double           upper)
{
  /* both notifies come once both values are set, so a listener never sees half a change */
  g_object_freeze_notify (G_OBJECT (self));
  if (lower != self->lower)
    {
      self->lower = lower;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOWER]);
    }
  if (upper != self->upper)
    {
      self->upper = upper;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPPER]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The curve's height at v, 0..1, by the mapping the image uses (without its steps). */
static double
curve_at (ScHistogramView *self,
          double           v)
{
  double span = self->upper - self->lower;
  double t;

  if (span <= 0)
    t = v >= self->upper ? 1.0 : 0.0;
  else
    t = CLAMP ((v - self->lower) / span, 0.0, 1.0);
  if (self->log_scale)
    {
      double k = MAX (span, 255.0);

      t = log1p (k * t) / log1p (k);
    }
  if (self->gamma > 0 && self->gamma != 1.0)
    t = pow (t, self->gamma);
  return t;
}

static void
sc_histogram_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  ScHistogramView *self = SC_HISTOGRAM_VIEW (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  double plot_h = h - 2 * PAD;
  double plot_w = w - 2 * PAD;
  double peak = 0, second = 0, log_peak;
  double xl, xu;
  GdkRGBA fg;
  cairo_t *cr;

  if (w <= 2 * PAD || h <= 2 * PAD)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  /* a card-like ground */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.06);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);

  if (self->has_data)
    {
      /* Scale to the second-highest column so that one huge background bin does not
       * flatten everything else; the log curve behind shows the tails. */
      for (guint i = 0; i < self->n_columns; i++)
        {
          if (self->columns[i] > peak)
            {
              second = peak;
              peak = self->columns[i];
            }
          else if (self->columns[i] > second)
            second = self->columns[i];
        }
      if (second < peak / 4)
        second = peak;
      log_peak = log1p (peak);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.16);
      cairo_move_to (cr, PAD, PAD + plot_h);
      for (guint i = 0; i < self->n_columns; i++)
        {
          double v = log_peak > 0 ? log1p (self->columns[i]) / log_peak : 0;

          cairo_line_to (cr, PAD + plot_w * i / self->n_columns, PAD + plot_h * (1 - v));
          cairo_line_to (cr, PAD + plot_w * (i + 1) / self->n_columns, PAD + plot_h * (1 - v));
        }
      cairo_line_to (cr, PAD + plot_w, PAD + plot_h);
      cairo_close_path (cr);
      cairo_fill (cr);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
      cairo_move_to (cr, PAD, PAD + plot_h);
      for (guint i = 0; i < self->n_columns; i++)
        {
          double v = second > 0 ? MIN (self->columns[i] / second, 1.0) : 0;

          cairo_line_to (cr, PAD + plot_w * i / self->n_columns, PAD + plot_h * (1 - v));
          cairo_line_to (cr, PAD + plot_w * (i + 1) / self->n_columns, PAD + plot_h * (1 - v));
        }
      cairo_line_to (cr, PAD + plot_w, PAD + plot_h);
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  /* dim what falls outside the display range, then the two handles */
  xl = CLAMP (value_to_x (self, self->lower), 0, w);
  xu = CLAMP (value_to_x (self, self->upper), 0, w);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, 0, 0, xl, h);
  cairo_rectangle (cr, xu, 0, w - xu, h);
  cairo_fill (cr);

  /* the mapping from (lower, bottom) to (upper, top), as ImageJ draws it, bent by gamma
   * and log as the image is */
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.9);
  cairo_move_to (cr, xl, PAD + plot_h);
  if (self->gamma == 1.0 && !self->log_scale)
    cairo_line_to (cr, xu, PAD);
  else
    for (double x = xl; x <= xu + 0.5; x += 1.0)
      {
        double cx = MIN (x, xu);
        double v = self->axis_min + (cx - PAD) / MAX (plot_w, 1) *
                   (self->axis_max - self->axis_min);

        cairo_line_to (cr, cx, PAD + plot_h - curve_at (self, v) * plot_h);
      }
  cairo_stroke (cr);

  for (guint k = 0; k < 2; k++)
    {
      double x = round (k == 0 ? xl : xu) + 0.5;

      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, h);
      cairo_stroke (cr);
      /* grips */
      cairo_move_to (cr, x - 6, h);
      cairo_line_to (cr, x + 6, h);
      cairo_line_to (cr, x, h - 9);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_move_to (cr, x - 6, 0);
      cairo_line_to (cr, x + 6, 0);
      cairo_line_to (cr, x, 9);
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               ScHistogramView *self)
{
  double xl = value_to_x (self, self->lower);
  double xu = value_to_x (self, self->upper);
  double dl = fabs (x - xl), du = fabs (x - xu);

  if (MIN (dl, du) <= HANDLE_GRAB)
    self->drag = dl < du || (dl == du && x < xl) ? DRAG_LOWER : DRAG_UPPER;
  else if (x > xl && x < xu)
    self->drag = DRAG_BOTH;
  else
    self->drag = x < xl ? DRAG_LOWER : DRAG_UPPER;

  self->drag_lower = self->lower;
  self->drag_upper = self->upper;
  self->drag_x = x;
  /* first, so that the range the press may set is part of the drag */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAGGING]);

  if (self->drag != DRAG_BOTH)
    {
      /* a press away from the handles moves the nearest handle there at once */
      double v = x_to_value (self, x);

      if (self->drag == DRAG_LOWER && MIN (dl, du) > HANDLE_GRAB)
        set_lower_upper (self, MIN (v, self->upper), self->upper);
      else if (self->drag == DRAG_UPPER && MIN (dl, du) > HANDLE_GRAB)
        set_lower_upper (self, self->lower, MAX (v, self->lower));
      self->drag_lower = self->lower;
      self->drag_upper = self->upper;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                ScHistogramView *self)
{
  double x = self->drag_x + dx;
  double v = x_to_value (self, x);
  double step = self->integer ? 1 : 0;

  switch (self->drag)
    {
    case DRAG_LOWER:
      set_lower_upper (self, MIN (v, self->upper - step), self->upper);
      break;
    case DRAG_UPPER:
      set_lower_upper (self, self->lower, MAX (v, self->lower + step));
      break;
    case DRAG_BOTH:
      {
        double shift = x_to_value (self, x) - x_to_value (self, self->drag_x);

        set_lower_upper (self, self->drag_lower + shift, self->drag_upper + shift);
      }
      break;
    case DRAG_NONE:
    default:
      break;
    }
}

static void
end_drag (ScHistogramView *self)
{
  if (self->drag == DRAG_NONE)
    return;
  self->drag = DRAG_NONE;
  update_axis (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAGGING]);
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             ScHistogramView *self)
{
  end_drag (self);
}

static void
drag_cancel_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                ScHistogramView  *self)
{
  end_drag (self);
}

static void
sc_histogram_view_finalize (GObject *object)
{
  ScHistogramView *self = SC_HISTOGRAM_VIEW (object);

  g_free (self->values);
  g_free (self->counts);

  G_OBJECT_CLASS (sc_histogram_view_parent_class)->finalize (object);
}

static void
sc_histogram_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 60;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 256 : 120;
}

static void
sc_histogram_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScHistogramView *self = SC_HISTOGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOWER:
      g_value_set_double (value, self->lower);
      break;
    case PROP_UPPER:
      g_value_set_double (value, self->upper);
      break;
    case PROP_DRAGGING:
      g_value_set_boolean (value, self->drag != DRAG_NONE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_histogram_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ScHistogramView *self = SC_HISTOGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOWER:
      set_lower_upper (self, g_value_get_double (value), self->upper);
      break;
    case PROP_UPPER:
      set_lower_upper (self, self->lower, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_histogram_view_class_init (ScHistogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sc_histogram_view_finalize;
  object_class->get_property = sc_histogram_view_get_property;
  object_class->set_property = sc_histogram_view_set_property;

  widget_class->snapshot = sc_histogram_view_snapshot;
  widget_class->measure = sc_histogram_view_measure;

  properties[PROP_LOWER] =
    g_param_spec_double ("lower", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPPER] =
    g_param_spec_double ("upper", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while a handle is dragged (one undo step in the display panel) */
  properties[PROP_DRAGGING] =
    g_param_spec_boolean ("dragging", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "histogramview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sc_histogram_view_init (ScHistogramView *self)
{
  GtkGesture *gesture;

  self->upper = 1;
  self->axis_max = 1;
  self->gamma = 1.0;
  self->n_columns = N_COLUMNS;

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (gesture, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "col-resize");
}

GtkWidget *
sc_histogram_view_new (void)
{
  return g_object_new (SC_TYPE_HISTOGRAM_VIEW, NULL);
}

void
sc_histogram_view_set_histogram (ScHistogramView   *self,
                                 const ScHistogram *hist)
{
  g_return_if_fail (SC_IS_HISTOGRAM_VIEW (self));

  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->counts, g_free);
  self->n_values = 0;
  self->has_data = hist != NULL && hist->total > 0;

  if (self->has_data)
    {
      self->values = g_new (double, hist->n_bins);
      self->counts = g_new (double, hist->n_bins);
      for (guint i = 0; i < hist->n_bins; i++)
        {
          if (hist->counts[i] == 0)
            continue;
          self->values[self->n_values] = sc_histogram_bin_value (hist, i);
          self->counts[self->n_values] = hist->counts[i];
          self->n_values++;
        }
      self->data_min = hist->data_min;
      self->data_max = hist->data_max;
    }

  update_axis (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sc_histogram_view_get_lower (ScHistogramView *self)
{
  g_return_val_if_fail (SC_IS_HISTOGRAM_VIEW (self), 0);
  return self->lower;
}

double
sc_histogram_view_get_upper (ScHistogramView *self)
{
  g_return_val_if_fail (SC_IS_HISTOGRAM_VIEW (self), 0);
  return self->upper;
}

void
sc_histogram_view_set_range (ScHistogramView *self,
                             double           lower,
                             double           upper)
{
  g_return_if_fail (SC_IS_HISTOGRAM_VIEW (self));

  set_lower_upper (self, lower, upper);
  if (self->drag == DRAG_NONE)
    update_axis (self);
}

void
sc_histogram_view_set_transfer (ScHistogramView *self,
                                double           gamma,
                                gboolean         log_scale)
{
  g_return_if_fail (SC_IS_HISTOGRAM_VIEW (self));

  log_scale = !!log_scale;
  if (gamma == self->gamma && log_scale == self->log_scale)
    return;
  self->gamma = gamma;
  self->log_scale = log_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sc_histogram_view_get_curve_at (ScHistogramView *self,
                                double           value)
{
  g_return_val_if_fail (SC_IS_HISTOGRAM_VIEW (self), 0);
  return curve_at (self, value);
}

void
sc_histogram_view_set_integer (ScHistogramView *self,
                               gboolean         integer)
{
  g_return_if_fail (SC_IS_HISTOGRAM_VIEW (self));
  self->integer = !!integer;
}
