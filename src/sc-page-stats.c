/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-page-private.h"
#include "sc-parallel.h"
#include "sc-stack-stats.h"

/* The histograms of the planes a page shows, made off the main loop, whose automatic
 * ranges a new stack and a growing result take before their tiles are made. "Latest
 * wins": while one read runs, newer requests only wait, and a read for a view left
 * meanwhile is dropped, so fast scrolling never piles up work. */

static guint64
current_key (ScPage *self)
{
  ScViewState *vs = self->view_state;
  guint64 key = (guint64) GPOINTER_TO_SIZE (self->stack);
  gboolean composite = sc_view_state_get_composite (vs);

  key = key * 1000003 ^ sc_view_state_get_slice (vs);
  key = key * 1000003 ^ sc_view_state_get_frame (vs);
  key = key * 1000003 ^ (composite ? 0x100000 : sc_view_state_get_channel (vs) + 1);
  for (guint c = 0; composite && c < self->n_channels; c++)
    key = key * 3 + (sc_view_state_get_visible (vs, c) ? 1 : 2);
  return key;
}

static gboolean
channel_shown (ScPage *self,
               guint   c)
{
  ScViewState *vs = self->view_state;

  if (sc_view_state_get_composite (vs))
    return sc_view_state_get_visible (vs, c);
  return c == sc_view_state_get_channel (vs);
}

/* Whether every channel shown has its display range already (from the file, or set by
 * hand), so that its tiles need not wait for the plane's histogram. A range that follows
 * the data (a growing result) always waits. */
gboolean
_sc_page_stats_ranges_known (ScPage *self)
{
  ScViewState *vs = self->view_state;

  if (vs == NULL || sc_view_state_get_follow_data (vs))
    return FALSE;
  for (guint c = 0; c < sc_stack_get_n_channels (self->stack); c++)
    if (channel_shown (self, c) && !sc_view_state_has_range (vs, c))
      return FALSE;
  return TRUE;
}

void
_sc_page_stats_clear (ScPage *self)
{
  for (guint c = 0; c < self->n_channels; c++)
    g_clear_pointer (&self->plane_hists[c], sc_histogram_free);
  g_clear_pointer (&self->plane_hists, g_free);
  self->n_channels = 0;
  self->stats_key = 0;
}

void
_sc_page_stats_reset (ScPage *self)
{
  _sc_page_stats_clear (self);
  self->n_channels = sc_stack_get_n_channels (self->stack);
  self->plane_hists = g_new0 (ScHistogram *, self->n_channels);
}

static void
set_auto_range (ScPage            *self,
                guint              c,
                const ScHistogram *hist)
{
  double min, max;

  if (sc_stack_stats_auto_range (hist, &min, &max))
    sc_view_state_set_auto_range (self->view_state, c, min, max);
}

/* Plane histograms */

typedef struct {
  ScStack      *stack;
  guint64       key;
  guint         z;
  guint         t;
  guint         n_channels;
  gboolean     *wanted;
  ScHistogram **hists;
} StatsJob;

static void
stats_job_free (StatsJob *job)
{
  for (guint c = 0; c < job->n_channels; c++)
    g_clear_pointer (&job->hists[c], sc_histogram_free);
  g_free (job->hists);
  g_free (job->wanted);
  g_clear_object (&job->stack);
  g_free (job);
}

static void
stats_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StatsJob *job = task_data;
  const char *delay = g_getenv ("STACKSCOPE_READ_DELAY_MS");   /* a slow disk, for tests */

  sc_parallel_lower_thread ();
  if (delay != NULL)
    g_usleep (g_ascii_strtoull (delay, NULL, 10) * 1000);

  for (guint c = 0; c < job->n_channels; c++)
    {
      GError *error = NULL;

      if (!job->wanted[c])
        continue;
      job->hists[c] = sc_stack_stats_plane_histogram (job->stack,
                                                      sc_stack_plane_index (job->stack, c, job->z,
                                                                            job->t),
                                                      cancellable, &error);
      if (job->hists[c] == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void start_stats (ScPage *self);

static void
apply_stats (ScPage   *self,
             StatsJob *job)
{
  ScViewState *vs = self->view_state;
  gboolean follow = sc_view_state_get_follow_data (vs);

  /* first, so that the display changes the ranges make find the histograms current */
  self->stats_key = job->key;
  for (guint c = 0; c < self->n_channels; c++)
    {
      g_clear_pointer (&self->plane_hists[c], sc_histogram_free);
      self->plane_hists[c] = g_steal_pointer (&job->hists[c]);
      /* a new stack starts auto-contrasted on the plane shown, so that low-contrast data
       * opens stretched rather than black; a growing result follows its data */
      if (self->plane_hists[c] != NULL && (follow || !sc_view_state_has_range (vs, c)))
        set_auto_range (self, c, self->plane_hists[c]);
    }
}

static void
stats_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ScPage *self = SC_PAGE (object);
  StatsJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->view_state == NULL)
    return;
  self->stats_running = FALSE;

  if (job->stack != self->stack || job->key != current_key (self))
    {
      /* Stale: the user moved on while it was read. Read only what is shown now. */
      g_debug ("dropped the read of z %u: z %u is shown now", job->z + 1,
               sc_view_state_get_slice (self->view_state) + 1);
      start_stats (self);
      return;
    }

  if (!ok)
    _sc_page_message (self, error->message);
  else
    {
      g_debug ("showing z %u, read in a worker", job->z + 1);
      apply_stats (self, job);
    }
  self->hold_tiles = FALSE;
  _sc_page_push_view (self);
}

static void
start_stats (ScPage *self)
{
  g_autoptr(GTask) task = NULL;
  ScViewState *vs = self->view_state;
  StatsJob *job = g_new0 (StatsJob, 1);

  job->stack = g_object_ref (self->stack);
  job->key = current_key (self);
  job->z = sc_view_state_get_slice (vs);
  job->t = sc_view_state_get_frame (vs);
  job->n_channels = self->n_channels;
  job->wanted = g_new0 (gboolean, self->n_channels);
  job->hists = g_new0 (ScHistogram *, self->n_channels);
  for (guint c = 0; c < self->n_channels; c++)
    job->wanted[c] = channel_shown (self, c);

  self->stats_running = TRUE;
  task = g_task_new (self, self->cancellable, stats_done, NULL);
  g_task_set_source_tag (task, start_stats);
  g_task_set_task_data (task, job, (GDestroyNotify) stats_job_free);
  g_task_run_in_thread (task, stats_thread);
}

void
_sc_page_stats_update (ScPage *self)
{
  if (self->view_state == NULL)
    return;
  if (self->stats_running || current_key (self) == self->stats_key)
    return;
  start_stats (self);
}

void
sc_page_toggle_log (ScPage *self)
{
  ScViewState *vs;
  guint c;

  g_return_if_fail (SC_IS_PAGE (self));

  if ((vs = self->view_state) == NULL)
    return;
  c = sc_view_state_get_channel (vs);
  sc_view_state_set_log_scale (vs, c, !sc_view_state_get_params (vs, c)->log_scale);
}
