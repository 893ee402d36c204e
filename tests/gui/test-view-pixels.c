/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-view-pixels"

#include "config.h"

#include <gtk/gtk.h>

#include "sc-export.h"
#include "sc-page.h"
#include "sc-png-io.h"
#include "sc-test-display.h"
#include "sc-test-util.h"

/* What the viewer shows is what "Export as PNG" writes: a page at 1:1 in a window, its
 * plane view's paint rendered and read back, against sc_export_png()'s file for the same
 * view state, pixel by pixel. */

#define VIEW_SIZE 512
#define WAIT_US (30 * G_USEC_PER_SEC)

typedef struct {
  GtkWidget   *window;
  ScPage      *page;
  GskRenderer *renderer;
  gboolean     loaded;
} Fixture;

static void
loaded_cb (ScPage       *page,
           const GError *error,
           Fixture      *f)
{
  g_assert_no_error ((GError *) error);
  f->loaded = TRUE;
}

static void
iterate_until (gboolean (*done) (Fixture *f),
               Fixture   *f)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;

  while (!done (f))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static gboolean
is_shown (Fixture *f)
{
  GtkWidget *view = GTK_WIDGET (sc_page_get_plane_view (f->page));

  return f->loaded && gtk_widget_get_mapped (view) && gtk_widget_get_width (view) > 0;
}

static gboolean
has_range (Fixture *f)
{
  return sc_view_state_has_range (sc_page_get_view_state (f->page), 0);
}

static gboolean
is_settled (Fixture *f)
{
  return !sc_page_get_pending (f->page);
}

/* At 1:1 and laid out so: the image's first pixel is where the zoom puts it. */
static gboolean
is_one_to_one (Fixture *f)
{
  ScPlaneView *view = sc_page_get_plane_view (f->page);
  double x0, y0, x1, y1;

  return sc_plane_view_get_zoom (view) == 1.0 &&
         sc_plane_view_widget_to_image (view, VIEW_SIZE / 2.0, VIEW_SIZE / 2.0, &x0, &y0) &&
         sc_plane_view_widget_to_image (view, VIEW_SIZE / 2.0 + 1, VIEW_SIZE / 2.0 + 1, &x1, &y1) &&
         x1 - x0 == 1.0 && y1 - y0 == 1.0;
}

static Fixture *
fixture_new (GFile *file)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(GError) error = NULL;

  f->window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (f->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), VIEW_SIZE, VIEW_SIZE);
  f->page = sc_page_new ();
  g_signal_connect (f->page, "loaded", G_CALLBACK (loaded_cb), f);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  sc_page_load (f->page, file);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate_until (is_shown, f);

  f->renderer = gsk_cairo_renderer_new ();
  gsk_renderer_realize (f->renderer, gtk_native_get_surface (GTK_NATIVE (f->window)), &error);
  g_assert_no_error (error);
  return f;
}

static void
fixture_free (Fixture *f)
{
  gsk_renderer_unrealize (f->renderer);
  g_object_unref (f->renderer);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_free (f);
}

/* The plane view's own paint, rendered and read back (0xAARRGGBB); a fresh frame each
 * call, so that it asks the tiles for what it lacks. */
static guint32 *
render_view (Fixture *f,
             guint   *width,
             guint   *height)
{
  GtkWidget *view = GTK_WIDGET (sc_page_get_plane_view (f->page));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint32 *pixels;

  *width = gtk_widget_get_width (view);
  *height = gtk_widget_get_height (view);
  pixels = g_new0 (guint32, (gsize) *width * *height);
  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  /* nothing to draw yet: no tile is ready */
  if (node == NULL)
    return pixels;
  texture = gsk_renderer_render_texture (f->renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  gdk_texture_download (texture, (guchar *) pixels, (gsize) *width * 4);
  return pixels;
}

/* Draws until a frame asks for no tile it does not have, at 1:1. */
static guint32 *
render_settled (Fixture *f,
                guint   *width,
                guint   *height)
{
  ScDisplayTiles *tiles = sc_page_get_tiles (f->page);

  /* once the page shows its data: a new image is fitted to the view */
  iterate_until (is_settled, f);
  sc_plane_view_set_zoom (sc_page_get_plane_view (f->page), 1.0);
  iterate_until (is_one_to_one, f);
  /* the page's view state knows the zoom shown, and that the view is on the image */
  {
    ScViewState *vs = sc_page_get_view_state (f->page);
    ScStack *stack = sc_view_state_get_stack (vs);
    double cx, cy;

    g_assert_cmpfloat (sc_view_state_get_zoom (vs), ==, 1.0);
    sc_view_state_get_center (vs, &cx, &cy);
    g_assert_cmpfloat (cx, >=, 0);
    g_assert_cmpfloat (cx, <=, sc_stack_get_width (stack));
    g_assert_cmpfloat (cy, >=, 0);
    g_assert_cmpfloat (cy, <=, sc_stack_get_height (stack));
  }
  for (;;)
    {
      guint32 *pixels;

      iterate_until (is_settled, f);
      pixels = render_view (f, width, height);
      if (sc_display_tiles_get_n_pending (tiles) == 0 &&
          sc_plane_view_get_level (sc_page_get_plane_view (f->page)) == 0)
        return pixels;
      g_free (pixels);
    }
}

/* The PNG that "Export as PNG" writes of the page's view, as RGB8. */
static guint8 *
export_view (ScPage *page,
             guint  *width,
             guint  *height)
{
  g_autoptr(ScViewSnapshot) view = sc_view_state_snapshot (sc_page_get_view_state (page));
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "view.png", NULL);
  g_autoptr(GError) error = NULL;
  ScExportPngOptions options;
  ScPngInfo info;
  guint8 *rgb;

  sc_export_png_options_init (&options);
  g_assert_true (sc_export_png_view (view, &options, path, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (sc_png_read_info (path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.samples_per_pixel, ==, 3);
  g_assert_cmpuint (info.bit_depth, ==, 8);
  *width = info.width;
  *height = info.height;
  rgb = g_malloc ((gsize) info.width * info.height * 3);
  g_assert_true (sc_png_read_rows (path, &info, 0, info.height, rgb, &error));
  g_assert_no_error (error);
  return rgb;
}

/* Every widget pixel over the image equals the exported pixel under it. */
static void
assert_view_equals_export (Fixture *f)
{
  ScPlaneView *view = sc_page_get_plane_view (f->page);
  guint vw, vh, ew, eh, n_image = 0;
  g_autofree guint32 *shown = render_settled (f, &vw, &vh);
  g_autofree guint8 *exported = export_view (f->page, &ew, &eh);

  g_assert_cmpuint (ew, ==, sc_stack_get_width (sc_page_get_stack (f->page)));
  g_assert_cmpuint (eh, ==, sc_stack_get_height (sc_page_get_stack (f->page)));
  for (guint y = 0; y < vh; y++)
    for (guint x = 0; x < vw; x++)
      {
        double ix, iy;
        const guint8 *e;
        guint32 s, want;

        if (!sc_plane_view_widget_to_image (view, x + 0.5, y + 0.5, &ix, &iy))
          continue;
        e = exported + ((gsize) iy * ew + (gsize) ix) * 3;
        want = SC_RENDER_OPAQUE (e[0], e[1], e[2]);
        s = shown[(gsize) y * vw + x];
        if (s != want)
          g_error ("widget pixel %u,%u (image %u,%u) is %08x, the PNG has %08x", x, y,
                   (guint) ix, (guint) iy, s, want);
        n_image++;
      }
  /* the whole image is in view at 1:1 */
  g_assert_cmpuint (n_image, ==, ew * eh);
}

static void
test_demo_composite (void)
{
  Fixture *f = fixture_new (NULL);
  ScViewState *vs = sc_page_get_view_state (f->page);

  g_assert_true (sc_view_state_get_composite (vs));
  g_assert_cmpuint (sc_view_state_get_n_channels (vs), >, 1);
  assert_view_equals_export (f);
  fixture_free (f);
}

static void
test_golgi (void)
{
  g_autofree char *path = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autoptr(GFile) file = NULL;
  Fixture *f;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  f = fixture_new (file);
  /* the range the page sets from the data (when the plane's histogram is made), not the
   * type's full range */
  iterate_until (has_range, f);
  assert_view_equals_export (f);
  fixture_free (f);
}

/* The page opens the spots hyperstack with its own LUTs (green and blue, not the default
 * green and magenta), its stored range, in composite as the file says. */
static void
test_spots_file_display (void)
{
  g_autofree char *path = sc_test_data_path ("hyperstack-2ch-spots/xyzc_16bit__spots.tif");
  g_autoptr(GFile) file = NULL;
  g_autofree guint8 *exported = NULL;
  ScViewState *vs;
  guint ew, eh, n_blue = 0;
  Fixture *f;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  f = fixture_new (file);
  iterate_until (is_settled, f);
  vs = sc_page_get_view_state (f->page);
  g_assert_true (sc_view_state_get_composite (vs));
  for (guint c = 0; c < 2; c++)
    {
      const ScRenderParams *p = sc_view_state_get_params (vs, c);
      const guint8 *lut = sc_render_params_get_lut (p);

      /* the plane's statistics, done by now, did not auto-range over the file's range */
      g_assert_cmpfloat (p->min, ==, 200);
      g_assert_cmpfloat (p->max, ==, 47602);
      g_assert_cmpint (p->colormap, ==, c == 0 ? SC_COLORMAP_GREEN : SC_COLORMAP_BLUE);
      g_assert_cmpuint (lut[3 * 255], ==, 0);
      g_assert_cmpuint (lut[3 * 255 + 1], ==, c == 0 ? 255 : 0);
      g_assert_cmpuint (lut[3 * 255 + 2], ==, c == 0 ? 0 : 255);
    }
  assert_view_equals_export (f);
  exported = export_view (f->page, &ew, &eh);
  for (gsize i = 0; i < (gsize) ew * eh; i++)
    {
      g_assert_cmpuint (exported[3 * i], ==, 0);
      n_blue += exported[3 * i + 2] > 0;
    }
  g_assert_cmpuint (n_blue, >, 0);
  fixture_free (f);
}

static void
test_no_display (gconstpointer data)
{
  g_test_skip (data);
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
      g_test_add_data_func ("/gui/view-pixels/no-display", reason, test_no_display);
      return g_test_run ();
    }

  g_test_add_func ("/gui/view-pixels/demo-composite", test_demo_composite);
  g_test_add_func ("/gui/view-pixels/golgi", test_golgi);
  g_test_add_func ("/gui/view-pixels/spots-file-display", test_spots_file_display);
  return g_test_run ();
}
