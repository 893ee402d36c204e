/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-render.h"

struct _ScRenderTable
{
  ScRenderParams params;
  ScSampleType   type;
  guint8         lut[256 * 3];
  guint32        colors[256];     /* the LUT as opaque pixels */
  guint32       *table;           /* indexed by the raw bits of 8/16-bit samples, else NULL */
  gsize          n_entries;
};

void
sc_render_params_init (ScRenderParams *params,
                       double          min,
                       double          max,
                       ScColormap      colormap)
{
  g_return_if_fail (params != NULL);

  params->min = min;
  params->max = max;
  params->gamma = 1.0;
  params->log_scale = FALSE;
  params->colormap = colormap;
  params->lut = NULL;
}

gboolean
sc_render_params_equal (const ScRenderParams *a,
                        const ScRenderParams *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->min == b->min && a->max == b->max && a->gamma == b->gamma &&
         !!a->log_scale == !!b->log_scale && a->colormap == b->colormap && a->lut == b->lut;
}

guint8
sc_render_map_value (const ScRenderParams *params,
                     double                value)
{
  double span;
  double t;
  double idx;

  g_return_val_if_fail (params != NULL, 0);

  if (isnan (value))
    return 0;

  span = params->max - params->min;
  if (span <= 0)
    t = value >= params->max ? 1.0 : 0.0;
  else
    t = (value - params->min) / span;
  t = CLAMP (t, 0.0, 1.0);

  if (params->log_scale)
    {
      double k = MAX (span, 255.0);

      t = log1p (k * t) / log1p (k);
    }

  if (params->gamma > 0 && params->gamma != 1.0)
    t = pow (t, params->gamma);

  idx = floor (t * 256.0);
  return idx >= 255.0 ? 255 : idx <= 0 ? 0 : (guint8) idx;
}

static gboolean
type_has_table (ScSampleType type)
{
  switch (type)
    {
    case SC_SAMPLE_U8:
    case SC_SAMPLE_I8:
    case SC_SAMPLE_U16:
    case SC_SAMPLE_I16:
      return TRUE;
    case SC_SAMPLE_U32:
    case SC_SAMPLE_I32:
    case SC_SAMPLE_F32:
    default:
      return FALSE;
    }
}

ScRenderTable *
sc_render_table_new (const ScRenderParams *params,
                     ScSampleType          type)
{
  ScRenderTable *self;
  const guint8 *lut;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail ((guint) params->colormap < SC_N_COLORMAPS, NULL);

  self = g_new0 (ScRenderTable, 1);
  self->params = *params;
  self->type = type;

  lut = params->lut ? params->lut : sc_colormap_get_table (params->colormap);
  memcpy (self->lut, lut, sizeof self->lut);
  self->params.lut = NULL;   /* the copy above keeps the table valid */
  for (guint i = 0; i < 256; i++)
    self->colors[i] = SC_RENDER_OPAQUE (lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2]);

  if (type_has_table (type))
    {
      self->n_entries = sc_sample_type_size (type) == 1 ? 256 : 65536;
      self->table = g_new (guint32, self->n_entries);

      for (gsize raw = 0; raw < self->n_entries; raw++)
        {
          double v;

          switch (type)
            {
            case SC_SAMPLE_I8:
              v = (gint8) (guint8) raw;
              break;
            case SC_SAMPLE_I16:
              v = (gint16) (guint16) raw;
              break;
            case SC_SAMPLE_U8:
            case SC_SAMPLE_U16:
            case SC_SAMPLE_U32:
            case SC_SAMPLE_I32:
            case SC_SAMPLE_F32:
            default:
              v = raw;
              break;
            }
          self->table[raw] = self->colors[sc_render_map_value (&self->params, v)];
        }
    }

  return self;
}

void
sc_render_table_free (ScRenderTable *table)
{
  if (table == NULL)
    return;
  g_free (table->table);
  g_free (table);
}

const ScRenderParams *
sc_render_table_get_params (const ScRenderTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return &table->params;
}

ScSampleType
sc_render_table_get_sample_type (const ScRenderTable *table)
{
  g_return_val_if_fail (table != NULL, SC_SAMPLE_U8);
  return table->type;
}

guint32
sc_render_table_lookup (const ScRenderTable *table,
                        double               value)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->colors[sc_render_map_value (&table->params, value)];
}

static inline double
sample_at (ScSampleType  type,
           gconstpointer row,
           gsize         i)
{
  switch (type)
    {
    case SC_SAMPLE_U8:
      return ((const guint8 *) row)[i];
    case SC_SAMPLE_I8:
      return ((const gint8 *) row)[i];
    case SC_SAMPLE_U16:
      return ((const guint16 *) row)[i];
    case SC_SAMPLE_I16:
      return ((const gint16 *) row)[i];
    case SC_SAMPLE_U32:
      return ((const guint32 *) row)[i];
    case SC_SAMPLE_I32:
      return ((const gint32 *) row)[i];
    case SC_SAMPLE_F32:
      return ((const float *) row)[i];
    default:
      break;
    }
  g_assert_not_reached ();
  return 0;
}

/* One row of samples, stepping by `step` samples, through the table. */
static void
render_row (const ScRenderTable *table,
            gconstpointer        row,
            guint                step,
            guint                width,
            guint32             *dest)
{
  switch (table->type)
    {
    case SC_SAMPLE_U8:
    case SC_SAMPLE_I8:
      {
        const guint8 *s = row;

        for (guint x = 0; x < width; x++)
          dest[x] = table->table[s[(gsize) x * step]];
      }
      break;

    case SC_SAMPLE_U16:
    case SC_SAMPLE_I16:
      {
        const guint16 *s = row;

        if (step == 1)
          {
            for (guint x = 0; x < width; x++)
              dest[x] = table->table[s[x]];
          }
        else
          {
            for (guint x = 0; x < width; x++)
              dest[x] = table->table[s[(gsize) x * step]];
          }
      }
      break;

    case SC_SAMPLE_U32:
    case SC_SAMPLE_I32:
    case SC_SAMPLE_F32:
    default:
      for (guint x = 0; x < width; x++)
        dest[x] = table->colors[sc_render_map_value (&table->params,
                                                     sample_at (table->type, row,
                                                                (gsize) x * step))];
      break;
    }
}

void
sc_render_plane (const ScRenderTable *table,
                 gconstpointer        src,
                 gsize                src_stride,
                 guint                width,
                 guint                height,
                 guint32             *dest,
                 gsize                dest_stride)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (src != NULL || width == 0 || height == 0);
  g_return_if_fail (dest != NULL || width == 0 || height == 0);

  for (guint y = 0; y < height; y++)
    render_row (table,
                (const guint8 *) src + y * src_stride,
                1, width,
                (guint32 *) (gpointer) ((guint8 *) dest + y * dest_stride));
}

static inline guint32
add_pixels (guint32 a,
            guint32 b)
{
  guint r = ((a >> 16) & 0xff) + ((b >> 16) & 0xff);
  guint g = ((a >> 8) & 0xff) + ((b >> 8) & 0xff);
  guint bl = (a & 0xff) + (b & 0xff);

  return SC_RENDER_OPAQUE (MIN (r, 255), MIN (g, 255), MIN (bl, 255));
}

void
sc_render_rgb (const ScRenderTable *table,
               gconstpointer        src,
               gsize                src_stride,
               guint                samples_per_pixel,
               guint                width,
               guint                height,
               guint32             *dest,
               gsize                dest_stride)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (samples_per_pixel >= 3);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = (const guint8 *) src + y * src_stride;
      guint32 *d = (guint32 *) (gpointer) ((guint8 *) dest + y * dest_stride);
      gsize size = sc_sample_type_size (table->type);

      for (guint x = 0; x < width; x++)
        d[x] = 0xff000000u;

      for (guint ch = 0; ch < 3; ch++)
        {
          guint shift = 16 - 8 * ch;

          /* The table holds gray entries only when the colormap is gray; take the
           * index through the params instead so that any colormap gives plain RGB. */
          for (guint x = 0; x < width; x++)
            {
              double v = sample_at (table->type, row + ch * size, (gsize) x * samples_per_pixel);

              d[x] |= (guint32) sc_render_map_value (&table->params, v) << shift;
            }
        }
    }
}

void
sc_render_composite (ScRenderTable * const *tables,
                     const gconstpointer  *srcs,
                     guint                 n_channels,
                     gsize                 src_stride,
                     guint                 width,
                     guint                 height,
                     guint32              *dest,
                     gsize                 dest_stride)
{
  g_autofree guint32 *tmp = NULL;

  g_return_if_fail (tables != NULL && srcs != NULL);
  g_return_if_fail (n_channels > 0);

  tmp = g_new (guint32, MAX (width, 1));

  for (guint y = 0; y < height; y++)
    {
      guint32 *d = (guint32 *) (gpointer) ((guint8 *) dest + y * dest_stride);

      render_row (tables[0], (const guint8 *) srcs[0] + y * src_stride, 1, width, d);
      for (guint c = 1; c < n_channels; c++)
        {
          render_row (tables[c], (const guint8 *) srcs[c] + y * src_stride, 1, width, tmp);
          for (guint x = 0; x < width; x++)
            d[x] = add_pixels (d[x], tmp[x]);
        }
    }
}

/* Histograms */

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

static gboolean
type_has_exact_bins (ScSampleType type)
{
  return type_has_table (type);
}

ScHistogram *
sc_histogram_new_for_type (ScSampleType type,
                           double       min,
                           double       max)
{
  if (type_has_exact_bins (type))
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

  exact = type_has_exact_bins (hist->type) &&
          hist->n_bins == (sc_sample_type_size (hist->type) == 1 ? 256 : 65536);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = (const guint8 *) src + y * src_stride;
      gsize n = (gsize) width * spp;

      if (exact)
        {
          guint64 sum = 0;

          switch (hist->type)
            {
            case SC_SAMPLE_U8:
              for (gsize i = 0; i < n; i++)
                {
                  hist->counts[row[i]]++;
                  sum += row[i];
                }
              hist->sum += (double) sum;
              break;
            case SC_SAMPLE_I8:
              for (gsize i = 0; i < n; i++)
                hist->counts[(guint8) (((const gint8 *) row)[i] + 128)]++;
              break;
            case SC_SAMPLE_U16:
              {
                const guint16 *s = (const guint16 *) (gconstpointer) row;

                for (gsize i = 0; i < n; i++)
                  {
                    hist->counts[s[i]]++;
                    sum += s[i];
                  }
                hist->sum += (double) sum;
              }
              break;
            case SC_SAMPLE_I16:
              {
                const gint16 *s = (const gint16 *) (gconstpointer) row;

                for (gsize i = 0; i < n; i++)
                  hist->counts[(guint16) (s[i] + 32768)]++;
              }
              break;
            case SC_SAMPLE_U32:
            case SC_SAMPLE_I32:
            case SC_SAMPLE_F32:
            default:
              g_assert_not_reached ();
            }
          hist->total += n;
        }
      else
        {
          for (gsize i = 0; i < n; i++)
            {
              double v = sample_at (hist->type, row, i);
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
          double v = sample_at (type, row, i);

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

  return sample_at (type, (const guint8 *) src + y * src_stride,
                    (gsize) x * MAX (samples_per_pixel, 1) + sample);
}
