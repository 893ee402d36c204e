/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-slab"

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "sc-page.h"
#include "sc-page-slab.h"
#include "sc-slab.h"
#include "sc-test-display.h"

/* The live slab on a big stack: a page (as a tab holds it, in a 1200 x 800 window at fit
 * zoom, GSK_RENDERER=cairo unless set) shows the max of 11 planes around the plane, and the
 * Z slider moves N times. Each move is timed until the new slab's tiles are all shown
 * (median and p95), and the longest main-loop stall is taken by a 1 ms probe. Then a drag:
 * 20 moves a frame apart, whose superseded slabs are cancelled, timed from the last move
 * until its slab is shown. The target is 100 ms for a move on the 200 x 2048 x 2048 u16
 * stack once its pages are cached.
 *
 *   bench-slab STACK.tif [N-MOVES]   (tests/bench/gen-stacks.py makes u16.tif) */

#define THICKNESS 11
#define TARGET_MS 100.0

static gint64 last_probe;
static gint64 max_gap;

static gboolean
probe_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  max_gap = MAX (max_gap, now - last_probe);
  last_probe = now;
  return G_SOURCE_CONTINUE;
}

static void
reset_probe (void)
{
  last_probe = g_get_monotonic_time ();
  max_gap = 0;
}

static void
run_for (double ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) (ms * 1000);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

/* The slab of the current position is shown: made, in the tiles' view, every tile drawn. */
static gboolean
slab_shown (ScPage *page)
{
  ScPageSlab *slab = sc_page_get_slab (page);
  ScDisplayTiles *tiles = sc_page_get_tiles (page);

  return sc_page_slab_get_ready (slab) && _sc_page_slab_get_shown (slab, NULL, NULL) != NULL &&
         sc_display_tiles_get_n_pending (tiles) == 0;
}

static double
wait_shown (ScPage *page,
            gint64  start)
{
  gint64 deadline = start + 60 * G_USEC_PER_SEC;

  while (!slab_shown (page))
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("the slab was not shown within a minute");
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The projection alone, on this thread: what the background job costs. */
static double
time_projection (ScStack *stack,
                 guint    z)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSlab) slab = NULL;
  guint first, last;
  gint64 start = g_get_monotonic_time ();

  sc_slab_get_planes (sc_stack_get_n_slices (stack), z, THICKNESS, &first, &last);
  slab = sc_slab_project (stack, SC_PROJECTION_MAX, first, last, 0, -1, NULL, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *reason = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree double *ms = NULL;
  guint n = argc > 2 ? (guint) atoi (argv[2]) : 40;
  GtkWidget *window;
  ScPage *page;
  ScViewState *vs;
  ScStack *stack;
  guint nz;
  double stall_moves, drag_ms, stall_drag, proj[8];
  gint64 start;

  if (argc < 2 || n == 0)
    {
      fprintf (stderr, "usage: bench-slab STACK.tif [N-MOVES]\n");
      return EXIT_FAILURE;
    }
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!sc_test_display_start (&reason) || !gtk_init_check ())
    {
      fprintf (stderr, "SKIP: no display: %s\n", reason ? reason : "gtk_init failed");
      return 77;
    }

  /* the probe also keeps the loops below from sleeping */
  g_timeout_add (1, probe_cb, NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  page = sc_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  file = g_file_new_for_path (argv[1]);
  sc_page_load (page, file);
  while (sc_page_get_loading (page) || sc_page_get_stack (page) == NULL)
    g_main_context_iteration (NULL, TRUE);
  run_for (500);
  stack = sc_page_get_stack (page);
  vs = sc_page_get_view_state (page);
  nz = sc_stack_get_n_slices (stack);

  /* the pages in the cache first, as after a first look through the stack */
  for (guint z = 0; z < nz; z += THICKNESS)
    time_projection (stack, z);
  for (guint i = 0; i < G_N_ELEMENTS (proj); i++)
    proj[i] = time_projection (stack, 20 + i * 20);
  qsort (proj, G_N_ELEMENTS (proj), sizeof (double), compare_double);

  sc_page_slab_set_enabled (sc_page_get_slab (page), TRUE);
  wait_shown (page, g_get_monotonic_time ());
  run_for (200);

  ms = g_new (double, n);
  reset_probe ();
  for (guint i = 0; i < n; i++)
    {
      /* moves of one plane mostly, as arrow keys and slow drags make, and some jumps */
      guint z = sc_view_state_get_slice (vs);

      z = i % 5 == 4 ? (z + 37) % nz : (z + 1) % nz;
      start = g_get_monotonic_time ();
      sc_view_state_set_slice (vs, z);
      ms[i] = wait_shown (page, start);
      run_for (30);
    }
  stall_moves = max_gap / 1000.0;
  qsort (ms, n, sizeof (double), compare_double);

  /* a drag: 20 moves 16 ms apart, then until the last one's slab is shown */
  reset_probe ();
  for (guint i = 0; i < 20; i++)
    {
      sc_view_state_set_slice (vs, (sc_view_state_get_slice (vs) + 2) % nz);
      run_for (16);
    }
  start = g_get_monotonic_time ();
  drag_ms = wait_shown (page, start);
  stall_drag = max_gap / 1000.0;

  printf ("live slab (max of %u planes), %s: %u x %u x %u %s, GSK_RENDERER=%s, window %d x %d, "
          "%u threads\n", THICKNESS, sc_stack_get_display_name (stack), nz,
          sc_stack_get_width (stack), sc_stack_get_height (stack),
          sc_sample_type_to_string (sc_stack_get_sample_type (stack)), g_getenv ("GSK_RENDERER"),
          gtk_widget_get_width (window), gtk_widget_get_height (window),
          g_get_num_processors ());
  printf ("projection alone (cached pages): median %.1f ms, max %.1f ms\n",
          proj[G_N_ELEMENTS (proj) / 2], proj[G_N_ELEMENTS (proj) - 1]);
  printf ("slider move -> slab shown (%u moves): median %.1f ms, p95 %.1f ms, max %.1f ms; "
          "longest main-loop stall %.1f ms\n", n, ms[n / 2], ms[MIN (n - 1, (n * 95) / 100)],
          ms[n - 1], stall_moves);
  printf ("drag of 20 moves 16 ms apart: last slab shown %.1f ms after the last move; "
          "longest main-loop stall %.1f ms\n", drag_ms, stall_drag);
  printf ("target %.0f ms: %s\n", TARGET_MS, ms[n / 2] <= TARGET_MS ? "met" : "missed");

  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}
