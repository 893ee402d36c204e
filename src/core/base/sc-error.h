/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SC_ERROR (sc_error_quark ())

/* Errors of the Stackscope core. Messages name the file, and for TIFF the page,
 * so that a biologist can act on them. */
typedef enum {
  SC_ERROR_NOT_FOUND,
  SC_ERROR_PERMISSION,
  SC_ERROR_UNSUPPORTED,
  SC_ERROR_CORRUPT,
  SC_ERROR_INCONSISTENT,
  SC_ERROR_TOO_LARGE,
  SC_ERROR_EMPTY,
  SC_ERROR_IO,
  SC_ERROR_INVALID_ARGUMENT,
} ScError;

GQuark sc_error_quark (void);

/* doing is "open", "read", "create" or "write": "Cannot open cells.tif: No such file". */
void   sc_set_error_from_errno (GError     **error,
                                int          saved_errno,
                                const char  *path,
                                const char  *doing);

G_END_DECLS
