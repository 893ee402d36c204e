/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-plane-view"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>

#include "sc-plane-view-private.h"
#include "sc-render-view.h"

/* Paints the visible tiles of the display tiles' view, from the pyramid level whose pixels
 * are closest to (and not larger than) a device pixel. A tile that is not ready yet is
 * stood in for by the part of a coarser (or older) tile that covers it.
 *
 * All positions are computed in device pixels and rounded there, from image coordinates,
 * so that two neighbouring tiles share one edge: no seams, no overlap.
 *
 * Zoomed out, tiles are textures that the renderer scales by less than 2. Zoomed in, GTK
 * 4.8 has no nearest-neighbour texture scaling, so level-0 tiles go through one cairo
 * node with CAIRO_FILTER_NEAREST: each image pixel a sharp square, and the cost follows
 * the window size because cairo only fills the clip. The cairo renderer gets the cairo
 * node zoomed out too, bilinear: it would otherwise download and convert every texture
 * on every frame (13-35 ms for a 1200 x 800 view here, against 1-3 ms for the node). */

/* What the view keeps in a tile's texture slot; dropped with the tile. */
typedef struct {
  GdkTexture      *texture;
  cairo_surface_t *surface;
} TileImages;

static cairo_user_data_key_t pixels_key;

static void
tile_images_free (gpointer data)
{
  TileImages *images = data;

  g_clear_object (&images->texture);
  g_clear_pointer (&images->surface, cairo_surface_destroy);
  g_free (images);
}

static TileImages *
get_tile_images (ScDisplayTile *tile)
{
  TileImages *images = sc_display_tile_get_texture (tile);

  if (images == NULL)
    {
      images = g_new0 (TileImages, 1);
      sc_display_tile_set_texture (tile, images, tile_images_free);
    }
  return images;
}

/* 0xAARRGGBB in native order is GDK_MEMORY_DEFAULT and CAIRO_FORMAT_ARGB32 alike. */
static GdkTexture *
get_tile_texture (ScDisplayTile *tile)
{
  TileImages *images = get_tile_images (tile);

  if (images->texture == NULL)
    {
      guint w, h;
      GBytes *pixels = sc_display_tile_get_pixels (tile, &w, &h);

      images->texture = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, pixels, (gsize) w * 4);
    }
  return images->texture;
}

/* The surface holds a reference to the pixels, so that a recording that outlives the
 * tile still reads valid memory. */
static cairo_surface_t *
get_tile_surface (ScDisplayTile *tile)
{
  TileImages *images = get_tile_images (tile);

  if (images->surface == NULL)
    {
      guint w, h;
      GBytes *pixels = sc_display_tile_get_pixels (tile, &w, &h);

      g_assert (cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, w) == (int) w * 4);
      /* cairo only reads them: the cast drops a const that GBytes insists on */
      images->surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (pixels, NULL),
                                                             CAIRO_FORMAT_ARGB32, w, h, w * 4);
      cairo_surface_set_user_data (images->surface, &pixels_key, g_bytes_ref (pixels),
                                   (cairo_destroy_func_t) g_bytes_unref);
    }
  return images->surface;
}

guint
_sc_plane_view_level_for_zoom (double zoom,
                               int    scale_factor)
{
  double device_zoom = zoom * MAX (scale_factor, 1);

  if (device_zoom >= 1.0)
    return 0;
  /* the epsilon keeps zoom 1/2^n on level n despite rounding */
  return (guint) MIN (floor (log2 (1.0 / device_zoom) + 1e-9), 30);
}

typedef struct {
  double ox;      /* the image origin in device pixels */
  double oy;
  double sx;      /* device pixels per image pixel, across and down */
  double sy;
  guint  width;   /* the image */
  guint  height;
} Geometry;

/* The device rectangle of image pixels [x0, x1) x [y0, y1), edges rounded. */
static graphene_rect_t
device_rect (const Geometry *g,
             double          x0,
             double          y0,
             double          x1,
             double          y1)
{
  double l = round (g->ox + x0 * g->sx), t = round (g->oy + y0 * g->sy);
  double r = round (g->ox + x1 * g->sx), b = round (g->oy + y1 * g->sy);

  return GRAPHENE_RECT_INIT (l, t, r - l, b - t);
}

/* Where tile (level, tx, ty) of the given size lies, in image pixels: a level pixel is
 * 2^level image pixels wide, also at the right and bottom edges (the clip cuts them). */
static void
tile_image_extent (guint   level,
                   guint   tx,
                   guint   ty,
                   guint   tw,
                   guint   th,
                   double *x0,
                   double *y0,
                   double *x1,
                   double *y1)
{
  double step = ldexp (1.0, level);

  *x0 = (double) tx * SC_DISPLAY_TILE_SIZE * step;
  *y0 = (double) ty * SC_DISPLAY_TILE_SIZE * step;
  *x1 = *x0 + tw * step;
  *y1 = *y0 + th * step;
}

/* The part of the image tile (level, tx, ty) is wanted for, clipped to the image. */
static graphene_rect_t
wanted_rect (const Geometry *g,
             guint           level,
             guint           tx,
             guint           ty)
{
  double x0, y0, x1, y1;

  tile_image_extent (level, tx, ty, SC_DISPLAY_TILE_SIZE, SC_DISPLAY_TILE_SIZE,
                     &x0, &y0, &x1, &y1);
  return device_rect (g, x0, y0, MIN (x1, g->width), MIN (y1, g->height));
}

static graphene_rect_t
drawn_rect (const Geometry *g,
            ScDisplayTile  *tile)
{
  guint tw, th;
  double x0, y0, x1, y1;

  sc_display_tile_get_pixels (tile, &tw, &th);
  tile_image_extent (sc_display_tile_get_level (tile), sc_display_tile_get_tx (tile),
                     sc_display_tile_get_ty (tile), tw, th, &x0, &y0, &x1, &y1);
  return device_rect (g, x0, y0, x1, y1);
}

typedef struct {
  guint  tx;
  guint  ty;
  double distance;
} Wanted;

static int
compare_wanted (const void *a,
                const void *b)
{
  const Wanted *x = a, *y = b;

  /* farthest first: the tiles asked for last are made first, so the centre comes first */
  return x->distance < y->distance ? 1 : x->distance > y->distance ? -1 : 0;
}

/* The tiles of level that cover the visible part of the image (device rect), farthest
 * from its centre first. */
static Wanted *
visible_tiles (const Geometry        *g,
               const graphene_rect_t *visible,
               guint                  level,
               guint                 *n_wanted)
{
  double span_x = ldexp ((double) SC_DISPLAY_TILE_SIZE, level) * g->sx;
  double span_y = ldexp ((double) SC_DISPLAY_TILE_SIZE, level) * g->sy;
  guint lw, lh, ntx, nty, tx0, ty0, tx1, ty1;
  double cx = visible->origin.x + visible->size.width / 2;
  double cy = visible->origin.y + visible->size.height / 2;
  Wanted *wanted;
  guint n = 0;

  sc_render_view_level_size (g->width, g->height, level, &lw, &lh);
  ntx = (lw + SC_DISPLAY_TILE_SIZE - 1) / SC_DISPLAY_TILE_SIZE;
  nty = (lh + SC_DISPLAY_TILE_SIZE - 1) / SC_DISPLAY_TILE_SIZE;
  tx0 = (guint) CLAMP (floor ((visible->origin.x - g->ox) / span_x), 0, ntx);
  ty0 = (guint) CLAMP (floor ((visible->origin.y - g->oy) / span_y), 0, nty);
  tx1 = (guint) CLAMP (ceil ((visible->origin.x + visible->size.width - g->ox) / span_x), tx0, ntx);
  ty1 = (guint) CLAMP (ceil ((visible->origin.y + visible->size.height - g->oy) / span_y), ty0, nty);

  wanted = g_new (Wanted, (gsize) MAX ((tx1 - tx0) * (ty1 - ty0), 1));
  for (guint ty = ty0; ty < ty1; ty++)
    for (guint tx = tx0; tx < tx1; tx++)
      {
        double dx = g->ox + (tx + 0.5) * span_x - cx, dy = g->oy + (ty + 0.5) * span_y - cy;

        wanted[n++] = (Wanted) { tx, ty, dx * dx + dy * dy };
      }
  qsort (wanted, n, sizeof (Wanted), compare_wanted);
  *n_wanted = n;
  return wanted;
}

/* Zoomed out: one texture node per tile, clipped to the part it stands for. */
static void
append_texture (GtkSnapshot           *snapshot,
                const Geometry        *g,
                ScDisplayTile         *tile,
                const graphene_rect_t *clip)
{
  graphene_rect_t rect = drawn_rect (g, tile);

  if (graphene_rect_equal (&rect, clip))
    {
      gtk_snapshot_append_texture (snapshot, get_tile_texture (tile), &rect);
      return;
    }
  gtk_snapshot_push_clip (snapshot, clip);
  gtk_snapshot_append_texture (snapshot, get_tile_texture (tile), &rect);
  gtk_snapshot_pop (snapshot);
}

/* Through cairo (cr is in device pixels): zoomed in with CAIRO_FILTER_NEAREST, each pixel
 * a square. */
static void
paint_tile (cairo_t               *cr,
            const Geometry        *g,
            ScDisplayTile         *tile,
            const graphene_rect_t *clip,
            cairo_filter_t         filter)
{
  guint tw, th;
  double x0, y0, x1, y1;
  double step_x = ldexp (g->sx, sc_display_tile_get_level (tile));
  double step_y = ldexp (g->sy, sc_display_tile_get_level (tile));

  sc_display_tile_get_pixels (tile, &tw, &th);
  tile_image_extent (sc_display_tile_get_level (tile), sc_display_tile_get_tx (tile),
                     sc_display_tile_get_ty (tile), tw, th, &x0, &y0, &x1, &y1);

  cairo_save (cr);
  cairo_rectangle (cr, clip->origin.x, clip->origin.y, clip->size.width, clip->size.height);
  cairo_clip (cr);
  cairo_translate (cr, g->ox + x0 * g->sx, g->oy + y0 * g->sy);
  cairo_scale (cr, step_x, step_y);
  cairo_set_source_surface (cr, get_tile_surface (tile), 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), filter);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* STACKSCOPE_START_PROBE (for tests/bench/bench-start.sh): the first frame that draws the
 * whole visible plane (a tile, or a coarser stand-in, for every tile place on screen)
 * prints, once it has been rendered and handed to the display (the frame clock's
 * after-paint), how long after the process started it came, from the kernel's start time
 * of the process (/proc/self/stat), so that loading and linking count too. */
static void
print_first_plane (GdkFrameClock *clock,
                   gpointer       data)
{
  g_autofree char *stat = NULL;
  const char *end;
  struct timespec now;
  unsigned long long start_ticks = 0;
  double age_ms;

  if (clock != NULL)
    g_signal_handlers_disconnect_by_func (clock, print_first_plane, data);
  /* field 22, after the command in parentheses (which may hold spaces) */
  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || (end = strrchr (stat, ')')) == NULL
      || sscanf (end + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d "
                          "%*d %*d %llu", &start_ticks) != 1
      || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    {
      printf ("start-probe: the process start time is unknown\n");
      fflush (stdout);
      return;
    }
  age_ms = (now.tv_sec + now.tv_nsec * 1e-9 - (double) start_ticks / sysconf (_SC_CLK_TCK)) * 1e3;
  /* a probe's line for the benchmark, on stdout as the stall probe's, not for users */
  printf ("start-probe: the first plane was drawn %.0f ms after the process started\n", age_ms);
  fflush (stdout);
}

static void
report_first_plane (ScPlaneView *self)
{
  static gboolean reported;
  GdkFrameClock *clock;

  if (reported || g_getenv ("STACKSCOPE_START_PROBE") == NULL)
    return;
  reported = TRUE;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (print_first_plane), NULL);
  else
    print_first_plane (NULL, NULL);
}

/* The tiles a frame of the view at (ox, oy) showing visible draws: the level, the
 * geometry and visible rectangle in device pixels, and the tile places (freed by the
 * caller), centre first. */
static Wanted *
plan_tiles (ScPlaneView           *self,
            const graphene_rect_t *visible,
            double                 ox,
            double                 oy,
            guint                 *level,
            Geometry              *g,
            graphene_rect_t       *device_visible,
            guint                 *n_wanted)
{
  int s = MAX (gtk_widget_get_scale_factor (GTK_WIDGET (self)), 1);
  double sx = _sc_plane_view_scale_x (self), sy = _sc_plane_view_scale_y (self);

  /* the level the finer axis needs: a slice drawn 4 pixels thick is not shrunk */
  *level = _sc_plane_view_level_for_zoom (MAX (sx, sy), s);
  *g = (Geometry) { ox * s, oy * s, sx * s, sy * s, self->width, self->height };
  graphene_rect_init (device_visible, visible->origin.x * s, visible->origin.y * s,
                      visible->size.width * s, visible->size.height * s);
  return visible_tiles (g, device_visible, *level, n_wanted);
}

void
_sc_plane_view_request_tiles (ScPlaneView           *self,
                              const graphene_rect_t *visible,
                              double                 ox,
                              double                 oy)
{
  Geometry g;
  graphene_rect_t device_visible;
  guint level, n_wanted;
  g_autofree Wanted *wanted = plan_tiles (self, visible, ox, oy, &level, &g, &device_visible,
                                          &n_wanted);

  for (guint i = 0; i < n_wanted; i++)
    {
      g_autoptr(ScDisplayTile) tile = sc_display_tiles_lookup (self->tiles, level, wanted[i].tx,
                                                               wanted[i].ty, NULL);
    }
}

void
_sc_plane_view_snapshot_tiles (ScPlaneView           *self,
                               GtkSnapshot           *snapshot,
                               const graphene_rect_t *visible,
                               double                 ox,
                               double                 oy)
{
  int s = MAX (gtk_widget_get_scale_factor (GTK_WIDGET (self)), 1);
  double sx = _sc_plane_view_scale_x (self), sy = _sc_plane_view_scale_y (self);
  guint level;
  Geometry g;
  graphene_rect_t device_visible;
  g_autofree Wanted *wanted = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (self)));
  gboolean zoomed_in = MAX (sx, sy) * s > 1.0;
  gboolean use_cairo = zoomed_in || renderer == NULL || GSK_IS_CAIRO_RENDERER (renderer);
  cairo_filter_t filter = zoomed_in && !self->smooth ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR;
  cairo_t *cr = NULL;
  guint n_wanted, n_drawn = 0;

  wanted = plan_tiles (self, visible, ox, oy, &level, &g, &device_visible, &n_wanted);
  self->drawn_level = level;
  sc_display_tiles_begin_frame (self->tiles);

  gtk_snapshot_save (snapshot);
  if (s != 1)
    gtk_snapshot_scale (snapshot, 1.0 / s, 1.0 / s);
  if (use_cairo)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &device_visible);
      cairo_rectangle (cr, device_visible.origin.x, device_visible.origin.y,
                       device_visible.size.width, device_visible.size.height);
      cairo_clip (cr);
    }

  for (guint i = 0; i < n_wanted; i++)
    {
      g_autoptr(ScDisplayTile) tile = NULL;
      graphene_rect_t clip;
      gboolean exact;

      tile = sc_display_tiles_lookup (self->tiles, level, wanted[i].tx, wanted[i].ty, &exact);
      if (tile == NULL)
        continue;

      clip = wanted_rect (&g, level, wanted[i].tx, wanted[i].ty);
      if (cr != NULL)
        paint_tile (cr, &g, tile, &clip, filter);
      else
        append_texture (snapshot, &g, tile, &clip);
      n_drawn++;
    }
  if (n_drawn == n_wanted && n_wanted > 0)
    report_first_plane (self);

  g_clear_pointer (&cr, cairo_destroy);
  gtk_snapshot_restore (snapshot);
}
