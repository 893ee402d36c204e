/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-cli-json.h"
#include "sc-cli-options.h"
#include "sc-cli-progress.h"
#include "sc-cli-project.h"
#include "sc-error.h"
#include "sc-export.h"
#include "sc-memory-source.h"
#include "sc-png-io.h"
#include "sc-render.h"
#include "sc-stack.h"
#include "sc-stack-stats.h"

/* When each part of one input's run ended, in monotonic microseconds. */
typedef struct {
  gint64 start;
  gint64 opened;
  gint64 projected;
  gint64 written;
} Timings;

/* The display range of an automatic PNG: the viewer's auto contrast with a colormap,
 * else the plane's min..max; max > min always. */
static gboolean
auto_png_range (ScStack                    *result,
                const ScCliProjectSettings *s,
                double                     *lo,
                double                     *hi,
                GError                    **error)
{
  g_autoptr(ScHistogram) hist = sc_stack_stats_plane_histogram (result, 0, NULL, error);

  if (hist == NULL)
    return FALSE;
  if (s->has_colormap && sc_stack_stats_auto_range (hist, lo, hi))
    return TRUE;
  if (hist->total == 0)
    *lo = 0, *hi = 1;
  else
    *lo = hist->data_min, *hi = hist->data_max > hist->data_min ? hist->data_max : *lo + 1;
  return TRUE;
}

/* sc_png_write() at the settings' scale. */
static gboolean
png_write_scaled (const char                 *path,
                  ScPngFormat                 format,
                  guint                       w,
                  guint                       h,
                  gconstpointer               data,
                  gsize                       stride,
                  guint                       bytes_per_pixel,
                  const ScCliProjectSettings *s,
                  const char * const         *text,
                  GError                    **error)
{
  g_autofree guint8 *big = NULL;

  if (s->scale <= 1)
    return sc_png_write (path, format, w, h, data, stride, text, error);
  big = sc_export_upscale (data, w, h, stride, bytes_per_pixel, s->scale, error);
  return big != NULL && sc_png_write (path, format, w * s->scale, h * s->scale, big,
                                      (gsize) w * s->scale * bytes_per_pixel, text, error);
}

gboolean
sc_cli_parse_cut_range (const char *str,
                        guint      *first,
                        guint      *last)
{
  const char *colon = str != NULL ? strchr (str, ':') : NULL;
  guint64 a = 0, b = G_MAXUINT;
  char *end;

  if (colon == NULL)
    return FALSE;
  if (colon > str)
    {
      if (!g_ascii_isdigit (str[0]))
        return FALSE;
      a = g_ascii_strtoull (str, &end, 10);
      if (end != colon || a >= G_MAXUINT)
        return FALSE;
    }
  if (colon[1] != '\0')
    {
      if (!g_ascii_isdigit (colon[1]))
        return FALSE;
      b = g_ascii_strtoull (colon + 1, &end, 10);
      if (*end != '\0' || b >= G_MAXUINT)
        return FALSE;
    }
  if (b < a)
    return FALSE;
  *first = (guint) a;
  *last = (guint) b;
  return TRUE;
}

/* result stretched along the axis of the larger pixel size, so that each pixel shows its
 * calibrated aspect (nearest neighbour); a new reference to result where it is square or
 * not calibrated. */
static ScStack *
true_aspect_stack (ScStack  *result,
                   GError  **error)
{
  const ScCalibration *cal = sc_stack_get_calibration (result);
  guint w = sc_stack_get_width (result), h = sc_stack_get_height (result);
  gsize px = sc_stack_get_samples_per_pixel (result)
             * sc_sample_type_size (sc_stack_get_sample_type (result));
  double fx = 1, fy = 1;
  guint nw, nh;
  g_autofree guint8 *plane = NULL;
  guint8 *out;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScSource) source = NULL;
  ScStackInfo *info;

  if (!(cal->pixel_width > 0 && cal->pixel_height > 0) || cal->pixel_width == cal->pixel_height)
    return g_object_ref (result);
  if (cal->pixel_width > cal->pixel_height)
    fx = cal->pixel_width / cal->pixel_height;
  else
    fy = cal->pixel_height / cal->pixel_width;
  nw = (guint) MAX (1, lround (w * fx));
  nh = (guint) MAX (1, lround (h * fy));
  if ((guint64) nw * nh * px > G_MAXINT32 || nw > SC_MAX_DIMENSION || nh > SC_MAX_DIMENSION)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   _("At true aspect the image would be %u × %u pixels, too large for a PNG"),
                   nw, nh);
      return NULL;
    }
  plane = g_malloc (sc_stack_get_plane_size (result));
  if (!sc_stack_read_plane (result, 0, plane, error))
    return NULL;
  out = g_malloc ((gsize) nw * nh * px);
  for (guint y = 0; y < nh; y++)
    {
      guint sy = MIN ((guint) ((y + 0.5) / fy), h - 1);

      for (guint x = 0; x < nw; x++)
        {
          guint sx = MIN ((guint) ((x + 0.5) / fx), w - 1);
          memcpy (out + ((gsize) y * nw + x) * px, plane + ((gsize) sy * w + sx) * px, px);
        }
    }
  bytes = g_bytes_new_take (out, (gsize) nw * nh * px);
  source = sc_memory_source_new (nw, nh, 1, 1, 1, sc_stack_get_sample_type (result),
                                 sc_stack_get_samples_per_pixel (result), bytes);
  info = sc_source_get_info (source);
  info->calibration.pixel_width = info->calibration.pixel_height = MIN (cal->pixel_width,
                                                                        cal->pixel_height);
  info->calibration.unit = g_strdup (cal->unit);
  {
    ScStack *stretched = sc_stack_new_for_source (source, sc_stack_get_display_name (result));

    sc_stack_add_origin (stretched, result);
    return stretched;
  }
}

gboolean
sc_cli_write_png (ScStack                    *result,
                  const char                 *path,
                  const ScCliProjectSettings *s,
                  GError                    **error)
{
  ScSampleType type = sc_stack_get_sample_type (result);
  guint spp = sc_stack_get_samples_per_pixel (result);
  guint w = sc_stack_get_width (result), h = sc_stack_get_height (result);
  gsize stride = sc_stack_get_row_stride (result);
  g_autofree guint8 *plane = g_malloc (sc_stack_get_plane_size (result));
  double lo = s->range_min, hi = s->range_max;
  const char *text[] = { "Software", "Stackscope " PACKAGE_VERSION, NULL };

  if (sc_stack_get_n_planes (result) != 1)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The projection has %u plane (channels × time points) and a PNG "
                                "holds one: choose --channel and --frame, or write a .tif",
                                "The projection has %u planes (channels × time points) and a PNG "
                                "holds one: choose --channel and --frame, or write a .tif",
                                sc_stack_get_n_planes (result)),
                   sc_stack_get_n_planes (result));
      return FALSE;
    }
  if (!sc_export_check_target_for_stack (path, result, NULL, TRUE, error))
    return FALSE;
  if (s->true_aspect)
    {
      g_autoptr(ScStack) stretched = true_aspect_stack (result, error);
      ScCliProjectSettings plain = *s;

      if (stretched == NULL)
        return FALSE;
      if (stretched != result)
        {
          plain.true_aspect = FALSE;
          return sc_cli_write_png (stretched, path, &plain, error);
        }
    }
  if (!sc_stack_read_plane (result, 0, plane, error))
    return FALSE;

  /* Values as they are where the PNG can hold them. */
  if (!s->has_colormap && s->auto_range && type == SC_SAMPLE_U8)
    return png_write_scaled (path, spp == 1 ? SC_PNG_GRAY8 : spp == 3 ? SC_PNG_RGB8 : SC_PNG_RGBA8,
                             w, h, plane, stride, spp, s, text, error);
  if (!s->has_colormap && s->auto_range && type == SC_SAMPLE_U16 && spp == 1)
    return png_write_scaled (path, SC_PNG_GRAY16, w, h, plane, stride, 2, s, text, error);

  if (s->auto_range && !auto_png_range (result, s, &lo, &hi, error))
    return FALSE;

  if (!s->has_colormap && spp == 1)
    {
      /* Gray, scaled from the range to 16 bits. */
      g_autofree guint16 *out = g_new (guint16, (gsize) w * h);
      for (guint y = 0; y < h; y++)
        for (guint x = 0; x < w; x++)
          {
            double v = sc_plane_get_value (type, plane, stride, 1, x, y, 0);
            double t = isnan (v) ? 0 : CLAMP ((v - lo) / (hi - lo), 0, 1);
            out[(gsize) y * w + x] = (guint16) lround (t * 65535);
          }
      return png_write_scaled (path, SC_PNG_GRAY16, w, h, out, (gsize) w * 2, 2, s, text, error);
    }
  else
    {
      /* The viewer's "Export as PNG" writes through the same function. */
      ScRenderParams params;
      ScExportPngOptions options;

      sc_render_params_init (&params, lo, hi, s->has_colormap ? s->colormap : SC_COLORMAP_GRAY);
      sc_export_png_options_init (&options);
      options.params = &params;
      options.overwrite = TRUE;
      options.scale = s->scale;
      return sc_export_png (result, 0, 0, 0, &options, path, NULL, error);
    }
}

/* The projection of stack as the settings ask, or NULL where --planes starts past the
 * stack's last slice. */
static ScProjection *
new_projection (ScStack                    *stack,
                const ScCliProjectSettings *s,
                ScCliProgress              *bar,
                GError                    **error)
{
  g_autoptr(ScProjection) projection = sc_projection_new (stack, s->method);
  guint n_slices = sc_stack_get_n_slices (stack);

  sc_projection_set_percentile (projection, s->percentile);
  sc_projection_set_slices (projection, s->first, s->last, s->step);
  sc_projection_set_channel (projection, s->channel);
  sc_projection_set_frame (projection, s->frame);
  sc_projection_set_sd_population (projection, s->population);
  sc_projection_set_n_threads (projection, s->threads);
  sc_projection_set_memory_budget (projection, s->budget);
  /* Only the result matters here: bands through all slices, accumulators in cache. */
  sc_projection_set_progressive (projection, FALSE);
  sc_projection_set_zero_copy (projection, s->zero_copy);
  sc_projection_set_adaptive_read (projection, s->adaptive_read);
  sc_projection_set_axis (projection, s->axis);
  sc_projection_set_range (projection, s->range_first, s->range_last);
  if (s->progress)
    {
      sc_cli_progress_init (bar, sc_stack_get_display_name (stack));
      sc_projection_set_progress_func (projection, sc_cli_progress_show, bar, NULL);
    }
  if (s->first >= n_slices)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE, "%s has %u slice; --planes starts at %u",
                                "%s has %u slices; --planes starts at %u", n_slices),
                   sc_stack_get_display_name (stack), n_slices, s->first + 1);
      return NULL;
    }
  if (s->last != G_MAXUINT && s->last >= n_slices)
    sc_projection_set_slices (projection, s->first, G_MAXUINT, s->step);
  return g_steal_pointer (&projection);
}

/* {"input": …, "output": …, "method": …, shape, "seconds": {…}, rates, "result": {…}} */
static void
append_record (GString                    *json,
               const char                 *input,
               const char                 *output,
               const ScCliProjectSettings *s,
               ScStack                    *stack,
               ScProjection               *projection,
               ScStack                    *result,
               const Timings              *t)
{
  double project_s = (t->projected - t->opened) / 1e6;
  guint64 bytes = sc_projection_get_bytes_read (projection);
  gsize sample_size = sc_sample_type_size (sc_stack_get_sample_type (stack));
  double rmin, rmax, rmean;
  guint first, last, step;

  sc_projection_get_slices (projection, &first, &last, &step);
  if (last == G_MAXUINT)
    last = sc_stack_get_n_slices (stack) - 1;
  if (!sc_stack_stats_summary (result, &rmin, &rmax, &rmean, NULL, NULL))
    rmin = rmax = rmean = NAN;
  g_string_append (json, "{");
  sc_cli_json_string_member (json, "input", input);
  g_string_append (json, ", ");
  sc_cli_json_string_member (json, "output", output);
  g_string_append (json, ", ");
  sc_cli_json_string_member (json, "method", sc_projection_method_to_string (s->method));
  g_string_append_printf (json, ", \"series\": %u, ", sc_stack_get_series (stack) + 1);
  {
    g_autofree char *warning = sc_stack_describe_missing_pages (stack);

    sc_cli_json_string_member (json, "warning", warning);
  }
  if (s->method == SC_PROJECTION_PERCENTILE)
    {
      g_string_append (json, ", ");
      sc_cli_json_number_member (json, "percentile", s->percentile);
    }
  g_string_append_printf (json, ", \"width\": %u, \"height\": %u, \"slices\": %u, "
                          "\"first_slice\": %u, \"last_slice\": %u, \"step\": %u, "
                          "\"channels\": %u, \"frames\": %u, ",
                          sc_stack_get_width (result), sc_stack_get_height (result),
                          sc_projection_get_n_inputs (projection), first + 1, last + 1, step,
                          sc_stack_get_n_channels (result), sc_stack_get_n_frames (result));
  sc_cli_json_string_member (json, "sample_type",
                             sc_sample_type_to_string (sc_stack_get_sample_type (stack)));
  g_string_append (json, ", ");
  sc_cli_json_string_member (json, "result_type",
                             sc_sample_type_to_string (sc_stack_get_sample_type (result)));
  g_string_append_printf (json, ", \"threads\": %u, \"steps\": %u, \"bytes_read\": %" G_GUINT64_FORMAT
                          ", \"bytes_in_place\": %" G_GUINT64_FORMAT ", ",
                          s->threads ? s->threads : g_get_num_processors (),
                          sc_projection_get_n_steps (projection), bytes,
                          sc_projection_get_bytes_in_place (projection));
  g_string_append (json, "\"seconds\": {");
  sc_cli_json_number_member (json, "open", (t->opened - t->start) / 1e6);
  g_string_append (json, ", ");
  sc_cli_json_number_member (json, "project", project_s);
  g_string_append (json, ", ");
  sc_cli_json_number_member (json, "write", (t->written - t->projected) / 1e6);
  g_string_append (json, ", ");
  sc_cli_json_number_member (json, "total", (t->written - t->start) / 1e6);
  g_string_append (json, "}, ");
  sc_cli_json_number_member (json, "gb_per_s", project_s > 0 ? bytes / project_s / 1e9 : NAN);
  g_string_append (json, ", ");
  sc_cli_json_number_member (json, "ns_per_element",
                             bytes > 0 ? project_s * 1e9 / ((double) bytes / sample_size) : NAN);
  g_string_append (json, ", \"result\": {");
  sc_cli_json_number_member (json, "min", rmin);
  g_string_append (json, ", ");
  sc_cli_json_number_member (json, "max", rmax);
  g_string_append (json, ", ");
  sc_cli_json_number_member (json, "mean", rmean);
  g_string_append (json, "}}");
}

gboolean
sc_cli_project_one (const char                 *input,
                    const char                 *output,
                    const GPtrArray            *inputs,
                    const ScCliProjectSettings *s,
                    GString                    *json,
                    GError                    **error)
{
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScProjection) projection = NULL;
  g_autoptr(ScStack) result = NULL;
  g_autofree char *warning = NULL;
  ScCliProgress bar = { NULL, -1 };
  Timings t;
  gboolean ok;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (inputs != NULL, FALSE);
  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  t.start = g_get_monotonic_time ();
  for (guint i = 0; i < inputs->len; i++)
    if (!sc_export_check_target (output, g_ptr_array_index (inputs, i), TRUE, error))
      return FALSE;
  stack = sc_stack_open_series (input, s->series, NULL, error);
  if (stack == NULL || !sc_export_check_target_for_stack (output, stack, NULL, TRUE, error))
    return FALSE;
  t.opened = g_get_monotonic_time ();
  warning = sc_stack_describe_missing_pages (stack);
  if (warning != NULL)
    {
      g_autofree char *line = g_strdup_printf (_("warning: %s"), warning);

      sc_cli_print_error (line);
    }

  projection = new_projection (stack, s, &bar, error);
  if (projection == NULL)
    return FALSE;
  result = sc_projection_run (projection, NULL, error);
  if (s->progress)
    sc_cli_progress_clear ();
  if (result == NULL)
    return FALSE;
  t.projected = g_get_monotonic_time ();

  if (s->png)
    ok = sc_cli_write_png (result, output, s, error);
  else
    ok = sc_export_tiff (result, output, NULL, error);
  if (!ok)
    return FALSE;
  t.written = g_get_monotonic_time ();

  if (json != NULL)
    append_record (json, input, output, s, stack, projection, result, &t);
  return TRUE;
}
