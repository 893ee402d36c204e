/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-export-png.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* The export API of the command line and the viewer. Every export goes through the one
 * overwrite guard here (sc_export_check_target_for_stack()); the writers behind it are
 * sc-tiff-writer and sc-export-png. */

/* Writes every plane of stack to path as an uncompressed TIFF in the stack's own sample
 * type (f32 for most projections), native byte order, that ImageJ opens as a hyperstack
 * with its calibration: an ImageJ description (channels, slices, frames, unit, spacing,
 * frame interval), XResolution/YResolution, and the planes' data contiguous after the
 * first directory as ImageJ expects. The file appears whole or not at all: it is written
 * to a temporary file in the same folder and renamed over path at the end, so that a
 * rerun replaces its earlier output. Refuses to write over the stack's origin files
 * (sc_export_check_target_for_stack()). */
gboolean sc_export_tiff         (ScStack       *stack,
                                 const char    *path,
                                 GCancellable  *cancellable,
                                 GError       **error);

/* The overwrite guard, for every export of the command line and the viewer: whether data
 * may be written to path. FALSE with SC_ERROR_INVALID_ARGUMENT when path is an input:
 * one of stack's origin files (sc_stack_is_origin_file()), or protect_path, or a file of
 * the folder protect_path, the same file also through a hard or symbolic link (compared
 * by device and inode). FALSE with G_IO_ERROR_EXISTS when path exists and overwrite is
 * FALSE. stack and protect_path may be NULL. A file that is no input, such as an earlier
 * run's output, may be replaced. */
gboolean  sc_export_check_target_for_stack (const char         *path,
                                            ScStack            *stack,
                                            const char         *protect_path,
                                            gboolean            overwrite,
                                            GError            **error);
/* The same without a stack: protect_path is the file or folder opened. */
gboolean  sc_export_check_target     (const char               *path,
                                      const char               *protect_path,
                                      gboolean                  overwrite,
                                      GError                  **error);

/* Writes plane (c, z, t) of stack to path as a PNG, atomically. The command line's
 * "project --colormap C --range MIN:MAX -o x.png" and the viewer's "Export as PNG" both
 * write through here, so that the same settings give the same pixels. */
gboolean  sc_export_png              (ScStack                  *stack,
                                      guint                     c,
                                      guint                     z,
                                      guint                     t,
                                      const ScExportPngOptions *options,
                                      const char               *path,
                                      GCancellable             *cancellable,
                                      GError                  **error);

/* The plane view shows (its channel, slice and frame, through its settings, at the options'
 * scale), with
 * the bars options asks for, behind the same guard: the viewer's "Export as PNG" of what
 * it shows. options->params and options->composite are not used. */
gboolean  sc_export_png_view         (const ScViewSnapshot     *view,
                                      const ScExportPngOptions *options,
                                      const char               *path,
                                      GCancellable             *cancellable,
                                      GError                  **error);

/* File names for slices first..last (0-based) of "Export planes as PNG": prefix
 * followed by the 1-based slice number zero-padded to the width of the largest,
 * e.g. golgi_z01.png .. golgi_z25.png. */
char     *sc_export_plane_file_name  (const char               *prefix,
                                      guint                     z,
                                      guint                     n_slices);
/* The files of such an export that exist already in folder (names, NULL-terminated;
 * empty when none), so that the caller can ask before writing over them. */
GStrv     sc_export_planes_existing  (const char               *folder,
                                      const char               *prefix,
                                      guint                     first,
                                      guint                     last,
                                      guint                     n_slices);

/* Whether path is a folder that new files can be made in (access(2) W_OK and X_OK; for
 * root, a folder on a read-only file system is not). */
gboolean  sc_export_folder_is_writable (const char             *path);
/* The folder an export dialog proposes, the first that is a folder one can write to of:
 * last_export (the folder of the last export), the folder that holds stack_path (a stack's
 * file, or its folder for a folder of images, whose own files no export may replace),
 * pictures (the user's Pictures folder) and home. Any may be NULL or missing. Returns a
 * new string, or NULL when none is writable. The source folder is never taken for
 * writable: on a server share or a CD it seldom is. */
char     *sc_export_choose_folder    (const char               *last_export,
                                      const char               *stack_path,
                                      const char               *pictures,
                                      const char               *home);

typedef void (*ScExportProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

/* Writes slices first..last of channel c (or the composite) at time point t into folder,
 * one PNG each, named by sc_export_plane_file_name(). Stops at the first error; files
 * written before it stay. progress is called on the calling thread after each file. */
gboolean  sc_export_planes_png       (ScStack                  *stack,
                                      guint                     c,
                                      guint                     t,
                                      guint                     first,
                                      guint                     last,
                                      const ScExportPngOptions *options,
                                      const char               *folder,
                                      const char               *prefix,
                                      ScExportProgress          progress,
                                      gpointer                  progress_data,
                                      GCancellable             *cancellable,
                                      GError                  **error);

G_END_DECLS
