/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The process's one pool of worker threads, started on first use and kept: as many
 * threads as the machine has cores (SC_THREADS in the environment overrides it).
 * Fork-join loops (projections, statistics) and background jobs (display tiles) share
 * it; a loop's calling thread takes part in the loop, so loops never wait for
 * background jobs to finish. */

guint  sc_parallel_get_n_threads  (void);

/* Starts the pool's threads now rather than at the first loop or job that needs them
 * (for a program that counts its threads, or wants the start out of a timed loop). */
void   sc_parallel_start          (void);

/* Makes the pool's threads, and the threads that call sc_parallel_lower_thread(), run
 * at this nice value (0 .. 19) above the process's: an interactive program sets it before
 * the pool starts, so that its main thread wins the CPU over the work it asked for. */
void   sc_parallel_set_worker_nice (int nice);
/* Gives the calling thread the workers' nice value, once per thread: for the threads of
 * background work outside the pool (a projection's run thread, GTask threads that open,
 * read or histogram). Linux sets nice values per thread; elsewhere it does nothing. */
void   sc_parallel_lower_thread   (void);

typedef void (*ScParallelFunc) (guint    index,
                                gpointer user_data);

/* Calls func (i, user_data) for every i in 0 .. n_items - 1, on at most n_threads
 * threads at once (0: all), the calling thread included, and returns when all are done.
 * Items are handed out in order, one at a time. */
void   sc_parallel_for            (guint          n_items,
                                   guint          n_threads,
                                   ScParallelFunc func,
                                   gpointer       user_data);

/* An item of sc_parallel_for_full(): worker is the slot of the thread running it,
 * 0 .. sc_parallel_get_max_workers (n_threads) - 1, and no two items of one loop run
 * on the same slot at once (so per-slot scratch needs no lock). FALSE stops the loop. */
typedef gboolean (*ScParallelLoopFunc) (guint    index,
                                        guint    worker,
                                        gpointer user_data);

/* The number of worker slots a loop over n_threads (0: all) can use. */
guint    sc_parallel_get_max_workers (guint n_threads);

/* As sc_parallel_for(), with worker slots and a way to stop: once an item returns
 * FALSE or cancellable is cancelled, no further item starts. Returns when no item of
 * the loop runs any more: TRUE when every item ran and returned TRUE. Safe to call from
 * an item of another loop or from a background job: the calling thread works the items
 * itself and pool threads help when they are free. */
gboolean sc_parallel_for_full     (guint               n_items,
                                   guint               n_threads,
                                   ScParallelLoopFunc  func,
                                   gpointer            user_data,
                                   GCancellable       *cancellable);

typedef void (*ScParallelJob) (gpointer data);

/* Runs job (data) on a pool thread some time later, then destroy (data) there.
 * Jobs submitted later run first (the newest request is the one the user waits for).
 * Pool threads take waiting jobs before they help loops, whose callers keep working. */
void   sc_parallel_run_background (ScParallelJob  job,
                                   gpointer       data,
                                   GDestroyNotify destroy);

G_END_DECLS
