/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SC_TYPE_TAB_STRIP (sc_tab_strip_get_type ())
G_DECLARE_FINAL_TYPE (ScTabStrip, sc_tab_strip, SC, TAB_STRIP, GtkWidget)

GtkWidget  *sc_tab_strip_new      (void);
AdwTabView *sc_tab_strip_get_view (ScTabStrip *self);
void        sc_tab_strip_set_view (ScTabStrip *self,
                                   AdwTabView *view);

G_END_DECLS
