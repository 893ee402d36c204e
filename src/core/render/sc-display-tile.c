/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-display-tiles"

#include "config.h"

#include <gio/gio.h>

#include "sc-display-tiles.h"
#include "sc-display-tiles-private.h"
#include "sc-render-view.h"

ScDisplayTile *
_sc_display_tile_new (const ScTileKey *key,
                      guint            width,
                      guint            height,
                      GBytes          *pixels)
{
  ScDisplayTile *tile = g_new0 (ScDisplayTile, 1);

  g_atomic_ref_count_init (&tile->ref);
  tile->key = *key;
  tile->width = width;
  tile->height = height;
  tile->pixels = pixels;
  tile->lru_link.data = tile;
  return tile;
}

ScDisplayTile *
sc_display_tile_ref (ScDisplayTile *tile)
{
  g_return_val_if_fail (tile != NULL, NULL);
  g_atomic_ref_count_inc (&tile->ref);
  return tile;
}

void
sc_display_tile_unref (ScDisplayTile *tile)
{
  g_return_if_fail (tile != NULL);

  if (!g_atomic_ref_count_dec (&tile->ref))
    return;
  if (tile->texture_destroy != NULL && tile->texture != NULL)
    tile->texture_destroy (tile->texture);
  g_bytes_unref (tile->pixels);
  g_free (tile);
}

guint
sc_display_tile_get_level (const ScDisplayTile *tile)
{
  g_return_val_if_fail (tile != NULL, 0);
  return tile->key.level;
}

guint
sc_display_tile_get_tx (const ScDisplayTile *tile)
{
  g_return_val_if_fail (tile != NULL, 0);
  return tile->key.tx;
}

guint
sc_display_tile_get_ty (const ScDisplayTile *tile)
{
  g_return_val_if_fail (tile != NULL, 0);
  return tile->key.ty;
}

guint64
sc_display_tile_get_serial (const ScDisplayTile *tile)
{
  g_return_val_if_fail (tile != NULL, 0);
  return tile->key.serial;
}

GBytes *
sc_display_tile_get_pixels (const ScDisplayTile *tile,
                            guint               *width,
                            guint               *height)
{
  g_return_val_if_fail (tile != NULL, NULL);

  if (width != NULL)
    *width = tile->width;
  if (height != NULL)
    *height = tile->height;
  return tile->pixels;
}

gpointer
sc_display_tile_get_texture (const ScDisplayTile *tile)
{
  g_return_val_if_fail (tile != NULL, NULL);
  return tile->texture;
}

void
sc_display_tile_set_texture (ScDisplayTile  *tile,
                             gpointer        texture,
                             GDestroyNotify  destroy)
{
  g_return_if_fail (tile != NULL);

  if (tile->texture_destroy != NULL && tile->texture != NULL)
    tile->texture_destroy (tile->texture);
  tile->texture = texture;
  tile->texture_destroy = destroy;
}

guint
_sc_display_tile_key_hash (gconstpointer data)
{
  const ScTileKey *k = data;

  return (guint) (k->serial * 2654435761u) ^ (k->level << 27) ^ (k->tx * 73856093u) ^
         (k->ty * 19349663u);
}

gboolean
_sc_display_tile_key_equal (gconstpointer a,
                            gconstpointer b)
{
  const ScTileKey *ka = a, *kb = b;

  return ka->serial == kb->serial && ka->level == kb->level && ka->tx == kb->tx &&
         ka->ty == kb->ty;
}

/* Renders tile key of view; thread-safe. */
ScDisplayTile *
_sc_display_render_tile (const ScViewSnapshot *view,
                         const ScTileKey      *key,
                         GCancellable         *cancellable,
                         GError              **error)
{
  guint lw, lh, x, y, w, h;
  guint32 *pixels;

  sc_render_view_level_size (sc_view_snapshot_get_width (view),
                             sc_view_snapshot_get_height (view), key->level, &lw, &lh);
  x = key->tx * SC_DISPLAY_TILE_SIZE;
  y = key->ty * SC_DISPLAY_TILE_SIZE;
  g_assert (x < lw && y < lh);
  w = MIN (SC_DISPLAY_TILE_SIZE, lw - x);
  h = MIN (SC_DISPLAY_TILE_SIZE, lh - y);

  pixels = g_new (guint32, (gsize) w * h);
  if (!sc_render_view_region (view, key->level, x, y, w, h, pixels, (gsize) w * 4,
                              cancellable, error))
    {
      g_free (pixels);
      return NULL;
    }
  return _sc_display_tile_new (key, w, h, g_bytes_new_take (pixels, (gsize) w * h * 4));
}
