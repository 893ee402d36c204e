/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "sc-cli.h"
#include "sc-cli-json.h"
#include "sc-cli-options.h"
#include "sc-demo-stack.h"
#include "sc-stack.h"

static const char *
pixel_kind (ScStack *stack)
{
  switch (sc_stack_get_samples_per_pixel (stack))
    {
    case 3: return "RGB";
    case 4: return "RGBA";
    default: return "gray";
    }
}

/* "series": 1 (from 1), "n_series", "series_names" (null for none), "missing_pages" (pairs
 * of page numbers, the last null for "and after"), "warning". */
static void
append_json_series (GString *out,
                    ScStack *stack)
{
  const ScPageRange *missing;
  g_autofree char *warning = sc_stack_describe_missing_pages (stack);
  guint n_series = sc_stack_get_n_series (stack);
  guint n_missing;

  g_string_append_printf (out, "  \"series\": %u,\n  \"n_series\": %u,\n  \"series_names\": [",
                          sc_stack_get_series (stack) + 1, n_series);
  for (guint i = 0; i < n_series; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      sc_cli_json_string (out, sc_stack_get_series_name (stack, i));
    }
  g_string_append (out, "],\n  \"missing_pages\": [");
  missing = sc_stack_get_missing_pages (stack, &n_missing);
  for (guint i = 0; i < n_missing; i++)
    {
      g_string_append_printf (out, "%s[%u, ", i ? ", " : "", missing[i].first);
      if (missing[i].last == 0)
        g_string_append (out, "null]");
      else
        g_string_append_printf (out, "%u]", missing[i].last);
    }
  g_string_append (out, "],\n  \"warning\": ");
  sc_cli_json_string (out, warning);
  g_string_append (out, ",\n");
}

/* "Label:" padded to 13 columns (counted in characters, for translated labels), a space
 * and the value */
static void
append_field (GString    *out,
              const char *label,
              const char *value)
{
  glong width = g_utf8_strlen (label, -1);

  g_string_append (out, label);
  for (glong i = width; i < 13; i++)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, " %s\n", value);
}

static char *
format_json (ScStack *stack)
{
  const ScCalibration *cal = sc_stack_get_calibration (stack);
  GString *out = g_string_new ("{\n  \"path\": ");
  guint n_planes = sc_stack_get_n_planes (stack);

  /* null for a stack that has no file (the generated sample) */
  sc_cli_json_string (out, sc_stack_get_path (stack));
  g_string_append (out, ",\n  \"name\": ");
  sc_cli_json_string (out, sc_stack_get_display_name (stack));
  g_string_append (out, ",\n  \"format\": ");
  sc_cli_json_string (out, sc_stack_get_format (stack));
  g_string_append_printf (out, ",\n  \"width\": %u,\n  \"height\": %u,\n  \"channels\": %u,\n"
                          "  \"slices\": %u,\n  \"frames\": %u,\n  \"planes\": %u,\n",
                          sc_stack_get_width (stack), sc_stack_get_height (stack),
                          sc_stack_get_n_channels (stack), sc_stack_get_n_slices (stack),
                          sc_stack_get_n_frames (stack), n_planes);
  append_json_series (out, stack);
  g_string_append (out, "  \"sample_type\": ");
  sc_cli_json_string (out, sc_sample_type_to_string (sc_stack_get_sample_type (stack)));
  g_string_append_printf (out, ",\n  \"samples_per_pixel\": %u,\n  \"pixel\": ",
                          sc_stack_get_samples_per_pixel (stack));
  sc_cli_json_string (out, pixel_kind (stack));
  g_string_append (out, ",\n  \"calibration\": {\"pixel_width\": ");
  sc_cli_json_double (out, cal->pixel_width);
  g_string_append (out, ", \"pixel_height\": ");
  sc_cli_json_double (out, cal->pixel_height);
  g_string_append (out, ", \"pixel_depth\": ");
  sc_cli_json_double (out, cal->pixel_depth);
  g_string_append (out, ", \"frame_interval\": ");
  sc_cli_json_double (out, cal->frame_interval);
  g_string_append (out, ", \"unit\": ");
  if (cal->unit)
    sc_cli_json_string (out, cal->unit);
  else
    g_string_append (out, "null");
  g_string_append (out, "},\n  \"has_palette\": ");
  g_string_append (out, sc_stack_get_palette (stack) ? "true" : "false");
  g_string_append (out, ",\n  \"metadata\": [");
  for (guint i = 0; i < sc_stack_get_n_metadata (stack); i++)
    {
      const char *key, *value;
      sc_stack_get_metadata (stack, i, &key, &value);
      g_string_append (out, i ? ",\n    [" : "\n    [");
      sc_cli_json_string (out, key);
      g_string_append (out, ", ");
      sc_cli_json_string (out, value);
      g_string_append (out, "]");
    }
  g_string_append (out, "\n  ],\n  \"first_plane\": ");
  {
    g_autofree char *first = sc_stack_describe_plane (stack, 0);
    g_autofree char *last = sc_stack_describe_plane (stack, n_planes - 1);
    sc_cli_json_string (out, first);
    g_string_append (out, ",\n  \"last_plane\": ");
    sc_cli_json_string (out, last);
  }
  g_string_append (out, "\n}\n");
  return g_string_free (out, FALSE);
}

/* A file of several image series lists them, the one shown marked. */
static void
append_text_series (GString *out,
                    ScStack *stack)
{
  guint n_series = sc_stack_get_n_series (stack);
  guint shown = sc_stack_get_series (stack);

  g_autofree char *which = NULL;

  if (n_series < 2)
    return;
  /* Translators: the image series described, of how many the file holds; "--series N" is
   * the option that describes another: keep it as it is */
  which = g_strdup_printf (_("%u of %u (others: --series N)"), shown + 1, n_series);
  append_field (out, _("Series:"), which);
  for (guint i = 0; i < n_series; i++)
    {
      const char *name = sc_stack_get_series_name (stack, i);

      g_string_append_printf (out, "  %u: %s%s\n", i + 1, name ? name : _("(no name)"),
                              /* Translators: marks the series described in the list */
                              i == shown ? _(" (shown)") : "");
    }
}

static char *
format_text (ScStack *stack)
{
  const ScCalibration *cal = sc_stack_get_calibration (stack);
  GString *out = g_string_new (NULL);
  guint n_planes = sc_stack_get_n_planes (stack);
  g_autofree char *first = sc_stack_describe_plane (stack, 0);
  g_autofree char *last = sc_stack_describe_plane (stack, n_planes - 1);
  g_autofree char *warning = sc_stack_describe_missing_pages (stack);
  guint n_meta = sc_stack_get_n_metadata (stack);

  g_autofree char *size = NULL;
  g_autofree char *planes = NULL;
  g_autofree char *voxel = NULL;
  g_autofree char *from = NULL;

  if (sc_stack_get_path (stack) != NULL)
    append_field (out, _("Path:"), sc_stack_get_path (stack));
  else
    append_field (out, _("Name:"), sc_stack_get_display_name (stack));
  append_field (out, _("Format:"), sc_stack_get_format (stack));
  if (warning != NULL)
    append_field (out, _("Warning:"), warning);
  append_text_series (out, stack);
  /* Translators: width, height, sample type ("u16") and "gray", "RGB" or "RGBA" */
  size = g_strdup_printf (_("%u x %u pixels, %s %s"), sc_stack_get_width (stack),
                          sc_stack_get_height (stack),
                          sc_sample_type_to_string (sc_stack_get_sample_type (stack)),
                          sc_stack_get_samples_per_pixel (stack) == 1 ? _("gray") : pixel_kind (stack));
  append_field (out, _("Size:"), size);
  /* Translators: the number of planes, then the stack's shape */
  planes = g_strdup_printf (_("%u (channels %u x slices %u x frames %u)"), n_planes,
                            sc_stack_get_n_channels (stack), sc_stack_get_n_slices (stack),
                            sc_stack_get_n_frames (stack));
  append_field (out, _("Planes:"), planes);
  if (cal->unit && cal->pixel_width > 0)
    {
      GString *v = g_string_new (NULL);

      g_string_append_printf (v, "%g x %g", cal->pixel_width,
                              cal->pixel_height > 0 ? cal->pixel_height : cal->pixel_width);
      if (cal->pixel_depth > 0)
        g_string_append_printf (v, " x %g", cal->pixel_depth);
      g_string_append_printf (v, " %s", cal->unit);
      voxel = g_string_free (v, FALSE);
    }
  append_field (out, _("Voxel size:"), voxel ? voxel : _("uncalibrated"));
  if (cal->frame_interval > 0)
    {
      g_autofree char *interval = g_strdup_printf ("%g %s", cal->frame_interval,
                                                   cal->time_unit ? cal->time_unit : "s");
      append_field (out, _("Frame interval:"), interval);
    }
  if (sc_stack_get_palette (stack))
    append_field (out, _("Palette:"), _("yes (the file carries a LUT)"));
  from = g_strdup_printf ("%s … %s", first, last);
  append_field (out, _("Planes from:"), from);
  if (n_meta > 0)
    {
      g_string_append_printf (out, "%s\n", _("Metadata:"));
      for (guint i = 0; i < n_meta; i++)
        {
          const char *key, *value;
          g_auto(GStrv) lines = NULL;
          g_autofree char *name = NULL;

          sc_stack_get_metadata (stack, i, &key, &value);
          name = sc_metadata_display_name (key);
          lines = g_strsplit (value, "\n", -1);
          g_string_append_printf (out, "  %s: %s\n", name, lines[0] ? lines[0] : "");
          for (guint l = 1; lines[l] != NULL; l++)
            if (*lines[l])
              g_string_append_printf (out, "    %s\n", lines[l]);
        }
    }
  return g_string_free (out, FALSE);
}

int
sc_cli_info (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *series_arg = NULL;
  gboolean json = FALSE;
  gboolean sample = FALSE;
  guint series = 1;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "sample", 0, 0, G_OPTION_ARG_NONE, &sample,
      N_("Describe the generated sample stack instead of a file"), NULL },
    { "series", 's', 0, G_OPTION_ARG_STRING, &series_arg,
      N_("Image series (position) of a file that holds several, from 1 (default 1)"), "N" },
    /* named in the context's parameter string */
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };

  /* Translators: PATH is the placeholder for a file or folder in "--help" */
  context = g_option_context_new (N_("PATH — describe a stack (file or folder)"));
  /* GLib translates the parameter string, the summary and the entries in this domain */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sc_cli_options_parse (context, &argc, &argv))
    return SC_CLI_USAGE;
  if ((paths == NULL || g_strv_length (paths) != 1) && !sample)
    return sc_cli_fail (SC_CLI_USAGE, _("info needs exactly one PATH (or --sample)"));
  if (!sc_cli_parse_count (series_arg, G_MAXUINT, &series))
    return sc_cli_fail (SC_CLI_USAGE, _("--series counts image series from 1 (e.g. --series 2)"));

  if (sample && series > 1)
    return sc_cli_fail (SC_CLI_INPUT_ERROR,
                        _("the sample stack holds one image series; there is no series %u"), series);
  if (sample)
    stack = sc_demo_stack_new ();
  else
    stack = sc_stack_open_series (paths[0], series - 1, NULL, &error);
  if (stack == NULL)
    return sc_cli_fail (SC_CLI_INPUT_ERROR, "%s", error->message);

  text = json ? format_json (stack) : format_text (stack);
  fputs (text, stdout);
  return SC_CLI_OK;
}
