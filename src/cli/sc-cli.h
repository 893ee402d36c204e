/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SC_CLI_NAME "stackscope-cli"

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
int sc_cli_reslice (int    argc,
                    char **argv);

G_END_DECLS
