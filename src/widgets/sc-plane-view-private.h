/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-display-tiles.h"
#include "sc-plane-view.h"

G_BEGIN_DECLS

#define SC_PLANE_VIEW_MIN_ZOOM 0.01
#define SC_PLANE_VIEW_MAX_ZOOM 64.0
#define SC_PLANE_VIEW_ZOOM_STEP 1.25

/* The widget is one struct shared by one file per concern, as Loupe's image widget is:
 * sc-plane-view.c (the object, the API, painting), -tiles.c (tiles to render nodes),
 * -scrollable.c, -zoom.c and -input.c. */
struct _ScPlaneView
{
  GtkWidget           parent_instance;

  GtkAdjustment      *hadjustment;
  GtkAdjustment      *vadjustment;
  guint               hscroll_policy : 1;
  guint               vscroll_policy : 1;
  guint               fit : 1;
  guint               dragging : 1;

  ScDisplayTiles     *tiles;
  gulong              tiles_ready_id;
  gulong              view_notify_id;
  guint               tiles_redraw_source;  /* a redraw for tiles that came, waiting */
  gint64              tiles_redraw_last;
  guint               tiles_redraw_ms;

  /* The image's size, from the tiles' view. 0 x 0 shows nothing. */
  guint               width;
  guint               height;

  /* The level the last frame asked for, for tests and benchmarks. */
  int                 drawn_level;

  double              zoom;
  /* screen pixels of an image pixel across and down, per zoom unit (1 x 1 but for the
   * orthogonal views of a calibrated stack, whose slices are as thick as the z step) */
  double              aspect_x;
  double              aspect_y;
  guint               zoom_locked : 1;    /* the zoom follows another view's */
  guint               point_drag : 1;     /* a primary drag moves a point, not the image */
  guint               smooth : 1;         /* bilinear also when zoomed in */
  double              cross_x;            /* the crosshair's lines; < 0: none */
  double              cross_y;
  int                 marker_x;
  int                 marker_y;

  double              drag_start_h;
  double              drag_start_v;
  double              gesture_start_zoom;
  double              pointer_x;
  double              pointer_y;
  double              wheel_delta;  /* a touchpad's scrolling, not yet a whole plane */
  gboolean            wheel_frames;
};

/* Screen pixels per image pixel across (x) and down (y). */
static inline double
_sc_plane_view_scale_x (ScPlaneView *self)
{
  return self->zoom * self->aspect_x;
}

static inline double
_sc_plane_view_scale_y (ScPlaneView *self)
{
  return self->zoom * self->aspect_y;
}

/* sc-plane-view.c */
void     _sc_plane_view_notify_zoom         (ScPlaneView *self);
void     _sc_plane_view_notify_fit          (ScPlaneView *self);
void     _sc_plane_view_emit_pointer_moved  (ScPlaneView *self,
                                             double       ix,
                                             double       iy);
void     _sc_plane_view_emit_pixel_activated (ScPlaneView *self,
                                              guint        x,
                                              guint        y);
void     _sc_plane_view_emit_point_dragged (ScPlaneView *self,
                                            double       ix,
                                            double       iy);
void     _sc_plane_view_emit_wheel_step    (ScPlaneView *self,
                                             gboolean     frames,
                                             int          steps);
/* The image size changed: forget the marker, fit the new image. */
void     _sc_plane_view_image_resized       (ScPlaneView *self);

/* sc-plane-view-scrollable.c */
void     _sc_plane_view_get_origin          (ScPlaneView *self,
                                             double      *ox,
                                             double      *oy);
void     _sc_plane_view_configure_adjustments (ScPlaneView *self);
void     _sc_plane_view_set_adjustment      (ScPlaneView    *self,
                                             GtkAdjustment **slot,
                                             GtkAdjustment  *adjustment);
void     _sc_plane_view_clear_adjustments   (ScPlaneView *self);

/* sc-plane-view-input.c: the wheel's scrolling in planes, and adding it up */
double   _sc_plane_view_wheel_planes        (GdkScrollUnit unit,
                                             double        delta);
void     _sc_plane_view_add_wheel           (ScPlaneView *self,
                                             gboolean     frames,
                                             double       planes);

/* sc-plane-view-zoom.c */
double   _sc_plane_view_fit_zoom            (ScPlaneView *self);
void     _sc_plane_view_zoom_at             (ScPlaneView *self,
                                             double       zoom,
                                             double       wx,
                                             double       wy);
void     _sc_plane_view_zoom_action         (GtkWidget   *widget,
                                             const char  *action_name,
                                             GVariant    *param);

/* sc-plane-view-input.c */
void     _sc_plane_view_init_input          (ScPlaneView *self);

/* sc-plane-view-tiles.c: paints the visible tiles; visible is the part of the widget the
 * image covers, (ox, oy) the image's top-left corner, both in widget coordinates. */
/* Asks for the tiles that _sc_plane_view_snapshot_tiles() would draw, drawing nothing. */
void     _sc_plane_view_request_tiles       (ScPlaneView           *self,
                                             const graphene_rect_t *visible,
                                             double                 ox,
                                             double                 oy);
void     _sc_plane_view_snapshot_tiles      (ScPlaneView           *self,
                                             GtkSnapshot           *snapshot,
                                             const graphene_rect_t *visible,
                                             double                 ox,
                                             double                 oy);
guint    _sc_plane_view_level_for_zoom      (double       zoom,
                                             int          scale_factor);

G_END_DECLS
