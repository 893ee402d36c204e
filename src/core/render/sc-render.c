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
  gboolean       by_label;
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

  if (!(a->min == b->min && a->max == b->max && a->gamma == b->gamma &&
        !!a->log_scale == !!b->log_scale && a->colormap == b->colormap))
    return FALSE;
  if (a->lut == b->lut)
    return TRUE;
  return a->lut != NULL && b->lut != NULL && memcmp (a->lut, b->lut, 256 * 3) == 0;
}

static guint
lut_hash (gconstpointer key)
{
  const guint8 *lut = key;
  guint h = 5381;

  for (guint i = 0; i < 256 * 3; i++)
    h = h * 33 + lut[i];
  return h;
}

static gboolean
lut_equal (gconstpointer a,
           gconstpointer b)
{
  return memcmp (a, b, 256 * 3) == 0;
}

const guint8 *
sc_render_lut_intern (const guint8 *lut)
{
  static GMutex lock;
  static GHashTable *luts;
  guint8 *copy;

  g_return_val_if_fail (lut != NULL, NULL);

  g_mutex_lock (&lock);
  if (luts == NULL)
    luts = g_hash_table_new (lut_hash, lut_equal);
  copy = g_hash_table_lookup (luts, lut);
  if (copy == NULL)
    {
      copy = g_memdup2 (lut, 256 * 3);
      g_hash_table_add (luts, copy);
    }
  g_mutex_unlock (&lock);

  return copy;
}

void
sc_render_params_set_lut (ScRenderParams *params,
                          const guint8   *lut)
{
  g_return_if_fail (params != NULL);

  params->lut = lut != NULL ? sc_render_lut_intern (lut) : NULL;
}

const guint8 *
sc_render_params_get_lut (const ScRenderParams *params)
{
  g_return_val_if_fail (params != NULL, NULL);

  return params->lut != NULL ? params->lut : sc_colormap_get_table (params->colormap);
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

gboolean
sc_render_params_by_label (const ScRenderParams *params,
                           gboolean              integer)
{
  g_return_val_if_fail (params != NULL, FALSE);

  return integer && params->colormap == SC_COLORMAP_LABELS && params->lut == NULL;
}

guint8
sc_render_map_sample (const ScRenderParams *params,
                      gboolean              integer,
                      double                value)
{
  g_return_val_if_fail (params != NULL, 0);

  if (sc_render_params_by_label (params, integer))
    return sc_colormap_label_index (value);
  return sc_render_map_value (params, value);
}

/* The table's entry for value. */
static inline guint8
table_index (const ScRenderTable *table,
             double               value)
{
  if (table->by_label)
    return sc_colormap_label_index (value);
  return sc_render_map_value (&table->params, value);
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
  self->by_label = sc_render_params_by_label (params, sc_sample_type_is_integer (type));

  lut = params->lut ? params->lut : sc_colormap_get_table (params->colormap);
  memcpy (self->lut, lut, sizeof self->lut);
  self->params.lut = NULL;   /* the copy above keeps the table valid */
  for (guint i = 0; i < 256; i++)
    self->colors[i] = SC_RENDER_OPAQUE (lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2]);

  if (sc_sample_type_has_exact_bins (type))
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
          self->table[raw] = self->colors[table_index (self, v)];
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

guint32
sc_render_table_lookup (const ScRenderTable *table,
                        double               value)
{
  g_return_val_if_fail (table != NULL, 0);
  return table->colors[table_index (table, value)];
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
        dest[x] = table->colors[table_index (table, sc_sample_value (table->type, row,
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
              double v = sc_sample_value (table->type, row + ch * size,
                                          (gsize) x * samples_per_pixel);

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
