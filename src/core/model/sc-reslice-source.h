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
 * width = the stack's pixel width, pixel height = its z spacing and z spacing = its pixel
 * height; YZ has pixel width = z spacing, height = pixel height and z spacing = pixel
 * width (0 stays "not said", as in the stack); the unit, frame interval and time unit are
 * the stack's. Palette, channel display hints and composite mode are the stack's. It is
 * named "NAME [XZ]" or "NAME [YZ]", with the stack's format and origin files; a plane
 * describes itself as "NAME, row 12" or "NAME, column 40".
 *
 * Reading rows y0 .. y0+n-1 of a plane reads only what it needs and is thread-safe: XZ
 * takes row s of slices y0 .. y0+n-1, one row each (zero-copy where the stack lends it,
 * sc_stack_peek_rows()); YZ gathers column s of rows y0 .. y0+n-1 of every slice, in place
 * where the stack lends them, else reading those rows of each slice once (in chunks of a
 * few MiB). sc_stack_peek_rows() of an XZ plane lends a single row where the stack lends
 * it; it returns NULL for more rows and for YZ planes, which are never contiguous. */
typedef enum {
  SC_RESLICE_XZ,
  SC_RESLICE_YZ,
} ScResliceAxis;

#define SC_TYPE_RESLICE_SOURCE (sc_reslice_source_get_type ())
G_DECLARE_FINAL_TYPE (ScResliceSource, sc_reslice_source, SC, RESLICE_SOURCE, ScSource)

ScStack *sc_reslice_source_new_stack (ScStack       *stack,
                                      ScResliceAxis  axis);

/* Reads the plane through cut (a row for XZ, a column for YZ: a slice of reslice, a stack
 * of sc_reslice_source_new_stack()) of every channel and frame, or of channel and frame
 * alone where they are not -1, into a stack in memory of its own: C x 1 x T planes with
 * reslice's calibration and a "Reslice" metadata line naming the row or column. It reads
 * pixels: call it off the main loop. */
ScStack *sc_reslice_source_read_cut  (ScStack       *reslice,
                                      guint          cut,
                                      int            channel,
                                      int            frame,
                                      GError       **error);

G_END_DECLS
