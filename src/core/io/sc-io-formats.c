/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-io-formats"

#include "config.h"

#include <string.h>

#include "sc-folder-source.h"
#include "sc-io-formats.h"
#include "sc-stack-open.h"
#include "sc-tiff-source.h"

static gboolean
sniff_tiff (const guint8 *m,
            gsize         n)
{
  return n >= 4
         && ((m[0] == 'I' && m[1] == 'I' && (m[2] == 42 || m[2] == 43) && m[3] == 0)
             || (m[0] == 'M' && m[1] == 'M' && m[2] == 0 && (m[3] == 42 || m[3] == 43)));
}

static gboolean
sniff_png (const guint8 *m,
           gsize         n)
{
  return n >= 8 && memcmp (m, "\x89PNG\r\n\x1a\n", 8) == 0;
}

/* A single PNG file is a folder of one. */
static ScSource *
open_png (const char    *path,
          GCancellable  *cancellable,
          GError       **error)
{
  return sc_folder_source_open_files (path, (const char * const[]) { path, NULL },
                                      cancellable, error);
}

static const ScSourceFormat tiff_format = {
  "TIFF", ".tif", FALSE, sniff_tiff, sc_tiff_source_open, sc_tiff_source_open_series,
};
static const ScSourceFormat png_format = {
  "PNG", ".png", FALSE, sniff_png, open_png, NULL,
};
static const ScSourceFormat folder_format = {
  "image folder", NULL, TRUE, NULL, sc_folder_source_open, NULL,
};

void
sc_io_register_formats (void)
{
  sc_stack_register_format (&tiff_format);
  sc_stack_register_format (&png_format);
  sc_stack_register_format (&folder_format);
}

__attribute__((constructor)) static void
register_at_start (void)
{
  sc_io_register_formats ();
}
