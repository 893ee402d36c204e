/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-source.h"

G_BEGIN_DECLS

#define SC_TYPE_TIFF_SOURCE (sc_tiff_source_get_type ())
G_DECLARE_FINAL_TYPE (ScTiffSource, sc_tiff_source, SC, TIFF_SOURCE, ScSource)

/* Indexes the file's directories once, sequentially, reading no pixel data: image
 * series 0, or `series` of an OME-TIFF that holds several. */
ScSource *sc_tiff_source_open        (const char    *path,
                                      GCancellable  *cancellable,
                                      GError       **error);
ScSource *sc_tiff_source_open_series (const char    *path,
                                      guint          series,
                                      GCancellable  *cancellable,
                                      GError       **error);
/* Strips and tiles decoded so far, over all threads (for tests and benchmarks: a
 * projection decodes each once). */
guint64   sc_tiff_source_get_n_decoded (ScTiffSource  *self);

G_END_DECLS
