/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-select: the order-statistics kernel's two ways, bitwise select and comparison
 * network, on the same blocks, for counts of values from 4 to 256 and data of a few
 * kinds, in ns per value on one thread, beside what AUTO takes. Where the two cross is
 * what NETWORK_COST_TENTHS in sc-select-kernels.c should say. The two ways are the AVX2
 * kernel's (the portable one's without AVX2); on a processor with AVX-512 its kernel is
 * timed too, and where it beats the AVX2 ones is what SC_SELECT_AVX512_SMALL_N says.
 *
 * Usage: bench-select [REPEATS] */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc-select-kernels.h"

typedef struct {
  const char  *name;
  ScSampleType type;
  double       lo, hi;   /* uniform range of the values */
} Data;

static const Data kinds[] = {
  { "f32 noise -500..500", SC_SAMPLE_F32, -500, 500 },
  { "f32 noise 90..110", SC_SAMPLE_F32, 90, 110 },
  { "u16 12-bit camera", SC_SAMPLE_U16, 100, 4095 },
  { "u16 full range", SC_SAMPLE_U16, 0, 65535 },
  { "u16 narrow 400..600", SC_SAMPLE_U16, 400, 600 },
  { "u8 full range", SC_SAMPLE_U8, 0, 255 },
};

#define SAMPLES 4096

static double
time_method (ScSelectKernel        kernel,
             ScSelectMethod        method,
             ScSampleType          type,
             const guint8 * const *rows,
             const ScSelectSpec   *spec,
             float                *dest,
             guint8               *scratch,
             guint                 repeats)
{
  gint64 best = G_MAXINT64;

  sc_kernel_select_force (kernel);
  sc_kernel_select_force_method (method);
  for (guint r = 0; r < 3; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      for (guint i = 0; i < repeats; i++)
        sc_kernel_select (type, rows, 0, SAMPLES, spec, dest, scratch);
      best = MIN (best, g_get_monotonic_time () - t0);
    }
  sc_kernel_select_force (SC_SELECT_KERNEL_AUTO);
  sc_kernel_select_force_method (SC_SELECT_METHOD_AUTO);
  return best * 1e3 / repeats / ((double) SAMPLES * spec->n);
}

int
main (int   argc,
      char *argv[])
{
  static const guint counts[] = { 4, 8, 16, 32, 48, 64, 96, 128, 200, 256 };
  guint repeats = argc > 1 ? (guint) atoi (argv[1]) : 0;
  GRand *rand = g_rand_new_with_seed (3);
  ScSelectKernel base = sc_kernel_select_has (SC_SELECT_KERNEL_AVX2) ? SC_SELECT_KERNEL_AVX2
                                                                     : SC_SELECT_KERNEL_V16;
  gboolean avx512 = sc_kernel_select_has (SC_SELECT_KERNEL_AVX512);

  g_print ("# bitwise, network: the %s kernel; %sauto: the kernel and way AUTO takes\n",
           base == SC_SELECT_KERNEL_AVX2 ? "AVX2" : "portable (16-byte)",
           avx512 ? "avx512: AVX-512's 8-bit digits; " : "");
  g_print ("%-22s %5s %10s %10s %10s %10s %8s\n", "data", "n", "bitwise", "network",
           avx512 ? "avx512" : "", "auto", "bit/net");
  for (guint d = 0; d < G_N_ELEMENTS (kinds); d++)
    for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
      {
        guint n = counts[c];
        gsize size = sc_sample_type_size (kinds[d].type);
        /* rows a power of two apart, as planes are */
        gsize stride = ((SAMPLES * size + 4095) & ~(gsize) 4095) * 2;
        guint8 *data = g_malloc ((gsize) n * stride);
        const guint8 **rows = g_new (const guint8 *, n);
        guint8 *scratch = g_malloc (sc_kernel_select_scratch_size (n));
        float *dest = g_new (float, SAMPLES);
        ScSelectSpec spec = { .n = n, .k = (n - 1) / 2, .need_next = n % 2 == 0,
                              .median = TRUE, .frac = 0.5 };
        guint reps = repeats ? repeats : MAX (2000 / n, 4);
        double bit, net, wide = 0, any;
        char wide_s[16];

        for (guint p = 0; p < n; p++)
          {
            rows[p] = data + p * stride;
            for (gsize i = 0; i < SAMPLES; i++)
              {
                double v = g_rand_double_range (rand, kinds[d].lo, kinds[d].hi);
                guint8 *q = data + p * stride + i * size;
                if (kinds[d].type == SC_SAMPLE_F32)
                  {
                    float f = (float) v;
                    memcpy (q, &f, 4);
                  }
                else if (kinds[d].type == SC_SAMPLE_U16)
                  {
                    guint16 u = (guint16) lrint (v);
                    memcpy (q, &u, 2);
                  }
                else
                  *q = (guint8) lrint (v);
              }
          }
        bit = time_method (base, SC_SELECT_METHOD_BITWISE, kinds[d].type, rows, &spec, dest,
                           scratch, reps);
        net = time_method (base, SC_SELECT_METHOD_NETWORK, kinds[d].type, rows, &spec, dest,
                           scratch, reps);
        if (avx512)
          wide = time_method (SC_SELECT_KERNEL_AVX512, SC_SELECT_METHOD_AUTO, kinds[d].type,
                              rows, &spec, dest, scratch, reps);
        any = time_method (SC_SELECT_KERNEL_AUTO, SC_SELECT_METHOD_AUTO, kinds[d].type, rows,
                           &spec, dest, scratch, reps);
        g_snprintf (wide_s, sizeof wide_s, avx512 ? "%.3f" : "", wide);
        g_print ("%-22s %5u %10.3f %10.3f %10s %10.3f %8.2f\n", kinds[d].name, n, bit, net,
                 wide_s, any, bit / net);
        g_free (dest);
        g_free (scratch);
        g_free (rows);
        g_free (data);
      }
  g_rand_free (rand);
  return 0;
}
