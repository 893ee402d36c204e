/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-parallel"

#include "config.h"

#include <stdlib.h>

#include "sc-parallel.h"

/* FIXME(issue 12): a first version over GThreadPool, to be replaced by the persistent
 * pool that the projection steps use. */

typedef struct {
  ScParallelJob  job;
  gpointer       data;
  GDestroyNotify destroy;
  guint64        order;
} BackgroundJob;

static GThreadPool *background_pool;
static guint64 background_order;

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
      g_once_init_leave (&n_threads, MAX (n, 1));
    }
  return (guint) n_threads;
}

typedef struct {
  guint          n_items;
  ScParallelFunc func;
  gpointer       user_data;
  int            next;
} ForData;

static gpointer
for_thread (gpointer data)
{
  ForData *d = data;
  guint i;

  while ((i = (guint) g_atomic_int_add (&d->next, 1)) < d->n_items)
    d->func (i, d->user_data);
  return NULL;
}

void
sc_parallel_for (guint          n_items,
                 guint          n_threads,
                 ScParallelFunc func,
                 gpointer       user_data)
{
  ForData d = { n_items, func, user_data, 0 };
  GThread *threads[64];
  guint n;

  g_return_if_fail (func != NULL);

  n = n_threads == 0 ? sc_parallel_get_n_threads () : MIN (n_threads, sc_parallel_get_n_threads ());
  n = MIN (MIN (n, n_items), G_N_ELEMENTS (threads));
  for (guint i = 1; i < n; i++)
    threads[i] = g_thread_new ("sc-parallel", for_thread, &d);
  for_thread (&d);
  for (guint i = 1; i < n; i++)
    g_thread_join (threads[i]);
}

static gint
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const BackgroundJob *ja = a, *jb = b;

  return ja->order < jb->order ? 1 : ja->order > jb->order ? -1 : 0;
}

static void
background_thread (gpointer data,
                   gpointer user_data)
{
  BackgroundJob *job = data;

  job->job (job->data);
  if (job->destroy != NULL)
    job->destroy (job->data);
  g_free (job);
}

void
sc_parallel_run_background (ScParallelJob  job,
                            gpointer       data,
                            GDestroyNotify destroy)
{
  static GMutex lock;
  BackgroundJob *j;

  g_return_if_fail (job != NULL);

  g_mutex_lock (&lock);
  if (background_pool == NULL)
    {
      background_pool = g_thread_pool_new (background_thread, NULL,
                                           (int) sc_parallel_get_n_threads (), FALSE, NULL);
      g_thread_pool_set_sort_function (background_pool, newest_first, NULL);
    }
  j = g_new (BackgroundJob, 1);
  *j = (BackgroundJob) { job, data, destroy, ++background_order };
  g_thread_pool_push (background_pool, j, NULL);
  g_mutex_unlock (&lock);
}
