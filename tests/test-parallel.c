/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sc-parallel.h"

/* ---- Every index once, worker slots, thread limits ---- */

typedef struct {
  gint    *counts;
  guint    max_workers;
  gint    *busy;          /* per worker slot */
  gint     running;
  gint     max_running;
  GThread *caller;
  gint     off_caller;    /* items run on another thread than the caller */
  gulong   work_us;
} Count;

static gboolean
count_item (guint    index,
            guint    worker,
            gpointer user_data)
{
  Count *c = user_data;
  gint running = g_atomic_int_add (&c->running, 1) + 1;
  gint seen;

  g_assert_cmpuint (worker, <, c->max_workers);
  /* No two items of one loop share a slot at once. */
  g_assert_cmpint (g_atomic_int_add (&c->busy[worker], 1), ==, 0);
  while ((seen = g_atomic_int_get (&c->max_running)) < running
         && !g_atomic_int_compare_and_exchange (&c->max_running, seen, running))
    ;
  if (g_thread_self () != c->caller)
    g_atomic_int_inc (&c->off_caller);
  if (c->work_us > 0)
    g_usleep (c->work_us);
  g_atomic_int_inc (&c->counts[index]);
  g_atomic_int_add (&c->busy[worker], -1);
  g_atomic_int_add (&c->running, -1);
  return TRUE;
}

static void
run_count (guint  n_items,
           guint  n_threads,
           gulong work_us,
           Count *c)
{
  memset (c, 0, sizeof *c);
  c->counts = g_new0 (gint, MAX (n_items, 1));
  c->max_workers = sc_parallel_get_max_workers (n_threads);
  c->busy = g_new0 (gint, c->max_workers);
  c->caller = g_thread_self ();
  c->work_us = work_us;

  g_assert_true (sc_parallel_for_full (n_items, n_threads, count_item, c, NULL));
  for (guint i = 0; i < n_items; i++)
    g_assert_cmpint (c->counts[i], ==, 1);
  g_assert_cmpint (c->running, ==, 0);
  g_free (c->counts);
  g_free (c->busy);
}

static void
test_every_index (void)
{
  static const guint sizes[] = { 0, 1, 2, 3, 17, 1000, 100000 };
  guint n = sc_parallel_get_n_threads ();

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint threads = 0; threads <= n + 2; threads++)
      {
        Count c;

        run_count (sizes[s], threads, 0, &c);
        g_assert_cmpint (c.max_running, <=, (gint) sc_parallel_get_max_workers (threads));
      }
}

static void
test_limits (void)
{
  guint n = sc_parallel_get_n_threads ();
  Count c;

  g_assert_cmpuint (sc_parallel_get_max_workers (0), ==, n);
  g_assert_cmpuint (sc_parallel_get_max_workers (1), ==, 1);
  g_assert_cmpuint (sc_parallel_get_max_workers (n + 5), ==, n);

  /* One thread: every item on the caller, in order of index. */
  run_count (200, 1, 0, &c);
  g_assert_cmpint (c.off_caller, ==, 0);
  g_assert_cmpint (c.max_running, ==, 1);

  /* Items that take a while: as many at once as allowed, never more. */
  for (guint threads = 2; threads <= n; threads++)
    {
      run_count (40 * threads, threads, 2000, &c);
      g_assert_cmpint (c.max_running, <=, (gint) threads);
      g_assert_cmpint (c.max_running, >=, 2);
      g_assert_cmpint (c.off_caller, >, 0);
    }
}

static void
plain_item (guint    index,
            gpointer user_data)
{
  g_atomic_int_inc (&((gint *) user_data)[index]);
}

static void
test_plain_for (void)
{
  gint counts[500] = { 0 };

  sc_parallel_for (G_N_ELEMENTS (counts), 0, plain_item, counts);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    g_assert_cmpint (counts[i], ==, 1);
}

/* ---- Stopping ---- */

typedef struct {
  GCancellable *cancellable;
  guint         stop_at;
  gint          n_run;
} Stop;

static gboolean
stop_item (guint    index,
           guint    worker,
           gpointer user_data)
{
  Stop *s = user_data;

  g_atomic_int_inc (&s->n_run);
  if (index == s->stop_at)
    {
      if (s->cancellable != NULL)
        g_cancellable_cancel (s->cancellable);
      else
        return FALSE;
    }
  return TRUE;
}

static void
test_stop (void)
{
  for (guint cancel = 0; cancel < 2; cancel++)
    {
      Stop s = { cancel ? g_cancellable_new () : NULL, 10, 0 };

      g_assert_false (sc_parallel_for_full (100000, 0, stop_item, &s, s.cancellable));
      /* Items already started finish; no new one starts after the stop is seen. */
      g_assert_cmpint (s.n_run, >=, 1);
      g_assert_cmpint (s.n_run, <, 100000);
      g_clear_object (&s.cancellable);
    }

  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Stop s = { NULL, G_MAXUINT, 0 };

    g_cancellable_cancel (cancellable);
    g_assert_false (sc_parallel_for_full (50, 0, stop_item, &s, cancellable));
    g_assert_cmpint (s.n_run, ==, 0);
    /* Nothing to do is done. */
    g_assert_true (sc_parallel_for_full (0, 0, stop_item, &s, cancellable));
  }
}

/* ---- Nesting: loops inside loops and inside background jobs ---- */

typedef struct {
  GMutex  lock;
  GCond   cond;
  guint   n_done;
  gint    n_items;
  gint    n_destroyed;
} Jobs;

static void
inner_item (guint    index,
            gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
}

static void
outer_item (guint    index,
            gpointer user_data)
{
  gint inner = 0;

  sc_parallel_for (50, 0, inner_item, &inner);
  g_assert_cmpint (inner, ==, 50);
  g_atomic_int_add ((gint *) user_data, inner);
}

static void
nested_job (gpointer data)
{
  Jobs *jobs = data;
  gint n = 0;

  sc_parallel_for (20, 0, outer_item, &n);
  g_assert_cmpint (n, ==, 20 * 50);
  g_atomic_int_add (&jobs->n_items, n);
  g_mutex_lock (&jobs->lock);
  jobs->n_done++;
  g_cond_signal (&jobs->cond);
  g_mutex_unlock (&jobs->lock);
}

static void
job_destroyed (gpointer data)
{
  Jobs *jobs = data;

  g_atomic_int_inc (&jobs->n_destroyed);
}

static void
wait_jobs (Jobs  *jobs,
           guint  n)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&jobs->lock);
  while (jobs->n_done < n)
    if (!g_cond_wait_until (&jobs->cond, &jobs->lock, deadline))
      g_error ("background jobs deadlocked: %u of %u done", jobs->n_done, n);
  g_mutex_unlock (&jobs->lock);
}

static void
test_nested (void)
{
  /* More jobs than threads, each a loop of loops: every pool thread ends up the caller
   * of a loop whose helpers are busy elsewhere. */
  guint n_jobs = 4 * sc_parallel_get_n_threads () + 3;
  Jobs jobs = { 0 };
  gint n = 0;

  g_mutex_init (&jobs.lock);
  g_cond_init (&jobs.cond);
  for (guint i = 0; i < n_jobs; i++)
    sc_parallel_run_background (nested_job, &jobs, job_destroyed);
  /* The same from the main thread meanwhile. */
  sc_parallel_for (20, 0, outer_item, &n);
  g_assert_cmpint (n, ==, 20 * 50);
  wait_jobs (&jobs, n_jobs);
  g_assert_cmpint (g_atomic_int_get (&jobs.n_items), ==, (gint) n_jobs * 20 * 50);
  /* destroy runs after the job, on the same thread: wait for the last one. */
  for (guint i = 0; i < 10000 && g_atomic_int_get (&jobs.n_destroyed) < (gint) n_jobs; i++)
    g_usleep (1000);
  g_assert_cmpint (g_atomic_int_get (&jobs.n_destroyed), ==, (gint) n_jobs);
  g_mutex_clear (&jobs.lock);
  g_cond_clear (&jobs.cond);
}

/* ---- Many callers at once ---- */

static gpointer
caller_thread (gpointer data)
{
  for (guint round = 0; round < 40; round++)
    {
      Count c;

      run_count (97 + round, round % 4, 0, &c);
    }
  return data;
}

static void
test_many_callers (void)
{
  GThread *threads[8];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("test-caller", caller_thread, GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, i + 1);
}

/* ---- Background jobs: newest first ---- */

typedef struct {
  GMutex   lock;
  GCond    cond;
  guint    n_started;
  gboolean *open;       /* one gate per blocker */
  GString *order;
} Gates;

typedef struct {
  Gates *gates;
  guint  i;
} Blocker;

static void
blocker_job (gpointer data)
{
  Blocker *b = data;
  Gates *g = b->gates;

  g_mutex_lock (&g->lock);
  g->n_started++;
  g_cond_broadcast (&g->cond);
  while (!g->open[b->i])
    g_cond_wait (&g->cond, &g->lock);
  g->n_started--;
  g_cond_broadcast (&g->cond);
  g_mutex_unlock (&g->lock);
}

typedef struct {
  Gates *gates;
  char   name;
} Named;

static void
named_job (gpointer data)
{
  Named *n = data;

  g_mutex_lock (&n->gates->lock);
  g_string_append_c (n->gates->order, n->name);
  g_cond_broadcast (&n->gates->cond);
  g_mutex_unlock (&n->gates->lock);
}

static void
test_newest_first (void)
{
  guint n = sc_parallel_get_n_threads ();
  static Gates g;
  Blocker *blockers = g_new0 (Blocker, n);
  Named named[4];

  g.open = g_new0 (gboolean, n);
  g.order = g_string_new (NULL);

  /* Every pool thread waits at a gate of its own, ... */
  for (guint i = 0; i < n; i++)
    {
      blockers[i] = (Blocker) { &g, i };
      sc_parallel_run_background (blocker_job, &blockers[i], NULL);
    }
  g_mutex_lock (&g.lock);
  while (g.n_started < n)
    g_cond_wait (&g.cond, &g.lock);
  g_mutex_unlock (&g.lock);

  /* ... while loops still run, on the caller alone, ... */
  {
    Count c;

    run_count (100, 0, 0, &c);
    g_assert_cmpint (c.off_caller, ==, 0);
  }

  /* ... and jobs queue up; one thread let go takes the newest first. */
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      named[i] = (Named) { &g, (char) ('A' + i) };
      sc_parallel_run_background (named_job, &named[i], NULL);
    }
  g_mutex_lock (&g.lock);
  g.open[0] = TRUE;
  g_cond_broadcast (&g.cond);
  while (g.order->len < G_N_ELEMENTS (named))
    g_cond_wait (&g.cond, &g.lock);
  g_assert_cmpstr (g.order->str, ==, "DCBA");
  for (guint i = 0; i < n; i++)
    g.open[i] = TRUE;
  g_cond_broadcast (&g.cond);

  /* Wait until the blockers have left their gates (the gates are static: a blocker
   * may still be unlocking). */
  while (g.n_started > 0)
    g_cond_wait (&g.cond, &g.lock);
  g_mutex_unlock (&g.lock);

  g_string_free (g.order, TRUE);
  g_free (g.open);
  g_free (blockers);
}

static void
test_n_threads (void)
{
  const char *env = g_getenv ("SC_THREADS");
  guint n = sc_parallel_get_n_threads ();

  if (env != NULL && strtoul (env, NULL, 10) > 0)
    g_assert_cmpuint (n, ==, MIN (strtoul (env, NULL, 10), 1024));
  else
    g_assert_cmpuint (n, ==, g_get_num_processors ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/parallel/n-threads", test_n_threads);
  g_test_add_func ("/core/parallel/every-index", test_every_index);
  g_test_add_func ("/core/parallel/limits", test_limits);
  g_test_add_func ("/core/parallel/plain-for", test_plain_for);
  g_test_add_func ("/core/parallel/stop", test_stop);
  g_test_add_func ("/core/parallel/nested", test_nested);
  g_test_add_func ("/core/parallel/many-callers", test_many_callers);
  g_test_add_func ("/core/parallel/newest-first", test_newest_first);

  return g_test_run ();
}
