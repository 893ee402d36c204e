/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-window"

#include "config.h"

#include "sc-page-slab.h"
#include "sc-window-private.h"

/* The navigation bar's slab controls show the visible page's live slab, and its button
 * opens that slab as a result tab. */

static void
open_result_cb (ScWindow *self)
{
  ScPage *result;

  if (self->visible_page == NULL)
    return;
  result = sc_page_slab_new_result_page (sc_page_get_slab (self->visible_page));
  if (result != NULL)
    _sc_window_add_page (self, result);
}

void
_sc_window_slab_init (ScWindow *self)
{
  ScSlabControls *controls = sc_navigation_bar_get_slab_controls (self->nav_bar);
  GBindingGroup *b = self->slab_bindings = g_binding_group_new ();
  GBindingFlags both = G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL;

  g_binding_group_bind (b, "enabled", controls, "enabled", both);
  g_binding_group_bind (b, "thickness", controls, "thickness", both);
  g_binding_group_bind (b, "method", controls, "method", both);
  g_binding_group_bind (b, "label", controls, "label", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (b, "ready", controls, "ready", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (controls, "open-result", G_CALLBACK (open_result_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_sc_window_slab_set_page (ScWindow *self,
                          ScPage   *page)
{
  if (self->slab_bindings != NULL)
    g_binding_group_set_source (self->slab_bindings, page ? sc_page_get_slab (page) : NULL);
}
