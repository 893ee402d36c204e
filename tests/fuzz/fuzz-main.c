/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-main"

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz-common.h"

/* A small stand-in for libFuzzer's driver, for compilers without it (gcc):
 *   fuzz-X FILE|DIR...                       runs every input once (regressions)
 *   fuzz-X -max_total_time=S [-runs=R] [-seed=N] DIR...
 *       then mutates them for S seconds or R inputs, whichever ends first, from seed N
 *       (0 or none: from the clock)
 * Other -options of libFuzzer are accepted and ignored, so that the same command line
 * works with both. A crash saves the input as crash-<time> in -artifact_prefix (or .). */

static const guint8 *current;
static gsize current_len;
static char crash_path[4096];

static void
on_crash (int sig)
{
  if (current != NULL)
    {
      int fd = open (crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

      if (fd >= 0)
        {
          if (write (fd, current, current_len) < 0)
            {
            }
          close (fd);
        }
      if (write (2, "fuzz-main: crashing input saved as ", 35) < 0
          || write (2, crash_path, strlen (crash_path)) < 0 || write (2, "\n", 1) < 0)
        {
        }
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
run_one (const guint8 *data,
         gsize         len)
{
  /* A private copy, so that reads past the end are caught under ASan. */
  guint8 *copy = g_memdup2 (data, len);

  current = copy;
  current_len = len;
  LLVMFuzzerTestOneInput (copy, len);
  current = NULL;
  g_free (copy);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_input (GPtrArray  *inputs,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
          add_input (inputs, names->pdata[i]);
      return;
    }
  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      fprintf (stderr, "fuzz-main: %s\n", error->message);
      exit (2);
    }
  g_ptr_array_add (inputs, g_bytes_new_take (contents, len));
}

static const guint64 interesting[] = {
  0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
  0xffffffff, G_GUINT64_CONSTANT (0x100000000), G_MAXUINT64,
};

static void
mutate (GByteArray *b,
        GRand      *rng,
        GPtrArray  *inputs,
        gsize       max_len)
{
  guint n = g_rand_int_range (rng, 1, 6);

  for (guint k = 0; k < n; k++)
    {
      guint len = b->len;
      guint at = len > 0 ? g_rand_int_range (rng, 0, (gint32) len) : 0;

      switch (g_rand_int_range (rng, 0, 7))
        {
        case 0:   /* flip a bit */
          if (len > 0)
            b->data[at] ^= (guint8) (1u << g_rand_int_range (rng, 0, 8));
          break;
        case 1:   /* a random byte */
          if (len > 0)
            b->data[at] = (guint8) g_rand_int (rng);
          break;
        case 2:   /* an interesting value, 1, 2, 4 or 8 bytes, either byte order */
          {
            guint64 v = interesting[g_rand_int_range (rng, 0, G_N_ELEMENTS (interesting))];
            guint size = 1u << g_rand_int_range (rng, 0, 4);
            gboolean be = g_rand_boolean (rng);

            if (g_rand_boolean (rng))
              v += (guint64) g_rand_int_range (rng, -2, 3);
            for (guint i = 0; i < size && at + i < len; i++)
              b->data[at + i] = (guint8) (v >> (8 * (be ? size - 1 - i : i)));
          }
          break;
        case 3:   /* insert random bytes */
          if (len < max_len)
            {
              guint8 bytes[16];
              guint m = (guint) g_rand_int_range (rng, 1, 17);

              m = MIN (m, (guint) (max_len - len));

              for (guint i = 0; i < m; i++)
                bytes[i] = (guint8) g_rand_int (rng);
              g_byte_array_set_size (b, len + m);
              memmove (b->data + at + m, b->data + at, len - at);
              memcpy (b->data + at, bytes, m);
            }
          break;
        case 4:   /* erase a range */
          if (len > 1)
            {
              guint m = (guint) g_rand_int_range (rng, 1, 65);

              g_byte_array_remove_range (b, at, MIN (m, len - at));
            }
          break;
        case 5:   /* copy a range over another place */
          if (len > 1)
            {
              guint from = g_rand_int_range (rng, 0, (gint32) len);
              guint m = (guint) g_rand_int_range (rng, 1, 33);

              m = MIN (m, MIN (len - from, len - at));

              memmove (b->data + at, b->data + from, m);
            }
          break;
        case 6:   /* splice the tail of another input */
          if (inputs->len > 1)
            {
              GBytes *other = inputs->pdata[g_rand_int_range (rng, 0, (gint32) inputs->len)];
              gsize olen;
              const guint8 *odata = g_bytes_get_data (other, &olen);

              if (olen > 0 && at < olen)
                {
                  g_byte_array_set_size (b, at);
                  g_byte_array_append (b, odata + at, (guint) MIN (olen - at, max_len - at));
                }
            }
          break;
        default:
          break;
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rng = NULL;
  const char *prefix = "";
  double max_time = 0;
  guint64 runs = G_MAXUINT64, done = 0;
  guint32 seed = (guint32) time (NULL);
  gsize max_len = 0;
  gint64 start, last_report;

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "-max_total_time="))
        max_time = g_ascii_strtod (argv[i] + 16, NULL);
      else if (g_str_has_prefix (argv[i], "-runs="))
        runs = g_ascii_strtoull (argv[i] + 6, NULL, 10);
      else if (g_str_has_prefix (argv[i], "-seed="))
        seed = (guint32) g_ascii_strtoull (argv[i] + 6, NULL, 10);
      else if (g_str_has_prefix (argv[i], "-max_len="))
        max_len = g_ascii_strtoull (argv[i] + 9, NULL, 10);
      else if (g_str_has_prefix (argv[i], "-artifact_prefix="))
        prefix = argv[i] + 17;
      else if (argv[i][0] == '-')
        continue;
      else
        add_input (inputs, argv[i]);
    }
  if (seed == 0)
    seed = (guint32) time (NULL);
  g_snprintf (crash_path, sizeof crash_path, "%scrash-%ld-%d", prefix, (long) time (NULL),
              (int) getpid ());
  signal (SIGABRT, on_crash);
  signal (SIGSEGV, on_crash);
  signal (SIGBUS, on_crash);
  signal (SIGFPE, on_crash);
  signal (SIGILL, on_crash);

  for (guint i = 0; i < inputs->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (inputs->pdata[i], &len);

      run_one (data, len);
      if (max_len == 0 || len > max_len)
        max_len = MAX (max_len, len);
    }
  fprintf (stderr, "fuzz-main: replayed %u inputs\n", inputs->len);
  if (max_time <= 0)
    return 0;

  max_len = MAX (max_len, 4096);
  rng = g_rand_new_with_seed (seed);
  start = last_report = g_get_monotonic_time ();
  if (inputs->len == 0)
    g_ptr_array_add (inputs, g_bytes_new ("", 0));
  while (done < runs && g_get_monotonic_time () - start < (gint64) (max_time * G_USEC_PER_SEC))
    {
      GBytes *base = inputs->pdata[g_rand_int_range (rng, 0, (gint32) inputs->len)];
      gsize len;
      const guint8 *data = g_bytes_get_data (base, &len);
      g_autoptr(GByteArray) b = g_byte_array_sized_new ((guint) len + 16);

      g_byte_array_append (b, data, (guint) len);
      mutate (b, rng, inputs, max_len);
      run_one (b->data, b->len);
      done++;
      if (g_get_monotonic_time () - last_report > 10 * G_USEC_PER_SEC)
        {
          last_report = g_get_monotonic_time ();
          fprintf (stderr, "fuzz-main: %" G_GUINT64_FORMAT " runs\n", done);
        }
    }
  fprintf (stderr, "fuzz-main: seed %u, %" G_GUINT64_FORMAT " mutated runs in %.0f s, no crash\n",
           seed, done, (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
