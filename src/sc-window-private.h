/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-display-panel.h"
#include "sc-export-dialogs.h"
#include "sc-navigation-bar.h"
#include "sc-page.h"
#include "sc-profile-panel.h"
#include "sc-projection-panel.h"
#include "sc-projection-queue.h"
#include "sc-tab-strip.h"
#include "sc-window.h"

G_BEGIN_DECLS

struct _ScWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* template children */
  AdwWindowTitle       *window_title;
  GtkToggleButton      *sidebar_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkSpinner           *spinner;
  GtkLabel             *loading_label;
  GtkLabel             *readout_label;
  GtkLabel             *plane_source_label;
  GMenu                *recent_submenu;
  ScTabStrip           *tab_bar;
  AdwTabView           *tab_view;
  ScNavigationBar      *nav_bar;
  ScProjectionPanel    *projection_panel;
  ScDisplayPanel       *display_panel;
  ScProfilePanel       *profile_panel;
  GtkWidget            *export_box;
  GtkProgressBar       *export_progress;

  /* the tabs: the stack opened, then one per projection, each an ScPage */
  ScPage               *visible_page;     /* the selected tab's */
  ScPage               *source_page;      /* the stack's own tab */
  ScPage               *opening_page;
  ScPage               *project_page;     /* the stack's tab that projections project */
  ScViewState          *project_view;     /* its view state (its series may change) */     /* a stack being opened, shown once it is */
  GBindingGroup        *page_bindings;
  GSignalGroup         *page_signals;
  GSignalGroup         *history_signals;  /* the visible page's undo history */
  GBindingGroup        *slab_bindings;    /* its live slab <-> the slab controls */

  ScProjectionQueue    *projections;

  /* sc-window-close.c: nothing unsaved is lost without a question */
  GtkWidget            *discard_question;  /* the window's, while it is shown (weak) */
  gboolean              discard_confirmed; /* the window closes: Discard was chosen */
  gboolean              closing_unasked;   /* tabs close that hold nothing to lose */

  ScExportDialogs      *exports;

  /* sc-window-ortho.c: "view.orthogonal" and the exports of its panes */
  GSimpleActionGroup   *view_actions;
  gboolean              ortho_smooth;     /* the panes' slices stretched smoothly */
};

/* sc-window.c */
void     _sc_window_show_toast         (ScWindow      *self,
                                        const char    *message);
/* Adds page as a tab and selects it. */
void     _sc_window_add_page           (ScWindow      *self,
                                        ScPage        *page);

/* sc-window-slab.c: the navigation bar's slab controls show the visible page's slab */
void     _sc_window_slab_init          (ScWindow      *self);
void     _sc_window_slab_set_page      (ScWindow      *self,
                                        ScPage        *page);

/* sc-window-close.c */
/* Results not exported (running ones too) and projections that wait. */
guint    _sc_window_count_unsaved      (ScWindow      *self);
/* AdwTabView::close-page: asks before an unsaved result goes. */
gboolean _sc_window_close_page         (ScWindow      *self,
                                        AdwTabPage    *tab);
/* GtkWindow::close-request: TRUE (stay open) while the question is asked. */
gboolean _sc_window_close_request      (ScWindow      *self);

/* sc-window-actions.c */
void     _sc_window_class_actions_init (ScWindowClass *klass);
void     _sc_window_actions_update     (ScWindow      *self);
void     _sc_window_init_actions       (ScWindow      *self);
void     _sc_window_update_recent      (ScWindow      *self);

/* sc-window-ortho.c: view.orthogonal and the exports of the orthogonal panes */
void     _sc_window_ortho_init         (ScWindow      *self);
void     _sc_window_ortho_update       (ScWindow      *self);

G_END_DECLS
