/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-source.h"

G_BEGIN_DECLS

/* A kind of file (or folder) that sc_stack_open() can open. The stack knows no format:
 * the io layer registers its sources here (see sc-io-formats.c), and sc_stack_open()
 * asks each in turn whether it takes the path. */
typedef struct {
  /* For messages: "TIFF", "PNG", "image folder". */
  const char *name;
  /* The file name suffix of the format, lower case (".png"), or NULL: a file named so
   * that fails every sniff is "not a valid <name> file". */
  const char *suffix;
  /* TRUE when it opens folders rather than files; sniff is not called for it then. */
  gboolean    opens_folders;
  /* Whether a file whose first n bytes are magic (n <= 16) is of this format. */
  gboolean  (*sniff) (const guint8 *magic,
                      gsize         n);
  ScSource *(*open)  (const char    *path,
                      GCancellable  *cancellable,
                      GError       **error);
  /* Opens image series `series` of a file that may hold several (sc_stack_open_series());
   * NULL for a format whose files hold one, whose series 0 open() opens. */
  ScSource *(*open_series) (const char    *path,
                            guint          series,
                            GCancellable  *cancellable,
                            GError       **error);
} ScSourceFormat;

/* Adds format to the table (thread-safe; format must outlive the program, a static). A
 * format registered twice is kept once. */
void      sc_stack_register_format (const ScSourceFormat *format);

G_END_DECLS
