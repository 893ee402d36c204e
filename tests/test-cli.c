/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <tiffio.h>

#include "sc-stack.h"
#include "sc-test-fixtures.h"
#include "sc-test-util.h"

/* Sanitizers slow the CLI several times over; the 1 s budget is for real builds. */
#if defined(__SANITIZE_ADDRESS__)
# define TIME_SCALE 5.0
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define TIME_SCALE 5.0
# endif
#endif
#ifndef TIME_SCALE
# define TIME_SCALE 1.0
#endif

typedef struct {
  int    status;
  char  *out;
  char  *err;
  double seconds;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

static void
run_cli (CliRun     *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SC_CLI");
  const char *arg;
  gint64 start;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  start = g_get_monotonic_time ();
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &run->status, &error));
  g_assert_no_error (error);
  run->seconds = (g_get_monotonic_time () - start) / 1e6;
  run->status = WIFEXITED (run->status) ? WEXITSTATUS (run->status) : -1;
}

static void
write_pages (const char *path,
             guint       pages,
             guint       width,
             guint       height)
{
  TIFF *tif = TIFFOpen (path, pages > 60000 ? "w8" : "w");
  g_autofree guint8 *row = g_malloc (width);

  g_assert_nonnull (tif);
  for (guint p = 0; p < pages; p++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 8);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, height);
      for (guint y = 0; y < height; y++)
        {
          memset (row, (int) ((p + y) & 0xff), width);
          TIFFWriteScanline (tif, row, y, 0);
        }
      TIFFWriteDirectory (tif);
    }
  TIFFClose (tif);
}

static void
test_usage (void)
{
  CliRun run = { 0 };

  run_cli (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Usage"));
  cli_run_clear (&run);

  run_cli (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  cli_run_clear (&run);

  run_cli (&run, "info", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli_run_clear (&run);

  run_cli (&run, "info", "--no-such-option", "x.tif", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli_run_clear (&run);

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "info"));
  g_assert_nonnull (strstr (run.out, "project"));
  cli_run_clear (&run);
}

static void
test_info_sample (void)
{
  CliRun run = { 0 };

  run_cli (&run, "info", "--sample", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "256 x 256 pixels, u16 gray"));
  g_assert_nonnull (strstr (run.out, "96 (channels 3 x slices 32 x frames 1)"));
  g_assert_nonnull (strstr (run.out, "0.2 x 0.2 x 0.5 µm"));
  /* A generated stack has no file, so no path to show (it printed "Path: Sample cells"). */
  g_assert_null (strstr (run.out, "Path:"));
  g_assert_nonnull (strstr (run.out, "Name:         Sample cells\n"));
  cli_run_clear (&run);

  run_cli (&run, "info", "--sample", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"channels\": 3,"));
  g_assert_nonnull (strstr (run.out, "\"slices\": 32,"));
  g_assert_nonnull (strstr (run.out, "\"sample_type\": \"u16\""));
  g_assert_nonnull (strstr (run.out, "\"unit\": \"µm\""));
  g_assert_nonnull (strstr (run.out, "\"path\": null,"));
  g_assert_nonnull (strstr (run.out, "\"name\": \"Sample cells\","));
  cli_run_clear (&run);
}

/* A file's info names its path, in text and JSON. */
static void
test_info_path (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "two.tif", NULL);
  g_autofree char *line = NULL;
  CliRun run = { 0 };

  write_pages (path, 2, 8, 8);
  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  line = g_strdup_printf ("Path:         %s\n", path);
  g_assert_true (g_str_has_prefix (run.out, line));
  g_assert_null (strstr (run.out, "Name:"));
  cli_run_clear (&run);

  run_cli (&run, "info", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("\"path\": \"%s\",", path);
  g_assert_nonnull (strstr (run.out, line));
  g_assert_nonnull (strstr (run.out, "\"name\": \"two.tif\","));
  cli_run_clear (&run);
}

/* Exit status 2 and one line on stderr that names the option; nothing written. */
static void
assert_usage_error (const char *dir,
                    const char *option,
                    const char *value,
                    const char *named)
{
  g_autofree char *input = g_build_filename (dir, "in.tif", NULL);
  g_autofree char *output = g_build_filename (dir, "out.tif", NULL);
  g_auto(GStrv) lines = NULL;
  CliRun run = { 0 };

  run_cli (&run, "project", input, "-m", "max", "-q", option, value, "-o", output, NULL);
  g_test_message ("%s %s: exit %d, %s", option, value, run.status, run.err);
  g_assert_cmpint (run.status, ==, 2);
  lines = g_strsplit (g_strchomp (run.err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_nonnull (strstr (run.err, named));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  cli_run_clear (&run);
}

/* A number member of the CLI's JSON, or -1. */
static gint64
json_member (const char *json,
             const char *name)
{
  g_autofree char *key = g_strdup_printf ("\"%s\": ", name);
  const char *at = strstr (json, key);

  return at != NULL ? g_ascii_strtoll (at + strlen (key), NULL, 10) : -1;
}

/* Read in place (--map), through copies (--copy) or timing both first and taking the
 * faster (the default): the same bytes out, for streaming methods and an order
 * statistic. --json counts what was read in place: all with --map, nothing with
 * --copy. --map and --copy together are a usage error. */
static void
test_project_map (void)
{
  static const char *methods[] = { "max", "mean", "sd", "median" };
  static const char *ways[] = { "--copy", "--map", NULL };
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *input = g_build_filename (dir, "in.tif", NULL);

  write_pages (input, 40, 64, 48);
  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree char *first = NULL;
      gsize first_len = 0;

      for (guint w = 0; w < G_N_ELEMENTS (ways); w++)
        {
          g_autofree char *output = g_strdup_printf ("%s/%s-%u.tif", dir, methods[m], w);
          g_autofree char *bytes = NULL;
          gsize len;
          CliRun run = { 0 };
          gint64 read, in_place;

          if (ways[w] != NULL)
            run_cli (&run, "project", input, "-m", methods[m], "--json", ways[w], "-o", output,
                     NULL);
          else
            run_cli (&run, "project", input, "-m", methods[m], "--json", "-o", output, NULL);
          g_assert_cmpint (run.status, ==, 0);
          read = json_member (run.out, "bytes_read");
          in_place = json_member (run.out, "bytes_in_place");
          g_assert_cmpint (read, ==, (gint64) 40 * 64 * 48);   /* 8-bit pages */
          g_assert_cmpint (in_place, >=, 0);
          g_assert_cmpint (in_place, <=, read);
          if (w == 0)
            g_assert_cmpint (in_place, ==, 0);
          else if (w == 1)
            g_assert_cmpint (in_place, ==, read);
          cli_run_clear (&run);

          g_assert_true (g_file_get_contents (output, &bytes, &len, NULL));
          if (first == NULL)
            {
              first = g_steal_pointer (&bytes);
              first_len = len;
            }
          else
            g_assert_true (len == first_len && memcmp (bytes, first, len) == 0);
        }
    }
  assert_usage_error (dir, "--map", "--copy", "--copy");
}

/* Channels, time points and slices count from 1: 0 is a mistake, not "each". Every other
 * number of project is checked as strictly (it used to fall back to the default). */
static void
test_project_numbers (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *input = g_build_filename (dir, "in.tif", NULL);
  g_autofree char *output = g_build_filename (dir, "out.tif", NULL);
  CliRun run = { 0 };

  write_pages (input, 3, 8, 8);
  assert_usage_error (dir, "--channel", "0", "--channel");
  assert_usage_error (dir, "-c", "0", "--channel");
  assert_usage_error (dir, "--frame", "0", "--frame");
  assert_usage_error (dir, "-t", "0", "--frame");
  assert_usage_error (dir, "--channel", "-1", "--channel");
  assert_usage_error (dir, "--frame", "-3", "--frame");
  assert_usage_error (dir, "--planes", "0:5", "--planes");
  assert_usage_error (dir, "--planes", "1:3:0", "--planes");
  assert_usage_error (dir, "--threads", "0", "--threads");
  assert_usage_error (dir, "--threads", "-2", "--threads");
  assert_usage_error (dir, "--threads", "100000", "--threads");
  assert_usage_error (dir, "--memory-budget", "0", "--memory-budget");
  assert_usage_error (dir, "--percentile", "-5", "--percentile");
  assert_usage_error (dir, "--percentile", "101", "--percentile");
  assert_usage_error (dir, "--percentile", "nan", "--percentile");
  assert_usage_error (dir, "--range", "0:inf", "--range");
  assert_usage_error (dir, "--range", "nan:5", "--range");

  /* The smallest values that mean something still work. */
  run_cli (&run, "project", input, "-m", "max", "-q", "--channel", "1", "--frame", "1",
           "--planes", "1:1", "--threads", "1", "-o", output, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (output, G_FILE_TEST_EXISTS));
  cli_run_clear (&run);
  run_cli (&run, "project", input, "-m", "percentile", "--percentile", "0", "-q", "-o", output, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  cli_run_clear (&run);
}

static void
test_info_many_pages (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "pages.tif", NULL);
  CliRun run = { 0 };

  write_pages (path, 100000, 16, 16);
  run_cli (&run, "info", path, NULL);
  g_test_message ("stackscope-cli info on a 100,000-page TIFF: %.3f s", run.seconds);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "100000 (channels 1 x slices 100000 x frames 1)"));
  g_assert_nonnull (strstr (run.out, "page 100000"));
  g_assert_cmpfloat (run.seconds, <, 1.0 * TIME_SCALE);
  cli_run_clear (&run);
}

static void
test_info_corrupt (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "broken.tif", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  CliRun run = { 0 };
  g_auto(GStrv) lines = NULL;

  /* A TIFF whose first directory lies beyond the end of the file. */
  write_pages (path, 1, 64, 64);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, 200, NULL));

  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  lines = g_strsplit (g_strchomp (run.err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_nonnull (strstr (run.err, "broken.tif"));
  cli_run_clear (&run);

  run_cli (&run, "info", "/nonexistent/stack.tif", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "stack.tif"));
  cli_run_clear (&run);
}

static void
test_info_golgi (void)
{
  g_autofree char *path = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  CliRun run = { 0 };

  if (path == NULL)
    return;

  run_cli (&run, "info", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"width\": 147,"));
  g_assert_nonnull (strstr (run.out, "\"height\": 137,"));
  g_assert_nonnull (strstr (run.out, "\"planes\": 25,"));
  g_assert_nonnull (strstr (run.out, "\"pixel_depth\": 0.387"));
  g_assert_nonnull (strstr (run.out, "\"unit\": \"micron\""));
  cli_run_clear (&run);
}

/* A file of two positions: info counts its series and names them, --series N opens one
 * (from 1; 0 is a usage error, one past the last an input error naming the file). */
static void
test_info_series (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = sc_test_write_mm_ome (dir, "pos.ome.tif", 2, 4, 8, 6);
  g_auto(GStrv) lines = NULL;
  CliRun run = { 0 };

  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Series:       1 of 2 (others: --series N)\n"
                                     "  1: Pos0 (shown)\n  2: Pos1\n"));
  g_assert_nonnull (strstr (run.out, "4 (channels 1 x slices 1 x frames 4)"));
  g_assert_nonnull (strstr (run.out, "0.5 x 0.5 µm"));
  cli_run_clear (&run);

  run_cli (&run, "info", path, "--series", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Series:       2 of 2"));
  g_assert_nonnull (strstr (run.out, "  2: Pos1 (shown)\n"));
  g_assert_nonnull (strstr (run.out, "1 x 1 µm"));
  g_assert_nonnull (strstr (run.out, "pos.ome.tif, page 2 … pos.ome.tif, page 8"));
  cli_run_clear (&run);

  run_cli (&run, "info", path, "--series", "2", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"series\": 2,\n  \"n_series\": 2,\n"
                                     "  \"series_names\": [\"Pos0\", \"Pos1\"],\n"
                                     "  \"missing_pages\": [],\n  \"warning\": null,\n"));
  cli_run_clear (&run);

  run_cli (&run, "info", path, "--series", "3", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  lines = g_strsplit (g_strchomp (run.err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_cmpstr (run.err, ==,
                   "stackscope-cli: pos.ome.tif holds 2 image series; there is no series 3");
  cli_run_clear (&run);

  run_cli (&run, "info", path, "--series", "0", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--series"));
  cli_run_clear (&run);

  /* a plain file: one series, and no Series: line */
  write_pages (path, 2, 4, 4);
  run_cli (&run, "info", path, "--json", NULL);
  g_assert_nonnull (strstr (run.out, "\"series\": 1,\n  \"n_series\": 1,\n"));
  cli_run_clear (&run);
  run_cli (&run, "info", path, NULL);
  g_assert_null (strstr (run.out, "Series:"));
  cli_run_clear (&run);
  run_cli (&run, "info", path, "--series", "2", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "pos.ome.tif holds one image series"));
  cli_run_clear (&run);
}

static void
test_project_series (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = sc_test_write_mm_ome (dir, "pos.ome.tif", 2, 3, 8, 6);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *second = g_build_filename (out, "pos_series2_max.tif", NULL);
  g_autoptr(ScStack) result = NULL;
  guint16 plane[8 * 6];
  CliRun run = { 0 };

  /* a time series: the projection over Z keeps each time point */
  run_cli (&run, "project", path, "-m", "max", "-q", "--series", "2", "-o", out, "--format",
           "tif", "--batch", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  cli_run_clear (&run);
  result = sc_stack_open (second, NULL, NULL);
  g_assert_nonnull (result);
  g_assert_cmpuint (sc_stack_get_n_frames (result), ==, 3);
  g_assert_true (sc_stack_read_plane (result, 2, plane, NULL));
  g_assert_cmpuint (plane[8 * 5 + 7], ==, sc_test_mm_value (1, 2, 7, 5));

  run_cli (&run, "project", path, "-m", "max", "-q", "--series", "5", "-o", second, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "pos.ome.tif holds 2 image series; there is no series 5"));
  cli_run_clear (&run);
  run_cli (&run, "project", path, "-m", "max", "-q", "--series", "x", "-o", second, NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli_run_clear (&run);
}

/* A file cut short: info opens the complete pages and warns, naming the file and the
 * pages; project warns on stderr and projects the pages there are. */
static void
test_truncated (void)
{
  g_autofree char *src = sc_test_data_path ("zstack-16bit-golgi/xyz_calibrated_16bit__golgi_bfa.tif");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  const char *warning = "Pages 13–25 of golgi.tif are missing or incomplete; "
                        "showing the 12 complete pages.";
  g_autofree char *line = NULL;
  CliRun run = { 0 };

  if (src == NULL)
    return;
  dir = sc_test_make_tmpdir ();
  out = g_build_filename (dir, "max.tif", NULL);
  path = sc_test_write_cut (src, dir, "golgi.tif",
                            sc_test_strip_offset (src, 0) + 12 * 147 * 137 * 2 + 999);
  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  line = g_strdup_printf ("\nWarning:      %s\n", warning);
  g_assert_nonnull (strstr (run.out, line));
  g_assert_nonnull (strstr (run.out, "12 (channels 1 x slices 12 x frames 1)"));
  cli_run_clear (&run);

  run_cli (&run, "info", path, "--json", NULL);
  g_assert_nonnull (strstr (run.out, "\"missing_pages\": [[13, 25]],"));
  g_assert_nonnull (strstr (run.out, warning));
  cli_run_clear (&run);

  run_cli (&run, "project", path, "-m", "max", "-q", "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("stackscope-cli: warning: %s\n", warning);
  g_assert_cmpstr (run.err, ==, line);
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  cli_run_clear (&run);

  /* nothing complete: an input error naming the file */
  g_clear_pointer (&path, g_free);
  path = sc_test_write_cut (src, dir, "head.tif", 5000);
  run_cli (&run, "info", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "stackscope-cli: page 1 of head.tif is truncated\n");
  cli_run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/info/sample", test_info_sample);
  g_test_add_func ("/cli/info/path", test_info_path);
  g_test_add_func ("/cli/project/numbers", test_project_numbers);
  g_test_add_func ("/cli/project/map", test_project_map);
  g_test_add_func ("/cli/info/100000-pages", test_info_many_pages);
  g_test_add_func ("/cli/info/corrupt", test_info_corrupt);
  g_test_add_func ("/cli/info/golgi", test_info_golgi);
  g_test_add_func ("/cli/info/series", test_info_series);
  g_test_add_func ("/cli/project/series", test_project_series);
  g_test_add_func ("/cli/truncated", test_truncated);

  return g_test_run ();
}
