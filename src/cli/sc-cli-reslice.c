/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-cli.h"
#include "sc-cli-options.h"
#include "sc-cli-project.h"
#include "sc-error.h"
#include "sc-export.h"
#include "sc-folder-list.h"
#include "sc-reslice-source.h"

typedef struct {
  char   **paths;
  char    *xz;
  char    *yz;
  char    *output;
  char    *series;
  char    *channel;
  char    *frame;
  gboolean true_aspect;
} Options;

static void
options_clear (Options *o)
{
  g_clear_pointer (&o->paths, g_strfreev);
  g_clear_pointer (&o->xz, g_free);
  g_clear_pointer (&o->yz, g_free);
  g_clear_pointer (&o->output, g_free);
  g_clear_pointer (&o->series, g_free);
  g_clear_pointer (&o->channel, g_free);
  g_clear_pointer (&o->frame, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static const char summary[] =
  N_("Writes the orthogonal plane of a stack through one row (--xz, an image X wide and Z\n"
  "high) or one column (--yz, Z wide and Y high), counted from 0 as the viewer's readout\n"
  "does, for each channel and time point: a TIFF holds them all (as a hyperstack), a PNG\n"
  "one (choose it with --channel and --frame, counted from 1).\n"
  "\n"
  "Exit status: 0 done, 1 the input could not be read or written, 2 wrong usage.");

static int
reslice_one (const char *input,
             const char *output,
             gboolean    xz,
             guint       cut,
             guint       series,
             int         channel,
             int         frame,
             gboolean    png,
             gboolean    true_aspect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(ScStack) reslice = NULL;
  g_autoptr(ScStack) result = NULL;
  g_autofree char *display = g_filename_display_name (input);
  guint n;
  gboolean ok;

  if (!sc_export_check_target (output, input, TRUE, &error)
      || !(stack = sc_stack_open_series (input, series, NULL, &error))
      || !sc_export_check_target_for_stack (output, stack, NULL, TRUE, &error))
    return sc_cli_fail (SC_CLI_INPUT_ERROR, "%s: %s", display, error->message);
  n = xz ? sc_stack_get_height (stack) : sc_stack_get_width (stack);
  if (cut >= n)
    return sc_cli_fail (SC_CLI_INPUT_ERROR,
                        xz ? _("%s: row %u is out of range: the stack has rows 0 to %u")
                           : _("%s: column %u is out of range: the stack has columns 0 to %u"),
                        display, cut, n - 1);
  if (channel >= (int) sc_stack_get_n_channels (stack) || frame >= (int) sc_stack_get_n_frames (stack))
    return sc_cli_fail (SC_CLI_INPUT_ERROR,
                        _("%s: the stack has no such channel or time point (see stackscope-cli info)"),
                        display);
  reslice = sc_reslice_source_new_stack (stack, xz ? SC_RESLICE_XZ : SC_RESLICE_YZ);
  if (!(result = sc_reslice_source_read_cut (reslice, cut, channel, frame, &error)))
    return sc_cli_fail (SC_CLI_INPUT_ERROR, "%s: %s", display, error->message);
  if (png)
    {
      ScCliProjectSettings s = { 0 };

      s.auto_range = TRUE;
      s.scale = 1;
      s.true_aspect = true_aspect;
      ok = sc_cli_write_png (result, output, &s, &error);
    }
  else
    ok = sc_export_tiff (result, output, NULL, &error);
  if (!ok)
    return sc_cli_fail (SC_CLI_INPUT_ERROR, "%s: %s", display, error->message);
  return SC_CLI_OK;
}

int
sc_cli_reslice (int    argc,
                char **argv)
{
  g_auto(Options) o = { 0 };
  /* Translators: PATH is the placeholder for the stack in "--help" */
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH — an orthogonal plane of a stack"));
  const GOptionEntry entries[] = {
    { "xz", 0, 0, G_OPTION_ARG_STRING, &o.xz, N_("The XZ plane through row Y, from 0"), "Y" },
    { "yz", 0, 0, G_OPTION_ARG_STRING, &o.yz, N_("The YZ plane through column X, from 0"), "X" },
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &o.channel, N_("Only this channel, from 1 (default each)"), "C" },
    { "frame", 't', 0, G_OPTION_ARG_STRING, &o.frame, N_("Only this time point, from 1 (default each)"), "T" },
    { "series", 's', 0, G_OPTION_ARG_STRING, &o.series,
      N_("Image series (position) of files that hold several, from 1 (default 1)"), "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, N_("Output .tif or .png"), "OUT" },
    { "true-aspect", 0, 0, G_OPTION_ARG_NONE, &o.true_aspect,
      N_("PNG: stretch to the calibrated pixel aspect (nearest neighbour)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.paths, NULL, NULL },
    { NULL }
  };
  ScImageFileKind kind;
  guint cut = 0, series = 1;
  int channel = -1, frame = -1;
  char *end;
  const char *cut_text;

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sc_cli_options_parse (context, &argc, &argv))
    return SC_CLI_USAGE;
  if (o.paths == NULL || o.paths[0] == NULL || o.paths[1] != NULL)
    return sc_cli_fail (SC_CLI_USAGE, _("reslice needs one PATH"));
  if ((o.xz == NULL) == (o.yz == NULL))
    return sc_cli_fail (SC_CLI_USAGE, _("reslice needs --xz ROW or --yz COLUMN (one of them)"));
  cut_text = o.xz != NULL ? o.xz : o.yz;
  if (!g_ascii_isdigit (cut_text[0])
      || (cut = (guint) g_ascii_strtoull (cut_text, &end, 10), *end != '\0'))
    return sc_cli_fail (SC_CLI_USAGE, _("--xz and --yz take a row or column from 0, e.g. --xz 120"));
  if (!sc_cli_parse_index (o.channel, &channel))
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--channel counts channels from 1 (leave it out for each channel)"));
  if (!sc_cli_parse_index (o.frame, &frame))
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--frame counts time points from 1 (leave it out for each time point)"));
  if (!sc_cli_parse_count (o.series, G_MAXUINT, &series))
    return sc_cli_fail (SC_CLI_USAGE, _("--series counts image series from 1 (e.g. --series 2)"));
  if (o.output == NULL || !sc_image_file_kind_from_name (o.output, &kind))
    return sc_cli_fail (SC_CLI_USAGE, _("reslice needs -o OUT, a .tif or .png file"));
  if (o.true_aspect && kind != SC_IMAGE_FILE_PNG)
    return sc_cli_fail (SC_CLI_USAGE,
                        _("--true-aspect goes with PNG output: a TIFF keeps its calibration"));
  return reslice_one (o.paths[0], o.output, o.xz != NULL, cut, series - 1, channel, frame,
                      kind == SC_IMAGE_FILE_PNG, o.true_aspect);
}
