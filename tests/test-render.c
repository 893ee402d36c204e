/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-error.h"
#include "sc-render.h"
#include "sc-stack.h"
#include "sc-test-util.h"

#define GRAY(v) SC_RENDER_OPAQUE ((v), (v), (v))

static void
test_map_value (void)
{
  ScRenderParams p;

  sc_render_params_init (&p, 0, 255, SC_COLORMAP_GRAY);
  for (guint v = 0; v < 256; v++)
    g_assert_cmpuint (sc_render_map_value (&p, v), ==, v);

  sc_render_params_init (&p, 100, 1100, SC_COLORMAP_GRAY);
  g_assert_cmpuint (sc_render_map_value (&p, 50), ==, 0);
  g_assert_cmpuint (sc_render_map_value (&p, 100), ==, 0);
  g_assert_cmpuint (sc_render_map_value (&p, 350), ==, 64);
  g_assert_cmpuint (sc_render_map_value (&p, 600), ==, 128);
  g_assert_cmpuint (sc_render_map_value (&p, 1099), ==, 255);
  g_assert_cmpuint (sc_render_map_value (&p, 1100), ==, 255);
  g_assert_cmpuint (sc_render_map_value (&p, 70000), ==, 255);
  g_assert_cmpuint (sc_render_map_value (&p, NAN), ==, 0);

  /* gamma 0.5 brightens: a quarter of the range shows at half. */
  p.gamma = 0.5;
  g_assert_cmpuint (sc_render_map_value (&p, 350), ==, 128);
  p.gamma = 2.0;
  g_assert_cmpuint (sc_render_map_value (&p, 600), ==, 64);

  /* log: log (1 + 15) / log (1 + 255) = 1/2 */
  sc_render_params_init (&p, 0, 255, SC_COLORMAP_GRAY);
  p.log_scale = TRUE;
  g_assert_cmpuint (sc_render_map_value (&p, 15), ==, 128);
  g_assert_cmpuint (sc_render_map_value (&p, 0), ==, 0);
  g_assert_cmpuint (sc_render_map_value (&p, 255), ==, 255);

  /* an empty range thresholds at max */
  sc_render_params_init (&p, 10, 10, SC_COLORMAP_GRAY);
  g_assert_cmpuint (sc_render_map_value (&p, 9), ==, 0);
  g_assert_cmpuint (sc_render_map_value (&p, 10), ==, 255);
}

static void
test_render_u16 (void)
{
  static const guint16 plane[2][4] = {
    { 50, 100, 350, 600 },
    { 1100, 2000, 65535, 0 },
  };
  static const guint32 want[2][4] = {
    { GRAY (0), GRAY (0), GRAY (64), GRAY (128) },
    { GRAY (255), GRAY (255), GRAY (255), GRAY (0) },
  };
  guint32 out[2][4];
  ScRenderParams p;
  g_autoptr(ScRenderTable) table = NULL;

  sc_render_params_init (&p, 100, 1100, SC_COLORMAP_GRAY);
  table = sc_render_table_new (&p, SC_SAMPLE_U16);
  sc_render_plane (table, plane, sizeof plane[0], 4, 2, &out[0][0], sizeof out[0]);
  for (guint y = 0; y < 2; y++)
    for (guint x = 0; x < 4; x++)
      g_assert_cmphex (out[y][x], ==, want[y][x]);

  /* little-endian hosts store the bytes as B, G, R, A: cairo's ARGB32 / GDK_MEMORY_DEFAULT */
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    {
      const guint8 *bytes = (const guint8 *) &out[0][2];

      g_assert_cmpuint (bytes[3], ==, 255);
      g_assert_cmpuint (bytes[0], ==, 64);
    }
}

static void
test_render_lut_and_types (void)
{
  static const guint8 u8[3] = { 0, 128, 255 };
  static const gint16 i16[3] = { -1000, 0, 1000 };
  static const float f32[3] = { -0.5f, 0.5f, NAN };
  const guint8 *viridis = sc_colormap_get_table (SC_COLORMAP_VIRIDIS);
  guint32 out[3];
  ScRenderParams p;
  ScRenderTable *table;

  sc_render_params_init (&p, 0, 255, SC_COLORMAP_VIRIDIS);
  table = sc_render_table_new (&p, SC_SAMPLE_U8);
  sc_render_plane (table, u8, 3, 3, 1, out, sizeof out);
  for (guint i = 0; i < 3; i++)
    g_assert_cmphex (out[i], ==, SC_RENDER_OPAQUE (viridis[u8[i] * 3], viridis[u8[i] * 3 + 1],
                                                   viridis[u8[i] * 3 + 2]));
  sc_render_table_free (table);

  sc_render_params_init (&p, -1000, 1000, SC_COLORMAP_INVERTED_GRAY);
  table = sc_render_table_new (&p, SC_SAMPLE_I16);
  sc_render_plane (table, i16, sizeof i16, 3, 1, out, sizeof out);
  g_assert_cmphex (out[0], ==, GRAY (255));
  g_assert_cmphex (out[1], ==, GRAY (127));
  g_assert_cmphex (out[2], ==, GRAY (0));
  sc_render_table_free (table);

  sc_render_params_init (&p, -1, 1, SC_COLORMAP_RED);
  table = sc_render_table_new (&p, SC_SAMPLE_F32);
  sc_render_plane (table, f32, sizeof f32, 3, 1, out, sizeof out);
  g_assert_cmphex (out[0], ==, SC_RENDER_OPAQUE (64, 0, 0));
  g_assert_cmphex (out[1], ==, SC_RENDER_OPAQUE (192, 0, 0));
  g_assert_cmphex (out[2], ==, SC_RENDER_OPAQUE (0, 0, 0));
  sc_render_table_free (table);

  /* a file's own palette replaces the colormap */
  {
    guint8 palette[256 * 3] = { 0 };

    palette[128 * 3 + 0] = 1;
    palette[128 * 3 + 1] = 2;
    palette[128 * 3 + 2] = 3;
    sc_render_params_init (&p, 0, 255, SC_COLORMAP_GRAY);
    sc_render_params_set_lut (&p, palette);
    table = sc_render_table_new (&p, SC_SAMPLE_U8);
    memset (palette, 0, sizeof palette);   /* the table keeps its own copy */
    sc_render_plane (table, u8, 3, 3, 1, out, sizeof out);
    g_assert_cmphex (out[1], ==, SC_RENDER_OPAQUE (1, 2, 3));
    sc_render_table_free (table);
  }
}

static void
test_render_rgb (void)
{
  static const guint8 rgb[2 * 3] = { 255, 128, 0, 10, 20, 30 };
  guint32 out[2];
  ScRenderParams p;
  g_autoptr(ScRenderTable) table = NULL;

  sc_render_params_init (&p, 0, 255, SC_COLORMAP_GRAY);
  table = sc_render_table_new (&p, SC_SAMPLE_U8);
  sc_render_rgb (table, rgb, sizeof rgb, 3, 2, 1, out, sizeof out);
  g_assert_cmphex (out[0], ==, SC_RENDER_OPAQUE (255, 128, 0));
  g_assert_cmphex (out[1], ==, SC_RENDER_OPAQUE (10, 20, 30));
}

static void
test_composite (void)
{
  /* channel 0 maps 0..1000 through green, channel 1 0..100 through magenta */
  static const guint16 c0[3] = { 0, 500, 1000 };
  static const guint16 c1[3] = { 25, 50, 100 };
  const gconstpointer srcs[2] = { c0, c1 };
  ScRenderTable *tables[2];
  ScRenderParams p;
  guint32 out[3];

  sc_render_params_init (&p, 0, 1000, SC_COLORMAP_GREEN);
  tables[0] = sc_render_table_new (&p, SC_SAMPLE_U16);
  sc_render_params_init (&p, 0, 100, SC_COLORMAP_MAGENTA);
  tables[1] = sc_render_table_new (&p, SC_SAMPLE_U16);

  sc_render_composite (tables, srcs, 2, sizeof c0, 3, 1, out, sizeof out);
  g_assert_cmphex (out[0], ==, SC_RENDER_OPAQUE (64, 0, 64));
  g_assert_cmphex (out[1], ==, SC_RENDER_OPAQUE (128, 128, 128));
  g_assert_cmphex (out[2], ==, SC_RENDER_OPAQUE (255, 255, 255));
  sc_render_table_free (tables[1]);

  /* overlapping colours add and clamp: red 128 + magenta 255 */
  sc_render_params_init (&p, 0, 100, SC_COLORMAP_RED);
  tables[1] = sc_render_table_new (&p, SC_SAMPLE_U16);
  sc_render_composite (tables, srcs, 2, sizeof c0, 3, 1, out, sizeof out);
  g_assert_cmphex (out[1], ==, SC_RENDER_OPAQUE (128, 128, 0));
  sc_render_table_free (tables[1]);

  sc_render_params_init (&p, 0, 100, SC_COLORMAP_YELLOW);
  tables[1] = sc_render_table_new (&p, SC_SAMPLE_U16);
  sc_render_composite (tables, srcs, 2, sizeof c0, 3, 1, out, sizeof out);
  g_assert_cmphex (out[2], ==, SC_RENDER_OPAQUE (255, 255, 0));
  g_assert_cmphex (out[1], ==, SC_RENDER_OPAQUE (128, 255, 0));

  sc_render_table_free (tables[0]);
  sc_render_table_free (tables[1]);
}

static guint32
label_color (guint v)
{
  const guint8 *t = sc_colormap_get_table (SC_COLORMAP_LABELS);
  guint i = sc_colormap_label_index (v);

  return SC_RENDER_OPAQUE (t[3 * i], t[3 * i + 1], t[3 * i + 2]);
}

/* Renders values 0 .. n-1 of type (integer types) through params into out. */
static void
render_ramp (const ScRenderParams *params,
             ScSampleType          type,
             guint                 n,
             guint32              *out)
{
  gsize size = sc_sample_type_size (type);
  g_autofree guint8 *data = g_malloc0 (n * size);
  g_autoptr(ScRenderTable) table = sc_render_table_new (params, type);

  for (guint v = 0; v < n; v++)
    switch (type)
      {
      case SC_SAMPLE_U8:
        data[v] = v;
        break;
      case SC_SAMPLE_U16:
        ((guint16 *) (gpointer) data)[v] = v;
        break;
      case SC_SAMPLE_I16:
        ((gint16 *) (gpointer) data)[v] = v;
        break;
      case SC_SAMPLE_U32:
        ((guint32 *) (gpointer) data)[v] = v;
        break;
      case SC_SAMPLE_I32:
        ((gint32 *) (gpointer) data)[v] = v;
        break;
      case SC_SAMPLE_I8:
      case SC_SAMPLE_F32:
      default:
        g_assert_not_reached ();
      }
  sc_render_plane (table, data, n * size, n, 1, out, n * 4);
}

/* The Labels colormap on integer data: a colour by value, 0 black, labels 1..255
 * distinct, v and v + 255 alike, whatever the range, gamma and log scale. */
static void
test_labels (void)
{
  static const ScSampleType types[] = {
    SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_I16, SC_SAMPLE_U32, SC_SAMPLE_I32,
  };
  const guint n = 600;
  g_autofree guint32 *out = g_new (guint32, n);
  g_autofree guint32 *again = g_new (guint32, n);
  ScRenderParams p;

  for (guint k = 0; k < G_N_ELEMENTS (types); k++)
    {
      guint m = types[k] == SC_SAMPLE_U8 ? 256 : n;

      sc_render_params_init (&p, 0, m - 1, SC_COLORMAP_LABELS);
      g_assert_true (sc_render_params_by_label (&p, TRUE));
      render_ramp (&p, types[k], m, out);
      g_assert_cmphex (out[0], ==, SC_RENDER_OPAQUE (0, 0, 0));
      for (guint v = 1; v < m; v++)
        {
          g_assert_cmphex (out[v], ==, label_color (v));
          g_assert_cmphex (out[v], !=, SC_RENDER_OPAQUE (0, 0, 0));
          if (v > SC_COLORMAP_N_LABEL_COLORS)
            g_assert_cmphex (out[v], ==, out[v - SC_COLORMAP_N_LABEL_COLORS]);
          else
            for (guint w = 1; w < v; w++)
              g_assert_cmphex (out[v], !=, out[w]);
        }
      {
        g_autoptr(ScRenderTable) table = sc_render_table_new (&p, types[k]);

        g_assert_cmphex (sc_render_table_lookup (table, 3), ==, label_color (3));
        g_assert_cmphex (sc_render_table_lookup (table, 3 + SC_COLORMAP_N_LABEL_COLORS), ==,
                         label_color (3));
      }

      /* another range, gamma and log: the same colours */
      p.min = 17;
      p.max = 40;
      p.gamma = 2.5;
      p.log_scale = TRUE;
      render_ramp (&p, types[k], m, again);
      g_assert_cmpmem (out, m * 4, again, m * 4);
    }

  /* float data takes the table by range, as any colormap (value 1 and 256 differ) */
  {
    static const float f32[3] = { 0.0f, 1.0f, 256.0f };
    const guint8 *t = sc_colormap_get_table (SC_COLORMAP_LABELS);
    g_autoptr(ScRenderTable) table = NULL;
    guint32 px[3];

    sc_render_params_init (&p, 0, 256, SC_COLORMAP_LABELS);
    g_assert_false (sc_render_params_by_label (&p, FALSE));
    table = sc_render_table_new (&p, SC_SAMPLE_F32);
    sc_render_plane (table, f32, sizeof f32, 3, 1, px, sizeof px);
    for (guint i = 0; i < 3; i++)
      {
        guint8 e = sc_render_map_value (&p, f32[i]);

        g_assert_cmphex (px[i], ==, SC_RENDER_OPAQUE (t[3 * e], t[3 * e + 1], t[3 * e + 2]));
        g_assert_cmpuint (sc_render_map_sample (&p, FALSE, f32[i]), ==, e);
      }
    g_assert_cmphex (px[1], !=, px[2]);
    g_assert_cmpuint (sc_render_map_sample (&p, TRUE, 256), ==, 1);
  }

  /* a file's own LUT in place of the table maps by range again */
  {
    guint8 lut[256 * 3];

    for (guint i = 0; i < 256 * 3; i++)
      lut[i] = i / 3;
    sc_render_params_init (&p, 0, 255, SC_COLORMAP_LABELS);
    sc_render_params_set_lut (&p, lut);
    g_assert_false (sc_render_params_by_label (&p, TRUE));
  }

  /* in a composite, background adds nothing: the other channel shows through */
  {
    static const guint16 labels[3] = { 0, 1, 0 };
    static const guint16 signal[3] = { 100, 0, 50 };
    const gconstpointer srcs[2] = { labels, signal };
    ScRenderTable *tables[2];
    guint32 px[3];

    sc_render_params_init (&p, 0, 10, SC_COLORMAP_LABELS);
    tables[0] = sc_render_table_new (&p, SC_SAMPLE_U16);
    sc_render_params_init (&p, 0, 100, SC_COLORMAP_GREEN);
    tables[1] = sc_render_table_new (&p, SC_SAMPLE_U16);
    sc_render_composite (tables, srcs, 2, sizeof labels, 3, 1, px, sizeof px);
    g_assert_cmphex (px[0], ==, SC_RENDER_OPAQUE (0, 255, 0));
    g_assert_cmphex (px[1], ==, label_color (1));
    g_assert_cmphex (px[2], ==, SC_RENDER_OPAQUE (0, 128, 0));
    sc_render_table_free (tables[0]);
    sc_render_table_free (tables[1]);
  }
}

static void
test_histogram (void)
{
  g_autofree guint16 *ramp = g_new (guint16, 10000);
  g_autoptr(ScHistogram) hist = NULL;
  double lo, hi;

  /* 100 rows of 100: values 0..9999 once each */
  for (guint i = 0; i < 10000; i++)
    ramp[i] = i;

  hist = sc_histogram_new_for_type (SC_SAMPLE_U16, 0, 0);
  g_assert_cmpuint (hist->n_bins, ==, 65536);
  sc_histogram_add (hist, ramp, 200, 1, 100, 100);
  g_assert_cmpuint (hist->total, ==, 10000);
  g_assert_cmpfloat (hist->data_min, ==, 0);
  g_assert_cmpfloat (hist->data_max, ==, 9999);
  g_assert_cmpfloat_with_epsilon (sc_histogram_get_mean (hist), 4999.5, 1e-9);
  g_assert_cmpuint (hist->counts[1234], ==, 1);
  g_assert_cmpuint (hist->counts[10000], ==, 0);

  /* threshold = (int) (10000 * 0.35 / 200) = 17 samples each side may saturate */
  g_assert_true (sc_histogram_auto_contrast (hist, 0.35, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 17);
  g_assert_cmpfloat (hi, ==, 9982);
  g_assert_true (sc_histogram_auto_contrast (hist, 0, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 9999);

  /* a second add accumulates */
  sc_histogram_add (hist, ramp, 200, 1, 100, 1);
  g_assert_cmpuint (hist->total, ==, 10100);
  g_assert_cmpuint (hist->counts[99], ==, 2);

  sc_histogram_clear (hist);
  g_assert_false (sc_histogram_auto_contrast (hist, 0.35, &lo, &hi));
}

static void
test_histogram_float (void)
{
  static const float data[6] = { 0.0f, 0.25f, 0.5f, 0.75f, 1.0f, NAN };
  g_autoptr(ScHistogram) hist = sc_histogram_new (SC_SAMPLE_F32, 0, 1, 4);
  double lo, hi;

  sc_histogram_add (hist, data, sizeof data, 1, 6, 1);
  g_assert_cmpuint (hist->total, ==, 5);
  g_assert_cmpuint (hist->counts[0], ==, 1);
  g_assert_cmpuint (hist->counts[1], ==, 1);
  g_assert_cmpuint (hist->counts[2], ==, 1);
  g_assert_cmpuint (hist->counts[3], ==, 2);     /* 1.0 falls into the last bin */
  g_assert_cmpfloat (hist->data_max, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (sc_histogram_get_mean (hist), 0.5, 1e-9);
  g_assert_true (sc_plane_get_range (SC_SAMPLE_F32, data, sizeof data, 1, 5, 1, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 1);
  g_assert_cmpfloat (sc_plane_get_value (SC_SAMPLE_F32, data, sizeof data, 1, 2, 0, 0), ==, 0.5);
}

/* The real low-contrast time series holds only 477..576: auto-contrast must stretch it. */
static void
test_auto_contrast_lowcontrast (void)
{
  g_autofree char *path = sc_test_data_path ("timeseries-16bit-lowcontrast/stuck.tif");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScHistogram) hist = NULL;
  g_autoptr(ScRenderTable) table = NULL;
  g_autofree guint8 *plane = NULL;
  g_autofree guint32 *rgba = NULL;
  ScRenderParams p;
  guint w, h;
  guint dark = 0, bright = 0;
  double lo, hi;

  if (path == NULL)
    return;

  stack = sc_stack_open (path, NULL, &error);
  if (g_error_matches (error, SC_ERROR, SC_ERROR_UNSUPPORTED))
    {
      /* the TIFF reader is not in this build yet */
      g_test_skip (error->message);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (sc_stack_get_sample_type (stack), ==, SC_SAMPLE_U16);
  w = sc_stack_get_width (stack);
  h = sc_stack_get_height (stack);

  plane = g_malloc (sc_stack_get_plane_size (stack));
  g_assert_true (sc_stack_read_plane (stack, 0, plane, &error));
  g_assert_no_error (error);

  hist = sc_histogram_new_for_type (SC_SAMPLE_U16, 0, 0);
  sc_histogram_add (hist, plane, sc_stack_get_row_stride (stack), 1, w, h);
  g_assert_cmpfloat (hist->data_min, >=, 477);
  g_assert_cmpfloat (hist->data_max, <=, 576);

  g_assert_true (sc_histogram_auto_contrast (hist, 0.35, &lo, &hi));
  g_assert_cmpfloat (lo, >=, 477);
  g_assert_cmpfloat (hi, <=, 576);
  g_assert_cmpfloat (hi - lo, >=, 20);

  /* rendered with that range the plane spans dark to bright, not uniformly black */
  sc_render_params_init (&p, lo, hi, SC_COLORMAP_GRAY);
  table = sc_render_table_new (&p, SC_SAMPLE_U16);
  rgba = g_new (guint32, (gsize) w * h);
  sc_render_plane (table, plane, sc_stack_get_row_stride (stack), w, h, rgba, w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      guint v = rgba[i] & 0xff;

      dark += v < 64;
      bright += v > 192;
    }
  g_assert_cmpuint (dark, >, 0);
  g_assert_cmpuint (bright, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/render/map-value", test_map_value);
  g_test_add_func ("/core/render/u16", test_render_u16);
  g_test_add_func ("/core/render/lut-and-types", test_render_lut_and_types);
  g_test_add_func ("/core/render/rgb", test_render_rgb);
  g_test_add_func ("/core/render/composite", test_composite);
  g_test_add_func ("/core/render/labels", test_labels);
  g_test_add_func ("/core/render/histogram", test_histogram);
  g_test_add_func ("/core/render/histogram-float", test_histogram_float);
  g_test_add_func ("/core/render/auto-contrast-lowcontrast", test_auto_contrast_lowcontrast);

  return g_test_run ();
}
