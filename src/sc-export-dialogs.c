/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-export-dialogs"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sc-export-dialogs.h"
#include "sc-export.h"
#include "sc-parallel.h"
#include "sc-reslice-source.h"

struct _ScExportDialogs
{
  GObject       parent_instance;

  GtkWindow    *parent;        /* weak */
  GSettings    *settings;
  GCancellable *cancellable;
  gboolean      running;
  double        fraction;
  char         *text;
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_FRACTION,
  PROP_TEXT,
  N_PROPS
};

enum {
  MESSAGE,
  EXPORTED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ScExportDialogs, sc_export_dialogs, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum {
  EXPORT_PNG,
  EXPORT_TIFF,
  EXPORT_PLANES,
  EXPORT_PANE_TIFF,   /* the XZ or YZ plane an orthogonal pane shows, its data */
} ExportKind;

/* Everything a worker needs, copied from the view when the export starts. */
typedef struct {
  ScExportDialogs    *dialogs;
  ExportKind          kind;
  ScStack            *stack;
  GWeakRef            page;         /* the page exported: written, its result is saved */
  char               *path;         /* file, or folder for planes */
  char               *prefix;
  char               *protect;      /* the stack opened, never written over */
  ScRenderParams     *params;
  ScViewSnapshot     *view;         /* what the page shows, for a PNG of it */
  ScExportPngOptions  options;
  guint               c, z, t;
  guint               first, last;
  guint               total;        /* planes to write */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->dialogs);
  g_clear_object (&job->stack);
  g_weak_ref_clear (&job->page);
  g_free (job->path);
  g_free (job->prefix);
  g_free (job->protect);
  g_free (job->params);
  g_clear_pointer (&job->view, sc_view_snapshot_unref);
  g_free (job);
}

static void
set_progress (ScExportDialogs *self,
              gboolean         running,
              double           fraction,
              const char      *text)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->running != running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (g_strcmp0 (self->text, text) != 0)
    {
      g_free (self->text);
      self->text = g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* A name for files made from the view shown, without extension. */
static char *
view_stem (ScPage *page,
           ScPage *source)
{
  ScStack *stack = sc_page_get_stack (source ? source : page);
  g_autofree char *name = g_strdup (stack ? sc_stack_get_display_name (stack) : "stack");
  static const char * const suffixes[] = { ".ome.tiff", ".ome.tif", ".tiff", ".tif", ".png", ".btf" };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]) && strlen (name) > strlen (suffixes[i]))
      {
        name[strlen (name) - strlen (suffixes[i])] = '\0';
        break;
      }

  if (sc_page_get_is_result (page))
    {
      /* "MAX golgi.tif [1-25]" → "golgi_MAX_1-25" */
      g_auto(GStrv) words = g_strsplit (sc_page_get_title (page), " ", -1);
      GString *s = g_string_new (name);

      for (guint i = 0; words[i]; i++)
        if (i == 0 || words[i][0] == '[' || (i > 1 && words[i][0] != '\0'))
          {
            g_autofree char *w = g_strdelimit (g_strdup (words[i]), "[]/", ' ');
            g_strstrip (w);
            if (*w)
              g_string_append_printf (s, "_%s", w);
          }
      return g_string_free (s, FALSE);
    }
  return g_strdup_printf ("%s_z%u", name, sc_view_state_get_slice (sc_page_get_view_state (page)) + 1);
}

/* A job of what vs shows (the page's view, or one of its orthogonal panes). */
static ExportJob *
new_view_job (ScExportDialogs *self,
              ExportKind       kind,
              ScPage          *page,
              ScPage          *source,
              ScViewState     *vs)
{
  ExportJob *job = g_new0 (ExportJob, 1);
  ScStack *opened = source ? sc_page_get_stack (source) : NULL;
  guint n = sc_view_state_get_n_channels (vs);

  job->dialogs = g_object_ref (self);
  job->kind = kind;
  job->stack = g_object_ref (sc_view_state_get_stack (vs));
  g_weak_ref_init (&job->page, page);
  job->protect = opened && sc_stack_get_path (opened) ? g_strdup (sc_stack_get_path (opened)) : NULL;
  job->params = g_new (ScRenderParams, n);
  for (guint i = 0; i < n; i++)
    job->params[i] = *sc_view_state_get_params (vs, i);
  sc_export_png_options_init (&job->options);
  job->options.params = job->params;
  job->options.composite = sc_view_state_get_composite (vs);
  job->options.protect_path = job->protect;
  job->view = sc_view_state_snapshot (vs);
  job->c = sc_view_state_get_channel (vs);
  job->z = sc_view_state_get_slice (vs);
  job->t = sc_view_state_get_frame (vs);
  return job;
}

static ExportJob *
new_job (ScExportDialogs *self,
         ExportKind       kind,
         ScPage          *page,
         ScPage          *source)
{
  return new_view_job (self, kind, page, source, sc_page_get_view_state (page));
}

/* Worker */

typedef struct {
  ScExportDialogs *dialogs;
  guint            done;
  guint            total;
} PlanesProgress;

static void
planes_progress_free (PlanesProgress *progress)
{
  g_object_unref (progress->dialogs);
  g_free (progress);
}

static gboolean
planes_progress_cb (gpointer data)
{
  PlanesProgress *progress = data;
  g_autofree char *text = g_strdup_printf (_("Plane %u of %u"), progress->done, progress->total);

  if (progress->dialogs->running)
    set_progress (progress->dialogs, TRUE, (double) progress->done / progress->total, text);
  return G_SOURCE_REMOVE;
}

static void
planes_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  ExportJob *job = user_data;
  PlanesProgress *progress = g_new (PlanesProgress, 1);

  progress->dialogs = g_object_ref (job->dialogs);
  progress->done = done;
  progress->total = total;
  g_idle_add_full (G_PRIORITY_DEFAULT, planes_progress_cb, progress,
                   (GDestroyNotify) planes_progress_free);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  sc_parallel_lower_thread ();
  switch (job->kind)
    {
    case EXPORT_PNG:
      ok = sc_export_png_view (job->view, &job->options, job->path, cancellable, &error);
      break;
    case EXPORT_TIFF:
      ok = sc_export_check_target (job->path, job->protect, TRUE, &error) &&
           sc_export_tiff (job->stack, job->path, cancellable, &error);
      break;
    case EXPORT_PANE_TIFF:
      {
        /* the pane's row or column (its slice) of every channel, in the frame shown */
        g_autoptr(ScStack) cut = NULL;

        ok = sc_export_check_target (job->path, job->protect, TRUE, &error)
             && (cut = sc_reslice_source_read_cut (job->stack, job->z, -1, job->t, &error))
             && sc_export_tiff (cut, job->path, cancellable, &error);
      }
      break;
    case EXPORT_PLANES:
      job->total = job->last - job->first + 1;
      ok = sc_export_planes_png (job->stack, job->c, job->t, job->first, job->last, &job->options,
                                 job->path, job->prefix, planes_progress, job, cancellable, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  ScExportDialogs *self = job->dialogs;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_uri = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;

  set_progress (self, FALSE, 0, NULL);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[MESSAGE], 0, error->message);
      else if (job->kind == EXPORT_PLANES)
        g_signal_emit (self, signals[MESSAGE], 0, _("Export stopped; the planes written so far stay"));
      return;
    }

  if (job->kind != EXPORT_PLANES)
    {
      /* the result is in a file now: closing its tab loses nothing */
      g_autoptr(ScPage) page = g_weak_ref_get (&job->page);

      if (page != NULL)
        sc_page_set_saved (page);
    }
  file = g_file_new_for_path (job->path);
  if (job->kind == EXPORT_PLANES)
    {
      folder = g_object_ref (file);
      name = g_file_get_parse_name (folder);
      message = g_strdup_printf (ngettext ("%u plane exported to %s", "%u planes exported to %s",
                                           job->total), job->total, name);
    }
  else
    {
      folder = g_file_get_parent (file);
      name = g_file_get_parse_name (file);
      message = g_strdup_printf (_("Exported to %s"), name);
    }
  folder_uri = g_file_get_uri (folder);
  {
    g_autofree char *folder_path = g_file_get_path (folder);

    if (folder_path != NULL)
      g_settings_set_string (self->settings, "last-export-folder", folder_path);
  }
  g_signal_emit (self, signals[EXPORTED], 0, message, folder_uri);
}

static void
run_export (ScExportDialogs *self,
            ExportJob       *job)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  if (job->kind == EXPORT_PLANES)
    set_progress (self, TRUE, 0, _("Exporting planes…"));

  task = g_task_new (NULL, self->cancellable, export_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* Dialogs */

/* The folder proposed: the last export's, else the stack's when writable, else Pictures
 * (sc_export_choose_folder()). */
static void
propose_folder (ScExportDialogs      *self,
                GtkFileChooserNative *chooser,
                ScStack              *opened)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-export-folder");
  g_autofree char *path = NULL;

  path = sc_export_choose_folder (last, opened ? sc_stack_get_path (opened) : NULL,
                                  g_get_user_special_dir (G_USER_DIRECTORY_PICTURES),
                                  g_get_home_dir ());
  if (path != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (path);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }
}

static GtkFileChooserNative *
new_save_chooser (ScExportDialogs *self,
                  ScPage          *source,
                  const char      *title,
                  const char      *name)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, self->parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  propose_folder (self, chooser, source ? sc_page_get_stack (source) : NULL);
  return chooser;
}

/* "Size": each data pixel as 1 to 4 pixels of the file along each side, with the size
 * that gives for a w x h plane. 1x comes first, for GTK 4.8's dialog shows the first item
 * whatever gtk_file_chooser_set_choice() asks (so no choice is remembered). */
static void
add_scale_choice (GtkFileChooser *chooser,
                  guint           w,
                  guint           h)
{
  char ids[SC_EXPORT_PNG_MAX_SCALE][4];
  const char *id_list[SC_EXPORT_PNG_MAX_SCALE + 1] = { NULL };
  char *labels[SC_EXPORT_PNG_MAX_SCALE + 1] = { NULL };

  for (guint f = 1; f <= SC_EXPORT_PNG_MAX_SCALE; f++)
    {
      g_snprintf (ids[f - 1], sizeof ids[f - 1], "%u", f);
      id_list[f - 1] = ids[f - 1];
      /* Translators: the size of an exported PNG, e.g. "2× (294 × 274 pixels)" */
      labels[f - 1] = g_strdup_printf (_("%u× (%u × %u pixels)"), f, w * f, h * f);
    }
  gtk_file_chooser_add_choice (chooser, "scale", _("Size"), id_list, (const char **) labels);
  gtk_file_chooser_set_choice (chooser, "scale", ids[0]);
  for (guint i = 0; i < SC_EXPORT_PNG_MAX_SCALE; i++)
    g_free (labels[i]);
}

static void
read_scale_choice (ExportJob      *job,
                   GtkFileChooser *chooser)
{
  const char *scale = gtk_file_chooser_get_choice (chooser, "scale");
  guint64 f = 1;

  if (scale == NULL
      || !g_ascii_string_to_unsigned (scale, 10, 1, SC_EXPORT_PNG_MAX_SCALE, &f, NULL))
    f = 1;
  job->options.scale = (guint) f;
}

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          ExportJob       *job)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

      job->path = file ? g_file_get_path (file) : NULL;
      if (job->path == NULL)
        {
          g_signal_emit (job->dialogs, signals[MESSAGE], 0, _("Only local files can be written"));
          export_job_free (job);
        }
      else
        {
          /* only the PNG dialog has choices; asking the TIFF one makes GTK warn */
          if (job->kind == EXPORT_PNG)
            {
              const char *format = gtk_file_chooser_get_choice (chooser, "format");
              const char *color_bar = gtk_file_chooser_get_choice (chooser, "color-bar");
              const char *scale_bar = gtk_file_chooser_get_choice (chooser, "scale-bar");

              read_scale_choice (job, chooser);
              job->options.mode = g_strcmp0 (format, "raw16") == 0 ? SC_EXPORT_PNG_RAW16
                                                                   : SC_EXPORT_PNG_RENDERED;
              job->options.color_bar = g_strcmp0 (color_bar, "true") == 0;
              job->options.scale_bar = g_strcmp0 (scale_bar, "true") == 0;
            }
          /* the dialog asked before replacing an existing file */
          job->options.overwrite = TRUE;
          run_export (job->dialogs, job);
        }
    }
  else
    export_job_free (job);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_view_png (ScExportDialogs *self,
                 ScPage          *page,
                 ScPage          *source,
                 ScViewState     *vs,
                 const char      *stem)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  ScStack *stack = sc_view_state_get_stack (vs);
  const char *format_ids[] = { "rendered", "raw16", NULL };
  const char *format_labels[] = { _("8-bit RGB as shown (colormap and display range)"),
                                  _("16-bit gray values"), NULL };

  name = g_strdup_printf ("%s.png", stem);
  chooser = new_save_chooser (self, source, _("Export as PNG"), name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Pixels"),
                               format_ids, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "rendered");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "color-bar", _("Color bar"), NULL, NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "scale-bar", _("Scale bar"), NULL, NULL);
  add_scale_choice (GTK_FILE_CHOOSER (chooser), sc_stack_get_width (stack),
                    sc_stack_get_height (stack));

  g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb),
                    new_view_job (self, EXPORT_PNG, page, source, vs));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
sc_export_dialogs_export_png (ScExportDialogs *self,
                              ScPage          *page,
                              ScPage          *source)
{
  g_autofree char *stem = NULL;

  g_return_if_fail (SC_IS_EXPORT_DIALOGS (self));
  g_return_if_fail (SC_IS_PAGE (page) && sc_page_get_stack (page) != NULL);

  stem = view_stem (page, source);
  export_view_png (self, page, source, sc_page_get_view_state (page), stem);
}

/* "golgi_XZ_y128": the pane, and the row or column it shows (from 1, as the z in the
 * plane's names). */
/* "golgi_XZ_y70", the name of files of a pane's plane (rows and columns from 1 here, as
 * the planes' "_z17" counts slices). */
static char *
pane_stem (ScPage        *page,
           ScPage        *source,
           ScResliceAxis  axis,
           ScViewState   *vs)
{
  g_autofree char *stem = view_stem (page, source);

  /* the plane's "_z17" is the slice the pane does not show */
  if (!sc_page_get_is_result (page) && strrchr (stem, '_') != NULL)
    *strrchr (stem, '_') = '\0';
  return g_strdup_printf ("%s_%s%u", stem, axis == SC_RESLICE_XZ ? "XZ_y" : "YZ_x",
                          sc_view_state_get_slice (vs) + 1);
}

void
sc_export_dialogs_export_pane_png (ScExportDialogs *self,
                                   ScPage          *page,
                                   ScPage          *source,
                                   ScResliceAxis    axis)
{
  ScViewState *vs;
  g_autofree char *name = NULL;

  g_return_if_fail (SC_IS_EXPORT_DIALOGS (self));
  g_return_if_fail (SC_IS_PAGE (page));

  vs = sc_page_get_ortho_view_state (page, axis);
  if (vs == NULL)
    return;
  name = pane_stem (page, source, axis, vs);
  export_view_png (self, page, source, vs, name);
}

void
sc_export_dialogs_export_pane_tiff (ScExportDialogs *self,
                                    ScPage          *page,
                                    ScPage          *source,
                                    ScResliceAxis    axis)
{
  GtkFileChooserNative *chooser;
  ScViewState *vs;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (SC_IS_EXPORT_DIALOGS (self));
  g_return_if_fail (SC_IS_PAGE (page));

  vs = sc_page_get_ortho_view_state (page, axis);
  if (vs == NULL)
    return;
  stem = pane_stem (page, source, axis, vs);
  name = g_strdup_printf ("%s.tif", stem);
  chooser = new_save_chooser (self, source, _("Export as TIFF"), name);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb),
                    new_view_job (self, EXPORT_PANE_TIFF, page, source, vs));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
sc_export_dialogs_export_tiff (ScExportDialogs *self,
                               ScPage          *page,
                               ScPage          *source)
{
  GtkFileChooserNative *chooser;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (SC_IS_EXPORT_DIALOGS (self));
  g_return_if_fail (SC_IS_PAGE (page) && sc_page_get_stack (page) != NULL);

  stem = view_stem (page, source);
  if (!sc_page_get_is_result (page))
    {
      /* the whole stack, not the plane shown */
      char *z = g_strrstr (stem, "_z");
      if (z)
        *z = '\0';
      name = g_strdup_printf ("%s_copy.tif", stem);
    }
  else
    name = g_strdup_printf ("%s.tif", stem);
  chooser = new_save_chooser (self, source, _("Export as TIFF"), name);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chooser_response_cb),
                    new_job (self, EXPORT_TIFF, page, source));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
replace_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ExportJob        *job)
{
  if (g_str_equal (response, "replace"))
    {
      job->options.overwrite = TRUE;
      run_export (job->dialogs, job);
    }
  else
    export_job_free (job);
}

static void
ask_replace (ScExportDialogs *self,
             ExportJob       *job,
             GStrv            existing)
{
  guint n = g_strv_length (existing);
  g_autofree char *body = NULL;
  GtkWidget *ask;

  if (n == 1)
    body = g_strdup_printf (_("%s is there already and would be replaced."), existing[0]);
  else
    body = g_strdup_printf (ngettext ("%u file such as %s is there already and would be replaced.",
                                      "%u files such as %s are there already and would be replaced.",
                                      n), n, existing[0]);
  ask = adw_message_dialog_new (self->parent, _("Replace Existing Files?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (ask), "cancel", _("_Cancel"),
                                    "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  g_signal_connect (ask, "response", G_CALLBACK (replace_response_cb), job);
  gtk_window_present (GTK_WINDOW (ask));
}

static void
planes_chooser_response_cb (GtkNativeDialog *dialog,
                            int              response,
                            ExportJob       *job)
{
  g_autoptr(GFile) folder = NULL;
  g_auto(GStrv) existing = NULL;

  if (response != GTK_RESPONSE_ACCEPT ||
      !(folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) ||
      !(job->path = g_file_get_path (folder)))
    {
      export_job_free (job);
      goto out;
    }

  read_scale_choice (job, GTK_FILE_CHOOSER (dialog));
  if (g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "planes"), "all") == 0)
    {
      job->first = 0;
      job->last = sc_stack_get_n_slices (job->stack) - 1;
    }

  existing = sc_export_planes_existing (job->path, job->prefix, job->first, job->last,
                                        sc_stack_get_n_slices (job->stack));
  if (existing[0] != NULL && job->dialogs->parent != NULL)
    ask_replace (job->dialogs, job, existing);
  else if (existing[0] != NULL)
    export_job_free (job);
  else
    run_export (job->dialogs, job);

out:
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
sc_export_dialogs_export_planes (ScExportDialogs *self,
                                 ScPage          *page,
                                 guint            first,
                                 guint            last)
{
  GtkFileChooserNative *chooser;
  g_autofree char *stem = NULL;
  g_autofree char *range = NULL;
  ExportJob *job;
  ScStack *stack;
  const char *ids[] = { "all", "range", NULL };
  const char *labels[] = { _("All planes"), NULL, NULL };
  char *z;

  g_return_if_fail (SC_IS_EXPORT_DIALOGS (self));
  g_return_if_fail (SC_IS_PAGE (page) && sc_page_get_stack (page) != NULL);

  stack = sc_page_get_stack (page);
  job = new_job (self, EXPORT_PLANES, page, page);
  job->first = first;
  job->last = last;
  stem = view_stem (page, page);
  if ((z = g_strrstr (stem, "_z")))
    *z = '\0';
  job->prefix = g_steal_pointer (&stem);

  chooser = gtk_file_chooser_native_new (_("Export Planes as PNG into a Folder"), self->parent,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  range = g_strdup_printf (_("Planes %u to %u (the projection range)"), first + 1, last + 1);
  labels[1] = range;
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "planes", _("Planes"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "planes", "all");
  add_scale_choice (GTK_FILE_CHOOSER (chooser), sc_stack_get_width (stack),
                    sc_stack_get_height (stack));
  propose_folder (self, chooser, stack);
  g_signal_connect (chooser, "response", G_CALLBACK (planes_chooser_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
sc_export_dialogs_cancel (ScExportDialogs *self)
{
  g_return_if_fail (SC_IS_EXPORT_DIALOGS (self));

  g_cancellable_cancel (self->cancellable);
}

/* GObject */

static void
sc_export_dialogs_dispose (GObject *object)
{
  ScExportDialogs *self = SC_EXPORT_DIALOGS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (sc_export_dialogs_parent_class)->dispose (object);
}

static void
sc_export_dialogs_finalize (GObject *object)
{
  ScExportDialogs *self = SC_EXPORT_DIALOGS (object);

  g_clear_object (&self->settings);
  g_free (self->text);

  G_OBJECT_CLASS (sc_export_dialogs_parent_class)->finalize (object);
}

static void
sc_export_dialogs_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScExportDialogs *self = SC_EXPORT_DIALOGS (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_export_dialogs_class_init (ScExportDialogsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sc_export_dialogs_dispose;
  object_class->finalize = sc_export_dialogs_finalize;
  object_class->get_property = sc_export_dialogs_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
sc_export_dialogs_init (ScExportDialogs *self)
{
  self->settings = g_settings_new (APP_ID);
}

ScExportDialogs *
sc_export_dialogs_new (GtkWindow *parent)
{
  ScExportDialogs *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (SC_TYPE_EXPORT_DIALOGS, NULL);
  g_set_weak_pointer (&self->parent, parent);
  return self;
}
