/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* What the kernel files (sc-projection-fold.c, sc-select-kernels.c) build their loops
 * with. Private to them.
 *
 * SC_CLONES: on x86-64 each kernel is also built for AVX2 and AVX-512 and chosen at load
 * time through an ifunc.
 *
 * BLOCKED_LOOP (n, STEP): STEP (k) for each k < n, in whole blocks of BLOCK first, then
 * the rest one by one. Loops over restrict pointers in blocks of a fixed count are
 * vectorised by GCC even at -O2 (its "very cheap" cost model accepts loops with a known
 * trip count and no alias checks). */

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

#define BLOCKED_LOOP(n, STEP)                                                       \
  G_STMT_START {                                                                    \
    gsize i_ = 0;                                                                   \
    for (; i_ + BLOCK <= (n); i_ += BLOCK)                                          \
      for (guint j_ = 0; j_ < BLOCK; j_++)                                          \
        STEP (i_ + j_);                                                             \
    for (; i_ < (n); i_++)                                                          \
      STEP (i_);                                                                    \
  } G_STMT_END
