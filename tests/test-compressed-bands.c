/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Projections of compressed stacks: whatever the bands of rows a projection takes, each
 * strip (or tile) of each page is decoded once, and the results are those of the same
 * stack uncompressed. */
#include "config.h"

#include <string.h>
#include <tiffio.h>

#include "sc-projection.h"
#include "sc-stack.h"
#include "sc-test-util.h"
#include "sc-tiff-source.h"

static char *tmpdir;

#define WIDTH  67
#define HEIGHT 203
#define PAGES  23

typedef struct
{
  const char *name;
  guint16     compression;
  guint16     predictor;
  guint       rows_per_strip;   /* strips of this height, or */
  guint       tile;             /* tiles of this size */
} Layout;

static guint16
value_at (guint page,
          guint x,
          guint y)
{
  guint32 h = x * 73856093u ^ y * 19349663u ^ page * 83492791u;

  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  /* Runs of equal values, that the codecs compress, and ties for the order statistics. */
  return (guint16) ((h % 7 == 0 ? h : (x / 5 + y / 3) * 11 + page) % 4096);
}

static char *
write_stack (const Layout *l)
{
  g_autofree char *file = g_strconcat (l->name, ".tif", NULL);
  char *path = g_build_filename (tmpdir, file, NULL);
  TIFF *tif = TIFFOpen (path, "w");

  g_assert_nonnull (tif);
  for (guint page = 0; page < PAGES; page++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, WIDTH);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, HEIGHT);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 16);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_COMPRESSION, l->compression);
      if (l->predictor)
        TIFFSetField (tif, TIFFTAG_PREDICTOR, l->predictor);
      if (l->tile)
        {
          g_autofree guint16 *tile = g_new0 (guint16, l->tile * l->tile);

          TIFFSetField (tif, TIFFTAG_TILEWIDTH, l->tile);
          TIFFSetField (tif, TIFFTAG_TILELENGTH, l->tile);
          for (guint ty = 0; ty < HEIGHT; ty += l->tile)
            for (guint tx = 0; tx < WIDTH; tx += l->tile)
              {
                for (guint r = 0; r < l->tile; r++)
                  for (guint c = 0; c < l->tile; c++)
                    tile[r * l->tile + c] = tx + c < WIDTH && ty + r < HEIGHT
                                            ? value_at (page, tx + c, ty + r) : 0;
                g_assert_cmpint (TIFFWriteTile (tif, tile, tx, ty, 0, 0), >, 0);
              }
        }
      else
        {
          guint16 row[WIDTH];

          TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, l->rows_per_strip);
          for (guint y = 0; y < HEIGHT; y++)
            {
              for (guint x = 0; x < WIDTH; x++)
                row[x] = value_at (page, x, y);
              g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
            }
        }
      g_assert_true (TIFFWriteDirectory (tif));
    }
  TIFFClose (tif);
  return path;
}

/* Strips (or tiles) of one page. */
static guint
blocks_per_page (const Layout *l)
{
  if (l->tile)
    return ((WIDTH + l->tile - 1) / l->tile) * ((HEIGHT + l->tile - 1) / l->tile);
  return (HEIGHT + l->rows_per_strip - 1) / l->rows_per_strip;
}

typedef struct
{
  ScProjectionMethod method;
  guint              threads;
  gboolean           progressive;
  guint64            budget;      /* 0: the default */
} Run;

static GBytes *
project (ScStack    *stack,
         const Run  *run)
{
  g_autoptr(ScProjection) p = sc_projection_new (stack, run->method);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) result = NULL;

  sc_projection_set_percentile (p, 30);
  sc_projection_set_n_threads (p, run->threads);
  sc_projection_set_progressive (p, run->progressive);
  sc_projection_set_memory_budget (p, run->budget);
  result = sc_projection_run (p, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return sc_projection_get_result_bytes (p);  /* transfer full */
}

/* Budgets that leave the median bands of a few rows: 10 and 30 rows of every slice,
 * neither a multiple of the strips' heights. */
#define ROW_ALL ((guint64) WIDTH * 2 * PAGES)

static const Run runs[] = {
  { SC_PROJECTION_MAX, 1, FALSE, 0 },
  { SC_PROJECTION_MEAN, 3, FALSE, 0 },
  { SC_PROJECTION_MEAN, 2, TRUE, 0 },
  { SC_PROJECTION_SD, 2, FALSE, 0 },
  { SC_PROJECTION_SD, 1, TRUE, 0 },
  { SC_PROJECTION_MEAN, 2, FALSE, 10 * ROW_ALL },
  { SC_PROJECTION_MEDIAN, 2, FALSE, 0 },
  { SC_PROJECTION_MEDIAN, 3, FALSE, 10 * ROW_ALL },
  { SC_PROJECTION_MEDIAN, 1, FALSE, 30 * ROW_ALL },
  { SC_PROJECTION_PERCENTILE, 2, FALSE, 10 * ROW_ALL },
};

static void
test_layout (gconstpointer data)
{
  const Layout *l = data;
  const Layout raw = { "raw", COMPRESSION_NONE, 0, 16, 0 };
  g_autofree char *raw_path = write_stack (&raw);
  g_autofree char *path = write_stack (l);
  g_autoptr(ScStack) reference = sc_stack_open (raw_path, NULL, NULL);

  g_assert_nonnull (reference);
  /* Uncompressed strips are read with pread(), any rows alike. */
  g_assert_cmpuint (sc_stack_get_row_block (reference), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScSource) source = sc_tiff_source_open (path, NULL, &error);
      g_autoptr(ScStack) stack = NULL;
      g_autoptr(GBytes) want = NULL, got = NULL;
      gboolean select = runs[i].method == SC_PROJECTION_MEDIAN
                        || runs[i].method == SC_PROJECTION_PERCENTILE;
      guint64 before, decoded;

      g_assert_no_error (error);
      stack = sc_stack_new_for_source (source, "compressed");
      g_assert_cmpuint (sc_stack_get_row_block (stack), ==,
                        (l->tile ? l->tile : l->rows_per_strip));
      before = sc_tiff_source_get_n_decoded (SC_TIFF_SOURCE (source));
      got = project (stack, &runs[i]);
      want = project (reference, &runs[i]);
      if (!g_bytes_equal (got, want))
        g_error ("%s, run %u (%s): the result differs from the uncompressed stack's", l->name, i,
                 sc_projection_method_to_string (runs[i].method));
      /* Each strip decoded once: none twice where a band ends inside it. Only where
       * the budget holds a strip of every slice (the median's band) or the default
       * budget holds the streaming bands: else a strip may be decoded again. */
      decoded = sc_tiff_source_get_n_decoded (SC_TIFF_SOURCE (source)) - before;
      if (runs[i].budget == 0
          || (select && sc_stack_get_row_block (stack) * ROW_ALL <= runs[i].budget))
        g_assert_cmpuint (decoded, ==, (guint64) PAGES * blocks_per_page (l));
      else if (select)
        g_assert_cmpuint (decoded, >, (guint64) PAGES * blocks_per_page (l));
      else
        g_assert_cmpuint (decoded, >=, (guint64) PAGES * blocks_per_page (l));
    }
}

/* Reads of rows that begin and end inside strips give the rows of the whole plane, and
 * decode each strip they touch once. */
static void
test_partial_reads (gconstpointer data)
{
  const Layout *l = data;
  g_autofree char *path = write_stack (l);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSource) source = sc_tiff_source_open (path, NULL, &error);
  g_autoptr(ScStack) stack = NULL;
  gsize stride = WIDTH * 2;
  g_autofree guint8 *band = g_malloc (stride * HEIGHT);

  g_assert_no_error (error);
  stack = sc_stack_new_for_source (source, "compressed");
  for (guint y0 = 0; y0 < HEIGHT; y0 += 5)
    for (guint n = 1; y0 + n <= HEIGHT; n += 9)
      {
        guint64 before = sc_tiff_source_get_n_decoded (SC_TIFF_SOURCE (source));
        guint block = sc_stack_get_row_block (stack);
        guint touched = (y0 + n - 1) / block - y0 / block + 1;

        if (l->tile)
          touched *= (WIDTH + l->tile - 1) / l->tile;
        memset (band, 0xa5, stride * n);
        g_assert_true (sc_stack_read_rows (stack, y0 % PAGES, y0, n, band, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (sc_tiff_source_get_n_decoded (SC_TIFF_SOURCE (source)) - before, ==,
                          touched);
        for (guint y = y0; y < y0 + n; y++)
          for (guint x = 0; x < WIDTH; x++)
            {
              guint16 v;

              memcpy (&v, band + (y - y0) * stride + 2 * x, 2);
              if (v != value_at (y0 % PAGES, x, y))
                g_error ("%s: rows %u + %u, x %u, y %u: got %u, expected %u", l->name, y0, n, x, y,
                         v, value_at (y0 % PAGES, x, y));
            }
      }
}

static const Layout layouts[] = {
  { "deflate", COMPRESSION_ADOBE_DEFLATE, 0, 7, 0 },
  { "deflate-predictor", COMPRESSION_ADOBE_DEFLATE, PREDICTOR_HORIZONTAL, 16, 0 },
  { "lzw", COMPRESSION_LZW, PREDICTOR_HORIZONTAL, 5, 0 },
  { "packbits", COMPRESSION_PACKBITS, 0, 11, 0 },
  { "deflate-one-strip", COMPRESSION_ADOBE_DEFLATE, 0, HEIGHT, 0 },
  { "deflate-tiles", COMPRESSION_ADOBE_DEFLATE, 0, 0, 16 },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = sc_test_make_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      g_autofree char *projections = g_strdup_printf ("/core/compressed/projections/%s",
                                                      layouts[i].name);
      g_autofree char *reads = g_strdup_printf ("/core/compressed/partial-reads/%s",
                                                layouts[i].name);

      g_test_add_data_func (projections, &layouts[i], test_layout);
      g_test_add_data_func (reads, &layouts[i], test_partial_reads);
    }
  return g_test_run ();
}
