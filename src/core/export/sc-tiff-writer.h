/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-stack.h"

G_BEGIN_DECLS

/* sc_export_tiff() without the overwrite guard: every plane of stack as an uncompressed
 * ImageJ hyperstack TIFF (see sc-export.h), written to a temporary file beside path and
 * renamed over it. */
gboolean sc_tiff_writer_write (ScStack       *stack,
                               const char    *path,
                               GCancellable  *cancellable,
                               GError       **error);

G_END_DECLS
