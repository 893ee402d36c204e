/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-page.h"
#include "sc-projection.h"

G_BEGIN_DECLS

/* One projection run for the viewer: sc_projection_run_async() filling a result page.
 * Its progress and, spaced so that they never crowd the steps, its partial results reach
 * the page on the main loop; the page renders and histograms them in the background.
 *
 * Properties: "projection", "title", "page" (the result page, once running), "progress"
 * (0..1), "progress-text" (the percentage and the time left, or NULL). */

#define SC_TYPE_PROJECTION_TASK (sc_projection_task_get_type ())
G_DECLARE_FINAL_TYPE (ScProjectionTask, sc_projection_task, SC, PROJECTION_TASK, GObject)

ScProjectionTask *sc_projection_task_new           (ScProjection      *projection,
                                                    const char        *title);
/* The view of the stack it projects, whose display its result takes (its LUTs, ranges);
 * NULL: the queue's source. */
void              sc_projection_task_set_source    (ScProjectionTask  *self,
                                                    ScViewState       *source);
ScViewState      *sc_projection_task_get_source    (ScProjectionTask  *self);
ScProjection     *sc_projection_task_get_projection (ScProjectionTask *self);
const char       *sc_projection_task_get_title     (ScProjectionTask  *self);
ScPage           *sc_projection_task_get_page      (ScProjectionTask  *self);
double            sc_projection_task_get_progress  (ScProjectionTask  *self);
const char       *sc_projection_task_get_progress_text (ScProjectionTask *self);
/* Checks the options and makes the result page, shown as from shows its stack. */
gboolean          sc_projection_task_prepare       (ScProjectionTask  *self,
                                                    ScViewState       *from,
                                                    GError           **error);
/* Runs it once prepared; the callback comes after the final result is on the page. */
void              sc_projection_task_run_async     (ScProjectionTask  *self,
                                                    GCancellable      *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer           user_data);
gboolean          sc_projection_task_run_finish    (ScProjectionTask  *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

G_END_DECLS
