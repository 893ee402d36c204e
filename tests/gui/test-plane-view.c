/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-plane-view"

#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "sc-demo-stack.h"
#include "sc-display-tiles.h"
#include "sc-memory-source.h"
#include "sc-plane-view.h"
#include "sc-render-view.h"
#include "sc-test-display.h"
#include "sc-view-state.h"

/* The plane view in a real window under Xvfb, painting a page's display tiles: what it
 * draws is read back through GSK's cairo renderer and compared with sc_render_view_region,
 * the one data -> pixels path. */

#define VIEW_SIZE 512
#define WAIT_US (20 * G_USEC_PER_SEC)

/* A source whose reads wait while its gate is closed: the tiles that need them cannot be
 * made, so what the view shows meanwhile is its stand-ins. */
#define TEST_TYPE_GATED_SOURCE (test_gated_source_get_type ())
G_DECLARE_FINAL_TYPE (TestGatedSource, test_gated_source, TEST, GATED_SOURCE, ScSource)

struct _TestGatedSource
{
  ScSource  parent_instance;
  GBytes   *data;
  gsize     row_stride;
};

G_DEFINE_FINAL_TYPE (TestGatedSource, test_gated_source, SC_TYPE_SOURCE)

static GMutex gate_mutex;
static GCond gate_cond;
static gboolean gate_closed;

static void
set_gate (gboolean closed)
{
  g_mutex_lock (&gate_mutex);
  gate_closed = closed;
  g_cond_broadcast (&gate_cond);
  g_mutex_unlock (&gate_mutex);
}

static gboolean
test_gated_source_read_rows (ScSource  *source,
                             guint      plane,
                             guint      y0,
                             guint      n_rows,
                             gpointer   dest,
                             GError   **error)
{
  TestGatedSource *self = TEST_GATED_SOURCE (source);
  const guint8 *data = g_bytes_get_data (self->data, NULL);

  g_mutex_lock (&gate_mutex);
  while (gate_closed)
    g_cond_wait (&gate_cond, &gate_mutex);
  g_mutex_unlock (&gate_mutex);

  memcpy (dest, data + (gsize) y0 * self->row_stride, (gsize) n_rows * self->row_stride);
  return TRUE;
}

static void
test_gated_source_finalize (GObject *object)
{
  g_clear_pointer (&TEST_GATED_SOURCE (object)->data, g_bytes_unref);
  G_OBJECT_CLASS (test_gated_source_parent_class)->finalize (object);
}

static void
test_gated_source_class_init (TestGatedSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_gated_source_finalize;
  SC_SOURCE_CLASS (klass)->read_rows = test_gated_source_read_rows;
}

static void
test_gated_source_init (TestGatedSource *self)
{
}

/* Noise over the whole 16-bit range: each pyramid level differs from the one below. */
static GBytes *
make_noise (guint width,
            guint height)
{
  gsize n = (gsize) width * height;
  guint16 *data = g_new (guint16, n);
  guint32 state = 12345;

  for (gsize i = 0; i < n; i++)
    {
      state = state * 1664525u + 1013904223u;
      data[i] = (guint16) (state >> 16);
    }
  return g_bytes_new_take (data, n * 2);
}

static ScStack *
make_u16_stack (guint width,
                guint height)
{
  g_autoptr(GBytes) data = make_noise (width, height);

  return sc_memory_stack_new ("noise", width, height, 1, 1, 1, SC_SAMPLE_U16, 1, data);
}

static ScStack *
make_gated_stack (guint width,
                  guint height)
{
  g_autoptr(TestGatedSource) source = g_object_new (TEST_TYPE_GATED_SOURCE, NULL);
  ScStackInfo *info = sc_source_get_info (SC_SOURCE (source));

  source->data = make_noise (width, height);
  source->row_stride = (gsize) width * 2;
  info->format = g_strdup ("Gated");
  info->width = width;
  info->height = height;
  info->n_channels = info->n_slices = info->n_frames = 1;
  info->sample_type = SC_SAMPLE_U16;
  info->samples_per_pixel = 1;
  return sc_stack_new_for_source (SC_SOURCE (source), "gated");
}

typedef struct {
  GtkWidget      *window;
  ScPlaneView    *view;
  ScViewState    *state;
  ScDisplayTiles *tiles;
  GskRenderer    *renderer;
  guint           n_ready;
} Fixture;

static void
count_ready (ScDisplayTiles *tiles,
             Fixture        *f)
{
  f->n_ready++;
}

static Fixture *
fixture_new (ScStack *stack)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScViewSnapshot) view = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  f->state = sc_view_state_new (stack);
  f->tiles = sc_display_tiles_new (256 << 20);
  g_signal_connect (f->tiles, "tiles-ready", G_CALLBACK (count_ready), f);
  view = sc_view_state_snapshot (f->state);
  sc_display_tiles_set_view (f->tiles, view);

  f->window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (f->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), VIEW_SIZE, VIEW_SIZE);
  f->view = SC_PLANE_VIEW (sc_plane_view_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  sc_plane_view_set_tiles (f->view, f->tiles);
  gtk_window_present (GTK_WINDOW (f->window));

  while (gtk_widget_get_width (GTK_WIDGET (f->view)) != VIEW_SIZE ||
         gtk_widget_get_height (GTK_WIDGET (f->view)) != VIEW_SIZE ||
         !gtk_widget_get_mapped (GTK_WIDGET (f->view)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_test_message ("the window renders with %s",
                  G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (f->window))));
  f->renderer = gsk_cairo_renderer_new ();
  gsk_renderer_realize (f->renderer, gtk_native_get_surface (GTK_NATIVE (f->window)), &error);
  g_assert_no_error (error);
  return f;
}

static void
fixture_free (Fixture *f)
{
  set_gate (FALSE);
  gsk_renderer_unrealize (f->renderer);
  g_object_unref (f->renderer);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->tiles);
  g_object_unref (f->state);
  g_free (f);
}

/* The widget's own paint, rendered and read back: VIEW_SIZE^2 0xAARRGGBB. Calling the
 * snapshot function (not the window's last frame) makes each call a fresh frame. */
static guint32 *
render_view (Fixture *f)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  guint32 *pixels = g_new0 (guint32, VIEW_SIZE * VIEW_SIZE);

  GTK_WIDGET_GET_CLASS (f->view)->snapshot (GTK_WIDGET (f->view), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    {
      g_autoptr(GdkTexture) texture = NULL;

      texture = gsk_renderer_render_texture (f->renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, VIEW_SIZE, VIEW_SIZE));
      g_assert_cmpint (gdk_texture_get_width (texture), ==, VIEW_SIZE);
      gdk_texture_download (texture, (guchar *) pixels, VIEW_SIZE * 4);
    }
  return pixels;
}

/* Draws until a frame asks for no tile it does not have. */
static void
wait_for_tiles (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  for (;;)
    {
      g_free (render_view (f));
      if (sc_display_tiles_get_n_pending (f->tiles) == 0)
        return;
      while (sc_display_tiles_get_n_pending (f->tiles) > 0)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
        }
    }
}

/* The level pixels that the widget rectangle shows, and where in the widget the image's
 * top-left corner lies (from the view's own mapping). */
static guint32 *
level_pixels (Fixture *f,
              guint    level,
              guint   *width,
              guint   *height)
{
  g_autoptr(ScViewSnapshot) view = sc_view_state_snapshot (f->state);
  g_autoptr(GError) error = NULL;
  guint32 *pixels;

  sc_render_view_level_size (sc_view_snapshot_get_width (view),
                             sc_view_snapshot_get_height (view), level, width, height);
  pixels = g_new (guint32, (gsize) *width * *height);
  g_assert_true (sc_render_view_region (view, level, 0, 0, *width, *height, pixels,
                                        (gsize) *width * 4, NULL, &error));
  g_assert_no_error (error);
  return pixels;
}

/* Every widget pixel shows the pixel of expected (level, lw pixels wide) under its centre
 * (nearest), or nothing outside the image. */
static void
assert_shows (Fixture       *f,
              const guint32 *shown,
              const guint32 *expected,
              guint          lw,
              guint          level)
{
  guint n_image = 0;

  for (guint y = 0; y < VIEW_SIZE; y++)
    for (guint x = 0; x < VIEW_SIZE; x++)
      {
        double ix, iy;
        guint32 want = 0;

        if (sc_plane_view_widget_to_image (f->view, x + 0.5, y + 0.5, &ix, &iy))
          {
            want = expected[(gsize) ((guint) iy >> level) * lw + ((guint) ix >> level)];
            n_image++;
          }
        if (shown[y * VIEW_SIZE + x] != want)
          g_error ("pixel %u,%u is %08x, level %u has %08x", x, y,
                   shown[y * VIEW_SIZE + x], level, want);
      }
  g_assert_cmpuint (n_image, >, 0);
}

static void
assert_shows_level (Fixture       *f,
                    const guint32 *shown,
                    guint          level)
{
  guint lw, lh;
  g_autofree guint32 *expected = level_pixels (f, level, &lw, &lh);

  assert_shows (f, shown, expected, lw, level);
}

static void
test_one_to_one_demo (void)
{
  g_autoptr(ScStack) stack = sc_demo_stack_new ();
  Fixture *f = fixture_new (stack);
  g_autofree guint32 *shown = NULL;
  double ix, iy;

  sc_plane_view_set_zoom (f->view, 1.0);
  wait_for_tiles (f);
  shown = render_view (f);

  /* 256 x 256 centred in 512 x 512 */
  g_assert_true (sc_plane_view_widget_to_image (f->view, 128, 128, &ix, &iy));
  g_assert_cmpfloat (ix, ==, 0);
  g_assert_cmpfloat (iy, ==, 0);
  g_assert_cmpint (sc_plane_view_get_level (f->view), ==, 0);
  assert_shows_level (f, shown, 0);
  fixture_free (f);
}

/* Scrolled into a 700 x 600 image whose edge tiles are partial. */
static void
test_one_to_one_scrolled (void)
{
  g_autoptr(ScStack) stack = make_u16_stack (700, 600);
  Fixture *f = fixture_new (stack);
  g_autofree guint32 *shown = NULL;
  double ix, iy;

  sc_plane_view_set_zoom (f->view, 1.0);
  gtk_adjustment_set_value (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (f->view)), 130);
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->view)), 70);
  wait_for_tiles (f);
  shown = render_view (f);

  g_assert_true (sc_plane_view_widget_to_image (f->view, 0, 0, &ix, &iy));
  g_assert_cmpfloat (ix, ==, 130);
  g_assert_cmpfloat (iy, ==, 70);
  assert_shows_level (f, shown, 0);
  fixture_free (f);
}

/* At 800 % each image pixel is an 8 x 8 block of its colour. */
static void
test_zoom_800 (void)
{
  g_autoptr(ScStack) stack = make_u16_stack (700, 600);
  Fixture *f = fixture_new (stack);
  g_autofree guint32 *shown = NULL;
  double ix, iy, ox, oy;
  guint n_blocks = 0;

  sc_plane_view_set_zoom (f->view, 8.0);
  wait_for_tiles (f);
  shown = render_view (f);
  g_assert_cmpint (sc_plane_view_get_level (f->view), ==, 0);
  assert_shows_level (f, shown, 0);

  sc_plane_view_widget_to_image (f->view, 0, 0, &ix, &iy);
  ox = -ix * 8;
  oy = -iy * 8;
  g_assert_cmpfloat (ox, ==, (int) ox);
  g_assert_cmpfloat (oy, ==, (int) oy);
  for (int by = ((int) oy % 8 + 8) % 8; by + 8 <= VIEW_SIZE; by += 8)
    for (int bx = ((int) ox % 8 + 8) % 8; bx + 8 <= VIEW_SIZE; bx += 8)
      {
        guint32 first = shown[by * VIEW_SIZE + bx];

        for (int y = by; y < by + 8; y++)
          for (int x = bx; x < bx + 8; x++)
            g_assert_cmphex (shown[y * VIEW_SIZE + x], ==, first);
        n_blocks++;
      }
  g_assert_cmpuint (n_blocks, >=, 63 * 63);
  fixture_free (f);
}

/* A 2048 x 2048 image fitted into 512 x 512 is drawn from level 2, pixel for pixel. */
static void
test_fit_level (void)
{
  g_autoptr(ScStack) stack = make_u16_stack (2048, 2048);
  Fixture *f = fixture_new (stack);
  g_autofree guint32 *shown = NULL;
  g_autofree guint32 *level0 = NULL;
  guint lw, lh, differ = 0;

  g_assert_cmpfloat (sc_plane_view_get_zoom (f->view), ==, 0.25);
  wait_for_tiles (f);
  shown = render_view (f);
  g_assert_cmpint (sc_plane_view_get_level (f->view), ==, 2);
  assert_shows_level (f, shown, 2);

  /* and not the full-size pixels, sampled */
  level0 = level_pixels (f, 0, &lw, &lh);
  for (guint y = 0; y < VIEW_SIZE; y++)
    for (guint x = 0; x < VIEW_SIZE; x++)
      differ += shown[y * VIEW_SIZE + x] != level0[(gsize) (4 * y) * lw + 4 * x];
  g_assert_cmpuint (differ, >, VIEW_SIZE * VIEW_SIZE / 2);
  fixture_free (f);
}

static void
test_clear (void)
{
  g_autoptr(ScStack) stack = sc_demo_stack_new ();
  Fixture *f = fixture_new (stack);
  g_autofree guint32 *shown = NULL;
  double ix, iy;

  wait_for_tiles (f);
  sc_plane_view_set_tiles (f->view, NULL);
  g_assert_null (sc_plane_view_get_tiles (f->view));
  g_assert_false (sc_plane_view_widget_to_image (f->view, 256, 256, &ix, &iy));
  shown = render_view (f);
  for (guint i = 0; i < VIEW_SIZE * VIEW_SIZE; i++)
    g_assert_cmphex (shown[i], ==, 0);
  fixture_free (f);
}

/* Zoomed in on a plane whose reads are held up, the view shows the coarser tiles it has,
 * each of their pixels a square, and the fine tiles once they are made. */
static void
test_stand_in (void)
{
  g_autoptr(ScStack) stack = make_gated_stack (1024, 1024);
  Fixture *f = fixture_new (stack);
  g_autofree guint32 *coarse = NULL;
  g_autofree guint32 *fine = NULL;
  g_autofree guint32 *level1 = NULL;
  guint lw, lh;

  g_assert_cmpfloat (sc_plane_view_get_zoom (f->view), ==, 0.5);
  wait_for_tiles (f);
  g_assert_cmpint (sc_plane_view_get_level (f->view), ==, 1);
  level1 = level_pixels (f, 1, &lw, &lh);

  set_gate (TRUE);
  sc_plane_view_set_zoom (f->view, 8.0);
  coarse = render_view (f);
  g_assert_cmpint (sc_plane_view_get_level (f->view), ==, 0);
  g_assert_cmpuint (sc_display_tiles_get_n_pending (f->tiles), >, 0);
  assert_shows (f, coarse, level1, lw, 1);

  set_gate (FALSE);
  wait_for_tiles (f);
  fine = render_view (f);
  assert_shows_level (f, fine, 0);
  fixture_free (f);
}

/* A new view of the page (another slice) is shown from the last view's tiles until its
 * own are made, then from its own. */
static void
test_new_view (void)
{
  g_autoptr(ScStack) stack = sc_demo_stack_new ();
  Fixture *f = fixture_new (stack);
  g_autofree guint32 *before = NULL;
  g_autofree guint32 *old = NULL;
  g_autofree guint32 *after = NULL;
  g_autofree guint32 *new_pixels = NULL;
  g_autoptr(ScViewSnapshot) view = NULL;
  g_autoptr(GError) error = NULL;
  guint lw, lh;

  sc_plane_view_set_zoom (f->view, 1.0);
  wait_for_tiles (f);
  old = level_pixels (f, 0, &lw, &lh);

  sc_display_tiles_set_async (f->tiles, FALSE);
  sc_view_state_set_slice (f->state, 20);
  view = sc_view_state_snapshot (f->state);
  sc_display_tiles_set_view (f->tiles, view);
  new_pixels = level_pixels (f, 0, &lw, &lh);
  g_assert_true (memcmp (old, new_pixels, (gsize) lw * lh * 4) != 0);

  before = render_view (f);
  g_assert_cmpuint (sc_display_tiles_get_n_pending (f->tiles), >, 0);
  assert_shows (f, before, old, lw, 0);

  g_assert_true (sc_display_tiles_fill_sync (f->tiles, &error));
  g_assert_no_error (error);
  after = render_view (f);
  assert_shows (f, after, new_pixels, lw, 0);
  fixture_free (f);
}

/* Tiles of another size fit the new image and drop the marker. */
static void
test_other_size (void)
{
  g_autoptr(ScStack) small = sc_demo_stack_new ();
  g_autoptr(ScStack) large = make_u16_stack (2048, 1024);
  Fixture *f = fixture_new (small);
  g_autoptr(ScViewState) state = sc_view_state_new (large);
  g_autoptr(ScViewSnapshot) view = sc_view_state_snapshot (state);
  g_autoptr(ScDisplayTiles) tiles = sc_display_tiles_new (64 << 20);
  g_autofree guint32 *marked = NULL;
  g_autofree guint32 *unmarked = NULL;
  guint n_marker = 0;
  double ix, iy;

  g_assert_cmpfloat (sc_plane_view_get_zoom (f->view), ==, 2.0);
  sc_display_tiles_set_async (f->tiles, FALSE);
  sc_plane_view_set_marker (f->view, -1, -1);
  unmarked = render_view (f);
  sc_plane_view_set_marker (f->view, 10, 10);
  marked = render_view (f);
  for (guint i = 0; i < VIEW_SIZE * VIEW_SIZE; i++)
    n_marker += marked[i] != unmarked[i];
  g_assert_cmpuint (n_marker, >, 0);
  g_clear_pointer (&unmarked, g_free);

  /* no tile of the new image is made yet, and the marker is gone: nothing shows */
  sc_display_tiles_set_async (tiles, FALSE);
  sc_display_tiles_set_view (tiles, view);
  sc_plane_view_set_tiles (f->view, tiles);
  g_assert_true (sc_plane_view_get_tiles (f->view) == tiles);
  g_assert_cmpfloat (sc_plane_view_get_zoom (f->view), ==, 0.25);
  g_assert_true (sc_plane_view_widget_to_image (f->view, 0, 128, &ix, &iy));
  g_assert_cmpfloat (ix, ==, 0);
  g_assert_cmpfloat (iy, ==, 0);
  g_assert_false (sc_plane_view_widget_to_image (f->view, 0, 127, &ix, &iy));
  unmarked = render_view (f);
  for (guint i = 0; i < VIEW_SIZE * VIEW_SIZE; i++)
    g_assert_cmphex (unmarked[i], ==, 0);
  fixture_free (f);
}

static void
test_no_display (gconstpointer reason)
{
  g_test_skip (reason);
}

/* An allocation asks for the tiles it shows, before any frame draws: the workers make
 * them while the rest of the window is laid out, and a new window's first frame holds
 * its plane. The view here is in no window and never drawn. */
static void
test_allocation_asks (void)
{
  g_autoptr(ScStack) stack = make_u16_stack (700, 600);
  g_autoptr(ScViewState) state = sc_view_state_new (stack);
  g_autoptr(ScDisplayTiles) tiles = sc_display_tiles_new (256 << 20);
  g_autoptr(ScViewSnapshot) view = sc_view_state_snapshot (state);
  g_autoptr(GtkWidget) widget = g_object_ref_sink (sc_plane_view_new ());
  int min, nat;

  /* queued, not handed to the workers: what the allocation asked for stays countable */
  sc_display_tiles_set_async (tiles, FALSE);
  sc_display_tiles_set_view (tiles, view);
  sc_plane_view_set_tiles (SC_PLANE_VIEW (widget), tiles);
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 0);

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, VIEW_SIZE, &min, &nat, NULL, NULL);
  gtk_widget_allocate (widget, VIEW_SIZE, VIEW_SIZE, -1, NULL);
  /* fitted: 700 x 600 in 512 x 512 is level 0 (zoom 0.73), 3 x 3 tiles */
  g_assert_cmpuint (sc_display_tiles_get_n_pending (tiles), ==, 9);
  g_assert_true (sc_display_tiles_fill_sync (tiles, NULL));
  sc_plane_view_set_tiles (SC_PLANE_VIEW (widget), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *reason = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!sc_test_display_start (&reason) || !gtk_init_check ())
    {
      if (reason == NULL)
        reason = g_strdup ("GTK found no display");
      g_test_add_data_func ("/gui/plane-view/no-display", reason, test_no_display);
      return g_test_run ();
    }

  g_test_add_func ("/gui/plane-view/one-to-one-demo", test_one_to_one_demo);
  g_test_add_func ("/gui/plane-view/one-to-one-scrolled", test_one_to_one_scrolled);
  g_test_add_func ("/gui/plane-view/zoom-800", test_zoom_800);
  g_test_add_func ("/gui/plane-view/fit-level-2", test_fit_level);
  g_test_add_func ("/gui/plane-view/clear", test_clear);
  g_test_add_func ("/gui/plane-view/stand-in", test_stand_in);
  g_test_add_func ("/gui/plane-view/new-view", test_new_view);
  g_test_add_func ("/gui/plane-view/other-size", test_other_size);
  g_test_add_func ("/gui/plane-view/allocation-asks", test_allocation_asks);
  return g_test_run ();
}
