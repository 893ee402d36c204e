/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The floors that bench-project.py measures a projection against: what this machine can
 * do with a file at all, with nothing else in the way.
 *
 * Usage: bench-floor read|decode FILE [THREADS]
 *
 *   read    pread()s every byte of FILE into a reused buffer per thread and folds it
 *           (a 64-bit sum, so that no byte can be skipped), each thread a contiguous
 *           part of the file;
 *   map     maps FILE (mmap) and folds every byte in place, each thread a contiguous
 *           part: reading with no copy, as stackscope-cli --map reads an uncompressed
 *           file;
 *   decode  has libtiff decode every strip (or tile) of every page into a reused buffer
 *           per thread, and nothing else: each thread opens FILE itself and takes every
 *           THREADS-th strip of the file, counted over all pages.
 *
 * THREADS defaults to the number of online processors. Prints one line:
 *   floor=read seconds=0.1234 bytes=N threads=T fold=HEX
 * with seconds measured inside the process (bench-project.py times the whole process
 * as it does stackscope-cli); map adds kib_per_fault=K, the file's bytes over the minor
 * page faults that mapped them: how the page cache holds the file (at most 64 KiB a
 * fault for small folios, 2048 and more for 2 MiB ones), which decides whether reading
 * it in place pays (stackscope-cli's adaptive reads take it above 128). */

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <tiffio.h>
#include <unistd.h>

#define READ_CHUNK (1024 * 1024)

typedef struct {
  const char *path;
  int         fd;
  guint       index;
  guint       n_threads;
  guint64     first;
  guint64     end;
  guint64     bytes;
  guint64     fold;
  gboolean    failed;
  const void *map;
} Worker;

/* The cheapest fold that still reads every byte: 64-bit lanes added in four independent
 * chains of vectors, built for AVX2 where the CPU has it (as the core's kernels are).
 * A scalar loop of one add every 8 bytes, one chain, cost the probe 35-50 ms of a
 * 0.10 s read of the 1.6 GB u16 stack (AMD EPYC, 2 threads): more than the kernels'
 * own folds, so that the "floor" was above what the projections reached. */
#if defined(__x86_64__) && defined(__has_attribute)
# if __has_attribute(target_clones)
__attribute__ ((target_clones ("arch=x86-64-v3", "default")))
# endif
#endif
static guint64
fold_bytes (const guint8 *buf,
            gsize         n)
{
  typedef guint64 V __attribute__ ((vector_size (32)));
  V a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
  guint64 sum;
  gsize i = 0;

  for (; i + 128 <= n; i += 128)
    {
      V w, x, y, z;

      memcpy (&w, buf + i, 32);
      memcpy (&x, buf + i + 32, 32);
      memcpy (&y, buf + i + 64, 32);
      memcpy (&z, buf + i + 96, 32);
      a += w;
      b += x;
      c += y;
      d += z;
    }
  a += b + c + d;
  sum = a[0] + a[1] + a[2] + a[3];
  for (; i + 8 <= n; i += 8)
    {
      guint64 v;
      memcpy (&v, buf + i, 8);
      sum += v;
    }
  for (; i < n; i++)
    sum += buf[i];
  return sum;
}

static gpointer
read_worker (gpointer data)
{
  Worker *w = data;
  /* Page-aligned, as the file offsets are: a buffer that starts a few bytes past the
   * file offset's place in its page (g_malloc's 16 bytes past a mapped chunk) puts every
   * load of the kernel's copy just behind a store to the same place mod 4 KiB. Seen on an
   * AMD EPYC virtual machine: destinations 4-16 bytes ahead of the source mod 4 KiB
   * copied at a quarter of the speed (0.33-0.41 s for 1.6 GB, against 0.09 s). */
  guint8 *buf = g_aligned_alloc (1, READ_CHUNK, 4096);

  for (guint64 at = w->first; at < w->end;)
    {
      gsize want = (gsize) MIN ((guint64) READ_CHUNK, w->end - at);
      ssize_t got = pread (w->fd, buf, want, (off_t) at);

      if (got <= 0)
        {
          w->failed = TRUE;
          break;
        }
      w->fold += fold_bytes (buf, (gsize) got);
      w->bytes += (guint64) got;
      at += (guint64) got;
    }
  g_aligned_free (buf);
  return NULL;
}

static gpointer
map_worker (gpointer data)
{
  Worker *w = data;
  const guint8 *map = w->map;

  w->fold = fold_bytes (map + w->first, (gsize) (w->end - w->first));
  w->bytes = w->end - w->first;
  return NULL;
}

static gpointer
decode_worker (gpointer data)
{
  Worker *w = data;
  TIFF *tif = TIFFOpen (w->path, "rm");
  guint8 *buf = NULL;
  gsize buf_size = 0;
  guint64 counter = 0;

  if (tif == NULL)
    {
      w->failed = TRUE;
      return NULL;
    }
  do
    {
      gboolean tiled = TIFFIsTiled (tif);
      tmsize_t size = tiled ? TIFFTileSize (tif) : TIFFStripSize (tif);
      guint32 n = tiled ? TIFFNumberOfTiles (tif) : TIFFNumberOfStrips (tif);

      if ((gsize) size > buf_size)
        {
          g_free (buf);
          buf_size = (gsize) size;
          buf = g_malloc (buf_size);
        }
      for (guint32 s = 0; s < n; s++, counter++)
        {
          tmsize_t got;

          if (counter % w->n_threads != w->index)
            continue;
          got = tiled ? TIFFReadEncodedTile (tif, s, buf, size)
                      : TIFFReadEncodedStrip (tif, s, buf, size);
          if (got < 0)
            {
              w->failed = TRUE;
              break;
            }
          w->bytes += (guint64) got;
          w->fold += buf[0] + buf[got - 1];
        }
    }
  while (!w->failed && TIFFReadDirectory (tif));
  g_free (buf);
  TIFFClose (tif);
  return NULL;
}

/* The process's minor page faults so far. */
static guint64
minor_faults (void)
{
  struct rusage ru;

  return getrusage (RUSAGE_SELF, &ru) == 0 ? (guint64) ru.ru_minflt : 0;
}

int
main (int   argc,
      char *argv[])
{
  gboolean decode, mapped;
  void *map = NULL;
  guint n_threads;
  Worker *workers;
  GThread **threads;
  guint64 size, bytes = 0, fold = 0;
  guint64 faults0;
  gint64 t0;
  double seconds;
  int fd;
  GStatBuf st;

  if (argc < 3 || (strcmp (argv[1], "read") != 0 && strcmp (argv[1], "map") != 0 &&
                    strcmp (argv[1], "decode") != 0))
    {
      fprintf (stderr, "Usage: %s read|map|decode FILE [THREADS]\n", argv[0]);
      return 2;
    }
  decode = strcmp (argv[1], "decode") == 0;
  mapped = strcmp (argv[1], "map") == 0;
  n_threads = argc > 3 ? (guint) atoi (argv[3]) : g_get_num_processors ();
  n_threads = MAX (n_threads, 1);
  if (g_stat (argv[2], &st) != 0 || (fd = g_open (argv[2], O_RDONLY, 0)) < 0)
    {
      fprintf (stderr, "%s: cannot open %s\n", argv[0], argv[2]);
      return 1;
    }
  size = (guint64) st.st_size;
  TIFFSetWarningHandler (NULL);
  /* mapped before the clock starts, as stackscope-cli maps a file when it opens it */
  if (mapped && size > 0 && (map = mmap (NULL, size, PROT_READ, MAP_SHARED, fd, 0)) == MAP_FAILED)
    {
      fprintf (stderr, "%s: cannot map %s\n", argv[0], argv[2]);
      return 1;
    }

  workers = g_new0 (Worker, n_threads);
  threads = g_new0 (GThread *, n_threads);
  faults0 = minor_faults ();
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n_threads; i++)
    {
      Worker *w = &workers[i];

      w->path = argv[2];
      w->fd = fd;
      w->index = i;
      w->n_threads = n_threads;
      w->map = map;
      /* Contiguous parts on 1 MiB boundaries. */
      w->first = size / n_threads * i / READ_CHUNK * READ_CHUNK;
      w->end = i + 1 == n_threads ? size : size / n_threads * (i + 1) / READ_CHUNK * READ_CHUNK;
      threads[i] = g_thread_new ("floor", decode ? decode_worker : mapped ? map_worker : read_worker,
                                 w);
    }
  for (guint i = 0; i < n_threads; i++)
    {
      g_thread_join (threads[i]);
      if (workers[i].failed)
        {
          fprintf (stderr, "%s: %s failed in thread %u\n", argv[0], argv[1], i);
          return 1;
        }
      bytes += workers[i].bytes;
      fold += workers[i].fold;
    }
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  if (!decode && bytes != size)
    {
      fprintf (stderr, "%s: read %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes\n",
               argv[0], bytes, size);
      return 1;
    }
  printf ("floor=%s seconds=%.4f bytes=%" G_GUINT64_FORMAT " threads=%u fold=%" G_GINT64_MODIFIER
          "x", argv[1], seconds, bytes, n_threads, fold);
  if (mapped)
    printf (" kib_per_fault=%" G_GUINT64_FORMAT,
            size / 1024 / MAX (minor_faults () - faults0, 1));
  printf ("\n");
  if (map != NULL)
    munmap (map, size);
  close (fd);
  g_free (threads);
  g_free (workers);
  return 0;
}
