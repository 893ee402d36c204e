/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <math.h>

#include "sc-kernel-loops.h"
#include "sc-projection-fold.h"

/* Each kernel is built for 8, 4, 2 and 1 planes, each plane its own restrict pointer, in
 * blocks of a fixed count that GCC vectorises even at -O2 (sc-kernel-loops.h), and on x86-64 also for AVX2 and AVX-512, chosen at load time. A call over n_src
 * planes runs the 8-plane loop while 8 are left, then at most one each of the others.
 *
 * The value of one sample over the planes of a group is kept in a register (t_, q_):
 * integers are summed in the narrowest type that holds 8 of them (8-bit data in 16 bits,
 * 16-bit data in 32), then widened once and added to the accumulator; floating-point
 * values are added to the accumulator's value plane after plane, exactly the operations
 * of the one-plane loops in the same order, so that the result does not depend on how
 * the planes are grouped. */

/* The sources of a P-plane loop: its parameters, the arguments from srcs, and F (s, k)
 * for each source in order. */
#define PARAMS_1(T) const T *restrict s0
#define PARAMS_2(T) PARAMS_1 (T), const T *restrict s1
#define PARAMS_4(T) PARAMS_2 (T), const T *restrict s2, const T *restrict s3
#define PARAMS_8(T) PARAMS_4 (T), const T *restrict s4, const T *restrict s5,          \
                    const T *restrict s6, const T *restrict s7
#define ARGS_1(s) (s)[0]
#define ARGS_2(s) ARGS_1 (s), (s)[1]
#define ARGS_4(s) ARGS_2 (s), (s)[2], (s)[3]
#define ARGS_8(s) ARGS_4 (s), (s)[4], (s)[5], (s)[6], (s)[7]
#define EACH_1(F, k) F (s0, k)
#define EACH_2(F, k) EACH_1 (F, k) F (s1, k)
#define EACH_4(F, k) EACH_2 (F, k) F (s2, k) F (s3, k)
#define EACH_8(F, k) EACH_4 (F, k) F (s4, k) F (s5, k) F (s6, k) F (s7, k)

#define UNPAREN(...) __VA_ARGS__

/* NAME##_P for P = 1, 2, 4, 8: sources of type T, the accumulators' parameters
 * ACC_PARAMS (in parentheses), the types that the steps use declared by TYPES, and
 * STEP##_P (k) folding sample k of every source; then NAME, of the table's signature
 * (its accumulators WRAP_PARAMS), which runs them over n_src sources, the accumulators
 * passed on as ACC_ARGS. */
#define DEFINE_FOLD_P(NAME, P, T, ACC_PARAMS, TYPES, STEP)                          \
  SC_CLONES static void                                                             \
  NAME##_##P (UNPAREN ACC_PARAMS, PARAMS_##P (T), gsize n)                          \
  {                                                                                 \
    TYPES                                                                           \
    BLOCKED_LOOP (n, STEP##_##P);                                                   \
  }

#define DEFINE_FOLD(NAME, T, ACC_PARAMS, WRAP_PARAMS, ACC_ARGS, TYPES, STEP)        \
  DEFINE_FOLD_P (NAME, 8, T, ACC_PARAMS, TYPES, STEP)                               \
  DEFINE_FOLD_124 (NAME, T, ACC_PARAMS, WRAP_PARAMS, ACC_ARGS, TYPES, STEP)

/* All but NAME##_8, which the caller defines. */
#define DEFINE_FOLD_124(NAME, T, ACC_PARAMS, WRAP_PARAMS, ACC_ARGS, TYPES, STEP)    \
  DEFINE_FOLD_P (NAME, 1, T, ACC_PARAMS, TYPES, STEP)                               \
  DEFINE_FOLD_P (NAME, 2, T, ACC_PARAMS, TYPES, STEP)                               \
  DEFINE_FOLD_P (NAME, 4, T, ACC_PARAMS, TYPES, STEP)                               \
  static void                                                                       \
  NAME (UNPAREN WRAP_PARAMS, const gconstpointer *s, guint n_src, gsize n)          \
  {                                                                                 \
    for (; n_src >= 8; n_src -= 8, s += 8)                                          \
      NAME##_8 (UNPAREN ACC_ARGS, ARGS_8 (s), n);                                   \
    if (n_src >= 4)                                                                 \
      {                                                                             \
        NAME##_4 (UNPAREN ACC_ARGS, ARGS_4 (s), n);                                 \
        n_src -= 4;                                                                 \
        s += 4;                                                                     \
      }                                                                             \
    if (n_src >= 2)                                                                 \
      {                                                                             \
        NAME##_2 (UNPAREN ACC_ARGS, ARGS_2 (s), n);                                 \
        n_src -= 2;                                                                 \
        s += 2;                                                                     \
      }                                                                             \
    if (n_src == 1)                                                                 \
      NAME##_1 (UNPAREN ACC_ARGS, ARGS_1 (s), n);                                   \
  }

/* ---- max and min: t_ takes s[k] where it compares larger (smaller), in order ---- */

#define MAX1(s, k) t_ = (s)[k] > t_ ? (s)[k] : t_;
#define MIN1(s, k) t_ = (s)[k] < t_ ? (s)[k] : t_;
#define MINMAX_STEP(k, EACH, ONE)                                                   \
  G_STMT_START {                                                                    \
    __typeof__ (acc[0]) t_ = acc[k];                                                \
    EACH (ONE, k)                                                                   \
    acc[k] = t_;                                                                    \
  } G_STMT_END
#define MAX_STEP_1(k) MINMAX_STEP (k, EACH_1, MAX1)
#define MAX_STEP_2(k) MINMAX_STEP (k, EACH_2, MAX1)
#define MAX_STEP_4(k) MINMAX_STEP (k, EACH_4, MAX1)
#define MAX_STEP_8(k) MINMAX_STEP (k, EACH_8, MAX1)
#define MIN_STEP_1(k) MINMAX_STEP (k, EACH_1, MIN1)
#define MIN_STEP_2(k) MINMAX_STEP (k, EACH_2, MIN1)
#define MIN_STEP_4(k) MINMAX_STEP (k, EACH_4, MIN1)
#define MIN_STEP_8(k) MINMAX_STEP (k, EACH_8, MIN1)

#define DEFINE_MINMAX(SUFFIX, T)                                                    \
  DEFINE_FOLD (max_##SUFFIX, T, (T *restrict acc), (gpointer acc), (acc), , MAX_STEP) \
  DEFINE_FOLD (min_##SUFFIX, T, (T *restrict acc), (gpointer acc), (acc), , MIN_STEP)

DEFINE_MINMAX (u8, guint8)
DEFINE_MINMAX (u16, guint16)
DEFINE_MINMAX (u32, guint32)
DEFINE_MINMAX (i8, gint8)
DEFINE_MINMAX (i16, gint16)
DEFINE_MINMAX (i32, gint32)
DEFINE_MINMAX (f32, float)

/* ---- Integer sums: a group's values summed in t_ of type Inter, then widened once.
 * 8 values of 8-bit data fit 16 bits, of 16-bit data 32, of 32-bit data 64. ---- */

#define SUM1(s, k) t_ = (Inter) (t_ + (s)[k]);
#define ISUM_STEP(k, EACH)                                                          \
  G_STMT_START {                                                                    \
    Inter t_ = 0;                                                                   \
    EACH (SUM1, k)                                                                  \
    acc[k] += (__typeof__ (acc[0])) t_;                                             \
  } G_STMT_END
#define ISUM_STEP_1(k) ISUM_STEP (k, EACH_1)
#define ISUM_STEP_2(k) ISUM_STEP (k, EACH_2)
#define ISUM_STEP_4(k) ISUM_STEP (k, EACH_4)
#define ISUM_STEP_8(k) ISUM_STEP (k, EACH_8)

#define DEFINE_ISUM(NAME, T, A, I)                                                  \
  DEFINE_FOLD (NAME, T, (A *restrict acc), (A *acc), (acc), typedef I Inter;, ISUM_STEP)

DEFINE_ISUM (sum_u8_i32, guint8, gint32, guint16)
DEFINE_ISUM (sum_u16_i32, guint16, gint32, gint32)
DEFINE_ISUM (sum_i8_i32, gint8, gint32, gint16)
DEFINE_ISUM (sum_i16_i32, gint16, gint32, gint32)
DEFINE_ISUM (sum_u8_i64, guint8, gint64, guint16)
DEFINE_ISUM (sum_u16_i64, guint16, gint64, gint32)
DEFINE_ISUM (sum_u32_i64, guint32, gint64, gint64)
DEFINE_ISUM (sum_i8_i64, gint8, gint64, gint16)
DEFINE_ISUM (sum_i16_i64, gint16, gint64, gint32)
DEFINE_ISUM (sum_i32_i64, gint32, gint64, gint64)

/* ---- f32 sums in double, added plane after plane ---- */

#define FSUM1(s, k) t_ += (double) (s)[k];
#define FSUM_STEP(k, EACH)                                                          \
  G_STMT_START {                                                                    \
    double t_ = acc[k];                                                             \
    EACH (FSUM1, k)                                                                 \
    acc[k] = t_;                                                                    \
  } G_STMT_END
#define FSUM_STEP_1(k) FSUM_STEP (k, EACH_1)
#define FSUM_STEP_2(k) FSUM_STEP (k, EACH_2)
#define FSUM_STEP_4(k) FSUM_STEP (k, EACH_4)
#define FSUM_STEP_8(k) FSUM_STEP (k, EACH_8)

DEFINE_FOLD (sum_f32_f64, float, (double *restrict acc), (double *acc), (acc), , FSUM_STEP)

/* ---- Sums and sums of squares of 8- and 16-bit data, exactly: the squares of a group
 * in Sq (32 bits hold 8 squares of 8-bit values, 64 bits those of 16-bit values); each
 * square of 16-bit data is exact in 32 bits, of 8-bit data in 16. ---- */

#define SQU1(s, k)                                                                  \
  {                                                                                 \
    guint32 x_ = (s)[k];                                                            \
    t_ = (Inter) (t_ + (s)[k]);                                                     \
    q_ += (Sq) (x_ * x_);                                                           \
  }
/* 8-bit values: their squares exact in 16 bits (one vpmullw for 32 of them). */
#define SQB1(s, k)                                                                  \
  {                                                                                 \
    guint16 x_ = (s)[k];                                                            \
    t_ = (Inter) (t_ + x_);                                                         \
    q_ += (Sq) (guint16) (x_ * x_);                                                 \
  }
#define SQC1(s, k)                                                                  \
  {                                                                                 \
    gint16 x_ = (s)[k];                                                             \
    t_ = (Inter) (t_ + x_);                                                         \
    q_ += (Sq) (guint16) (x_ * x_);                                                 \
  }
#define SQS1(s, k)                                                                  \
  {                                                                                 \
    gint32 x_ = (s)[k];                                                             \
    t_ = (Inter) (t_ + (s)[k]);                                                     \
    q_ += (Sq) (guint32) (x_ * x_);                                                 \
  }
#define SUMSQ_STEP(k, EACH, ONE)                                                    \
  G_STMT_START {                                                                    \
    Inter t_ = 0;                                                                   \
    Sq q_ = 0;                                                                      \
    EACH (ONE, k)                                                                   \
    sum[k] += (__typeof__ (sum[0])) t_;                                             \
    sq[k] += (guint64) q_;                                                          \
  } G_STMT_END
#define SQU_STEP_1(k) SUMSQ_STEP (k, EACH_1, SQU1)
#define SQU_STEP_2(k) SUMSQ_STEP (k, EACH_2, SQU1)
#define SQU_STEP_4(k) SUMSQ_STEP (k, EACH_4, SQU1)
#define SQU_STEP_8(k) SUMSQ_STEP (k, EACH_8, SQU1)
#define SQB_STEP_1(k) SUMSQ_STEP (k, EACH_1, SQB1)
#define SQB_STEP_2(k) SUMSQ_STEP (k, EACH_2, SQB1)
#define SQB_STEP_4(k) SUMSQ_STEP (k, EACH_4, SQB1)
#define SQB_STEP_8(k) SUMSQ_STEP (k, EACH_8, SQB1)
#define SQC_STEP_1(k) SUMSQ_STEP (k, EACH_1, SQC1)
#define SQC_STEP_2(k) SUMSQ_STEP (k, EACH_2, SQC1)
#define SQC_STEP_4(k) SUMSQ_STEP (k, EACH_4, SQC1)
#define SQC_STEP_8(k) SUMSQ_STEP (k, EACH_8, SQC1)
#define SQS_STEP_1(k) SUMSQ_STEP (k, EACH_1, SQS1)
#define SQS_STEP_2(k) SUMSQ_STEP (k, EACH_2, SQS1)
#define SQS_STEP_4(k) SUMSQ_STEP (k, EACH_4, SQS1)
#define SQS_STEP_8(k) SUMSQ_STEP (k, EACH_8, SQS1)

#define DEFINE_SUMSQ(NAME, T, A, I, Q, STEP)                                        \
  DEFINE_FOLD_P (NAME, 8, T, (A *restrict sum, guint64 *restrict sq),               \
                 typedef I Inter; typedef Q Sq;, STEP)                              \
  DEFINE_SUMSQ_124 (NAME, T, A, I, Q, STEP)
/* All but NAME##_8, which the caller defines. */
#define DEFINE_SUMSQ_124(NAME, T, A, I, Q, STEP)                                    \
  DEFINE_FOLD_124 (NAME, T, (A *restrict sum, guint64 *restrict sq), (A *sum, guint64 *sq), \
                   (sum, sq), typedef I Inter; typedef Q Sq;, STEP)

/* 16-bit data over 8 planes: each square widened to 64 bits plane after plane took half
 * of u16 SD's time (AVX2: two vpmulld, four vpmovzxdq and four vpaddq for 16 samples a
 * plane). Where every value of a block of 8 planes is below 2^15, four squares fit 32
 * bits, so that they are summed in 32 and widened once for four planes; the sums are the
 * same. A block with a larger value takes SQU_STEP. Camera data (12 to 15 bits) are all
 * below. */
#define SQ15_STEP_8(k)                                                              \
  G_STMT_START {                                                                    \
    guint32 x0_ = s0[k], x1_ = s1[k], x2_ = s2[k], x3_ = s3[k];                     \
    guint32 x4_ = s4[k], x5_ = s5[k], x6_ = s6[k], x7_ = s7[k];                     \
    sum[k] += (__typeof__ (sum[0])) (gint32) (x0_ + x1_ + x2_ + x3_ + x4_ + x5_ + x6_ + x7_); \
    sq[k] += (guint64) (x0_ * x0_ + x1_ * x1_ + x2_ * x2_ + x3_ * x3_)              \
             + (guint64) (x4_ * x4_ + x5_ * x5_ + x6_ * x6_ + x7_ * x7_);           \
  } G_STMT_END
#define OR8(k) (s0[k] | s1[k] | s2[k] | s3[k] | s4[k] | s5[k] | s6[k] | s7[k])

#define DEFINE_SUMSQ_U16(NAME, A)                                                   \
  SC_CLONES static void                                                             \
  NAME##_8 (A *restrict sum, guint64 *restrict sq, PARAMS_8 (guint16), gsize n)     \
  {                                                                                 \
    typedef gint32 Inter;                                                           \
    typedef guint64 Sq;                                                             \
    gsize i_ = 0;                                                                   \
    for (; i_ + BLOCK <= n; i_ += BLOCK)                                            \
      {                                                                             \
        guint o_ = 0;                                                               \
        for (guint j_ = 0; j_ < BLOCK; j_++)                                        \
          o_ |= OR8 (i_ + j_);                                                      \
        if (o_ < 0x8000)                                                            \
          for (guint j_ = 0; j_ < BLOCK; j_++)                                      \
            SQ15_STEP_8 (i_ + j_);                                                  \
        else                                                                        \
          for (guint j_ = 0; j_ < BLOCK; j_++)                                      \
            SQU_STEP_8 (i_ + j_);                                                   \
      }                                                                             \
    for (; i_ < n; i_++)                                                            \
      SQU_STEP_8 (i_);                                                              \
  }                                                                                 \
  DEFINE_SUMSQ_124 (NAME, guint16, A, gint32, guint64, SQU_STEP)

DEFINE_SUMSQ (sumsq_u8_i32, guint8, gint32, guint16, guint32, SQB_STEP)
DEFINE_SUMSQ_U16 (sumsq_u16_i32, gint32)
DEFINE_SUMSQ (sumsq_i8_i32, gint8, gint32, gint16, guint32, SQC_STEP)
DEFINE_SUMSQ (sumsq_i16_i32, gint16, gint32, gint32, guint64, SQS_STEP)
DEFINE_SUMSQ (sumsq_u8_i64, guint8, gint64, guint16, guint32, SQB_STEP)
DEFINE_SUMSQ_U16 (sumsq_u16_i64, gint64)
DEFINE_SUMSQ (sumsq_i8_i64, gint8, gint64, gint16, guint32, SQC_STEP)
DEFINE_SUMSQ (sumsq_i16_i64, gint16, gint64, gint32, guint64, SQS_STEP)

/* ---- Shifted sums in double, plane after plane ---- */

#define SH1(s, k)                                                                   \
  {                                                                                 \
    double d_ = (double) (s)[k] - h_;                                               \
    a_ += d_;                                                                       \
    b_ += d_ * d_;                                                                  \
  }
#define SHIFTED_STEP(k, EACH)                                                       \
  G_STMT_START {                                                                    \
    double a_ = sum[k], b_ = sq[k], h_ = (double) shift[k];                         \
    EACH (SH1, k)                                                                   \
    sum[k] = a_;                                                                    \
    sq[k] = b_;                                                                     \
  } G_STMT_END
#define SHIFTED_STEP_1(k) SHIFTED_STEP (k, EACH_1)
#define SHIFTED_STEP_2(k) SHIFTED_STEP (k, EACH_2)
#define SHIFTED_STEP_4(k) SHIFTED_STEP (k, EACH_4)
#define SHIFTED_STEP_8(k) SHIFTED_STEP (k, EACH_8)

#define DEFINE_SHIFTED(NAME, T)                                                     \
  DEFINE_FOLD (NAME, T,                                                             \
               (double *restrict sum, double *restrict sq, const T *restrict shift), \
               (double *sum, double *sq, gconstpointer shift), (sum, sq, shift), ,      \
               SHIFTED_STEP)

DEFINE_SHIFTED (shifted_u32, guint32)
DEFINE_SHIFTED (shifted_i32, gint32)
DEFINE_SHIFTED (shifted_f32, float)

/* ---- Standard deviations from the sums, as _sc_projection_finish_band() takes them ----
 *
 * The variances of a block are computed first, in a loop that GCC vectorises (sqrt ()
 * may set errno, so a loop with it is left scalar), then their square roots. */

/* With 32-bit sums, n * sq and sum * sum are below 2^62 (n * max |x| < 2^31): exact in
 * 64 bits, as in the 128 bits that 64-bit sums take; the variance is never negative. */
#define VAR_I32_STEP(k)                                                             \
  var[k] = (double) ((gint64) n_seen * (gint64) sq[k] - (gint64) sum[k] * (gint64) sum[k]) \
           / denom
#define VAR_SHIFTED_STEP(k) var[k] = (n_seen * sq[k] - sum[k] * sum[k]) / denom

SC_CLONES static void
var_i32_loop (const gint32 *restrict  sum,
              const guint64 *restrict sq,
              double *restrict        var,
              gsize                   n,
              guint                   n_seen,
              double                  denom)
{
  BLOCKED_LOOP (n, VAR_I32_STEP);
}

SC_CLONES static void
var_shifted_loop (const double *restrict sum,
                  const double *restrict sq,
                  double *restrict       var,
                  gsize                  n,
                  guint                  n_seen,
                  double                 denom)
{
  BLOCKED_LOOP (n, VAR_SHIFTED_STEP);
}

#define SD_BLOCK 512

void
sc_fold_sd_i32 (const gint32  *sum,
                const guint64 *sq,
                gsize          n,
                guint          n_seen,
                double         denom,
                float         *dest)
{
  double var[SD_BLOCK];

  for (gsize i = 0; i < n; i += SD_BLOCK)
    {
      gsize m = MIN (SD_BLOCK, n - i);

      var_i32_loop (sum + i, sq + i, var, m, n_seen, denom);
      for (gsize k = 0; k < m; k++)
        dest[i + k] = (float) sqrt (var[k]);
    }
}

void
sc_fold_sd_shifted (const double *sum,
                    const double *sq,
                    gsize         n,
                    guint         n_seen,
                    double        denom,
                    float        *dest)
{
  double var[SD_BLOCK];

  for (gsize i = 0; i < n; i += SD_BLOCK)
    {
      gsize m = MIN (SD_BLOCK, n - i);

      var_shifted_loop (sum + i, sq + i, var, m, n_seen, denom);
      for (gsize k = 0; k < m; k++)
        dest[i + k] = (float) sqrt (var[k] > 0 ? var[k] : 0);
    }
}

/* ---- One table: each type's folds ---- */

typedef void (*MaxFunc)      (gpointer acc, const gconstpointer *s, guint n_src, gsize n);
typedef void (*SumI32Func)   (gint32 *acc, const gconstpointer *s, guint n_src, gsize n);
typedef void (*SumI64Func)   (gint64 *acc, const gconstpointer *s, guint n_src, gsize n);
typedef void (*SumSqI32Func) (gint32 *sum, guint64 *sq, const gconstpointer *s, guint n_src,
                              gsize n);
typedef void (*SumSqI64Func) (gint64 *sum, guint64 *sq, const gconstpointer *s, guint n_src,
                              gsize n);
typedef void (*ShiftedFunc)  (double *sum, double *sq, gconstpointer shift,
                              const gconstpointer *s, guint n_src, gsize n);

/* NULL where the type takes no such accumulator: the callers choose accumulators by type
 * (sums of 8/16-bit data in 32 bits, exact squares for 8/16-bit data, shifted sums in
 * double for 32-bit data). */
typedef struct {
  MaxFunc       max;
  MaxFunc       min;
  SumI32Func    sum_i32;
  SumI64Func    sum_i64;
  SumSqI32Func  sumsq_i32;
  SumSqI64Func  sumsq_i64;
  ShiftedFunc   shifted;
} FoldKernels;

#define MM(SUFFIX) max_##SUFFIX, min_##SUFFIX
#define SHIFTED(SUFFIX) shifted_##SUFFIX

static const FoldKernels fold_kernels[] = {
  [SC_SAMPLE_U8] = { MM (u8), sum_u8_i32, sum_u8_i64, sumsq_u8_i32, sumsq_u8_i64, NULL },
  [SC_SAMPLE_U16] = { MM (u16), sum_u16_i32, sum_u16_i64, sumsq_u16_i32, sumsq_u16_i64, NULL },
  [SC_SAMPLE_U32] = { MM (u32), NULL, sum_u32_i64, NULL, NULL, SHIFTED (u32) },
  [SC_SAMPLE_I8] = { MM (i8), sum_i8_i32, sum_i8_i64, sumsq_i8_i32, sumsq_i8_i64, NULL },
  [SC_SAMPLE_I16] = { MM (i16), sum_i16_i32, sum_i16_i64, sumsq_i16_i32, sumsq_i16_i64, NULL },
  [SC_SAMPLE_I32] = { MM (i32), NULL, sum_i32_i64, NULL, NULL, SHIFTED (i32) },
  [SC_SAMPLE_F32] = { MM (f32), NULL, NULL, NULL, NULL, SHIFTED (f32) },
};

static inline const FoldKernels *
folds_for (ScSampleType type)
{
  g_assert ((guint) type < G_N_ELEMENTS (fold_kernels));
  return &fold_kernels[type];
}

/* Runs the fold of the type, which must have one. */
#define RUN_FOLD(type, kind, ...)                                   \
  G_STMT_START {                                                    \
    const FoldKernels *k_ = folds_for (type);                       \
    g_assert (k_->kind != NULL);                                    \
    k_->kind (__VA_ARGS__);                                         \
  } G_STMT_END

void
sc_fold_max (ScSampleType          type,
             gpointer              acc,
             const gconstpointer  *srcs,
             guint                 n_src,
             gsize                 n)
{
  RUN_FOLD (type, max, acc, srcs, n_src, n);
}

void
sc_fold_min (ScSampleType          type,
             gpointer              acc,
             const gconstpointer  *srcs,
             guint                 n_src,
             gsize                 n)
{
  RUN_FOLD (type, min, acc, srcs, n_src, n);
}

void
sc_fold_sum_i32 (ScSampleType          type,
                 gint32               *acc,
                 const gconstpointer  *srcs,
                 guint                 n_src,
                 gsize                 n)
{
  RUN_FOLD (type, sum_i32, acc, srcs, n_src, n);
}

void
sc_fold_sum_i64 (ScSampleType          type,
                 gint64               *acc,
                 const gconstpointer  *srcs,
                 guint                 n_src,
                 gsize                 n)
{
  RUN_FOLD (type, sum_i64, acc, srcs, n_src, n);
}

void
sc_fold_sum_f64 (double               *acc,
                 const gconstpointer  *srcs,
                 guint                 n_src,
                 gsize                 n)
{
  sum_f32_f64 (acc, srcs, n_src, n);
}

void
sc_fold_sumsq_i32 (ScSampleType          type,
                   gint32               *sum,
                   guint64              *sq,
                   const gconstpointer  *srcs,
                   guint                 n_src,
                   gsize                 n)
{
  RUN_FOLD (type, sumsq_i32, sum, sq, srcs, n_src, n);
}

void
sc_fold_sumsq_i64 (ScSampleType          type,
                   gint64               *sum,
                   guint64              *sq,
                   const gconstpointer  *srcs,
                   guint                 n_src,
                   gsize                 n)
{
  RUN_FOLD (type, sumsq_i64, sum, sq, srcs, n_src, n);
}

void
sc_fold_shifted (ScSampleType          type,
                 double               *sum,
                 double               *sq,
                 gconstpointer         shift,
                 const gconstpointer  *srcs,
                 guint                 n_src,
                 gsize                 n)
{
  RUN_FOLD (type, shifted, sum, sq, shift, srcs, n_src, n);
}
