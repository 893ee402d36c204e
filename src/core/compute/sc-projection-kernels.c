/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-projection-kernels.h"

/* Loops run in blocks of a fixed count over restrict pointers, which GCC vectorises even
 * at -O2 (its "very cheap" cost model accepts loops with a known trip count and no alias
 * checks). On x86-64 each kernel is also built for AVX2 and AVX-512 and chosen at load
 * time through an ifunc. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) \
    && defined(__has_attribute)
# if __has_attribute(target_clones)
#  define SC_CLONES __attribute__((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
# endif
#endif
#ifndef SC_CLONES
# define SC_CLONES
#endif

#define BLOCK 64

/* STEP (k) for each k < n: whole blocks of BLOCK first, which GCC vectorises, then the
 * rest one by one. */
#define BLOCKED_LOOP(n, STEP)                                                       \
  G_STMT_START {                                                                    \
    gsize i_ = 0;                                                                   \
    for (; i_ + BLOCK <= (n); i_ += BLOCK)                                          \
      for (guint j_ = 0; j_ < BLOCK; j_++)                                          \
        STEP (i_ + j_);                                                             \
    for (; i_ < (n); i_++)                                                          \
      STEP (i_);                                                                    \
  } G_STMT_END

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

/* ---- Order statistics ----
 *
 * For a block of samples side by side (one 64-byte vector of lanes), find the k-th
 * smallest of the n values of each lane bit by bit from the top: with the bits found
 * so far as prefix, the next bit is set where fewer than k + 1 values lie below
 * prefix | bit. Each bit is one pass of compares over the block's n values, which stay
 * in L1 (n * 64 bytes), so the cost is (bits + 1) * n vector compares per block and no
 * value is ever sorted or moved. Keys are unsigned (offset by the type's minimum for
 * signed types; floats are mapped to integers of the same order). */

#define VBYTES 64

/* The inverse of LOAD_F32's mapping. */
static inline float
ordered_to_float (gint32 s)
{
  guint32 bits = s >= 0 ? (guint32) s : (guint32) s ^ 0x7fffffffu;
  float f;

  memcpy (&f, &bits, sizeof f);
  return f;
}

static inline void
finish_lane (double              lo,
             double              hi,
             const ScSelectSpec *spec,
             float              *dest)
{
  if (!spec->need_next)
    *dest = (float) lo;
  else if (spec->median)
    *dest = (float) ((lo + hi) * 0.5);
  else
    *dest = (float) sc_lerp (lo, hi, spec->frac);
}

/* D: stored type; UL: unsigned lane type (counts, keys); CL: lane type to compare in
 * (signed for signed data), CL_MAX its largest value; BITS: bits of D; OFFSET: added to a key to get the CL value;
 * LOAD (vCL x, p, i): loads lanes i.. of plane p converted to CL. */
#define DEFINE_SELECT(NAME, D, UL, CL, CL_MAX, BITS, OFFSET, LOAD, TO_DOUBLE)               \
  SC_CLONES static void                                                                     \
  NAME (const guint8 * const *rows,                                                         \
        gsize                 offset,                                                       \
        gsize                 m,                                                            \
        const ScSelectSpec   *spec,                                                         \
        float                *dest)                                                         \
  {                                                                                         \
    typedef UL vUL __attribute__ ((vector_size (VBYTES)));                                  \
    typedef CL vCL __attribute__ ((vector_size (VBYTES)));                                  \
    typedef D vD __attribute__ ((vector_size (VBYTES / sizeof (UL) * sizeof (D)), unused)); \
    enum { VL = VBYTES / sizeof (UL) };                                                     \
    const guint n = spec->n;                                                                \
    const vUL kvec = (vUL) {} + (UL) spec->k;                                               \
    const vUL k2vec = (vUL) {} + (UL) (spec->k + 1);                                        \
    gsize i;                                                                                \
                                                                                            \
    for (i = 0; i + VL <= m; i += VL)                                                       \
      {                                                                                     \
        vUL prefix = (vUL) {};                                                              \
        CL lo_lanes[VL], hi_lanes[VL];                                                      \
                                                                                            \
        for (int b = BITS - 1; b >= 0; b--)                                                 \
          {                                                                                 \
            vUL cand = prefix | (UL) ((UL) 1 << b);                                         \
            vCL cc = (vCL) (cand + (UL) (OFFSET));                                          \
            vUL cnt = (vUL) {};                                                             \
            vUL accept;                                                                     \
                                                                                            \
            for (guint p = 0; p < n; p++)                                                   \
              {                                                                             \
                vCL x;                                                                      \
                LOAD (x, p, offset + i);                                                    \
                cnt -= (vUL) (x < cc);                                                      \
              }                                                                             \
            accept = (vUL) (cnt <= kvec);                                                   \
            prefix = (cand & accept) | (prefix & ~accept);                                  \
          }                                                                                 \
                                                                                            \
        {                                                                                   \
          vCL lo = (vCL) (prefix + (UL) (OFFSET));                                          \
          memcpy (lo_lanes, &lo, sizeof lo);                                                \
          if (spec->need_next)                                                              \
            {                                                                               \
              /* The next value is lo again where at least k + 2 values are <= lo,         \
               * else the smallest value above lo. */                                       \
              vUL cle = (vUL) {};                                                           \
              vCL hi = (vCL) {} + (CL) (CL_MAX);                                            \
              for (guint p = 0; p < n; p++)                                                 \
                {                                                                           \
                  vCL x, lt;                                                                \
                  LOAD (x, p, offset + i);                                                  \
                  cle -= (vUL) (x <= lo);                                                   \
                  lt = (vCL) ((x > lo) & (x < hi));                                         \
                  hi = (x & lt) | (hi & ~lt);                                               \
                }                                                                           \
              {                                                                             \
                vCL same = (vCL) (cle > k2vec);                                             \
                hi = (lo & same) | (hi & ~same);                                            \
              }                                                                             \
              memcpy (hi_lanes, &hi, sizeof hi);                                            \
            }                                                                               \
          else                                                                              \
            memcpy (hi_lanes, &lo, sizeof lo);                                              \
        }                                                                                   \
                                                                                            \
        for (guint j = 0; j < VL; j++)                                                      \
          finish_lane (TO_DOUBLE (lo_lanes[j]), TO_DOUBLE (hi_lanes[j]), spec, dest + i + j); \
      }                                                                                     \
  }

#define LOAD_SAME(T, x, p, i) memcpy (&(x), (const T *) (gconstpointer) rows[p] + (i), sizeof (x))
#define LOAD_WIDEN(T, VT, x, p, i)                                                          \
  G_STMT_START {                                                                            \
    VT d_;                                                                                  \
    memcpy (&d_, (const T *) (gconstpointer) rows[p] + (i), sizeof d_);                     \
    (x) = __builtin_convertvector (d_, __typeof__ (x));                                     \
  } G_STMT_END
/* Floats as signed integers of the same order: negative ones with their magnitude bits
 * flipped (-0.0 just below +0.0). */
#define LOAD_F32(x, p, i)                                                                   \
  G_STMT_START {                                                                            \
    memcpy (&(x), (const float *) (gconstpointer) rows[p] + (i), sizeof (x));               \
    (x) ^= ((x) >> 31) & 0x7fffffff;                                                        \
  } G_STMT_END

#define L_U16(x, p, i) LOAD_SAME (guint16, x, p, i)
#define L_U32(x, p, i) LOAD_SAME (guint32, x, p, i)
#define L_I16(x, p, i) LOAD_SAME (gint16, x, p, i)
#define L_I32(x, p, i) LOAD_SAME (gint32, x, p, i)
#define L_U8_16(x, p, i) LOAD_WIDEN (guint8, vD, x, p, i)
#define L_U8_32(x, p, i) LOAD_WIDEN (guint8, vD, x, p, i)
#define L_I8_16(x, p, i) LOAD_WIDEN (gint8, vD, x, p, i)
#define L_I8_32(x, p, i) LOAD_WIDEN (gint8, vD, x, p, i)
#define L_U16_32(x, p, i) LOAD_WIDEN (guint16, vD, x, p, i)
#define L_I16_32(x, p, i) LOAD_WIDEN (gint16, vD, x, p, i)

#define TD_INT(v) ((double) (v))
#define TD_F32(v) ((double) ordered_to_float (v))

DEFINE_SELECT (select_u8_16, guint8, guint16, guint16, G_MAXUINT16, 8, 0, L_U8_16, TD_INT)
DEFINE_SELECT (select_u8_32, guint8, guint32, guint32, G_MAXUINT32, 8, 0, L_U8_32, TD_INT)
DEFINE_SELECT (select_i8_16, gint8, guint16, gint16, G_MAXINT16, 8, -128, L_I8_16, TD_INT)
DEFINE_SELECT (select_i8_32, gint8, guint32, gint32, G_MAXINT32, 8, -128, L_I8_32, TD_INT)
DEFINE_SELECT (select_u16_16, guint16, guint16, guint16, G_MAXUINT16, 16, 0, L_U16, TD_INT)
DEFINE_SELECT (select_u16_32, guint16, guint32, guint32, G_MAXUINT32, 16, 0, L_U16_32, TD_INT)
DEFINE_SELECT (select_i16_16, gint16, guint16, gint16, G_MAXINT16, 16, -32768, L_I16, TD_INT)
DEFINE_SELECT (select_i16_32, gint16, guint32, gint32, G_MAXINT32, 16, -32768, L_I16_32, TD_INT)
DEFINE_SELECT (select_u32, guint32, guint32, guint32, G_MAXUINT32, 32, 0, L_U32, TD_INT)
DEFINE_SELECT (select_i32, gint32, guint32, gint32, G_MAXINT32, 32, 0x80000000u, L_I32, TD_INT)
DEFINE_SELECT (select_f32, float, guint32, gint32, G_MAXINT32, 32, 0x80000000u, LOAD_F32, TD_F32)

/* The samples left over after the last whole vector: gather and quickselect. */
static double
load_double (ScSampleType  type,
             const guint8 *row,
             gsize         i)
{
  switch (type)
    {
    case SC_SAMPLE_U8: return ((const guint8 *) row)[i];
    case SC_SAMPLE_U16: { guint16 v; memcpy (&v, row + 2 * i, 2); return v; }
    case SC_SAMPLE_U32: { guint32 v; memcpy (&v, row + 4 * i, 4); return v; }
    case SC_SAMPLE_I8: return ((const gint8 *) row)[i];
    case SC_SAMPLE_I16: { gint16 v; memcpy (&v, row + 2 * i, 2); return v; }
    case SC_SAMPLE_I32: { gint32 v; memcpy (&v, row + 4 * i, 4); return v; }
    case SC_SAMPLE_F32: { float v; memcpy (&v, row + 4 * i, 4); return v; }
    default: g_assert_not_reached ();
    }
}

static double
quickselect (double *a,
             guint   n,
             guint   k)
{
  gint64 lo = 0, hi = (gint64) n - 1;

  while (hi > lo)
    {
      double pivot = a[lo + (hi - lo) / 2];
      gint64 i = lo, j = hi;

      while (i <= j)
        {
          while (a[i] < pivot)
            i++;
          while (a[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = a[i];
              a[i] = a[j];
              a[j] = t;
              i++;
              j--;
            }
        }
      /* a[lo..j] <= pivot, a[i..hi] >= pivot, and everything between equals pivot. */
      if ((gint64) k <= j)
        hi = j;
      else if ((gint64) k >= i)
        lo = i;
      else
        break;
    }
  return a[k];
}

static void
select_scalar (ScSampleType          type,
               const guint8 * const *rows,
               gsize                 offset,
               gsize                 m,
               const ScSelectSpec   *spec,
               float                *dest,
               double               *scratch)
{
  for (gsize i = 0; i < m; i++)
    {
      double lo, hi;

      for (guint p = 0; p < spec->n; p++)
        scratch[p] = load_double (type, rows[p], offset + i);
      lo = quickselect (scratch, spec->n, spec->k);
      hi = lo;
      if (spec->need_next)
        {
          /* After the select, everything from k + 1 on is >= lo. */
          hi = INFINITY;
          for (guint p = spec->k + 1; p < spec->n; p++)
            hi = MIN (hi, scratch[p]);
        }
      finish_lane (lo, hi, spec, dest + i);
    }
}

/* ---- One table: each type's loops ---- */

typedef void (*AccFunc)      (gpointer acc, gconstpointer src, gsize n);
typedef void (*SumI32Func)   (gint32 *acc, gconstpointer src, gsize n);
typedef void (*SumI64Func)   (gint64 *acc, gconstpointer src, gsize n);
typedef void (*SumSqI32Func) (gint32 *sum, guint64 *sq, gconstpointer src, gsize n);
typedef void (*SumSqI64Func) (gint64 *sum, guint64 *sq, gconstpointer src, gsize n);
typedef void (*ShiftedFunc)  (double *sum, double *sq, gconstpointer shift, gconstpointer src,
                              gsize n);
typedef void (*SelectFunc)   (const guint8 * const *rows, gsize offset, gsize m,
                              const ScSelectSpec *spec, float *dest);

/* NULL where the type does not take the kernel: the callers choose accumulators by type
 * (sums of 8/16-bit data in 32 bits, exact squares for 8/16-bit data, shifted sums in
 * double for 32-bit data). Order statistics count in 16-bit lanes where the data and the
 * number of slices allow it (select_narrow), else in 32-bit ones. */
typedef struct {
  AccFunc       max;
  AccFunc       min;
  SumI32Func    sum_i32;
  SumI64Func    sum_i64;
  SumSqI32Func  sumsq_i32;
  SumSqI64Func  sumsq_i64;
  ShiftedFunc   shifted;
  SelectFunc    select_narrow;
  SelectFunc    select_wide;
} TypeKernels;

static const TypeKernels type_kernels[] = {
  [SC_SAMPLE_U8] = { max_u8, min_u8, sum_u8_i32, sum_u8_i64, sumsq_u8_i32, sumsq_u8_i64, NULL,
                     select_u8_16, select_u8_32 },
  [SC_SAMPLE_U16] = { max_u16, min_u16, sum_u16_i32, sum_u16_i64, sumsq_u16_i32, sumsq_u16_i64,
                      NULL, select_u16_16, select_u16_32 },
  [SC_SAMPLE_U32] = { max_u32, min_u32, NULL, sum_u32_i64, NULL, NULL, shifted_u32,
                      select_u32, select_u32 },
  [SC_SAMPLE_I8] = { max_i8, min_i8, sum_i8_i32, sum_i8_i64, sumsq_i8_i32, sumsq_i8_i64, NULL,
                     select_i8_16, select_i8_32 },
  [SC_SAMPLE_I16] = { max_i16, min_i16, sum_i16_i32, sum_i16_i64, sumsq_i16_i32, sumsq_i16_i64,
                      NULL, select_i16_16, select_i16_32 },
  [SC_SAMPLE_I32] = { max_i32, min_i32, NULL, sum_i32_i64, NULL, NULL, shifted_i32,
                      select_i32, select_i32 },
  [SC_SAMPLE_F32] = { max_f32, min_f32, NULL, NULL, NULL, NULL, shifted_f32,
                      select_f32, select_f32 },
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

void
sc_kernel_select (ScSampleType          type,
                  const guint8 * const *rows,
                  gsize                 offset,
                  gsize                 m,
                  const ScSelectSpec   *spec,
                  float                *dest,
                  double               *scratch)
{
  gboolean narrow = spec->n < G_MAXUINT16;
  /* Samples per vector: 16-bit counters for 8/16-bit data with few slices, else 32-bit. */
  gsize vl = narrow && sc_sample_type_size (type) <= 2 ? VBYTES / 2 : VBYTES / 4;

  g_assert (spec->n > 0 && spec->k < spec->n);
  g_assert (!spec->need_next || spec->k + 1 < spec->n);

  if (narrow)
    RUN_KERNEL (type, select_narrow, rows, offset, m, spec, dest);
  else
    RUN_KERNEL (type, select_wide, rows, offset, m, spec, dest);

  if (m % vl != 0)
    select_scalar (type, rows, offset + m - m % vl, m % vl, spec, dest + m - m % vl, scratch);
}
