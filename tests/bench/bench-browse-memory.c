/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-browse-memory"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc-display-tiles.h"
#include "sc-render-view.h"
#include "sc-stack.h"
#include "sc-view-state.h"

/* Browses every plane of STACK as the viewer does, through a page's view state and its
 * display tiles, at fit zoom and at 1:1, and reports how much memory that takes: the
 * most the tile cache held against its budget, and the process's peak resident memory,
 * anonymous (what the viewer allocated) and file-backed (pages of a mapped file, which
 * the kernel drops when it needs them) apart.
 *
 *   bench-browse-memory STACK [BUDGET-MIB] [VIEW-WIDTH VIEW-HEIGHT]
 *
 * The 200 x 2048 x 2048 u16 stack of tests/bench/gen-stacks.py is the one the issue
 * names. */

typedef struct {
  gsize anon_kib;
  gsize file_kib;
} Rss;

static Rss
read_rss (void)
{
  g_autofree char *status = NULL;
  Rss rss = { 0, 0 };

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return rss;
  for (char *line = status; line != NULL && *line; )
    {
      char *next = strchr (line, '\n');

      if (g_str_has_prefix (line, "RssAnon:"))
        rss.anon_kib = strtoul (line + 8, NULL, 10);
      else if (g_str_has_prefix (line, "RssFile:"))
        rss.file_kib = strtoul (line + 8, NULL, 10);
      line = next ? next + 1 : NULL;
    }
  return rss;
}

/* The level and the tiles a view of view_w x view_h pixels at zoom shows, centred. */
static void
ask_visible (ScDisplayTiles *tiles,
             guint           width,
             guint           height,
             double          zoom,
             guint           view_w,
             guint           view_h)
{
  guint level = 0, lw, lh;
  double level_zoom;
  double cx = width / 2.0, cy = height / 2.0;
  double half_w, half_h;
  guint tx0, ty0, tx1, ty1;

  while (zoom * (1u << (level + 1)) <= 1.0 && level < 16)
    level++;
  sc_render_view_level_size (width, height, level, &lw, &lh);
  level_zoom = zoom * (1u << level);
  half_w = view_w / level_zoom / 2;
  half_h = view_h / level_zoom / 2;
  tx0 = (guint) MAX (0, (cx / (1u << level) - half_w) / SC_DISPLAY_TILE_SIZE);
  ty0 = (guint) MAX (0, (cy / (1u << level) - half_h) / SC_DISPLAY_TILE_SIZE);
  tx1 = (guint) MIN ((lw - 1) / SC_DISPLAY_TILE_SIZE, (cx / (1u << level) + half_w) / SC_DISPLAY_TILE_SIZE);
  ty1 = (guint) MIN ((lh - 1) / SC_DISPLAY_TILE_SIZE, (cy / (1u << level) + half_h) / SC_DISPLAY_TILE_SIZE);

  sc_display_tiles_begin_frame (tiles);
  for (guint ty = ty0; ty <= ty1; ty++)
    for (guint tx = tx0; tx <= tx1; tx++)
      {
        gboolean exact;
        ScDisplayTile *tile = sc_display_tiles_lookup (tiles, level, tx, ty, &exact);

        g_clear_pointer (&tile, sc_display_tile_unref);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  gsize budget = 256;
  guint view_w = 1600, view_h = 1000;
  static const double zooms[] = { 0, 1.0 };   /* 0: fit */

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s STACK [BUDGET-MIB] [VIEW-WIDTH VIEW-HEIGHT]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    budget = strtoul (argv[2], NULL, 10);
  if (argc > 4)
    {
      view_w = (guint) strtoul (argv[3], NULL, 10);
      view_h = (guint) strtoul (argv[4], NULL, 10);
    }
  budget *= 1024 * 1024;

  stack = sc_stack_open (argv[1], NULL, &error);
  if (stack == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  printf ("%s: %u x %u x %u planes, %s; tile budget %zu MiB, view %u x %u\n",
          sc_stack_get_display_name (stack), sc_stack_get_width (stack),
          sc_stack_get_height (stack), sc_stack_get_n_planes (stack),
          sc_sample_type_to_string (sc_stack_get_sample_type (stack)),
          budget >> 20, view_w, view_h);
  printf ("| zoom | planes | ms/plane | tiles peak MiB | within budget | peak RssAnon MiB | peak RssFile MiB |\n");
  printf ("|---|---|---|---|---|---|---|\n");

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      g_autoptr(ScViewState) view = sc_view_state_new (stack);
      g_autoptr(ScDisplayTiles) tiles = sc_display_tiles_new (budget);
      guint width = sc_stack_get_width (stack), height = sc_stack_get_height (stack);
      guint n_slices = sc_stack_get_n_slices (stack);
      double zoom = zooms[i];
      Rss peak = read_rss ();
      gint64 start;

      if (zoom == 0)
        zoom = MIN ((double) view_w / width, (double) view_h / height);

      start = g_get_monotonic_time ();
      for (guint z = 0; z < n_slices; z++)
        {
          Rss now;

          sc_view_state_set_slice (view, z);
          sc_display_tiles_set_view (tiles, sc_view_state_snapshot (view));
          ask_visible (tiles, width, height, zoom, view_w, view_h);
          while (sc_display_tiles_get_n_pending (tiles) > 0)
            g_main_context_iteration (NULL, TRUE);
          /* the frame after the tiles arrived draws them: ask again */
          ask_visible (tiles, width, height, zoom, view_w, view_h);

          now = read_rss ();
          peak.anon_kib = MAX (peak.anon_kib, now.anon_kib);
          peak.file_kib = MAX (peak.file_kib, now.file_kib);
        }

      printf ("| %s | %u | %.1f | %.1f | %s | %.0f | %.0f |\n",
              zooms[i] == 0 ? "fit" : "1:1", n_slices,
              (g_get_monotonic_time () - start) / 1000.0 / n_slices,
              sc_display_tiles_get_peak_bytes (tiles) / 1048576.0,
              sc_display_tiles_get_peak_bytes (tiles) <= budget + SC_DISPLAY_TILE_SIZE * SC_DISPLAY_TILE_SIZE * 4
                ? "yes" : "NO",
              peak.anon_kib / 1024.0, peak.file_kib / 1024.0);
      fflush (stdout);
    }

  return 0;
}
