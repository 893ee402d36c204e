/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-window-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-export.h"
#include "sc-window-private.h"

typedef enum {
  EXPORT_PNG,
  EXPORT_TIFF,
  EXPORT_PLANES,
} ExportKind;

/* Everything a worker needs, copied from the view when the export starts. */
typedef struct {
  ScWindow           *window;       /* a reference: a closed window cancels its exports */
  ExportKind          kind;
  ScStack            *stack;
  char               *path;         /* file, or folder for planes */
  char               *prefix;
  char               *protect;      /* the stack opened, never written over */
  ScRenderParams     *params;
  ScExportPngOptions  options;
  guint               c, z, t;
  guint               first, last;
  guint               total;        /* planes to write */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->stack);
  g_free (job->path);
  g_free (job->prefix);
  g_free (job->protect);
  g_free (job->params);
  g_free (job);
}

/* A name for files made from the view shown, without extension. */
static char *
view_stem (ScWindow *self)
{
  ScStack *source = _sc_window_get_source_stack (self);
  g_autofree char *name = g_strdup (source ? sc_stack_get_display_name (source) : "stack");
  static const char * const suffixes[] = { ".ome.tiff", ".ome.tif", ".tiff", ".tif", ".png", ".btf" };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]) && strlen (name) > strlen (suffixes[i]))
      {
        name[strlen (name) - strlen (suffixes[i])] = '\0';
        break;
      }

  if (self->is_result && self->current_page != NULL)
    {
      /* "MAX golgi.tif [1-25]" → "golgi_MAX_1-25" */
      g_auto(GStrv) words = g_strsplit (adw_tab_page_get_title (self->current_page), " ", -1);
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
  return g_strdup_printf ("%s_z%u", name, self->z + 1);
}

static ExportJob *
new_job (ScWindow   *self,
         ExportKind  kind)
{
  ExportJob *job = g_new0 (ExportJob, 1);
  ScStack *source = _sc_window_get_source_stack (self);

  job->window = g_object_ref (self);
  job->kind = kind;
  job->stack = g_object_ref (self->stack);
  job->protect = source && sc_stack_get_path (source) ? g_strdup (sc_stack_get_path (source)) : NULL;
  job->params = g_new (ScRenderParams, self->n_channels);
  for (guint i = 0; i < self->n_channels; i++)
    job->params[i] = self->channels[i].params;
  sc_export_png_options_init (&job->options);
  job->options.params = job->params;
  job->options.composite = self->composite;
  job->options.protect_path = job->protect;
  job->c = self->c;
  job->z = self->z;
  job->t = self->t;
  return job;
}

/* Worker */

typedef struct {
  ScWindow *window;
  guint     done;
  guint     total;
} PlanesProgress;

static void
planes_progress_free (PlanesProgress *progress)
{
  g_object_unref (progress->window);
  g_free (progress);
}

/* The window is gone once its template children are. */
static gboolean
window_alive (ScWindow *self)
{
  return self != NULL && self->export_progress != NULL;
}

static gboolean
planes_progress_cb (gpointer data)
{
  PlanesProgress *progress = data;
  ScWindow *self = progress->window;
  g_autofree char *text = NULL;

  if (!window_alive (self))
    return G_SOURCE_REMOVE;
  text = g_strdup_printf (_("Plane %u of %u"), progress->done, progress->total);
  gtk_progress_bar_set_fraction (self->export_progress, (double) progress->done / progress->total);
  gtk_progress_bar_set_text (self->export_progress, text);
  return G_SOURCE_REMOVE;
}

static void
planes_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  ExportJob *job = user_data;
  PlanesProgress *progress = g_new (PlanesProgress, 1);

  progress->window = g_object_ref (job->window);
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

  switch (job->kind)
    {
    case EXPORT_PNG:
      ok = sc_export_png (job->stack, job->c, job->z, job->t, &job->options, job->path,
                          cancellable, &error);
      break;
    case EXPORT_TIFF:
      ok = sc_export_check_target (job->path, job->protect, TRUE, &error) &&
           sc_export_tiff (job->stack, job->path, cancellable, &error);
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
  ScWindow *self = job->window;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_uri = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = NULL;
  AdwToast *toast;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (window_alive (self))
        {
          gtk_widget_set_visible (self->export_box, FALSE);
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            _sc_window_show_toast (self, error->message);
          else if (job->kind == EXPORT_PLANES)
            _sc_window_show_toast (self, _("Export stopped; the planes written so far stay"));
        }
      return;
    }
  if (!window_alive (self))
    return;
  gtk_widget_set_visible (self->export_box, FALSE);

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

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("Open Folder"));
  adw_toast_set_action_name (toast, "win.show-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (folder_uri));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
run_export (ScWindow  *self,
            ExportJob *job)
{
  g_autoptr(GTask) task = NULL;

  if (self->export_cancellable == NULL || g_cancellable_is_cancelled (self->export_cancellable))
    {
      g_clear_object (&self->export_cancellable);
      self->export_cancellable = g_cancellable_new ();
    }
  if (job->kind == EXPORT_PLANES)
    {
      gtk_progress_bar_set_fraction (self->export_progress, 0);
      gtk_progress_bar_set_text (self->export_progress, _("Exporting planes…"));
      gtk_widget_set_visible (self->export_box, TRUE);
    }

  task = g_task_new (NULL, self->export_cancellable, export_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* Dialogs */

static void
png_chooser_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         ExportJob       *job)
{
  ScWindow *self = job->window;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

      job->path = file ? g_file_get_path (file) : NULL;
      if (job->path == NULL)
        {
          _sc_window_show_toast (self, _("Only local files can be written"));
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

              job->options.mode = g_strcmp0 (format, "raw16") == 0 ? SC_EXPORT_PNG_RAW16
                                                                   : SC_EXPORT_PNG_RENDERED;
              job->options.color_bar = g_strcmp0 (color_bar, "true") == 0;
              job->options.scale_bar = g_strcmp0 (scale_bar, "true") == 0;
            }
          /* the dialog asked before replacing an existing file */
          job->options.overwrite = TRUE;
          run_export (self, job);
        }
    }
  else
    export_job_free (job);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static GtkFileChooserNative *
new_save_chooser (ScWindow   *self,
                  const char *title,
                  const char *name)
{
  GtkFileChooserNative *chooser;
  g_autofree char *last = g_settings_get_string (self->settings, "last-folder");
  ScStack *source = _sc_window_get_source_stack (self);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  /* beside the stack, where a biologist looks for its results */
  if (source != NULL && sc_stack_get_path (source) != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (sc_stack_get_path (source));
      g_autoptr(GFile) dir = g_file_get_parent (file);

      if (g_file_query_file_type (file, 0, NULL) == G_FILE_TYPE_DIRECTORY)
        g_set_object (&dir, file);
      if (dir != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }
  else if (last != NULL && *last && g_file_test (last, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (last);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }
  return chooser;
}

void
_sc_window_export_png (ScWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  ExportJob *job;
  const char *format_ids[] = { "rendered", "raw16", NULL };
  const char *format_labels[] = { _("8-bit RGB as shown (colormap and display range)"),
                                  _("16-bit gray values"), NULL };

  if (self->stack == NULL)
    return;

  stem = view_stem (self);
  name = g_strdup_printf ("%s.png", stem);
  job = new_job (self, EXPORT_PNG);
  chooser = new_save_chooser (self, _("Export as PNG"), name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Pixels"),
                               format_ids, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "rendered");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "color-bar", _("Color bar"), NULL, NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "scale-bar", _("Scale bar"), NULL, NULL);

  g_signal_connect (chooser, "response", G_CALLBACK (png_chooser_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_sc_window_export_tiff (ScWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  ExportJob *job;

  if (self->stack == NULL)
    return;

  stem = view_stem (self);
  if (!self->is_result)
    {
      /* the whole stack, not the plane shown */
      char *z = g_strrstr (stem, "_z");
      if (z)
        *z = '\0';
      name = g_strdup_printf ("%s_copy.tif", stem);
    }
  else
    name = g_strdup_printf ("%s.tif", stem);
  job = new_job (self, EXPORT_TIFF);
  chooser = new_save_chooser (self, _("Export as TIFF"), name);
  g_signal_connect (chooser, "response", G_CALLBACK (png_chooser_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
replace_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ExportJob        *job)
{
  if (g_str_equal (response, "replace") && window_alive (job->window))
    {
      job->options.overwrite = TRUE;
      run_export (job->window, job);
    }
  else
    export_job_free (job);
}

static void
planes_chooser_response_cb (GtkNativeDialog *dialog,
                            int              response,
                            ExportJob       *job)
{
  ScWindow *self = job->window;
  g_autoptr(GFile) folder = NULL;
  g_auto(GStrv) existing = NULL;

  if (response != GTK_RESPONSE_ACCEPT ||
      !(folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) ||
      !(job->path = g_file_get_path (folder)))
    {
      export_job_free (job);
      goto out;
    }

  if (g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "planes"), "all") == 0)
    {
      job->first = 0;
      job->last = sc_stack_get_n_slices (job->stack) - 1;
    }

  existing = sc_export_planes_existing (job->path, job->prefix, job->first, job->last,
                                        sc_stack_get_n_slices (job->stack));
  if (existing[0] != NULL)
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
      ask = adw_message_dialog_new (GTK_WINDOW (self), _("Replace Existing Files?"), body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (ask), "cancel", _("_Cancel"),
                                        "replace", _("_Replace"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "replace",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (ask), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (ask), "cancel");
      g_signal_connect (ask, "response", G_CALLBACK (replace_response_cb), job);
      gtk_window_present (GTK_WINDOW (ask));
    }
  else
    run_export (self, job);

out:
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
_sc_window_export_planes (ScWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *stem = NULL;
  g_autofree char *range = NULL;
  ExportJob *job;
  ScStack *source = _sc_window_get_source_stack (self);
  const char *ids[] = { "all", "range", NULL };
  const char *labels[] = { _("All planes"), NULL, NULL };
  char *z;

  if (self->stack == NULL || self->is_result || source == NULL)
    return;

  job = new_job (self, EXPORT_PLANES);
  sc_projection_panel_get_range (self->projection_panel, &job->first, &job->last);
  stem = view_stem (self);
  if ((z = g_strrstr (stem, "_z")))
    *z = '\0';
  job->prefix = g_steal_pointer (&stem);

  chooser = gtk_file_chooser_native_new (_("Export Planes as PNG into a Folder"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  range = g_strdup_printf (_("Planes %u to %u (the projection range)"), job->first + 1, job->last + 1);
  labels[1] = range;
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "planes", _("Planes"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "planes", "all");
  if (sc_stack_get_path (source) != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (sc_stack_get_path (source));
      g_autoptr(GFile) dir = g_file_get_parent (file);

      if (dir != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (planes_chooser_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_sc_window_export_dispose (ScWindow *self)
{
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
}
