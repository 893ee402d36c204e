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

G_END_DECLS
