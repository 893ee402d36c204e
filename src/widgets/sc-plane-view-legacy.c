/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-plane-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-plane-view-private.h"

/* Whole planes handed over by sc_plane_view_set_image(), as the window did before pages
 * had display tiles. Remove with sc_plane_view_set_image() once no caller is left.
 *
 * Zoomed out, the plane is shown averaged down to its size on screen, made by a worker;
 * until the copy for the current pixels and zoom is ready, the last one stands in. */

static void
cancel_scale (ScPlaneView *self)
{
  g_cancellable_cancel (self->legacy_cancellable);
  g_clear_object (&self->legacy_cancellable);
  self->legacy_scale_width = self->legacy_scale_height = 0;
}

void
_sc_plane_view_legacy_clear (ScPlaneView *self)
{
  cancel_scale (self);
  g_clear_pointer (&self->legacy_pixels, g_bytes_unref);
  g_clear_object (&self->legacy_scaled);
  self->legacy_scaled_current = FALSE;
}

typedef struct {
  GBytes *pixels;
  guint   width;
  guint   height;
  guint   scaled_width;
  guint   scaled_height;
} ScaleData;

static void
scale_data_free (ScaleData *data)
{
  g_bytes_unref (data->pixels);
  g_free (data);
}

/* Each output pixel is the mean of the input pixels whose centres fall in it. */
static void
scale_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ScaleData *data = task_data;
  const guint32 *src = g_bytes_get_data (data->pixels, NULL);
  guint sw = data->width, dw = data->scaled_width, dh = data->scaled_height;
  g_autofree guint *xs = g_new (guint, dw + 1);
  g_autofree guint32 *sums = g_new (guint32, (gsize) dw * 3);
  guint32 *dst = g_new (guint32, (gsize) dw * dh);

  for (guint x = 0; x <= dw; x++)
    xs[x] = (guint) ((guint64) x * sw / dw);

  for (guint y = 0; y < dh; y++)
    {
      guint y0 = (guint) ((guint64) y * data->height / dh);
      guint y1 = (guint) ((guint64) (y + 1) * data->height / dh);

      if (g_task_return_error_if_cancelled (task))
        {
          g_free (dst);
          return;
        }

      memset (sums, 0, sizeof (guint32) * dw * 3);
      for (guint sy = y0; sy < y1; sy++)
        {
          const guint32 *row = src + (gsize) sy * sw;

          for (guint x = 0; x < dw; x++)
            for (guint sx = xs[x]; sx < xs[x + 1]; sx++)
              {
                sums[3 * x] += (row[sx] >> 16) & 0xff;
                sums[3 * x + 1] += (row[sx] >> 8) & 0xff;
                sums[3 * x + 2] += row[sx] & 0xff;
              }
        }

      for (guint x = 0; x < dw; x++)
        {
          guint32 n = (xs[x + 1] - xs[x]) * (y1 - y0);

          dst[(gsize) y * dw + x] = 0xff000000u |
                                    ((sums[3 * x] + n / 2) / n) << 16 |
                                    ((sums[3 * x + 1] + n / 2) / n) << 8 |
                                    ((sums[3 * x + 2] + n / 2) / n);
        }
    }

  g_task_return_pointer (task,
                         gdk_memory_texture_new (dw, dh, GDK_MEMORY_DEFAULT,
                                                 g_bytes_new_take (dst, (gsize) dw * dh * 4),
                                                 (gsize) dw * 4),
                         g_object_unref);
}

static void
scale_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ScPlaneView *self = SC_PLANE_VIEW (object);
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), NULL);

  /* cancelled: other pixels or another zoom came since */
  if (texture == NULL)
    return;

  g_clear_object (&self->legacy_scaled);
  g_clear_object (&self->legacy_cancellable);
  self->legacy_scaled = texture;
  self->legacy_scaled_current = TRUE;
  self->legacy_scale_width = self->legacy_scale_height = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
request_scaled (ScPlaneView *self,
                guint        width,
                guint        height)
{
  g_autoptr(GTask) task = NULL;
  ScaleData *data;

  if (self->legacy_scale_width == width && self->legacy_scale_height == height)
    return;

  cancel_scale (self);
  if (width == self->width && height == self->height)
    {
      g_clear_object (&self->legacy_scaled);
      self->legacy_scaled = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT,
                                                    self->legacy_pixels, (gsize) width * 4);
      self->legacy_scaled_current = TRUE;
      return;
    }

  self->legacy_cancellable = g_cancellable_new ();
  self->legacy_scale_width = width;
  self->legacy_scale_height = height;

  data = g_new0 (ScaleData, 1);
  data->pixels = g_bytes_ref (self->legacy_pixels);
  data->width = self->width;
  data->height = self->height;
  data->scaled_width = width;
  data->scaled_height = height;

  task = g_task_new (self, self->legacy_cancellable, scale_done, NULL);
  g_task_set_source_tag (task, request_scaled);
  g_task_set_task_data (task, data, (GDestroyNotify) scale_data_free);
  g_task_run_in_thread (task, scale_thread);
}

/* Only the part of the plane in view goes to cairo, which copies it into the recording. */
static void
append_region (ScPlaneView           *self,
               GtkSnapshot           *snapshot,
               const graphene_rect_t *visible,
               double                 ox,
               double                 oy,
               cairo_filter_t         filter)
{
  const guint32 *pixels = g_bytes_get_data (self->legacy_pixels, NULL);
  int x0 = CLAMP (floor ((visible->origin.x - ox) / self->zoom), 0, self->width - 1);
  int y0 = CLAMP (floor ((visible->origin.y - oy) / self->zoom), 0, self->height - 1);
  int x1 = CLAMP (ceil ((visible->origin.x + visible->size.width - ox) / self->zoom), x0 + 1,
                  self->width);
  int y1 = CLAMP (ceil ((visible->origin.y + visible->size.height - oy) / self->zoom), y0 + 1,
                  self->height);
  cairo_surface_t *region;
  cairo_pattern_t *pattern;
  cairo_t *cr;

  /* cairo only reads the pixels: the cast drops a const that GBytes insists on. */
  region = cairo_image_surface_create_for_data ((guchar *) (pixels + (gsize) y0 * self->width + x0),
                                                CAIRO_FORMAT_ARGB32, x1 - x0, y1 - y0,
                                                self->width * 4);
  cr = gtk_snapshot_append_cairo (snapshot, visible);
  cairo_rectangle (cr, visible->origin.x, visible->origin.y, visible->size.width,
                   visible->size.height);
  cairo_clip (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_set_source_surface (cr, region, x0, y0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, filter);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (region);
}

void
_sc_plane_view_snapshot_legacy (ScPlaneView           *self,
                                GtkSnapshot           *snapshot,
                                const graphene_rect_t *visible,
                                double                 ox,
                                double                 oy)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  guint sw, sh;
  graphene_rect_t image_rect;

  if (self->zoom >= 1.0)
    {
      append_region (self, snapshot, visible, ox, oy, CAIRO_FILTER_NEAREST);
      return;
    }

  sw = (guint) CLAMP (ceil (self->width * self->zoom * scale), 1, self->width);
  sh = (guint) CLAMP (ceil (self->height * self->zoom * scale), 1, self->height);
  if (self->legacy_scaled == NULL || !self->legacy_scaled_current ||
      (guint) gdk_texture_get_width (self->legacy_scaled) != sw ||
      (guint) gdk_texture_get_height (self->legacy_scaled) != sh)
    request_scaled (self, sw, sh);

  if (self->legacy_scaled == NULL)
    {
      /* only until the first scaled copy of an image arrives, a few frames at most */
      append_region (self, snapshot, visible, ox, oy, CAIRO_FILTER_FAST);
      return;
    }

  graphene_rect_init (&image_rect, ox, oy, self->width * self->zoom, self->height * self->zoom);
  gtk_snapshot_push_clip (snapshot, visible);
  gtk_snapshot_append_texture (snapshot, self->legacy_scaled, &image_rect);
  gtk_snapshot_pop (snapshot);
}

void
_sc_plane_view_legacy_set_image (ScPlaneView *self,
                                 GBytes      *pixels,
                                 guint        width,
                                 guint        height)
{
  gboolean resized = width != self->width || height != self->height;

  /* New pixels of the same size (a plane switch, a projection building up) keep showing
   * the last scaled copy until theirs is ready, instead of a blurred or empty frame. */
  cancel_scale (self);
  g_clear_pointer (&self->legacy_pixels, g_bytes_unref);
  if (resized)
    g_clear_object (&self->legacy_scaled);
  self->legacy_scaled_current = FALSE;

  self->legacy_pixels = g_bytes_ref (pixels);
  self->width = width;
  self->height = height;
  if (resized)
    _sc_plane_view_image_resized (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
