/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-projection-private.h"

static void
acc_global (ScProjection *self,
            gsize         start,
            Acc          *acc)
{
  gsize sum_size = self->kind == ACC_SUM_I32 || self->kind == ACC_SQ_I32 ? 4 : 8;

  acc->sum = self->acc_sum ? (guint8 *) self->acc_sum + start * sum_size : NULL;
  acc->sq = self->acc_sq ? self->acc_sq + start : NULL;
  acc->shift = self->acc_shift ? (guint8 *) self->acc_shift + start * self->in_size : NULL;
}

void
_sc_projection_finish_band (ScProjection *self,
                            const Acc    *acc,
                            gsize         n,
                            guint         n_seen,
                            float        *dest)
{
  double inv_n = n_seen > 0 ? 1.0 / n_seen : 0;
  gboolean mean = self->method == SC_PROJECTION_MEAN;
  double denom = self->sd_population ? (double) n_seen * n_seen : (double) n_seen * (n_seen - 1.0);
  gboolean sd_zero = n_seen == 0 || (!self->sd_population && n_seen < 2);

  switch (self->kind)
    {
    case ACC_SUM_I32:
      {
        const gint32 *sum = acc->sum;
        for (gsize i = 0; i < n; i++)
          dest[i] = mean ? (float) (sum[i] * inv_n) : (float) sum[i];
      }
      break;
    case ACC_SUM_I64:
      {
        const gint64 *sum = acc->sum;
        for (gsize i = 0; i < n; i++)
          dest[i] = mean ? (float) ((double) sum[i] * inv_n) : (float) sum[i];
      }
      break;
    case ACC_SUM_F64:
      {
        const double *sum = acc->sum;
        for (gsize i = 0; i < n; i++)
          dest[i] = mean ? (float) (sum[i] * inv_n) : (float) sum[i];
      }
      break;
    case ACC_SQ_I32:
    case ACC_SQ_I64:
      for (gsize i = 0; i < n; i++)
        {
          gint64 s = self->kind == ACC_SQ_I32 ? ((const gint32 *) acc->sum)[i]
                                              : ((const gint64 *) acc->sum)[i];
          guint64 q = acc->sq[i];
#ifdef __SIZEOF_INT128__
          /* n * sum(x^2) - sum(x)^2, exactly */
          __int128 num = (__int128) n_seen * (__int128) q - (__int128) s * (__int128) s;
          double var = sd_zero ? 0 : (double) num / denom;
#else
          long double num = (long double) n_seen * q - (long double) s * s;
          double var = sd_zero ? 0 : (double) (num / denom);
#endif
          dest[i] = (float) sqrt (MAX (var, 0));
        }
      break;
    case ACC_SHIFTED:
      {
        const double *sum = acc->sum;
        const double *sq = (const double *) (gconstpointer) acc->sq;
        for (gsize i = 0; i < n; i++)
          {
            double num = n_seen * sq[i] - sum[i] * sum[i];
            double var = sd_zero ? 0 : num / denom;
            dest[i] = (float) sqrt (MAX (var, 0));
          }
      }
      break;
    case ACC_MINMAX:
    default:
      g_assert_not_reached ();
    }
}

/* Rows y0.. of a plane: in place where mapped and wanted, else copied into the
 * thread's scratch, which stays in cache from band to band. */
static gconstpointer
get_rows (ScProjection  *self,
          guint          plane,
          guint          y0,
          guint          rows,
          guint          thread,
          GError       **error)
{
  gconstpointer src = NULL;

  if (self->zero_copy)
    src = sc_stack_peek_rows (self->stack, plane, y0, rows);
  if (src == NULL)
    {
      guint8 *buf = _sc_projection_get_scratch (self, thread, 0, (gsize) rows * self->row_stride);
      if (!sc_stack_read_rows (self->stack, plane, y0, rows, buf, error))
        return NULL;
      src = buf;
    }
  return src;
}

void
_sc_projection_accumulate (ScProjection  *self,
                           const Acc     *acc,
                           guint8        *out,
                           gconstpointer  src,
                           gsize          n,
                           gboolean       first)
{
  switch (self->kind)
    {
    case ACC_MINMAX:
      if (self->method == SC_PROJECTION_MAX)
        sc_kernel_max (self->type, out, src, n);
      else
        sc_kernel_min (self->type, out, src, n);
      break;
    case ACC_SUM_I32:
      sc_kernel_sum_i32 (self->type, acc->sum, src, n);
      break;
    case ACC_SUM_I64:
      sc_kernel_sum_i64 (self->type, acc->sum, src, n);
      break;
    case ACC_SUM_F64:
      sc_kernel_sum_f64 (acc->sum, src, n);
      break;
    case ACC_SQ_I32:
      sc_kernel_sumsq_i32 (self->type, acc->sum, acc->sq, src, n);
      break;
    case ACC_SQ_I64:
      sc_kernel_sumsq_i64 (self->type, acc->sum, acc->sq, src, n);
      break;
    case ACC_SHIFTED:
      if (first)
        memcpy (acc->shift, src, n * self->in_size);
      sc_kernel_shifted (self->type, acc->sum, (double *) (gpointer) acc->sq, acc->shift, src, n);
      break;
    default:
      g_assert_not_reached ();
    }
}

typedef struct {
  guint z0;
  guint z1;
  gboolean last;
  guint band0;      /* by rows: the first band of the step */
  guint n_bands;    /* by rows: bands in the step */
} StreamStep;

/* Progressive: slices z0..z1 into the whole-result accumulators. */
static gboolean
stream_item (ScProjection  *self,
             guint          item,
             guint          thread,
             gpointer       data,
             GError       **error)
{
  const StreamStep *st = data;
  guint o = item / self->n_bands, band = item % self->n_bands;
  guint y0 = band * self->band_rows;
  guint rows = MIN (self->band_rows, self->height - y0);
  gsize n = (gsize) rows * self->row_samples;
  gsize start = (gsize) o * self->plane_samples + (gsize) y0 * self->row_samples;
  Acc acc;

  acc_global (self, start, &acc);
  for (guint z = st->z0; z < st->z1; z++)
    {
      guint plane = _sc_projection_input_plane (self, o, self->slices[z]);
      gconstpointer src = get_rows (self, plane, y0, rows, thread, error);

      if (src == NULL)
        return FALSE;
      _sc_projection_accumulate (self, &acc, self->out + start * self->out_size, src, n, z == 0);
    }

  /* Finish the band while it is still in cache. */
  if (st->last && self->kind != ACC_MINMAX)
    _sc_projection_finish_band (self, &acc, n, st->z1, (float *) (gpointer) self->out + start);

  return TRUE;
}

/* By rows: one band through every slice, with accumulators of the thread's own. */
static gboolean
stream_rows_item (ScProjection  *self,
                  guint          item,
                  guint          thread,
                  gpointer       data,
                  GError       **error)
{
  const StreamStep *st = data;
  guint o = item / st->n_bands, band = st->band0 + item % st->n_bands;
  guint y0 = band * self->band_rows;
  guint rows = MIN (self->band_rows, self->height - y0);
  gsize n = (gsize) rows * self->row_samples;
  gsize start = (gsize) o * self->plane_samples + (gsize) y0 * self->row_samples;
  guint8 *out = self->out + start * self->out_size;
  gsize sum_size = self->kind == ACC_SUM_I32 || self->kind == ACC_SQ_I32 ? 4 : 8;
  Acc acc = { NULL, NULL, NULL };

  if (self->kind == ACC_MINMAX)
    _sc_projection_fill_identity (self, out, n);
  else
    {
      /* Rounded up so that the 64-bit squares after the 32-bit sums stay aligned. */
      gsize sum_bytes = (n * sum_size + 7) & ~(gsize) 7;
      gsize sq_bytes = self->kind >= ACC_SQ_I32 ? n * 8 : 0;
      guint8 *mem = _sc_projection_get_scratch (self, thread, 1,
                                                sum_bytes + sq_bytes + n * self->in_size);

      memset (mem, 0, sum_bytes + sq_bytes);
      acc.sum = mem;
      acc.sq = sq_bytes ? (guint64 *) (gpointer) (mem + sum_bytes) : NULL;
      acc.shift = mem + sum_bytes + sq_bytes;
    }

  for (guint z = 0; z < self->n_in; z++)
    {
      guint plane = _sc_projection_input_plane (self, o, self->slices[z]);
      gconstpointer src = get_rows (self, plane, y0, rows, thread, error);

      if (src == NULL)
        return FALSE;
      _sc_projection_accumulate (self, &acc, out, src, n, z == 0);
    }
  if (self->kind != ACC_MINMAX)
    _sc_projection_finish_band (self, &acc, n, self->n_in, (float *) (gpointer) out);

  return TRUE;
}

gboolean
_sc_projection_stream_step (ScProjection  *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  StreamStep st = { 0 };

  if (!self->progressive)
    {
      st.band0 = self->steps_done * self->bands_per_step;
      st.n_bands = MIN (self->bands_per_step, self->n_bands - st.band0);
      if (!_sc_projection_run_parallel (self, self->n_out * st.n_bands, stream_rows_item, &st,
                                        cancellable, error))
        return FALSE;
      self->bytes_read += (guint64) self->n_in * self->n_out * self->row_stride
                          * (MIN ((st.band0 + st.n_bands) * self->band_rows, self->height)
                             - st.band0 * self->band_rows);
      return TRUE;
    }

  st.z0 = self->steps_done * self->chunk_slices;
  st.z1 = MIN (st.z0 + self->chunk_slices, self->n_in);
  st.last = st.z1 == self->n_in;

  if (!_sc_projection_run_parallel (self, self->n_out * self->n_bands, stream_item, &st,
                                    cancellable, error))
    return FALSE;

  self->n_seen = st.z1;
  self->bytes_read += (guint64) (st.z1 - st.z0) * self->n_out * self->plane_samples * self->in_size;
  return TRUE;
}

void
_sc_projection_stream_partial (ScProjection *self,
                               float        *dest)
{
  Acc acc;

  acc_global (self, 0, &acc);
  _sc_projection_finish_band (self, &acc, (gsize) self->n_out * self->plane_samples, self->n_seen, dest);
}
