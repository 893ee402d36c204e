/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-histogram.h"
#include "sc-page.h"
#include "sc-page-slab.h"
#include "sc-view-history.h"

G_BEGIN_DECLS

typedef struct _ScPageOrtho ScPageOrtho;

struct _ScPage
{
  GtkWidget          parent_instance;

  /* template children */
  GtkWidget         *page_box;
  GtkWidget         *overlay;
  GtkScrolledWindow *scroller;
  ScPlaneView       *plane_view;
  GtkLabel          *zoom_label;
  GtkWidget         *missing_bar;
  GtkLabel          *missing_label;
  GtkWidget         *series_bar;
  GtkDropDown       *series_dropdown;
  GtkMenuButton     *series_tab_button;

  ScStack           *stack;
  ScViewState       *view_state;
  ScViewHistory     *history;         /* undo over the view state (sc-page-actions.c) */
  GBinding          *zoom_binding;    /* plane view's zoom -> view state's */
  ScDisplayTiles    *tiles;
  ScPageSlab        *slab;            /* the live slab around the plane (sc-page-slab.c) */
  GCancellable      *cancellable;     /* opening, statistics, readout, profile */
  GCancellable      *series_cancellable;  /* another series of the file being opened */
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

  ScPageOrtho       *ortho;           /* sc-page-ortho.c: the orthogonal views */
};

/* sc-page.c */
void     _sc_page_set_readout          (ScPage      *self,
                                        const char  *readout);
/* Shows stack with view_state (a stack opened, or another series of its file). */
void     _sc_page_set_view             (ScPage      *self,
                                        ScStack     *stack,
                                        ScViewState *view_state);
void     _sc_page_set_loading          (ScPage      *self,
                                        gboolean     loading);
/* Asks the window for series of the stack's file in a tab of its own ("open-series"). */
void     _sc_page_open_series_in_tab   (ScPage      *self,
                                        guint        series);
/* The view of a stack just opened, as its file asks and the settings say. */
ScViewState *_sc_page_new_view_state   (ScStack     *stack);
void     _sc_page_message              (ScPage      *self,
                                        const char  *message);
void     _sc_page_push_view            (ScPage      *self);

/* sc-page-stats.c */
void     _sc_page_stats_reset          (ScPage      *self);
void     _sc_page_stats_clear          (ScPage      *self);
gboolean _sc_page_stats_ranges_known   (ScPage      *self);
/* After any display change: reloads what the plane shown changes. */
void     _sc_page_stats_update         (ScPage      *self);

/* sc-page-series.c: the series bar and the bar of missing pages */
void     _sc_page_series_init          (ScPage      *self);
/* After a new stack: the series the file holds, the pages it lacks. */
void     _sc_page_series_update        (ScPage      *self);
/* "Series 2 of 3 · " where the file holds several, else "" (free it). */
char    *_sc_page_series_subtitle      (ScStack     *stack);
/* The page's title: the file's name, and the series' where it holds several. */
char    *_sc_page_series_title         (ScStack     *stack);

/* sc-page-readout.c */
void     _sc_page_readout_init         (ScPage      *self);
void     _sc_page_readout_update       (ScPage      *self);

/* sc-page-actions.c */
void     _sc_page_class_actions_init   (ScPageClass *klass);
void     _sc_page_actions_init         (ScPage      *self);
void     _sc_page_actions_update       (ScPage      *self);

/* sc-page-ortho.c */
void     _sc_page_ortho_init           (ScPage      *self);
void     _sc_page_ortho_dispose        (ScPage      *self);
/* After _sc_page_push_view(): the panes' views of the same display. */
void     _sc_page_ortho_push           (ScPage      *self);
/* A new stack (or a new version of a result's). */
void     _sc_page_ortho_stack_changed  (ScPage      *self);
/* TRUE when it changed. */
gboolean _sc_page_ortho_set_active     (ScPage      *self,
                                        gboolean     active);
gboolean _sc_page_ortho_get_active     (ScPage      *self);

G_END_DECLS
