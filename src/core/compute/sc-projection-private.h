/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sys/resource.h>
#include <time.h>

#include "sc-method.h"
#include "sc-projection.h"
#include "sc-projection-fold.h"
#include "sc-select-kernels.h"

G_BEGIN_DECLS

/* The projection's state, shared by its parts: sc-projection.c (API, steps, results,
 * runs), -plan.c (chunks, bands, memory, work items), -stream.c (the streaming methods'
 * steps), -select.c (median and percentile over bands of rows) and -run.c (run() and
 * run_async() with their reports). */

/* How the streaming methods accumulate. Integer data is summed exactly in integers;
 * float data and the squares of 32-bit data in double, shifted by the first value. */
typedef enum {
  ACC_MINMAX,       /* the result itself, of the input type */
  ACC_SUM_I32,
  ACC_SUM_I64,
  ACC_SUM_F64,
  ACC_SQ_I32,       /* i32 sum + u64 sum of squares */
  ACC_SQ_U32,       /* i32 sum + u32 sum of squares: 8-bit data, n * max^2 < 2^32 */
  ACC_SQ_I64,       /* i64 sum + u64 sum of squares */
  ACC_SHIFTED,      /* f64 sum + f64 sum of squares + the shift, of the input type */
} AccKind;

/* Adaptive reads: the groups of planes one thread has read each way, [0] copied and [1]
 * in place, the nanoseconds a byte of each it timed, the page faults of those read in
 * place and their bytes (read by the thread that decides, hence atomic), and the way it
 * takes (-1 while it measures); its bytes read in place, whichever way it was told to.
 * Its own cache lines. PROBE_GROUPS groups each way are timed, after one each way
 * untimed; the first thread to have timed them decides for every thread
 * (ScProjection.read_choice). */
#define PROBE_GROUPS      8
/* Reading in place is taken only where the thread's page faults mapped more than this
 * a fault: a fault maps at most fault_around_bytes (64 KiB) of small folios, a whole
 * larger folio at once, and 2 MiB ones a PMD at a time. The page table entries of
 * small folios cost again when the map is torn down, at the process's end on one
 * thread, where no probe sees them. The 1.6 GB u16 stack (max; quiet machine, best of 5):
 *   4 KiB folios, 51-64 KiB a fault: 77 ms to unmap; copies 0.19 s, in place 0.22-0.24
 *   mid-sized ones, 70-96 KiB a fault: 42 ms; copies 0.160 s, in place 0.166
 *   2 MiB ones, 240-4096 KiB a fault: 1 ms; copies 0.15 s, in place 0.10-0.11 */
#define PROBE_LARGE_FAULT (128 * 1024)
typedef struct {
  guint    groups[2];
  float    ns_per_byte[2][PROBE_GROUPS];
  guint64  faults;
  guint64  fault_bytes;
  int      choice;
  guint64  in_place;
} __attribute__ ((aligned (64))) ReadProbe;

/* Where a band's accumulators are: in the whole-result arrays (progressive), or in a
 * thread's own band-sized arrays (by rows, and the projections along X and Y). */
typedef struct {
  gpointer  sum;
  gpointer  sq;      /* of _sc_acc_sq_size () bytes a sample */
  guint8   *shift;
} Acc;

/* Bytes a sample of a kind's sums (not ACC_MINMAX) and of its sums of squares (0: none). */
static inline gsize
_sc_acc_sum_size (AccKind kind)
{
  return kind == ACC_SUM_I32 || kind == ACC_SQ_I32 || kind == ACC_SQ_U32 ? 4 : 8;
}

static inline gsize
_sc_acc_sq_size (AccKind kind)
{
  return kind == ACC_SQ_U32 ? 4 : kind >= ACC_SQ_I32 ? 8 : 0;
}

/* Accumulator bands of about this size stay in a core's L2 cache while the planes of a
 * chunk go through them (rows read in place). Rows that are read are read about
 * READ_BYTES of a plane at a time, a group of planes for one pass over the band's
 * accumulators, and the band with the group's rows within FOLD_BAND_BYTES (in L3: on
 * the machines measured, reads of 64 KiB to fit L2 cost more than they saved). */
#define BAND_BYTES        (256 * 1024)
#define READ_BYTES        (256 * 1024)
#define FOLD_BAND_BYTES   (4 * 1024 * 1024)
/* Stacks of fewer bands than this in all (small planes) split each step's slices into
 * at most SC_SPLIT_MAX parts instead, each with accumulators of its own. */
#define SPLIT_BANDS       8
#define SC_SPLIT_MAX      8
/* Input that a streaming step reads, so that progress moves and threads start rarely. */
#define STEP_INPUT_BYTES  (64 * 1024 * 1024)
/* Samples in one order-statistics work item. */
#define TILE_SAMPLES      4096
/* Order statistics read about this much per step (within the budget): it stays in the
 * last-level cache between reading and selecting (a buffer of 64 MiB went out to memory
 * and back), and is quick to allocate; each read at least SELECT_READ_BYTES. */
#define SELECT_BUFFER_BYTES (12 * 1024 * 1024)
#define SELECT_READ_BYTES (64 * 1024)
#define SELECT_BUFFER_MAX (64 * 1024 * 1024)
#define HUGE_ALLOC_MIN    (4 * 1024 * 1024)

struct _ScProjection
{
  GObject               parent_instance;

  ScStack              *stack;
  ScProjectionMethod    method;
  double                percentile;
  guint                 first;
  guint                 last;
  guint                 step;
  int                   channel;
  int                   frame;
  guint                 n_threads;
  guint64               memory_budget;
  guint                 chunk_size;
  guint                 sd_population : 1;
  guint                 progressive : 1;
  guint                 zero_copy : 1;
  guint                 adaptive_read : 1;
  ScProjectionAxis      axis;
  guint                 range_first;   /* rows (axis Y) or columns (axis X) projected */
  guint                 range_last;    /* G_MAXUINT: to the last */

  ScProjectionProgress  progress_func;
  gpointer              progress_data;
  GDestroyNotify        progress_destroy;
  ScProjectionPartial   partial_func;
  gpointer              partial_data;
  GDestroyNotify        partial_destroy;
  guint                 partial_interval_ms;

  /* Held while a step runs, so that get_partial() may be called from another thread. */
  GMutex                lock;

  /* The plan, fixed by prepare(). */
  guint                 prepared : 1;
  guint                 failed : 1;
  ScSampleType          type;
  ScSampleType          result_type;
  gsize                 in_size;
  gsize                 out_size;
  guint                 width;
  guint                 height;
  gsize                 row_samples;
  gsize                 row_stride;
  gsize                 plane_samples;
  guint                 n_out_c;
  guint                 n_out_t;
  guint                 n_out;
  guint                 n_in;
  guint                *slices;
  guint                 threads;
  guint64               budget;
  guint                 steps_total;
  guint                 steps_done;
  guint64               bytes_read;
  guint64               bytes_in_place;

  guint8               *out;

  /* Streaming methods */
  AccKind               kind;
  gpointer              acc_sum;
  gpointer              acc_sq;
  gpointer              acc_shift;
  guint                 chunk_slices;
  guint                 band_rows;
  guint                 n_bands;
  guint                 bands_per_step;
  guint                 n_seen;
  guint                 fold;          /* planes per pass over a band's accumulators */
  gsize                 in_stride;     /* bytes from one plane's rows to the next in scratch */
  guint                 split;         /* parts of a step's slices (1: not split) */
  Acc                  *parts;         /* parts 1 .. split - 1: whole-result accumulators */
  guint8               *parts_mem;
  gboolean              probing;       /* adaptive read, not zero-copy, rows mapped */
  ReadProbe            *probes;        /* one a worker slot */
  gint                  read_choice;   /* adaptive read: in place (1) or copies (0) for
                                        * every thread, once one has decided; -1 before */

  /* Along X or Y (sc-projection-axis.c): the projected rows or columns, the slices
   * each step takes, the input's shape */
  guint                 r0;
  guint                 n_range;
  guint                 axis_slices_per_step;
  guint                 in_width;
  guint                 in_height;
  gsize                 in_row_samples;

  /* Order statistics */
  ScSelectSpec          spec;
  guint                 chunk_rows;
  gsize                 seg_samples;
  guint                 segs_per_row;
  guint                 chunks_per_plane;
  guint8               *buffer;
  const guint8        **bases;
  gsize                *base_strides;

  /* Two scratch areas per thread: input rows; accumulators, row pointers, select scratch. */
  guint8              **scratch;
  gsize                *scratch_size;

  ScStack              *result;
  GBytes               *result_bytes;
};

static inline gint64
_sc_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Minor page faults so far of this thread (or of the whole process); 0 where the system
 * does not count them. */
static inline guint64
_sc_minor_faults (gboolean this_thread)
{
  struct rusage ru;
  int who = RUSAGE_SELF;

#ifdef RUSAGE_THREAD
  if (this_thread)
    who = RUSAGE_THREAD;
#else
  if (this_thread)
    return 0;
#endif
  return getrusage (who, &ru) == 0 ? (guint64) ru.ru_minflt : 0;
}

static inline gboolean
_sc_projection_is_streaming (ScProjection *self)
{
  return sc_method_get_info (self->method)->streaming;
}

/* sc-projection-plan.c */
gboolean  _sc_projection_plan              (ScProjection  *self,
                                            guint          last,
                                            GError       **error);
void      _sc_projection_free_plan         (ScProjection  *self);
gpointer  _sc_projection_alloc             (gsize          n_bytes,
                                            gboolean       zero,
                                            GError       **error);
void      _sc_projection_fill_identity     (ScProjection  *self,
                                            guint8        *dest,
                                            gsize          n);

/* One work item of a step, on worker slot thread (< self->threads). */
typedef gboolean (*ScProjectionItemFunc) (ScProjection  *self,
                                          guint          item,
                                          guint          thread,
                                          gpointer       data,
                                          GError       **error);
/* Runs items 0 .. n_items - 1 on the pool, at most self->threads at once; the first
 * error (or the cancellation) stops it. */
gboolean  _sc_projection_run_parallel      (ScProjection          *self,
                                            guint                  n_items,
                                            ScProjectionItemFunc   func,
                                            gpointer               data,
                                            GCancellable          *cancellable,
                                            GError               **error);
/* Scratch area which (0 or 1) of worker slot thread, kept from step to step. */
guint8   *_sc_projection_get_scratch       (ScProjection  *self,
                                            guint          thread,
                                            guint          which,
                                            gsize          size);
/* The input plane of output plane out_plane at slice. */
guint     _sc_projection_input_plane       (ScProjection  *self,
                                            guint          out_plane,
                                            guint          slice);

/* sc-projection-stream.c */
gboolean  _sc_projection_stream_step       (ScProjection  *self,
                                            GCancellable  *cancellable,
                                            GError       **error);
/* Whether the next group of planes (step of the order statistics) of the thread whose
 * probe this is reads in place: with zero-copy always; while adaptive reads measure, each
 * way in turn, till a thread has decided for all (probe->choice then takes that way). */
gboolean  _sc_projection_probe_in_place    (ScProjection  *self,
                                            ReadProbe     *probe);
/* Adaptive reads: a group of planes (a step of the order statistics) read in place or
 * copied took ns for bytes, with faults minor page faults if in place. Each way's first
 * pays for what happens once (the scratch's first touch, the first faults of a map) and
 * is not counted; once probe has PROBE_GROUPS each way, it decides for every thread
 * (_sc_projection_read_decide ()), unless one has already. */
void      _sc_projection_probe_record      (ScProjection  *self,
                                            ReadProbe     *probe,
                                            gboolean       in_place,
                                            gint64         ns,
                                            guint64        bytes,
                                            guint64        faults);
/* Adaptive reads: the way every thread reads from now on, decided from probe's timings
 * (which must hold PROBE_GROUPS each way) and the page faults of all threads' groups
 * read in place so far, unless a thread has decided already (then its way); in place
 * where probe's median nanoseconds a byte are the smaller that way and the faults mapped
 * more than PROBE_LARGE_FAULT bytes each. Pooled, because a fault maps a large folio for
 * whichever thread touches it first, and the other finds those rows mapped: alone, two
 * threads saw 63 and 234 KiB a fault in the same file and chose apart. Sets
 * probe->choice and self->read_choice. */
gboolean  _sc_projection_read_decide       (ScProjection  *self,
                                            ReadProbe     *probe);
/* The values of the slices seen so far, from the progressive accumulators. */
void      _sc_projection_stream_partial    (ScProjection  *self,
                                            float         *dest);

/* acc (and out, for max and min) += n samples of src; first: the first values. */
void      _sc_projection_accumulate        (ScProjection  *self,
                                            const Acc     *acc,
                                            guint8        *out,
                                            gconstpointer  src,
                                            gsize          n,
                                            gboolean       first);
/* The method's values of n samples from their accumulators over n_seen inputs. */
void      _sc_projection_finish_band       (ScProjection  *self,
                                            const Acc     *acc,
                                            gsize          n,
                                            guint          n_seen,
                                            float         *dest);

/* sc-projection-axis.c: projections along X and Y */
gboolean  _sc_projection_axis_plan         (ScProjection  *self,
                                            GError       **error);
gboolean  _sc_projection_axis_step         (ScProjection  *self,
                                            GCancellable  *cancellable,
                                            GError       **error);
/* The result's pixel size from the stack's (cal holds a copy of it). */
void      _sc_projection_axis_calibrate    (ScProjection  *self,
                                            ScCalibration *cal);
/* "Maximum along Y of rows 0-99 and slices 1-25 of cells.tif", what the method. */
char     *_sc_projection_axis_describe     (ScProjection  *self,
                                            const char    *what);

/* sc-projection-select.c */
gboolean  _sc_projection_select_step       (ScProjection  *self,
                                            GCancellable  *cancellable,
                                            GError       **error);

G_END_DECLS
