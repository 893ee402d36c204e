/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-window-ortho"

#include "config.h"

#include "sc-window-private.h"

/* The window's side of the orthogonal views: "view.orthogonal", the menu's toggle of the
 * page shown (its state is the page's "orthogonal"), and the exports of its panes,
 * "view.export-xz-png", "view.export-yz-png" and their -tiff twins, and "view.ortho-smooth", how their slices
 * are stretched (for every page of the window). */

static void
orthogonal_activate (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  ScWindow *self = user_data;
  ScPage *page = self->visible_page;

  if (page != NULL)
    sc_page_set_orthogonal (page, !sc_page_get_orthogonal (page));
}

static void
orthogonal_change_state (GSimpleAction *action,
                         GVariant      *state,
                         gpointer       user_data)
{
  ScWindow *self = user_data;

  if (self->visible_page != NULL)
    sc_page_set_orthogonal (self->visible_page, g_variant_get_boolean (state));
}

/* The slices of the XZ and YZ panes drawn stretched with linear interpolation, rather
 * than as blocks of nearest pixels (the default, which shows the data as it is). */
static void
apply_smooth (ScWindow *self)
{
  ScPage *page = self->visible_page;

  if (page == NULL || !sc_page_get_orthogonal (page))
    return;
  for (guint i = 0; i < 2; i++)
    {
      ScPlaneView *pane = sc_page_get_ortho_plane_view (page, i == 0 ? SC_RESLICE_XZ
                                                                     : SC_RESLICE_YZ);

      if (pane != NULL)
        sc_plane_view_set_smooth (pane, self->ortho_smooth);
    }
}

static void
smooth_activate (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  ScWindow *self = user_data;

  self->ortho_smooth = !self->ortho_smooth;
  g_simple_action_set_state (action, g_variant_new_boolean (self->ortho_smooth));
  apply_smooth (self);
}

static void
smooth_change_state (GSimpleAction *action,
                     GVariant      *state,
                     gpointer       user_data)
{
  ScWindow *self = user_data;

  self->ortho_smooth = g_variant_get_boolean (state);
  g_simple_action_set_state (action, state);
  apply_smooth (self);
}

static void
export_pane_activate (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  ScWindow *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  ScResliceAxis axis = g_str_has_prefix (name, "export-xz") ? SC_RESLICE_XZ : SC_RESLICE_YZ;

  if (self->visible_page == NULL || !sc_page_get_orthogonal (self->visible_page))
    return;
  if (g_str_has_suffix (name, "-tiff"))
    sc_export_dialogs_export_pane_tiff (self->exports, self->visible_page, self->source_page,
                                        axis);
  else
    sc_export_dialogs_export_pane_png (self->exports, self->visible_page, self->source_page,
                                       axis);
}

void
_sc_window_ortho_update (ScWindow *self)
{
  GActionGroup *group = G_ACTION_GROUP (self->view_actions);
  ScPage *page = self->visible_page;
  gboolean can = page != NULL && sc_page_get_can_orthogonal (page);
  gboolean on = page != NULL && sc_page_get_orthogonal (page);
  gboolean building = page != NULL && sc_page_get_busy (page);
  GAction *action;

  if (group == NULL)
    return;
  action = g_action_map_lookup_action (G_ACTION_MAP (group), "orthogonal");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (on));
  action = g_action_map_lookup_action (G_ACTION_MAP (group), "ortho-smooth");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), on);
  apply_smooth (self);
  for (guint i = 0; i < 4; i++)
    {
      static const char *const exports[] = { "export-xz-png", "export-yz-png",
                                             "export-xz-tiff", "export-yz-tiff" };

      action = g_action_map_lookup_action (G_ACTION_MAP (group), exports[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), on && !building);
    }
}

void
_sc_window_ortho_init (ScWindow *self)
{
  static const GActionEntry entries[] = {
    { "orthogonal", orthogonal_activate, NULL, "false", orthogonal_change_state },
    { "ortho-smooth", smooth_activate, NULL, "false", smooth_change_state },
    { "export-xz-png", export_pane_activate },
    { "export-yz-png", export_pane_activate },
    { "export-xz-tiff", export_pane_activate },
    { "export-yz-tiff", export_pane_activate },
  };
  GSimpleActionGroup *group = self->view_actions = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "view", G_ACTION_GROUP (group));
  g_signal_group_connect_object (self->page_signals, "notify::orthogonal",
                                 G_CALLBACK (_sc_window_ortho_update), self, G_CONNECT_SWAPPED);
  _sc_window_ortho_update (self);
}
