/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sc-memory-source.h"
#include "sc-reslice-source.h"
#include "sc-test-fixtures.h"
#include "sc-test-util.h"

/* A stack that lends no rows (as a compressed file), counting the rows read of each plane,
 * so that the reslice's read-only path is tested as well as its zero-copy one. */
#define TEST_TYPE_NO_PEEK (test_no_peek_get_type ())
G_DECLARE_FINAL_TYPE (TestNoPeek, test_no_peek, TEST, NO_PEEK, ScSource)

struct _TestNoPeek
{
  ScSource  parent_instance;
  ScStack  *stack;
  guint    *rows_read;     /* per plane */
  guint    *calls;         /* per plane */
};

G_DEFINE_FINAL_TYPE (TestNoPeek, test_no_peek, SC_TYPE_SOURCE)

static void
test_no_peek_finalize (GObject *object)
{
  TestNoPeek *self = TEST_NO_PEEK (object);

  g_clear_object (&self->stack);
  g_free (self->rows_read);
  g_free (self->calls);
  G_OBJECT_CLASS (test_no_peek_parent_class)->finalize (object);
}

static gboolean
test_no_peek_read_rows (ScSource  *source,
                        guint      plane,
                        guint      y0,
                        guint      n_rows,
                        gpointer   dest,
                        GError   **error)
{
  TestNoPeek *self = TEST_NO_PEEK (source);

  g_atomic_int_add (&self->rows_read[plane], n_rows);
  g_atomic_int_inc (&self->calls[plane]);
  return sc_stack_read_rows (self->stack, plane, y0, n_rows, dest, error);
}

static gconstpointer
test_no_peek_peek_rows (ScSource *source,
                        guint     plane,
                        guint     y0,
                        guint     n_rows)
{
  return NULL;
}

static void
test_no_peek_class_init (TestNoPeekClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_no_peek_finalize;
  SC_SOURCE_CLASS (klass)->read_rows = test_no_peek_read_rows;
  SC_SOURCE_CLASS (klass)->peek_rows = test_no_peek_peek_rows;
}

static void
test_no_peek_init (TestNoPeek *self)
{
}

static ScStack *
no_peek_stack (ScStack     *stack,
               TestNoPeek **out)
{
  g_autoptr(TestNoPeek) self = g_object_new (TEST_TYPE_NO_PEEK, NULL);
  ScStackInfo *info = sc_source_get_info (SC_SOURCE (self));

  self->stack = g_object_ref (stack);
  self->rows_read = g_new0 (guint, sc_stack_get_n_planes (stack));
  self->calls = g_new0 (guint, sc_stack_get_n_planes (stack));
  info->width = sc_stack_get_width (stack);
  info->height = sc_stack_get_height (stack);
  info->n_channels = sc_stack_get_n_channels (stack);
  info->n_slices = sc_stack_get_n_slices (stack);
  info->n_frames = sc_stack_get_n_frames (stack);
  info->sample_type = sc_stack_get_sample_type (stack);
  info->samples_per_pixel = sc_stack_get_samples_per_pixel (stack);
  if (out != NULL)
    *out = self;
  return sc_stack_new_for_source (SC_SOURCE (self), sc_stack_get_display_name (stack));
}

/* A stack whose every sample differs (negative ones for signed types, fractions for
 * float), in plane-index order. */
static ScStack *
make_stack (ScSampleType type,
            guint        w,
            guint        h,
            guint        c,
            guint        z,
            guint        t,
            guint        spp)
{
  gsize n = (gsize) w * h * c * z * t * spp;
  gsize size = sc_sample_type_size (type);
  guint8 *data = g_malloc (n * size);

  for (gsize i = 0; i < n; i++)
    {
      double v = (double) ((i * 2654435761u) % 251);

      if (type == SC_SAMPLE_I8 || type == SC_SAMPLE_I16 || type == SC_SAMPLE_I32)
        v -= 125;
      else if (type == SC_SAMPLE_F32)
        v = v * 0.25 - 17.5;
      else if (type != SC_SAMPLE_U8)
        v += (double) i * 7;
      sc_test_set_sample (type, data, i, v);
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (data, n * size);

    return sc_memory_stack_new ("cells.tif", w, h, c, z, t, type, spp, bytes);
  }
}

/* Every plane of the reslice, whole and in row ranges, against an index of whole planes
 * of the stack read one by one. */
static void
check_reslice (ScStack       *stack,
               ScStack       *reslice,
               ScResliceAxis  axis)
{
  guint W = sc_stack_get_width (stack), H = sc_stack_get_height (stack);
  guint C = sc_stack_get_n_channels (stack), Z = sc_stack_get_n_slices (stack);
  guint T = sc_stack_get_n_frames (stack);
  gsize px = sc_stack_get_samples_per_pixel (stack) * sc_sample_type_size (sc_stack_get_sample_type (stack));
  gsize src_plane = sc_stack_get_plane_size (stack);
  g_autofree guint8 *all = g_malloc (src_plane * sc_stack_get_n_planes (stack));
  g_autofree guint8 *got = NULL;
  g_autofree guint8 *part = NULL;
  guint rw, rh, S;
  gsize rstride;
  g_autoptr(GError) error = NULL;

  for (guint p = 0; p < sc_stack_get_n_planes (stack); p++)
    g_assert_true (sc_stack_read_plane (stack, p, all + p * src_plane, NULL));

  rw = axis == SC_RESLICE_XZ ? W : Z;
  rh = axis == SC_RESLICE_XZ ? Z : H;
  S = axis == SC_RESLICE_XZ ? H : W;
  g_assert_cmpuint (sc_stack_get_width (reslice), ==, rw);
  g_assert_cmpuint (sc_stack_get_height (reslice), ==, rh);
  g_assert_cmpuint (sc_stack_get_n_slices (reslice), ==, S);
  g_assert_cmpuint (sc_stack_get_n_channels (reslice), ==, C);
  g_assert_cmpuint (sc_stack_get_n_frames (reslice), ==, T);
  g_assert_cmpint (sc_stack_get_sample_type (reslice), ==, sc_stack_get_sample_type (stack));
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (reslice), ==,
                    sc_stack_get_samples_per_pixel (stack));
  rstride = sc_stack_get_row_stride (reslice);
  g_assert_cmpuint (rstride, ==, rw * px);
  got = g_malloc (sc_stack_get_plane_size (reslice));
  part = g_malloc (sc_stack_get_plane_size (reslice));

  for (guint t = 0; t < T; t++)
    for (guint s = 0; s < S; s++)
      for (guint c = 0; c < C; c++)
        {
          guint index = c + C * (s + S * t);

          g_assert_cmpuint (index, ==, sc_stack_plane_index (reslice, c, s, t));
          g_assert_true (sc_stack_read_plane (reslice, index, got, &error));
          g_assert_no_error (error);
          for (guint y = 0; y < rh; y++)
            for (guint x = 0; x < rw; x++)
              {
                /* pixel (x, y) of the reslice: (x, s) of slice y, or (s, y) of slice x */
                guint sx = axis == SC_RESLICE_XZ ? x : s;
                guint sy = axis == SC_RESLICE_XZ ? s : y;
                guint sz = axis == SC_RESLICE_XZ ? y : x;
                const guint8 *want = all + (c + C * (sz + Z * t)) * src_plane
                                     + (sy * (gsize) W + sx) * px;

                g_assert_cmpmem (got + y * rstride + x * px, px, want, px);
              }
          /* rows y0 .. y0 + n - 1 alone are the same rows */
          for (guint y0 = 0; y0 < rh; y0 += 2)
            {
              guint n = MIN (3, rh - y0);
              gconstpointer peek;

              memset (part, 0xa5, n * rstride);
              g_assert_true (sc_stack_read_rows (reslice, index, y0, n, part, &error));
              g_assert_no_error (error);
              g_assert_cmpmem (part, n * rstride, got + y0 * rstride, n * rstride);
              peek = sc_stack_peek_rows (reslice, index, y0, 1);
              if (peek != NULL)
                g_assert_cmpmem (peek, rstride, got + y0 * rstride, rstride);
            }
        }
}

static void
check_both_ways (ScStack *stack)
{
  for (guint peek = 0; peek < 2; peek++)
    {
      g_autoptr(ScStack) base = peek ? g_object_ref (stack) : no_peek_stack (stack, NULL);

      for (ScResliceAxis axis = SC_RESLICE_XZ; axis <= SC_RESLICE_YZ; axis++)
        {
          g_autoptr(ScStack) reslice = sc_reslice_source_new_stack (base, axis);

          check_reslice (base, reslice, axis);
          /* XZ rows of a stack that lends its rows are lent too; YZ rows never are */
          g_assert_true ((sc_stack_peek_rows (reslice, 0, 0, 1) != NULL)
                         == (peek && axis == SC_RESLICE_XZ));
          if (sc_stack_get_height (reslice) > 1)
            g_assert_null (sc_stack_peek_rows (reslice, 0, 0, 2));
        }
    }
}

static const ScSampleType all_types[] = {
  SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_U32, SC_SAMPLE_I8, SC_SAMPLE_I16, SC_SAMPLE_I32,
  SC_SAMPLE_F32,
};

/* Every sample type, on odd shapes: a row, a column, 3 x 5 x 7, one slice. */
static void
test_types_and_shapes (void)
{
  static const guint shapes[][3] = { { 1, 9, 4 }, { 9, 1, 4 }, { 3, 5, 7 }, { 6, 4, 1 },
                                     { 1, 1, 3 } };

  for (guint i = 0; i < G_N_ELEMENTS (all_types); i++)
    for (guint k = 0; k < G_N_ELEMENTS (shapes); k++)
      {
        g_autoptr(ScStack) stack = make_stack (all_types[i], shapes[k][0], shapes[k][1], 1,
                                               shapes[k][2], 1, 1);
        check_both_ways (stack);
      }
}

/* RGB pixels move as a whole, all three samples. */
static void
test_rgb (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_types); i++)
    {
      g_autoptr(ScStack) stack = make_stack (all_types[i], 5, 3, 1, 4, 1, 3);
      check_both_ways (stack);
    }
}

/* Channels and frames: plane c + C * (s + S * t) is channel c, frame t of the cut s. */
static void
test_hyperstack (void)
{
  g_autoptr(ScStack) stack = make_stack (SC_SAMPLE_U16, 7, 5, 3, 4, 2, 1);
  g_autoptr(ScStack) rgb = make_stack (SC_SAMPLE_U8, 4, 6, 2, 3, 3, 3);

  check_both_ways (stack);
  check_both_ways (rgb);
}

/* Without zero-copy rows, a YZ plane reads each row of each slice it needs once, and an XZ
 * plane one row of each slice. */
static void
test_reads_once (void)
{
  g_autoptr(ScStack) stack = make_stack (SC_SAMPLE_U16, 11, 9, 2, 5, 1, 1);
  TestNoPeek *counter;
  g_autoptr(ScStack) base = no_peek_stack (stack, &counter);
  g_autoptr(ScStack) yz = sc_reslice_source_new_stack (base, SC_RESLICE_YZ);
  g_autoptr(ScStack) xz = sc_reslice_source_new_stack (base, SC_RESLICE_XZ);
  g_autofree guint8 *buf = g_malloc (sc_stack_get_plane_size (yz) + sc_stack_get_plane_size (xz));

  /* channel 1 of column 4, rows 2 .. 7 */
  g_assert_true (sc_stack_read_rows (yz, sc_stack_plane_index (yz, 1, 4, 0), 2, 6, buf, NULL));
  for (guint z = 0; z < 5; z++)
    {
      guint p = sc_stack_plane_index (stack, 1, z, 0);

      g_assert_cmpuint (counter->rows_read[p], ==, 6);
      g_assert_cmpuint (counter->calls[p], ==, 1);
      g_assert_cmpuint (counter->rows_read[p - 1], ==, 0);
      counter->rows_read[p] = counter->calls[p] = 0;
    }
  /* channel 0 of row 3, whole */
  g_assert_true (sc_stack_read_plane (xz, sc_stack_plane_index (xz, 0, 3, 0), buf, NULL));
  for (guint z = 0; z < 5; z++)
    {
      g_assert_cmpuint (counter->rows_read[sc_stack_plane_index (stack, 0, z, 0)], ==, 1);
      g_assert_cmpuint (counter->rows_read[sc_stack_plane_index (stack, 1, z, 0)], ==, 0);
    }
}

/* Calibration, name, origin files, display hints and plane descriptions. */
static void
test_metadata (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = sc_test_write_rgb16 (dir, "rgb.tif", 4, 6, 5, FALSE, TRUE, NULL);
  g_autoptr(ScStack) file = sc_stack_open (path, NULL, NULL);
  g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (7 * 5 * 8 * 2), 7 * 5 * 8 * 2);
  g_autoptr(ScSource) mem = sc_memory_source_new (7, 5, 2, 4, 1, SC_SAMPLE_U16, 1, zeros);
  ScStackInfo *info = sc_source_get_info (mem);
  ScChannelDisplay *d, hint;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScStack) xz = NULL;
  g_autoptr(ScStack) yz = NULL;
  g_autoptr(ScStack) file_yz = NULL;
  g_autofree char *desc_xz = NULL;
  g_autofree char *desc_yz = NULL;
  const ScCalibration *cal;

  info->calibration.pixel_width = 0.1;
  info->calibration.pixel_height = 0.2;
  info->calibration.pixel_depth = 0.4;
  info->calibration.frame_interval = 2;
  info->calibration.unit = g_strdup ("micron");
  info->calibration.time_unit = g_strdup ("s");
  d = sc_stack_info_get_channel_display (info, 1);
  d->name = g_strdup ("GFP");
  d->has_range = TRUE;
  d->min = 10;
  d->max = 300;
  info->composite_mode = SC_COMPOSITE_MODE_COMPOSITE;
  stack = sc_stack_new_for_source (mem, "golgi.tif");

  xz = sc_reslice_source_new_stack (stack, SC_RESLICE_XZ);
  yz = sc_reslice_source_new_stack (stack, SC_RESLICE_YZ);
  g_assert_cmpstr (sc_stack_get_display_name (xz), ==, "golgi.tif [XZ]");
  g_assert_cmpstr (sc_stack_get_display_name (yz), ==, "golgi.tif [YZ]");
  cal = sc_stack_get_calibration (xz);
  g_assert_cmpfloat (cal->pixel_width, ==, 0.1);
  g_assert_cmpfloat (cal->pixel_height, ==, 0.4);
  g_assert_cmpfloat (cal->pixel_depth, ==, 0.2);
  g_assert_cmpfloat (cal->frame_interval, ==, 2);
  g_assert_cmpstr (cal->unit, ==, "micron");
  g_assert_cmpstr (cal->time_unit, ==, "s");
  cal = sc_stack_get_calibration (yz);
  g_assert_cmpfloat (cal->pixel_width, ==, 0.4);
  g_assert_cmpfloat (cal->pixel_height, ==, 0.2);
  g_assert_cmpfloat (cal->pixel_depth, ==, 0.1);
  g_assert_cmpstr (cal->unit, ==, "micron");
  g_assert_false (sc_stack_get_channel_display (yz, 0, &hint));
  g_assert_true (sc_stack_get_channel_display (yz, 1, &hint));
  g_assert_cmpstr (hint.name, ==, "GFP");
  g_assert_true (hint.has_range);
  g_assert_cmpfloat (hint.max, ==, 300);
  g_assert_cmpint (sc_stack_get_composite_mode (xz), ==, SC_COMPOSITE_MODE_COMPOSITE);
  desc_xz = sc_stack_describe_plane (xz, sc_stack_plane_index (xz, 1, 3, 0));
  desc_yz = sc_stack_describe_plane (yz, sc_stack_plane_index (yz, 0, 6, 0));
  g_assert_cmpstr (desc_xz, ==, "golgi.tif, row 3");
  g_assert_cmpstr (desc_yz, ==, "golgi.tif, column 6");

  /* a file's reslice keeps the file among its origins (no export writes over it), and a
   * compressed RGB file (no zero-copy rows) reslices as the brute force says */
  g_assert_nonnull (file);
  file_yz = sc_reslice_source_new_stack (file, SC_RESLICE_YZ);
  g_assert_null (sc_stack_get_path (file_yz));
  g_assert_true (sc_stack_is_origin_file (file_yz, path));
  g_assert_cmpstr (sc_stack_get_format (file_yz), ==, sc_stack_get_format (file));
  check_reslice (file, file_yz, SC_RESLICE_YZ);
}

/* The golgi stack: its YZ plane through a column is the column of every slice. */
static void
test_golgi (void)
{
  g_autofree char *path = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScStack) xz = NULL;
  g_autoptr(ScStack) yz = NULL;
  g_autoptr(GError) error = NULL;
  guint W, H, Z, x, y;
  g_autofree guint16 *plane = NULL;
  g_autofree guint16 *xzp = NULL;
  g_autofree guint16 *yzp = NULL;

  if (path == NULL)
    return;
  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  W = sc_stack_get_width (stack);
  H = sc_stack_get_height (stack);
  Z = sc_stack_get_n_slices (stack);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U16);
  xz = sc_reslice_source_new_stack (stack, SC_RESLICE_XZ);
  yz = sc_reslice_source_new_stack (stack, SC_RESLICE_YZ);
  g_assert_cmpfloat (sc_stack_get_calibration (xz)->pixel_height, ==,
                     sc_stack_get_calibration (stack)->pixel_depth);
  g_assert_cmpfloat (sc_stack_get_calibration (yz)->pixel_width, >, 0);
  x = W / 3;
  y = H / 2 + 1;
  plane = g_malloc (sc_stack_get_plane_size (stack));
  xzp = g_malloc (sc_stack_get_plane_size (xz));
  yzp = g_malloc (sc_stack_get_plane_size (yz));
  g_assert_true (sc_stack_read_plane (xz, y, xzp, &error));
  g_assert_true (sc_stack_read_plane (yz, x, yzp, &error));
  g_assert_no_error (error);
  for (guint z = 0; z < Z; z++)
    {
      g_assert_true (sc_stack_read_plane (stack, z, plane, &error));
      for (guint i = 0; i < W; i++)
        g_assert_cmpuint (xzp[z * W + i], ==, plane[y * W + i]);
      for (guint j = 0; j < H; j++)
        g_assert_cmpuint (yzp[j * Z + z], ==, plane[j * W + x]);
    }
}

/* read_cut: the plane through a row or column of every channel (of one frame, or of all),
 * as a stack of its own, equal plane by plane to the reslice's. */
static void
test_read_cut (void)
{
  g_autoptr(ScStack) stack = make_stack (SC_SAMPLE_U16, 7, 5, 3, 4, 2, 1);

  for (guint a = 0; a < 2; a++)
    {
      g_autoptr(ScStack) reslice = sc_reslice_source_new_stack (stack, a ? SC_RESLICE_YZ
                                                                         : SC_RESLICE_XZ);
      guint cut = a ? 6 : 2;
      gsize size = sc_stack_get_plane_size (reslice);
      g_autofree guint8 *want = g_malloc (size);
      g_autofree guint8 *got = g_malloc (size);

      for (int frame = -1; frame < 2; frame++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(ScStack) part = sc_reslice_source_read_cut (reslice, cut, -1, frame, &error);
          guint nt = frame < 0 ? 2 : 1;

          g_assert_no_error (error);
          g_assert_cmpuint (sc_stack_get_width (part), ==, sc_stack_get_width (reslice));
          g_assert_cmpuint (sc_stack_get_height (part), ==, sc_stack_get_height (reslice));
          g_assert_cmpuint (sc_stack_get_n_channels (part), ==, 3);
          g_assert_cmpuint (sc_stack_get_n_slices (part), ==, 1);
          g_assert_cmpuint (sc_stack_get_n_frames (part), ==, nt);
          g_assert_cmpfloat (sc_stack_get_calibration (part)->pixel_width, ==,
                             sc_stack_get_calibration (reslice)->pixel_width);
          g_assert_nonnull (sc_stack_lookup_metadata (part, "Reslice"));
          for (guint t = 0; t < nt; t++)
            for (guint c = 0; c < 3; c++)
              {
                guint from = sc_stack_plane_index (reslice, c, cut, frame < 0 ? t : (guint) frame);

                g_assert_true (sc_stack_read_plane (reslice, from, want, NULL));
                g_assert_true (sc_stack_read_plane (part, sc_stack_plane_index (part, c, 0, t),
                                                    got, NULL));
                g_assert_cmpmem (got, size, want, size);
              }
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reslice/types-and-shapes", test_types_and_shapes);
  g_test_add_func ("/reslice/rgb", test_rgb);
  g_test_add_func ("/reslice/hyperstack", test_hyperstack);
  g_test_add_func ("/reslice/reads-once", test_reads_once);
  g_test_add_func ("/reslice/metadata", test_metadata);
  g_test_add_func ("/reslice/golgi", test_golgi);
  g_test_add_func ("/reslice/read-cut", test_read_cut);

  return g_test_run ();
}
