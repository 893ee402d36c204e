/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sc-render.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* As in sc-view-state.h, which this header does not include: the layering check counts an
 * include in both directions as a cycle. */
typedef struct _ScViewSnapshot ScViewSnapshot;

/* The view state's own, for its snapshots (sc-view-snapshot.c). */
typedef struct {
  ScRenderParams params;
  gboolean       visible;
  gboolean       has_range;
} ScViewChannel;

struct _ScViewState
{
  GObject         parent_instance;

  ScStack        *stack;
  guint           n_channels;
  ScViewChannel  *channels;

  guint           c;
  guint           z;
  guint           t;
  gboolean        composite;
  gboolean        follow_data;
  double          zoom;
  double          center_x;
  double          center_y;
  guint           user_action;   /* the depth of begin_user_action() */

  ScViewSnapshot *snapshot;   /* cached until something it holds changes */
  guint64         serial;     /* of the pixels shown; 0 once they changed */
};

/* The frozen settings of one channel. */
typedef struct {
  ScRenderParams  params;
  gboolean        visible;
  guint           plane_index;   /* of the snapshot's slice and frame */
  ScRenderTable  *table;         /* made on first use, by whichever thread needs it */
} ScSnapshotChannel;

struct _ScViewSnapshot
{
  ScStack           *stack;
  guint64            serial;
  guint              width;
  guint              height;
  ScSampleType       type;
  guint              samples_per_pixel;
  guint              channel;
  guint              slice;
  guint              frame;
  gboolean           composite;
  guint              n_channels;
  ScSnapshotChannel  channels[];
};

/* A snapshot of n_channels channels, zeroed but for n_channels, with one reference. */
ScViewSnapshot      *_sc_view_snapshot_new       (guint                 n_channels);
/* Channel c's render table, made once (thread-safe). */
const ScRenderTable *_sc_view_snapshot_get_table (const ScViewSnapshot *snapshot,
                                                  guint                 c);
/* Whether channel c's plane is part of the pixels. */
gboolean             _sc_view_snapshot_shows     (const ScViewSnapshot *snapshot,
                                                  guint                 c);

G_END_DECLS
