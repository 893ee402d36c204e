/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sc-error.h"
#include "sc-export.h"
#include "sc-memory-source.h"
#include "sc-png-io.h"
#include "sc-projection.h"
#include "sc-render-view.h"
#include "sc-render.h"
#include "sc-source.h"
#include "sc-test-util.h"
#include "sc-view-state.h"

/* 3 slices of w x h (37 x 23) u16 with a calibration; values cover 0..65535 coarsely. */
static ScStack *
make_stack_sized (guint n_channels,
                  guint w,
                  guint h)
{
  guint Z = 3;
  gsize n = (gsize) w * h * Z * n_channels;
  guint16 *data = g_new (guint16, n);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScSource) source = NULL;
  ScStackInfo *info;

  for (gsize i = 0; i < n; i++)
    data[i] = (guint16) ((i * 2654435761u) >> 16);
  bytes = g_bytes_new_take (data, n * 2);
  source = sc_memory_source_new (w, h, n_channels, Z, 1, SC_SAMPLE_U16, 1, bytes);
  info = sc_source_get_info (source);
  info->calibration.pixel_width = 0.25;
  info->calibration.pixel_height = 0.25;
  info->calibration.pixel_depth = 1.5;
  info->calibration.unit = g_strdup ("micron");
  return sc_stack_new_for_source (source, "generated");
}

static ScStack *
make_stack (guint n_channels)
{
  return make_stack_sized (n_channels, 37, 23);
}

static ScStack *
project (ScStack            *stack,
         ScProjectionMethod  method)
{
  g_autoptr(ScProjection) projection = sc_projection_new (stack, method);
  g_autoptr(GError) error = NULL;
  ScStack *result = sc_projection_run (projection, NULL, &error);

  g_assert_no_error (error);
  return result;
}

static guint8 *
read_png (const char *path,
          ScPngInfo  *info)
{
  g_autoptr(GError) error = NULL;
  guint8 *pixels;

  g_assert_true (sc_png_read_info (path, info, &error));
  g_assert_no_error (error);
  pixels = g_malloc ((gsize) info->width * info->height * info->samples_per_pixel * info->bit_depth / 8);
  g_assert_true (sc_png_read_rows (path, info, 0, info->height, pixels, &error));
  g_assert_no_error (error);
  return pixels;
}

/* The PNG's pixels are the rendered RGBA of the result with the chosen LUT and range. */
static void
test_rendered (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "max.png", NULL);
  g_autoptr(ScStack) stack = make_stack (1);
  g_autoptr(ScStack) result = project (stack, SC_PROJECTION_MEAN);
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *argb = NULL;
  g_autofree guint8 *png = NULL;
  g_autofree guint8 *plane = g_malloc (sc_stack_get_plane_size (result));
  g_autoptr(ScRenderTable) table = NULL;
  ScRenderParams params;
  ScExportPngOptions options;
  ScPngInfo info;
  guint w = sc_stack_get_width (result), h = sc_stack_get_height (result);

  sc_render_params_init (&params, 9000, 51000, SC_COLORMAP_VIRIDIS);
  params.gamma = 0.8;
  sc_export_png_options_init (&options);
  options.params = &params;
  g_assert_true (sc_export_png (result, 0, 0, 0, &options, path, NULL, &error));
  g_assert_no_error (error);

  /* independently: the plane through the render table */
  g_assert_true (sc_stack_read_plane (result, 0, plane, NULL));
  table = sc_render_table_new (&params, sc_stack_get_sample_type (result));
  argb = g_new (guint32, (gsize) w * h);
  sc_render_plane (table, plane, sc_stack_get_row_stride (result), w, h, argb, (gsize) w * 4);

  png = read_png (path, &info);
  g_assert_cmpuint (info.width, ==, w);
  g_assert_cmpuint (info.height, ==, h);
  g_assert_cmpuint (info.bit_depth, ==, 8);
  g_assert_cmpuint (info.samples_per_pixel, ==, 3);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      g_assert_cmpuint (png[3 * i], ==, (argb[i] >> 16) & 0xff);
      g_assert_cmpuint (png[3 * i + 1], ==, (argb[i] >> 8) & 0xff);
      g_assert_cmpuint (png[3 * i + 2], ==, argb[i] & 0xff);
    }
}

/* A composite result: every channel through its own colour, added. */
static void
test_composite (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "composite.png", NULL);
  g_autoptr(ScStack) stack = make_stack (2);
  g_autoptr(ScStack) result = project (stack, SC_PROJECTION_MAX);
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *argb = NULL;
  g_autofree guint8 *png = NULL;
  ScRenderParams params[2];
  ScExportPngOptions options;
  ScPngInfo info;

  sc_render_params_init (&params[0], 0, 65535, SC_COLORMAP_GREEN);
  sc_render_params_init (&params[1], 1000, 40000, SC_COLORMAP_MAGENTA);
  sc_export_png_options_init (&options);
  options.params = params;
  options.composite = TRUE;
  g_assert_true (sc_export_png (result, 0, 0, 0, &options, path, NULL, &error));
  g_assert_no_error (error);

  argb = sc_export_render_plane (result, 0, 0, 0, params, TRUE, &error);
  g_assert_no_error (error);
  png = read_png (path, &info);
  for (gsize i = 0; i < (gsize) info.width * info.height; i++)
    {
      g_assert_cmpuint (png[3 * i], ==, (argb[i] >> 16) & 0xff);
      g_assert_cmpuint (png[3 * i + 1], ==, (argb[i] >> 8) & 0xff);
      g_assert_cmpuint (png[3 * i + 2], ==, argb[i] & 0xff);
    }
}

/* Color and scale bars: the image rows above the color bar stay as rendered outside the
 * scale bar's corner; the color bar adds rows below. */
static void
test_bars (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "bars.png", NULL);
  g_autoptr(ScStack) stack = make_stack_sized (1, 400, 300);
  g_autoptr(ScStack) result = project (stack, SC_PROJECTION_MAX);
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *argb = NULL;
  g_autofree guint8 *png = NULL;
  ScRenderParams params;
  ScExportPngOptions options;
  ScPngInfo info;
  guint w = sc_stack_get_width (result), h = sc_stack_get_height (result);
  gboolean scale_bar_drawn = FALSE;

  sc_render_params_init (&params, 0, 65535, SC_COLORMAP_FIRE);
  sc_export_png_options_init (&options);
  options.params = &params;
  options.color_bar = TRUE;
  options.scale_bar = TRUE;
  g_assert_true (sc_export_png (result, 0, 0, 0, &options, path, NULL, &error));
  g_assert_no_error (error);

  argb = sc_export_render_plane (result, 0, 0, 0, &params, FALSE, &error);
  png = read_png (path, &info);
  g_assert_cmpuint (info.width, ==, w);
  g_assert_cmpuint (info.height, >, h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        gsize i = (gsize) y * w + x;
        gboolean same = png[3 * i] == ((argb[i] >> 16) & 0xff) &&
                        png[3 * i + 1] == ((argb[i] >> 8) & 0xff) &&
                        png[3 * i + 2] == (argb[i] & 0xff);

        /* the scale bar lives in the lower right quarter */
        if (x < w / 2 || y < h / 3)
          g_assert_true (same);
        else if (!same)
          scale_bar_drawn = TRUE;
      }
  g_assert_true (scale_bar_drawn);
}

/* 16-bit PNGs hold the raw values: max keeps u16. */
static void
test_raw16 (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "raw.png", NULL);
  g_autoptr(ScStack) stack = make_stack (1);
  g_autoptr(ScStack) result = project (stack, SC_PROJECTION_MAX);
  g_autoptr(GError) error = NULL;
  g_autofree guint16 *plane = g_malloc (sc_stack_get_plane_size (result));
  g_autofree guint8 *png = NULL;
  g_autoptr(ScStack) reread = NULL;
  ScExportPngOptions options;
  ScPngInfo info;

  sc_export_png_options_init (&options);
  options.mode = SC_EXPORT_PNG_RAW16;
  g_assert_true (sc_export_png (result, 0, 0, 0, &options, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sc_stack_read_plane (result, 0, plane, NULL));
  png = read_png (path, &info);
  g_assert_cmpuint (info.bit_depth, ==, 16);
  g_assert_cmpuint (info.samples_per_pixel, ==, 1);
  g_assert_cmpmem (png, (gsize) info.width * info.height * 2, plane, sc_stack_get_plane_size (result));

  /* and the viewer opens them with the same values */
  reread = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_sample_type (reread), ==, SC_SAMPLE_U16);
}

/* TIFF export keeps float32 and the calibration. */
static void
test_tiff_float (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "mean.tif", NULL);
  g_autoptr(ScStack) stack = make_stack (1);
  g_autoptr(ScStack) result = project (stack, SC_PROJECTION_MEAN);
  g_autoptr(ScStack) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *a = g_malloc (sc_stack_get_plane_size (result));
  g_autofree float *b = g_malloc (sc_stack_get_plane_size (result));
  const ScCalibration *cal;

  g_assert_true (sc_export_tiff (result, path, NULL, &error));
  g_assert_no_error (error);
  reread = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_sample_type (reread), ==, SC_SAMPLE_F32);
  g_assert_true (sc_stack_read_plane (result, 0, a, NULL));
  g_assert_true (sc_stack_read_plane (reread, 0, b, NULL));
  g_assert_cmpmem (a, sc_stack_get_plane_size (result), b, sc_stack_get_plane_size (reread));
  cal = sc_stack_get_calibration (reread);
  g_assert_cmpfloat_with_epsilon (cal->pixel_width, 0.25, 1e-6);
  g_assert_cmpfloat_with_epsilon (cal->pixel_height, 0.25, 1e-6);
  g_assert_nonnull (cal->unit);
}

/* Existing files stay unless the caller consents; the input never is written over. */
static void
test_consent (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "there.png", NULL);
  g_autofree char *input = g_build_filename (dir, "input.tif", NULL);
  g_autoptr(ScStack) stack = make_stack (1);
  g_autoptr(ScStack) result = project (stack, SC_PROJECTION_MAX);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) existing = NULL;
  ScRenderParams params;
  ScExportPngOptions options;

  g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));
  g_assert_true (g_file_set_contents (input, "the stack", -1, NULL));
  sc_render_params_init (&params, 0, 65535, SC_COLORMAP_GRAY);
  sc_export_png_options_init (&options);
  options.params = &params;
  options.protect_path = input;

  g_assert_false (sc_export_png (result, 0, 0, 0, &options, path, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");

  /* not even with consent over the input */
  options.overwrite = TRUE;
  g_assert_false (sc_export_png (result, 0, 0, 0, &options, input, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sc_export_check_target (input, input, TRUE, &error));
  g_clear_error (&error);

  g_assert_true (sc_export_png (result, 0, 0, 0, &options, path, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\211PNG"));

  /* plane series: the names that would be replaced are listed first */
  options.overwrite = FALSE;
  g_assert_true (sc_export_planes_png (stack, 0, 0, 0, 2, &options, dir, "golgi", NULL, NULL,
                                       NULL, &error));
  g_assert_no_error (error);
  existing = sc_export_planes_existing (dir, "golgi", 0, 2, 3);
  g_assert_cmpuint (g_strv_length (existing), ==, 3);
  g_assert_cmpstr (existing[0], ==, "golgi_z01.png");
  g_assert_false (sc_export_planes_png (stack, 0, 0, 0, 2, &options, dir, "golgi", NULL, NULL,
                                        NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
}

static void
test_plane_names (void)
{
  g_autofree char *a = sc_export_plane_file_name ("cells", 0, 9);
  g_autofree char *b = sc_export_plane_file_name ("cells", 41, 250);
  g_autofree char *c = sc_export_plane_file_name ("cells", 999, 1000);

  g_assert_cmpstr (a, ==, "cells_z01.png");
  g_assert_cmpstr (b, ==, "cells_z042.png");
  g_assert_cmpstr (c, ==, "cells_z1000.png");
}

/* A view state's plane exported through sc_export_png_view() is what sc_render_view_plane()
 * gives the viewer for the same snapshot, pixel for pixel; and the params-based export of
 * the same settings writes the same pixels. */
static void
test_view (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path_view = g_build_filename (dir, "view.png", NULL);
  g_autofree char *path_params = g_build_filename (dir, "params.png", NULL);
  g_autoptr(ScStack) stack = make_stack (2);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewSnapshot) view = NULL;
  g_autoptr(GBytes) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *a = NULL;
  g_autofree guint8 *b = NULL;
  ScRenderParams params[2];
  ScExportPngOptions options;
  const guint32 *argb;
  ScPngInfo info_a, info_b;
  guint w = sc_stack_get_width (stack), h = sc_stack_get_height (stack);

  sc_view_state_set_position (state, 1, 2, 0);
  sc_view_state_set_composite (state, FALSE);
  sc_view_state_set_range (state, 1, 1000, 50000);
  sc_view_state_set_gamma (state, 1, 0.5);
  sc_view_state_set_colormap (state, 1, SC_COLORMAP_FIRE);
  view = sc_view_state_snapshot (state);
  shown = sc_render_view_plane (view, NULL, &error);
  g_assert_no_error (error);
  argb = g_bytes_get_data (shown, NULL);

  sc_export_png_options_init (&options);
  g_assert_true (sc_export_png_view (view, &options, path_view, NULL, &error));
  g_assert_no_error (error);
  a = read_png (path_view, &info_a);
  g_assert_cmpuint (info_a.width, ==, w);
  g_assert_cmpuint (info_a.height, ==, h);
  g_assert_cmpuint (info_a.samples_per_pixel, ==, 3);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      g_assert_cmpuint (a[3 * i], ==, (argb[i] >> 16) & 0xff);
      g_assert_cmpuint (a[3 * i + 1], ==, (argb[i] >> 8) & 0xff);
      g_assert_cmpuint (a[3 * i + 2], ==, argb[i] & 0xff);
    }

  for (guint c = 0; c < 2; c++)
    params[c] = *sc_view_snapshot_get_params (view, c);
  options.params = params;
  g_assert_true (sc_export_png (stack, 1, 2, 0, &options, path_params, NULL, &error));
  g_assert_no_error (error);
  b = read_png (path_params, &info_b);
  g_assert_cmpmem (a, (gsize) w * h * 3, b, (gsize) w * h * 3);

  /* The same guard: the view's stack's origin files are protected, existing files kept. */
  options.overwrite = FALSE;
  g_assert_false (sc_export_png_view (view, &options, path_view, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

/* Whether PNG pixel i (RGB8) is the ARGB pixel p. */
static gboolean
same_rgb (const guint8 *png,
          gsize         i,
          guint32       p)
{
  return png[3 * i] == ((p >> 16) & 0xff) && png[3 * i + 1] == ((p >> 8) & 0xff) &&
         png[3 * i + 2] == (p & 0xff);
}

/* In the lower right quarter of a w x h image drawn f times larger than argb: the longest
 * run of pure white pixels in a row (the scale bar's fill, on a viridis image that holds
 * no white), and box, the bounds of the pixels that differ from the image (bar and label:
 * x0, y0, x1, y1). */
static guint
longest_white_run (const guint8  *png,
                   guint          w,
                   guint          h,
                   const guint32 *argb,
                   guint          f,
                   guint          box[4])
{
  guint best = 0;

  box[0] = box[1] = G_MAXUINT;
  box[2] = box[3] = 0;
  for (guint y = h / 2; y < h; y++)
    {
      guint run = 0;

      for (guint x = w / 2; x < w; x++)
        {
          const guint8 *p = png + 3 * ((gsize) y * w + x);

          if (!same_rgb (png, (gsize) y * w + x, argb[(y / f) * (w / f) + x / f]))
            {
              box[0] = MIN (box[0], x);
              box[1] = MIN (box[1], y);
              box[2] = MAX (box[2], x + 1);
              box[3] = MAX (box[3], y + 1);
            }
          if (p[0] == 255 && p[1] == 255 && p[2] == 255)
            {
              run++;
              best = MAX (best, run);
            }
          else
            run = 0;
        }
    }
  return best;
}

/* sc_export_upscale(): each pixel an exact block, padding of the rows left behind. */
static void
test_upscale (void)
{
  const guint w = 5, h = 3, bpp = 3, f = 3;
  gsize stride = w * bpp + 7;
  g_autofree guint8 *src = g_malloc0 (stride * h);
  g_autofree guint8 *big = NULL;
  g_autoptr(GError) error = NULL;

  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w * bpp; x++)
      src[y * stride + x] = (guint8) (y * 50 + x * 3 + 1);
  big = sc_export_upscale (src, w, h, stride, bpp, f, &error);
  g_assert_no_error (error);
  for (guint y = 0; y < h * f; y++)
    for (guint x = 0; x < w * f; x++)
      g_assert_cmpmem (big + ((gsize) y * w * f + x) * bpp, bpp,
                       src + (y / f) * stride + (x / f) * bpp, bpp);
}

/* A 2x PNG is the 1x PNG enlarged: 2W x 2H, each 2x2 block the 1x pixel; with the bars,
 * so outside them, the colour bar's strip twice as high, the scale bar twice as long (the
 * same 20 µm) and its label drawn twice as large. */
static void
test_scale (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autoptr(ScStack) stack = make_stack_sized (1, 400, 300);
  g_autoptr(ScStack) result = project (stack, SC_PROJECTION_MAX);
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *argb = NULL;
  ScRenderParams params;
  ScExportPngOptions options;
  guint w = sc_stack_get_width (result), h = sc_stack_get_height (result);
  guint run[2], bar_h[2], box[2][4];

  sc_render_params_init (&params, 0, 65535, SC_COLORMAP_VIRIDIS);
  argb = sc_export_render_plane (result, 0, 0, 0, &params, FALSE, &error);
  g_assert_no_error (error);

  sc_export_png_options_init (&options);
  g_assert_cmpuint (options.scale, ==, 1);
  options.params = &params;
  for (guint f = 2; f <= SC_EXPORT_PNG_MAX_SCALE; f++)
    {
      g_autofree char *path = g_strdup_printf ("%s/plain-%u.png", dir, f);
      g_autofree guint8 *png = NULL;
      ScPngInfo info;

      options.scale = f;
      g_assert_true (sc_export_png (result, 0, 0, 0, &options, path, NULL, &error));
      g_assert_no_error (error);
      png = read_png (path, &info);
      g_assert_cmpuint (info.width, ==, f * w);
      g_assert_cmpuint (info.height, ==, f * h);
      for (guint y = 0; y < f * h; y++)
        for (guint x = 0; x < f * w; x++)
          g_assert_true (same_rgb (png, (gsize) y * f * w + x, argb[(y / f) * w + x / f]));
    }

  options.color_bar = TRUE;
  options.scale_bar = TRUE;
  for (guint f = 1; f <= 2; f++)
    {
      g_autofree char *path = g_strdup_printf ("%s/bars-%u.png", dir, f);
      g_autofree guint8 *png = NULL;
      ScPngInfo info;

      options.scale = f;
      g_assert_true (sc_export_png (result, 0, 0, 0, &options, path, NULL, &error));
      g_assert_no_error (error);
      png = read_png (path, &info);
      g_assert_cmpuint (info.width, ==, f * w);
      g_assert_cmpuint (info.height, >, f * h);
      bar_h[f - 1] = info.height - f * h;
      for (guint y = 0; y < f * h; y++)
        for (guint x = 0; x < f * w; x++)
          if (x < f * w / 2 || y < f * h / 3)
            g_assert_true (same_rgb (png, (gsize) y * f * w + x, argb[(y / f) * w + x / f]));
      run[f - 1] = longest_white_run (png, f * w, f * h, argb, f, box[f - 1]);
    }
  g_assert_cmpuint (bar_h[1], ==, 2 * bar_h[0]);
  /* 400 pixels of 0.25 µm: a bar of 20 µm, 80 pixels at 1x less its outline */
  g_test_message ("scale bar fill: %u pixels at 1x, %u at 2x", run[0], run[1]);
  g_assert_cmpuint (run[0], >=, 76);
  g_assert_cmpuint (run[0], <=, 80);
  g_assert_cmpuint (run[1], >=, 2 * run[0] - 2);
  g_assert_cmpuint (run[1], <=, 2 * run[0] + 2);
  /* bar and label: where they were, twice as large (their edges within a pixel or two) */
  for (guint i = 0; i < 4; i++)
    {
      g_test_message ("annotation bound %u: %u at 1x, %u at 2x", i, box[0][i], box[1][i]);
      g_assert_cmpuint (box[1][i] + 2, >=, 2 * box[0][i]);
      g_assert_cmpuint (box[1][i], <=, 2 * box[0][i] + 2);
    }
  g_assert_cmpuint (box[0][3] - box[0][1], >, 15);
}

/* Raw 16-bit gray values at 3x: the values themselves, each a 3x3 block. */
static void
test_scale_raw16 (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "raw-x3.png", NULL);
  g_autoptr(ScStack) stack = make_stack (1);
  g_autoptr(ScStack) result = project (stack, SC_PROJECTION_MAX);
  g_autoptr(GError) error = NULL;
  g_autofree guint16 *plane = g_malloc (sc_stack_get_plane_size (result));
  g_autofree guint16 *png = NULL;
  ScExportPngOptions options;
  ScPngInfo info;
  guint w = sc_stack_get_width (result), h = sc_stack_get_height (result);

  sc_export_png_options_init (&options);
  options.mode = SC_EXPORT_PNG_RAW16;
  options.scale = 3;
  g_assert_true (sc_export_png (result, 0, 0, 0, &options, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sc_stack_read_plane (result, 0, plane, NULL));
  png = (guint16 *) (gpointer) read_png (path, &info);
  g_assert_cmpuint (info.width, ==, 3 * w);
  g_assert_cmpuint (info.height, ==, 3 * h);
  g_assert_cmpuint (info.bit_depth, ==, 16);
  for (guint y = 0; y < 3 * h; y++)
    for (guint x = 0; x < 3 * w; x++)
      g_assert_cmpuint (png[(gsize) y * 3 * w + x], ==, plane[(y / 3) * w + x / 3]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/export-png/rendered", test_rendered);
  g_test_add_func ("/core/export-png/composite", test_composite);
  g_test_add_func ("/core/export-png/bars", test_bars);
  g_test_add_func ("/core/export-png/raw16", test_raw16);
  g_test_add_func ("/core/export-png/tiff-float", test_tiff_float);
  g_test_add_func ("/core/export-png/consent", test_consent);
  g_test_add_func ("/core/export-png/plane-names", test_plane_names);
  g_test_add_func ("/core/export-png/view", test_view);
  g_test_add_func ("/core/export-png/upscale", test_upscale);
  g_test_add_func ("/core/export-png/scale", test_scale);
  g_test_add_func ("/core/export-png/scale-raw16", test_scale_raw16);

  return g_test_run ();
}
