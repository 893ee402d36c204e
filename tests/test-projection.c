/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc-error.h"
#include "sc-memory-source.h"
#include "sc-parallel.h"
#include "sc-projection.h"
#include "sc-projection-private.h"   /* SC_FOLD_MAX, PROBE_GROUPS */
#include "sc-source.h"
#include "sc-test-util.h"

/* A source that never maps its data, as a compressed TIFF: every read is a copy. */
#define TEST_TYPE_COPY_SOURCE (test_copy_source_get_type ())
G_DECLARE_FINAL_TYPE (TestCopySource, test_copy_source, TEST, COPY_SOURCE, ScSource)

struct _TestCopySource
{
  ScSource  parent_instance;
  GBytes   *data;
  gsize     row_stride;
  gsize     plane_size;
  gint      n_reads;
};

G_DEFINE_FINAL_TYPE (TestCopySource, test_copy_source, SC_TYPE_SOURCE)

static void
test_copy_source_finalize (GObject *object)
{
  TestCopySource *self = TEST_COPY_SOURCE (object);

  g_bytes_unref (self->data);
  G_OBJECT_CLASS (test_copy_source_parent_class)->finalize (object);
}

static gboolean
test_copy_source_read_rows (ScSource  *source,
                            guint      plane,
                            guint      y0,
                            guint      n_rows,
                            gpointer   dest,
                            GError   **error)
{
  TestCopySource *self = TEST_COPY_SOURCE (source);
  const guint8 *base = g_bytes_get_data (self->data, NULL);

  g_atomic_int_inc (&self->n_reads);
  memcpy (dest, base + plane * self->plane_size + y0 * self->row_stride, n_rows * self->row_stride);
  return TRUE;
}

static void
test_copy_source_class_init (TestCopySourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_copy_source_finalize;
  SC_SOURCE_CLASS (klass)->read_rows = test_copy_source_read_rows;
}

static void
test_copy_source_init (TestCopySource *self)
{
}

typedef struct {
  guint         width, height, C, Z, T, spp;
  ScSampleType  type;
  GBytes       *data;
} Fixture;

static ScStack *
make_stack (const Fixture *f,
            gboolean       copy_only)
{
  TestCopySource *source;
  ScStackInfo *info;

  if (!copy_only)
    return sc_memory_stack_new ("test.tif", f->width, f->height, f->C, f->Z, f->T, f->type,
                                f->spp, f->data);

  source = g_object_new (TEST_TYPE_COPY_SOURCE, NULL);
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
  {
    ScStack *stack = sc_stack_new_for_source (SC_SOURCE (source), "copy.tif");
    g_object_unref (source);
    return stack;
  }
}

/* Random values over the whole range of the type, with many ties (a few distinct values
 * in some pixels) so that the order statistics meet equal values. */
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
  gsize n = (gsize) width * height * spp * C * Z * T;
  guint8 *data = g_malloc (n * sc_sample_type_size (type));
  double lo, hi;

  sc_sample_type_get_range (type, &lo, &hi);
  if (type == SC_SAMPLE_F32)
    {
      lo = -1000;
      hi = 1000;
    }
  for (gsize i = 0; i < n; i++)
    {
      double v;
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          v = floor (g_rand_double_range (rand, 0, 4)) * (hi - lo) / 4 + lo;
          break;
        case 1:
          v = type == SC_SAMPLE_F32 ? g_rand_double_range (rand, -3e30, 3e30) : lo;
          break;
        default:
          v = g_rand_double_range (rand, lo, hi + 1);
          break;
        }
      if (type != SC_SAMPLE_F32)
        v = CLAMP (floor (v), lo, hi);
      sc_test_set_sample (type, data, i, v);
    }
  if (type == SC_SAMPLE_F32 && n > 3)
    sc_test_set_sample (type, data, 3, -0.0);

  f->width = width;
  f->height = height;
  f->C = C;
  f->Z = Z;
  f->T = T;
  f->spp = spp;
  f->type = type;
  f->data = g_bytes_new_take (data, n * sc_sample_type_size (type));
}

static void
fixture_clear (Fixture *f)
{
  g_clear_pointer (&f->data, g_bytes_unref);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

static double
numpy_lerp (double a,
            double b,
            double t)
{
  double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/* The expected value of one result sample, computed the slow way. */
static double
brute_force (ScProjectionMethod  method,
             double              percentile,
             gboolean            population,
             double             *v,
             guint               n)
{
  long double sum = 0, mean, ss = 0;

  switch (method)
    {
    case SC_PROJECTION_MAX:
      {
        double m = v[0];
        for (guint i = 1; i < n; i++)
          m = MAX (m, v[i]);
        return m;
      }
    case SC_PROJECTION_MIN:
      {
        double m = v[0];
        for (guint i = 1; i < n; i++)
          m = MIN (m, v[i]);
        return m;
      }
    case SC_PROJECTION_SUM:
    case SC_PROJECTION_MEAN:
      {
        double s = 0;
        for (guint i = 0; i < n; i++)
          s += v[i];
        return (float) (method == SC_PROJECTION_SUM ? s : s / n);
      }
    case SC_PROJECTION_SD:
      for (guint i = 0; i < n; i++)
        sum += v[i];
      mean = sum / n;
      for (guint i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
      if (population)
        return (float) sqrtl (ss / n);
      return n < 2 ? 0 : (float) sqrtl (ss / (n - 1));
    case SC_PROJECTION_MEDIAN:
      qsort (v, n, sizeof (double), compare_doubles);
      return (float) (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) * 0.5);
    case SC_PROJECTION_PERCENTILE:
      {
        double index = (n - 1) * (percentile / 100.0);
        guint lo = (guint) floor (index), hi = MIN (lo + 1, n - 1);

        qsort (v, n, sizeof (double), compare_doubles);
        return (float) numpy_lerp (v[lo], v[hi], index - lo);
      }
    default:
      g_assert_not_reached ();
    }
}

typedef struct {
  ScProjectionMethod method;
  double             percentile;
  guint              first, last, step;     /* last G_MAXUINT: to the end */
  int                channel, frame;
  gboolean           population;
  guint              n_threads;
  guint              chunk_size;
  guint64            budget;
  gboolean           copy_only;
} Options;

static ScProjection *
make_projection (ScStack       *stack,
                 const Options *o)
{
  ScProjection *p = sc_projection_new (stack, o->method);

  sc_projection_set_percentile (p, o->percentile);
  sc_projection_set_slices (p, o->first, o->last, o->step ? o->step : 1);
  sc_projection_set_channel (p, o->channel);
  sc_projection_set_frame (p, o->frame);
  sc_projection_set_sd_population (p, o->population);
  sc_projection_set_n_threads (p, o->n_threads);
  sc_projection_set_chunk_size (p, o->chunk_size);
  sc_projection_set_memory_budget (p, o->budget);
  return p;
}

/* Compares a result against brute force over slices first.. (step) up to n_slices of them. */
static void
check_result (const Fixture *f,
              const Options *o,
              ScStack       *result,
              guint          n_slices_seen)
{
  const guint8 *data = g_bytes_get_data (f->data, NULL);
  gsize plane_samples = (gsize) f->width * f->height * f->spp;
  guint last = o->last == G_MAXUINT ? f->Z - 1 : o->last;
  guint step = o->step ? o->step : 1;
  guint n_out_c = o->channel < 0 ? f->C : 1, n_out_t = o->frame < 0 ? f->T : 1;
  ScSampleType rtype = sc_projection_method_result_type (o->method, f->type);
  g_autofree guint8 *out = g_malloc (plane_samples * sc_sample_type_size (rtype));
  g_autofree double *v = g_new (double, f->Z);
  guint n = 0;

  for (guint z = o->first; z <= last && n < n_slices_seen; z += step)
    n++;

  g_assert_cmpuint (sc_stack_get_width (result), ==, f->width);
  g_assert_cmpuint (sc_stack_get_height (result), ==, f->height);
  g_assert_cmpuint (sc_stack_get_n_channels (result), ==, n_out_c);
  g_assert_cmpuint (sc_stack_get_n_slices (result), ==, 1);
  g_assert_cmpuint (sc_stack_get_n_frames (result), ==, n_out_t);
  g_assert_cmpuint (sc_stack_get_samples_per_pixel (result), ==, f->spp);
  g_assert_cmpint (sc_stack_get_sample_type (result), ==, rtype);

  for (guint ot = 0; ot < n_out_t; ot++)
    for (guint oc = 0; oc < n_out_c; oc++)
      {
        guint c = o->channel < 0 ? oc : (guint) o->channel;
        guint t = o->frame < 0 ? ot : (guint) o->frame;

        g_assert_true (sc_stack_read_plane (result, oc + n_out_c * ot, out, NULL));
        for (gsize s = 0; s < plane_samples; s++)
          {
            double expected, got;
            guint i = 0;

            for (guint z = o->first; i < n; z += step)
              {
                gsize plane = c + f->C * (z + (gsize) f->Z * t);
                v[i++] = sc_test_get_sample (f->type, data, plane * plane_samples + s);
              }
            if (n == 0)
              expected = 0;
            else
              expected = brute_force (o->method, o->percentile, o->population, v, n);
            got = sc_test_get_sample (rtype, out, s);

            if (o->method == SC_PROJECTION_SD
                || (f->type == SC_SAMPLE_F32 && (o->method == SC_PROJECTION_SUM
                                                 || o->method == SC_PROJECTION_MEAN)))
              {
                double tol = fabs (expected) * 2e-6 + 1e-30;
                if (o->method == SC_PROJECTION_SD && f->type == SC_SAMPLE_F32)
                  tol += 1e-6 * 3e30;   /* values up to 3e30 beside values near 0 */
                if (!(fabs (got - expected) <= tol))
                  g_error ("%s of %s, %u slices, sample %" G_GSIZE_FORMAT " (c %u t %u): got %.9g, expected %.9g",
                           sc_projection_method_to_string (o->method),
                           sc_sample_type_to_string (f->type), n, s, c, t, got, expected);
              }
            else if (got != expected && !(isnan (got) && isnan (expected)))
              g_error ("%s (p %g) of %s, %u slices, sample %" G_GSIZE_FORMAT " (c %u t %u): got %.9g, expected %.9g",
                       sc_projection_method_to_string (o->method), o->percentile,
                       sc_sample_type_to_string (f->type), n, s, c, t, got, expected);
          }
      }
}

/* Runs progressive with copies, by rows reading in place where the stack allows, and by
 * rows with adaptive reads (groups copied and in place in turn, in the small stacks
 * here, where no thread gets as far as choosing). */
static void
run_and_check (const Fixture *f,
               const Options *o)
{
  g_autoptr(ScStack) stack = make_stack (f, o->copy_only);

  for (guint variant = 0; variant < 3; variant++)
    {
      g_autoptr(ScProjection) p = make_projection (stack, o);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScStack) result = NULL;

      sc_projection_set_progressive (p, variant == 0);
      sc_projection_set_zero_copy (p, variant == 1);
      sc_projection_set_adaptive_read (p, variant == 2);
      result = sc_projection_run (p, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);
      check_result (f, o, result, G_MAXUINT);
    }
}

static const ScSampleType all_types[] = {
  SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_U32, SC_SAMPLE_I8, SC_SAMPLE_I16, SC_SAMPLE_I32, SC_SAMPLE_F32,
};

static const Options base_options = {
  SC_PROJECTION_MAX, 50, 0, G_MAXUINT, 1, SC_PROJECTION_ALL, SC_PROJECTION_ALL, FALSE, 2, 0, 0, FALSE
};

static void
for_each_method (const Fixture *f,
                 Options        o)
{
  static const double percentiles[] = { 0, 10, 37.5, 50, 90, 100 };

  for (ScProjectionMethod m = SC_PROJECTION_MAX; m <= SC_PROJECTION_MEDIAN; m++)
    {
      o.method = m;
      run_and_check (f, &o);
      if (m == SC_PROJECTION_SD)
        {
          o.population = TRUE;
          run_and_check (f, &o);
          o.population = FALSE;
        }
    }
  o.method = SC_PROJECTION_PERCENTILE;
  for (guint i = 0; i < G_N_ELEMENTS (percentiles); i++)
    {
      o.percentile = percentiles[i];
      run_and_check (f, &o);
    }
}

/* Every method on every type, for odd and even counts and a single slice, with widths
 * that leave samples over after the last whole vector. */
static void
test_methods (void)
{
  static const guint counts[] = { 1, 2, 7, 8, 33 };

  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
      {
        Fixture f;

        fixture_init (&f, all_types[t], 71, 5, 1, counts[c], 1, 1, 17 + t * 31 + c);
        for_each_method (&f, base_options);
        fixture_clear (&f);
      }
}

/* The same through read_rows() only, with budgets that force bands of a few rows and
 * rows taken in segments, and small chunks. */
static void
test_copy_source (void)
{
  static const guint64 budgets[] = { 0, 3000, 700, 40 };

  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (guint b = 0; b < G_N_ELEMENTS (budgets); b++)
      {
        Options o = base_options;
        Fixture f;

        fixture_init (&f, all_types[t], 67, 9, 1, 6, 1, 1, 99 + t);
        o.copy_only = TRUE;
        o.budget = budgets[b];
        o.chunk_size = b == 0 ? 0 : 2;
        o.n_threads = 1 + b;
        for_each_method (&f, o);
        fixture_clear (&f);
      }
}

static void
test_slices_channels_frames (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    {
      Fixture f;
      Options o = base_options;

      fixture_init (&f, all_types[t], 35, 4, 2, 9, 3, 1, 7 + t);

      o.first = 1;
      o.last = 7;
      o.step = 2;
      for_each_method (&f, o);

      o.channel = 1;
      o.frame = SC_PROJECTION_ALL;
      o.first = 2;
      o.last = G_MAXUINT;
      o.step = 3;
      for_each_method (&f, o);

      o.channel = SC_PROJECTION_ALL;
      o.frame = 2;
      o.first = 0;
      o.step = 1;
      o.last = 4;
      for_each_method (&f, o);

      o.channel = 0;
      o.frame = 1;
      o.first = 5;
      o.last = 5;
      for_each_method (&f, o);

      fixture_clear (&f);
    }
}

static void
test_rgb (void)
{
  Fixture f;

  fixture_init (&f, SC_SAMPLE_U8, 29, 6, 1, 10, 1, 3, 5);
  for_each_method (&f, base_options);
  fixture_clear (&f);

  fixture_init (&f, SC_SAMPLE_U16, 17, 3, 1, 5, 2, 4, 6);
  for_each_method (&f, base_options);
  fixture_clear (&f);
}

/* More slices than 16-bit counters hold: the select widens its lanes. */
static void
test_many_slices (void)
{
  static const ScSampleType types[] = { SC_SAMPLE_U8, SC_SAMPLE_I16, SC_SAMPLE_U16 };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      Options o = base_options;
      Fixture f;

      fixture_init (&f, types[t], 33, 1, 1, 65600, 1, 1, 3 + t);
      o.method = SC_PROJECTION_MEDIAN;
      run_and_check (&f, &o);
      o.method = SC_PROJECTION_PERCENTILE;
      o.percentile = 99.5;
      run_and_check (&f, &o);
      o.method = SC_PROJECTION_MEAN;
      run_and_check (&f, &o);
      o.method = SC_PROJECTION_SD;
      run_and_check (&f, &o);
      fixture_clear (&f);
    }
}

/* Large sums and offsets: integers exactly, and the variance of big values close together. */
static void
test_precision (void)
{
  const guint n = 1000;
  g_autofree gint32 *data = g_new (gint32, n * 2);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScStack) result = NULL;
  g_autoptr(ScProjection) p = NULL;
  float out[2];

  for (guint z = 0; z < n; z++)
    {
      data[2 * z] = G_MAXINT32 - (gint32) (z % 2);      /* sd 0.5, mean ~2^31 */
      data[2 * z + 1] = G_MININT32 + (gint32) (z % 3);
    }
  bytes = g_bytes_new (data, n * 2 * sizeof (gint32));
  stack = sc_memory_stack_new ("big.tif", 2, 1, 1, n, 1, SC_SAMPLE_I32, 1, bytes);

  p = sc_projection_new (stack, SC_PROJECTION_SD);
  result = sc_projection_run (p, NULL, NULL);
  g_assert_true (sc_stack_read_plane (result, 0, out, NULL));
  g_assert_cmpfloat (out[0], ==, (float) sqrt (0.25 * n / (n - 1)));
  {
    /* offsets 0, 1, 2 repeating: 334 zeros, 333 ones, 333 twos */
    double mean = (333 + 666) / 1000.0;
    double var = ((334 * mean * mean) + 333 * (1 - mean) * (1 - mean)
                  + 333 * (2 - mean) * (2 - mean)) / (n - 1);
    g_assert_cmpfloat_with_epsilon (out[1], sqrt (var), 1e-6);
  }
  g_clear_object (&result);
  g_clear_object (&p);

  p = sc_projection_new (stack, SC_PROJECTION_SUM);
  result = sc_projection_run (p, NULL, NULL);
  g_assert_true (sc_stack_read_plane (result, 0, out, NULL));
  g_assert_cmpfloat (out[0], ==, (float) (n * (double) G_MAXINT32 - n / 2));
  g_assert_cmpfloat (out[1], ==, (float) (n * (double) G_MININT32 + 999));
}

/* One thread and several give the same bytes; chunk sizes do not change results. */
static void
test_threads (void)
{
  Fixture f;

  fixture_init (&f, SC_SAMPLE_U16, 301, 203, 1, 9, 1, 1, 11);
  for (ScProjectionMethod m = SC_PROJECTION_MAX; m <= SC_PROJECTION_PERCENTILE; m++)
    {
      g_autoptr(ScStack) stack = make_stack (&f, FALSE);
      g_autoptr(GBytes) reference = NULL;
      Options o = base_options;

      o.method = m;
      o.percentile = 75;
      o.n_threads = 1;
      {
        g_autoptr(ScProjection) p = make_projection (stack, &o);
        g_autoptr(ScStack) r = sc_projection_run (p, NULL, NULL);
        reference = sc_projection_get_result_bytes (p);
        check_result (&f, &o, r, G_MAXUINT);
      }
      for (guint threads = 2; threads <= 7; threads += 5)
        for (guint chunk = 0; chunk <= 6; chunk += 3)
          {
            g_autoptr(ScProjection) p = NULL;
            g_autoptr(ScStack) r = NULL;
            g_autoptr(GBytes) bytes = NULL;

            o.n_threads = threads;
            o.chunk_size = chunk;
            p = make_projection (stack, &o);
            sc_projection_set_progressive (p, chunk != 6);
            sc_projection_set_zero_copy (p, threads == 7);
            r = sc_projection_run (p, NULL, NULL);
            bytes = sc_projection_get_result_bytes (p);
            g_assert_true (g_bytes_equal (bytes, reference));
          }
    }
  fixture_clear (&f);
}

/* After k steps of a streaming method, the partial result is the projection of the
 * slices seen so far; for order statistics the finished rows are final. */
static void
test_partial (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (ScProjectionMethod m = SC_PROJECTION_MAX; m <= SC_PROJECTION_MEDIAN; m++)
      {
        g_autoptr(ScStack) stack = NULL;
        g_autoptr(ScProjection) p = NULL;
        Options o = base_options;
        Fixture f;
        double fraction = 0;
        guint k = 0;

        fixture_init (&f, all_types[t], 23, 7, 2, 11, 1, 1, 41 + t);
        stack = make_stack (&f, FALSE);
        o.method = m;
        o.chunk_size = m == SC_PROJECTION_MEDIAN ? 2 : 3;
        p = make_projection (stack, &o);

        g_assert_true (sc_projection_prepare (p, NULL));
        if (m != SC_PROJECTION_MEDIAN)
          g_assert_cmpuint (sc_projection_get_n_steps (p), ==, 4);
        while (fraction < 1.0)
          {
            g_autoptr(ScStack) partial = NULL;
            double next = sc_projection_step (p, NULL, NULL);

            g_assert_cmpfloat (next, >, fraction);
            fraction = next;
            k++;
            g_assert_false (sc_projection_is_done (p) != (fraction == 1.0));
            partial = sc_projection_get_partial (p);
            if (m != SC_PROJECTION_MEDIAN)
              check_result (&f, &o, partial, MIN (k * 3, 11));
            else if (fraction == 1.0)
              check_result (&f, &o, partial, G_MAXUINT);
          }
        {
          g_autoptr(ScStack) result = sc_projection_get_result (p);
          check_result (&f, &o, result, G_MAXUINT);
        }
        fixture_clear (&f);
      }
}

/* By rows, streaming methods too: finished rows are final, the others 0. */
static void
test_partial_rows (void)
{
  Fixture f;

  fixture_init (&f, SC_SAMPLE_I16, 23, 40, 1, 5, 1, 1, 77);
  for (ScProjectionMethod m = SC_PROJECTION_MAX; m <= SC_PROJECTION_MEDIAN; m++)
    {
      g_autoptr(ScStack) stack = make_stack (&f, FALSE);
      g_autoptr(ScProjection) p = NULL;
      g_autoptr(ScProjection) whole = NULL;
      g_autoptr(ScStack) full = NULL;
      Options o = base_options;
      gsize row_bytes;
      double fraction = 0;
      g_autofree guint8 *expected = NULL;
      g_autofree guint8 *got = NULL;

      o.method = m;
      o.chunk_size = 8;
      p = make_projection (stack, &o);
      sc_projection_set_progressive (p, FALSE);
      whole = make_projection (stack, &o);
      full = sc_projection_run (whole, NULL, NULL);
      row_bytes = sc_stack_get_row_stride (full);
      expected = g_malloc (sc_stack_get_plane_size (full));
      got = g_malloc (sc_stack_get_plane_size (full));
      g_assert_true (sc_stack_read_plane (full, 0, expected, NULL));

      while (fraction < 1.0)
        {
          g_autoptr(ScStack) partial = NULL;
          guint rows_done;

          fraction = sc_projection_step (p, NULL, NULL);
          g_assert_cmpfloat (fraction, >, 0);
          partial = sc_projection_get_partial (p);
          g_assert_true (sc_stack_read_plane (partial, 0, got, NULL));
          rows_done = (guint) lround (fraction * 40);
          g_assert_cmpmem (got, rows_done * row_bytes, expected, rows_done * row_bytes);
          for (gsize i = rows_done * row_bytes; i < 40 * row_bytes; i++)
            g_assert_cmpuint (got[i], ==, 0);
        }
    }
  fixture_clear (&f);
}

static void
cancel_after_first (double   fraction,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  Fixture f;

  fixture_init (&f, SC_SAMPLE_U16, 40, 30, 1, 20, 1, 1, 1);
  for (ScProjectionMethod m = SC_PROJECTION_MAX; m <= SC_PROJECTION_PERCENTILE; m++)
    {
      g_autoptr(ScStack) stack = make_stack (&f, FALSE);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(ScProjection) p = NULL;
      g_autoptr(ScStack) result = NULL;
      g_autoptr(GError) error = NULL;
      Options o = base_options;

      o.method = m;
      o.chunk_size = 2;
      p = make_projection (stack, &o);
      sc_projection_set_progress_func (p, cancel_after_first, g_object_ref (cancellable),
                                       g_object_unref);
      result = sc_projection_run (p, cancellable, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (result);
      g_assert_false (sc_projection_is_done (p));
      g_clear_error (&error);
      /* A cancelled projection stays failed. */
      g_assert_cmpfloat (sc_projection_step (p, NULL, &error), <, 0);
      g_assert_nonnull (error);
    }
  fixture_clear (&f);
}

/* Threads of this process now (Linux); 0 where that cannot be told. GTask's class
 * starts GLib's own worker thread ("gmain") once, so it is made first. */
static guint
count_threads (void)
{
  g_autoptr(GDir) dir = NULL;
  guint n = 0;

  g_type_ensure (G_TYPE_TASK);
  dir = g_dir_open ("/proc/self/task", 0, NULL);
  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Whether the threads are back to n within a second: a joined thread may still be listed
 * for a moment, while the kernel finishes its exit; one of GLib's pool would stay. */
static gboolean
threads_back_to (guint n)
{
  for (guint i = 0; i < 1000 && count_threads () > n; i++)
    g_usleep (1000);
  return count_threads () == n;
}

typedef struct {
  GMainLoop *loop;
  ScStack   *result;
  GError    *error;
  double     last_fraction;
  guint      n_progress;
  GThread   *main_thread;
  guint      n_threads;     /* before the run */
} AsyncData;

static void
async_progress (double   fraction,
                gpointer user_data)
{
  AsyncData *data = user_data;

  g_assert_true (g_thread_self () == data->main_thread);
  g_assert_cmpfloat (fraction, >, data->last_fraction);
  data->last_fraction = fraction;
  data->n_progress++;
}

static void
async_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = sc_projection_run_finish (SC_PROJECTION (object), result, &data->error);
  /* The run's thread has ended: nothing of it (thread, per-thread state, references)
   * outlives the callback. */
  g_assert_true (threads_back_to (data->n_threads));
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  Fixture f;

  fixture_init (&f, SC_SAMPLE_F32, 40, 30, 1, 20, 1, 1, 2);
  for (guint cancel = 0; cancel < 2; cancel++)
    {
      g_autoptr(ScStack) stack = make_stack (&f, FALSE);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(ScProjection) p = NULL;
      AsyncData data = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, 0, g_thread_self (),
                         count_threads () };
      Options o = base_options;

      o.method = SC_PROJECTION_MEAN;
      o.chunk_size = 4;
      p = make_projection (stack, &o);
      sc_projection_set_progress_func (p, async_progress, &data, NULL);
      if (cancel)
        g_cancellable_cancel (cancellable);
      sc_projection_run_async (p, cancellable, async_done, &data);
      g_main_loop_run (data.loop);
      /* Let the last progress reports arrive. */
      while (g_main_context_iteration (NULL, FALSE))
        ;

      if (cancel)
        {
          g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_null (data.result);
          g_clear_error (&data.error);
        }
      else
        {
          g_assert_no_error (data.error);
          check_result (&f, &o, data.result, G_MAXUINT);
          g_assert_cmpuint (data.n_progress, ==, 5);
          g_assert_cmpfloat (data.last_fraction, ==, 1.0);
          g_clear_object (&data.result);
        }
      g_main_loop_unref (data.loop);
    }
  fixture_clear (&f);
}

/* Partial results of run() and run_async(): the projection of the slices so far, on
 * the thread of the progress reports, before the progress of the same step, never the
 * last step's. */
typedef struct {
  Fixture    *f;
  Options    *o;
  GMainLoop  *loop;
  GThread    *thread;
  guint       n_partial;
  double      partial_fraction;
  double      progress_fraction;
  ScStack    *result;
} PartialData;

static void
partial_cb (ScStack  *partial,
            double    fraction,
            gpointer  user_data)
{
  PartialData *d = user_data;
  guint k = (guint) round (fraction * 4);

  g_assert_true (g_thread_self () == d->thread);
  g_assert_cmpfloat (fraction, <, 1.0);
  g_assert_cmpfloat (fraction, >, d->partial_fraction);
  g_assert_cmpfloat (fraction, >, d->progress_fraction);
  check_result (d->f, d->o, partial, k * 3);
  d->partial_fraction = fraction;
  d->n_partial++;
}

static void
partial_progress_cb (double   fraction,
                     gpointer user_data)
{
  PartialData *d = user_data;

  g_assert_true (g_thread_self () == d->thread);
  g_assert_cmpfloat (fraction, >, d->progress_fraction);
  d->progress_fraction = fraction;
}

static void
partial_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PartialData *d = user_data;

  d->result = sc_projection_run_finish (SC_PROJECTION (object), result, NULL);
  g_main_loop_quit (d->loop);
}

static void
test_partial_runs (void)
{
  Fixture f;
  Options o = base_options;

  fixture_init (&f, SC_SAMPLE_U16, 29, 13, 1, 11, 1, 1, 5);
  o.method = SC_PROJECTION_MEAN;
  o.chunk_size = 3;
  for (guint async = 0; async < 2; async++)
    {
      g_autoptr(ScStack) stack = make_stack (&f, FALSE);
      g_autoptr(ScProjection) p = make_projection (stack, &o);
      PartialData d = { &f, &o, g_main_loop_new (NULL, FALSE), g_thread_self (), 0, 0, 0, NULL };

      sc_projection_set_partial_func (p, 0, partial_cb, &d, NULL);
      sc_projection_set_progress_func (p, partial_progress_cb, &d, NULL);
      if (async)
        {
          sc_projection_run_async (p, NULL, partial_done, &d);
          g_main_loop_run (d.loop);
          /* One at least; fewer than the steps where the main loop was slower. */
          g_assert_cmpuint (d.n_partial, >=, 1);
          g_assert_cmpuint (d.n_partial, <=, 3);
        }
      else
        {
          d.result = sc_projection_run (p, NULL, NULL);
          g_assert_cmpuint (d.n_partial, ==, 3);
        }
      g_assert_cmpfloat (d.progress_fraction, ==, 1.0);
      check_result (&f, &o, d.result, G_MAXUINT);
      g_clear_object (&d.result);
      g_main_loop_unref (d.loop);
    }

  /* An interval longer than the run: no partial at all. */
  {
    g_autoptr(ScStack) stack = make_stack (&f, FALSE);
    g_autoptr(ScProjection) p = make_projection (stack, &o);
    PartialData d = { &f, &o, NULL, g_thread_self (), 0, 0, 0, NULL };
    g_autoptr(ScStack) r = NULL;

    sc_projection_set_partial_func (p, 3600 * 1000, partial_cb, &d, NULL);
    r = sc_projection_run (p, NULL, NULL);
    g_assert_cmpuint (d.n_partial, ==, 0);
    check_result (&f, &o, r, G_MAXUINT);
  }
  fixture_clear (&f);
}

/* Cancels that race with completion: from another thread after a varying delay, and from
 * the progress callback at a varying step, for sync and async runs and both kinds of
 * method. Each run ends with either the full result or G_IO_ERROR_CANCELLED, and under
 * LeakSanitizer nothing of a run (its task, error or result) may be left behind. */
typedef struct {
  GCancellable *cancellable;
  gulong        delay_us;
} Canceller;

static gpointer
cancel_later (gpointer data)
{
  Canceller *c = data;

  if (c->delay_us > 0)
    g_usleep (c->delay_us);
  g_cancellable_cancel (c->cancellable);
  return NULL;
}

typedef struct {
  GCancellable *cancellable;
  guint         at;
  guint         n_calls;
} ProgressCancel;

static void
cancel_at_call (double   fraction,
                gpointer user_data)
{
  ProgressCancel *pc = user_data;

  if (++pc->n_calls == pc->at)
    g_cancellable_cancel (pc->cancellable);
}

static void
race_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = sc_projection_run_finish (SC_PROJECTION (object), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_cancel_race (void)
{
  Fixture f;
  g_autoptr(ScStack) stack = NULL;
  guint n_done = 0, n_cancelled = 0;

  fixture_init (&f, SC_SAMPLE_U8, 16, 8, 1, 12, 1, 1, 3);
  stack = make_stack (&f, FALSE);
  for (guint i = 0; i < 480; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(ScProjection) p = NULL;
      g_autoptr(ScStack) result = NULL;
      g_autoptr(GError) error = NULL;
      gboolean async = i % 2, from_thread = (i / 2) % 2;
      ProgressCancel pc = { cancellable, 0, 0 };
      Canceller c = { cancellable, 0 };
      GThread *thread = NULL;
      Options o = base_options;
      guint n_steps, n_threads = count_threads ();

      o.method = (i / 4) % 2 ? SC_PROJECTION_MEDIAN : SC_PROJECTION_MEAN;
      o.chunk_size = 1;
      p = make_projection (stack, &o);
      sc_projection_set_progressive (p, TRUE);
      g_assert_true (sc_projection_prepare (p, NULL));
      n_steps = sc_projection_get_n_steps (p);
      g_assert_cmpuint (n_steps, >, 2);
      /* Around the last steps most often, where a cancel meets the completion. */
      pc.at = n_steps + 1 - (i / 8) % (n_steps + 1);
      c.delay_us = (i / 8) % 20 * 50;
      if (from_thread)
        thread = g_thread_new ("cancel", cancel_later, &c);
      else
        sc_projection_set_progress_func (p, cancel_at_call, &pc, NULL);

      if (async)
        {
          AsyncData data = { g_main_loop_new (NULL, FALSE), NULL, NULL, 0, 0, g_thread_self (),
                             count_threads () };

          sc_projection_run_async (p, cancellable, race_done, &data);
          g_main_loop_run (data.loop);
          while (g_main_context_iteration (NULL, FALSE))
            ;
          g_main_loop_unref (data.loop);
          result = data.result;
          error = data.error;
        }
      else
        result = sc_projection_run (p, cancellable, &error);
      if (thread != NULL)
        g_thread_join (thread);
      /* No thread of the run is left, nor of its steps. */
      g_assert_true (threads_back_to (n_threads));

      if (result != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (sc_projection_is_done (p));
          n_done++;
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          n_cancelled++;
        }
    }
  g_test_message ("%u runs completed, %u cancelled", n_done, n_cancelled);
  g_assert_cmpuint (n_done, >, 0);
  g_assert_cmpuint (n_cancelled, >, 0);
  fixture_clear (&f);
}

/* Runs the streaming methods (SD sample and population) in the three ways of reading:
 * progressive with copies, by rows in place, by rows with copies (the CLI's). */
static void
for_each_streaming (const Fixture *f,
                    Options        o)
{
  for (ScProjectionMethod m = SC_PROJECTION_MAX; m <= SC_PROJECTION_SD; m++)
    for (guint population = 0; population < (m == SC_PROJECTION_SD ? 2u : 1u); population++)
      {
        o.method = m;
        o.population = population;
        o.copy_only = FALSE;
        run_and_check (f, &o);
        o.copy_only = TRUE;
        run_and_check (f, &o);
      }
}

/* Small planes through many slices: each step's slices in parts, each part with
 * accumulators of its own, added up in order. For every type, counts of slices about
 * where the split starts, several outputs (channels and frames), RGB, every other slice,
 * one thread and several. */
static void
test_split (void)
{
  static const guint counts[] = { 31, 32, 41, 300 };

  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    {
      Fixture f;
      Options o = base_options;

      for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
        {
          fixture_init (&f, all_types[t], 13, 3, 1, counts[c], 1, 1, 5 + t * 7 + c);
          o.n_threads = 1 + c % 3;
          for_each_streaming (&f, o);
          fixture_clear (&f);
        }

      fixture_init (&f, all_types[t], 5, 2, 2, 70, 3, 1, 19 + t);
      o.n_threads = 3;
      for_each_streaming (&f, o);
      o.first = 3;
      o.step = 2;
      o.frame = 1;
      for_each_streaming (&f, o);
      fixture_clear (&f);

      fixture_init (&f, all_types[t], 7, 2, 1, 45, 1, 3, 23 + t);
      for_each_streaming (&f, base_options);
      fixture_clear (&f);
    }
}

/* Float sums of a split stack come out the same, to the bit, whatever the number of
 * threads and the way of reading: the split depends on the stack's shape only. */
static void
test_split_threads (void)
{
  Fixture f;

  fixture_init (&f, SC_SAMPLE_F32, 31, 4, 1, 150, 1, 1, 3);
  for (ScProjectionMethod m = SC_PROJECTION_SUM; m <= SC_PROJECTION_SD; m++)
    {
      g_autoptr(ScStack) stack = make_stack (&f, FALSE);
      g_autoptr(GBytes) reference = NULL;
      Options o = base_options;

      o.method = m;
      for (guint run = 0; run < 6; run++)
        {
          g_autoptr(ScProjection) p = NULL;
          g_autoptr(ScStack) r = NULL;
          g_autoptr(GBytes) bytes = NULL;

          o.n_threads = 1 + run;
          p = make_projection (stack, &o);
          sc_projection_set_progressive (p, run % 2 == 0);
          sc_projection_set_zero_copy (p, run % 3 == 0);
          r = sc_projection_run (p, NULL, NULL);
          bytes = sc_projection_get_result_bytes (p);
          if (reference == NULL)
            {
              check_result (&f, &o, r, G_MAXUINT);
              reference = g_bytes_ref (bytes);
            }
          g_assert_true (g_bytes_equal (bytes, reference));
        }
    }
  fixture_clear (&f);
}

/* Adaptive reads: each thread reads groups of planes copied and in place in turn, then
 * the way the first to have measured chose; the bytes are those of reading one way,
 * whatever it chose. What it read in place is counted: every byte with zero-copy, none
 * with copies only or where the stack lends no rows, and at least the in-place groups
 * the deciding thread timed. */
static void
test_adaptive_read (void)
{
  /* 256 slices: each of a split's 8 parts 4 whole groups of 8; 96 rows: the order
   * statistics a row a step, enough steps to time 9 each way */
  const guint width = 256, height = 96, Z = 256;
  Fixture f;

  fixture_init (&f, SC_SAMPLE_U16, width, height, 1, Z, 1, 1, 7);
  for (ScProjectionMethod m = SC_PROJECTION_MAX; m <= SC_PROJECTION_PERCENTILE; m++)
    for (guint threads = 1; threads <= 3; threads += 2)
      {
        Options o = base_options;
        g_autoptr(GBytes) reference = NULL;
        gboolean select = m >= SC_PROJECTION_MEDIAN;
        /* what the probe reads in place at least: its groups of planes, or its steps */
        guint64 probed = (PROBE_GROUPS + 1) * (select ? (guint64) Z * width * 2
                                                      : (guint64) SC_FOLD_MAX * width * height * 2);

        o.method = m;
        o.percentile = 90;
        o.n_threads = threads;
        o.chunk_size = select ? 1 : 0;
        for (guint way = 0; way < 4; way++)
          {
            /* copies; in place; adaptive; adaptive where no rows are lent */
            g_autoptr(ScStack) stack = make_stack (&f, way == 3);
            g_autoptr(ScProjection) p = make_projection (stack, &o);
            g_autoptr(GError) error = NULL;
            g_autoptr(ScStack) r = NULL;
            g_autoptr(GBytes) bytes = NULL;
            guint64 read, in_place;

            sc_projection_set_progressive (p, FALSE);
            sc_projection_set_zero_copy (p, way == 1);
            sc_projection_set_adaptive_read (p, way >= 2);
            g_assert_true (sc_projection_get_adaptive_read (p) == (way >= 2));
            r = sc_projection_run (p, NULL, &error);
            g_assert_no_error (error);
            bytes = sc_projection_get_result_bytes (p);
            if (reference == NULL)
              {
                check_result (&f, &o, r, G_MAXUINT);
                reference = g_bytes_ref (bytes);
              }
            g_assert_true (g_bytes_equal (bytes, reference));

            read = sc_projection_get_bytes_read (p);
            in_place = sc_projection_get_bytes_in_place (p);
            g_assert_cmpuint (read, ==, (guint64) Z * width * height * 2);
            if (way == 1)
              g_assert_cmpuint (in_place, ==, read);
            else if (way == 2)
              {
                g_assert_cmpuint (in_place, >=, probed);
                g_assert_cmpuint (in_place, <=, read);
              }
            else
              g_assert_cmpuint (in_place, ==, 0);
          }
      }
  fixture_clear (&f);
}

/* Fills probe as a thread that timed PROBE_GROUPS groups each way (ns a byte copied and
 * in place) and read its in-place ones in faults of fault_kib each. */
static void
fake_probe (ReadProbe *probe,
            float      copied,
            float      mapped,
            guint64    faults,
            guint64    fault_kib)
{
  for (guint g = 0; g < PROBE_GROUPS; g++)
    {
      /* one group stretched (a preemption): the medians must not see it */
      probe->ns_per_byte[0][g] = g == 3 ? 10 * copied : copied;
      probe->ns_per_byte[1][g] = g == 5 ? 10 * mapped : mapped;
    }
  probe->groups[0] = probe->groups[1] = PROBE_GROUPS + 1;
  probe->faults = faults;
  probe->fault_bytes = faults * fault_kib * 1024;
}

/* Adaptive reads decide once for every thread, from the page faults of all of them: a
 * fault maps a large folio for whichever thread touches it first. Thread 1 alone (234 KiB
 * a fault, in place faster) would read in place; pooled with thread 0's faults (63 KiB)
 * they mapped 97 KiB a fault, so both copy, and thread 0 takes that decision whatever its
 * own timings say. In place is taken where the pooled faults are large and it was
 * faster, never where it was slower. */
static void
test_adaptive_read_decide (void)
{
  Fixture f;
  Options o = base_options;

  fixture_init (&f, SC_SAMPLE_U16, 256, 64, 1, 64, 1, 1, 7);
  o.method = SC_PROJECTION_MEAN;
  o.n_threads = 2;
  for (guint c = 0; c < 4; c++)
    {
      g_autoptr(ScStack) stack = make_stack (&f, FALSE);
      g_autoptr(ScProjection) p = make_projection (stack, &o);
      g_autoptr(GError) error = NULL;
      gboolean want = c == 1;

      sc_projection_set_adaptive_read (p, TRUE);
      g_assert_true (sc_projection_prepare (p, &error));
      g_assert_no_error (error);
      g_assert_true (p->probing);
      g_assert_cmpuint (p->threads, ==, 2);
      g_assert_cmpint (p->read_choice, ==, -1);

      switch (c)
        {
        case 0: /* small folios under one thread's faults, large under the other's */
          fake_probe (&p->probes[0], 1.0f, 2.0f, 20, 63);
          fake_probe (&p->probes[1], 1.0f, 0.5f, 5, 234);
          break;
        case 1: /* large folios, in place faster */
          fake_probe (&p->probes[0], 1.0f, 2.0f, 10, 512);
          fake_probe (&p->probes[1], 1.0f, 0.5f, 10, 256);
          break;
        case 2: /* large folios, in place slower */
          fake_probe (&p->probes[0], 1.0f, 2.0f, 10, 512);
          fake_probe (&p->probes[1], 1.0f, 1.5f, 10, 512);
          break;
        default: /* no faults at all (memory): nothing says the map is cheap */
          fake_probe (&p->probes[0], 1.0f, 0.5f, 0, 0);
          fake_probe (&p->probes[1], 1.0f, 0.5f, 0, 0);
          break;
        }
      g_assert_cmpint (_sc_projection_read_decide (p, &p->probes[1]), ==, want);
      g_assert_cmpint (p->read_choice, ==, want);
      g_assert_cmpint (p->probes[1].choice, ==, want);
      /* the other thread, whatever its own figures, takes the same way */
      g_assert_cmpint (_sc_projection_read_decide (p, &p->probes[0]), ==, want);
      g_assert_cmpint (p->probes[0].choice, ==, want);
    }
  fixture_clear (&f);
}

/* n slices of 3 x 2 samples of the type: samples 0-2 at the extreme in every slice, 3-5
 * at it and 0 in turn, or 1. */
static void
limit_fixture (Fixture      *f,
               ScSampleType  type,
               guint         n,
               double        extreme)
{
  gsize plane_samples = 3 * 2, size = sc_sample_type_size (type);
  guint8 *data = g_malloc (plane_samples * n * size);
  Fixture made = { 3, 2, 1, n, 1, 1, type, NULL };

  for (guint z = 0; z < n; z++)
    for (gsize i = 0; i < plane_samples; i++)
      sc_test_set_sample (type, data, z * plane_samples + i,
                          i < 3 || (i == 3 && z % 2 == 0) || (i == 4 && z % 5 != 0)
                          ? extreme : i == 5 ? 1 : 0);
  made.data = g_bytes_new_take (data, plane_samples * n * size);
  *f = made;
}

/* Sums of 16-bit data in 32 bits up to where they could overflow, in 64 bits past it:
 * u16 at 65535 over 32768 and 32769 slices, i16 at -32768 over 65535 and 65536, exactly
 * (split into parts too, each part's sum within the whole's). */
static void
test_sum_limits (void)
{
  static const struct { ScSampleType type; guint n; } cases[] = {
    { SC_SAMPLE_U16, 32768 }, { SC_SAMPLE_U16, 32769 },
    { SC_SAMPLE_I16, 65535 }, { SC_SAMPLE_I16, 65536 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      ScSampleType type = cases[c].type;
      guint n = cases[c].n;
      double extreme = type == SC_SAMPLE_U16 ? 65535 : -32768;
      Options o = base_options;
      Fixture f;

      limit_fixture (&f, type, n, extreme);
      for (ScProjectionMethod m = SC_PROJECTION_SUM; m <= SC_PROJECTION_SD; m++)
        {
          o.method = m;
          o.copy_only = FALSE;
          run_and_check (&f, &o);
          o.copy_only = TRUE;
          run_and_check (&f, &o);
        }
      {
        g_autoptr(ScStack) stack = make_stack (&f, FALSE);
        g_autoptr(ScProjection) p = sc_projection_new (stack, SC_PROJECTION_SUM);
        g_autoptr(ScStack) r = sc_projection_run (p, NULL, NULL);
        float out[6];

        g_assert_true (sc_stack_read_plane (r, 0, out, NULL));
        g_assert_cmpfloat (out[0], ==, (float) (extreme * n));
      }
      fixture_clear (&f);
    }
}

/* SD of 8-bit data sums its squares in 32 bits up to where they could overflow, in 64
 * bits past it: u8 at 255 over 66051 slices (66051 * 255^2 is just below 2^32) and
 * 66052, i8 at -128 over 262143 and 262144, exactly (split and by rows too). */
static void
test_sd_limits_8bit (void)
{
  static const struct { ScSampleType type; guint n; } cases[] = {
    { SC_SAMPLE_U8, 66051 }, { SC_SAMPLE_U8, 66052 },
    { SC_SAMPLE_I8, 262143 }, { SC_SAMPLE_I8, 262144 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      ScSampleType type = cases[c].type;
      double extreme = type == SC_SAMPLE_U8 ? 255 : -128;
      Options o = base_options;
      Fixture f;

      limit_fixture (&f, type, cases[c].n, extreme);
      o.method = SC_PROJECTION_SD;
      for (guint population = 0; population < 2; population++)
        {
          o.population = population;
          o.copy_only = FALSE;
          run_and_check (&f, &o);
          o.copy_only = TRUE;
          run_and_check (&f, &o);
        }
      fixture_clear (&f);
    }
}

/* A split's partial results, step by step: the projection of the slices seen so far. */
static void
test_split_partial (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (ScProjectionMethod m = SC_PROJECTION_MAX; m <= SC_PROJECTION_SD; m++)
      {
        g_autoptr(ScStack) stack = NULL;
        g_autoptr(ScProjection) p = NULL;
        Options o = base_options;
        Fixture f;
        double fraction = 0;
        guint k = 0;

        fixture_init (&f, all_types[t], 9, 4, 1, 100, 1, 1, 61 + t);
        stack = make_stack (&f, FALSE);
        o.method = m;
        o.chunk_size = 30;
        o.n_threads = 3;
        p = make_projection (stack, &o);
        g_assert_true (sc_projection_prepare (p, NULL));
        g_assert_cmpuint (sc_projection_get_n_steps (p), ==, 4);
        while (fraction < 1.0)
          {
            g_autoptr(ScStack) partial = NULL;

            fraction = sc_projection_step (p, NULL, NULL);
            g_assert_cmpfloat (fraction, >, 0);
            k++;
            partial = sc_projection_get_partial (p);
            check_result (&f, &o, partial, MIN (k * 30, 100));
          }
        fixture_clear (&f);
      }
}

static void
test_errors (void)
{
  Fixture f;
  g_autoptr(ScStack) stack = NULL;

  fixture_init (&f, SC_SAMPLE_U8, 4, 4, 2, 3, 1, 1, 1);
  stack = make_stack (&f, FALSE);
  {
    g_autoptr(ScProjection) p = sc_projection_new (stack, SC_PROJECTION_MAX);
    g_autoptr(GError) error = NULL;
    sc_projection_set_channel (p, 2);
    g_assert_false (sc_projection_prepare (p, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(ScProjection) p = sc_projection_new (stack, SC_PROJECTION_MAX);
    g_autoptr(GError) error = NULL;
    sc_projection_set_slices (p, 1, 3, 1);
    g_assert_false (sc_projection_prepare (p, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(ScProjection) p = sc_projection_new (stack, SC_PROJECTION_MAX);
    g_autoptr(GError) error = NULL;
    sc_projection_set_frame (p, 1);
    g_assert_false (sc_projection_prepare (p, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  }
  {
    ScProjectionMethod m;
    g_assert_true (sc_projection_method_from_string ("median", &m));
    g_assert_cmpint (m, ==, SC_PROJECTION_MEDIAN);
    g_assert_false (sc_projection_method_from_string ("mode", &m));
  }
  fixture_clear (&f);
}

static void
plane_stats (ScStack *stack,
             double  *max,
             double  *mean)
{
  gsize n = (gsize) sc_stack_get_width (stack) * sc_stack_get_height (stack);
  g_autofree float *plane = g_new (float, n);
  double sum = 0;

  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_F32);
  g_assert_true (sc_stack_read_plane (stack, 0, plane, NULL));
  *max = -INFINITY;
  for (gsize i = 0; i < n; i++)
    {
      *max = MAX (*max, plane[i]);
      sum += plane[i];
    }
  *mean = sum / n;
}

static void
test_golgi (void)
{
  g_autofree char *path = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_n_slices (stack), ==, 25);

  {
    g_autoptr(ScProjection) p = sc_projection_new (stack, SC_PROJECTION_MAX);
    g_autoptr(ScStack) r = sc_projection_run (p, NULL, &error);
    gsize n = 147 * 137;
    g_autofree guint16 *plane = g_new (guint16, n);
    guint max = 0;
    double sum = 0;

    g_assert_no_error (error);
    /* the result knows the file it came from, so that no export writes over it */
    g_assert_null (sc_stack_get_path (r));
    g_assert_true (sc_stack_is_origin_file (r, path));
    g_assert_cmpint (sc_stack_get_sample_type (r), ==, SC_SAMPLE_U16);
    g_assert_cmpuint (sc_stack_get_width (r), ==, 147);
    g_assert_cmpuint (sc_stack_get_height (r), ==, 137);
    g_assert_true (sc_stack_read_plane (r, 0, plane, NULL));
    for (gsize i = 0; i < n; i++)
      {
        max = MAX (max, plane[i]);
        sum += plane[i];
      }
    g_assert_cmpuint (max, ==, 14421);
    g_assert_cmpfloat (fabs (sum / n - 236.8731), <, 0.00005);
    g_assert_cmpstr (sc_stack_get_calibration (r)->unit, !=, NULL);
    g_assert_cmpfloat_with_epsilon (sc_stack_get_calibration (r)->pixel_depth, 0.3876, 1e-4);
  }
  {
    g_autoptr(ScProjection) p = sc_projection_new (stack, SC_PROJECTION_MEDIAN);
    g_autoptr(ScStack) r = sc_projection_run (p, NULL, &error);
    double max, mean;

    g_assert_no_error (error);
    plane_stats (r, &max, &mean);
    g_assert_cmpfloat (max, ==, 3496);
    g_assert_cmpfloat (fabs (mean - 28.7516), <, 0.00005);
  }
  /* Through a tiny budget too: bands of a few rows, read rather than mapped. */
  {
    g_autoptr(ScProjection) p = sc_projection_new (stack, SC_PROJECTION_MEDIAN);
    g_autoptr(ScStack) r = NULL;
    double max, mean;

    sc_projection_set_memory_budget (p, 25 * 147 * 2 * 3);
    r = sc_projection_run (p, NULL, &error);
    g_assert_no_error (error);
    plane_stats (r, &max, &mean);
    g_assert_cmpfloat (max, ==, 3496);
    g_assert_cmpfloat (fabs (mean - 28.7516), <, 0.00005);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The persistent pool's threads are there before any run counts its threads. */
  sc_parallel_start ();

  g_test_add_func ("/core/projection/methods", test_methods);
  g_test_add_func ("/core/projection/copy-source", test_copy_source);
  g_test_add_func ("/core/projection/slices-channels-frames", test_slices_channels_frames);
  g_test_add_func ("/core/projection/rgb", test_rgb);
  g_test_add_func ("/core/projection/many-slices", test_many_slices);
  g_test_add_func ("/core/projection/precision", test_precision);
  g_test_add_func ("/core/projection/threads", test_threads);
  g_test_add_func ("/core/projection/partial", test_partial);
  g_test_add_func ("/core/projection/partial-rows", test_partial_rows);
  g_test_add_func ("/core/projection/cancel", test_cancel);
  g_test_add_func ("/core/projection/async", test_async);
  g_test_add_func ("/core/projection/partial-runs", test_partial_runs);
  g_test_add_func ("/core/projection/cancel-race", test_cancel_race);
  g_test_add_func ("/core/projection/split", test_split);
  g_test_add_func ("/core/projection/split-threads", test_split_threads);
  g_test_add_func ("/core/projection/adaptive-read", test_adaptive_read);
  g_test_add_func ("/core/projection/adaptive-read-decide", test_adaptive_read_decide);
  g_test_add_func ("/core/projection/sum-limits", test_sum_limits);
  g_test_add_func ("/core/projection/sd-limits-8bit", test_sd_limits_8bit);
  g_test_add_func ("/core/projection/split-partial", test_split_partial);
  g_test_add_func ("/core/projection/errors", test_errors);
  g_test_add_func ("/core/projection/golgi", test_golgi);

  return g_test_run ();
}
