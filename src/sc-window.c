/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-window-private.h"

G_DEFINE_FINAL_TYPE (ScWindow, sc_window, ADW_TYPE_APPLICATION_WINDOW)

void
_sc_window_show_toast (ScWindow   *self,
                       const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void set_project_page (ScWindow *self,
                              ScPage   *page);

/* The visible page */

static void
page_message_cb (ScWindow   *self,
                 const char *message)
{
  _sc_window_show_toast (self, message);
}

static void
exported_cb (ScWindow   *self,
             const char *message,
             const char *folder_uri)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("Open Folder"));
  adw_toast_set_action_name (toast, "win.show-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (folder_uri));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
page_pixel_activated_cb (ScWindow *self,
                         guint     x,
                         guint     y,
                         ScPage   *page)
{
  ScStack *stack = sc_page_get_stack (page);

  if (stack == NULL || sc_stack_get_n_slices (stack) * sc_stack_get_n_frames (stack) < 2)
    return;
  sc_plane_view_set_marker (sc_page_get_plane_view (page), x, y);
  sc_profile_panel_show_pixel (self->profile_panel, x, y);
  if (!gtk_toggle_button_get_active (self->sidebar_button))
    gtk_toggle_button_set_active (self->sidebar_button, TRUE);
}

static void
page_changed_cb (ScWindow *self)
{
  _sc_window_actions_update (self);
}

static void
selected_page_cb (ScWindow *self)
{
  AdwTabPage *tab = adw_tab_view_get_selected_page (self->tab_view);
  ScPage *page = tab ? SC_PAGE (adw_tab_page_get_child (tab)) : NULL;

  if (page == self->visible_page)
    return;

  if (self->visible_page != NULL)
    sc_plane_view_set_marker (sc_page_get_plane_view (self->visible_page), -1, -1);
  self->visible_page = page;
  set_project_page (self, page);
  g_binding_group_set_source (self->page_bindings, page);
  _sc_window_slab_set_page (self, page);
  g_signal_group_set_target (self->page_signals, page);
  g_signal_group_set_target (self->history_signals, page ? sc_page_get_history (page) : NULL);
  sc_profile_panel_show_pixel (self->profile_panel, -1, -1);

  if (page == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Stackscope"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Stackscope"));
      gtk_label_set_label (self->readout_label, "");
      gtk_label_set_label (self->plane_source_label, "");
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (sc_page_get_plane_view (page)));
  _sc_window_actions_update (self);
}

static gboolean
close_page_cb (ScWindow   *self,
               AdwTabPage *tab)
{
  return _sc_window_close_page (self, tab);
}

/* The page's tooltip is text, a tab's is markup: a path may hold "&" or "<". */
static gboolean
text_to_markup (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      data)
{
  const char *text = g_value_get_string (from);

  g_value_take_string (to, text ? g_markup_escape_text (text, -1) : NULL);
  return TRUE;
}

void
_sc_window_add_page (ScWindow *self,
                     ScPage   *page)
{
  AdwTabPage *tab = adw_tab_view_append (self->tab_view, GTK_WIDGET (page));

  g_object_bind_property (page, "title", tab, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (page, "tooltip", tab, "tooltip", G_BINDING_SYNC_CREATE,
                               text_to_markup, NULL, NULL, NULL);
  g_object_bind_property (page, "busy", tab, "loading", G_BINDING_SYNC_CREATE);
  adw_tab_view_set_selected_page (self->tab_view, tab);
}

/* The projection panel marks the plane of the stack shown beside its range. */
static void
source_position_cb (ScWindow    *self,
                    ScViewState *vs)
{
  sc_projection_panel_set_current (self->projection_panel, sc_view_state_get_channel (vs),
                                   sc_view_state_get_slice (vs), sc_view_state_get_frame (vs));
}

/* Projections are made from the stack of the tab shown, or, while a result is shown, of
 * the stack's tab shown last: the stack opened, or one of its image series opened in a
 * tab of its own, or the series its tab switched to. */
static void
set_project_page (ScWindow *self,
                  ScPage   *page)
{
  ScViewState *vs = page ? sc_page_get_view_state (page) : NULL;

  if (vs == NULL || sc_page_get_is_result (page) || sc_page_get_loading (page))
    return;
  if (page == self->project_page && vs == self->project_view)
    return;
  if (self->project_view != NULL)
    g_signal_handlers_disconnect_by_func (self->project_view, source_position_cb, self);
  self->project_page = page;
  g_set_object (&self->project_view, vs);
  sc_projection_queue_set_source (self->projections, vs);
  g_signal_connect_object (vs, "display-changed", G_CALLBACK (source_position_cb), self,
                           G_CONNECT_SWAPPED);
  sc_projection_panel_set_stack (self->projection_panel, sc_page_get_stack (page));
  source_position_cb (self, vs);
  _sc_window_actions_update (self);
}

static void
source_view_changed_cb (ScWindow   *self,
                        GParamSpec *pspec,
                        ScPage     *page)
{
  if (page == self->visible_page || page == self->project_page)
    set_project_page (self, page);
}

/* A tab of a series that closes gives the projections back to the stack's own tab. */
static void
page_detached_cb (ScWindow   *self,
                  AdwTabPage *tab)
{
  if (adw_tab_page_get_child (tab) != GTK_WIDGET (self->project_page))
    return;
  self->project_page = NULL;
  if (self->project_view != NULL)
    g_signal_handlers_disconnect_by_func (self->project_view, source_position_cb, self);
  g_clear_object (&self->project_view);
  if (self->source_page != NULL && GTK_WIDGET (self->source_page) != adw_tab_page_get_child (tab))
    set_project_page (self, self->source_page);
}

/* A series opened in a tab of its own ("Open in New Tab") that cannot be read closes it. */
static void
series_page_loaded_cb (ScWindow     *self,
                       const GError *error,
                       ScPage       *page)
{
  AdwTabPage *tab = adw_tab_view_get_page (self->tab_view, GTK_WIDGET (page));

  if (error == NULL)
    return;
  if (tab != NULL)
    adw_tab_view_close_page (self->tab_view, tab);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _sc_window_show_toast (self, error->message);
}

static void
page_open_series_cb (ScWindow *self,
                     guint     series,
                     ScPage   *from)
{
  ScStack *stack = sc_page_get_stack (from);
  g_autoptr(GFile) file = NULL;
  ScPage *page;

  if (stack == NULL || sc_stack_get_path (stack) == NULL)
    return;
  file = g_file_new_for_path (sc_stack_get_path (stack));
  page = sc_page_new ();
  g_signal_connect_object (page, "loaded", G_CALLBACK (series_page_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::view-state", G_CALLBACK (source_view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  _sc_window_add_page (self, page);
  sc_page_load_series (page, file, series);
}

/* Opening */

static void
close_all_pages (ScWindow *self)
{
  self->closing_unasked = TRUE;
  while (adw_tab_view_get_n_pages (self->tab_view) > 0)
    {
      AdwTabPage *tab = adw_tab_view_get_nth_page (self->tab_view, 0);

      adw_tab_view_set_page_pinned (self->tab_view, tab, FALSE);
      adw_tab_view_close_page (self->tab_view, tab);
    }
  self->closing_unasked = FALSE;
}

/* A new stack replaces the tab of the one before when nothing unsaved is left there
 * (open_page() gives it a window of its own otherwise). */
static void
show_source_page (ScWindow *self,
                  ScPage   *page)
{
  sc_projection_queue_cancel (self->projections, TRUE);
  close_all_pages (self);
  self->source_page = page;
  _sc_window_add_page (self, page);
  /* pinned, it shows no close button */
  adw_tab_view_set_page_pinned (self->tab_view, adw_tab_view_get_page (self->tab_view,
                                                                       GTK_WIDGET (page)), TRUE);
  g_signal_connect_object (page, "notify::view-state", G_CALLBACK (source_view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  set_project_page (self, page);
  /* the plane shows at once: a crossfade would show it dimmed for 200 ms, and costs the
   * cairo renderer a full-window blend each frame */
  gtk_stack_set_visible_child_full (self->main_stack, "viewer", GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), TRUE);
  _sc_window_actions_update (self);
}

static ScWindow *
new_window_like (ScWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return sc_window_new (SC_APPLICATION (app));
}

static void
drop_opening_page (ScWindow *self)
{
  g_autoptr(ScPage) page = g_steal_pointer (&self->opening_page);

  if (page == NULL)
    return;
  g_signal_handlers_disconnect_by_data (page, self);
  /* cancels its opening */
  g_object_run_dispose (G_OBJECT (page));
}

static void
page_loaded_cb (ScPage       *page,
                const GError *error,
                ScWindow     *self)
{
  g_autoptr(ScPage) opened = NULL;
  ScStack *stack;

  if (page != self->opening_page)
    return;
  opened = g_steal_pointer (&self->opening_page);
  g_signal_handlers_disconnect_by_data (page, self);
  gtk_spinner_stop (self->spinner);

  if (error != NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack,
                                        self->visible_page ? "viewer" : "empty");
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_window_show_toast (self, error->message);
      return;
    }

  if (self->source_page != NULL && _sc_window_count_unsaved (self) > 0)
    {
      /* a result was made while it opened: the new stack takes a window of its own */
      ScWindow *other = new_window_like (self);

      gtk_stack_set_visible_child_name (self->main_stack, "viewer");
      show_source_page (other, page);
      gtk_window_present (GTK_WINDOW (other));
    }
  else
    show_source_page (self, page);
  stack = sc_page_get_stack (page);
  if (sc_stack_get_path (stack) != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (sc_stack_get_path (stack));
      g_autofree char *uri = g_file_get_uri (file);

      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    }
}

static void
open_page (ScWindow *self,
           GFile    *file)
{
  g_autofree char *text = NULL;

  /* Opening never discards a result: with results here, the stack opens in a window of
   * its own, which groups its own results. */
  if (self->source_page != NULL && _sc_window_count_unsaved (self) > 0)
    {
      ScWindow *other = new_window_like (self);

      open_page (other, file);
      gtk_window_present (GTK_WINDOW (other));
      return;
    }

  drop_opening_page (self);
  sc_projection_queue_cancel (self->projections, FALSE);
  sc_navigation_bar_set_playing (self->nav_bar, FALSE);

  self->opening_page = g_object_ref_sink (sc_page_new ());
  g_signal_connect (self->opening_page, "loaded", G_CALLBACK (page_loaded_cb), self);
  sc_page_load (self->opening_page, file);

  text = g_strdup_printf (_("Opening %s…"), sc_page_get_title (self->opening_page));
  gtk_label_set_label (self->loading_label, text);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         ScWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  sc_window_open_file (self, files->data);
  if (files->next != NULL)
    _sc_window_show_toast (self, _("Opened the first of the dropped items"));
  g_slist_free (files);
  return TRUE;
}

/* Projections: the queue runs them, each filling a result tab that opens when it starts */

static void
projection_progress_cb (ScWindow         *self,
                        GParamSpec       *pspec,
                        ScProjectionTask *task)
{
  sc_projection_panel_set_progress (self->projection_panel,
                                    sc_projection_task_get_progress (task),
                                    sc_projection_task_get_progress_text (task));
}

static void
projection_started_cb (ScWindow         *self,
                       ScProjectionTask *task)
{
  g_signal_connect_object (task, "notify::progress", G_CALLBACK (projection_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (task, "notify::progress-text", G_CALLBACK (projection_progress_cb),
                           self, G_CONNECT_SWAPPED);
  sc_projection_panel_set_running (self->projection_panel, TRUE);
  sc_projection_panel_set_progress (self->projection_panel, 0, NULL);
  /* the result's tab opens at once and shows the projection as it builds up */
  _sc_window_add_page (self, sc_projection_task_get_page (task));
  _sc_window_actions_update (self);
}

static void
projection_finished_cb (ScWindow         *self,
                        ScProjectionTask *task,
                        const GError     *error)
{
  ScPage *page = sc_projection_task_get_page (task);

  g_signal_handlers_disconnect_by_data (task, self);
  sc_projection_panel_set_running (self->projection_panel, FALSE);
  if (error != NULL)
    {
      /* nothing is left of a cancelled or failed projection */
      AdwTabPage *tab = page ? adw_tab_view_get_page (self->tab_view, GTK_WIDGET (page)) : NULL;

      if (tab != NULL)
        {
          self->closing_unasked = TRUE;
          adw_tab_view_close_page (self->tab_view, tab);
          self->closing_unasked = FALSE;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_window_show_toast (self, error->message);
    }
  _sc_window_actions_update (self);
}

/* GObject */

static gboolean
sc_window_close_request (GtkWindow *window)
{
  if (_sc_window_close_request (SC_WINDOW (window)))
    return TRUE;
  return GTK_WINDOW_CLASS (sc_window_parent_class)->close_request (window);
}

static void
sc_window_dispose (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);

  drop_opening_page (self);
  g_clear_weak_pointer (&self->discard_question);
  if (self->projections != NULL)
    {
      /* closing the window stops the projection */
      g_signal_handlers_disconnect_by_data (self->projections, self);
      sc_projection_queue_cancel (self->projections, TRUE);
      g_clear_object (&self->projections);
    }
  if (self->exports != NULL)
    {
      /* its exports stop, and what they say goes nowhere */
      g_signal_handlers_disconnect_by_data (self->exports, self);
      sc_export_dialogs_cancel (self->exports);
      g_clear_object (&self->exports);
    }
  if (self->tab_view != NULL)
    g_signal_handlers_disconnect_by_data (self->tab_view, self);
  if (self->page_bindings != NULL)
    g_binding_group_set_source (self->page_bindings, NULL);
  _sc_window_slab_set_page (self, NULL);
  if (self->page_signals != NULL)
    g_signal_group_set_target (self->page_signals, NULL);
  if (self->history_signals != NULL)
    g_signal_group_set_target (self->history_signals, NULL);
  self->visible_page = NULL;
  self->source_page = NULL;
  self->project_page = NULL;
  g_clear_object (&self->project_view);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WINDOW);

  G_OBJECT_CLASS (sc_window_parent_class)->dispose (object);
}

static void
sc_window_finalize (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);

  g_clear_object (&self->view_actions);
  g_clear_object (&self->page_bindings);
  g_clear_object (&self->slab_bindings);
  g_clear_object (&self->page_signals);
  g_clear_object (&self->history_signals);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sc_window_parent_class)->finalize (object);
}

static void
sc_window_class_init (ScWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_window_dispose;
  object_class->finalize = sc_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = sc_window_close_request;

  g_type_ensure (SC_TYPE_TAB_STRIP);
  g_type_ensure (SC_TYPE_NAVIGATION_BAR);
  g_type_ensure (SC_TYPE_PROJECTION_PANEL);
  g_type_ensure (SC_TYPE_DISPLAY_PANEL);
  g_type_ensure (SC_TYPE_PROFILE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/stackscope/Stackscope/sc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, readout_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, plane_source_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, recent_submenu);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, tab_view);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, nav_bar);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, projection_panel);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, display_panel);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, profile_panel);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, export_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, export_progress);

  _sc_window_class_actions_init (klass);
}

static void
bind_page (ScWindow *self)
{
  GBindingGroup *b = self->page_bindings = g_binding_group_new ();
  GSignalGroup *s = self->page_signals = g_signal_group_new (SC_TYPE_PAGE);

  g_binding_group_bind (b, "title", self->window_title, "title", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (b, "title", self, "title", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (b, "subtitle", self->window_title, "subtitle", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (b, "view-state", self->display_panel, "view-state", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (b, "view-state", self->nav_bar, "view-state", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (b, "view-state", self->profile_panel, "view-state", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (b, "readout", self->readout_label, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (b, "plane-source", self->plane_source_label, "label",
                        G_BINDING_SYNC_CREATE);

  g_signal_group_connect_object (s, "message", G_CALLBACK (page_message_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (s, "pixel-activated", G_CALLBACK (page_pixel_activated_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (s, "open-series", G_CALLBACK (page_open_series_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (s, "notify::busy", G_CALLBACK (page_changed_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (s, "notify::stack", G_CALLBACK (page_changed_cb), self,
                                 G_CONNECT_SWAPPED);

  s = self->history_signals = g_signal_group_new (SC_TYPE_VIEW_HISTORY);
  g_signal_group_connect_object (s, "notify::can-undo", G_CALLBACK (page_changed_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (s, "notify::can-redo", G_CALLBACK (page_changed_cb), self,
                                 G_CONNECT_SWAPPED);
}

static void
sc_window_init (ScWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  _sc_window_init_actions (self);
#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = g_settings_new (APP_ID);
  self->exports = sc_export_dialogs_new (GTK_WINDOW (self));
  bind_page (self);
  _sc_window_ortho_init (self);
  _sc_window_slab_init (self);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sidebar-visible", self->sidebar_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "play-rate", self->nav_bar, "rate", G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self->exports, "running", self->export_box, "visible",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->exports, "fraction", self->export_progress, "fraction",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->exports, "text", self->export_progress, "text",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->exports, "message", G_CALLBACK (page_message_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->exports, "exported", G_CALLBACK (exported_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_swapped (self->tab_view, "notify::selected-page", G_CALLBACK (selected_page_cb), self);
  g_signal_connect_swapped (self->tab_view, "close-page", G_CALLBACK (close_page_cb), self);
  g_signal_connect_swapped (self->tab_view, "page-detached", G_CALLBACK (page_detached_cb), self);
  /* Ctrl+Page Up/Down and Home/End move through planes and frames here. */
  adw_tab_view_remove_shortcuts (self->tab_view,
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_PAGE_UP |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_PAGE_DOWN |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_HOME |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_END |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_SHIFT_PAGE_UP |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_SHIFT_PAGE_DOWN |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_SHIFT_HOME |
                                 ADW_TAB_VIEW_SHORTCUT_CONTROL_SHIFT_END);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_stack_set_visible_child_name (self->main_stack, "empty");
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), FALSE);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (_sc_window_update_recent), self, G_CONNECT_SWAPPED);
  _sc_window_update_recent (self);
  self->projections = sc_projection_queue_new ();
  g_signal_connect_object (self->projections, "started", G_CALLBACK (projection_started_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->projections, "finished", G_CALLBACK (projection_finished_cb),
                           self, G_CONNECT_SWAPPED);
  _sc_window_actions_update (self);
}

/* Public */

ScWindow *
sc_window_new (ScApplication *application)
{
  return g_object_new (SC_TYPE_WINDOW, "application", application, NULL);
}

void
sc_window_open_file (ScWindow *self,
                     GFile    *file)
{
  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  open_page (self, file);
}

void
sc_window_open_sample (ScWindow *self)
{
  g_return_if_fail (SC_IS_WINDOW (self));

  open_page (self, NULL);
}

ScStack *
sc_window_get_stack (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return self->visible_page ? sc_page_get_stack (self->visible_page) : NULL;
}

ScPage *
sc_window_get_visible_page (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return self->visible_page;
}

ScPage *
sc_window_get_source_page (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return self->source_page;
}

void
sc_window_project (ScWindow *self)
{
  g_autofree char *title = NULL;
  g_autoptr(ScProjection) projection = NULL;
  g_autoptr(ScProjectionTask) task = NULL;

  g_return_if_fail (SC_IS_WINDOW (self));

  if (self->source_page == NULL || !sc_projection_panel_get_can_project (self->projection_panel))
    return;
  projection = sc_projection_panel_create_projection (self->projection_panel, &title);
  task = sc_projection_task_new (projection, title);
  sc_projection_task_set_source (task, self->project_view);
  if (!sc_projection_queue_add (self->projections, task))
    {
      g_autofree char *text = g_strdup_printf (_("“%s” will run when the projection before it is done"),
                                               title);
      _sc_window_show_toast (self, text);
    }
}

void
sc_window_cancel_projection (ScWindow *self)
{
  g_return_if_fail (SC_IS_WINDOW (self));

  sc_projection_queue_cancel (self->projections, FALSE);
}

gboolean
sc_window_get_projecting (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), FALSE);
  return sc_projection_queue_get_is_running (self->projections);
}
