/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-error"

#include "config.h"

#include <errno.h>

#include "sc-error.h"

G_DEFINE_QUARK (sc-error-quark, sc_error)

void
sc_set_error_from_errno (GError     **error,
                         int          saved_errno,
                         const char  *path,
                         const char  *doing)
{
  ScError code;
  g_autofree char *display = g_filename_display_name (path);

  switch (saved_errno)
    {
    case ENOENT:
    case ENOTDIR:
      code = SC_ERROR_NOT_FOUND;
      break;
    case EACCES:
    case EPERM:
      code = SC_ERROR_PERMISSION;
      break;
    case ELOOP:
      code = SC_ERROR_CORRUPT;
      break;
    default:
      code = SC_ERROR_IO;
      break;
    }

  g_set_error (error, SC_ERROR, code, "Cannot %s %s: %s", doing, display, g_strerror (saved_errno));
}
