/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-plane-switch"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sc-memory-source.h"
#include "sc-render.h"

/* What the viewer does on Page Down: read the next 2048 x 2048 u16 plane, map it through
 * the display range and LUT to RGBA, and hand the pixels over as GBytes. The budget is one
 * frame at 60 Hz, 16 ms. */

#define W 2048
#define H 2048
#define N_PLANES 16
#define N_SWITCHES 96
#define BUDGET_MS 16.0

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
  gsize plane_size = (gsize) W * H * 2;
  guint16 *data = g_malloc (plane_size * N_PLANES);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScRenderTable) table = NULL;
  g_autofree guint8 *plane = g_malloc (plane_size);
  g_autofree double *ms = g_new (double, N_SWITCHES);
  ScRenderParams params;
  guint32 state = 1;
  double sum = 0;

  /* noisy data over the whole 16-bit range, so that the table is used everywhere */
  for (gsize i = 0; i < (gsize) W * H * N_PLANES; i++)
    {
      state = state * 1664525u + 1013904223u;
      data[i] = (guint16) (state >> 16);
    }
  bytes = g_bytes_new_take (data, plane_size * N_PLANES);
  stack = sc_memory_stack_new ("bench", W, H, 1, N_PLANES, 1, SC_SAMPLE_U16, 1, bytes);

  sc_render_params_init (&params, 100, 40000, SC_COLORMAP_VIRIDIS);
  params.gamma = 0.8;
  table = sc_render_table_new (&params, SC_SAMPLE_U16);

  for (guint i = 0; i < N_SWITCHES; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) out = NULL;
      guint32 *pixels;

      if (!sc_stack_read_plane (stack, i % N_PLANES, plane, &error))
        g_error ("%s", error->message);
      pixels = g_new (guint32, (gsize) W * H);
      sc_render_plane (table, plane, W * 2, W, H, pixels, W * 4);
      out = g_bytes_new_take (pixels, (gsize) W * H * 4);

      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      sum += ms[i];
    }

  printf ("first switch %.2f ms\n", ms[0]);
  qsort (ms, N_SWITCHES, sizeof (double), compare_double);
  printf ("plane switch, %d x %d u16 -> RGBA (read + viridis LUT + gamma): "
          "mean %.2f ms, median %.2f ms, 90th percentile %.2f ms, max %.2f ms over %d switches "
          "(budget %.0f ms)\n",
          W, H, sum / N_SWITCHES, ms[N_SWITCHES / 2], ms[N_SWITCHES * 9 / 10], ms[N_SWITCHES - 1],
          N_SWITCHES, BUDGET_MS);

  return ms[N_SWITCHES / 2] < BUDGET_MS ? EXIT_SUCCESS : EXIT_FAILURE;
}
