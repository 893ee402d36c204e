/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files cut short while they are mapped: reads past the new end read zeros instead of
 * ending the process with SIGBUS, the map says so, and what read the stack in place
 * fails with a message naming the file. Faults outside the maps still end the process,
 * through the handler that was there before. */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sc-error.h"
#include "sc-file-map.h"
#include "sc-projection.h"
#include "sc-stack-open.h"
#include "sc-stack-stats.h"
#include "sc-test-fixtures.h"
#include "sc-test-util.h"

#define N_PAGES 16

/* A file of N_PAGES pages of byte `fill`, open read-only; its path in *path. */
static int
make_file (const char *name,
           guint8      fill,
           char      **path,
           gsize      *size)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  g_autofree guint8 *data = g_malloc (N_PAGES * page);
  g_autoptr(GError) error = NULL;
  int fd;

  memset (data, fill, N_PAGES * page);
  *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (*path, (const char *) data, N_PAGES * page, &error));
  g_assert_no_error (error);
  fd = open (*path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  *size = N_PAGES * page;
  return fd;
}

static guint64
sum_bytes (const guint8 *data,
           gsize         n)
{
  guint64 sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += data[i];
  return sum;
}

static void
test_cut_short (void)
{
  g_autofree char *path = NULL, *other_path = NULL;
  gsize size, other_size, page = (gsize) sysconf (_SC_PAGESIZE);
  int fd = make_file ("cut.bin", 0xab, &path, &size);
  int other_fd = make_file ("whole.bin", 0x01, &other_path, &other_size);
  g_autoptr(ScFileMap) map = sc_file_map_new (fd, size);
  g_autoptr(ScFileMap) other = sc_file_map_new (other_fd, other_size);
  gsize keep = 3 * page + 100;
  const guint8 *data;

  g_assert_nonnull (map);
  g_assert_nonnull (other);
  data = sc_file_map_get_data (map);
  g_assert_cmpuint (sc_file_map_get_size (map), ==, size);
  g_assert_cmpuint (sum_bytes (data, size), ==, (guint64) size * 0xab);
  g_assert_true (sc_file_map_is_intact (map));

  /* another program cuts the file short */
  g_assert_cmpint (truncate (path, (off_t) keep), ==, 0);
  /* what is left reads as before, the rest of its last page as zeros (mmap), and every
   * page past it as zeros instead of SIGBUS */
  g_assert_cmpuint (sum_bytes (data, keep), ==, (guint64) keep * 0xab);
  g_assert_cmpuint (sum_bytes (data + keep, size - keep), ==, 0);
  g_assert_false (sc_file_map_is_intact (map));
  /* another map is not touched */
  g_assert_cmpuint (sum_bytes (sc_file_map_get_data (other), other_size), ==, other_size);
  g_assert_true (sc_file_map_is_intact (other));

  close (fd);
  close (other_fd);
}

static void
on_sigbus_before (int sig)
{
  static const char msg[] = "the earlier handler\n";

  if (write (STDOUT_FILENO, msg, sizeof msg - 1) < 0)
    _exit (4);
  _exit (3);
}

/* A fault in a mapping that is no ScFileMap: `with_handler` installs a handler first. */
static void
fault_outside (gboolean with_handler)
{
  g_autofree char *path = NULL;
  gsize size;
  int fd;
  g_autoptr(ScFileMap) map = NULL;
  const volatile guint8 *plain;

  if (with_handler)
    signal (SIGBUS, on_sigbus_before);
  fd = make_file ("plain.bin", 0x7f, &path, &size);
  map = sc_file_map_new (fd, size);
  g_assert_nonnull (map);
  plain = mmap (NULL, size, PROT_READ, MAP_SHARED, fd, 0);
  g_assert_true (plain != MAP_FAILED);
  g_assert_cmpint (truncate (path, 0), ==, 0);
  printf ("read %u\n", plain[size - 1]);
  fflush (stdout);
}

/* data: whether a handler of the program's own was there before the first map, which
 * the fault goes to; without one the process ends as it would have. */
static void
test_fault_outside (gconstpointer data)
{
  gboolean with_handler = GPOINTER_TO_INT (data);

  if (g_test_subprocess ())
    {
      fault_outside (with_handler);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout_unmatched ("*read*");
  if (with_handler)
    g_test_trap_assert_stdout ("the earlier handler\n");
}

/* A TIFF stack of n planes width x height u16, laid out plane after plane. */
static char *
write_stack (guint n,
             guint width,
             guint height)
{
  g_autofree char *dir = sc_test_make_tmpdir ();

  return sc_test_write_u16_stack (dir, "cells.tif", n, width, height);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (goffset) st.st_size;
}

static void
assert_cut_short_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == SC_ERROR);
  g_assert_nonnull (strstr (error->message, "cells.tif"));
  g_assert_true (strstr (error->message, "cut short") != NULL
                 || strstr (error->message, "truncated") != NULL);
}

/* Every projection read in place, or adaptively (copied and in place in turn), and the
 * statistics, over a file cut to half of its planes after it was opened: an error naming
 * the file, no crash, no result of zeros. */
static void
test_projection (void)
{
  static const ScProjectionMethod methods[] = {
    SC_PROJECTION_MAX, SC_PROJECTION_MEAN, SC_PROJECTION_SD, SC_PROJECTION_MEDIAN,
  };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    for (guint progressive = 0; progressive < 2; progressive++)
    for (guint adaptive = 0; adaptive < 2; adaptive++)
    for (guint cut = 0; cut < 2; cut++)
      {
        g_autofree char *path = write_stack (32, 256, 128);
        g_autoptr(GError) error = NULL;
        g_autoptr(ScStack) stack = sc_stack_open (path, NULL, &error);
        g_autoptr(ScProjection) projection = NULL;
        g_autoptr(ScStack) result = NULL;
        goffset keep;

        g_assert_no_error (error);
        g_assert_nonnull (sc_stack_peek_rows (stack, 31, 0, 128));
        g_assert_true (sc_stack_check_peeked (stack, NULL));

        /* about half of the planes are left, or all but the second half of the last
         * (and the IFDs after it): then no read after the fault sees the end, only what
         * read the last planes in place */
        keep = cut == 0 ? file_size (path) / 2 : file_size (path) - 48 * 1024;
        g_assert_cmpint (truncate (path, keep), ==, 0);

        projection = sc_projection_new (stack, methods[m]);
        /* in place, or copied and in place in turn (adaptive reads) */
        sc_projection_set_zero_copy (projection, !adaptive);
        sc_projection_set_adaptive_read (projection, adaptive);
        sc_projection_set_progressive (projection, progressive);
        result = sc_projection_run (projection, NULL, &error);
        g_assert_null (result);
        assert_cut_short_error (error);
        g_clear_error (&error);

        /* no more rows lent; reads past the end fail as truncated (a copy may have
         * met the end first, before any read in place) */
        if (!adaptive || !sc_stack_check_peeked (stack, NULL))
          {
            g_assert_false (sc_stack_check_peeked (stack, &error));
            assert_cut_short_error (error);
            g_clear_error (&error);
            g_assert_null (sc_stack_peek_rows (stack, 31, 0, 128));
          }
        g_assert_false (sc_stack_stats_summary (stack, NULL, NULL, NULL, NULL, &error));
        assert_cut_short_error (error);
      }
}

/* The summary statistics read planes in place too. */
static void
test_stats (void)
{
  g_autofree char *path = write_stack (32, 256, 128);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = sc_stack_open (path, NULL, &error);
  double min, max, mean;

  g_assert_no_error (error);
  g_assert_true (sc_stack_stats_summary (stack, &min, &max, &mean, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (max, >, min);
  g_assert_cmpint (truncate (path, file_size (path) / 8), ==, 0);
  g_assert_false (sc_stack_stats_summary (stack, &min, &max, &mean, NULL, &error));
  assert_cut_short_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/file-map/cut-short", test_cut_short);
  g_test_add_data_func ("/core/file-map/fault-outside", GINT_TO_POINTER (FALSE),
                        test_fault_outside);
  g_test_add_data_func ("/core/file-map/fault-chained", GINT_TO_POINTER (TRUE),
                        test_fault_outside);
  g_test_add_func ("/core/file-map/projection", test_projection);
  g_test_add_func ("/core/file-map/stats", test_stats);
  return g_test_run ();
}
