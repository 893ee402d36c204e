/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of stackscope-cli. */
enum {
  SC_CLI_OK = 0,
  SC_CLI_INPUT_ERROR = 1,
  SC_CLI_USAGE = 2,
};

/* Each subcommand gets argv with argv[0] = "stackscope-cli SUBCOMMAND". */
int sc_cli_info    (int    argc,
                    char **argv);
int sc_cli_project (int    argc,
                    char **argv);

/* Prints "stackscope-cli: MESSAGE" on stderr. */
void sc_cli_print_error (const char *message);

/* Prints "stackscope-cli: MESSAGE" on stderr and returns status, an exit code. */
int  sc_cli_fail        (int         status,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
