/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "sc-cli-progress.h"

#define BAR_CELLS 40
#define NAME_CHARS 30

gboolean
sc_cli_progress_wanted (gboolean quiet,
                        gboolean json)
{
  return !quiet && !json && isatty (STDERR_FILENO);
}

void
sc_cli_progress_init (ScCliProgress *bar,
                      const char    *name)
{
  g_return_if_fail (bar != NULL);
  g_return_if_fail (name != NULL);

  bar->name = name;
  bar->last_shown = -1;
}

void
sc_cli_progress_show (double   fraction,
                      gpointer user_data)
{
  ScCliProgress *bar = user_data;
  int percent = (int) floor (fraction * 100);
  g_autofree char *name = NULL;
  char cells[BAR_CELLS + 1];
  guint n = (guint) (fraction * BAR_CELLS);

  if (percent == bar->last_shown)
    return;
  bar->last_shown = percent;
  for (guint i = 0; i < BAR_CELLS; i++)
    cells[i] = i < n ? '#' : '.';
  cells[BAR_CELLS] = 0;
  name = g_utf8_substring (bar->name, 0, MIN (g_utf8_strlen (bar->name, -1), NAME_CHARS));
  fprintf (stderr, "\r%-30s [%s] %3d%%", name, cells, percent);
  fflush (stderr);
}

void
sc_cli_progress_clear (void)
{
  fprintf (stderr, "\r%80s\r", "");
  fflush (stderr);
}
