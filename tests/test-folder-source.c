/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <png.h>
#include <tiffio.h>

#include "sc-error.h"
#include "sc-folder-list.h"
#include "sc-folder-source.h"
#include "sc-png-io.h"
#include "sc-stack.h"
#include "sc-test-util.h"

/* A PNG written with libpng directly, for the variants Stackscope never writes. */
static void
write_png_raw (const char  *path,
               guint        width,
               guint        height,
               int          bit_depth,
               int          color_type,
               int          interlace,
               const guint8 *rows,
               gsize        stride,
               const png_color *palette,
               int          n_palette)
{
  FILE *f = g_fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);

  g_assert_nonnull (f);
  png_init_io (png, f);
  png_set_IHDR (png, info, width, height, bit_depth, color_type, interlace,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (palette)
    png_set_PLTE (png, info, palette, n_palette);
  png_write_info (png, info);
  if (bit_depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN)
    png_set_swap (png);
  {
    g_autofree png_bytep *ptrs = g_new (png_bytep, height);
    for (guint y = 0; y < height; y++)
      ptrs[y] = (png_bytep) rows + y * stride;
    png_write_image (png, ptrs);
  }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  fclose (f);
}

static void
test_natural_order (void)
{
  g_assert_cmpint (sc_natural_compare ("z2.tif", "z10.tif"), <, 0);
  g_assert_cmpint (sc_natural_compare ("z10.tif", "z2.tif"), >, 0);
  g_assert_cmpint (sc_natural_compare ("img002.png", "img10.png"), <, 0);
  g_assert_cmpint (sc_natural_compare ("A1", "a1"), ==, 0);
  g_assert_cmpint (sc_natural_compare ("cell1_t9", "cell1_t10"), <, 0);
  g_assert_cmpint (sc_natural_compare ("cell2_t1", "cell10_t1"), <, 0);
  g_assert_cmpint (sc_natural_compare ("abc", "abcd"), <, 0);
  g_assert_cmpint (sc_natural_compare ("x99999999999999999999", "x100000000000000000000"), <, 0);
}

/* Twelve gray 8-bit PNGs named z1..z12 whose pixels hold their number, plus
 * files that must be ignored. */
static void
test_png_folder_order (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  guint8 pixels[7 * 4];
  const guint order[] = { 7, 1, 12, 3, 10, 2, 11, 4, 9, 5, 8, 6 };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *name = g_strdup_printf ("z%u.png", order[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      for (guint p = 0; p < sizeof pixels; p++)
        pixels[p] = (guint8) (order[i] * 10 + p);
      g_assert_true (sc_png_write (path, SC_PNG_GRAY8, 7, 4, pixels, 7, NULL, &error));
      g_assert_no_error (error);
    }
  {
    g_autofree char *hidden = g_build_filename (dir, ".z0.png", NULL);
    g_autofree char *notes = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *subdir = g_build_filename (dir, "sub.png", NULL);
    g_assert_true (g_file_set_contents (hidden, "not a png", -1, NULL));
    g_assert_true (g_file_set_contents (notes, "not an image", -1, NULL));
    g_assert_cmpint (g_mkdir (subdir, 0755), ==, 0);
  }

  stack = sc_stack_open (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_stack_get_format (stack), ==, "PNG folder");
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 12);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 12);
  g_assert_cmpuint (sc_stack_get_width (stack), ==, 7);
  g_assert_cmpuint (sc_stack_get_height (stack), ==, 4);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U8);

  for (guint z = 0; z < 12; z++)
    {
      g_autofree char *expected_name = g_strdup_printf ("z%u.png", z + 1);
      g_autofree char *described = sc_stack_describe_plane (stack, z);
      guint8 band[7 * 2];

      g_assert_true (sc_stack_read_plane (stack, z, pixels, &error));
      g_assert_no_error (error);
      for (guint p = 0; p < sizeof pixels; p++)
        g_assert_cmpuint (pixels[p], ==, (z + 1) * 10 + p);
      g_assert_cmpstr (described, ==, expected_name);

      g_assert_true (sc_stack_read_rows (stack, z, 2, 2, band, &error));
      g_assert_cmpmem (band, sizeof band, pixels + 14, sizeof band);
    }
}

static void
test_png_variants (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  const guint W = 9, H = 5;

  /* 16-bit gray keeps its values and byte order */
  {
    g_autofree char *path = g_build_filename (dir, "gray16.png", NULL);
    guint16 in[9 * 5], out[9 * 5];
    g_autoptr(ScStack) stack = NULL;

    for (guint i = 0; i < W * H; i++)
      in[i] = (guint16) (i * 1409 + 3);
    g_assert_true (sc_png_write (path, SC_PNG_GRAY16, W, H, in, W * 2, NULL, &error));
    stack = sc_stack_open (path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sc_stack_get_format (stack), ==, "PNG");
    g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U16);
    g_assert_true (sc_stack_read_plane (stack, 0, out, &error));
    g_assert_cmpmem (in, sizeof in, out, sizeof out);
  }

  /* RGB and RGBA 8-bit */
  {
    g_autofree char *rgb_path = g_build_filename (dir, "rgb.png", NULL);
    g_autofree char *rgba_path = g_build_filename (dir, "rgba.png", NULL);
    guint8 rgba[9 * 5 * 4], out[9 * 5 * 4];
    g_autoptr(ScStack) rgb = NULL;
    g_autoptr(ScStack) rgba_stack = NULL;

    for (guint i = 0; i < sizeof rgba; i++)
      rgba[i] = (guint8) (i * 37);
    g_assert_true (sc_png_write (rgb_path, SC_PNG_RGB8, W, H, rgba, W * 3, NULL, &error));
    g_assert_true (sc_png_write (rgba_path, SC_PNG_RGBA8, W, H, rgba, W * 4, NULL, &error));
    rgb = sc_stack_open (rgb_path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sc_stack_get_samples_per_pixel (rgb), ==, 3);
    g_assert_true (sc_stack_read_plane (rgb, 0, out, &error));
    g_assert_cmpmem (rgba, W * H * 3, out, W * H * 3);
    rgba_stack = sc_stack_open (rgba_path, NULL, &error);
    g_assert_cmpuint (sc_stack_get_samples_per_pixel (rgba_stack), ==, 4);
    g_assert_true (sc_stack_read_plane (rgba_stack, 0, out, &error));
    g_assert_cmpmem (rgba, sizeof rgba, out, sizeof out);
  }

  /* gray + alpha reads as gray, the alpha dropped */
  {
    g_autofree char *path = g_build_filename (dir, "graya.png", NULL);
    guint8 ga[9 * 5 * 2], out[9 * 5];
    g_autoptr(ScStack) stack = NULL;

    for (guint i = 0; i < W * H; i++)
      {
        ga[2 * i] = (guint8) (i * 5);
        ga[2 * i + 1] = (guint8) (255 - i);
      }
    write_png_raw (path, W, H, 8, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_INTERLACE_NONE, ga, W * 2, NULL, 0);
    stack = sc_stack_open (path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sc_stack_get_samples_per_pixel (stack), ==, 1);
    g_assert_true (sc_stack_read_plane (stack, 0, out, &error));
    for (guint i = 0; i < W * H; i++)
      g_assert_cmpuint (out[i], ==, i * 5);
  }

  /* palette: indices kept as values, palette kept beside them */
  {
    g_autofree char *path = g_build_filename (dir, "palette.png", NULL);
    guint8 idx[9 * 5], out[9 * 5];
    png_color pal[16];
    g_autoptr(ScStack) stack = NULL;
    const guint8 *palette;

    for (guint i = 0; i < 16; i++)
      {
        pal[i].red = (png_byte) (i * 16);
        pal[i].green = (png_byte) (255 - i * 16);
        pal[i].blue = (png_byte) (i * 3);
      }
    for (guint i = 0; i < W * H; i++)
      idx[i] = (guint8) (i % 16);
    write_png_raw (path, W, H, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, idx, W, pal, 16);
    stack = sc_stack_open (path, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (sc_stack_read_plane (stack, 0, out, &error));
    g_assert_cmpmem (idx, sizeof idx, out, sizeof out);
    palette = sc_stack_get_palette (stack);
    g_assert_nonnull (palette);
    g_assert_cmpuint (palette[3 * 5], ==, 80);
    g_assert_cmpuint (palette[3 * 5 + 1], ==, 175);
    g_assert_cmpuint (palette[3 * 5 + 2], ==, 15);
  }

  /* 1-bit gray expands to 0/255; Adam7 interlacing decodes */
  {
    g_autofree char *bit_path = g_build_filename (dir, "bits.png", NULL);
    g_autofree char *adam_path = g_build_filename (dir, "adam7.png", NULL);
    guint8 bits[2 * 5], out[9 * 5], gray[9 * 5];
    g_autoptr(ScStack) bit_stack = NULL;
    g_autoptr(ScStack) adam = NULL;

    for (guint y = 0; y < H; y++)
      {
        bits[2 * y] = (guint8) (0xA5 ^ y);
        bits[2 * y + 1] = 0x80;
      }
    write_png_raw (bit_path, W, H, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, bits, 2, NULL, 0);
    bit_stack = sc_stack_open (bit_path, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (sc_stack_read_plane (bit_stack, 0, out, &error));
    for (guint y = 0; y < H; y++)
      for (guint x = 0; x < W; x++)
        {
          guint bit = x < 8 ? (bits[2 * y] >> (7 - x)) & 1 : 1;
          g_assert_cmpuint (out[y * W + x], ==, bit ? 255 : 0);
        }

    for (guint i = 0; i < W * H; i++)
      gray[i] = (guint8) (i * 3 + 1);
    write_png_raw (adam_path, W, H, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_ADAM7, gray, W, NULL, 0);
    adam = sc_stack_open (adam_path, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (sc_stack_read_rows (adam, 0, 1, 3, out, &error));
    g_assert_cmpmem (out, W * 3, gray + W, W * 3);
  }
}

static void
test_png_corrupt (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cut.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autofree guint8 *pixels = g_malloc (64 * 64);
  g_autofree char *contents = NULL;
  gsize length;

  for (guint i = 0; i < 64 * 64; i++)
    pixels[i] = (guint8) g_random_int ();
  g_assert_true (sc_png_write (path, SC_PNG_GRAY8, 64, 64, pixels, 64, NULL, &error));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* Keep the header, cut the image data short. */
  g_assert_true (g_file_set_contents (path, contents, length / 2, NULL));

  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sc_stack_read_plane (stack, 0, pixels, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "cut.png"));
  g_clear_error (&error);

  /* Header cut: refused at open */
  g_assert_true (g_file_set_contents (path, contents, 20, NULL));
  g_clear_object (&stack);
  stack = sc_stack_open (path, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "cut.png"));
}

/* Peak resident memory of this process so far, in KiB. */
static glong
peak_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

/* Ancillary chunks that Stackscope does not use are skipped unread: a zTXt and an iTXt
 * that inflate to 32 MiB each leave a file that opens and reads as usual, and a tEXt
 * that claims 2 GB in a 84-byte file (found by fuzz-png, regressions/png/text-chunk-2gb)
 * fails as a truncated file, without libpng allocating and zeroing the claimed size. */
static void
test_png_oversized_chunks (void)
{
  static const char claims_2gb[] =
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAICAAAAADVHSBLelRYdHRFWHRDb21tZW50AHNlAAAADUlIRFIA"
    "IklEQVQImWNkUIUAAAAAAElFTkSuQmCC";
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "text.png", NULL);
  g_autofree char *bomb_path = g_build_filename (dir, "claims-2gb.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  guint8 pixels[16 * 8], out[16 * 8];
  glong before;

  for (guint i = 0; i < sizeof pixels; i++)
    pixels[i] = (guint8) (i * 7 + 1);
  {
    gsize n = 32 * 1024 * 1024;
    g_autofree char *big = g_malloc (n + 1);
    FILE *f = g_fopen (path, "wb");
    png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct (png);
    png_text text[2] = { { 0 } };
    png_bytep rows[8];

    memset (big, 'a', n);
    big[n] = '\0';
    text[0].compression = PNG_TEXT_COMPRESSION_zTXt;
    text[0].key = (char *) "Comment";
    text[0].text = big;
    text[1].compression = PNG_ITXT_COMPRESSION_zTXt;
    text[1].key = (char *) "Description";
    text[1].text = big;
    g_assert_nonnull (f);
    png_init_io (png, f);
    png_set_IHDR (png, info, 16, 8, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                  PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_text (png, info, text, 2);
    png_write_info (png, info);
    for (guint y = 0; y < 8; y++)
      rows[y] = pixels + y * 16;
    png_write_image (png, rows);
    png_write_end (png, info);
    png_destroy_write_struct (&png, &info);
    fclose (f);
  }
  {
    gsize n;
    g_autofree guchar *bytes = g_base64_decode (claims_2gb, &n);

    g_assert_cmpuint (n, ==, 84);
    g_assert_true (g_file_set_contents (bomb_path, (const char *) bytes, n, NULL));
  }

  before = peak_rss_kib ();
  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sc_stack_read_plane (stack, 0, out, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (pixels, sizeof pixels, out, sizeof out);
  g_clear_object (&stack);

  stack = sc_stack_open (bomb_path, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  /* The text above (32 MiB inflated, twice) and the claimed 2 GB were never held. */
  g_assert_cmpint (peak_rss_kib () - before, <, 24 * 1024);
  g_assert_nonnull (strstr (error->message, "claims-2gb.png"));
  g_assert_nonnull (strstr (error->message, "ends early"));
}

static void
test_png_write_atomic (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "out.png", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "nope", "out.png", NULL);
  g_autoptr(GError) error = NULL;
  guint8 px[4] = { 1, 2, 3, 4 };
  const char * const text[] = { "Software", "Stackscope", NULL };
  g_autoptr(GDir) d = NULL;
  guint n = 0;

  g_assert_true (sc_png_write (path, SC_PNG_GRAY8, 2, 2, px, 2, text, &error));
  g_assert_no_error (error);
  g_assert_false (sc_png_write (missing_dir, SC_PNG_GRAY8, 2, 2, px, 2, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);

  /* No temporary file is left behind. */
  d = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (d))
    n++;
  g_assert_cmpuint (n, ==, 1);
}

static void
write_tiff_stack (const char *path,
                  guint       width,
                  guint       height,
                  guint       pages,
                  guint       seed)
{
  TIFF *tif = TIFFOpen (path, "w");
  g_autofree guint16 *row = g_new (guint16, width);

  g_assert_nonnull (tif);
  for (guint p = 0; p < pages; p++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 16);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 2);
      for (guint y = 0; y < height; y++)
        {
          for (guint x = 0; x < width; x++)
            row[x] = (guint16) (seed * 1000 + p * 100 + y * 10 + x);
          g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
        }
      TIFFWriteDirectory (tif);
    }
  TIFFClose (tif);
}

/* A folder of 3-page TIFF stacks is a time series of Z stacks. */
static void
test_tiff_folder_of_stacks (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  guint16 plane[6 * 5];

  for (guint t = 0; t < 4; t++)
    {
      g_autofree char *name = g_strdup_printf ("t%u.tiff", t + 1);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      write_tiff_stack (path, 6, 5, 3, t + 1);
    }
  stack = sc_stack_open (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_stack_get_format (stack), ==, "TIFF folder");
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 3);
  g_assert_cmpuint (sc_stack_get_n_frames (stack), ==, 4);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 12);

  for (guint t = 0; t < 4; t++)
    for (guint z = 0; z < 3; z++)
      {
        guint index = sc_stack_plane_index (stack, 0, z, t);
        g_autofree char *described = sc_stack_describe_plane (stack, index);
        g_autofree char *expected = g_strdup_printf ("t%u.tiff, page %u", t + 1, z + 1);

        g_assert_true (sc_stack_read_plane (stack, index, plane, &error));
        g_assert_no_error (error);
        for (guint y = 0; y < 5; y++)
          for (guint x = 0; x < 6; x++)
            g_assert_cmpuint (plane[y * 6 + x], ==, (t + 1) * 1000 + z * 100 + y * 10 + x);
        g_assert_cmpstr (described, ==, expected);
      }
}

static void
test_inconsistent_folder (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  ScStack *stack;
  guint8 px[8 * 8] = { 0 };

  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("img%u.png", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      /* img4 is 8 x 7 instead of 8 x 8 */
      g_assert_true (sc_png_write (path, SC_PNG_GRAY8, 8, i == 4 ? 7 : 8, px, 8, NULL, NULL));
    }
  stack = sc_stack_open (dir, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "img4.png"));
  g_clear_error (&error);

  /* Type differs: a 16-bit file among 8-bit ones */
  {
    g_autofree char *path = g_build_filename (dir, "img4.png", NULL);
    guint16 wide[8 * 8] = { 0 };
    g_assert_true (sc_png_write (path, SC_PNG_GRAY16, 8, 8, wide, 16, NULL, NULL));
  }
  stack = sc_stack_open (dir, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "img4.png"));
  g_assert_nonnull (strstr (error->message, "u16"));
}

static void
test_file_vanishes (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  guint8 px[4 * 4] = { 9 };
  g_autofree char *victim = g_build_filename (dir, "b2.png", NULL);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("b%u.png", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_true (sc_png_write (path, SC_PNG_GRAY8, 4, 4, px, 4, NULL, NULL));
    }
  stack = sc_stack_open (dir, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (victim), ==, 0);
  g_assert_false (sc_stack_read_plane (stack, 1, px, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "b2.png"));
  g_clear_error (&error);

  /* replaced by a file of another size */
  g_assert_true (sc_png_write (victim, SC_PNG_GRAY8, 2, 2, px, 2, NULL, NULL));
  g_assert_false (sc_stack_read_plane (stack, 1, px, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "b2.png"));
  g_clear_error (&error);

  /* other planes still read */
  g_assert_true (sc_stack_read_plane (stack, 2, px, &error));
  g_assert_cmpuint (px[0], ==, 9);
}

static void
test_real_em_folder (void)
{
  g_autofree char *dir = sc_test_data_path ("folder-em-tiff-series");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *plane = NULL;
  g_autofree guint8 *single = NULL;

  if (dir == NULL)
    return;

  stack = sc_stack_open (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 21);
  g_assert_cmpuint (sc_stack_get_width (stack), ==, 256);
  g_assert_cmpuint (sc_stack_get_height (stack), ==, 256);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U8);

  plane = g_malloc (256 * 256);
  single = g_malloc (256 * 256);
  for (guint z = 0; z < 21; z++)
    {
      g_autofree char *name = g_strdup_printf ("c_elegans_em_z%04u.tif", z);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *described = sc_stack_describe_plane (stack, z);
      g_autoptr(ScStack) file = sc_stack_open (path, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (described, ==, name);
      g_assert_true (sc_stack_read_plane (stack, z, plane, &error));
      g_assert_true (sc_stack_read_plane (file, 0, single, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (plane, 256 * 256, single, 256 * 256);
    }
}

static void
test_real_png_folder (void)
{
  g_autofree char *dir = sc_test_data_path ("folder-png-brightfield");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *plane = NULL;
  g_autofree char *last = NULL;
  guint64 sum = 0;

  if (dir == NULL)
    return;

  stack = sc_stack_open (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_stack_get_format (stack), ==, "PNG folder");
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 50);
  g_assert_cmpuint (sc_stack_get_width (stack), ==, 500);
  g_assert_cmpuint (sc_stack_get_height (stack), ==, 500);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U8);
  last = sc_stack_describe_plane (stack, 49);
  g_assert_cmpstr (last, ==, "bf_0049.png");

  plane = g_malloc (500 * 500);
  g_assert_true (sc_stack_read_plane (stack, 49, plane, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 500 * 500; i++)
    sum += plane[i];
  /* a brightfield image: neither black nor saturated */
  g_assert_cmpfloat (sum / (500.0 * 500.0), >, 20);
  g_assert_cmpfloat (sum / (500.0 * 500.0), <, 235);
}

/* The one folder listing: images only (not hidden, not folders named like images), in
 * natural order, as paths; an empty folder and a missing one are errors. */
static void
test_folder_list (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  g_autofree char *fake = g_build_filename (dir, "z3.tif", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  const char *names[] = { "z10.TIF", "z2.png", ".z1.tif", "notes.txt", "z1.tiff" };
  ScImageFileKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_assert_true (g_file_set_contents (path, "x", 1, NULL));
    }
  g_assert_cmpint (g_mkdir (fake, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);

  paths = sc_folder_list_images (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 3);
  g_assert_true (g_str_has_suffix (paths[0], G_DIR_SEPARATOR_S "z1.tiff"));
  g_assert_true (g_str_has_suffix (paths[1], G_DIR_SEPARATOR_S "z2.png"));
  g_assert_true (g_str_has_suffix (paths[2], G_DIR_SEPARATOR_S "z10.TIF"));
  g_assert_true (g_str_has_prefix (paths[0], dir));

  g_assert_true (sc_image_file_kind_from_name ("A.TIFF", &kind));
  g_assert_cmpint (kind, ==, SC_IMAGE_FILE_TIFF);
  g_assert_true (sc_image_file_kind_from_name ("a.Png", &kind));
  g_assert_cmpint (kind, ==, SC_IMAGE_FILE_PNG);
  g_assert_false (sc_image_file_kind_from_name ("a.jpg", &kind));

  g_assert_null (sc_folder_list_images (empty, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (sc_folder_list_images ("/nonexistent/folder", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/folder/natural-order", test_natural_order);
  g_test_add_func ("/core/folder/png-order", test_png_folder_order);
  g_test_add_func ("/core/folder/list", test_folder_list);
  g_test_add_func ("/core/png/variants", test_png_variants);
  g_test_add_func ("/core/png/corrupt", test_png_corrupt);
  g_test_add_func ("/core/png/oversized-chunks", test_png_oversized_chunks);
  g_test_add_func ("/core/png/write-atomic", test_png_write_atomic);
  g_test_add_func ("/core/folder/tiff-stacks-as-frames", test_tiff_folder_of_stacks);
  g_test_add_func ("/core/folder/inconsistent", test_inconsistent_folder);
  g_test_add_func ("/core/folder/file-vanishes", test_file_vanishes);
  g_test_add_func ("/core/folder/real-em-tiff-series", test_real_em_folder);
  g_test_add_func ("/core/folder/real-png-brightfield", test_real_png_folder);

  return g_test_run ();
}
