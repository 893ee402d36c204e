/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-method.h"

G_BEGIN_DECLS

#define SC_TYPE_SLAB_CONTROLS (sc_slab_controls_get_type ())
G_DECLARE_FINAL_TYPE (ScSlabControls, sc_slab_controls, SC, SLAB_CONTROLS, GtkWidget)

/* The controls of the live slab beside the Z slider: the toggle "Slab", and while it is on
 * the thickness (odd numbers of planes), the method, the planes projected and a button
 * that opens the slab as a result. A window binds them to the visible page's ScPageSlab.
 *
 * Properties: "enabled", "thickness", "method" (max, min, mean, sum, SD or median),
 * "label" (shown beside them), "ready" (the button acts only then).
 * Signal "open-result": the button was pressed. */
GtkWidget          *sc_slab_controls_new           (void);
gboolean            sc_slab_controls_get_enabled   (ScSlabControls     *self);
void                sc_slab_controls_set_enabled   (ScSlabControls     *self,
                                                    gboolean            enabled);
guint               sc_slab_controls_get_thickness (ScSlabControls     *self);
void                sc_slab_controls_set_thickness (ScSlabControls     *self,
                                                    guint               thickness);
ScProjectionMethod  sc_slab_controls_get_method    (ScSlabControls     *self);
void                sc_slab_controls_set_method    (ScSlabControls     *self,
                                                    ScProjectionMethod  method);
void                sc_slab_controls_set_label     (ScSlabControls     *self,
                                                    const char         *label);
void                sc_slab_controls_set_ready     (ScSlabControls     *self,
                                                    gboolean            ready);

G_END_DECLS
