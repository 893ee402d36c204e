/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sc-view-state.h"

G_BEGIN_DECLS

/* Undo and redo over how a view state shows its stack: the edits it reports ("edited":
 * range, gamma, log scale, colormap or LUT, channel visibility, composite), never the
 * position, the zoom, or automatic ranges. Main thread only.
 *
 * One undo step is one user action (the edits between the view state's
 * "begin-user-action" and "end-user-action": a drag of the histogram's handles, Reset),
 * or a run of edits of one channel's range or of its gamma less than the merge time apart
 * (the steps of a spin button held down, a gamma slider dragged). Any other edit is a step
 * of its own. An undo puts back what the step changed, and only that: an automatic range
 * set since, or another channel, stays. An edit after an undo drops what could be redone.
 *
 * Properties: "view-state" (nullable; a new one drops every step), "can-undo",
 * "can-redo" (read-only). */

#define SC_TYPE_VIEW_HISTORY (sc_view_history_get_type ())
G_DECLARE_FINAL_TYPE (ScViewHistory, sc_view_history, SC, VIEW_HISTORY, GObject)

/* Edits of a range or a gamma merge while they come less than this apart (ms). */
#define SC_VIEW_HISTORY_MERGE_MS 1000
/* The oldest steps go beyond this many. */
#define SC_VIEW_HISTORY_MAX_STEPS 200

ScViewHistory *sc_view_history_new            (ScViewState   *view_state);
ScViewState   *sc_view_history_get_view_state (ScViewHistory *self);
void           sc_view_history_set_view_state (ScViewHistory *self,
                                               ScViewState   *view_state);
gboolean       sc_view_history_get_can_undo   (ScViewHistory *self);
gboolean       sc_view_history_get_can_redo   (ScViewHistory *self);
/* Take back the last step, or make it again; FALSE (and nothing changes) where there is
 * none. */
gboolean       sc_view_history_undo           (ScViewHistory *self);
gboolean       sc_view_history_redo           (ScViewHistory *self);
/* Forgets every step. */
void           sc_view_history_clear          (ScViewHistory *self);
/* How close edits of a range or gamma must come to merge (ms; 0: never). */
void           sc_view_history_set_merge_time (ScViewHistory *self,
                                               guint          ms);
guint          sc_view_history_get_n_steps    (ScViewHistory *self);

G_END_DECLS
