/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Calls write (fd, user_data, cancellable, error) on a new temporary file beside path,
 * then renames it to path, syncing it to the disk first where it replaces a file that
 * holds something (see _sc_file_replace_needs_sync); on failure (or cancellation) the
 * temporary file is removed and path is left as it was. After a crash a path that held
 * something holds its old contents or the new ones, never a mixture or nothing; a new
 * file may be empty or short if the system crashes just after it was written. */
typedef gboolean (*ScFileWriteFunc) (int            fd,
                                     gpointer       user_data,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean sc_file_replace_atomic (const char       *path,
                                 ScFileWriteFunc   write,
                                 gpointer          user_data,
                                 GCancellable     *cancellable,
                                 GError          **error);

/* FALSE where path is absent or an empty regular file: nothing there to lose, so the
 * new file need not be synced before the rename. TRUE for anything else, also where
 * path cannot be looked at. */
gboolean _sc_file_replace_needs_sync (const char *path);

/* TRUE when both paths name the same existing file (also through links): the same device
 * and inode. */
gboolean sc_file_is_same       (const char       *a,
                                const char       *b);

/* Natural order: "z2" before "z10", case-insensitive. */
int      sc_natural_compare     (const char       *a,
                                 const char       *b);

G_END_DECLS
