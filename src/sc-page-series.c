/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-page-private.h"

/* What a page says about its file beyond the stack it shows: the image series the file
 * holds (Micro-Manager positions, OME series), with a selector that shows another in this
 * page and a menu that opens one in a tab of its own, and the pages a file cut short
 * lacks, in a message bar over the image. */

/* What series is called: its name in the file, else its number. */
static char *
series_label (ScStack *stack,
              guint    series)
{
  const char *name = sc_stack_get_series_name (stack, series);

  if (name != NULL)
    return g_strdup (name);
  /* Translators: an image series of a file without a name of its own; %u counts from 1 */
  return g_strdup_printf (_("Series %u"), series + 1);
}

static guint
n_series_shown (ScPage *self)
{
  if (self->stack == NULL || self->is_result || sc_stack_get_path (self->stack) == NULL)
    return 1;
  return sc_stack_get_n_series (self->stack);
}

char *
_sc_page_series_subtitle (ScStack *stack)
{
  g_autofree char *label = NULL;
  guint n = sc_stack_get_n_series (stack);

  if (n < 2 || sc_stack_get_path (stack) == NULL)
    return g_strdup ("");
  /* Translators: the start of a tab's subtitle, which image series (position) of the
   * file it shows: "series 1 of 2 · 512 × 512 · 10 time points · u16" */
  label = g_strdup_printf (ngettext ("series %u of %u", "series %u of %u", n),
                           sc_stack_get_series (stack) + 1, n);
  return g_strconcat (label, " · ", NULL);
}

char *
_sc_page_series_title (ScStack *stack)
{
  g_autofree char *label = NULL;

  if (sc_stack_get_n_series (stack) < 2 || sc_stack_get_path (stack) == NULL)
    return g_strdup (sc_stack_get_display_name (stack));
  label = series_label (stack, sc_stack_get_series (stack));
  /* Translators: a tab's title: the file's name, then the image series it shows */
  return g_strdup_printf (C_("page title", "%s — %s"), sc_stack_get_display_name (stack), label);
}

/* Carries what the user set over to the view of another series: the position (within
 * the new shape), composite, and each channel's gamma, log scale, visibility and colormap
 * (where neither series' file gives the channel a LUT of its own). Ranges are the new
 * series' own: its data may span other values. */
static void
carry_display (ScViewState *from,
               ScViewState *to)
{
  ScStack *a = sc_view_state_get_stack (from);
  ScStack *b = sc_view_state_get_stack (to);
  guint nc = sc_stack_get_n_channels (b);
  guint c = MIN (sc_view_state_get_channel (from), nc - 1);
  guint z = MIN (sc_view_state_get_slice (from), sc_stack_get_n_slices (b) - 1);
  guint t = MIN (sc_view_state_get_frame (from), sc_stack_get_n_frames (b) - 1);

  sc_view_state_set_position (to, c, z, t);
  if (nc == sc_stack_get_n_channels (a) && nc > 1)
    sc_view_state_set_composite (to, sc_view_state_get_composite (from));
  for (guint k = 0; k < MIN (nc, sc_stack_get_n_channels (a)); k++)
    {
      const ScRenderParams *p = sc_view_state_get_params (from, k);

      sc_view_state_set_gamma (to, k, p->gamma);
      sc_view_state_set_log_scale (to, k, p->log_scale);
      sc_view_state_set_visible (to, k, sc_view_state_get_visible (from, k));
      if (p->lut == NULL && sc_view_state_get_params (to, k)->lut == NULL)
        sc_view_state_set_colormap (to, k, p->colormap);
    }
}

static void
series_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ScPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = sc_stack_open_finish (result, &error);
  g_autoptr(ScViewState) vs = NULL;
  gboolean same_size;

  /* another series asked for meanwhile, or the page closed */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _sc_page_set_loading (self, FALSE);
  if (stack == NULL || self->view_state == NULL)
    {
      if (error != NULL)
        _sc_page_message (self, error->message);
      _sc_page_series_update (self);   /* the selector shows the series shown */
      return;
    }

  same_size = sc_stack_get_width (stack) == sc_stack_get_width (self->stack)
              && sc_stack_get_height (stack) == sc_stack_get_height (self->stack);
  vs = _sc_page_new_view_state (stack);
  carry_display (self->view_state, vs);
  _sc_page_set_view (self, stack, vs);
  if (!same_size)
    sc_plane_view_zoom_to_fit (self->plane_view);
}

void
sc_page_show_series (ScPage *self,
                     guint   series)
{
  g_return_if_fail (SC_IS_PAGE (self));
  g_return_if_fail (self->stack != NULL && sc_stack_get_path (self->stack) != NULL);
  g_return_if_fail (series < sc_stack_get_n_series (self->stack));

  /* the latest choice wins */
  g_cancellable_cancel (self->series_cancellable);
  g_clear_object (&self->series_cancellable);
  if (series == sc_stack_get_series (self->stack))
    {
      _sc_page_set_loading (self, FALSE);
      return;
    }
  self->series_cancellable = g_cancellable_new ();
  _sc_page_set_loading (self, TRUE);
  sc_stack_open_series_async (sc_stack_get_path (self->stack), series, self->series_cancellable,
                              series_opened_cb, g_object_ref (self));
}

static void
series_selected_cb (ScPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->series_dropdown);

  if (self->stack == NULL || selected == GTK_INVALID_LIST_POSITION || n_series_shown (self) < 2)
    return;
  sc_page_show_series (self, selected);
}

static void
missing_bar_response_cb (ScPage *self,
                         int     response)
{
  if (response == GTK_RESPONSE_CLOSE)
    gtk_widget_set_visible (self->missing_bar, FALSE);
}

/* The series to open in a tab: all but the one shown. */
static GMenuModel *
new_tab_menu (ScPage *self)
{
  GMenu *menu = g_menu_new ();
  guint n = sc_stack_get_n_series (self->stack);

  for (guint k = 0; k < n; k++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GString) label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (k == sc_stack_get_series (self->stack))
        continue;
      name = series_label (self->stack, k);
      label = g_string_new (name);
      /* a name is no mnemonic */
      g_string_replace (label, "_", "__", 0);
      item = g_menu_item_new (label->str, NULL);
      g_menu_item_set_action_and_target_value (item, "page.open-series-in-tab",
                                               g_variant_new_uint32 (k));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

void
_sc_page_series_update (ScPage *self)
{
  g_autofree char *missing = NULL;
  guint n = n_series_shown (self);

  if (self->stack != NULL && !self->is_result)
    missing = sc_stack_describe_missing_pages (self->stack);
  gtk_label_set_label (self->missing_label, missing ? missing : "");
  gtk_widget_set_visible (self->missing_bar, missing != NULL);

  gtk_widget_set_visible (self->series_bar, n > 1);
  g_signal_handlers_block_by_func (self->series_dropdown, series_selected_cb, self);
  if (n > 1)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      g_autoptr(GMenuModel) menu = new_tab_menu (self);

      for (guint k = 0; k < n; k++)
        {
          g_autofree char *label = series_label (self->stack, k);

          gtk_string_list_append (names, label);
        }
      gtk_drop_down_set_model (self->series_dropdown, G_LIST_MODEL (names));
      gtk_drop_down_set_selected (self->series_dropdown, sc_stack_get_series (self->stack));
      gtk_menu_button_set_menu_model (self->series_tab_button, menu);
    }
  else
    {
      gtk_drop_down_set_model (self->series_dropdown, NULL);
      gtk_menu_button_set_menu_model (self->series_tab_button, NULL);
    }
  g_signal_handlers_unblock_by_func (self->series_dropdown, series_selected_cb, self);
}

void
_sc_page_series_init (ScPage *self)
{
  g_signal_connect_object (self->series_dropdown, "notify::selected",
                           G_CALLBACK (series_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->missing_bar, "response", G_CALLBACK (missing_bar_response_cb),
                           self, G_CONNECT_SWAPPED);
}
