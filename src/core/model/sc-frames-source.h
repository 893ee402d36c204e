/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-source.h"
#include "sc-stack.h"

G_BEGIN_DECLS

#define SC_TYPE_FRAMES_SOURCE (sc_frames_source_get_type ())
G_DECLARE_FINAL_TYPE (ScFramesSource, sc_frames_source, SC, FRAMES_SOURCE, ScSource)

/* The time points of a stack of one slice as the slices of a stack of one time point, so
 * that a projection over Z (sc-projection.h) is one over time, as ImageJ's Z Project does
 * for such a stack. Planes are read from stack as they are asked for (the plane index is
 * the same in both). The stack is named as stack, with stack's origin files, its pixel
 * size and palette; its slices have no spacing. */
ScStack *sc_frames_source_new_stack (ScStack *stack);

G_END_DECLS
