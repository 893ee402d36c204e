/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-colormap.h"

G_BEGIN_DECLS

#define SC_TYPE_COLORMAP_BUTTON (sc_colormap_button_get_type ())
G_DECLARE_FINAL_TYPE (ScColormapButton, sc_colormap_button, SC, COLORMAP_BUTTON, GtkWidget)

GtkWidget  *sc_colormap_button_new          (void);
ScColormap  sc_colormap_button_get_colormap (ScColormapButton *self);
void        sc_colormap_button_set_colormap (ScColormapButton *self,
                                             ScColormap        colormap);

G_END_DECLS
