/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prints "stackscope-cli: MESSAGE" on stderr. */
void     sc_cli_print_error      (const char     *message);
/* The same from a format; returns status, one of the exit codes of sc-cli.h, so that a
 * command can end with return sc_cli_fail (SC_CLI_USAGE, ...). */
int      sc_cli_fail             (int             status,
                                  const char     *format,
                                  ...) G_GNUC_PRINTF (2, 3);

/* Parses a command's options. On a mistake prints it and returns FALSE: the command then
 * exits with SC_CLI_USAGE. */
gboolean sc_cli_options_parse    (GOptionContext *context,
                                  int            *argc,
                                  char         ***argv);

/* The parsers of option values. Each takes the text as given, or NULL where the option
 * was left out: that succeeds and leaves the value as it is. They are strict: the whole
 * text must be the number or form named, with nothing after it, so that a typing mistake
 * is an error and not a quiet default. On failure the value is left as it is. */

/* A count or number from 1 to max. */
gboolean sc_cli_parse_count      (const char     *str,
                                  guint           max,
                                  guint          *value);
/* A channel or time point counted from 1 on the command line, stored 0-based: 0 is a
 * mistake, not "each". */
gboolean sc_cli_parse_index      (const char     *str,
                                  int            *index);
/* Slices "A", "A:B" or "A:B:S" counted from 1 (A or B may be empty: from the first, to
 * the last); first and last are stored 0-based, last = G_MAXUINT for "to the last". */
gboolean sc_cli_parse_slices     (const char     *str,
                                  guint          *first,
                                  guint          *last,
                                  guint          *step);
/* A number from 0 to 100. */
gboolean sc_cli_parse_percentile (const char     *str,
                                  double         *value);
/* A size in bytes over 0, with an optional K, M, G or T (also KiB, MB, ...). */
gboolean sc_cli_parse_size       (const char     *str,
                                  guint64        *bytes);
/* "auto", or "MIN:MAX" with both finite and MAX > MIN. */
gboolean sc_cli_parse_range      (const char     *str,
                                  gboolean       *is_auto,
                                  double         *min,
                                  double         *max);

G_END_DECLS
