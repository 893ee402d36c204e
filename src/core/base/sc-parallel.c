/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-parallel"

#include "config.h"

#include <stdlib.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "sc-parallel.h"

/* One pool of threads, started once and never stopped. A loop's caller puts the loop on
 * the pool's list of open loops and works its items itself; pool threads that are free
 * join it as helpers, each on a worker slot of its own, until the loop is full or its
 * items are handed out. The caller then waits only for the helpers that joined, which
 * are running items: a loop finishes even when no pool thread is free (every thread
 * busy in a background job, or in a loop that this one is nested in), so no loop waits
 * for another and none can deadlock. */

typedef struct {
  ScParallelLoopFunc  func;
  gpointer            user_data;
  GCancellable       *cancellable;
  guint               n_items;
  gint                next;          /* atomic: the next item to hand out */
  gint                stop;          /* atomic */
  guint               max_workers;
  /* Under the pool's lock: */
  guint               n_workers;     /* slots handed out, the caller's included */
  guint               n_helpers;     /* helpers running the loop now */
  GList               link;          /* in pool.loops while open */
  gboolean            open;
  GCond               done;          /* n_helpers fell to 0 */
} Loop;

typedef struct {
  ScParallelJob  job;
  gpointer       data;
  GDestroyNotify destroy;
  GList          link;
} BackgroundJob;

static struct {
  GMutex lock;
  GCond  wake;
  guint  n_idle;
  GQueue loops;   /* open loops, oldest first */
  GQueue jobs;    /* background jobs, newest first */
} pool;

static gint worker_nice;

void
sc_parallel_set_worker_nice (int nice)
{
  g_atomic_int_set (&worker_nice, CLAMP (nice, 0, 19));
}

void
sc_parallel_lower_thread (void)
{
#ifdef __linux__
  static GPrivate lowered;
  int nice = g_atomic_int_get (&worker_nice);

  /* A thread can lower its priority, not raise it back: so once per thread, whatever
   * the value is by then. */
  if (nice == 0 || g_private_get (&lowered) != NULL)
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid),
                 getpriority (PRIO_PROCESS, 0) + nice);
#endif
}

guint
sc_parallel_get_n_threads (void)
{
  static gsize n_threads;

  if (g_once_init_enter (&n_threads))
    {
      const char *env = g_getenv ("SC_THREADS");
      guint n = env != NULL ? (guint) strtoul (env, NULL, 10) : 0;

      if (n == 0)
        n = g_get_num_processors ();
      g_once_init_leave (&n_threads, CLAMP (n, 1, 1024));
    }
  return (guint) n_threads;
}

guint
sc_parallel_get_max_workers (guint n_threads)
{
  guint n = sc_parallel_get_n_threads ();

  return n_threads == 0 ? n : MIN (n_threads, n);
}

/* Works items of loop on slot worker until they are all handed out or the loop stops. */
static void
loop_work (Loop  *loop,
           guint  worker)
{
  while (!g_atomic_int_get (&loop->stop))
    {
      guint i = (guint) g_atomic_int_add (&loop->next, 1);

      if (i >= loop->n_items)
        break;
      if ((loop->cancellable != NULL && g_cancellable_is_cancelled (loop->cancellable))
          || !loop->func (i, worker, loop->user_data))
        {
          g_atomic_int_set (&loop->stop, 1);
          break;
        }
    }
}

/* Under the lock: no more helpers join loop. */
static void
close_loop (Loop *loop)
{
  if (loop->open)
    {
      g_queue_unlink (&pool.loops, &loop->link);
      loop->open = FALSE;
    }
}

static void
help_loop (Loop *loop)
{
  guint worker = loop->n_workers++;

  if (loop->n_workers == loop->max_workers)
    close_loop (loop);
  loop->n_helpers++;
  g_mutex_unlock (&pool.lock);

  loop_work (loop, worker);

  g_mutex_lock (&pool.lock);
  /* Every item is handed out (or the loop stopped): others need not join. */
  close_loop (loop);
  if (--loop->n_helpers == 0)
    g_cond_signal (&loop->done);
}

static gpointer
pool_thread (gpointer data)
{
  sc_parallel_lower_thread ();
  g_mutex_lock (&pool.lock);
  for (;;)
    {
      GList *l;

      while (pool.jobs.head == NULL && pool.loops.head == NULL)
        {
          pool.n_idle++;
          g_cond_wait (&pool.wake, &pool.lock);
          pool.n_idle--;
        }

      if ((l = g_queue_pop_head_link (&pool.jobs)) != NULL)
        {
          BackgroundJob *job = l->data;

          g_mutex_unlock (&pool.lock);
          job->job (job->data);
          if (job->destroy != NULL)
            job->destroy (job->data);
          g_free (job);
          g_mutex_lock (&pool.lock);
        }
      else
        help_loop (pool.loops.head->data);
    }
  g_assert_not_reached ();
  return NULL;
}

void
sc_parallel_start (void)
{
  static gsize started;

  if (g_once_init_enter (&started))
    {
      guint n = sc_parallel_get_n_threads ();

      for (guint i = 0; i < n; i++)
        g_thread_unref (g_thread_new ("sc-pool", pool_thread, NULL));
      g_once_init_leave (&started, 1);
    }
}

gboolean
sc_parallel_for_full (guint               n_items,
                      guint               n_threads,
                      ScParallelLoopFunc  func,
                      gpointer            user_data,
                      GCancellable       *cancellable)
{
  Loop loop = { 0 };

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (n_items <= G_MAXINT / 2, FALSE);

  loop.func = func;
  loop.user_data = user_data;
  loop.cancellable = cancellable;
  loop.n_items = n_items;
  loop.max_workers = MIN (sc_parallel_get_max_workers (n_threads), MAX (n_items, 1));
  loop.n_workers = 1;
  loop.link.data = &loop;

  if (loop.max_workers > 1)
    {
      sc_parallel_start ();
      g_cond_init (&loop.done);
      g_mutex_lock (&pool.lock);
      g_queue_push_tail_link (&pool.loops, &loop.link);
      loop.open = TRUE;
      for (guint i = 1; i < loop.max_workers && i <= pool.n_idle; i++)
        g_cond_signal (&pool.wake);
      g_mutex_unlock (&pool.lock);
    }

  loop_work (&loop, 0);

  if (loop.max_workers > 1)
    {
      g_mutex_lock (&pool.lock);
      close_loop (&loop);
      while (loop.n_helpers > 0)
        g_cond_wait (&loop.done, &pool.lock);
      g_mutex_unlock (&pool.lock);
      g_cond_clear (&loop.done);
    }

  return !g_atomic_int_get (&loop.stop);
}

typedef struct {
  ScParallelFunc func;
  gpointer       user_data;
} ForData;

static gboolean
for_item (guint    index,
          guint    worker,
          gpointer user_data)
{
  ForData *d = user_data;

  d->func (index, d->user_data);
  return TRUE;
}

void
sc_parallel_for (guint          n_items,
                 guint          n_threads,
                 ScParallelFunc func,
                 gpointer       user_data)
{
  ForData d = { func, user_data };

  g_return_if_fail (func != NULL);

  sc_parallel_for_full (n_items, n_threads, for_item, &d, NULL);
}

void
sc_parallel_run_background (ScParallelJob  job,
                            gpointer       data,
                            GDestroyNotify destroy)
{
  BackgroundJob *j;

  g_return_if_fail (job != NULL);

  sc_parallel_start ();
  j = g_new0 (BackgroundJob, 1);
  j->job = job;
  j->data = data;
  j->destroy = destroy;
  j->link.data = j;

  g_mutex_lock (&pool.lock);
  g_queue_push_head_link (&pool.jobs, &j->link);
  g_cond_signal (&pool.wake);
  g_mutex_unlock (&pool.lock);
}
