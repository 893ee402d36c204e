/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-export-png"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-annotate.h"
#include "sc-error.h"
#include "sc-export-png.h"
#include "sc-png-io.h"

void
sc_export_png_options_init (ScExportPngOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->mode = SC_EXPORT_PNG_RENDERED;
}

guint32 *
sc_export_render_plane (ScStack               *stack,
                        guint                  c,
                        guint                  z,
                        guint                  t,
                        const ScRenderParams  *params,
                        gboolean               composite,
                        GError               **error)
{
  ScSampleType type;
  guint w, h, nc, spp;
  gsize stride, plane_size;
  g_autofree guint32 *argb = NULL;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (c < sc_stack_get_n_channels (stack), NULL);
  g_return_val_if_fail (z < sc_stack_get_n_slices (stack), NULL);
  g_return_val_if_fail (t < sc_stack_get_n_frames (stack), NULL);

  type = sc_stack_get_sample_type (stack);
  w = sc_stack_get_width (stack);
  h = sc_stack_get_height (stack);
  nc = sc_stack_get_n_channels (stack);
  spp = sc_stack_get_samples_per_pixel (stack);
  stride = sc_stack_get_row_stride (stack);
  plane_size = sc_stack_get_plane_size (stack);
  argb = g_new (guint32, (gsize) w * h);

  if (composite && nc > 1 && spp == 1)
    {
      g_autofree ScRenderTable **tables = g_new0 (ScRenderTable *, nc);
      g_autofree gconstpointer *srcs = g_new0 (gconstpointer, nc);
      g_autofree guint8 *planes = g_malloc (plane_size * nc);
      gboolean ok = TRUE;

      for (guint i = 0; i < nc && ok; i++)
        {
          ok = sc_stack_read_plane (stack, sc_stack_plane_index (stack, i, z, t),
                                    planes + i * plane_size, error);
          srcs[i] = planes + i * plane_size;
          tables[i] = sc_render_table_new (&params[i], type);
        }
      if (ok)
        sc_render_composite ((ScRenderTable * const *) tables, srcs, nc, stride, w, h,
                             argb, (gsize) w * 4);
      for (guint i = 0; i < nc; i++)
        g_clear_pointer (&tables[i], sc_render_table_free);
      if (!ok)
        return NULL;
    }
  else
    {
      g_autofree guint8 *plane = g_malloc (plane_size);
      g_autoptr(ScRenderTable) table = NULL;

      if (!sc_stack_read_plane (stack, sc_stack_plane_index (stack, c, z, t), plane, error))
        return NULL;
      table = sc_render_table_new (spp >= 3 ? &params[0] : &params[c], type);
      if (spp == 1)
        sc_render_plane (table, plane, stride, w, h, argb, (gsize) w * 4);
      else
        sc_render_rgb (table, plane, stride, spp, w, h, argb, (gsize) w * 4);
    }

  return g_steal_pointer (&argb);
}

static gboolean
write_raw16 (ScStack             *stack,
             guint                index,
             const char          *path,
             const char * const  *text,
             GError             **error)
{
  ScSampleType type = sc_stack_get_sample_type (stack);
  guint w = sc_stack_get_width (stack), h = sc_stack_get_height (stack);
  gsize stride = sc_stack_get_row_stride (stack);
  g_autofree guint8 *plane = g_malloc (sc_stack_get_plane_size (stack));
  g_autofree guint16 *out = NULL;

  if (sc_stack_get_samples_per_pixel (stack) != 1)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                   _("Raw 16-bit PNGs hold one channel of gray values; export this RGB image rendered"));
      return FALSE;
    }
  if (!sc_stack_read_plane (stack, index, plane, error))
    return FALSE;
  if (type == SC_SAMPLE_U16)
    return sc_png_write (path, SC_PNG_GRAY16, w, h, plane, stride, text, error);

  out = g_new (guint16, (gsize) w * h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        double v = sc_plane_get_value (type, plane, stride, 1, x, y, 0);
        out[(gsize) y * w + x] = isnan (v) ? 0 : (guint16) CLAMP (round (v), 0, 65535);
      }
  return sc_png_write (path, SC_PNG_GRAY16, w, h, out, (gsize) w * 2, text, error);
}

gboolean
sc_export_png_write (ScStack                   *stack,
                     guint                      c,
                     guint                      z,
                     guint                      t,
                     const ScExportPngOptions  *options,
                     const char                *path,
                     GCancellable              *cancellable,
                     GError                   **error)
{
  const char *text[] = { "Software", "Stackscope " PACKAGE_VERSION, NULL };
  g_autofree guint32 *argb = NULL;
  g_autofree guint8 *rgb = NULL;
  guint w, h, out_h;

  g_return_val_if_fail (SC_IS_STACK (stack), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options->mode == SC_EXPORT_PNG_RAW16 || options->params != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (options->mode == SC_EXPORT_PNG_RAW16)
    return write_raw16 (stack, sc_stack_plane_index (stack, c, z, t), path, text, error);

  argb = sc_export_render_plane (stack, c, z, t, options->params, options->composite, error);
  if (argb == NULL)
    return FALSE;

  w = sc_stack_get_width (stack);
  h = sc_stack_get_height (stack);
  if (options->color_bar || options->scale_bar)
    {
      gboolean bar = options->color_bar && sc_stack_get_samples_per_pixel (stack) == 1;
      guint32 *annotated = sc_annotate_plane (argb, w, h, bar ? &options->params[c] : NULL,
                                              sc_sample_type_is_integer (sc_stack_get_sample_type (stack)),
                                              options->scale_bar ? sc_stack_get_calibration (stack) : NULL,
                                              &out_h);
      g_free (argb);
      argb = annotated;
    }
  else
    out_h = h;

  rgb = g_new (guint8, (gsize) w * out_h * 3);
  for (gsize i = 0; i < (gsize) w * out_h; i++)
    {
      rgb[3 * i] = (argb[i] >> 16) & 0xff;
      rgb[3 * i + 1] = (argb[i] >> 8) & 0xff;
      rgb[3 * i + 2] = argb[i] & 0xff;
    }
  return sc_png_write (path, SC_PNG_RGB8, w, out_h, rgb, (gsize) w * 3, text, error);
}
