/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-imagej.h"
#include "sc-ome.h"
#include "sc-source.h"
#include "sc-tiff-file.h"
#include "sc-tiff-ifd.h"

G_BEGIN_DECLS

/* How a TIFF's pages become a stack's planes: which page each unit of the stack is (a
 * unit is one page; with split > 1 each of its samples is a channel, so plane p is sample
 * p % split of unit p / split), from the ImageJ or OME description or one Z slice a page,
 * and which pages a file cut short leaves out. */
typedef struct
{
  GArray   *pages;            /* ScTiffPage, as walked; the ImageJ big stack replaces them */
  guint     n_ifds;
  guint     broken_at;        /* where the chain of pages broke (from 1), or 0 */
  guint    *unit_to_page;     /* NULL: unit i is page i; an index past pages is a missing page */
  guint     n_units;
  guint     split;            /* samples of a page read as channels of their own, or 1 */
  gboolean  counted;          /* the description says how many pages the stack has */
} ScTiffShape;

void     sc_tiff_shape_init        (ScTiffShape         *shape,
                                    GArray              *pages,
                                    guint                n_ifds,
                                    guint                broken_at);
void     sc_tiff_shape_clear       (ScTiffShape         *shape);

/* How many channels each pixel of pg is read as: its samples for 16- and 32-bit RGB
 * (ImageJ opens such a file as a composite of three channels), 1 otherwise (8-bit RGB
 * stays an RGB image). */
guint    sc_tiff_page_split        (const ScTiffPage    *pg);

/* The page unit `unit` is read from (an index into pages). */
static inline guint
sc_tiff_shape_page (const ScTiffShape *shape,
                    guint              unit)
{
  return shape->unit_to_page != NULL ? shape->unit_to_page[unit] : unit;
}

/* One slice a page. */
void     sc_tiff_shape_plain       (ScTiffShape         *shape,
                                    ScStackInfo         *info);
/* ImageJ's channels, slices and frames, an ImageJ big stack (images=N, one directory). */
gboolean sc_tiff_shape_imagej      (ScTiffShape         *shape,
                                    const ScTiffFile    *file,
                                    const ScImageJInfo  *ij,
                                    ScStackInfo         *info,
                                    GError             **error);
/* OME image series `series`: its dimension order and TiffData. Series 0 of an OME-XML that
 * does not fit the pages is taken one slice a page, with a note; another series then
 * fails. A series the file does not have is SC_ERROR_NOT_FOUND. */
gboolean sc_tiff_shape_ome         (ScTiffShape         *shape,
                                    const ScTiffFile    *file,
                                    const ScOmeInfo     *ome,
                                    guint                series,
                                    ScStackInfo         *info,
                                    GError             **error);
/* Drops the units whose page is missing or incomplete, keeping whole time points (or
 * slices, or channels) from the first on, and records the pages left out in info. Fails,
 * naming the first page, when no unit is complete. */
gboolean sc_tiff_shape_trim        (ScTiffShape         *shape,
                                    const ScTiffFile    *file,
                                    ScStackInfo         *info,
                                    GError             **error);

/* Split samples are shown as ImageJ shows RGB48: in composite, red, green and blue where
 * the file gives a channel no LUT of its own. Call it after the file's own hints. */
void     sc_tiff_shape_apply_display (const ScTiffShape *shape,
                                      ScStackInfo       *info);

G_END_DECLS
