/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-page-loader"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-demo-stack.h"
#include "sc-error.h"
#include "sc-page-loader.h"
#include "sc-parallel.h"

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  sc_parallel_lower_thread ();
  g_task_return_pointer (task, sc_demo_stack_new (), g_object_unref);
}

static void
stack_opened (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  ScStack *stack = sc_stack_open_finish (result, &error);

  if (stack == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stack, g_object_unref);
}

void
sc_page_loader_open_async (GFile               *file,
                           guint                series,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (file == NULL || G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_page_loader_open_async);

  if (file == NULL)
    {
      g_task_set_return_on_cancel (task, TRUE);
      g_task_run_in_thread (task, demo_thread);
      return;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_task_return_new_error (task, SC_ERROR, SC_ERROR_IO, "%s",
                               _("Only local files can be opened"));
      return;
    }
  sc_stack_open_series_async (path, series, cancellable, stack_opened, g_steal_pointer (&task));
}

ScStack *
sc_page_loader_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
sc_page_loader_describe (GFile *file)
{
  if (file == NULL)
    return g_strdup (_("the sample stack"));
  return g_file_get_basename (file);
}
