/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tab-strip"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-tab-strip.h"

/* The row of tabs over the plane view: one tab per page of an AdwTabView, with the page's
 * title (ellipsized), a still icon while it loads and a close button.
 *
 * It stands in for AdwTabBar, whose tab titles are AdwFadingLabels: a title that does not
 * fit is drawn through a GskGLShader, one per tab, compiled when the tab shows and deleted
 * when it goes. GTK 4.8's GL renderer keeps uniform state by GL program name and never
 * forgets it, so the next program that gets a deleted program's name is drawn with stale
 * state; on Mesa's software GL that crashed the viewer (SIGSEGV in glDrawArrays) as soon as
 * three tabs with long titles were replaced by a new stack. Plain ellipsized labels need no
 * shader. */

struct _ScTabStrip
{
  GtkWidget   parent_instance;

  AdwTabView *view;
  GHashTable *tabs;   /* AdwTabPage -> its tab (GtkBox), owned by the strip */
};

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ScTabStrip, sc_tab_strip, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
update_selected (ScTabStrip *self)
{
  AdwTabPage *selected = self->view ? adw_tab_view_get_selected_page (self->view) : NULL;
  GHashTableIter iter;
  gpointer page, tab;

  g_hash_table_iter_init (&iter, self->tabs);
  while (g_hash_table_iter_next (&iter, &page, &tab))
    {
      gboolean is_selected = page == selected;

      if (is_selected)
        gtk_widget_add_css_class (tab, "selected");
      else
        gtk_widget_remove_css_class (tab, "selected");
      gtk_accessible_update_state (GTK_ACCESSIBLE (tab), GTK_ACCESSIBLE_STATE_SELECTED, is_selected, -1);
    }
}

static void
select_clicked_cb (GtkButton  *button,
                   AdwTabPage *page)
{
  ScTabStrip *self = SC_TAB_STRIP (gtk_widget_get_ancestor (GTK_WIDGET (button), SC_TYPE_TAB_STRIP));

  if (self != NULL && self->view != NULL)
    adw_tab_view_set_selected_page (self->view, page);
}

static void
close_clicked_cb (GtkButton  *button,
                  AdwTabPage *page)
{
  ScTabStrip *self = SC_TAB_STRIP (gtk_widget_get_ancestor (GTK_WIDGET (button), SC_TYPE_TAB_STRIP));

  if (self != NULL && self->view != NULL)
    adw_tab_view_close_page (self->view, page);
}

/* the tab and its button are named by the page's title, for screen readers */
static void
title_changed_cb (AdwTabPage *page,
                  GParamSpec *pspec,
                  GtkWidget  *tab)
{
  const char *title = adw_tab_page_get_title (page);

  gtk_accessible_update_property (GTK_ACCESSIBLE (tab), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (tab)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static GtkWidget *
new_tab (AdwTabPage *page)
{
  GtkWidget *tab = g_object_new (GTK_TYPE_BOX,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_TAB,
                                 "hexpand", TRUE,
                                 NULL);
  GtkWidget *select = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* not a GtkSpinner: its animation redraws the window every frame, and with a renderer
   * that draws on the CPU (llvmpipe) that kept the main loop from answering for the whole
   * of a projection */
  GtkWidget *loading = gtk_image_new_from_icon_name ("content-loading-symbolic");
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_widget_add_css_class (tab, "sc-tab");
  gtk_widget_set_hexpand (select, TRUE);
  gtk_widget_add_css_class (select, "flat");
  gtk_widget_set_halign (content, GTK_ALIGN_CENTER);
  /* a long name keeps its end, where stacks differ ("…_t01.tif", "[1-25]") */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (content), loading);
  gtk_box_append (GTK_BOX (content), label);
  gtk_button_set_child (GTK_BUTTON (select), content);

  gtk_widget_add_css_class (close, "flat");
  gtk_widget_add_css_class (close, "circular");
  gtk_widget_set_valign (close, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (close, _("Close Tab"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Close Tab"), -1);

  gtk_box_append (GTK_BOX (tab), select);
  gtk_box_append (GTK_BOX (tab), close);

  g_object_bind_property (page, "title", label, "label", G_BINDING_SYNC_CREATE);
  /* the full name, or the file's path (AdwTabPage's tooltip is markup) */
  g_object_bind_property (page, "tooltip", select, "tooltip-markup", G_BINDING_SYNC_CREATE);
  g_object_bind_property (page, "loading", loading, "visible", G_BINDING_SYNC_CREATE);
  /* a pinned page (the stack itself) stays: it has no close button */
  g_object_bind_property (page, "pinned", close, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  g_signal_connect_object (page, "notify::title", G_CALLBACK (title_changed_cb), tab, 0);
  title_changed_cb (page, NULL, tab);

  /* the page outlives its tab: the view detaches it before it goes */
  g_signal_connect (select, "clicked", G_CALLBACK (select_clicked_cb), page);
  g_signal_connect (close, "clicked", G_CALLBACK (close_clicked_cb), page);
  return tab;
}

static void
page_attached_cb (ScTabStrip *self,
                  AdwTabPage *page,
                  int         position)
{
  GtkWidget *tab = new_tab (page);
  GtkWidget *sibling = NULL;

  /* the tab before it, in the view's order */
  if (position > 0)
    sibling = g_hash_table_lookup (self->tabs, adw_tab_view_get_nth_page (self->view, position - 1));
  g_hash_table_insert (self->tabs, page, tab);
  if (sibling != NULL)
    gtk_widget_insert_after (tab, GTK_WIDGET (self), sibling);
  else
    gtk_widget_insert_after (tab, GTK_WIDGET (self), NULL);
  update_selected (self);
}

static void
page_reordered_cb (ScTabStrip *self,
                   AdwTabPage *page,
                   int         position)
{
  GtkWidget *tab = g_hash_table_lookup (self->tabs, page);
  GtkWidget *sibling = NULL;

  if (tab == NULL)
    return;
  if (position > 0)
    sibling = g_hash_table_lookup (self->tabs, adw_tab_view_get_nth_page (self->view, position - 1));
  gtk_widget_insert_after (tab, GTK_WIDGET (self), sibling);
}

static void
page_detached_cb (ScTabStrip *self,
                  AdwTabPage *page,
                  int         position)
{
  GtkWidget *tab = g_hash_table_lookup (self->tabs, page);

  if (tab == NULL)
    return;
  /* the bindings to the page go with the tab's widgets */
  g_hash_table_remove (self->tabs, page);
  gtk_widget_unparent (tab);
}

static void
clear_tabs (ScTabStrip *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->tabs);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

static void
sc_tab_strip_dispose (GObject *object)
{
  ScTabStrip *self = SC_TAB_STRIP (object);

  sc_tab_strip_set_view (self, NULL);
  clear_tabs (self);

  G_OBJECT_CLASS (sc_tab_strip_parent_class)->dispose (object);
}

static void
sc_tab_strip_finalize (GObject *object)
{
  ScTabStrip *self = SC_TAB_STRIP (object);

  g_hash_table_unref (self->tabs);

  G_OBJECT_CLASS (sc_tab_strip_parent_class)->finalize (object);
}

static void
sc_tab_strip_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ScTabStrip *self = SC_TAB_STRIP (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_tab_strip_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ScTabStrip *self = SC_TAB_STRIP (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      sc_tab_strip_set_view (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_tab_strip_class_init (ScTabStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_tab_strip_dispose;
  object_class->finalize = sc_tab_strip_finalize;
  object_class->get_property = sc_tab_strip_get_property;
  object_class->set_property = sc_tab_strip_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, ADW_TYPE_TAB_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tabstrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TAB_LIST);
}

static void
sc_tab_strip_init (ScTabStrip *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  self->tabs = g_hash_table_new (NULL, NULL);
  gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (layout), TRUE);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 3);
}

GtkWidget *
sc_tab_strip_new (void)
{
  return g_object_new (SC_TYPE_TAB_STRIP, NULL);
}

AdwTabView *
sc_tab_strip_get_view (ScTabStrip *self)
{
  g_return_val_if_fail (SC_IS_TAB_STRIP (self), NULL);

  return self->view;
}

void
sc_tab_strip_set_view (ScTabStrip *self,
                       AdwTabView *view)
{
  g_return_if_fail (SC_IS_TAB_STRIP (self));
  g_return_if_fail (view == NULL || ADW_IS_TAB_VIEW (view));

  if (self->view == view)
    return;

  if (self->view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->view, self);
      clear_tabs (self);
      g_clear_object (&self->view);
    }

  if (view != NULL)
    {
      self->view = g_object_ref (view);
      g_signal_connect_swapped (view, "page-attached", G_CALLBACK (page_attached_cb), self);
      g_signal_connect_swapped (view, "page-detached", G_CALLBACK (page_detached_cb), self);
      g_signal_connect_swapped (view, "page-reordered", G_CALLBACK (page_reordered_cb), self);
      g_signal_connect_swapped (view, "notify::selected-page", G_CALLBACK (update_selected), self);
      for (int i = 0; i < adw_tab_view_get_n_pages (view); i++)
        page_attached_cb (self, adw_tab_view_get_nth_page (view, i), i);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}
