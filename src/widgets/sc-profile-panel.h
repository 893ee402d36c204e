/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-view-state.h"

G_BEGIN_DECLS

#define SC_TYPE_PROFILE_PANEL (sc_profile_panel_get_type ())
G_DECLARE_FINAL_TYPE (ScProfilePanel, sc_profile_panel, SC, PROFILE_PANEL, GtkWidget)

/* The profile of one pixel through the stack of a view state ("view-state", nullable,
 * settable at any time): along Z, or along T for a time series of single planes, of the
 * channel shown, read off the main loop. It follows the channel and the slice or frame
 * shown, and hides itself for a stack of one plane per channel. */
GtkWidget   *sc_profile_panel_new            (void);
ScViewState *sc_profile_panel_get_view_state (ScProfilePanel *self);
void         sc_profile_panel_set_view_state (ScProfilePanel *self,
                                              ScViewState    *view_state);
/* Plots pixel (x, y) of the image; x < 0 clears the plot. */
void         sc_profile_panel_show_pixel     (ScProfilePanel *self,
                                              int             x,
                                              int             y);
/* The pixel plotted, FALSE while none. */
gboolean     sc_profile_panel_get_pixel      (ScProfilePanel *self,
                                              guint          *x,
                                              guint          *y);

G_END_DECLS
