/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-display-hints"

#include "config.h"

#include <string.h>

#include <tiffio.h>

#include "sc-memory-source.h"
#include "sc-source.h"
#include "sc-stack.h"
#include "sc-test-util.h"
#include "sc-view-state.h"

/* What a file says about showing its channels (ImageJ's LUTs, ranges and mode; OME's
 * channel colours and names), and the view state that opens with it. The files are
 * written here with libtiff, the ImageJ tags in the layout tifffile and ImageJ write. */

#define TAG_IJ_COUNTS 50838
#define TAG_IJ_DATA   50839

static char *tmpdir;
static TIFFExtendProc parent_extender;

static void
ij_tag_extender (TIFF *tif)
{
  static const TIFFFieldInfo info[] = {
    { TAG_IJ_COUNTS, TIFF_VARIABLE2, TIFF_VARIABLE2, TIFF_LONG, FIELD_CUSTOM, 1, 1,
      (char *) "IJMetadataByteCounts" },
    { TAG_IJ_DATA, TIFF_VARIABLE2, TIFF_VARIABLE2, TIFF_BYTE, FIELD_CUSTOM, 1, 1,
      (char *) "IJMetadata" },
  };

  TIFFMergeFieldInfo (tif, info, G_N_ELEMENTS (info));
  if (parent_extender != NULL)
    parent_extender (tif);
}

/* ImageJ's binary metadata, built as tifffile's imagej_metadata_tag() does. */
typedef struct {
  GByteArray *data;
  GArray     *counts;   /* guint32 */
  gboolean    little_endian;
} IJBlocks;

static void
put_u32 (IJBlocks *b,
         guint32   v)
{
  guint32 x = b->little_endian ? GUINT32_TO_LE (v) : GUINT32_TO_BE (v);
  g_byte_array_append (b->data, (guint8 *) &x, 4);
}

static void
put_type (IJBlocks   *b,
          const char *type,
          guint32     n)
{
  guint8 t[4];

  for (guint i = 0; i < 4; i++)
    t[i] = (guint8) (b->little_endian ? type[3 - i] : type[i]);
  g_byte_array_append (b->data, t, 4);
  put_u32 (b, n);
}

static void
put_double (IJBlocks *b,
            double    d)
{
  guint64 v;

  memcpy (&v, &d, 8);
  v = b->little_endian ? GUINT64_TO_LE (v) : GUINT64_TO_BE (v);
  g_byte_array_append (b->data, (guint8 *) &v, 8);
}

/* ranges: 2 per channel (n_ranges channels); luts: 768 bytes each, R then G then B. */
static IJBlocks
make_ij_blocks (gboolean       little_endian,
                const double  *ranges,
                guint          n_ranges,
                const guint8 (*luts)[768],
                guint          n_luts)
{
  IJBlocks b = { g_byte_array_new (), g_array_new (FALSE, FALSE, sizeof (guint32)), little_endian };
  guint32 header = 4 + 8 * ((n_ranges > 0) + (n_luts > 0));
  guint32 n;

  g_byte_array_append (b.data, (const guint8 *) (little_endian ? "JIJI" : "IJIJ"), 4);
  if (n_ranges > 0)
    put_type (&b, "rang", 1);
  if (n_luts > 0)
    put_type (&b, "luts", n_luts);
  g_array_append_val (b.counts, header);
  if (n_ranges > 0)
    {
      for (guint i = 0; i < 2 * n_ranges; i++)
        put_double (&b, ranges[i]);
      n = 16 * n_ranges;
      g_array_append_val (b.counts, n);
    }
  for (guint i = 0; i < n_luts; i++)
    {
      g_byte_array_append (b.data, luts[i], 768);
      n = 768;
      g_array_append_val (b.counts, n);
    }
  return b;
}

/* A ramp from black to (r, g, b), in ImageJ's layout. */
static void
ramp_lut (guint8 lut[768],
          guint8 r,
          guint8 g,
          guint8 b)
{
  for (guint i = 0; i < 256; i++)
    {
      lut[i] = (guint8) (r * i / 255);
      lut[256 + i] = (guint8) (g * i / 255);
      lut[512 + i] = (guint8) (b * i / 255);
    }
}

/* n_pages 16-bit pages of 4 x 3; desc on the first, and blocks when given. */
static char *
write_file (const char     *name,
            const char     *mode,
            guint           n_pages,
            const char     *desc,
            const IJBlocks *blocks)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  TIFF *tif;

  parent_extender = TIFFSetTagExtender (ij_tag_extender);
  tif = TIFFOpen (path, mode);
  g_assert_nonnull (tif);
  for (guint p = 0; p < n_pages; p++)
    {
      guint16 row[4];

      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, 4);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, 3);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 16);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 3);
      if (p == 0 && desc != NULL)
        TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, desc);
      if (p == 0 && blocks != NULL)
        {
          TIFFSetField (tif, TAG_IJ_COUNTS, (guint32) blocks->counts->len, blocks->counts->data);
          TIFFSetField (tif, TAG_IJ_DATA, (guint32) blocks->data->len, blocks->data->data);
        }
      for (guint y = 0; y < 3; y++)
        {
          for (guint x = 0; x < 4; x++)
            row[x] = (guint16) (100 * p + 10 * y + x);
          g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
        }
      g_assert_true (TIFFWriteDirectory (tif));
    }
  TIFFClose (tif);
  /* reading goes through libtiff's anonymous fields, as for any other file */
  TIFFSetTagExtender (parent_extender);
  return path;
}

static void
ij_blocks_clear (IJBlocks *b)
{
  g_byte_array_unref (b->data);
  g_array_unref (b->counts);
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

static void
assert_lut_entry (const guint8 *lut,
                  guint         i,
                  guint8        r,
                  guint8        g,
                  guint8        b)
{
  g_assert_nonnull (lut);
  g_assert_cmpuint (lut[3 * i], ==, r);
  g_assert_cmpuint (lut[3 * i + 1], ==, g);
  g_assert_cmpuint (lut[3 * i + 2], ==, b);
}

static void
check_imagej_luts_ranges (const char *name,
                          const char *mode)
{
  const double ranges[] = { 100, 1000, 5, 60 };
  guint8 luts[2][768];
  IJBlocks blocks;
  g_autofree char *path = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScViewState) vs = NULL;
  ScChannelDisplay hint;
  const ScRenderParams *p;

  ramp_lut (luts[0], 0, 255, 0);
  ramp_lut (luts[1], 255, 128, 0);  /* orange: no bundled colormap */
  blocks = make_ij_blocks (g_str_equal (mode, "wl"), ranges, 2, luts, 2);
  path = write_file (name, mode, 6,
                     "ImageJ=1.53t\nimages=6\nchannels=2\nslices=3\nhyperstack=true\n"
                     "mode=composite\nmin=7.0\nmax=9.0\nloop=false\n", &blocks);
  ij_blocks_clear (&blocks);
  stack = open_ok (path);

  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 2);
  g_assert_cmpint (sc_stack_get_composite_mode (stack), ==, SC_COMPOSITE_MODE_COMPOSITE);
  g_assert_true (sc_stack_get_channel_display (stack, 0, &hint));
  assert_lut_entry (hint.lut, 255, 0, 255, 0);
  assert_lut_entry (hint.lut, 0, 0, 0, 0);
  g_assert_true (hint.has_range);
  g_assert_cmpfloat (hint.min, ==, 100);
  g_assert_cmpfloat (hint.max, ==, 1000);
  g_assert_true (sc_stack_get_channel_display (stack, 1, &hint));
  assert_lut_entry (hint.lut, 255, 255, 128, 0);
  /* the binary ranges win over the description's min= and max= */
  g_assert_cmpfloat (hint.min, ==, 5);
  g_assert_cmpfloat (hint.max, ==, 60);
  g_assert_false (sc_stack_get_channel_display (stack, 2, &hint));
  g_assert_null (hint.lut);

  vs = sc_view_state_new (stack);
  g_assert_true (sc_view_state_get_composite (vs));
  p = sc_view_state_get_params (vs, 0);
  /* a LUT that is a bundled colormap becomes that colormap */
  g_assert_null (p->lut);
  g_assert_cmpint (p->colormap, ==, SC_COLORMAP_GREEN);
  g_assert_cmpfloat (p->min, ==, 100);
  g_assert_cmpfloat (p->max, ==, 1000);
  g_assert_true (sc_view_state_has_range (vs, 0));
  p = sc_view_state_get_params (vs, 1);
  assert_lut_entry (p->lut, 255, 255, 128, 0);
  g_assert_cmpfloat (p->min, ==, 5);
  g_assert_true (sc_view_state_has_range (vs, 1));
}

static void
test_imagej_luts_ranges_be (void)
{
  check_imagej_luts_ranges ("luts-be.tif", "wb");
}

static void
test_imagej_luts_ranges_le (void)
{
  check_imagej_luts_ranges ("luts-le.tif", "wl");
}

/* Without binary ranges, the description's min= and max= are every channel's range. */
static void
test_imagej_min_max_color_mode (void)
{
  g_autofree char *path = write_file ("color.tif", "wl", 4,
                                      "ImageJ=1.53t\nimages=4\nchannels=2\nslices=2\n"
                                      "hyperstack=true\nmode=color\nmin=73.0\nmax=2277.0\n", NULL);
  g_autoptr(ScStack) stack = open_ok (path);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  ScChannelDisplay hint;

  g_assert_cmpint (sc_stack_get_composite_mode (stack), ==, SC_COMPOSITE_MODE_COLOR);
  for (guint c = 0; c < 2; c++)
    {
      g_assert_true (sc_stack_get_channel_display (stack, c, &hint));
      g_assert_null (hint.lut);
      g_assert_true (hint.has_range);
      g_assert_cmpfloat (hint.min, ==, 73);
      g_assert_cmpfloat (hint.max, ==, 2277);
      g_assert_true (sc_view_state_has_range (vs, c));
      g_assert_cmpfloat (sc_view_state_get_params (vs, c)->max, ==, 2277);
    }
  /* color mode: one channel at a time, each in its own colour */
  g_assert_false (sc_view_state_get_composite (vs));
  g_assert_cmpint (sc_view_state_get_params (vs, 1)->colormap, !=, SC_COLORMAP_GRAY);
}

static void
test_imagej_grayscale_mode (void)
{
  guint8 luts[2][768];
  IJBlocks blocks;
  g_autofree char *path = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScViewState) vs = NULL;

  ramp_lut (luts[0], 0, 255, 0);
  ramp_lut (luts[1], 255, 0, 255);
  blocks = make_ij_blocks (FALSE, NULL, 0, luts, 2);
  path = write_file ("gray.tif", "wb", 2,
                     "ImageJ=1.53t\nimages=2\nchannels=2\nhyperstack=true\nmode=grayscale\n",
                     &blocks);
  ij_blocks_clear (&blocks);
  stack = open_ok (path);
  vs = sc_view_state_new (stack);

  g_assert_cmpint (sc_stack_get_composite_mode (stack), ==, SC_COMPOSITE_MODE_GRAYSCALE);
  g_assert_false (sc_view_state_get_composite (vs));
  for (guint c = 0; c < 2; c++)
    {
      g_assert_null (sc_view_state_get_params (vs, c)->lut);
      g_assert_cmpint (sc_view_state_get_params (vs, c)->colormap, ==, SC_COLORMAP_GRAY);
      /* no range stored: the page auto-ranges */
      g_assert_false (sc_view_state_has_range (vs, c));
    }
}

/* A single channel's min= and max=, and no mode (nothing to say for one channel). */
static void
test_imagej_single_channel_range (void)
{
  g_autofree char *path = write_file ("single.tif", "wb", 3,
                                      "ImageJ=1.53t\nimages=3\nslices=3\nmin=200.0\nmax=47602.0\n",
                                      NULL);
  g_autoptr(ScStack) stack = open_ok (path);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);

  g_assert_cmpint (sc_stack_get_composite_mode (stack), ==, SC_COMPOSITE_MODE_UNSET);
  g_assert_true (sc_view_state_has_range (vs, 0));
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->min, ==, 200);
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->max, ==, 47602);
  g_assert_null (sc_view_state_get_params (vs, 0)->lut);
}

/* A file says nothing: the defaults stay (composite, the type's range to auto-range over). */
static void
test_no_hints (void)
{
  g_autofree char *path = write_file ("plain.tif", "wl", 4,
                                      "ImageJ=1.53t\nimages=4\nchannels=2\nslices=2\n", NULL);
  g_autoptr(ScStack) stack = open_ok (path);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  ScChannelDisplay hint;

  g_assert_cmpint (sc_stack_get_composite_mode (stack), ==, SC_COMPOSITE_MODE_UNSET);
  g_assert_false (sc_stack_get_channel_display (stack, 0, &hint));
  g_assert_true (sc_view_state_get_composite (vs));
  g_assert_false (sc_view_state_has_range (vs, 0));
  g_assert_false (sc_view_state_has_range (vs, 1));
  g_assert_null (sc_view_state_get_params (vs, 1)->lut);
}

/* A block count that runs past the data: ignored, with a note, and the file opens. */
static void
test_imagej_damaged_metadata (void)
{
  guint8 luts[1][768];
  IJBlocks blocks;
  g_autofree char *path = NULL;
  g_autoptr(ScStack) stack = NULL;
  ScChannelDisplay hint;

  ramp_lut (luts[0], 0, 255, 0);
  blocks = make_ij_blocks (FALSE, NULL, 0, luts, 1);
  g_array_index (blocks.counts, guint32, 1) = 5000;
  path = write_file ("damaged.tif", "wb", 1, "ImageJ=1.53t\nimages=1\n", &blocks);
  ij_blocks_clear (&blocks);
  stack = open_ok (path);

  g_assert_false (sc_stack_get_channel_display (stack, 0, &hint));
  g_assert_nonnull (strstr (sc_stack_lookup_metadata (stack, "ImageJ note"), "damaged"));
}

static void
test_ome_channel_color (void)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
    "<Image ID=\"Image:0\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" "
    "Type=\"uint16\" SizeX=\"4\" SizeY=\"3\" SizeC=\"3\" SizeZ=\"1\" SizeT=\"1\">"
    /* 0xFF0000FF, 0x00FF00FF written signed and unsigned, and one with no colour */
    "<Channel ID=\"Channel:0:0\" Name=\"mCherry\" Color=\"-16776961\" SamplesPerPixel=\"1\"/>"
    "<Channel ID=\"Channel:0:1\" Color=\"16711935\" SamplesPerPixel=\"1\"/>"
    "<Channel ID=\"Channel:0:2\" Name=\"DAPI\" SamplesPerPixel=\"1\"/>"
    "<TiffData/></Pixels></Image></OME>";
  g_autofree char *path = write_file ("colors.ome.tif", "wl", 3, xml, NULL);
  g_autoptr(ScStack) stack = open_ok (path);
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  ScChannelDisplay hint;

  g_assert_cmpstr (sc_stack_get_format (stack), ==, "OME-TIFF");
  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 3);
  g_assert_true (sc_stack_get_channel_display (stack, 0, &hint));
  g_assert_cmpstr (hint.name, ==, "mCherry");
  assert_lut_entry (hint.lut, 255, 255, 0, 0);
  assert_lut_entry (hint.lut, 0, 0, 0, 0);
  g_assert_false (hint.has_range);
  g_assert_true (sc_stack_get_channel_display (stack, 1, &hint));
  g_assert_null (hint.name);
  assert_lut_entry (hint.lut, 255, 0, 255, 0);
  g_assert_true (sc_stack_get_channel_display (stack, 2, &hint));
  g_assert_cmpstr (hint.name, ==, "DAPI");
  g_assert_null (hint.lut);

  assert_lut_entry (sc_render_params_get_lut (sc_view_state_get_params (vs, 0)), 255, 255, 0, 0);
  assert_lut_entry (sc_render_params_get_lut (sc_view_state_get_params (vs, 1)), 128, 0, 128, 0);
  g_assert_null (sc_view_state_get_params (vs, 2)->lut);
  g_assert_true (sc_view_state_get_composite (vs));
  g_assert_false (sc_view_state_has_range (vs, 0));
}

/* The view state takes what any source says (here one in memory). */
static void
test_view_state_follows_hints (void)
{
  g_autoptr(GBytes) data = g_bytes_new_take (g_malloc0 (2 * 3 * 2 * 2), 2 * 3 * 2 * 2);
  ScSource *source = sc_memory_source_new (2, 3, 2, 1, 1, SC_SAMPLE_U16, 1, data);
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScViewState) vs = NULL;
  ScStackInfo *info = sc_source_get_info (source);
  ScChannelDisplay *d;

  info->composite_mode = SC_COMPOSITE_MODE_COLOR;
  d = sc_stack_info_get_channel_display (info, 1);
  d->lut = g_malloc0 (768);
  d->lut[3 * 255 + 2] = 255;
  d->has_range = TRUE;
  d->min = 10;
  d->max = 20;
  stack = sc_stack_new_for_source (source, "hinted");
  g_object_unref (source);
  vs = sc_view_state_new (stack);

  g_assert_false (sc_view_state_get_composite (vs));
  g_assert_false (sc_view_state_has_range (vs, 0));
  g_assert_null (sc_view_state_get_params (vs, 0)->lut);
  g_assert_true (sc_view_state_has_range (vs, 1));
  g_assert_cmpfloat (sc_view_state_get_params (vs, 1)->min, ==, 10);
  g_assert_cmpfloat (sc_view_state_get_params (vs, 1)->max, ==, 20);
  assert_lut_entry (sc_view_state_get_params (vs, 1)->lut, 255, 0, 0, 255);
  /* the view keeps its own copy: the stack's hint is not the params' LUT */
  g_assert_true (sc_view_state_get_params (vs, 1)->lut != d->lut);
}

/* Real data: the spots hyperstack as Fiji shows it (green and blue, 200..47602). */
static void
test_real_spots (void)
{
  g_autofree char *path = sc_test_data_path ("hyperstack-2ch-spots/xyzc_16bit__spots.tif");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScViewState) vs = NULL;
  ScChannelDisplay hint;

  if (path == NULL)
    return;
  stack = open_ok (path);
  g_assert_cmpint (sc_stack_get_composite_mode (stack), ==, SC_COMPOSITE_MODE_COMPOSITE);
  g_assert_true (sc_stack_get_channel_display (stack, 0, &hint));
  assert_lut_entry (hint.lut, 255, 0, 255, 0);
  g_assert_cmpfloat (hint.min, ==, 200);
  g_assert_cmpfloat (hint.max, ==, 47602);
  g_assert_true (sc_stack_get_channel_display (stack, 1, &hint));
  assert_lut_entry (hint.lut, 255, 0, 0, 255);

  vs = sc_view_state_new (stack);
  g_assert_true (sc_view_state_get_composite (vs));
  /* ImageJ's Green and Blue are the bundled colormaps of those names */
  g_assert_cmpint (sc_view_state_get_params (vs, 0)->colormap, ==, SC_COLORMAP_GREEN);
  g_assert_cmpint (sc_view_state_get_params (vs, 1)->colormap, ==, SC_COLORMAP_BLUE);
  assert_lut_entry (sc_render_params_get_lut (sc_view_state_get_params (vs, 0)), 255, 0, 255, 0);
  assert_lut_entry (sc_render_params_get_lut (sc_view_state_get_params (vs, 1)), 255, 0, 0, 255);
  for (guint c = 0; c < 2; c++)
    {
      g_assert_true (sc_view_state_has_range (vs, c));
      g_assert_cmpfloat (sc_view_state_get_params (vs, c)->min, ==, 200);
      g_assert_cmpfloat (sc_view_state_get_params (vs, c)->max, ==, 47602);
    }
}

/* Real data: golgi stores its display range 73..2277 in the description only. */
static void
test_real_golgi (void)
{
  g_autofree char *path = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScViewState) vs = NULL;
  ScChannelDisplay hint;

  if (path == NULL)
    return;
  stack = open_ok (path);
  g_assert_true (sc_stack_get_channel_display (stack, 0, &hint));
  g_assert_null (hint.lut);
  g_assert_cmpfloat (hint.min, ==, 73);
  g_assert_cmpfloat (hint.max, ==, 2277);
  vs = sc_view_state_new (stack);
  g_assert_true (sc_view_state_has_range (vs, 0));
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->min, ==, 73);
  g_assert_cmpfloat (sc_view_state_get_params (vs, 0)->max, ==, 2277);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = sc_test_make_tmpdir ();

  g_test_add_func ("/core/display-hints/imagej-luts-ranges-be", test_imagej_luts_ranges_be);
  g_test_add_func ("/core/display-hints/imagej-luts-ranges-le", test_imagej_luts_ranges_le);
  g_test_add_func ("/core/display-hints/imagej-min-max-color-mode", test_imagej_min_max_color_mode);
  g_test_add_func ("/core/display-hints/imagej-grayscale-mode", test_imagej_grayscale_mode);
  g_test_add_func ("/core/display-hints/imagej-single-channel-range", test_imagej_single_channel_range);
  g_test_add_func ("/core/display-hints/no-hints", test_no_hints);
  g_test_add_func ("/core/display-hints/imagej-damaged-metadata", test_imagej_damaged_metadata);
  g_test_add_func ("/core/display-hints/ome-channel-color", test_ome_channel_color);
  g_test_add_func ("/core/display-hints/view-state-follows-hints", test_view_state_follows_hints);
  g_test_add_func ("/core/display-hints/real-spots", test_real_spots);
  g_test_add_func ("/core/display-hints/real-golgi", test_real_golgi);

  return g_test_run ();
}
