/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-sample-convert"

#include "config.h"

#include <string.h>

#include "sc-sample-convert.h"

static inline guint64
fetch_bits (const guint8 *src,
            guint64       bit,
            guint         bps)
{
  const guint8 *p = src + (bit >> 3);
  guint shift = (guint) (bit & 7);
  guint n_bytes = (shift + bps + 7) / 8;
  guint64 v = 0;

  for (guint i = 0; i < n_bytes; i++)
    v = (v << 8) | p[i];
  v >>= n_bytes * 8 - shift - bps;
  return v & ((G_GUINT64_CONSTANT (1) << bps) - 1);
}

static inline void
store_sample (const ScSampleConv *cv,
              guint64             raw,
              guint8             *dst)
{
  guint64 mask;

  switch (cv->out)
    {
    case SC_SAMPLE_F32:
      {
        float f;

        if (cv->bps == 64)
          {
            double d;
            memcpy (&d, &raw, sizeof d);
            f = (float) d;
          }
        else
          {
            guint32 bits = (guint32) raw;
            memcpy (&f, &bits, sizeof f);
          }
        memcpy (dst, &f, sizeof f);
      }
      return;
    case SC_SAMPLE_U8:
    case SC_SAMPLE_U16:
    case SC_SAMPLE_U32:
      mask = (G_GUINT64_CONSTANT (1) << cv->bps) - 1;
      if (cv->invert)
        raw = mask - raw;
      break;
    case SC_SAMPLE_I8:
    case SC_SAMPLE_I16:
    case SC_SAMPLE_I32:
      mask = (G_GUINT64_CONSTANT (1) << cv->bps) - 1;
      if (raw & (G_GUINT64_CONSTANT (1) << (cv->bps - 1)))
        raw |= ~mask;
      break;
    default:
      g_assert_not_reached ();
    }

  switch (cv->out_size)
    {
    case 1:
      *dst = (guint8) raw;
      break;
    case 2:
      {
        guint16 v = (guint16) raw;
        memcpy (dst, &v, 2);
      }
      break;
    case 4:
      {
        guint32 v = (guint32) raw;
        memcpy (dst, &v, 4);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

void
sc_sample_swab (guint8 *p,
                gsize   n,
                gsize   size)
{
  if (size == 2)
    for (gsize i = 0; i < n; i++, p += 2)
      {
        guint8 t = p[0];
        p[0] = p[1];
        p[1] = t;
      }
  else if (size == 4)
    for (gsize i = 0; i < n; i++, p += 4)
      {
        guint8 t0 = p[0], t1 = p[1];
        p[0] = p[3];
        p[1] = p[2];
        p[2] = t1;
        p[3] = t0;
      }
}

void
sc_sample_convert_pixels (const ScSampleConv *cv,
                          const guint8       *src,
                          guint64             src_first,
                          guint               src_step,
                          guint               n_per_pixel,
                          guint               n_pixels,
                          guint8             *dst,
                          guint               dst_step)
{
  guint bytes = cv->bps / 8;
  gboolean whole_bytes = (cv->bps % 8) == 0;

  if (whole_bytes && bytes == cv->out_size && !cv->invert
      && src_step == n_per_pixel && dst_step == n_per_pixel)
    {
      gsize n = (gsize) n_pixels * n_per_pixel;

      memcpy (dst, src + src_first * bytes, n * bytes);
      if (bytes > 1 && cv->src_le != SC_HOST_LE)
        sc_sample_swab (dst, n, bytes);
      return;
    }

  for (guint p = 0; p < n_pixels; p++)
    for (guint j = 0; j < n_per_pixel; j++)
      {
        guint64 k = src_first + (guint64) p * src_step + j;
        guint64 raw;

        if (whole_bytes)
          raw = sc_load_uint (src + k * bytes, bytes, cv->src_le);
        else
          raw = fetch_bits (src, k * cv->bps, cv->bps);
        store_sample (cv, raw, dst + ((gsize) p * dst_step + j) * cv->out_size);
      }
}
