/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-projection-queue"

#include "config.h"

#include <gtk/gtk.h>

#include "sc-demo-stack.h"
#include "sc-projection-queue.h"
#include "sc-test-display.h"
#include "sc-view-state.h"

/* A window's projection queue: one runs, the next starts when it ends, each fills a result
 * page made from the source view state; cancelling drops the waiting ones; a projection
 * that cannot start finishes with its error. */

#define WAIT_US (60 * G_USEC_PER_SEC)

typedef struct {
  GPtrArray *started;     /* ScProjectionTask, in order */
  GPtrArray *finished;
  GPtrArray *errors;      /* GError copies or NULL, beside finished */
} Log;

static void
started_cb (ScProjectionQueue *queue,
            ScProjectionTask  *task,
            Log               *log)
{
  /* its page exists once it starts, and only one runs */
  g_assert_nonnull (sc_projection_task_get_page (task));
  g_assert_true (sc_projection_queue_get_running (queue) == task);
  g_ptr_array_add (log->started, g_object_ref (task));
}

static void
finished_cb (ScProjectionQueue *queue,
             ScProjectionTask  *task,
             const GError      *error,
             Log               *log)
{
  g_assert_null (sc_projection_queue_get_running (queue));
  g_ptr_array_add (log->finished, g_object_ref (task));
  g_ptr_array_add (log->errors, error ? g_error_copy (error) : NULL);
}

static void
free_error (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static Log *
log_new (ScProjectionQueue *queue)
{
  Log *log = g_new0 (Log, 1);

  log->started = g_ptr_array_new_with_free_func (g_object_unref);
  log->finished = g_ptr_array_new_with_free_func (g_object_unref);
  log->errors = g_ptr_array_new_with_free_func (free_error);
  g_signal_connect (queue, "started", G_CALLBACK (started_cb), log);
  g_signal_connect (queue, "finished", G_CALLBACK (finished_cb), log);
  return log;
}

static void
log_free (Log *log)
{
  g_ptr_array_unref (log->started);
  g_ptr_array_unref (log->finished);
  g_ptr_array_unref (log->errors);
  g_free (log);
}

static ScProjectionTask *
new_task (ScStack            *stack,
          ScProjectionMethod  method,
          const char         *title)
{
  g_autoptr(ScProjection) projection = sc_projection_new (stack, method);

  return sc_projection_task_new (projection, title);
}

static void
wait_finished (Log   *log,
               guint  n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  while (log->finished->len < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_in_turn (void)
{
  g_autoptr(ScStack) stack = sc_demo_stack_new ();
  g_autoptr(ScViewState) source = sc_view_state_new (stack);
  g_autoptr(ScProjectionQueue) queue = sc_projection_queue_new ();
  g_autoptr(ScProjectionTask) a = new_task (stack, SC_PROJECTION_MAX, "MAX");
  g_autoptr(ScProjectionTask) b = new_task (stack, SC_PROJECTION_MEDIAN, "MEDIAN");
  Log *log = log_new (queue);

  /* without a source nothing starts */
  g_assert_false (sc_projection_queue_get_is_running (queue));
  sc_projection_queue_set_source (queue, source);
  g_assert_true (sc_projection_queue_add (queue, a));
  g_assert_true (sc_projection_queue_get_is_running (queue));
  g_assert_false (sc_projection_queue_add (queue, b));
  g_assert_cmpuint (log->started->len, ==, 1);

  wait_finished (log, 2);
  g_assert_true (log->started->pdata[0] == a);
  g_assert_true (log->started->pdata[1] == b);
  g_assert_true (log->finished->pdata[0] == a);
  g_assert_true (log->finished->pdata[1] == b);
  g_assert_null (log->errors->pdata[0]);
  g_assert_null (log->errors->pdata[1]);
  g_assert_false (sc_projection_queue_get_is_running (queue));
  /* the results are on their pages, of the source's shape */
  for (guint i = 0; i < 2; i++)
    {
      ScPage *page = sc_projection_task_get_page (log->finished->pdata[i]);
      ScStack *result = sc_page_get_stack (page);

      g_assert_cmpuint (sc_stack_get_width (result), ==, sc_stack_get_width (stack));
      g_assert_cmpuint (sc_stack_get_n_slices (result), ==, 1);
    }
  log_free (log);
}

static void
test_cancel (void)
{
  g_autoptr(ScStack) stack = sc_demo_stack_new ();
  g_autoptr(ScViewState) source = sc_view_state_new (stack);
  g_autoptr(ScProjectionQueue) queue = sc_projection_queue_new ();
  g_autoptr(ScProjectionTask) a = new_task (stack, SC_PROJECTION_MEDIAN, "MEDIAN");
  g_autoptr(ScProjectionTask) b = new_task (stack, SC_PROJECTION_MAX, "MAX");
  g_autoptr(ScProjectionTask) c = new_task (stack, SC_PROJECTION_MEAN, "MEAN");
  Log *log = log_new (queue);

  sc_projection_queue_set_source (queue, source);
  sc_projection_queue_add (queue, a);
  sc_projection_queue_add (queue, b);
  /* cancelled: the waiting one never starts, the running one finishes as cancelled */
  sc_projection_queue_cancel (queue, FALSE);
  wait_finished (log, 1);
  g_assert_true (log->finished->pdata[0] == a);
  g_assert_error ((GError *) log->errors->pdata[0], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (log->started->len, ==, 1);

  /* with forget it is let go at once */
  sc_projection_queue_add (queue, c);
  g_assert_true (sc_projection_queue_get_is_running (queue));
  sc_projection_queue_cancel (queue, TRUE);
  g_assert_false (sc_projection_queue_get_is_running (queue));
  g_assert_cmpuint (log->finished->len, ==, 2);
  g_assert_true (log->finished->pdata[1] == c);
  g_assert_error ((GError *) log->errors->pdata[1], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* and its run's end, later, says nothing more */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpuint (log->finished->len, ==, 2);
  g_assert_cmpuint (log->started->len, ==, 2);
  log_free (log);
}

static void
test_cannot_start (void)
{
  g_autoptr(ScStack) stack = sc_demo_stack_new ();
  g_autoptr(ScViewState) source = sc_view_state_new (stack);
  g_autoptr(ScProjectionQueue) queue = sc_projection_queue_new ();
  g_autoptr(ScProjectionTask) bad = new_task (stack, SC_PROJECTION_MAX, "MAX");
  g_autoptr(ScProjectionTask) good = new_task (stack, SC_PROJECTION_MIN, "MIN");
  Log *log = log_new (queue);

  /* slices the stack does not have */
  sc_projection_set_slices (sc_projection_task_get_projection (bad), 40, 50, 1);
  sc_projection_queue_set_source (queue, source);
  sc_projection_queue_add (queue, bad);
  g_assert_false (sc_projection_queue_get_is_running (queue));
  g_assert_cmpuint (log->finished->len, ==, 1);
  g_assert_nonnull (log->errors->pdata[0]);
  g_assert_cmpuint (log->started->len, ==, 0);

  /* the next one starts as if the first had not been there */
  g_assert_true (sc_projection_queue_add (queue, good));
  wait_finished (log, 2);
  g_assert_null (log->errors->pdata[1]);
  log_free (log);
}

static void
test_no_display (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *reason = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!sc_test_display_start (&reason) || !gtk_init_check ())
    {
      if (reason == NULL)
        reason = g_strdup ("GTK found no display");
      g_test_add_data_func ("/gui/projection-queue/no-display", reason, test_no_display);
      return g_test_run ();
    }

  g_test_add_func ("/gui/projection-queue/in-turn", test_in_turn);
  g_test_add_func ("/gui/projection-queue/cancel", test_cancel);
  g_test_add_func ("/gui/projection-queue/cannot-start", test_cannot_start);
  return g_test_run ();
}
