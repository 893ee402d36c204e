/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-tiff-handle.h"
#include "sc-tiff-ifd.h"

G_BEGIN_DECLS

/* What the rows of every page become: one sample type, samples per pixel and stride.
 * With split, each stored sample of a page is a plane of its own (16-bit RGB read as three
 * channels): spp_out is 1 and a read takes one sample of each pixel. */
typedef struct
{
  ScSampleType out_type;
  gsize        out_size;
  guint        spp_out;
  gsize        row_stride;
  gboolean     split;
} ScTiffLayout;

/* Whether pg's rows are read with pread() straight from the file (uncompressed strips,
 * interleaved samples, most significant bit first): no libtiff handle needed. */
gboolean      sc_tiff_page_is_direct (const ScTiffPage    *pg);
/* Rows that a read decodes together: a strip's (a tile's) height where pg goes through
 * libtiff, 1 where it is read directly. A read of rows that begins or ends inside a strip
 * decodes that strip (or its top) all the same. */
guint         sc_tiff_page_block_rows (const ScTiffPage   *pg);

/* Reads rows y0 .. y0 + n_rows - 1 of page pg into dest in layout: a band of strips
 * read directly, or decoded strip by strip or tile by tile through a handle of pool. With
 * a split layout, only sample `sample` of each pixel (only its strips where the samples
 * are stored plane by plane); else sample is 0. */
gboolean      sc_tiff_read_rows      (const ScTiffFile    *file,
                                      const ScTiffLayout  *layout,
                                      ScTiffHandlePool    *pool,
                                      const ScTiffPage    *pg,
                                      guint                sample,
                                      guint                y0,
                                      guint                n_rows,
                                      guint8              *dest,
                                      GError             **error);

/* Whether the file holds rows y0 .. y0 + n_rows - 1 of pg exactly as read_rows() returns
 * them and contiguously; if so, where they start. */
gboolean      sc_tiff_native_rows_offset (const ScTiffFile   *file,
                                          const ScTiffLayout *layout,
                                          const ScTiffPage   *pg,
                                          guint               y0,
                                          guint               n_rows,
                                          guint64            *offset);

/* The rows in the file's map when it holds them exactly as read_rows() returns them and
 * contiguously, else NULL. */
gconstpointer sc_tiff_peek_rows      (const ScTiffFile    *file,
                                      const ScTiffLayout  *layout,
                                      const ScTiffPage    *pg,
                                      guint                y0,
                                      guint                n_rows);

G_END_DECLS
