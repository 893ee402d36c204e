/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-window-projection"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-window-private.h"

/* The window's projections: one runs, the others wait in a queue. Each fills a result
 * tab of its own, which opens when it starts. */

static void start_next (ScWindow *self);

static void
task_progress_cb (ScWindow         *self,
                  GParamSpec       *pspec,
                  ScProjectionTask *task)
{
  if (task == self->task)
    sc_projection_panel_set_progress (self->projection_panel,
                                      sc_projection_task_get_progress (task),
                                      sc_projection_task_get_progress_text (task));
}

static void
finish_task (ScWindow *self)
{
  g_autoptr(ScProjectionTask) task = g_steal_pointer (&self->task);

  g_signal_handlers_disconnect_by_data (task, self);
  g_clear_object (&self->task_cancellable);
  sc_projection_panel_set_running (self->projection_panel, FALSE);
  _sc_window_actions_update (self);
}

static void
task_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  ScProjectionTask *task = SC_PROJECTION_TASK (object);
  g_autoptr(GError) error = NULL;
  gboolean ok = sc_projection_task_run_finish (task, result, &error);
  ScPage *page = sc_projection_task_get_page (task);

  /* a task let go of (a new stack opened, the window closed) ends here */
  if (task != self->task)
    return;
  g_object_ref (task);
  finish_task (self);

  if (!ok)
    {
      /* nothing is left of a cancelled or failed projection */
      AdwTabPage *tab = adw_tab_view_get_page (self->tab_view, GTK_WIDGET (page));

      if (tab != NULL)
        adw_tab_view_close_page (self->tab_view, tab);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_window_show_toast (self, error->message);
    }
  g_object_unref (task);
  start_next (self);
}

static void
start_task (ScWindow         *self,
            ScProjectionTask *task)
{
  g_autoptr(ScProjectionTask) owned = task;
  g_autoptr(GError) error = NULL;
  ScViewState *from = sc_page_get_view_state (self->source_page);

  if (!sc_projection_task_prepare (task, from, &error))
    {
      _sc_window_show_toast (self, error->message);
      start_next (self);
      return;
    }

  self->task = g_steal_pointer (&owned);
  self->task_cancellable = g_cancellable_new ();
  g_signal_connect_object (task, "notify::progress", G_CALLBACK (task_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (task, "notify::progress-text", G_CALLBACK (task_progress_cb), self,
                           G_CONNECT_SWAPPED);
  sc_projection_panel_set_running (self->projection_panel, TRUE);
  sc_projection_panel_set_progress (self->projection_panel, 0, NULL);

  /* the result's tab opens at once and shows the projection as it builds up */
  _sc_window_add_page (self, sc_projection_task_get_page (task));
  sc_projection_task_run_async (task, self->task_cancellable, task_done, g_object_ref (self));
  _sc_window_actions_update (self);
}

static void
start_next (ScWindow *self)
{
  ScProjectionTask *task;

  if (self->task != NULL || self->source_page == NULL)
    return;
  task = g_queue_pop_head (&self->queue);
  if (task != NULL)
    start_task (self, task);
}

void
sc_window_project (ScWindow *self)
{
  g_autofree char *title = NULL;
  ScProjection *projection;
  ScProjectionTask *task;

  g_return_if_fail (SC_IS_WINDOW (self));

  if (self->source_page == NULL)
    return;

  projection = sc_projection_panel_create_projection (self->projection_panel, &title);
  task = sc_projection_task_new (projection, title);
  g_object_unref (projection);

  if (self->task != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” will run when the projection before it is done"),
                                               title);
      g_queue_push_tail (&self->queue, task);
      _sc_window_show_toast (self, text);
      return;
    }
  start_task (self, task);
}

void
sc_window_cancel_projection (ScWindow *self)
{
  g_return_if_fail (SC_IS_WINDOW (self));

  _sc_window_projection_cancel (self, FALSE);
}

gboolean
sc_window_get_projecting (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), FALSE);
  return self->task != NULL;
}

void
_sc_window_projection_cancel (ScWindow *self,
                              gboolean  forget)
{
  g_queue_clear_full (&self->queue, g_object_unref);
  if (self->task == NULL)
    return;
  g_cancellable_cancel (self->task_cancellable);
  if (forget)
    finish_task (self);
}

gboolean
_sc_window_projection_close_page (ScWindow *self,
                                  ScPage   *page)
{
  if (self->task == NULL || sc_projection_task_get_page (self->task) != page)
    return TRUE;
  _sc_window_projection_cancel (self, FALSE);
  return FALSE;   /* the cancelled task closes it */
}

void
_sc_window_projection_init (ScWindow *self)
{
  g_queue_init (&self->queue);
}

void
_sc_window_projection_dispose (ScWindow *self)
{
  /* closing the window stops the projection */
  _sc_window_projection_cancel (self, TRUE);
}
