/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-source.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* ImageJ's ImageDescription ("ImageJ=1.53t\nimages=75\nchannels=3\n..."), read and
 * written in one place so that what Stackscope writes it also reads. */
typedef struct
{
  gboolean  found;
  guint64   images, channels, slices, frames;
  double    spacing, finterval;
  char     *unit;
  char     *tunit;
  gboolean  has_min, has_max;    /* the display range ("min=", "max=") */
  double    min, max;
  ScCompositeMode mode;          /* "mode=composite|color|grayscale" */
} ScImageJInfo;

/* Parses desc when it is an ImageJ description (found is FALSE otherwise), and adds each
 * key as metadata to info ("ImageJ version", "ImageJ slices", ...). */
void  sc_imagej_parse            (const char    *desc,
                                  ScImageJInfo  *ij,
                                  ScStackInfo   *info);
void  sc_imagej_info_clear       (ScImageJInfo  *ij);

/* Reads ImageJ's binary metadata (the IJMetadata tag 50839, size bytes, split into
 * n_counts blocks by IJMetadataByteCounts, 50838) into info's channel display hints: the
 * "luts" (one 768-byte LUT, R then G then B, per channel) and "ranges" (min and max per
 * channel). Numbers are in the TIFF's byte order. Anything malformed is ignored, with a
 * note in the metadata; FALSE then. */
gboolean sc_imagej_read_metadata (const guint8   *data,
                                  gsize           size,
                                  const guint32  *counts,
                                  guint           n_counts,
                                  gboolean        little_endian,
                                  ScStackInfo    *info);
/* Applies the description's display settings to info once its shape is known: the mode,
 * and min/max as the range of every channel the binary metadata gave none. */
void  sc_imagej_apply_display    (const ScImageJInfo *ij,
                                  ScStackInfo        *info);

/* The description ImageJ 1.53t writes for stack: its shape (channels, slices, frames,
 * hyperstack), and its calibration's unit, spacing and frame interval, in ASCII with
 * "micron" for µm and \uXXXX for other characters. */
char *sc_imagej_make_description (ScStack       *stack);

G_END_DECLS
