/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include "sc-cli.h"

int
sc_cli_project (int    argc,
                char **argv)
{
  sc_cli_print_error ("project is not implemented yet");
  return SC_CLI_USAGE;
}
