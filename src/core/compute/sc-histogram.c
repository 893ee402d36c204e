/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-histogram"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-histogram.h"

ScHistogram *
sc_histogram_new (ScSampleType type,
                  double       min,
                  double       max,
                  guint        n_bins)
{
  ScHistogram *hist;

  g_return_val_if_fail (n_bins > 0, NULL);

  hist = g_new0 (ScHistogram, 1);
  hist->type = type;
  hist->n_bins = n_bins;
  hist->min = min;
  hist->bin_width = max > min ? (max - min) / n_bins : 1.0 / n_bins;
  hist->counts = g_new0 (guint64, n_bins);
  sc_histogram_clear (hist);

  return hist;
}

ScHistogram *
sc_histogram_new_for_type (ScSampleType type,
                           double       min,
                           double       max)
{
  if (sc_sample_type_has_exact_bins (type))
    {
      double tmin, tmax;

      sc_sample_type_get_range (type, &tmin, &tmax);
      return sc_histogram_new (type, tmin, tmax + 1, (guint) (tmax - tmin + 1));
    }

  return sc_histogram_new (type, min, max, 4096);
}

void
sc_histogram_free (ScHistogram *hist)
{
  if (hist == NULL)
    return;
  g_free (hist->counts);
  g_free (hist);
}

void
sc_histogram_clear (ScHistogram *hist)
{
  g_return_if_fail (hist != NULL);

  memset (hist->counts, 0, sizeof (guint64) * hist->n_bins);
  hist->total = 0;
  hist->sum = 0;
  hist->data_min = INFINITY;
  hist->data_max = -INFINITY;
}

static void
update_exact_range (ScHistogram *hist)
{
  for (guint i = 0; i < hist->n_bins; i++)
    if (hist->counts[i])
      {
        hist->data_min = MIN (hist->data_min, sc_histogram_bin_value (hist, i));
        break;
      }
  for (guint i = hist->n_bins; i-- > 0;)
    if (hist->counts[i])
      {
        hist->data_max = MAX (hist->data_max, sc_histogram_bin_value (hist, i));
        break;
      }
}

/* Exact counts of 8- or 16-bit samples (bias 128 or 32768 for the signed types), and
 * the sum of the unsigned ones. Neighbouring samples of real images fall in the same bin
 * again and again (a dim background's few values): one table's increments would wait on
 * each other through memory, so samples are counted in turn into four tables (two for 16
 * bits, to stay in the L2 cache), of 32 bits while fewer than 2^32 samples are counted,
 * and added into hist->counts at the end. */
#define EXACT_SPLIT_MIN (1u << 16)   /* samples below which one table is counted */

static void
count_exact (ScHistogram  *hist,
             gconstpointer src,
             gsize         src_stride,
             gsize         n,
             guint         height)
{
  gboolean wide = sc_sample_type_size (hist->type) == 2;
  guint n_bins = wide ? 65536 : 256;
  guint n_tables = wide ? 2 : 4;
  gboolean split = n * height >= EXACT_SPLIT_MIN && n * height < G_MAXUINT32;
  gboolean biased = hist->type == SC_SAMPLE_I8 || hist->type == SC_SAMPLE_I16;
  guint bias = biased ? n_bins / 2 : 0;
  g_autofree guint32 *tables = split ? g_new0 (guint32, (gsize) n_bins * n_tables) : NULL;
  guint64 *counts = hist->counts;
  guint64 sum = 0;

  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = (const guint8 *) src + y * src_stride;
      const guint16 *row16 = (const guint16 *) (gconstpointer) row;
      gsize i = 0;

      if (split && wide)
        {
          guint32 *t0 = tables, *t1 = tables + 65536;

          for (; i + 2 <= n; i += 2)
            {
              guint a = (guint16) (row16[i] + bias), b = (guint16) (row16[i + 1] + bias);

              t0[a]++;
              t1[b]++;
              sum += a + b;
            }
        }
      else if (split)
        {
          guint32 *t0 = tables, *t1 = tables + 256, *t2 = tables + 512, *t3 = tables + 768;

          for (; i + 4 <= n; i += 4)
            {
              guint a = (guint8) (row[i] + bias), b = (guint8) (row[i + 1] + bias);
              guint c = (guint8) (row[i + 2] + bias), d = (guint8) (row[i + 3] + bias);

              t0[a]++;
              t1[b]++;
              t2[c]++;
              t3[d]++;
              sum += a + b + c + d;
            }
        }
      for (; i < n; i++)
        {
          guint v = wide ? (guint16) (row16[i] + bias) : (guint8) (row[i] + bias);

          counts[v]++;
          sum += v;
        }
    }

  if (split)
    for (guint t = 0; t < n_tables; t++)
      for (guint b = 0; b < n_bins; b++)
        counts[b] += tables[(gsize) t * n_bins + b];
  /* the signed types keep no sum here, as before: their bins are biased */
  if (!biased)
    hist->sum += (double) sum;
  hist->total += n * height;
}

void
sc_histogram_add (ScHistogram  *hist,
                  gconstpointer src,
                  gsize         src_stride,
                  guint         samples_per_pixel,
                  guint         width,
                  guint         height)
{
  gboolean exact;
  guint spp = MAX (samples_per_pixel, 1);

  g_return_if_fail (hist != NULL);
  g_return_if_fail (src != NULL || width == 0 || height == 0);

  exact = sc_sample_type_has_exact_bins (hist->type) &&
          hist->n_bins == (sc_sample_type_size (hist->type) == 1 ? 256 : 65536);

  if (exact)
    count_exact (hist, src, src_stride, (gsize) width * spp, height);
  else
    for (guint y = 0; y < height; y++)
      {
        const guint8 *row = (const guint8 *) src + y * src_stride;
        gsize n = (gsize) width * spp;

        for (gsize i = 0; i < n; i++)
          {
            double v = sc_sample_value (hist->type, row, i);
            double b;
            guint bin;

            if (isnan (v))
              continue;
            b = floor ((v - hist->min) / hist->bin_width);
            bin = b <= 0 ? 0 : b >= hist->n_bins - 1 ? hist->n_bins - 1 : (guint) b;
            hist->counts[bin]++;
            hist->total++;
            hist->sum += v;
            hist->data_min = MIN (hist->data_min, v);
            hist->data_max = MAX (hist->data_max, v);
          }
      }

  if (exact)
    {
      /* Signed types: the sum comes from the bins, cheaper than per sample. */
      if (hist->type == SC_SAMPLE_I8 || hist->type == SC_SAMPLE_I16)
        {
          hist->sum = 0;
          for (guint i = 0; i < hist->n_bins; i++)
            hist->sum += hist->counts[i] * sc_histogram_bin_value (hist, i);
        }
      update_exact_range (hist);
    }
}

void
sc_histogram_merge (ScHistogram       *hist,
                    const ScHistogram *other)
{
  g_return_if_fail (hist != NULL && other != NULL);
  g_return_if_fail (hist->n_bins == other->n_bins);

  for (guint i = 0; i < hist->n_bins; i++)
    hist->counts[i] += other->counts[i];
  hist->total += other->total;
  hist->sum += other->sum;
  hist->data_min = MIN (hist->data_min, other->data_min);
  hist->data_max = MAX (hist->data_max, other->data_max);
}

double
sc_histogram_bin_value (const ScHistogram *hist,
                        guint              bin)
{
  g_return_val_if_fail (hist != NULL, 0);
  return hist->min + bin * hist->bin_width;
}

double
sc_histogram_get_mean (const ScHistogram *hist)
{
  g_return_val_if_fail (hist != NULL, 0);
  return hist->total ? hist->sum / hist->total : 0;
}

gboolean
sc_histogram_auto_contrast (const ScHistogram *hist,
                            double             saturated_percent,
                            double            *min,
                            double            *max)
{
  guint64 threshold;
  guint64 count;
  guint hmin, hmax;

  g_return_val_if_fail (hist != NULL, FALSE);

  if (hist->total == 0)
    return FALSE;

  /* ImageJ's ContrastEnhancer: half of the saturated share on each side. */
  threshold = saturated_percent > 0 ? (guint64) (hist->total * saturated_percent / 200.0) : 0;

  count = 0;
  for (hmin = 0; hmin < hist->n_bins - 1; hmin++)
    {
      count += hist->counts[hmin];
      if (count > threshold)
        break;
    }

  count = 0;
  for (hmax = hist->n_bins - 1; hmax > 0; hmax--)
    {
      count += hist->counts[hmax];
      if (count > threshold)
        break;
    }

  if (hmax > hmin)
    {
      *min = sc_histogram_bin_value (hist, hmin);
      *max = sc_histogram_bin_value (hist, hmax);
    }
  else
    {
      *min = hist->data_min;
      *max = hist->data_max;
    }

  return TRUE;
}

gboolean
sc_plane_get_range (ScSampleType  type,
                    gconstpointer src,
                    gsize         src_stride,
                    guint         samples_per_pixel,
                    guint         width,
                    guint         height,
                    double       *min,
                    double       *max)
{
  double lo = INFINITY, hi = -INFINITY;
  gsize n = (gsize) width * MAX (samples_per_pixel, 1);

  g_return_val_if_fail (src != NULL || n == 0 || height == 0, FALSE);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = (const guint8 *) src + y * src_stride;

      for (gsize i = 0; i < n; i++)
        {
          double v = sc_sample_value (type, row, i);

          if (v < lo)
            lo = v;
          if (v > hi)
            hi = v;
        }
    }

  if (lo > hi)
    return FALSE;

  *min = lo;
  *max = hi;
  return TRUE;
}

double
sc_plane_get_value (ScSampleType  type,
                    gconstpointer src,
                    gsize         src_stride,
                    guint         samples_per_pixel,
                    guint         x,
                    guint         y,
                    guint         sample)
{
  g_return_val_if_fail (src != NULL, 0);

  return sc_sample_value (type, (const guint8 *) src + y * src_stride,
                    (gsize) x * MAX (samples_per_pixel, 1) + sample);
}
