/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Calls write (fd, user_data, cancellable, error) on a new temporary file beside path,
 * then syncs and renames it to path; on failure (or cancellation) the temporary file is
 * removed and path is left as it was. */
typedef gboolean (*ScFileWriteFunc) (int            fd,
                                     gpointer       user_data,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean sc_file_replace_atomic (const char       *path,
                                 ScFileWriteFunc   write,
                                 gpointer          user_data,
                                 GCancellable     *cancellable,
                                 GError          **error);

/* TRUE when both paths name the same existing file (also through links): the same device
 * and inode. */
gboolean sc_file_is_same       (const char       *a,
                                const char       *b);

/* Natural order: "z2" before "z10", case-insensitive. */
int      sc_natural_compare     (const char       *a,
                                 const char       *b);

G_END_DECLS
