/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include <string.h>

#include "sc-select-kernels.h"

/* On x86-64 each kernel is also built for AVX2 and AVX-512 and chosen at load time
 * through an ifunc. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) \
    && defined(__has_attribute)
# if __has_attribute(target_clones)
#  define SC_CLONES __attribute__((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
# endif
#endif
#ifndef SC_CLONES
# define SC_CLONES
#endif
/* Kernels written for AVX-512 (BW, VL, DQ, VBMI), taken where the processor has it. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
# define SC_SELECT_AVX512 1
#else
# define SC_SELECT_AVX512 0
#endif

/* For a block of samples side by side (one 64-byte vector of lanes), find the k-th
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
  /* The AVX-512 kernels' four vectors a value; the others take one. */
  return (gsize) n * 4 * VBYTES + VBYTES;
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

/* ---- AVX-512 kernels: byte- and halfword-wide digits ----
 *
 * The same bitwise select in lanes of 8 bits for 8- and 16-bit data and of 16 bits for
 * 32-bit data, twice as many lanes a vector as counting in lanes of the data's width:
 * a 16-bit key is selected by its high byte first (the k-th smallest of the high bytes
 * is the high byte H of the k-th smallest key), then by its low byte, remapped so that
 * keys below H's bucket read 0 and those above it 255. Every candidate of the second
 * stage is at least 1, so that a remapped low byte lies below candidate c exactly where
 * the whole key lies below H:c, and the counts of the second stage are those of the
 * whole keys. 32-bit keys go the same way in halves of 16 bits. Counts are exact: 8-bit
 * lanes count runs of at most 255 values, widened to 16 bits after each run. Compares
 * go into mask registers and counts up by masked adds (two instructions a vector); the
 * next value (for interpolation) comes from one pass over the whole keys. */

#if SC_SELECT_AVX512

#include <immintrin.h>

/* GCC 12's intrinsics start some results from an undefined vector (__Y = __Y). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#define SC_AVX512 __attribute__ ((target ("avx512f,avx512bw,avx512vl,avx512dq,avx512vbmi")))
/* The gathers prefetch into L2 only: a block's lines of every row (rows a power of two
 * apart) fall into the same few sets of L1, which holds a handful of them. */
#define RUN8 255

SC_AVX512 static inline __m512i
zero512 (void)
{
  return _mm512_setzero_si512 ();
}

/* The bits above which every lane's values agree: 0 to bits. */
SC_AVX512 static inline int
shared_top (__m512i vmin,
            __m512i vmax,
            int     bits)
{
  guint64 any = (guint64) _mm512_reduce_or_epi64 (_mm512_xor_si512 (vmin, vmax));

  any |= any >> 32;
  any |= any >> 16;
  if (bits == 8)
    any |= any >> 8;
  any &= ((guint64) 1 << bits) - 1;
  return any == 0 ? 0 : 64 - __builtin_clzll (any);
}

/* c += 1 in the lanes where x < cand, for x in [q, end): min (cand -sat x, 1) is 1
 * exactly there (three plain instructions, quicker than a compare into a mask and a
 * masked add as GCC allocates them), in four counters so that the adds need not wait
 * for each other. */
#define BELOW(W, x, cand, one) _mm512_min_epu##W (_mm512_subs_epu##W (cand, x), one)
#define COUNT_BELOW(W, q, end, cand, one, c)                                            \
  G_STMT_START {                                                                        \
    __m512i c1_ = zero512 (), c2_ = zero512 (), c3_ = zero512 ();                      \
    for (; (q) + 4 <= (end); (q) += 4)                                                  \
      {                                                                                 \
        c = _mm512_add_epi##W (c, BELOW (W, (q)[0], cand, one));                         \
        c1_ = _mm512_add_epi##W (c1_, BELOW (W, (q)[1], cand, one));                     \
        c2_ = _mm512_add_epi##W (c2_, BELOW (W, (q)[2], cand, one));                     \
        c3_ = _mm512_add_epi##W (c3_, BELOW (W, (q)[3], cand, one));                     \
      }                                                                                 \
    for (; (q) < (end); (q)++)                                                          \
      c = _mm512_add_epi##W (c, BELOW (W, (q)[0], cand, one));                           \
    c = _mm512_add_epi##W (_mm512_add_epi##W (c, c1_), _mm512_add_epi##W (c2_, c3_));   \
  } G_STMT_END

/* Lanes where fewer than k + 1 of the n byte keys lie below cand. */
SC_AVX512 static inline __mmask64
accept_u8 (const __m512i *keys,
           guint          n,
           __m512i        cand,
           __m512i        kvec)
{
  const __m512i one = _mm512_set1_epi8 (1);
  const __m512i *q = keys, *end = keys + n;
  __m512i lo = zero512 (), hi = zero512 ();

  while (q < end)
    {
      const __m512i *run_end = end - q > RUN8 ? q + RUN8 : end;
      __m512i c = zero512 ();

      COUNT_BELOW (8, q, run_end, cand, one, c);
      lo = _mm512_add_epi16 (lo, _mm512_cvtepu8_epi16 (_mm512_castsi512_si256 (c)));
      hi = _mm512_add_epi16 (hi, _mm512_cvtepu8_epi16 (_mm512_extracti64x4_epi64 (c, 1)));
    }
  return (__mmask64) _mm512_cmple_epu16_mask (lo, kvec)
         | (__mmask64) _mm512_cmple_epu16_mask (hi, kvec) << 32;
}

/* Lanes where fewer than k + 1 of the n 16-bit keys lie below cand. */
SC_AVX512 static inline __mmask32
accept_u16 (const __m512i *keys,
            guint          n,
            __m512i        cand,
            __m512i        kvec)
{
  const __m512i one = _mm512_set1_epi16 (1);
  const __m512i *q = keys, *end = keys + n;
  __m512i c = zero512 ();

  COUNT_BELOW (16, q, end, cand, one, c);
  return _mm512_cmple_epu16_mask (c, kvec);
}

/* The k-th smallest of each byte lane's n keys, whose bits above top agree with vmin. */
SC_AVX512 static __m512i
select_u8_lanes (const __m512i *keys,
                 guint          n,
                 guint          k,
                 __m512i        vmin,
                 int            top)
{
  const __m512i kvec = _mm512_set1_epi16 ((short) k);
  __m512i prefix = _mm512_and_si512 (vmin, _mm512_set1_epi8 ((char) (0xff << top)));

  for (int b = top - 1; b >= 0; b--)
    {
      __m512i cand = _mm512_or_si512 (prefix, _mm512_set1_epi8 ((char) (1 << b)));
      prefix = _mm512_mask_mov_epi8 (prefix, accept_u8 (keys, n, cand, kvec), cand);
    }
  return prefix;
}

/* The same for 16-bit lanes. */
SC_AVX512 static __m512i
select_u16_lanes (const __m512i *keys,
                  guint          n,
                  guint          k,
                  __m512i        vmin,
                  int            top)
{
  const __m512i kvec = _mm512_set1_epi16 ((short) k);
  __m512i prefix = _mm512_and_si512 (vmin, _mm512_set1_epi16 ((short) (0xffff << top)));

  for (int b = top - 1; b >= 0; b--)
    {
      __m512i cand = _mm512_or_si512 (prefix, _mm512_set1_epi16 ((short) (1 << b)));
      prefix = _mm512_mask_mov_epi16 (prefix, accept_u16 (keys, n, cand, kvec), cand);
    }
  return prefix;
}

/* Low digits of keys outside the bucket sel of their high digits to 0 (below) or the
 * largest digit (above). */
SC_AVX512 static void
remap_u8 (__m512i       *lo,
          const __m512i *hi,
          guint          n,
          __m512i        sel)
{
  const __m512i ones = _mm512_set1_epi8 (-1);

  for (guint p = 0; p < n; p++)
    {
      __m512i l = _mm512_maskz_mov_epi8 (_mm512_cmpge_epu8_mask (hi[p], sel), lo[p]);
      lo[p] = _mm512_mask_mov_epi8 (l, _mm512_cmpgt_epu8_mask (hi[p], sel), ones);
    }
}

SC_AVX512 static void
remap_u16 (__m512i       *lo,
           const __m512i *hi,
           guint          n,
           __m512i        sel)
{
  const __m512i ones = _mm512_set1_epi16 (-1);

  for (guint p = 0; p < n; p++)
    {
      __m512i l = _mm512_maskz_mov_epi16 (_mm512_cmpge_epu16_mask (hi[p], sel), lo[p]);
      lo[p] = _mm512_mask_mov_epi16 (l, _mm512_cmpgt_epu16_mask (hi[p], sel), ones);
    }
}

/* The (k+1)-th smallest of each lane's keys given the k-th, lo: lo itself where at least
 * k + 2 keys are <= lo, else the smallest key above it. keys[p * stride + v] for
 * vectors v < nv. */
#define DEFINE_NEXT(NAME, W, MASK, CMPGT, ADD, MIN, SET1, CMPLE, MOV)                    \
  SC_AVX512 static void                                                                   \
  NAME (const __m512i *keys,                                                              \
        guint          n,                                                                 \
        guint          k,                                                                 \
        guint          nv,                                                                \
        const __m512i *lo,                                                                \
        __m512i       *hi)                                                                \
  {                                                                                       \
    const __m512i one = SET1 (1), room = SET1 (n - k - 2);                                 \
    for (guint v = 0; v < nv; v++)                                                        \
      {                                                                                   \
        __m512i above = zero512 (), next = SET1 (-1);                                     \
        for (guint p = 0; p < n; p++)                                                     \
          {                                                                               \
            __m512i x = keys[p * nv + v];                                                 \
            MASK gt = CMPGT (x, lo[v]);                                                   \
            above = ADD (above, gt, above, one);                                          \
            next = MIN (next, gt, next, x);                                               \
          }                                                                               \
        hi[v] = MOV (next, CMPLE (above, room), lo[v]);                                   \
      }                                                                                   \
  }

DEFINE_NEXT (next_u16, 16, __mmask32, _mm512_cmpgt_epu16_mask, _mm512_mask_add_epi16,
             _mm512_mask_min_epu16, _mm512_set1_epi16, _mm512_cmple_epu16_mask,
             _mm512_mask_mov_epi16)
DEFINE_NEXT (next_u32, 32, __mmask16, _mm512_cmpgt_epu32_mask, _mm512_mask_add_epi32,
             _mm512_mask_min_epu32, _mm512_set1_epi32, _mm512_cmple_epu32_mask,
             _mm512_mask_mov_epi32)

/* The same for byte keys, whose counts of the keys above lo go in runs. */
SC_AVX512 static __m512i
next_u8 (const __m512i *keys,
         guint          n,
         guint          k,
         __m512i        lo)
{
  const __m512i one = _mm512_set1_epi8 (1), room = _mm512_set1_epi16 ((short) (n - k - 2));
  __m512i above_lo = zero512 (), above_hi = zero512 (), next = _mm512_set1_epi8 (-1);
  __mmask64 same;

  for (guint p0 = 0; p0 < n; p0 += RUN8)
    {
      guint end = MIN (n, p0 + RUN8);
      __m512i c = zero512 ();

      for (guint p = p0; p < end; p++)
        {
          __mmask64 gt = _mm512_cmpgt_epu8_mask (keys[p], lo);
          c = _mm512_mask_add_epi8 (c, gt, c, one);
          next = _mm512_mask_min_epu8 (next, gt, next, keys[p]);
        }
      above_lo = _mm512_add_epi16 (above_lo, _mm512_cvtepu8_epi16 (_mm512_castsi512_si256 (c)));
      above_hi = _mm512_add_epi16 (above_hi,
                                   _mm512_cvtepu8_epi16 (_mm512_extracti64x4_epi64 (c, 1)));
    }
  same = (__mmask64) _mm512_cmple_epu16_mask (above_lo, room)
         | (__mmask64) _mm512_cmple_epu16_mask (above_hi, room) << 32;
  return _mm512_mask_mov_epi8 (next, same, lo);
}

/* dest[0..w) from the lower and upper values of each sample, 8 at a time. */
SC_AVX512 static void
finish_block (const double       *lo,
              const double       *hi,
              gsize               w,
              const ScSelectSpec *spec,
              float              *dest)
{
  const __m512d half = _mm512_set1_pd (0.5), t = _mm512_set1_pd (spec->frac);
  const __m512d t1 = _mm512_set1_pd (1 - spec->frac);

  for (gsize j = 0; j < w; j += 8)
    {
      __mmask8 m = w - j >= 8 ? 0xff : (__mmask8) ((1u << (w - j)) - 1);
      __m512d a = _mm512_loadu_pd (lo + j), b = _mm512_loadu_pd (hi + j), r, diff;

      if (!spec->need_next)
        r = a;
      else if (spec->median)
        r = _mm512_mul_pd (_mm512_add_pd (a, b), half);
      else
        {
          /* sc_lerp's two forms. */
          diff = _mm512_sub_pd (b, a);
          r = spec->frac >= 0.5 ? _mm512_sub_pd (b, _mm512_mul_pd (diff, t1))
                                : _mm512_add_pd (a, _mm512_mul_pd (diff, t));
        }
      _mm256_mask_storeu_ps (dest + j, m, _mm512_cvtpd_ps (r));
    }
}

/* 16 32-bit integers, signed or not, to doubles at d. */
SC_AVX512 static inline void
store_i32_pd (__m512i  x,
              gboolean is_signed,
              double  *d)
{
  __m256i a = _mm512_castsi512_si256 (x), b = _mm512_extracti64x4_epi64 (x, 1);

  _mm512_storeu_pd (d, is_signed ? _mm512_cvtepi32_pd (a) : _mm512_cvtepu32_pd (a));
  _mm512_storeu_pd (d + 8, is_signed ? _mm512_cvtepi32_pd (b) : _mm512_cvtepu32_pd (b));
}

/* Vector indices: bytes of 32 16-bit keys in a and 32 in b, low (IDX_B_LO) or high;
 * and back: 16-bit keys from the low bytes in a and the high bytes in b, lanes 0-31
 * (IDX_B_JOIN) and 32-63 (+ 32). The same for 16-bit halves of 32-bit keys (IDX_H_*). */
static const guint8 IDX_B[3][64] __attribute__ ((aligned (64))) = {
#define R8(f, j) f (j), f (j + 1), f (j + 2), f (j + 3), f (j + 4), f (j + 5), f (j + 6), f (j + 7)
#define R64(f) R8 (f, 0), R8 (f, 8), R8 (f, 16), R8 (f, 24), R8 (f, 32), R8 (f, 40), \
               R8 (f, 48), R8 (f, 56)
#define B_LO(j) ((j) < 32 ? 2 * (j) : 64 + 2 * ((j) - 32))
#define B_HI(j) (B_LO (j) + 1)
#define B_JOIN(j) ((j) % 2 ? 64 + (j) / 2 : (j) / 2)
  { R64 (B_LO) }, { R64 (B_HI) }, { R64 (B_JOIN) },
};
static const guint16 IDX_H[3][32] __attribute__ ((aligned (64))) = {
#define R32(f) R8 (f, 0), R8 (f, 8), R8 (f, 16), R8 (f, 24)
#define H_LO(j) ((j) < 16 ? 2 * (j) : 32 + 2 * ((j) - 16))
#define H_HI(j) (H_LO (j) + 1)
#define H_JOIN(j) ((j) % 2 ? 32 + (j) / 2 : (j) / 2)
  { R32 (H_LO) }, { R32 (H_HI) }, { R32 (H_JOIN) },
};

/* Data types of the kernels below. */
enum { K_U8, K_I8, K_U16, K_I16, K_U32, K_I32, K_F32 };

/* 8-bit data, 64 samples a vector. */
SC_AVX512 static inline __attribute__ ((always_inline)) void
select_bytes (const guint8 * const *rows,
              gsize                 offset,
              gsize                 m,
              const ScSelectSpec   *spec,
              float                *dest,
              guint8               *scratch,
              int                   kind)
{
  const guint n = spec->n;
  const __m512i flip = _mm512_set1_epi8 (kind == K_I8 ? (char) 0x80 : 0);
  __m512i *keys = (__m512i *) __builtin_assume_aligned (scratch, 64);
  double lo_d[64] __attribute__ ((aligned (64))), hi_d[64] __attribute__ ((aligned (64)));

  for (gsize i = 0; i < m; i += 64)
    {
      gsize w = MIN ((gsize) 64, m - i);
      __mmask64 mw = w == 64 ? ~(__mmask64) 0 : ((__mmask64) 1 << w) - 1;
      __m512i vmin = _mm512_set1_epi8 (-1), vmax = zero512 (), lo, hi;

      for (guint p = 0; p < n; p++)
        {
          const guint8 *src = rows[p] + offset + i;
          __m512i x;

          _mm_prefetch ((const char *) src + PREFETCH_AHEAD * 64, _MM_HINT_T1);
          x = _mm512_xor_si512 (_mm512_maskz_loadu_epi8 (mw, src), flip);
          keys[p] = x;
          vmin = _mm512_min_epu8 (vmin, x);
          vmax = _mm512_max_epu8 (vmax, x);
        }
      lo = hi = select_u8_lanes (keys, n, spec->k, vmin, shared_top (vmin, vmax, 8));
      if (spec->need_next)
        hi = next_u8 (keys, n, spec->k, lo);

      for (int g = 0; g < 4; g++)
        {
          __m128i a = _mm512_castsi512_si128 (_mm512_xor_si512 (lo, flip));
          __m128i b = _mm512_castsi512_si128 (_mm512_xor_si512 (hi, flip));

          /* The next 16 lanes down to the bottom. */
          lo = _mm512_alignr_epi32 (lo, lo, 4);
          hi = _mm512_alignr_epi32 (hi, hi, 4);
          store_i32_pd (kind == K_I8 ? _mm512_cvtepi8_epi32 (a) : _mm512_cvtepu8_epi32 (a),
                        TRUE, lo_d + 16 * g);
          store_i32_pd (kind == K_I8 ? _mm512_cvtepi8_epi32 (b) : _mm512_cvtepu8_epi32 (b),
                        TRUE, hi_d + 16 * g);
        }
      finish_block (lo_d, hi_d, w, spec, dest + i);
    }
}

/* 16-bit data, 64 samples in two vectors: whole keys (for the next value), high bytes,
 * low bytes. */
SC_AVX512 static inline __attribute__ ((always_inline)) void
select_halves (const guint8 * const *rows,
               gsize                 offset,
               gsize                 m,
               const ScSelectSpec   *spec,
               float                *dest,
               guint8               *scratch,
               int                   kind)
{
  const guint n = spec->n;
  const __m512i flip = _mm512_set1_epi16 (kind == K_I16 ? (short) 0x8000 : 0);
  const __m512i idx_lo = _mm512_load_si512 (IDX_B[0]), idx_hi = _mm512_load_si512 (IDX_B[1]);
  const __m512i idx_join = _mm512_load_si512 (IDX_B[2]);
  __m512i *keys = (__m512i *) __builtin_assume_aligned (scratch, 64);
  __m512i *hib = keys + 2 * n, *lob = hib + n;
  double lo_d[64] __attribute__ ((aligned (64))), hi_d[64] __attribute__ ((aligned (64)));

  for (gsize i = 0; i < m; i += 64)
    {
      gsize w = MIN ((gsize) 64, m - i);
      __mmask32 ma = w >= 32 ? ~(__mmask32) 0 : ((__mmask32) 1 << w) - 1;
      __mmask32 mb = w >= 64 ? ~(__mmask32) 0 : w > 32 ? ((__mmask32) 1 << (w - 32)) - 1 : 0;
      __m512i vmin = _mm512_set1_epi8 (-1), vmax = zero512 (), hs, ls, lo[2], hi[2];
      int top;

      for (guint p = 0; p < n; p++)
        {
          const guint16 *src = (const guint16 *) (gconstpointer) rows[p] + offset + i;
          __m512i a, b, h;

          _mm_prefetch ((const char *) (src + PREFETCH_AHEAD * 64), _MM_HINT_T1);
          _mm_prefetch ((const char *) (src + PREFETCH_AHEAD * 64 + 32), _MM_HINT_T1);
          a = _mm512_xor_si512 (_mm512_maskz_loadu_epi16 (ma, src), flip);
          b = _mm512_xor_si512 (_mm512_maskz_loadu_epi16 (mb, src + 32), flip);
          keys[2 * p] = a;
          keys[2 * p + 1] = b;
          h = _mm512_permutex2var_epi8 (a, idx_hi, b);
          hib[p] = h;
          lob[p] = _mm512_permutex2var_epi8 (a, idx_lo, b);
          vmin = _mm512_min_epu8 (vmin, h);
          vmax = _mm512_max_epu8 (vmax, h);
        }
      top = shared_top (vmin, vmax, 8);
      hs = select_u8_lanes (hib, n, spec->k, vmin, top);
      if (top > 0)
        remap_u8 (lob, hib, n, hs);
      ls = select_u8_lanes (lob, n, spec->k, zero512 (), 8);
      lo[0] = hi[0] = _mm512_permutex2var_epi8 (ls, idx_join, hs);
      lo[1] = hi[1] = _mm512_permutex2var_epi8 (ls, _mm512_add_epi8 (idx_join,
                                                                     _mm512_set1_epi8 (32)), hs);
      if (spec->need_next)
        next_u16 (keys, n, spec->k, 2, lo, hi);

      for (int v = 0; v < 4; v++)
        {
          __m256i a = v % 2 ? _mm512_extracti64x4_epi64 (_mm512_xor_si512 (lo[v / 2], flip), 1)
                            : _mm512_castsi512_si256 (_mm512_xor_si512 (lo[v / 2], flip));
          __m256i b = v % 2 ? _mm512_extracti64x4_epi64 (_mm512_xor_si512 (hi[v / 2], flip), 1)
                            : _mm512_castsi512_si256 (_mm512_xor_si512 (hi[v / 2], flip));

          store_i32_pd (kind == K_I16 ? _mm512_cvtepi16_epi32 (a) : _mm512_cvtepu16_epi32 (a),
                        TRUE, lo_d + 16 * v);
          store_i32_pd (kind == K_I16 ? _mm512_cvtepi16_epi32 (b) : _mm512_cvtepu16_epi32 (b),
                        TRUE, hi_d + 16 * v);
        }
      finish_block (lo_d, hi_d, w, spec, dest + i);
    }
}

/* 32-bit keys back to the data's values, as doubles at d. */
SC_AVX512 static inline void
store_keys_pd (__m512i  key,
               int      kind,
               double  *d)
{
  if (kind == K_F32)
    {
      /* Keys with the top bit set were positive floats (the sign bit flipped), the others
       * negative (every bit flipped). */
      __m512i neg = _mm512_srai_epi32 (key, 31);
      __m512i bits = _mm512_xor_si512 (key, _mm512_or_si512 (_mm512_andnot_si512 (
                                                               neg, _mm512_set1_epi32 (-1)),
                                                             _mm512_set1_epi32 (G_MININT32)));
      __m512 f = _mm512_castsi512_ps (bits);

      _mm512_storeu_pd (d, _mm512_cvtps_pd (_mm512_castps512_ps256 (f)));
      _mm512_storeu_pd (d + 8, _mm512_cvtps_pd (_mm256_castpd_ps (
                                                  _mm512_extractf64x4_pd (
                                                    _mm512_castps_pd (f), 1))));
    }
  else if (kind == K_I32)
    store_i32_pd (_mm512_xor_si512 (key, _mm512_set1_epi32 (G_MININT32)), TRUE, d);
  else
    store_i32_pd (key, FALSE, d);
}

/* 32-bit data, 32 samples in two vectors: whole keys, high halves, low halves. */
SC_AVX512 static inline __attribute__ ((always_inline)) void
select_words (const guint8 * const *rows,
              gsize                 offset,
              gsize                 m,
              const ScSelectSpec   *spec,
              float                *dest,
              guint8               *scratch,
              int                   kind)
{
  const guint n = spec->n;
  const __m512i sign = _mm512_set1_epi32 (G_MININT32);
  const __m512i idx_lo = _mm512_load_si512 (IDX_H[0]), idx_hi = _mm512_load_si512 (IDX_H[1]);
  const __m512i idx_join = _mm512_load_si512 (IDX_H[2]);
  __m512i *keys = (__m512i *) __builtin_assume_aligned (scratch, 64);
  __m512i *hiw = keys + 2 * n, *low = hiw + n;
  double lo_d[32] __attribute__ ((aligned (64))), hi_d[32] __attribute__ ((aligned (64)));

  for (gsize i = 0; i < m; i += 32)
    {
      gsize w = MIN ((gsize) 32, m - i);
      __mmask16 ma = w >= 16 ? (__mmask16) 0xffff : (__mmask16) ((1u << w) - 1);
      __mmask16 mb = w >= 32 ? (__mmask16) 0xffff
                             : w > 16 ? (__mmask16) ((1u << (w - 16)) - 1) : 0;
      __m512i vmin = _mm512_set1_epi16 (-1), vmax = zero512 (), hs, ls, lo[2], hi[2];
      int top;

      for (guint p = 0; p < n; p++)
        {
          const guint32 *src = (const guint32 *) (gconstpointer) rows[p] + offset + i;
          __m512i a, b, h;

          _mm_prefetch ((const char *) (src + PREFETCH_AHEAD * 32), _MM_HINT_T1);
          _mm_prefetch ((const char *) (src + PREFETCH_AHEAD * 32 + 16), _MM_HINT_T1);
          a = _mm512_maskz_loadu_epi32 (ma, src);
          b = _mm512_maskz_loadu_epi32 (mb, src + 16);
          if (kind == K_F32)
            {
              /* Positive floats with the sign bit set, negative ones with all bits
               * flipped: unsigned keys in the floats' order. */
              a = _mm512_xor_si512 (a, _mm512_or_si512 (_mm512_srai_epi32 (a, 31), sign));
              b = _mm512_xor_si512 (b, _mm512_or_si512 (_mm512_srai_epi32 (b, 31), sign));
            }
          else if (kind == K_I32)
            {
              a = _mm512_xor_si512 (a, sign);
              b = _mm512_xor_si512 (b, sign);
            }
          keys[2 * p] = a;
          keys[2 * p + 1] = b;
          h = _mm512_permutex2var_epi16 (a, idx_hi, b);
          hiw[p] = h;
          low[p] = _mm512_permutex2var_epi16 (a, idx_lo, b);
          vmin = _mm512_min_epu16 (vmin, h);
          vmax = _mm512_max_epu16 (vmax, h);
        }
      top = shared_top (vmin, vmax, 16);
      hs = select_u16_lanes (hiw, n, spec->k, vmin, top);
      if (top > 0)
        remap_u16 (low, hiw, n, hs);
      ls = select_u16_lanes (low, n, spec->k, zero512 (), 16);
      lo[0] = hi[0] = _mm512_permutex2var_epi16 (ls, idx_join, hs);
      lo[1] = hi[1] = _mm512_permutex2var_epi16 (ls, _mm512_add_epi16 (idx_join,
                                                                       _mm512_set1_epi16 (16)),
                                                 hs);
      if (spec->need_next)
        next_u32 (keys, n, spec->k, 2, lo, hi);

      for (int v = 0; v < 2; v++)
        {
          store_keys_pd (lo[v], kind, lo_d + 16 * v);
          store_keys_pd (hi[v], kind, hi_d + 16 * v);
        }
      finish_block (lo_d, hi_d, w, spec, dest + i);
    }
}

#define DEFINE_AVX512(NAME, BODY, KIND)                                                    \
  SC_AVX512 static void                                                                   \
  NAME (const guint8 * const *rows, gsize offset, gsize m, const ScSelectSpec *spec,      \
        float *dest, guint8 *scratch)                                                     \
  {                                                                                       \
    BODY (rows, offset, m, spec, dest, scratch, KIND);                                    \
  }

DEFINE_AVX512 (avx512_u8, select_bytes, K_U8)
DEFINE_AVX512 (avx512_i8, select_bytes, K_I8)
DEFINE_AVX512 (avx512_u16, select_halves, K_U16)
DEFINE_AVX512 (avx512_i16, select_halves, K_I16)
DEFINE_AVX512 (avx512_u32, select_words, K_U32)
DEFINE_AVX512 (avx512_i32, select_words, K_I32)
DEFINE_AVX512 (avx512_f32, select_words, K_F32)

#pragma GCC diagnostic pop

#endif /* SC_SELECT_AVX512 */

typedef void (*SelectFunc) (const guint8 * const *rows, gsize offset, gsize m,
                            const ScSelectSpec *spec, float *dest, guint8 *scratch);

/* Each type's kernels: counting in 16-bit lanes where the data and the number of slices
 * allow it (narrow), else in 32-bit ones. */
static const struct {
  SelectFunc narrow;
  SelectFunc wide;
} select_kernels[] = {
  [SC_SAMPLE_U8] = { select_u8_16, select_u8_32 },
  [SC_SAMPLE_U16] = { select_u16_16, select_u16_32 },
  [SC_SAMPLE_U32] = { select_u32, select_u32 },
  [SC_SAMPLE_I8] = { select_i8_16, select_i8_32 },
  [SC_SAMPLE_I16] = { select_i16_16, select_i16_32 },
  [SC_SAMPLE_I32] = { select_i32, select_i32 },
  [SC_SAMPLE_F32] = { select_f32, select_f32 },
};

#if SC_SELECT_AVX512
static const SelectFunc avx512_kernels[] = {
  [SC_SAMPLE_U8] = avx512_u8, [SC_SAMPLE_U16] = avx512_u16, [SC_SAMPLE_U32] = avx512_u32,
  [SC_SAMPLE_I8] = avx512_i8, [SC_SAMPLE_I16] = avx512_i16, [SC_SAMPLE_I32] = avx512_i32,
  [SC_SAMPLE_F32] = avx512_f32,
};
#endif

static gboolean force_generic;

void
sc_kernel_select_force_generic (gboolean generic)
{
  force_generic = generic;
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
  g_assert ((guint) type < G_N_ELEMENTS (select_kernels));
  g_assert (spec->n > 0 && spec->k < spec->n);
  g_assert (!spec->need_next || spec->k + 1 < spec->n);

#if SC_SELECT_AVX512
  /* Counts in 16 bits. */
  if (!force_generic && spec->n <= G_MAXUINT16
      && __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw")
      && __builtin_cpu_supports ("avx512vl") && __builtin_cpu_supports ("avx512dq")
      && __builtin_cpu_supports ("avx512vbmi"))
    {
      guint8 *aligned = (guint8 *) (((guintptr) scratch + VBYTES - 1) & ~(guintptr) (VBYTES - 1));

      avx512_kernels[type] (rows, offset, m, spec, dest, aligned);
      return;
    }
#endif
  /* 16-bit counters for 8/16-bit data with few slices, else 32-bit. */
  if (spec->n < G_MAXUINT16)
    select_kernels[type].narrow (rows, offset, m, spec, dest, scratch);
  else
    select_kernels[type].wide (rows, offset, m, spec, dest, scratch);
}
