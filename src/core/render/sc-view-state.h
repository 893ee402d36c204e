/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sc-colormap.h"
#include "sc-render.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* How one page shows its stack: where it is (channel c, slice z, frame t), how it is
 * zoomed, and how each channel's values become colours. A plain GObject, main thread
 * only; workers get an immutable ScViewSnapshot of it. Setters clamp their arguments and
 * notify only on a change. */

#define SC_TYPE_VIEW_STATE (sc_view_state_get_type ())
G_DECLARE_FINAL_TYPE (ScViewState, sc_view_state, SC, VIEW_STATE, GObject)

/* Properties: "stack" (set at construction, then only by update_stack()), "channel", "slice", "frame", "composite",
 * "zoom" (0 = fit to the window), "center-x", "center-y" (image coordinates of the
 * point at the centre of the view), "n-channels" (read-only), "follow-data".
 *
 * Signals:
 *   "channel-changed" (guint channel): that channel's display settings changed.
 *   "display-changed": anything that changes the pixels shown changed (the plane shown,
 *                      composite, a shown channel's settings). Emitted once per change,
 *                      after the notifies and "channel-changed".
 *   "edited" (guint channel, const ScViewSettings *before): the user changed how the
 *                      view looks (a channel's range, gamma, log scale, colormap or LUT,
 *                      visibility, or composite mode), last of a change's signals; before
 *                      holds the settings of channel (the channel shown, for composite)
 *                      until then. Automatic ranges (set_auto_range()), new data, the
 *                      position and the zoom are no edits: undo (ScViewHistory) leaves
 *                      them alone, as napari and Fiji do with navigation.
 *   "begin-user-action", "end-user-action": around the edits of one user action (a drag,
 *                      Reset), for an undo that takes them back together; emitted by the
 *                      outermost begin_user_action() and end_user_action() only. */

/* What an edit changes: one channel's settings, and composite. */
typedef struct {
  ScRenderParams params;
  gboolean       visible;
  gboolean       composite;
} ScViewSettings;

/* A new view of stack as its file asks (sc_stack_get_channel_display(), _composite_mode()):
 * each channel's LUT (a bundled colormap where it is one) and range, which then counts as
 * set (has_range()), and composite unless the file's mode is "color" or "grayscale"
 * (which shows every channel in gray). Where the file says nothing: the type's full range,
 * the default channel colours, composite for 2 or more gray channels. */
ScViewState    *sc_view_state_new              (ScStack     *stack);
/* The view of a new result: its channels take their settings from the channels of from
 * (or from channel, when one channel was projected), it follows its data, and it is a
 * composite where from was one (or had a single channel). from may be NULL. */
ScViewState    *sc_view_state_new_for_result   (ScStack     *result,
                                                ScViewState *from,
                                                int          channel);
ScStack        *sc_view_state_get_stack        (ScViewState *self);
/* A new version of the stack shown, of the same shape (a projection's partial result or
 * its end): every setting stays, the pixels change. Notifies "stack". */
void            sc_view_state_update_stack     (ScViewState *self,
                                                ScStack     *stack);
guint           sc_view_state_get_n_channels   (ScViewState *self);

guint           sc_view_state_get_channel      (ScViewState *self);
void            sc_view_state_set_channel      (ScViewState *self,
                                                guint        c);
guint           sc_view_state_get_slice        (ScViewState *self);
void            sc_view_state_set_slice        (ScViewState *self,
                                                guint        z);
guint           sc_view_state_get_frame        (ScViewState *self);
void            sc_view_state_set_frame        (ScViewState *self,
                                                guint        t);
/* Sets c, z and t with one "display-changed". */
void            sc_view_state_set_position     (ScViewState *self,
                                                guint        c,
                                                guint        z,
                                                guint        t);
/* The index of plane (c, z, t) of the current slice and frame. */
guint           sc_view_state_get_plane_index  (ScViewState *self,
                                                guint        c);

/* Composite shows every visible channel added (ImageJ's composite mode); it is only
 * possible for stacks of 2 or more gray channels. */
gboolean        sc_view_state_get_composite    (ScViewState *self);
void            sc_view_state_set_composite    (ScViewState *self,
                                                gboolean     composite);

double          sc_view_state_get_zoom         (ScViewState *self);
void            sc_view_state_set_zoom         (ScViewState *self,
                                                double       zoom);
void            sc_view_state_get_center       (ScViewState *self,
                                                double      *x,
                                                double      *y);
void            sc_view_state_set_center       (ScViewState *self,
                                                double       x,
                                                double       y);

/* Per channel. The params' lut is (the process's copy of) the stack's palette or the
 * file's LUT for the channel where it has one. */
const ScRenderParams *sc_view_state_get_params (ScViewState *self,
                                                guint        c);
void            sc_view_state_set_range        (ScViewState *self,
                                                guint        c,
                                                double       min,
                                                double       max);
void            sc_view_state_set_gamma        (ScViewState *self,
                                                guint        c,
                                                double       gamma);
void            sc_view_state_set_log_scale    (ScViewState *self,
                                                guint        c,
                                                gboolean     log_scale);
void            sc_view_state_set_colormap     (ScViewState *self,
                                                guint        c,
                                                ScColormap   colormap);
/* A LUT of 256 RGB triplets (a copy is kept) in place of the colormap; NULL goes back to
 * the colormap. */
void            sc_view_state_set_lut          (ScViewState  *self,
                                                guint         c,
                                                const guint8 *lut);
/* Sets every setting of channel c at once (a reset, or settings carried over), with one
 * "channel-changed"; the range counts as the user's, as with set_range(). */
void            sc_view_state_set_params       (ScViewState          *self,
                                                guint                 c,
                                                const ScRenderParams *params);
/* Sets the range to the data's own (auto contrast of a new partial result, or the first
 * statistics of a stack just opened): unlike set_range(), it keeps following the data. */
void            sc_view_state_set_auto_range   (ScViewState *self,
                                                guint        c,
                                                double       min,
                                                double       max);
gboolean        sc_view_state_get_visible      (ScViewState *self,
                                                guint        c);
void            sc_view_state_set_visible      (ScViewState *self,
                                                guint        c,
                                                gboolean     visible);
/* Channel c's settings and the composite mode, as "edited" hands them. */
void            sc_view_state_get_settings     (ScViewState    *self,
                                                guint           c,
                                                ScViewSettings *settings);
/* Groups the edits until the matching end_user_action() into one user action (they nest);
 * see "begin-user-action". */
void            sc_view_state_begin_user_action (ScViewState *self);
void            sc_view_state_end_user_action  (ScViewState *self);
/* TRUE once a range was set (by the user, by auto contrast, or from the file); FALSE
 * while the range is the type's full range waiting for the data's own. */
gboolean        sc_view_state_has_range        (ScViewState *self,
                                                guint        c);
/* A result that is still being computed follows its data: auto contrast is applied to
 * each new partial result until the user sets a range. */
gboolean        sc_view_state_get_follow_data  (ScViewState *self);
void            sc_view_state_set_follow_data  (ScViewState *self,
                                                gboolean     follow);

/* What is shown, frozen: the stack, the plane(s), and every channel's settings with
 * their render tables. Immutable and thread-safe; the same snapshot is returned until
 * something it holds changes. */
typedef struct _ScViewSnapshot ScViewSnapshot;

ScViewSnapshot *sc_view_state_snapshot         (ScViewState *self);

ScViewSnapshot *sc_view_snapshot_ref           (ScViewSnapshot *snapshot);
void            sc_view_snapshot_unref         (ScViewSnapshot *snapshot);
/* Counts changes: two snapshots of one view state with the same serial show the same
 * pixels. Serials are unique across all view states of the process. */
guint64         sc_view_snapshot_get_serial    (const ScViewSnapshot *snapshot);
ScStack        *sc_view_snapshot_get_stack     (const ScViewSnapshot *snapshot);
guint           sc_view_snapshot_get_width     (const ScViewSnapshot *snapshot);
guint           sc_view_snapshot_get_height    (const ScViewSnapshot *snapshot);
guint           sc_view_snapshot_get_n_channels (const ScViewSnapshot *snapshot);
void            sc_view_snapshot_get_position  (const ScViewSnapshot *snapshot,
                                                guint                *c,
                                                guint                *z,
                                                guint                *t);
gboolean        sc_view_snapshot_get_composite (const ScViewSnapshot *snapshot);
/* Channel c's settings when the snapshot was taken; lut is the process's own copy. */
const ScRenderParams *sc_view_snapshot_get_params (const ScViewSnapshot *snapshot,
                                                   guint                 c);
gboolean        sc_view_snapshot_get_visible   (const ScViewSnapshot *snapshot,
                                                guint                 c);

/* The looks of from (every channel's settings, composite, the channel shown) over plane
 * (0, 0) of stack instead of from's plane: a projection of the planes around it (the live
 * slab). stack holds from's channels (channel < 0) or only channel. ranges (2 doubles per
 * channel of stack, or NULL) replace the channels' display ranges. Returns previous (a new
 * reference) where it would show the same pixels, so that its tiles stay; else a snapshot
 * of a serial of its own. */
ScViewSnapshot *sc_view_snapshot_new_for_stack (const ScViewSnapshot *from,
                                                ScStack              *stack,
                                                int                   channel,
                                                const double         *ranges,
                                                ScViewSnapshot       *previous);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScViewSnapshot, sc_view_snapshot_unref)

G_END_DECLS
