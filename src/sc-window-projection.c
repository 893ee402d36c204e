/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-window-projection"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <glib/gi18n.h>

#include "sc-export.h"
#include "sc-window-private.h"

/* A partial result reaches the view at most this often (µs), and the worker waits at least
 * PARTIAL_WAIT times as long as the last one took to make before the next: a 2048 x 2048
 * partial (a copy, its histogram and its pixels) took as long as the median's own steps. */
#define PARTIAL_INTERVAL 100000
#define PARTIAL_WAIT 4
/* The probe of main-loop stalls wakes this often (ms). */
#define PROBE_INTERVAL 5
/* How much lower than the window the projection's threads run (a nice increment). */
#define WORKER_NICE 10

struct _ScProjectionJob
{
  gatomicrefcount  ref_count;
  ScWindow        *window;        /* unowned; NULL once the window is gone */
  ScProjection    *projection;
  char            *title;
  int              channel;
  AdwTabPage      *page;          /* its result's tab, once it runs */
  GCancellable    *cancellable;
  gint64           start;
  guint            delay_ms;      /* STACKSCOPE_PROJECTION_DELAY_MS, for tests */

  /* handed between the worker and the main loop */
  GMutex           lock;
  double           fraction;
  ScStack         *partial;
  ScResultView    *partial_view;
  ScResultView    *want;          /* how the result view shows it now (no pixels) */
  gboolean         keep_auto;
  gboolean         report_pending;
};

typedef struct {
  ScStack      *stack;
  ScResultView *view;
} JobResult;

static void start_next (ScWindow *self);

static void
result_view_free (ScResultView *view)
{
  if (view == NULL)
    return;
  for (guint i = 0; view->hists && i < view->n_channels; i++)
    g_clear_pointer (&view->hists[i], sc_histogram_free);
  g_free (view->hists);
  g_free (view->params);
  g_free (view->has_range);
  g_clear_pointer (&view->pixels, g_bytes_unref);
  g_free (view);
}

static ScResultView *
result_view_copy (const ScResultView *view)
{
  ScResultView *copy = g_new0 (ScResultView, 1);

  copy->c = view->c;
  copy->t = view->t;
  copy->composite = view->composite;
  copy->n_channels = view->n_channels;
  copy->params = g_memdup2 (view->params, sizeof (ScRenderParams) * view->n_channels);
  copy->has_range = g_new0 (gboolean, view->n_channels);
  copy->hists = g_new0 (ScHistogram *, view->n_channels);
  return copy;
}

/* Off the main loop: the histograms, automatic ranges and pixels of the result's plane
 * as the view shows it (want). */
static ScResultView *
prepare_view (ScStack            *stack,
              const ScResultView *want,
              gboolean            keep_auto)
{
  ScResultView *view;
  guint n = sc_stack_get_n_channels (stack);
  g_autofree guint8 *buffer = NULL;
  guint32 *argb;

  if (want == NULL || want->n_channels != n || want->c >= n ||
      want->t >= sc_stack_get_n_frames (stack))
    return NULL;

  view = result_view_copy (want);
  for (guint i = 0; i < n; i++)
    {
      guint index = sc_stack_plane_index (stack, i, 0, want->t);
      gconstpointer data;

      if (i != want->c && !want->composite)
        continue;
      data = sc_stack_peek_rows (stack, index, 0, sc_stack_get_height (stack));
      if (data == NULL)
        {
          if (buffer == NULL)
            buffer = g_malloc (sc_stack_get_plane_size (stack));
          if (!sc_stack_read_plane (stack, index, buffer, NULL))
            continue;
          data = buffer;
        }
      view->hists[i] = _sc_window_plane_histogram (stack, data);
      if (keep_auto)
        view->has_range[i] = _sc_window_auto_range (view->hists[i], &view->params[i].min,
                                                    &view->params[i].max);
    }
  argb = sc_export_render_plane (stack, want->c, 0, want->t, view->params,
                                 want->composite && n > 1, NULL);
  if (argb != NULL)
    view->pixels = g_bytes_new_take (argb, sc_stack_get_plane_size (stack) /
                                     sc_sample_type_size (sc_stack_get_sample_type (stack)) /
                                     sc_stack_get_samples_per_pixel (stack) * 4);
  return view;
}

static void
job_result_free (JobResult *result)
{
  g_clear_object (&result->stack);
  result_view_free (result->view);
  g_free (result);
}
static ScProjectionJob *
job_ref (ScProjectionJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
job_unref (ScProjectionJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_clear_object (&job->projection);
  g_clear_object (&job->page);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->partial);
  g_clear_pointer (&job->partial_view, result_view_free);
  g_clear_pointer (&job->want, result_view_free);
  g_mutex_clear (&job->lock);
  g_free (job->title);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScProjectionJob, job_unref)

static guint
env_uint (const char *name)
{
  const char *value = g_getenv (name);
  guint64 v = 0;

  if (value && g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &v, NULL))
    return (guint) v;
  return 0;
}

/* Tabs */

static ScViewState *
page_state (AdwTabPage *page)
{
  return g_object_get_data (G_OBJECT (adw_tab_page_get_child (page)), "sc-view-state");
}

static AdwTabPage *
add_page (ScWindow    *self,
          const char  *title,
          ScViewState *state)
{
  GtkWidget *child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  AdwTabPage *page;

  g_object_set_data_full (G_OBJECT (child), "sc-view-state", state,
                          (GDestroyNotify) _sc_window_view_state_free);
  page = adw_tab_view_append (self->tab_view, child);
  adw_tab_page_set_title (page, title);
  adw_tab_page_set_tooltip (page, title);
  return page;
}

static void
selected_page_cb (ScWindow *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  if (self->tabs_frozen || page == self->current_page)
    return;

  if (self->current_page != NULL)
    _sc_window_stash_view (self, page_state (self->current_page));
  g_set_object (&self->current_page, page);
  if (page != NULL)
    _sc_window_restore_view (self, page_state (page));
}

static gboolean
close_page_cb (ScWindow   *self,
               AdwTabPage *page)
{
  gboolean close = TRUE;

  if (!self->tabs_frozen)
    {
      /* The stack itself stays; a running or queued projection stops with its tab. */
      if (page == self->source_page)
        close = FALSE;
      else if (self->job != NULL && self->job->page == page)
        {
          _sc_window_projection_cancel (self);
          close = FALSE;   /* the cancelled job closes it */
        }
    }
  adw_tab_view_close_page_finish (self->tab_view, page, close);
  return GDK_EVENT_STOP;
}

void
_sc_window_projection_add_source_page (ScWindow *self,
                                       ScStack  *stack)
{
  self->tabs_frozen++;
  self->source_page = add_page (self, sc_stack_get_display_name (stack), g_new0 (ScViewState, 1));
  /* the stack's own tab stays while it is open: pinned, it shows no close button */
  adw_tab_view_set_page_pinned (self->tab_view, self->source_page, TRUE);
  if (sc_stack_get_path (stack))
    adw_tab_page_set_tooltip (self->source_page, sc_stack_get_path (stack));
  adw_tab_view_set_selected_page (self->tab_view, self->source_page);
  g_set_object (&self->current_page, self->source_page);
  self->tabs_frozen--;
  sc_projection_panel_set_stack (self->projection_panel, stack);
  sc_projection_panel_set_current (self->projection_panel, self->c, self->z, self->t);
}

/* Progress */

static gboolean
probe_tick (gpointer data)
{
  ScWindow *self = data;
  gint64 now = g_get_monotonic_time ();

  if (self->stall_last > 0)
    self->stall_max = MAX (self->stall_max, now - self->stall_last - PROBE_INTERVAL * 1000);
  self->stall_last = now;
  return G_SOURCE_CONTINUE;
}

static char *
format_remaining (double seconds)
{
  if (seconds < 1.5)
    return g_strdup (_("about a second left"));
  if (seconds < 90)
    return g_strdup_printf (ngettext ("about %u second left", "about %u seconds left",
                                      (guint) round (seconds)), (guint) round (seconds));
  return g_strdup_printf (ngettext ("about %u minute left", "about %u minutes left",
                                    (guint) round (seconds / 60)), (guint) round (seconds / 60));
}

/* What the worker prepares next follows how the result's view looks now. */
static void
take_snapshot (ScWindow        *self,
               ScProjectionJob *job)
{
  ScResultView want = { 0 };
  ScViewState *state = NULL;
  ScChannelView *channels;
  gboolean keep_auto;

  if (job->page == NULL)
    return;
  if (job->page == self->current_page)
    {
      want.c = self->c;
      want.t = self->t;
      want.composite = self->composite;
      want.n_channels = self->n_channels;
      channels = self->channels;
      keep_auto = self->keep_auto;
    }
  else
    {
      state = page_state (job->page);
      want.c = state->c;
      want.t = state->t;
      want.composite = state->composite;
      want.n_channels = state->n_channels;
      channels = state->channels;
      keep_auto = state->keep_auto;
    }
  if (channels == NULL)
    return;
  want.params = g_new (ScRenderParams, want.n_channels);
  for (guint i = 0; i < want.n_channels; i++)
    want.params[i] = channels[i].params;

  g_mutex_lock (&job->lock);
  g_clear_pointer (&job->want, result_view_free);
  job->want = result_view_copy (&want);
  job->keep_auto = keep_auto;
  g_mutex_unlock (&job->lock);
  g_free (want.params);
}

static void
show_result (ScWindow        *self,
             ScProjectionJob *job,
             ScStack         *result,
             ScResultView    *view)
{
  if (job->page == NULL)
    return;
  if (job->page == self->current_page)
    {
      if (view != NULL)
        _sc_window_update_result_prepared (self, result, view);
      else
        _sc_window_update_result (self, result);
    }
  else
    {
      ScViewState *state = page_state (job->page);
      g_set_object (&state->stack, result);
    }
  take_snapshot (self, job);
}

static gboolean
report_cb (gpointer data)
{
  ScProjectionJob *job = data;
  ScWindow *self = job->window;
  g_autoptr(ScStack) partial = NULL;
  ScResultView *view = NULL;
  g_autofree char *text = NULL;
  double fraction, elapsed;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&job->lock);
  fraction = job->fraction;
  partial = g_steal_pointer (&job->partial);
  view = g_steal_pointer (&job->partial_view);
  job->report_pending = FALSE;
  g_mutex_unlock (&job->lock);

  if (self == NULL || self->job != job || g_cancellable_is_cancelled (job->cancellable))
    {
      result_view_free (view);
      return G_SOURCE_REMOVE;
    }

  elapsed = (now - job->start) / 1e6;
  /* an estimate needs a little history */
  if (fraction > 0.02 && fraction < 1 && elapsed > 0.5)
    {
      g_autofree char *left = format_remaining (elapsed * (1 - fraction) / fraction);
      /* Translators: progress of a projection, e.g. "40 % · about 3 seconds left" */
      text = g_strdup_printf (_("%.0f %% · %s"), floor (fraction * 100), left);
    }
  sc_projection_panel_set_progress (self->projection_panel, fraction, text);
  if (partial != NULL)
    show_result (self, job, partial, view);
  result_view_free (view);
  self->report_max = MAX (self->report_max, g_get_monotonic_time () - now);
  return G_SOURCE_REMOVE;
}

/* Worker */

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  ScProjectionJob *job = task_data;
  GMainContext *context = g_task_get_context (task);
  gint64 last_partial = g_get_monotonic_time ();
  gint64 interval = PARTIAL_INTERVAL;
  double fraction = 0;

  while (fraction < 1.0)
    {
      GError *error = NULL;
      gboolean post;
      gint64 now;

      fraction = sc_projection_step (job->projection, cancellable, &error);
      if (fraction < 0)
        {
          g_task_return_error (task, error);
          return;
        }
      if (job->delay_ms > 0 && fraction < 1.0)
        g_usleep (job->delay_ms * 1000);

      now = g_get_monotonic_time ();
      g_mutex_lock (&job->lock);
      job->fraction = fraction;
      if (fraction < 1.0 && job->partial == NULL && now - last_partial >= interval)
        {
          ScStack *partial;

          ScResultView *want = job->want ? result_view_copy (job->want) : NULL;
          gboolean keep_auto = job->keep_auto;
          ScResultView *view;

          /* the copy, its histograms and its pixels are made here, not in the main loop */
          g_mutex_unlock (&job->lock);
          partial = sc_projection_get_partial (job->projection);
          view = prepare_view (partial, want, keep_auto);
          result_view_free (want);
          g_mutex_lock (&job->lock);
          g_clear_object (&job->partial);
          g_clear_pointer (&job->partial_view, result_view_free);
          job->partial = partial;
          job->partial_view = view;
          last_partial = g_get_monotonic_time ();
          interval = MAX (PARTIAL_INTERVAL, PARTIAL_WAIT * (last_partial - now));
        }
      post = !job->report_pending;
      job->report_pending = TRUE;
      g_mutex_unlock (&job->lock);

      if (post)
        g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, report_cb, job_ref (job),
                                    (GDestroyNotify) job_unref);
    }

  {
    JobResult *result = g_new0 (JobResult, 1);
    ScResultView *want;
    gboolean keep_auto;

    g_mutex_lock (&job->lock);
    want = job->want ? result_view_copy (job->want) : NULL;
    keep_auto = job->keep_auto;
    g_mutex_unlock (&job->lock);
    result->stack = sc_projection_get_result (job->projection);
    result->view = prepare_view (result->stack, want, keep_auto);
    result_view_free (want);
    g_task_return_pointer (task, result, (GDestroyNotify) job_result_free);
  }
}

/* The projection's threads run below the window: with as many busy threads as cores, the
 * main loop, the renderer's threads (llvmpipe draws on the CPU) and the accessibility bus
 * waited for a core at every step, and a screen reader froze for the whole run. On Linux
 * the nice value is a thread's own and the threads sc_projection_step() starts inherit it.
 * An unprivileged thread cannot raise it again, so it is lowered in a thread of the job's
 * own that ends with it, never in one of GLib's pool. */
static void
lower_thread_priority (void)
{
#ifdef __linux__
  pid_t tid = gettid ();
  int value;

  errno = 0;
  value = getpriority (PRIO_PROCESS, tid);
  if (errno == 0 && setpriority (PRIO_PROCESS, tid, MIN (value + WORKER_NICE, 19)) != 0)
    g_debug ("the projection runs at the window's priority: %s", g_strerror (errno));
#endif
}

static gboolean
unref_task (gpointer task)
{
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gpointer
job_thread_main (gpointer data)
{
  GTask *task = data;
  GSource *source;

  lower_thread_priority ();
  job_thread (task, NULL, g_task_get_task_data (task), g_task_get_cancellable (task));

  /* The task and the job (its tab page included) go on the main loop, never here: this
   * reference may be the last once job_done() has run. */
  source = g_idle_source_new ();
  g_source_set_callback (source, unref_task, task, NULL);
  g_source_set_static_name (source, "[sc-projection] release");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
  return NULL;
}

static void
finish_job (ScWindow *self)
{
  ScProjectionJob *job = g_steal_pointer (&self->job);

  if (job->page != NULL)
    adw_tab_page_set_loading (job->page, FALSE);
  g_clear_handle_id (&self->stall_probe, g_source_remove);
  if (g_getenv ("STACKSCOPE_STALL_PROBE"))
    {
      /* Read by the GUI test and quoted in the notes: the window must stay responsive. */
      printf ("stall-probe: %s: %.1f s, max main-loop stall %.1f ms, "
              "longest progress update %.1f ms\n", job->title,
              (g_get_monotonic_time () - job->start) / 1e6, self->stall_max / 1000.0,
              self->report_max / 1000.0);
      fflush (stdout);
    }
  sc_projection_panel_set_running (self->projection_panel, FALSE);
  job_unref (job);
  _sc_window_actions_update (self);
}

static void
job_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ScProjectionJob) job = user_data;
  ScWindow *self = job->window;
  g_autoptr(GError) error = NULL;
  JobResult *done = g_task_propagate_pointer (G_TASK (result), &error);
  AdwTabPage *page;

  if (self == NULL || self->job != job)
    {
      g_clear_pointer (&done, job_result_free);
      return;
    }

  page = job->page ? g_object_ref (job->page) : NULL;
  finish_job (self);

  if (done == NULL)
    {
      /* nothing is left of a cancelled or failed projection */
      if (page != NULL)
        adw_tab_view_close_page (self->tab_view, page);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_window_show_toast (self, error->message);
    }
  else
    {
      show_result (self, job, done->stack, done->view);
      if (page == self->current_page)
        _sc_window_actions_update (self);
      job_result_free (done);
    }
  g_clear_object (&page);
  start_next (self);
}

static void
start_job (ScWindow        *self,
           ScProjectionJob *job)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) empty = NULL;
  ScProjection *projection = job->projection;
  ScStack *source = sc_projection_get_stack (projection);
  guint chunk = env_uint ("STACKSCOPE_CHUNK_SIZE");

  /* Some 25 steps, so that the bar moves and Cancel acts at once; the engine keeps
   * larger chunks where its memory budget asks for them. */
  if (chunk == 0)
    {
      ScProjectionMethod method = sc_projection_get_method (projection);
      guint n = method == SC_PROJECTION_MEDIAN || method == SC_PROJECTION_PERCENTILE
                ? sc_stack_get_height (source) : sc_stack_get_n_slices (source);
      chunk = MAX (1, (n + 24) / 25);
    }
  sc_projection_set_chunk_size (projection, chunk);

  if (!sc_projection_prepare (projection, &error))
    {
      _sc_window_show_toast (self, error->message);
      job_unref (job);
      start_next (self);
      return;
    }

  self->job = job;
  job->start = g_get_monotonic_time ();
  job->delay_ms = env_uint ("STACKSCOPE_PROJECTION_DELAY_MS");

  /* The result's tab opens at once and shows the projection as it builds up. */
  if (self->stack != NULL && !self->is_result)
    sc_projection_panel_set_current (self->projection_panel, self->c, self->z, self->t);
  empty = sc_projection_get_partial (projection);
  self->tabs_frozen++;
  job->page = g_object_ref (add_page (self, job->title,
                                      _sc_window_new_result_state (self, empty, job->channel)));
  self->tabs_frozen--;
  adw_tab_page_set_loading (job->page, TRUE);
  adw_tab_view_set_selected_page (self->tab_view, job->page);
  take_snapshot (self, job);

  sc_projection_panel_set_running (self->projection_panel, TRUE);
  self->stall_max = 0;
  self->stall_last = 0;
  self->report_max = 0;
  if (g_getenv ("STACKSCOPE_STALL_PROBE"))
    self->stall_probe = g_timeout_add (PROBE_INTERVAL, probe_tick, self);

  task = g_task_new (NULL, job->cancellable, job_done, job_ref (job));
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job_ref (job), (GDestroyNotify) job_unref);
  g_thread_unref (g_thread_new ("sc-projection", job_thread_main, g_object_ref (task)));
  _sc_window_actions_update (self);
}

static void
start_next (ScWindow *self)
{
  ScProjectionJob *job;

  if (self->job != NULL)
    return;
  job = g_queue_pop_head (&self->queue);
  if (job != NULL)
    start_job (self, job);
}

/* Public */

void
_sc_window_project (ScWindow *self)
{
  ScProjectionJob *job;

  if (self->source_page == NULL)
    return;

  job = g_new0 (ScProjectionJob, 1);
  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->lock);
  job->window = self;
  job->cancellable = g_cancellable_new ();
  job->projection = sc_projection_panel_create_projection (self->projection_panel, &job->title);
  job->channel = sc_projection_get_channel (job->projection);

  if (self->job != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” will run when the projection before it is done"),
                                               job->title);
      g_queue_push_tail (&self->queue, job);
      _sc_window_show_toast (self, text);
      return;
    }
  start_job (self, job);
}

gboolean
_sc_window_projection_is_running (ScWindow *self)
{
  return self->job != NULL;
}

ScStack *
_sc_window_get_source_stack (ScWindow *self)
{
  ScViewState *state;

  if (self->source_page == NULL)
    return NULL;
  if (self->source_page == self->current_page)
    return self->stack;
  state = page_state (self->source_page);
  return state->stack;
}

void
_sc_window_projection_cancel (ScWindow *self)
{
  ScProjectionJob *job;

  while ((job = g_queue_pop_head (&self->queue)))
    {
      job->window = NULL;
      job_unref (job);
    }
  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
}

void
_sc_window_projection_reset (ScWindow *self)
{
  _sc_window_projection_cancel (self);
  if (self->job != NULL)
    {
      /* its tab goes now; job_done() finds the job replaced and returns */
      self->job->window = NULL;
      g_clear_pointer (&self->job, job_unref);
      g_clear_handle_id (&self->stall_probe, g_source_remove);
      sc_projection_panel_set_running (self->projection_panel, FALSE);
    }

  self->tabs_frozen++;
  while (adw_tab_view_get_n_pages (self->tab_view) > 0)
    adw_tab_view_close_page (self->tab_view, adw_tab_view_get_nth_page (self->tab_view, 0));
  self->tabs_frozen--;
  g_clear_object (&self->current_page);
  self->source_page = NULL;
}

void
_sc_window_projection_init (ScWindow *self)
{
  g_queue_init (&self->queue);
  /* Ctrl+Page Up/Down and Home/End move through planes and frames here. */
  adw_tab_view_remove_shortcuts (self->tab_view,
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_PAGE_UP |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_PAGE_DOWN |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_HOME |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_END |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_SHIFT_PAGE_UP |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_SHIFT_PAGE_DOWN |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_SHIFT_HOME |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_SHIFT_END);
  g_signal_connect_swapped (self->tab_view, "notify::selected-page", G_CALLBACK (selected_page_cb), self);
  g_signal_connect_swapped (self->tab_view, "close-page", G_CALLBACK (close_page_cb), self);
}

void
_sc_window_projection_dispose (ScWindow *self)
{
  /* closing the window stops the projection */
  _sc_window_projection_cancel (self);
  if (self->job != NULL)
    {
      self->job->window = NULL;
      g_clear_pointer (&self->job, job_unref);
    }
  g_clear_handle_id (&self->stall_probe, g_source_remove);
  _sc_window_export_dispose (self);
  if (self->tab_view != NULL)
    g_signal_handlers_disconnect_by_data (self->tab_view, self);
  g_clear_object (&self->current_page);
  self->source_page = NULL;
}
