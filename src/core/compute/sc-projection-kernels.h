/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-stack.h"

G_BEGIN_DECLS

/* Inner loops of the projection engine, one specialised loop per sample type that the
 * compiler vectorises (with AVX2 and AVX-512 clones picked at run time on x86-64).
 * n counts samples, not pixels. Private to the sc-projection*.c files and
 * their tests. */

/* acc = max (acc, src) or min (acc, src), acc of the input type. */
void sc_kernel_max        (ScSampleType    type,
                           gpointer        acc,
                           gconstpointer   src,
                           gsize           n);
void sc_kernel_min        (ScSampleType    type,
                           gpointer        acc,
                           gconstpointer   src,
                           gsize           n);
/* acc += src. i32: 8- and 16-bit types only (the caller checks for overflow);
 * i64: integer types; f64: f32 only. */
void sc_kernel_sum_i32    (ScSampleType    type,
                           gint32         *acc,
                           gconstpointer   src,
                           gsize           n);
void sc_kernel_sum_i64    (ScSampleType    type,
                           gint64         *acc,
                           gconstpointer   src,
                           gsize           n);
void sc_kernel_sum_f64    (double         *acc,
                           const float    *src,
                           gsize           n);
/* sum += src, sq += src * src, exactly, for 8- and 16-bit types. */
void sc_kernel_sumsq_i32  (ScSampleType    type,
                           gint32         *sum,
                           guint64        *sq,
                           gconstpointer   src,
                           gsize           n);
void sc_kernel_sumsq_i64  (ScSampleType    type,
                           gint64         *sum,
                           guint64        *sq,
                           gconstpointer   src,
                           gsize           n);
/* d = src - shift; sum += d, sq += d * d in double, for u32, i32 and f32. Shifting by
 * the first value keeps the variance exact where the mean is large beside it. */
void sc_kernel_shifted    (ScSampleType    type,
                           double         *sum,
                           double         *sq,
                           gconstpointer   shift,
                           gconstpointer   src,
                           gsize           n);

typedef struct {
  guint    n;          /* values per sample (planes) */
  guint    k;          /* 0-based rank of the lower value */
  gboolean need_next;  /* also the (k+1)-th value, for interpolation */
  gboolean median;     /* result (lo + hi) / 2 rather than numpy's lerp */
  double   frac;       /* weight of the (k+1)-th value */
} ScSelectSpec;

/* For each of m samples at rows[p] + offset samples (p < spec->n), the k-th
 * smallest value (interpolated with the next one as numpy does) into dest[0..m).
 * Linear in n: a bitwise radix select over the whole bit width, vectorised across
 * samples, on the values gathered into scratch, of
 * sc_kernel_select_scratch_size (spec->n) bytes. Floats are ordered by their bits:
 * NaNs with the sign bit clear above +inf, those with it set below -inf. */
void sc_kernel_select     (ScSampleType          type,
                           const guint8 * const *rows,
                           gsize                 offset,
                           gsize                 m,
                           const ScSelectSpec   *spec,
                           float                *dest,
                           guint8               *scratch);
gsize sc_kernel_select_scratch_size (guint n);

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
