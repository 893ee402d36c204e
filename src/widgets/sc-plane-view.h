/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_PLANE_VIEW (sc_plane_view_get_type ())
G_DECLARE_FINAL_TYPE (ScPlaneView, sc_plane_view, SC, PLANE_VIEW, GtkWidget)

GtkWidget *sc_plane_view_new            (void);
/* pixels: width * height guint32 0xAARRGGBB in native order (what sc-render makes). */
void       sc_plane_view_set_image      (ScPlaneView *self,
                                         GBytes      *pixels,
                                         guint        width,
                                         guint        height);
void       sc_plane_view_clear          (ScPlaneView *self);
double     sc_plane_view_get_zoom       (ScPlaneView *self);
void       sc_plane_view_set_zoom       (ScPlaneView *self,
                                         double       zoom);
gboolean   sc_plane_view_get_fit        (ScPlaneView *self);
void       sc_plane_view_zoom_to_fit    (ScPlaneView *self);
void       sc_plane_view_zoom_in        (ScPlaneView *self);
void       sc_plane_view_zoom_out       (ScPlaneView *self);
/* Image coordinates of a widget point; FALSE when it is outside the image. */
gboolean   sc_plane_view_widget_to_image (ScPlaneView *self,
                                          double       wx,
                                          double       wy,
                                          double      *ix,
                                          double      *iy);
/* Shows a cross-hair on the pixel whose profile is plotted; x < 0 hides it. */
void       sc_plane_view_set_marker     (ScPlaneView *self,
                                         int          x,
                                         int          y);

G_END_DECLS
