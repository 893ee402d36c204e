/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-histogram.h"
#include "sc-page.h"
#include "sc-view-history.h"

G_BEGIN_DECLS

struct _ScPage
{
  GtkWidget          parent_instance;

  /* template children */
  GtkWidget         *overlay;
  GtkScrolledWindow *scroller;
  ScPlaneView       *plane_view;
  GtkLabel          *zoom_label;

  ScStack           *stack;
  ScViewState       *view_state;
  ScViewHistory     *history;         /* undo over the view state (sc-page-actions.c) */
  GBinding          *zoom_binding;    /* plane view's zoom -> view state's */
  ScDisplayTiles    *tiles;
  GCancellable      *cancellable;     /* opening, statistics, readout, profile */
  char              *title;
  char              *subtitle;
  char              *tooltip;
  char              *readout;
  char              *plane_source;
  double             progress;
  guint              loading : 1;
  guint              is_result : 1;
  guint              busy : 1;
  guint              saved : 1;     /* a result exported as PNG or TIFF */
  /* the tiles wait for the ranges that the statistics bring (a new stack, a partial
   * result whose range follows its data) */
  guint              hold_tiles : 1;

  /* sc-page-stats.c: the histograms of the planes shown (latest request wins) */
  guint              n_channels;
  ScHistogram      **plane_hists;
  guint64            stats_key;       /* what plane_hists are of */
  gboolean           stats_running;

  /* the readout under the pointer */
  double             pointer_x;
  double             pointer_y;
  gboolean           readout_running;
};

/* sc-page.c */
void     _sc_page_set_readout          (ScPage      *self,
                                        const char  *readout);
void     _sc_page_message              (ScPage      *self,
                                        const char  *message);
void     _sc_page_push_view            (ScPage      *self);

/* sc-page-stats.c */
void     _sc_page_stats_reset          (ScPage      *self);
void     _sc_page_stats_clear          (ScPage      *self);
/* After any display change: reloads what the plane shown changes. */
void     _sc_page_stats_update         (ScPage      *self);

/* sc-page-readout.c */
void     _sc_page_readout_init         (ScPage      *self);
void     _sc_page_readout_update       (ScPage      *self);

/* sc-page-actions.c */
void     _sc_page_class_actions_init   (ScPageClass *klass);
void     _sc_page_actions_init         (ScPage      *self);
void     _sc_page_actions_update       (ScPage      *self);

G_END_DECLS
