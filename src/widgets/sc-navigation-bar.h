/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-slab-controls.h"
#include "sc-view-state.h"

G_BEGIN_DECLS

#define SC_TYPE_NAVIGATION_BAR (sc_navigation_bar_get_type ())
G_DECLARE_FINAL_TYPE (ScNavigationBar, sc_navigation_bar, SC, NAVIGATION_BAR, GtkWidget)

/* The Z and T sliders of one view state ("view-state", nullable, settable at any time)
 * with their labels ("z 17/32 · 8.00 µm"), and playback: "playing" steps through time
 * (a time series) or Z (a Z stack) "rate" times a second. The play button activates the
 * bar's action "navigation.toggle-play"; a window's own play action (Space) calls
 * sc_navigation_bar_toggle_play(). The bar shows only the sliders the stack needs, and
 * hides itself for a stack of one plane per channel. Binding another view state stops
 * playback. */
GtkWidget   *sc_navigation_bar_new            (void);
ScViewState *sc_navigation_bar_get_view_state (ScNavigationBar *self);
/* The live slab's controls beside the Z slider, which the window binds to the page's. */
ScSlabControls *sc_navigation_bar_get_slab_controls (ScNavigationBar *self);
void         sc_navigation_bar_set_view_state (ScNavigationBar *self,
                                               ScViewState     *view_state);
gboolean     sc_navigation_bar_get_playing    (ScNavigationBar *self);
/* Playback needs a view state of more than one plane per channel. */
void         sc_navigation_bar_set_playing    (ScNavigationBar *self,
                                               gboolean         playing);
void         sc_navigation_bar_toggle_play    (ScNavigationBar *self);
/* Planes per second, 0.5 to 60. */
double       sc_navigation_bar_get_rate       (ScNavigationBar *self);
void         sc_navigation_bar_set_rate       (ScNavigationBar *self,
                                               double           rate);

G_END_DECLS
