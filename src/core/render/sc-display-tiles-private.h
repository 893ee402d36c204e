/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-view-state-private.h"

G_BEGIN_DECLS

/* As in sc-display-tiles.h, which this header does not include (see sc-view-state-private.h). */
typedef struct _ScDisplayTile ScDisplayTile;

typedef struct {
  guint64 serial;
  guint   level;
  guint   tx;
  guint   ty;
} ScTileKey;

struct _ScDisplayTile
{
  gatomicrefcount ref;
  ScTileKey         key;
  guint           width;
  guint           height;
  GBytes         *pixels;
  gpointer        texture;
  GDestroyNotify  texture_destroy;
  GList           lru_link;   /* in the cache's LRU while the cache holds it */
  guint           frame;      /* the cache's frame it was last drawn in */
};

ScDisplayTile *_sc_display_tile_new       (const ScTileKey      *key,
                                           guint                 width,
                                           guint                 height,
                                           GBytes               *pixels);
guint          _sc_display_tile_key_hash  (gconstpointer         key);
gboolean       _sc_display_tile_key_equal (gconstpointer         a,
                                           gconstpointer         b);
/* Renders tile key of view; thread-safe. */
ScDisplayTile *_sc_display_render_tile    (const ScViewSnapshot *view,
                                           const ScTileKey      *key,
                                           GCancellable         *cancellable,
                                           GError              **error);

G_END_DECLS
