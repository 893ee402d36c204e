/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-method.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* The live slab: a projection of the planes around the one shown, made again as the Z
 * slider moves. A slab is immutable once made; sc_slab_free() drops it. */
typedef struct {
  ScStack            *stack;    /* the projection: 1 slice, 1 frame, the channels asked */
  ScProjectionMethod  method;
  guint               first;    /* the planes projected, 0-based, inclusive */
  guint               last;
  guint               frame;
  int                 channel;  /* the channel projected, or SC_PROJECTION_ALL */
  /* 2 values per channel of stack (min, max): the data's own display range (ImageJ's
   * auto contrast) where the method's values are not on the stack's scale (SD), else
   * NULL */
  double             *ranges;
} ScSlab;

void     sc_slab_free            (ScSlab             *slab);

/* The planes of a slab of thickness planes centred on plane z of a stack of n_slices,
 * cut off at the stack's ends (plane 0 with 11 gives 0 .. 5). */
void     sc_slab_get_planes      (guint               n_slices,
                                  guint               z,
                                  guint               thickness,
                                  guint              *first,
                                  guint              *last);

/* Projects planes first..last of frame of stack (channel, or SC_PROJECTION_ALL) in the
 * background: the projection's loops run on every thread of the persistent pool, reading
 * rows in place where the stack maps them. A cancelled slab ends with G_IO_ERROR_CANCELLED,
 * never with a result. */
void     sc_slab_project_async   (ScStack             *stack,
                                  ScProjectionMethod   method,
                                  guint                first,
                                  guint                last,
                                  guint                frame,
                                  int                  channel,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
ScSlab  *sc_slab_project_finish  (GAsyncResult        *result,
                                  GError             **error);
/* The same on the calling thread (tests, the benchmark). */
ScSlab  *sc_slab_project         (ScStack             *stack,
                                  ScProjectionMethod   method,
                                  guint                first,
                                  guint                last,
                                  guint                frame,
                                  int                  channel,
                                  GCancellable        *cancellable,
                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSlab, sc_slab_free)

G_END_DECLS
