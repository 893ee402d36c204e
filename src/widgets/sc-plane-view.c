/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-plane-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-plane-view.h"

#define MIN_ZOOM 0.01
#define MAX_ZOOM 64.0
#define ZOOM_STEP 1.25
#define DRAG_THRESHOLD 4.0

struct _ScPlaneView
{
  GtkWidget           parent_instance;

  GtkAdjustment      *hadjustment;
  GtkAdjustment      *vadjustment;
  guint               hscroll_policy : 1;
  guint               vscroll_policy : 1;
  guint               fit : 1;
  guint               dragging : 1;

  GBytes             *pixels;
  guint               width;
  guint               height;
  /* Zoomed out, the image is shown averaged down to its size on screen, made by a worker:
   * the renderer then neither uploads nor filters the full image on every change. Until
   * the copy for the current pixels and zoom is ready, the last one stands in. */
  GdkTexture         *scaled;
  guint               scaled_current : 1;
  GCancellable       *scale_cancellable;
  guint               scale_width;     /* the size being made */
  guint               scale_height;

  double              zoom;
  int                 marker_x;
  int                 marker_y;

  double              drag_start_h;
  double              drag_start_v;
  double              gesture_start_zoom;
  double              pointer_x;
  double              pointer_y;
};

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_FIT,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  POINTER_MOVED,
  PIXEL_ACTIVATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE_WITH_CODE (ScPlaneView, sc_plane_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
cancel_scale (ScPlaneView *self)
{
  g_cancellable_cancel (self->scale_cancellable);
  g_clear_object (&self->scale_cancellable);
  self->scale_width = self->scale_height = 0;
}

static void
clear_image (ScPlaneView *self)
{
  cancel_scale (self);
  g_clear_pointer (&self->pixels, g_bytes_unref);
  g_clear_object (&self->scaled);
  self->scaled_current = FALSE;
}

static double
fit_zoom (ScPlaneView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->width == 0 || self->height == 0 || w <= 0 || h <= 0)
    return 1.0;

  return CLAMP (MIN ((double) w / self->width, (double) h / self->height), MIN_ZOOM, MAX_ZOOM);
}

/* Where the image's top-left corner sits in widget coordinates. */
static void
get_origin (ScPlaneView *self,
            double      *ox,
            double      *oy)
{
  double cw = self->width * self->zoom;
  double ch = self->height * self->zoom;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  *ox = cw <= w ? floor ((w - cw) / 2) : -floor (gtk_adjustment_get_value (self->hadjustment));
  *oy = ch <= h ? floor ((h - ch) / 2) : -floor (gtk_adjustment_get_value (self->vadjustment));
}

static void
configure_adjustments (ScPlaneView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  double cw = self->width * self->zoom;
  double ch = self->height * self->zoom;

  if (self->hadjustment)
    gtk_adjustment_configure (self->hadjustment,
                              CLAMP (gtk_adjustment_get_value (self->hadjustment), 0, MAX (cw - w, 0)),
                              0, MAX (cw, w), w * 0.1, w * 0.9, w);
  if (self->vadjustment)
    gtk_adjustment_configure (self->vadjustment,
                              CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, MAX (ch - h, 0)),
                              0, MAX (ch, h), h * 0.1, h * 0.9, h);
}

/* Changes the zoom keeping the image point under widget point (wx, wy) in place. */
static void
zoom_at (ScPlaneView *self,
         double       zoom,
         double       wx,
         double       wy)
{
  double ox, oy, ix, iy;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  get_origin (self, &ox, &oy);
  ix = (wx - ox) / self->zoom;
  iy = (wy - oy) / self->zoom;

  if (self->fit)
    {
      self->fit = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
    }

  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  configure_adjustments (self);
  if (self->hadjustment && self->width * zoom > w)
    gtk_adjustment_set_value (self->hadjustment, ix * zoom - wx);
  if (self->vadjustment && self->height * zoom > h)
    gtk_adjustment_set_value (self->vadjustment, iy * zoom - wy);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
adjustment_value_changed (ScPlaneView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (ScPlaneView    *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (adjustment == *slot)
    return;

  if (*slot)
    g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed, self);
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  g_set_object (slot, adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_value_changed), self);
  configure_adjustments (self);
}

typedef struct {
  GBytes *pixels;
  guint   width;
  guint   height;
  guint   scaled_width;
  guint   scaled_height;
} ScaleData;

static void
scale_data_free (ScaleData *data)
{
  g_bytes_unref (data->pixels);
  g_free (data);
}

/* Each output pixel is the mean of the input pixels whose centres fall in it: a box
 * filter as wide as the zoom asks, so that no zoom aliases. */
static void
scale_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ScaleData *data = task_data;
  const guint32 *src = g_bytes_get_data (data->pixels, NULL);
  guint sw = data->width, dw = data->scaled_width, dh = data->scaled_height;
  g_autofree guint *xs = g_new (guint, dw + 1);
  g_autofree guint32 *sums = g_new (guint32, (gsize) dw * 3);
  guint32 *dst = g_new (guint32, (gsize) dw * dh);

  g_assert (dw <= data->width && dh <= data->height);

  for (guint x = 0; x <= dw; x++)
    xs[x] = (guint) ((guint64) x * sw / dw);

  for (guint y = 0; y < dh; y++)
    {
      guint y0 = (guint) ((guint64) y * data->height / dh);
      guint y1 = (guint) ((guint64) (y + 1) * data->height / dh);

      if (g_task_return_error_if_cancelled (task))
        {
          g_free (dst);
          return;
        }

      memset (sums, 0, sizeof (guint32) * dw * 3);
      for (guint sy = y0; sy < y1; sy++)
        {
          const guint32 *row = src + (gsize) sy * sw;

          for (guint x = 0; x < dw; x++)
            {
              guint32 r = 0, g = 0, b = 0;

              for (guint sx = xs[x]; sx < xs[x + 1]; sx++)
                {
                  r += (row[sx] >> 16) & 0xff;
                  g += (row[sx] >> 8) & 0xff;
                  b += row[sx] & 0xff;
                }
              sums[3 * x] += r;
              sums[3 * x + 1] += g;
              sums[3 * x + 2] += b;
            }
        }

      for (guint x = 0; x < dw; x++)
        {
          guint32 n = (xs[x + 1] - xs[x]) * (y1 - y0);

          dst[(gsize) y * dw + x] = 0xff000000u |
                                    ((sums[3 * x] + n / 2) / n) << 16 |
                                    ((sums[3 * x + 1] + n / 2) / n) << 8 |
                                    ((sums[3 * x + 2] + n / 2) / n);
        }
    }

  g_task_return_pointer (task,
                         gdk_memory_texture_new (dw, dh, GDK_MEMORY_DEFAULT,
                                                 g_bytes_new_take (dst, (gsize) dw * dh * 4),
                                                 (gsize) dw * 4),
                         g_object_unref);
}

static void
scale_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ScPlaneView *self = SC_PLANE_VIEW (object);
  ScaleData *data = g_task_get_task_data (G_TASK (result));
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), NULL);

  /* cancelled: other pixels or another zoom came since */
  if (texture == NULL)
    return;
  g_assert (data->pixels == self->pixels);

  g_clear_object (&self->scaled);
  g_clear_object (&self->scale_cancellable);
  self->scaled = texture;
  self->scaled_current = TRUE;
  self->scale_width = self->scale_height = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Starts making the image scaled to width x height unless it is on its way; at full size
 * there is nothing to make. */
static void
request_scaled (ScPlaneView *self,
                guint        width,
                guint        height)
{
  g_autoptr(GTask) task = NULL;
  ScaleData *data;

  if (self->scale_width == width && self->scale_height == height)
    return;

  cancel_scale (self);
  if (width == self->width && height == self->height)
    {
      g_clear_object (&self->scaled);
      self->scaled = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, self->pixels,
                                             (gsize) width * 4);
      self->scaled_current = TRUE;
      return;
    }

  self->scale_cancellable = g_cancellable_new ();
  self->scale_width = width;
  self->scale_height = height;

  data = g_new0 (ScaleData, 1);
  data->pixels = g_bytes_ref (self->pixels);
  data->width = self->width;
  data->height = self->height;
  data->scaled_width = width;
  data->scaled_height = height;

  task = g_task_new (self, self->scale_cancellable, scale_done, NULL);
  g_task_set_source_tag (task, request_scaled);
  g_task_set_task_data (task, data, (GDestroyNotify) scale_data_free);
  g_task_run_in_thread (task, scale_thread);
}

/* Draws the visible part of the image from the full-size pixels. GTK records cairo
 * drawing and the recording copies its source when that goes, so the source is only the
 * part of the image in view: the cost follows the window size, not the image size. */
static void
append_region (ScPlaneView           *self,
               GtkSnapshot           *snapshot,
               const graphene_rect_t *visible,
               double                 ox,
               double                 oy,
               cairo_filter_t         filter)
{
  const guint32 *pixels = g_bytes_get_data (self->pixels, NULL);
  int x0 = CLAMP (floor ((visible->origin.x - ox) / self->zoom), 0, self->width - 1);
  int y0 = CLAMP (floor ((visible->origin.y - oy) / self->zoom), 0, self->height - 1);
  int x1 = CLAMP (ceil ((visible->origin.x + visible->size.width - ox) / self->zoom), x0 + 1, self->width);
  int y1 = CLAMP (ceil ((visible->origin.y + visible->size.height - oy) / self->zoom), y0 + 1, self->height);
  cairo_surface_t *region;
  cairo_pattern_t *pattern;
  cairo_t *cr;

  /* cairo only reads the pixels: the cast drops a const that GBytes insists on. */
  region = cairo_image_surface_create_for_data ((guchar *) (pixels + (gsize) y0 * self->width + x0),
                                                CAIRO_FORMAT_ARGB32, x1 - x0, y1 - y0,
                                                self->width * 4);
  cr = gtk_snapshot_append_cairo (snapshot, visible);
  cairo_rectangle (cr, visible->origin.x, visible->origin.y, visible->size.width, visible->size.height);
  cairo_clip (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_set_source_surface (cr, region, x0, y0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, filter);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (region);
}

static void
sc_plane_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  ScPlaneView *self = SC_PLANE_VIEW (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  double ox, oy;
  graphene_rect_t image_rect, visible;

  if (self->pixels == NULL || w <= 0 || h <= 0)
    return;

  get_origin (self, &ox, &oy);
  graphene_rect_init (&image_rect, ox, oy, self->width * self->zoom, self->height * self->zoom);
  if (!graphene_rect_intersection (&image_rect, &GRAPHENE_RECT_INIT (0, 0, w, h), &visible))
    return;

  if (self->zoom >= 1.0)
    {
      /* Zoomed in: every image pixel a sharp square. Cairo paints only the visible part,
       * so the cost follows the window size, not the image size. */
      append_region (self, snapshot, &visible, ox, oy, CAIRO_FILTER_NEAREST);
    }
  else
    {
      int scale = gtk_widget_get_scale_factor (widget);
      guint sw = (guint) CLAMP (ceil (self->width * self->zoom * scale), 1, self->width);
      guint sh = (guint) CLAMP (ceil (self->height * self->zoom * scale), 1, self->height);

      if (self->scaled == NULL || !self->scaled_current ||
          (guint) gdk_texture_get_width (self->scaled) != sw ||
          (guint) gdk_texture_get_height (self->scaled) != sh)
        request_scaled (self, sw, sh);

      if (self->scaled != NULL)
        {
          gtk_snapshot_push_clip (snapshot, &visible);
          gtk_snapshot_append_texture (snapshot, self->scaled, &image_rect);
          gtk_snapshot_pop (snapshot);
        }
      else
        {
          /* only until the first scaled copy of an image arrives, a few frames at most */
          append_region (self, snapshot, &visible, ox, oy, CAIRO_FILTER_FAST);
        }
    }

  if (self->marker_x >= 0 && self->marker_y >= 0 &&
      (guint) self->marker_x < self->width && (guint) self->marker_y < self->height)
    {
      double cx = ox + (self->marker_x + 0.5) * self->zoom;
      double cy = oy + (self->marker_y + 0.5) * self->zoom;
      double r = MAX (self->zoom / 2, 1) + 5;
      GdkRGBA dark = { 0, 0, 0, 0.6 }, light = { 1, 0.85, 0.2, 1 };
      static const struct { double dx, dy, w, h; } arms[] = {
        { -1, 0, -1, 0 }, { 1, 0, 1, 0 }, { 0, -1, 0, -1 }, { 0, 1, 0, 1 }
      };

      for (guint i = 0; i < G_N_ELEMENTS (arms); i++)
        {
          double x0 = cx + arms[i].dx * r, y0 = cy + arms[i].dy * r;
          double x1 = cx + arms[i].w * (r + 8), y1 = cy + arms[i].h * (r + 8);
          graphene_rect_t line;

          graphene_rect_init (&line, MIN (x0, x1) - 1.5, MIN (y0, y1) - 1.5,
                              fabs (x1 - x0) + 3, fabs (y1 - y0) + 3);
          gtk_snapshot_append_color (snapshot, &dark, &line);
          graphene_rect_inset (&line, 1, 1);
          gtk_snapshot_append_color (snapshot, &light, &line);
        }
    }
}

static void
sc_plane_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 64;
  *natural = 400;
}

static void
sc_plane_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  ScPlaneView *self = SC_PLANE_VIEW (widget);

  if (self->fit)
    {
      double z = fit_zoom (self);

      if (z != self->zoom)
        {
          self->zoom = z;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
        }
    }
  configure_adjustments (self);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           ScPlaneView              *self)
{
  double ix = -1, iy = -1;

  self->pointer_x = x;
  self->pointer_y = y;
  if (!sc_plane_view_widget_to_image (self, x, y, &ix, &iy))
    ix = iy = -1;
  g_signal_emit (self, signals[POINTER_MOVED], 0, ix, iy);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          ScPlaneView              *self)
{
  g_signal_emit (self, signals[POINTER_MOVED], 0, -1.0, -1.0);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           ScPlaneView              *self)
{
  GdkModifierType state;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if (!(state & GDK_CONTROL_MASK) || self->pixels == NULL)
    return FALSE;

  /* Wheels send whole steps, touchpads fractions: both zoom smoothly. */
  zoom_at (self, self->zoom * pow (ZOOM_STEP, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               ScPlaneView      *self)
{
  self->gesture_start_zoom = self->zoom;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       ScPlaneView    *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  zoom_at (self, self->gesture_start_zoom * scale, cx, cy);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               ScPlaneView    *self)
{
  self->drag_start_h = gtk_adjustment_get_value (self->hadjustment);
  self->drag_start_v = gtk_adjustment_get_value (self->vadjustment);
  self->dragging = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                ScPlaneView    *self)
{
  if (!self->dragging && hypot (dx, dy) < DRAG_THRESHOLD)
    return;

  if (!self->dragging)
    {
      self->dragging = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  gtk_adjustment_set_value (self->hadjustment, self->drag_start_h - dx);
  gtk_adjustment_set_value (self->vadjustment, self->drag_start_v - dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             ScPlaneView    *self)
{
  double sx, sy, ix, iy;

  if (self->dragging)
    {
      self->dragging = FALSE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
      return;
    }

  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) != GDK_BUTTON_PRIMARY)
    return;

  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  if (sc_plane_view_widget_to_image (self, sx + dx, sy + dy, &ix, &iy))
    g_signal_emit (self, signals[PIXEL_ACTIVATED], 0, (guint) ix, (guint) iy);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ScPlaneView *self = SC_PLANE_VIEW (widget);

  if (g_str_equal (action_name, "plane.zoom-in"))
    sc_plane_view_zoom_in (self);
  else if (g_str_equal (action_name, "plane.zoom-out"))
    sc_plane_view_zoom_out (self);
  else if (g_str_equal (action_name, "plane.zoom-fit"))
    sc_plane_view_zoom_to_fit (self);
  else
    sc_plane_view_set_zoom (self, 1.0);
}

static void
sc_plane_view_dispose (GObject *object)
{
  ScPlaneView *self = SC_PLANE_VIEW (object);

  clear_image (self);
  if (self->hadjustment)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed, self);
  if (self->vadjustment)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (sc_plane_view_parent_class)->dispose (object);
}

static void
sc_plane_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScPlaneView *self = SC_PLANE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_FIT:
      g_value_set_boolean (value, self->fit);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_plane_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ScPlaneView *self = SC_PLANE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      sc_plane_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_FIT:
      if (g_value_get_boolean (value))
        sc_plane_view_zoom_to_fit (self);
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_plane_view_class_init (ScPlaneViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_plane_view_dispose;
  object_class->get_property = sc_plane_view_get_property;
  object_class->set_property = sc_plane_view_set_property;

  widget_class->snapshot = sc_plane_view_snapshot;
  widget_class->measure = sc_plane_view_measure;
  widget_class->size_allocate = sc_plane_view_size_allocate;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT] =
    g_param_spec_boolean ("fit", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /* Image coordinates (pixels, fractional) under the pointer, -1 -1 outside. */
  signals[POINTER_MOVED] =
    g_signal_new ("pointer-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* A click (not a drag) on pixel x, y. */
  signals[PIXEL_ACTIVATED] =
    g_signal_new ("pixel-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "plane.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plane.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plane.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "plane.zoom-1-1", NULL, zoom_action);

  /* Plain keys only while the plane has the focus, so that they never reach a text field. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "plane.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "plane.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "plane.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "plane.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "plane.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "plane.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "plane.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, 0, "plane.zoom-1-1", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, 0, "plane.zoom-1-1", NULL);

  gtk_widget_class_set_css_name (widget_class, "planeview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sc_plane_view_init (ScPlaneView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->zoom = 1.0;
  self->fit = TRUE;
  self->marker_x = self->marker_y = -1;
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
sc_plane_view_new (void)
{
  return g_object_new (SC_TYPE_PLANE_VIEW, NULL);
}

void
sc_plane_view_set_image (ScPlaneView *self,
                         GBytes      *pixels,
                         guint        width,
                         guint        height)
{
  gboolean resized;

  g_return_if_fail (SC_IS_PLANE_VIEW (self));
  g_return_if_fail (pixels != NULL);
  g_return_if_fail (g_bytes_get_size (pixels) >= (gsize) width * height * 4);
  g_return_if_fail (width > 0 && height > 0);

  resized = width != self->width || height != self->height;

  /* New pixels of the same size (a plane switch, a projection building up) keep showing
   * the last scaled copy until theirs is ready, instead of a blurred or empty frame. */
  cancel_scale (self);
  g_clear_pointer (&self->pixels, g_bytes_unref);
  if (resized)
    g_clear_object (&self->scaled);
  self->scaled_current = FALSE;

  self->pixels = g_bytes_ref (pixels);
  self->width = width;
  self->height = height;
  if (resized)
    {
      self->marker_x = self->marker_y = -1;
      sc_plane_view_zoom_to_fit (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sc_plane_view_clear (ScPlaneView *self)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  clear_image (self);
  self->width = self->height = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sc_plane_view_get_zoom (ScPlaneView *self)
{
  g_return_val_if_fail (SC_IS_PLANE_VIEW (self), 1.0);
  return self->zoom;
}

void
sc_plane_view_set_zoom (ScPlaneView *self,
                        double       zoom)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

gboolean
sc_plane_view_get_fit (ScPlaneView *self)
{
  g_return_val_if_fail (SC_IS_PLANE_VIEW (self), FALSE);
  return self->fit;
}

void
sc_plane_view_zoom_to_fit (ScPlaneView *self)
{
  double z;

  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  z = fit_zoom (self);
  if (!self->fit)
    {
      self->fit = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
    }
  if (z != self->zoom)
    {
      self->zoom = z;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  configure_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Steps go through powers of ZOOM_STEP but land on 1:1 on the way. */
void
sc_plane_view_zoom_in (ScPlaneView *self)
{
  double z;

  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  z = self->zoom * ZOOM_STEP;
  if (self->zoom < 1.0 && z > 1.0)
    z = 1.0;
  sc_plane_view_set_zoom (self, z);
}

void
sc_plane_view_zoom_out (ScPlaneView *self)
{
  double z;

  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  z = self->zoom / ZOOM_STEP;
  if (self->zoom > 1.0 && z < 1.0)
    z = 1.0;
  sc_plane_view_set_zoom (self, z);
}

gboolean
sc_plane_view_widget_to_image (ScPlaneView *self,
                               double       wx,
                               double       wy,
                               double      *ix,
                               double      *iy)
{
  double ox, oy, x, y;

  g_return_val_if_fail (SC_IS_PLANE_VIEW (self), FALSE);

  if (self->width == 0)
    return FALSE;

  get_origin (self, &ox, &oy);
  x = (wx - ox) / self->zoom;
  y = (wy - oy) / self->zoom;
  *ix = x;
  *iy = y;
  return x >= 0 && y >= 0 && x < self->width && y < self->height;
}

void
sc_plane_view_set_marker (ScPlaneView *self,
                          int          x,
                          int          y)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  if (self->marker_x == x && self->marker_y == y)
    return;
  self->marker_x = x;
  self->marker_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
