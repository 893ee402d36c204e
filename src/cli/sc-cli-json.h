/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The JSON that stackscope-cli prints: written by hand into a GString, in a fixed layout
 * that scripts read (the project depends on no JSON library). */

/* Appends str as a JSON string literal, or null for NULL. */
void sc_cli_json_string        (GString    *out,
                                const char *str);
/* Appends value in its shortest form that reads back the same (g_ascii_dtostr). */
void sc_cli_json_double        (GString    *out,
                                double      value);
/* Appends "key": value, with ten significant digits, or null where value is not finite. */
void sc_cli_json_number_member (GString    *out,
                                const char *key,
                                double      value);
/* Appends "key": "str" (null for NULL). */
void sc_cli_json_string_member (GString    *out,
                                const char *key,
                                const char *str);

G_END_DECLS
