/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sc-view-state.h"

G_BEGIN_DECLS

/* A page's display tiles: a sparse pyramid of rendered tiles of its view, kept under a
 * memory budget by evicting the least recently used (but never one drawn in the current
 * frame, which would only be asked for again), and filled by the core's worker pool. Tile (level, tx, ty) covers pixels tx * SC_DISPLAY_TILE_SIZE .. of level
 * (sc_render_view_region()). Main thread only, except where said. */

#define SC_DISPLAY_TILE_SIZE 256

typedef struct _ScDisplayTile ScDisplayTile;

ScDisplayTile  *sc_display_tile_ref          (ScDisplayTile *tile);
void            sc_display_tile_unref        (ScDisplayTile *tile);
guint           sc_display_tile_get_level    (const ScDisplayTile *tile);
guint           sc_display_tile_get_tx       (const ScDisplayTile *tile);
guint           sc_display_tile_get_ty       (const ScDisplayTile *tile);
/* The serial of the view snapshot it was rendered from. */
guint64         sc_display_tile_get_serial   (const ScDisplayTile *tile);
/* Pixels as sc_render_view_region() wrote them; the tile's size is smaller than
 * SC_DISPLAY_TILE_SIZE at the right and bottom edges. */
GBytes         *sc_display_tile_get_pixels   (const ScDisplayTile *tile,
                                              guint               *width,
                                              guint               *height);
/* A slot for the viewer's texture of the tile, dropped with the tile. */
gpointer        sc_display_tile_get_texture  (const ScDisplayTile *tile);
void            sc_display_tile_set_texture  (ScDisplayTile *tile,
                                              gpointer       texture,
                                              GDestroyNotify destroy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScDisplayTile, sc_display_tile_unref)

#define SC_TYPE_DISPLAY_TILES (sc_display_tiles_get_type ())
G_DECLARE_FINAL_TYPE (ScDisplayTiles, sc_display_tiles, SC, DISPLAY_TILES, GObject)

/* Signal "tiles-ready": tiles asked for by lookup() became ready (emitted on the main
 * context, at most once per main-loop iteration). */

ScDisplayTiles *sc_display_tiles_new         (gsize           budget_bytes);
/* The view to show from now on. Tiles of earlier views stay as stand-ins until their
 * replacements are ready; work queued for them is cancelled. */
void            sc_display_tiles_set_view    (ScDisplayTiles *self,
                                              ScViewSnapshot *view);
ScViewSnapshot *sc_display_tiles_get_view    (ScDisplayTiles *self);
/* The best tile to draw now for tile (tx, ty) of level, with a new reference:
 *  1. that tile of the current view, when it is ready;
 *  2. else the ready tile of the current view at the nearest coarser level that covers
 *     it (the caller draws the part it covers, scaled up);
 *  3. else that tile, or the nearest coarser one, of an earlier view;
 *  4. else NULL.
 * A tile of the current view that is not ready is queued for the worker pool. The most
 * recently asked tiles are made first; queued tiles not asked for since the last
 * sc_display_tiles_begin_frame() before them are dropped. exact is set to TRUE when the
 * tile returned is case 1. */
ScDisplayTile  *sc_display_tiles_lookup      (ScDisplayTiles *self,
                                              guint           level,
                                              guint           tx,
                                              guint           ty,
                                              gboolean       *exact);
/* Called before each frame's lookups. Tiles the worker pool finished by then are drawn in
 * this frame, whether or not "tiles-ready" was emitted for them yet. */
void            sc_display_tiles_begin_frame (ScDisplayTiles *self);
/* Renders the wanted tiles of the current view now, on the calling thread (tests, and
 * the 1:1 export path's check that it equals the view). */
gboolean        sc_display_tiles_fill_sync   (ScDisplayTiles *self,
                                              GError        **error);
/* Whether lookups hand missing tiles to the worker pool (the default). Off, they only
 * queue them for sc_display_tiles_fill_sync(): tests that need to know what is queued. */
void            sc_display_tiles_set_async   (ScDisplayTiles *self,
                                              gboolean        async);
gsize           sc_display_tiles_get_budget  (ScDisplayTiles *self);
void            sc_display_tiles_set_budget  (ScDisplayTiles *self,
                                              gsize           budget_bytes);
/* Bytes of pixels held now, and the most held at once (for the memory benchmark). */
gsize           sc_display_tiles_get_n_bytes (ScDisplayTiles *self);
gsize           sc_display_tiles_get_peak_bytes (ScDisplayTiles *self);
guint           sc_display_tiles_get_n_pending (ScDisplayTiles *self);

G_END_DECLS
