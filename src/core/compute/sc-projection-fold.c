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
    sq[k] += (__typeof__ (sq[0])) q_;                                               \
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

/* Sums in A, sums of squares in QA (guint64, or guint32 for 8-bit data, ACC_SQ_U32,
 * where the caller keeps them below 2^32), a group's in I and Q. */
#define DEFINE_SUMSQ(NAME, T, A, QA, I, Q, STEP)                                    \
  DEFINE_FOLD_P (NAME, 8, T, (A *restrict sum, QA *restrict sq),                    \
                 typedef I Inter; typedef Q Sq;, STEP)                              \
  DEFINE_SUMSQ_124 (NAME, T, A, QA, I, Q, STEP)
/* All but NAME##_8, which the caller defines. */
#define DEFINE_SUMSQ_124(NAME, T, A, QA, I, Q, STEP)                                \
  DEFINE_FOLD_124 (NAME, T, (A *restrict sum, QA *restrict sq), (A *sum, QA *sq),   \
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
  NAME##_8p (A *restrict sum, guint64 *restrict sq, PARAMS_8 (guint16), gsize n)    \
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
  DEFINE_SUMSQ_8 (NAME, A, guint64, guint16)                                        \
  DEFINE_SUMSQ_124 (NAME, guint16, A, guint64, gint32, guint64, SQU_STEP)

/* 8-bit data over 8 planes with AVX2: GCC built the squares from vpmullw on values
 * widened to 16 bits and widened them again, spilling to the stack (u8 SD's fold was half
 * of its time). Here two planes' values, interleaved as 16-bit pairs, give the sum of
 * their squares in one vpmaddwd; four of those (8 planes, below 2^20) are summed in 32
 * bits and widened to 64 once, or added as they are to 32-bit sums of squares
 * (ACC_SQ_U32: half the memory, and no widening). The sums are the same integers. 32
 * samples a step from sample i on; returns where it stopped, the rest (fewer than 32)
 * left to the caller. */
#if defined(__x86_64__) && defined(__GNUC__)
# define SC_FOLD_AVX2 1
# include <immintrin.h>
# define SC_AVX2 __attribute__ ((target ("avx2")))

/* d[0..2 vectors) += the two halves of t, each widened by WIDEN and added by ADD */
# define ADD_HALVES(d, t, ADD, WIDEN)                                                \
  G_STMT_START {                                                                    \
    __m256i *d_ = (__m256i *) (gpointer) (d);                                       \
    _mm256_storeu_si256 (d_, ADD (_mm256_loadu_si256 (d_),                          \
                                  WIDEN (_mm256_castsi256_si128 (t))));             \
    _mm256_storeu_si256 (d_ + 1, ADD (_mm256_loadu_si256 (d_ + 1),                  \
                                      WIDEN (_mm256_extracti128_si256 (t, 1))));    \
  } G_STMT_END

/* sq[0..8) += the 8 squares-sums of r (32-bit lanes), in 64-bit sums or 32-bit ones */
SC_AVX2 static inline void
add_sq8 (guint64 *sq,
         __m256i  r)
{
  ADD_HALVES (sq, r, _mm256_add_epi64, _mm256_cvtepu32_epi64);
}

SC_AVX2 static inline void
add_sq8_u32 (guint32 *sq,
             __m256i  r)
{
  __m256i *d = (__m256i *) (gpointer) sq;
  _mm256_storeu_si256 (d, _mm256_add_epi32 (_mm256_loadu_si256 (d), r));
}

# define DEFINE_SUMSQ_U8_AVX2(NAME, A, Q, ADD_SQ)                                   \
  SC_AVX2 static gsize                                                              \
  NAME##_avx2 (A *restrict sum, Q *restrict sq, const guint8 *const *s, gsize i,    \
               gsize n)                                                             \
  {                                                                                 \
    for (; i + 32 <= n; i += 32)                                                    \
      {                                                                             \
        __m256i t0 = _mm256_setzero_si256 (), t1 = t0;                              \
        __m256i q0 = t0, q1 = t0, q2 = t0, q3 = t0;                                 \
        for (guint p = 0; p < 8; p += 2)                                            \
          {                                                                         \
            const __m128i *a = (const __m128i *) (gconstpointer) (s[p] + i);        \
            const __m128i *b = (const __m128i *) (gconstpointer) (s[p + 1] + i);    \
            __m256i a0 = _mm256_cvtepu8_epi16 (_mm_loadu_si128 (a));                \
            __m256i a1 = _mm256_cvtepu8_epi16 (_mm_loadu_si128 (a + 1));            \
            __m256i b0 = _mm256_cvtepu8_epi16 (_mm_loadu_si128 (b));                \
            __m256i b1 = _mm256_cvtepu8_epi16 (_mm_loadu_si128 (b + 1));            \
            __m256i l0 = _mm256_unpacklo_epi16 (a0, b0), h0 = _mm256_unpackhi_epi16 (a0, b0); \
            __m256i l1 = _mm256_unpacklo_epi16 (a1, b1), h1 = _mm256_unpackhi_epi16 (a1, b1); \
            t0 = _mm256_add_epi16 (t0, _mm256_add_epi16 (a0, b0));                  \
            t1 = _mm256_add_epi16 (t1, _mm256_add_epi16 (a1, b1));                  \
            /* samples 0-3 and 8-11 in l0, 4-7 and 12-15 in h0; 16-31 likewise */   \
            q0 = _mm256_add_epi32 (q0, _mm256_madd_epi16 (l0, l0));                 \
            q1 = _mm256_add_epi32 (q1, _mm256_madd_epi16 (h0, h0));                 \
            q2 = _mm256_add_epi32 (q2, _mm256_madd_epi16 (l1, l1));                 \
            q3 = _mm256_add_epi32 (q3, _mm256_madd_epi16 (h1, h1));                 \
          }                                                                         \
        ADD_SQ (sq + i, _mm256_permute2x128_si256 (q0, q1, 0x20));                  \
        ADD_SQ (sq + i + 8, _mm256_permute2x128_si256 (q0, q1, 0x31));              \
        ADD_SQ (sq + i + 16, _mm256_permute2x128_si256 (q2, q3, 0x20));             \
        ADD_SQ (sq + i + 24, _mm256_permute2x128_si256 (q2, q3, 0x31));             \
        ADD_SUM16_##A (sum + i, t0);                                                \
        ADD_SUM16_##A (sum + i + 16, t1);                                           \
      }                                                                             \
    return i;                                                                       \
  }

/* sum[0..16) += the 16-bit lanes of t, in 32- or 64-bit sums */
SC_AVX2 static inline void
add_sum16_i32 (gint32  *sum,
               __m256i  t)
{
  ADD_HALVES (sum, t, _mm256_add_epi32, _mm256_cvtepu16_epi32);
}

SC_AVX2 static inline void
add_sum16_i64 (gint64  *sum,
               __m256i  t)
{
  __m256i *d = (__m256i *) (gpointer) sum;
  __m128i lo = _mm256_castsi256_si128 (t), hi = _mm256_extracti128_si256 (t, 1);
  __m128i parts[4] = { lo, _mm_srli_si128 (lo, 8), hi, _mm_srli_si128 (hi, 8) };
  for (guint j = 0; j < 4; j++)
    _mm256_storeu_si256 (d + j, _mm256_add_epi64 (_mm256_loadu_si256 (d + j),
                                                  _mm256_cvtepu16_epi64 (parts[j])));
}
# define ADD_SUM16_gint32 add_sum16_i32
# define ADD_SUM16_gint64 add_sum16_i64

DEFINE_SUMSQ_U8_AVX2 (sumsq_u8_i32, gint32, guint64, add_sq8)
DEFINE_SUMSQ_U8_AVX2 (sumsq_u8_i64, gint64, guint64, add_sq8)
DEFINE_SUMSQ_U8_AVX2 (sumsq_u8_u32, gint32, guint32, add_sq8_u32)

/* 16-bit data over 8 planes, where all 8 values of each of 16 samples are below 2^15
 * (as signed 16-bit values they are not negative): vpmaddwd of two planes' values as
 * pairs gives the sum of their squares (below 2^31), and of the pairs against ones their
 * sum, both in 32 bits; four squares fit 32 bits, so 8 planes are widened to 64 once,
 * in two halves. From sample i on; returns how far it got: the first 16 samples with a
 * larger value stop it, as the end does. */
# define DEFINE_SUMSQ_U16_AVX2(NAME, A)                                              \
  SC_AVX2 static gsize                                                              \
  NAME##_avx2 (A *restrict sum, guint64 *restrict sq, const guint16 *const *s, gsize i, \
               gsize n)                                                             \
  {                                                                                 \
    const __m256i ones = _mm256_set1_epi16 (1), top = _mm256_set1_epi16 ((short) 0x8000); \
    for (; i + 16 <= n; i += 16)                                                    \
      {                                                                             \
        __m256i v0 = LOAD16 (s[0] + i), v1 = LOAD16 (s[1] + i);                     \
        __m256i v2 = LOAD16 (s[2] + i), v3 = LOAD16 (s[3] + i);                     \
        __m256i v4 = LOAD16 (s[4] + i), v5 = LOAD16 (s[5] + i);                     \
        __m256i v6 = LOAD16 (s[6] + i), v7 = LOAD16 (s[7] + i);                     \
        __m256i any = _mm256_or_si256 (_mm256_or_si256 (_mm256_or_si256 (v0, v1),   \
                                                        _mm256_or_si256 (v2, v3)),  \
                                       _mm256_or_si256 (_mm256_or_si256 (v4, v5),   \
                                                        _mm256_or_si256 (v6, v7))); \
        __m256i t0 = _mm256_setzero_si256 (), t1 = t0;                              \
        __m256i qa0 = t0, qa1 = t0, qb0 = t0, qb1 = t0;                             \
        if (!_mm256_testz_si256 (any, top))                                         \
          break;                                                                    \
        /* samples 0-3 and 8-11 in the low unpack, 4-7 and 12-15 in the high one */ \
        PAIR15 (v0, v1, qa0, qa1);                                                  \
        PAIR15 (v2, v3, qa0, qa1);                                                  \
        PAIR15 (v4, v5, qb0, qb1);                                                  \
        PAIR15 (v6, v7, qb0, qb1);                                                  \
        add_sq8x2 (sq + i, _mm256_permute2x128_si256 (qa0, qa1, 0x20),              \
                   _mm256_permute2x128_si256 (qb0, qb1, 0x20));                     \
        add_sq8x2 (sq + i + 8, _mm256_permute2x128_si256 (qa0, qa1, 0x31),          \
                   _mm256_permute2x128_si256 (qb0, qb1, 0x31));                     \
        ADD_SUM32_##A (sum + i, _mm256_permute2x128_si256 (t0, t1, 0x20));          \
        ADD_SUM32_##A (sum + i + 8, _mm256_permute2x128_si256 (t0, t1, 0x31));      \
      }                                                                             \
    return i;                                                                       \
  }

# define LOAD16(p) _mm256_loadu_si256 ((const __m256i *) (gconstpointer) (p))
/* t0, t1 += a + b and q0, q1 += a^2 + b^2 of the samples of each half of the unpacks */
# define PAIR15(a, b, q0, q1)                                                        \
  G_STMT_START {                                                                    \
    __m256i l_ = _mm256_unpacklo_epi16 ((a), (b)), h_ = _mm256_unpackhi_epi16 ((a), (b)); \
    t0 = _mm256_add_epi32 (t0, _mm256_madd_epi16 (l_, ones));                       \
    t1 = _mm256_add_epi32 (t1, _mm256_madd_epi16 (h_, ones));                       \
    q0 = _mm256_add_epi32 (q0, _mm256_madd_epi16 (l_, l_));                         \
    q1 = _mm256_add_epi32 (q1, _mm256_madd_epi16 (h_, h_));                         \
  } G_STMT_END

/* sq[0..8) += the 32-bit lanes of a and of b, each widened */
SC_AVX2 static inline void
add_sq8x2 (guint64 *sq,
           __m256i  a,
           __m256i  b)
{
  __m256i *q = (__m256i *) (gpointer) sq;
  __m256i lo = _mm256_add_epi64 (_mm256_cvtepu32_epi64 (_mm256_castsi256_si128 (a)),
                                 _mm256_cvtepu32_epi64 (_mm256_castsi256_si128 (b)));
  __m256i hi = _mm256_add_epi64 (_mm256_cvtepu32_epi64 (_mm256_extracti128_si256 (a, 1)),
                                 _mm256_cvtepu32_epi64 (_mm256_extracti128_si256 (b, 1)));
  _mm256_storeu_si256 (q, _mm256_add_epi64 (_mm256_loadu_si256 (q), lo));
  _mm256_storeu_si256 (q + 1, _mm256_add_epi64 (_mm256_loadu_si256 (q + 1), hi));
}

/* sum[0..8) += the 32-bit lanes of t (not negative) */
SC_AVX2 static inline void
add_sum32_i32 (gint32  *sum,
               __m256i  t)
{
  __m256i *d = (__m256i *) (gpointer) sum;
  _mm256_storeu_si256 (d, _mm256_add_epi32 (_mm256_loadu_si256 (d), t));
}

SC_AVX2 static inline void
add_sum32_i64 (gint64  *sum,
               __m256i  t)
{
  ADD_HALVES (sum, t, _mm256_add_epi64, _mm256_cvtepu32_epi64);
}
# define ADD_SUM32_gint32 add_sum32_i32
# define ADD_SUM32_gint64 add_sum32_i64

DEFINE_SUMSQ_U16_AVX2 (sumsq_u16_i32, gint32)
DEFINE_SUMSQ_U16_AVX2 (sumsq_u16_i64, gint64)
#else
# define SC_FOLD_AVX2 0
#endif

/* NAME##_8 for data of type T: NAME##_avx2 where the processor has it, from sample i on
 * as far as it goes, NAME##_8p for the 16 samples that stop it and for the rest (or
 * all). */
#define DEFINE_SUMSQ_8(NAME, A, Q, T)                                               \
  static void                                                                       \
  NAME##_8 (A *restrict sum, Q *restrict sq, PARAMS_8 (T), gsize n)                 \
  {                                                                                 \
    gsize i = 0;                                                                    \
    if (SC_FOLD_HAS_AVX2 ())                                                        \
      {                                                                             \
        const T *s[8] = { s0, s1, s2, s3, s4, s5, s6, s7 };                         \
        (void) s;                                                                   \
        while ((i = SUMSQ_AVX2 (NAME, sum, sq, s, i, n)) + 16 <= n)                 \
          {                                                                         \
            NAME##_8p (sum + i, sq + i, s0 + i, s1 + i, s2 + i, s3 + i, s4 + i,     \
                       s5 + i, s6 + i, s7 + i, 16);                                 \
            i += 16;                                                                \
          }                                                                         \
      }                                                                             \
    if (i < n)                                                                      \
      NAME##_8p (sum + i, sq + i, s0 + i, s1 + i, s2 + i, s3 + i, s4 + i, s5 + i,   \
                 s6 + i, s7 + i, n - i);                                            \
  }

/* NAME##_8 for u8 data, from the AVX2 step and the portable one, NAME##_8p. */
#define DEFINE_SUMSQ_U8(NAME, A, QA)                                                \
  DEFINE_FOLD_P (NAME, 8p, guint8, (A *restrict sum, QA *restrict sq),              \
                 typedef guint16 Inter; typedef guint32 Sq;, SQB_STEP)              \
  DEFINE_SUMSQ_8 (NAME, A, QA, guint8)                                              \
  DEFINE_SUMSQ_124 (NAME, guint8, A, QA, guint16, guint32, SQB_STEP)
#if SC_FOLD_AVX2
# define SUMSQ_AVX2(NAME, ...) NAME##_avx2 (__VA_ARGS__)
# define SC_FOLD_HAS_AVX2() __builtin_cpu_supports ("avx2")
#else
# define SUMSQ_AVX2(NAME, ...) 0
# define SC_FOLD_HAS_AVX2() 0
#endif
#define SQB_STEP_8p SQB_STEP_8
#define PARAMS_8p PARAMS_8

DEFINE_SUMSQ_U8 (sumsq_u8_i32, gint32, guint64)
DEFINE_SUMSQ_U16 (sumsq_u16_i32, gint32)
DEFINE_SUMSQ (sumsq_i8_i32, gint8, gint32, guint64, gint16, guint32, SQC_STEP)
DEFINE_SUMSQ (sumsq_i16_i32, gint16, gint32, guint64, gint32, guint64, SQS_STEP)
DEFINE_SUMSQ_U8 (sumsq_u8_i64, gint64, guint64)
DEFINE_SUMSQ_U16 (sumsq_u16_i64, gint64)
DEFINE_SUMSQ (sumsq_i8_i64, gint8, gint64, guint64, gint16, guint32, SQC_STEP)
DEFINE_SUMSQ (sumsq_i16_i64, gint16, gint64, guint64, gint32, guint64, SQS_STEP)
DEFINE_SUMSQ_U8 (sumsq_u8_u32, gint32, guint32)
DEFINE_SUMSQ (sumsq_i8_u32, gint8, gint32, guint32, gint16, guint32, SQC_STEP)

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
 * The variances of a block are computed first, in a loop that GCC vectorises where the
 * processor can (AVX2 has no 64-bit multiply), then their square roots. */

/* With 32-bit sums, n * sq and sum * sum are below 2^62 (n * max |x| < 2^31): exact in
 * 64 bits, as in the 128 bits that 64-bit sums take; the variance is never negative. */
#define VAR_I32_STEP(k)                                                             \
  var[k] = (double) ((gint64) n_seen * (gint64) sq[k] - (gint64) sum[k] * (gint64) sum[k]) \
           / denom
/* Rounding can leave the shifted sums' variance a little below 0: read as 0 (so is NaN). */
#define VAR_SHIFTED_STEP(k)                                                         \
  G_STMT_START {                                                                    \
    double v_ = (n_seen * sq[k] - sum[k] * sum[k]) / denom;                         \
    var[k] = v_ > 0 ? v_ : 0;                                                       \
  } G_STMT_END

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

/* With 32-bit squares (8-bit data, n * max^2 < 2^32) n * sq and sum^2 are integers
 * below 2^50: exact in double, as their difference is, so the variance is the one that
 * 64-bit integers give. */
#define VAR_U32_STEP(k)                                                             \
  var[k] = ((double) n_seen * (double) sq[k] - (double) sum[k] * (double) sum[k]) / denom

SC_CLONES static void
var_u32_loop (const gint32 *restrict  sum,
              const guint32 *restrict sq,
              double *restrict        var,
              gsize                   n,
              guint                   n_seen,
              double                  denom)
{
  BLOCKED_LOOP (n, VAR_U32_STEP);
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

/* The square roots of a block's variances (none negative: see VAR_SHIFTED_STEP):
 * vectorised, as the core is built without math errno (src/core/meson.build); a scalar
 * square root a pixel was 5% of u8 SD's time. */
#define SQRT_STEP(k) dest[k] = (float) sqrt (var[k])

SC_CLONES static void
sqrt_loop (const double *restrict var,
           float *restrict        dest,
           gsize                  n)
{
  BLOCKED_LOOP (n, SQRT_STEP);
}

#define SD_BLOCK 512

/* sc_fold_sd_* from the variance loop of their sums: a block's variances, then their
 * square roots. */
#define DEFINE_SD(NAME, SUM_T, SQ_T, VAR_LOOP)                                      \
  void                                                                              \
  NAME (const SUM_T *sum,                                                           \
        const SQ_T  *sq,                                                            \
        gsize        n,                                                             \
        guint        n_seen,                                                        \
        double       denom,                                                         \
        float       *dest)                                                          \
  {                                                                                 \
    double var[SD_BLOCK];                                                           \
                                                                                    \
    for (gsize i = 0; i < n; i += SD_BLOCK)                                         \
      {                                                                             \
        gsize m = MIN (SD_BLOCK, n - i);                                            \
                                                                                    \
        VAR_LOOP (sum + i, sq + i, var, m, n_seen, denom);                          \
        sqrt_loop (var, dest + i, m);                                               \
      }                                                                             \
  }

DEFINE_SD (sc_fold_sd_i32, gint32, guint64, var_i32_loop)
DEFINE_SD (sc_fold_sd_u32, gint32, guint32, var_u32_loop)
DEFINE_SD (sc_fold_sd_shifted, double, double, var_shifted_loop)

/* ---- One table: each type's folds ---- */

typedef void (*MaxFunc)      (gpointer acc, const gconstpointer *s, guint n_src, gsize n);
typedef void (*SumI32Func)   (gint32 *acc, const gconstpointer *s, guint n_src, gsize n);
typedef void (*SumI64Func)   (gint64 *acc, const gconstpointer *s, guint n_src, gsize n);
typedef void (*SumSqI32Func) (gint32 *sum, guint64 *sq, const gconstpointer *s, guint n_src,
                              gsize n);
typedef void (*SumSqI64Func) (gint64 *sum, guint64 *sq, const gconstpointer *s, guint n_src,
                              gsize n);
typedef void (*SumSqU32Func) (gint32 *sum, guint32 *sq, const gconstpointer *s, guint n_src,
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
  SumSqU32Func  sumsq_u32;
  ShiftedFunc   shifted;
} FoldKernels;

#define MM(SUFFIX) max_##SUFFIX, min_##SUFFIX
#define SHIFTED(SUFFIX) shifted_##SUFFIX

static const FoldKernels fold_kernels[] = {
  [SC_SAMPLE_U8] = { MM (u8), sum_u8_i32, sum_u8_i64, sumsq_u8_i32, sumsq_u8_i64, sumsq_u8_u32,
                     NULL },
  [SC_SAMPLE_U16] = { MM (u16), sum_u16_i32, sum_u16_i64, sumsq_u16_i32, sumsq_u16_i64, NULL,
                      NULL },
  [SC_SAMPLE_U32] = { MM (u32), NULL, sum_u32_i64, NULL, NULL, NULL, SHIFTED (u32) },
  [SC_SAMPLE_I8] = { MM (i8), sum_i8_i32, sum_i8_i64, sumsq_i8_i32, sumsq_i8_i64, sumsq_i8_u32,
                     NULL },
  [SC_SAMPLE_I16] = { MM (i16), sum_i16_i32, sum_i16_i64, sumsq_i16_i32, sumsq_i16_i64, NULL,
                      NULL },
  [SC_SAMPLE_I32] = { MM (i32), NULL, sum_i32_i64, NULL, NULL, NULL, SHIFTED (i32) },
  [SC_SAMPLE_F32] = { MM (f32), NULL, NULL, NULL, NULL, NULL, SHIFTED (f32) },
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
sc_fold_sumsq_u32 (ScSampleType          type,
                   gint32               *sum,
                   guint32              *sq,
                   const gconstpointer  *srcs,
                   guint                 n_src,
                   gsize                 n)
{
  RUN_FOLD (type, sumsq_u32, sum, sq, srcs, n_src, n);
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
