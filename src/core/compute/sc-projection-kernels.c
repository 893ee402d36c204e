/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include "sc-kernel-loops.h"
#include "sc-projection-kernels.h"

/* Each loop is built over restrict pointers of its own types (NAME##_loop), and entered
 * through NAME, of the one signature that its kind has in the table of kernels below
 * (W: how that signature passes the accumulator). */
#define DEFINE_ACC(NAME, W, A, T, STEP)                                                \
  SC_CLONES static void                                                             \
  NAME##_loop (A *restrict acc,                                                     \
               const T *restrict src,                                               \
               gsize n)                                                             \
  {                                                                                 \
    BLOCKED_LOOP (n, STEP);                                                         \
  }                                                                                 \
  static void                                                                       \
  NAME (W acc, gconstpointer src, gsize n)                                          \
  {                                                                                 \
    NAME##_loop (acc, src, n);                                                      \
  }

#define MAX_STEP(k) acc[k] = src[k] > acc[k] ? src[k] : acc[k]
#define MIN_STEP(k) acc[k] = src[k] < acc[k] ? src[k] : acc[k]
#define SUM_STEP(k) acc[k] += (__typeof__ (acc[0])) src[k]

#define DEFINE_MINMAX(SUFFIX, T)                                                    \
  DEFINE_ACC (max_##SUFFIX, gpointer, T, T, MAX_STEP)                                         \
  DEFINE_ACC (min_##SUFFIX, gpointer, T, T, MIN_STEP)

DEFINE_MINMAX (u8, guint8)
DEFINE_MINMAX (u16, guint16)
DEFINE_MINMAX (u32, guint32)
DEFINE_MINMAX (i8, gint8)
DEFINE_MINMAX (i16, gint16)
DEFINE_MINMAX (i32, gint32)
DEFINE_MINMAX (f32, float)

DEFINE_ACC (sum_u8_i32, gint32 *, gint32, guint8, SUM_STEP)
DEFINE_ACC (sum_u16_i32, gint32 *, gint32, guint16, SUM_STEP)
DEFINE_ACC (sum_i8_i32, gint32 *, gint32, gint8, SUM_STEP)
DEFINE_ACC (sum_i16_i32, gint32 *, gint32, gint16, SUM_STEP)
DEFINE_ACC (sum_u8_i64, gint64 *, gint64, guint8, SUM_STEP)
DEFINE_ACC (sum_u16_i64, gint64 *, gint64, guint16, SUM_STEP)
DEFINE_ACC (sum_u32_i64, gint64 *, gint64, guint32, SUM_STEP)
DEFINE_ACC (sum_i8_i64, gint64 *, gint64, gint8, SUM_STEP)
DEFINE_ACC (sum_i16_i64, gint64 *, gint64, gint16, SUM_STEP)
DEFINE_ACC (sum_i32_i64, gint64 *, gint64, gint32, SUM_STEP)
DEFINE_ACC (sum_f32_f64, double *, double, float, SUM_STEP)

/* Squares of unsigned values are taken as 32 x 32 -> 64-bit products (one vpmuludq),
 * of signed 16-bit values in 32 bits (they fit), then widened for the 64-bit sum. */
#define SUMSQ_U_STEP(k)                                                             \
  G_STMT_START {                                                                    \
    guint32 x = src[k];                                                             \
    sum[k] += (__typeof__ (sum[0])) src[k];                                         \
    sq[k] += (guint64) x * (guint64) x;                                             \
  } G_STMT_END
#define SUMSQ_S_STEP(k)                                                             \
  G_STMT_START {                                                                    \
    gint32 x = src[k];                                                              \
    sum[k] += (__typeof__ (sum[0])) src[k];                                         \
    sq[k] += (guint64) (guint32) (x * x);                                           \
  } G_STMT_END
#define DEFINE_SUMSQ(NAME, T, A, STEP)                                              \
  SC_CLONES static void                                                             \
  NAME##_loop (A *restrict sum,                                                     \
               guint64 *restrict sq,                                                \
               const T *restrict src,                                               \
               gsize n)                                                             \
  {                                                                                 \
    BLOCKED_LOOP (n, STEP);                                                         \
  }                                                                                 \
  static void                                                                       \
  NAME (A *sum, guint64 *sq, gconstpointer src, gsize n)                            \
  {                                                                                 \
    NAME##_loop (sum, sq, src, n);                                                  \
  }

DEFINE_SUMSQ (sumsq_u8_i32, guint8, gint32, SUMSQ_U_STEP)
DEFINE_SUMSQ (sumsq_u16_i32, guint16, gint32, SUMSQ_U_STEP)
DEFINE_SUMSQ (sumsq_i8_i32, gint8, gint32, SUMSQ_S_STEP)
DEFINE_SUMSQ (sumsq_i16_i32, gint16, gint32, SUMSQ_S_STEP)
DEFINE_SUMSQ (sumsq_u8_i64, guint8, gint64, SUMSQ_U_STEP)
DEFINE_SUMSQ (sumsq_u16_i64, guint16, gint64, SUMSQ_U_STEP)
DEFINE_SUMSQ (sumsq_i8_i64, gint8, gint64, SUMSQ_S_STEP)
DEFINE_SUMSQ (sumsq_i16_i64, gint16, gint64, SUMSQ_S_STEP)

#define SHIFTED_STEP(k)                                                             \
  G_STMT_START {                                                                    \
    double d = (double) src[k] - (double) shift[k];                                 \
    sum[k] += d;                                                                    \
    sq[k] += d * d;                                                                 \
  } G_STMT_END
#define DEFINE_SHIFTED(NAME, T)                                                     \
  SC_CLONES static void                                                             \
  NAME##_loop (double *restrict sum,                                                \
               double *restrict sq,                                                 \
               const T *restrict shift,                                             \
               const T *restrict src,                                               \
               gsize n)                                                             \
  {                                                                                 \
    BLOCKED_LOOP (n, SHIFTED_STEP);                                                 \
  }                                                                                 \
  static void                                                                       \
  NAME (double *sum, double *sq, gconstpointer shift, gconstpointer src, gsize n)   \
  {                                                                                 \
    NAME##_loop (sum, sq, shift, src, n);                                           \
  }

DEFINE_SHIFTED (shifted_u32, guint32)
DEFINE_SHIFTED (shifted_i32, gint32)
DEFINE_SHIFTED (shifted_f32, float)

/* ---- One table: each type's loops ---- */

typedef void (*AccFunc)      (gpointer acc, gconstpointer src, gsize n);
typedef void (*SumI32Func)   (gint32 *acc, gconstpointer src, gsize n);
typedef void (*SumI64Func)   (gint64 *acc, gconstpointer src, gsize n);
typedef void (*SumSqI32Func) (gint32 *sum, guint64 *sq, gconstpointer src, gsize n);
typedef void (*SumSqI64Func) (gint64 *sum, guint64 *sq, gconstpointer src, gsize n);
typedef void (*ShiftedFunc)  (double *sum, double *sq, gconstpointer shift, gconstpointer src,
                              gsize n);

/* NULL where the type does not take the kernel: the callers choose accumulators by type
 * (sums of 8/16-bit data in 32 bits, exact squares for 8/16-bit data, shifted sums in
 * double for 32-bit data). */
typedef struct {
  AccFunc       max;
  AccFunc       min;
  SumI32Func    sum_i32;
  SumI64Func    sum_i64;
  SumSqI32Func  sumsq_i32;
  SumSqI64Func  sumsq_i64;
  ShiftedFunc   shifted;
} TypeKernels;

static const TypeKernels type_kernels[] = {
  [SC_SAMPLE_U8] = { max_u8, min_u8, sum_u8_i32, sum_u8_i64, sumsq_u8_i32, sumsq_u8_i64, NULL },
  [SC_SAMPLE_U16] = { max_u16, min_u16, sum_u16_i32, sum_u16_i64, sumsq_u16_i32, sumsq_u16_i64,
                      NULL },
  [SC_SAMPLE_U32] = { max_u32, min_u32, NULL, sum_u32_i64, NULL, NULL, shifted_u32 },
  [SC_SAMPLE_I8] = { max_i8, min_i8, sum_i8_i32, sum_i8_i64, sumsq_i8_i32, sumsq_i8_i64, NULL },
  [SC_SAMPLE_I16] = { max_i16, min_i16, sum_i16_i32, sum_i16_i64, sumsq_i16_i32, sumsq_i16_i64,
                      NULL },
  [SC_SAMPLE_I32] = { max_i32, min_i32, NULL, sum_i32_i64, NULL, NULL, shifted_i32 },
  [SC_SAMPLE_F32] = { max_f32, min_f32, NULL, NULL, NULL, NULL, shifted_f32 },
};

static inline const TypeKernels *
kernels_for (ScSampleType type)
{
  g_assert ((guint) type < G_N_ELEMENTS (type_kernels));
  return &type_kernels[type];
}

/* Runs the kernel of the type, which must have one. */
#define RUN_KERNEL(type, kind, ...)                                 \
  G_STMT_START {                                                    \
    const TypeKernels *k_ = kernels_for (type);                     \
    g_assert (k_->kind != NULL);                                    \
    k_->kind (__VA_ARGS__);                                         \
  } G_STMT_END

void
sc_kernel_max (ScSampleType  type,
               gpointer      acc,
               gconstpointer src,
               gsize         n)
{
  RUN_KERNEL (type, max, acc, src, n);
}

void
sc_kernel_min (ScSampleType  type,
               gpointer      acc,
               gconstpointer src,
               gsize         n)
{
  RUN_KERNEL (type, min, acc, src, n);
}

void
sc_kernel_sum_i32 (ScSampleType   type,
                   gint32        *acc,
                   gconstpointer  src,
                   gsize          n)
{
  RUN_KERNEL (type, sum_i32, acc, src, n);
}

void
sc_kernel_sum_i64 (ScSampleType   type,
                   gint64        *acc,
                   gconstpointer  src,
                   gsize          n)
{
  RUN_KERNEL (type, sum_i64, acc, src, n);
}

void
sc_kernel_sum_f64 (double      *acc,
                   const float *src,
                   gsize        n)
{
  sum_f32_f64 (acc, src, n);
}

void
sc_kernel_sumsq_i32 (ScSampleType   type,
                     gint32        *sum,
                     guint64       *sq,
                     gconstpointer  src,
                     gsize          n)
{
  RUN_KERNEL (type, sumsq_i32, sum, sq, src, n);
}

void
sc_kernel_sumsq_i64 (ScSampleType   type,
                     gint64        *sum,
                     guint64       *sq,
                     gconstpointer  src,
                     gsize          n)
{
  RUN_KERNEL (type, sumsq_i64, sum, sq, src, n);
}

void
sc_kernel_shifted (ScSampleType   type,
                   double        *sum,
                   double        *sq,
                   gconstpointer  shift,
                   gconstpointer  src,
                   gsize          n)
{
  RUN_KERNEL (type, shifted, sum, sq, shift, src, n);
}
