/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "sc-cli.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "info", sc_cli_info, "Describe a stack: shape, type, calibration, metadata" },
  { "project", sc_cli_project, "Project stacks over Z (max, min, sum, mean, sd, median, percentile)" },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: stackscope-cli COMMAND [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun “stackscope-cli COMMAND --help” for a command’s options.\n");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      print_usage (stderr);
      return SC_CLI_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return SC_CLI_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("stackscope-cli %s\n", PACKAGE_VERSION);
      return SC_CLI_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("stackscope-cli %s", commands[i].name);
        argv[1] = prgname;
        return commands[i].run (argc - 1, argv + 1);
      }

  g_printerr ("stackscope-cli: unknown command “%s”\n", argv[1]);
  print_usage (stderr);
  return SC_CLI_USAGE;
}
