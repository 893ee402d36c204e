/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <tiffio.h>

#include "sc-imagej.h"
#include "sc-ome.h"
#include "sc-source.h"
#include "sc-tiff-file.h"
#include "sc-tiff-ifd.h"

G_BEGIN_DECLS

typedef struct
{
  float   xres;
  float   yres;
  guint16 unit;      /* RESUNIT_* */
} ScTiffResolution;

/* Adds the tags of the first page ref (tif at its directory) to info as metadata: byte
 * order, page count, compression, photometric, sample layout, text tags, the palette.
 * Returns the page's resolution in res, and its ImageDescription as valid UTF-8 (free
 * it), or NULL. */
char *sc_tiff_metadata_read       (const ScTiffFile        *file,
                                   TIFF                    *tif,
                                   const ScTiffPage        *ref,
                                   guint                    n_ifds,
                                   guint                    n_reduced,
                                   ScStackInfo             *info,
                                   ScTiffResolution        *res);

/* A description that is neither ImageJ's nor OME-XML, shortened to 200 characters. */
void  sc_tiff_metadata_add_description (ScStackInfo    *info,
                                        const char     *desc);

/* The stack's calibration: from the OME-XML of its series, else the resolution tags (in
 * ImageJ's unit for an ImageJ file, in µm for inch and centimetre; 72 dpi means none),
 * then ImageJ's spacing and frame interval. */
void  sc_tiff_metadata_calibrate  (ScStackInfo             *info,
                                   const ScTiffResolution  *res,
                                   const ScImageJInfo      *ij,
                                   const ScOmeInfo         *ome,
                                   guint                    series);

G_END_DECLS
