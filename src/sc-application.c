/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "sc-application.h"
#include "sc-window.h"

struct _ScApplication
{
  AdwApplication  parent_instance;
};

G_DEFINE_FINAL_TYPE (ScApplication, sc_application, ADW_TYPE_APPLICATION)

static void
sc_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      /* A first start shows something at once: the generated sample stack. */
      window = GTK_WINDOW (sc_window_new (SC_APPLICATION (app)));
      sc_window_open_sample (SC_WINDOW (window));
    }

  gtk_window_present (window);
}

static void
sc_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
      ScWindow *window;

      /* reuse a window that shows nothing yet, else one window per stack */
      if (active != NULL && SC_IS_WINDOW (active) && sc_window_get_stack (SC_WINDOW (active)) == NULL)
        window = SC_WINDOW (active);
      else
        window = sc_window_new (SC_APPLICATION (app));

      sc_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  ScWindow *window = sc_window_new (SC_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
}

/* Quit closes each window as its close button does: one that holds results not exported
 * asks first, and the application ends when the last window has closed. */
static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  g_list_foreach (windows, (GFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
}

/* SIGTERM or SIGINT (a session that ends, a test harness, Ctrl+C) close the windows and
 * end the main loop as Quit does, so the process exits through its normal path: running
 * jobs are cancelled by their windows and exit handlers (LeakSanitizer's among them) run. */
static gboolean
quit_on_signal (gpointer user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;   /* destroying takes the window off the list */
      gtk_window_destroy (window);
    }
  g_application_quit (app);
  return G_SOURCE_CONTINUE;
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The Stackscope contributors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Stackscope"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Browse microscopy stacks: z-planes, channels and time points "
                                      "with colormaps and a display range."),
                        "developers", developers,
                        "copyright", "© 2026 The Stackscope contributors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/stackscope/stackscope",
                        "issue-url", "https://github.com/stackscope/stackscope/issues",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "new-window", new_window_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
sc_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.new-window", { "<Control>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.open-folder", { "<Control><Shift>o", NULL } },
    { "win.info", { "<Control>i", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-fit", { "<Control>0", NULL } },
    { "win.zoom-1-1", { "<Control>1", NULL } },
    { "win.auto-contrast", { "<Control><Shift>a", NULL } },
    { "win.reset-range", { "<Control>r", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.project", { "<Control>p", NULL } },
    { "win.export-png", { "<Control>e", NULL } },
    { "win.export-tiff", { "<Control><Shift>e", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  /* GTK on main()'s empty theme (choose_initial_theme()), then libadwaita on its own */
  if (g_getenv ("STACKSCOPE_INITIAL_THEME") != NULL)
    {
      gtk_init ();
      /* the display's settings, which load the theme GTK_THEME names when made */
      gtk_settings_get_default ();
      g_unsetenv ("GTK_THEME");
      g_unsetenv ("STACKSCOPE_INITIAL_THEME");
    }
  G_APPLICATION_CLASS (sc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  g_unix_signal_add (SIGTERM, quit_on_signal, app);
  g_unix_signal_add (SIGINT, quit_on_signal, app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
sc_application_class_init (ScApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sc_application_activate;
  app_class->open = sc_application_open;
  app_class->startup = sc_application_startup;
}

static void
sc_application_init (ScApplication *self)
{
}

ScApplication *
sc_application_new (void)
{
  return g_object_new (SC_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/stackscope/Stackscope",
                       NULL);
}
