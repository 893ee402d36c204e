/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Files written with libtiff for the tests of image series, RGB channels and files cut
 * short: the core's, the CLI's and the viewer's see the same ones. */

/* A Micro-Manager-like OME-TIFF: n_positions positions (Images "Pos0", "Pos1", ...) of
 * n_frames time points each, width x height, 16-bit, one page per plane with the time
 * points outermost (page n_positions * t + p), each plane a TiffData with IFD, PlaneCount
 * and a UUID naming the file itself. Position p's pixel size is 0.5 * (p + 1) µm and its
 * channel is named "GFP-p". Pixel (x, y) of position p at time t is sc_test_mm_value(). */
char    *sc_test_write_mm_ome     (const char *dir,
                                   const char *name,
                                   guint       n_positions,
                                   guint       n_frames,
                                   guint       width,
                                   guint       height);
guint16  sc_test_mm_value         (guint       p,
                                   guint       t,
                                   guint       x,
                                   guint       y);

/* n_pages RGB pages of 16-bit samples (SamplesPerPixel 3), interleaved or stored plane by
 * plane (separate), with description desc (NULL for none), deflate-compressed when
 * compress. Sample s of pixel (x, y) of page k is sc_test_rgb16_value(). */
char    *sc_test_write_rgb16      (const char *dir,
                                   const char *name,
                                   guint       n_pages,
                                   guint       width,
                                   guint       height,
                                   gboolean    separate,
                                   gboolean    compress,
                                   const char *desc);
guint16  sc_test_rgb16_value      (guint       page,
                                   guint       x,
                                   guint       y,
                                   guint       s);

/* The file offset of the pixels of page (from 0) of a TIFF with one strip a page. */
guint64  sc_test_strip_offset     (const char *path,
                                   guint       page);
/* A copy of the first len bytes of src in dir, named name. */
char    *sc_test_write_cut        (const char *src,
                                   const char *dir,
                                   const char *name,
                                   gsize       len);

/* dir/name: n planes of width x height u16 written by Stackscope's own TIFF writer, plane
 * after plane in the file (as tifffile lays them out too), sample i of the whole stack
 * (i * 2654435761) >> 7 truncated to 16 bits. */
char    *sc_test_write_u16_stack  (const char *dir,
                                   const char *name,
                                   guint       n,
                                   guint       width,
                                   guint       height);

G_END_DECLS
