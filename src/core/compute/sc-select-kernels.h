/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-stack.h"

G_BEGIN_DECLS

/* The order-statistics kernels of the projection engine (median and percentiles):
 * private to the sc-projection*.c files and their tests. */

typedef struct {
  guint    n;          /* values per sample (planes) */
  guint    k;          /* 0-based rank of the lower value */
  gboolean need_next;  /* also the (k+1)-th value, for interpolation */
  gboolean median;     /* result (lo + hi) / 2 rather than numpy's lerp */
  double   frac;       /* weight of the (k+1)-th value */
} ScSelectSpec;

/* For each of m samples at rows[p] + offset samples (p < spec->n), the k-th
 * smallest value (interpolated with the next one as numpy does) into dest[0..m).
 * Linear in n: a bitwise radix select, vectorised across samples (with AVX-512 in
 * digits of 8 bits, 64 samples a vector), on the values
 * gathered into scratch, of sc_kernel_select_scratch_size (spec->n) bytes. Floats are
 * ordered by their bits: NaNs with the sign bit clear above +inf, those with it set
 * below -inf. */
void sc_kernel_select     (ScSampleType          type,
                           const guint8 * const *rows,
                           gsize                 offset,
                           gsize                 m,
                           const ScSelectSpec   *spec,
                           float                *dest,
                           guint8               *scratch);
gsize sc_kernel_select_scratch_size (guint n);
/* The kernels: the portable one in 16-byte vectors (every processor), in 32 (AVX2), and
 * AVX-512's in 8-bit digits; AUTO takes the fastest the processor has, and on one with
 * AVX-512 the AVX2 kernels for up to SC_SELECT_AVX512_SMALL_N values, whose comparison
 * networks beat AVX-512's digits there. */
#define SC_SELECT_AVX512_SMALL_N 16
typedef enum {
  SC_SELECT_KERNEL_AUTO,
  SC_SELECT_KERNEL_V16,
  SC_SELECT_KERNEL_AVX2,
  SC_SELECT_KERNEL_AVX512,
} ScSelectKernel;

/* How the portable and AVX2 kernels select: AUTO takes, block by block, a comparison
 * network (sc-select-network.h) where it costs less than the bitwise select's passes,
 * for up to SC_SELECT_NETWORK_MAX_N values; the others force one way. The AVX-512
 * kernels select bitwise always. */
typedef enum {
  SC_SELECT_METHOD_AUTO,
  SC_SELECT_METHOD_BITWISE,
  SC_SELECT_METHOD_NETWORK,
} ScSelectMethod;

/* Whether the processor (and the build) has kernel. */
gboolean sc_kernel_select_has   (ScSelectKernel kernel);
/* For tests and benchmarks: kernel from now on (AUTO to choose again), one it has. */
void     sc_kernel_select_force (ScSelectKernel kernel);
/* For tests and benchmarks: method from now on (AUTO to choose again). */
void     sc_kernel_select_force_method (ScSelectMethod method);

/* numpy's linear interpolation (_lerp): a + (b - a) * t, or b - (b - a) * (1 - t)
 * for t >= 0.5. */
static inline double
sc_lerp (double a,
         double b,
         double t)
{
  double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

G_END_DECLS
