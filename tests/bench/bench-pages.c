/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a stack of many small pages costs per page, without the process around it.
 *
 * Usage: bench-pages make FILE N WIDTH HEIGHT
 *          writes N pages of WIDTH x HEIGHT uint16 with libtiff, as most writers lay them
 *          out: each page's one strip, then its IFD;
 *        bench-pages FILE [METHOD [THREADS [RUNS]]]
 *          opens FILE (sc_stack_open) and projects it as stackscope-cli does (by rows,
 *          METHOD default max, THREADS default every processor), RUNS times (default 5),
 *          and prints the best of each, and the first run's (which also pays for the
 *          process's first touches of its memory, as stackscope-cli does), in one line:
 *            pages=N open_ms=.. project_ms=.. open_us_per_page=.. project_us_per_page=..
 *            total_us_per_page=.. first_open_ms=.. first_project_ms=..
 *          The projection's time is its run alone (no result written); the page cache is
 *          whatever it is (read FILE once before, for a warm one). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

#include "sc-method.h"
#include "sc-projection.h"
#include "sc-stack-open.h"

static int
make_file (const char *path,
           guint       n,
           guint       width,
           guint       height)
{
  TIFF *tif = TIFFOpen (path, n * (guint64) width * height * 2 > G_MAXUINT32 / 2 ? "w8" : "w");
  g_autofree guint16 *data = g_new (guint16, (gsize) width * height);

  if (tif == NULL)
    return 1;
  for (guint p = 0; p < n; p++)
    {
      for (gsize i = 0; i < (gsize) width * height; i++)
        data[i] = (guint16) (p * 7 + i * 13);
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 16);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, height);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
      TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
      if (TIFFWriteEncodedStrip (tif, 0, data, (tmsize_t) width * height * 2) < 0
          || !TIFFWriteDirectory (tif))
        {
          TIFFClose (tif);
          return 1;
        }
    }
  TIFFClose (tif);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  ScProjectionMethod method = SC_PROJECTION_MAX;
  guint threads, runs;
  double best_open = G_MAXDOUBLE, best_project = G_MAXDOUBLE, first_open = 0, first_project = 0;
  guint n_pages = 0;

  if (argc == 6 && strcmp (argv[1], "make") == 0)
    return make_file (argv[2], (guint) atoi (argv[3]), (guint) atoi (argv[4]),
                      (guint) atoi (argv[5]));
  if (argc < 2 || (argc > 2 && !sc_projection_method_from_string (argv[2], &method)))
    {
      fprintf (stderr, "Usage: %s make FILE N WIDTH HEIGHT\n"
                       "       %s FILE [METHOD [THREADS [RUNS]]]\n", argv[0], argv[0]);
      return 2;
    }
  threads = argc > 3 ? (guint) atoi (argv[3]) : 0;
  runs = argc > 4 ? MAX (1, (guint) atoi (argv[4])) : 5;

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScStack) stack = NULL;
      g_autoptr(ScProjection) projection = NULL;
      g_autoptr(ScStack) result = NULL;
      gint64 t0 = g_get_monotonic_time (), t1, t2;

      if (!(stack = sc_stack_open (argv[1], NULL, &error)))
        {
          fprintf (stderr, "%s: %s\n", argv[0], error->message);
          return 1;
        }
      t1 = g_get_monotonic_time ();
      projection = sc_projection_new (stack, method);
      sc_projection_set_n_threads (projection, threads);
      sc_projection_set_progressive (projection, FALSE);
      if (!(result = sc_projection_run (projection, NULL, &error)))
        {
          fprintf (stderr, "%s: %s\n", argv[0], error->message);
          return 1;
        }
      t2 = g_get_monotonic_time ();
      n_pages = sc_stack_get_n_planes (stack);
      if (r == 0)
        {
          first_open = (t1 - t0) / 1e3;
          first_project = (t2 - t1) / 1e3;
        }
      best_open = MIN (best_open, (t1 - t0) / 1e3);
      best_project = MIN (best_project, (t2 - t1) / 1e3);
    }

  printf ("pages=%u open_ms=%.3f project_ms=%.3f open_us_per_page=%.3f project_us_per_page=%.3f "
          "total_us_per_page=%.3f first_open_ms=%.3f first_project_ms=%.3f\n", n_pages, best_open,
          best_project, best_open * 1e3 / n_pages, best_project * 1e3 / n_pages,
          (best_open + best_project) * 1e3 / n_pages, first_open, first_project);
  return 0;
}
