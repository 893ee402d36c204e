/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-projection-stall"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sc-window-private.h"

/* Opens STACK in the real window, runs one projection of it from the projection panel
 * (as the Project button does) and reports the longest time the main loop went without
 * dispatching a 5 ms probe timeout while it ran: the window's worst stall. The window
 * must stay under 50 ms.
 *
 *   bench-projection-stall STACK [METHOD-INDEX]   (0 max, 1 min, 2 mean, 3 sum, 4 sd,
 *                                                  5 median, 6 percentile) */

static ScWindow *window;
static gboolean started;
static guint method;
static gint64 loaded;

/* The method list is the panel's first drop-down. */
static GtkWidget *
find_drop_down (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_drop_down (child);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
poll_cb (gpointer data)
{
  ScApplication *app = data;

  if (!started && sc_window_get_stack (window) != NULL && loaded == 0)
    loaded = g_get_monotonic_time ();
  /* after the window has settled: its first frames are not the projection's */
  if (!started && loaded > 0 && g_get_monotonic_time () - loaded > 1500000)
    {
      GtkWidget *dropdown = find_drop_down (GTK_WIDGET (window->projection_panel));

      if (dropdown)
        gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), method);
      started = TRUE;
      /* BENCH_ZOOM=1 paints pixels 1:1, without the halved copies of a zoomed-out view */
      if (g_getenv ("BENCH_ZOOM"))
        sc_plane_view_set_zoom (sc_page_get_plane_view (sc_window_get_visible_page (window)),
                                g_ascii_strtod (g_getenv ("BENCH_ZOOM"), NULL));
      gtk_widget_activate_action (GTK_WIDGET (window), "win.project", NULL);
      return G_SOURCE_CONTINUE;
    }
  if (started && !sc_window_get_projecting (window))
    {
      g_application_quit (G_APPLICATION (app));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
activate_cb (ScApplication *app,
             const char    *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  window = sc_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  sc_window_open_file (window, file);
  g_timeout_add (50, poll_cb, app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ScApplication) app = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s STACK [METHOD-INDEX]\n", argv[0]);
      return 2;
    }
  method = argc > 2 ? (guint) atoi (argv[2]) : 0;
  g_setenv ("STACKSCOPE_STALL_PROBE", "1", TRUE);

  app = sc_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), argv[1]);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
