/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-error"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

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

  /* One whole sentence per verb, so that translators see what they translate. */
  if (g_strcmp0 (doing, "open") == 0)
    g_set_error (error, SC_ERROR, code, _("Cannot open %s: %s"), display, g_strerror (saved_errno));
  else if (g_strcmp0 (doing, "read") == 0)
    g_set_error (error, SC_ERROR, code, _("Cannot read %s: %s"), display, g_strerror (saved_errno));
  else if (g_strcmp0 (doing, "create") == 0)
    g_set_error (error, SC_ERROR, code, _("Cannot create %s: %s"), display,
                 g_strerror (saved_errno));
  else if (g_strcmp0 (doing, "write") == 0)
    g_set_error (error, SC_ERROR, code, _("Cannot write %s: %s"), display,
                 g_strerror (saved_errno));
  else
    g_set_error (error, SC_ERROR, code, _("Cannot use %s: %s"), display, g_strerror (saved_errno));
}
