/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "sc-memory-source.h"
#include "sc-projection.h"
#include "sc-slab.h"
#include "sc-test-util.h"
#include "sc-view-state.h"

#define W 11
#define H 6
#define C 2
#define Z 9
#define T 2

static ScStack *
make_stack (void)
{
  gsize n = (gsize) W * H * C * Z * T;
  guint8 *data = g_malloc (n * 2);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < n; i++)
    sc_test_set_sample (SC_SAMPLE_U16, data, i, (double) ((guint32) ((i + 7) * 2654435761u) >> 16));
  bytes = g_bytes_new_take (data, n * 2);
  return sc_memory_stack_new ("slab.tif", W, H, C, Z, T, SC_SAMPLE_U16, 1, bytes);
}

static void
test_planes (void)
{
  guint first, last;

  sc_slab_get_planes (25, 12, 11, &first, &last);
  g_assert_cmpuint (first, ==, 7);
  g_assert_cmpuint (last, ==, 17);
  sc_slab_get_planes (25, 0, 11, &first, &last);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, 5);
  sc_slab_get_planes (25, 24, 11, &first, &last);
  g_assert_cmpuint (first, ==, 19);
  g_assert_cmpuint (last, ==, 24);
  sc_slab_get_planes (3, 1, 11, &first, &last);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, 2);
  sc_slab_get_planes (200, 100, 3, &first, &last);
  g_assert_cmpuint (first, ==, 99);
  g_assert_cmpuint (last, ==, 101);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The method over values v[0..n-1], as ImageJ's Z Project defines it. */
static double
reference (ScProjectionMethod method,
           double            *v,
           guint              n)
{
  double sum = 0, mean, ss = 0, best = v[0];

  for (guint i = 0; i < n; i++)
    {
      sum += v[i];
      best = method == SC_PROJECTION_MIN ? MIN (best, v[i]) : MAX (best, v[i]);
    }
  mean = sum / n;
  for (guint i = 0; i < n; i++)
    ss += (v[i] - mean) * (v[i] - mean);
  switch (method)
    {
    case SC_PROJECTION_MAX:
    case SC_PROJECTION_MIN:
      return best;
    case SC_PROJECTION_SUM:
      return sum;
    case SC_PROJECTION_MEAN:
      return mean;
    case SC_PROJECTION_SD:
      return sqrt (ss / (n - 1));
    case SC_PROJECTION_MEDIAN:
      qsort (v, n, sizeof (double), compare_double);
      return v[n / 2];
    case SC_PROJECTION_PERCENTILE:
    default:
      g_assert_not_reached ();
    }
}

static void
check_slab (ScStack            *stack,
            ScProjectionMethod  method,
            guint               first,
            guint               last,
            guint               frame,
            int                 channel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSlab) slab = sc_slab_project (stack, method, first, last, frame, channel, NULL,
                                            &error);
  guint n = last - first + 1;
  guint nc = channel < 0 ? C : 1;
  g_autofree guint8 *row = g_malloc (sc_stack_get_row_stride (stack));
  g_autofree double *column = g_new (double, n);

  g_assert_no_error (error);
  g_assert_nonnull (slab);
  g_assert_cmpuint (slab->first, ==, first);
  g_assert_cmpuint (slab->last, ==, last);
  g_assert_cmpuint (sc_stack_get_n_channels (slab->stack), ==, nc);
  g_assert_cmpuint (sc_stack_get_n_slices (slab->stack), ==, 1);
  g_assert_cmpuint (sc_stack_get_n_frames (slab->stack), ==, 1);
  g_assert_true ((slab->ranges != NULL) == (method == SC_PROJECTION_SD));

  for (guint k = 0; k < nc; k++)
    {
      guint c = channel < 0 ? k : (guint) channel;
      g_autofree guint8 *out = g_malloc (sc_stack_get_row_stride (slab->stack));

      for (guint y = 0; y < H; y++)
        {
          g_assert_true (sc_stack_read_rows (slab->stack, sc_stack_plane_index (slab->stack, k, 0, 0),
                                             y, 1, out, NULL));
          for (guint x = 0; x < W; x++)
            {
              double want, got;

              for (guint z = first; z <= last; z++)
                {
                  g_assert_true (sc_stack_read_rows (stack, sc_stack_plane_index (stack, c, z, frame),
                                                     y, 1, row, NULL));
                  column[z - first] = sc_test_get_sample (SC_SAMPLE_U16, row, x);
                }
              want = reference (method, column, n);
              got = sc_test_get_sample (sc_stack_get_sample_type (slab->stack), out, x);
              g_assert_cmpfloat_with_epsilon (got, want, 1e-3 * MAX (1, fabs (want)));
            }
        }
      if (slab->ranges != NULL)
        g_assert_cmpfloat (slab->ranges[2 * k], <, slab->ranges[2 * k + 1]);
    }
}

static void
test_brute_force (void)
{
  g_autoptr(ScStack) stack = make_stack ();
  ScProjectionMethod methods[] = { SC_PROJECTION_MAX, SC_PROJECTION_MIN, SC_PROJECTION_SUM,
                                   SC_PROJECTION_MEAN, SC_PROJECTION_SD, SC_PROJECTION_MEDIAN };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      check_slab (stack, methods[i], 2, 6, 1, SC_PROJECTION_ALL);
      check_slab (stack, methods[i], 0, 4, 0, 1);
      check_slab (stack, methods[i], 6, 8, 1, 0);
    }
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static ScSlab *
run_async (ScStack       *stack,
           GCancellable  *cancellable,
           gboolean       cancel_after_start,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_slab_project_async (stack, SC_PROJECTION_MAX, 1, 7, 0, SC_PROJECTION_ALL, cancellable,
                         done_cb, &result);
  if (cancel_after_start)
    g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return sc_slab_project_finish (result, error);
}

/* A slab cancelled (before it starts, or while it runs) is never handed over. */
static void
test_async_cancel (void)
{
  g_autoptr(ScStack) stack = make_stack ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) late = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSlab) slab = run_async (stack, NULL, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (slab);
  g_assert_cmpuint (sc_stack_get_n_channels (slab->stack), ==, C);

  g_cancellable_cancel (cancellable);
  g_clear_pointer (&slab, sc_slab_free);
  slab = run_async (stack, cancellable, FALSE, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (slab);
  g_clear_error (&error);

  /* cancelled on the main thread after it was started: the main context has not seen its
   * end yet, so whatever the worker made is dropped */
  slab = run_async (stack, late, TRUE, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (slab);
}

/* The view's looks over the slab's pixels: plane indices into the slab, the ranges it
 * brings, and the same snapshot (so the same tiles) while nothing that shows changes. */
static void
test_snapshot (void)
{
  g_autoptr(ScStack) stack = make_stack ();
  g_autoptr(ScViewState) vs = sc_view_state_new (stack);
  g_autoptr(ScSlab) all = sc_slab_project (stack, SC_PROJECTION_MAX, 2, 6, 1, -1, NULL, NULL);
  g_autoptr(ScSlab) one = sc_slab_project (stack, SC_PROJECTION_SD, 2, 6, 1, 1, NULL, NULL);
  g_autoptr(ScViewSnapshot) plane = NULL;
  g_autoptr(ScViewSnapshot) a = NULL;
  g_autoptr(ScViewSnapshot) b = NULL;
  g_autoptr(ScViewSnapshot) c = NULL;
  g_autoptr(ScViewSnapshot) d = NULL;
  guint z, t;

  sc_view_state_set_composite (vs, TRUE);
  sc_view_state_set_range (vs, 0, 10, 2000);
  sc_view_state_set_position (vs, 0, 4, 1);
  plane = sc_view_state_snapshot (vs);
  a = sc_view_snapshot_new_for_stack (plane, all->stack, -1, NULL, NULL);
  g_assert_true (sc_view_snapshot_get_stack (a) == all->stack);
  g_assert_cmpuint (sc_view_snapshot_get_serial (a), !=, sc_view_snapshot_get_serial (plane));
  sc_view_snapshot_get_position (a, NULL, &z, &t);
  g_assert_cmpuint (z, ==, 0);
  g_assert_cmpuint (t, ==, 0);
  g_assert_true (sc_view_snapshot_get_composite (a));
  g_assert_cmpfloat (sc_view_snapshot_get_params (a, 0)->max, ==, 2000);

  /* the plane moves on, the looks stay: the same snapshot */
  sc_view_state_set_slice (vs, 5);
  g_clear_pointer (&plane, sc_view_snapshot_unref);
  plane = sc_view_state_snapshot (vs);
  b = sc_view_snapshot_new_for_stack (plane, all->stack, -1, NULL, a);
  g_assert_true (b == a);

  /* a range changes: a new one */
  sc_view_state_set_range (vs, 0, 10, 3000);
  g_clear_pointer (&plane, sc_view_snapshot_unref);
  plane = sc_view_state_snapshot (vs);
  c = sc_view_snapshot_new_for_stack (plane, all->stack, -1, NULL, a);
  g_assert_true (c != a);
  g_assert_cmpfloat (sc_view_snapshot_get_params (c, 0)->max, ==, 3000);

  /* one channel's slab, with its own range */
  sc_view_state_set_composite (vs, FALSE);
  sc_view_state_set_channel (vs, 1);
  g_clear_pointer (&plane, sc_view_snapshot_unref);
  plane = sc_view_state_snapshot (vs);
  d = sc_view_snapshot_new_for_stack (plane, one->stack, 1, one->ranges, NULL);
  g_assert_cmpfloat (sc_view_snapshot_get_params (d, 1)->min, ==, one->ranges[0]);
  g_assert_cmpfloat (sc_view_snapshot_get_params (d, 1)->max, ==, one->ranges[1]);
  g_assert_cmpfloat (sc_view_snapshot_get_params (d, 0)->max, ==,
                     sc_view_snapshot_get_params (plane, 0)->max);
}

/* The real golgi stack: the slab of 11 planes around plane 13 is their maximum. */
static void
test_golgi (void)
{
  g_autofree char *path = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScSlab) slab = NULL;
  guint w, h, first, last;
  g_autofree guint16 *plane = NULL;
  g_autofree guint16 *want = NULL;
  g_autofree guint16 *got = NULL;

  if (path == NULL)
    return;
  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  w = sc_stack_get_width (stack);
  h = sc_stack_get_height (stack);
  sc_slab_get_planes (sc_stack_get_n_slices (stack), 12, 11, &first, &last);
  g_assert_cmpuint (first, ==, 7);
  g_assert_cmpuint (last, ==, 17);
  plane = g_new (guint16, (gsize) w * h);
  want = g_new0 (guint16, (gsize) w * h);
  got = g_new (guint16, (gsize) w * h);
  for (guint z = first; z <= last; z++)
    {
      g_assert_true (sc_stack_read_rows (stack, sc_stack_plane_index (stack, 0, z, 0), 0, h,
                                         plane, &error));
      for (gsize i = 0; i < (gsize) w * h; i++)
        want[i] = MAX (want[i], plane[i]);
    }
  slab = sc_slab_project (stack, SC_PROJECTION_MAX, first, last, 0, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sc_stack_get_sample_type (slab->stack), ==, SC_SAMPLE_U16);
  g_assert_true (sc_stack_read_rows (slab->stack, 0, 0, h, got, &error));
  g_assert_cmpmem (got, (gsize) w * h * 2, want, (gsize) w * h * 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/slab/planes", test_planes);
  g_test_add_func ("/core/slab/brute-force", test_brute_force);
  g_test_add_func ("/core/slab/async-cancel", test_async_cancel);
  g_test_add_func ("/core/slab/snapshot", test_snapshot);
  g_test_add_func ("/core/slab/golgi", test_golgi);

  return g_test_run ();
}
