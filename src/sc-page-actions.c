/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-page-actions"

#include "config.h"

#include "sc-page-private.h"

/* The page's own actions ("page."): zoom, moving through planes, frames and channels,
 * the log scale, undo and redo of display changes, and another image series of the file
 * in a tab of its own. The zoom buttons over the plane use them, and the window forwards
 * its keys to the page shown. */

static const char * const stack_actions[] = {
  "page.zoom-in", "page.zoom-out", "page.zoom-fit", "page.zoom-1-1",
  "page.next-plane", "page.previous-plane", "page.first-plane", "page.last-plane",
  "page.next-frame", "page.previous-frame", "page.next-channel", "page.toggle-log",
};

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ScPage *self = SC_PAGE (widget);

  if (g_str_equal (action_name, "page.zoom-in"))
    sc_plane_view_zoom_in (self->plane_view);
  else if (g_str_equal (action_name, "page.zoom-out"))
    sc_plane_view_zoom_out (self->plane_view);
  else if (g_str_equal (action_name, "page.zoom-fit"))
    sc_plane_view_zoom_to_fit (self->plane_view);
  else
    sc_plane_view_set_zoom (self->plane_view, 1.0);
}

static void
navigate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ScPage *self = SC_PAGE (widget);
  ScViewState *vs = self->view_state;
  guint nc, nz, nt, c, z, t;

  if (vs == NULL)
    return;

  nc = sc_stack_get_n_channels (self->stack);
  nz = sc_stack_get_n_slices (self->stack);
  nt = sc_stack_get_n_frames (self->stack);
  c = sc_view_state_get_channel (vs);
  z = sc_view_state_get_slice (vs);
  t = sc_view_state_get_frame (vs);

  /* a plain time series steps through time with the plane keys */
  if (g_str_equal (action_name, "page.next-plane"))
    {
      if (nz == 1 && nt > 1)
        t = MIN (t + 1, nt - 1);
      else
        z = MIN (z + 1, nz - 1);
    }
  else if (g_str_equal (action_name, "page.previous-plane"))
    {
      if (nz == 1 && nt > 1)
        t = t > 0 ? t - 1 : 0;
      else
        z = z > 0 ? z - 1 : 0;
    }
  else if (g_str_equal (action_name, "page.first-plane"))
    z = 0;
  else if (g_str_equal (action_name, "page.last-plane"))
    z = nz - 1;
  else if (g_str_equal (action_name, "page.next-frame"))
    t = MIN (t + 1, nt - 1);
  else if (g_str_equal (action_name, "page.previous-frame"))
    t = t > 0 ? t - 1 : 0;
  else if (g_str_equal (action_name, "page.next-channel"))
    c = (c + 1) % nc;

  sc_view_state_set_position (vs, c, z, t);
}

static guint
step_index (guint index,
            int   steps,
            guint n)
{
  gint64 i = (gint64) index + steps;

  return (guint) CLAMP (i, 0, (gint64) n - 1);
}

/* The plane view's wheel: slices (a plain time series steps through time, as the plane keys
 * do), or frames. */
static void
wheel_step_cb (ScPage   *self,
               gboolean  frames,
               int       steps)
{
  ScViewState *vs = self->view_state;
  guint nz, nt, z, t;

  if (vs == NULL || self->stack == NULL)
    return;
  nz = sc_stack_get_n_slices (self->stack);
  nt = sc_stack_get_n_frames (self->stack);
  z = sc_view_state_get_slice (vs);
  t = sc_view_state_get_frame (vs);
  if (frames || nz == 1)
    t = step_index (t, steps, nt);
  else
    z = step_index (z, steps, nz);
  sc_view_state_set_position (vs, sc_view_state_get_channel (vs), z, t);
}

void
_sc_page_actions_init (ScPage *self)
{
  self->history = sc_view_history_new (NULL);
  g_signal_connect_object (self->history, "notify::can-undo",
                           G_CALLBACK (_sc_page_actions_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-redo",
                           G_CALLBACK (_sc_page_actions_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plane_view, "wheel-step", G_CALLBACK (wheel_step_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Another image series of the file, in a tab of its own: the window opens it. */
static void
open_series_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ScPage *self = SC_PAGE (widget);
  guint series = g_variant_get_uint32 (param);

  if (self->stack == NULL || series >= sc_stack_get_n_series (self->stack))
    return;
  _sc_page_open_series_in_tab (self, series);
}

static void
toggle_log_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  sc_page_toggle_log (SC_PAGE (widget));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ScPage *self = SC_PAGE (widget);

  if (g_str_equal (action_name, "page.undo"))
    sc_view_history_undo (self->history);
  else
    sc_view_history_redo (self->history);
}

void
_sc_page_actions_update (ScPage *self)
{
  gboolean has_stack = self->stack != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (stack_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), stack_actions[i], has_stack);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.open-series-in-tab",
                                 has_stack && !self->is_result
                                 && sc_stack_get_path (self->stack) != NULL
                                 && sc_stack_get_n_series (self->stack) > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.orthogonal",
                                 sc_page_get_can_orthogonal (self));
  /* a page disposed has no history left */
  if (self->history == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.undo",
                                 sc_view_history_get_can_undo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.redo",
                                 sc_view_history_get_can_redo (self->history));
}

ScViewHistory *
sc_page_get_history (ScPage *self)
{
  g_return_val_if_fail (SC_IS_PAGE (self), NULL);
  return self->history;
}

void
_sc_page_class_actions_init (ScPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "page.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "page.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "page.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "page.zoom-1-1", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "page.next-plane", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "page.previous-plane", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "page.first-plane", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "page.last-plane", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "page.next-frame", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "page.previous-frame", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "page.next-channel", NULL, navigate_action);
  gtk_widget_class_install_action (widget_class, "page.toggle-log", NULL, toggle_log_action);
  gtk_widget_class_install_action (widget_class, "page.open-series-in-tab", "u",
                                   open_series_action);
  gtk_widget_class_install_property_action (widget_class, "page.orthogonal", "orthogonal");
  gtk_widget_class_install_action (widget_class, "page.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "page.redo", NULL, history_action);
}
