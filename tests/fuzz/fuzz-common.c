/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "sc-error.h"

/* Planes and bands of rows bigger than this are not read whole. */
#define MAX_READ_BYTES (8u << 20)

static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  /* Criticals (failed g_return_if_fail) and errors are bugs: make them crash. */
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

void
fuzz_init (void)
{
  setenv ("SC_MAX_PLANE_BYTES", "67108864", 0);
  g_log_set_writer_func (quiet_writer, NULL, NULL);
}

char *
fuzz_write_file (const uint8_t *data,
                 size_t         size,
                 int           *fd_out)
{
  int fd = memfd_create ("fuzz-input", MFD_CLOEXEC);
  size_t done = 0;

  if (fd < 0)
    {
      perror ("memfd_create");
      abort ();
    }
  while (done < size)
    {
      ssize_t n = write (fd, data + done, size - done);

      if (n <= 0)
        {
          perror ("write");
          abort ();
        }
      done += (size_t) n;
    }
  *fd_out = fd;
  return g_strdup_printf ("/proc/self/fd/%d", fd);
}

void
fuzz_close_file (char *path,
                 int   fd)
{
  close (fd);
  g_free (path);
}

static void
read_band (ScStack *stack,
           guint    plane,
           guint    y0,
           guint    n_rows)
{
  gsize stride = sc_stack_get_row_stride (stack);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buf = NULL;

  if (n_rows == 0 || stride == 0 || stride > MAX_READ_BYTES)
    return;
  n_rows = MIN (n_rows, MAX (MAX_READ_BYTES / stride, 1));
  buf = g_malloc (stride * n_rows);
  if (!sc_stack_read_rows (stack, plane, y0, n_rows, buf, &error))
    {
      g_assert (error != NULL && error->domain == SC_ERROR && error->message[0] != '\0');
      return;
    }
  g_assert (error == NULL);
}

static int exercise_series (const char *path,
                            guint       series);

/* Series 0, and where the file holds more, the last series (each is a stack of its own). */
int
fuzz_exercise_stack (const char *path)
{
  return exercise_series (path, 0);
}

static int
exercise_series (const char *path,
                 guint       series)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = sc_stack_open_series (path, series, NULL, &error);
  const ScCalibration *cal;
  const ScPageRange *missing;
  guint n, width, height, n_series, n_missing;
  gconstpointer peek;

  if (stack == NULL)
    {
      g_assert (error != NULL && error->domain == SC_ERROR && error->message[0] != '\0');
      return -1;
    }
  g_assert (error == NULL);
  n_series = sc_stack_get_n_series (stack);
  g_assert (n_series >= 1 && sc_stack_get_series (stack) == series);
  for (guint k = 0; k < n_series; k++)
    {
      const char *name = sc_stack_get_series_name (stack, k);

      g_assert (name == NULL || g_utf8_validate (name, -1, NULL));
    }
  missing = sc_stack_get_missing_pages (stack, &n_missing);
  for (guint k = 0; k < n_missing; k++)
    g_assert (missing[k].first > 0 && (missing[k].last == 0 || missing[k].last >= missing[k].first));
  g_free (sc_stack_describe_missing_pages (stack));
  if (series == 0 && n_series > 1)
    exercise_series (path, n_series - 1);

  n = sc_stack_get_n_planes (stack);
  width = sc_stack_get_width (stack);
  height = sc_stack_get_height (stack);
  g_assert (n > 0 && width > 0 && height > 0);
  g_assert (n == sc_stack_get_n_channels (stack) * sc_stack_get_n_slices (stack)
                 * sc_stack_get_n_frames (stack));
  g_assert (sc_stack_get_plane_size (stack) == sc_stack_get_row_stride (stack) * height);
  cal = sc_stack_get_calibration (stack);
  g_assert (cal != NULL);
  (void) sc_stack_get_format (stack);
  (void) sc_stack_get_palette (stack);

  for (guint i = 0; i < sc_stack_get_n_metadata (stack); i++)
    {
      const char *key, *value;

      sc_stack_get_metadata (stack, i, &key, &value);
      g_assert (key != NULL && value != NULL);
      /* Metadata is shown as text and written as JSON: it must be valid UTF-8. */
      g_assert (g_utf8_validate (key, -1, NULL));
      g_assert (g_utf8_validate (value, -1, NULL));
    }

  g_free (sc_stack_describe_plane (stack, 0));
  g_free (sc_stack_describe_plane (stack, n - 1));
  read_band (stack, 0, 0, height);
  if (n > 1)
    read_band (stack, n - 1, 0, height);
  if (height > 2)
    read_band (stack, n / 2, height / 3, MAX (height / 3, 1));
  read_band (stack, n - 1, height - 1, 1);

  peek = sc_stack_peek_rows (stack, 0, 0, height);
  if (peek != NULL && sc_stack_get_plane_size (stack) <= MAX_READ_BYTES)
    {
      /* Peeked rows must equal what read_rows gives. */
      g_autofree guint8 *buf = g_malloc (sc_stack_get_plane_size (stack));

      if (sc_stack_read_plane (stack, 0, buf, NULL))
        g_assert (memcmp (buf, peek, sc_stack_get_plane_size (stack)) == 0);
    }
  return (int) MIN (n, G_MAXINT);
}
