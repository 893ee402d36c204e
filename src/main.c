/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "sc-application.h"
#include "sc-parallel.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ScApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Stackscope"));

  /* GSettings aborts on a schema it cannot find: say how to run the viewer instead */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema =
      source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

    if (schema == NULL)
      {
        g_printerr (_("stackscope: the settings schema %s is not installed; run the viewer from "
                      "its build folder with “meson devenv -C _build stackscope” (or "
                      "scripts/run.sh), or install it with “meson install -C _build”\n"),
                    APP_ID);
        return 1;
      }
  }

  /* The window's main thread wins the CPU over the projections, tiles and statistics it
   * asks the worker pool for: a screen reader's calls and input get answered at once. */
  sc_parallel_set_worker_nice (10);

  app = sc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
