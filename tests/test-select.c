/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The order-statistics kernel (sc_kernel_select) against sorting every sample's values:
 * every sample type, even and odd counts, ties, all-equal columns, the types' extremes,
 * NaNs, infinities, signed zeros and denormals in float data, values on both sides of
 * the digit boundaries that the AVX-512 kernels select by (bytes of 16-bit keys, halves
 * of 32-bit ones), medians and percentiles 0, 100 and in between, runs of samples that
 * do not fill the last vector, and counts around the 8-bit lanes' runs of 255. Each case
 * runs through the AVX-512 kernels (where the processor has them) and the portable ones. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc-select-kernels.h"
#include "sc-select-network.h"
#include "sc-test-util.h"

typedef enum {
  DATA_FULL,       /* anything the type holds */
  DATA_TIES,       /* a handful of distinct values */
  DATA_EQUAL,      /* every value of a sample the same */
  DATA_EXTREMES,   /* the type's smallest and largest values and their neighbours */
  DATA_SPECIAL,    /* f32: NaNs of both signs, infinities, signed zeros among normal values */
  DATA_DIGITS,     /* keys within a few digits of each other, at the edges of the digits */
} DataKind;

/* The order the kernel sorts by: integers by value, floats by their bits (negative ones
 * below positive ones, -0 below +0, NaNs with the sign bit set below -inf, the others
 * above +inf). */
static guint64
order_key (ScSampleType  type,
           const guint8 *p)
{
  switch (type)
    {
    case SC_SAMPLE_U8: return *p;
    case SC_SAMPLE_I8: return (guint64) ((gint64) *(const gint8 *) p + 128);
    case SC_SAMPLE_U16: { guint16 v; memcpy (&v, p, 2); return v; }
    case SC_SAMPLE_I16: { gint16 v; memcpy (&v, p, 2); return (guint64) ((gint64) v + 32768); }
    case SC_SAMPLE_U32: { guint32 v; memcpy (&v, p, 4); return v; }
    case SC_SAMPLE_I32: { gint32 v; memcpy (&v, p, 4); return (guint64) ((gint64) v + 2147483648); }
    case SC_SAMPLE_F32:
      {
        guint32 bits;
        memcpy (&bits, p, 4);
        return bits & 0x80000000u ? (guint64) (~bits) : (guint64) bits + 0x80000000u;
      }
    default:
      g_assert_not_reached ();
    }
}

/* The inverse of order_key. */
static void
set_key (ScSampleType  type,
         guint8       *p,
         guint64       key)
{
  switch (type)
    {
    case SC_SAMPLE_F32:
      {
        guint32 bits = key & 0x80000000u ? (guint32) key ^ 0x80000000u : ~(guint32) key;
        memcpy (p, &bits, 4);
        break;
      }
    case SC_SAMPLE_I8: sc_test_set_sample (type, p, 0, (double) key - 128); break;
    case SC_SAMPLE_I16: sc_test_set_sample (type, p, 0, (double) key - 32768); break;
    case SC_SAMPLE_I32: sc_test_set_sample (type, p, 0, (double) key - 2147483648.0); break;
    case SC_SAMPLE_U8:
    case SC_SAMPLE_U16:
    case SC_SAMPLE_U32:
    default: sc_test_set_sample (type, p, 0, (double) key); break;
    }
}

typedef struct {
  guint64 key;
  double  value;
} Keyed;

static int
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  guint64 x = ((const Keyed *) a)->key, y = ((const Keyed *) b)->key;
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

/* The spec of the median (percentile < 0) or of a percentile, as numpy defines them. */
static ScSelectSpec
make_spec (guint  n,
           double percentile)
{
  ScSelectSpec spec = { .n = n };

  if (percentile < 0)
    {
      spec.k = (n - 1) / 2;
      spec.need_next = n % 2 == 0;
      spec.median = TRUE;
      spec.frac = 0.5;
    }
  else
    {
      double index = (n - 1) * (percentile / 100.0);
      spec.k = MIN ((guint) floor (index), n - 1);
      spec.frac = index - floor (index);
      spec.need_next = spec.frac > 0 && spec.k + 1 < n;
    }
  return spec;
}

static void
fill_value (ScSampleType  type,
            DataKind      kind,
            guint8       *p,
            GRand        *rand)
{
  gsize size = sc_sample_type_size (type);

  switch (kind)
    {
    case DATA_FULL:
      for (gsize b = 0; b < size; b++)
        p[b] = (guint8) g_rand_int (rand);
      if (type == SC_SAMPLE_F32)
        {
          /* Finite values of all magnitudes: anything but an exponent of all ones. */
          float f = (float) g_rand_double_range (rand, -1e6, 1e6);
          memcpy (p, &f, 4);
        }
      break;
    case DATA_TIES:
      sc_test_set_sample (type, p, 0, g_rand_int_range (rand, 0, 5) * 3 + 1);
      break;
    case DATA_EXTREMES:
      {
        static const double lo[] = {
          [SC_SAMPLE_U8] = 0, [SC_SAMPLE_U16] = 0, [SC_SAMPLE_U32] = 0,
          [SC_SAMPLE_I8] = G_MININT8, [SC_SAMPLE_I16] = G_MININT16,
          [SC_SAMPLE_I32] = G_MININT32, [SC_SAMPLE_F32] = -G_MAXFLOAT };
        static const double hi[] = {
          [SC_SAMPLE_U8] = G_MAXUINT8, [SC_SAMPLE_U16] = G_MAXUINT16,
          [SC_SAMPLE_U32] = G_MAXUINT32, [SC_SAMPLE_I8] = G_MAXINT8,
          [SC_SAMPLE_I16] = G_MAXINT16, [SC_SAMPLE_I32] = G_MAXINT32,
          [SC_SAMPLE_F32] = G_MAXFLOAT };
        guint r = g_rand_int_range (rand, 0, 4);
        double v = r < 2 ? lo[type] : hi[type];

        if (type != SC_SAMPLE_F32)
          v += r == 1 ? 1 : r == 2 ? -1 : 0;
        sc_test_set_sample (type, p, 0, v);
        break;
      }
    case DATA_SPECIAL:
      {
        static const guint32 special[] = {
          0x7fc00000u, 0xffc00000u, 0x7f800001u, 0x7f800000u, 0xff800000u,
          0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u,
        };
        guint r = g_rand_int_range (rand, 0, 2 * G_N_ELEMENTS (special));

        if (r < G_N_ELEMENTS (special))
          memcpy (p, &special[r], 4);
        else
          sc_test_set_sample (type, p, 0, g_rand_int_range (rand, -3, 4) * 0.5);
        break;
      }
    case DATA_DIGITS:
      {
        /* Keys in three neighbouring digits (of the high byte of 16-bit keys, the high
         * half of 32-bit ones; of 16 for 8-bit ones) at either end of the low digit, in
         * the middle of the range (floats: zeros and denormals of both signs), now and
         * then the smallest or largest key. */
        static const guint64 lows[] = { 0, 1, 2, 0xfd, 0xfe, 0xff };
        guint bits = size == 1 ? 4 : 8 * size / 2;
        guint64 digit = ((guint64) 1 << bits) - 1, key;
        guint r = g_rand_int_range (rand, 0, 16);

        if (r == 0)
          key = 0;
        else if (r == 1)
          key = ((guint64) 1 << (8 * size)) - 1;
        else
          {
            guint64 low = lows[g_rand_int_range (rand, 0, G_N_ELEMENTS (lows))];

            low = low < 0x80 ? low : digit - (0xff - low);
            key = (((guint64) 1 << (8 * size - 1 - bits)) - 1 + g_rand_int_range (rand, 0, 3))
                  << bits | low;
          }
        set_key (type, p, key);
        break;
      }
    case DATA_EQUAL:
    default:
      g_assert_not_reached ();
    }
}

/* m samples of n values each, at rows[p] + offset, checked against sorting for the
 * median and several percentiles. */
static void
check_case (ScSampleType type,
            DataKind     kind,
            guint        n,
            gsize        offset,
            gsize        m,
            GRand       *rand)
{
  static const double percentiles[] = { -1, 0, 100, 50, 25, 10, 90, 33.3, 99.9, 0.1 };
  enum { NQ = G_N_ELEMENTS (percentiles) };
  gsize size = sc_sample_type_size (type);
  gsize row_bytes = (offset + m) * size;
  /* Rows a power of two apart, as the planes of a real stack mostly are. */
  gsize stride = row_bytes <= 4096 ? 4096 : (row_bytes + 4095) & ~(gsize) 4095;
  guint8 *data = g_malloc ((gsize) n * stride);
  const guint8 **rows = g_new (const guint8 *, n);
  guint8 *scratch = g_malloc (sc_kernel_select_scratch_size (n));
  float *dest = g_new (float, NQ * (m + 1));
  Keyed *sorted = g_new (Keyed, n);

  for (guint p = 0; p < n; p++)
    rows[p] = data + (gsize) p * stride;
  for (gsize i = offset; i < offset + m; i++)
    {
      if (kind == DATA_EQUAL)
        {
          guint8 v[4];
          fill_value (type, type == SC_SAMPLE_F32 && i % 3 == 0 ? DATA_SPECIAL : DATA_FULL,
                      v, rand);
          for (guint p = 0; p < n; p++)
            memcpy (data + (gsize) p * stride + i * size, v, size);
        }
      else
        for (guint p = 0; p < n; p++)
          fill_value (type, kind, data + (gsize) p * stride + i * size, rand);
    }

  for (guint q = 0; q < NQ; q++)
    {
      ScSelectSpec spec = make_spec (n, percentiles[q]);
      float *d = dest + q * (m + 1);

      /* A guard past the end: the kernel writes m values and no more. */
      d[m] = 12345.0f;
      sc_kernel_select (type, rows, offset, m, &spec, d, scratch);
      g_assert_cmpfloat (d[m], ==, 12345.0f);
    }

  for (gsize i = 0; i < m; i++)
    {
      for (guint p = 0; p < n; p++)
        {
          sorted[p].key = order_key (type, rows[p] + (offset + i) * size);
          sorted[p].value = sc_test_get_sample (type, rows[p], offset + i);
        }
      qsort (sorted, n, sizeof *sorted, compare_keyed);

      for (guint q = 0; q < NQ; q++)
        {
          float got = dest[q * (m + 1) + i], want;
          double expected;

          if (percentiles[q] < 0)
            expected = n % 2 ? sorted[n / 2].value
                             : (sorted[n / 2 - 1].value + sorted[n / 2].value) * 0.5;
          else
            {
              double index = (n - 1) * (percentiles[q] / 100.0);
              guint lo = (guint) floor (index), hi = MIN (lo + 1, n - 1);

              expected = index == lo ? sorted[lo].value
                                     : numpy_lerp (sorted[lo].value, sorted[hi].value, index - lo);
            }
          want = (float) expected;
          if (isnan (want) ? !isnan (got) : memcmp (&want, &got, sizeof want) != 0)
            g_error ("type %d, data %d, n %u, offset %zu, m %zu, percentile %g: sample %zu is "
                     "%.9g, sorting gives %.9g", type, kind, n, offset, m, percentiles[q], i,
                     got, want);
        }
    }

  g_free (sorted);
  g_free (dest);
  g_free (scratch);
  g_free (rows);
  g_free (data);
}

static const ScSampleType all_types[] = {
  SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_U32, SC_SAMPLE_I8, SC_SAMPLE_I16, SC_SAMPLE_I32,
  SC_SAMPLE_F32,
};

static const ScSelectKernel all_kernels[] = {
  SC_SELECT_KERNEL_V16, SC_SELECT_KERNEL_AVX2, SC_SELECT_KERNEL_AVX512,
};

static void
run_random (ScSelectKernel kernel)
{
  static const guint counts[] = { 1, 2, 3, 4, 5, 8, 17, 32, 33, 64, 200, 201 };
  /* Less than one vector, exactly some, and some with a remainder (vectors of 16, 32
   * and 64 samples). */
  static const gsize lengths[] = { 1, 7, 16, 32, 64, 100, 257, 31, 33, 63, 65, 128 };
  GRand *rand = g_rand_new_with_seed (15);

  if (!sc_kernel_select_has (kernel))
    {
      g_test_skip ("the processor has not this kernel");
      g_rand_free (rand);
      return;
    }
  sc_kernel_select_force (kernel);
  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (DataKind kind = DATA_FULL; kind <= DATA_DIGITS; kind++)
      {
        if (kind == DATA_SPECIAL && all_types[t] != SC_SAMPLE_F32)
          continue;
        for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
          {
            gsize m = lengths[(c + kind) % G_N_ELEMENTS (lengths)];
            gsize offset = c % 3 == 0 ? 0 : g_rand_int_range (rand, 1, 40);

            check_case (all_types[t], kind, counts[c], offset, m, rand);
          }
      }
  sc_kernel_select_force (SC_SELECT_KERNEL_AUTO);
  g_rand_free (rand);
}

/* The kernels with every block through the comparison networks (for up to
 * SC_SELECT_NETWORK_MAX_N values; more take the bitwise select still). */
static void
run_random_network (ScSelectKernel kernel)
{
  sc_kernel_select_force_method (SC_SELECT_METHOD_NETWORK);
  run_random (kernel);
  sc_kernel_select_force_method (SC_SELECT_METHOD_AUTO);
}

static void
test_network_v16 (void)
{
  run_random_network (SC_SELECT_KERNEL_V16);
}

static void
test_network_avx2 (void)
{
  run_random_network (SC_SELECT_KERNEL_AVX2);
}

/* Each network on its own, run on scalars: for every n up to 80 and some above, every
 * rank k (with and without k + 1), distinct values in random orders and values with
 * ties give the ranks that sorting gives. The networks are pruned to these ranks, so
 * a comparator dropped wrongly shows here. */
static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;
  return x < y ? -1 : x > y;
}

static void
test_network_ranks (void)
{
  static const guint more[] = { 96, 127, 128, 129, 200, 255, 256 };
  GRand *rand = g_rand_new_with_seed (21);
  int values[SC_SELECT_NETWORK_MAX_N], sorted[SC_SELECT_NETWORK_MAX_N];
  guint full_size_cx = 0;

  g_assert_null (sc_select_network_get (SC_SELECT_NETWORK_MAX_N + 1, 3, FALSE));
  for (guint c = 0; c < 80 + G_N_ELEMENTS (more); c++)
    {
      guint n = c < 80 ? c + 1 : more[c - 80];

      for (guint k = 0; k < n; k++)
        for (int next = 0; next < 2 && (next == 0 || k + 1 < n); next++)
          {
            const ScSelectNetwork *net = sc_select_network_get (n, k, next);

            g_assert_nonnull (net);
            g_assert_true (net == sc_select_network_get (n, k, next));
            g_assert_cmpuint (net->n, ==, n);
            g_assert_cmpuint (net->k, ==, k);
            if (n == 64 && k == 31 && next)
              full_size_cx = net->n_cx;
            /* a few orders for each, more for the short ones */
            for (guint trial = 0; trial < (n <= 16 ? 40u : n <= 80 ? 6u : 2u); trial++)
              {
                for (guint i = 0; i < n; i++)
                  values[i] = trial % 3 == 2 ? g_rand_int_range (rand, 0, 4)
                                             : g_rand_int_range (rand, -1000000, 1000000);
                memcpy (sorted, values, n * sizeof *values);
                qsort (sorted, n, sizeof *sorted, compare_int);
                /* the kernels sort each whole group of 32 first, then what whole
                 * group of 16 is left, then of 8 */
                g_assert_cmpuint (net->n_groups32, ==, n / 32);
                g_assert_cmpuint (net->n_groups16, ==, n % 32 / 16);
                g_assert_cmpuint (net->n_groups8, ==, n % 16 / 8);
                for (guint g = 0; g < net->n_groups32; g++)
                  qsort (values + 32 * g, 32, sizeof *values, compare_int);
                for (guint g = 0; g < net->n_groups16; g++)
                  qsort (values + 32 * net->n_groups32 + 16 * g, 16, sizeof *values, compare_int);
                for (guint g = 0; g < net->n_groups8; g++)
                  qsort (values + 32 * net->n_groups32 + 16 * net->n_groups16 + 8 * g, 8,
                         sizeof *values, compare_int);
                for (guint x = 0; x < net->n_cx; x++)
                  {
                    guint a = net->cx[2 * x] / 32, b = net->cx[2 * x + 1] / 32;
                    int lo = MIN (values[a], values[b]), hi = MAX (values[a], values[b]);

                    g_assert_cmpuint (a, <, b);
                    g_assert_cmpuint (b, <, n);
                    values[a] = lo;
                    values[b] = hi;
                  }
                g_assert_cmpint (values[k], ==, sorted[k]);
                if (next)
                  g_assert_cmpint (values[k + 1], ==, sorted[k + 1]);
              }
          }
    }
  /* Batcher's sort of 64 values has 543 compare-exchanges, 382 of them sorting the groups
   * of 32; the median needs fewer of the rest. */
  g_assert_cmpuint (full_size_cx, >, 0);
  g_assert_cmpuint (full_size_cx, <, 543 - 382);
  g_rand_free (rand);
}

static void
test_random_v16 (void)
{
  run_random (SC_SELECT_KERNEL_V16);
}

static void
test_random_avx2 (void)
{
  run_random (SC_SELECT_KERNEL_AVX2);
}

static void
test_random_avx512 (void)
{
  run_random (SC_SELECT_KERNEL_AVX512);
}

/* Counts about the 8-bit lanes' runs of 255 values (8- and 16-bit data), for every kind
 * of data, every kernel the processor has. */
static void
test_runs (void)
{
  static const guint counts[] = { 1, 2, 254, 255, 256, 257, 300, 510, 511, 766 };
  static const ScSampleType types[] = { SC_SAMPLE_U8, SC_SAMPLE_I8, SC_SAMPLE_U16,
                                        SC_SAMPLE_I16 };
  GRand *rand = g_rand_new_with_seed (17);

  for (guint g = 0; g < G_N_ELEMENTS (all_kernels); g++)
    {
      if (!sc_kernel_select_has (all_kernels[g]))
        continue;
      sc_kernel_select_force (all_kernels[g]);
      for (guint t = 0; t < G_N_ELEMENTS (types); t++)
        for (DataKind kind = DATA_FULL; kind <= DATA_DIGITS; kind++)
          {
            if (kind == DATA_SPECIAL)
              continue;
            for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
              check_case (types[t], kind, counts[c], c % 2, c % 2 ? 65 : 64, rand);
          }
    }
  sc_kernel_select_force (SC_SELECT_KERNEL_AUTO);
  g_rand_free (rand);
}

/* Counts past what 16-bit counters hold take the 32-bit kernels. */
static void
test_many_values (void)
{
  GRand *rand = g_rand_new_with_seed (16);

  check_case (SC_SAMPLE_U8, DATA_TIES, 70000, 3, 35, rand);
  check_case (SC_SAMPLE_U16, DATA_FULL, 65536, 0, 33, rand);
  check_case (SC_SAMPLE_I16, DATA_EXTREMES, 65535, 1, 17, rand);
  /* The most that the AVX-512 kernels count, in 8- and 16-bit lanes. */
  check_case (SC_SAMPLE_U8, DATA_FULL, 65535, 0, 65, rand);
  check_case (SC_SAMPLE_F32, DATA_DIGITS, 65535, 2, 33, rand);
  g_rand_free (rand);
}

/* Known answers, independent of any sorting: the median of 1..n, of values with ties,
 * and NaN ordering in float data. */
static void
test_known (void)
{
  float a[6][1] = { { 4 }, { 1 }, { 6 }, { 2 }, { 5 }, { 3 } };
  const guint8 *rows[6];
  guint8 *scratch = g_malloc (sc_kernel_select_scratch_size (6));
  ScSelectSpec spec;
  float out;

  for (guint p = 0; p < 6; p++)
    rows[p] = (const guint8 *) a[p];
  spec = make_spec (6, -1);
  sc_kernel_select (SC_SAMPLE_F32, rows, 0, 1, &spec, &out, scratch);
  g_assert_cmpfloat (out, ==, 3.5f);
  spec = make_spec (6, 30);   /* index 1.5: between 2 and 3 */
  sc_kernel_select (SC_SAMPLE_F32, rows, 0, 1, &spec, &out, scratch);
  g_assert_cmpfloat (out, ==, 2.5f);
  spec = make_spec (5, -1);   /* 4 1 6 2 5 */
  sc_kernel_select (SC_SAMPLE_F32, rows, 0, 1, &spec, &out, scratch);
  g_assert_cmpfloat (out, ==, 4.0f);

  /* A positive NaN sorts above everything: the median of 1 2 3 4 5 NaN is 3.5, and the
   * largest value is NaN; a negative NaN sorts below: the smallest is NaN. */
  a[2][0] = NAN;
  spec = make_spec (6, -1);
  sc_kernel_select (SC_SAMPLE_F32, rows, 0, 1, &spec, &out, scratch);
  g_assert_cmpfloat (out, ==, 3.5f);
  spec = make_spec (6, 100);
  sc_kernel_select (SC_SAMPLE_F32, rows, 0, 1, &spec, &out, scratch);
  g_assert_true (isnan (out));
  a[2][0] = -NAN;
  spec = make_spec (6, 0);
  sc_kernel_select (SC_SAMPLE_F32, rows, 0, 1, &spec, &out, scratch);
  g_assert_true (isnan (out));
  g_free (scratch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/select/known", test_known);
  g_test_add_func ("/core/select/random-v16", test_random_v16);
  g_test_add_func ("/core/select/random-avx2", test_random_avx2);
  g_test_add_func ("/core/select/random-avx512", test_random_avx512);
  g_test_add_func ("/core/select/network-v16", test_network_v16);
  g_test_add_func ("/core/select/network-avx2", test_network_avx2);
  g_test_add_func ("/core/select/network-ranks", test_network_ranks);
  g_test_add_func ("/core/select/runs", test_runs);
  g_test_add_func ("/core/select/many-values", test_many_values);

  return g_test_run ();
}
