/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-window-actions"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-stack-info-window.h"
#include "sc-window-private.h"

#define MAX_RECENT 8

/* The window's own actions, and those it passes on: to the page shown ("page."), to its
 * navigation bar (play) and display panel (Auto, Reset). Every accelerator is set in
 * sc-application.c; the keys without modifiers are bound here. */

/* Actions that act on the page shown, and the page's own action each calls. */
static const struct {
  const char *name;
  const char *page_action;
} page_actions[] = {
  { "win.zoom-in", "page.zoom-in" },
  { "win.zoom-out", "page.zoom-out" },
  { "win.zoom-fit", "page.zoom-fit" },
  { "win.zoom-1-1", "page.zoom-1-1" },
  { "win.next-plane", "page.next-plane" },
  { "win.previous-plane", "page.previous-plane" },
  { "win.first-plane", "page.first-plane" },
  { "win.last-plane", "page.last-plane" },
  { "win.next-frame", "page.next-frame" },
  { "win.previous-frame", "page.previous-frame" },
  { "win.next-channel", "page.next-channel" },
  { "win.toggle-log", "page.toggle-log" },
  { "win.undo", "page.undo" },
  { "win.redo", "page.redo" },
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

/* The page shown */

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->visible_page == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    if (g_str_equal (action_name, page_actions[i].name))
      gtk_widget_activate_action (GTK_WIDGET (self->visible_page), page_actions[i].page_action,
                                  NULL);
}

static void
info_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ScStack *stack = sc_window_get_stack (SC_WINDOW (widget));

  if (stack != NULL)
    sc_stack_info_window_present (GTK_WINDOW (widget), stack);
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  sc_navigation_bar_toggle_play (SC_WINDOW (widget)->nav_bar);
}

static void
range_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (g_str_equal (action_name, "win.auto-contrast"))
    sc_display_panel_auto_contrast (self->display_panel);
  else
    sc_display_panel_reset_range (self->display_panel);
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
  sc_window_project (SC_WINDOW (widget));
}

static void
cancel_projection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  sc_window_cancel_projection (SC_WINDOW (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  ScPage *page = self->visible_page;

  if (page == NULL || sc_page_get_stack (page) == NULL)
    return;
  if (g_str_equal (action_name, "win.export-png"))
    sc_export_dialogs_export_png (self->exports, page, self->source_page);
  else if (g_str_equal (action_name, "win.export-tiff"))
    sc_export_dialogs_export_tiff (self->exports, page, self->source_page);
  else
    {
      guint first, last;

      sc_projection_panel_get_range (self->projection_panel, &first, &last);
      sc_export_dialogs_export_planes (self->exports, page, first, last);
    }
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  sc_export_dialogs_cancel (SC_WINDOW (widget)->exports);
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
/* GTK 4.8's keycaps show the key's name, translated in GTK's own catalogue: where that has
 * no translation (English) they read "Page_Down". Those get their names from ours. */
static void
name_raw_keys (GtkWidget *widget,
               gboolean   in_shortcut)
{
  in_shortcut = in_shortcut || GTK_IS_SHORTCUT_LABEL (widget);
  if (in_shortcut && GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (g_str_equal (text, "Page_Up"))
        gtk_label_set_text (GTK_LABEL (widget), C_("keyboard label", "Page Up"));
      else if (g_str_equal (text, "Page_Down"))
        gtk_label_set_text (GTK_LABEL (widget), C_("keyboard label", "Page Down"));
      else if (strchr (text, '_') != NULL && strchr (text, ' ') == NULL)
        {
          g_autofree char *spaced = g_strdelimit (g_strdup (text), "_", ' ');

          gtk_label_set_text (GTK_LABEL (widget), spaced);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_raw_keys (child, in_shortcut);
}

static void
shortcuts_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/stackscope/Stackscope/sc-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  name_raw_keys (GTK_WIDGET (window), FALSE);
  gtk_window_set_transient_for (window, GTK_WINDOW (widget));
  gtk_window_set_hide_on_close (window, FALSE);
  gtk_window_present (window);
}

/* Which actions can act now, in one place. */
void
_sc_window_actions_update (ScWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  ScPage *page = self->visible_page;
  ScStack *stack = page ? sc_page_get_stack (page) : NULL;
  gboolean has_stack = stack != NULL;
  gboolean several = has_stack && sc_stack_get_n_slices (stack) * sc_stack_get_n_frames (stack) > 1;
  gboolean is_result = page != NULL && sc_page_get_is_result (page);
  /* a result is exported once it is whole */
  gboolean building = page != NULL && sc_page_get_busy (page);

  ScViewHistory *history = page ? sc_page_get_history (page) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_action_set_enabled (widget, page_actions[i].name, has_stack);
  /* with nothing to undo, Ctrl+Z stays a text field's own */
  gtk_widget_action_set_enabled (widget, "win.undo",
                                 history != NULL && sc_view_history_get_can_undo (history));
  gtk_widget_action_set_enabled (widget, "win.redo",
                                 history != NULL && sc_view_history_get_can_redo (history));
  gtk_widget_action_set_enabled (widget, "win.info", has_stack);
  gtk_widget_action_set_enabled (widget, "win.auto-contrast", has_stack);
  gtk_widget_action_set_enabled (widget, "win.reset-range", has_stack);
  gtk_widget_action_set_enabled (widget, "win.play", several);
  gtk_widget_action_set_enabled (widget, "win.no-recent", FALSE);
  /* the panel projects the stack opened, also from a result's tab, and says so; a single
   * plane has nothing to project */
  sc_projection_panel_set_result_shown (self->projection_panel, is_result);
  gtk_widget_action_set_enabled (widget, "win.project", self->source_page != NULL &&
                                 sc_projection_panel_get_can_project (self->projection_panel));
  gtk_widget_action_set_enabled (widget, "win.cancel-projection", sc_window_get_projecting (self));
  gtk_widget_action_set_enabled (widget, "win.export-png", has_stack && !building);
  gtk_widget_action_set_enabled (widget, "win.export-tiff", has_stack && !building);
  gtk_widget_action_set_enabled (widget, "win.export-planes", has_stack && !is_result);
  _sc_window_ortho_update (self);
}

/* Keys without modifiers: the window takes them before the focused widget does (the
 * capture phase), as GNOME apps do, so that Space plays rather than pressing the button
 * that has the focus, and Page Down shows the next plane rather than moving a slider. */
static const struct {
  guint           keyval;
  GdkModifierType modifiers;
  const char     *action;
} plain_keys[] = {
  { GDK_KEY_space, 0, "win.play" },
  { GDK_KEY_Page_Down, 0, "win.next-plane" },
  { GDK_KEY_Page_Up, 0, "win.previous-plane" },
  { GDK_KEY_Home, 0, "win.first-plane" },
  { GDK_KEY_End, 0, "win.last-plane" },
  { GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-frame" },
  { GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-frame" },
  { GDK_KEY_c, 0, "win.next-channel" },
  { GDK_KEY_l, 0, "win.toggle-log" },
  { GDK_KEY_o, 0, "view.orthogonal" },
};

/* Whether the focused widget keeps a key: text being typed (a spin button's digits, its
 * Home and End) and open menus and popovers. A spin button has no use for Space. */
static gboolean
focus_keeps_key (ScWindow *self,
                 guint     keyval)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL)
    return FALSE;
  if (gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
    return TRUE;
  if (!GTK_IS_EDITABLE (focus))
    return FALSE;
  return !(keyval == GDK_KEY_space && gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON));
}

/* As _sc_window_actions_update enables them (GTK 4.8 cannot ask a widget's action). */
static gboolean
plain_key_enabled (ScWindow   *self,
                   const char *action)
{
  ScStack *stack = self->visible_page ? sc_page_get_stack (self->visible_page) : NULL;

  if (stack == NULL)
    return FALSE;
  if (g_str_equal (action, "win.play"))
    return sc_stack_get_n_slices (stack) * sc_stack_get_n_frames (stack) > 1;
  return TRUE;
}

static gboolean
plain_key_cb (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  guint i = GPOINTER_TO_UINT (user_data);

  if (focus_keeps_key (SC_WINDOW (widget), plain_keys[i].keyval))
    return FALSE;
  /* without a stack (or with a single plane, for Space) the key stays the focused widget's */
  if (!plain_key_enabled (SC_WINDOW (widget), plain_keys[i].action))
    return FALSE;
  return gtk_widget_activate_action (widget, plain_keys[i].action, NULL);
}

void
_sc_window_init_actions (ScWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "sc-window-plain-keys");
  for (guint i = 0; i < G_N_ELEMENTS (plain_keys); i++)
    {
      GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (plain_keys[i].keyval,
                                                             plain_keys[i].modifiers);
      GtkShortcutAction *action = gtk_callback_action_new (plain_key_cb, GUINT_TO_POINTER (i),
                                                            NULL);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (trigger, action));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
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
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_class_install_action (widget_class, page_actions[i].name, NULL, page_action);
  gtk_widget_class_install_action (widget_class, "win.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.auto-contrast", NULL, range_action);
  gtk_widget_class_install_action (widget_class, "win.reset-range", NULL, range_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.project", NULL, project_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-projection", NULL, cancel_projection_action);
  gtk_widget_class_install_action (widget_class, "win.export-png", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-tiff", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-planes", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-export", NULL, cancel_export_action);
  gtk_widget_class_install_action (widget_class, "win.show-folder", "s", show_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, shortcuts_action);

  /* Escape closes an open menu or popover first; the other plain keys are in
   * _sc_window_init_actions's controller. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-projection", NULL);
}
