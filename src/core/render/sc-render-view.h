/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-view-state.h"

G_BEGIN_DECLS

/* The one path from data to pixels, for the viewer's tiles and for export alike: what
 * export writes is what the view shows.
 *
 * Renders the rectangle (x, y, width, height) of the snapshot's view at level: level 0
 * is the image at 1:1, level L the image shrunk by 2^L, each output pixel the mean colour
 * of the 2^L x 2^L image pixels it covers (fewer at the right and bottom edges). x, y,
 * width and height are in pixels of that level, whose size is ceil (W / 2^L) x
 * ceil (H / 2^L). dest gets 0xAARRGGBB (SC_RENDER_OPAQUE), dest_stride in bytes.
 * Reads only the rows it needs; thread-safe. */
gboolean  sc_render_view_region      (const ScViewSnapshot *view,
                                      guint                 level,
                                      guint                 x,
                                      guint                 y,
                                      guint                 width,
                                      guint                 height,
                                      guint32              *dest,
                                      gsize                 dest_stride,
                                      GCancellable         *cancellable,
                                      GError              **error);

/* The whole view at 1:1: width * height pixels, rows of width * 4 bytes. */
GBytes   *sc_render_view_plane       (const ScViewSnapshot *view,
                                      GCancellable         *cancellable,
                                      GError              **error);

/* Size of the image at level. */
void      sc_render_view_level_size  (guint                 width,
                                      guint                 height,
                                      guint                 level,
                                      guint                *level_width,
                                      guint                *level_height);

G_END_DECLS
