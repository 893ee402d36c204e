/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-channel-display.h"
#include "sc-types.h"

G_BEGIN_DECLS

#define SC_TYPE_STACK (sc_stack_get_type ())
G_DECLARE_FINAL_TYPE (ScStack, sc_stack, SC, STACK, GObject)

/* The source of a stack's planes (sc-source.h), declared here alone (C11 allows the
 * typedef twice) so that the stack's header and the source's do not include each other. */
typedef struct _ScSource ScSource;

/* A stack of planes that come from no file: display_name is what to call it, such as
 * "Sample cells" or "MAX_golgi.tif"; its path is NULL and it has no origin files. */
ScStack       *sc_stack_new_for_source  (ScSource   *source,
                                         const char *display_name);
/* A stack opened from path (a file or folder): named after it, with path as its file and
 * the files there as its origin files (sc_stack_get_origin_files()). */
ScStack       *sc_stack_new_for_file    (ScSource   *source,
                                         const char *path);


/* Opens a file or folder through the formats registered in sc-stack-open.h (the io layer
 * registers TIFF, PNG and folders of them): the stack itself knows no format. */
ScStack             *sc_stack_open                 (const char           *path,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void                 sc_stack_open_async           (const char           *path,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
ScStack             *sc_stack_open_finish          (GAsyncResult         *result,
                                                    GError              **error);
/* Opens image series `series` (0-based; sc_stack_open() opens series 0) of a file that
 * holds several, such as a multi-position OME-TIFF. A series the file does not have is an
 * SC_ERROR_NOT_FOUND error naming the file. The async twin finishes with
 * sc_stack_open_finish(). */
ScStack             *sc_stack_open_series          (const char           *path,
                                                    guint                 series,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void                 sc_stack_open_series_async    (const char           *path,
                                                    guint                 series,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);

/* The file or folder the stack was opened from, as given to sc_stack_open(); NULL for a
 * stack made in memory (the generated sample, projection results), which has no file. */
const char          *sc_stack_get_path             (ScStack              *self);
/* What to call the stack: the name of its file or folder, or a name of its own such as
 * "Sample cells" or "MAX_golgi.tif" (never a path, never NULL). */
const char          *sc_stack_get_display_name     (ScStack              *self);
/* The files its planes come from, which no export may write over: the file opened, every
 * file of the folder opened, and for a computed stack those of its inputs (see
 * sc_stack_add_origin()). Absolute paths, NULL-terminated; empty for a generated stack. */
const char * const  *sc_stack_get_origin_files     (ScStack              *self);
/* TRUE when path names one of the origin files: by its name, or as an existing file with
 * the same device and inode (a hard link, or a symbolic link to one). */
gboolean             sc_stack_is_origin_file       (ScStack              *self,
                                                    const char           *path);
/* TRUE when path is origin itself, or one of the files an opened origin (a file or a
 * folder) would give a stack (sc_stack_get_origin_files()), also through a link. */
gboolean             sc_origin_path_contains       (const char           *origin,
                                                    const char           *path);
/* Records that self was computed from input: input's origin files become self's too.
 * Call it before self is shared with other threads. */
void                 sc_stack_add_origin           (ScStack              *self,
                                                    ScStack              *input);
/* "TIFF", "ImageJ TIFF", "OME-TIFF", "BigTIFF", "TIFF folder", "PNG folder", "Generated" */
const char          *sc_stack_get_format           (ScStack              *self);
guint                sc_stack_get_width            (ScStack              *self);
guint                sc_stack_get_height           (ScStack              *self);
guint                sc_stack_get_n_channels       (ScStack              *self);
guint                sc_stack_get_n_slices         (ScStack              *self);
guint                sc_stack_get_n_frames         (ScStack              *self);
guint                sc_stack_get_n_planes         (ScStack              *self);
ScSampleType         sc_stack_get_sample_type      (ScStack              *self);
guint                sc_stack_get_samples_per_pixel(ScStack              *self);
/* Bytes of one row and of one plane as read_plane() writes them. */
gsize                sc_stack_get_row_stride       (ScStack              *self);
gsize                sc_stack_get_plane_size       (ScStack              *self);
/* Rows the source decodes at once, from row 0 (a compressed TIFF's strip height), 1 where
 * any rows read alike: readers of bands of rows take whole blocks where they can, so that
 * no block is decoded twice. */
guint                sc_stack_get_row_block        (ScStack              *self);
const ScCalibration *sc_stack_get_calibration      (ScStack              *self);
/* 256 RGB triplets when the file carries a palette/LUT for its gray values, else NULL. */
const guint8        *sc_stack_get_palette          (ScStack              *self);
/* What the file says about showing channel c (its LUT, display range, name): TRUE and
 * *hint filled (pointers valid while the stack lives) when it says anything, else FALSE
 * and *hint all unset. */
gboolean             sc_stack_get_channel_display  (ScStack              *self,
                                                    guint                 c,
                                                    ScChannelDisplay     *hint);
/* How the file asks for its channels to be shown together; UNSET when it says nothing. */
ScCompositeMode      sc_stack_get_composite_mode   (ScStack              *self);

/* The image series of the stack's file (OME Images, Micro-Manager positions): how many it
 * holds (1 for most files and for stacks of no file), which one this stack is (0-based),
 * and the name the file gives series i, or NULL where it gives none. Each series is a
 * stack of its own shape, sample type, calibration and channels. */
guint                sc_stack_get_n_series         (ScStack              *self);
guint                sc_stack_get_series           (ScStack              *self);
const char          *sc_stack_get_series_name      (ScStack              *self,
                                                    guint                 series);

/* A file cut short or damaged opens with the pages that are complete. These are the pages
 * it leaves out: missing (the file ends, or its chain of pages breaks, before them),
 * incomplete (their pixels run past the end of the file), or of a time point or slice
 * that is. *n_ranges ranges of page numbers (from 1), ascending; the last range's last is
 * 0 where the file does not say how many pages it had ("13 and later"). NULL and 0 for a
 * whole file. */
const ScPageRange   *sc_stack_get_missing_pages    (ScStack              *self,
                                                    guint                *n_ranges);
/* What to tell the user about them, translated: "Pages 13–25 of golgi.tif are missing or
 * incomplete; showing the 12 complete pages." NULL for a whole file. */
char                *sc_stack_describe_missing_pages (ScStack            *self);

/* Planes are numbered with the channel fastest, then the slice, then the frame
 * (ImageJ's order): index = c + C * (z + Z * t). */
guint                sc_stack_plane_index          (ScStack              *self,
                                                    guint                 c,
                                                    guint                 z,
                                                    guint                 t);
void                 sc_stack_plane_position       (ScStack              *self,
                                                    guint                 index,
                                                    guint                *c,
                                                    guint                *z,
                                                    guint                *t);
/* Where a plane comes from, e.g. "cells.tif, page 12" or "z0003.png". */
char                *sc_stack_describe_plane       (ScStack              *self,
                                                    guint                 index);

/* Free-form metadata in the order the file gives it (TIFF tags, ImageJ and OME fields). */
guint                sc_stack_get_n_metadata       (ScStack              *self);
void                 sc_stack_get_metadata         (ScStack              *self,
                                                    guint                 i,
                                                    const char          **key,
                                                    const char          **value);
const char          *sc_stack_lookup_metadata      (ScStack              *self,
                                                    const char           *key);
/* A metadata name as a user reads it: translated where the core named it ("Byte order"),
 * as it is where it is the file's own (ImageJ keys, OME fields). The names are stored, and
 * looked up, in English. */
char                *sc_metadata_display_name      (const char           *key);

/* Read rows y0 .. y0+n_rows-1 of one plane into dest (n_rows * row_stride bytes),
 * native byte order, samples interleaved. Thread-safe: several threads may read
 * different (or the same) planes at once. Reads nothing of other planes. */
gboolean             sc_stack_read_rows            (ScStack              *self,
                                                    guint                 index,
                                                    guint                 y0,
                                                    guint                 n_rows,
                                                    gpointer              dest,
                                                    GError              **error);
/* The same rows of n_planes planes (indices), plane i's at dest + i * dest_stride
 * (dest_stride >= n_rows * row_stride): planes that lie side by side in a file are read
 * in one go. */
gboolean             sc_stack_read_planes_rows     (ScStack              *self,
                                                    const guint          *indices,
                                                    guint                 n_planes,
                                                    guint                 y0,
                                                    guint                 n_rows,
                                                    gpointer              dest,
                                                    gsize                 dest_stride,
                                                    GError              **error);
gboolean             sc_stack_read_plane           (ScStack              *self,
                                                    guint                 index,
                                                    gpointer              dest,
                                                    GError              **error);
/* Zero-copy access: a pointer to rows y0.. of a plane in native order when the
 * source holds them contiguously in memory (uncompressed TIFF mapped from disk,
 * generated stacks), else NULL and the caller uses read_rows(). Valid while the
 * stack lives. */
gconstpointer        sc_stack_peek_rows            (ScStack              *self,
                                                    guint                 index,
                                                    guint                 y0,
                                                    guint                 n_rows);
/* After reading rows that sc_stack_peek_rows() lent: FALSE, with "cells.tif was cut
 * short while it was being read", where the file was cut short under its map, so that
 * some of them may have read as zeros; what was computed from them is not the file's.
 * Rows peeked after that are NULL, and reads fail as the file's new end says. */
gboolean             sc_stack_check_peeked         (ScStack              *self,
                                                    GError              **error);

G_END_DECLS
