/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc-error.h"
#include "sc-memory-source.h"
#include "sc-projection.h"
#include "sc-test-util.h"

static const ScSampleType all_types[] = {
  SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_U32, SC_SAMPLE_I8, SC_SAMPLE_I16, SC_SAMPLE_I32,
  SC_SAMPLE_F32,
};

/* Values that repeat (ties for the order statistics), negative for signed types, large
 * for 32-bit ones and fractional for float. */
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
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScSource) source = NULL;
  ScStackInfo *info;

  for (gsize i = 0; i < n; i++)
    {
      double v = (double) ((i * 2654435761u >> 7) % 97);

      if (type == SC_SAMPLE_I8 || type == SC_SAMPLE_I16 || type == SC_SAMPLE_I32)
        v -= 48;
      if (type == SC_SAMPLE_U32 || type == SC_SAMPLE_I32)
        v *= 40000000;
      else if (type == SC_SAMPLE_U16)
        v *= 600;
      else if (type == SC_SAMPLE_F32)
        v = v * 0.37 - 11;
      sc_test_set_sample (type, data, i, v);
    }
  bytes = g_bytes_new_take (data, n * size);
  source = sc_memory_source_new (w, h, c, z, t, type, spp, bytes);
  info = sc_source_get_info (source);
  info->calibration.pixel_width = 0.1;
  info->calibration.pixel_height = 0.2;
  info->calibration.pixel_depth = 0.5;
  info->calibration.unit = g_strdup ("micron");
  return sc_stack_new_for_source (source, "cells.tif");
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The method over v[0..n) in double, by the definitions (SD over n - 1, median of an even
 * count the mean of the middle two, percentile linear as numpy). */
static double
brute_method (ScProjectionMethod method,
              double             q,
              double            *v,
              guint              n)
{
  double acc = 0, mean, ss = 0;

  switch (method)
    {
    case SC_PROJECTION_MAX:
      acc = v[0];
      for (guint i = 1; i < n; i++)
        acc = MAX (acc, v[i]);
      return acc;
    case SC_PROJECTION_MIN:
      acc = v[0];
      for (guint i = 1; i < n; i++)
        acc = MIN (acc, v[i]);
      return acc;
    case SC_PROJECTION_SUM:
    case SC_PROJECTION_MEAN:
      for (guint i = 0; i < n; i++)
        acc += v[i];
      return method == SC_PROJECTION_SUM ? acc : acc / n;
    case SC_PROJECTION_SD:
      if (n < 2)
        return 0;
      for (guint i = 0; i < n; i++)
        acc += v[i];
      mean = acc / n;
      for (guint i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
      return sqrt (ss / (n - 1));
    case SC_PROJECTION_MEDIAN:
      qsort (v, n, sizeof (double), cmp_double);
      return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    case SC_PROJECTION_PERCENTILE:
    default:
      {
        double idx = (n - 1) * q / 100, lo = floor (idx);
        guint k = (guint) lo;

        qsort (v, n, sizeof (double), cmp_double);
        return k + 1 < n ? v[k] + (v[k + 1] - v[k]) * (idx - lo) : v[k];
      }
    }
}

typedef struct {
  ScProjectionAxis   axis;
  ScProjectionMethod method;
  double             q;
  guint              first, last, step;   /* slices */
  guint              r0, r1;              /* rows or columns, r1 G_MAXUINT for all */
} Case;

/* The projection as the case says, against brute force over whole planes. */
static void
check_case (ScStack    *stack,
            const Case *k)
{
  guint W = sc_stack_get_width (stack), H = sc_stack_get_height (stack);
  guint C = sc_stack_get_n_channels (stack), Z = sc_stack_get_n_slices (stack);
  guint T = sc_stack_get_n_frames (stack), spp = sc_stack_get_samples_per_pixel (stack);
  ScSampleType type = sc_stack_get_sample_type (stack);
  ScSampleType rtype = sc_projection_method_result_type (k->method, type);
  gboolean along_y = k->axis == SC_PROJECTION_AXIS_Y;
  guint extent = along_y ? H : W;
  guint r1 = k->r1 == G_MAXUINT ? extent - 1 : k->r1, n_range = r1 - k->r0 + 1;
  guint last = k->last == G_MAXUINT ? Z - 1 : k->last;
  guint n_in = (last - k->first) / k->step + 1;
  g_autoptr(ScProjection) projection = sc_projection_new (stack, k->method);
  g_autoptr(ScStack) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *plane = g_malloc (sc_stack_get_plane_size (stack));
  g_autofree guint8 *got = NULL;
  g_autofree double *v = g_new (double, n_range);
  guint rw = along_y ? W : n_in, rh = along_y ? n_in : H;

  sc_projection_set_axis (projection, k->axis);
  sc_projection_set_range (projection, k->r0, k->r1);
  sc_projection_set_slices (projection, k->first, k->last, k->step);
  sc_projection_set_percentile (projection, k->q);
  sc_projection_set_n_threads (projection, 3);
  result = sc_projection_run (projection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_width (result), ==, rw);
  g_assert_cmpuint (sc_stack_get_height (result), ==, rh);
  g_assert_cmpuint (sc_stack_get_n_slices (result), ==, 1);
  g_assert_cmpuint (sc_stack_get_n_channels (result), ==, C);
  g_assert_cmpuint (sc_stack_get_n_frames (result), ==, T);
  g_assert_cmpint (sc_stack_get_sample_type (result), ==, rtype);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (result), ==, spp);
  got = g_malloc (sc_stack_get_plane_size (result));

  for (guint t = 0; t < T; t++)
    for (guint c = 0; c < C; c++)
      {
        g_assert_true (sc_stack_read_plane (result, sc_stack_plane_index (result, c, 0, t), got,
                                            NULL));
        for (guint i = 0; i < n_in; i++)
          {
            guint z = k->first + i * k->step;

            g_assert_true (sc_stack_read_plane (stack, sc_stack_plane_index (stack, c, z, t),
                                                plane, NULL));
            for (guint a = 0; a < (along_y ? W : H); a++)
              for (guint s = 0; s < spp; s++)
                {
                  gsize at = along_y ? ((gsize) i * W + a) * spp + s
                                     : ((gsize) a * n_in + i) * spp + s;
                  double want, have;

                  for (guint p = 0; p < n_range; p++)
                    {
                      guint x = along_y ? a : k->r0 + p, y = along_y ? k->r0 + p : a;
                      v[p] = sc_test_get_sample (type, plane, ((gsize) y * W + x) * spp + s);
                    }
                  want = brute_method (k->method, k->q, v, n_range);
                  have = sc_test_get_sample (rtype, got, at);
                  if (k->method == SC_PROJECTION_MAX || k->method == SC_PROJECTION_MIN)
                    g_assert_cmpfloat (have, ==, want);
                  else if (fabs (have - want) > 1e-5 * MAX (1, fabs (want)))
                    g_error ("%s %s axis %d: (c%u t%u z%u a%u s%u) %.9g, not %.9g",
                             sc_sample_type_to_string (type),
                             sc_projection_method_to_string (k->method), k->axis, c, t, z, a,
                             s, have, want);
                }
          }
      }
}

static void
check_all_methods (ScStack *stack)
{
  guint W = sc_stack_get_width (stack), H = sc_stack_get_height (stack);
  guint Z = sc_stack_get_n_slices (stack);

  for (ScProjectionMethod m = 0; m < SC_PROJECTION_N_METHODS; m++)
    for (ScProjectionAxis axis = SC_PROJECTION_AXIS_Y; axis <= SC_PROJECTION_AXIS_X; axis++)
      {
        guint extent = axis == SC_PROJECTION_AXIS_Y ? H : W;
        Case all = { axis, m, 30, 0, G_MAXUINT, 1, 0, G_MAXUINT };
        Case part = { axis, m, 75, Z > 2 ? 1 : 0, G_MAXUINT, Z > 3 ? 2 : 1,
                      extent > 2 ? 1 : 0, extent > 3 ? extent - 2 : extent - 1 };

        check_case (stack, &all);
        check_case (stack, &part);
      }
}

/* Every sample type on odd shapes: a row, a column, 3 x 5 x 7, one slice. */
static void
test_types_and_shapes (void)
{
  static const guint shapes[][3] = { { 1, 9, 4 }, { 9, 1, 4 }, { 3, 5, 7 }, { 6, 4, 1 },
                                     { 8, 6, 5 } };

  for (guint i = 0; i < G_N_ELEMENTS (all_types); i++)
    for (guint j = 0; j < G_N_ELEMENTS (shapes); j++)
      {
        g_autoptr(ScStack) stack = make_stack (all_types[i], shapes[j][0], shapes[j][1], 1,
                                               shapes[j][2], 1, 1);
        check_all_methods (stack);
      }
}

/* RGB, and hyperstacks of channels and frames: each sample, channel and frame apart. */
static void
test_rgb_and_hyperstack (void)
{
  g_autoptr(ScStack) rgb = make_stack (SC_SAMPLE_U8, 5, 4, 1, 3, 1, 3);
  g_autoptr(ScStack) rgb16 = make_stack (SC_SAMPLE_U16, 4, 5, 1, 4, 1, 3);
  g_autoptr(ScStack) hyper = make_stack (SC_SAMPLE_U16, 7, 5, 2, 4, 3, 1);
  g_autoptr(ScStack) hyper_f = make_stack (SC_SAMPLE_F32, 5, 6, 3, 3, 2, 1);

  check_all_methods (rgb);
  check_all_methods (rgb16);
  check_all_methods (hyper);
  check_all_methods (hyper_f);
}

/* One channel and one frame selected; steps of more than one slice through the engine's
 * plan (a tiny step size gives several steps). */
static void
test_select_and_steps (void)
{
  g_autoptr(ScStack) stack = make_stack (SC_SAMPLE_U16, 300, 200, 2, 40, 2, 1);
  g_autoptr(ScProjection) p = sc_projection_new (stack, SC_PROJECTION_MEAN);
  g_autoptr(ScStack) result = NULL;
  g_autoptr(ScStack) partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *got = NULL;
  g_autofree guint16 *plane = g_malloc (sc_stack_get_plane_size (stack));
  double fraction;

  sc_projection_set_axis (p, SC_PROJECTION_AXIS_X);
  sc_projection_set_channel (p, 1);
  sc_projection_set_frame (p, 1);
  g_assert_true (sc_projection_prepare (p, &error));
  g_assert_cmpuint (sc_projection_get_n_steps (p), >=, 1);
  fraction = sc_projection_step (p, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fraction, >, 0);
  partial = sc_projection_get_partial (p);
  g_assert_cmpuint (sc_stack_get_width (partial), ==, 40);
  while (!sc_projection_is_done (p))
    g_assert_cmpfloat (sc_projection_step (p, NULL, &error), >, 0);
  result = sc_projection_get_result (p);
  g_assert_cmpuint (sc_stack_get_n_planes (result), ==, 1);
  got = g_malloc (sc_stack_get_plane_size (result));
  g_assert_true (sc_stack_read_plane (result, 0, got, NULL));
  for (guint z = 0; z < 40; z += 13)
    {
      g_assert_true (sc_stack_read_plane (stack, sc_stack_plane_index (stack, 1, z, 1), plane,
                                          NULL));
      for (guint y = 0; y < 200; y += 7)
        {
          double sum = 0;

          for (guint x = 0; x < 300; x++)
            sum += plane[y * 300 + x];
          g_assert_cmpfloat_with_epsilon (got[y * 40 + z], sum / 300, 1e-3);
        }
    }
}

/* The result's calibration (the kept axes), name, description and range errors. */
static void
test_metadata (void)
{
  g_autoptr(ScStack) stack = make_stack (SC_SAMPLE_U8, 6, 5, 1, 4, 1, 1);
  g_autoptr(ScProjection) y = sc_projection_new (stack, SC_PROJECTION_MAX);
  g_autoptr(ScProjection) x = sc_projection_new (stack, SC_PROJECTION_SD);
  g_autoptr(ScProjection) bad = sc_projection_new (stack, SC_PROJECTION_MAX);
  g_autoptr(ScStack) ry = NULL;
  g_autoptr(ScStack) rx = NULL;
  g_autoptr(GError) error = NULL;
  const ScCalibration *cal;

  sc_projection_set_axis (y, SC_PROJECTION_AXIS_Y);
  sc_projection_set_range (y, 1, 3);
  ry = sc_projection_run (y, NULL, &error);
  g_assert_no_error (error);
  sc_projection_set_axis (x, SC_PROJECTION_AXIS_X);
  sc_projection_set_slices (x, 0, 3, 2);
  rx = sc_projection_run (x, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_width (rx), ==, 2);
  cal = sc_stack_get_calibration (ry);
  g_assert_cmpfloat (cal->pixel_width, ==, 0.1);
  g_assert_cmpfloat (cal->pixel_height, ==, 0.5);
  g_assert_cmpstr (cal->unit, ==, "micron");
  cal = sc_stack_get_calibration (rx);
  g_assert_cmpfloat (cal->pixel_width, ==, 0.5);
  g_assert_cmpfloat (cal->pixel_height, ==, 0.2);
  g_assert_cmpstr (sc_stack_get_display_name (ry), ==, "MAX_XZ_cells.tif");
  g_assert_cmpstr (sc_stack_get_display_name (rx), ==, "STD_YZ_cells.tif");
  g_assert_cmpstr (sc_stack_lookup_metadata (ry, "Projection"), ==,
                   "Maximum along Y of rows 1-3 and slices 1-4 of cells.tif");
  g_assert_cmpstr (sc_stack_lookup_metadata (rx, "Projection"), ==,
                   "Standard Deviation along X of columns 0-5 and slices 1-3 in steps of 2 of cells.tif");

  sc_projection_set_axis (bad, SC_PROJECTION_AXIS_Y);
  sc_projection_set_range (bad, 2, 5);
  g_assert_false (sc_projection_prepare (bad, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "Rows 2 to 5 are out of range: cells.tif has 5 rows (0 to 4)");
}

/* golgi: the max along Y and along X are the transposed maxima over rows and columns. */
static void
test_golgi (void)
{
  g_autofree char *path = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  guint W, H, Z;
  g_autofree guint16 *plane = NULL;
  g_autofree guint16 *want_y = NULL;
  g_autofree guint16 *want_x = NULL;

  if (path == NULL)
    return;
  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  W = sc_stack_get_width (stack);
  H = sc_stack_get_height (stack);
  Z = sc_stack_get_n_slices (stack);
  plane = g_malloc (sc_stack_get_plane_size (stack));
  want_y = g_new0 (guint16, (gsize) W * Z);
  want_x = g_new0 (guint16, (gsize) Z * H);
  for (guint z = 0; z < Z; z++)
    {
      g_assert_true (sc_stack_read_plane (stack, z, plane, &error));
      for (guint y = 0; y < H; y++)
        for (guint x = 0; x < W; x++)
          {
            guint16 v = plane[(gsize) y * W + x];

            want_y[(gsize) z * W + x] = MAX (want_y[(gsize) z * W + x], v);
            want_x[(gsize) y * Z + z] = MAX (want_x[(gsize) y * Z + z], v);
          }
    }
  for (ScProjectionAxis axis = SC_PROJECTION_AXIS_Y; axis <= SC_PROJECTION_AXIS_X; axis++)
    for (guint zero_copy = 0; zero_copy < 2; zero_copy++)
      {
        g_autoptr(ScProjection) p = sc_projection_new (stack, SC_PROJECTION_MAX);
        g_autoptr(ScStack) result = NULL;
        g_autofree guint16 *got = NULL;
        const ScCalibration *in = sc_stack_get_calibration (stack);
        const ScCalibration *cal;

        sc_projection_set_axis (p, axis);
        sc_projection_set_zero_copy (p, zero_copy);
        result = sc_projection_run (p, NULL, &error);
        g_assert_no_error (error);
        got = g_malloc (sc_stack_get_plane_size (result));
        g_assert_true (sc_stack_read_plane (result, 0, got, &error));
        cal = sc_stack_get_calibration (result);
        g_assert_cmpfloat (in->pixel_depth, >, 0);
        if (axis == SC_PROJECTION_AXIS_Y)
          {
            g_assert_cmpmem (got, sc_stack_get_plane_size (result), want_y, (gsize) W * Z * 2);
            g_assert_cmpfloat (cal->pixel_height, ==, in->pixel_depth);
          }
        else
          {
            g_assert_cmpmem (got, sc_stack_get_plane_size (result), want_x, (gsize) Z * H * 2);
            g_assert_cmpfloat (cal->pixel_width, ==, in->pixel_depth);
          }
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/projection-axis/types-and-shapes", test_types_and_shapes);
  g_test_add_func ("/projection-axis/rgb-and-hyperstack", test_rgb_and_hyperstack);
  g_test_add_func ("/projection-axis/select-and-steps", test_select_and_steps);
  g_test_add_func ("/projection-axis/metadata", test_metadata);
  g_test_add_func ("/projection-axis/golgi", test_golgi);

  return g_test_run ();
}
