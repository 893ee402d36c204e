/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The order-statistics kernels for AVX-512 (BW, VL, DQ, VBMI): the bitwise select of
 * sc-select-kernels.c in digits of 8 bits, 64 samples a vector, twice to four times as
 * many lanes as counting in lanes of the data's width.
 *
 * A 16-bit key is selected by its high byte first (the k-th smallest of the high bytes
 * is the high byte H of the k-th smallest key), then by its low byte, remapped so that
 * keys below H's bucket read 0 and those above it 255. Every candidate of the second
 * stage is at least 1, so that a remapped low byte lies below candidate c exactly where
 * the whole key lies below H:c, and the counts of the second stage are those of the
 * whole keys. 32-bit keys go the same way in four bytes, with masks of the keys below
 * and above the bytes found so far; the top bytes that every lane's keys share need no
 * stage. Counts are exact: 8-bit lanes count runs of at most 255 values, widened to 16
 * bits after each run. The next value (for interpolation) comes from one pass over the
 * whole keys, and the results are finished 8 at a time. */

#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

#include "sc-select-kernels-private.h"

#if SC_SELECT_AVX512

#include <immintrin.h>

/* GCC 12's intrinsics start some results from an undefined vector (__Y = __Y). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#define SC_AVX512 __attribute__ ((target ("avx512f,avx512bw,avx512vl,avx512dq,avx512vbmi")))
#define RUN8 255
/* The gathers prefetch into L2 only (T1): a block's lines of every row (rows a power of
 * two apart) fall into the same few sets of L1, which holds a handful of them. */

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
 * (IDX_B_JOIN) and 32-63 (+ 32). */
static const guint8 IDX_B[3][64] __attribute__ ((aligned (64))) = {
#define R8(f, j) f (j), f (j + 1), f (j + 2), f (j + 3), f (j + 4), f (j + 5), f (j + 6), f (j + 7)
#define R64(f) R8 (f, 0), R8 (f, 8), R8 (f, 16), R8 (f, 24), R8 (f, 32), R8 (f, 40), \
               R8 (f, 48), R8 (f, 56)
#define B_LO(j) ((j) < 32 ? 2 * (j) : 64 + 2 * ((j) - 32))
#define B_HI(j) (B_LO (j) + 1)
#define B_JOIN(j) ((j) % 2 ? 64 + (j) / 2 : (j) / 2)
  { R64 (B_LO) }, { R64 (B_HI) }, { R64 (B_JOIN) },
};
/* 32-bit keys in four vectors of 16 (a, b): bytes 0 and 1 of keys 0-31 (IDX_Q[0]),
 * bytes 2 and 3 (IDX_Q[1]); and back: key j's byte s from 32 * s + j (IDX_Q[2]). */
#define Q_KEY(j) ((j) % 32 < 16 ? 4 * ((j) % 32) : 64 + 4 * ((j) % 32 - 16))
#define Q_A(j) (Q_KEY (j) + (j) / 32)
#define Q_B(j) (Q_KEY (j) + 2 + (j) / 32)
#define Q_J(j) (32 * ((j) % 4) + (j) / 4)
static const guint8 IDX_Q[3][64] __attribute__ ((aligned (64))) = {
  { R64 (Q_A) }, { R64 (Q_B) }, { R64 (Q_J) },
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

/* After digit sel of the keys' digits dig[p] (remapped), which keys lie below or above
 * the digits found so far (below[p], above[p]; none where first), and the next digits
 * next[p] remapped to 0 or 255 outside. A remapped digit is 0 below and 255 above, so
 * that comparing it with sel leaves those keys where they were. */
SC_AVX512 static void
remap_status (const __m512i *dig,
              __m512i       *next,
              __mmask64     *below,
              __mmask64     *above,
              guint          n,
              __m512i        sel,
              gboolean       first,
              gboolean       keep)
{
  const __m512i ones = _mm512_set1_epi8 (-1);

  for (guint p = 0; p < n; p++)
    {
      __mmask64 b = _mm512_cmplt_epu8_mask (dig[p], sel);
      __mmask64 a = _mm512_cmpgt_epu8_mask (dig[p], sel);

      if (!first)
        {
          b |= below[p];
          a |= above[p];
        }
      next[p] = _mm512_mask_mov_epi8 (_mm512_maskz_mov_epi8 (~b, next[p]), a, ones);
      if (keep)
        {
          below[p] = b;
          above[p] = a;
        }
    }
}

/* The bytes of 64 32-bit keys in four vectors, byte s of all into d[s * stride]. */
SC_AVX512 static inline void
split_quads (const __m512i *x,
             __m512i        idx_a,
             __m512i        idx_b,
             __m512i       *d,
             gsize          stride)
{
  __m512i t01 = _mm512_permutex2var_epi8 (x[0], idx_a, x[1]);
  __m512i t23 = _mm512_permutex2var_epi8 (x[0], idx_b, x[1]);
  __m512i u01 = _mm512_permutex2var_epi8 (x[2], idx_a, x[3]);
  __m512i u23 = _mm512_permutex2var_epi8 (x[2], idx_b, x[3]);

  d[0] = _mm512_shuffle_i64x2 (t01, u01, 0x44);
  d[stride] = _mm512_shuffle_i64x2 (t01, u01, 0xee);
  d[2 * stride] = _mm512_shuffle_i64x2 (t23, u23, 0x44);
  d[3 * stride] = _mm512_shuffle_i64x2 (t23, u23, 0xee);
}

/* The k-th smallest key of each of 64 lanes, digit by digit from the top: the digits
 * dig[s * n + p] of the keys, those that every lane's keys share (shared, from the top)
 * taken from its smallest key (its digits vmin[s]). */
SC_AVX512 static void
select_digits (__m512i         *dig,
               __mmask64       *status,
               guint            n,
               guint            k,
               const __m512i   *vmin,
               int              shared,
               __m512i         *key)
{
  const __m512i idx_j = _mm512_load_si512 (IDX_Q[2]);
  __m512i sel[4], lo01, hi01, lo23, hi23;
  gboolean first = TRUE;

  for (int s = 3; s >= 0; s--)
    {
      int same = CLAMP (shared - 8 * (3 - s), 0, 8);

      if (same == 8)
        {
          sel[s] = vmin[s];
          continue;
        }
      sel[s] = select_u8_lanes (dig + s * n, n, k, vmin[s], 8 - same);
      if (s > 0)
        {
          remap_status (dig + s * n, dig + (s - 1) * n, status, status + n, n, sel[s], first,
                        s > 1);
          first = FALSE;
        }
    }
  lo01 = _mm512_shuffle_i64x2 (sel[0], sel[1], 0x44);
  hi01 = _mm512_shuffle_i64x2 (sel[0], sel[1], 0xee);
  lo23 = _mm512_shuffle_i64x2 (sel[2], sel[3], 0x44);
  hi23 = _mm512_shuffle_i64x2 (sel[2], sel[3], 0xee);
  key[0] = _mm512_permutex2var_epi8 (lo01, idx_j, lo23);
  key[1] = _mm512_permutex2var_epi8 (lo01, _mm512_add_epi8 (idx_j, _mm512_set1_epi8 (16)), lo23);
  key[2] = _mm512_permutex2var_epi8 (hi01, idx_j, hi23);
  key[3] = _mm512_permutex2var_epi8 (hi01, _mm512_add_epi8 (idx_j, _mm512_set1_epi8 (16)), hi23);
}

/* 32-bit data, 64 samples in four vectors: whole keys (for the next value), and their
 * four bytes, selected from the top; the status of each key beside the bytes. */
SC_AVX512 static inline __attribute__ ((always_inline)) void
select_quads (const guint8 * const *rows,
              gsize                 offset,
              gsize                 m,
              const ScSelectSpec   *spec,
              float                *dest,
              guint8               *scratch,
              int                   kind)
{
  const guint n = spec->n;
  const __m512i sign = _mm512_set1_epi32 (G_MININT32);
  const __m512i idx_a = _mm512_load_si512 (IDX_Q[0]), idx_b = _mm512_load_si512 (IDX_Q[1]);
  __m512i *keys = (__m512i *) __builtin_assume_aligned (scratch, 64);
  __m512i *dig = keys + 4 * n;
  __mmask64 *status = (__mmask64 *) (gpointer) (dig + 4 * n);
  double lo_d[64] __attribute__ ((aligned (64))), hi_d[64] __attribute__ ((aligned (64)));

  for (gsize i = 0; i < m; i += 64)
    {
      gsize w = MIN ((gsize) 64, m - i);
      __m512i vmin[4], vmax[4], minb[4], lo[4], hi[4], diff;
      __mmask16 mv[4];
      guint32 any;

      for (int v = 0; v < 4; v++)
        {
          gsize in = w > 16 * (gsize) v ? MIN (16, w - 16 * v) : 0;

          mv[v] = (__mmask16) ((1u << in) - 1);
          vmin[v] = _mm512_set1_epi32 (-1);
          vmax[v] = zero512 ();
        }
      for (guint p = 0; p < n; p++)
        {
          const guint32 *src = (const guint32 *) (gconstpointer) rows[p] + offset + i;
          __m512i x[4];

#pragma GCC unroll 4
          for (int v = 0; v < 4; v++)
            {
              _mm_prefetch ((const char *) (src + PREFETCH_AHEAD * 64 + 16 * v), _MM_HINT_T1);
              x[v] = _mm512_maskz_loadu_epi32 (mv[v], src + 16 * v);
              /* Positive floats with the sign bit set, negative ones with every bit
               * flipped: unsigned keys in the floats' order. */
              if (kind == K_F32)
                x[v] = _mm512_xor_si512 (x[v], _mm512_or_si512 (_mm512_srai_epi32 (x[v], 31),
                                                                sign));
              else if (kind == K_I32)
                x[v] = _mm512_xor_si512 (x[v], sign);
              keys[4 * p + v] = x[v];
              vmin[v] = _mm512_min_epu32 (vmin[v], x[v]);
              vmax[v] = _mm512_max_epu32 (vmax[v], x[v]);
            }
          split_quads (x, idx_a, idx_b, dig + p, n);
        }
      diff = _mm512_or_si512 (_mm512_or_si512 (_mm512_xor_si512 (vmin[0], vmax[0]),
                                               _mm512_xor_si512 (vmin[1], vmax[1])),
                              _mm512_or_si512 (_mm512_xor_si512 (vmin[2], vmax[2]),
                                               _mm512_xor_si512 (vmin[3], vmax[3])));
      any = (guint32) _mm512_reduce_or_epi32 (diff);
      split_quads (vmin, idx_a, idx_b, minb, 1);
      select_digits (dig, status, n, spec->k, minb, any == 0 ? 32 : __builtin_clz (any), lo);
      for (int v = 0; v < 4; v++)
        hi[v] = lo[v];
      if (spec->need_next)
        next_u32 (keys, n, spec->k, 4, lo, hi);

      for (int v = 0; v < 4; v++)
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
DEFINE_AVX512 (avx512_u32, select_quads, K_U32)
DEFINE_AVX512 (avx512_i32, select_quads, K_I32)
DEFINE_AVX512 (avx512_f32, select_quads, K_F32)

const ScSelectFunc _sc_select_avx512[SC_SELECT_N_TYPES] = {
  [SC_SAMPLE_U8] = avx512_u8, [SC_SAMPLE_U16] = avx512_u16, [SC_SAMPLE_U32] = avx512_u32,
  [SC_SAMPLE_I8] = avx512_i8, [SC_SAMPLE_I16] = avx512_i16, [SC_SAMPLE_I32] = avx512_i32,
  [SC_SAMPLE_F32] = avx512_f32,
};

#pragma GCC diagnostic pop

gboolean
_sc_select_avx512_usable (void)
{
  return __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw")
         && __builtin_cpu_supports ("avx512vl") && __builtin_cpu_supports ("avx512dq")
         && __builtin_cpu_supports ("avx512vbmi");
}

#endif /* SC_SELECT_AVX512 */
