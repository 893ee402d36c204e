/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a PNG holds, as Stackscope reads it: gray and gray+alpha read as gray
 * (alpha dropped), palette as its indices (with the palette beside them), RGB, RGBA. */
typedef struct {
  guint    width;
  guint    height;
  guint    bit_depth;          /* 8 or 16 once read (1, 2, 4-bit gray expand to 8) */
  guint    samples_per_pixel;  /* 1, 3 or 4 */
  gboolean has_palette;
  guint8   palette[256 * 3];
} ScPngInfo;

gboolean sc_png_read_info (const char  *path,
                           ScPngInfo   *info,
                           GError     **error);
/* Decodes the whole image and copies rows y0 .. y0+n_rows-1 into dest, native
 * byte order, width * samples_per_pixel * bit_depth/8 bytes per row. Fails with
 * SC_ERROR_INCONSISTENT when the file no longer matches expected. */
gboolean sc_png_read_rows (const char      *path,
                           const ScPngInfo *expected,
                           guint            y0,
                           guint            n_rows,
                           gpointer         dest,
                           GError         **error);

typedef enum {
  SC_PNG_GRAY8,
  SC_PNG_GRAY16,
  SC_PNG_RGB8,
  SC_PNG_RGBA8,
} ScPngFormat;

/* Writes data (native byte order, rows stride bytes apart) to path atomically:
 * a temporary file in the same folder, then a rename. text is NULL or
 * key/value pairs (NULL-terminated) stored as tEXt chunks. */
gboolean sc_png_write     (const char         *path,
                           ScPngFormat         format,
                           guint               width,
                           guint               height,
                           gconstpointer       data,
                           gsize               stride,
                           const char * const *text,
                           GError            **error);

G_END_DECLS
