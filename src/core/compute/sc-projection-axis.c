/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sc-error.h"
#include "sc-projection-private.h"

/* Projections along Y (over rows) and X (over columns). A work item is one selected slice
 * of one output plane: along Y it folds the rows of the slice into row z of the result,
 * with the kernels of the Z projection (a row of the slice stands for a plane); along X
 * it transposes bands of rows so that each column becomes a vector, folds those, and
 * writes the band's values into column z. Every row of a slice is read once. */

/* Rows read at once along Y, and input of a band along X: they stay in a core's cache. */
#define AXIS_ROWS_BYTES (1024 * 1024)
#define AXIS_BAND_BYTES (256 * 1024)

static gboolean
is_small_int (ScSampleType type)
{
  return type == SC_SAMPLE_U8 || type == SC_SAMPLE_I8 || type == SC_SAMPLE_U16
         || type == SC_SAMPLE_I16;
}

static void
plan_select_spec (ScProjection *self,
                  guint         n)
{
  if (self->method == SC_PROJECTION_MEDIAN)
    {
      self->spec.k = (n - 1) / 2;
      self->spec.need_next = n % 2 == 0;
      self->spec.median = TRUE;
      self->spec.frac = 0.5;
    }
  else
    {
      /* numpy's "linear" method: virtual index (n - 1) * q, as along Z */
      double virtual_index = (n - 1) * (self->percentile / 100.0);
      double lo = floor (virtual_index);

      self->spec.k = MIN ((guint) lo, n - 1);
      self->spec.frac = virtual_index - lo;
      self->spec.need_next = self->spec.frac > 0 && self->spec.k + 1 < n;
      self->spec.median = FALSE;
    }
  self->spec.n = n;
}

gboolean
_sc_projection_axis_plan (ScProjection  *self,
                          GError       **error)
{
  gboolean along_y = self->axis == SC_PROJECTION_AXIS_Y;
  guint spp = sc_stack_get_samples_per_pixel (self->stack);
  guint extent, last;
  guint64 slice_bytes;

  self->in_width = self->width;
  self->in_height = self->height;
  self->in_row_samples = self->row_samples;
  extent = along_y ? self->in_height : self->in_width;
  last = self->range_last == G_MAXUINT ? extent - 1 : self->range_last;
  if (self->range_first >= extent || last >= extent)
    {
      const char *name = sc_stack_get_display_name (self->stack);

      if (along_y)
        g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Rows %u to %u are out of range: %s has %u row (0 to %u)",
                                  "Rows %u to %u are out of range: %s has %u rows (0 to %u)",
                                  extent),
                     self->range_first, last, name, extent, extent - 1);
      else
        g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Columns %u to %u are out of range: %s has %u column (0 to %u)",
                                  "Columns %u to %u are out of range: %s has %u columns (0 to %u)",
                                  extent),
                     self->range_first, last, name, extent, extent - 1);
      return FALSE;
    }
  self->r0 = self->range_first;
  self->n_range = last - self->r0 + 1;

  switch (self->method)
    {
    case SC_PROJECTION_MAX:
    case SC_PROJECTION_MIN:
      self->kind = ACC_MINMAX;
      break;
    case SC_PROJECTION_SUM:
    case SC_PROJECTION_MEAN:
      self->kind = self->type == SC_SAMPLE_F32 ? ACC_SUM_F64 : ACC_SUM_I64;
      break;
    case SC_PROJECTION_SD:
      self->kind = is_small_int (self->type) ? ACC_SQ_I64 : ACC_SHIFTED;
      break;
    case SC_PROJECTION_MEDIAN:
    case SC_PROJECTION_PERCENTILE:
    default:
      plan_select_spec (self, self->n_range);
      break;
    }

  /* The result: X x Z along Y, Z x Y along X */
  self->width = along_y ? self->in_width : self->n_in;
  self->height = along_y ? self->n_in : self->in_height;
  self->row_samples = (gsize) self->width * spp;
  self->plane_samples = self->row_samples * self->height;
  if (!(self->out = _sc_projection_alloc ((gsize) self->n_out * self->plane_samples
                                          * self->out_size, TRUE, error)))
    return FALSE;

  slice_bytes = (guint64) (along_y ? self->n_range : self->in_height) * self->row_stride;
  self->axis_slices_per_step = (guint) CLAMP (STEP_INPUT_BYTES / MAX (slice_bytes * self->n_out, 1),
                                              1, self->n_in);
  self->steps_total = (self->n_in + self->axis_slices_per_step - 1) / self->axis_slices_per_step;
  return TRUE;
}

/* Rows y0 .. y0 + n - 1 of a plane, in place where mapped and wanted, else read into the
 * thread's first scratch area. */
static const guint8 *
axis_rows (ScProjection  *self,
           guint          plane,
           guint          y0,
           guint          n,
           guint          thread,
           GError       **error)
{
  const guint8 *src = NULL;
  guint8 *buf;

  if (self->zero_copy)
    src = sc_stack_peek_rows (self->stack, plane, y0, n);
  if (src != NULL)
    return src;
  buf = _sc_projection_get_scratch (self, thread, 0, (gsize) n * self->row_stride);
  if (!sc_stack_read_rows (self->stack, plane, y0, n, buf, error))
    return NULL;
  return buf;
}

/* Accumulators for m samples, the select's row pointers and values for n vectors, and
 * extra bytes, laid out in the thread's second scratch area. */
typedef struct {
  Acc            acc;
  const guint8 **ptrs;
  guint8        *values;     /* the select's scratch */
  guint8        *extra;
} AxisScratch;

static void
axis_scratch (ScProjection *self,
              guint         thread,
              gsize         m,
              guint         n,
              gsize         extra,
              AxisScratch  *sc)
{
  gsize sum_bytes = m * 8;
  gsize sq_bytes = m * 8;
  gsize shift_bytes = (m * self->in_size + 7) & ~(gsize) 7;
  gsize ptr_bytes = (gsize) n * sizeof (gpointer);
  gsize value_bytes = sc_kernel_select_scratch_size (n);
  guint8 *mem = _sc_projection_get_scratch (self, thread, 1,
                                            sum_bytes + sq_bytes + shift_bytes + ptr_bytes
                                            + value_bytes + extra);

  memset (mem, 0, sum_bytes + sq_bytes);
  sc->acc.sum = mem;
  sc->acc.sq = (guint64 *) (gpointer) (mem + sum_bytes);
  sc->acc.shift = mem + sum_bytes + sq_bytes;
  sc->ptrs = (const guint8 **) (gpointer) (mem + sum_bytes + sq_bytes + shift_bytes);
  sc->values = mem + sum_bytes + sq_bytes + shift_bytes + ptr_bytes;
  sc->extra = mem + sum_bytes + sq_bytes + shift_bytes + ptr_bytes + value_bytes;
}

/* The method over n vectors of m samples (vec[p] = base + p * vec_stride) into dest (m
 * values of the result type). Order statistics need the vectors all at hand; the
 * streaming methods take them one by one. */
static void
reduce_vectors (ScProjection *self,
                AxisScratch  *sc,
                const guint8 *base,
                gsize         vec_stride,
                guint         n,
                gsize         m,
                guint8       *dest)
{
  if (!_sc_projection_is_streaming (self))
    {
      for (guint p = 0; p < n; p++)
        sc->ptrs[p] = base + p * vec_stride;
      sc_kernel_select (self->type, sc->ptrs, 0, m, &self->spec, (float *) (gpointer) dest,
                        sc->values);
      return;
    }
  if (self->kind == ACC_MINMAX)
    _sc_projection_fill_identity (self, dest, m);
  for (guint p = 0; p < n; p++)
    _sc_projection_accumulate (self, &sc->acc, dest, base + p * vec_stride, m, p == 0);
  if (self->kind != ACC_MINMAX)
    _sc_projection_finish_band (self, &sc->acc, m, n, (float *) (gpointer) dest);
}

/* Along Y: the projected rows of slice i of output plane o into row i of it. */
static gboolean
axis_y_item (ScProjection  *self,
             guint          o,
             guint          i,
             guint          thread,
             GError       **error)
{
  guint plane = _sc_projection_input_plane (self, o, self->slices[i]);
  gsize m = self->in_row_samples;
  guint8 *dest = self->out + ((gsize) o * self->plane_samples + (gsize) i * m) * self->out_size;
  guint chunk = (guint) CLAMP (AXIS_ROWS_BYTES / self->row_stride, 1, self->n_range);
  AxisScratch sc;
  const guint8 *rows;

  axis_scratch (self, thread, m, self->n_range, 0, &sc);
  if (!_sc_projection_is_streaming (self))
    {
      if (!(rows = axis_rows (self, plane, self->r0, self->n_range, thread, error)))
        return FALSE;
      reduce_vectors (self, &sc, rows, self->row_stride, self->n_range, m, dest);
      return TRUE;
    }
  if (self->kind == ACC_MINMAX)
    _sc_projection_fill_identity (self, dest, m);
  for (guint r = 0; r < self->n_range; r += chunk)
    {
      guint n = MIN (chunk, self->n_range - r);

      if (!(rows = axis_rows (self, plane, self->r0 + r, n, thread, error)))
        return FALSE;
      for (guint k = 0; k < n; k++)
        _sc_projection_accumulate (self, &sc.acc, dest, rows + k * self->row_stride, m,
                                   r + k == 0);
    }
  if (self->kind != ACC_MINMAX)
    _sc_projection_finish_band (self, &sc.acc, m, self->n_range, (float *) (gpointer) dest);
  return TRUE;
}

/* Columns r0 .. r0 + n_range - 1 of n_rows rows (stride apart) as n_range vectors of
 * n_rows * spp samples: vector p holds column r0 + p of every row, in row order. */
static void
transpose_band (ScProjection *self,
                const guint8 *rows,
                guint         n_rows,
                guint         spp,
                guint8       *dest)
{
  gsize sz = self->in_size, px = spp * sz;
  gsize m_bytes = (gsize) n_rows * px;

  for (guint j = 0; j < n_rows; j++)
    {
      const guint8 *src = rows + j * self->row_stride + (gsize) self->r0 * px;
      guint8 *out = dest + j * px;

      if (px == 2)
        for (guint p = 0; p < self->n_range; p++)
          memcpy (out + p * m_bytes, src + p * 2, 2);
      else if (px == 1)
        for (guint p = 0; p < self->n_range; p++)
          out[p * m_bytes] = src[p];
      else
        for (guint p = 0; p < self->n_range; p++)
          memcpy (out + p * m_bytes, src + p * px, px);
    }
}

/* Along X: each row of slice i of output plane o, reduced over the projected columns,
 * into column i of it. */
static gboolean
axis_x_item (ScProjection  *self,
             guint          o,
             guint          i,
             guint          thread,
             GError       **error)
{
  guint plane = _sc_projection_input_plane (self, o, self->slices[i]);
  guint spp = sc_stack_get_samples_per_pixel (self->stack);
  gsize px_in = spp * self->in_size, px_out = spp * self->out_size;
  guint band = (guint) CLAMP (AXIS_BAND_BYTES / MAX ((gsize) self->n_range * px_in, 1), 1,
                              self->in_height);
  gsize m_max = (gsize) band * spp;
  gsize out_stride = self->row_samples * self->out_size;
  guint8 *out_plane = self->out + (gsize) o * self->plane_samples * self->out_size;
  /* the values (float for most methods) start aligned after the vectors of u8 or u16 */
  gsize values_at = ((gsize) self->n_range * m_max * self->in_size + 15) & ~(gsize) 15;
  AxisScratch sc;
  guint8 *vectors, *values;

  axis_scratch (self, thread, m_max, self->n_range, values_at + m_max * self->out_size, &sc);
  vectors = sc.extra;
  values = sc.extra + values_at;
  for (guint y0 = 0; y0 < self->in_height; y0 += band)
    {
      guint n = MIN (band, self->in_height - y0);
      gsize m = (gsize) n * spp;
      const guint8 *rows = axis_rows (self, plane, y0, n, thread, error);

      if (rows == NULL)
        return FALSE;
      transpose_band (self, rows, n, spp, vectors);
      if (self->kind != ACC_MINMAX && _sc_projection_is_streaming (self))
        memset (sc.acc.sum, 0, m_max * 16);
      reduce_vectors (self, &sc, vectors, m * self->in_size, self->n_range, m, values);
      for (guint j = 0; j < n; j++)
        memcpy (out_plane + (y0 + j) * out_stride + i * px_out, values + j * px_out, px_out);
    }
  return TRUE;
}

typedef struct {
  guint z0;
  guint n;
} AxisStep;

static gboolean
axis_item (ScProjection  *self,
           guint          item,
           guint          thread,
           gpointer       data,
           GError       **error)
{
  const AxisStep *st = data;
  guint o = item / st->n, i = st->z0 + item % st->n;

  if (self->axis == SC_PROJECTION_AXIS_Y)
    return axis_y_item (self, o, i, thread, error);
  return axis_x_item (self, o, i, thread, error);
}

gboolean
_sc_projection_axis_step (ScProjection  *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  AxisStep st;
  guint rows;

  st.z0 = self->steps_done * self->axis_slices_per_step;
  st.n = MIN (self->axis_slices_per_step, self->n_in - st.z0);
  if (!_sc_projection_run_parallel (self, self->n_out * st.n, axis_item, &st, cancellable,
                                    error))
    return FALSE;
  rows = self->axis == SC_PROJECTION_AXIS_Y ? self->n_range : self->in_height;
  self->bytes_read += (guint64) st.n * self->n_out * rows * self->row_stride;
  return TRUE;
}

void
_sc_projection_axis_calibrate (ScProjection  *self,
                               ScCalibration *cal)
{
  double w = cal->pixel_width, h = cal->pixel_height, d = cal->pixel_depth;

  if (self->axis == SC_PROJECTION_AXIS_Y)
    {
      cal->pixel_width = w;
      cal->pixel_height = d;
      cal->pixel_depth = h;
    }
  else
    {
      cal->pixel_width = d;
      cal->pixel_height = h;
      cal->pixel_depth = w;
    }
}

char *
_sc_projection_axis_describe (ScProjection *self,
                              const char   *what)
{
  g_autofree char *slices = NULL;
  guint last = self->slices[self->n_in - 1];
  guint r1 = self->r0 + self->n_range - 1;
  const char *name = sc_stack_get_display_name (self->stack);

  if (self->step > 1)
    /* Translators: part of "Maximum along Y of rows 0-99 and slices 1-25 in steps of 2 of
     * cells.tif" */
    slices = g_strdup_printf (_("slices %u-%u in steps of %u"), self->first + 1, last + 1,
                              self->step);
  else
    /* Translators: part of "Maximum along Y of rows 0-99 and slices 1-25 of cells.tif" */
    slices = g_strdup_printf (_("slices %u-%u"), self->first + 1, last + 1);
  if (self->axis == SC_PROJECTION_AXIS_Y)
    /* Translators: a method, rows (from 0), "slices 1-25" and a file: "Maximum along Y of
     * rows 0-99 and slices 1-25 of cells.tif" */
    return g_strdup_printf (_("%s along Y of rows %u-%u and %s of %s"), what, self->r0, r1,
                            slices, name);
  /* Translators: as "Maximum along Y of rows 0-99 and slices 1-25 of cells.tif" */
  return g_strdup_printf (_("%s along X of columns %u-%u and %s of %s"), what, self->r0, r1,
                          slices, name);
}
