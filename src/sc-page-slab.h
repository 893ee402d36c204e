/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-method.h"
#include "sc-page.h"
#include "sc-view-state.h"

G_BEGIN_DECLS

/* A page's live slab: while "enabled", the page shows the projection ("method") of the
 * "thickness" planes around the plane of its view state (cut off at the stack's ends) in
 * place of that plane, for the channel shown (every channel in a composite) of the frame
 * shown. The slab is projected again in the background as the position changes; the last
 * one stays shown until the next is ready, and one that a newer position supersedes is
 * cancelled and never shown.
 *
 * Properties: "enabled", "thickness" (odd: an even number is rounded up), "method" (not
 * percentile), "label" (the planes projected, "MAX z 8–18", or "" while disabled), "ready"
 * (the slab shown is the one of the current position). */

#define SC_TYPE_PAGE_SLAB (sc_page_slab_get_type ())
G_DECLARE_FINAL_TYPE (ScPageSlab, sc_page_slab, SC, PAGE_SLAB, GObject)

#define SC_PAGE_SLAB_MIN_THICKNESS 3
#define SC_PAGE_SLAB_MAX_THICKNESS 201
#define SC_PAGE_SLAB_DEFAULT_THICKNESS 11

gboolean           sc_page_slab_get_enabled   (ScPageSlab         *self);
void               sc_page_slab_set_enabled   (ScPageSlab         *self,
                                               gboolean            enabled);
guint              sc_page_slab_get_thickness (ScPageSlab         *self);
void               sc_page_slab_set_thickness (ScPageSlab         *self,
                                               guint               thickness);
ScProjectionMethod sc_page_slab_get_method    (ScPageSlab         *self);
void               sc_page_slab_set_method    (ScPageSlab         *self,
                                               ScProjectionMethod  method);
const char        *sc_page_slab_get_label     (ScPageSlab         *self);
gboolean           sc_page_slab_get_ready     (ScPageSlab         *self);
/* A result page (a tab, unsaved until exported) of the slab shown, as a projection of
 * those planes makes one; NULL unless "ready". */
ScPage            *sc_page_slab_new_result_page (ScPageSlab       *self);

/* For ScPage (sc-page.c, sc-page-readout.c) */
ScPageSlab        *_sc_page_slab_new          (ScPage             *page);
/* The page is going: cancels the slab in the making and forgets the page. */
void               _sc_page_slab_detach       (ScPageSlab         *self);
/* After any change of the page's view (position, channels, settings, a new stack). */
void               _sc_page_slab_update       (ScPageSlab         *self);
/* The page shows another stack: the slab of the one before is dropped. */
void               _sc_page_slab_reset        (ScPageSlab         *self);
/* What the page shows for the view plane: plane itself, or the slab in its looks. */
ScViewSnapshot    *_sc_page_slab_get_view     (ScPageSlab         *self,
                                               ScViewSnapshot     *plane);
/* The slab's stack where the page shows it (NULL: the plane shows), with the channel it
 * holds (or -1 for all) and the label of its planes. */
ScStack           *_sc_page_slab_get_shown    (ScPageSlab         *self,
                                               int                *channel,
                                               const char        **label);

G_END_DECLS
