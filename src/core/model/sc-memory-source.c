/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-memory-source"

#include "config.h"

#include "sc-memory-source.h"

struct _ScMemorySource
{
  ScSource  parent_instance;

  GBytes   *data;
  gsize     row_stride;
  gsize     plane_size;
};

G_DEFINE_FINAL_TYPE (ScMemorySource, sc_memory_source, SC_TYPE_SOURCE)

static void
sc_memory_source_finalize (GObject *object)
{
  ScMemorySource *self = SC_MEMORY_SOURCE (object);

  g_clear_pointer (&self->data, g_bytes_unref);

  G_OBJECT_CLASS (sc_memory_source_parent_class)->finalize (object);
}

static gconstpointer
sc_memory_source_peek_rows (ScSource *source,
                            guint     plane,
                            guint     y0,
                            guint     n_rows)
{
  ScMemorySource *self = SC_MEMORY_SOURCE (source);
  const guint8 *base = g_bytes_get_data (self->data, NULL);

  return base + plane * self->plane_size + y0 * self->row_stride;
}

static gboolean
sc_memory_source_read_rows (ScSource  *source,
                            guint      plane,
                            guint      y0,
                            guint      n_rows,
                            gpointer   dest,
                            GError   **error)
{
  ScMemorySource *self = SC_MEMORY_SOURCE (source);

  memcpy (dest, sc_memory_source_peek_rows (source, plane, y0, n_rows), n_rows * self->row_stride);
  return TRUE;
}

static void
sc_memory_source_class_init (ScMemorySourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ScSourceClass *source_class = SC_SOURCE_CLASS (klass);

  object_class->finalize = sc_memory_source_finalize;
  source_class->read_rows = sc_memory_source_read_rows;
  source_class->peek_rows = sc_memory_source_peek_rows;
}

static void
sc_memory_source_init (ScMemorySource *self)
{
}

ScSource *
sc_memory_source_new (guint         width,
                      guint         height,
                      guint         n_channels,
                      guint         n_slices,
                      guint         n_frames,
                      ScSampleType  sample_type,
                      guint         samples_per_pixel,
                      GBytes       *data)
{
  ScMemorySource *self;
  ScStackInfo *info;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (n_channels > 0 && n_slices > 0 && n_frames > 0, NULL);
  g_return_val_if_fail (samples_per_pixel >= 1 && samples_per_pixel <= 4, NULL);

  self = g_object_new (SC_TYPE_MEMORY_SOURCE, NULL);
  self->row_stride = (gsize) width * samples_per_pixel * sc_sample_type_size (sample_type);
  self->plane_size = self->row_stride * height;
  g_return_val_if_fail (g_bytes_get_size (data)
                        == self->plane_size * n_channels * n_slices * n_frames, NULL);
  self->data = g_bytes_ref (data);

  info = sc_source_get_info (SC_SOURCE (self));
  info->format = g_strdup ("Generated");
  info->width = width;
  info->height = height;
  info->n_channels = n_channels;
  info->n_slices = n_slices;
  info->n_frames = n_frames;
  info->sample_type = sample_type;
  info->samples_per_pixel = samples_per_pixel;

  return SC_SOURCE (self);
}

ScStack *
sc_memory_stack_new (const char   *name,
                     guint         width,
                     guint         height,
                     guint         n_channels,
                     guint         n_slices,
                     guint         n_frames,
                     ScSampleType  sample_type,
                     guint         samples_per_pixel,
                     GBytes       *data)
{
  g_autoptr(ScSource) source = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  source = sc_memory_source_new (width, height, n_channels, n_slices, n_frames,
                                 sample_type, samples_per_pixel, data);
  if (source == NULL)
    return NULL;
  return sc_stack_new_for_source (source, name);
}
