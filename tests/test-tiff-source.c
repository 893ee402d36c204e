/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <tiffio.h>

#include "sc-error.h"
#include "sc-stack.h"
#include "sc-test-util.h"
#include "sc-tiff-source.h"

static char *tmpdir;

/* ---------------------------------------------------------------------------------------- */
/* Fixtures written with libtiff: every sample is a hash of its position, so that a value
 * in the wrong place, order or byte order shows. */

typedef struct
{
  const char   *name;
  const char   *mode;
  guint         width;
  guint         height;
  guint         pages;
  guint16       bps;
  guint16       spp;
  guint16       sample_format;
  guint16       photometric;
  guint16       compression;
  guint16       predictor;
  guint16       planar;
  guint         tile;             /* 0: strips */
  guint         rows_per_strip;   /* 0: one strip per plane */
  ScSampleType  type;             /* expected */
  guint         spp_out;          /* expected */
  gboolean      peekable;         /* expected of plane 0 */
} Fixture;

static guint32
mix (guint page,
     guint x,
     guint y,
     guint s)
{
  guint32 h = x * 73856093u ^ y * 19349663u ^ page * 83492791u ^ s * 2654435761u;

  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return h;
}

static guint64
raw_value (const Fixture *f,
           guint          page,
           guint          x,
           guint          y,
           guint          s)
{
  guint32 h = mix (page, x, y, s);

  if (f->sample_format == SAMPLEFORMAT_IEEEFP)
    {
      if (f->bps == 64)
        {
          double d = ((double) (h % 60001) - 30000.0) / 8.0 + 1.0 / 3.0;
          guint64 bits;
          memcpy (&bits, &d, 8);
          return bits;
        }
      else
        {
          float v = ((float) (h % 60001) - 30000.0f) / 8.0f;
          guint32 bits;
          memcpy (&bits, &v, 4);
          return bits;
        }
    }
  if (f->bps >= 32)
    return h;
  return h & ((1u << f->bps) - 1);
}

static double
expected_value (const Fixture *f,
                guint          page,
                guint          x,
                guint          y,
                guint          s)
{
  guint64 raw = raw_value (f, page, x, y, s);
  guint64 mask = f->bps >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << f->bps) - 1;

  if (f->sample_format == SAMPLEFORMAT_IEEEFP)
    {
      if (f->bps == 64)
        {
          double d;
          memcpy (&d, &raw, 8);
          return (float) d;
        }
      else
        {
          float v;
          guint32 bits = (guint32) raw;
          memcpy (&v, &bits, 4);
          return v;
        }
    }
  if (f->sample_format == SAMPLEFORMAT_INT)
    {
      if (raw & (G_GUINT64_CONSTANT (1) << (f->bps - 1)))
        return (double) (gint64) (raw | ~mask);
      return (double) raw;
    }
  if (f->photometric == PHOTOMETRIC_MINISWHITE)
    return (double) (mask - raw);
  return (double) raw;
}

static double
sample_at (const guint8 *buf,
           ScSampleType  type,
           gsize         index)
{
  switch (type)
    {
    case SC_SAMPLE_U8: return buf[index];
    case SC_SAMPLE_I8: return (gint8) buf[index];
    case SC_SAMPLE_U16: { guint16 v; memcpy (&v, buf + 2 * index, 2); return v; }
    case SC_SAMPLE_I16: { gint16 v; memcpy (&v, buf + 2 * index, 2); return v; }
    case SC_SAMPLE_U32: { guint32 v; memcpy (&v, buf + 4 * index, 4); return v; }
    case SC_SAMPLE_I32: { gint32 v; memcpy (&v, buf + 4 * index, 4); return v; }
    case SC_SAMPLE_F32: { float v; memcpy (&v, buf + 4 * index, 4); return v; }
    default: g_assert_not_reached ();
    }
}

/* Packs n raw values of bps bits: native order for whole bytes (libtiff swaps when the
 * file's order differs), an MSB-first bit stream otherwise. */
static void
pack_values (guint8        *dst,
             const guint64 *values,
             guint          n,
             guint          bps)
{
  if (bps % 8 == 0)
    {
      for (guint i = 0; i < n; i++)
        switch (bps)
          {
          case 8: dst[i] = (guint8) values[i]; break;
          case 16: { guint16 v = (guint16) values[i]; memcpy (dst + 2 * i, &v, 2); } break;
          case 24:
            {
              guint32 v = (guint32) values[i];
              /* libtiff keeps 24-bit samples in host order in memory. */
              if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
                {
                  dst[3 * i] = v & 0xff;
                  dst[3 * i + 1] = (v >> 8) & 0xff;
                  dst[3 * i + 2] = (v >> 16) & 0xff;
                }
              else
                {
                  dst[3 * i] = (v >> 16) & 0xff;
                  dst[3 * i + 1] = (v >> 8) & 0xff;
                  dst[3 * i + 2] = v & 0xff;
                }
            }
            break;
          case 32: { guint32 v = (guint32) values[i]; memcpy (dst + 4 * i, &v, 4); } break;
          case 64: memcpy (dst + 8 * i, &values[i], 8); break;
          default: g_assert_not_reached ();
          }
      return;
    }

  memset (dst, 0, ((gsize) n * bps + 7) / 8);
  for (guint i = 0; i < n; i++)
    for (guint b = 0; b < bps; b++)
      if (values[i] & (G_GUINT64_CONSTANT (1) << (bps - 1 - b)))
        {
          guint64 bit = (guint64) i * bps + b;
          dst[bit / 8] |= 0x80 >> (bit % 8);
        }
}

static void
set_common_fields (TIFF          *tif,
                   const Fixture *f)
{
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, f->width);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, f->height);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, f->bps);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, f->spp);
  TIFFSetField (tif, TIFFTAG_SAMPLEFORMAT, f->sample_format ? f->sample_format : SAMPLEFORMAT_UINT);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, f->photometric);
  TIFFSetField (tif, TIFFTAG_COMPRESSION, f->compression ? f->compression : COMPRESSION_NONE);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, f->planar ? f->planar : PLANARCONFIG_CONTIG);
  if (f->predictor)
    TIFFSetField (tif, TIFFTAG_PREDICTOR, f->predictor);
  if (f->tile)
    {
      TIFFSetField (tif, TIFFTAG_TILEWIDTH, f->tile);
      TIFFSetField (tif, TIFFTAG_TILELENGTH, f->tile);
    }
  else
    TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, f->rows_per_strip ? f->rows_per_strip : f->height);
  if ((f->photometric == PHOTOMETRIC_RGB && f->spp == 4)
      || (f->photometric <= PHOTOMETRIC_MINISBLACK && f->spp == 2))
    {
      guint16 extra = f->photometric == PHOTOMETRIC_RGB ? EXTRASAMPLE_UNASSALPHA : EXTRASAMPLE_UNSPECIFIED;
      TIFFSetField (tif, TIFFTAG_EXTRASAMPLES, 1, &extra);
    }
  if (f->photometric == PHOTOMETRIC_PALETTE)
    {
      guint n = 1u << f->bps;
      g_autofree guint16 *r = g_new (guint16, n);
      g_autofree guint16 *g = g_new (guint16, n);
      g_autofree guint16 *b = g_new (guint16, n);

      for (guint i = 0; i < n; i++)
        {
          r[i] = (guint16) (i * 65535 / (n - 1));
          g[i] = (guint16) (65535 - r[i]);
          b[i] = (i % 2) ? 65535 : 0;
        }
      TIFFSetField (tif, TIFFTAG_COLORMAP, r, g, b);
    }
}

static char *
write_fixture (const Fixture *f)
{
  g_autofree char *file = g_strconcat (f->name, ".tif", NULL);
  char *path = g_build_filename (tmpdir, file, NULL);
  TIFF *tif = TIFFOpen (path, f->mode);
  gboolean separate = f->planar == PLANARCONFIG_SEPARATE;
  guint n_sample_planes = separate ? f->spp : 1;
  guint spp_row = separate ? 1 : f->spp;

  g_assert_nonnull (tif);
  for (guint page = 0; page < f->pages; page++)
    {
      set_common_fields (tif, f);
      if (f->tile == 0)
        {
          g_autofree guint8 *row = g_malloc0 (TIFFScanlineSize (tif) + 16);
          g_autofree guint64 *values = g_new (guint64, (gsize) f->width * spp_row);

          for (guint s = 0; s < n_sample_planes; s++)
            for (guint y = 0; y < f->height; y++)
              {
                for (guint x = 0; x < f->width; x++)
                  for (guint j = 0; j < spp_row; j++)
                    values[x * spp_row + j] = raw_value (f, page, x, y, separate ? s : j);
                pack_values (row, values, f->width * spp_row, f->bps);
                g_assert_cmpint (TIFFWriteScanline (tif, row, y, (guint16) s), ==, 1);
              }
        }
      else
        {
          g_autofree guint8 *tile = g_malloc0 (TIFFTileSize (tif));
          gsize tile_row = TIFFTileRowSize (tif);
          g_autofree guint64 *values = g_new (guint64, (gsize) f->tile * spp_row);

          for (guint s = 0; s < n_sample_planes; s++)
            for (guint ty = 0; ty < f->height; ty += f->tile)
              for (guint tx = 0; tx < f->width; tx += f->tile)
                {
                  for (guint r = 0; r < f->tile; r++)
                    {
                      for (guint c = 0; c < f->tile; c++)
                        for (guint j = 0; j < spp_row; j++)
                          {
                            guint x = tx + c, y = ty + r;
                            values[c * spp_row + j] = x < f->width && y < f->height
                                                      ? raw_value (f, page, x, y, separate ? s : j) : 0;
                          }
                      pack_values (tile + r * tile_row, values, f->tile * spp_row, f->bps);
                    }
                  g_assert_cmpint (TIFFWriteTile (tif, tile, tx, ty, 0, (guint16) s), >, 0);
                }
        }
      g_assert_true (TIFFWriteDirectory (tif));
    }
  TIFFClose (tif);
  return path;
}

static ScStack *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  ScStack *stack = sc_stack_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stack);
  return stack;
}

/* 16- and 32-bit RGB pages are read as ImageJ reads them: each sample a channel. */
static guint
fixture_split (const Fixture *f)
{
  return f->photometric == PHOTOMETRIC_RGB && f->type != SC_SAMPLE_U8 ? f->spp : 1;
}

static void
check_pixels (ScStack       *stack,
              const Fixture *f)
{
  gsize plane_size = sc_stack_get_plane_size (stack);
  g_autofree guint8 *buf = g_malloc (plane_size);
  guint split = fixture_split (f);

  for (guint plane = 0; plane < f->pages * split; plane++)
    {
      g_autoptr(GError) error = NULL;
      guint page = plane / split;

      memset (buf, 0xa5, plane_size);
      g_assert_true (sc_stack_read_plane (stack, plane, buf, &error));
      g_assert_no_error (error);
      for (guint y = 0; y < f->height; y++)
        for (guint x = 0; x < f->width; x++)
          for (guint s = 0; s < f->spp_out; s++)
            {
              double got = sample_at (buf, f->type, ((gsize) y * f->width + x) * f->spp_out + s);
              double want = expected_value (f, page, x, y, split > 1 ? plane % split : s);

              if (got != want)
                g_error ("%s: page %u, x %u, y %u, sample %u: got %.9g, expected %.9g",
                         f->name, page, x, y, s, got, want);
            }
    }
}

/* A band of rows read alone equals the same rows of the whole plane. */
static void
check_band (ScStack *stack,
            guint    plane,
            guint    y0,
            guint    n_rows)
{
  gsize stride = sc_stack_get_row_stride (stack);
  g_autofree guint8 *full = g_malloc (sc_stack_get_plane_size (stack));
  g_autofree guint8 *band = g_malloc (stride * n_rows);
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_stack_read_plane (stack, plane, full, &error));
  g_assert_no_error (error);
  g_assert_true (sc_stack_read_rows (stack, plane, y0, n_rows, band, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (band, stride * n_rows, full + stride * y0, stride * n_rows);
}

static void
test_variant (gconstpointer data)
{
  const Fixture *f = data;
  g_autofree char *path = NULL;
  g_autoptr(ScStack) stack = NULL;
  gconstpointer peek;

  if (f->compression && !TIFFIsCODECConfigured (f->compression))
    {
      g_test_skip ("this libtiff lacks the codec");
      return;
    }
  path = write_fixture (f);
  stack = open_ok (path);

  g_assert_cmpuint (sc_stack_get_width (stack), ==, f->width);
  g_assert_cmpuint (sc_stack_get_height (stack), ==, f->height);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, f->pages * fixture_split (f));
  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, fixture_split (f));
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, f->pages);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, f->type);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (stack), ==, f->spp_out);
  g_assert_cmpuint (sc_stack_get_row_stride (stack), ==,
                    f->width * f->spp_out * sc_sample_type_size (f->type));
  g_assert_cmpstr (sc_stack_get_format (stack), ==, strchr (f->mode, '8') ? "BigTIFF" : "TIFF");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "BigTIFF"), ==, strchr (f->mode, '8') ? "yes" : "no");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "Byte order"), ==,
                   strchr (f->mode, 'b') ? "big-endian (MM)" : "little-endian (II)");

  check_pixels (stack, f);
  check_band (stack, f->pages * fixture_split (f) - 1, 5, 9);
  check_band (stack, 0, f->height - 3, 3);

  peek = sc_stack_peek_rows (stack, 0, 2, 4);
  if (f->peekable)
    {
      g_autofree guint8 *full = g_malloc (sc_stack_get_plane_size (stack));
      gsize stride = sc_stack_get_row_stride (stack);

      g_assert_nonnull (peek);
      g_assert_true (sc_stack_read_plane (stack, 0, full, NULL));
      g_assert_cmpmem (peek, stride * 4, full + 2 * stride, stride * 4);
    }
  else
    g_assert_null (peek);
}

#define GRAY(name, mode, bps, fmt, comp, pred, type, peek) \
  { name, mode, 37, 29, 3, bps, 1, fmt, PHOTOMETRIC_MINISBLACK, comp, pred, 0, 0, 0, type, 1, peek }
#define GRAY_RPS(name, mode, bps, fmt, comp, pred, rps, type, peek) \
  { name, mode, 37, 29, 3, bps, 1, fmt, PHOTOMETRIC_MINISBLACK, comp, pred, 0, 0, rps, type, 1, peek }
#define TILED(name, mode, bps, fmt, comp, pred, type) \
  { name, mode, 40, 37, 2, bps, 1, fmt, PHOTOMETRIC_MINISBLACK, comp, pred, 0, 16, 0, type, 1, FALSE }

static const Fixture variants[] = {
  GRAY ("u8-le", "wl", 8, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U8, TRUE),
  GRAY ("u8-be", "wb", 8, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U8, TRUE),
  GRAY ("u16-le", "wl", 16, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U16, TRUE),
  GRAY ("u16-be", "wb", 16, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U16, FALSE),
  GRAY ("u32-le", "wl", 32, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U32, TRUE),
  GRAY ("u32-be", "wb", 32, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U32, FALSE),
  GRAY ("i8", "wl", 8, SAMPLEFORMAT_INT, COMPRESSION_NONE, 0, SC_SAMPLE_I8, TRUE),
  GRAY ("i16-be", "wb", 16, SAMPLEFORMAT_INT, COMPRESSION_NONE, 0, SC_SAMPLE_I16, FALSE),
  GRAY ("i16-le", "wl", 16, SAMPLEFORMAT_INT, COMPRESSION_NONE, 0, SC_SAMPLE_I16, TRUE),
  GRAY ("i32-be", "wb", 32, SAMPLEFORMAT_INT, COMPRESSION_NONE, 0, SC_SAMPLE_I32, FALSE),
  GRAY ("f32-le", "wl", 32, SAMPLEFORMAT_IEEEFP, COMPRESSION_NONE, 0, SC_SAMPLE_F32, TRUE),
  GRAY ("f32-be", "wb", 32, SAMPLEFORMAT_IEEEFP, COMPRESSION_NONE, 0, SC_SAMPLE_F32, FALSE),
  GRAY ("f64-to-f32", "wb", 64, SAMPLEFORMAT_IEEEFP, COMPRESSION_NONE, 0, SC_SAMPLE_F32, FALSE),
  GRAY ("f64-deflate", "wl", 64, SAMPLEFORMAT_IEEEFP, COMPRESSION_ADOBE_DEFLATE, 0, SC_SAMPLE_F32, FALSE),
  GRAY ("1bit", "wl", 1, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U8, FALSE),
  GRAY ("4bit", "wb", 4, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U8, FALSE),
  GRAY ("12bit-le", "wl", 12, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U16, FALSE),
  GRAY ("12bit-be-lzw", "wb", 12, SAMPLEFORMAT_UINT, COMPRESSION_LZW, 0, SC_SAMPLE_U16, FALSE),
  GRAY ("12bit-signed", "wl", 12, SAMPLEFORMAT_INT, COMPRESSION_NONE, 0, SC_SAMPLE_I16, FALSE),
  GRAY ("24bit-be", "wb", 24, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U32, FALSE),
  GRAY ("24bit-le-deflate", "wl", 24, SAMPLEFORMAT_UINT, COMPRESSION_ADOBE_DEFLATE, 0, SC_SAMPLE_U32, FALSE),
  GRAY ("u8-lzw", "wl", 8, SAMPLEFORMAT_UINT, COMPRESSION_LZW, 0, SC_SAMPLE_U8, FALSE),
  GRAY ("u16-lzw-predictor", "wb", 16, SAMPLEFORMAT_UINT, COMPRESSION_LZW, PREDICTOR_HORIZONTAL, SC_SAMPLE_U16, FALSE),
  GRAY ("u8-deflate", "wl", 8, SAMPLEFORMAT_UINT, COMPRESSION_DEFLATE, 0, SC_SAMPLE_U8, FALSE),
  GRAY ("u16-adobe-deflate-predictor", "wl", 16, SAMPLEFORMAT_UINT, COMPRESSION_ADOBE_DEFLATE, PREDICTOR_HORIZONTAL, SC_SAMPLE_U16, FALSE),
  GRAY ("u16-lzma", "wl", 16, SAMPLEFORMAT_UINT, COMPRESSION_LZMA, PREDICTOR_HORIZONTAL, SC_SAMPLE_U16, FALSE),
  GRAY ("u8-packbits", "wb", 8, SAMPLEFORMAT_UINT, COMPRESSION_PACKBITS, 0, SC_SAMPLE_U8, FALSE),
  GRAY ("u16-zstd", "wl", 16, SAMPLEFORMAT_UINT, COMPRESSION_ZSTD, 0, SC_SAMPLE_U16, FALSE),
  GRAY ("u16-zstd-predictor-be", "wb", 16, SAMPLEFORMAT_UINT, COMPRESSION_ZSTD, PREDICTOR_HORIZONTAL, SC_SAMPLE_U16, FALSE),
  GRAY ("f32-deflate-fp-predictor", "wl", 32, SAMPLEFORMAT_IEEEFP, COMPRESSION_ADOBE_DEFLATE, PREDICTOR_FLOATINGPOINT, SC_SAMPLE_F32, FALSE),
  /* Not big-endian: libtiff 4.5.0 writes the floating-point predictor wrongly for a byte
   * order other than the host's (its encoder swaps before differencing). */
  GRAY ("f32-lzw-fp-predictor", "wl", 32, SAMPLEFORMAT_IEEEFP, COMPRESSION_LZW, PREDICTOR_FLOATINGPOINT, SC_SAMPLE_F32, FALSE),
  GRAY ("i32-zstd", "wl", 32, SAMPLEFORMAT_INT, COMPRESSION_ZSTD, PREDICTOR_HORIZONTAL, SC_SAMPLE_I32, FALSE),
  GRAY_RPS ("u16-strips-le", "wl", 16, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, 4, SC_SAMPLE_U16, TRUE),
  GRAY_RPS ("u16-strips-be", "wb", 16, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, 5, SC_SAMPLE_U16, FALSE),
  GRAY_RPS ("u16-strips-lzw", "wl", 16, SAMPLEFORMAT_UINT, COMPRESSION_LZW, PREDICTOR_HORIZONTAL, 3, SC_SAMPLE_U16, FALSE),
  GRAY_RPS ("4bit-strips", "wl", 4, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, 6, SC_SAMPLE_U8, FALSE),
  { "bigtiff-16bit", "w8", 37, 29, 3, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 0, 0, 0, 0, 7, SC_SAMPLE_U16, 1, TRUE },
  { "bigtiff-16bit-be-deflate", "wb8", 37, 29, 3, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, COMPRESSION_ADOBE_DEFLATE, PREDICTOR_HORIZONTAL, 0, 0, 0, SC_SAMPLE_U16, 1, FALSE },
  { "bigtiff-tiles-f32", "wl8", 40, 37, 2, 32, 1, SAMPLEFORMAT_IEEEFP, PHOTOMETRIC_MINISBLACK, COMPRESSION_ZSTD, 0, 0, 16, 0, SC_SAMPLE_F32, 1, FALSE },
  TILED ("tiles-u8", "wl", 8, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, SC_SAMPLE_U8),
  TILED ("tiles-u16-be-deflate", "wb", 16, SAMPLEFORMAT_UINT, COMPRESSION_ADOBE_DEFLATE, PREDICTOR_HORIZONTAL, SC_SAMPLE_U16),
  TILED ("tiles-12bit", "wl", 12, SAMPLEFORMAT_UINT, COMPRESSION_LZW, 0, SC_SAMPLE_U16),
  TILED ("tiles-1bit", "wb", 1, SAMPLEFORMAT_UINT, COMPRESSION_PACKBITS, 0, SC_SAMPLE_U8),
  { "min-is-white-u8", "wl", 37, 29, 2, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISWHITE, 0, 0, 0, 0, 0, SC_SAMPLE_U8, 1, FALSE },
  { "min-is-white-1bit", "wb", 37, 29, 2, 1, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISWHITE, COMPRESSION_PACKBITS, 0, 0, 0, 0, SC_SAMPLE_U8, 1, FALSE },
  { "min-is-white-u16-lzw", "wb", 37, 29, 2, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISWHITE, COMPRESSION_LZW, 0, 0, 0, 0, SC_SAMPLE_U16, 1, FALSE },
  { "gray-alpha", "wl", 37, 29, 2, 8, 2, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 0, 0, 0, 0, 0, SC_SAMPLE_U8, 1, FALSE },
  { "rgb8-contig", "wl", 37, 29, 2, 8, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, 0, 0, PLANARCONFIG_CONTIG, 0, 0, SC_SAMPLE_U8, 3, TRUE },
  { "rgb8-separate", "wb", 37, 29, 2, 8, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, 0, 0, PLANARCONFIG_SEPARATE, 0, 0, SC_SAMPLE_U8, 3, FALSE },
  { "rgb8-separate-lzw-strips", "wl", 37, 29, 2, 8, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, COMPRESSION_LZW, PREDICTOR_HORIZONTAL, PLANARCONFIG_SEPARATE, 0, 4, SC_SAMPLE_U8, 3, FALSE },
  { "rgb16-contig-be", "wb", 37, 29, 2, 16, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, 0, 0, PLANARCONFIG_CONTIG, 0, 0, SC_SAMPLE_U16, 1, FALSE },
  { "rgb16-contig-deflate", "wl", 37, 29, 2, 16, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, COMPRESSION_ADOBE_DEFLATE, PREDICTOR_HORIZONTAL, PLANARCONFIG_CONTIG, 0, 0, SC_SAMPLE_U16, 1, FALSE },
  { "rgb16-separate-zstd", "wb", 37, 29, 2, 16, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, COMPRESSION_ZSTD, 0, PLANARCONFIG_SEPARATE, 0, 0, SC_SAMPLE_U16, 1, FALSE },
  { "rgba8-contig", "wl", 37, 29, 2, 8, 4, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, 0, 0, PLANARCONFIG_CONTIG, 0, 0, SC_SAMPLE_U8, 4, TRUE },
  { "rgb8-tiles-separate", "wl", 40, 37, 2, 8, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, COMPRESSION_LZW, 0, PLANARCONFIG_SEPARATE, 16, 0, SC_SAMPLE_U8, 3, FALSE },
  { "rgb16-tiles-contig", "wb", 40, 37, 2, 16, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, COMPRESSION_NONE, 0, PLANARCONFIG_CONTIG, 16, 0, SC_SAMPLE_U16, 1, FALSE },
  { "palette8", "wl", 37, 29, 2, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_PALETTE, COMPRESSION_PACKBITS, 0, 0, 0, 0, SC_SAMPLE_U8, 1, FALSE },
  { "palette4", "wb", 37, 29, 2, 4, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_PALETTE, 0, 0, 0, 0, 0, SC_SAMPLE_U8, 1, FALSE },
};

/* ---------------------------------------------------------------------------------------- */

static void
test_palette (void)
{
  const Fixture f8 = { "palette-lut", "wl", 16, 8, 1, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_PALETTE,
                       0, 0, 0, 0, 0, SC_SAMPLE_U8, 1, TRUE };
  const Fixture f4 = { "palette-lut4", "wl", 16, 8, 1, 4, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_PALETTE,
                       0, 0, 0, 0, 0, SC_SAMPLE_U8, 1, FALSE };
  g_autofree char *path8 = write_fixture (&f8);
  g_autofree char *path4 = write_fixture (&f4);
  g_autoptr(ScStack) stack8 = open_ok (path8);
  g_autoptr(ScStack) stack4 = open_ok (path4);
  const guint8 *lut = sc_stack_get_palette (stack8);

  g_assert_nonnull (lut);
  for (guint i = 0; i < 256; i++)
    {
      g_assert_cmpuint (lut[3 * i], ==, i);
      g_assert_cmpuint (lut[3 * i + 1], ==, 255 - i);
      g_assert_cmpuint (lut[3 * i + 2], ==, (i % 2) ? 255 : 0);
    }
  g_assert_cmpstr (sc_stack_lookup_metadata (stack8, "Photometric"), ==, "palette");

  lut = sc_stack_get_palette (stack4);
  g_assert_nonnull (lut);
  g_assert_cmpuint (lut[3 * 15], ==, 255);
  g_assert_cmpuint (lut[3 * 1], ==, 17);
  g_assert_cmpuint (lut[3 * 1 + 2], ==, 255);
  check_pixels (stack4, &f4);
}

static void
test_metadata (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "meta.tif", NULL);
  TIFF *tif = TIFFOpen (path, "w");
  guint8 row[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  g_autoptr(ScStack) stack = NULL;
  g_autofree char *desc = NULL;
  const ScCalibration *cal;

  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, 10);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, 1);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField (tif, TIFFTAG_SOFTWARE, "Micro-Manager 2.0");
  TIFFSetField (tif, TIFFTAG_DATETIME, "2023:04:01 12:00:00");
  TIFFSetField (tif, TIFFTAG_ARTIST, "A. Biologist");
  TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, "Golgi, 60x oil");
  TIFFSetField (tif, TIFFTAG_XRESOLUTION, 20000.0);
  TIFFSetField (tif, TIFFTAG_YRESOLUTION, 10000.0);
  TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_CENTIMETER);
  TIFFWriteScanline (tif, row, 0, 0);
  TIFFWriteDirectory (tif);
  TIFFClose (tif);

  stack = open_ok (path);
  g_assert_cmpstr (sc_stack_get_format (stack), ==, "TIFF");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "Software"), ==, "Micro-Manager 2.0");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "Date"), ==, "2023:04:01 12:00:00");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "Artist"), ==, "A. Biologist");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "Description"), ==, "Golgi, 60x oil");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "Compression"), ==, "none");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "Photometric"), ==, "min-is-black");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "Layout"), ==, "strips of 1 row");
  cal = sc_stack_get_calibration (stack);
  g_assert_cmpfloat_with_epsilon (cal->pixel_width, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (cal->pixel_height, 1.0, 1e-9);
  g_assert_cmpstr (cal->unit, ==, "µm");

  desc = sc_stack_describe_plane (stack, 0);
  g_assert_cmpstr (desc, ==, "meta.tif, page 1");
  {
    guint8 buf[10];
    g_assert_true (sc_stack_read_plane (stack, 0, buf, NULL));
    g_assert_cmpmem (buf, 10, row, 10);
  }
}

/* JPEG is lossy: a smooth picture must come back close, YCbCr converted to RGB. */
static void
check_jpeg (const char *name,
            guint16     photometric,
            guint       spp)
{
  const guint w = 64, h = 48;
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autofree guint8 *row = g_malloc (w * spp);
  g_autofree guint8 *buf = NULL;
  g_autoptr(ScStack) stack = NULL;
  TIFF *tif;

  if (!TIFFIsCODECConfigured (COMPRESSION_JPEG))
    {
      g_test_skip ("this libtiff lacks JPEG");
      return;
    }
  tif = TIFFOpen (path, "w");
  for (guint page = 0; page < 2; page++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, w);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, h);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, spp);
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_JPEG);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, photometric);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 16);
      TIFFSetField (tif, TIFFTAG_JPEGQUALITY, 98);
      if (photometric == PHOTOMETRIC_YCBCR)
        TIFFSetField (tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
      for (guint y = 0; y < h; y++)
        {
          for (guint x = 0; x < w; x++)
            for (guint s = 0; s < spp; s++)
              row[x * spp + s] = (guint8) (20 + x + y + 30 * s + 10 * page);
          g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
        }
      TIFFWriteDirectory (tif);
    }
  TIFFClose (tif);

  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (stack), ==, spp);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 2);
  buf = g_malloc (sc_stack_get_plane_size (stack));
  g_assert_true (sc_stack_read_plane (stack, 1, buf, NULL));
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      for (guint s = 0; s < spp; s++)
        {
          int want = 20 + x + y + 30 * s + 10;
          int got = buf[(y * w + x) * spp + s];

          if (ABS (got - want) > 8)
            g_error ("%s: x %u y %u sample %u: got %d, expected about %d", name, x, y, s, got, want);
        }
  check_band (stack, 1, 5, 20);
}

static void
test_jpeg (void)
{
  check_jpeg ("jpeg-gray.tif", PHOTOMETRIC_MINISBLACK, 1);
  check_jpeg ("jpeg-ycbcr.tif", PHOTOMETRIC_YCBCR, 3);
  check_jpeg ("jpeg-rgb.tif", PHOTOMETRIC_RGB, 3);
}

/* ---------------------------------------------------------------------------------------- */
/* ImageJ */

static char *
write_u16_pages (const char *name,
                 const char *mode,
                 guint       width,
                 guint       height,
                 guint       pages,
                 const char *description,
                 double      xres)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  TIFF *tif = TIFFOpen (path, mode);
  g_autofree guint16 *row = g_new (guint16, width);

  g_assert_nonnull (tif);
  for (guint p = 0; p < pages; p++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 16);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, height);
      if (p == 0 && description)
        TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, description);
      if (xres > 0)
        {
          TIFFSetField (tif, TIFFTAG_XRESOLUTION, xres);
          TIFFSetField (tif, TIFFTAG_YRESOLUTION, xres);
          TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_NONE);
        }
      for (guint y = 0; y < height; y++)
        {
          for (guint x = 0; x < width; x++)
            row[x] = (guint16) (p * 1000 + y * width + x);
          TIFFWriteScanline (tif, row, y, 0);
        }
      TIFFWriteDirectory (tif);
    }
  TIFFClose (tif);
  return path;
}

static guint16
first_value (ScStack *stack,
             guint    plane)
{
  g_autofree guint16 *buf = g_malloc (sc_stack_get_plane_size (stack));
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_stack_read_plane (stack, plane, buf, &error));
  g_assert_no_error (error);
  /* Every pixel of the plane holds page * 1000 + its index. */
  g_assert_cmpuint (buf[sc_stack_get_width (stack) + 1], ==, buf[0] + sc_stack_get_width (stack) + 1);
  return buf[0];
}

static void
test_imagej_hyperstack (void)
{
  const char *desc = "ImageJ=1.53t\nimages=12\nchannels=2\nslices=3\nframes=2\nhyperstack=true\n"
                     "mode=composite\nunit=\\u00B5m\nspacing=0.75\nfinterval=2.5\nloop=false\n"
                     "min=100.0\nmax=11999.0\n";
  g_autofree char *path = write_u16_pages ("hyper.tif", "wb", 8, 6, 12, desc, 4.0);
  g_autoptr(ScStack) stack = open_ok (path);
  const ScCalibration *cal = sc_stack_get_calibration (stack);

  g_assert_cmpstr (sc_stack_get_format (stack), ==, "ImageJ TIFF");
  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 2);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 3);
  g_assert_cmpuint (sc_stack_get_n_frames (stack), ==, 2);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 12);
  for (guint t = 0; t < 2; t++)
    for (guint z = 0; z < 3; z++)
      for (guint c = 0; c < 2; c++)
        {
          guint index = sc_stack_plane_index (stack, c, z, t);
          g_assert_cmpuint (first_value (stack, index), ==, 1000 * (c + 2 * (z + 3 * t)));
        }
  g_assert_cmpstr (cal->unit, ==, "µm");
  g_assert_cmpfloat_with_epsilon (cal->pixel_width, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (cal->pixel_height, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (cal->pixel_depth, 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (cal->frame_interval, 2.5, 1e-9);
  g_assert_cmpstr (cal->time_unit, ==, "s");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "ImageJ min"), ==, "100.0");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "ImageJ max"), ==, "11999.0");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "ImageJ mode"), ==, "composite");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "ImageJ version"), ==, "1.53t");
}

static void
test_imagej_mismatch (void)
{
  /* channels * slices * frames != images: ImageJ itself then shows a plain Z stack. */
  const char *desc = "ImageJ=1.53t\nimages=4\nchannels=3\nslices=2\nunit=micron\n";
  g_autofree char *path = write_u16_pages ("mismatch.tif", "wl", 4, 4, 4, desc, 0);
  g_autoptr(ScStack) stack = open_ok (path);

  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 1);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 4);
  g_assert_cmpuint (first_value (stack, 3), ==, 3000);
}

/* A hand-made classic little-endian TIFF: enough to write files that libtiff would not
 * (ImageJ big stacks, loops, absurd sizes, offsets beyond the end). */
typedef struct
{
  guint16     tag;
  guint16     type;
  guint32     value;
  const char *str;
} RawTag;

static void
put16 (GByteArray *b,
       guint16     v)
{
  guint8 d[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (b, d, 2);
}

static void
put32 (GByteArray *b,
       guint32     v)
{
  guint8 d[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (b, d, 4);
}

static void
patch32 (GByteArray *b,
         guint       pos,
         guint32     v)
{
  b->data[pos] = v & 0xff;
  b->data[pos + 1] = (v >> 8) & 0xff;
  b->data[pos + 2] = (v >> 16) & 0xff;
  b->data[pos + 3] = v >> 24;
}

/* Appends an IFD (tags sorted by the caller) and returns the position of its next-IFD field. */
static guint
raw_ifd (GByteArray   *b,
         const RawTag *tags,
         guint         n,
         guint32      *ifd_offset)
{
  guint extra_pos, next_pos;

  if (b->len % 2)
    g_byte_array_append (b, (const guint8 *) "", 1);
  *ifd_offset = b->len;
  extra_pos = b->len + 2 + n * 12 + 4;
  put16 (b, (guint16) n);
  for (guint i = 0; i < n; i++)
    {
      put16 (b, tags[i].tag);
      put16 (b, tags[i].type);
      if (tags[i].str)
        {
          guint len = (guint) strlen (tags[i].str) + 1;
          put32 (b, len);
          put32 (b, extra_pos);
          extra_pos += len + (len % 2);
        }
      else
        {
          put32 (b, 1);
          if (tags[i].type == TIFF_SHORT)
            {
              put16 (b, (guint16) tags[i].value);
              put16 (b, 0);
            }
          else
            put32 (b, tags[i].value);
        }
    }
  next_pos = b->len;
  put32 (b, 0);
  for (guint i = 0; i < n; i++)
    if (tags[i].str)
      {
        guint len = (guint) strlen (tags[i].str) + 1;
        g_byte_array_append (b, (const guint8 *) tags[i].str, len);
        if (len % 2)
          g_byte_array_append (b, (const guint8 *) "", 1);
      }
  return next_pos;
}

static GByteArray *
raw_header (void)
{
  GByteArray *b = g_byte_array_new ();

  g_byte_array_append (b, (const guint8 *) "II*\0", 4);
  put32 (b, 8);
  return b;
}

static char *
save_bytes (const char *name,
            GByteArray *b)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) b->data, b->len, &error);
  g_assert_no_error (error);
  return path;
}

/* One IFD describing the first image; the others follow it. */
static char *
write_imagej_big_stack (const char *name,
                        guint       images,
                        guint       images_written)
{
  g_autoptr(GByteArray) b = raw_header ();
  g_autofree char *desc = g_strdup_printf ("ImageJ=1.53t\nimages=%u\nslices=%u\nunit=micron\n"
                                           "spacing=2.0\nloop=false\n", images, images);
  const guint w = 6, h = 5;
  guint32 ifd, data;
  RawTag tags[] = {
    { TIFFTAG_IMAGEWIDTH, TIFF_LONG, w, NULL },
    { TIFFTAG_IMAGELENGTH, TIFF_LONG, h, NULL },
    { TIFFTAG_BITSPERSAMPLE, TIFF_SHORT, 16, NULL },
    { TIFFTAG_PHOTOMETRIC, TIFF_SHORT, PHOTOMETRIC_MINISBLACK, NULL },
    { TIFFTAG_IMAGEDESCRIPTION, TIFF_ASCII, 0, desc },
    { TIFFTAG_STRIPOFFSETS, TIFF_LONG, 0, NULL },
    { TIFFTAG_SAMPLESPERPIXEL, TIFF_SHORT, 1, NULL },
    { TIFFTAG_ROWSPERSTRIP, TIFF_LONG, h, NULL },
    { TIFFTAG_STRIPBYTECOUNTS, TIFF_LONG, w * h * 2, NULL },
  };

  raw_ifd (b, tags, G_N_ELEMENTS (tags), &ifd);
  data = b->len;
  /* StripOffsets is the sixth entry: patch its value now that the data's place is known. */
  patch32 (b, ifd + 2 + 5 * 12 + 8, data);
  for (guint i = 0; i < images_written; i++)
    for (guint k = 0; k < w * h; k++)
      put16 (b, (guint16) (i * 1000 + k));
  return save_bytes (name, b);
}

static void
test_imagej_big_stack (void)
{
  g_autofree char *path = write_imagej_big_stack ("big.tif", 7, 7);
  g_autoptr(ScStack) stack = open_ok (path);
  g_autofree char *desc = NULL;

  g_assert_cmpstr (sc_stack_get_format (stack), ==, "ImageJ TIFF");
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 7);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpuint (first_value (stack, i), ==, i * 1000);
  g_assert_cmpfloat_with_epsilon (sc_stack_get_calibration (stack)->pixel_depth, 2.0, 1e-9);
  desc = sc_stack_describe_plane (stack, 6);
  g_assert_cmpstr (desc, ==, "big.tif, image 7");
  check_band (stack, 4, 1, 3);
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    {
      const guint16 *p = sc_stack_peek_rows (stack, 5, 1, 2);
      g_assert_nonnull (p);
      g_assert_cmpuint (p[0], ==, 5006);
    }
}

static void
test_imagej_big_stack_truncated (void)
{
  /* a million images claimed, three written: the three open, the rest are missing */
  g_autofree char *path = write_imagej_big_stack ("big-cut.tif", 1000000, 3);
  g_autoptr(ScStack) stack = open_ok (path);
  g_autofree char *message = sc_stack_describe_missing_pages (stack);
  const ScPageRange *missing;
  guint n;

  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 3);
  g_assert_cmpuint (first_value (stack, 2), ==, 2000);
  missing = sc_stack_get_missing_pages (stack, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (missing[0].first, ==, 4);
  g_assert_cmpuint (missing[0].last, ==, 1000000);
  g_assert_cmpstr (message, ==, "Pages 4–1000000 of big-cut.tif are missing or incomplete; "
                   "showing the 3 complete pages.");
}

/* ---------------------------------------------------------------------------------------- */
/* OME-TIFF */

static void
test_ome_xyzct (void)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
    "<Image ID=\"Image:0\" Name=\"cells\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYZCT\" "
    "Type=\"uint16\" SizeX=\"5\" SizeY=\"4\" SizeC=\"2\" SizeZ=\"3\" SizeT=\"2\" "
    "PhysicalSizeX=\"0.2\" PhysicalSizeY=\"0.2\" PhysicalSizeZ=\"500\" PhysicalSizeZUnit=\"nm\" "
    "TimeIncrement=\"3\" TimeIncrementUnit=\"s\">"
    "<Channel ID=\"Channel:0:0\" Name=\"DAPI\" SamplesPerPixel=\"1\"/>"
    "<Channel ID=\"Channel:0:1\" Name=\"GFP\" SamplesPerPixel=\"1\"/>"
    "<TiffData/></Pixels></Image>"
    "<Image ID=\"Image:1\"><Pixels ID=\"Pixels:1\" DimensionOrder=\"XYCZT\" Type=\"uint8\" "
    "SizeX=\"2\" SizeY=\"2\" SizeC=\"1\" SizeZ=\"1\" SizeT=\"1\"/></Image></OME>";
  g_autofree char *path = write_u16_pages ("cells.ome.tif", "wl", 5, 4, 12, xml, 0);
  g_autoptr(ScStack) stack = open_ok (path);
  const ScCalibration *cal = sc_stack_get_calibration (stack);

  g_assert_cmpstr (sc_stack_get_format (stack), ==, "OME-TIFF");
  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 2);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 3);
  g_assert_cmpuint (sc_stack_get_n_frames (stack), ==, 2);
  /* XYZCT: Z fastest in the file, then C, then T. */
  for (guint t = 0; t < 2; t++)
    for (guint c = 0; c < 2; c++)
      for (guint z = 0; z < 3; z++)
        {
          guint index = sc_stack_plane_index (stack, c, z, t);
          g_autofree char *where = sc_stack_describe_plane (stack, index);
          g_autofree char *want = g_strdup_printf ("cells.ome.tif, page %u", z + 3 * (c + 2 * t) + 1);

          g_assert_cmpuint (first_value (stack, index), ==, 1000 * (z + 3 * (c + 2 * t)));
          g_assert_cmpstr (where, ==, want);
        }
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "OME series"), ==, "2");
  g_assert_cmpuint (sc_stack_get_n_series (stack), ==, 2);
  g_assert_cmpuint (sc_stack_get_series (stack), ==, 0);
  g_assert_cmpstr (sc_stack_get_series_name (stack, 0), ==, "cells");
  g_assert_null (sc_stack_get_series_name (stack, 1));
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "OME DimensionOrder"), ==, "XYZCT");
  g_assert_cmpfloat_with_epsilon (cal->pixel_width, 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (cal->pixel_depth, 0.5, 1e-9);
  g_assert_cmpstr (cal->unit, ==, "µm");
  g_assert_cmpfloat_with_epsilon (cal->frame_interval, 3, 1e-9);
}

static void
test_ome_tiffdata (void)
{
  /* Planes listed one by one, in reverse page order. */
  const char *xml =
    "<?xml version=\"1.0\"?><ome:OME xmlns:ome=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
    "<ome:Image ID=\"Image:0\"><ome:Pixels DimensionOrder=\"XYCZT\" Type=\"uint16\" SizeX=\"3\" "
    "SizeY=\"3\" SizeC=\"1\" SizeZ=\"3\" SizeT=\"1\">"
    "<ome:TiffData IFD=\"2\" FirstZ=\"0\" PlaneCount=\"1\"/>"
    "<ome:TiffData IFD=\"1\" FirstZ=\"1\"/>"
    "<ome:TiffData IFD=\"0\" FirstZ=\"2\" PlaneCount=\"1\"/>"
    "</ome:Pixels></ome:Image></ome:OME>";
  g_autofree char *path = write_u16_pages ("reverse.ome.tif", "wb", 3, 3, 3, xml, 0);
  g_autoptr(ScStack) stack = open_ok (path);

  g_assert_cmpstr (sc_stack_get_format (stack), ==, "OME-TIFF");
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 3);
  g_assert_cmpuint (first_value (stack, 0), ==, 2000);
  g_assert_cmpuint (first_value (stack, 1), ==, 1000);
  g_assert_cmpuint (first_value (stack, 2), ==, 0);
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "OME series"), ==, "1");
}

/* ---------------------------------------------------------------------------------------- */
/* Shapes across pages */

static void
write_gray8_page (TIFF   *tif,
                  guint   width,
                  guint   height,
                  guint8  value,
                  guint32 subfile_type)
{
  g_autofree guint8 *row = g_malloc (width);

  TIFFSetField (tif, TIFFTAG_SUBFILETYPE, subfile_type);
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, height);
  memset (row, value, width);
  for (guint y = 0; y < height; y++)
    TIFFWriteScanline (tif, row, y, 0);
  TIFFWriteDirectory (tif);
}

static void
test_reduced_resolution_skipped (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "thumb.tif", NULL);
  TIFF *tif = TIFFOpen (path, "w");
  g_autoptr(ScStack) stack = NULL;
  g_autofree char *where = NULL;
  guint8 buf[64];

  write_gray8_page (tif, 8, 8, 10, 0);
  write_gray8_page (tif, 2, 2, 99, FILETYPE_REDUCEDIMAGE);
  write_gray8_page (tif, 8, 8, 30, 0);
  TIFFClose (tif);

  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 2);
  g_assert_true (sc_stack_read_plane (stack, 1, buf, NULL));
  g_assert_cmpuint (buf[63], ==, 30);
  where = sc_stack_describe_plane (stack, 1);
  g_assert_cmpstr (where, ==, "thumb.tif, page 3");
  g_assert_cmpstr (sc_stack_lookup_metadata (stack, "Reduced-resolution pages skipped"), ==, "1");
}

static void
test_inconsistent (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "mixed.tif", NULL);
  TIFF *tif = TIFFOpen (path, "w");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;

  write_gray8_page (tif, 8, 8, 10, 0);
  write_gray8_page (tif, 8, 8, 20, 0);
  write_gray8_page (tif, 9, 8, 30, 0);
  write_gray8_page (tif, 10, 8, 30, 0);
  TIFFClose (tif);

  stack = sc_stack_open (path, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "page 3 of mixed.tif"));
}

/* ---------------------------------------------------------------------------------------- */
/* Many pages, threads */

static void
test_many_pages (void)
{
  const guint n = 100000;
  g_autofree char *path = g_build_filename (tmpdir, "many.tif", NULL);
  TIFF *tif = TIFFOpen (path, "w");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buf[256];
  gint64 start;
  double elapsed;

  for (guint p = 0; p < n; p++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, 16);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, 16);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 16);
      for (guint i = 0; i < 256; i++)
        buf[i] = (guint8) (p * 7 + i);
      TIFFWriteEncodedStrip (tif, 0, buf, 256);
      TIFFWriteDirectory (tif);
    }
  TIFFClose (tif);

  start = g_get_monotonic_time ();
  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sc_stack_read_plane (stack, 0, buf, &error));
  g_assert_no_error (error);
  elapsed = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("opened %u pages and read the first in %.3f s", n, elapsed);
  g_assert_cmpfloat (elapsed, <, 1.0);

  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, n);
  g_assert_cmpuint (buf[0], ==, 0);
  g_assert_cmpuint (buf[255], ==, 255);
  g_assert_true (sc_stack_read_plane (stack, n - 1, buf, &error));
  g_assert_cmpuint (buf[0], ==, (guint8) ((n - 1) * 7));
  g_assert_cmpuint (buf[10], ==, (guint8) ((n - 1) * 7 + 10));
}

typedef struct
{
  ScStack *stack;
  guint    first;
  guint    step;
  guint8  *out;      /* plane_size * n_planes */
} ThreadJob;

static gpointer
read_thread (gpointer data)
{
  ThreadJob *job = data;
  gsize plane_size = sc_stack_get_plane_size (job->stack);

  for (guint round = 0; round < 3; round++)
    for (guint p = job->first; p < sc_stack_get_n_planes (job->stack); p += job->step)
      {
        g_autoptr(GError) error = NULL;

        if (!sc_stack_read_plane (job->stack, p, job->out + p * plane_size, &error))
          g_error ("thread read of plane %u failed: %s", p, error->message);
      }
  return NULL;
}

static void
check_threads (const Fixture *f)
{
  g_autofree char *path = write_fixture (f);
  g_autoptr(ScStack) stack = open_ok (path);
  gsize plane_size = sc_stack_get_plane_size (stack);
  gsize total = plane_size * f->pages;
  g_autofree guint8 *serial = g_malloc (total);
  g_autofree guint8 *parallel = g_malloc0 (total);
  ThreadJob jobs[4];
  GThread *threads[4];

  for (guint p = 0; p < f->pages; p++)
    g_assert_true (sc_stack_read_plane (stack, p, serial + p * plane_size, NULL));
  for (guint i = 0; i < 4; i++)
    {
      jobs[i] = (ThreadJob) { stack, i, 4, parallel };
      threads[i] = g_thread_new ("reader", read_thread, &jobs[i]);
    }
  for (guint i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  g_assert_cmpmem (parallel, total, serial, total);
  check_pixels (stack, f);
}

static void
test_threads (void)
{
  const Fixture deflate = { "threads-deflate", "wb", 64, 48, 24, 16, 1, SAMPLEFORMAT_UINT,
                            PHOTOMETRIC_MINISBLACK, COMPRESSION_ADOBE_DEFLATE, PREDICTOR_HORIZONTAL,
                            0, 0, 8, SC_SAMPLE_U16, 1, FALSE };
  const Fixture tiles = { "threads-tiles", "wl", 64, 48, 24, 8, 3, SAMPLEFORMAT_UINT,
                          PHOTOMETRIC_RGB, COMPRESSION_LZW, 0, PLANARCONFIG_SEPARATE, 16, 0,
                          SC_SAMPLE_U8, 3, FALSE };
  const Fixture raw = { "threads-raw", "wb", 64, 48, 24, 16, 1, SAMPLEFORMAT_UINT,
                        PHOTOMETRIC_MINISBLACK, 0, 0, 0, 0, 5, SC_SAMPLE_U16, 1, FALSE };

  check_threads (&deflate);
  check_threads (&tiles);
  check_threads (&raw);
}

static void
test_bands (void)
{
  const Fixture f = { "bands", "wl", 50, 40, 2, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK,
                      COMPRESSION_LZW, PREDICTOR_HORIZONTAL, 0, 0, 7, SC_SAMPLE_U16, 1, FALSE };
  const Fixture t = { "bands-tiles", "wb", 50, 40, 2, 16, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB,
                      COMPRESSION_ADOBE_DEFLATE, 0, PLANARCONFIG_SEPARATE, 16, 0, SC_SAMPLE_U16, 1, FALSE };
  /* Deflate strips, decoded whole where most of one is wanted, straight into the rows
   * read where a strip lies within them and needs no conversion (big-endian samples
   * arrive swapped by libtiff; RGB bytes interleaved as read). */
  const Fixture d = { "bands-deflate", "wb", 50, 40, 2, 16, 1, SAMPLEFORMAT_UINT,
                      PHOTOMETRIC_MINISBLACK, COMPRESSION_ADOBE_DEFLATE, PREDICTOR_HORIZONTAL, 0, 0,
                      7, SC_SAMPLE_U16, 1, FALSE };
  const Fixture rgb = { "bands-deflate-rgb", "wl", 50, 40, 2, 8, 3, SAMPLEFORMAT_UINT,
                        PHOTOMETRIC_RGB, COMPRESSION_ADOBE_DEFLATE, 0, 0, 0, 6, SC_SAMPLE_U8, 3,
                        FALSE };
  g_autofree char *p1 = write_fixture (&f);
  g_autofree char *p2 = write_fixture (&t);
  g_autofree char *p3 = write_fixture (&d);
  g_autofree char *p4 = write_fixture (&rgb);
  g_autoptr(ScStack) s1 = open_ok (p1);
  g_autoptr(ScStack) s2 = open_ok (p2);
  g_autoptr(ScStack) s3 = open_ok (p3);
  g_autoptr(ScStack) s4 = open_ok (p4);

  for (guint y0 = 0; y0 < 40; y0 += 3)
    for (guint n = 1; y0 + n <= 40; n += 6)
      {
        check_band (s1, 1, y0, n);
        check_band (s2, 1, y0, n);
        check_band (s3, 1, y0, n);
        check_band (s4, 1, y0, n);
      }
  check_pixels (s3, &d);
  check_pixels (s4, &rgb);
  g_assert_cmpuint (sc_stack_get_row_block (s1), ==, 7);
  g_assert_cmpuint (sc_stack_get_row_block (s2), ==, 16);
  g_assert_cmpuint (sc_stack_get_row_block (s4), ==, 6);
}

/* ---------------------------------------------------------------------------------------- */
/* Broken files */

static void
assert_open_fails (const char *path,
                   int         code,
                   const char *needle1,
                   const char *needle2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = sc_stack_open (path, NULL, &error);

  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, code);
  if (needle1 && !strstr (error->message, needle1))
    g_error ("“%s” lacks “%s”", error->message, needle1);
  if (needle2 && !strstr (error->message, needle2))
    g_error ("“%s” lacks “%s”", error->message, needle2);
}

static void
test_truncated_ifd (void)
{
  const Fixture f = { "cut", "wl", 20, 20, 3, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK,
                      0, 0, 0, 0, 0, SC_SAMPLE_U8, 1, TRUE };
  g_autofree char *path = write_fixture (&f);
  g_autofree char *contents = NULL;
  gsize len;

  g_autoptr(ScStack) stack = NULL;
  g_autofree char *message = NULL;
  const ScPageRange *missing;
  guint n;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  /* The last page's directory is written after its pixels: cut into it. The chain of
   * pages breaks there, and the file does not say how many pages followed. */
  g_assert_true (g_file_set_contents (path, contents, len - 60, NULL));
  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 2);
  missing = sc_stack_get_missing_pages (stack, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (missing[0].first, ==, 3);
  g_assert_cmpuint (missing[0].last, ==, 0);
  message = sc_stack_describe_missing_pages (stack);
  g_assert_cmpstr (message, ==, "Pages 3 and later of cut.tif are missing or incomplete; "
                   "showing the 2 complete pages.");
  /* the pages read are whole */
  {
    Fixture read = f;

    read.pages = 2;
    check_pixels (stack, &read);
  }

  /* cut into the first page's directory: nothing to show */
  g_assert_true (g_file_set_contents (path, contents, 20, NULL));
  assert_open_fails (path, SC_ERROR_CORRUPT, "page 1 of cut.tif", "truncated");
}

static void
test_truncated_strip (void)
{
  g_autoptr(GByteArray) b = raw_header ();
  g_autofree char *path = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const ScPageRange *missing;
  guint8 buf[64];
  guint32 ifd1, ifd2;
  guint next, n;
  RawTag tags[] = {
    { TIFFTAG_IMAGEWIDTH, TIFF_LONG, 8, NULL },
    { TIFFTAG_IMAGELENGTH, TIFF_LONG, 8, NULL },
    { TIFFTAG_BITSPERSAMPLE, TIFF_SHORT, 8, NULL },
    { TIFFTAG_PHOTOMETRIC, TIFF_SHORT, PHOTOMETRIC_MINISBLACK, NULL },
    { TIFFTAG_STRIPOFFSETS, TIFF_LONG, 8, NULL },
    { TIFFTAG_ROWSPERSTRIP, TIFF_LONG, 8, NULL },
    { TIFFTAG_STRIPBYTECOUNTS, TIFF_LONG, 64, NULL },
  };

  for (guint i = 0; i < 64; i++)
    g_byte_array_append (b, (const guint8 *) "\x2a", 1);
  next = raw_ifd (b, tags, G_N_ELEMENTS (tags), &ifd1);
  patch32 (b, 4, ifd1);
  raw_ifd (b, tags, G_N_ELEMENTS (tags), &ifd2);
  patch32 (b, next, ifd2);
  for (guint i = 0; i < 210; i++)
    g_byte_array_append (b, (const guint8 *) "\x07", 1);
  /* Page 2 claims 64 bytes at an offset where the file ends after 10. */
  patch32 (b, ifd2 + 2 + 4 * 12 + 8, b->len - 10);
  path = save_bytes ("short.tif", b);

  /* the incomplete page is left out, and said to be */
  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 1);
  g_assert_true (sc_stack_read_plane (stack, 0, buf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (buf[63], ==, 0x2a);
  missing = sc_stack_get_missing_pages (stack, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (missing[0].first, ==, 2);
  g_assert_cmpuint (missing[0].last, ==, 2);
  message = sc_stack_describe_missing_pages (stack);
  g_assert_cmpstr (message, ==, "Page 2 of short.tif is missing or incomplete; "
                   "showing the 1 complete page.");
}

/* The same through libtiff: a PackBits strip that runs past the end of the file. */
static void
test_truncated_compressed_strip (void)
{
  g_autoptr(GByteArray) b = raw_header ();
  g_autofree char *path = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buf[16];
  guint32 ifd1, ifd2;
  guint next, n;
  RawTag tags[] = {
    { TIFFTAG_IMAGEWIDTH, TIFF_LONG, 4, NULL },
    { TIFFTAG_IMAGELENGTH, TIFF_LONG, 4, NULL },
    { TIFFTAG_BITSPERSAMPLE, TIFF_SHORT, 8, NULL },
    { TIFFTAG_COMPRESSION, TIFF_SHORT, COMPRESSION_PACKBITS, NULL },
    { TIFFTAG_PHOTOMETRIC, TIFF_SHORT, PHOTOMETRIC_MINISBLACK, NULL },
    { TIFFTAG_STRIPOFFSETS, TIFF_LONG, 8, NULL },
    { TIFFTAG_ROWSPERSTRIP, TIFF_LONG, 4, NULL },
    { TIFFTAG_STRIPBYTECOUNTS, TIFF_LONG, 2, NULL },
  };

  /* PackBits: repeat 0x33 sixteen times. */
  g_byte_array_append (b, (const guint8 *) "\xf1\x33", 2);
  next = raw_ifd (b, tags, G_N_ELEMENTS (tags), &ifd1);
  patch32 (b, 4, ifd1);
  tags[7].value = 100;
  raw_ifd (b, tags, G_N_ELEMENTS (tags), &ifd2);
  patch32 (b, next, ifd2);
  g_byte_array_append (b, (const guint8 *) "\xf1\x44", 2);
  patch32 (b, ifd2 + 2 + 5 * 12 + 8, b->len - 2);
  path = save_bytes ("short-packbits.tif", b);

  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 1);
  g_assert_true (sc_stack_read_plane (stack, 0, buf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (buf[15], ==, 0x33);
  g_assert_nonnull (sc_stack_get_missing_pages (stack, &n));
  g_assert_cmpuint (n, ==, 1);
}

static void
test_corrupt_compressed (void)
{
  const Fixture f = { "garbled", "wl", 64, 64, 2, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK,
                      COMPRESSION_LZW, 0, 0, 0, 0, SC_SAMPLE_U8, 1, FALSE };
  g_autofree char *path = write_fixture (&f);
  g_autofree char *contents = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buf = g_malloc (64 * 64);
  gsize len;
  TIFF *tif;
  guint64 offset, count;

  tif = TIFFOpen (path, "r");
  TIFFSetDirectory (tif, 1);
  offset = TIFFGetStrileOffset (tif, 0);
  count = TIFFGetStrileByteCount (tif, 0);
  TIFFClose (tif);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  memset (contents + offset, 0xff, count);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));

  stack = open_ok (path);
  g_assert_true (sc_stack_read_plane (stack, 0, buf, &error));
  g_assert_no_error (error);
  g_assert_false (sc_stack_read_plane (stack, 1, buf, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "page 2 of garbled.tif"));
  g_clear_error (&error);
  /* The handle that failed is not reused in a bad state. */
  g_assert_true (sc_stack_read_plane (stack, 0, buf, &error));
  g_assert_no_error (error);
}

static void
test_absurd (void)
{
  g_autoptr(GByteArray) b = raw_header ();
  g_autoptr(GByteArray) b2 = raw_header ();
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;
  guint32 ifd;
  RawTag tags[] = {
    { TIFFTAG_IMAGEWIDTH, TIFF_LONG, 1000000, NULL },
    { TIFFTAG_IMAGELENGTH, TIFF_LONG, 1000000, NULL },
    { TIFFTAG_BITSPERSAMPLE, TIFF_SHORT, 16, NULL },
    { TIFFTAG_PHOTOMETRIC, TIFF_SHORT, PHOTOMETRIC_MINISBLACK, NULL },
    { TIFFTAG_STRIPOFFSETS, TIFF_LONG, 8, NULL },
    { TIFFTAG_ROWSPERSTRIP, TIFF_LONG, 1000000, NULL },
    { TIFFTAG_STRIPBYTECOUNTS, TIFF_LONG, 16, NULL },
  };
  RawTag zero[] = {
    { TIFFTAG_IMAGEWIDTH, TIFF_LONG, 0, NULL },
    { TIFFTAG_IMAGELENGTH, TIFF_LONG, 10, NULL },
    { TIFFTAG_BITSPERSAMPLE, TIFF_SHORT, 8, NULL },
    { TIFFTAG_STRIPOFFSETS, TIFF_LONG, 8, NULL },
  };

  g_byte_array_append (b, (const guint8 *) "0123456789abcdef", 16);
  raw_ifd (b, tags, G_N_ELEMENTS (tags), &ifd);
  patch32 (b, 4, ifd);
  path = save_bytes ("huge.tif", b);
  assert_open_fails (path, SC_ERROR_TOO_LARGE, "huge.tif", NULL);

  raw_ifd (b2, zero, G_N_ELEMENTS (zero), &ifd);
  path2 = save_bytes ("zero.tif", b2);
  assert_open_fails (path2, SC_ERROR_CORRUPT, "zero.tif", NULL);
}

static void
test_loop (void)
{
  g_autoptr(GByteArray) b = raw_header ();
  g_autofree char *path = NULL;
  guint32 ifd1, ifd2;
  guint next1, next2;
  RawTag tags[] = {
    { TIFFTAG_IMAGEWIDTH, TIFF_LONG, 2, NULL },
    { TIFFTAG_IMAGELENGTH, TIFF_LONG, 2, NULL },
    { TIFFTAG_BITSPERSAMPLE, TIFF_SHORT, 8, NULL },
    { TIFFTAG_STRIPOFFSETS, TIFF_LONG, 8, NULL },
    { TIFFTAG_STRIPBYTECOUNTS, TIFF_LONG, 4, NULL },
  };

  g_byte_array_append (b, (const guint8 *) "abcd", 4);
  next1 = raw_ifd (b, tags, G_N_ELEMENTS (tags), &ifd1);
  next2 = raw_ifd (b, tags, G_N_ELEMENTS (tags), &ifd2);
  patch32 (b, 4, ifd1);
  patch32 (b, next1, ifd2);
  patch32 (b, next2, ifd1);
  path = save_bytes ("loop.tif", b);
  assert_open_fails (path, SC_ERROR_CORRUPT, "loop.tif", "loop");
}

static void
test_unsupported (void)
{
  g_autoptr(GByteArray) b = raw_header ();
  g_autoptr(GByteArray) b2 = raw_header ();
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;
  guint32 ifd;
  RawTag j2k[] = {
    { TIFFTAG_IMAGEWIDTH, TIFF_LONG, 2, NULL },
    { TIFFTAG_IMAGELENGTH, TIFF_LONG, 2, NULL },
    { TIFFTAG_BITSPERSAMPLE, TIFF_SHORT, 8, NULL },
    { TIFFTAG_COMPRESSION, TIFF_SHORT, COMPRESSION_JP2000, NULL },
    { TIFFTAG_PHOTOMETRIC, TIFF_SHORT, PHOTOMETRIC_MINISBLACK, NULL },
    { TIFFTAG_STRIPOFFSETS, TIFF_LONG, 8, NULL },
    { TIFFTAG_STRIPBYTECOUNTS, TIFF_LONG, 4, NULL },
  };
  RawTag cmyk[] = {
    { TIFFTAG_IMAGEWIDTH, TIFF_LONG, 2, NULL },
    { TIFFTAG_IMAGELENGTH, TIFF_LONG, 2, NULL },
    { TIFFTAG_BITSPERSAMPLE, TIFF_SHORT, 8, NULL },
    { TIFFTAG_PHOTOMETRIC, TIFF_SHORT, PHOTOMETRIC_SEPARATED, NULL },
    { TIFFTAG_STRIPOFFSETS, TIFF_LONG, 8, NULL },
    { TIFFTAG_SAMPLESPERPIXEL, TIFF_SHORT, 4, NULL },
    { TIFFTAG_STRIPBYTECOUNTS, TIFF_LONG, 16, NULL },
  };

  g_byte_array_append (b, (const guint8 *) "abcd", 4);
  raw_ifd (b, j2k, G_N_ELEMENTS (j2k), &ifd);
  patch32 (b, 4, ifd);
  path = save_bytes ("j2k.tif", b);
  assert_open_fails (path, SC_ERROR_UNSUPPORTED, "page 1 of j2k.tif", "JPEG 2000");

  g_byte_array_append (b2, (const guint8 *) "abcdefghijklmnop", 16);
  raw_ifd (b2, cmyk, G_N_ELEMENTS (cmyk), &ifd);
  patch32 (b2, 4, ifd);
  path2 = save_bytes ("cmyk.tif", b2);
  assert_open_fails (path2, SC_ERROR_UNSUPPORTED, "page 1 of cmyk.tif", "CMYK");
}

static void
test_not_tiff (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "fake.tif", NULL);
  g_autofree char *path2 = g_build_filename (tmpdir, "dangling.tif", NULL);
  g_autoptr(GError) error = NULL;
  ScSource *source;

  g_assert_true (g_file_set_contents (path, "II*\0\x10\0\0\0zz", 10, NULL));
  assert_open_fails (path, SC_ERROR_CORRUPT, "fake.tif", "truncated");
  g_assert_true (g_file_set_contents (path2, "II*\0\0\0\0\0", 8, NULL));
  assert_open_fails (path2, SC_ERROR_EMPTY, "dangling.tif", NULL);

  source = sc_tiff_source_open ("/nonexistent/none.tif", NULL, &error);
  g_assert_null (source);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
}

/* ---------------------------------------------------------------------------------------- */
/* Real data */

static void
test_real_golgi (void)
{
  g_autofree char *path = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autoptr(ScStack) stack = NULL;
  g_autofree guint16 *plane = NULL;
  g_autofree guint16 *max = NULL;
  const ScCalibration *cal;
  gsize n_pixels;
  double sum = 0;
  guint16 top = 0;

  if (path == NULL)
    return;
  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 25);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 25);
  g_assert_cmpuint (sc_stack_get_width (stack), ==, 147);
  g_assert_cmpuint (sc_stack_get_height (stack), ==, 137);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U16);
  g_assert_cmpstr (sc_stack_get_format (stack), ==, "ImageJ TIFF");
  cal = sc_stack_get_calibration (stack);
  g_assert_cmpfloat_with_epsilon (cal->pixel_depth, 0.3876, 1e-9);
  g_assert_cmpfloat_with_epsilon (cal->pixel_width, 1 / 2.845474, 1e-6);
  g_assert_cmpstr (cal->unit, ==, "micron");

  n_pixels = 147 * 137;
  plane = g_new (guint16, n_pixels);
  max = g_new0 (guint16, n_pixels);
  for (guint z = 0; z < 25; z++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sc_stack_read_plane (stack, z, plane, &error));
      g_assert_no_error (error);
      for (gsize i = 0; i < n_pixels; i++)
        max[i] = MAX (max[i], plane[i]);
    }
  for (gsize i = 0; i < n_pixels; i++)
    {
      sum += max[i];
      top = MAX (top, max[i]);
    }
  g_assert_cmpuint (top, ==, 14421);
  g_assert_cmpfloat_with_epsilon (sum / n_pixels, 236.8731, 5e-5);
  check_band (stack, 12, 40, 17);
}

static void
test_real_spots (void)
{
  g_autofree char *hyper_path = sc_test_data_path ("hyperstack-2ch-spots/xyzc_16bit__spots.tif");
  g_autofree char *single_path = sc_test_data_path ("hyperstack-2ch-spots/xyz_16bit__spots.tif");
  g_autoptr(ScStack) hyper = NULL;
  g_autoptr(ScStack) single = NULL;
  g_autofree guint8 *a = NULL;
  g_autofree guint8 *b = NULL;
  gsize size;
  gboolean differs = FALSE;

  if (hyper_path == NULL || single_path == NULL)
    return;
  hyper = open_ok (hyper_path);
  single = open_ok (single_path);
  g_assert_cmpuint (sc_stack_get_n_channels (hyper), ==, 2);
  g_assert_cmpuint (sc_stack_get_n_slices (hyper), ==, 17);
  g_assert_cmpuint (sc_stack_get_width (hyper), ==, 89);
  g_assert_cmpuint (sc_stack_get_height (hyper), ==, 88);
  g_assert_cmpuint (sc_stack_get_n_planes (single), ==, 17);
  size = sc_stack_get_plane_size (hyper);
  g_assert_cmpuint (size, ==, sc_stack_get_plane_size (single));
  a = g_malloc (size);
  b = g_malloc (size);
  for (guint z = 0; z < 17; z++)
    {
      g_assert_true (sc_stack_read_plane (hyper, sc_stack_plane_index (hyper, 1, z, 0), a, NULL));
      g_assert_true (sc_stack_read_plane (single, z, b, NULL));
      g_assert_cmpmem (a, size, b, size);
      g_assert_true (sc_stack_read_plane (hyper, sc_stack_plane_index (hyper, 0, z, 0), a, NULL));
      differs |= memcmp (a, b, size) != 0;
    }
  g_assert_true (differs);
}

static void
test_real_drosophila (void)
{
  g_autofree char *dir = sc_test_data_path ("zstack-8bit-drosophila");
  g_autoptr(GDir) d = NULL;
  g_autofree char *path = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autofree guint8 *buf = NULL;
  const char *name;
  guint lo = 255, hi = 0;

  if (dir == NULL)
    return;
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".tif"))
      path = g_build_filename (dir, name, NULL);
  g_assert_nonnull (path);
  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 14);
  g_assert_cmpuint (sc_stack_get_width (stack), ==, 305);
  g_assert_cmpuint (sc_stack_get_height (stack), ==, 224);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U8);
  buf = g_malloc (sc_stack_get_plane_size (stack));
  for (guint z = 0; z < 14; z++)
    {
      g_assert_true (sc_stack_read_plane (stack, z, buf, NULL));
      for (gsize i = 0; i < sc_stack_get_plane_size (stack); i++)
        {
          lo = MIN (lo, buf[i]);
          hi = MAX (hi, buf[i]);
        }
    }
  g_assert_cmpuint (lo, ==, 1);
  g_assert_cmpuint (hi, ==, 251);
}

static void
test_real_rgb (void)
{
  g_autofree char *dir = sc_test_data_path ("rgb-cells");
  g_autoptr(GDir) d = NULL;
  g_autofree char *path = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autofree guint8 *buf = NULL;
  const char *name;
  gboolean colour = FALSE;

  if (dir == NULL)
    return;
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".tif"))
      path = g_build_filename (dir, name, NULL);
  g_assert_nonnull (path);
  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 1);
  g_assert_cmpuint (sc_stack_get_width (stack), ==, 280);
  g_assert_cmpuint (sc_stack_get_height (stack), ==, 257);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (stack), ==, 3);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U8);
  buf = g_malloc (sc_stack_get_plane_size (stack));
  g_assert_true (sc_stack_read_plane (stack, 0, buf, NULL));
  for (gsize i = 0; i < 280 * 257 && !colour; i++)
    colour = buf[3 * i] != buf[3 * i + 1] || buf[3 * i + 1] != buf[3 * i + 2];
  g_assert_true (colour);
  check_band (stack, 0, 100, 50);
}

static void
test_real_stuck (void)
{
  g_autofree char *path = sc_test_data_path ("timeseries-16bit-lowcontrast/stuck.tif");
  g_autoptr(ScStack) stack = NULL;
  g_autofree guint16 *buf = NULL;
  guint lo = 65535, hi = 0;

  if (path == NULL)
    return;
  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 5);
  g_assert_cmpuint (sc_stack_get_width (stack), ==, 512);
  g_assert_cmpuint (sc_stack_get_height (stack), ==, 512);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U16);
  buf = g_malloc (sc_stack_get_plane_size (stack));
  for (guint p = 0; p < 5; p++)
    {
      g_assert_true (sc_stack_read_plane (stack, p, buf, NULL));
      for (gsize i = 0; i < 512 * 512; i++)
        {
          lo = MIN (lo, buf[i]);
          hi = MAX (hi, buf[i]);
        }
    }
  g_assert_cmpuint (lo, ==, 477);
  g_assert_cmpuint (hi, ==, 576);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = sc_test_make_tmpdir ();
  /* The fixtures' writer may warn (legacy Deflate identifier); the reader must stay quiet. */
  TIFFSetWarningHandler (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *test_path = g_strconcat ("/core/tiff/variant/", variants[i].name, NULL);
      g_test_add_data_func (test_path, &variants[i], test_variant);
    }
  g_test_add_func ("/core/tiff/palette", test_palette);
  g_test_add_func ("/core/tiff/metadata", test_metadata);
  g_test_add_func ("/core/tiff/jpeg", test_jpeg);
  g_test_add_func ("/core/tiff/imagej-hyperstack", test_imagej_hyperstack);
  g_test_add_func ("/core/tiff/imagej-mismatch", test_imagej_mismatch);
  g_test_add_func ("/core/tiff/imagej-big-stack", test_imagej_big_stack);
  g_test_add_func ("/core/tiff/imagej-big-stack-truncated", test_imagej_big_stack_truncated);
  g_test_add_func ("/core/tiff/ome-xyzct", test_ome_xyzct);
  g_test_add_func ("/core/tiff/ome-tiffdata", test_ome_tiffdata);
  g_test_add_func ("/core/tiff/reduced-resolution-skipped", test_reduced_resolution_skipped);
  g_test_add_func ("/core/tiff/inconsistent", test_inconsistent);
  g_test_add_func ("/core/tiff/many-pages", test_many_pages);
  g_test_add_func ("/core/tiff/threads", test_threads);
  g_test_add_func ("/core/tiff/bands", test_bands);
  g_test_add_func ("/core/tiff/truncated-ifd", test_truncated_ifd);
  g_test_add_func ("/core/tiff/truncated-strip", test_truncated_strip);
  g_test_add_func ("/core/tiff/truncated-compressed-strip", test_truncated_compressed_strip);
  g_test_add_func ("/core/tiff/corrupt-compressed", test_corrupt_compressed);
  g_test_add_func ("/core/tiff/absurd", test_absurd);
  g_test_add_func ("/core/tiff/loop", test_loop);
  g_test_add_func ("/core/tiff/unsupported", test_unsupported);
  g_test_add_func ("/core/tiff/not-tiff", test_not_tiff);
  g_test_add_func ("/core/tiff/real/golgi", test_real_golgi);
  g_test_add_func ("/core/tiff/real/spots", test_real_spots);
  g_test_add_func ("/core/tiff/real/drosophila", test_real_drosophila);
  g_test_add_func ("/core/tiff/real/rgb-cells", test_real_rgb);
  g_test_add_func ("/core/tiff/real/stuck", test_real_stuck);

  return g_test_run ();
}
