/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-display-tiles.h"
#include "sc-plane-view.h"
#include "sc-reslice-source.h"
#include "sc-view-history.h"
#include "sc-view-state.h"

G_BEGIN_DECLS

/* One tab: a stack opened from a file, a folder or the demo stack, or the result of a
 * projection. It owns its stack, its view state, its display tiles and its plane view;
 * everything it reads or renders happens off the main loop.
 *
 * Properties: "stack", "view-state" (both NULL until loaded), "title", "subtitle",
 * "tooltip", "loading", "is-result", "unsaved" (a result not exported yet),
 * "busy" (a projection fills it), "progress",
 * "readout" (the values under the pointer), "plane-source" (where the plane shown comes
 * from), "orthogonal" (the XZ and YZ views are shown; page.orthogonal toggles it).
 *
 * Signals:
 *   "loaded" (const GError *error): opening ended; error is NULL on success.
 *   "pixel-activated" (guint x, guint y): a pixel of the image was clicked.
 *   "message" (const char *text): something went wrong that the user should read.
 *   "open-series" (guint series): the user asked for image series `series` of the file
 *                 shown in a tab of its own (sc_page_load_series() opens it). */

#define SC_TYPE_PAGE (sc_page_get_type ())
G_DECLARE_FINAL_TYPE (ScPage, sc_page, SC, PAGE, GtkWidget)

typedef struct _ScPageSlab ScPageSlab;

ScPage         *sc_page_new                 (void);
/* Opens file (a TIFF, a PNG or a folder of them), or the demo stack when file is NULL. */
void            sc_page_load                (ScPage       *self,
                                             GFile        *file);
/* The same at image series `series` (0-based) of a file that holds several. */
void            sc_page_load_series         (ScPage       *self,
                                             GFile        *file,
                                             guint         series);
/* Shows another image series of the stack's file in this page, in the background: the
 * position in the stack, the zoom and the channels' looks stay where they can. A series
 * that cannot be opened leaves the page as it is, with a "message". */
void            sc_page_show_series         (ScPage       *self,
                                             guint         series);
/* A result page: starts with partial (the empty result) shown as from shows it (channel:
 * the projected channel, or -1 for all); its range follows the data. */
ScPage         *sc_page_new_for_result      (ScStack      *partial,
                                             ScViewState  *from,
                                             int           channel,
                                             const char   *title);
/* A new version of a result page's data (a partial result or the final one). */
void            sc_page_set_result          (ScPage       *self,
                                             ScStack      *result);

/* TRUE while the statistics or the tiles of the data last set are being made: a
 * projection hands over no new partial result until then. */
gboolean        sc_page_get_pending         (ScPage       *self);

ScStack        *sc_page_get_stack           (ScPage       *self);
ScViewState    *sc_page_get_view_state      (ScPage       *self);
/* Undo and redo over the view state's display settings (page.undo, page.redo); the same
 * object for the page's life. */
ScViewHistory  *sc_page_get_history         (ScPage       *self);
ScDisplayTiles *sc_page_get_tiles           (ScPage       *self);
ScPlaneView    *sc_page_get_plane_view      (ScPage       *self);
/* The live slab projection around the plane shown (sc-page-slab.h); the same object for
 * the page's life. */
ScPageSlab     *sc_page_get_slab            (ScPage       *self);
const char     *sc_page_get_title           (ScPage       *self);
const char     *sc_page_get_subtitle        (ScPage       *self);
const char     *sc_page_get_tooltip         (ScPage       *self);
gboolean        sc_page_get_loading         (ScPage       *self);
gboolean        sc_page_get_is_result       (ScPage       *self);
/* TRUE for a result (running or done) that has not been exported: closing it loses it. */
gboolean        sc_page_get_unsaved         (ScPage       *self);
/* The result is written to a file (a PNG or TIFF export of it succeeded). */
void            sc_page_set_saved           (ScPage       *self);
gboolean        sc_page_get_busy            (ScPage       *self);
void            sc_page_set_busy            (ScPage       *self,
                                             gboolean      busy);
double          sc_page_get_progress        (ScPage       *self);
void            sc_page_set_progress        (ScPage       *self,
                                             double        progress);
const char     *sc_page_get_readout         (ScPage       *self);
const char     *sc_page_get_plane_source    (ScPage       *self);
/* The orthogonal views (sc-page-ortho.c): an XZ pane below the plane, a YZ pane to its
 * right, linked by a crosshair whose z is the view state's slice. Only for stacks of
 * several slices (can_orthogonal). */
gboolean        sc_page_get_orthogonal      (ScPage       *self);
void            sc_page_set_orthogonal      (ScPage       *self,
                                             gboolean      orthogonal);
gboolean        sc_page_get_can_orthogonal  (ScPage       *self);
/* Moves the crosshair to column x, row y and slice z (the view state's slice follows). */
void            sc_page_set_ortho_point     (ScPage       *self,
                                             guint         x,
                                             guint         y,
                                             guint         z);
void            sc_page_get_ortho_point     (ScPage       *self,
                                             guint        *x,
                                             guint        *y);
/* A pane's view state (NULL while the views are off), plane view and tiles. */
ScViewState    *sc_page_get_ortho_view_state (ScPage       *self,
                                              ScResliceAxis axis);
ScPlaneView    *sc_page_get_ortho_plane_view (ScPage       *self,
                                              ScResliceAxis axis);
ScDisplayTiles *sc_page_get_ortho_tiles     (ScPage       *self,
                                             ScResliceAxis axis);
/* Toggles the log scale of the channel shown. */
void            sc_page_toggle_log          (ScPage       *self);

G_END_DECLS
