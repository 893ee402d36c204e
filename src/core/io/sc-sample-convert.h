/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sc-types.h"

G_BEGIN_DECLS

#define SC_HOST_LE (G_BYTE_ORDER == G_LITTLE_ENDIAN)

/* An unsigned integer of n bytes (n <= 8) stored little- or big-endian at p. */
static inline guint64
sc_load_uint (const guint8 *p,
              guint         n,
              gboolean      le)
{
  guint64 v = 0;

  if (le)
    for (guint i = n; i > 0; i--)
      v = (v << 8) | p[i - 1];
  else
    for (guint i = 0; i < n; i++)
      v = (v << 8) | p[i];
  return v;
}

/* How stored samples become the samples read_rows() returns: any bit depth from 1 to 32
 * (and 64-bit floats), either byte order, signed or not, min-is-white inverted. Bit
 * depths between byte sizes expand into the next type (12 bit into u16), 64-bit floats
 * become f32. No predictor: samples arrive decoded. */
typedef struct
{
  guint        bps;
  guint        sample_format;   /* TIFF's SAMPLEFORMAT_* */
  gboolean     src_le;          /* byte order of multi-byte samples in the source buffer */
  gboolean     invert;          /* unsigned min-is-white: max - value */
  ScSampleType out;
  gsize        out_size;
} ScSampleConv;

/* Swaps the bytes of n samples of size bytes (2 or 4) at p in place. */
void sc_sample_swab           (guint8             *p,
                               gsize               n,
                               gsize               size);

/* Converts n_pixels pixels: for pixel p, source samples src_first + p * src_step + j
 * (j < n_per_pixel) go to dst[p * dst_step + j] in the output type. */
void sc_sample_convert_pixels (const ScSampleConv *cv,
                               const guint8       *src,
                               guint64             src_first,
                               guint               src_step,
                               guint               n_per_pixel,
                               guint               n_pixels,
                               guint8             *dst,
                               guint               dst_step);

G_END_DECLS
