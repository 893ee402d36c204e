/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope"

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include <glib/gi18n.h>

#include "sc-application.h"
#include "sc-parallel.h"

/* Where no GPU can be reached, OpenGL is Mesa's software rasteriser (llvmpipe). GTK 4.8
 * then still sets OpenGL up when it opens the display (about 90 ms here), and its GL renderer
 * compiles its shaders on the CPU and draws slower than cairo, which the plane view draws
 * with anyway: the first plane comes 250–300 ms later than with cairo. So without a GPU
 * device the viewer asks GDK for no OpenGL at all, and GSK picks cairo. A user's own
 * GSK_RENDERER or GDK_DEBUG is left alone. Programs the viewer starts inherit the choice,
 * which holds for them too: they run on the same machine. */
static gboolean
gpu_reachable (void)
{
  static const char *const devices[] = { "/dev/nvidiactl", "/dev/dxg" };
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_strcmp0 (g_getenv ("LIBGL_ALWAYS_SOFTWARE"), "1") == 0
      || g_strcmp0 (g_getenv ("LIBGL_ALWAYS_SOFTWARE"), "true") == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    if (g_access (devices[i], F_OK) == 0)
      return TRUE;
  /* a render node or a card of the DRM subsystem: Mesa's hardware drivers, or a virtual GPU */
  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD") || g_str_has_prefix (name, "card"))
      return TRUE;
  return FALSE;
}

static void
choose_renderer (void)
{
  if (g_getenv ("GSK_RENDERER") != NULL || g_getenv ("GDK_DEBUG") != NULL || gpu_reachable ())
    return;
  g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
}

/* libadwaita 1.2 replaces GTK's own Adwaita stylesheet with its own: it sets the theme to
 * Adwaita-empty once GTK has already parsed its Adwaita (about 25 ms here, an eighth of a
 * start's main-thread work), unless GTK_THEME is set, when it loads nothing of its own.
 * So GTK starts on the empty theme (GTK_THEME, set here before any thread runs), and
 * sc_application_startup() clears the variable once GTK has made the display's settings
 * (which load the theme) and before libadwaita's init, which then styles the window as it
 * always does (the screenshots are the same, pixel for pixel). A user's own GTK_THEME is left
 * alone (and libadwaita then honours it, as before). */
static void
choose_initial_theme (void)
{
  if (g_getenv ("GTK_THEME") != NULL)
    return;
  g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
  g_setenv ("STACKSCOPE_INITIAL_THEME", "1", TRUE);
}

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
  choose_renderer ();
  choose_initial_theme ();

  app = sc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
