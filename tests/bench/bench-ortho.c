/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-ortho"

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "sc-page.h"
#include "sc-test-display.h"

/* Crosshair moves in the orthogonal views of a page (ScPage in a 1200 x 800 window, at fit
 * zoom, GSK_RENDERER=cairo unless it says otherwise) showing STACK, once its rows are in
 * the page cache (the file is read once first): for each of N_MOVES moves to a random
 * (x, y, z), the time from the move until both panes' tiles for the new position are
 * delivered (the panes have drawn a frame that asked for them and none is pending), and
 * the longest main-loop stall (a 1 ms probe) over all of them. Targets: 33 ms, 30 ms.
 *
 *   bench-ortho STACK.tif   (tests/bench/gen-stacks.py DIR u16: 200 x 2048 x 2048 u16) */

#define N_MOVES 60
#define LATENCY_MS 33.0
#define STALL_MS 30.0

static gint64 last_probe;
static gint64 max_gap;
static guint n_frames;

static gboolean
probe_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  max_gap = MAX (max_gap, now - last_probe);
  last_probe = now;
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (void)
{
  n_frames++;
}

static void
run_for (double ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) (ms * 1000);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
}

static gboolean
panes_done (ScPage *page)
{
  for (guint i = 0; i < 2; i++)
    {
      ScDisplayTiles *tiles = sc_page_get_ortho_tiles (page, (ScResliceAxis) i);

      if (sc_display_tiles_get_view (tiles) == NULL || sc_display_tiles_get_n_pending (tiles) > 0)
        return FALSE;
    }
  return sc_display_tiles_get_n_pending (sc_page_get_tiles (page)) == 0;
}

/* Until a frame was drawn after now and every tile it asked for is there. */
static void
wait_delivered (ScPage *page)
{
  guint frames = n_frames;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (n_frames == frames || !panes_done (page))
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("the panes were not delivered within a minute");
    }
}

static void
warm_cache (const char *path)
{
  FILE *f = fopen (path, "rb");
  g_autofree char *buf = g_malloc (1 << 20);

  if (f == NULL)
    g_error ("cannot read %s", path);
  while (fread (buf, 1, 1 << 20, f) > 0)
    ;
  fclose (f);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *reason = NULL;
  g_autoptr(GFile) file = NULL;
  GtkWidget *window;
  ScPage *page;
  ScStack *stack;
  double ms[N_MOVES];
  guint32 state = 11;
  gint64 stall;

  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-ortho STACK.tif (tests/bench/gen-stacks.py DIR u16)\n");
      return 77;
    }
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!sc_test_display_start (&reason) || !gtk_init_check ())
    {
      fprintf (stderr, "SKIP: no display: %s\n", reason ? reason : "gtk_init failed");
      return 77;
    }
  warm_cache (argv[1]);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  page = sc_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  file = g_file_new_for_path (argv[1]);
  sc_page_load (page, file);
  while (sc_page_get_loading (page) || sc_display_tiles_get_view (sc_page_get_tiles (page)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  stack = sc_page_get_stack (page);
  sc_page_set_orthogonal (page, TRUE);
  g_assert (sc_page_get_orthogonal (page));
  wait_delivered (page);
  run_for (300);

  last_probe = g_get_monotonic_time ();
  g_timeout_add (1, probe_cb, NULL);
  max_gap = 0;
  for (guint i = 0; i < N_MOVES; i++)
    {
      guint x, y, z;
      gint64 start;

      state = state * 1664525u + 1013904223u;
      x = (state >> 8) % sc_stack_get_width (stack);
      state = state * 1664525u + 1013904223u;
      y = (state >> 8) % sc_stack_get_height (stack);
      state = state * 1664525u + 1013904223u;
      z = (state >> 8) % sc_stack_get_n_slices (stack);
      start = g_get_monotonic_time ();
      sc_page_set_ortho_point (page, x, y, z);
      wait_delivered (page);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      run_for (20);   /* a pointer moves about once a frame */
    }
  stall = max_gap;

  qsort (ms, N_MOVES, sizeof ms[0], compare_double);
  printf ("orthogonal views, %u x %u x %u %s, window %d x %d, zoom %.0f%%, GSK_RENDERER=%s, "
          "%u cores\n", sc_stack_get_n_slices (stack), sc_stack_get_width (stack),
          sc_stack_get_height (stack), sc_sample_type_to_string (sc_stack_get_sample_type (stack)),
          gtk_widget_get_width (window), gtk_widget_get_height (window),
          100 * sc_plane_view_get_zoom (sc_page_get_plane_view (page)), g_getenv ("GSK_RENDERER"),
          g_get_num_processors ());
  printf ("crosshair move -> both panes' tiles delivered, %u moves: median %.1f ms, p95 %.1f ms, "
          "max %.1f ms (target %.0f ms)\n", N_MOVES, ms[N_MOVES / 2], ms[(N_MOVES * 95) / 100],
          ms[N_MOVES - 1], LATENCY_MS);
  printf ("longest main-loop stall %.1f ms (target %.0f ms)\n", stall / 1000.0, STALL_MS);
  gtk_window_destroy (GTK_WINDOW (window));
  return ms[N_MOVES / 2] <= LATENCY_MS && stall / 1000.0 <= STALL_MS ? EXIT_SUCCESS : EXIT_FAILURE;
}
