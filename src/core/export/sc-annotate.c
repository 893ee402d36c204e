/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-annotate"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include "sc-annotate.h"
#include "sc-colormap.h"
#include "sc-format.h"
#include "sc-types.h"

/* Text in white with a dark outline, readable on any image. */
static void
outlined_text (cairo_t    *cr,
               double      x,
               double      y,
               const char *text,
               gboolean    outline)
{
  cairo_move_to (cr, x, y);
  cairo_text_path (cr, text);
  if (outline)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
    }
  else
    cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_fill (cr);
}

static void
draw_color_bar (cairo_t              *cr,
                const ScRenderParams *params,
                gboolean              integer,
                guint                 width,
                guint                 y0,
                double                font)
{
  const guint8 *lut = params->lut ? params->lut : sc_colormap_get_table (params->colormap);
  double margin = font;
  double bar_w = width - 2 * margin;
  double bar_y = y0 + font * 0.6;
  double bar_h = font * 1.1;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  cairo_text_extents_t ext;

  if (bar_w < 4)
    return;
  for (int x = 0; x < (int) bar_w; x++)
    {
      double v = params->min + (params->max - params->min) * (x + 0.5) / bar_w;
      guint8 i = sc_render_map_sample (params, integer, v);

      cairo_set_source_rgb (cr, lut[3 * i] / 255.0, lut[3 * i + 1] / 255.0, lut[3 * i + 2] / 255.0);
      cairo_rectangle (cr, margin + x, bar_y, 1, bar_h);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, margin - 0.5, bar_y - 0.5, (int) bar_w + 1, bar_h + 1);
  cairo_stroke (cr);

  /* as the viewer's colour bar (ScColorBar) labels them */
  lo = sc_format_value (integer ? round (params->min) : params->min);
  hi = sc_format_value (integer ? round (params->max) : params->max);
  outlined_text (cr, margin, bar_y + bar_h + font * 1.1, lo, FALSE);
  cairo_text_extents (cr, hi, &ext);
  outlined_text (cr, margin + (int) bar_w - ext.x_advance, bar_y + bar_h + font * 1.1, hi, FALSE);
}

static void
draw_scale_bar (cairo_t             *cr,
                const ScCalibration *cal,
                guint                width,
                guint                height,
                double               font)
{
  const char *unit = sc_calibration_unit_symbol (cal->unit);
  double target, nice, px, thickness;
  double margin = font * 0.8;
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *label = NULL;
  cairo_text_extents_t ext;

  if (unit == NULL || !(cal->pixel_width > 0))
    return;
  target = width * cal->pixel_width / 5;
  nice = pow (10, floor (log10 (target)));
  if (nice * 5 <= target)
    nice *= 5;
  else if (nice * 2 <= target)
    nice *= 2;
  px = nice / cal->pixel_width;
  thickness = MAX (3, round (font / 3));

  cairo_rectangle (cr, width - margin - px, height - margin - thickness, px, thickness);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 2);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  g_ascii_formatd (number, sizeof number, "%g", nice);
  label = g_strdup_printf ("%s %s", number, unit);
  cairo_text_extents (cr, label, &ext);
  outlined_text (cr, width - margin - px / 2 - ext.x_advance / 2,
                 height - margin - thickness - font * 0.4, label, TRUE);
}

guint32 *
sc_annotate_plane (const guint32        *argb,
                   guint                 w,
                   guint                 h,
                   const ScRenderParams *bar,
                   gboolean              integer,
                   const ScCalibration  *scale,
                   guint                 zoom,
                   guint                *out_height)
{
  /* laid out at 1:1 and drawn zoom times larger: the bars of a 2x file are those of the
   * 1x file enlarged, and the scale bar still spans its length of the data */
  guint w1, h1;
  double font;
  guint strip, out_h;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint8 *data;
  guint32 *out;
  int cstride;

  g_return_val_if_fail (argb != NULL && w > 0 && h > 0, NULL);
  g_return_val_if_fail (zoom >= 1 && w % zoom == 0 && h % zoom == 0, NULL);

  w1 = w / zoom;
  h1 = h / zoom;
  font = CLAMP (MIN (w1, h1) / 28.0, 10, 40);
  strip = bar != NULL ? (guint) ceil (font * 3.2) : 0;
  out_h = h + strip * zoom;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, (int) out_h);
  cstride = cairo_image_surface_get_stride (surface);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (guint y = 0; y < h; y++)
    memcpy (data + (gsize) y * cstride, argb + (gsize) y * w, (gsize) w * 4);
  cairo_surface_mark_dirty (surface);

  cr = cairo_create (surface);
  cairo_scale (cr, zoom, zoom);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, font);
  if (strip > 0)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_rectangle (cr, 0, h1, w1, strip);
      cairo_fill (cr);
      draw_color_bar (cr, bar, integer, w1, h1, font);
    }
  if (scale != NULL)
    draw_scale_bar (cr, scale, w1, h1, font);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  out = g_new (guint32, (gsize) w * out_h);
  for (guint y = 0; y < out_h; y++)
    memcpy (out + (gsize) y * w, data + (gsize) y * cstride, (gsize) w * 4);
  cairo_surface_destroy (surface);
  *out_height = out_h;
  return out;
}
