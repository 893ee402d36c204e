/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-display-tiles"

#include "config.h"

#include <string.h>

#include "sc-display-tiles.h"
#include "sc-memory-source.h"
#include "sc-source.h"
#include "sc-render-view.h"
#include "sc-test-util.h"
#include "sc-view-state.h"

#define TILE_BYTES ((gsize) SC_DISPLAY_TILE_SIZE * SC_DISPLAY_TILE_SIZE * 4)

/* A source that can only read rows, and records the first row of every read. */
#define TEST_TYPE_ROWS_SOURCE (test_rows_source_get_type ())
G_DECLARE_FINAL_TYPE (TestRowsSource, test_rows_source, TEST, ROWS_SOURCE, ScSource)

struct _TestRowsSource
{
  ScSource  parent_instance;
  GMutex    lock;
  GArray   *reads;
  gulong    delay_us;   /* per read: a slow disk */
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
  ScStackInfo *info = sc_source_get_info (source);

  g_mutex_lock (&self->lock);
  g_array_append_val (self->reads, y0);
  g_mutex_unlock (&self->lock);
  if (self->delay_us > 0)
    g_usleep (self->delay_us);
  memset (dest, (int) y0, (gsize) n_rows * info->width);
  return TRUE;
}

static void
test_rows_source_finalize (GObject *object)
{
  TestRowsSource *self = TEST_ROWS_SOURCE (object);

  g_array_unref (self->reads);
  g_mutex_clear (&self->lock);
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
  g_mutex_init (&self->lock);
  self->reads = g_array_new (FALSE, FALSE, sizeof (guint));
}

static ScStack *
make_stack (guint w,
            guint h,
            guint nz)
{
  gsize n = (gsize) w * h * nz;
  guint16 *data = g_new (guint16, n);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < n; i++)
    data[i] = (guint16) ((i * 2654435761u) >> 11);
  bytes = g_bytes_new_take (data, n * 2);
  return sc_memory_stack_new ("generated", w, h, 1, nz, 1, SC_SAMPLE_U16, 1, bytes);
}

static ScDisplayTiles *
make_tiles (ScViewState *state,
            gsize        budget)
{
  ScDisplayTiles *tiles = sc_display_tiles_new (budget);
  g_autoptr(ScViewSnapshot) view = sc_view_state_snapshot (state);

  sc_display_tiles_set_async (tiles, FALSE);
  sc_display_tiles_set_view (tiles, view);
  return tiles;
}

/* The tile's pixels are sc_render_view_region() of its rectangle. */
static void
assert_tile_pixels (ScDisplayTile  *tile,
                    ScViewSnapshot *view)
{
  guint level = sc_display_tile_get_level (tile);
  guint x = sc_display_tile_get_tx (tile) * SC_DISPLAY_TILE_SIZE;
  guint y = sc_display_tile_get_ty (tile) * SC_DISPLAY_TILE_SIZE;
  guint w, h, lw, lh;
  GBytes *pixels = sc_display_tile_get_pixels (tile, &w, &h);
  g_autofree guint32 *expected = NULL;

  sc_render_view_level_size (sc_view_snapshot_get_width (view),
                             sc_view_snapshot_get_height (view), level, &lw, &lh);
  g_assert_cmpuint (w, ==, MIN (SC_DISPLAY_TILE_SIZE, lw - x));
  g_assert_cmpuint (h, ==, MIN (SC_DISPLAY_TILE_SIZE, lh - y));
  g_assert_cmpuint (sc_display_tile_get_serial (tile), ==, sc_view_snapshot_get_serial (view));
  expected = g_new (guint32, (gsize) w * h);
  g_assert_true (sc_render_view_region (view, level, x, y, w, h, expected, (gsize) w * 4,
                                        NULL, NULL));
  g_assert_cmpmem (g_bytes_get_data (pixels, NULL), g_bytes_get_size (pixels),
                   expected, (gsize) w * h * 4);
}

static ScStack *
make_rows_stack (guint            width,
                 guint            height,
                 TestRowsSource **out_source)
{
  g_autoptr(TestRowsSource) source = g_object_new (TEST_TYPE_ROWS_SOURCE, NULL);
  ScStackInfo *info = sc_source_get_info (SC_SOURCE (source));

  info->format = g_strdup ("test");
  info->width = width;
  info->height = height;
  info->n_channels = info->n_slices = info->n_frames = 1;
  info->sample_type = SC_SAMPLE_U8;
  info->samples_per_pixel = 1;
  *out_source = source;
  return sc_stack_new_for_source (SC_SOURCE (source), "rows");
}

/* The tiles asked most recently are made first. */
static void
test_order (void)
{
  TestRowsSource *source;
  g_autoptr(ScStack) stack = make_rows_stack (100, 4 * SC_DISPLAY_TILE_SIZE, &source);
  g_autoptr(ScViewState) state = NULL;
  g_autoptr(ScDisplayTiles) tiles = NULL;
  static const guint expected[] = { 0, 3, 2, 1 };
  gboolean exact;
  guint n = 0;

  state = sc_view_state_new (stack);
  tiles = make_tiles (state, 64 * TILE_BYTES);

  for (guint ty = 0; ty < 4; ty++)
    g_assert_null (sc_display_tiles_lookup (tiles, 0, 0, ty, &exact));
  g_assert_null (sc_display_tiles_lookup (tiles, 0, 0, 0, &exact));
  g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));

  /* each tile reads its rows in bands, from its first row on */
  for (guint i = 0; i < source->reads->len; i++)
    {
      guint y0 = g_array_index (source->reads, guint, i);

      if (y0 % SC_DISPLAY_TILE_SIZE != 0)
        continue;
      g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
      g_assert_cmpuint (y0 / SC_DISPLAY_TILE_SIZE, ==, expected[n]);
      n++;
    }
  g_assert_cmpuint (n, ==, 4);
}

static void
count_calls (guint *n)
{
  (*n)++;
}

static void
test_pixels (void)
{
  g_autoptr(ScStack) stack = make_stack (600, 300, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScDisplayTiles) tiles = make_tiles (state, 64 * TILE_BYTES);
  ScViewSnapshot *view = sc_display_tiles_get_view (tiles);
  g_autoptr(GError) error = NULL;
  gboolean exact = TRUE;

  /* nothing yet: everything is queued */
  for (guint level = 0; level < 3; level++)
    for (guint ty = 0; ty < 2; ty++)
      for (guint tx = 0; tx < 3; tx++)
        {
          ScDisplayTile *tile = sc_display_tiles_lookup (tiles, level, tx, ty, &exact);

          g_assert_null (tile);
          g_assert_false (exact);
        }
  /* level 0 has 3 x 2 tiles, level 1 (300 x 150) 2 x 1, level 2 one */
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 6 + 2 + 1);
  /* outside the level: nothing, nothing queued */
  g_assert_null (sc_display_tiles_lookup (tiles, 1, 0, 1, &exact));
  g_assert_null (sc_display_tiles_lookup (tiles, 0, 3, 0, &exact));
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 9);

  g_assert_true (sc_display_tiles_fill_sync (tiles, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 0);

  for (guint level = 0; level < 3; level++)
    for (guint ty = 0; ty < 2; ty++)
      for (guint tx = 0; tx < 3; tx++)
        {
          g_autoptr(ScDisplayTile) tile = sc_display_tiles_lookup (tiles, level, tx, ty, &exact);

          if (level > 0 && (ty > 0 || tx >= 3 - level))
            continue;
          g_assert_nonnull (tile);
          g_assert_true (exact);
          g_assert_cmpuint (sc_display_tile_get_level (tile), ==, level);
          assert_tile_pixels (tile, view);
        }
  g_assert_cmpuint (sc_display_tiles_get_n_bytes (tiles), ==,
                    (600 * 300 + 300 * 150 + 150 * 75) * 4);
}

static void
test_eviction (void)
{
  g_autoptr(ScStack) stack = make_stack (1280, 1280, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  gsize budget = 3 * TILE_BYTES + TILE_BYTES / 2;
  g_autoptr(ScDisplayTiles) tiles = make_tiles (state, budget);
  g_autoptr(ScDisplayTile) kept = NULL;
  gboolean exact;

  /* 5 x 5 tiles, one a frame */
  for (guint i = 0; i < 25; i++)
    {
      sc_display_tiles_begin_frame (tiles);
      g_assert_null (sc_display_tiles_lookup (tiles, 0, i % 5, i / 5, &exact));
      /* the first tile is used every frame: the least recently used go instead */
      g_clear_pointer (&kept, sc_display_tile_unref);
      kept = sc_display_tiles_lookup (tiles, 0, 0, 0, &exact);
      g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));
      g_assert_cmpuint (sc_display_tiles_get_n_bytes (tiles), <=, budget);
    }
  g_assert_cmpuint (sc_display_tiles_get_peak_bytes (tiles), <=, budget + TILE_BYTES);
  g_assert_cmpuint (sc_display_tiles_get_n_bytes (tiles), ==, 3 * TILE_BYTES);

  /* the last two and the one used every frame are held, no other */
  g_clear_pointer (&kept, sc_display_tile_unref);
  kept = sc_display_tiles_lookup (tiles, 0, 0, 0, &exact);
  g_assert_true (exact);
  g_clear_pointer (&kept, sc_display_tile_unref);
  kept = sc_display_tiles_lookup (tiles, 0, 4, 4, &exact);
  g_assert_true (exact);
  g_clear_pointer (&kept, sc_display_tile_unref);
  kept = sc_display_tiles_lookup (tiles, 0, 3, 4, &exact);
  g_assert_true (exact);
  g_clear_pointer (&kept, sc_display_tile_unref);
  kept = sc_display_tiles_lookup (tiles, 0, 2, 4, &exact);
  g_assert_false (exact);
  g_assert_null (kept);

  /* a tile handed out outlives its eviction */
  kept = sc_display_tiles_lookup (tiles, 0, 4, 4, &exact);
  sc_display_tiles_begin_frame (tiles);
  sc_display_tiles_set_budget (tiles, 0);
  g_assert_cmpuint (sc_display_tiles_get_n_bytes (tiles), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (sc_display_tile_get_pixels (kept, NULL, NULL)), ==,
                    TILE_BYTES);
}

/* What one frame draws stays, over the budget: evicting it would have it made again. */
static void
test_frame_kept (void)
{
  g_autoptr(ScStack) stack = make_stack (1024, 256, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScDisplayTiles) tiles = make_tiles (state, TILE_BYTES);
  gboolean exact;

  sc_display_tiles_begin_frame (tiles);
  for (guint tx = 0; tx < 3; tx++)
    g_assert_null (sc_display_tiles_lookup (tiles, 0, tx, 0, &exact));
  g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));
  g_assert_cmpuint (sc_display_tiles_get_n_bytes (tiles), ==, 3 * TILE_BYTES);
  for (guint tx = 0; tx < 3; tx++)
    {
      g_autoptr(ScDisplayTile) tile = sc_display_tiles_lookup (tiles, 0, tx, 0, &exact);

      g_assert_true (exact);
    }

  /* the next frame draws another tile: the others go */
  sc_display_tiles_begin_frame (tiles);
  g_assert_null (sc_display_tiles_lookup (tiles, 0, 3, 0, &exact));
  g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));
  g_assert_cmpuint (sc_display_tiles_get_n_bytes (tiles), ==, TILE_BYTES);
  g_assert_cmpuint (sc_display_tiles_get_peak_bytes (tiles), ==, 3 * TILE_BYTES);
}

static void
test_coarse_fallback (void)
{
  g_autoptr(ScStack) stack = make_stack (1100, 700, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScDisplayTiles) tiles = make_tiles (state, 64 * TILE_BYTES);
  gboolean exact = TRUE;

  g_assert_null (sc_display_tiles_lookup (tiles, 2, 0, 0, &exact));
  g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));

  /* level 0 tile (1, 2) lies in level 2's tile (0, 0) */
  for (guint ty = 0; ty < 3; ty++)
    for (guint tx = 0; tx < 4; tx++)
      {
        g_autoptr(ScDisplayTile) tile = sc_display_tiles_lookup (tiles, 0, tx, ty, &exact);

        g_assert_nonnull (tile);
        g_assert_false (exact);
        g_assert_cmpuint (sc_display_tile_get_level (tile), ==, 2);
      }
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 12);

  /* with level 1's first tile ready, it stands in for the level 0 tiles it covers, the
   * nearest coarser level first */
  sc_display_tiles_begin_frame (tiles);
  sc_display_tiles_begin_frame (tiles);
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 0);
  {
    g_autoptr(ScDisplayTile) stand_in = sc_display_tiles_lookup (tiles, 1, 0, 0, &exact);

    g_assert_nonnull (stand_in);
    g_assert_false (exact);
    g_assert_cmpuint (sc_display_tile_get_level (stand_in), ==, 2);
  }
  g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));
  {
    g_autoptr(ScDisplayTile) a = sc_display_tiles_lookup (tiles, 0, 1, 1, &exact);
    g_autoptr(ScDisplayTile) b = sc_display_tiles_lookup (tiles, 0, 2, 1, &exact);

    g_assert_false (exact);
    g_assert_cmpuint (sc_display_tile_get_level (a), ==, 1);
    g_assert_cmpuint (sc_display_tile_get_level (b), ==, 2);
  }
}

static void
test_invalidation (void)
{
  g_autoptr(ScStack) stack = make_stack (300, 200, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScDisplayTiles) tiles = make_tiles (state, 64 * TILE_BYTES);
  g_autoptr(ScDisplayTile) old = NULL;
  gboolean exact;

  g_assert_null (sc_display_tiles_lookup (tiles, 0, 0, 0, &exact));
  g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));
  old = sc_display_tiles_lookup (tiles, 0, 0, 0, &exact);
  g_assert_true (exact);

  for (guint change = 0; change < 2; change++)
    {
      g_autoptr(ScViewSnapshot) view = NULL;
      g_autoptr(ScDisplayTile) stand_in = NULL;
      g_autoptr(ScDisplayTile) fresh = NULL;
      guint n_notify = 0;
      gulong id;

      if (change == 0)
        sc_view_state_set_range (state, 0, 1000, 9000);
      else
        sc_view_state_set_colormap (state, 0, SC_COLORMAP_MAGMA);
      view = sc_view_state_snapshot (state);
      g_assert_cmpuint (sc_view_snapshot_get_serial (view), !=, sc_display_tile_get_serial (old));

      id = g_signal_connect_swapped (tiles, "notify::view", G_CALLBACK (count_calls), &n_notify);
      sc_display_tiles_set_view (tiles, view);
      sc_display_tiles_set_view (tiles, view);
      g_assert_cmpuint (n_notify, ==, 1);
      g_signal_handler_disconnect (tiles, id);
      g_assert_true (sc_display_tiles_get_view (tiles) == view);

      /* the old view's tile stands in, not as the answer */
      stand_in = sc_display_tiles_lookup (tiles, 0, 0, 0, &exact);
      g_assert_false (exact);
      g_assert_nonnull (stand_in);
      g_assert_cmpuint (sc_display_tile_get_serial (stand_in), ==,
                        sc_display_tile_get_serial (old));
      g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 1);

      g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));
      fresh = sc_display_tiles_lookup (tiles, 0, 0, 0, &exact);
      g_assert_true (exact);
      assert_tile_pixels (fresh, view);
      g_assert_false (g_bytes_equal (sc_display_tile_get_pixels (fresh, NULL, NULL),
                                     sc_display_tile_get_pixels (old, NULL, NULL)));
      g_clear_pointer (&old, sc_display_tile_unref);
      old = g_steal_pointer (&fresh);
    }

  /* a snapshot of the same pixels (zoom changed) keeps the tiles */
  sc_view_state_set_zoom (state, 3);
  sc_view_state_set_center (state, 5, 5);
  {
    g_autoptr(ScViewSnapshot) same = sc_view_state_snapshot (state);
    g_autoptr(ScDisplayTile) tile = NULL;

    sc_display_tiles_set_view (tiles, same);
    tile = sc_display_tiles_lookup (tiles, 0, 0, 0, &exact);
    g_assert_true (exact);
  }
}

static void
test_begin_frame (void)
{
  g_autoptr(ScStack) stack = make_stack (600, 600, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScDisplayTiles) tiles = make_tiles (state, 64 * TILE_BYTES);
  g_autoptr(ScDisplayTile) a = NULL;
  g_autoptr(ScDisplayTile) b = NULL;
  gboolean exact;

  sc_display_tiles_begin_frame (tiles);
  g_assert_null (sc_display_tiles_lookup (tiles, 0, 0, 0, &exact));
  g_assert_null (sc_display_tiles_lookup (tiles, 0, 1, 0, &exact));
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 2);
  /* asked in the frame just ended: kept */
  sc_display_tiles_begin_frame (tiles);
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 2);
  g_assert_null (sc_display_tiles_lookup (tiles, 0, 0, 0, &exact));
  /* (1, 0) was not asked in the last frame */
  sc_display_tiles_begin_frame (tiles);
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 1);
  g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));

  sc_display_tiles_begin_frame (tiles);
  a = sc_display_tiles_lookup (tiles, 0, 0, 0, &exact);
  g_assert_true (exact);
  b = sc_display_tiles_lookup (tiles, 0, 1, 0, &exact);
  g_assert_false (exact);
  g_assert_null (b);
  g_assert_cmpuint (sc_display_tiles_get_n_bytes (tiles), ==, TILE_BYTES);
}

/* Through the worker pool and the main loop. */
static void
test_async (void)
{
  g_autoptr(ScStack) stack = make_stack (1024, 1024, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScDisplayTiles) tiles = sc_display_tiles_new (64 * TILE_BYTES);
  g_autoptr(ScViewSnapshot) view = sc_view_state_snapshot (state);
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  guint n_ready = 0, n_iterations = 0, n_exact = 0;
  gboolean exact;

  sc_display_tiles_set_view (tiles, view);
  g_signal_connect_swapped (tiles, "tiles-ready", G_CALLBACK (count_calls), &n_ready);
  for (guint i = 0; i < 16; i++)
    g_assert_null (sc_display_tiles_lookup (tiles, 0, i % 4, i / 4, &exact));

  while (sc_display_tiles_get_n_pending (tiles) > 0 && g_get_monotonic_time () < deadline)
    {
      guint before = n_ready;

      g_main_context_iteration (NULL, TRUE);
      n_iterations++;
      /* one signal at most per main-loop iteration */
      g_assert_cmpuint (n_ready - before, <=, 1);
    }
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 0);
  g_assert_cmpuint (n_ready, >=, 1);
  g_assert_cmpuint (n_ready, <=, n_iterations);

  for (guint i = 0; i < 16; i++)
    {
      g_autoptr(ScDisplayTile) tile = sc_display_tiles_lookup (tiles, 0, i % 4, i / 4, &exact);

      n_exact += exact;
      assert_tile_pixels (tile, view);
    }
  g_assert_cmpuint (n_exact, ==, 16);
}

/* Tiles the workers finished are drawn by the next frame, with no main-loop iteration
 * between: sc_display_tiles_begin_frame() takes them, and the delivery queued for them
 * finds nothing left, so "tiles-ready" is not emitted for tiles already drawn. Without
 * that, this loop never sees an exact tile. */
static void
test_taken_at_frame (void)
{
  g_autoptr(ScStack) stack = make_stack (1024, 1024, 1);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScDisplayTiles) tiles = sc_display_tiles_new (64 * TILE_BYTES);
  g_autoptr(ScViewSnapshot) view = sc_view_state_snapshot (state);
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  guint n_ready = 0, n_exact = 0;

  sc_display_tiles_set_view (tiles, view);
  g_signal_connect_swapped (tiles, "tiles-ready", G_CALLBACK (count_calls), &n_ready);
  while (n_exact < 16)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
      sc_display_tiles_begin_frame (tiles);
      n_exact = 0;
      for (guint i = 0; i < 16; i++)
        {
          gboolean exact;
          g_autoptr(ScDisplayTile) tile = sc_display_tiles_lookup (tiles, 0, i % 4, i / 4, &exact);

          if (exact)
            {
              assert_tile_pixels (tile, view);
              n_exact++;
            }
        }
    }
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 0);

  /* the deliveries the workers queued run now, and have nothing to say */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (n_ready, ==, 0);
}

/* A cache disposed while its tiles are being made: the jobs finish, nothing leaks. */
static void
test_dispose_in_flight (void)
{
  TestRowsSource *source;
  ScStack *stack = make_rows_stack (2048, 2048, &source);
  ScViewState *state = sc_view_state_new (stack);
  ScViewSnapshot *view = sc_view_state_snapshot (state);
  ScDisplayTiles *tiles = sc_display_tiles_new (64 * TILE_BYTES);
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  gboolean exact;
  guint n_reads = 0;

  source->delay_us = 2000;
  sc_display_tiles_set_view (tiles, view);
  for (guint i = 0; i < 64; i++)
    g_assert_null (sc_display_tiles_lookup (tiles, 0, i % 8, i / 8, &exact));
  /* wait until a job is running */
  while (n_reads == 0 && g_get_monotonic_time () < deadline)
    {
      g_usleep (1000);
      g_mutex_lock (&source->lock);
      n_reads = source->reads->len;
      g_mutex_unlock (&source->lock);
    }
  g_assert_cmpuint (n_reads, >, 0);
  g_object_add_weak_pointer (G_OBJECT (tiles), (gpointer *) &tiles);
  g_object_unref (tiles);
  g_assert_null (tiles);

  /* the jobs still hold the snapshot, and with it the stack */
  g_object_add_weak_pointer (G_OBJECT (stack), (gpointer *) &stack);
  sc_view_snapshot_unref (view);
  g_object_unref (state);
  g_object_unref (stack);
  while (stack != NULL && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_null (stack);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/display-tiles/pixels", test_pixels);
  g_test_add_func ("/core/display-tiles/eviction", test_eviction);
  g_test_add_func ("/core/display-tiles/frame-kept", test_frame_kept);
  g_test_add_func ("/core/display-tiles/coarse-fallback", test_coarse_fallback);
  g_test_add_func ("/core/display-tiles/invalidation", test_invalidation);
  g_test_add_func ("/core/display-tiles/begin-frame", test_begin_frame);
  g_test_add_func ("/core/display-tiles/order", test_order);
  g_test_add_func ("/core/display-tiles/async", test_async);
  g_test_add_func ("/core/display-tiles/taken-at-frame", test_taken_at_frame);
  g_test_add_func ("/core/display-tiles/dispose-in-flight", test_dispose_in_flight);

  return g_test_run ();
}
