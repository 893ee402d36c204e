/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sc-error.h"
#include "sc-memory-source.h"
#include "sc-demo-stack.h"
#include "sc-source.h"
#include "sc-stack-open.h"
#include "sc-stack.h"
#include "sc-test-util.h"

static void
test_sample_types (void)
{
  ScSampleType type;
  double lo, hi;

  g_assert_cmpuint (sc_sample_type_size (SC_SAMPLE_U8), ==, 1);
  g_assert_cmpuint (sc_sample_type_size (SC_SAMPLE_I16), ==, 2);
  g_assert_cmpuint (sc_sample_type_size (SC_SAMPLE_F32), ==, 4);
  g_assert_cmpstr (sc_sample_type_to_string (SC_SAMPLE_U16), ==, "u16");
  g_assert_true (sc_sample_type_from_string ("i32", &type));
  g_assert_cmpint (type, ==, SC_SAMPLE_I32);
  g_assert_false (sc_sample_type_from_string ("u64", &type));
  g_assert_true (sc_sample_type_is_integer (SC_SAMPLE_I8));
  g_assert_false (sc_sample_type_is_integer (SC_SAMPLE_F32));
  sc_sample_type_get_range (SC_SAMPLE_I16, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -32768);
  g_assert_cmpfloat (hi, ==, 32767);
  sc_sample_type_get_range (SC_SAMPLE_U16, &lo, &hi);
  g_assert_cmpfloat (hi, ==, 65535);
}

static void
test_memory_stack (void)
{
  const guint W = 5, H = 3, C = 2, Z = 4, T = 3;
  gsize n = (gsize) W * H * C * Z * T;
  g_autofree gint16 *data = g_new (gint16, n);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScStack) stack = NULL;
  gint16 plane[5 * 3];
  gint16 band[5 * 2];
  guint c, z, t;

  for (gsize i = 0; i < n; i++)
    data[i] = (gint16) (i * 7 - 300);
  bytes = g_bytes_new (data, n * sizeof (gint16));
  stack = sc_memory_stack_new ("mem", W, H, C, Z, T, SC_SAMPLE_I16, 1, bytes);
  /* A stack made in memory has a name and no file. */
  g_assert_cmpstr (sc_stack_get_display_name (stack), ==, "mem");
  g_assert_null (sc_stack_get_path (stack));

  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, C * Z * T);
  g_assert_cmpuint (sc_stack_get_row_stride (stack), ==, W * 2);
  g_assert_cmpuint (sc_stack_get_plane_size (stack), ==, W * H * 2);
  g_assert_cmpuint (sc_stack_plane_index (stack, 1, 2, 1), ==, 1 + C * (2 + Z * 1));
  sc_stack_plane_position (stack, 1 + C * (2 + Z * 1), &c, &z, &t);
  g_assert_cmpuint (c, ==, 1);
  g_assert_cmpuint (z, ==, 2);
  g_assert_cmpuint (t, ==, 1);

  for (guint p = 0; p < C * Z * T; p++)
    {
      g_assert_true (sc_stack_read_plane (stack, p, plane, NULL));
      for (guint i = 0; i < W * H; i++)
        g_assert_cmpint (plane[i], ==, (gint16) ((p * W * H + i) * 7 - 300));
      g_assert_true (sc_stack_read_rows (stack, p, 1, 2, band, NULL));
      g_assert_cmpmem (band, sizeof band, plane + W, sizeof band);
      g_assert_cmpmem (sc_stack_peek_rows (stack, p, 1, 2), sizeof band, band, sizeof band);
    }
}

static void
test_sample_stack (void)
{
  g_autoptr(ScStack) a = sc_demo_stack_new ();
  g_autoptr(ScStack) b = sc_demo_stack_new ();
  const ScCalibration *cal = sc_stack_get_calibration (a);
  gsize size = sc_stack_get_plane_size (a);
  g_autofree guint16 *pa = g_malloc (size);
  g_autofree guint16 *pb = g_malloc (size);
  guint16 lo = G_MAXUINT16, hi = 0;

  g_assert_cmpuint (sc_stack_get_width (a), ==, 256);
  g_assert_cmpuint (sc_stack_get_height (a), ==, 256);
  g_assert_cmpuint (sc_stack_get_n_channels (a), ==, 3);
  g_assert_cmpuint (sc_stack_get_n_slices (a), ==, 32);
  g_assert_cmpuint (sc_stack_get_n_frames (a), ==, 1);
  g_assert_cmpint (sc_stack_get_sample_type (a), ==, SC_SAMPLE_U16);
  g_assert_cmpfloat_with_epsilon (cal->pixel_width, 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (cal->pixel_depth, 0.5, 1e-12);
  g_assert_cmpstr (cal->unit, ==, "µm");
  g_assert_cmpstr (sc_stack_lookup_metadata (a, "Channel 1"), ==, "Nuclei");
  /* The generated sample has a name but no file: nothing may take its name for a path. */
  g_assert_cmpstr (sc_stack_get_display_name (a), ==, "Sample cells");
  g_assert_null (sc_stack_get_path (a));

  /* Deterministic, with real contrast in every channel of a middle slice. */
  for (guint c = 0; c < 3; c++)
    {
      guint p = sc_stack_plane_index (a, c, 16, 0);
      g_assert_true (sc_stack_read_plane (a, p, pa, NULL));
      g_assert_true (sc_stack_read_plane (b, p, pb, NULL));
      g_assert_cmpmem (pa, size, pb, size);
      lo = G_MAXUINT16;
      hi = 0;
      for (guint i = 0; i < 256 * 256; i++)
        {
          lo = MIN (lo, pa[i]);
          hi = MAX (hi, pa[i]);
        }
      g_assert_cmpuint (lo, <, 200);
      g_assert_cmpuint (hi, >, 2000);
    }
}

static void
test_open_errors (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.tif", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.tif", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.tif", NULL);
  g_autofree char *sub = g_build_filename (dir, "no-images", NULL);
  g_autofree char *readme = g_build_filename (sub, "readme.txt", NULL);
  g_autoptr(GError) error = NULL;
  ScStack *stack;

  stack = sc_stack_open (missing, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.tif"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  stack = sc_stack_open (empty, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "empty.tif"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "hello, these are notes", -1, NULL));
  stack = sc_stack_open (text, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "notes.tif"));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (readme, "no images here", -1, NULL));
  stack = sc_stack_open (sub, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "no-images"));
  g_clear_error (&error);
}

static void
test_validate_limits (void)
{
  ScStackInfo info;
  g_autoptr(GError) error = NULL;

  sc_stack_info_init (&info);
  info.width = 1000000;
  info.height = 1000000;
  info.sample_type = SC_SAMPLE_U16;
  g_assert_false (sc_stack_info_validate (&info, "/data/huge.tif", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.tif"));
  g_clear_error (&error);

  info.width = 512;
  info.height = 512;
  info.n_slices = G_MAXUINT / 2;
  info.n_channels = 4;
  g_assert_false (sc_stack_info_validate (&info, "/data/many.tif", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_TOO_LARGE);
  g_clear_error (&error);

  info.n_slices = 10;
  info.n_channels = 1;
  info.samples_per_pixel = 2;
  g_assert_false (sc_stack_info_validate (&info, "/data/two.tif", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  info.samples_per_pixel = 3;
  g_assert_true (sc_stack_info_validate (&info, "/data/fine.tif", &error));
  g_assert_no_error (error);
  sc_stack_info_clear (&info);
}

typedef struct {
  gboolean  done;
  ScStack  *stack;
  GError   *error;
} OpenResult;

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenResult *r = user_data;

  r->stack = sc_stack_open_finish (result, &r->error);
  r->done = TRUE;
}

static void
test_open_async (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "gone.tif", NULL);
  OpenResult r = { 0 };

  sc_stack_open_async (missing, NULL, on_opened, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.stack);
  g_assert_error (r.error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&r.error);

  memset (&r, 0, sizeof r);
  sc_stack_open_async (dir, NULL, on_opened, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.stack);
  g_assert_error (r.error, SC_ERROR, SC_ERROR_EMPTY);
  g_clear_error (&r.error);
}

/* A format of the test's own: files starting with "SCTEST" open as a 2 x 1 u8 stack. */
static gboolean
sniff_sctest (const guint8 *magic,
              gsize         n)
{
  return n >= 6 && memcmp (magic, "SCTEST", 6) == 0;
}

static ScSource *
open_sctest (const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new ("\x07\x09", 2);

  return sc_memory_source_new (2, 1, 1, 1, 1, SC_SAMPLE_U8, 1, bytes);
}

static const ScSourceFormat sctest_format = {
  "SCTEST", ".sctest", FALSE, sniff_sctest, open_sctest, NULL,
};

/* sc_stack_open() knows no format: it opens what a registered format sniffs, gives the
 * stack the path and its origin, and names a file that fails the sniff of the format its
 * suffix names. The io layer's formats are registered before main(). */
static void
test_open_registered (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *good = g_build_filename (dir, "a.sctest", NULL);
  g_autofree char *bad = g_build_filename (dir, "b.sctest", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  guint8 px[2] = { 0, 0 };

  g_assert_true (g_file_set_contents (good, "SCTEST and more", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "something else", -1, NULL));

  stack = sc_stack_open (good, NULL, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED);
  g_assert_null (stack);
  g_clear_error (&error);

  sc_stack_register_format (&sctest_format);
  sc_stack_register_format (&sctest_format);
  stack = sc_stack_open (good, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_stack_get_path (stack), ==, good);
  g_assert_cmpstr (sc_stack_get_display_name (stack), ==, "a.sctest");
  g_assert_true (sc_stack_is_origin_file (stack, good));
  g_assert_true (sc_stack_read_plane (stack, 0, px, &error));
  g_assert_cmpuint (px[0], ==, 7);
  g_assert_cmpuint (px[1], ==, 9);
  g_clear_object (&stack);

  stack = sc_stack_open (bad, NULL, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "SCTEST"));
  g_assert_null (stack);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/stack/sample-types", test_sample_types);
  g_test_add_func ("/core/stack/memory", test_memory_stack);
  g_test_add_func ("/core/stack/sample", test_sample_stack);
  g_test_add_func ("/core/stack/open-errors", test_open_errors);
  g_test_add_func ("/core/stack/validate-limits", test_validate_limits);
  g_test_add_func ("/core/stack/open-async", test_open_async);
  g_test_add_func ("/core/stack/open-registered", test_open_registered);

  return g_test_run ();
}
