/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-stack.h"

G_BEGIN_DECLS

/* Writes every plane of stack to path as an uncompressed TIFF in the stack's own sample
 * type (f32 for most projections), native byte order, that ImageJ opens as a hyperstack
 * with its calibration: an ImageJ description (channels, slices, frames, unit, spacing,
 * frame interval), XResolution/YResolution, and the planes' data contiguous after the
 * first directory as ImageJ expects. The file appears whole or not at all: it is written
 * to a temporary file in the same folder and renamed over path at the end. Refuses to
 * write over the stack's own file. */
gboolean sc_export_tiff         (ScStack       *stack,
                                 const char    *path,
                                 GCancellable  *cancellable,
                                 GError       **error);

/* TRUE when both paths name the same existing file (also through links). */
gboolean sc_export_is_same_file (const char    *a,
                                 const char    *b);

/* Calls write (fd, user_data, error) on a new temporary file beside path, then syncs
 * and renames it to path; on failure (or cancellation) the temporary file is removed
 * and path is left as it was. */
typedef gboolean (*ScExportWriteFunc) (int            fd,
                                       gpointer       user_data,
                                       GCancellable  *cancellable,
                                       GError       **error);
gboolean sc_export_atomic       (const char        *path,
                                 ScExportWriteFunc  write,
                                 gpointer           user_data,
                                 GCancellable      *cancellable,
                                 GError           **error);

G_END_DECLS
