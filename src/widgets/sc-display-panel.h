/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-view-state.h"

G_BEGIN_DECLS

#define SC_TYPE_DISPLAY_PANEL (sc_display_panel_get_type ())
G_DECLARE_FINAL_TYPE (ScDisplayPanel, sc_display_panel, SC, DISPLAY_PANEL, GtkWidget)

/* The display controls of one view state: the channel shown and composite mode, the
 * channels a composite shows (a check button each, ScChannelList), and the current
 * channel's colormap, log scale, range (histogram, colour bar, Min and Max) and gamma,
 * with Auto and Reset. Reset, Auto, a drag of the histogram's handles and choosing the
 * Labels colormap (which also takes the data's range) are one user action each
 * (sc_view_state_begin_user_action()), to undo at once. Property "view-state" (nullable, settable at any time)
 * is the view state they show and change.
 *
 * The panel requests its histograms itself, off the main loop: the plane shown, and
 * every plane of the channel once "Stack" is chosen (kept while the view state's stack
 * is the same; a new version of the stack, see sc_view_state_set_stack(), drops them).
 *
 * Its Auto and Reset buttons activate the panel's own actions "display.auto-contrast"
 * and "display.reset-range" (enabled while a view state is bound). A window that
 * offers the same with accelerators (win.auto-contrast, win.reset-range) calls
 * sc_display_panel_auto_contrast() and sc_display_panel_reset_range().
 *
 * Signal "error" (GError): the histogram of a whole channel could not be read; without
 * a handler it goes to the log.
 *
 * With a single-channel stack, the colormap and log scale the user picks are
 * remembered in GSettings ("colormap", "log-scale") where the app's schema is
 * installed. */
GtkWidget   *sc_display_panel_new            (void);
ScViewState *sc_display_panel_get_view_state (ScDisplayPanel *self);
void         sc_display_panel_set_view_state (ScDisplayPanel *self,
                                              ScViewState    *view_state);
/* The range that leaves 0.35 % of the histogram shown saturated (applied as soon as the
 * plane's histogram is ready, when it is not yet). */
void         sc_display_panel_auto_contrast  (ScDisplayPanel *self);
/* The full range of an integer type (the plane's data range for other types), gamma
 * 1 and a linear scale. */
void         sc_display_panel_reset_range    (ScDisplayPanel *self);
/* Flips the log scale of the channel shown, as the Log button does (win.toggle-log, L). */
void         sc_display_panel_toggle_log     (ScDisplayPanel *self);
/* The histogram shown (the plane's or the channel's), or NULL while none is ready. */
const ScHistogram *sc_display_panel_get_histogram (ScDisplayPanel *self);

G_END_DECLS
