/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* sc-display-tiles.h; declared here only, so that including this header does not pull in
 * the core's view state. */
typedef struct _ScDisplayTiles ScDisplayTiles;

#define SC_TYPE_PLANE_VIEW (sc_plane_view_get_type ())
G_DECLARE_FINAL_TYPE (ScPlaneView, sc_plane_view, SC, PLANE_VIEW, GtkWidget)

GtkWidget      *sc_plane_view_new             (void);
/* Shows the view of tiles (its "view" gives the image and its size) and paints only the
 * visible tiles from it; NULL shows nothing. */
void            sc_plane_view_set_tiles       (ScPlaneView    *self,
                                               ScDisplayTiles *tiles);
ScDisplayTiles *sc_plane_view_get_tiles       (ScPlaneView    *self);
/* Tiles that become ready are drawn at most ms apart (default 100; a page sets 0, or more
 * while a projection builds up in it and its data keep changing). */
void            sc_plane_view_set_tiles_redraw_interval (ScPlaneView *self,
                                                         guint        ms);
/* Asks for the tiles the next frame will draw, now, so that the workers make them while
 * the main loop gets to that frame (called on a new view of the tiles, and by each
 * allocation). */
void            sc_plane_view_request_tiles   (ScPlaneView    *self);
double          sc_plane_view_get_zoom        (ScPlaneView    *self);
void            sc_plane_view_set_zoom        (ScPlaneView    *self,
                                               double          zoom);
void            sc_plane_view_zoom_to_fit     (ScPlaneView    *self);
void            sc_plane_view_zoom_in         (ScPlaneView    *self);
void            sc_plane_view_zoom_out        (ScPlaneView    *self);
/* Image coordinates of a widget point; FALSE when it is outside the image. */
gboolean        sc_plane_view_widget_to_image (ScPlaneView    *self,
                                               double          wx,
                                               double          wy,
                                               double         *ix,
                                               double         *iy);
/* Shows a cross-hair on the pixel whose profile is plotted; x < 0 hides it. */
void            sc_plane_view_set_marker      (ScPlaneView    *self,
                                               int             x,
                                               int             y);
/* How wide and tall an image pixel is drawn, relative to the zoom (1 x 1 by default):
 * the orthogonal views of a calibrated stack draw each slice as thick as its z step. */
void            sc_plane_view_set_pixel_aspect (ScPlaneView   *self,
                                               double          aspect_x,
                                               double          aspect_y);
void            sc_plane_view_get_pixel_aspect (ScPlaneView   *self,
                                               double         *aspect_x,
                                               double         *aspect_y);
/* Sets the zoom without moving the scroll position, and from then on neither zooms on
 * its own (Ctrl+wheel, pinch, keys) nor fits: a view whose zoom follows another's. */
void            sc_plane_view_follow_zoom     (ScPlaneView    *self,
                                               double          zoom);
/* Lines across the whole image through column x and row y (image pixels); a negative
 * coordinate leaves its line out. */
void            sc_plane_view_set_crosshair   (ScPlaneView    *self,
                                               double          x,
                                               double          y);
/* A press or drag of the primary button emits "point-dragged" (image x, y) instead of
 * panning; the other buttons still pan. */
void            sc_plane_view_set_point_drag  (ScPlaneView    *self,
                                               gboolean        point_drag);
/* Zoomed in, pixels are drawn as sharp squares (nearest, the default) or smoothed
 * (bilinear). */
void            sc_plane_view_set_smooth      (ScPlaneView    *self,
                                               gboolean        smooth);
/* The pyramid level the last frame drew from the tiles (level L is the image shrunk by
 * 2^L), -1 before the first: for tests and benchmarks. */
int             sc_plane_view_get_level       (ScPlaneView    *self);

G_END_DECLS
