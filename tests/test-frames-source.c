/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sc-error.h"
#include "sc-export.h"
#include "sc-frames-source.h"
#include "sc-memory-source.h"
#include "sc-projection.h"
#include "sc-test-util.h"

#define W 13
#define H 7
#define C 2
#define T 5

/* C channels x 1 slice x T time points of u16, calibrated; values differ in every plane. */
static ScStack *
make_time_series (void)
{
  gsize n = (gsize) W * H * C * T;
  guint8 *data = g_malloc (n * 2);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScSource) source = NULL;
  ScStackInfo *info;

  for (gsize i = 0; i < n; i++)
    sc_test_set_sample (SC_SAMPLE_U16, data, i, (double) ((guint32) (i * 2654435761u) >> 16));
  bytes = g_bytes_new_take (data, n * 2);
  source = sc_memory_source_new (W, H, C, 1, T, SC_SAMPLE_U16, 1, bytes);
  info = sc_source_get_info (source);
  info->calibration.pixel_width = 0.5;
  info->calibration.pixel_height = 0.5;
  info->calibration.frame_interval = 3;
  info->calibration.unit = g_strdup ("micron");
  info->calibration.time_unit = g_strdup ("s");
  return sc_stack_new_for_source (source, "timelapse.tif");
}

/* The time points read as slices: the same planes, in the same order. */
static void
test_shape (void)
{
  g_autoptr(ScStack) series = make_time_series ();
  g_autoptr(ScStack) frames = sc_frames_source_new_stack (series);
  g_autofree guint8 *a = g_malloc (sc_stack_get_plane_size (series));
  g_autofree guint8 *b = g_malloc (sc_stack_get_plane_size (frames));
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sc_stack_get_n_channels (frames), ==, C);
  g_assert_cmpuint (sc_stack_get_n_slices (frames), ==, T);
  g_assert_cmpuint (sc_stack_get_n_frames (frames), ==, 1);
  g_assert_cmpuint (sc_stack_get_width (frames), ==, W);
  g_assert_cmpuint (sc_stack_get_height (frames), ==, H);
  g_assert_cmpstr (sc_stack_get_display_name (frames), ==, "timelapse.tif");
  g_assert_cmpfloat (sc_stack_get_calibration (frames)->pixel_width, ==, 0.5);
  g_assert_cmpfloat (sc_stack_get_calibration (frames)->pixel_depth, ==, 0);
  for (guint c = 0; c < C; c++)
    for (guint t = 0; t < T; t++)
      {
        g_assert_true (sc_stack_read_plane (series, sc_stack_plane_index (series, c, 0, t), a,
                                            &error));
        g_assert_true (sc_stack_read_plane (frames, sc_stack_plane_index (frames, c, t, 0), b,
                                            &error));
        g_assert_no_error (error);
        g_assert_cmpmem (a, sc_stack_get_plane_size (series), b, sc_stack_get_plane_size (frames));
      }
}

/* A maximum projection of it is the maximum over time of each channel, by brute force. */
static void
test_project_over_time (void)
{
  g_autoptr(ScStack) series = make_time_series ();
  g_autoptr(ScStack) frames = sc_frames_source_new_stack (series);
  g_autoptr(ScProjection) projection = sc_projection_new (frames, SC_PROJECTION_MAX);
  g_autoptr(ScStack) result = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = sc_stack_get_plane_size (series);
  g_autofree guint8 *plane = g_malloc (size);
  g_autofree guint8 *got = g_malloc (size);

  sc_projection_set_slices (projection, 1, T - 1, 1);
  result = sc_projection_run (projection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_n_channels (result), ==, C);
  g_assert_cmpuint (sc_stack_get_n_slices (result), ==, 1);
  g_assert_cmpuint (sc_stack_get_n_frames (result), ==, 1);
  for (guint c = 0; c < C; c++)
    {
      double max[W * H];

      for (guint i = 0; i < W * H; i++)
        max[i] = 0;
      for (guint t = 1; t < T; t++)
        {
          g_assert_true (sc_stack_read_plane (series, sc_stack_plane_index (series, c, 0, t),
                                              plane, NULL));
          for (guint i = 0; i < W * H; i++)
            max[i] = MAX (max[i], sc_test_get_sample (SC_SAMPLE_U16, plane, i));
        }
      g_assert_true (sc_stack_read_plane (result, c, got, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < W * H; i++)
        g_assert_cmpfloat (sc_test_get_sample (SC_SAMPLE_U16, got, i), ==, max[i]);
    }
}

/* The file the time points come from stays protected: no export writes over it. */
static void
test_origin (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "timelapse.tif", NULL);
  g_autoptr(ScStack) series = make_time_series ();
  g_autoptr(ScStack) opened = NULL;
  g_autoptr(ScStack) frames = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_export_tiff (series, path, NULL, &error));
  g_assert_no_error (error);
  opened = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_n_slices (opened), ==, 1);
  g_assert_cmpuint (sc_stack_get_n_frames (opened), ==, T);
  frames = sc_frames_source_new_stack (opened);
  g_assert_true (sc_stack_is_origin_file (frames, path));
  g_assert_false (sc_export_tiff (frames, path, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  {
    g_autofree char *described = sc_stack_describe_plane (frames, 3);
    g_autofree char *original = sc_stack_describe_plane (opened, 3);

    g_assert_cmpstr (described, ==, original);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/frames-source/shape", test_shape);
  g_test_add_func ("/core/frames-source/project-over-time", test_project_over_time);
  g_test_add_func ("/core/frames-source/origin", test_origin);

  return g_test_run ();
}
