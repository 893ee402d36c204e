/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-test-display"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "sc-test-display.h"

static GPid xvfb_pid;

static void
stop_xvfb (void)
{
  if (xvfb_pid > 0)
    kill (xvfb_pid, SIGTERM);
}

/* Xvfb -displayfd 1 writes the display number it picked to its stdout. -noreset: the
 * server stays when its last client goes. */
static gboolean
spawn_xvfb (char **display,
            char **reason)
{
  const char *argv[] = { "Xvfb", "-displayfd", "1", "-screen", "0", "1280x860x24",
                         "-nolisten", "tcp", "-noreset", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  int out_fd;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &xvfb_pid, NULL, &out_fd, NULL, &error))
    {
      *reason = g_strdup_printf ("Xvfb did not start: %s", error->message);
      return FALSE;
    }
  atexit (stop_xvfb);

  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_line (channel, &line, NULL, NULL, &error) != G_IO_STATUS_NORMAL)
    {
      *reason = g_strdup_printf ("Xvfb gave no display: %s", error ? error->message : "EOF");
      return FALSE;
    }
  *display = g_strdup_printf (":%s", g_strstrip (line));
  return TRUE;
}

gboolean
sc_test_display_start (char **reason)
{
  g_autofree char *display = NULL;
  g_autofree char *xvfb = g_find_program_in_path ("Xvfb");

  if (xvfb == NULL)
    {
      if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
        {
          *reason = g_strdup ("Xvfb is not installed and there is no display");
          return FALSE;
        }
      return TRUE;
    }

  if (!spawn_xvfb (&display, reason))
    return FALSE;
  g_setenv ("DISPLAY", display, TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_unsetenv ("WAYLAND_DISPLAY");
  return TRUE;
}
