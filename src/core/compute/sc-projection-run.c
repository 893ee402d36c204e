/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-parallel.h"
#include "sc-projection-private.h"

/* run() and run_async(): every remaining step, each reported with its progress and,
 * where a partial function is set, now and then the result so far. */

typedef struct {
  ScProjection *self;
  GMainContext *context;            /* where to report; NULL: on the running thread */
  gint64        last_partial;       /* monotonic time of the last partial result */
  gint          partial_in_flight;  /* atomic: a partial is on its way to context */
} Reporter;

typedef struct {
  ScProjection *self;
  double        fraction;
  ScStack      *partial;
  gint         *partial_in_flight;
} ProgressReport;

static void
deliver (ScProjection *self,
         double        fraction,
         ScStack      *partial)
{
  if (partial != NULL && self->partial_func != NULL)
    self->partial_func (partial, fraction, self->partial_data);
  if (self->progress_func != NULL)
    self->progress_func (fraction, self->progress_data);
}

static gboolean
report_progress (gpointer data)
{
  ProgressReport *report = data;

  deliver (report->self, report->fraction, report->partial);
  if (report->partial != NULL)
    g_atomic_int_set (report->partial_in_flight, 0);
  return G_SOURCE_REMOVE;
}

static void
free_report (gpointer data)
{
  ProgressReport *report = data;

  g_clear_object (&report->partial);
  g_object_unref (report->self);
  g_free (report);
}

/* The result so far when one is wanted after this step: a partial function is set, the
 * interval has passed, the run is not done, and (run_async) the last one has arrived. */
static ScStack *
maybe_partial (Reporter *r,
               double    fraction)
{
  ScProjection *self = r->self;
  gint64 now;

  if (self->partial_func == NULL || fraction >= 1.0)
    return NULL;
  now = g_get_monotonic_time ();
  if (now - r->last_partial < (gint64) self->partial_interval_ms * 1000)
    return NULL;
  if (r->context != NULL && !g_atomic_int_compare_and_exchange (&r->partial_in_flight, 0, 1))
    return NULL;
  r->last_partial = now;
  return sc_projection_get_partial (self);
}

static void
report (Reporter *r,
        double    fraction)
{
  ScStack *partial = maybe_partial (r, fraction);
  ProgressReport *report;
  GSource *source;

  if (r->context == NULL)
    {
      deliver (r->self, fraction, partial);
      g_clear_object (&partial);
      return;
    }

  /* From the worker to the caller's main context, in order, before the end. */
  report = g_new0 (ProgressReport, 1);
  report->self = g_object_ref (r->self);
  report->fraction = fraction;
  report->partial = partial;
  report->partial_in_flight = &r->partial_in_flight;
  source = g_idle_source_new ();
  /* An idle source rather than g_main_context_invoke(), which would call back on this
   * thread whenever the context happens to be free. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, report_progress, report, free_report);
  g_source_set_static_name (source, "[sc-projection] progress");
  g_source_attach (source, r->context);
  g_source_unref (source);
}

/* The one loop of run() and run_async(). */
static ScStack *
run_steps (Reporter      *r,
           GCancellable  *cancellable,
           GError       **error)
{
  double fraction = 0;

  r->last_partial = g_get_monotonic_time ();
  while (fraction < 1.0)
    {
      fraction = sc_projection_step (r->self, cancellable, error);
      if (fraction < 0)
        return NULL;
      report (r, fraction);
    }
  return sc_projection_get_result (r->self);
}

ScStack *
sc_projection_run (ScProjection  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Reporter r = { self, NULL, 0, 0 };

  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);

  return run_steps (&r, cancellable, error);
}

/* One run_async(). Its thread is its own, not one of GLib's shared GTask pool, whose
 * threads outlive the run: holding the last reference to the task after the callback
 * (so its error or result and the projection were finalized there, progress_destroy
 * included), and keeping GLib's per-thread slice cache that the run's first allocation
 * made (when that was a cancellation error, LeakSanitizer reported the cache as leaked
 * from it). Nor is it a background job of the persistent pool: a run lasts, and would
 * hold one of the pool's threads from the display's tiles the whole time. Its steps'
 * work items run on the pool. The main context joins the thread before it completes the
 * task: when the callback runs, nothing of the run is left on another thread. */
typedef struct {
  GTask    *task;
  GThread  *thread;
  Reporter  reporter;
  ScStack  *result;
  GError   *error;
} AsyncRun;

static gboolean
finish_run (gpointer data)
{
  AsyncRun *run = data;

  /* Queued as the worker's last act: it is ending, if not gone. */
  g_thread_join (run->thread);
  if (run->error != NULL)
    g_task_return_error (run->task, g_steal_pointer (&run->error));
  else
    g_task_return_pointer (run->task, g_steal_pointer (&run->result), g_object_unref);
  g_object_unref (run->task);
  g_free (run);
  return G_SOURCE_REMOVE;
}

static gpointer
run_worker (gpointer data)
{
  AsyncRun *run = data;
  GMainContext *context = g_task_get_context (run->task);
  GSource *source;

  sc_parallel_lower_thread ();
  /* Its own handle, so that finish_run() need not wait for run_async() to store one. */
  run->thread = g_thread_ref (g_thread_self ());
  run->reporter.self = g_task_get_source_object (run->task);
  run->reporter.context = context;
  run->result = run_steps (&run->reporter, g_task_get_cancellable (run->task), &run->error);
  /* After the progress reports, at the same priority, so after the last of them. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, finish_run, run, NULL);
  g_source_set_static_name (source, "[sc-projection] finish");
  g_source_attach (source, context);
  g_source_unref (source);
  return NULL;
}

void
sc_projection_run_async (ScProjection        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AsyncRun *run;
  GThread *thread;

  g_return_if_fail (SC_IS_PROJECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_projection_run_async);
  run = g_new0 (AsyncRun, 1);
  run->task = g_object_ref (task);
  thread = g_thread_try_new ("sc-projection", run_worker, run, &error);
  if (thread == NULL)
    {
      g_object_unref (run->task);
      g_free (run);
      g_task_return_new_error (task, SC_ERROR, SC_ERROR_IO,
                               _("Cannot start the projection: %s"), error->message);
      return;
    }
  g_thread_unref (thread);
}

ScStack *
sc_projection_run_finish (ScProjection  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SC_IS_PROJECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
