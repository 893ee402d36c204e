/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tiff-read"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-sample-convert.h"
#include "sc-source.h"
#include "sc-tiff-read.h"

static void
conv_for_page (const ScTiffLayout *layout,
               const ScTiffPage   *pg,
               gboolean            src_le,
               ScSampleConv       *cv)
{
  cv->bps = pg->bps;
  cv->sample_format = pg->sample_format;
  cv->src_le = src_le;
  cv->invert = pg->invert;
  cv->out = layout->out_type;
  cv->out_size = layout->out_size;
}

gboolean
sc_tiff_page_is_direct (const ScTiffPage *pg)
{
  return pg->compression == COMPRESSION_NONE && !pg->tiled && pg->fill_order != FILLORDER_LSB2MSB
         && pg->planar == PLANARCONFIG_CONTIG;
}

/* Whether the file holds this page's rows exactly as read_rows() returns them. */
static gboolean
page_is_native (const ScTiffFile   *file,
                const ScTiffLayout *layout,
                const ScTiffPage   *pg)
{
  return sc_tiff_page_is_direct (pg) && pg->bps == layout->out_size * 8 && pg->spp == layout->spp_out
         && !pg->invert && (pg->bps == 8 || file->little_endian == SC_HOST_LE);
}

/* Reads the file offsets of strips s0 .. s1 of an uncompressed page, checking that each
 * holds the rows it must. */
static gboolean
strip_offsets_for_rows (const ScTiffFile  *file,
                        const ScTiffPage  *pg,
                        guint              s0,
                        guint              n,
                        guint64           *offsets,
                        GError           **error)
{
  gsize row_bytes = sc_tiff_page_row_bytes (pg);

  if (pg->data_offset != SC_TIFF_NO_OFFSET)
    {
      g_assert (s0 == 0 && n == 1);
      offsets[0] = pg->data_offset;
      return TRUE;
    }
  if (!sc_tiff_tag_read_uints (file, &pg->strip_offsets, s0, n, offsets, pg->page_number, error))
    return FALSE;
  if (pg->strip_counts.count > 0)
    {
      g_autofree guint64 *counts = g_new (guint64, n);

      if (!sc_tiff_tag_read_uints (file, &pg->strip_counts, s0, n, counts, pg->page_number, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          guint64 rows = MIN ((guint64) pg->rows_per_strip,
                              pg->height - (guint64) (s0 + i) * pg->rows_per_strip);
          if (counts[i] < rows * row_bytes)
            {
              sc_tiff_set_truncated (file, pg->page_number, error);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
read_rows_direct (const ScTiffFile    *file,
                  const ScTiffLayout  *layout,
                  const ScTiffPage    *pg,
                  guint                sample,
                  guint                y0,
                  guint                n_rows,
                  guint8              *dest,
                  GError             **error)
{
  gsize row_bytes = sc_tiff_page_row_bytes (pg);
  guint rps = pg->data_offset != SC_TIFF_NO_OFFSET ? pg->height : pg->rows_per_strip;
  guint s0 = y0 / rps;
  guint s1 = (y0 + n_rows - 1) / rps;
  /* Same layout as the output, but for the byte order: read straight into dest. */
  gboolean native = pg->bps == layout->out_size * 8 && pg->spp == layout->spp_out && !pg->invert
                    && !layout->split;
  g_autofree guint64 *offsets = g_new (guint64, s1 - s0 + 1);
  g_autofree guint8 *tmp = NULL;
  ScSampleConv cv;

  if (!strip_offsets_for_rows (file, pg, s0, s1 - s0 + 1, offsets, error))
    return FALSE;

  conv_for_page (layout, pg, file->little_endian, &cv);
  if (!native)
    tmp = g_malloc (MIN ((gsize) rps, n_rows) * row_bytes);

  for (guint s = s0; s <= s1; s++)
    {
      guint r0 = MAX (y0, s * rps);
      guint r1 = MIN (y0 + n_rows, MIN ((guint64) (s + 1) * rps, pg->height));
      guint64 offset = offsets[s - s0] + (guint64) (r0 - s * rps) * row_bytes;
      gsize len = (gsize) (r1 - r0) * row_bytes;
      guint8 *out = dest + (gsize) (r0 - y0) * layout->row_stride;

      if (native)
        {
          /* Strips that follow each other in the file are read in one go. */
          while (s < s1 && offsets[s + 1 - s0] == offset + len && r1 == (s + 1) * rps)
            {
              s++;
              r1 = MIN (y0 + n_rows, MIN ((guint64) (s + 1) * rps, pg->height));
              len = (gsize) (r1 - r0) * row_bytes;
            }
          if (!sc_tiff_file_read (file, out, len, offset, pg->page_number, error))
            return FALSE;
          if (pg->bps > 8 && file->little_endian != SC_HOST_LE)
            sc_sample_swab (out, len / layout->out_size, layout->out_size);
        }
      else
        {
          if (!sc_tiff_file_read (file, tmp, len, offset, pg->page_number, error))
            return FALSE;
          for (guint r = r0; r < r1; r++)
            sc_sample_convert_pixels (&cv, tmp + (gsize) (r - r0) * row_bytes, sample, pg->spp,
                                      layout->spp_out, pg->width,
                                      out + (gsize) (r - r0) * layout->row_stride, layout->spp_out);
        }
    }
  return TRUE;
}

/* What the strip and the tile readers share: how the samples libtiff decodes become rows
 * of dest, which starts at row y0 of the page. */
typedef struct {
  const ScTiffLayout *layout;
  ScSampleConv        cv;
  gboolean            separate;   /* one sample per strip or tile, plane after plane */
  guint               n_planes;
  guint               spp_in;     /* samples per pixel of a decoded strip or tile */
  guint               first_sample;   /* the stored sample read first */
  guint               y0;
  guint8             *dest;
} Decoder;

static void
decoder_init (Decoder            *d,
              const ScTiffLayout *layout,
              const ScTiffPage   *pg,
              guint               sample,
              guint               y0,
              guint8             *dest)
{
  d->layout = layout;
  d->separate = pg->planar == PLANARCONFIG_SEPARATE;
  /* separate planes: only the strips of the samples read */
  d->first_sample = layout->split ? sample : 0;
  d->n_planes = d->separate ? layout->spp_out : 1;
  d->spp_in = d->separate ? 1 : (pg->photometric == PHOTOMETRIC_YCBCR ? 3 : pg->spp);
  d->y0 = y0;
  d->dest = dest;
  conv_for_page (layout, pg, SC_HOST_LE, &d->cv);
}

/* Whether libtiff's size of a decoded row of width pixels holds them. */
static gboolean
decoder_check_row_bytes (const Decoder     *d,
                         ScTiffHandle      *h,
                         const ScTiffPage  *pg,
                         guint64            row_bytes,
                         guint32            width,
                         GError           **error)
{
  if (row_bytes == 0 || row_bytes * 8 < (guint64) width * d->spp_in * pg->bps)
    {
      sc_tiff_handle_set_error (h, pg, error);
      return FALSE;
    }
  return TRUE;
}

/* Strip or tile strile of the page decoded into the handle's buffer, its first need
 * bytes at least; NULL where it lies outside the file or does not decode. */
static const guint8 *
decode_strile (ScTiffHandle      *h,
               const ScTiffPage  *pg,
               guint32            strile,
               tmsize_t           need,
               GError           **error)
{
  const ScTiffFile *file = h->file;
  guint32 n = pg->tiled ? TIFFNumberOfTiles (h->tif) : TIFFNumberOfStrips (h->tif);
  int err = 0;
  guint64 offset, count;
  guint8 *buf;
  tmsize_t got;

  if (strile >= n)
    {
      sc_tiff_set_truncated (file, pg->page_number, error);
      return NULL;
    }
  offset = TIFFGetStrileOffsetWithErr (h->tif, strile, &err);
  count = err ? 0 : TIFFGetStrileByteCountWithErr (h->tif, strile, &err);
  if (err)
    {
      sc_tiff_handle_set_error (h, pg, error);
      return NULL;
    }
  if (offset > file->size || count > file->size - offset)
    {
      sc_tiff_set_truncated (file, pg->page_number, error);
      return NULL;
    }
  buf = sc_tiff_handle_buffer (h, (gsize) need);
  got = pg->tiled ? TIFFReadEncodedTile (h->tif, strile, buf, need)
                  : TIFFReadEncodedStrip (h->tif, strile, buf, need);
  if (got < need)
    {
      sc_tiff_handle_set_error (h, pg, error);
      return NULL;
    }
  return buf;
}

/* Rows r0 .. r1 - 1 of sample `sample` of a decoded strip or tile whose first row is
 * row top of the page, row_bytes apart: n_pix pixels each, from column x. */
static void
decoder_convert_rows (const Decoder *d,
                      const guint8  *buf,
                      guint64        row_bytes,
                      guint          top,
                      guint          r0,
                      guint          r1,
                      guint          x,
                      guint          n_pix,
                      guint          sample)
{
  const ScTiffLayout *layout = d->layout;
  gsize pixel_bytes = layout->spp_out * layout->out_size;

  for (guint r = r0; r < r1; r++)
    {
      guint8 *out = d->dest + (gsize) (r - d->y0) * layout->row_stride + x * pixel_bytes;
      const guint8 *src = buf + (r - top) * row_bytes;

      if (d->separate)
        sc_sample_convert_pixels (&d->cv, src, 0, 1, 1, n_pix, out + sample * layout->out_size,
                                  layout->spp_out);
      else
        sc_sample_convert_pixels (&d->cv, src, d->first_sample, d->spp_in, layout->spp_out, n_pix,
                                  out, layout->spp_out);
    }
}

static gboolean
read_rows_strips (const ScTiffLayout  *layout,
                  ScTiffHandle        *h,
                  const ScTiffPage    *pg,
                  guint                first_sample,
                  guint                y0,
                  guint                n_rows,
                  guint8              *dest,
                  GError             **error)
{
  TIFF *tif = h->tif;
  guint64 row_bytes = TIFFScanlineSize64 (tif);
  guint32 rps = 0;
  guint strips_per_plane;
  Decoder d;

  decoder_init (&d, layout, pg, first_sample, y0, dest);
  TIFFGetFieldDefaulted (tif, TIFFTAG_ROWSPERSTRIP, &rps);
  if (rps == 0 || rps > pg->height)
    rps = pg->height;
  strips_per_plane = (pg->height + rps - 1) / rps;
  if (!decoder_check_row_bytes (&d, h, pg, row_bytes, pg->width, error))
    return FALSE;

  for (guint sample = 0; sample < d.n_planes; sample++)
    for (guint s = y0 / rps; s <= (y0 + n_rows - 1) / rps; s++)
      {
        guint strip_y0 = s * rps;
        guint r0 = MAX (y0, strip_y0);
        guint r1 = MIN (y0 + n_rows, MIN (strip_y0 + rps, pg->height));
        tmsize_t need = (tmsize_t) ((r1 - strip_y0) * row_bytes);
        guint stored = d.separate ? d.first_sample + sample : 0;
        const guint8 *buf = decode_strile (h, pg, stored * strips_per_plane + s, need, error);

        if (buf == NULL)
          return FALSE;
        decoder_convert_rows (&d, buf, row_bytes, strip_y0, r0, r1, 0, pg->width, sample);
      }
  return TRUE;
}

static gboolean
read_rows_tiles (const ScTiffLayout  *layout,
                 ScTiffHandle        *h,
                 const ScTiffPage    *pg,
                 guint                first_sample,
                 guint                y0,
                 guint                n_rows,
                 guint8              *dest,
                 GError             **error)
{
  TIFF *tif = h->tif;
  guint32 tw = 0, th = 0;
  guint64 tile_row_bytes = TIFFTileRowSize64 (tif);
  Decoder d;

  decoder_init (&d, layout, pg, first_sample, y0, dest);
  TIFFGetField (tif, TIFFTAG_TILEWIDTH, &tw);
  TIFFGetField (tif, TIFFTAG_TILELENGTH, &th);
  if (tw == 0 || th == 0)
    tile_row_bytes = 0;
  if (!decoder_check_row_bytes (&d, h, pg, tile_row_bytes, tw, error))
    return FALSE;
  /* One tile is decoded whole: refuse tiles larger than the largest plane accepted. */
  if (tile_row_bytes * th > sc_max_plane_bytes ())
    {
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   _("page %u of %s has tiles of %u x %u pixels, more than Stackscope accepts"),
                   pg->page_number, h->file->name, tw, th);
      return FALSE;
    }

  for (guint sample = 0; sample < d.n_planes; sample++)
    for (guint ty = (y0 / th) * th; ty < y0 + n_rows; ty += th)
      {
        guint r0 = MAX (y0, ty);
        guint r1 = MIN (y0 + n_rows, MIN ((guint64) ty + th, pg->height));
        tmsize_t need = (tmsize_t) ((r1 - ty) * tile_row_bytes);

        for (guint tx = 0; tx < pg->width; tx += tw)
          {
            guint stored = d.separate ? d.first_sample + sample : 0;
            guint32 tile = TIFFComputeTile (tif, tx, ty, 0, (uint16_t) stored);
            const guint8 *buf = decode_strile (h, pg, tile, need, error);

            if (buf == NULL)
              return FALSE;
            decoder_convert_rows (&d, buf, tile_row_bytes, ty, r0, r1, tx, MIN (tw, pg->width - tx),
                                  sample);
          }
      }
  return TRUE;
}

gboolean
sc_tiff_native_rows_offset (const ScTiffFile   *file,
                            const ScTiffLayout *layout,
                            const ScTiffPage   *pg,
                            guint               y0,
                            guint               n_rows,
                            guint64            *offset)
{
  guint64 at;

  if (layout->split || !page_is_native (file, layout, pg))
    return FALSE;

  if (pg->data_offset != SC_TIFF_NO_OFFSET)
    at = pg->data_offset + (guint64) y0 * layout->row_stride;
  else
    {
      guint rps = pg->rows_per_strip;
      guint s0 = y0 / rps;
      guint s1 = n_rows > 0 ? (y0 + n_rows - 1) / rps : s0;
      g_autofree guint64 *offsets = g_new (guint64, s1 - s0 + 1);

      if (!strip_offsets_for_rows (file, pg, s0, s1 - s0 + 1, offsets, NULL))
        return FALSE;
      for (guint s = s0 + 1; s <= s1; s++)
        if (offsets[s - s0] != offsets[s - s0 - 1] + (guint64) rps * layout->row_stride)
          return FALSE;
      at = offsets[0] + (guint64) (y0 - s0 * rps) * layout->row_stride;
    }

  if (at > file->size || (guint64) n_rows * layout->row_stride > file->size - at)
    return FALSE;
  *offset = at;
  return TRUE;
}

gconstpointer
sc_tiff_peek_rows (const ScTiffFile   *file,
                   const ScTiffLayout *layout,
                   const ScTiffPage   *pg,
                   guint               y0,
                   guint               n_rows)
{
  guint64 offset;

  if (file->map == NULL || !sc_tiff_native_rows_offset (file, layout, pg, y0, n_rows, &offset))
    return NULL;
  if (offset % layout->out_size != 0 || offset > file->map_size
      || (guint64) n_rows * layout->row_stride > file->map_size - offset)
    return NULL;
  return file->map + offset;
}

gboolean
sc_tiff_read_rows (const ScTiffFile    *file,
                   const ScTiffLayout  *layout,
                   ScTiffHandlePool    *pool,
                   const ScTiffPage    *pg,
                   guint                sample,
                   guint                y0,
                   guint                n_rows,
                   guint8              *dest,
                   GError             **error)
{
  ScTiffHandle *h;
  gboolean ok;

  if (n_rows == 0)
    return TRUE;
  if (sc_tiff_page_is_direct (pg))
    return read_rows_direct (file, layout, pg, sample, y0, n_rows, dest, error);

  if (!(h = sc_tiff_handle_acquire (pool, file, error)))
    return FALSE;
  ok = sc_tiff_handle_load_page (h, pg, error);
  if (ok && pg->tiled)
    ok = read_rows_tiles (layout, h, pg, sample, y0, n_rows, dest, error);
  else if (ok)
    ok = read_rows_strips (layout, h, pg, sample, y0, n_rows, dest, error);
  sc_tiff_handle_release (pool, h, ok);
  return ok;
}
