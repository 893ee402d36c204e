/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-source.h"

typedef struct
{
  ScStackInfo info;
} ScSourcePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ScSource, sc_source, G_TYPE_OBJECT)

void
sc_stack_info_init (ScStackInfo *info)
{
  memset (info, 0, sizeof *info);
  info->n_channels = info->n_slices = info->n_frames = 1;
  info->samples_per_pixel = 1;
  info->n_series = 1;
  info->metadata = g_ptr_array_new_with_free_func (g_free);
}

void
sc_stack_info_clear (ScStackInfo *info)
{
  g_clear_pointer (&info->format, g_free);
  g_clear_pointer (&info->calibration.unit, g_free);
  g_clear_pointer (&info->calibration.time_unit, g_free);
  g_clear_pointer (&info->palette, g_free);
  g_clear_pointer (&info->metadata, g_ptr_array_unref);
  for (guint c = 0; c < info->n_channel_display; c++)
    {
      g_free (info->channel_display[c].lut);
      g_free (info->channel_display[c].name);
    }
  g_clear_pointer (&info->channel_display, g_free);
  info->n_channel_display = 0;
  g_clear_pointer (&info->series_names, g_ptr_array_unref);
  g_clear_pointer (&info->missing_pages, g_array_unref);
}

void
sc_stack_info_add_missing (ScStackInfo *info,
                           guint        first,
                           guint        last)
{
  ScPageRange range = { first, last };

  g_return_if_fail (info != NULL && first > 0 && (last == 0 || last >= first));

  if (info->missing_pages == NULL)
    info->missing_pages = g_array_new (FALSE, FALSE, sizeof (ScPageRange));
  if (info->missing_pages->len > 0)
    {
      ScPageRange *prev = &g_array_index (info->missing_pages, ScPageRange,
                                          info->missing_pages->len - 1);

      g_return_if_fail (prev->last != 0 && first > prev->last);
      if (first == prev->last + 1)
        {
          prev->last = last;
          return;
        }
    }
  g_array_append_val (info->missing_pages, range);
}

ScChannelDisplay *
sc_stack_info_get_channel_display (ScStackInfo *info,
                                   guint        c)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (c < SC_MAX_DIMENSION, NULL);

  if (c >= info->n_channel_display)
    {
      info->channel_display = g_renew (ScChannelDisplay, info->channel_display, c + 1);
      memset (info->channel_display + info->n_channel_display, 0,
              (c + 1 - info->n_channel_display) * sizeof (ScChannelDisplay));
      info->n_channel_display = c + 1;
    }
  return &info->channel_display[c];
}

void
sc_stack_info_take_metadata (ScStackInfo *info,
                             const char  *key,
                             char        *value)
{
  g_ptr_array_add (info->metadata, g_strdup (key));
  g_ptr_array_add (info->metadata, value ? value : g_strdup (""));
}

void
sc_stack_info_add_metadata (ScStackInfo *info,
                            const char  *key,
                            const char  *value)
{
  sc_stack_info_take_metadata (info, key, g_strdup (value));
}

guint64
sc_max_plane_bytes (void)
{
  static gsize limit = 0;

  if (g_once_init_enter (&limit))
    {
      const char *env = g_getenv ("SC_MAX_PLANE_BYTES");
      guint64 v = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 0;

      g_once_init_leave (&limit, (gsize) (v > 0 && v <= G_MAXSIZE ? v : SC_MAX_PLANE_BYTES));
    }
  return limit;
}

gboolean
sc_stack_info_validate (const ScStackInfo  *info,
                        const char         *path,
                        GError            **error)
{
  g_autofree char *name = g_filename_display_basename (path);
  guint64 plane_bytes;
  guint64 n_planes;

  if (info->width == 0 || info->height == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                   _("%s has an image of %u × %u pixels"), name, info->width, info->height);
      return FALSE;
    }
  if (info->width > SC_MAX_DIMENSION || info->height > SC_MAX_DIMENSION)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   _("%s claims %u × %u pixels, more than Stackscope accepts (%u per side)"),
                   name, info->width, info->height, SC_MAX_DIMENSION);
      return FALSE;
    }
  if (info->samples_per_pixel != 1 && info->samples_per_pixel != 3
      && info->samples_per_pixel != 4)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s has %u sample per pixel; Stackscope reads 1 (gray), 3 (RGB) "
                                "or 4 (RGBA)",
                                "%s has %u samples per pixel; Stackscope reads 1 (gray), 3 (RGB) "
                                "or 4 (RGBA)", info->samples_per_pixel),
                   name, info->samples_per_pixel);
      return FALSE;
    }
  plane_bytes = (guint64) info->width * info->height * info->samples_per_pixel
                * sc_sample_type_size (info->sample_type);
  if (plane_bytes > sc_max_plane_bytes ())
    {
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   _("%s has planes of %llu MiB, more than Stackscope accepts (%llu MiB)"), name,
                   (unsigned long long) (plane_bytes >> 20),
                   (unsigned long long) (sc_max_plane_bytes () >> 20));
      return FALSE;
    }
  if (info->n_channels == 0 || info->n_slices == 0 || info->n_frames == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_EMPTY, _("%s holds no image"), name);
      return FALSE;
    }
  /* Each factor is below 2^32, so the first product cannot overflow; the second can. */
  n_planes = (guint64) info->n_channels * info->n_slices;
  if (n_planes > SC_MAX_PLANES || !g_uint64_checked_mul (&n_planes, n_planes, info->n_frames)
      || n_planes > SC_MAX_PLANES)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   _("%s claims %u × %u × %u planes (channels × slices × frames), more than "
                   "Stackscope accepts (%u)"), name, info->n_channels, info->n_slices,
                   info->n_frames, SC_MAX_PLANES);
      return FALSE;
    }
  return TRUE;
}

static void
sc_source_finalize (GObject *object)
{
  ScSourcePrivate *priv = sc_source_get_instance_private (SC_SOURCE (object));

  sc_stack_info_clear (&priv->info);

  G_OBJECT_CLASS (sc_source_parent_class)->finalize (object);
}

static gconstpointer
sc_source_real_peek_rows (ScSource *self,
                          guint     plane,
                          guint     y0,
                          guint     n_rows)
{
  return NULL;
}

static gboolean
sc_source_real_read_planes_rows (ScSource     *self,
                                 const guint  *planes,
                                 guint         n_planes,
                                 guint         y0,
                                 guint         n_rows,
                                 guint8       *dest,
                                 gsize         dest_stride,
                                 GError      **error)
{
  for (guint i = 0; i < n_planes; i++)
    if (!SC_SOURCE_GET_CLASS (self)->read_rows (self, planes[i], y0, n_rows, dest + i * dest_stride,
                                                error))
      return FALSE;
  return TRUE;
}

static void
sc_source_class_init (ScSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_source_finalize;
  klass->peek_rows = sc_source_real_peek_rows;
  klass->read_planes_rows = sc_source_real_read_planes_rows;
}

static void
sc_source_init (ScSource *self)
{
  ScSourcePrivate *priv = sc_source_get_instance_private (self);

  sc_stack_info_init (&priv->info);
}

ScStackInfo *
sc_source_get_info (ScSource *self)
{
  ScSourcePrivate *priv = sc_source_get_instance_private (self);

  return &priv->info;
}

gboolean
sc_source_read_rows (ScSource  *self,
                     guint      plane,
                     guint      y0,
                     guint      n_rows,
                     gpointer   dest,
                     GError   **error)
{
  return SC_SOURCE_GET_CLASS (self)->read_rows (self, plane, y0, n_rows, dest, error);
}

gboolean
sc_source_read_planes_rows (ScSource     *self,
                            const guint  *planes,
                            guint         n_planes,
                            guint         y0,
                            guint         n_rows,
                            guint8       *dest,
                            gsize         dest_stride,
                            GError      **error)
{
  return SC_SOURCE_GET_CLASS (self)->read_planes_rows (self, planes, n_planes, y0, n_rows, dest,
                                                       dest_stride, error);
}

gconstpointer
sc_source_peek_rows (ScSource *self,
                     guint     plane,
                     guint     y0,
                     guint     n_rows)
{
  return SC_SOURCE_GET_CLASS (self)->peek_rows (self, plane, y0, n_rows);
}

gboolean
sc_source_check_peeked (ScSource  *self,
                        GError   **error)
{
  if (SC_SOURCE_GET_CLASS (self)->check_peeked == NULL)
    return TRUE;
  return SC_SOURCE_GET_CLASS (self)->check_peeked (self, error);
}

char *
sc_source_describe_plane (ScSource *self,
                          guint     plane)
{
  if (SC_SOURCE_GET_CLASS (self)->describe_plane)
    return SC_SOURCE_GET_CLASS (self)->describe_plane (self, plane);
  /* Translators: where a plane of a generated stack comes from */
  return g_strdup_printf (_("plane %u"), plane + 1);
}
