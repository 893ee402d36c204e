/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-select-kernels.h"

G_BEGIN_DECLS

/* Between sc-select-kernels.c (the portable kernels, the choice) and sc-select-avx512.c. */

/* Bytes of a vector, and blocks ahead that the gathers prefetch each row's values. */
#define VBYTES 64
#ifndef PREFETCH_AHEAD
# define PREFETCH_AHEAD 4
#endif
#define SC_SELECT_N_TYPES (SC_SAMPLE_F32 + 1)

/* Kernels written for AVX-512 (BW, VL, DQ, VBMI), taken where the processor has it. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
# define SC_SELECT_AVX512 1
#else
# define SC_SELECT_AVX512 0
#endif

/* One kernel: sc_kernel_select for a type, scratch aligned to VBYTES. */
typedef void (*ScSelectFunc) (const guint8 * const *rows, gsize offset, gsize m,
                              const ScSelectSpec *spec, float *dest, guint8 *scratch);

#if SC_SELECT_AVX512
/* For up to G_MAXUINT16 values; where _sc_select_avx512_usable (). */
extern const ScSelectFunc _sc_select_avx512[SC_SELECT_N_TYPES];
gboolean _sc_select_avx512_usable (void);
#endif

G_END_DECLS
