/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection-task"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-projection-task.h"

/* A partial result reaches the page at most this often (ms): each one is copied, and the
 * page histograms and renders it, and a 2048 x 2048 partial costs as much as a step of
 * the median. */
#define PARTIAL_INTERVAL 800
/* The bar moves at most this often (ms): every change of it is a frame, which for the
 * whole window in software GL (llvmpipe, Xvfb) costs some 45 ms of the main loop, and a
 * fast projection reports a step every 80 ms. */
#define PROGRESS_INTERVAL 500
/* The probe of main-loop stalls wakes this often (ms). */
#define PROBE_INTERVAL 5

struct _ScProjectionTask
{
  GObject       parent_instance;

  ScProjection *projection;
  char         *title;
  ScPage       *page;
  ScViewState  *source;         /* the view its result is shown as, or NULL: the queue's */
  double        progress;
  char         *progress_text;

  GTask        *task;           /* the run, while it runs */
  gint64        start;
  gboolean      finished;
  ScStack      *result;

  guint         delay_ms;       /* STACKSCOPE_PROJECTION_DELAY_MS: progress shown step by step */
  GQueue        fractions;
  guint         pace_source;
  guint         progress_source;  /* shows progress_pending when the interval is over */
  double        progress_pending;
  gint64        progress_shown;

  guint         stall_probe;
  gint64        stall_last;
  gint64        stall_max;
  gint64        report_max;
};

enum {
  PROP_0,
  PROP_PROJECTION,
  PROP_TITLE,
  PROP_PAGE,
  PROP_PROGRESS,
  PROP_PROGRESS_TEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScProjectionTask, sc_projection_task, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static guint
env_uint (const char *name)
{
  const char *value = g_getenv (name);
  guint64 v = 0;

  if (value && g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &v, NULL))
    return (guint) v;
  return 0;
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

static void
show_progress (ScProjectionTask *self,
               double            fraction)
{
  gint64 now = g_get_monotonic_time ();
  double elapsed = (now - self->start) / 1e6;
  g_autofree char *text = NULL;

  /* an estimate needs a little history */
  if (fraction > 0.02 && fraction < 1 && elapsed > 0.5)
    {
      g_autofree char *left = format_remaining (elapsed * (1 - fraction) / fraction);
      /* Translators: progress of a projection, e.g. "40 % · about 3 seconds left" */
      text = g_strdup_printf (_("%.0f %% · %s"), floor (fraction * 100), left);
    }
  if (g_strcmp0 (text, self->progress_text) != 0)
    {
      g_free (self->progress_text);
      self->progress_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TEXT]);
    }
  if (fraction != self->progress)
    {
      self->progress = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (self->page != NULL)
    sc_page_set_progress (self->page, fraction);
  self->report_max = MAX (self->report_max, g_get_monotonic_time () - now);
}

/* Partial results, copied on the run's thread, at most every PARTIAL_INTERVAL ms */

static void
partial_cb (ScStack  *partial,
            double    fraction,
            gpointer  user_data)
{
  ScProjectionTask *self = user_data;

  /* the page takes the next one once it has shown the last */
  if (!self->finished && self->page != NULL && !sc_page_get_pending (self->page))
    sc_page_set_result (self->page, partial);
}

/* Progress, from the run on the main context */

static void complete (ScProjectionTask *self);

static gboolean
pace_tick (gpointer data)
{
  ScProjectionTask *self = data;
  double *fraction = g_queue_pop_head (&self->fractions);

  if (fraction != NULL)
    {
      show_progress (self, *fraction);
      g_free (fraction);
    }
  if (!g_queue_is_empty (&self->fractions))
    return G_SOURCE_CONTINUE;
  self->pace_source = 0;
  if (self->finished && self->task != NULL)
    complete (self);
  return G_SOURCE_REMOVE;
}

static gboolean
progress_tick (gpointer data)
{
  ScProjectionTask *self = data;

  self->progress_source = 0;
  self->progress_shown = g_get_monotonic_time ();
  show_progress (self, self->progress_pending);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  ScProjectionTask *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (self->delay_ms > 0)
    {
      /* a test hook: each step stays on the bar for delay_ms */
      g_queue_push_tail (&self->fractions, g_memdup2 (&fraction, sizeof fraction));
      if (self->pace_source == 0)
        self->pace_source = g_timeout_add (self->delay_ms, pace_tick, self);
      return;
    }

  self->progress_pending = fraction;
  if (self->progress_source != 0)
    return;
  if (now - self->progress_shown >= PROGRESS_INTERVAL * 1000)
    {
      self->progress_shown = now;
      show_progress (self, fraction);
    }
  else
    self->progress_source = g_timeout_add (PROGRESS_INTERVAL - (guint) ((now - self->progress_shown) / 1000),
                                           progress_tick, self);
}

static gboolean
probe_tick (gpointer data)
{
  ScProjectionTask *self = data;
  gint64 now = g_get_monotonic_time ();

  if (self->stall_last > 0)
    self->stall_max = MAX (self->stall_max, now - self->stall_last - PROBE_INTERVAL * 1000);
  self->stall_last = now;
  return G_SOURCE_CONTINUE;
}

static void
end_probe (ScProjectionTask *self)
{
  if (self->stall_probe == 0)
    return;
  g_clear_handle_id (&self->stall_probe, g_source_remove);
  /* Read by the GUI test and quoted in the notes: the window must stay responsive. */
  printf ("stall-probe: %s: %.1f s, max main-loop stall %.1f ms, "
          "longest progress update %.1f ms\n", self->title,
          (g_get_monotonic_time () - self->start) / 1e6, self->stall_max / 1000.0,
          self->report_max / 1000.0);
  fflush (stdout);
}

static void
complete (ScProjectionTask *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  show_progress (self, 1.0);
  sc_page_set_result (self->page, self->result);
  sc_page_set_busy (self->page, FALSE);
  end_probe (self);
  g_task_return_boolean (task, TRUE);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ScProjectionTask) self = user_data;
  GError *error = NULL;

  self->result = sc_projection_run_finish (self->projection, result, &error);
  self->finished = TRUE;
  if (self->result == NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_clear_handle_id (&self->pace_source, g_source_remove);
      g_clear_handle_id (&self->progress_source, g_source_remove);
      g_queue_clear_full (&self->fractions, g_free);
      end_probe (self);
      g_task_return_error (task, error);
      return;
    }
  if (self->pace_source == 0)
    complete (self);
}

/* GObject */

static void
sc_projection_task_dispose (GObject *object)
{
  ScProjectionTask *self = SC_PROJECTION_TASK (object);

  g_clear_handle_id (&self->pace_source, g_source_remove);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_handle_id (&self->stall_probe, g_source_remove);
  g_queue_clear_full (&self->fractions, g_free);
  g_clear_object (&self->page);
  g_clear_object (&self->source);
  g_clear_object (&self->result);

  G_OBJECT_CLASS (sc_projection_task_parent_class)->dispose (object);
}

static void
sc_projection_task_finalize (GObject *object)
{
  ScProjectionTask *self = SC_PROJECTION_TASK (object);

  g_clear_object (&self->projection);
  g_free (self->title);
  g_free (self->progress_text);

  G_OBJECT_CLASS (sc_projection_task_parent_class)->finalize (object);
}

static void
sc_projection_task_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScProjectionTask *self = SC_PROJECTION_TASK (object);

  switch (prop_id)
    {
    case PROP_PROJECTION:
      g_value_set_object (value, self->projection);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_PAGE:
      g_value_set_object (value, self->page);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_PROGRESS_TEXT:
      g_value_set_string (value, self->progress_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_projection_task_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ScProjectionTask *self = SC_PROJECTION_TASK (object);

  switch (prop_id)
    {
    case PROP_PROJECTION:
      self->projection = g_value_dup_object (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_projection_task_class_init (ScProjectionTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sc_projection_task_dispose;
  object_class->finalize = sc_projection_task_finalize;
  object_class->get_property = sc_projection_task_get_property;
  object_class->set_property = sc_projection_task_set_property;

  properties[PROP_PROJECTION] = g_param_spec_object ("projection", NULL, NULL, SC_TYPE_PROJECTION, co);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, co);
  properties[PROP_PAGE] = g_param_spec_object ("page", NULL, NULL, SC_TYPE_PAGE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_PROGRESS_TEXT] = g_param_spec_string ("progress-text", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_projection_task_init (ScProjectionTask *self)
{
  g_queue_init (&self->fractions);
}

/* Public */

ScProjectionTask *
sc_projection_task_new (ScProjection *projection,
                        const char   *title)
{
  g_return_val_if_fail (SC_IS_PROJECTION (projection), NULL);

  return g_object_new (SC_TYPE_PROJECTION_TASK, "projection", projection, "title", title, NULL);
}

void
sc_projection_task_set_source (ScProjectionTask *self,
                               ScViewState      *source)
{
  g_return_if_fail (SC_IS_PROJECTION_TASK (self));
  g_return_if_fail (source == NULL || SC_IS_VIEW_STATE (source));

  g_set_object (&self->source, source);
}

ScViewState *
sc_projection_task_get_source (ScProjectionTask *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_TASK (self), NULL);
  return self->source;
}

ScProjection *
sc_projection_task_get_projection (ScProjectionTask *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_TASK (self), NULL);
  return self->projection;
}

const char *
sc_projection_task_get_title (ScProjectionTask *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_TASK (self), NULL);
  return self->title;
}

ScPage *
sc_projection_task_get_page (ScProjectionTask *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_TASK (self), NULL);
  return self->page;
}

double
sc_projection_task_get_progress (ScProjectionTask *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_TASK (self), 0);
  return self->progress;
}

const char *
sc_projection_task_get_progress_text (ScProjectionTask *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_TASK (self), NULL);
  return self->progress_text;
}

gboolean
sc_projection_task_prepare (ScProjectionTask  *self,
                            ScViewState       *from,
                            GError           **error)
{
  ScProjection *projection;
  ScStack *source;
  g_autoptr(ScStack) empty = NULL;
  guint chunk = env_uint ("STACKSCOPE_CHUNK_SIZE");

  g_return_val_if_fail (SC_IS_PROJECTION_TASK (self), FALSE);
  g_return_val_if_fail (self->page == NULL, FALSE);

  projection = self->projection;
  source = sc_projection_get_stack (projection);
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
  if (!sc_projection_prepare (projection, error))
    return FALSE;

  /* The result's tab opens at once and shows the projection as it builds up. */
  empty = sc_projection_get_partial (projection);
  self->page = g_object_ref_sink (sc_page_new_for_result (empty, from,
                                                          sc_projection_get_channel (projection),
                                                          self->title));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  return TRUE;
}

void
sc_projection_task_run_async (ScProjectionTask    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SC_IS_PROJECTION_TASK (self));
  g_return_if_fail (self->page != NULL && self->task == NULL && !self->finished);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, sc_projection_task_run_async);
  self->start = g_get_monotonic_time ();
  self->delay_ms = env_uint ("STACKSCOPE_PROJECTION_DELAY_MS");
  if (g_getenv ("STACKSCOPE_STALL_PROBE"))
    self->stall_probe = g_timeout_add (PROBE_INTERVAL, probe_tick, self);

  sc_projection_set_progress_func (self->projection, progress_cb, self, NULL);
  sc_projection_set_partial_func (self->projection, PARTIAL_INTERVAL, partial_cb, self, NULL);
  sc_projection_run_async (self->projection, cancellable, run_done, g_object_ref (self));
}

gboolean
sc_projection_task_run_finish (ScProjectionTask  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (SC_IS_PROJECTION_TASK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
