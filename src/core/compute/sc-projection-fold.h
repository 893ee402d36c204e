/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-stack.h"

G_BEGIN_DECLS

/* The streaming methods' inner loops over several planes at once: one pass over the
 * accumulators takes SC_FOLD_MAX planes (or fewer), so that the accumulators are loaded
 * and stored once per group of planes rather than once per plane. Each fold gives the
 * same accumulators, bit for bit, as the planes taken one by one in order (a scalar
 * reference in tests/test-stream.c): floating-point values are added plane after plane, in the
 * same order, and integers exactly in intermediates wide enough for SC_FOLD_MAX values.
 * srcs holds n_src pointers (1 <= n_src, any number: taken SC_FOLD_MAX at a time) to n
 * samples each. Private to the sc-projection*.c files and their tests. */

#define SC_FOLD_MAX 8

/* acc = max (acc, srcs[0], ..., srcs[n_src - 1]) (or min), acc of the input type; a
 * value replaces acc only where it compares larger (smaller), so NaNs never do. */
void sc_fold_max       (ScSampleType          type,
                        gpointer              acc,
                        const gconstpointer  *srcs,
                        guint                 n_src,
                        gsize                 n);
void sc_fold_min       (ScSampleType          type,
                        gpointer              acc,
                        const gconstpointer  *srcs,
                        guint                 n_src,
                        gsize                 n);
/* acc += the sum of the planes. i32: 8- and 16-bit types (the caller checks for
 * overflow); i64: integer types; f64: f32 only. */
void sc_fold_sum_i32   (ScSampleType          type,
                        gint32               *acc,
                        const gconstpointer  *srcs,
                        guint                 n_src,
                        gsize                 n);
void sc_fold_sum_i64   (ScSampleType          type,
                        gint64               *acc,
                        const gconstpointer  *srcs,
                        guint                 n_src,
                        gsize                 n);
void sc_fold_sum_f64   (double               *acc,
                        const gconstpointer  *srcs,
                        guint                 n_src,
                        gsize                 n);
/* sum += x, sq += x * x over the planes, exactly, for 8- and 16-bit types. */
void sc_fold_sumsq_i32 (ScSampleType          type,
                        gint32               *sum,
                        guint64              *sq,
                        const gconstpointer  *srcs,
                        guint                 n_src,
                        gsize                 n);
void sc_fold_sumsq_i64 (ScSampleType          type,
                        gint64               *sum,
                        guint64              *sq,
                        const gconstpointer  *srcs,
                        guint                 n_src,
                        gsize                 n);
/* The same with sq in 32 bits, for 8-bit types: the caller keeps n * max^2 below 2^32. */
void sc_fold_sumsq_u32 (ScSampleType          type,
                        gint32               *sum,
                        guint32              *sq,
                        const gconstpointer  *srcs,
                        guint                 n_src,
                        gsize                 n);
/* d = x - shift; sum += d, sq += d * d in double, plane after plane, for u32, i32 and
 * f32. */
void sc_fold_shifted   (ScSampleType          type,
                        double               *sum,
                        double               *sq,
                        gconstpointer         shift,
                        const gconstpointer  *srcs,
                        guint                 n_src,
                        gsize                 n);

/* dest = sqrt (max ((n_seen * sq - sum^2) / denom, 0)) of each of n samples: the standard
 * deviation from 32-bit sums (which only exact 64-bit products take, never wider; with
 * 32-bit squares, exact doubles), or from the shifted sums in double. n_seen > 0 and
 * denom > 0. */
void sc_fold_sd_i32    (const gint32         *sum,
                        const guint64        *sq,
                        gsize                 n,
                        guint                 n_seen,
                        double                denom,
                        float                *dest);
void sc_fold_sd_u32    (const gint32         *sum,
                        const guint32        *sq,
                        gsize                 n,
                        guint                 n_seen,
                        double                denom,
                        float                *dest);
void sc_fold_sd_shifted (const double        *sum,
                         const double        *sq,
                         gsize                n,
                         guint                n_seen,
                         double               denom,
                         float               *dest);

G_END_DECLS
