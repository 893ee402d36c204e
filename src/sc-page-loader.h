/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-stack.h"

G_BEGIN_DECLS

/* Opens what a page shows, off the main loop: a TIFF or PNG file (its image series
 * `series`), a folder of images, or the generated demo stack when file is NULL. */
void     sc_page_loader_open_async  (GFile               *file,
                                     guint                series,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
ScStack *sc_page_loader_open_finish (GAsyncResult        *result,
                                     GError             **error);
/* What the page is called while it opens: the file's name, or the demo stack's. */
char    *sc_page_loader_describe    (GFile               *file);

G_END_DECLS
