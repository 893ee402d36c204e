/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sc-projection-task.h"

G_BEGIN_DECLS

/* A window's projections: one runs, the others wait their turn. Each fills a result page
 * of its own, shown as the source view state shows its stack when the projection starts.
 *
 * Signals:
 *   "started" (ScProjectionTask *task): task runs; its page exists now.
 *   "finished" (ScProjectionTask *task, GError *error): task ended; error is NULL when its
 *              result is on its page, G_IO_ERROR_CANCELLED when it was cancelled. A task
 *              that cannot start finishes with its error and no "started".
 * Property "running" (read-only): a projection runs. */

#define SC_TYPE_PROJECTION_QUEUE (sc_projection_queue_get_type ())
G_DECLARE_FINAL_TYPE (ScProjectionQueue, sc_projection_queue, SC, PROJECTION_QUEUE, GObject)

ScProjectionQueue *sc_projection_queue_new         (void);
/* The view state results are made from (the stack's own page's); NULL: none start. */
void               sc_projection_queue_set_source  (ScProjectionQueue *self,
                                                    ScViewState       *source);
/* Starts task now, or after those before it: TRUE when it started at once. */
gboolean           sc_projection_queue_add         (ScProjectionQueue *self,
                                                    ScProjectionTask  *task);
ScProjectionTask  *sc_projection_queue_get_running (ScProjectionQueue *self);
gboolean           sc_projection_queue_get_is_running (ScProjectionQueue *self);
/* Drops the waiting ones and cancels the one that runs; it finishes when it has stopped,
 * or at once with forget (its page is let go by the caller). */
void               sc_projection_queue_cancel      (ScProjectionQueue *self,
                                                    gboolean           forget);
/* Cancels the one that runs, which finishes when it has stopped; those waiting start after
 * it, in turn. */
void               sc_projection_queue_stop_running (ScProjectionQueue *self);
/* Projections added that have not started yet. */
guint              sc_projection_queue_get_n_waiting (ScProjectionQueue *self);

G_END_DECLS
