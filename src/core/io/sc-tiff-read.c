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

guint
sc_tiff_page_block_rows (const ScTiffPage *pg)
{
  if (sc_tiff_page_is_direct (pg))
    return 1;
  if (pg->tiled)
    return pg->tile_height > 0 ? MIN (pg->tile_height, pg->height) : 1;
  return MAX (1, MIN (pg->rows_per_strip, pg->height));
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

/* Whether decoded rows of row_bytes each are already the rows of dest: the samples of
 * each pixel in their order and type, no inversion, no other sample in between. */
static gboolean
decoder_is_identity (const Decoder *d,
                     guint64        row_bytes)
{
  const ScSampleConv *cv = &d->cv;
  gboolean samples = d->separate ? d->layout->spp_out == 1
                                 : d->spp_in == d->layout->spp_out && d->first_sample == 0;

  return samples && cv->bps % 8 == 0 && cv->bps / 8 == cv->out_size && !cv->invert
         && row_bytes == d->layout->row_stride;
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

/* Where strip strile of a page lies, from its own strip table: for a handle that decodes
 * it on another page's directory. */
typedef struct
{
  guint64 offset;
  guint64 count;
} StripRef;

/* Whether libtiff decodes the strips of pages a and b alike, so that a handle on a's
 * directory decodes b's strips, read from b's own strip table, with no move to b's
 * directory (TIFFReadFromUserBuffer()): reading a directory costs as much as decoding a
 * few strips, and projections take bands of rows of one page after another. Only codecs
 * that keep nothing of their own in the directory (no JPEG tables, say). */
static gboolean
pages_decode_alike (const ScTiffPage *a,
                    const ScTiffPage *b)
{
  switch (b->compression)
    {
    case COMPRESSION_ADOBE_DEFLATE:
    case COMPRESSION_DEFLATE:
    case COMPRESSION_LZW:
    case COMPRESSION_PACKBITS:
      break;
    default:
      return FALSE;
    }
  return a->compression == b->compression && !a->tiled && !b->tiled && a->width == b->width
         && a->height == b->height && a->rows_per_strip == b->rows_per_strip && a->bps == b->bps
         && a->spp == b->spp && a->planar == b->planar && a->predictor == b->predictor
         && a->sample_format == b->sample_format && a->fill_order == b->fill_order
         && a->photometric == b->photometric && b->strip_counts.count > 0;
}

/* Strip or tile strile of the page decoded into `into`, or into the handle's buffer where
 * into is NULL: its first need bytes at least. With own, a strip of pg decoded on the
 * directory of the handle's page (pages_decode_alike()); of at most full bytes decoded.
 * NULL where it lies outside the file or does not decode. */
static const guint8 *
decode_strile (ScTiffHandle      *h,
               const ScTiffPage  *pg,
               guint32            strile,
               const StripRef    *own,
               tmsize_t           need,
               guint8            *into,
               GError           **error)
{
  const ScTiffFile *file = h->file;
  int err = 0;
  guint64 offset, count;
  guint8 *buf;
  tmsize_t got;

  if (own != NULL)
    {
      offset = own->offset;
      count = own->count;
    }
  else
    {
      guint32 n = pg->tiled ? TIFFNumberOfTiles (h->tif) : TIFFNumberOfStrips (h->tif);

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
    }
  if (offset > file->size || count > file->size - offset)
    {
      sc_tiff_set_truncated (file, pg->page_number, error);
      return NULL;
    }
  buf = into != NULL ? into : sc_tiff_handle_buffer (h, (gsize) need);
  if (own != NULL)
    {
      guint8 *raw = sc_tiff_handle_raw_buffer (h, MAX ((gsize) count, 1));

      if (!sc_tiff_file_read (file, raw, (gsize) count, offset, pg->page_number, error))
        return NULL;
      got = TIFFReadFromUserBuffer (h->tif, strile, raw, (tmsize_t) count, buf, need) ? need : -1;
    }
  else
    got = pg->tiled ? TIFFReadEncodedTile (h->tif, strile, buf, need)
                    : TIFFReadEncodedStrip (h->tif, strile, buf, need);
  if (got < need)
    {
      sc_tiff_handle_set_error (h, pg, error);
      return NULL;
    }
  h->n_decoded++;
  return buf;
}

/* Where strips first .. first + n - 1 of pg lie, from its own strip table, into refs;
 * FALSE (no error) where the table holds fewer, or a strip more bytes than one of full
 * bytes decoded could take even uncompressed: libtiff then reads that page's directory
 * and strips itself. */
static gboolean
read_strip_refs (const ScTiffFile  *file,
                 const ScTiffPage  *pg,
                 guint              first,
                 guint              n,
                 guint64            full,
                 StripRef          *refs,
                 GError           **error)
{
  g_autofree guint64 *v = NULL;

  if ((guint64) first + n > pg->strip_offsets.count || (guint64) first + n > pg->strip_counts.count)
    return FALSE;
  v = g_new (guint64, 2 * (gsize) n);
  if (!sc_tiff_tag_read_uints (file, &pg->strip_offsets, first, n, v, pg->page_number, error)
      || !sc_tiff_tag_read_uints (file, &pg->strip_counts, first, n, v + n, pg->page_number,
                                  error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      refs[i].offset = v[i];
      refs[i].count = v[n + i];
      if (refs[i].count > 2 * full + 4096)
        return FALSE;
    }
  return TRUE;
}

/* A strip or tile decoded whole for part of it takes at most this much more memory. */
#define WHOLE_DECODE_EXTRA_BYTES (4 * 1024 * 1024)

/* The rows of a strip or tile of block_rows rows (fewer at the bottom), row_bytes each,
 * to decode for its first `wanted`: libtiff decodes Deflate with libdeflate, two to three
 * times as fast as zlib, only when it is asked for a whole strip or tile, which is then
 * the cheaper where most of it is wanted. Other codecs stop where asked. */
static guint
rows_to_decode (const ScTiffPage *pg,
                guint             wanted,
                guint             block_rows,
                guint64           row_bytes)
{
  if ((pg->compression == COMPRESSION_ADOBE_DEFLATE || pg->compression == COMPRESSION_DEFLATE)
      && 2 * wanted >= block_rows
      && (block_rows - wanted) * row_bytes <= WHOLE_DECODE_EXTRA_BYTES)
    return block_rows;
  return wanted;
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
  guint strips_per_plane, s0, s1;
  gboolean identity;
  g_autofree StripRef *refs = NULL;
  Decoder d;

  decoder_init (&d, layout, pg, first_sample, y0, dest);
  TIFFGetFieldDefaulted (tif, TIFFTAG_ROWSPERSTRIP, &rps);
  if (rps == 0 || rps > pg->height)
    rps = pg->height;
  strips_per_plane = (pg->height + rps - 1) / rps;
  if (!decoder_check_row_bytes (&d, h, pg, row_bytes, pg->width, error))
    return FALSE;
  identity = decoder_is_identity (&d, row_bytes);
  s0 = y0 / rps;
  s1 = (y0 + n_rows - 1) / rps;

  for (guint sample = 0; sample < d.n_planes; sample++)
    {
      guint stored = d.separate ? d.first_sample + sample : 0;

      /* On another page's directory: pg's own strip table, or pg's directory after all. */
      if (h->dir_offset != pg->ifd_offset)
        {
          GError *local = NULL;

          refs = g_renew (StripRef, refs, s1 - s0 + 1);
          if (!read_strip_refs (h->file, pg, stored * strips_per_plane + s0, s1 - s0 + 1,
                                (guint64) rps * row_bytes, refs, &local))
            {
              if (local != NULL)
                {
                  g_propagate_error (error, local);
                  return FALSE;
                }
              if (!sc_tiff_handle_load_page (h, pg, error))
                return FALSE;
            }
        }

      for (guint s = s0; s <= s1; s++)
        {
          guint strip_y0 = s * rps;
          guint strip_rows = MIN (rps, pg->height - strip_y0);
          guint r0 = MAX (y0, strip_y0);
          guint r1 = MIN (y0 + n_rows, strip_y0 + strip_rows);
          guint32 strip = stored * strips_per_plane + s;
          const StripRef *own = h->dir_offset != pg->ifd_offset ? &refs[s - s0] : NULL;
          /* A whole strip of the rows wanted as they are decodes straight into dest. */
          gboolean in_place = identity && r0 == strip_y0 && r1 == strip_y0 + strip_rows;
          guint rows = in_place ? strip_rows
                                : rows_to_decode (pg, r1 - strip_y0, strip_rows, row_bytes);
          guint8 *into = in_place ? dest + (gsize) (r0 - y0) * layout->row_stride : NULL;
          const guint8 *buf = decode_strile (h, pg, strip, own, (tmsize_t) (rows * row_bytes),
                                             into, error);

          if (buf == NULL)
            return FALSE;
          if (!in_place)
            decoder_convert_rows (&d, buf, row_bytes, strip_y0, r0, r1, 0, pg->width, sample);
        }
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
        guint rows = rows_to_decode (pg, r1 - ty, th, tile_row_bytes);
        tmsize_t need = (tmsize_t) (rows * tile_row_bytes);

        for (guint tx = 0; tx < pg->width; tx += tw)
          {
            guint stored = d.separate ? d.first_sample + sample : 0;
            guint32 tile = TIFFComputeTile (tif, tx, ty, 0, (uint16_t) stored);
            const guint8 *buf = decode_strile (h, pg, tile, NULL, need, NULL, error);

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
  gsize size;

  /* a map cut short lends no more rows: reads then fail as the file's end says */
  if (file->map == NULL || !sc_file_map_is_intact (file->map)
      || !sc_tiff_native_rows_offset (file, layout, pg, y0, n_rows, &offset))
    return NULL;
  size = sc_file_map_get_size (file->map);
  if (offset % layout->out_size != 0 || offset > size
      || (guint64) n_rows * layout->row_stride > size - offset)
    return NULL;
  return sc_file_map_get_data (file->map) + offset;
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
  if (h->page != NULL && h->page != pg && pages_decode_alike (h->page, pg))
    ok = TRUE;   /* pg's strips decode on h's page's directory */
  else
    ok = sc_tiff_handle_load_page (h, pg, error);
  if (ok && pg->tiled)
    ok = read_rows_tiles (layout, h, pg, sample, y0, n_rows, dest, error);
  else if (ok)
    ok = read_rows_strips (layout, h, pg, sample, y0, n_rows, dest, error);
  sc_tiff_handle_release (pool, h, ok);
  return ok;
}
