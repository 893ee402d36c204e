/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-plane-view"

#include "config.h"

#include <math.h>

#include "sc-plane-view-private.h"

/* Shows one plane of a page, painted from the page's display tiles: the widget only
 * paints; tiles are made by the core's workers (sc-display-tiles). */

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_FIT,
  PROP_TILES,
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
  POINT_DRAGGED,
  WHEEL_STEP,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE_WITH_CODE (ScPlaneView, sc_plane_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Tiles come one batch per main-loop iteration while the pool makes them; each frame
 * redraws the window (all of it with a software renderer), so tiles that come are shown
 * at most tiles_redraw_ms apart (TILES_REDRAW_MS unless set). */
#define TILES_REDRAW_MS 100

static gboolean
tiles_redraw_cb (gpointer data)
{
  ScPlaneView *self = data;

  self->tiles_redraw_source = 0;
  self->tiles_redraw_last = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
tiles_ready_cb (ScPlaneView *self)
{
  gint64 wait = self->tiles_redraw_last + (gint64) self->tiles_redraw_ms * 1000 -
                g_get_monotonic_time ();

  if (self->tiles_redraw_source != 0)
    return;
  if (wait <= 0)
    tiles_redraw_cb (self);
  else
    self->tiles_redraw_source = g_timeout_add ((guint) (wait / 1000) + 1, tiles_redraw_cb, self);
}

static void
disconnect_tiles (ScPlaneView *self)
{
  g_clear_handle_id (&self->tiles_redraw_source, g_source_remove);
  if (self->tiles == NULL)
    return;
  g_clear_signal_handler (&self->tiles_ready_id, self->tiles);
  g_clear_signal_handler (&self->view_notify_id, self->tiles);
  g_clear_object (&self->tiles);
}

static void
sc_plane_view_dispose (GObject *object)
{
  ScPlaneView *self = SC_PLANE_VIEW (object);

  disconnect_tiles (self);
  _sc_plane_view_clear_adjustments (self);

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
    case PROP_TILES:
      g_value_set_object (value, self->tiles);
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
    case PROP_TILES:
      sc_plane_view_set_tiles (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      _sc_plane_view_set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      _sc_plane_view_set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
append_marker (ScPlaneView *self,
               GtkSnapshot *snapshot,
               double       ox,
               double       oy)
{
  double cx = ox + (self->marker_x + 0.5) * _sc_plane_view_scale_x (self);
  double cy = oy + (self->marker_y + 0.5) * _sc_plane_view_scale_y (self);
  double r = MAX (self->zoom / 2, 1) + 5;
  GdkRGBA dark = { 0, 0, 0, 0.6 }, light = { 1, 0.85, 0.2, 1 };
  static const struct { double dx, dy; } arms[] = {
    { -1, 0 }, { 1, 0 }, { 0, -1 }, { 0, 1 }
  };

  for (guint i = 0; i < G_N_ELEMENTS (arms); i++)
    {
      double x0 = cx + arms[i].dx * r, y0 = cy + arms[i].dy * r;
      double x1 = cx + arms[i].dx * (r + 8), y1 = cy + arms[i].dy * (r + 8);
      graphene_rect_t line;

      graphene_rect_init (&line, MIN (x0, x1) - 1.5, MIN (y0, y1) - 1.5,
                          fabs (x1 - x0) + 3, fabs (y1 - y0) + 3);
      gtk_snapshot_append_color (snapshot, &dark, &line);
      graphene_rect_inset (&line, 1, 1);
      gtk_snapshot_append_color (snapshot, &light, &line);
    }
}

/* The crosshair of the orthogonal views: a thin line through the middle of the pixels at
 * cross_x (down the image) and cross_y (across it), over a darker edge so that it shows
 * on bright and dark data alike. */
static void
append_crosshair (ScPlaneView           *self,
                  GtkSnapshot           *snapshot,
                  const graphene_rect_t *image_rect)
{
  GdkRGBA dark = { 0, 0, 0, 0.45 }, light = { 1, 0.85, 0.2, 0.9 };
  double sx = _sc_plane_view_scale_x (self), sy = _sc_plane_view_scale_y (self);
  graphene_rect_t line;

  if (self->cross_x >= 0 && self->cross_x < self->width)
    {
      double x = round (image_rect->origin.x + (floor (self->cross_x) + 0.5) * sx);

      graphene_rect_init (&line, x - 1, image_rect->origin.y, 3, image_rect->size.height);
      gtk_snapshot_append_color (snapshot, &dark, &line);
      graphene_rect_init (&line, x, image_rect->origin.y, 1, image_rect->size.height);
      gtk_snapshot_append_color (snapshot, &light, &line);
    }
  if (self->cross_y >= 0 && self->cross_y < self->height)
    {
      double y = round (image_rect->origin.y + (floor (self->cross_y) + 0.5) * sy);

      graphene_rect_init (&line, image_rect->origin.x, y - 1, image_rect->size.width, 3);
      gtk_snapshot_append_color (snapshot, &dark, &line);
      graphene_rect_init (&line, image_rect->origin.x, y, image_rect->size.width, 1);
      gtk_snapshot_append_color (snapshot, &light, &line);
    }
}

/* Where the plane lies in the widget (image_rect) and the part of it on screen (visible);
 * FALSE when nothing of it is. */
static gboolean
get_visible_area (ScPlaneView     *self,
                  double          *ox,
                  double          *oy,
                  graphene_rect_t *image_rect,
                  graphene_rect_t *visible)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->width == 0 || self->height == 0 || w <= 0 || h <= 0)
    return FALSE;

  _sc_plane_view_get_origin (self, ox, oy);
  graphene_rect_init (image_rect, *ox, *oy, self->width * _sc_plane_view_scale_x (self),
                      self->height * _sc_plane_view_scale_y (self));
  return graphene_rect_intersection (image_rect, &GRAPHENE_RECT_INIT (0, 0, w, h), visible);
}

static void
sc_plane_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  ScPlaneView *self = SC_PLANE_VIEW (widget);
  double ox, oy;
  graphene_rect_t image_rect, visible;

  if (!get_visible_area (self, &ox, &oy, &image_rect, &visible))
    return;

  if (self->tiles != NULL)
    _sc_plane_view_snapshot_tiles (self, snapshot, &visible, ox, oy);

  if (self->marker_x >= 0 && self->marker_y >= 0 &&
      (guint) self->marker_x < self->width && (guint) self->marker_y < self->height)
    append_marker (self, snapshot, ox, oy);

  if (self->cross_x >= 0 || self->cross_y >= 0)
    {
      gtk_snapshot_push_clip (snapshot, &visible);
      append_crosshair (self, snapshot, &image_rect);
      gtk_snapshot_pop (snapshot);
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
      double z = _sc_plane_view_fit_zoom (self);

      if (z != self->zoom)
        {
          self->zoom = z;
          _sc_plane_view_notify_zoom (self);
        }
    }
  _sc_plane_view_configure_adjustments (self);

  /* The tiles this allocation shows are asked for now, not when the frame draws them: a
   * tile the workers make while the rest of the window is laid out and drawn is in this
   * frame already (sc_display_tiles_begin_frame()), and a new window's first frame holds
   * its plane. */
  sc_plane_view_request_tiles (self);
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
                         SC_PLANE_VIEW_MIN_ZOOM, SC_PLANE_VIEW_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT] =
    g_param_spec_boolean ("fit", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TILES] =
    g_param_spec_object ("tiles", NULL, NULL,
                         SC_TYPE_DISPLAY_TILES,
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
  /* With point-drag on, a press or a drag of the primary button over the image at image
   * coordinates (fractional) x, y, clamped to the image: the orthogonal views' crosshair. */
  signals[POINT_DRAGGED] =
    g_signal_new ("point-dragged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* The wheel over the image (without Ctrl) asked for @steps planes on, or back where
   * negative: slices, or frames where @frames (Shift); the owner moves the position. */
  signals[WHEEL_STEP] =
    g_signal_new ("wheel-step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "plane.zoom-in", NULL,
                                   _sc_plane_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "plane.zoom-out", NULL,
                                   _sc_plane_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "plane.zoom-fit", NULL,
                                   _sc_plane_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "plane.zoom-1-1", NULL,
                                   _sc_plane_view_zoom_action);

  /* Plain keys only while the plane has the focus, so that they never reach a text field. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "plane.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "plane.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "plane.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "plane.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "plane.zoom-out",
                                       NULL);
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
  self->zoom = 1.0;
  self->aspect_x = self->aspect_y = 1.0;
  self->cross_x = self->cross_y = -1;
  self->fit = TRUE;
  self->marker_x = self->marker_y = -1;
  self->drawn_level = -1;
  self->tiles_redraw_ms = TILES_REDRAW_MS;
  _sc_plane_view_set_adjustment (self, &self->hadjustment, NULL);
  _sc_plane_view_set_adjustment (self, &self->vadjustment, NULL);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  _sc_plane_view_init_input (self);
}

void
_sc_plane_view_notify_zoom (ScPlaneView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
_sc_plane_view_notify_fit (ScPlaneView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
}

void
_sc_plane_view_emit_pointer_moved (ScPlaneView *self,
                                   double       ix,
                                   double       iy)
{
  g_signal_emit (self, signals[POINTER_MOVED], 0, ix, iy);
}

void
_sc_plane_view_emit_pixel_activated (ScPlaneView *self,
                                     guint        x,
                                     guint        y)
{
  g_signal_emit (self, signals[PIXEL_ACTIVATED], 0, x, y);
}

void
_sc_plane_view_emit_point_dragged (ScPlaneView *self,
                                   double       ix,
                                   double       iy)
{
  g_signal_emit (self, signals[POINT_DRAGGED], 0, ix, iy);
}

void
_sc_plane_view_emit_wheel_step (ScPlaneView *self,
                                gboolean     frames,
                                int          steps)
{
  g_signal_emit (self, signals[WHEEL_STEP], 0, frames, steps);
}

void
_sc_plane_view_image_resized (ScPlaneView *self)
{
  self->marker_x = self->marker_y = -1;
  sc_plane_view_zoom_to_fit (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GtkWidget *
sc_plane_view_new (void)
{
  return g_object_new (SC_TYPE_PLANE_VIEW, NULL);
}

/* The view's size comes from the tiles' view; a new view of the same size (another plane,
 * a new range, a partial result) only repaints, from stand-ins until its tiles are made. */
static void
update_from_view (ScPlaneView *self)
{
  ScViewSnapshot *view = self->tiles ? sc_display_tiles_get_view (self->tiles) : NULL;
  guint width = view ? sc_view_snapshot_get_width (view) : 0;
  guint height = view ? sc_view_snapshot_get_height (view) : 0;

  if (width != self->width || height != self->height)
    {
      self->width = width;
      self->height = height;
      _sc_plane_view_image_resized (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sc_plane_view_set_tiles (ScPlaneView    *self,
                         ScDisplayTiles *tiles)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));
  g_return_if_fail (tiles == NULL || SC_IS_DISPLAY_TILES (tiles));

  if (tiles == self->tiles)
    return;

  disconnect_tiles (self);
  if (tiles != NULL)
    {
      self->tiles = g_object_ref (tiles);
      self->tiles_ready_id = g_signal_connect_swapped (tiles, "tiles-ready",
                                                       G_CALLBACK (tiles_ready_cb), self);
      self->view_notify_id = g_signal_connect_swapped (tiles, "notify::view",
                                                       G_CALLBACK (update_from_view), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TILES]);
  self->drawn_level = -1;
  update_from_view (self);
}

void
sc_plane_view_request_tiles (ScPlaneView *self)
{
  double ox, oy;
  graphene_rect_t image_rect, visible;

  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  if (self->tiles != NULL && get_visible_area (self, &ox, &oy, &image_rect, &visible))
    _sc_plane_view_request_tiles (self, &visible, ox, oy);
}

void
sc_plane_view_set_tiles_redraw_interval (ScPlaneView *self,
                                         guint        ms)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  self->tiles_redraw_ms = ms;
}

ScDisplayTiles *
sc_plane_view_get_tiles (ScPlaneView *self)
{
  g_return_val_if_fail (SC_IS_PLANE_VIEW (self), NULL);

  return self->tiles;
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

int
sc_plane_view_get_level (ScPlaneView *self)
{
  g_return_val_if_fail (SC_IS_PLANE_VIEW (self), -1);

  return self->drawn_level;
}

void
sc_plane_view_set_crosshair (ScPlaneView *self,
                             double       x,
                             double       y)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  if (self->cross_x == x && self->cross_y == y)
    return;
  self->cross_x = x;
  self->cross_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sc_plane_view_set_point_drag (ScPlaneView *self,
                              gboolean     point_drag)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  self->point_drag = !!point_drag;
}

void
sc_plane_view_set_smooth (ScPlaneView *self,
                          gboolean     smooth)
{
  g_return_if_fail (SC_IS_PLANE_VIEW (self));

  if (self->smooth == !!smooth)
    return;
  self->smooth = !!smooth;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
