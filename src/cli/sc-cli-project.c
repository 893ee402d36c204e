/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sc-cli.h"
#include "sc-cli-json.h"
#include "sc-cli-options.h"
#include "sc-cli-progress.h"
#include "sc-cli-project.h"
#include "sc-error.h"
#include "sc-export.h"
#include "sc-folder-list.h"

/* More threads than this would only wait for each other. */
#define MAX_THREADS 1024   /* also in the --threads description */

/* The options as given on the command line. */
typedef struct {
  char   **paths;
  char    *method;
  char    *percentile;
  char    *planes;
  char    *channel;
  char    *frame;
  char    *sd;
  char    *threads;
  char    *budget;
  char    *output;
  char    *format;
  char    *colormap;
  char    *range;
  char    *series;
  char    *scale;
  char    *axis;
  char    *rows;
  char    *columns;
  gboolean true_aspect;
  gboolean batch;
  gboolean json;
  gboolean quiet;
  gboolean zero_copy;
  gboolean copy;
} Options;

static void
options_clear (Options *o)
{
  g_clear_pointer (&o->paths, g_strfreev);
  g_clear_pointer (&o->method, g_free);
  g_clear_pointer (&o->percentile, g_free);
  g_clear_pointer (&o->planes, g_free);
  g_clear_pointer (&o->channel, g_free);
  g_clear_pointer (&o->frame, g_free);
  g_clear_pointer (&o->sd, g_free);
  g_clear_pointer (&o->threads, g_free);
  g_clear_pointer (&o->budget, g_free);
  g_clear_pointer (&o->output, g_free);
  g_clear_pointer (&o->format, g_free);
  g_clear_pointer (&o->colormap, g_free);
  g_clear_pointer (&o->range, g_free);
  g_clear_pointer (&o->series, g_free);
  g_clear_pointer (&o->scale, g_free);
  g_clear_pointer (&o->axis, g_free);
  g_clear_pointer (&o->rows, g_free);
  g_clear_pointer (&o->columns, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static const char summary[] =
  N_("Projects each stack over Z (its slices) into one plane per channel and time point.\n"
  "With --axis y it projects over rows (the result is X wide and Z high), with --axis x\n"
  "over columns (Z wide and Y high); --rows and --columns count from 0, as the viewer's\n"
  "readout does.\n"
  "\n"
  "Methods: max, min (keep the input type), sum, mean, sd (sample SD, n-1, as ImageJ),\n"
  "median (mean of the two middle values for even counts) and percentile (linear\n"
  "interpolation, as numpy); the last five give 32-bit float.\n"
  "\n"
  "Slices, channels, time points and series count from 1. With several inputs, or --batch\n"
  "over a folder of stacks, -o names a folder and each input gets INPUT_METHOD.tif there\n"
  "(INPUT_seriesN_METHOD.tif with --series).\n"
  "\n"
  "Exit status: 0 done, 1 an input could not be read or written, 2 wrong usage.");

static GOptionContext *
new_option_context (Options *o)
{
  /* Translators: PATH is the placeholder for the files or folders in "--help" */
  GOptionContext *context = g_option_context_new (N_("PATH… — project stacks over Z"));
  const GOptionEntry entries[] = {
    { "method", 'm', 0, G_OPTION_ARG_STRING, &o->method,
      N_("max, min, sum, mean, sd, median or percentile (also pNN, e.g. p90)"), "M" },
    { "percentile", 'p', 0, G_OPTION_ARG_STRING, &o->percentile, N_("Percentile 0..100 for --method percentile"), "P" },
    { "axis", 0, 0, G_OPTION_ARG_STRING, &o->axis, N_("Project along z (slices, default), y (rows) or x (columns)"), "z|y|x" },
    { "planes", 0, 0, G_OPTION_ARG_STRING, &o->planes, N_("Slices A to B, every S-th (default all)"), "A:B[:S]" },
    { "rows", 0, 0, G_OPTION_ARG_STRING, &o->rows, N_("With --axis y: rows A to B, from 0 (default all)"), "A:B" },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &o->columns, N_("With --axis x: columns A to B, from 0 (default all)"), "A:B" },
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &o->channel, N_("Only this channel, from 1 (default each)"), "C" },
    { "frame", 't', 0, G_OPTION_ARG_STRING, &o->frame, N_("Only this time point, from 1 (default each)"), "T" },
    { "series", 's', 0, G_OPTION_ARG_STRING, &o->series,
      N_("Image series (position) of files that hold several, from 1 (default 1)"), "N" },
    { "sd", 0, 0, G_OPTION_ARG_STRING, &o->sd, N_("SD over n-1 (sample, default) or n (population)"), "sample|population" },
    { "threads", 'j', 0, G_OPTION_ARG_STRING, &o->threads, N_("Threads, 1 to 1024 (default every processor)"), "N" },
    { "memory-budget", 0, 0, G_OPTION_ARG_STRING, &o->budget,
      N_("Memory besides the result, e.g. 512M (default 256M or a quarter of free memory)"), "B" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output, N_("Output .tif or .png, or a folder"), "OUT" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &o->format, N_("tif or png, for outputs in a folder (default tif)"), "F" },
    { "batch", 0, 0, G_OPTION_ARG_NONE, &o->batch, N_("Take each file of a folder as its own stack"), NULL },
    { "colormap", 0, 0, G_OPTION_ARG_STRING, &o->colormap, N_("PNG: colour table, e.g. viridis, fire (default gray)"), "NAME" },
    { "range", 0, 0, G_OPTION_ARG_STRING, &o->range,
      N_("PNG: display range (auto: as the viewer's auto contrast with a colormap, else min..max)"), "auto|MIN:MAX" },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &o->scale,
      N_("PNG: each pixel as an NxN block, 1 to 4 (default 1)"), "N" },
    { "true-aspect", 0, 0, G_OPTION_ARG_NONE, &o->true_aspect,
      N_("PNG: stretch to the calibrated pixel aspect (nearest neighbour)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print timings and result figures as JSON"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, N_("No progress bar"), NULL },
    { "map", 0, 0, G_OPTION_ARG_NONE, &o->zero_copy,
      N_("Read uncompressed files in place (mapped) rather than through small copies"), NULL },
    { "copy", 0, 0, G_OPTION_ARG_NONE, &o->copy,
      N_("Read through small copies only (default: max to SD time both ways first and take the faster)"), NULL },
    /* named in the context's parameter string */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->paths, NULL, NULL },
    { NULL }
  };

  g_option_context_set_summary (context, summary);
  /* GLib translates the parameter string, the summary and the entries in this domain */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static gboolean
has_suffix_ci (const char *path,
               const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, suffix);
}

/* The method's name, its aliases (average, avg, std) and pNN for a percentile. */
static gboolean
parse_method (const char           *str,
              ScCliProjectSettings *s)
{
  if (g_ascii_tolower (str[0]) == 'p' && g_ascii_isdigit (str[1]))
    {
      char *end;
      s->method = SC_PROJECTION_PERCENTILE;
      s->percentile = g_ascii_strtod (str + 1, &end);
      if (*end)
        s->percentile = -1;
      return TRUE;
    }
  if (g_str_equal (str, "average") || g_str_equal (str, "avg"))
    s->method = SC_PROJECTION_MEAN;
  else if (g_str_equal (str, "std"))
    s->method = SC_PROJECTION_SD;
  else if (!sc_projection_method_from_string (str, &s->method))
    return FALSE;
  return TRUE;
}

static int
fail_unknown_colormap (const char *name)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < SC_N_COLORMAPS; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", sc_colormap_get_name (i));
  return sc_cli_fail (SC_CLI_USAGE, _("unknown colormap “%s” (%s)"), name, names->str);
}

/* Checks the options that are the same for every input, in the order a reader of the
 * command line meets them; SC_CLI_OK, or SC_CLI_USAGE after saying what is wrong. */
static int
parse_settings (const Options        *o,
                ScCliProjectSettings *s)
{
  s->percentile = 50;
  s->last = G_MAXUINT;
  s->step = 1;
  s->auto_range = TRUE;
  /* Left out, they mean each channel, each time point, every processor; given, they count
   * from 1, so that 0 is a mistake and not a quiet "each". */
  s->channel = SC_PROJECTION_ALL;
  s->frame = SC_PROJECTION_ALL;

  if (o->paths == NULL || o->paths[0] == NULL)
    return sc_cli_fail (SC_CLI_USAGE, _("project needs at least one PATH"));
  if (o->method == NULL)
    return sc_cli_fail (SC_CLI_USAGE,
                        _("project needs --method (max, min, sum, mean, sd, median or percentile)"));
  if (!parse_method (o->method, s))
    return sc_cli_fail (SC_CLI_USAGE,
                        _("unknown method “%s” (max, min, sum, mean, sd, median, percentile)"),
                        o->method);
  if (!sc_cli_parse_percentile (o->percentile, &s->percentile))
    return sc_cli_fail (SC_CLI_USAGE, _("--percentile takes a number from 0 to 100, e.g. 90"));
  if ((o->percentile != NULL || s->method == SC_PROJECTION_PERCENTILE) &&
      (s->method != SC_PROJECTION_PERCENTILE || !(s->percentile >= 0 && s->percentile <= 100)))
    return sc_cli_fail (SC_CLI_USAGE, _("--percentile P (0..100) goes with --method percentile"));
  s->range_last = G_MAXUINT;
  if (o->axis == NULL || g_ascii_strcasecmp (o->axis, "z") == 0)
    s->axis = SC_PROJECTION_AXIS_Z;
  else if (g_ascii_strcasecmp (o->axis, "y") == 0)
    s->axis = SC_PROJECTION_AXIS_Y;
  else if (g_ascii_strcasecmp (o->axis, "x") == 0)
    s->axis = SC_PROJECTION_AXIS_X;
  else
    return sc_cli_fail (SC_CLI_USAGE, _("--axis takes z, y or x"));
  if (o->rows != NULL && s->axis != SC_PROJECTION_AXIS_Y)
    return sc_cli_fail (SC_CLI_USAGE, _("--rows goes with --axis y"));
  if (o->columns != NULL && s->axis != SC_PROJECTION_AXIS_X)
    return sc_cli_fail (SC_CLI_USAGE, _("--columns goes with --axis x"));
  if (o->rows != NULL && !sc_cli_parse_cut_range (o->rows, &s->range_first, &s->range_last))
    return sc_cli_fail (SC_CLI_USAGE, _("--rows takes A:B, counting rows from 0 (e.g. 100:199)"));
  if (o->columns != NULL && !sc_cli_parse_cut_range (o->columns, &s->range_first, &s->range_last))
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--columns takes A:B, counting columns from 0 (e.g. 100:199)"));
  s->true_aspect = o->true_aspect;
  if (!sc_cli_parse_slices (o->planes, &s->first, &s->last, &s->step))
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--planes takes A:B or A:B:S, counting slices from 1 (e.g. 3:20 or 1:40:2)"));
  if (!sc_cli_parse_index (o->channel, &s->channel))
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--channel counts channels from 1 (leave it out for each channel)"));
  if (!sc_cli_parse_index (o->frame, &s->frame))
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--frame counts time points from 1 (leave it out for each time point)"));
  {
    guint series = 1;

    if (!sc_cli_parse_count (o->series, G_MAXUINT, &series))
      return sc_cli_fail (SC_CLI_USAGE, _("--series counts image series from 1 (e.g. --series 2)"));
    s->series = series - 1;
    s->has_series = o->series != NULL;
  }
  if (!sc_cli_parse_count (o->threads, MAX_THREADS, &s->threads))
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--threads takes a number from 1 to %d (leave it out for every processor)"),
                        MAX_THREADS);
  if (o->sd != NULL && !g_str_equal (o->sd, "sample") && !g_str_equal (o->sd, "population"))
    return sc_cli_fail (SC_CLI_USAGE, _("--sd takes sample or population"));
  s->population = o->sd != NULL && g_str_equal (o->sd, "population");
  if (!sc_cli_parse_size (o->budget, &s->budget))
    return sc_cli_fail (SC_CLI_USAGE, _("--memory-budget takes a size such as 512M or 2G"));
  if (o->colormap != NULL)
    {
      if (!sc_colormap_from_name (o->colormap, &s->colormap))
        return fail_unknown_colormap (o->colormap);
      s->has_colormap = TRUE;
    }
  if (!sc_cli_parse_range (o->range, &s->auto_range, &s->range_min, &s->range_max))
    return sc_cli_fail (SC_CLI_USAGE, _("--range takes auto or MIN:MAX"));
  s->scale = 1;
  if (!sc_cli_parse_count (o->scale, SC_EXPORT_PNG_MAX_SCALE, &s->scale))
    return sc_cli_fail (SC_CLI_USAGE, _("--scale takes 1, 2, 3 or 4"));
  if (o->output == NULL)
    return sc_cli_fail (SC_CLI_USAGE, _("project needs -o OUT (a .tif or .png file, or a folder)"));
  if (o->zero_copy && o->copy)
    return sc_cli_fail (SC_CLI_USAGE, _("--map and --copy exclude each other"));
  s->zero_copy = o->zero_copy;
  s->adaptive_read = !o->zero_copy && !o->copy;
  s->progress = sc_cli_progress_wanted (o->quiet, o->json);
  return SC_CLI_OK;
}

/* The stacks of a folder, one per file, in natural order; a folder without any adds
 * none, so that --batch over several folders takes what the others hold. */
static gboolean
list_folder (const char  *dir,
             GPtrArray   *inputs,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) paths = sc_folder_list_images (dir, &local_error);

  if (paths == NULL)
    {
      if (g_error_matches (local_error, SC_ERROR, SC_ERROR_EMPTY))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; paths[i]; i++)
    g_ptr_array_add (inputs, g_steal_pointer (&paths[i]));
  return TRUE;
}

/* The paths given, each folder's stacks in its place under --batch. */
static int
collect_inputs (const Options *o,
                GPtrArray     *inputs)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; o->paths[i]; i++)
    {
      if (o->batch && g_file_test (o->paths[i], G_FILE_TEST_IS_DIR))
        {
          if (!list_folder (o->paths[i], inputs, &error))
            return sc_cli_fail (SC_CLI_INPUT_ERROR, "%s", error->message);
        }
      else
        g_ptr_array_add (inputs, g_strdup (o->paths[i]));
    }
  if (inputs->len == 0)
    return sc_cli_fail (SC_CLI_INPUT_ERROR, _("no TIFF or PNG files in the given folder"));
  return SC_CLI_OK;
}

/* Whether -o names a folder, and whether the outputs are PNG; a folder is made. */
static int
choose_output (const Options        *o,
               guint                 n_inputs,
               gboolean             *to_folder,
               ScCliProjectSettings *s)
{
  ScImageFileKind kind;

  *to_folder = o->batch || n_inputs > 1 || g_file_test (o->output, G_FILE_TEST_IS_DIR)
               || g_str_has_suffix (o->output, "/");
  if (*to_folder)
    {
      if (o->format == NULL || g_str_equal (o->format, "tif") || g_str_equal (o->format, "tiff"))
        s->png = FALSE;
      else if (g_str_equal (o->format, "png"))
        s->png = TRUE;
      else
        return sc_cli_fail (SC_CLI_USAGE, _("--format takes tif or png"));
      if (g_mkdir_with_parents (o->output, 0777) != 0)
        return sc_cli_fail (SC_CLI_INPUT_ERROR, _("cannot create folder %s: %s"), o->output,
                            g_strerror (errno));
    }
  else if (sc_image_file_kind_from_name (o->output, &kind))
    s->png = kind == SC_IMAGE_FILE_PNG;
  else
    return sc_cli_fail (SC_CLI_USAGE, _("-o names a .tif or .png file (or a folder for several inputs)"));
  if (s->true_aspect && !s->png)
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--true-aspect goes with PNG output: a TIFF keeps its calibration"));
  if (s->scale > 1 && !s->png)
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--scale goes with PNG output: a TIFF keeps the data’s own pixels"));
  return SC_CLI_OK;
}

static char *
method_tag (const ScCliProjectSettings *s)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (s->method == SC_PROJECTION_PERCENTILE)
    return g_strdup_printf ("p%s", g_ascii_formatd (buf, sizeof buf, "%g", s->percentile));
  return g_strdup (sc_projection_method_to_string (s->method));
}

/* "cells.ome.tif" -> "cells_median.tif" */
static char *
output_name (const char                 *input,
             const ScCliProjectSettings *s)
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
  /* the outputs of several series of one input do not overwrite each other */
  if (s->axis != SC_PROJECTION_AXIS_Z)
    {
      char *full = g_strdup_printf ("%s_%s", tag, s->axis == SC_PROJECTION_AXIS_Y ? "y" : "x");
      g_free (tag);
      tag = full;
    }
  if (s->has_series)
    return g_strdup_printf ("%s_series%u_%s.%s", base, s->series + 1, tag, s->png ? "png" : "tif");
  return g_strdup_printf ("%s_%s.%s", base, tag, s->png ? "png" : "tif");
}

/* The output of input in the folder, one that no earlier input of this run took. */
static char *
output_in_folder (const char                 *folder,
                  const char                 *input,
                  const ScCliProjectSettings *s,
                  GHashTable                 *used)
{
  g_autofree char *name = output_name (input, s);
  char *out = g_build_filename (folder, name, NULL);

  /* Two inputs of the same name from different folders. */
  for (guint k = 2; g_hash_table_contains (used, out); k++)
    {
      g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
      g_free (out);
      out = g_strdup_printf ("%s%s%s-%u%s", folder, G_DIR_SEPARATOR_S, stem, k, strrchr (name, '.'));
    }
  return out;
}

/* Projects every input in turn; one that fails is reported and the others go on. */
static int
project_inputs (const GPtrArray            *inputs,
                const char                 *output,
                gboolean                    to_folder,
                const ScCliProjectSettings *s,
                GString                    *json)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int status = SC_CLI_OK;

  for (guint i = 0; i < inputs->len; i++)
    {
      const char *input = g_ptr_array_index (inputs, i);
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      gsize json_mark = json ? json->len : 0;

      out = to_folder ? output_in_folder (output, input, s, used) : g_strdup (output);
      g_hash_table_add (used, g_strdup (out));

      if (json && i > 0)
        g_string_append (json, ",\n");
      if (sc_cli_project_one (input, out, inputs, s, json, &error))
        continue;

      {
        g_autofree char *display = g_filename_display_name (input);
        status = sc_cli_fail (SC_CLI_INPUT_ERROR, "%s: %s", display, error->message);
      }
      if (json)
        {
          g_string_truncate (json, json_mark);
          if (i > 0)
            g_string_append (json, ",\n");
          g_string_append (json, "{");
          sc_cli_json_string_member (json, "input", input);
          g_string_append (json, ", ");
          sc_cli_json_string_member (json, "error", error->message);
          g_string_append (json, "}");
        }
    }
  return status;
}

int
sc_cli_project (int    argc,
                char **argv)
{
  g_auto(Options) o = { 0 };
  g_autoptr(GOptionContext) context = new_option_context (&o);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) json = NULL;
  ScCliProjectSettings s = { 0 };
  gboolean to_folder, as_list;
  int status;

  if (!sc_cli_options_parse (context, &argc, &argv))
    return SC_CLI_USAGE;
  if ((status = parse_settings (&o, &s)) != SC_CLI_OK ||
      (status = collect_inputs (&o, inputs)) != SC_CLI_OK ||
      (status = choose_output (&o, inputs->len, &to_folder, &s)) != SC_CLI_OK)
    return status;

  as_list = inputs->len > 1 || o.batch;
  if (o.json)
    json = g_string_new (as_list ? "[\n" : "");
  status = project_inputs (inputs, o.output, to_folder, &s, json);
  if (json)
    {
      if (as_list)
        g_string_append (json, "\n]");
      g_string_append_c (json, '\n');
      fputs (json->str, stdout);
    }
  return status;
}
