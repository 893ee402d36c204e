/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-demo-stack.h"
#include "sc-error.h"
#include "sc-memory-source.h"
#include "sc-method.h"
#include "sc-source.h"
#include "sc-stack-stats.h"
#include "sc-test-util.h"

/* A source that never maps its data, as a compressed TIFF, and can fail a plane or
 * cancel a cancellable as it reads one. */
#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, ScSource)

struct _TestSource
{
  ScSource      parent_instance;
  GBytes       *data;
  gsize         row_stride;
  gsize         plane_size;
  guint         fail_plane;
  guint         cancel_plane;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, SC_TYPE_SOURCE)

static void
test_source_finalize (GObject *object)
{
  TestSource *self = TEST_SOURCE (object);

  g_bytes_unref (self->data);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (test_source_parent_class)->finalize (object);
}

static gboolean
test_source_read_rows (ScSource  *source,
                       guint      plane,
                       guint      y0,
                       guint      n_rows,
                       gpointer   dest,
                       GError   **error)
{
  TestSource *self = TEST_SOURCE (source);
  const guint8 *base = g_bytes_get_data (self->data, NULL);

  if (plane == self->fail_plane)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, "plane %u is broken", plane + 1);
      return FALSE;
    }
  if (plane == self->cancel_plane)
    g_cancellable_cancel (self->cancellable);
  memcpy (dest, base + plane * self->plane_size + y0 * self->row_stride, n_rows * self->row_stride);
  return TRUE;
}

static void
test_source_class_init (TestSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_source_finalize;
  SC_SOURCE_CLASS (klass)->read_rows = test_source_read_rows;
}

static void
test_source_init (TestSource *self)
{
  self->fail_plane = G_MAXUINT;
  self->cancel_plane = G_MAXUINT;
}

typedef struct {
  guint         width, height, C, Z, T, spp;
  ScSampleType  type;
  GBytes       *data;
} Fixture;

static const ScSampleType all_types[] = {
  SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_U32, SC_SAMPLE_I8, SC_SAMPLE_I16, SC_SAMPLE_I32,
  SC_SAMPLE_F32,
};

/* Random values over the type's range, each plane offset so that planes differ in
 * range; f32 with NaNs. */
static void
fixture_init (Fixture      *f,
              ScSampleType  type,
              guint         width,
              guint         height,
              guint         C,
              guint         Z,
              guint         T,
              guint         spp,
              guint32       seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize plane = (gsize) width * height * spp;
  gsize n = plane * C * Z * T;
  guint8 *data = g_malloc (n * sc_sample_type_size (type));
  double lo, hi;

  sc_sample_type_get_range (type, &lo, &hi);
  if (type == SC_SAMPLE_F32)
    lo = -1000, hi = 1000;
  for (gsize i = 0; i < n; i++)
    {
      double span = (hi - lo) / (2 + (i / plane) % 5);
      double v = g_rand_double_range (rand, lo, lo + span)
                 + (hi - lo - span) * ((i / plane) % 3) / 2;

      if (type == SC_SAMPLE_F32 && g_rand_int_range (rand, 0, 7) == 0)
        v = NAN;
      else if (type != SC_SAMPLE_F32)
        v = CLAMP (floor (v), lo, hi);
      sc_test_set_sample (type, data, i, v);
    }

  *f = (Fixture) { width, height, C, Z, T, spp, type,
                   g_bytes_new_take (data, n * sc_sample_type_size (type)) };
}

static void
fixture_clear (Fixture *f)
{
  g_clear_pointer (&f->data, g_bytes_unref);
}

static ScStack *
make_source_stack (const Fixture *f,
                   gboolean       copy_only,
                   TestSource   **out_source)
{
  TestSource *source;
  ScStackInfo *info;
  ScStack *stack;

  if (!copy_only)
    return sc_memory_stack_new ("test.tif", f->width, f->height, f->C, f->Z, f->T, f->type,
                                f->spp, f->data);

  source = g_object_new (TEST_TYPE_SOURCE, NULL);
  source->data = g_bytes_ref (f->data);
  source->row_stride = (gsize) f->width * f->spp * sc_sample_type_size (f->type);
  source->plane_size = source->row_stride * f->height;
  info = sc_source_get_info (SC_SOURCE (source));
  info->format = g_strdup ("Test");
  info->width = f->width;
  info->height = f->height;
  info->n_channels = f->C;
  info->n_slices = f->Z;
  info->n_frames = f->T;
  info->sample_type = f->type;
  info->samples_per_pixel = f->spp;
  stack = sc_stack_new_for_source (SC_SOURCE (source), "copy.tif");
  if (out_source != NULL)
    *out_source = source;
  g_object_unref (source);
  return stack;
}

static ScStack *
make_stack (const Fixture *f,
            gboolean       copy_only)
{
  return make_source_stack (f, copy_only, NULL);
}

/* ---- Brute force ---- */

/* The histogram of planes[0 .. n_planes) of stack, one sample at a time. */
static ScHistogram *
brute_histogram (ScStack     *stack,
                 const guint *planes,
                 guint        n_planes)
{
  ScSampleType type = sc_stack_get_sample_type (stack);
  gsize n = (gsize) sc_stack_get_width (stack) * sc_stack_get_height (stack)
            * sc_stack_get_samples_per_pixel (stack);
  g_autofree guint8 *buf = g_malloc (sc_stack_get_plane_size (stack));
  gboolean exact = type == SC_SAMPLE_U8 || type == SC_SAMPLE_U16 || type == SC_SAMPLE_I8
                   || type == SC_SAMPLE_I16;
  double lo = INFINITY, hi = -INFINITY;
  ScHistogram *h = g_new0 (ScHistogram, 1);

  h->type = type;
  h->data_min = INFINITY;
  h->data_max = -INFINITY;
  if (exact)
    {
      double tmax;

      sc_sample_type_get_range (type, &h->min, &tmax);
      h->n_bins = (guint) (tmax - h->min + 1);
      h->bin_width = 1;
    }
  else
    {
      for (guint p = 0; p < n_planes; p++)
        {
          g_assert_true (sc_stack_read_plane (stack, planes[p], buf, NULL));
          for (gsize i = 0; i < n; i++)
            {
              double v = sc_test_get_sample (type, buf, i);
              if (!isnan (v))
                lo = MIN (lo, v), hi = MAX (hi, v);
            }
        }
      if (lo > hi)
        lo = 0, hi = 1;
      if (hi <= lo)
        hi = lo + 1;
      hi += (hi - lo) * 1e-6;
      h->n_bins = 4096;
      h->min = lo;
      h->bin_width = (hi - lo) / 4096;
    }
  h->counts = g_new0 (guint64, h->n_bins);

  for (guint p = 0; p < n_planes; p++)
    {
      g_assert_true (sc_stack_read_plane (stack, planes[p], buf, NULL));
      for (gsize i = 0; i < n; i++)
        {
          double v = sc_test_get_sample (type, buf, i);
          double b;

          if (isnan (v))
            continue;
          b = floor ((v - h->min) / h->bin_width);
          h->counts[(guint) CLAMP (b, 0, h->n_bins - 1)]++;
          h->total++;
          h->sum += v;
          h->data_min = MIN (h->data_min, v);
          h->data_max = MAX (h->data_max, v);
        }
    }
  return h;
}

static void
assert_histogram (const ScHistogram *h,
                  const ScHistogram *expected,
                  gboolean           same_sum)
{
  g_assert_nonnull (h);
  g_assert_cmpint (h->type, ==, expected->type);
  g_assert_cmpuint (h->n_bins, ==, expected->n_bins);
  g_assert_cmpfloat (h->min, ==, expected->min);
  g_assert_cmpfloat (h->bin_width, ==, expected->bin_width);
  g_assert_cmpuint (h->total, ==, expected->total);
  g_assert_cmpfloat (h->data_min, ==, expected->data_min);
  g_assert_cmpfloat (h->data_max, ==, expected->data_max);
  g_assert_cmpmem (h->counts, h->n_bins * sizeof (guint64),
                   expected->counts, expected->n_bins * sizeof (guint64));
  /* Integers sum exactly; floats up to the order of the additions. */
  if (same_sum || sc_sample_type_is_integer (h->type))
    g_assert_cmpfloat (h->sum, ==, expected->sum);
  else
    g_assert_cmpfloat_with_epsilon (h->sum, expected->sum,
                                    1e-9 * MAX (1, fabs (expected->sum)) * h->total);
}

static guint *
channel_planes (ScStack *stack,
                guint    c,
                guint   *n)
{
  guint nz = sc_stack_get_n_slices (stack), nt = sc_stack_get_n_frames (stack);
  guint *planes = g_new (guint, nz * nt);

  for (guint t = 0; t < nt; t++)
    for (guint z = 0; z < nz; z++)
      planes[t * nz + z] = sc_stack_plane_index (stack, c, z, t);
  *n = nz * nt;
  return planes;
}

/* ---- Histograms ---- */

static void
check_stack_histograms (ScStack *stack)
{
  for (guint p = 0; p < sc_stack_get_n_planes (stack); p++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScHistogram) h = sc_stack_stats_plane_histogram (stack, p, NULL, &error);
      g_autoptr(ScHistogram) expected = brute_histogram (stack, &p, 1);

      g_assert_no_error (error);
      assert_histogram (h, expected, TRUE);
    }
  for (guint c = 0; c < sc_stack_get_n_channels (stack); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScHistogram) h = sc_stack_stats_channel_histogram (stack, c, NULL, &error);
      guint n;
      g_autofree guint *planes = channel_planes (stack, c, &n);
      g_autoptr(ScHistogram) expected = brute_histogram (stack, planes, n);

      g_assert_no_error (error);
      assert_histogram (h, expected, FALSE);
    }
}

static void
test_histograms (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (guint copy = 0; copy < 2; copy++)
      {
        Fixture f;
        g_autoptr(ScStack) stack = NULL;

        fixture_init (&f, all_types[t], 37, 11, 2, 5, 3, 1, 10 + t);
        stack = make_stack (&f, copy);
        check_stack_histograms (stack);
        fixture_clear (&f);
      }

  /* planes of more than 65536 samples, which 8- and 16-bit types count in several tables
   * at once (sc-histogram.c), with an odd width for the samples left over in each row */
  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    {
      Fixture f;
      g_autoptr(ScStack) stack = NULL;

      fixture_init (&f, all_types[t], 301, 223, 1, 2, 1, 1, 40 + t);
      stack = make_stack (&f, FALSE);
      check_stack_histograms (stack);
      fixture_clear (&f);
    }
}

static void
test_rgb (void)
{
  static const ScSampleType types[] = { SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_F32 };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      Fixture f;
      g_autoptr(ScStack) stack = NULL;
      g_autoptr(ScHistogram) h = NULL;

      fixture_init (&f, types[t], 19, 9, 1, 4, 1, 3, 90 + t);
      stack = make_stack (&f, FALSE);
      check_stack_histograms (stack);
      /* every component of every pixel */
      h = sc_stack_stats_plane_histogram (stack, 0, NULL, NULL);
      if (types[t] != SC_SAMPLE_F32)
        g_assert_cmpuint (h->total, ==, 19 * 9 * 3);
      fixture_clear (&f);
    }
}

/* Planes of NaNs only: nothing counted, bins over 0..1, and no automatic range. */
static void
test_nan (void)
{
  gsize n = 8 * 6 * 3;
  float *data = g_new (float, n);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScStack) stack = NULL;
  double min, max;

  for (gsize i = 0; i < n; i++)
    data[i] = i < 8 * 6 * 2 ? NAN : (float) i;
  bytes = g_bytes_new_take (data, n * sizeof (float));
  stack = sc_memory_stack_new ("nan.tif", 8, 6, 1, 3, 1, SC_SAMPLE_F32, 1, bytes);
  {
    g_autoptr(ScHistogram) h = sc_stack_stats_plane_histogram (stack, 0, NULL, NULL);

    g_assert_cmpuint (h->total, ==, 0);
    g_assert_cmpfloat (h->min, ==, 0);
    g_assert_false (sc_stack_stats_auto_range (h, &min, &max));
  }
  check_stack_histograms (stack);
  {
    /* The channel's range is that of its one plane with values. */
    g_autoptr(ScHistogram) h = sc_stack_stats_channel_histogram (stack, 0, NULL, NULL);

    g_assert_cmpuint (h->total, ==, 8 * 6);
    g_assert_cmpfloat (h->data_min, ==, 96);
    g_assert_cmpfloat (h->data_max, ==, 143);
    g_assert_cmpfloat (h->min, ==, 96);
  }
}

/* ---- Summary ---- */

/* Every type, mapped and copied, grey and RGB: the extremes and the mean of all samples
 * (NaNs skipped), the mean summed in plane order as one loop over the data would. */
static void
test_summary (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (all_types); k++)
    for (guint spp = 1; spp <= 3; spp += 2)
      for (int copy_only = 0; copy_only < 2; copy_only++)
        {
          Fixture f;
          g_autoptr(ScStack) stack = NULL;
          const guint8 *data;
          gsize n;
          double lo = INFINITY, hi = -INFINITY, sum = 0, min, max, mean;
          guint64 count = 0;

          fixture_init (&f, all_types[k], 19, 7, 2, 3, 2, spp, 40 + k);
          stack = make_stack (&f, copy_only);
          data = g_bytes_get_data (f.data, &n);
          n /= sc_sample_type_size (f.type);
          for (gsize i = 0; i < n; i++)
            {
              double v = sc_test_get_sample (f.type, data, i);

              if (isnan (v))
                continue;
              lo = MIN (lo, v);
              hi = MAX (hi, v);
              sum += v;
              count++;
            }
          g_assert_true (sc_stack_stats_summary (stack, &min, &max, &mean, NULL, NULL));
          g_assert_cmpfloat (min, ==, lo);
          g_assert_cmpfloat (max, ==, hi);
          g_assert_cmpfloat (mean, ==, sum / count);
          fixture_clear (&f);
        }

  {
    /* NaNs only: no number at all */
    float nan_plane[4] = { NAN, NAN, NAN, NAN };
    g_autoptr(GBytes) bytes = g_bytes_new (nan_plane, sizeof nan_plane);
    g_autoptr(ScStack) stack = NULL;
    double min, max, mean;

    stack = sc_memory_stack_new ("nan.tif", 2, 2, 1, 1, 1, SC_SAMPLE_F32, 1, bytes);
    g_assert_true (sc_stack_stats_summary (stack, &min, &max, &mean, NULL, NULL));
    g_assert_cmpfloat (min, ==, INFINITY);
    g_assert_cmpfloat (max, ==, -INFINITY);
    g_assert_true (isnan (mean));
  }
}

/* ---- Profiles ---- */

static void
test_profile (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (guint copy = 0; copy < 2; copy++)
      {
        Fixture f;
        g_autoptr(ScStack) stack = NULL;
        guint spp = t % 2 ? 3 : 1;
        gsize plane_bytes;

        fixture_init (&f, all_types[t], 13, 7, 2, 6, 4, spp, 50 + t);
        stack = make_stack (&f, copy);
        plane_bytes = sc_stack_get_plane_size (stack);
        for (guint axis = 0; axis < 2; axis++)
          for (guint c = 0; c < 2; c++)
            {
              guint x = 12 - c * 5, y = 3 + c * 2, z = 4, tt = 1;
              g_autoptr(GError) error = NULL;
              guint n = 0;
              g_autofree double *values = sc_stack_stats_profile (stack, c, z, tt, x, y, axis, &n,
                                                                   NULL, &error);

              g_assert_no_error (error);
              g_assert_cmpuint (n, ==, axis == SC_PROFILE_ALONG_Z ? 6 : 4);
              for (guint i = 0; i < n; i++)
                {
                  guint index = sc_stack_plane_index (stack, c, axis ? z : i, axis ? i : tt);
                  const guint8 *plane = (const guint8 *) g_bytes_get_data (f.data, NULL)
                                        + index * plane_bytes;
                  double expected = sc_test_get_sample (f.type, plane, ((gsize) y * 13 + x) * spp);

                  if (isnan (expected))
                    g_assert_true (isnan (values[i]));
                  else
                    g_assert_cmpfloat (values[i], ==, expected);
                }
            }
        fixture_clear (&f);
      }
}

/* ---- Auto range ---- */

static void
test_auto_range (void)
{
  Fixture f;
  g_autoptr(ScStack) stack = NULL;
  double min = 0, max = 0, hmin, hmax;

  g_assert_false (sc_stack_stats_auto_range (NULL, &min, &max));

  fixture_init (&f, SC_SAMPLE_U16, 64, 32, 1, 2, 1, 1, 7);
  stack = make_stack (&f, FALSE);
  {
    g_autoptr(ScHistogram) h = sc_stack_stats_channel_histogram (stack, 0, NULL, NULL);

    g_assert_true (sc_stack_stats_auto_range (h, &min, &max));
    g_assert_true (sc_histogram_auto_contrast (h, 0.35, &hmin, &hmax));
    g_assert_cmpfloat (min, ==, hmin);
    g_assert_cmpfloat (max, ==, hmax);
    g_assert_cmpfloat (max, >, min);
  }
  fixture_clear (&f);

  /* One value throughout: the range is one wide, never empty. */
  {
    guint8 *data = g_malloc (10 * 10);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(ScStack) flat = NULL;
    g_autoptr(ScHistogram) h = NULL;

    memset (data, 77, 100);
    bytes = g_bytes_new_take (data, 100);
    flat = sc_memory_stack_new ("flat.tif", 10, 10, 1, 1, 1, SC_SAMPLE_U8, 1, bytes);
    h = sc_stack_stats_plane_histogram (flat, 0, NULL, NULL);
    g_assert_true (sc_stack_stats_auto_range (h, &min, &max));
    g_assert_cmpfloat (min, ==, 77);
    g_assert_cmpfloat (max, ==, 78);
  }
}

/* ---- Errors and cancellation ---- */

static void
test_errors (void)
{
  Fixture f;
  g_autoptr(ScStack) stack = NULL;
  TestSource *source;
  g_autoptr(GError) error = NULL;
  guint n = 99;

  fixture_init (&f, SC_SAMPLE_F32, 16, 8, 1, 30, 1, 1, 3);
  stack = make_source_stack (&f, TRUE, &source);
  source->fail_plane = 17;

  g_assert_null (sc_stack_stats_plane_histogram (stack, 17, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_null (sc_stack_stats_channel_histogram (stack, 0, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, "plane 18 is broken");
  g_clear_error (&error);
  g_assert_null (sc_stack_stats_profile (stack, 0, 0, 0, 3, 3, SC_PROFILE_ALONG_Z, &n, NULL,
                                         &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_assert_cmpuint (n, ==, 0);
  g_clear_error (&error);
  g_assert_false (sc_stack_stats_summary (stack, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, "plane 18 is broken");
  fixture_clear (&f);
}

static void
test_cancel (void)
{
  Fixture f;
  g_autoptr(ScStack) stack = NULL;
  TestSource *source;

  fixture_init (&f, SC_SAMPLE_U16, 16, 8, 1, 200, 1, 1, 4);
  stack = make_source_stack (&f, TRUE, &source);

  /* Cancelled before: nothing is read. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_null (sc_stack_stats_plane_histogram (stack, 0, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_null (sc_stack_stats_channel_histogram (stack, 0, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_null (sc_stack_stats_profile (stack, 0, 0, 0, 1, 1, SC_PROFILE_ALONG_Z, NULL,
                                           cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  /* Cancelled while reading plane 5 of 200: the loop stops. */
  for (guint what = 0; what < 2; what++)
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&source->cancellable);
      source->cancellable = g_cancellable_new ();
      source->cancel_plane = 5;
      if (what == 0)
        g_assert_null (sc_stack_stats_channel_histogram (stack, 0, source->cancellable, &error));
      else
        g_assert_null (sc_stack_stats_profile (stack, 0, 0, 0, 1, 1, SC_PROFILE_ALONG_Z, NULL,
                                               source->cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
  fixture_clear (&f);
}

/* ---- Async twins ---- */

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static GAsyncResult *
wait_result (Wait *w)
{
  g_main_loop_run (w->loop);
  return w->result;
}

static void
test_async (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (guint cancel = 0; cancel < 2; cancel++)
      {
        Fixture f;
        g_autoptr(ScStack) stack = NULL;
        g_autoptr(GCancellable) cancellable = g_cancellable_new ();
        Wait w = { g_main_loop_new (NULL, FALSE), NULL };
        g_autoptr(GError) error = NULL;
        ScHistogram *h;
        double *values;
        guint n = 99;

        fixture_init (&f, all_types[t], 21, 17, 2, 9, 2, 1, 70 + t);
        stack = make_stack (&f, t % 2);
        if (cancel)
          g_cancellable_cancel (cancellable);

        sc_stack_stats_plane_histogram_async (stack, 5, cancellable, got_result, &w);
        h = sc_stack_stats_plane_histogram_finish (wait_result (&w), &error);
        g_clear_object (&w.result);
        if (cancel)
          {
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
            g_clear_error (&error);
          }
        else
          {
            g_autoptr(ScHistogram) sync = sc_stack_stats_plane_histogram (stack, 5, NULL, NULL);

            assert_histogram (h, sync, TRUE);
            sc_histogram_free (h);
          }

        sc_stack_stats_channel_histogram_async (stack, 1, cancellable, got_result, &w);
        h = sc_stack_stats_channel_histogram_finish (wait_result (&w), &error);
        g_clear_object (&w.result);
        if (cancel)
          {
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
            g_clear_error (&error);
          }
        else
          {
            g_autoptr(ScHistogram) sync = sc_stack_stats_channel_histogram (stack, 1, NULL, NULL);

            /* the same sum too: planes add in order, whichever thread counted them */
            assert_histogram (h, sync, TRUE);
            sc_histogram_free (h);
          }

        sc_stack_stats_profile_async (stack, 1, 3, 1, 20, 16, SC_PROFILE_ALONG_Z, cancellable,
                                      got_result, &w);
        values = sc_stack_stats_profile_finish (wait_result (&w), &n, &error);
        g_clear_object (&w.result);
        if (cancel)
          {
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
            g_assert_null (values);
            g_assert_cmpuint (n, ==, 0);
          }
        else
          {
            guint sync_n;
            g_autofree double *sync = NULL;

            sync = sc_stack_stats_profile (stack, 1, 3, 1, 20, 16, SC_PROFILE_ALONG_Z, &sync_n,
                                           NULL, NULL);

            g_assert_cmpuint (n, ==, 9);
            g_assert_cmpuint (sync_n, ==, 9);
            g_assert_cmpmem (values, n * sizeof (double), sync, sync_n * sizeof (double));
            g_free (values);
          }
        g_main_loop_unref (w.loop);
        fixture_clear (&f);
      }
}

/* ---- Real stacks ---- */

static void
test_demo_stack (void)
{
  g_autoptr(ScStack) stack = sc_demo_stack_new ();
  guint w = sc_stack_get_width (stack), h = sc_stack_get_height (stack);
  guint nz = sc_stack_get_n_slices (stack);

  g_assert_cmpuint (sc_stack_get_n_channels (stack), ==, 3);
  for (guint c = 0; c < 3; c++)
    {
      g_autoptr(ScHistogram) hist = sc_stack_stats_channel_histogram (stack, c, NULL, NULL);
      guint n;
      g_autofree guint *planes = channel_planes (stack, c, &n);
      g_autoptr(ScHistogram) expected = brute_histogram (stack, planes, n);
      double min, max;

      g_assert_cmpuint (hist->total, ==, (guint64) w * h * nz);
      assert_histogram (hist, expected, TRUE);
      g_assert_true (sc_stack_stats_auto_range (hist, &min, &max));
      g_assert_cmpfloat (min, <, max);
      g_assert_cmpfloat (min, >=, hist->data_min);
      g_assert_cmpfloat (max, <=, hist->data_max);
    }
}

static void
test_golgi (void)
{
  g_autofree char *path =
    sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScHistogram) hist = NULL;
  g_autoptr(ScHistogram) expected = NULL;
  g_autofree guint *planes = NULL;
  double plane_max = -INFINITY;
  guint n;

  if (path == NULL)
    return;
  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  hist = sc_stack_stats_channel_histogram (stack, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hist->total, ==, 25 * 147 * 137);
  planes = channel_planes (stack, 0, &n);
  expected = brute_histogram (stack, planes, n);
  assert_histogram (hist, expected, TRUE);
  /* The channel's largest value is the largest of its planes'. */
  for (guint z = 0; z < 25; z++)
    {
      g_autoptr(ScHistogram) ph = sc_stack_stats_plane_histogram (stack, z, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (ph->total, ==, 147 * 137);
      plane_max = MAX (plane_max, ph->data_max);
    }
  g_assert_cmpfloat (hist->data_max, ==, plane_max);
  /* what the data gives, by brute force above */
  g_assert_cmpfloat (hist->data_max, ==, 14421);
  g_assert_cmpfloat (hist->data_min, ==, 0);
}

/* ---- The method table ---- */

static void
test_method_table (void)
{
  guint n;
  const ScMethodInfo *table = sc_method_get_table (&n);

  g_assert_cmpuint (n, ==, SC_PROJECTION_N_METHODS);
  for (guint i = 0; i < n; i++)
    {
      ScProjectionMethod m;

      g_assert_cmpint (table[i].id, ==, i);
      g_assert_true (sc_method_get_info (i) == &table[i]);
      g_assert_true (sc_projection_method_from_string (table[i].name, &m));
      g_assert_cmpint (m, ==, i);
      g_assert_cmpstr (sc_projection_method_to_string (i), ==, table[i].name);
      g_assert_cmpint (sc_projection_method_result_type (i, SC_SAMPLE_U16), ==,
                       table[i].keeps_type ? SC_SAMPLE_U16 : SC_SAMPLE_F32);
      g_assert_cmpuint (strlen (table[i].title), >, 0);
      g_assert_cmpuint (strlen (table[i].tag), ==, 3);
    }
  g_assert_cmpstr (sc_method_get_info (SC_PROJECTION_MEAN)->tag, ==, "AVG");
  g_assert_true (sc_method_get_info (SC_PROJECTION_MAX)->keeps_type);
  g_assert_false (sc_method_get_info (SC_PROJECTION_MEDIAN)->streaming);
  g_assert_true (sc_method_get_info (SC_PROJECTION_SD)->streaming);
  {
    ScProjectionMethod m = SC_PROJECTION_SD;

    g_assert_false (sc_projection_method_from_string ("maximum", &m));
    g_assert_cmpint (m, ==, SC_PROJECTION_SD);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/stack-stats/histograms", test_histograms);
  g_test_add_func ("/core/stack-stats/rgb", test_rgb);
  g_test_add_func ("/core/stack-stats/nan", test_nan);
  g_test_add_func ("/core/stack-stats/summary", test_summary);
  g_test_add_func ("/core/stack-stats/profile", test_profile);
  g_test_add_func ("/core/stack-stats/auto-range", test_auto_range);
  g_test_add_func ("/core/stack-stats/errors", test_errors);
  g_test_add_func ("/core/stack-stats/cancel", test_cancel);
  g_test_add_func ("/core/stack-stats/async", test_async);
  g_test_add_func ("/core/stack-stats/demo-stack", test_demo_stack);
  g_test_add_func ("/core/stack-stats/golgi", test_golgi);
  g_test_add_func ("/core/method/table", test_method_table);

  return g_test_run ();
}
