/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The process's one pool of worker threads, started on first use and kept: as many
 * threads as the machine has cores (SC_THREADS in the environment overrides it).
 * Fork-join loops (projections, statistics) and background jobs (display tiles) share
 * it; a loop's calling thread takes part in the loop, so loops never wait for
 * background jobs to finish. */

guint  sc_parallel_get_n_threads  (void);

typedef void (*ScParallelFunc) (guint    index,
                                gpointer user_data);

/* Calls func (i, user_data) for every i in 0 .. n_items - 1, on at most n_threads
 * threads at once (0: all), the calling thread included, and returns when all are done.
 * Items are handed out in order, one at a time. */
void   sc_parallel_for            (guint          n_items,
                                   guint          n_threads,
                                   ScParallelFunc func,
                                   gpointer       user_data);

typedef void (*ScParallelJob) (gpointer data);

/* Runs job (data) on a pool thread some time later, then destroy (data) there.
 * Jobs submitted later run first (the newest request is the one the user waits for). */
void   sc_parallel_run_background (ScParallelJob  job,
                                   gpointer       data,
                                   GDestroyNotify destroy);

G_END_DECLS
