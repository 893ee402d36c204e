/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <tiffio.h>

#include "sc-tiff-file.h"
#include "sc-tiff-ifd.h"

G_BEGIN_DECLS

/* A part of the file a handle read ahead, from which its small reads (directories, tag
 * values, strip tables) are served. */
#define SC_TIFF_WINDOW_BYTES (8 * 1024)

typedef struct
{
  guint8  *data;
  guint64  offset;
  gsize    len;
  guint64  used;     /* when last read from, on the handle's clock */
} ScTiffWindow;

/* libtiff for what needs decoding (compressed, tiled, separate planes, odd fill orders):
 * a pool of handles over the file's descriptor, each moved to a page with
 * TIFFSetSubDirectory(offset), since a TIFF* must not be shared between threads. libtiff
 * is kept quiet on stderr: its first error becomes part of the GError. */
typedef struct
{
  const ScTiffFile *file;
  TIFF             *tif;
  guint64           pos;
  guint64           dir_offset;
  const ScTiffPage *page;        /* whose directory libtiff has read, or NULL */
  char             *message;
  guint8           *buf;
  gsize             buf_size;
  guint8           *raw;         /* compressed strips read by us */
  gsize             raw_size;
  guint64           n_decoded;   /* strips and tiles, since it was last given back */
  ScTiffWindow      windows[3];  /* the file read ahead, for small reads */
  guint64           window_clock;
} ScTiffHandle;

typedef struct
{
  GMutex     lock;
  GPtrArray *idle;
  guint      max;
  guint64    n_decoded;   /* strips and tiles its handles decoded, under lock */
} ScTiffHandlePool;

void          sc_tiff_handle_pool_init     (ScTiffHandlePool  *pool);
void          sc_tiff_handle_pool_clear    (ScTiffHandlePool  *pool);

/* Strips and tiles that the pool's handles have decoded (for tests and benchmarks). */
guint64       sc_tiff_handle_pool_n_decoded (ScTiffHandlePool *pool);

/* header_only: read no directory yet (the pool's handles); else the first is read. */
ScTiffHandle *sc_tiff_handle_open          (const ScTiffFile  *file,
                                            gboolean           header_only,
                                            GError           **error);
void          sc_tiff_handle_free          (ScTiffHandle      *h);
/* A handle of the pool, or a new one; give it back with release, healthy when no error
 * left it in an unknown state. */
ScTiffHandle *sc_tiff_handle_acquire       (ScTiffHandlePool  *pool,
                                            const ScTiffFile  *file,
                                            GError           **error);
void          sc_tiff_handle_release       (ScTiffHandlePool  *pool,
                                            ScTiffHandle      *h,
                                            gboolean           healthy);
/* Moves h to page pg, and checks that libtiff reads its directory as the walker did. */
gboolean      sc_tiff_handle_load_page     (ScTiffHandle      *h,
                                            const ScTiffPage  *pg,
                                            GError           **error);
/* A buffer of at least size bytes, owned by h; raw: another, for compressed data. */
guint8       *sc_tiff_handle_buffer        (ScTiffHandle      *h,
                                            gsize              size);
guint8       *sc_tiff_handle_raw_buffer    (ScTiffHandle      *h,
                                            gsize              size);
/* "page 3 of cells.tif is corrupt: <libtiff's message>" */
void          sc_tiff_handle_set_error     (ScTiffHandle      *h,
                                            const ScTiffPage  *pg,
                                            GError           **error);

/* Marks pg unsupported when libtiff has no codec for its compression. */
void          sc_tiff_page_check_codec     (ScTiffPage        *pg);
/* "LZW", "none", "compression 50001" */
char         *sc_tiff_describe_compression (guint16            compression);
/* Why pg cannot be read, as an SC_ERROR_UNSUPPORTED error. */
void          sc_tiff_set_unsupported      (const ScTiffFile  *file,
                                            const ScTiffPage  *pg,
                                            GError           **error);

G_END_DECLS
