/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sc-cli.h"
#include "sc-colormap.h"
#include "sc-error.h"
#include "sc-export.h"
#include "sc-folder-source.h"
#include "sc-png-io.h"
#include "sc-projection.h"
#include "sc-render.h"
#include "sc-stack.h"

/* More threads than this would only wait for each other. */
#define MAX_THREADS 1024

typedef struct {
  ScProjectionMethod method;
  double             percentile;
  guint              first;
  guint              last;
  guint              step;
  int                channel;
  int                frame;
  gboolean           population;
  guint              threads;
  guint64            budget;
  gboolean           png;
  gboolean           has_colormap;
  ScColormap         colormap;
  gboolean           auto_range;
  double             range_min;
  double             range_max;
  gboolean           json;
  gboolean           progress;
  gboolean           zero_copy;
} Settings;

typedef struct {
  const char *name;
  guint       width;
  gint64      start;
  int         last_shown;
} ProgressBar;

static void
show_progress (double   fraction,
               gpointer user_data)
{
  ProgressBar *bar = user_data;
  int percent = (int) floor (fraction * 100);
  g_autofree char *name = NULL;
  char cells[41];
  guint n = (guint) (fraction * 40);

  if (percent == bar->last_shown)
    return;
  bar->last_shown = percent;
  for (guint i = 0; i < 40; i++)
    cells[i] = i < n ? '#' : '.';
  cells[40] = 0;
  name = g_utf8_substring (bar->name, 0, MIN (g_utf8_strlen (bar->name, -1), 30));
  fprintf (stderr, "\r%-30s [%s] %3d%%", name, cells, percent);
  fflush (stderr);
}

static void
clear_progress (void)
{
  fprintf (stderr, "\r%80s\r", "");
  fflush (stderr);
}

static gboolean
parse_planes (const char *str,
              Settings   *s)
{
  g_auto(GStrv) parts = g_strsplit (str, ":", 3);
  guint n = g_strv_length (parts);
  guint64 v[3] = { 1, G_MAXUINT, 1 };

  if (n == 0 || n > 3)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (parts[i][0] == 0 && i < 2)
        continue;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXUINT - 1, &v[i], NULL))
        return FALSE;
    }
  if (n == 1)
    v[1] = v[0];
  if (v[1] != G_MAXUINT && v[1] < v[0])
    return FALSE;
  s->first = (guint) v[0] - 1;
  s->last = v[1] == G_MAXUINT ? G_MAXUINT : (guint) v[1] - 1;
  s->step = (guint) v[2];
  return TRUE;
}

/* A channel, time point or count from 1 to max: nothing else (0 is no channel). */
static gboolean
parse_count (const char *str,
             guint       max,
             guint      *value)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (str, 10, 1, max, &v, NULL))
    return FALSE;
  *value = (guint) v;
  return TRUE;
}

static gboolean
parse_percentile (const char *str,
                  double     *value)
{
  char *end = NULL;
  double v = g_ascii_strtod (str, &end);

  if (end == str || *end != 0 || !(v >= 0 && v <= 100))
    return FALSE;
  *value = v;
  return TRUE;
}

static gboolean
parse_size (const char *str,
            guint64    *bytes)
{
  char *end = NULL;
  double v = g_ascii_strtod (str, &end);
  double scale = 1;

  if (end == str || !(v > 0))
    return FALSE;
  switch (g_ascii_toupper (*end))
    {
    case 'K': scale = 1024.0; end++; break;
    case 'M': scale = 1024.0 * 1024; end++; break;
    case 'G': scale = 1024.0 * 1024 * 1024; end++; break;
    case 'T': scale = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
  if (g_ascii_toupper (*end) == 'I')
    end++;
  if (g_ascii_toupper (*end) == 'B')
    end++;
  if (*end != 0 || v * scale > (double) G_MAXUINT64)
    return FALSE;
  *bytes = (guint64) (v * scale);
  return *bytes > 0;
}

static gboolean
parse_range (const char *str,
             Settings   *s)
{
  g_auto(GStrv) parts = NULL;
  char *end;

  if (g_str_equal (str, "auto"))
    {
      s->auto_range = TRUE;
      return TRUE;
    }
  parts = g_strsplit (str, ":", 2);
  if (g_strv_length (parts) != 2)
    return FALSE;
  s->range_min = g_ascii_strtod (parts[0], &end);
  if (end == parts[0] || *end || !isfinite (s->range_min))
    return FALSE;
  s->range_max = g_ascii_strtod (parts[1], &end);
  if (end == parts[1] || *end || !isfinite (s->range_max) || !(s->range_max > s->range_min))
    return FALSE;
  s->auto_range = FALSE;
  return TRUE;
}

static gboolean
has_suffix_ci (const char *path,
               const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, suffix);
}

static gboolean
is_tiff_name (const char *path)
{
  return has_suffix_ci (path, ".tif") || has_suffix_ci (path, ".tiff");
}

static char *
method_tag (const Settings *s)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (s->method == SC_PROJECTION_PERCENTILE)
    return g_strdup_printf ("p%s", g_ascii_formatd (buf, sizeof buf, "%g", s->percentile));
  return g_strdup (sc_projection_method_to_string (s->method));
}

/* "cells.ome.tif" -> "cells_median.tif" */
static char *
output_name (const char     *input,
             const Settings *s)
{
  g_autofree char *base = g_path_get_basename (input);
  g_autofree char *tag = method_tag (s);
  static const char * const suffixes[] = { ".ome.tiff", ".ome.tif", ".tiff", ".tif", ".png" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (has_suffix_ci (base, suffixes[i]) && strlen (base) > strlen (suffixes[i]))
      {
        base[strlen (base) - strlen (suffixes[i])] = 0;
        break;
      }
  return g_strdup_printf ("%s_%s.%s", base, tag, s->png ? "png" : "tif");
}

static void
json_number (GString    *out,
             const char *key,
             double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "\"%s\": ", key);
  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
  else
    g_string_append (out, "null");
}

/* Smallest, largest and mean sample of every plane of the result. */
#define STATS_LOOP(T)                                   \
  G_STMT_START {                                        \
    const T *v = (const T *) (gconstpointer) data;      \
    for (gsize i = 0; i < n; i++)                       \
      {                                                 \
        double x = v[i];                                \
        if (isnan (x))                                  \
          continue;                                     \
        lo = MIN (lo, x);                               \
        hi = MAX (hi, x);                               \
        sum += x;                                       \
        count++;                                        \
      }                                                 \
  } G_STMT_END

static void
result_stats (ScStack *result,
              double  *min,
              double  *max,
              double  *mean)
{
  const guint8 *data;
  gsize size, n;
  double lo = INFINITY, hi = -INFINITY, sum = 0;
  guint64 count = 0;
  g_autofree guint8 *copy = NULL;

  size = sc_stack_get_plane_size (result) * sc_stack_get_n_planes (result);
  data = sc_stack_peek_rows (result, 0, 0, sc_stack_get_height (result));
  if (data == NULL || sc_stack_get_n_planes (result) > 1)
    {
      copy = g_malloc (size);
      for (guint i = 0; i < sc_stack_get_n_planes (result); i++)
        sc_stack_read_plane (result, i, copy + i * sc_stack_get_plane_size (result), NULL);
      data = copy;
    }
  n = size / sc_sample_type_size (sc_stack_get_sample_type (result));

  switch (sc_stack_get_sample_type (result))
    {
    case SC_SAMPLE_U8: STATS_LOOP (guint8); break;
    case SC_SAMPLE_U16: STATS_LOOP (guint16); break;
    case SC_SAMPLE_U32: STATS_LOOP (guint32); break;
    case SC_SAMPLE_I8: STATS_LOOP (gint8); break;
    case SC_SAMPLE_I16: STATS_LOOP (gint16); break;
    case SC_SAMPLE_I32: STATS_LOOP (gint32); break;
    case SC_SAMPLE_F32: STATS_LOOP (float); break;
    default: g_assert_not_reached ();
    }
  *min = lo;
  *max = hi;
  *mean = count > 0 ? sum / count : NAN;
}

static gboolean
write_png (ScStack        *result,
           const char     *path,
           const Settings *s,
           GError        **error)
{
  ScSampleType type = sc_stack_get_sample_type (result);
  guint spp = sc_stack_get_samples_per_pixel (result);
  guint w = sc_stack_get_width (result), h = sc_stack_get_height (result);
  gsize stride = sc_stack_get_row_stride (result);
  g_autofree guint8 *plane = g_malloc (sc_stack_get_plane_size (result));
  double lo = s->range_min, hi = s->range_max;
  const char *text[] = { "Software", "Stackscope " PACKAGE_VERSION, NULL };

  if (sc_stack_get_n_planes (result) != 1)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                   "The projection has %u planes (channels × time points) and a PNG holds one: "
                   "choose --channel and --frame, or write a .tif",
                   sc_stack_get_n_planes (result));
      return FALSE;
    }
  if (!sc_export_check_target_for_stack (path, result, NULL, TRUE, error) ||
      !sc_stack_read_plane (result, 0, plane, error))
    return FALSE;

  /* Values as they are where the PNG can hold them. */
  if (!s->has_colormap && s->auto_range && type == SC_SAMPLE_U8)
    return sc_png_write (path, spp == 1 ? SC_PNG_GRAY8 : spp == 3 ? SC_PNG_RGB8 : SC_PNG_RGBA8,
                         w, h, plane, stride, text, error);
  if (!s->has_colormap && s->auto_range && type == SC_SAMPLE_U16 && spp == 1)
    return sc_png_write (path, SC_PNG_GRAY16, w, h, plane, stride, text, error);

  if (s->auto_range)
    {
      g_autoptr(ScHistogram) hist = NULL;
      double dmin, dmax;

      if (!sc_plane_get_range (type, plane, stride, spp, w, h, &dmin, &dmax))
        dmin = 0, dmax = 1;
      hist = sc_histogram_new_for_type (type, dmin, dmax > dmin ? dmax : dmin + 1);
      sc_histogram_add (hist, plane, stride, spp, w, h);
      if (s->has_colormap)
        {
          if (!sc_histogram_auto_contrast (hist, 0.35, &lo, &hi) || !(hi > lo))
            lo = dmin, hi = dmax > dmin ? dmax : dmin + 1;
        }
      else
        lo = dmin, hi = dmax > dmin ? dmax : dmin + 1;
    }

  if (!s->has_colormap && spp == 1)
    {
      /* Gray, scaled from the range to 16 bits. */
      g_autofree guint16 *out = g_new (guint16, (gsize) w * h);
      for (guint y = 0; y < h; y++)
        for (guint x = 0; x < w; x++)
          {
            double v = sc_plane_get_value (type, plane, stride, 1, x, y, 0);
            double t = isnan (v) ? 0 : CLAMP ((v - lo) / (hi - lo), 0, 1);
            out[(gsize) y * w + x] = (guint16) lround (t * 65535);
          }
      return sc_png_write (path, SC_PNG_GRAY16, w, h, out, (gsize) w * 2, text, error);
    }
  else
    {
      /* The viewer's "Export as PNG" writes through the same function. */
      ScRenderParams params;
      ScExportPngOptions options;

      sc_render_params_init (&params, lo, hi, s->has_colormap ? s->colormap : SC_COLORMAP_GRAY);
      sc_export_png_options_init (&options);
      options.params = &params;
      options.overwrite = TRUE;
      return sc_export_png (result, 0, 0, 0, &options, path, NULL, error);
    }
}

/* Projects one input into output; appends a JSON object to json when asked. output is
 * none of the run's inputs (each a file or a folder), nor any file the stack is read
 * from; an earlier run's output is replaced. */
static gboolean
project_one (const char      *input,
             const char      *output,
             const GPtrArray *inputs,
             const Settings  *s,
             GString         *json,
             GError         **error)
{
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScProjection) projection = NULL;
  g_autoptr(ScStack) result = NULL;
  ProgressBar bar = { NULL, 40, 0, -1 };
  gint64 t0, t1, t2, t3;
  gboolean ok;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < inputs->len; i++)
    if (!sc_export_check_target (output, g_ptr_array_index (inputs, i), TRUE, error))
      return FALSE;
  stack = sc_stack_open (input, NULL, error);
  if (stack == NULL || !sc_export_check_target_for_stack (output, stack, NULL, TRUE, error))
    return FALSE;
  t1 = g_get_monotonic_time ();

  projection = sc_projection_new (stack, s->method);
  sc_projection_set_percentile (projection, s->percentile);
  sc_projection_set_slices (projection, s->first, s->last, s->step);
  sc_projection_set_channel (projection, s->channel);
  sc_projection_set_frame (projection, s->frame);
  sc_projection_set_sd_population (projection, s->population);
  sc_projection_set_n_threads (projection, s->threads);
  sc_projection_set_memory_budget (projection, s->budget);
  /* Only the result matters here: bands through all slices, accumulators in cache. */
  sc_projection_set_progressive (projection, FALSE);
  sc_projection_set_zero_copy (projection, s->zero_copy);
  if (s->progress)
    {
      bar.name = sc_stack_get_display_name (stack);
      sc_projection_set_progress_func (projection, show_progress, &bar, NULL);
    }
  if (s->first >= sc_stack_get_n_slices (stack))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   "%s has %u slice%s; --planes starts at %u", sc_stack_get_display_name (stack),
                   sc_stack_get_n_slices (stack), sc_stack_get_n_slices (stack) == 1 ? "" : "s",
                   s->first + 1);
      return FALSE;
    }
  if (s->last != G_MAXUINT && s->last >= sc_stack_get_n_slices (stack))
    sc_projection_set_slices (projection, s->first, G_MAXUINT, s->step);
  result = sc_projection_run (projection, NULL, error);
  if (s->progress)
    clear_progress ();
  if (result == NULL)
    return FALSE;
  t2 = g_get_monotonic_time ();

  if (s->png)
    ok = write_png (result, output, s, error);
  else
    ok = sc_export_tiff (result, output, NULL, error);
  if (!ok)
    return FALSE;
  t3 = g_get_monotonic_time ();

  if (json != NULL)
    {
      double project_s = (t2 - t1) / 1e6;
      guint64 bytes = sc_projection_get_bytes_read (projection);
      gsize sample_size = sc_sample_type_size (sc_stack_get_sample_type (stack));
      double rmin, rmax, rmean;
      guint first, last, step;

      sc_projection_get_slices (projection, &first, &last, &step);
      if (last == G_MAXUINT)
        last = sc_stack_get_n_slices (stack) - 1;
      result_stats (result, &rmin, &rmax, &rmean);
      g_string_append (json, "{\"input\": ");
      sc_cli_json_string (json, input);
      g_string_append (json, ", \"output\": ");
      sc_cli_json_string (json, output);
      g_string_append (json, ", \"method\": ");
      sc_cli_json_string (json, sc_projection_method_to_string (s->method));
      if (s->method == SC_PROJECTION_PERCENTILE)
        {
          g_string_append (json, ", ");
          json_number (json, "percentile", s->percentile);
        }
      g_string_append_printf (json, ", \"width\": %u, \"height\": %u, \"slices\": %u, "
                              "\"first_slice\": %u, \"last_slice\": %u, \"step\": %u, "
                              "\"channels\": %u, \"frames\": %u, \"sample_type\": ",
                              sc_stack_get_width (result), sc_stack_get_height (result),
                              sc_projection_get_n_inputs (projection), first + 1, last + 1, step,
                              sc_stack_get_n_channels (result), sc_stack_get_n_frames (result));
      sc_cli_json_string (json, sc_sample_type_to_string (sc_stack_get_sample_type (stack)));
      g_string_append (json, ", \"result_type\": ");
      sc_cli_json_string (json, sc_sample_type_to_string (sc_stack_get_sample_type (result)));
      g_string_append_printf (json, ", \"threads\": %u, \"steps\": %u, \"bytes_read\": %" G_GUINT64_FORMAT ", ",
                              s->threads ? s->threads : g_get_num_processors (),
                              sc_projection_get_n_steps (projection), bytes);
      g_string_append (json, "\"seconds\": {");
      json_number (json, "open", (t1 - t0) / 1e6);
      g_string_append (json, ", ");
      json_number (json, "project", project_s);
      g_string_append (json, ", ");
      json_number (json, "write", (t3 - t2) / 1e6);
      g_string_append (json, ", ");
      json_number (json, "total", (t3 - t0) / 1e6);
      g_string_append (json, "}, ");
      json_number (json, "gb_per_s", project_s > 0 ? bytes / project_s / 1e9 : NAN);
      g_string_append (json, ", ");
      json_number (json, "ns_per_element",
                   bytes > 0 ? project_s * 1e9 / ((double) bytes / sample_size) : NAN);
      g_string_append (json, ", \"result\": {");
      json_number (json, "min", rmin);
      g_string_append (json, ", ");
      json_number (json, "max", rmax);
      g_string_append (json, ", ");
      json_number (json, "mean", rmean);
      g_string_append (json, "}}");
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return sc_natural_compare (*(const char * const *) a, *(const char * const *) b);
}

/* The stacks of a folder, one per file, in natural order. */
static gboolean
list_folder (const char  *dir,
             GPtrArray   *inputs,
             GError     **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)))
    if (name[0] != '.' && (is_tiff_name (name) || has_suffix_ci (name, ".png")))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (inputs, g_build_filename (dir, g_ptr_array_index (names, i), NULL));
  return TRUE;
}

static const char summary[] =
  "Projects each stack over Z (its slices) into one plane per channel and time point.\n"
  "\n"
  "Methods: max, min (keep the input type), sum, mean, sd (sample SD, n-1, as ImageJ),\n"
  "median (mean of the two middle values for even counts) and percentile (linear\n"
  "interpolation, as numpy); the last five give 32-bit float.\n"
  "\n"
  "Slices, channels and time points count from 1. With several inputs, or --batch over\n"
  "a folder of stacks, -o names a folder and each input gets INPUT_METHOD.tif there.\n"
  "\n"
  "Exit status: 0 done, 1 an input could not be read or written, 2 wrong usage.";

int
sc_cli_project (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) json = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *method = NULL;
  g_autofree char *planes = NULL;
  g_autofree char *sd = NULL;
  g_autofree char *budget = NULL;
  g_autofree char *output = NULL;
  g_autofree char *format = NULL;
  g_autofree char *colormap = NULL;
  g_autofree char *range = NULL;
  g_autofree char *percentile = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *frame = NULL;
  g_autofree char *threads = NULL;
  guint number;
  gboolean json_out = FALSE, quiet = FALSE, batch = FALSE, zero_copy = FALSE;
  gboolean to_folder;
  Settings s = { 0 };
  int status = SC_CLI_OK;
  guint n_done = 0;
  const GOptionEntry entries[] = {
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method,
      "max, min, sum, mean, sd, median or percentile (also pNN, e.g. p90)", "M" },
    { "percentile", 'p', 0, G_OPTION_ARG_STRING, &percentile, "Percentile 0..100 for --method percentile", "P" },
    { "planes", 0, 0, G_OPTION_ARG_STRING, &planes, "Slices A to B, every S-th (default all)", "A:B[:S]" },
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &channel, "Only this channel, from 1 (default each)", "C" },
    { "frame", 't', 0, G_OPTION_ARG_STRING, &frame, "Only this time point, from 1 (default each)", "T" },
    { "sd", 0, 0, G_OPTION_ARG_STRING, &sd, "SD over n-1 (sample, default) or n (population)", "sample|population" },
    { "threads", 'j', 0, G_OPTION_ARG_STRING, &threads, "Threads, 1 to " G_STRINGIFY (MAX_THREADS) " (default every processor)", "N" },
    { "memory-budget", 0, 0, G_OPTION_ARG_STRING, &budget,
      "Memory besides the result, e.g. 512M (default 256M or a quarter of free memory)", "B" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output .tif or .png, or a folder", "OUT" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "tif or png, for outputs in a folder (default tif)", "F" },
    { "batch", 0, 0, G_OPTION_ARG_NONE, &batch, "Take each file of a folder as its own stack", NULL },
    { "colormap", 0, 0, G_OPTION_ARG_STRING, &colormap, "PNG: colour table, e.g. viridis, fire (default gray)", "NAME" },
    { "range", 0, 0, G_OPTION_ARG_STRING, &range,
      "PNG: display range (auto: as the viewer's auto contrast with a colormap, else min..max)", "auto|MIN:MAX" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_out, "Print timings and result figures as JSON", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress bar", NULL },
    { "map", 0, 0, G_OPTION_ARG_NONE, &zero_copy,
      "Read uncompressed files in place (mapped) rather than through small copies", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "PATH…" },
    { NULL }
  };

  context = g_option_context_new ("PATH… — project stacks over Z");
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      sc_cli_print_error (error->message);
      return SC_CLI_USAGE;
    }

  s.percentile = 50;
  s.last = G_MAXUINT;
  s.step = 1;
  s.auto_range = TRUE;

  if (paths == NULL || paths[0] == NULL)
    {
      sc_cli_print_error ("project needs at least one PATH");
      return SC_CLI_USAGE;
    }
  if (method == NULL)
    {
      sc_cli_print_error ("project needs --method (max, min, sum, mean, sd, median or percentile)");
      return SC_CLI_USAGE;
    }
  if (g_ascii_tolower (method[0]) == 'p' && g_ascii_isdigit (method[1]))
    {
      char *end;
      s.method = SC_PROJECTION_PERCENTILE;
      s.percentile = g_ascii_strtod (method + 1, &end);
      if (*end)
        s.percentile = -1;
    }
  else if (g_str_equal (method, "average") || g_str_equal (method, "avg"))
    s.method = SC_PROJECTION_MEAN;
  else if (g_str_equal (method, "std"))
    s.method = SC_PROJECTION_SD;
  else if (!sc_projection_method_from_string (method, &s.method))
    {
      g_autofree char *msg = g_strdup_printf ("unknown method “%s” (max, min, sum, mean, sd, median, percentile)", method);
      sc_cli_print_error (msg);
      return SC_CLI_USAGE;
    }
  if (percentile != NULL && !parse_percentile (percentile, &s.percentile))
    {
      sc_cli_print_error ("--percentile takes a number from 0 to 100, e.g. 90");
      return SC_CLI_USAGE;
    }
  if (percentile != NULL || s.method == SC_PROJECTION_PERCENTILE)
    {
      if (s.method != SC_PROJECTION_PERCENTILE || !(s.percentile >= 0 && s.percentile <= 100))
        {
          sc_cli_print_error ("--percentile P (0..100) goes with --method percentile");
          return SC_CLI_USAGE;
        }
    }
  if (planes != NULL && !parse_planes (planes, &s))
    {
      sc_cli_print_error ("--planes takes A:B or A:B:S, counting slices from 1 (e.g. 3:20 or 1:40:2)");
      return SC_CLI_USAGE;
    }
  /* Left out, they mean each channel, each time point, every processor; given, they count
   * from 1, so that 0 is a mistake and not a quiet "each". */
  s.channel = SC_PROJECTION_ALL;
  s.frame = SC_PROJECTION_ALL;
  if (channel != NULL)
    {
      if (!parse_count (channel, G_MAXINT, &number))
        {
          sc_cli_print_error ("--channel counts channels from 1 (leave it out for each channel)");
          return SC_CLI_USAGE;
        }
      s.channel = (int) number - 1;
    }
  if (frame != NULL)
    {
      if (!parse_count (frame, G_MAXINT, &number))
        {
          sc_cli_print_error ("--frame counts time points from 1 (leave it out for each time point)");
          return SC_CLI_USAGE;
        }
      s.frame = (int) number - 1;
    }
  if (threads != NULL && !parse_count (threads, MAX_THREADS, &s.threads))
    {
      sc_cli_print_error ("--threads takes a number from 1 to " G_STRINGIFY (MAX_THREADS)
                          " (leave it out for every processor)");
      return SC_CLI_USAGE;
    }
  if (sd != NULL)
    {
      if (g_str_equal (sd, "population"))
        s.population = TRUE;
      else if (!g_str_equal (sd, "sample"))
        {
          sc_cli_print_error ("--sd takes sample or population");
          return SC_CLI_USAGE;
        }
    }
  if (budget != NULL && !parse_size (budget, &s.budget))
    {
      sc_cli_print_error ("--memory-budget takes a size such as 512M or 2G");
      return SC_CLI_USAGE;
    }
  if (colormap != NULL)
    {
      if (!sc_colormap_from_name (colormap, &s.colormap))
        {
          GString *names = g_string_new (NULL);
          g_autofree char *msg = NULL;
          for (guint i = 0; i < SC_N_COLORMAPS; i++)
            g_string_append_printf (names, "%s%s", i ? ", " : "", sc_colormap_get_name (i));
          msg = g_strdup_printf ("unknown colormap “%s” (%s)", colormap, names->str);
          g_string_free (names, TRUE);
          sc_cli_print_error (msg);
          return SC_CLI_USAGE;
        }
      s.has_colormap = TRUE;
    }
  if (range != NULL && !parse_range (range, &s))
    {
      sc_cli_print_error ("--range takes auto or MIN:MAX");
      return SC_CLI_USAGE;
    }
  if (output == NULL)
    {
      sc_cli_print_error ("project needs -o OUT (a .tif or .png file, or a folder)");
      return SC_CLI_USAGE;
    }

  for (guint i = 0; paths[i]; i++)
    {
      if (batch && g_file_test (paths[i], G_FILE_TEST_IS_DIR))
        {
          if (!list_folder (paths[i], inputs, &error))
            {
              sc_cli_print_error (error->message);
              return SC_CLI_INPUT_ERROR;
            }
        }
      else
        g_ptr_array_add (inputs, g_strdup (paths[i]));
    }
  if (inputs->len == 0)
    {
      sc_cli_print_error ("no TIFF or PNG files in the given folder");
      return SC_CLI_INPUT_ERROR;
    }

  to_folder = batch || inputs->len > 1 || g_file_test (output, G_FILE_TEST_IS_DIR)
              || g_str_has_suffix (output, "/");
  if (to_folder)
    {
      if (format == NULL || g_str_equal (format, "tif") || g_str_equal (format, "tiff"))
        s.png = FALSE;
      else if (g_str_equal (format, "png"))
        s.png = TRUE;
      else
        {
          sc_cli_print_error ("--format takes tif or png");
          return SC_CLI_USAGE;
        }
      if (g_mkdir_with_parents (output, 0777) != 0)
        {
          g_autofree char *msg = g_strdup_printf ("cannot create folder %s: %s", output, g_strerror (errno));
          sc_cli_print_error (msg);
          return SC_CLI_INPUT_ERROR;
        }
    }
  else if (is_tiff_name (output))
    s.png = FALSE;
  else if (has_suffix_ci (output, ".png"))
    s.png = TRUE;
  else
    {
      sc_cli_print_error ("-o names a .tif or .png file (or a folder for several inputs)");
      return SC_CLI_USAGE;
    }

  s.json = json_out;
  s.zero_copy = zero_copy;
  s.progress = !quiet && !json_out && isatty (STDERR_FILENO);
  if (json_out)
    json = g_string_new (inputs->len > 1 || batch ? "[\n" : "");

  for (guint i = 0; i < inputs->len; i++)
    {
      const char *input = g_ptr_array_index (inputs, i);
      g_autofree char *out = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize json_mark = json ? json->len : 0;

      if (to_folder)
        {
          g_autofree char *name = output_name (input, &s);
          out = g_build_filename (output, name, NULL);
          /* Two inputs of the same name from different folders. */
          for (guint k = 2; g_hash_table_contains (used, out); k++)
            {
              g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
              g_free (out);
              out = g_strdup_printf ("%s%s%s-%u%s", output, G_DIR_SEPARATOR_S, stem, k, strrchr (name, '.'));
            }
        }
      else
        out = g_strdup (output);
      g_hash_table_add (used, g_strdup (out));

      if (json && n_done > 0)
        g_string_append (json, ",\n");
      if (!project_one (input, out, inputs, &s, json, &local_error))
        {
          g_autofree char *display = g_filename_display_name (input);
          g_autofree char *msg = g_strdup_printf ("%s: %s", display, local_error->message);
          sc_cli_print_error (msg);
          status = SC_CLI_INPUT_ERROR;
          if (json)
            {
              g_string_truncate (json, json_mark);
              if (n_done > 0)
                g_string_append (json, ",\n");
              g_string_append (json, "{\"input\": ");
              sc_cli_json_string (json, input);
              g_string_append (json, ", \"error\": ");
              sc_cli_json_string (json, local_error->message);
              g_string_append (json, "}");
            }
        }
      n_done++;
    }

  if (json)
    {
      if (inputs->len > 1 || batch)
        g_string_append (json, "\n]");
      g_string_append_c (json, '\n');
      fputs (json->str, stdout);
    }
  return status;
}
