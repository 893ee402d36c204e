/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-source.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* The orthogonal planes of a stack, as a stack of their own (ImageJ's Image > Stacks >
 * Reslice, without interpolation). Rows and columns count from 0, as the readout does.
 *
 *   SC_RESLICE_XZ: slice y (0 .. height-1) is the image through row y of every slice:
 *                  width = the stack's width, height = its slices; row z of it is row y of
 *                  slice z.
 *   SC_RESLICE_YZ: slice x (0 .. width-1) is the image through column x of every slice:
 *                  width = the stack's slices, height = its height; pixel (z, y) of it is
 *                  pixel (x, y) of slice z.
 *
 * Channels, frames, sample type and samples per pixel are the stack's; the plane index is
 * c + C * (s + S * t) as for any stack (s the row or column). Calibration: XZ has pixel
 * width = the stack's pixel width and pixel height = its z spacing; YZ has pixel width =
 * z spacing and height = pixel height; the unit is the stack's. Channel display hints and
 * the composite mode are the stack's. It is named "NAME [XZ]" or "NAME [YZ]" with the
 * stack's origin files. Reading a plane (or rows of it) reads only the rows of the
 * stack's slices it needs, from zero-copy rows where the stack offers them
 * (sc_stack_peek_rows), and is thread-safe. */
typedef enum {
  SC_RESLICE_XZ,
  SC_RESLICE_YZ,
} ScResliceAxis;

#define SC_TYPE_RESLICE_SOURCE (sc_reslice_source_get_type ())
G_DECLARE_FINAL_TYPE (ScResliceSource, sc_reslice_source, SC, RESLICE_SOURCE, ScSource)

ScStack *sc_reslice_source_new_stack (ScStack       *stack,
                                      ScResliceAxis  axis);

G_END_DECLS
