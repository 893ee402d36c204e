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
} ScImageJInfo;

/* Parses desc when it is an ImageJ description (found is FALSE otherwise), and adds each
 * key as metadata to info ("ImageJ version", "ImageJ slices", ...). */
void  sc_imagej_parse            (const char    *desc,
                                  ScImageJInfo  *ij,
                                  ScStackInfo   *info);
void  sc_imagej_info_clear       (ScImageJInfo  *ij);

/* The description ImageJ 1.53t writes for stack: its shape (channels, slices, frames,
 * hyperstack), and its calibration's unit, spacing and frame interval, in ASCII with
 * "micron" for µm and \uXXXX for other characters. */
char *sc_imagej_make_description (ScStack       *stack);

G_END_DECLS
