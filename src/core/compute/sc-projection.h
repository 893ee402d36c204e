/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-method.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* Called on the thread that runs the steps, or on the main context for run_async(). */
typedef void (*ScProjectionProgress) (double   fraction,
                                      gpointer user_data);

/* The result so far (a stack of its own: ref it to keep it), with the fraction done;
 * called where the progress function is, just before it. */
typedef void (*ScProjectionPartial)  (ScStack *partial,
                                      double   fraction,
                                      gpointer user_data);

#define SC_PROJECTION_ALL (-1)

/* The axis a projection reduces: Z (over slices, the default) gives a plane of the stack's
 * width and height; Y (over rows) one of width X and height Z, the selected slices from
 * top to bottom; X (over columns) one of width Z, the selected slices from left to right,
 * and height Y. Each has the stack's channels and frames (or the one selected). */
typedef enum {
  SC_PROJECTION_AXIS_Z,
  SC_PROJECTION_AXIS_Y,
  SC_PROJECTION_AXIS_X,
} ScProjectionAxis;

#define SC_TYPE_PROJECTION (sc_projection_get_type ())
G_DECLARE_FINAL_TYPE (ScProjection, sc_projection, SC, PROJECTION, GObject)

/* A projection over the slices (Z) of a stack. Set the options, then either call
 * step() until it returns 1.0, taking get_partial() whenever the result so far is
 * wanted, or call run() / run_async() for the whole. Options cannot change once
 * the first step is taken.
 *
 * Streaming methods (max, min, sum, mean, sd) take chunks of slices: the partial
 * result after k steps is the projection of the slices seen so far. Order
 * statistics (median, percentile) take chunks of rows: the rows done so far are
 * final, the others 0. */
ScProjection      *sc_projection_new                (ScStack               *stack,
                                                     ScProjectionMethod     method);

ScStack           *sc_projection_get_stack          (ScProjection          *self);
ScProjectionMethod sc_projection_get_method         (ScProjection          *self);
/* 0..100, used by SC_PROJECTION_PERCENTILE (default 50). */
void               sc_projection_set_percentile     (ScProjection          *self,
                                                     double                 percentile);
double             sc_projection_get_percentile     (ScProjection          *self);
/* Slices first..last (0-based, inclusive) taking every step-th; last = G_MAXUINT
 * means the last slice. Default all. */
void               sc_projection_set_slices         (ScProjection          *self,
                                                     guint                  first,
                                                     guint                  last,
                                                     guint                  step);
void               sc_projection_get_slices         (ScProjection          *self,
                                                     guint                 *first,
                                                     guint                 *last,
                                                     guint                 *step);
/* The axis to project along (default SC_PROJECTION_AXIS_Z). Along X or Y the slices set
 * above are the result's rows or columns, and every method is computed as over Z (the
 * same SD, median and percentile), reading each row of each selected slice once, in
 * steps of slices: a partial result has the rows (Y) or columns (X) of the slices done
 * so far, the others 0. The result's pixel size is that of its two axes (Y: pixel width
 * and z spacing; X: z spacing and pixel height); its z spacing is the projected axis's. */
void               sc_projection_set_axis           (ScProjection          *self,
                                                     ScProjectionAxis       axis);
ScProjectionAxis   sc_projection_get_axis           (ScProjection          *self);
/* Along Y the rows first..last, along X the columns first..last that are projected
 * (0-based, inclusive, counted as the readout does; last = G_MAXUINT means the last).
 * Default all; not used along Z. */
void               sc_projection_set_range          (ScProjection          *self,
                                                     guint                  first,
                                                     guint                  last);
void               sc_projection_get_range          (ScProjection          *self,
                                                     guint                 *first,
                                                     guint                 *last);
/* One channel (0-based), or SC_PROJECTION_ALL (default) for one result channel
 * per input channel. */
void               sc_projection_set_channel        (ScProjection          *self,
                                                     int                    channel);
int                sc_projection_get_channel        (ScProjection          *self);
/* One time point (0-based), or SC_PROJECTION_ALL (default) for one result frame
 * per input frame. */
void               sc_projection_set_frame          (ScProjection          *self,
                                                     int                    frame);
int                sc_projection_get_frame          (ScProjection          *self);
/* SD over n - 1 (sample, as ImageJ; default) or over n (population). */
void               sc_projection_set_sd_population  (ScProjection          *self,
                                                     gboolean               population);
gboolean           sc_projection_get_sd_population  (ScProjection          *self);
/* At most this many threads at once; 0 (default) uses every thread of the persistent pool
 * (one per processor, or SC_THREADS; see sc-parallel.h). */
void               sc_projection_set_n_threads      (ScProjection          *self,
                                                     guint                  n_threads);
guint              sc_projection_get_n_threads      (ScProjection          *self);
/* Bytes the projection may use besides its result; 0 (default) means
 * min (256 MiB, a quarter of the available memory). */
void               sc_projection_set_memory_budget  (ScProjection          *self,
                                                     guint64                bytes);
guint64            sc_projection_get_memory_budget  (ScProjection          *self);
/* Slices per step for streaming methods, rows per step for order statistics;
 * 0 (default) chooses from the memory budget. */
void               sc_projection_set_chunk_size     (ScProjection          *self,
                                                     guint                  chunk_size);
guint              sc_projection_get_chunk_size     (ScProjection          *self);
/* TRUE (default): streaming methods step over slices, so that the partial result is
 * the projection of the slices so far. FALSE: every method steps over bands of rows
 * finished through all slices (partial results show finished rows), which keeps the
 * accumulators in cache and out of memory: faster when only the result matters. */
void               sc_projection_set_progressive    (ScProjection          *self,
                                                     gboolean               progressive);
gboolean           sc_projection_get_progressive    (ScProjection          *self);
/* Read rows in place where the stack maps them (sc_stack_peek_rows()) rather than
 * copying them into buffers that stay in cache. Default FALSE: which is faster depends
 * on the machine and on how the page cache holds the file (see adaptive-read). */
void               sc_projection_set_zero_copy      (ScProjection          *self,
                                                     gboolean               zero_copy);
gboolean           sc_projection_get_zero_copy      (ScProjection          *self);
/* Where zero-copy is off and the stack maps its rows: the streaming methods' threads
 * each read their first groups of planes both ways in turn, copied and in place, and
 * time them, and the first to be done decides for all which way reads the rest (the
 * median and percentile time their first steps so, where they have at least 72). The
 * results are the same bytes either way. Reading in place ran 1.5x as fast as the copies on a file whose page
 * cache held it in 2 MiB pages, and slower on one held in small pages (first touches
 * of mapped pages cost more than copying them). Default FALSE. */
void               sc_projection_set_adaptive_read  (ScProjection          *self,
                                                     gboolean               adaptive_read);
gboolean           sc_projection_get_adaptive_read  (ScProjection          *self);
void               sc_projection_set_progress_func  (ScProjection          *self,
                                                     ScProjectionProgress   func,
                                                     gpointer               user_data,
                                                     GDestroyNotify         destroy);
/* run() and run_async() hand the partial result to func after a step at most once every
 * interval_ms (0: after every step), never after the last (the result itself follows).
 * With run_async() the copy is made on the run's thread, and no new one is made while
 * the last has not reached the main context yet, so a busy main loop gets fewer. */
void               sc_projection_set_partial_func   (ScProjection          *self,
                                                     guint                  interval_ms,
                                                     ScProjectionPartial    func,
                                                     gpointer               user_data,
                                                     GDestroyNotify         destroy);

/* Checks the options against the stack and plans the chunks; step() and run()
 * call it when needed. */
gboolean           sc_projection_prepare            (ScProjection          *self,
                                                     GError               **error);
/* Slices projected into each result plane, and the number of steps in all. */
guint              sc_projection_get_n_inputs       (ScProjection          *self);
guint              sc_projection_get_n_steps        (ScProjection          *self);
/* Bytes read from the stack so far. */
guint64            sc_projection_get_bytes_read     (ScProjection          *self);
/* Of the bytes the streaming methods have read, those read in place (zero-copy, or
 * where adaptive-read chose it). */
guint64            sc_projection_get_bytes_in_place (ScProjection          *self);
/* Processes one chunk; returns the fraction done (1.0 when finished), or -1 with
 * error set (G_IO_ERROR_CANCELLED when cancelled; the projection is then unusable). */
double             sc_projection_step               (ScProjection          *self,
                                                     GCancellable          *cancellable,
                                                     GError               **error);
gboolean           sc_projection_is_done            (ScProjection          *self);
/* The result so far as a new memory stack (a copy). */
ScStack           *sc_projection_get_partial        (ScProjection          *self);
/* Once done: the result (1 slice, the selected channels and frames). */
ScStack           *sc_projection_get_result         (ScProjection          *self);
/* Once done: the result's planes one after the other, native byte order. */
GBytes            *sc_projection_get_result_bytes   (ScProjection          *self);

ScStack           *sc_projection_run                (ScProjection          *self,
                                                     GCancellable          *cancellable,
                                                     GError               **error);
/* Runs every step in a thread of the run's own (the steps' work items run on the
 * persistent pool of sc-parallel.h), which has ended by the time the callback runs; the
 * partial and progress functions and the callback are called on the thread-default main
 * context of the caller, the reports in order and before the callback. */
void               sc_projection_run_async          (ScProjection          *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
ScStack           *sc_projection_run_finish         (ScProjection          *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

G_END_DECLS
