/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sc-file-util.h"

G_BEGIN_DECLS

typedef enum {
  SC_IMAGE_FILE_PNG,
  SC_IMAGE_FILE_TIFF,
} ScImageFileKind;

/* What a file name says it holds: .tif/.tiff (any case) TIFF, .png PNG; FALSE for others. */
gboolean  sc_image_file_kind_from_name (const char       *name,
                                        ScImageFileKind  *kind);

/* The TIFF and PNG files of folder (regular files, not hidden, also through links), as
 * paths in natural name order (sc_natural_compare()), NULL-terminated. Fails with
 * SC_ERROR_NOT_FOUND or SC_ERROR_PERMISSION when the folder cannot be read, and with
 * SC_ERROR_EMPTY when it holds no image. Shared by the folder source and the command
 * line's --batch. */
GStrv     sc_folder_list_images        (const char       *folder,
                                        GError          **error);

G_END_DECLS
