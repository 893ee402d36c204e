/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <string.h>

#include "sc-projection-private.h"

typedef struct {
  guint o;
  guint y0;
  guint rows;
  gsize s0;      /* first sample of the segment within a row */
  gsize ns;      /* samples of the segment */
  gboolean whole_rows;
  gboolean in_place;   /* rows taken in place where the stack lends them */
  guint tiles_per_row;
} SelectStep;

/* Bytes of a slice's part of the buffer: its rows (or segment), and one cache line
 * more, so that the slices' parts do not start a power of two apart. The kernel reads
 * the same place of every slice at once, and at such strides all of them fall into the
 * same few sets of each cache (median of u8.tif ~7% quicker, u16 and f32 the same). */
static gsize
select_slot (ScProjection *self,
             gboolean      whole_rows)
{
  return (whole_rows ? (gsize) self->chunk_rows * self->row_stride
                     : self->seg_samples * self->in_size) + 64;
}

static gboolean
select_read_item (ScProjection  *self,
                  guint          z,
                  guint          thread,
                  gpointer       data,
                  GError       **error)
{
  const SelectStep *st = data;
  guint plane = _sc_projection_input_plane (self, st->o, self->slices[z]);
  const guint8 *p = st->in_place ? sc_stack_peek_rows (self->stack, plane, st->y0, st->rows)
                                  : NULL;

  if (p != NULL)
    {
      self->probes[thread].in_place += (guint64) st->rows * st->ns * self->in_size;
      self->bases[z] = p + st->s0 * self->in_size;
      self->base_strides[z] = self->row_stride;
      return TRUE;
    }

  if (st->whole_rows)
    {
      guint8 *dest = self->buffer + z * select_slot (self, TRUE);

      if (!sc_stack_read_rows (self->stack, plane, st->y0, st->rows, dest, error))
        return FALSE;
      self->bases[z] = dest;
      self->base_strides[z] = self->row_stride;
    }
  else
    {
      gsize bytes = st->ns * self->in_size;
      guint8 *row = _sc_projection_get_scratch (self, thread, 0, self->row_stride);
      guint8 *dest = self->buffer + z * select_slot (self, FALSE);

      if (!sc_stack_read_rows (self->stack, plane, st->y0, 1, row, error))
        return FALSE;
      memcpy (dest, row + st->s0 * self->in_size, bytes);
      self->bases[z] = dest;
      self->base_strides[z] = bytes;
    }
  return TRUE;
}

static gboolean
select_compute_item (ScProjection  *self,
                     guint          item,
                     guint          thread,
                     gpointer       data,
                     GError       **error)
{
  const SelectStep *st = data;
  guint r = item / st->tiles_per_row, tile = item % st->tiles_per_row;
  gsize t0 = (gsize) tile * TILE_SAMPLES;
  gsize m = MIN ((gsize) TILE_SAMPLES, st->ns - t0);
  gsize ptr_bytes = self->n_in * sizeof (const guint8 *);
  guint8 *scratch = _sc_projection_get_scratch (self, thread, 1,
                                                ptr_bytes
                                                + sc_kernel_select_scratch_size (self->n_in));
  const guint8 **rows = (const guint8 **) (gpointer) scratch;
  float *dest = (float *) (gpointer) self->out
                + (gsize) st->o * self->plane_samples
                + (gsize) (st->y0 + r) * self->row_samples + st->s0 + t0;

  for (guint z = 0; z < self->n_in; z++)
    rows[z] = self->bases[z] + r * self->base_strides[z];
  sc_kernel_select (self->type, rows, t0, m, &self->spec, dest, scratch + ptr_bytes);
  return TRUE;
}

/* Whether the step's rows of slice z are mapped. */
static gboolean
peek_plane (ScProjection     *self,
            const SelectStep *st,
            guint             z)
{
  guint plane = _sc_projection_input_plane (self, st->o, self->slices[z]);

  return sc_stack_peek_rows (self->stack, plane, st->y0, st->rows) != NULL;
}

/* Adaptive reads time whole steps (the read and the select) each way, on probe 0 as the
 * streaming methods' threads time their groups of planes. In place, the select gathers
 * from the map on every thread: its faults are counted for the whole process. */
gboolean
_sc_projection_select_step (ScProjection  *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  SelectStep st;
  guint chunk = self->steps_done % self->chunks_per_plane;
  guint band = chunk / self->segs_per_row, seg = chunk % self->segs_per_row;
  ReadProbe *probe = &self->probes[0];
  guint64 bytes, f0;
  gint64 t0;
  gboolean timed;

  st.o = self->steps_done / self->chunks_per_plane;
  st.y0 = band * self->chunk_rows;
  st.rows = MIN (self->chunk_rows, self->height - st.y0);
  st.s0 = (gsize) seg * self->seg_samples;
  st.ns = MIN (self->seg_samples, self->row_samples - st.s0);
  st.whole_rows = self->seg_samples == self->row_samples;
  st.in_place = _sc_projection_probe_in_place (self, probe);
  timed = self->probing && probe->choice < 0;
  st.tiles_per_row = (st.ns + TILE_SAMPLES - 1) / TILE_SAMPLES;
  bytes = (guint64) self->n_in * st.rows * st.ns * self->in_size;

  if (self->buffer == NULL
      && (!st.in_place
          || !peek_plane (self, &st, 0)))
    {
      if (!(self->buffer = _sc_projection_alloc (select_slot (self, st.whole_rows) * self->n_in,
                                                 FALSE, error)))
        return FALSE;
    }
  else if (self->buffer == NULL)
    {
      /* Mapped so far; a plane that is not (another strip layout) still needs room. */
      for (guint z = 1; z < self->n_in; z++)
        if (!peek_plane (self, &st, z))
          {
            if (!(self->buffer = _sc_projection_alloc (select_slot (self, st.whole_rows)
                                                       * self->n_in, FALSE, error)))
              return FALSE;
            break;
          }
    }

  f0 = timed && st.in_place ? _sc_minor_faults (FALSE) : 0;
  t0 = timed ? _sc_now_ns () : 0;
  if (!_sc_projection_run_parallel (self, self->n_in, select_read_item, &st, cancellable, error))
    return FALSE;
  if (!_sc_projection_run_parallel (self, st.rows * st.tiles_per_row, select_compute_item, &st,
                                    cancellable, error))
    return FALSE;
  if (timed)
    _sc_projection_probe_record (self, probe, st.in_place, _sc_now_ns () - t0, bytes,
                                 st.in_place ? _sc_minor_faults (FALSE) - f0 : 0);

  self->bytes_read += bytes;
  return TRUE;
}
