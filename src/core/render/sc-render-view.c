/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-render-view"

#include "config.h"

#include <string.h>

#include "sc-render-view.h"
#include "sc-view-state-private.h"

/* Image rows rendered at once: bounds the buffers at wide planes and high levels. */
#define BAND_ROWS 16u

/* The channels that make the pixels, their tables, and a buffer per channel for rows that
 * the stack cannot hand out in place. */
typedef struct {
  const ScViewSnapshot  *view;
  guint                  n;
  guint                 *channels;
  ScRenderTable        **tables;
  gconstpointer         *srcs;
  guint8               **buffers;
  gsize                  stride;
  gsize                  pixel_bytes;
} Reader;

static void
reader_init (Reader               *r,
             const ScViewSnapshot *view)
{
  guint nc = MAX (view->n_channels, 1);

  memset (r, 0, sizeof *r);
  r->view = view;
  r->stride = sc_stack_get_row_stride (view->stack);
  r->pixel_bytes = sc_sample_type_size (view->type) * view->samples_per_pixel;
  r->channels = g_new0 (guint, nc);
  r->tables = g_new0 (ScRenderTable *, nc);
  r->srcs = g_new0 (gconstpointer, nc);
  r->buffers = g_new0 (guint8 *, nc);

  for (guint c = 0; c < view->n_channels; c++)
    {
      if (!_sc_view_snapshot_shows (view, c))
        continue;
      r->channels[r->n] = c;
      /* the render functions take mutable tables but never write to them */
      r->tables[r->n] = (ScRenderTable *) _sc_view_snapshot_get_table (view, c);
      r->n++;
    }
}

static void
reader_clear (Reader *r)
{
  for (guint i = 0; i < r->n; i++)
    g_free (r->buffers[i]);
  g_free (r->buffers);
  g_free (r->srcs);
  g_free (r->tables);
  g_free (r->channels);
}

/* Renders image columns x0 .. x0+width-1 of rows y0 .. y0+n_rows-1 into dest. */
static gboolean
render_rows (Reader   *r,
             guint     y0,
             guint     n_rows,
             guint     x0,
             guint     width,
             guint32  *dest,
             gsize     dest_stride,
             GError  **error)
{
  const ScViewSnapshot *view = r->view;
  gsize offset = (gsize) x0 * r->pixel_bytes;

  if (r->n == 0)
    {
      /* a composite with every channel hidden */
      for (guint y = 0; y < n_rows; y++)
        {
          guint32 *d = (guint32 *) (gpointer) ((guint8 *) dest + y * dest_stride);

          for (guint x = 0; x < width; x++)
            d[x] = SC_RENDER_OPAQUE (0, 0, 0);
        }
      return TRUE;
    }

  for (guint i = 0; i < r->n; i++)
    {
      guint index = view->channels[r->channels[i]].plane_index;
      gconstpointer rows = sc_stack_peek_rows (view->stack, index, y0, n_rows);

      if (rows == NULL)
        {
          if (r->buffers[i] == NULL)
            r->buffers[i] = g_malloc (r->stride * BAND_ROWS);
          if (!sc_stack_read_rows (view->stack, index, y0, n_rows, r->buffers[i], error))
            return FALSE;
          rows = r->buffers[i];
        }
      r->srcs[i] = (const guint8 *) rows + offset;
    }

  if (view->samples_per_pixel >= 3)
    sc_render_rgb (r->tables[0], r->srcs[0], r->stride, view->samples_per_pixel,
                   width, n_rows, dest, dest_stride);
  else if (view->composite)
    sc_render_composite (r->tables, r->srcs, r->n, r->stride, width, n_rows, dest, dest_stride);
  else
    sc_render_plane (r->tables[0], r->srcs[0], r->stride, width, n_rows, dest, dest_stride);
  /* rows read in place from a file cut short since are zeros, not the file's */
  return sc_stack_check_peeked (view->stack, error);
}

/* Level 0: straight into dest, a band of rows at a time. */
static gboolean
render_level0 (Reader        *r,
               guint          x,
               guint          y,
               guint          width,
               guint          height,
               guint32       *dest,
               gsize          dest_stride,
               GCancellable  *cancellable,
               GError       **error)
{
  for (guint row = 0; row < height; row += BAND_ROWS)
    {
      guint n = MIN (BAND_ROWS, height - row);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!render_rows (r, y + row, n, x, width,
                        (guint32 *) (gpointer) ((guint8 *) dest + row * dest_stride),
                        dest_stride, error))
        return FALSE;
    }
  return TRUE;
}

/* Adds n rendered rows of span pixels into the per-channel sums of the output pixels
 * they fall in (2^level source pixels across each): a box's row is summed in registers
 * first, so the sums are touched once per output pixel and row, not per source pixel. */
static void
add_rows (const guint32 *rows,
          guint          n,
          guint          span,
          guint          level,
          guint          width,
          guint64       *sums)
{
  for (guint row = 0; row < n; row++)
    {
      const guint32 *src = rows + (gsize) row * span;

      for (guint ox = 0; ox < width; ox++)
        {
          guint64 sx0 = (guint64) ox << level;
          guint sx1 = (guint) MIN (sx0 + ((guint64) 1 << level), span);
          guint64 r = 0, g = 0, b = 0;

          for (guint sx = (guint) sx0; sx < sx1; sx++)
            {
              guint32 p = src[sx];

              r += (p >> 16) & 0xff;
              g += (p >> 8) & 0xff;
              b += p & 0xff;
            }
          sums[3 * ox] += r;
          sums[3 * ox + 1] += g;
          sums[3 * ox + 2] += b;
        }
    }
}

/* One output row from the sums of its n_rows source rows. */
static void
write_row (const guint64 *sums,
           guint          level,
           guint          width,
           guint          span,
           guint          n_rows,
           guint32       *d)
{
  guint64 box = (guint64) 1 << level;

  for (guint ox = 0; ox < width; ox++)
    {
      guint64 sx0 = (guint64) ox << level;
      guint64 n = (MIN (sx0 + box, span) - sx0) * n_rows;
      const guint64 *sum = sums + 3 * ox;

      /* a whole box holds 4^level pixels: the same rounding by a shift */
      if (n == box * box)
        d[ox] = SC_RENDER_OPAQUE ((sum[0] + n / 2) >> (2 * level),
                                  (sum[1] + n / 2) >> (2 * level),
                                  (sum[2] + n / 2) >> (2 * level));
      else
        d[ox] = SC_RENDER_OPAQUE ((sum[0] + n / 2) / n, (sum[1] + n / 2) / n,
                                  (sum[2] + n / 2) / n);
    }
}

/* A row of output pixels of level 1, 2 or 3 straight from the n (at most 2^level) rendered
 * source rows of their boxes: red and blue are summed together in two 16-bit lanes of one
 * word (64 pixels of 255 at most, 16320), green beside them. Called with a constant
 * level, so that each level's box loops are unrolled. */
static inline void
small_boxes_row (const guint32 *rows,
                 guint          n,
                 guint          span,
                 guint          level,
                 guint          width,
                 guint32       *d)
{
  guint box = 1u << level;
  /* whole boxes across, with the loops' bounds known when both rows and pixels are */
  guint full = n == box ? MIN (width, span >> level) : 0;

  for (guint ox = 0; ox < full; ox++)
    {
      guint32 rb = 0, g = 0;

      for (guint row = 0; row < box; row++)
        {
          const guint32 *src = rows + (gsize) row * span + (ox << level);

          for (guint i = 0; i < box; i++)
            {
              rb += src[i] & 0x00ff00ffu;
              g += (src[i] >> 8) & 0xffu;
            }
        }
      d[ox] = SC_RENDER_OPAQUE (((rb >> 16) + box * box / 2) >> (2 * level),
                                (g + box * box / 2) >> (2 * level),
                                ((rb & 0xffffu) + box * box / 2) >> (2 * level));
    }

  for (guint ox = full; ox < width; ox++)
    {
      guint sx0 = ox << level;
      guint w = MIN (box, span - sx0);
      guint32 rb = 0, g = 0, count = w * n;

      for (guint row = 0; row < n; row++)
        {
          const guint32 *src = rows + (gsize) row * span + sx0;

          for (guint i = 0; i < w; i++)
            {
              rb += src[i] & 0x00ff00ffu;
              g += (src[i] >> 8) & 0xffu;
            }
        }
      /* a whole box holds 4^level pixels: the same rounding by a shift */
      if (count == box * box)
        d[ox] = SC_RENDER_OPAQUE (((rb >> 16) + count / 2) >> (2 * level),
                                  (g + count / 2) >> (2 * level),
                                  ((rb & 0xffffu) + count / 2) >> (2 * level));
      else
        d[ox] = SC_RENDER_OPAQUE (((rb >> 16) + count / 2) / count, (g + count / 2) / count,
                                  ((rb & 0xffffu) + count / 2) / count);
    }
}

static void
small_boxes (const guint32 *rows,
             guint          n,
             guint          span,
             guint          level,
             guint          width,
             guint32       *d)
{
  switch (level)
    {
    case 1:
      small_boxes_row (rows, n, span, 1, width, d);
      break;
    case 2:
      small_boxes_row (rows, n, span, 2, width, d);
      break;
    default:
      g_assert (level == 3);
      small_boxes_row (rows, n, span, 3, width, d);
      break;
    }
}

/* Level L > 0: each output pixel the rounded mean of the rendered colours of the
 * 2^L x 2^L image pixels it covers (fewer at the right and bottom edges). Source rows
 * are rendered a band of BAND_ROWS at a time: several output rows' worth where a box is
 * shorter than a band, else a box in several bands. */
static gboolean
render_level (Reader        *r,
              guint          level,
              guint          x,
              guint          y,
              guint          width,
              guint          height,
              guint32       *dest,
              gsize          dest_stride,
              GCancellable  *cancellable,
              GError       **error)
{
  guint img_w = r->view->width, img_h = r->view->height;
  guint64 box = (guint64) 1 << level;
  guint ix0 = (guint) MIN ((guint64) x << level, img_w);
  guint ix1 = (guint) MIN ((guint64) (x + width) << level, img_w);
  guint span = ix1 - ix0;
  /* output rows whose source rows one band holds (levels 1 to 3, small_boxes()) */
  guint per_band = box < BAND_ROWS ? (guint) (BAND_ROWS / box) : 1;
  g_autofree guint32 *tmp = g_new (guint32, (gsize) span * BAND_ROWS);
  g_autofree guint64 *sums = g_new (guint64, (gsize) width * 3);

  for (guint oy = 0; oy < height; oy += per_band)
    {
      guint n_out = MIN (per_band, height - oy);
      guint iy0 = (guint) ((guint64) (y + oy) << level);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (per_band > 1)
        {
          guint iy1 = (guint) MIN (iy0 + n_out * box, img_h);

          if (!render_rows (r, iy0, iy1 - iy0, ix0, span, tmp, (gsize) span * 4, error))
            return FALSE;
          for (guint j = 0; j < n_out; j++)
            {
              guint first = (guint) (j * box);
              guint n = (guint) MIN (box, (iy1 - iy0) - first);

              small_boxes (tmp + (gsize) first * span, n, span, level, width,
                           (guint32 *) (gpointer) ((guint8 *) dest + (oy + j) * dest_stride));
            }
        }
      else
        {
          guint iy1 = (guint) MIN (iy0 + box, img_h);

          memset (sums, 0, sizeof (guint64) * width * 3);
          for (guint band = iy0; band < iy1; band += BAND_ROWS)
            {
              guint n = MIN (BAND_ROWS, iy1 - band);

              if (!render_rows (r, band, n, ix0, span, tmp, (gsize) span * 4, error))
                return FALSE;
              add_rows (tmp, n, span, level, width, sums);
            }
          write_row (sums, level, width, span, iy1 - iy0,
                     (guint32 *) (gpointer) ((guint8 *) dest + oy * dest_stride));
        }
    }
  return TRUE;
}

void
sc_render_view_level_size (guint  width,
                           guint  height,
                           guint  level,
                           guint *level_width,
                           guint *level_height)
{
  guint64 box = level < 63 ? (guint64) 1 << level : G_MAXUINT64;

  if (level_width != NULL)
    *level_width = level >= 63 ? MIN (width, 1) : (guint) ((width + box - 1) >> level);
  if (level_height != NULL)
    *level_height = level >= 63 ? MIN (height, 1) : (guint) ((height + box - 1) >> level);
}

gboolean
sc_render_view_region (const ScViewSnapshot *view,
                       guint                 level,
                       guint                 x,
                       guint                 y,
                       guint                 width,
                       guint                 height,
                       guint32              *dest,
                       gsize                 dest_stride,
                       GCancellable         *cancellable,
                       GError              **error)
{
  guint lw, lh;
  Reader r;
  gboolean ok;

  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (level < 32, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sc_render_view_level_size (view->width, view->height, level, &lw, &lh);
  g_return_val_if_fail (x <= lw && width <= lw - x, FALSE);
  g_return_val_if_fail (y <= lh && height <= lh - y, FALSE);
  g_return_val_if_fail (dest != NULL || width == 0 || height == 0, FALSE);
  g_return_val_if_fail (dest_stride >= (gsize) width * 4, FALSE);

  if (width == 0 || height == 0)
    return TRUE;

  reader_init (&r, view);
  if (level == 0)
    ok = render_level0 (&r, x, y, width, height, dest, dest_stride, cancellable, error);
  else
    ok = render_level (&r, level, x, y, width, height, dest, dest_stride, cancellable, error);
  reader_clear (&r);
  return ok;
}

GBytes *
sc_render_view_plane (const ScViewSnapshot *view,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autofree guint32 *pixels = NULL;
  gsize size;

  g_return_val_if_fail (view != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = (gsize) view->width * view->height * 4;
  pixels = g_malloc (MAX (size, 1));
  if (!sc_render_view_region (view, 0, 0, 0, view->width, view->height, pixels,
                              (gsize) view->width * 4, cancellable, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&pixels), size);
}
