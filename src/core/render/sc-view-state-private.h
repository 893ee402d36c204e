/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-view-state.h"

G_BEGIN_DECLS

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

/* Channel c's render table, made once (thread-safe). */
const ScRenderTable *_sc_view_snapshot_get_table (const ScViewSnapshot *snapshot,
                                                  guint                 c);
/* Whether channel c's plane is part of the pixels. */
gboolean             _sc_view_snapshot_shows     (const ScViewSnapshot *snapshot,
                                                  guint                 c);

G_END_DECLS
