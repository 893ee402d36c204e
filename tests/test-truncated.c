/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <tiffio.h>

#include "sc-error.h"
#include "sc-stack.h"
#include "sc-test-fixtures.h"
#include "sc-test-util.h"

/* A file cut short opens with the pages that are complete (as ImageJ and tifffile read
 * the readable part), says which it leaves out, and fails only when none is complete. */

#define GOLGI "zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif"
#define GOLGI_PLANE_BYTES (147 * 137 * 2)

static char *tmpdir;

static ScStack *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  ScStack *stack = sc_stack_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stack);
  return stack;
}

static void
assert_missing (ScStack    *stack,
                const char *want)
{
  g_autoptr(GString) got = g_string_new (NULL);
  const ScPageRange *ranges;
  guint n;

  ranges = sc_stack_get_missing_pages (stack, &n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (got, "%s%u-%u", i ? "," : "", ranges[i].first, ranges[i].last);
  g_assert_cmpstr (got->str, ==, want);
}

static void
assert_same_plane (ScStack *a,
                   guint    ia,
                   ScStack *b,
                   guint    ib)
{
  gsize size = sc_stack_get_plane_size (a);
  g_autofree guint8 *pa = g_malloc (size);
  g_autofree guint8 *pb = g_malloc (size);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sc_stack_get_plane_size (b), ==, size);
  g_assert_true (sc_stack_read_plane (a, ia, pa, &error));
  g_assert_no_error (error);
  g_assert_true (sc_stack_read_plane (b, ib, pb, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (pa, size, pb, size);
}

/* golgi (ImageJ: its first directory, then the pixels of the 25 pages one after another,
 * then the other 24 directories) cut in the middle of page 13's pixels: ImageJ opens 12. */
static void
test_golgi_cut_in_pixels (void)
{
  g_autofree char *src = sc_test_data_path (GOLGI);
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  g_autoptr(ScStack) whole = NULL;
  g_autoptr(ScStack) cut = NULL;
  guint64 first;

  if (src == NULL)
    return;
  whole = open_ok (src);
  first = sc_test_strip_offset (src, 0);
  path = sc_test_write_cut (src, tmpdir, "golgi.tif", first + 12 * GOLGI_PLANE_BYTES + 20000);
  cut = open_ok (path);

  g_assert_cmpuint (sc_stack_get_n_planes (cut), ==, 12);
  g_assert_cmpuint (sc_stack_get_n_slices (cut), ==, 12);
  assert_missing (cut, "13-25");
  message = sc_stack_describe_missing_pages (cut);
  g_assert_cmpstr (message, ==, "Pages 13–25 of golgi.tif are missing or incomplete; "
                   "showing the 12 complete pages.");
  for (guint i = 0; i < 12; i++)
    assert_same_plane (whole, i, cut, i);
  /* the description still gives its calibration */
  g_assert_cmpfloat_with_epsilon (sc_stack_get_calibration (cut)->pixel_depth,
                                  sc_stack_get_calibration (whole)->pixel_depth, 1e-9);
  g_assert_null (sc_stack_get_missing_pages (whole, &(guint) { 0 }));
  g_assert_null (sc_stack_describe_missing_pages (whole));
}

/* Cut after the pixels, in the directories that follow them: every pixel is there. */
static void
test_golgi_cut_in_directories (void)
{
  g_autofree char *src = sc_test_data_path (GOLGI);
  g_autofree char *path = NULL;
  g_autoptr(ScStack) whole = NULL;
  g_autoptr(ScStack) cut = NULL;
  guint64 first;

  if (src == NULL)
    return;
  whole = open_ok (src);
  first = sc_test_strip_offset (src, 0);
  path = sc_test_write_cut (src, tmpdir, "golgi-dirs.tif", first + 25 * GOLGI_PLANE_BYTES + 500);
  cut = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_planes (cut), ==, 25);
  g_assert_null (sc_stack_get_missing_pages (cut, &(guint) { 0 }));
  assert_same_plane (whole, 24, cut, 24);
}

/* Cut before the first page's pixels end: no complete page, an error naming the file. */
static void
test_golgi_no_complete_page (void)
{
  g_autofree char *src = sc_test_data_path (GOLGI);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;

  if (src == NULL)
    return;
  path = sc_test_write_cut (src, tmpdir, "golgi-head.tif", 5000);
  stack = sc_stack_open (path, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, "page 1 of golgi-head.tif is truncated");
}

/* libtiff writes each page's pixels, then its directory: a cut in page 6's pixels breaks
 * the chain there, and the file does not say how many pages it had. */
static void
test_libtiff_pages_cut (void)
{
  g_autofree char *src = sc_test_write_rgb16 (tmpdir, "nine.tif", 9, 10, 8, FALSE, FALSE, NULL);
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  g_autoptr(ScStack) stack = NULL;
  guint16 buf[10 * 8];

  path = sc_test_write_cut (src, tmpdir, "nine-cut.tif", sc_test_strip_offset (src, 5) + 100);
  stack = open_ok (path);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 5);
  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 3);
  assert_missing (stack, "6-0");
  message = sc_stack_describe_missing_pages (stack);
  g_assert_cmpstr (message, ==, "Pages 6 and later of nine-cut.tif are missing or incomplete; "
                   "showing the 5 complete pages.");
  g_assert_true (sc_stack_read_plane (stack, sc_stack_plane_index (stack, 2, 4, 0), buf, NULL));
  g_assert_cmpuint (buf[10 * 7 + 9], ==, sc_test_rgb16_value (4, 9, 7, 2));
}

/* An ImageJ hyperstack (2 channels x 3 slices x 2 frames) cut in page 10: whole time
 * points are kept, the first. */
static void
test_hyperstack_cut (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "hyper.tif", NULL);
  g_autofree char *cut_path = NULL;
  g_autoptr(ScStack) stack = NULL;
  guint8 row[6];
  TIFF *tif = TIFFOpen (path, "w");

  for (guint k = 0; k < 12; k++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, 6);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, 5);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 5);
      if (k == 0)
        TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, "ImageJ=1.53t\nimages=12\nchannels=2\n"
                      "slices=3\nframes=2\nhyperstack=true\nmode=composite\n");
      memset (row, (int) (k + 1), sizeof row);
      for (guint y = 0; y < 5; y++)
        TIFFWriteScanline (tif, row, y, 0);
      TIFFWriteDirectory (tif);
    }
  TIFFClose (tif);
  cut_path = sc_test_write_cut (path, tmpdir, "hyper-cut.tif", sc_test_strip_offset (path, 9) + 3);

  stack = open_ok (cut_path);
  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 2);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 3);
  g_assert_cmpuint (sc_stack_get_n_frames (stack), ==, 1);
  assert_missing (stack, "7-12");
  {
    guint8 plane[30];

    g_assert_true (sc_stack_read_plane (stack, sc_stack_plane_index (stack, 1, 2, 0), plane, NULL));
    g_assert_cmpuint (plane[29], ==, 6);
  }
}

/* Micro-Manager's two positions, their pages interleaved, cut in page 13: each position
 * keeps time points 1-6, and its pages after them are listed. */
static void
test_positions_cut (void)
{
  g_autofree char *src = sc_test_write_mm_ome (tmpdir, "mm.ome.tif", 2, 10, 12, 9);
  g_autofree char *path = sc_test_write_cut (src, tmpdir, "mm-cut.ome.tif",
                                             sc_test_strip_offset (src, 12) + 40);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) first = open_ok (path);
  g_autoptr(ScStack) second = sc_stack_open_series (path, 1, NULL, &error);
  g_autofree char *message = sc_stack_describe_missing_pages (first);

  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_n_series (first), ==, 2);
  g_assert_cmpuint (sc_stack_get_n_frames (first), ==, 6);
  assert_missing (first, "13-13,15-15,17-17,19-19");
  g_assert_cmpstr (message, ==, "Pages 13, 15, 17, 19 of mm-cut.ome.tif are missing or "
                   "incomplete; showing the 6 complete pages.");
  g_assert_cmpuint (sc_stack_get_n_frames (second), ==, 6);
  assert_missing (second, "14-14,16-16,18-18,20-20");
  {
    guint16 plane[12 * 9];

    g_assert_true (sc_stack_read_plane (second, 5, plane, NULL));
    g_assert_cmpuint (plane[12 * 8 + 11], ==, sc_test_mm_value (1, 5, 11, 8));
  }
}

/* A page that turns bad only when read (its strip's bytes garbled, not cut) is an error
 * naming file and page; the others still read. */
static void
test_bad_page_read_later (void)
{
  g_autofree char *path = sc_test_write_rgb16 (tmpdir, "garbled.tif", 3, 8, 8, FALSE, TRUE, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  guint64 offset = sc_test_strip_offset (path, 1);
  guint16 buf[64];
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  memset (contents + offset, 0xee, 8);
  g_assert_true (g_file_set_contents (path, contents, (gssize) len, NULL));
  stack = open_ok (path);
  g_assert_null (sc_stack_get_missing_pages (stack, &(guint) { 0 }));
  g_assert_true (sc_stack_read_plane (stack, sc_stack_plane_index (stack, 0, 2, 0), buf, &error));
  g_assert_no_error (error);
  g_assert_false (sc_stack_read_plane (stack, sc_stack_plane_index (stack, 0, 1, 0), buf, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "page 2 of garbled.tif"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = sc_test_make_tmpdir ();

  g_test_add_func ("/core/truncated/golgi-cut-in-pixels", test_golgi_cut_in_pixels);
  g_test_add_func ("/core/truncated/golgi-cut-in-directories", test_golgi_cut_in_directories);
  g_test_add_func ("/core/truncated/golgi-no-complete-page", test_golgi_no_complete_page);
  g_test_add_func ("/core/truncated/libtiff-pages", test_libtiff_pages_cut);
  g_test_add_func ("/core/truncated/hyperstack", test_hyperstack_cut);
  g_test_add_func ("/core/truncated/positions", test_positions_cut);
  g_test_add_func ("/core/truncated/bad-page-read-later", test_bad_page_read_later);

  return g_test_run ();
}
