/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "sc-cli.h"
#include "sc-cli-options.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "info", sc_cli_info, N_("Describe a stack: shape, type, calibration, metadata") },
  { "project", sc_cli_project, N_("Project stacks over Z (max, min, sum, mean, sd, median, percentile)") },
  { "reslice", sc_cli_reslice, N_("Write the XZ or YZ plane through a row or column") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: stackscope-cli COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “stackscope-cli COMMAND --help” for a command’s options."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

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

  sc_cli_fail (SC_CLI_USAGE, _("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return SC_CLI_USAGE;
}
