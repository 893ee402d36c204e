/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-render-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-export.h"
#include "sc-memory-source.h"
#include "sc-render-view.h"
#include "sc-source.h"
#include "sc-test-util.h"
#include "sc-view-state.h"

/* A source that only reads rows (as compressed TIFF does): nothing to peek at. */
#define TEST_TYPE_ROWS_SOURCE (test_rows_source_get_type ())
G_DECLARE_FINAL_TYPE (TestRowsSource, test_rows_source, TEST, ROWS_SOURCE, ScSource)

struct _TestRowsSource
{
  ScSource  parent_instance;
  ScSource *inner;
  guint     n_reads;
};

G_DEFINE_FINAL_TYPE (TestRowsSource, test_rows_source, SC_TYPE_SOURCE)

static gboolean
test_rows_source_read_rows (ScSource  *source,
                            guint      plane,
                            guint      y0,
                            guint      n_rows,
                            gpointer   dest,
                            GError   **error)
{
  TestRowsSource *self = TEST_ROWS_SOURCE (source);

  g_atomic_int_inc (&self->n_reads);
  return sc_source_read_rows (self->inner, plane, y0, n_rows, dest, error);
}

static void
test_rows_source_finalize (GObject *object)
{
  g_clear_object (&TEST_ROWS_SOURCE (object)->inner);
  G_OBJECT_CLASS (test_rows_source_parent_class)->finalize (object);
}

static void
test_rows_source_class_init (TestRowsSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_rows_source_finalize;
  SC_SOURCE_CLASS (klass)->read_rows = test_rows_source_read_rows;
}

static void
test_rows_source_init (TestRowsSource *self)
{
}

static ScSource *
make_source (guint        w,
             guint        h,
             guint        nc,
             guint        nz,
             ScSampleType type,
             guint        spp)
{
  gsize n = (gsize) w * h * nc * nz * spp;
  gsize size = sc_sample_type_size (type);
  guint8 *data = g_malloc (n * size);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < n; i++)
    {
      guint32 r = (guint32) ((i * 2654435761u) >> 7);

      switch (type)
        {
        case SC_SAMPLE_U8:
          data[i] = (guint8) r;
          break;
        case SC_SAMPLE_U16:
          ((guint16 *) (gpointer) data)[i] = (guint16) r;
          break;
        case SC_SAMPLE_F32:
          ((float *) (gpointer) data)[i] = (float) ((r % 10000) / 5000.0 - 0.5);
          break;
        case SC_SAMPLE_U32:
        case SC_SAMPLE_I8:
        case SC_SAMPLE_I16:
        case SC_SAMPLE_I32:
        default:
          g_assert_not_reached ();
        }
    }
  bytes = g_bytes_new_take (data, n * size);
  return sc_memory_source_new (w, h, nc, nz, 1, type, spp, bytes);
}

static ScStack *
make_stack (guint        w,
            guint        h,
            guint        nc,
            ScSampleType type,
            guint        spp)
{
  g_autoptr(ScSource) source = make_source (w, h, nc, 3, type, spp);

  return sc_stack_new_for_source (source, "generated");
}

static ScStack *
make_rows_stack (guint        w,
                 guint        h,
                 ScSampleType type,
                 TestRowsSource **out_source)
{
  g_autoptr(ScSource) inner = make_source (w, h, 1, 3, type, 1);
  g_autoptr(TestRowsSource) source = g_object_new (TEST_TYPE_ROWS_SOURCE, NULL);
  ScStackInfo *info = sc_source_get_info (SC_SOURCE (source));
  const ScStackInfo *from = sc_source_get_info (inner);

  info->format = g_strdup ("test");
  info->width = from->width;
  info->height = from->height;
  info->n_channels = from->n_channels;
  info->n_slices = from->n_slices;
  info->n_frames = from->n_frames;
  info->sample_type = from->sample_type;
  info->samples_per_pixel = from->samples_per_pixel;
  source->inner = g_steal_pointer (&inner);
  *out_source = source;
  return sc_stack_new_for_source (SC_SOURCE (source), "rows");
}

/* Level 0 of the view equals what export renders for the same settings. */
static void
assert_equals_export (ScViewState *state)
{
  ScStack *stack = sc_view_state_get_stack (state);
  guint nc = sc_view_state_get_n_channels (state);
  guint w = sc_stack_get_width (stack), h = sc_stack_get_height (stack);
  g_autofree ScRenderParams *params = g_new (ScRenderParams, nc);
  g_autoptr(ScViewSnapshot) snapshot = sc_view_state_snapshot (state);
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *expected = NULL;
  g_autoptr(GBytes) pixels = NULL;
  gsize size;

  for (guint c = 0; c < nc; c++)
    params[c] = *sc_view_state_get_params (state, c);
  expected = sc_export_render_plane (stack, sc_view_state_get_channel (state),
                                     sc_view_state_get_slice (state),
                                     sc_view_state_get_frame (state), params,
                                     sc_view_state_get_composite (state), &error);
  g_assert_no_error (error);
  pixels = sc_render_view_plane (snapshot, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pixels);
  g_assert_cmpmem (g_bytes_get_data (pixels, &size), g_bytes_get_size (pixels),
                   expected, (gsize) w * h * 4);
}

static void
test_level0_gray (void)
{
  static const ScSampleType types[] = { SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_F32 };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(ScStack) stack = make_stack (37, 23, 1, types[i], 1);
      g_autoptr(ScViewState) state = sc_view_state_new (stack);

      assert_equals_export (state);
      if (types[i] == SC_SAMPLE_F32)
        sc_view_state_set_range (state, 0, -0.3, 1.2);
      else
        sc_view_state_set_range (state, 0, 20, types[i] == SC_SAMPLE_U8 ? 200 : 40000);
      sc_view_state_set_colormap (state, 0, SC_COLORMAP_VIRIDIS);
      assert_equals_export (state);
      sc_view_state_set_gamma (state, 0, 0.6);
      sc_view_state_set_log_scale (state, 0, TRUE);
      sc_view_state_set_slice (state, 2);
      assert_equals_export (state);
    }
}

static void
test_level0_rgb (void)
{
  g_autoptr(ScStack) stack = make_stack (29, 17, 1, SC_SAMPLE_U8, 3);
  g_autoptr(ScStack) stack16 = make_stack (29, 17, 1, SC_SAMPLE_U16, 4);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewState) state16 = sc_view_state_new (stack16);

  assert_equals_export (state);
  sc_view_state_set_range (state, 0, 30, 220);
  assert_equals_export (state);
  sc_view_state_set_range (state16, 0, 1000, 50000);
  assert_equals_export (state16);
}

static void
test_level0_composite (void)
{
  g_autoptr(ScStack) stack = make_stack (37, 23, 3, SC_SAMPLE_U16, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewSnapshot) all = NULL;
  g_autoptr(ScViewSnapshot) some = NULL;
  g_autoptr(GBytes) all_pixels = NULL;
  g_autoptr(GBytes) some_pixels = NULL;

  g_assert_true (sc_view_state_get_composite (state));
  sc_view_state_set_range (state, 1, 1000, 30000);
  sc_view_state_set_gamma (state, 2, 1.7);
  assert_equals_export (state);
  all = sc_view_state_snapshot (state);
  all_pixels = sc_render_view_plane (all, NULL, NULL);

  /* a hidden channel is left out: only channel 1 shown is channel 1 alone */
  sc_view_state_set_visible (state, 0, FALSE);
  sc_view_state_set_visible (state, 2, FALSE);
  some = sc_view_state_snapshot (state);
  some_pixels = sc_render_view_plane (some, NULL, NULL);
  g_assert_false (g_bytes_equal (all_pixels, some_pixels));
  sc_view_state_set_composite (state, FALSE);
  sc_view_state_set_channel (state, 1);
  {
    g_autoptr(ScViewSnapshot) single = sc_view_state_snapshot (state);
    g_autoptr(GBytes) single_pixels = sc_render_view_plane (single, NULL, NULL);

    g_assert_true (g_bytes_equal (single_pixels, some_pixels));
  }
  assert_equals_export (state);

  /* every channel hidden: black */
  sc_view_state_set_composite (state, TRUE);
  sc_view_state_set_visible (state, 1, FALSE);
  {
    g_autoptr(ScViewSnapshot) none = sc_view_state_snapshot (state);
    g_autoptr(GBytes) none_pixels = sc_render_view_plane (none, NULL, NULL);
    const guint32 *p = g_bytes_get_data (none_pixels, NULL);

    for (guint i = 0; i < 37 * 23; i++)
      g_assert_cmphex (p[i], ==, 0xff000000u);
  }
}

static void
test_level0_palette (void)
{
  g_autoptr(ScSource) source = make_source (37, 23, 1, 1, SC_SAMPLE_U8, 1);
  ScStackInfo *info = sc_source_get_info (source);
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScViewState) state = NULL;
  g_autoptr(ScViewSnapshot) snapshot = NULL;
  g_autoptr(GBytes) pixels = NULL;
  const guint32 *p;
  const guint8 *u8;

  info->palette = g_malloc (256 * 3);
  for (guint i = 0; i < 256; i++)
    {
      info->palette[3 * i] = (guint8) (255 - i);
      info->palette[3 * i + 1] = (guint8) (i / 2);
      info->palette[3 * i + 2] = (guint8) (i * 7);
    }
  stack = sc_stack_new_for_source (source, "generated");
  state = sc_view_state_new (stack);
  sc_view_state_set_range (state, 0, 0, 255);
  assert_equals_export (state);

  snapshot = sc_view_state_snapshot (state);
  pixels = sc_render_view_plane (snapshot, NULL, NULL);
  p = g_bytes_get_data (pixels, NULL);
  u8 = sc_stack_peek_rows (stack, 0, 0, 1);
  g_assert_nonnull (u8);
  for (guint x = 0; x < 37; x++)
    g_assert_cmphex (p[x], ==, SC_RENDER_OPAQUE (255 - u8[x], u8[x] / 2, (guint8) (u8[x] * 7)));
}

/* The level-L image computed the long way: box means of the level-0 colours. */
static guint32 *
brute_force_level (const guint32 *full,
                   guint          w,
                   guint          h,
                   guint          level,
                   guint         *lw,
                   guint         *lh)
{
  guint box = 1u << level;
  guint32 *out;

  *lw = (w + box - 1) / box;
  *lh = (h + box - 1) / box;
  out = g_new (guint32, (gsize) *lw * *lh);
  for (guint oy = 0; oy < *lh; oy++)
    for (guint ox = 0; ox < *lw; ox++)
      {
        guint r = 0, g = 0, b = 0, n = 0;

        for (guint y = oy * box; y < MIN ((oy + 1) * box, h); y++)
          for (guint x = ox * box; x < MIN ((ox + 1) * box, w); x++)
            {
              guint32 v = full[(gsize) y * w + x];

              r += (v >> 16) & 0xff;
              g += (v >> 8) & 0xff;
              b += v & 0xff;
              n++;
            }
        out[(gsize) oy * *lw + ox] = SC_RENDER_OPAQUE ((r + n / 2) / n, (g + n / 2) / n,
                                                       (b + n / 2) / n);
      }
  return out;
}

static void
assert_levels (ScViewSnapshot *snapshot)
{
  guint w = sc_view_snapshot_get_width (snapshot), h = sc_view_snapshot_get_height (snapshot);
  g_autoptr(GBytes) full = sc_render_view_plane (snapshot, NULL, NULL);

  /* 1 to 3 sum whole boxes of a band's rows (several output rows a band), 4 a band a box,
   * 5 and 6 several bands a box, and partial boxes at the right and bottom */
  for (guint level = 1; level <= 6; level++)
    {
      guint lw, lh, sw, sh;
      g_autofree guint32 *expected = brute_force_level (g_bytes_get_data (full, NULL), w, h,
                                                        level, &lw, &lh);
      g_autofree guint32 *got = g_new0 (guint32, (gsize) lw * lh);
      g_autoptr(GError) error = NULL;

      sc_render_view_level_size (w, h, level, &sw, &sh);
      g_assert_cmpuint (sw, ==, lw);
      g_assert_cmpuint (sh, ==, lh);
      g_assert_true (sc_render_view_region (snapshot, level, 0, 0, lw, lh, got, (gsize) lw * 4,
                                            NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (got, (gsize) lw * lh * 4, expected, (gsize) lw * lh * 4);

      /* a part of the level, into a wider buffer, is that part of the whole */
      if (lw > 2 && lh > 2)
        {
          guint rx = 1, ry = 2, rw = lw - 2, rh = lh - 2, stride = lw + 3;
          g_autofree guint32 *part = g_new0 (guint32, (gsize) stride * rh);

          g_assert_true (sc_render_view_region (snapshot, level, rx, ry, rw, rh, part,
                                                (gsize) stride * 4, NULL, &error));
          for (guint y = 0; y < rh; y++)
            g_assert_cmpmem (part + (gsize) y * stride, rw * 4,
                             expected + (gsize) (y + ry) * lw + rx, rw * 4);
        }
    }
}

static void
test_levels (void)
{
  g_autoptr(ScStack) gray = make_stack (53, 37, 1, SC_SAMPLE_U16, 1);
  g_autoptr(ScStack) multi = make_stack (41, 27, 2, SC_SAMPLE_U8, 1);
  g_autoptr(ScStack) rgb = make_stack (19, 45, 1, SC_SAMPLE_U8, 3);
  g_autoptr(ScViewState) s1 = sc_view_state_new (gray);
  g_autoptr(ScViewState) s2 = sc_view_state_new (multi);
  g_autoptr(ScViewState) s3 = sc_view_state_new (rgb);
  g_autoptr(ScViewSnapshot) v1 = NULL;
  g_autoptr(ScViewSnapshot) v2 = NULL;
  g_autoptr(ScViewSnapshot) v3 = NULL;

  sc_view_state_set_colormap (s1, 0, SC_COLORMAP_FIRE);
  sc_view_state_set_range (s1, 0, 100, 50000);
  v1 = sc_view_state_snapshot (s1);
  assert_levels (v1);
  v2 = sc_view_state_snapshot (s2);
  assert_levels (v2);
  v3 = sc_view_state_snapshot (s3);
  assert_levels (v3);
}

/* Rows the source cannot hand out in place are read, and only those needed. */
static void
test_read_rows (void)
{
  TestRowsSource *source = NULL;
  g_autoptr(ScStack) stack = make_rows_stack (300, 70, SC_SAMPLE_U16, &source);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewSnapshot) snapshot = NULL;
  g_autofree guint32 *part = g_new (guint32, 10 * 3);
  g_autoptr(GBytes) full = NULL;
  guint before;

  g_assert_null (sc_stack_peek_rows (stack, 0, 0, 1));
  sc_view_state_set_range (state, 0, 0, 30000);
  assert_equals_export (state);

  snapshot = sc_view_state_snapshot (state);
  full = sc_render_view_plane (snapshot, NULL, NULL);
  before = source->n_reads;
  g_assert_true (sc_render_view_region (snapshot, 0, 5, 60, 10, 3, part, 40, NULL, NULL));
  /* 3 rows: one band, one read */
  g_assert_cmpuint (source->n_reads - before, ==, 1);
  for (guint y = 0; y < 3; y++)
    g_assert_cmpmem (part + y * 10, 40,
                     (const guint32 *) g_bytes_get_data (full, NULL) + (60 + y) * 300 + 5, 40);
  assert_levels (snapshot);
}

static void
test_cancelled (void)
{
  g_autoptr(ScStack) stack = make_stack (37, 23, 1, SC_SAMPLE_U16, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScViewSnapshot) snapshot = sc_view_state_snapshot (state);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pixels = NULL;

  g_cancellable_cancel (cancellable);
  pixels = sc_render_view_plane (snapshot, cancellable, &error);
  g_assert_null (pixels);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/render-view/level0-gray", test_level0_gray);
  g_test_add_func ("/core/render-view/level0-rgb", test_level0_rgb);
  g_test_add_func ("/core/render-view/level0-composite", test_level0_composite);
  g_test_add_func ("/core/render-view/level0-palette", test_level0_palette);
  g_test_add_func ("/core/render-view/levels", test_levels);
  g_test_add_func ("/core/render-view/read-rows", test_read_rows);
  g_test_add_func ("/core/render-view/cancelled", test_cancelled);

  return g_test_run ();
}
