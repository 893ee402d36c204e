/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection-queue"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "sc-projection-queue.h"

struct _ScProjectionQueue
{
  GObject           parent_instance;

  ScViewState      *source;
  ScProjectionTask *task;          /* the one that runs */
  GCancellable     *cancellable;
  GQueue            waiting;       /* ScProjectionTasks */
};

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  STARTED,
  FINISHED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ScProjectionQueue, sc_projection_queue, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_next (ScProjectionQueue *self);

/* Lets the running task go and says how it ended. */
static void
finish (ScProjectionQueue *self,
        const GError      *error)
{
  g_autoptr(ScProjectionTask) task = g_steal_pointer (&self->task);

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, task, error);
}

static void
task_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ScProjectionQueue) self = user_data;
  ScProjectionTask *task = SC_PROJECTION_TASK (object);
  g_autoptr(GError) error = NULL;

  sc_projection_task_run_finish (task, result, &error);
  /* a task let go of (cancelled with forget) ends here */
  if (task != self->task)
    return;
  finish (self, error);
  start_next (self);
}

static void
start (ScProjectionQueue *self,
       ScProjectionTask  *task)
{
  g_autoptr(GError) error = NULL;
  ScViewState *from = sc_projection_task_get_source (task);

  if (!sc_projection_task_prepare (task, from ? from : self->source, &error))
    {
      g_signal_emit (self, signals[FINISHED], 0, task, error);
      return;
    }
  self->task = g_object_ref (task);
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[STARTED], 0, task);
  sc_projection_task_run_async (task, self->cancellable, task_done, g_object_ref (self));
}

static void
start_next (ScProjectionQueue *self)
{
  while (self->task == NULL && self->source != NULL && !g_queue_is_empty (&self->waiting))
    {
      g_autoptr(ScProjectionTask) task = g_queue_pop_head (&self->waiting);

      start (self, task);
    }
}

static void
sc_projection_queue_dispose (GObject *object)
{
  ScProjectionQueue *self = SC_PROJECTION_QUEUE (object);

  g_queue_clear_full (&self->waiting, g_object_unref);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->task);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (sc_projection_queue_parent_class)->dispose (object);
}

static void
sc_projection_queue_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ScProjectionQueue *self = SC_PROJECTION_QUEUE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->task != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_projection_queue_class_init (ScProjectionQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_projection_queue_dispose;
  object_class->get_property = sc_projection_queue_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SC_TYPE_PROJECTION_TASK);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SC_TYPE_PROJECTION_TASK, G_TYPE_ERROR);
}

static void
sc_projection_queue_init (ScProjectionQueue *self)
{
  g_queue_init (&self->waiting);
}

ScProjectionQueue *
sc_projection_queue_new (void)
{
  return g_object_new (SC_TYPE_PROJECTION_QUEUE, NULL);
}

void
sc_projection_queue_set_source (ScProjectionQueue *self,
                                ScViewState       *source)
{
  g_return_if_fail (SC_IS_PROJECTION_QUEUE (self));
  g_return_if_fail (source == NULL || SC_IS_VIEW_STATE (source));

  g_set_object (&self->source, source);
  start_next (self);
}

gboolean
sc_projection_queue_add (ScProjectionQueue *self,
                         ScProjectionTask  *task)
{
  g_return_val_if_fail (SC_IS_PROJECTION_QUEUE (self), FALSE);
  g_return_val_if_fail (SC_IS_PROJECTION_TASK (task), FALSE);

  g_queue_push_tail (&self->waiting, g_object_ref (task));
  if (self->task != NULL)
    return FALSE;
  start_next (self);
  return TRUE;
}

ScProjectionTask *
sc_projection_queue_get_running (ScProjectionQueue *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_QUEUE (self), NULL);
  return self->task;
}

gboolean
sc_projection_queue_get_is_running (ScProjectionQueue *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_QUEUE (self), FALSE);
  return self->task != NULL;
}

void
sc_projection_queue_cancel (ScProjectionQueue *self,
                            gboolean           forget)
{
  g_return_if_fail (SC_IS_PROJECTION_QUEUE (self));

  g_queue_clear_full (&self->waiting, g_object_unref);
  if (self->task == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  if (forget)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("Cancelled"));

      finish (self, error);
    }
}

void
sc_projection_queue_stop_running (ScProjectionQueue *self)
{
  g_return_if_fail (SC_IS_PROJECTION_QUEUE (self));

  if (self->task != NULL)
    g_cancellable_cancel (self->cancellable);
}

guint
sc_projection_queue_get_n_waiting (ScProjectionQueue *self)
{
  g_return_val_if_fail (SC_IS_PROJECTION_QUEUE (self), 0);
  return g_queue_get_length (&self->waiting);
}
