/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The layout of the orthogonal views, as Fiji, napari and Imaris dock them: the main
 * (XY) view with the XZ pane below it and the YZ pane to its right, the XZ pane as wide
 * as the main view and the YZ pane as tall, so that their columns and rows line up.
 * Inactive, the main view takes all the space and the panes are hidden. */

#define SC_TYPE_ORTHO_VIEW (sc_ortho_view_get_type ())
G_DECLARE_FINAL_TYPE (ScOrthoView, sc_ortho_view, SC, ORTHO_VIEW, GtkWidget)

GtkWidget *sc_ortho_view_new          (GtkWidget   *main_view,
                                       GtkWidget   *xz_pane,
                                       GtkWidget   *yz_pane);
gboolean   sc_ortho_view_get_active   (ScOrthoView *self);
void       sc_ortho_view_set_active   (ScOrthoView *self,
                                       gboolean     active);
/* The size the panes' data asks for (the XZ pane's height, the YZ pane's width, in
 * pixels at the current zoom); each gets at most a third of the space. */
void       sc_ortho_view_set_extents  (ScOrthoView *self,
                                       double       xz_height,
                                       double       yz_width);

G_END_DECLS
