/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-folder-list.h"
#include "sc-source.h"

G_BEGIN_DECLS

#define SC_TYPE_FOLDER_SOURCE (sc_folder_source_get_type ())
G_DECLARE_FINAL_TYPE (ScFolderSource, sc_folder_source, SC, FOLDER_SOURCE, ScSource)

/* A folder of .tif/.tiff/.png files in natural name order. */
ScSource *sc_folder_source_open       (const char          *path,
                                       GCancellable        *cancellable,
                                       GError             **error);
/* The given files, in this order (a single PNG file is a list of one). */
ScSource *sc_folder_source_open_files (const char          *path,
                                       const char * const  *files,
                                       GCancellable        *cancellable,
                                       GError             **error);

G_END_DECLS
