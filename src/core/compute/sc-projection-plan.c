/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "sc-error.h"
#include "sc-parallel.h"
#include "sc-projection-private.h"

/* Accumulator bands of about this size stay in a core's L2 cache while the planes of a
 * chunk go through them. */
#define BAND_BYTES        (256 * 1024)
/* Input that a streaming step reads, so that progress moves and threads start rarely. */
#define STEP_INPUT_BYTES  (64 * 1024 * 1024)
#define HUGE_ALLOC_MIN    (4 * 1024 * 1024)

void
_sc_projection_free_plan (ScProjection *self)
{
  g_clear_pointer (&self->slices, g_free);
  g_clear_pointer (&self->out, g_free);
  g_clear_pointer (&self->acc_sum, g_free);
  g_clear_pointer (&self->acc_sq, g_free);
  g_clear_pointer (&self->acc_shift, g_free);
  g_clear_pointer (&self->parts, g_free);
  g_clear_pointer (&self->parts_mem, g_free);
  g_clear_pointer (&self->probes, g_aligned_free);
  g_clear_pointer (&self->buffer, g_free);
  g_clear_pointer (&self->bases, g_free);
  g_clear_pointer (&self->base_strides, g_free);
  if (self->scratch != NULL)
    for (guint i = 0; i < 2 * self->threads; i++)
      g_free (self->scratch[i]);
  g_clear_pointer (&self->scratch, g_free);
  g_clear_pointer (&self->scratch_size, g_free);
}

/* ---- Memory ---- */

static guint64
default_budget (void)
{
  guint64 available = 0;
  g_autofree char *meminfo = NULL;

  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL))
    {
      const char *line = strstr (meminfo, "MemAvailable:");
      if (line != NULL)
        available = g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10) * 1024;
    }
#ifdef _SC_AVPHYS_PAGES
  if (available == 0)
    {
      long pages = sysconf (_SC_AVPHYS_PAGES), page_size = sysconf (_SC_PAGESIZE);
      if (pages > 0 && page_size > 0)
        available = (guint64) pages * (guint64) page_size;
    }
#endif
  if (available == 0)
    return 256 * 1024 * 1024;
  return MIN ((guint64) 256 * 1024 * 1024, available / 4);
}

static gsize
acc_bytes_per_sample (ScProjection *self)
{
  if (self->kind == ACC_MINMAX)
    return self->in_size;
  return _sc_acc_sum_size (self->kind) + _sc_acc_sq_size (self->kind)
         + (self->kind == ACC_SHIFTED ? self->in_size : 0);
}

/* Large arrays in transparent huge pages where the system offers them: touching fresh
 * memory a 4 KiB page at a time costs more than the projection itself on some virtual
 * machines. Zeroed ones come from calloc(), which hands out fresh mapped memory as it
 * is, zero and untouched, so that the workers fault its pages in as they write their
 * bands, side by side: a memset here zeroed them once more, in the calling thread,
 * before any work began (16 MB: 20 ms of a 100 ms projection on such a machine). Its
 * 2 MiB-aligned pages are advised huge before anything touches them. Freed with
 * g_free() (free()). */
gpointer
_sc_projection_alloc (gsize     n_bytes,
                      gboolean  zero,
                      GError  **error)
{
  gpointer p = NULL;

#if defined(MADV_HUGEPAGE)
  if (n_bytes >= HUGE_ALLOC_MIN)
    {
      const guintptr huge = 2 * 1024 * 1024;

      if (zero && (p = g_try_malloc0 (n_bytes)) != NULL)
        {
          guintptr start = ((guintptr) p + huge - 1) & ~(huge - 1);
          guintptr end = ((guintptr) p + n_bytes) & ~(huge - 1);

          if (end > start)
            madvise ((gpointer) start, end - start, MADV_HUGEPAGE);
        }
      else if (!zero && posix_memalign (&p, huge, n_bytes) == 0)
        madvise (p, n_bytes, MADV_HUGEPAGE);
      else
        p = NULL;
    }
  else
#endif
    p = zero ? g_try_malloc0 (MAX (n_bytes, 1)) : g_try_malloc (MAX (n_bytes, 1));

  if (p == NULL)
    g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                 _("Not enough memory for the projection (%u MiB more needed)"),
                 (guint) MIN (n_bytes >> 20, G_MAXUINT));
  return p;
}

void
_sc_projection_fill_identity (ScProjection *self,
                              guint8       *dest,
                              gsize         n)
{
  gboolean is_max = self->method == SC_PROJECTION_MAX;

  switch (self->type)
    {
    case SC_SAMPLE_U8:
      memset (dest, is_max ? 0 : 0xff, n);
      break;
    case SC_SAMPLE_U16:
      {
        guint16 *o = (guint16 *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? 0 : G_MAXUINT16;
      }
      break;
    case SC_SAMPLE_U32:
      {
        guint32 *o = (guint32 *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? 0 : G_MAXUINT32;
      }
      break;
    case SC_SAMPLE_I8:
      memset (dest, is_max ? 0x80 : 0x7f, n);
      break;
    case SC_SAMPLE_I16:
      {
        gint16 *o = (gint16 *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? G_MININT16 : G_MAXINT16;
      }
      break;
    case SC_SAMPLE_I32:
      {
        gint32 *o = (gint32 *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? G_MININT32 : G_MAXINT32;
      }
      break;
    case SC_SAMPLE_F32:
      {
        float *o = (float *) (gpointer) dest;
        for (gsize i = 0; i < n; i++)
          o[i] = is_max ? -INFINITY : INFINITY;
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- Chunks and bands ---- */

/* Streaming bands of whole blocks of the rows the source decodes together (a compressed
 * strip): the nearest multiple of rows, one block at least, so that no block is decoded by
 * two bands. Unless the threads' band buffers (row_bytes a row: input and accumulators)
 * would then outgrow the budget: a strip as tall as a huge plane is decoded in parts. */
static guint
align_rows (ScProjection *self,
            guint         rows,
            gsize         row_bytes)
{
  guint block = sc_stack_get_row_block (self->stack);
  guint aligned, n_bands;

  if (block <= 1)
    return rows;
  aligned = MIN (MAX (block, (rows + block / 2) / block * block), self->height);
  n_bands = (self->height + aligned - 1) / aligned;
  if ((guint64) MIN (self->threads, self->n_out * n_bands) * aligned * row_bytes > self->budget)
    return rows;
  return aligned;
}

/* The whole-result accumulators of the progressive mode and of a split (part 0), and
 * the split's other parts. */
static gboolean
alloc_accumulators (ScProjection  *self,
                    GError       **error)
{
  gsize n_samples = (gsize) self->n_out * self->plane_samples;
  gsize sum_size = _sc_acc_sum_size (self->kind), sq_size = _sc_acc_sq_size (self->kind);

  if (self->kind != ACC_MINMAX)
    {
      if (!(self->acc_sum = _sc_projection_alloc (n_samples * sum_size, TRUE, error))
          || (sq_size && !(self->acc_sq = _sc_projection_alloc (n_samples * sq_size, TRUE, error)))
          || (self->kind == ACC_SHIFTED
              && !(self->acc_shift = _sc_projection_alloc (n_samples * self->in_size, TRUE, error))))
        return FALSE;
    }

  if (self->split > 1)
    {
      gsize part_sum = n_samples * (self->kind == ACC_MINMAX ? self->in_size : sum_size);
      gsize part_bytes = ((part_sum + 7) & ~(gsize) 7) + n_samples * sq_size;

      if (!(self->parts_mem = _sc_projection_alloc ((self->split - 1) * part_bytes, TRUE, error)))
        return FALSE;
      self->parts = g_new0 (Acc, self->split - 1);
      for (guint k = 0; k + 1 < self->split; k++)
        {
          guint8 *mem = self->parts_mem + k * part_bytes;

          self->parts[k].sum = mem;
          if (sq_size)
            self->parts[k].sq = mem + ((part_sum + 7) & ~(gsize) 7);
          if (self->kind == ACC_MINMAX)
            _sc_projection_fill_identity (self, mem, n_samples);
        }
    }
  return TRUE;
}

/* Whether the stack lends its rows in place (sc_stack_peek_rows ()), as a mapped
 * uncompressed file does. */
static gboolean
stack_lends_rows (ScProjection *self)
{
  return sc_stack_peek_rows (self->stack, 0, 0, 1) != NULL;
}

/* Adaptive reads: a probe a worker slot, which also counts its bytes read in place;
 * probing where the stack lends its rows and neither way is forced. */
static void
plan_probes (ScProjection *self)
{
  self->probes = g_aligned_alloc0 (self->threads, sizeof (ReadProbe), 64);
  for (guint t = 0; t < self->threads; t++)
    self->probes[t].choice = -1;
  self->read_choice = -1;
  self->probing = self->adaptive_read && !self->zero_copy && stack_lends_rows (self);
}

/* Planes a group reads for a band, and bands of rows whose accumulators and input rows
 * fit in L2; a split of each step's slices where that leaves too few bands. The split
 * depends on the stack's shape only, never on the number of threads, so that the
 * results (the rounding of float sums) do not either. */
static void
plan_bands (ScProjection *self)
{
  gboolean peekable = self->zero_copy && stack_lends_rows (self);
  gsize acc_row = self->row_samples * acc_bytes_per_sample (self);
  guint natural;

  self->fold = SC_FOLD_MAX;
  if (peekable)
    self->band_rows = CLAMP (BAND_BYTES / MAX (acc_row, 1), 1, self->height);
  else
    {
      /* Reads of about READ_BYTES a plane (smaller ones cost more than the accumulators'
       * traffic saves), with the band and the group's rows within FOLD_BAND_BYTES, and
       * those of all threads within half the budget. */
      gsize rows = READ_BYTES / MAX (self->row_stride, 1);
      gsize bytes = MIN (FOLD_BAND_BYTES, MAX (self->budget / (2 * self->threads), BAND_BYTES));
      gsize cap = bytes / MAX (acc_row + self->fold * self->row_stride, 1);
      self->band_rows = (guint) CLAMP (MIN (rows, cap), 1, self->height);
    }
  natural = self->n_out * ((self->height + self->band_rows - 1) / self->band_rows);

  self->split = 1;
  if (natural < SPLIT_BANDS && self->n_in >= 4 * SC_FOLD_MAX)
    self->split = CLAMP (SPLIT_BANDS / natural, 2, SC_SPLIT_MAX);
  else if (natural < 4 * self->threads)
    self->band_rows = MAX (1, self->height / MAX (1, (4 * self->threads) / self->n_out));
  self->band_rows = align_rows (self, self->band_rows,
                                acc_row + (peekable ? 0 : self->fold * self->row_stride));
  self->n_bands = (self->height + self->band_rows - 1) / self->band_rows;

  /* Each plane's rows a few cache lines further on in the cache's sets than the last's:
   * rows a power of two apart would all meet in the same few. */
  self->in_stride = (((gsize) self->band_rows * self->row_stride + 63) & ~(gsize) 63) + 9 * 64;
}

static gboolean
plan_streaming (ScProjection  *self,
                GError       **error)
{
  gsize n_samples = (gsize) self->n_out * self->plane_samples;
  double range_min, range_max, max_abs;
  gboolean small_int = self->in_size <= 2 && sc_sample_type_is_integer (self->type);
  gsize plane_bytes;

  sc_sample_type_get_range (self->type, &range_min, &range_max);
  max_abs = MAX (fabs (range_min), fabs (range_max));

  switch (self->method)
    {
    case SC_PROJECTION_MAX:
    case SC_PROJECTION_MIN:
      self->kind = ACC_MINMAX;
      break;
    case SC_PROJECTION_SUM:
    case SC_PROJECTION_MEAN:
      if (self->type == SC_SAMPLE_F32)
        self->kind = ACC_SUM_F64;
      else if (small_int && max_abs * self->n_in <= G_MAXINT32)
        self->kind = ACC_SUM_I32;
      else
        self->kind = ACC_SUM_I64;
      break;
    case SC_PROJECTION_SD:
      if (!small_int)
        self->kind = ACC_SHIFTED;
      /* 8-bit squares summed in 32 bits: half the memory, and no widening to 64 */
      else if (self->in_size == 1 && max_abs * max_abs * self->n_in <= G_MAXUINT32)
        self->kind = ACC_SQ_U32;
      else if (max_abs * self->n_in <= G_MAXINT32)
        self->kind = ACC_SQ_I32;
      else
        self->kind = ACC_SQ_I64;
      break;
    case SC_PROJECTION_MEDIAN:
    case SC_PROJECTION_PERCENTILE:
    default:
      g_assert_not_reached ();
    }

  plan_bands (self);
  plan_probes (self);

  /* By rows: accumulators per thread and band only; unfinished rows of a partial result
   * are 0. Progressive and split: whole-result accumulators, max and min in the result
   * itself (a split fills it at its first step). */
  if (!(self->out = _sc_projection_alloc (n_samples * self->out_size,
                                          !self->progressive || self->split > 1, error)))
    return FALSE;
  if (self->progressive && self->split == 1 && self->kind == ACC_MINMAX)
    _sc_projection_fill_identity (self, self->out, n_samples);
  if ((self->progressive || self->split > 1) && !alloc_accumulators (self, error))
    return FALSE;

  plane_bytes = self->plane_samples * self->in_size * self->n_out;
  if (!self->progressive && self->split == 1)
    {
      /* Steps of whole bands; chunk_size counts rows here, as for order statistics. */
      guint64 band_input = (guint64) self->band_rows * self->row_stride * self->n_in * self->n_out;
      if (self->chunk_size > 0)
        self->bands_per_step = MAX (1, self->chunk_size / self->band_rows);
      else
        {
          self->bands_per_step = CLAMP (4 * STEP_INPUT_BYTES / MAX (band_input, 1), 1,
                                        self->n_bands);
          /* A step's items (a band of an output plane through every slice, each as long as
           * the others) a multiple of the threads where there are enough: one left over
           * keeps the others idle until it is done. */
          while ((self->n_out * self->bands_per_step) % self->threads != 0
                 && self->bands_per_step < self->n_bands)
            self->bands_per_step++;
        }
      self->bands_per_step = MIN (self->bands_per_step, self->n_bands);
      self->chunk_slices = self->n_in;
      self->steps_total = (self->n_bands + self->bands_per_step - 1) / self->bands_per_step;
      return TRUE;
    }
  if (self->chunk_size > 0 && self->progressive)
    self->chunk_slices = MIN (self->chunk_size, self->n_in);
  else
    self->chunk_slices = CLAMP (STEP_INPUT_BYTES / MAX (plane_bytes, 1), 1, self->n_in);
  self->steps_total = (self->n_in + self->chunk_slices - 1) / self->chunk_slices;

  return TRUE;
}

static gboolean
plan_select (ScProjection  *self,
             GError       **error)
{
  gsize n_samples = (gsize) self->n_out * self->plane_samples;
  guint64 row_all = (guint64) self->row_stride * self->n_in;
  guint64 avail;
  gboolean peekable;

  if (self->method == SC_PROJECTION_MEDIAN)
    {
      self->spec.k = (self->n_in - 1) / 2;
      self->spec.need_next = self->n_in % 2 == 0;
      self->spec.median = TRUE;
      self->spec.frac = 0.5;
    }
  else
    {
      /* numpy's "linear" method: virtual index (n - 1) * q. */
      double virtual_index = (self->n_in - 1) * (self->percentile / 100.0);
      double lo = floor (virtual_index);

      self->spec.k = MIN ((guint) lo, self->n_in - 1);
      self->spec.frac = virtual_index - lo;
      self->spec.need_next = self->spec.frac > 0 && self->spec.k + 1 < self->n_in;
      self->spec.median = FALSE;
    }
  self->spec.n = self->n_in;

  if (!(self->out = _sc_projection_alloc (n_samples * self->out_size, TRUE, error)))
    return FALSE;

  /* Rows of every slice for a band must be at hand at once: read into a buffer of at
   * most the budget, or taken in place where the source maps them. */
  avail = self->budget;
  peekable = self->zero_copy && stack_lends_rows (self);
  if (self->chunk_size > 0 && (guint64) self->chunk_size * row_all <= avail)
    {
      self->chunk_rows = MIN (self->chunk_size, self->height);
      self->seg_samples = self->row_samples;
    }
  else if (row_all <= avail)
    {
      /* About SELECT_BUFFER_BYTES, but reads of at least SELECT_READ_BYTES (a call
       * per slice and step) and at least 16 rows (whole strips of common heights, so
       * that compressed strips are not decoded twice) where that takes at most
       * SELECT_BUFFER_MAX: fresh memory is slow to come by. */
      guint64 want = MAX (16, SELECT_READ_BYTES / MAX (self->row_stride, 1));
      guint64 rows = MAX (SELECT_BUFFER_BYTES / row_all, MIN (want, SELECT_BUFFER_MAX / row_all));
      /* Whole strips: a compressed strip is then decoded once, not by two bands. */
      guint block = sc_stack_get_row_block (self->stack);

      rows = MAX (1, MIN (rows, avail / row_all));
      if (block > 1 && block * row_all <= avail)
        rows = MAX (block, rows - rows % block);
      else if (rows >= 16)
        rows -= rows % 16;
      self->chunk_rows = MIN ((guint64) self->height, rows);
      if (peekable)
        self->chunk_rows = MIN (self->chunk_rows, MAX (1, (self->height + 15) / 16));
      self->seg_samples = self->row_samples;
    }
  else
    {
      /* Not even one row of every slice fits: take rows in segments, reading each
       * row once per segment. */
      guint64 seg = avail / ((guint64) self->n_in * self->in_size);

      if (seg == 0)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u slice does not fit the memory budget of %u MiB for a "
                                    "median or percentile; allow more memory",
                                    "%u slices do not fit the memory budget of %u MiB for a "
                                    "median or percentile; allow more memory", self->n_in),
                       self->n_in, (guint) MIN (self->budget >> 20, G_MAXUINT));
          return FALSE;
        }
      if (seg >= 64)
        seg -= seg % 64;
      self->chunk_rows = 1;
      self->seg_samples = MIN (seg, self->row_samples);
    }
  self->segs_per_row = (self->row_samples + self->seg_samples - 1) / self->seg_samples;
  self->chunks_per_plane = ((self->height + self->chunk_rows - 1) / self->chunk_rows)
                           * self->segs_per_row;
  self->steps_total = self->n_out * self->chunks_per_plane;

  self->bases = g_new0 (const guint8 *, self->n_in);
  self->base_strides = g_new0 (gsize, self->n_in);

  /* Adaptive reads time whole steps each way, PROBE_GROUPS and one more, where that is a
   * small part of the steps. */
  plan_probes (self);
  self->probing = self->probing && self->steps_total >= 8 * (PROBE_GROUPS + 1);

  return TRUE;
}

/* Sizes, slices and chunks for the options checked by prepare(); last is the last
 * slice. */
gboolean
_sc_projection_plan (ScProjection  *self,
                     guint          last,
                     GError       **error)
{
  guint C = sc_stack_get_n_channels (self->stack);
  guint T = sc_stack_get_n_frames (self->stack);

  self->type = sc_stack_get_sample_type (self->stack);
  self->result_type = sc_projection_method_result_type (self->method, self->type);
  self->in_size = sc_sample_type_size (self->type);
  self->out_size = sc_sample_type_size (self->result_type);
  self->width = sc_stack_get_width (self->stack);
  self->height = sc_stack_get_height (self->stack);
  self->row_samples = (gsize) self->width * sc_stack_get_samples_per_pixel (self->stack);
  self->row_stride = sc_stack_get_row_stride (self->stack);
  self->plane_samples = self->row_samples * self->height;
  self->n_out_c = self->channel == SC_PROJECTION_ALL ? C : 1;
  self->n_out_t = self->frame == SC_PROJECTION_ALL ? T : 1;
  self->n_out = self->n_out_c * self->n_out_t;
  self->n_in = (last - self->first) / self->step + 1;
  self->slices = g_new (guint, self->n_in);
  for (guint i = 0; i < self->n_in; i++)
    self->slices[i] = self->first + i * self->step;
  /* The pool's worker slots that a loop of this projection can use. */
  self->threads = sc_parallel_get_max_workers (self->n_threads);
  self->budget = self->memory_budget > 0 ? self->memory_budget : default_budget ();
  self->scratch = g_new0 (guint8 *, 2 * self->threads);
  self->scratch_size = g_new0 (gsize, 2 * self->threads);

  if (self->axis != SC_PROJECTION_AXIS_Z ? !_sc_projection_axis_plan (self, error)
      : _sc_projection_is_streaming (self) ? !plan_streaming (self, error)
                                           : !plan_select (self, error))
    {
      _sc_projection_free_plan (self);
      return FALSE;
    }
  return TRUE;
}

/* ---- Work items on the pool ---- */

typedef struct {
  ScProjection         *self;
  ScProjectionItemFunc  func;
  gpointer              data;
  GMutex                error_lock;
  GError               *error;
} Job;

static gboolean
run_item (guint    item,
          guint    worker,
          gpointer user_data)
{
  Job *job = user_data;
  GError *error = NULL;

  if (job->func (job->self, item, worker, job->data, &error))
    return TRUE;

  g_mutex_lock (&job->error_lock);
  if (job->error == NULL)
    job->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&job->error_lock);
  return FALSE;
}

gboolean
_sc_projection_run_parallel (ScProjection          *self,
                             guint                  n_items,
                             ScProjectionItemFunc   func,
                             gpointer               data,
                             GCancellable          *cancellable,
                             GError               **error)
{
  Job job = { self, func, data, { 0 }, NULL };
  gboolean ok;

  g_mutex_init (&job.error_lock);
  ok = sc_parallel_for_full (n_items, self->threads, run_item, &job, cancellable);
  g_mutex_clear (&job.error_lock);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  if (!ok)
    {
      /* Stopped with no error of an item's: cancelled. */
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_assert_not_reached ();
      return FALSE;
    }
  return TRUE;
}

/* Two scratch areas per thread (which 0 or 1), kept from step to step. */
guint8 *
_sc_projection_get_scratch (ScProjection *self,
                            guint         thread,
                            guint         which,
                            gsize         size)
{
  guint i = 2 * thread + which;

  if (self->scratch_size[i] < size)
    {
      g_free (self->scratch[i]);
      self->scratch[i] = g_malloc (size);
      self->scratch_size[i] = size;
    }
  return self->scratch[i];
}

guint
_sc_projection_input_plane (ScProjection *self,
                            guint         out_plane,
                            guint         slice)
{
  guint oc = out_plane % self->n_out_c, ot = out_plane / self->n_out_c;
  guint c = self->channel == SC_PROJECTION_ALL ? oc : (guint) self->channel;
  guint t = self->frame == SC_PROJECTION_ALL ? ot : (guint) self->frame;

  return sc_stack_plane_index (self->stack, c, slice, t);
}
