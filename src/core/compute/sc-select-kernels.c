/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-projection"

#include "config.h"

/* The bitwise select's counting loops are a few instructions long and run a billion
 * times: aligned only to 16 bytes, the 8-bit kernel's crossed a 64-byte line after an
 * unrelated change and ran 30% slower (bench-select, u8, 256 values). */
#if defined(__GNUC__) && !defined(__clang__)
# pragma GCC optimize ("align-loops=32")
#endif

#include <string.h>

#include "sc-kernel-loops.h"
#include "sc-select-kernels-private.h"
#include "sc-select-network.h"

#if defined(__x86_64__) && defined(__GNUC__)
# include <immintrin.h>
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
  /* The AVX-512 kernels' eight vectors and two masks a value; the others take one
   * vector. */
  return (gsize) n * (8 * VBYTES + 16) + VBYTES;
}

/* D: stored type; UL: unsigned lane type (counts, keys); SL: the signed type of its width;
 * CL: lane type to convert to (signed for signed data); OFFSET: added to a key to get the
 * CL value; TO_KEY (vCL x): the loaded values (converted to CL) in the same order as CL
 * values; TO_DOUBLE: a CL value back to the data's value.
 *
 * Keys are unsigned, but every compare is made between signed lanes: keys are kept with
 * their top bit flipped (SIGN), which orders them as signed values the way they order as
 * unsigned ones. x86 before AVX-512 compares signed lanes only (pcmpgtw, pcmpgtd); an
 * unsigned compare of GCC's vector types was built from one scalar compare a lane there.
 * VB is the vector's bytes, which must be the processor's own (ATTR its target): GCC 12
 * builds a compare of vectors wider than the target's from scalar compares too, so that
 * 64-byte vectors under AVX2 took 26 ns an element, not 0.5. Each kernel is built for
 * 16-byte vectors (SSE2, every x86-64, and NEON) and, on x86-64, for 32 (AVX2). */
#define DEFINE_SELECT(NAME, VB, ATTR, D, UL, SL, CL, OFFSET, TO_KEY, TO_DOUBLE)             \
  /* The network over a block's n keys (see sc-select-network.h): the sorts of its          \
   * groups of 8 in registers, then its compare-exchanges. Apart from the bitwise           \
   * select's loops, in a function of its own. */                                           \
  ATTR __attribute__ ((noinline)) static void                                               \
  NAME##_network (gpointer keys_, const ScSelectNetwork *net)                               \
  {                                                                                         \
    typedef SL vSL __attribute__ ((vector_size (VB)));                                      \
    vSL *restrict keys = keys_;                                                             \
    guint8 *kb = (guint8 *) keys;                                                           \
    const guint16 *cx = net->cx, *cx_end = net->cx + 2 * (gsize) net->n_cx;                 \
    vSL *tail = keys + 32 * net->n_groups32;                                                \
    for (guint g = 0; g < net->n_groups32; g++)                                             \
      SORT32 (keys + 32 * g, VB, UL);                                                       \
    for (guint g = 0; g < net->n_groups16; g++)                                             \
      SORT16 (tail + 16 * g, VB, UL);                                                       \
    for (guint g = 0; g < net->n_groups8; g++)                                              \
      SORT8 (tail + 16 * net->n_groups16 + 8 * g, VB, UL);                                  \
    for (; cx < cx_end; cx += 2)                                                            \
      {                                                                                     \
        vSL *pa = (vSL *) (gpointer) (kb + (cx[0] >> (32 / VB - 1)));                       \
        vSL *pb = (vSL *) (gpointer) (kb + (cx[1] >> (32 / VB - 1)));                       \
        vSL x = *pa, y = *pb;                                                               \
        *pa = NET_MIN_##VB##_##UL (x, y);                                                   \
        *pb = NET_MAX_##VB##_##UL (x, y);                                                   \
      }                                                                                     \
  }                                                                                         \
                                                                                            \
  ATTR static void                                                                          \
  NAME (const guint8 * const *rows,                                                         \
        gsize                 offset,                                                       \
        gsize                 m,                                                            \
        const ScSelectSpec   *spec,                                                         \
        float                *dest,                                                         \
        guint8               *scratch,                                                      \
        const ScSelectNetwork *net,                                                         \
        gboolean              force_network)                                                \
  {                                                                                         \
    typedef UL vUL __attribute__ ((vector_size (VB)));                                  \
    typedef SL vSL __attribute__ ((vector_size (VB)));                                  \
    typedef CL vCL __attribute__ ((vector_size (VB)));                                  \
    typedef D vD __attribute__ ((vector_size (VB / sizeof (UL) * sizeof (D))));         \
    enum { VL = VB / sizeof (UL) };                                                     \
    const UL sign = (UL) ((UL) 1 << (8 * sizeof (UL) - 1));                                 \
    const guint n = spec->n;                                                                \
    /* 8-bit lanes count runs of 255 values and add them up saturating (see SAT_ADD) */     \
    const guint run = sizeof (UL) == 1 ? 255 : n;                                           \
    /* k and k + 1 as counts compare: flipped too */                                        \
    const vSL kvec = (vSL) ((vUL) {} + (UL) ((UL) spec->k ^ sign));                         \
    const vSL k2vec = (vSL) ((vUL) {} + (UL) ((UL) (spec->k + 1) ^ sign));                  \
    vSL *restrict keys = (vSL *) __builtin_assume_aligned (                                 \
      (gpointer) (((guintptr) scratch + VBYTES - 1) & ~(guintptr) (VBYTES - 1)), VB);       \
                                                                                            \
    for (gsize i = 0; i < m; i += VL)                                                       \
      {                                                                                     \
        gsize w = MIN ((gsize) VL, m - i);                                                  \
        vUL prefix, hi, diff;                                                               \
        vSL vmin = (vSL) ((vUL) {} + (UL) ~(UL) 0), vmax = (vSL) ((vUL) {}), lt;            \
        UL any = 0;                                                                         \
        int top = 0;                                                                        \
                                                                                            \
        /* the flipped extremes: all ones is the largest signed value flipped back */       \
        vmin = (vSL) ((vUL) vmin ^ sign);                                                   \
        vmax = (vSL) ((vUL) vmax ^ sign);                                                   \
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
              keys[p] = (vSL) (((vUL) TO_KEY (x) - (UL) (OFFSET)) ^ sign);                  \
              MIN_MAX (keys[p], VB, UL);                                                    \
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
              keys[p] = (vSL) (((vUL) TO_KEY (x) - (UL) (OFFSET)) ^ sign);                  \
              MIN_MAX (keys[p], VB, UL);                                                    \
            }                                                                               \
                                                                                            \
        /* Every value of a lane shares the bits above top with its smallest and largest    \
         * value: only the bits below need passes (none where all values are equal). The   \
         * flip cancels in the xor. */                                                      \
        diff = (vUL) vmin ^ (vUL) vmax;                                                     \
        for (guint j = 0; j < VL; j++)                                                      \
          any |= diff[j];                                                                   \
        while (top < (int) (8 * sizeof (UL)) && (any >> top) != 0)                          \
          top++;                                                                            \
        prefix = ((vUL) vmin ^ sign) & (UL) ~(UL) (((guint64) 1 << top) - 1);               \
                                                                                            \
        if (net != NULL                                                                     \
            && (force_network                                                               \
                || (guint64) net->n_cx * NETWORK_COST_TENTHS (sizeof (UL))                  \
                     + (guint64) (19 * net->n_groups8 + 63 * net->n_groups16                \
                                  + 191 * net->n_groups32) * GROUP_COST_TENTHS (sizeof (UL)) \
                   <= (guint64) 10 * (top + (spec->need_next ? 2 : 0)) * n))                \
          {                                                                                 \
            /* The same keys through the network: ranks k and k + 1 in place. */            \
            NAME##_network (keys, net);                                                     \
            prefix = (vUL) keys[spec->k] ^ sign;                                            \
            hi = spec->need_next ? (vUL) keys[spec->k + 1] ^ sign : prefix;                 \
          }                                                                                 \
        else                                                                                \
          {                                                                                 \
            for (int b = top - 1; b >= 0; b--)                                              \
              {                                                                             \
                vUL cand = prefix | (UL) ((UL) 1 << b);                                     \
                vSL cand_s = (vSL) (cand ^ sign);                                           \
                vUL cnt = (vUL) {};                                                         \
                vUL accept;                                                                 \
                                                                                            \
                for (guint p0 = 0; p0 < n; p0 += run)                                       \
                  {                                                                         \
                    /* four counters, so that each subtract need not wait for the last,    \
                     * by pointer (32-bit indices cost an instruction or two a compare);   \
                     * each counts at most a quarter of a run of 255, so c + c1 + c2 + c3  \
                     * fits 8-bit lanes too */                                              \
                    vUL c = (vUL) {}, c1 = (vUL) {}, c2 = (vUL) {}, c3 = (vUL) {};          \
                    const vSL *q = keys + p0, *q_end = keys + MIN (n, p0 + run);            \
                    for (; q + 4 <= q_end; q += 4)                                          \
                      {                                                                     \
                        c -= (vUL) (q[0] < cand_s);                                         \
                        c1 -= (vUL) (q[1] < cand_s);                                        \
                        c2 -= (vUL) (q[2] < cand_s);                                        \
                        c3 -= (vUL) (q[3] < cand_s);                                        \
                      }                                                                     \
                    for (; q < q_end; q++)                                                  \
                      c -= (vUL) (q[0] < cand_s);                                           \
                    cnt = SAT_ADD (cnt, (c + c1) + (c2 + c3));                              \
                  }                                                                         \
                accept = (vUL) ((vSL) (cnt ^ sign) <= kvec);                                \
                prefix = (cand & accept) | (prefix & ~accept);                              \
              }                                                                             \
                                                                                            \
            hi = prefix;                                                                    \
            if (spec->need_next)                                                            \
              {                                                                             \
                /* The next value is lo again where at least k + 2 values are <= lo, else  \
                 * the smallest value above lo (those <= lo count as the largest key). */   \
                const vSL top_s = (vSL) ((vUL) {} + (UL) ~sign);                            \
                vSL prefix_s = (vSL) (prefix ^ sign), hi_s = top_s, hi1 = top_s;            \
                vUL cle = (vUL) {}, same;                                                   \
                for (guint p0 = 0; p0 < n; p0 += run)                                       \
                  {                                                                         \
                    /* two chains of min and count, as in the passes above */               \
                    vUL c = (vUL) {}, c1 = (vUL) {};                                        \
                    const vSL *q = keys + p0, *q_end = keys + MIN (n, p0 + run);            \
                    for (; q + 2 <= q_end; q += 2)                                          \
                      {                                                                     \
                        vSL le = (vSL) (q[0] <= prefix_s), le1 = (vSL) (q[1] <= prefix_s);  \
                        c -= (vUL) le;                                                      \
                        c1 -= (vUL) le1;                                                    \
                        hi_s = NET_MIN_##VB##_##UL (hi_s, (q[0] & ~le) | (top_s & le));     \
                        hi1 = NET_MIN_##VB##_##UL (hi1, (q[1] & ~le1) | (top_s & le1));     \
                      }                                                                     \
                    if (q < q_end)                                                          \
                      {                                                                     \
                        vSL le = (vSL) (q[0] <= prefix_s);                                  \
                        c -= (vUL) le;                                                      \
                        hi_s = NET_MIN_##VB##_##UL (hi_s, (q[0] & ~le) | (top_s & le));     \
                      }                                                                     \
                    cle = SAT_ADD (cle, c + c1);                                            \
                  }                                                                         \
                hi_s = NET_MIN_##VB##_##UL (hi_s, hi1);                                     \
                same = (vUL) ((vSL) (cle ^ sign) > k2vec);                                  \
                hi = (vUL) hi_s ^ sign;                                                     \
                hi = (prefix & same) | (hi & ~same);                                        \
              }                                                                             \
          }                                                                                 \
                                                                                            \
        for (gsize j = 0; j < w; j++)                                                       \
          finish_lane (TO_DOUBLE ((CL) (prefix[j] + (UL) (OFFSET))),                        \
                       TO_DOUBLE ((CL) (hi[j] + (UL) (OFFSET))), spec, dest + i + j);       \
      }                                                                                     \
  }

/* vmin = min (vmin, k), vmax = max (vmax, k) over flipped keys (signed), with the
 * network's min and max. */
#define MIN_MAX(k, VB, UL)                                                                  \
  G_STMT_START {                                                                            \
    lt = (vSL) ((k) < vmin);                                                                \
    vmin = ((k) & lt) | (vmin & ~lt);                                                       \
    lt = (vSL) ((k) > vmax);                                                                \
    vmax = ((k) & lt) | (vmax & ~lt);                                                       \
  } G_STMT_END

/* Sorts the 8 vectors at k lane by lane, in registers: Batcher's 19 compare-exchanges
 * for 8 values (SORT8_REGS on 8 named vectors). SORT16 sorts 16 the same way, two groups
 * of 8 and Batcher's 25 compare-exchanges that merge them (MERGE8_8_REGS), 63 in all:
 * the merge's compare-exchanges from memory cost the network of 64 values 1.2 ns each
 * where those in registers take a fraction of that. */
#define SORT_CX(a, b, VB, UL)                                                               \
  G_STMT_START {                                                                            \
    vSL lo_ = NET_MIN_##VB##_##UL (a, b);                                                   \
    b = NET_MAX_##VB##_##UL (a, b);                                                         \
    a = lo_;                                                                                \
  } G_STMT_END
#define SORT8_REGS(x0, x1, x2, x3, x4, x5, x6, x7, VB, UL)                                  \
  G_STMT_START {                                                                            \
    SORT_CX (x0, x1, VB, UL); SORT_CX (x2, x3, VB, UL); SORT_CX (x4, x5, VB, UL);           \
    SORT_CX (x6, x7, VB, UL); SORT_CX (x0, x2, VB, UL); SORT_CX (x1, x3, VB, UL);           \
    SORT_CX (x4, x6, VB, UL); SORT_CX (x5, x7, VB, UL); SORT_CX (x1, x2, VB, UL);           \
    SORT_CX (x5, x6, VB, UL); SORT_CX (x0, x4, VB, UL); SORT_CX (x1, x5, VB, UL);           \
    SORT_CX (x2, x6, VB, UL); SORT_CX (x3, x7, VB, UL); SORT_CX (x2, x4, VB, UL);           \
    SORT_CX (x3, x5, VB, UL); SORT_CX (x1, x2, VB, UL); SORT_CX (x3, x4, VB, UL);           \
    SORT_CX (x5, x6, VB, UL);                                                               \
  } G_STMT_END
#define SORT8(k, VB, UL)                                                                    \
  G_STMT_START {                                                                            \
    vSL *k_ = (k);                                                                          \
    vSL r0 = k_[0], r1 = k_[1], r2 = k_[2], r3 = k_[3];                                     \
    vSL r4 = k_[4], r5 = k_[5], r6 = k_[6], r7 = k_[7];                                     \
    SORT8_REGS (r0, r1, r2, r3, r4, r5, r6, r7, VB, UL);                                    \
    k_[0] = r0; k_[1] = r1; k_[2] = r2; k_[3] = r3;                                         \
    k_[4] = r4; k_[5] = r5; k_[6] = r6; k_[7] = r7;                                         \
  } G_STMT_END
#define MERGE8_8_REGS(x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, \
                      VB, UL)                                                               \
  G_STMT_START {                                                                            \
    SORT_CX (x0, x8, VB, UL); SORT_CX (x1, x9, VB, UL); SORT_CX (x2, x10, VB, UL);          \
    SORT_CX (x3, x11, VB, UL); SORT_CX (x4, x12, VB, UL); SORT_CX (x5, x13, VB, UL);        \
    SORT_CX (x6, x14, VB, UL); SORT_CX (x7, x15, VB, UL); SORT_CX (x4, x8, VB, UL);         \
    SORT_CX (x5, x9, VB, UL); SORT_CX (x6, x10, VB, UL); SORT_CX (x7, x11, VB, UL);         \
    SORT_CX (x2, x4, VB, UL); SORT_CX (x3, x5, VB, UL); SORT_CX (x6, x8, VB, UL);           \
    SORT_CX (x7, x9, VB, UL); SORT_CX (x10, x12, VB, UL); SORT_CX (x11, x13, VB, UL);       \
    SORT_CX (x1, x2, VB, UL); SORT_CX (x3, x4, VB, UL); SORT_CX (x5, x6, VB, UL);           \
    SORT_CX (x7, x8, VB, UL); SORT_CX (x9, x10, VB, UL); SORT_CX (x11, x12, VB, UL);        \
    SORT_CX (x13, x14, VB, UL);                                                             \
  } G_STMT_END
/* The 16 vectors k[0], k[S], .. k[15 S] in registers: with SORT_HALVES each run of 8
 * sorted first, then the two sorted runs of 8 merged. SORT16 sorts 16 vectors side by
 * side; MERGE_STRIDED merges the runs of 8 that lie every other vector from k. */
#define MERGE16_AT(k, S, SORT_HALVES, VB, UL)                                               \
  G_STMT_START {                                                                            \
    vSL *k_ = (k);                                                                          \
    vSL r0 = k_[0], r1 = k_[S], r2 = k_[2 * S], r3 = k_[3 * S];                             \
    vSL r4 = k_[4 * S], r5 = k_[5 * S], r6 = k_[6 * S], r7 = k_[7 * S];                     \
    vSL r8 = k_[8 * S], r9 = k_[9 * S], r10 = k_[10 * S], r11 = k_[11 * S];                 \
    vSL r12 = k_[12 * S], r13 = k_[13 * S], r14 = k_[14 * S], r15 = k_[15 * S];             \
    if (SORT_HALVES)                                                                        \
      {                                                                                     \
        SORT8_REGS (r0, r1, r2, r3, r4, r5, r6, r7, VB, UL);                                \
        SORT8_REGS (r8, r9, r10, r11, r12, r13, r14, r15, VB, UL);                          \
      }                                                                                     \
    MERGE8_8_REGS (r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15,    \
                   VB, UL);                                                                 \
    k_[0] = r0; k_[S] = r1; k_[2 * S] = r2; k_[3 * S] = r3;                                 \
    k_[4 * S] = r4; k_[5 * S] = r5; k_[6 * S] = r6; k_[7 * S] = r7;                         \
    k_[8 * S] = r8; k_[9 * S] = r9; k_[10 * S] = r10; k_[11 * S] = r11;                     \
    k_[12 * S] = r12; k_[13 * S] = r13; k_[14 * S] = r14; k_[15 * S] = r15;                 \
  } G_STMT_END
#define SORT16(k, VB, UL) MERGE16_AT (k, 1, TRUE, VB, UL)
#define MERGE_STRIDED(k, VB, UL) MERGE16_AT (k, 2, FALSE, VB, UL)
/* Sorts the 32 vectors at k: two sorts of 16, then Batcher's merge of them as he built it,
 * the even-numbered values merged on their own and the odd-numbered ones on theirs (each
 * a merge of two runs of 8 in registers), then a compare-exchange of each odd one with the
 * even one after it. 191 compare-exchanges, all but those 15 in registers: from memory,
 * the merge's 65 cost each a load and a store of both values. */
#define SORT32(k, VB, UL)                                                                   \
  G_STMT_START {                                                                            \
    vSL *k32_ = (k);                                                                        \
    SORT16 (k32_, VB, UL);                                                                  \
    SORT16 (k32_ + 16, VB, UL);                                                             \
    MERGE_STRIDED (k32_, VB, UL);                                                           \
    MERGE_STRIDED (k32_ + 1, VB, UL);                                                       \
    for (guint i_ = 1; i_ < 31; i_ += 2)                                                    \
      {                                                                                     \
        vSL a_ = k32_[i_], b_ = k32_[i_ + 1];                                               \
        SORT_CX (a_, b_, VB, UL);                                                           \
        k32_[i_] = a_;                                                                      \
        k32_[i_ + 1] = b_;                                                                  \
      }                                                                                     \
  } G_STMT_END

/* a + b in unsigned lanes, saturating in 8-bit ones: a count of 8-bit lanes past 255
 * reads 255, which still compares above any k < 255 (the caller takes these kernels
 * only where k + 1 < 255 or no count can pass 255). Wider lanes never overflow. */
#define SAT_ADD(a, b)                                                                       \
  (sizeof ((a)[0]) == 1                                                                     \
     ? ((a) + (b)) | (vUL) ((vSL) (((a) + (b)) ^ sign) < (vSL) ((a) ^ sign))                \
     : (a) + (b))

/* The network's compare-exchange on flipped keys (signed lanes): NET_MIN_VB_UL (x, y)
 * and NET_MAX_VB_UL. The portable kernels build them from a compare (SSE2 has no
 * 32-bit min); AVX2's take its min and max, two instructions instead of three. */
#define NET_MIN_GENERIC(x, y) (((x) & (vSL) ((x) < (y))) | ((y) & ~(vSL) ((x) < (y))))
#define NET_MAX_GENERIC(x, y) (((y) & (vSL) ((x) < (y))) | ((x) & ~(vSL) ((x) < (y))))
#define NET_MIN_16_guint8 NET_MIN_GENERIC
#define NET_MAX_16_guint8 NET_MAX_GENERIC
#define NET_MIN_16_guint16 NET_MIN_GENERIC
#define NET_MAX_16_guint16 NET_MAX_GENERIC
#define NET_MIN_16_guint32 NET_MIN_GENERIC
#define NET_MAX_16_guint32 NET_MAX_GENERIC
#define NET_MIN_32_guint8(x, y) ((vSL) _mm256_min_epi8 ((__m256i) (x), (__m256i) (y)))
#define NET_MAX_32_guint8(x, y) ((vSL) _mm256_max_epi8 ((__m256i) (x), (__m256i) (y)))
#define NET_MIN_32_guint16(x, y) ((vSL) _mm256_min_epi16 ((__m256i) (x), (__m256i) (y)))
#define NET_MAX_32_guint16(x, y) ((vSL) _mm256_max_epi16 ((__m256i) (x), (__m256i) (y)))
#define NET_MIN_32_guint32(x, y) ((vSL) _mm256_min_epi32 ((__m256i) (x), (__m256i) (y)))
#define NET_MAX_32_guint32(x, y) ((vSL) _mm256_max_epi32 ((__m256i) (x), (__m256i) (y)))

/* What a compare-exchange of the network costs, in tenths of a compare of one pass of
 * the bitwise select, by lane width: those of cx, a load and a store of both values each
 * (NETWORK_COST_TENTHS), and those of the sorts of the groups, mostly in registers
 * (GROUP_COST_TENTHS). Each block takes the network where its compare-exchanges cost
 * less than the passes that its keys' differing bits would take. Fitted to bench-select
 * on an AVX2 processor (AMD EPYC), the median of 3 runs, to where the two ways cross:
 * f32 noise of 90..110 (25 passes) takes the network up to 128 values and the bitwise
 * select from 200; u16 12-bit camera data (14 passes) and narrow data (12) the network
 * up to 64, the bitwise select from 96; u8 (10) the network up to 32. The network's times
 * past about 96 values vary by up to 1.7x from run to run there, the bitwise select's by
 * a few percent. */
#ifndef NETWORK_COST_TENTHS
# define NETWORK_COST_TENTHS(bytes) ((bytes) == 4 ? 34 : (bytes) == 2 ? 28 : 20)
#endif
#ifndef GROUP_COST_TENTHS
# define GROUP_COST_TENTHS(bytes) ((bytes) == 4 ? 20 : 15)
#endif

/* Floats as signed integers of the same order: negative ones with their magnitude bits
 * flipped (-0.0 just below +0.0). */
#define KEY_SAME(x) (x)
#define KEY_F32(x) ((x) ^ (((x) >> 31) & 0x7fffffff))

#define TD_INT(v) ((double) (v))
#define TD_F32(v) ((double) ordered_to_float (v))

#if defined(__x86_64__) && defined(__GNUC__)
# define SC_SELECT_AVX2 1
# define SC_TARGET_AVX2 __attribute__ ((target ("avx2")))
#else
# define SC_SELECT_AVX2 0
#endif

#if SC_SELECT_AVX2
# define DEFINE_SELECTS(NAME, ...)                                                           \
  DEFINE_SELECT (NAME##_v16, 16, , __VA_ARGS__)                                             \
  DEFINE_SELECT (NAME##_v32, 32, SC_TARGET_AVX2, __VA_ARGS__)
#else
# define DEFINE_SELECTS(NAME, ...) DEFINE_SELECT (NAME##_v16, 16, , __VA_ARGS__)
#endif

DEFINE_SELECTS (select_u8_8, guint8, guint8, gint8, guint8, 0, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_i8_8, gint8, guint8, gint8, gint8, -128, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_u8_16, guint8, guint16, gint16, guint16, 0, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_u8_32, guint8, guint32, gint32, guint32, 0, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_i8_16, gint8, guint16, gint16, gint16, -128, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_i8_32, gint8, guint32, gint32, gint32, -128, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_u16_16, guint16, guint16, gint16, guint16, 0, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_u16_32, guint16, guint32, gint32, guint32, 0, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_i16_16, gint16, guint16, gint16, gint16, -32768, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_i16_32, gint16, guint32, gint32, gint32, -32768, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_u32, guint32, guint32, gint32, guint32, 0, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_i32, gint32, guint32, gint32, gint32, 0x80000000u, KEY_SAME, TD_INT)
DEFINE_SELECTS (select_f32, gint32, guint32, gint32, gint32, 0x80000000u, KEY_F32, TD_F32)

/* Each type's kernels: 8-bit data in 8-bit lanes where the rank allows it (byte), else
 * counting in 16-bit lanes where the data and the number of slices allow it (narrow),
 * else in 32-bit ones. */
typedef void (*PortableSelect) (const guint8 * const *rows, gsize offset, gsize m,
                                const ScSelectSpec *spec, float *dest, guint8 *scratch,
                                const ScSelectNetwork *net, gboolean force_network);
typedef struct {
  PortableSelect byte;
  PortableSelect narrow;
  PortableSelect wide;
} TypeSelects;

#define TYPE_SELECTS(W)                                                                     \
  {                                                                                         \
    [SC_SAMPLE_U8] = { select_u8_8_##W, select_u8_16_##W, select_u8_32_##W },               \
    [SC_SAMPLE_U16] = { NULL, select_u16_16_##W, select_u16_32_##W },                       \
    [SC_SAMPLE_U32] = { NULL, select_u32_##W, select_u32_##W },                             \
    [SC_SAMPLE_I8] = { select_i8_8_##W, select_i8_16_##W, select_i8_32_##W },               \
    [SC_SAMPLE_I16] = { NULL, select_i16_16_##W, select_i16_32_##W },                       \
    [SC_SAMPLE_I32] = { NULL, select_i32_##W, select_i32_##W },                             \
    [SC_SAMPLE_F32] = { NULL, select_f32_##W, select_f32_##W },                             \
  }

static const TypeSelects selects_v16[SC_SELECT_N_TYPES] = TYPE_SELECTS (v16);
#if SC_SELECT_AVX2
static const TypeSelects selects_v32[SC_SELECT_N_TYPES] = TYPE_SELECTS (v32);
#endif

static ScSelectKernel forced = SC_SELECT_KERNEL_AUTO;
static ScSelectMethod forced_method = SC_SELECT_METHOD_AUTO;

gboolean
sc_kernel_select_has (ScSelectKernel kernel)
{
  switch (kernel)
    {
    case SC_SELECT_KERNEL_AUTO:
    case SC_SELECT_KERNEL_V16:
      return TRUE;
    case SC_SELECT_KERNEL_AVX2:
#if SC_SELECT_AVX2
      return __builtin_cpu_supports ("avx2");
#else
      return FALSE;
#endif
    case SC_SELECT_KERNEL_AVX512:
#if SC_SELECT_AVX512
      return _sc_select_avx512_usable ();
#else
      return FALSE;
#endif
    default:
      return FALSE;
    }
}

void
sc_kernel_select_force (ScSelectKernel kernel)
{
  g_return_if_fail (sc_kernel_select_has (kernel));
  forced = kernel;
}

void
sc_kernel_select_force_method (ScSelectMethod method)
{
  forced_method = method;
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
  static gint best = -1;
  ScSelectKernel kernel = forced;
  gboolean chosen = kernel == SC_SELECT_KERNEL_AUTO;
  const TypeSelects *table = selects_v16;
  const ScSelectNetwork *net = NULL;
  /* forced: every block through the network, whatever the bitwise select would cost */
  gboolean force_network = forced_method == SC_SELECT_METHOD_NETWORK;

  g_assert ((guint) type < G_N_ELEMENTS (selects_v16));
  g_assert (spec->n > 0 && spec->k < spec->n);
  g_assert (!spec->need_next || spec->k + 1 < spec->n);

  if (kernel == SC_SELECT_KERNEL_AUTO)
    {
      if (g_atomic_int_get (&best) < 0)
        g_atomic_int_set (&best, sc_kernel_select_has (SC_SELECT_KERNEL_AVX512) ? SC_SELECT_KERNEL_AVX512
                                 : sc_kernel_select_has (SC_SELECT_KERNEL_AVX2) ? SC_SELECT_KERNEL_AVX2
                                 : SC_SELECT_KERNEL_V16);
      kernel = (ScSelectKernel) g_atomic_int_get (&best);
    }

#if SC_SELECT_AVX512
  /* Counts in 16 bits. Where AUTO chose it, few values take the AVX2 kernels below: on an
   * AMD EPYC (Zen 4) their networks took 0.57-0.66 ns a value for 8 f32 values against
   * the digits' 0.86-1.14, and 0.29 against 0.41 for 8 u16 ones; from 32 values on the
   * digits are quicker (bench-select). */
  if (kernel == SC_SELECT_KERNEL_AVX512 && spec->n <= G_MAXUINT16
      && !(chosen && spec->n <= SC_SELECT_AVX512_SMALL_N))
    {
      guint8 *aligned = (guint8 *) (((guintptr) scratch + VBYTES - 1) & ~(guintptr) (VBYTES - 1));

      _sc_select_avx512[type] (rows, offset, m, spec, dest, aligned);
      return;
    }
#endif
#if SC_SELECT_AVX2
  /* a processor with AVX-512 has AVX2: it takes those for counts past 16 bits */
  if (kernel == SC_SELECT_KERNEL_AVX2 || kernel == SC_SELECT_KERNEL_AVX512)
    table = selects_v32;
#endif
  if (forced_method != SC_SELECT_METHOD_BITWISE)
    net = sc_select_network_get (spec->n, spec->k, spec->need_next);
  /* 8-bit lanes where a count saturated at 255 still decides (every rank compared
   * against, k and k + 1, below 254), or where no count passes 255; else 16-bit
   * counters for 8/16-bit data with few slices, else 32-bit. */
  if (table[type].byte != NULL && (spec->n <= 255 || spec->k + 1 < 254))
    table[type].byte (rows, offset, m, spec, dest, scratch, net, force_network);
  else if (spec->n < G_MAXUINT16)
    table[type].narrow (rows, offset, m, spec, dest, scratch, net, force_network);
  else
    table[type].wide (rows, offset, m, spec, dest, scratch, net, force_network);
}
