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
#include "sc-render-view.h"
#include "sc-view-state.h"

void
sc_export_png_options_init (ScExportPngOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->mode = SC_EXPORT_PNG_RENDERED;
  options->scale = 1;
}

gpointer
sc_export_upscale (gconstpointer   pixels,
                   guint           width,
                   guint           height,
                   gsize           stride,
                   guint           bytes_per_pixel,
                   guint           factor,
                   GError        **error)
{
  gsize row = (gsize) width * factor * bytes_per_pixel;
  guint8 *out;

  g_return_val_if_fail (pixels != NULL && width > 0 && height > 0, NULL);
  g_return_val_if_fail (bytes_per_pixel > 0 && factor > 0, NULL);

  if (row / factor / bytes_per_pixel != width
      || (out = g_try_malloc (row * height * factor)) == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   _("A %u × %u image at %u× is too large to write"), width, height, factor);
      return NULL;
    }
  for (guint y = 0; y < height; y++)
    {
      const guint8 *src = (const guint8 *) pixels + y * stride;
      guint8 *first = out + (gsize) y * factor * row;
      guint8 *d = first;

      for (guint x = 0; x < width; x++, src += bytes_per_pixel)
        for (guint k = 0; k < factor; k++, d += bytes_per_pixel)
          memcpy (d, src, bytes_per_pixel);
      for (guint k = 1; k < factor; k++)
        memcpy (first + k * row, first, row);
    }
  return out;
}

static guint
scale_of (const ScExportPngOptions *options)
{
  return CLAMP (options->scale, 1, SC_EXPORT_PNG_MAX_SCALE);
}

/* pixels written through sc_png_write() at the options' scale. */
static gboolean
write_scaled (const char               *path,
              ScPngFormat               format,
              guint                     w,
              guint                     h,
              gconstpointer             pixels,
              gsize                     stride,
              guint                     bytes_per_pixel,
              const ScExportPngOptions *options,
              const char * const       *text,
              GError                  **error)
{
  guint f = scale_of (options);
  g_autofree guint8 *big = NULL;

  if (f == 1)
    return sc_png_write (path, format, w, h, pixels, stride, text, error);
  if ((big = sc_export_upscale (pixels, w, h, stride, bytes_per_pixel, f, error)) == NULL)
    return FALSE;
  return sc_png_write (path, format, w * f, h * f, big, (gsize) w * f * bytes_per_pixel, text,
                       error);
}

/* A view of stack at (c, z, t) with params as every channel's settings. The file's
 * palette stays where params keep a LUT (the viewer passes the palette it shows). */
static const char * const png_text[] = { "Software", "Stackscope " PACKAGE_VERSION, NULL };

static ScViewSnapshot *
snapshot_for_params (ScStack              *stack,
                     guint                 c,
                     guint                 z,
                     guint                 t,
                     const ScRenderParams *params,
                     gboolean              composite)
{
  g_autoptr(ScViewState) view = sc_view_state_new (stack);
  guint n = sc_view_state_get_n_channels (view);

  sc_view_state_set_position (view, c, z, t);
  sc_view_state_set_composite (view, composite);
  for (guint i = 0; i < n; i++)
    {
      if (params[i].lut == NULL)
        sc_view_state_set_colormap (view, i, params[i].colormap);
      sc_view_state_set_range (view, i, params[i].min, params[i].max);
      if (params[i].gamma > 0 && isfinite (params[i].gamma))
        sc_view_state_set_gamma (view, i, params[i].gamma);
      sc_view_state_set_log_scale (view, i, params[i].log_scale);
      sc_view_state_set_visible (view, i, TRUE);
    }
  return sc_view_state_snapshot (view);
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
  g_autoptr(ScViewSnapshot) view = NULL;
  g_autoptr(GBytes) pixels = NULL;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (c < sc_stack_get_n_channels (stack), NULL);
  g_return_val_if_fail (z < sc_stack_get_n_slices (stack), NULL);
  g_return_val_if_fail (t < sc_stack_get_n_frames (stack), NULL);

  view = snapshot_for_params (stack, c, z, t, params, composite);
  if ((pixels = sc_render_view_plane (view, NULL, error)) == NULL)
    return NULL;
  return g_bytes_unref_to_data (g_steal_pointer (&pixels), &(gsize) { 0 });
}

static gboolean
write_raw16 (ScStack                   *stack,
             guint                      index,
             const ScExportPngOptions  *options,
             const char                *path,
             const char * const        *text,
             GError                   **error)
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
    return write_scaled (path, SC_PNG_GRAY16, w, h, plane, stride, 2, options, text, error);

  out = g_new (guint16, (gsize) w * h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        double v = sc_plane_get_value (type, plane, stride, 1, x, y, 0);
        out[(gsize) y * w + x] = isnan (v) ? 0 : (guint16) CLAMP (round (v), 0, 65535);
      }
  return write_scaled (path, SC_PNG_GRAY16, w, h, out, (gsize) w * 2, 2, options, text, error);
}

/* The view's plane at the options' scale with the bars asked for, as an 8-bit RGB PNG. */
static gboolean
write_view (const ScViewSnapshot      *view,
            const ScExportPngOptions  *options,
            const char                *path,
            const char * const        *text,
            GCancellable              *cancellable,
            GError                   **error)
{
  ScStack *stack = sc_view_snapshot_get_stack (view);
  g_autoptr(GBytes) pixels = NULL;
  g_autofree guint32 *scaled = NULL;
  g_autofree guint32 *annotated = NULL;
  g_autofree guint8 *rgb = NULL;
  const guint32 *argb;
  guint w, h, out_h, c, f = scale_of (options);

  if ((pixels = sc_render_view_plane (view, cancellable, error)) == NULL)
    return FALSE;
  argb = g_bytes_get_data (pixels, NULL);
  w = sc_view_snapshot_get_width (view);
  h = sc_view_snapshot_get_height (view);
  if (f > 1)
    {
      if ((scaled = sc_export_upscale (argb, w, h, (gsize) w * 4, 4, f, error)) == NULL)
        return FALSE;
      argb = scaled;
      w *= f;
      h *= f;
    }
  out_h = h;
  sc_view_snapshot_get_position (view, &c, NULL, NULL);
  if (options->color_bar || options->scale_bar)
    {
      gboolean bar = options->color_bar && sc_stack_get_samples_per_pixel (stack) == 1;
      gboolean integer = sc_sample_type_is_integer (sc_stack_get_sample_type (stack));

      annotated = sc_annotate_plane (argb, w, h, bar ? sc_view_snapshot_get_params (view, c) : NULL,
                                     integer,
                                     options->scale_bar ? sc_stack_get_calibration (stack) : NULL,
                                     f, &out_h);
      argb = annotated;
    }

  if ((rgb = g_try_malloc ((gsize) w * out_h * 3)) == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   _("A %u × %u image at %u× is too large to write"), w / f, h / f, f);
      return FALSE;
    }
  for (gsize i = 0; i < (gsize) w * out_h; i++)
    {
      rgb[3 * i] = (argb[i] >> 16) & 0xff;
      rgb[3 * i + 1] = (argb[i] >> 8) & 0xff;
      rgb[3 * i + 2] = argb[i] & 0xff;
    }
  return sc_png_write (path, SC_PNG_RGB8, w, out_h, rgb, (gsize) w * 3, text, error);
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
  g_autoptr(ScViewSnapshot) view = NULL;

  g_return_val_if_fail (SC_IS_STACK (stack), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options->mode == SC_EXPORT_PNG_RAW16 || options->params != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (options->mode == SC_EXPORT_PNG_RAW16)
    return write_raw16 (stack, sc_stack_plane_index (stack, c, z, t), options, path, png_text,
                        error);

  view = snapshot_for_params (stack, c, z, t, options->params, options->composite);
  return write_view (view, options, path, png_text, cancellable, error);
}

gboolean
sc_export_png_write_view (const ScViewSnapshot      *view,
                          const ScExportPngOptions  *options,
                          const char                *path,
                          GCancellable              *cancellable,
                          GError                   **error)
{
  guint c, z, t;

  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (options->mode == SC_EXPORT_PNG_RAW16)
    {
      ScStack *stack = sc_view_snapshot_get_stack (view);

      sc_view_snapshot_get_position (view, &c, &z, &t);
      return write_raw16 (stack, sc_stack_plane_index (stack, c, z, t), options, path, png_text,
                          error);
    }
  return write_view (view, options, path, png_text, cancellable, error);
}
