/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-view-state.h"

G_BEGIN_DECLS

/* A check button for each channel of a view state, as Fiji's Channels Tool has: which
 * channels a composite shows (sc_view_state_get_visible()). Each names its channel as
 * the file does ("1: DAPI", else "Channel 1") beside a swatch of its colours. At least
 * one channel stays shown: the last one shown cannot be unchecked. The buttons act
 * while the view is a composite, and the list is empty for a single channel or RGB.
 *
 * Property "view-state" (nullable). */

#define SC_TYPE_CHANNEL_LIST (sc_channel_list_get_type ())
G_DECLARE_FINAL_TYPE (ScChannelList, sc_channel_list, SC, CHANNEL_LIST, GtkWidget)

GtkWidget   *sc_channel_list_new            (void);
ScViewState *sc_channel_list_get_view_state (ScChannelList *self);
void         sc_channel_list_set_view_state (ScChannelList *self,
                                             ScViewState   *view_state);
/* How the viewer names channel c of stack: "1: DAPI" where the file names it, else
 * "Channel 1". Free with g_free(). */
char        *sc_channel_list_describe       (ScStack       *stack,
                                             guint          c);

G_END_DECLS
