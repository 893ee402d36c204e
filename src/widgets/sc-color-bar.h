/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-render.h"

G_BEGIN_DECLS

#define SC_TYPE_COLOR_BAR (sc_color_bar_get_type ())
G_DECLARE_FINAL_TYPE (ScColorBar, sc_color_bar, SC, COLOR_BAR, GtkWidget)

GtkWidget *sc_color_bar_new        (void);
/* The bar maps its width linearly to params->min .. max, through gamma and log. */
void       sc_color_bar_set_params (ScColorBar           *self,
                                    const ScRenderParams *params,
                                    gboolean              integer);

G_END_DECLS
