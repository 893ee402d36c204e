/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-window-actions"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-window-private.h"

#define MAX_RECENT 8

static const char * const stack_actions[] = {
  "win.info", "win.zoom-in", "win.zoom-out", "win.zoom-fit", "win.zoom-1-1",
  "win.next-plane", "win.previous-plane", "win.first-plane", "win.last-plane",
  "win.next-frame", "win.previous-frame", "win.next-channel", "win.play",
  "win.auto-contrast", "win.reset-range", "win.toggle-log",
};

/* Opening */

static void
remember_folder (ScWindow *self,
                 GFile    *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = parent ? g_file_get_path (parent) : NULL;

  if (path)
    g_settings_set_string (self->settings, "last-folder", path);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     ScWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        {
          remember_folder (self, file);
          sc_window_open_file (self, file);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
show_chooser (ScWindow *self,
              gboolean  folder)
{
  GtkFileChooserNative *chooser;
  g_autofree char *last = g_settings_get_string (self->settings, "last-folder");

  chooser = gtk_file_chooser_native_new (folder ? _("Open a Folder of Images") : _("Open a Stack"),
                                         GTK_WINDOW (self),
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  if (!folder)
    {
      g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (images, _("TIFF and PNG Images"));
      gtk_file_filter_add_mime_type (images, "image/tiff");
      gtk_file_filter_add_mime_type (images, "image/png");
      gtk_file_filter_add_suffix (images, "tif");
      gtk_file_filter_add_suffix (images, "tiff");
      gtk_file_filter_add_suffix (images, "btf");
      gtk_file_filter_add_suffix (images, "png");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }

  if (last != NULL && *last != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (last);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }

  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  show_chooser (SC_WINDOW (widget), FALSE);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  show_chooser (SC_WINDOW (widget), TRUE);
}

static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  sc_window_open_sample (SC_WINDOW (widget));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  sc_window_open_file (SC_WINDOW (widget), file);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified (*(GtkRecentInfo * const *) a);
  GDateTime *tb = gtk_recent_info_get_modified (*(GtkRecentInfo * const *) b);

  return g_date_time_compare (tb, ta);
}

void
_sc_window_update_recent (ScWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  GList *items = gtk_recent_manager_get_items (manager);
  const char *app_name = g_get_application_name ();

  if (self->recent_submenu == NULL)
    {
      g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
      return;
    }

  for (GList *l = items; l; l = l->next)
    if (app_name && gtk_recent_info_has_application (l->data, app_name) &&
        gtk_recent_info_is_local (l->data) && gtk_recent_info_exists (l->data))
      g_ptr_array_add (mine, l->data);
  g_ptr_array_sort (mine, compare_recent);

  g_menu_remove_all (self->recent_submenu);
  for (guint i = 0; i < mine->len && i < MAX_RECENT; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (mine, i);
      g_autoptr(GString) label = g_string_new (gtk_recent_info_get_display_name (info));
      g_autoptr(GMenuItem) item = NULL;

      g_string_replace (label, "_", "__", 0);
      item = g_menu_item_new (label->str, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_submenu, item);
    }
  if (mine->len == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Stacks"), "win.no-recent");
      g_menu_append_item (self->recent_submenu, item);
    }

  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* Information */

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value && *value ? value : "—");
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}

void
_sc_window_show_info (ScWindow *self)
{
  ScStack *stack = self->stack;
  const ScCalibration *cal;
  AdwPreferencesWindow *window;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  g_autofree char *size = NULL;
  g_autofree char *dims = NULL;
  g_autofree char *type = NULL;
  g_autofree char *voxel = NULL;
  g_autofree char *first = NULL;

  if (stack == NULL)
    return;

  cal = sc_stack_get_calibration (stack);
  window = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  gtk_window_set_title (GTK_WINDOW (window), _("Stack Information"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  adw_preferences_window_set_search_enabled (window, FALSE);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("Stack"));
  adw_preferences_page_set_icon_name (page, "image-x-generic-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, sc_stack_get_display_name (stack));
  add_row (group, _("Format"), sc_stack_get_format (stack));
  add_row (group, _("Location"), sc_stack_get_path (stack));
  size = g_strdup_printf ("%u × %u", sc_stack_get_width (stack), sc_stack_get_height (stack));
  add_row (group, _("Width × height"), size);
  /* Translators: channels, slices and frames of a stack, then its number of planes */
  dims = g_strdup_printf (_("C %u × Z %u × T %u (%u planes)"),
                          sc_stack_get_n_channels (stack), sc_stack_get_n_slices (stack),
                          sc_stack_get_n_frames (stack), sc_stack_get_n_planes (stack));
  add_row (group, _("Dimensions"), dims);
  type = g_strdup_printf ("%s × %u", sc_sample_type_to_string (sc_stack_get_sample_type (stack)),
                          sc_stack_get_samples_per_pixel (stack));
  add_row (group, _("Sample type"), type);
  if (cal->unit && cal->pixel_width > 0)
    voxel = g_strdup_printf ("%g × %g × %g %s", cal->pixel_width, cal->pixel_height,
                             cal->pixel_depth, cal->unit);
  add_row (group, _("Voxel size"), voxel ? voxel : _("Not calibrated"));
  if (cal->frame_interval > 0)
    {
      g_autofree char *interval = g_strdup_printf ("%g %s", cal->frame_interval,
                                                   cal->time_unit ? cal->time_unit : "s");
      add_row (group, _("Frame interval"), interval);
    }
  first = sc_stack_describe_plane (stack, 0);
  add_row (group, _("First plane"), first);
  adw_preferences_page_add (page, group);

  if (sc_stack_get_n_metadata (stack) > 0)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _("Metadata"));
      for (guint i = 0; i < sc_stack_get_n_metadata (stack); i++)
        {
          const char *key, *value;
          g_autofree char *shown = NULL;

          sc_stack_get_metadata (stack, i, &key, &value);
          /* very long fields (OME-XML) would swamp the list */
          shown = value && strlen (value) > 2000 ? g_strndup (value, 2000) : g_strdup (value);
          add_row (group, key, shown);
        }
      adw_preferences_page_add (page, group);
    }

  adw_preferences_window_add (window, page);
  gtk_window_present (GTK_WINDOW (window));
}

static void
info_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _sc_window_show_info (SC_WINDOW (widget));
}

/* View and navigation */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    sc_plane_view_zoom_in (self->plane_view);
  else if (g_str_equal (action_name, "win.zoom-out"))
    sc_plane_view_zoom_out (self->plane_view);
  else if (g_str_equal (action_name, "win.zoom-fit"))
    sc_plane_view_zoom_to_fit (self->plane_view);
  else
    sc_plane_view_set_zoom (self->plane_view, 1.0);
}

static void
navigate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  guint nc, nz, nt;
  guint c, z, t;

  if (self->stack == NULL)
    return;

  nc = sc_stack_get_n_channels (self->stack);
  nz = sc_stack_get_n_slices (self->stack);
  nt = sc_stack_get_n_frames (self->stack);
  c = self->c;
  z = self->z;
  t = self->t;

  if (g_str_equal (action_name, "win.next-plane"))
    {
      /* a plain time series steps through time with the same keys */
      if (nz == 1 && nt > 1)
        t = MIN (t + 1, nt - 1);
      else
        z = MIN (z + 1, nz - 1);
    }
  else if (g_str_equal (action_name, "win.previous-plane"))
    {
      if (nz == 1 && nt > 1)
        t = t > 0 ? t - 1 : 0;
      else
        z = z > 0 ? z - 1 : 0;
    }
  else if (g_str_equal (action_name, "win.first-plane"))
    z = 0;
  else if (g_str_equal (action_name, "win.last-plane"))
    z = nz - 1;
  else if (g_str_equal (action_name, "win.next-frame"))
    t = MIN (t + 1, nt - 1);
  else if (g_str_equal (action_name, "win.previous-frame"))
    t = t > 0 ? t - 1 : 0;
  else if (g_str_equal (action_name, "win.next-channel"))
    c = (c + 1) % nc;

  _sc_window_set_plane (self, c, z, t);
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _sc_window_toggle_play (SC_WINDOW (widget));
}

static void
auto_contrast_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  _sc_window_auto_contrast (SC_WINDOW (widget));
}

static void
reset_range_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _sc_window_reset_range (SC_WINDOW (widget));
}

static void
toggle_log_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  _sc_window_toggle_log (SC_WINDOW (widget));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  gtk_toggle_button_set_active (self->sidebar_button,
                                !gtk_toggle_button_get_active (self->sidebar_button));
}

/* Projections and exports */

static void
project_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  _sc_window_project (SC_WINDOW (widget));
}

static void
cancel_projection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  _sc_window_projection_cancel (SC_WINDOW (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (g_str_equal (action_name, "win.export-png"))
    _sc_window_export_png (self);
  else if (g_str_equal (action_name, "win.export-tiff"))
    _sc_window_export_tiff (self);
  else
    _sc_window_export_planes (self);
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  g_cancellable_cancel (self->export_cancellable);
}

static void
show_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

/* The shortcuts window is made when asked for and goes when closed. GtkApplication would
 * otherwise build one per window at start (from gtk/help-overlay.ui) and keep it hidden,
 * and GTK 4.8's AT-SPI root hands a hidden toplevel, which has no accessible path, to a
 * screen reader that asks for a window index that has just gone: the viewer crashed on
 * that when a dialog closed. So the viewer keeps no hidden window. */
static void
shortcuts_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/stackscope/Stackscope/sc-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_transient_for (window, GTK_WINDOW (widget));
  gtk_window_set_hide_on_close (window, FALSE);
  gtk_window_present (window);
}

void
_sc_window_actions_update (ScWindow *self)
{
  gboolean has_stack = self->stack != NULL;
  gboolean several = has_stack &&
                     sc_stack_get_n_slices (self->stack) * sc_stack_get_n_frames (self->stack) > 1;

  for (guint i = 0; i < G_N_ELEMENTS (stack_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), stack_actions[i], has_stack);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.play", several);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.no-recent", FALSE);

  {
    gboolean running = _sc_window_projection_is_running (self);
    /* a result is exported once it is whole */
    gboolean building = running && self->is_result &&
                        adw_tab_page_get_loading (self->current_page);

    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.project",
                                   _sc_window_get_source_stack (self) != NULL);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-projection", running);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-png", has_stack && !building);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-tiff", has_stack && !building);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-planes",
                                   has_stack && !self->is_result);
  }
}

void
_sc_window_class_actions_init (ScWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.no-recent", NULL, NULL);
  gtk_widget_class_install_action (widget_class, "win.info", NULL, info_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-1-1", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.next-plane", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "win.previous-plane", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "win.first-plane", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "win.last-plane", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "win.next-frame", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "win.previous-frame", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "win.next-channel", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "win.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.auto-contrast", NULL, auto_contrast_action);
  gtk_widget_class_install_action (widget_class, "win.reset-range", NULL, reset_range_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-log", NULL, toggle_log_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.project", NULL, project_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-projection", NULL, cancel_projection_action);
  gtk_widget_class_install_action (widget_class, "win.export-png", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-tiff", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-planes", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-export", NULL, cancel_export_action);
  gtk_widget_class_install_action (widget_class, "win.show-folder", "s", show_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, shortcuts_action);

  /* Keys without modifiers act on the window only once the focused widget has passed on them. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "win.next-plane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "win.previous-plane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "win.first-plane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "win.last-plane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "win.next-frame", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.previous-frame", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "win.next-channel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "win.toggle-log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-projection", NULL);
}
