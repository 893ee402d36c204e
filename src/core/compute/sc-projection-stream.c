/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc-projection-fold.h"
#include "sc-projection-private.h"

static void
acc_global (ScProjection *self,
            gsize         start,
            Acc          *acc)
{
  gsize sum_size = _sc_acc_sum_size (self->kind);

  acc->sum = self->acc_sum ? (guint8 *) self->acc_sum + start * sum_size : NULL;
  acc->sq = self->acc_sq ? (guint8 *) self->acc_sq + start * _sc_acc_sq_size (self->kind) : NULL;
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
    case ACC_SQ_U32:
      if (sd_zero)
        memset (dest, 0, n * sizeof (float));
      else if (self->kind == ACC_SQ_I32)
        sc_fold_sd_i32 (acc->sum, acc->sq, n, n_seen, denom, dest);
      else
        sc_fold_sd_u32 (acc->sum, acc->sq, n, n_seen, denom, dest);
      break;
    case ACC_SQ_I64:
      for (gsize i = 0; i < n; i++)
        {
          gint64 s = ((const gint64 *) acc->sum)[i];
          guint64 q = ((const guint64 *) acc->sq)[i];
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
      if (sd_zero)
        memset (dest, 0, n * sizeof (float));
      else
        sc_fold_sd_shifted (acc->sum, (const double *) (gconstpointer) acc->sq, n, n_seen, denom,
                            dest);
      break;
    case ACC_MINMAX:
    default:
      g_assert_not_reached ();
    }
}

/* The rows y0 .. y0 + rows - 1 of slices z .. z + m - 1 (m <= fold) of output plane o
 * into srcs: in place where mapped and wanted (*in_place), else read into the thread's
 * scratch (planes that lie side by side in the file in one go), which stays in cache
 * from group to group. */
static gboolean
get_group (ScProjection   *self,
           guint           o,
           guint           z,
           guint           m,
           guint           y0,
           guint           rows,
           guint           thread,
           gboolean       *in_place,
           gconstpointer  *srcs,
           GError        **error)
{
  guint planes[SC_FOLD_MAX];
  guint8 *buf;
  guint p;

  g_assert (m <= self->fold && m <= SC_FOLD_MAX);
  for (p = 0; p < m; p++)
    planes[p] = _sc_projection_input_plane (self, o, self->slices[z + p]);

  if (*in_place)
    {
      for (p = 0; p < m; p++)
        if ((srcs[p] = sc_stack_peek_rows (self->stack, planes[p], y0, rows)) == NULL)
          break;
      if (p == m)
        return TRUE;
      *in_place = FALSE;
    }

  /* Always the largest size, so that the scratch is allocated once. */
  buf = _sc_projection_get_scratch (self, thread, 0, self->fold * self->in_stride);
  if (!sc_stack_read_planes_rows (self->stack, planes, m, y0, rows, buf, self->in_stride, error))
    return FALSE;
  for (p = 0; p < m; p++)
    srcs[p] = buf + p * self->in_stride;
  return TRUE;
}

/* acc (or out, for max and min) += the n samples of each of srcs[0 .. m - 1]. */
static void
accumulate_n (ScProjection         *self,
              const Acc            *acc,
              guint8               *out,
              const gconstpointer  *srcs,
              guint                 m,
              gsize                 n)
{
  switch (self->kind)
    {
    case ACC_MINMAX:
      if (self->method == SC_PROJECTION_MAX)
        sc_fold_max (self->type, out, srcs, m, n);
      else
        sc_fold_min (self->type, out, srcs, m, n);
      break;
    case ACC_SUM_I32:
      sc_fold_sum_i32 (self->type, acc->sum, srcs, m, n);
      break;
    case ACC_SUM_I64:
      sc_fold_sum_i64 (self->type, acc->sum, srcs, m, n);
      break;
    case ACC_SUM_F64:
      sc_fold_sum_f64 (acc->sum, srcs, m, n);
      break;
    case ACC_SQ_I32:
      sc_fold_sumsq_i32 (self->type, acc->sum, acc->sq, srcs, m, n);
      break;
    case ACC_SQ_U32:
      sc_fold_sumsq_u32 (self->type, acc->sum, acc->sq, srcs, m, n);
      break;
    case ACC_SQ_I64:
      sc_fold_sumsq_i64 (self->type, acc->sum, acc->sq, srcs, m, n);
      break;
    case ACC_SHIFTED:
      sc_fold_shifted (self->type, acc->sum, (double *) (gpointer) acc->sq, acc->shift, srcs, m, n);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
_sc_projection_accumulate (ScProjection  *self,
                           const Acc     *acc,
                           guint8        *out,
                           gconstpointer  src,
                           gsize          n,
                           gboolean       first)
{
  if (first && self->kind == ACC_SHIFTED)
    memcpy (acc->shift, src, n * self->in_size);
  accumulate_n (self, acc, out, &src, 1, n);
}

/* See sc-projection-private.h. */
gboolean
_sc_projection_probe_in_place (ScProjection *self,
                               ReadProbe    *probe)
{
  if (!self->probing)
    return self->zero_copy;
  if (probe->choice < 0)
    probe->choice = g_atomic_int_get (&self->read_choice);
  if (probe->choice >= 0)
    return probe->choice;
  return probe->groups[1] < probe->groups[0];
}

static int
cmp_float (gconstpointer a,
           gconstpointer b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return (x > y) - (x < y);
}

static float
median_of_probes (float *values)
{
  qsort (values, PROBE_GROUPS, sizeof (float), cmp_float);
  return (values[(PROBE_GROUPS - 1) / 2] + values[PROBE_GROUPS / 2]) / 2;
}

/* See sc-projection-private.h. */
gboolean
_sc_projection_read_decide (ScProjection *self,
                            ReadProbe    *probe)
{
  float copied = median_of_probes (probe->ns_per_byte[0]);
  float mapped = median_of_probes (probe->ns_per_byte[1]);
  guint64 all_faults = 0, all_bytes = 0;
  gboolean large;
  int choice;

  for (guint t = 0; t < self->threads; t++)
    {
      all_faults += __atomic_load_n (&self->probes[t].faults, __ATOMIC_RELAXED);
      all_bytes += __atomic_load_n (&self->probes[t].fault_bytes, __ATOMIC_RELAXED);
    }
  large = all_faults > 0 && all_bytes > all_faults * PROBE_LARGE_FAULT;
  choice = large && mapped <= copied;
  if (!g_atomic_int_compare_and_exchange (&self->read_choice, -1, choice))
    {
      /* another thread decided first */
      probe->choice = g_atomic_int_get (&self->read_choice);
      return probe->choice;
    }
  probe->choice = choice;
  g_debug ("adaptive read: %.3f ns a byte copied, %.3f in place, %" G_GUINT64_FORMAT
           " KiB a fault (%u threads' groups in place): %s for every thread", copied, mapped,
           all_bytes / MAX (all_faults, 1) / 1024, self->threads,
           choice ? "in place" : "copies");
  return choice;
}

/* See sc-projection-private.h. */
void
_sc_projection_probe_record (ScProjection *self,
                             ReadProbe    *probe,
                             gboolean      in_place,
                             gint64        ns,
                             guint64       bytes,
                             guint64       faults)
{
  guint k = in_place ? 1 : 0;

  if (probe->groups[k] > 0 && probe->groups[k] <= PROBE_GROUPS)
    {
      probe->ns_per_byte[k][probe->groups[k] - 1] = (float) ns / (float) MAX (bytes, 1);
      if (in_place)
        {
          __atomic_fetch_add (&probe->faults, faults, __ATOMIC_RELAXED);
          __atomic_fetch_add (&probe->fault_bytes, bytes, __ATOMIC_RELAXED);
        }
    }
  probe->groups[k]++;
  if (probe->groups[0] > PROBE_GROUPS && probe->groups[1] > PROBE_GROUPS)
    _sc_projection_read_decide (self, probe);
}

/* Slices z0 .. z1 - 1 of output plane o, rows y0 .. y0 + rows - 1, into acc (out for max
 * and min), fold planes at a time. With set_shift, slice 0 (when among them) sets the
 * shift of the shifted sums. */
static gboolean
fold_band (ScProjection  *self,
           guint          o,
           guint          y0,
           guint          rows,
           guint          z0,
           guint          z1,
           const Acc     *acc,
           guint8        *out,
           gboolean       set_shift,
           guint          thread,
           GError       **error)
{
  gsize n = (gsize) rows * self->row_samples;
  ReadProbe *probe = &self->probes[thread];

  for (guint z = z0; z < z1; z += self->fold)
    {
      guint m = MIN (self->fold, z1 - z);
      gconstpointer srcs[SC_FOLD_MAX];
      gboolean in_place = _sc_projection_probe_in_place (self, probe);
      gboolean timed = self->probing && probe->choice < 0;
      guint64 f0 = timed && in_place ? _sc_minor_faults (TRUE) : 0;
      gint64 t0 = timed ? _sc_now_ns () : 0;
      gboolean asked = in_place;

      if (!get_group (self, o, z, m, y0, rows, thread, &in_place, srcs, error))
        return FALSE;
      if (set_shift && z == 0 && self->kind == ACC_SHIFTED)
        memcpy (acc->shift, srcs[0], n * self->in_size);
      accumulate_n (self, acc, out, srcs, m, n);
      if (timed && asked == in_place)
        _sc_projection_probe_record (self, probe, in_place, _sc_now_ns () - t0,
                                     (guint64) m * n * self->in_size,
                                     in_place ? _sc_minor_faults (TRUE) - f0 : 0);
      if (in_place)
        probe->in_place += (guint64) m * n * self->in_size;
    }
  return TRUE;
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
  if (!fold_band (self, o, y0, rows, st->z0, st->z1, &acc, self->out + start * self->out_size,
                  TRUE, thread, error))
    return FALSE;

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
  Acc acc = { NULL, NULL, NULL };

  if (self->kind == ACC_MINMAX)
    _sc_projection_fill_identity (self, out, n);
  else
    {
      /* Rounded up so that the 64-bit squares after the 32-bit sums stay aligned. */
      gsize sum_bytes = (n * _sc_acc_sum_size (self->kind) + 7) & ~(gsize) 7;
      gsize sq_bytes = n * _sc_acc_sq_size (self->kind);
      guint8 *mem = _sc_projection_get_scratch (self, thread, 1,
                                                sum_bytes + sq_bytes + n * self->in_size);

      memset (mem, 0, sum_bytes + sq_bytes);
      acc.sum = mem;
      acc.sq = sq_bytes ? mem + sum_bytes : NULL;
      acc.shift = mem + sum_bytes + sq_bytes;
    }

  if (!fold_band (self, o, y0, rows, 0, self->n_in, &acc, out, TRUE, thread, error))
    return FALSE;
  if (self->kind != ACC_MINMAX)
    _sc_projection_finish_band (self, &acc, n, self->n_in, (float *) (gpointer) out);

  return TRUE;
}

/* ---- Split: a step's slices in parts, each part with accumulators of its own ---- */

/* The accumulators of part k of the split (0: the whole result's) at sample start, and
 * where max and min go. */
static void
acc_part (ScProjection  *self,
          guint          k,
          gsize          start,
          Acc           *acc,
          guint8       **out)
{
  const Acc *part;
  gsize sum_size;

  acc_global (self, start, acc);
  *out = self->out + start * self->out_size;
  if (k == 0)
    return;

  part = &self->parts[k - 1];
  sum_size = self->kind == ACC_MINMAX ? self->in_size : _sc_acc_sum_size (self->kind);
  acc->sum = (guint8 *) part->sum + start * sum_size;
  acc->sq = part->sq ? (guint8 *) part->sq + start * _sc_acc_sq_size (self->kind) : NULL;
  if (self->kind == ACC_MINMAX)
    *out = acc->sum;
}

/* Item (k, o, band): part k of the step's slices through one band. */
static gboolean
split_item (ScProjection  *self,
            guint          item,
            guint          thread,
            gpointer       data,
            GError       **error)
{
  const StreamStep *st = data;
  guint per_part = self->n_out * self->n_bands;
  guint k = item / per_part, o = item % per_part / self->n_bands, band = item % self->n_bands;
  guint n_step = st->z1 - st->z0;
  guint za = st->z0 + (guint) ((guint64) n_step * k / self->split);
  guint zb = st->z0 + (guint) ((guint64) n_step * (k + 1) / self->split);
  guint y0 = band * self->band_rows;
  guint rows = MIN (self->band_rows, self->height - y0);
  gsize start = (gsize) o * self->plane_samples + (gsize) y0 * self->row_samples;
  guint8 *out;
  Acc acc;

  acc_part (self, k, start, &acc, &out);
  return fold_band (self, o, y0, rows, za, zb, &acc, out, FALSE, thread, error);
}

#define ADD_INTO(T, dest, src, n)                                                   \
  G_STMT_START {                                                                    \
    T *d_ = (T *) (gpointer) (dest);                                                \
    const T *s_ = (const T *) (gconstpointer) (src);                                \
    for (gsize i_ = 0; i_ < (n); i_++)                                              \
      d_[i_] += s_[i_];                                                             \
  } G_STMT_END

/* Item (o, band): the parts' accumulators added to the whole result's in the order of
 * their slices (so that max and min keep the first of equal values, as one pass would),
 * and cleared for the next step; the band finished after the last step. */
static gboolean
merge_item (ScProjection  *self,
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
  gconstpointer srcs[SC_SPLIT_MAX];
  guint8 *out;
  Acc acc;

  acc_part (self, 0, start, &acc, &out);
  for (guint k = 1; k < self->split; k++)
    {
      guint8 *part_out;
      Acc part;

      acc_part (self, k, start, &part, &part_out);
      switch (self->kind)
        {
        case ACC_MINMAX:
          srcs[k - 1] = part_out;
          continue;
        case ACC_SUM_I32:
          ADD_INTO (gint32, acc.sum, part.sum, n);
          memset (part.sum, 0, n * 4);
          break;
        case ACC_SQ_I32:
          ADD_INTO (gint32, acc.sum, part.sum, n);
          ADD_INTO (guint64, acc.sq, part.sq, n);
          memset (part.sum, 0, n * 4);
          memset (part.sq, 0, n * 8);
          break;
        case ACC_SQ_U32:
          ADD_INTO (gint32, acc.sum, part.sum, n);
          ADD_INTO (guint32, acc.sq, part.sq, n);
          memset (part.sum, 0, n * 4);
          memset (part.sq, 0, n * 4);
          break;
        case ACC_SUM_I64:
          ADD_INTO (gint64, acc.sum, part.sum, n);
          memset (part.sum, 0, n * 8);
          break;
        case ACC_SQ_I64:
          ADD_INTO (gint64, acc.sum, part.sum, n);
          ADD_INTO (guint64, acc.sq, part.sq, n);
          memset (part.sum, 0, n * 8);
          memset (part.sq, 0, n * 8);
          break;
        case ACC_SUM_F64:
          ADD_INTO (double, acc.sum, part.sum, n);
          memset (part.sum, 0, n * 8);
          break;
        case ACC_SHIFTED:
          ADD_INTO (double, acc.sum, part.sum, n);
          ADD_INTO (double, acc.sq, part.sq, n);
          memset (part.sum, 0, n * 8);
          memset (part.sq, 0, n * 8);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (self->kind == ACC_MINMAX)
    {
      /* A fold over the parts is the max (min) of them in order. */
      if (self->method == SC_PROJECTION_MAX)
        sc_fold_max (self->type, out, srcs, self->split - 1, n);
      else
        sc_fold_min (self->type, out, srcs, self->split - 1, n);
      for (guint k = 1; k < self->split; k++)
        _sc_projection_fill_identity (self, (guint8 *) (gpointer) srcs[k - 1], n);
    }
  else if (st->last)
    _sc_projection_finish_band (self, &acc, n, st->z1, (float *) (gpointer) out);

  return TRUE;
}

/* Before the first step: the shift of every output plane, its first slice, which every
 * part needs from the start. */
static gboolean
split_set_shift (ScProjection  *self,
                 GError       **error)
{
  for (guint o = 0; o < self->n_out; o++)
    {
      guint plane = _sc_projection_input_plane (self, o, self->slices[0]);
      guint8 *dest = (guint8 *) self->acc_shift + (gsize) o * self->plane_samples * self->in_size;

      if (!sc_stack_read_rows (self->stack, plane, 0, self->height, dest, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
split_step (ScProjection  *self,
            GCancellable  *cancellable,
            GError       **error)
{
  StreamStep st = { 0 };

  st.z0 = self->steps_done * self->chunk_slices;
  st.z1 = MIN (st.z0 + self->chunk_slices, self->n_in);
  st.last = st.z1 == self->n_in;

  if (st.z0 == 0)
    {
      if (self->kind == ACC_MINMAX)
        _sc_projection_fill_identity (self, self->out, (gsize) self->n_out * self->plane_samples);
      else if (self->kind == ACC_SHIFTED && !split_set_shift (self, error))
        return FALSE;
    }
  if (!_sc_projection_run_parallel (self, self->split * self->n_out * self->n_bands, split_item,
                                    &st, cancellable, error)
      || !_sc_projection_run_parallel (self, self->n_out * self->n_bands, merge_item, &st,
                                       cancellable, error))
    return FALSE;

  self->n_seen = st.z1;
  self->bytes_read += (guint64) (st.z1 - st.z0) * self->n_out * self->plane_samples * self->in_size;
  return TRUE;
}

gboolean
_sc_projection_stream_step (ScProjection  *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  StreamStep st = { 0 };

  if (self->split > 1)
    return split_step (self, cancellable, error);

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
