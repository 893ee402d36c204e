/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-render.h"
#include "sc-types.h"

G_BEGIN_DECLS

/* Burns annotations into a rendered plane (w x h pixels 0xAARRGGBB): with bar, a strip
 * below the image with a colour bar of bar's colormap and display range (its numbers
 * whole when integer); with scale, a scale bar of a round length in the lower right
 * corner (none without a pixel size and unit). zoom (1 or more, dividing w and h) is how
 * many pixels of argb a data pixel spans: the bars, their text, lines and margins are
 * those of the plane at 1:1 drawn zoom times larger, and the scale bar spans the same
 * length of the data. Returns the new pixels, w x *out_height. */
guint32 *sc_annotate_plane (const guint32        *argb,
                            guint                 w,
                            guint                 h,
                            const ScRenderParams *bar,
                            gboolean              integer,
                            const ScCalibration  *scale,
                            guint                 zoom,
                            guint                *out_height);

G_END_DECLS
