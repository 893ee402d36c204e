/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-color-bar.h"
#include "sc-colormap-button.h"
#include "sc-histogram-view.h"
#include "sc-plane-view.h"
#include "sc-profile-view.h"
#include "sc-projection-panel.h"
#include "sc-render.h"
#include "sc-tab-strip.h"
#include "sc-window.h"

G_BEGIN_DECLS

/* How one channel is shown. */
typedef struct {
  ScRenderParams  params;
  ScRenderTable  *table;          /* made from params on demand; NULL when stale */
  ScHistogram    *stack_hist;     /* every plane of the channel, once computed */
  guint8         *buffer;         /* the channel's current plane when it cannot be peeked */
  gconstpointer   data;           /* the channel's current plane */
} ScChannelView;

/* What a tab shows while another tab is selected (see _sc_window_stash_view()). */
typedef struct {
  ScStack        *stack;
  ScChannelView  *channels;
  guint           n_channels;
  guint           c;
  guint           z;
  guint           t;
  gboolean        composite;
  gboolean        is_result;
  gboolean        keep_auto;
} ScViewState;

typedef struct _ScProjectionJob ScProjectionJob;

/* A result's plane made ready for display off the main loop. */
typedef struct {
  guint           c;
  guint           t;
  gboolean        composite;
  guint           n_channels;
  ScRenderParams *params;       /* what the pixels were rendered with */
  gboolean       *has_range;    /* params[i] holds an automatic range */
  ScHistogram   **hists;        /* per channel, of plane (c, 0, t) */
  GBytes         *pixels;       /* 0xAARRGGBB */
} ScResultView;

struct _ScWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* template children */
  AdwWindowTitle       *window_title;
  GtkToggleButton      *sidebar_button;
  GtkWidget            *info_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkSpinner           *spinner;
  GtkLabel             *loading_label;
  GtkScrolledWindow    *scroller;
  ScPlaneView          *plane_view;
  GtkLabel             *zoom_label;
  GtkWidget            *nav_box;
  GtkButton            *play_button;
  GtkWidget            *z_box;
  GtkLabel             *z_label;
  GtkAdjustment        *z_adjustment;
  GtkWidget            *t_box;
  GtkLabel             *t_label;
  GtkAdjustment        *t_adjustment;
  GtkWidget            *rate_spin;
  GtkAdjustment        *rate_adjustment;
  GtkLabel             *readout_label;
  GtkLabel             *plane_source_label;
  GtkWidget            *channel_box;
  GtkDropDown          *channel_dropdown;
  GtkSwitch            *composite_switch;
  ScColormapButton     *colormap_button;
  GtkToggleButton      *log_button;
  ScHistogramView      *histogram_view;
  ScColorBar           *color_bar;
  GtkSpinButton        *min_spin;
  GtkSpinButton        *max_spin;
  GtkAdjustment        *min_adjustment;
  GtkAdjustment        *max_adjustment;
  GtkAdjustment        *gamma_adjustment;
  GtkToggleButton      *hist_plane_button;
  GtkToggleButton      *hist_stack_button;
  GtkLabel             *profile_title;
  ScProfileView        *profile_view;
  GtkLabel             *profile_hint;
  GMenu                *recent_submenu;
  ScTabStrip           *tab_bar;
  AdwTabView           *tab_view;
  ScProjectionPanel    *projection_panel;
  GtkWidget            *export_box;
  GtkProgressBar       *export_progress;

  /* the stack shown and where we are in it */
  ScStack              *stack;
  GCancellable         *cancellable;      /* opening, stack histograms, profiles */
  ScChannelView        *channels;
  guint                 n_channels;
  guint                 c;
  guint                 z;
  guint                 t;
  gboolean              composite;
  ScHistogram          *plane_hist;       /* the current channel's current plane */
  guint                 plane_generation; /* counts plane requests; a read for an older one is dropped */
  gboolean              plane_loading;    /* a worker is reading planes */
  int                   profile_x;
  int                   profile_y;
  double                pointer_x;
  double                pointer_y;
  guint                 play_source;
  guint                 updating;         /* > 0 while controls are set from the model */
  gboolean              is_result;        /* the stack shown is a projection's result */
  gboolean              keep_auto;        /* its display range follows the data */

  /* tabs: the stack opened, then one per projection (sc-window-projection.c) */
  AdwTabPage           *current_page;
  AdwTabPage           *source_page;
  guint                 tabs_frozen;      /* > 0 while tabs change without switching views */
  ScProjectionJob      *job;              /* the projection that runs */
  GQueue                queue;            /* ScProjectionJobs waiting for it */
  guint                 stall_probe;
  gint64                stall_last;
  gint64                stall_max;
  gint64                report_max;       /* longest progress update, µs */

  /* exports (sc-window-export.c) */
  GCancellable         *export_cancellable;
};

/* sc-window.c */
void     _sc_window_show_toast        (ScWindow   *self,
                                       const char *message);
void     _sc_window_set_plane         (ScWindow   *self,
                                       guint       c,
                                       guint       z,
                                       guint       t);
void     _sc_window_set_composite     (ScWindow   *self,
                                       gboolean    composite);
void     _sc_window_auto_contrast     (ScWindow   *self);
void     _sc_window_reset_range       (ScWindow   *self);
void     _sc_window_toggle_play       (ScWindow   *self);
void     _sc_window_toggle_log        (ScWindow   *self);
gboolean _sc_window_get_playing       (ScWindow   *self);

void         _sc_window_view_state_free   (ScViewState *state);
void         _sc_window_stash_view        (ScWindow    *self,
                                           ScViewState *state);
void         _sc_window_restore_view      (ScWindow    *self,
                                           ScViewState *state);
ScViewState *_sc_window_new_result_state  (ScWindow    *self,
                                           ScStack     *result,
                                           int          channel);
void         _sc_window_update_result     (ScWindow    *self,
                                           ScStack     *result);
void         _sc_window_update_result_prepared (ScWindow     *self,
                                                ScStack      *result,
                                                ScResultView *view);
ScHistogram *_sc_window_plane_histogram   (ScStack       *stack,
                                           gconstpointer  data);
gboolean     _sc_window_auto_range        (const ScHistogram *hist,
                                           double            *min,
                                           double            *max);

/* sc-window-projection.c */
void     _sc_window_projection_init        (ScWindow   *self);
void     _sc_window_projection_dispose     (ScWindow   *self);
/* Cancels the projection that runs and those queued. */
void     _sc_window_projection_cancel      (ScWindow   *self);
/* Cancels, and closes every tab (a new stack opens). */
void     _sc_window_projection_reset       (ScWindow   *self);
void     _sc_window_projection_add_source_page (ScWindow *self,
                                                ScStack  *stack);
void     _sc_window_project                (ScWindow   *self);
gboolean _sc_window_projection_is_running  (ScWindow   *self);
/* The stack the projections are made of (the stack opened). */
ScStack *_sc_window_get_source_stack       (ScWindow   *self);

/* sc-window-export.c */
void     _sc_window_export_png             (ScWindow   *self);
void     _sc_window_export_tiff            (ScWindow   *self);
void     _sc_window_export_planes          (ScWindow   *self);
void     _sc_window_export_dispose         (ScWindow   *self);

/* sc-window-actions.c */
void     _sc_window_class_actions_init (ScWindowClass *klass);
void     _sc_window_actions_update     (ScWindow      *self);
void     _sc_window_show_info          (ScWindow      *self);
void     _sc_window_update_recent      (ScWindow      *self);

G_END_DECLS
