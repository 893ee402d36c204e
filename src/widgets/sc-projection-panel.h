/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-projection.h"

G_BEGIN_DECLS

#define SC_TYPE_PROJECTION_PANEL (sc_projection_panel_get_type ())
G_DECLARE_FINAL_TYPE (ScProjectionPanel, sc_projection_panel, SC, PROJECTION_PANEL, GtkWidget)

/* The controls that choose a projection (method, percentile, planes, channel and time
 * point) with the Project and Cancel buttons (win.project, win.cancel-projection) and
 * the progress of the projection that runs. */
GtkWidget    *sc_projection_panel_new               (void);
/* The stack projections are made of; resets the plane range to all planes. A stack of
 * one slice and several time points is projected over time (the range counts time
 * points); a single plane offers no projection, and the panel says so. */
void          sc_projection_panel_set_stack         (ScProjectionPanel *self,
                                                     ScStack           *stack);
/* Whether the page shown is a result (a projection) rather than the stack: the panel
 * then says that it projects the stack, not the result. */
void          sc_projection_panel_set_result_shown  (ScProjectionPanel *self,
                                                     gboolean           result_shown);
/* Whether the stack has anything to project (more than one plane over Z or time);
 * win.project is enabled accordingly. */
gboolean      sc_projection_panel_get_can_project   (ScProjectionPanel *self);
/* The plane shown, marked beside the range (0-based). */
void          sc_projection_panel_set_current       (ScProjectionPanel *self,
                                                     guint              c,
                                                     guint              z,
                                                     guint              t);
/* A projection of the stack with the options chosen (over time for a stack of one slice),
 * and the title of its result, e.g. "MAX golgi.tif [1-25]" or "MAX cells.tif [T1-40]";
 * only where get_can_project(). */
ScProjection *sc_projection_panel_create_projection (ScProjectionPanel *self,
                                                     char             **title);
/* The plane (slice) range chosen, 0-based; the one slice where the range counts time
 * points. */
void          sc_projection_panel_get_range         (ScProjectionPanel *self,
                                                     guint             *first,
                                                     guint             *last);
void          sc_projection_panel_set_running       (ScProjectionPanel *self,
                                                     gboolean           running);
/* fraction 0..1; text NULL for the percentage alone. */
void          sc_projection_panel_set_progress      (ScProjectionPanel *self,
                                                     double             fraction,
                                                     const char        *text);

G_END_DECLS
