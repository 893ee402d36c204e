/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sc-error.h"
#include "sc-export.h"
#include "sc-file-util.h"
#include "sc-memory-source.h"
#include "sc-projection.h"
#include "sc-source.h"
#include "sc-test-util.h"

static ScStack *
make_stack (ScSampleType type,
            guint        width,
            guint        height,
            guint        C,
            guint        Z,
            guint        T,
            guint        spp,
            gboolean     calibrated)
{
  gsize size = (gsize) width * height * spp * C * Z * T * sc_sample_type_size (type);
  guint8 *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScSource) source = NULL;
  ScStackInfo *info;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + i / 251);
  if (type == SC_SAMPLE_F32)
    for (gsize i = 0; i < size / 4; i++)
      ((float *) (gpointer) data)[i] = (float) ((double) i * 0.37 - 100.25);
  bytes = g_bytes_new_take (data, size);
  source = sc_memory_source_new (width, height, C, Z, T, type, spp, bytes);
  info = sc_source_get_info (source);
  if (calibrated)
    {
      info->calibration.pixel_width = 0.1625;
      info->calibration.pixel_height = 0.1625;
      info->calibration.pixel_depth = 0.5;
      info->calibration.frame_interval = T > 1 ? 2.5 : 0;
      info->calibration.unit = g_strdup ("µm");
      info->calibration.time_unit = T > 1 ? g_strdup ("s") : NULL;
    }
  return sc_stack_new_for_source (source, "generated");
}

static void
assert_same_planes (ScStack *a,
                    ScStack *b)
{
  gsize size = sc_stack_get_plane_size (a);
  g_autofree guint8 *pa = g_malloc (size);
  g_autofree guint8 *pb = g_malloc (size);

  g_assert_cmpuint (sc_stack_get_width (a), ==, sc_stack_get_width (b));
  g_assert_cmpuint (sc_stack_get_height (a), ==, sc_stack_get_height (b));
  g_assert_cmpuint (sc_stack_get_n_channels (a), ==, sc_stack_get_n_channels (b));
  g_assert_cmpuint (sc_stack_get_n_slices (a), ==, sc_stack_get_n_slices (b));
  g_assert_cmpuint (sc_stack_get_n_frames (a), ==, sc_stack_get_n_frames (b));
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (a), ==, sc_stack_get_samples_per_pixel (b));
  g_assert_cmpint (sc_stack_get_sample_type (a), ==, sc_stack_get_sample_type (b));
  g_assert_cmpuint (sc_stack_get_plane_size (b), ==, size);

  for (guint i = 0; i < sc_stack_get_n_planes (a); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sc_stack_read_plane (a, i, pa, NULL));
      g_assert_true (sc_stack_read_plane (b, i, pb, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (pa, size, pb, size);
    }
}

static gboolean
is_micron (const char *unit)
{
  return g_strcmp0 (unit, "µm") == 0 || g_strcmp0 (unit, "micron") == 0 || g_strcmp0 (unit, "um") == 0;
}

static ScStack *
round_trip (ScStack    *stack,
            const char *name)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  ScStack *back;

  g_assert_true (sc_export_tiff (stack, path, NULL, &error));
  g_assert_no_error (error);
  back = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  assert_same_planes (stack, back);
  return back;
}

static void
test_types (void)
{
  static const ScSampleType types[] = {
    SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_U32, SC_SAMPLE_I8, SC_SAMPLE_I16, SC_SAMPLE_I32, SC_SAMPLE_F32,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    for (guint z = 1; z <= 3; z += 2)
      {
        g_autoptr(ScStack) stack = make_stack (types[i], 13, 7, 1, z, 1, 1, FALSE);
        g_autofree char *name = g_strdup_printf ("%s-%u.tif", sc_sample_type_to_string (types[i]), z);
        g_object_unref (round_trip (stack, name));
      }
}

static void
test_calibration_hyperstack (void)
{
  g_autoptr(ScStack) stack = make_stack (SC_SAMPLE_F32, 31, 17, 2, 1, 3, 1, TRUE);
  g_autoptr(ScStack) back = round_trip (stack, "hyper.tif");
  const ScCalibration *cal = sc_stack_get_calibration (back);

  g_assert_cmpfloat_with_epsilon (cal->pixel_width, 0.1625, 1e-6);
  g_assert_cmpfloat_with_epsilon (cal->pixel_height, 0.1625, 1e-6);
  g_assert_cmpfloat_with_epsilon (cal->pixel_depth, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (cal->frame_interval, 2.5, 1e-9);
  g_assert_true (is_micron (cal->unit));
  g_assert_cmpstr (sc_stack_get_format (back), ==, "ImageJ TIFF");
}

static void
test_rgb (void)
{
  g_autoptr(ScStack) rgb = make_stack (SC_SAMPLE_U8, 9, 5, 1, 2, 1, 3, TRUE);
  g_autoptr(ScStack) rgba = make_stack (SC_SAMPLE_U8, 9, 5, 1, 1, 1, 4, FALSE);
  g_autoptr(ScStack) rgb16 = make_stack (SC_SAMPLE_U16, 4, 3, 1, 1, 1, 3, FALSE);
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "rgb16.tif", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) back = NULL;
  guint16 orig[4 * 3 * 3], chan[4 * 3];

  g_object_unref (round_trip (rgb, "rgb.tif"));
  g_object_unref (round_trip (rgba, "rgba.tif"));

  /* 16-bit RGB reads back as ImageJ reads it: three channels of one sample each */
  g_assert_true (sc_export_tiff (rgb16, path, NULL, &error));
  g_assert_no_error (error);
  back = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_n_channels (back), ==, 3);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (back), ==, 1);
  g_assert_cmpint (sc_stack_get_sample_type (back), ==, SC_SAMPLE_U16);
  g_assert_true (sc_stack_read_plane (rgb16, 0, orig, NULL));
  for (guint c = 0; c < 3; c++)
    {
      g_assert_true (sc_stack_read_plane (back, c, chan, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < 4 * 3; i++)
        g_assert_cmpuint (chan[i], ==, orig[3 * i + c]);
    }
}

/* The projection of a real stack, written and read back, keeps values and calibration. */
static void
test_projection_golgi (void)
{
  g_autofree char *path = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);

  for (ScProjectionMethod m = SC_PROJECTION_MAX; m <= SC_PROJECTION_MEDIAN; m += SC_PROJECTION_MEDIAN)
    {
      g_autoptr(ScProjection) p = sc_projection_new (stack, m);
      g_autoptr(ScStack) result = sc_projection_run (p, NULL, &error);
      g_autoptr(ScStack) back = NULL;
      const ScCalibration *in = sc_stack_get_calibration (stack), *out;

      g_assert_no_error (error);
      back = round_trip (result, "golgi.tif");
      out = sc_stack_get_calibration (back);
      g_assert_cmpfloat_with_epsilon (out->pixel_width, in->pixel_width, 1e-6 * in->pixel_width);
      g_assert_cmpfloat_with_epsilon (out->pixel_depth, in->pixel_depth, 1e-9);
      g_assert_true (is_micron (out->unit));
    }
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d))
    n++;
  return n;
}

/* Never over the input; a cancelled or failed write leaves nothing behind and the old
 * file as it was. */
static void
test_safety (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "in.tif", NULL);
  g_autofree char *link = g_build_filename (dir, "link.tif", NULL);
  g_autofree char *out = g_build_filename (dir, "out.tif", NULL);
  g_autoptr(ScStack) stack = make_stack (SC_SAMPLE_U16, 20, 10, 1, 4, 1, 1, TRUE);
  g_autoptr(ScStack) opened = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len_before, len_after;

  g_assert_true (sc_export_tiff (stack, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));
  opened = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (sc_export_tiff (opened, path, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (symlink ("in.tif", link), ==, 0);
  g_assert_true (sc_file_is_same (link, path));
  g_assert_false (sc_export_tiff (opened, link, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Over an existing output: cancelled, it stays as it was. */
  g_assert_true (g_file_set_contents (out, "old", 3, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (sc_export_tiff (stack, out, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (out, &after, &len_after, NULL));
  g_assert_cmpstr (after, ==, "old");
  g_assert_cmpuint (count_files (dir), ==, 3);

  /* A folder is no file name. */
  g_assert_false (sc_export_tiff (stack, dir, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* And the input is untouched. */
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
}

/* Device and inode of path, so that a test can tell a replaced file from one rewritten
 * in place. */
static void
file_id (const char *path,
         dev_t      *dev,
         ino_t      *ino)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  *dev = st.st_dev;
  *ino = st.st_ino;
}

/* The same projection written twice to the same name: the second run replaces the first
 * one's output (a new file renamed over it; a reader of the old one keeps reading it
 * whole), as a rerun of a batch script needs. The result's own name ("MAX_g.tif") used to
 * be taken for an input file and the rerun refused. */
static void
test_rerun_replaces_output (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *input = g_build_filename (dir, "g.tif", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(ScStack) made = make_stack (SC_SAMPLE_U16, 21, 11, 1, 5, 1, 1, TRUE);
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScStack) result = NULL;
  g_autoptr(ScProjection) projection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *old = NULL;
  gsize first_len, again_len, old_len = 0;
  dev_t dev, dev2;
  ino_t ino, ino2;
  GIOChannel *reader;

  g_assert_true (sc_export_tiff (made, input, NULL, &error));
  g_assert_no_error (error);
  stack = sc_stack_open (input, NULL, &error);
  g_assert_no_error (error);
  projection = sc_projection_new (stack, SC_PROJECTION_MAX);
  result = sc_projection_run (projection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_stack_get_display_name (result), ==, "MAX_g.tif");

  /* As "stackscope-cli project g.tif -m max -o MAX_g.tif" run in the input's folder. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  g_assert_true (sc_export_tiff (result, "MAX_g.tif", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents ("MAX_g.tif", &first, &first_len, NULL));
  file_id ("MAX_g.tif", &dev, &ino);
  reader = g_io_channel_new_file ("MAX_g.tif", "r", &error);
  g_assert_no_error (error);
  g_io_channel_set_encoding (reader, NULL, NULL);

  g_assert_true (sc_export_tiff (result, "MAX_g.tif", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  {
    g_autofree char *out = g_build_filename (dir, "MAX_g.tif", NULL);

    g_assert_true (g_file_get_contents (out, &again, &again_len, NULL));
    g_assert_cmpmem (first, first_len, again, again_len);
    file_id (out, &dev2, &ino2);
    g_assert_true (dev2 == dev && ino2 != ino);
  }
  g_assert_cmpint (g_io_channel_read_to_end (reader, &old, &old_len, &error), ==, G_IO_STATUS_NORMAL);
  g_assert_no_error (error);
  g_assert_cmpmem (old, old_len, first, first_len);
  g_io_channel_unref (reader);
  /* The input and the output, no temporary file left. */
  g_assert_cmpuint (count_files (dir), ==, 2);
}

/* The new file is synced to the disk before its rename only where it replaces something:
 * a file with contents, or anything that is not a regular file. An absent name or an
 * empty file has nothing to lose (GLib's g_file_set_contents () skips the sync there too),
 * and skipping it took a fifth off a projection's whole run. */
static void
test_sync_only_over_contents (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *absent = g_build_filename (dir, "absent.tif", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.tif", NULL);
  g_autofree char *full = g_build_filename (dir, "full.tif", NULL);
  g_autofree char *link = g_build_filename (dir, "link.tif", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.tif", NULL);
  g_autofree char *under_file = g_build_filename (full, "x.tif", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "none", "x.tif", NULL);
  g_autoptr(ScStack) made = make_stack (SC_SAMPLE_U8, 4, 3, 1, 1, 1, 1, FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (full, "x", 1, NULL));
  g_assert_cmpint (symlink (full, link), ==, 0);
  g_assert_cmpint (symlink (absent, dangling), ==, 0);

  g_assert_false (_sc_file_replace_needs_sync (absent));
  g_assert_false (_sc_file_replace_needs_sync (missing_dir));
  g_assert_false (_sc_file_replace_needs_sync (empty));
  g_assert_true (_sc_file_replace_needs_sync (full));
  g_assert_true (_sc_file_replace_needs_sync (dir));
  g_assert_true (_sc_file_replace_needs_sync (link));
  g_assert_true (_sc_file_replace_needs_sync (dangling));
  g_assert_true (_sc_file_replace_needs_sync (under_file));

  /* Written either way: a new name, then over the file with contents. */
  g_assert_true (sc_export_tiff (made, absent, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_sc_file_replace_needs_sync (absent));
  g_assert_true (sc_export_tiff (made, full, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(ScStack) back = sc_stack_open (full, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (sc_stack_get_width (back), ==, 4);
  }
}

static void
assert_refused (gboolean  ok,
                GError  **error)
{
  g_assert_false (ok);
  g_assert_error (*error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr ((*error)->message, "Will not write over the input"));
  g_clear_error (error);
}

/* No export writes over a file the stack was read from: the file itself, a hard link or a
 * symbolic link to it, any file of a folder opened as a stack; nor, once a result is
 * marked as computed from a stack, over that stack's files. */
static void
test_guard_inputs (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *input = g_build_filename (dir, "in.tif", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard.tif", NULL);
  g_autofree char *soft = g_build_filename (dir, "soft.tif", NULL);
  g_autofree char *folder = g_build_filename (dir, "series", NULL);
  g_autofree char *z1 = g_build_filename (folder, "z1.tif", NULL);
  g_autofree char *z2 = g_build_filename (folder, "z2.tif", NULL);
  g_autofree char *z2_link = g_build_filename (dir, "z2-link.tif", NULL);
  g_autofree char *fresh = g_build_filename (folder, "MAX_series.tif", NULL);
  g_autofree char *png = g_build_filename (dir, "soft.png", NULL);
  g_autoptr(ScStack) made = make_stack (SC_SAMPLE_U8, 12, 9, 1, 3, 1, 1, FALSE);
  g_autoptr(ScStack) plane = make_stack (SC_SAMPLE_U8, 12, 9, 1, 1, 1, 1, FALSE);
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScStack) series = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  ScExportPngOptions options;
  ScRenderParams params;

  g_assert_true (sc_export_tiff (made, input, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (link (input, hard), ==, 0);
  g_assert_cmpint (symlink ("in.tif", soft), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (sc_export_tiff (plane, z1, NULL, &error));
  g_assert_true (sc_export_tiff (plane, z2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (symlink (z2, z2_link), ==, 0);
  g_assert_true (g_file_get_contents (input, &before, &before_len, NULL));

  stack = sc_stack_open (input, NULL, &error);
  g_assert_no_error (error);
  assert_refused (sc_export_tiff (stack, input, NULL, &error), &error);
  assert_refused (sc_export_tiff (stack, hard, NULL, &error), &error);
  assert_refused (sc_export_tiff (stack, soft, NULL, &error), &error);

  /* A symbolic link as the input protects the file it points to. */
  g_clear_object (&stack);
  stack = sc_stack_open (soft, NULL, &error);
  g_assert_no_error (error);
  assert_refused (sc_export_tiff (stack, input, NULL, &error), &error);

  sc_render_params_init (&params, 0, 255, SC_COLORMAP_GRAY);
  sc_export_png_options_init (&options);
  options.params = &params;
  options.overwrite = TRUE;
  assert_refused (sc_export_png (stack, 0, 0, 0, &options, hard, NULL, &error), &error);
  g_assert_cmpint (symlink ("in.tif", png), ==, 0);
  assert_refused (sc_export_png (stack, 0, 0, 0, &options, png, NULL, &error), &error);

  /* Every file of a folder opened as a stack, also through a link. */
  series = sc_stack_open (folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_n_slices (series), ==, 2);
  assert_refused (sc_export_tiff (series, z1, NULL, &error), &error);
  assert_refused (sc_export_tiff (series, z2_link, NULL, &error), &error);
  options.mode = SC_EXPORT_PNG_RAW16;
  assert_refused (sc_export_png (series, 0, 1, 0, &options, z2, NULL, &error), &error);
  /* A new file beside them is no input. */
  g_assert_true (sc_export_tiff (series, fresh, NULL, &error));
  g_assert_no_error (error);

  /* The viewer's check names the stack opened (a file or a folder) by its path. */
  assert_refused (sc_export_check_target (z1, folder, TRUE, &error), &error);
  assert_refused (sc_export_check_target (z2_link, folder, TRUE, &error), &error);
  assert_refused (sc_export_check_target (hard, input, TRUE, &error), &error);
  /* The file written beside them above is one of the folder's files now. */
  assert_refused (sc_export_check_target (fresh, folder, TRUE, &error), &error);
  {
    g_autofree char *other = g_build_filename (folder, "other.tif", NULL);

    g_assert_true (sc_export_check_target (other, folder, TRUE, &error));
    g_assert_no_error (error);
  }

  g_assert_true (g_file_get_contents (input, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* path/name made as a folder (mode 0755) or, with contents, a file; returns the path. */
static char *
make_in (const char *path,
         const char *name,
         const char *contents)
{
  char *made = g_build_filename (path, name, NULL);

  if (contents != NULL)
    g_assert_true (g_file_set_contents (made, contents, -1, NULL));
  else
    g_assert_cmpint (g_mkdir (made, 0755), ==, 0);
  return made;
}

static void
assert_chosen (const char *last,
               const char *stack_path,
               const char *pictures,
               const char *home,
               const char *expected)
{
  g_autofree char *chosen = sc_export_choose_folder (last, stack_path, pictures, home);

  g_assert_cmpstr (chosen, ==, expected);
}

/* The export dialogs' folder: the last export's, else the stack's, else Pictures, else
 * home, each only where it is a folder that can be written to. */
static void
test_default_folder (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *last = make_in (dir, "exports", NULL);
  g_autofree char *data = make_in (dir, "data", NULL);
  g_autofree char *stack = make_in (data, "golgi.tif", "a stack");
  g_autofree char *series = make_in (data, "series", NULL);
  g_autofree char *pictures = make_in (dir, "Pictures", NULL);
  g_autofree char *home = make_in (dir, "home", NULL);
  g_autofree char *gone = g_build_filename (dir, "gone", NULL);
  g_autofree char *gone_stack = g_build_filename (gone, "golgi.tif", NULL);
  g_autofree char *series_slash = g_strconcat (series, "/", NULL);

  assert_chosen (last, stack, pictures, home, last);
  /* unset, gone, or not a folder: the stack's folder */
  assert_chosen (NULL, stack, pictures, home, data);
  assert_chosen ("", stack, pictures, home, data);
  assert_chosen (gone, stack, pictures, home, data);
  assert_chosen (stack, stack, pictures, home, data);
  /* a folder of images: the folder that holds it, for no export may go among its files */
  assert_chosen (NULL, series, pictures, home, data);
  assert_chosen (NULL, series_slash, pictures, home, data);
  /* no file (the generated sample, a result), or its folder gone: Pictures, else home */
  assert_chosen (gone, NULL, pictures, home, pictures);
  assert_chosen (NULL, gone_stack, pictures, home, pictures);
  assert_chosen (NULL, NULL, NULL, home, home);
  assert_chosen (NULL, NULL, gone, home, home);
  assert_chosen (NULL, NULL, NULL, NULL, NULL);
  g_assert_true (sc_export_folder_is_writable (dir));
  g_assert_false (sc_export_folder_is_writable (stack));
  g_assert_false (sc_export_folder_is_writable (gone));
}

/* Read-only folders (chmod 0555) are passed over. Root writes there all the same, so as
 * root this runs in a child that becomes nobody first. */
static void
test_default_folder_read_only (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *last = NULL, *data = NULL, *stack = NULL, *pictures = NULL, *home = NULL;

  if (geteuid () == 0 && !g_test_subprocess ())
    {
      g_test_message ("running as root, where chmod 0555 does not stop writes: as nobody");
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                       G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0 || geteuid () == 0))
    {
      g_test_skip ("cannot become nobody (uid 65534) to test a read-only folder as root");
      return;
    }

  dir = g_build_filename (g_get_tmp_dir (), "stackscope-ro-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    {
      g_free (dir);
      dir = g_strdup ("/tmp/stackscope-ro-XXXXXX");
      g_assert_nonnull (g_mkdtemp (dir));
    }
  last = make_in (dir, "exports", NULL);
  data = make_in (dir, "data", NULL);
  stack = make_in (data, "golgi.tif", "a stack");
  pictures = make_in (dir, "Pictures", NULL);
  home = make_in (dir, "home", NULL);

  g_assert_cmpint (g_chmod (last, 0555), ==, 0);
  if (access (last, W_OK) == 0)
    {
      g_test_skip ("chmod 0555 does not stop writes here (a capability such as "
                   "CAP_DAC_OVERRIDE?): the read-only folder is not tested");
    }
  else
    {
      g_assert_false (sc_export_folder_is_writable (last));
      assert_chosen (last, stack, pictures, home, data);
      g_assert_cmpint (g_chmod (data, 0555), ==, 0);
      assert_chosen (last, stack, pictures, home, pictures);
      g_assert_cmpint (g_chmod (pictures, 0555), ==, 0);
      assert_chosen (last, stack, pictures, home, home);
      g_assert_cmpint (g_chmod (home, 0555), ==, 0);
      assert_chosen (last, stack, pictures, home, NULL);
    }

  for (const char * const *p = (const char *[]) { last, data, pictures, home, NULL }; *p; p++)
    g_chmod (*p, 0755);
  g_remove (stack);
  for (const char * const *p = (const char *[]) { last, data, pictures, home, dir, NULL }; *p; p++)
    g_rmdir (*p);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/export/tiff-types", test_types);
  g_test_add_func ("/core/export/tiff-calibration-hyperstack", test_calibration_hyperstack);
  g_test_add_func ("/core/export/tiff-rgb", test_rgb);
  g_test_add_func ("/core/export/projection-golgi", test_projection_golgi);
  g_test_add_func ("/core/export/safety", test_safety);
  g_test_add_func ("/core/export/rerun-replaces-output", test_rerun_replaces_output);
  g_test_add_func ("/core/export/sync-only-over-contents", test_sync_only_over_contents);
  g_test_add_func ("/core/export/guard-inputs", test_guard_inputs);
  g_test_add_func ("/core/export/default-folder", test_default_folder);
  g_test_add_func ("/core/export/default-folder-read-only", test_default_folder_read_only);

  return g_test_run ();
}
