/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <tiff.h>

#include "sc-tiff-file.h"
#include "sc-types.h"

G_BEGIN_DECLS

/* The IFD walker: reads a TIFF's directory chain itself (a few preads through a small
 * window per page, no libtiff), and records for every page its IFD offset and the tags
 * that decide how to read it. libtiff 4.5 costs O(i) for TIFFSetDirectory(i) and tens of
 * microseconds per TIFFReadDirectory, so a 100,000-page file would not open in a second
 * through libtiff alone. Only tiff.h's constants are used. */

#define SC_TIFF_NO_OFFSET G_MAXUINT64

typedef struct
{
  guint64 count;
  guint16 type;
  guint8  raw[8];     /* the entry's value field as stored: inline values or an offset */
} ScTiffTagRef;

typedef struct
{
  guint64      ifd_offset;
  guint64      data_offset;    /* whole plane uncompressed at this offset, or SC_TIFF_NO_OFFSET */
  ScTiffTagRef strip_offsets;
  ScTiffTagRef strip_counts;
  const char  *unsupported;    /* why Stackscope cannot read this page (N_(), translate when
                                * shown), or NULL */
  guint32      page_number;    /* 1-based position in the IFD chain */
  guint32      width;
  guint32      height;
  guint32      rows_per_strip;
  guint32      tile_height;    /* tiled pages: TileLength as stored (0: none given) */
  guint16      compression;
  guint16      photometric;
  guint16      planar;
  guint16      fill_order;
  guint16      predictor;
  guint16      bps;
  guint16      sample_format;
  guint16      spp;
  guint8       spp_out;
  guint8       out_type;
  guint8       tiled : 1;
  guint8       invert : 1;
  guint8       big_image : 1;
  guint8       incomplete : 1;  /* its pixels (or its strip table) run past the end of the file */
} ScTiffPage;

/* Walks the chain from file->first_ifd and appends every full-resolution page to pages
 * (an array of ScTiffPage); reduced-resolution pages are counted in n_reduced. n_ifds is
 * the number of directories read. Each page whose first or last strip (or strip table)
 * runs past the end of the file is marked incomplete. Fails on a loop, an I/O error, and
 * a truncated or absurd directory; with broken_at, a directory after the first that lies
 * past the end of the file, is cut short or is absurd ends the chain instead: *broken_at
 * is then its position in the chain (from 1), else 0. Whether a page's compression has a
 * codec is not checked here (see sc_tiff_page_check_codec()). */
gboolean    sc_tiff_walk_ifds         (const ScTiffFile    *file,
                                       GArray              *pages,
                                       GCancellable        *cancellable,
                                       guint               *n_ifds,
                                       guint               *n_reduced,
                                       guint               *broken_at,
                                       GError             **error);

/* Reads values first .. first + n - 1 of an integer tag (strip offsets, byte counts). */
gboolean    sc_tiff_tag_read_uints    (const ScTiffFile    *file,
                                       const ScTiffTagRef  *ref,
                                       guint64              first,
                                       guint                n,
                                       guint64             *out,
                                       guint                page_number,
                                       GError             **error);

/* Bytes of one stored row (all samples, before conversion). */
gsize       sc_tiff_page_row_bytes    (const ScTiffPage    *pg);
const char *sc_tiff_photometric_name  (guint16              photometric);

G_END_DECLS
