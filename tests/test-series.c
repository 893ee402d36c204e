/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <tiffio.h>

#include "sc-error.h"
#include "sc-stack.h"
#include "sc-test-fixtures.h"
#include "sc-test-util.h"

/* Image series (OME Images: Micro-Manager positions, tifffile and bfconvert series), and
 * 16-bit RGB pages read as three channels, on files written here with libtiff. */

static char *tmpdir;

static ScStack *
open_series_ok (const char *path,
                guint       series)
{
  g_autoptr(GError) error = NULL;
  ScStack *stack = sc_stack_open_series (path, series, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stack);
  return stack;
}

static guint
value_at (ScStack *stack,
          guint    plane,
          guint    x,
          guint    y)
{
  gsize size = sc_stack_get_plane_size (stack);
  g_autofree guint8 *buf = g_malloc (size);
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_stack_read_plane (stack, plane, buf, &error));
  g_assert_no_error (error);
  return (guint) sc_test_get_sample (sc_stack_get_sample_type (stack), buf,
                                     (gsize) y * sc_stack_get_width (stack) + x);
}

/* Every plane of position p equals what was written for it. */
static void
check_mm_position (ScStack *stack,
                   guint    p,
                   guint    n_frames)
{
  guint w = sc_stack_get_width (stack), h = sc_stack_get_height (stack);
  g_autofree guint16 *buf = g_new (guint16, (gsize) w * h);

  for (guint t = 0; t < n_frames; t++)
    {
      g_autoptr(GError) error = NULL;
      guint index = sc_stack_plane_index (stack, 0, 0, t);

      g_assert_true (sc_stack_read_plane (stack, index, buf, &error));
      g_assert_no_error (error);
      for (guint y = 0; y < h; y++)
        for (guint x = 0; x < w; x++)
          if (buf[y * w + x] != sc_test_mm_value (p, t, x, y))
            g_error ("position %u, t %u, (%u, %u): %u, not %u", p, t, x, y, buf[y * w + x],
                     sc_test_mm_value (p, t, x, y));
    }
}

/* Micro-Manager: 2 positions x 10 time points, the pages of the two interleaved. */
static void
test_mm_positions (void)
{
  g_autofree char *path = sc_test_write_mm_ome (tmpdir, "mm.ome.tif", 2, 10, 23, 17);
  g_autoptr(ScStack) first = NULL;
  g_autoptr(ScStack) second = NULL;
  g_autofree char *where = NULL;

  first = open_series_ok (path, 0);
  g_assert_cmpuint (sc_stack_get_n_series (first), ==, 2);
  g_assert_cmpuint (sc_stack_get_series (first), ==, 0);
  g_assert_cmpstr (sc_stack_get_series_name (first, 0), ==, "Pos0");
  g_assert_cmpstr (sc_stack_get_series_name (first, 1), ==, "Pos1");
  g_assert_cmpstr (sc_stack_get_format (first), ==, "OME-TIFF");
  g_assert_cmpuint (sc_stack_get_n_frames (first), ==, 10);
  g_assert_cmpuint (sc_stack_get_n_planes (first), ==, 10);
  check_mm_position (first, 0, 10);
  g_assert_null (sc_stack_get_missing_pages (first, &(guint) { 0 }));

  second = open_series_ok (path, 1);
  g_assert_cmpuint (sc_stack_get_n_series (second), ==, 2);
  g_assert_cmpuint (sc_stack_get_series (second), ==, 1);
  g_assert_cmpuint (sc_stack_get_n_frames (second), ==, 10);
  check_mm_position (second, 1, 10);
  /* its planes are pages 2, 4, ..., 20 */
  where = sc_stack_describe_plane (second, 9);
  g_assert_cmpstr (where, ==, "mm.ome.tif, page 20");
  /* each series has its own calibration and channel */
  g_assert_cmpfloat_with_epsilon (sc_stack_get_calibration (first)->pixel_width, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (sc_stack_get_calibration (second)->pixel_width, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sc_stack_get_calibration (second)->frame_interval, 2, 1e-9);
  {
    ScChannelDisplay hint;

    g_assert_true (sc_stack_get_channel_display (second, 0, &hint));
    g_assert_cmpstr (hint.name, ==, "GFP-1");
  }

  /* sc_stack_open() is series 0 */
  {
    g_autoptr(ScStack) plain = sc_stack_open (path, NULL, NULL);

    g_assert_cmpuint (sc_stack_get_series (plain), ==, 0);
    check_mm_position (plain, 0, 2);
  }
}

static void
test_series_out_of_range (void)
{
  g_autofree char *path = sc_test_write_mm_ome (tmpdir, "two.ome.tif", 2, 3, 8, 8);
  g_autofree char *plain = g_build_filename (tmpdir, "plain.tif", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = sc_stack_open_series (path, 2, NULL, &error);

  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "two.ome.tif holds 2 image series; there is no series 3");
  g_clear_error (&error);

  /* a file of one series has none but the first */
  g_free (sc_test_write_rgb16 (tmpdir, "plain.tif", 1, 4, 4, FALSE, FALSE, NULL));
  stack = sc_stack_open_series (plain, 1, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "plain.tif holds one image series; there is no series 2");
  g_clear_error (&error);
  stack = open_series_ok (plain, 0);
  g_assert_cmpuint (sc_stack_get_n_series (stack), ==, 1);
  g_assert_null (sc_stack_get_series_name (stack, 0));
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ScStack **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = sc_stack_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_series_async (void)
{
  g_autofree char *path = sc_test_write_mm_ome (tmpdir, "async.ome.tif", 3, 2, 9, 7);
  g_autoptr(ScStack) stack = NULL;

  sc_stack_open_series_async (path, 2, NULL, opened_cb, &stack);
  while (stack == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (sc_stack_get_series (stack), ==, 2);
  g_assert_cmpuint (sc_stack_get_n_series (stack), ==, 3);
  check_mm_position (stack, 2, 2);
}

/* tifffile and bfconvert: each series' pages one after another, TiffData IFD and
 * PlaneCount, and series of different shapes and sample types. */
static char *
write_two_shapes (const char *name,
                  const char *second_tiff_data)
{
  g_autofree char *xml = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
    "<Image ID=\"Image:0\" Name=\"overview\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYZCT\" "
    "Type=\"uint16\" SizeX=\"12\" SizeY=\"10\" SizeC=\"1\" SizeZ=\"3\" SizeT=\"1\" "
    "PhysicalSizeX=\"2\" PhysicalSizeY=\"2\" PhysicalSizeZ=\"5\">"
    "<Channel ID=\"Channel:0:0\" SamplesPerPixel=\"1\"/>"
    "<TiffData IFD=\"0\" PlaneCount=\"3\"/></Pixels></Image>"
    "<Image ID=\"Image:1\" Name=\"detail\"><Pixels ID=\"Pixels:1\" DimensionOrder=\"XYCZT\" "
    "Type=\"uint8\" SizeX=\"6\" SizeY=\"4\" SizeC=\"2\" SizeZ=\"1\" SizeT=\"1\" "
    "PhysicalSizeX=\"100\" PhysicalSizeXUnit=\"nm\" PhysicalSizeY=\"100\" PhysicalSizeYUnit=\"nm\">"
    "<Channel ID=\"Channel:1:0\" Name=\"DAPI\" Color=\"65535\" SamplesPerPixel=\"1\"/>"
    "<Channel ID=\"Channel:1:1\" Name=\"mCherry\" Color=\"-16776961\" SamplesPerPixel=\"1\"/>"
    "%s</Pixels></Image></OME>", second_tiff_data);
  char *path = g_build_filename (tmpdir, name, NULL);
  TIFF *tif = TIFFOpen (path, "w");

  g_assert_nonnull (tif);
  for (guint k = 0; k < 5; k++)
    {
      gboolean big = k < 3;
      guint w = big ? 12 : 6, h = big ? 10 : 4;
      guint8 row[24];

      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, w);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, h);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, big ? 16 : 8);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, h);
      if (k == 0)
        TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, xml);
      for (guint y = 0; y < h; y++)
        {
          for (guint x = 0; x < w; x++)
            {
              if (big)
                ((guint16 *) row)[x] = (guint16) (1000 * k + 10 * y + x);
              else
                row[x] = (guint8) (100 * (k - 3) + 10 * y + x);
            }
          TIFFWriteScanline (tif, row, y, 0);
        }
      TIFFWriteDirectory (tif);
    }
  TIFFClose (tif);
  return path;
}

static void
test_series_shapes (void)
{
  g_autofree char *path = write_two_shapes ("shapes.ome.tif", "<TiffData IFD=\"3\" PlaneCount=\"2\"/>");
  g_autoptr(ScStack) overview = open_series_ok (path, 0);
  g_autoptr(ScStack) detail = open_series_ok (path, 1);
  ScChannelDisplay hint;

  g_assert_cmpuint (sc_stack_get_width (overview), ==, 12);
  g_assert_cmpuint (sc_stack_get_n_slices (overview), ==, 3);
  g_assert_cmpint (sc_stack_get_sample_type (overview), ==, SC_SAMPLE_U16);
  g_assert_cmpuint (value_at (overview, 2, 4, 5), ==, 2054);
  g_assert_cmpfloat_with_epsilon (sc_stack_get_calibration (overview)->pixel_depth, 5, 1e-9);

  g_assert_cmpuint (sc_stack_get_width (detail), ==, 6);
  g_assert_cmpuint (sc_stack_get_height (detail), ==, 4);
  g_assert_cmpint (sc_stack_get_sample_type (detail), ==, SC_SAMPLE_U8);
  g_assert_cmpuint (sc_stack_get_n_channels (detail), ==, 2);
  g_assert_cmpuint (sc_stack_get_n_slices (detail), ==, 1);
  g_assert_cmpuint (value_at (detail, 0, 5, 3), ==, 35);
  g_assert_cmpuint (value_at (detail, 1, 5, 3), ==, 135);
  g_assert_cmpfloat_with_epsilon (sc_stack_get_calibration (detail)->pixel_width, 0.1, 1e-9);
  g_assert_cmpstr (sc_stack_get_series_name (detail, 0), ==, "overview");
  g_assert_cmpstr (sc_stack_get_series_name (detail, 1), ==, "detail");
  /* its channels' names and colours are its own: DAPI blue (0x0000ffff), mCherry red */
  g_assert_true (sc_stack_get_channel_display (detail, 1, &hint));
  g_assert_cmpstr (hint.name, ==, "mCherry");
  g_assert_nonnull (hint.lut);
  g_assert_cmpuint (hint.lut[3 * 255], ==, 255);
  g_assert_cmpuint (hint.lut[3 * 255 + 2], ==, 0);
  g_assert_true (sc_stack_get_channel_display (detail, 0, &hint));
  g_assert_cmpuint (hint.lut[3 * 255 + 2], ==, 255);
  g_assert_false (sc_stack_get_channel_display (overview, 0, &hint));

  /* without TiffData, the second series' pages follow the first's */
  {
    g_autofree char *implicit = write_two_shapes ("implicit.ome.tif", "");
    g_autoptr(ScStack) s1 = open_series_ok (implicit, 1);

    g_assert_cmpuint (value_at (s1, 1, 0, 0), ==, 100);
  }
}

/* A multi-file OME set: the second series' planes lie in another file. */
static void
test_series_other_file (void)
{
  g_autofree char *path = write_two_shapes (
    "set_1.ome.tif",
    "<TiffData IFD=\"0\" PlaneCount=\"2\"><UUID FileName=\"set_2.ome.tif\">urn:uuid:1</UUID>"
    "</TiffData>");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) first = open_series_ok (path, 0);
  g_autoptr(ScStack) second = sc_stack_open_series (path, 1, NULL, &error);

  g_assert_cmpuint (sc_stack_get_n_series (first), ==, 2);
  g_assert_null (second);
  g_assert_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "set_1.ome.tif"));
  g_assert_nonnull (strstr (error->message, "set_2.ome.tif"));
}

/* A renamed file: its UUIDs name the file it was, but are its own. */
static void
test_series_renamed (void)
{
  g_autofree char *path = sc_test_write_mm_ome (tmpdir, "written.ome.tif", 2, 2, 5, 5);
  g_autofree char *renamed = g_build_filename (tmpdir, "renamed.ome.tif", NULL);
  g_autoptr(ScStack) stack = NULL;

  g_assert_cmpint (g_rename (path, renamed), ==, 0);
  stack = open_series_ok (renamed, 1);
  g_assert_cmpuint (sc_stack_get_n_frames (stack), ==, 2);
  check_mm_position (stack, 1, 2);
}

/* Series of gray, 16-bit RGB and 8-bit RGB pages in one file: OME's SizeC counts the
 * samples of an RGB page; 16-bit RGB is three channels, 8-bit RGB stays RGB. */
static void
test_series_rgb (void)
{
  const char *xml =
    "<?xml version=\"1.0\"?><OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
    "<Image ID=\"Image:0\"><Pixels DimensionOrder=\"XYCZT\" Type=\"uint16\" SizeX=\"8\" "
    "SizeY=\"6\" SizeC=\"1\" SizeZ=\"2\" SizeT=\"1\"><TiffData IFD=\"0\" PlaneCount=\"2\"/>"
    "</Pixels></Image>"
    "<Image ID=\"Image:1\"><Pixels DimensionOrder=\"XYCZT\" Type=\"uint16\" SizeX=\"8\" "
    "SizeY=\"6\" SizeC=\"3\" SizeZ=\"1\" SizeT=\"1\"><Channel SamplesPerPixel=\"3\"/>"
    "<TiffData IFD=\"2\" PlaneCount=\"1\"/></Pixels></Image>"
    "<Image ID=\"Image:2\"><Pixels DimensionOrder=\"XYCZT\" Type=\"uint8\" SizeX=\"8\" "
    "SizeY=\"6\" SizeC=\"3\" SizeZ=\"2\" SizeT=\"1\"><Channel SamplesPerPixel=\"3\"/>"
    "<TiffData IFD=\"3\" PlaneCount=\"2\"/></Pixels></Image></OME>";
  g_autofree char *path = g_build_filename (tmpdir, "mixed.ome.tif", NULL);
  g_autoptr(ScStack) gray = NULL;
  g_autoptr(ScStack) rgb16 = NULL;
  g_autoptr(ScStack) rgb8 = NULL;
  TIFF *tif = TIFFOpen (path, "w");

  for (guint k = 0; k < 5; k++)
    {
      guint spp = k < 2 ? 1 : 3, bps = k < 3 ? 16 : 8;
      guint8 row[8 * 3 * 2];

      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, 8);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, 6);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, bps);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, spp);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, spp == 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 6);
      if (k == 0)
        TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, xml);
      for (guint y = 0; y < 6; y++)
        {
          for (guint i = 0; i < 8 * spp; i++)
            {
              /* sample i % spp of pixel i / spp */
              guint v = 1000 * k + 100 * (i % spp) + y;

              if (bps == 16)
                ((guint16 *) row)[i] = (guint16) v;
              else
                row[i] = (guint8) (v % 256);
            }
          TIFFWriteScanline (tif, row, y, 0);
        }
      TIFFWriteDirectory (tif);
    }
  TIFFClose (tif);

  gray = open_series_ok (path, 0);
  g_assert_cmpuint (sc_stack_get_n_series (gray), ==, 3);
  g_assert_cmpuint (sc_stack_get_n_slices (gray), ==, 2);
  g_assert_cmpuint (sc_stack_get_n_channels (gray), ==, 1);
  g_assert_cmpuint (value_at (gray, 1, 3, 4), ==, 1004);

  rgb16 = open_series_ok (path, 1);
  g_assert_cmpuint (sc_stack_get_n_channels (rgb16), ==, 3);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (rgb16), ==, 1);
  g_assert_cmpuint (sc_stack_get_n_slices (rgb16), ==, 1);
  for (guint c = 0; c < 3; c++)
    g_assert_cmpuint (value_at (rgb16, c, 5, 2), ==, 2000 + 100 * c + 2);

  rgb8 = open_series_ok (path, 2);
  g_assert_cmpuint (sc_stack_get_n_channels (rgb8), ==, 1);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (rgb8), ==, 3);
  g_assert_cmpuint (sc_stack_get_n_slices (rgb8), ==, 2);
  {
    guint8 plane[8 * 6 * 3];

    g_assert_true (sc_stack_read_plane (rgb8, 1, plane, NULL));
    g_assert_cmpuint (plane[(5 * 8 + 7) * 3 + 2], ==, (4000 + 200 + 5) % 256);
  }
}

/* ---------------------------------------------------------------------------------------- */
/* 16-bit RGB: three channels, as ImageJ opens ImageJ's HeLa cells */

static void
check_rgb16_channels (ScStack *stack,
                      guint    n_pages)
{
  guint w = sc_stack_get_width (stack), h = sc_stack_get_height (stack);

  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 3);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (stack), ==, 1);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U16);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, 3 * n_pages);
  for (guint z = 0; z < n_pages; z++)
    for (guint c = 0; c < 3; c++)
      for (guint y = 0; y < h; y += 3)
        for (guint x = 0; x < w; x += 2)
          g_assert_cmpuint (value_at (stack, sc_stack_plane_index (stack, c, z, 0), x, y), ==,
                            sc_test_rgb16_value (z, x, y, c));
}

static void
test_rgb16_imagej (void)
{
  g_autofree char *path = sc_test_write_rgb16 (tmpdir, "hela.tif", 1, 21, 13, FALSE, FALSE,
                                               "ImageJ=1.53t\nimages=3\nchannels=3\nmode=composite\n");
  g_autoptr(ScStack) stack = open_series_ok (path, 0);
  ScChannelDisplay hint;

  check_rgb16_channels (stack, 1);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 1);
  g_assert_cmpint (sc_stack_get_composite_mode (stack), ==, SC_COMPOSITE_MODE_COMPOSITE);
  /* red, green, blue, as ImageJ shows RGB48 */
  for (guint c = 0; c < 3; c++)
    {
      g_assert_true (sc_stack_get_channel_display (stack, c, &hint));
      g_assert_nonnull (hint.lut);
      for (guint k = 0; k < 3; k++)
        g_assert_cmpuint (hint.lut[3 * 255 + k], ==, k == c ? 255 : 0);
      g_assert_cmpuint (hint.lut[3 * 128 + c], ==, 128);
    }
  /* no zero copy for one sample of three */
  g_assert_null (sc_stack_peek_rows (stack, 1, 0, 1));
}

static void
test_rgb16_plain_and_separate (void)
{
  g_autofree char *plain = sc_test_write_rgb16 (tmpdir, "rgb48.tif", 2, 9, 11, FALSE, TRUE, NULL);
  g_autofree char *sep = sc_test_write_rgb16 (tmpdir, "rgb48-planes.tif", 2, 9, 11, TRUE, TRUE,
                                              "ImageJ=1.53t\nimages=6\nchannels=3\nslices=2\n");
  g_autoptr(ScStack) a = open_series_ok (plain, 0);
  g_autoptr(ScStack) b = open_series_ok (sep, 0);

  check_rgb16_channels (a, 2);
  g_assert_cmpuint (sc_stack_get_n_slices (a), ==, 2);
  g_assert_cmpint (sc_stack_get_composite_mode (a), ==, SC_COMPOSITE_MODE_COMPOSITE);
  check_rgb16_channels (b, 2);
  g_assert_cmpuint (sc_stack_get_n_slices (b), ==, 2);
}

/* With the samples stored plane by plane, a channel reads its own strips alone: one
 * channel's damaged strips leave the others readable, and its error names file and page. */
static void
test_rgb16_reads_only_its_strips (void)
{
  g_autofree char *path = sc_test_write_rgb16 (tmpdir, "one-bad.tif", 1, 8, 8, TRUE, TRUE, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  guint16 buf[64];
  gsize len;
  TIFF *tif = TIFFOpen (path, "r");
  guint64 *offsets = NULL, *counts = NULL;

  /* strips 0 and 1 (rows 0-3, 4-7) are the red samples: garble them */
  g_assert_true (TIFFGetField (tif, TIFFTAG_STRIPOFFSETS, &offsets));
  g_assert_true (TIFFGetField (tif, TIFFTAG_STRIPBYTECOUNTS, &counts));
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  for (guint s = 0; s < 2; s++)
    memset (contents + offsets[s], 0x5a, counts[s]);
  TIFFClose (tif);
  g_assert_true (g_file_set_contents (path, contents, (gssize) len, NULL));

  stack = open_series_ok (path, 0);
  for (guint c = 1; c < 3; c++)
    {
      g_assert_true (sc_stack_read_plane (stack, c, buf, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (buf[8 * 7 + 5], ==, sc_test_rgb16_value (0, 5, 7, c));
    }
  g_assert_false (sc_stack_read_plane (stack, 0, buf, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "page 1 of one-bad.tif"));
}

/* 8-bit RGB stays one RGB image. */
static void
test_rgb8_stays_rgb (void)
{
  g_autofree char *path = sc_test_data_path ("rgb-cells/xy_rgb__cells.tif");
  g_autoptr(ScStack) stack = NULL;

  if (path == NULL)
    return;
  stack = open_series_ok (path, 0);
  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 1);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (stack), ==, 3);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U8);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = sc_test_make_tmpdir ();

  g_test_add_func ("/core/series/micro-manager-positions", test_mm_positions);
  g_test_add_func ("/core/series/out-of-range", test_series_out_of_range);
  g_test_add_func ("/core/series/async", test_series_async);
  g_test_add_func ("/core/series/shapes", test_series_shapes);
  g_test_add_func ("/core/series/other-file", test_series_other_file);
  g_test_add_func ("/core/series/renamed", test_series_renamed);
  g_test_add_func ("/core/series/rgb", test_series_rgb);
  g_test_add_func ("/core/rgb16/imagej-channels", test_rgb16_imagej);
  g_test_add_func ("/core/rgb16/plain-and-separate", test_rgb16_plain_and_separate);
  g_test_add_func ("/core/rgb16/reads-only-its-strips", test_rgb16_reads_only_its_strips);
  g_test_add_func ("/core/rgb16/rgb8-stays-rgb", test_rgb8_stays_rgb);

  return g_test_run ();
}
