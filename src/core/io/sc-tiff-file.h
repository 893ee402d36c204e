/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/uio.h>

#include "sc-file-map.h"

G_BEGIN_DECLS

/* An open TIFF file: its descriptor, size, byte order and variant, read with pread() so
 * that any thread may read it at once, and mapped for zero-copy reads when it can be. */
typedef struct
{
  char     *path;
  char     *name;            /* for messages: the file's display base name */
  int       fd;
  guint64   size;
  gboolean  little_endian;
  gboolean  bigtiff;
  guint64   first_ifd;
  ScFileMap *map;            /* the whole file, or NULL */
} ScTiffFile;

/* Opens path and reads the TIFF or BigTIFF header. On failure file holds nothing to free
 * but what sc_tiff_file_clear() frees. */
gboolean sc_tiff_file_open         (ScTiffFile        *file,
                                    const char        *path,
                                    GError           **error);
/* Maps the file read-only (for peek_rows()); nothing happens when it cannot be. A file cut
 * short while mapped reads zeros past its end and is no longer intact. */
void     sc_tiff_file_map          (ScTiffFile        *file);
void     sc_tiff_file_clear        (ScTiffFile        *file);
/* FALSE where the file was mapped and cut short since: reads in place may have been
 * zeros. Sets "cells.tif was cut short while it was being read". */
gboolean sc_tiff_file_check_map    (const ScTiffFile  *file,
                                    GError           **error);

/* pread() until len bytes or the end of the file: the bytes read, or -1 (errno set). */
gssize   sc_tiff_pread_full        (int                fd,
                                    gpointer           buf,
                                    gsize              len,
                                    guint64            offset);
/* Reads exactly len bytes at offset; anything short of that is a truncated page. */
gboolean sc_tiff_file_read         (const ScTiffFile  *file,
                                    gpointer           buf,
                                    gsize              len,
                                    guint64            offset,
                                    guint              page_number,
                                    GError           **error);
/* Reads the bytes at offset into the n_iov vectors, one after the other, exactly; the
 * vectors are changed. Anything short is a truncated page (page_number, for messages). */
gboolean sc_tiff_file_readv        (const ScTiffFile  *file,
                                    struct iovec      *iov,
                                    guint              n_iov,
                                    guint64            offset,
                                    guint              page_number,
                                    GError           **error);

/* "page 3 of cells.tif is truncated" */
void     sc_tiff_set_truncated     (const ScTiffFile  *file,
                                    guint              page_number,
                                    GError           **error);
void     sc_tiff_set_io_error      (const ScTiffFile  *file,
                                    guint              page_number,
                                    int                saved_errno,
                                    GError           **error);

G_END_DECLS
