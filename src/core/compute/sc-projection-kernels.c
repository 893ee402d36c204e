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
 * prefix | bit. Each bit is one pass of compares over the block's n values, so the cost
 * is (bits + 1) * n vector compares per block and no value is ever sorted or moved.
 * The bits that all of a lane's values share (those above the highest bit in which the
 * lane's smallest and largest value differ, taken over all lanes of the block) need no
 * pass: on camera data, whose values fill 12 of 16 bits and mostly a narrow range, that
 * leaves 9 to 14 of 16 passes, and none at all where the values of every lane are equal.
 * Keys are unsigned (offset by the type's minimum for signed types; floats are mapped
 * to integers of the same order, NaNs with the sign bit clear above +inf and those
 * with it set below -inf).
 *
 * The block's values are first gathered, converted to keys, into a contiguous scratch
 * area of n vectors, where every pass finds them in L1. Read in place, the n rows of a
 * block lie a plane or a band apart, strides of a power of two that all fall into the
 * same few cache sets: each pass went out to L3 again, ten times slower. */

#define VBYTES 64
/* Blocks ahead that the gather prefetches each row's values. */
#ifndef PREFETCH_AHEAD
# define PREFETCH_AHEAD 4
#endif

/* The inverse of KEY_F32's mapping. */
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

gsize
sc_kernel_select_scratch_size (guint n)
{
  return (gsize) n * VBYTES + VBYTES;
}

/* D: stored type; UL: unsigned lane type (counts, keys); CL: lane type to compare in
 * (signed for signed data); OFFSET: added to a key to get the CL value;
 * TO_KEY (vCL x): the loaded values (converted to CL) in the same order as CL values;
 * TO_DOUBLE: a CL value back to the data's value. Keys are unsigned throughout. */
#define DEFINE_SELECT(NAME, D, UL, CL, OFFSET, TO_KEY, TO_DOUBLE)                          \
  SC_CLONES static void                                                                     \
  NAME (const guint8 * const *rows,                                                         \
        gsize                 offset,                                                       \
        gsize                 m,                                                            \
        const ScSelectSpec   *spec,                                                         \
        float                *dest,                                                         \
        guint8               *scratch)                                                      \
  {                                                                                         \
    typedef UL vUL __attribute__ ((vector_size (VBYTES)));                                  \
    typedef CL vCL __attribute__ ((vector_size (VBYTES)));                                  \
    typedef D vD __attribute__ ((vector_size (VBYTES / sizeof (UL) * sizeof (D))));         \
    enum { VL = VBYTES / sizeof (UL) };                                                     \
    const guint n = spec->n;                                                                \
    const vUL kvec = (vUL) {} + (UL) spec->k;                                               \
    const vUL k2vec = (vUL) {} + (UL) (spec->k + 1);                                        \
    vUL *restrict keys = (vUL *) __builtin_assume_aligned (                                 \
      (gpointer) (((guintptr) scratch + VBYTES - 1) & ~(guintptr) (VBYTES - 1)), VBYTES);   \
                                                                                            \
    for (gsize i = 0; i < m; i += VL)                                                       \
      {                                                                                     \
        gsize w = MIN ((gsize) VL, m - i);                                                  \
        vUL prefix, hi, vmin = (vUL) {} + (UL) ~(UL) 0, vmax = (vUL) {}, diff, lt;          \
        UL any = 0;                                                                         \
        int top = 0;                                                                        \
                                                                                            \
        if (w == VL)                                                                        \
          for (guint p = 0; p < n; p++)                                                     \
            {                                                                               \
              vD d;                                                                         \
              vCL x;                                                                        \
              const D *src = (const D *) (gconstpointer) rows[p] + offset + i;              \
              /* The hardware follows a few streams, not n: fetch ahead by hand. */         \
              __builtin_prefetch (src + PREFETCH_AHEAD * VL);                               \
              memcpy (&d, src, sizeof d);                                                   \
              x = __builtin_convertvector (d, vCL);                                         \
              keys[p] = (vUL) TO_KEY (x) - (UL) (OFFSET);                                   \
              MIN_MAX (keys[p]);                                                            \
            }                                                                               \
        else                                                                                \
          for (guint p = 0; p < n; p++)                                                     \
            {                                                                               \
              D d[VL] = { 0 };                                                              \
              vD dv;                                                                        \
              vCL x;                                                                        \
              memcpy (d, (const D *) (gconstpointer) rows[p] + offset + i, w * sizeof (D)); \
              memcpy (&dv, d, sizeof dv);                                                   \
              x = __builtin_convertvector (dv, vCL);                                        \
              keys[p] = (vUL) TO_KEY (x) - (UL) (OFFSET);                                   \
              MIN_MAX (keys[p]);                                                            \
            }                                                                               \
                                                                                            \
        /* Every value of a lane shares the bits above top with its smallest and largest    \
         * value: only the bits below need passes (none where all values are equal). */     \
        diff = vmin ^ vmax;                                                                 \
        for (guint j = 0; j < VL; j++)                                                      \
          any |= diff[j];                                                                   \
        while (top < (int) (8 * sizeof (UL)) && (any >> top) != 0)                          \
          top++;                                                                            \
        prefix = vmin & (UL) ~(UL) (((guint64) 1 << top) - 1);                              \
                                                                                            \
        for (int b = top - 1; b >= 0; b--)                                                  \
          {                                                                                 \
            vUL cand = prefix | (UL) ((UL) 1 << b);                                         \
            vUL cnt = (vUL) {};                                                             \
            vUL accept;                                                                     \
                                                                                            \
            for (guint p = 0; p < n; p++)                                                   \
              cnt -= (vUL) (keys[p] < cand);                                                \
            accept = (vUL) (cnt <= kvec);                                                   \
            prefix = (cand & accept) | (prefix & ~accept);                                  \
          }                                                                                 \
                                                                                            \
        hi = prefix;                                                                        \
        if (spec->need_next)                                                                \
          {                                                                                 \
            /* The next value is lo again where at least k + 2 values are <= lo, else      \
             * the smallest value above lo (those <= lo count as the largest key). */       \
            vUL cle = (vUL) {}, same;                                                       \
            hi = (vUL) {} + (UL) ~(UL) 0;                                                   \
            for (guint p = 0; p < n; p++)                                                   \
              {                                                                             \
                vUL le = (vUL) (keys[p] <= prefix);                                         \
                vUL y = keys[p] | le;                                                       \
                cle -= le;                                                                  \
                lt = (vUL) (y < hi);                                                        \
                hi = (y & lt) | (hi & ~lt);                                                 \
              }                                                                             \
            same = (vUL) (cle > k2vec);                                                     \
            hi = (prefix & same) | (hi & ~same);                                            \
          }                                                                                 \
                                                                                            \
        for (gsize j = 0; j < w; j++)                                                       \
          finish_lane (TO_DOUBLE ((CL) (prefix[j] + (UL) (OFFSET))),                        \
                       TO_DOUBLE ((CL) (hi[j] + (UL) (OFFSET))), spec, dest + i + j);       \
      }                                                                                     \
  }

/* vmin = min (vmin, k), vmax = max (vmax, k), lt a scratch vector. */
#define MIN_MAX(k)                                                                          \
  G_STMT_START {                                                                            \
    lt = (vUL) ((k) < vmin);                                                                \
    vmin = ((k) & lt) | (vmin & ~lt);                                                       \
    lt = (vUL) ((k) > vmax);                                                                \
    vmax = ((k) & lt) | (vmax & ~lt);                                                       \
  } G_STMT_END

/* Floats as signed integers of the same order: negative ones with their magnitude bits
 * flipped (-0.0 just below +0.0). */
#define KEY_SAME(x) (x)
#define KEY_F32(x) ((x) ^ (((x) >> 31) & 0x7fffffff))

#define TD_INT(v) ((double) (v))
#define TD_F32(v) ((double) ordered_to_float (v))

DEFINE_SELECT (select_u8_16, guint8, guint16, guint16, 0, KEY_SAME, TD_INT)
DEFINE_SELECT (select_u8_32, guint8, guint32, guint32, 0, KEY_SAME, TD_INT)
DEFINE_SELECT (select_i8_16, gint8, guint16, gint16, -128, KEY_SAME, TD_INT)
DEFINE_SELECT (select_i8_32, gint8, guint32, gint32, -128, KEY_SAME, TD_INT)
DEFINE_SELECT (select_u16_16, guint16, guint16, guint16, 0, KEY_SAME, TD_INT)
DEFINE_SELECT (select_u16_32, guint16, guint32, guint32, 0, KEY_SAME, TD_INT)
DEFINE_SELECT (select_i16_16, gint16, guint16, gint16, -32768, KEY_SAME, TD_INT)
DEFINE_SELECT (select_i16_32, gint16, guint32, gint32, -32768, KEY_SAME, TD_INT)
DEFINE_SELECT (select_u32, guint32, guint32, guint32, 0, KEY_SAME, TD_INT)
DEFINE_SELECT (select_i32, gint32, guint32, gint32, 0x80000000u, KEY_SAME, TD_INT)
DEFINE_SELECT (select_f32, gint32, guint32, gint32, 0x80000000u, KEY_F32, TD_F32)

/* ---- One table: each type's loops ---- */

typedef void (*AccFunc)      (gpointer acc, gconstpointer src, gsize n);
typedef void (*SumI32Func)   (gint32 *acc, gconstpointer src, gsize n);
typedef void (*SumI64Func)   (gint64 *acc, gconstpointer src, gsize n);
typedef void (*SumSqI32Func) (gint32 *sum, guint64 *sq, gconstpointer src, gsize n);
typedef void (*SumSqI64Func) (gint64 *sum, guint64 *sq, gconstpointer src, gsize n);
typedef void (*ShiftedFunc)  (double *sum, double *sq, gconstpointer shift, gconstpointer src,
                              gsize n);
typedef void (*SelectFunc)   (const guint8 * const *rows, gsize offset, gsize m,
                              const ScSelectSpec *spec, float *dest, guint8 *scratch);

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
                  guint8               *scratch)
{
  g_assert (spec->n > 0 && spec->k < spec->n);
  g_assert (!spec->need_next || spec->k + 1 < spec->n);

  /* 16-bit counters for 8/16-bit data with few slices, else 32-bit. */
  if (spec->n < G_MAXUINT16)
    RUN_KERNEL (type, select_narrow, rows, offset, m, spec, dest, scratch);
  else
    RUN_KERNEL (type, select_wide, rows, offset, m, spec, dest, scratch);
}
