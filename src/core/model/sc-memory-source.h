/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-source.h"
#include "sc-stack.h"

G_BEGIN_DECLS

#define SC_TYPE_MEMORY_SOURCE (sc_memory_source_get_type ())
G_DECLARE_FINAL_TYPE (ScMemorySource, sc_memory_source, SC, MEMORY_SOURCE, ScSource)

/* A stack held in memory: generated samples, test fixtures, projection results.
 * data holds the planes one after the other in plane-index order, native byte order. */
ScSource *sc_memory_source_new (guint         width,
                                guint         height,
                                guint         n_channels,
                                guint         n_slices,
                                guint         n_frames,
                                ScSampleType  sample_type,
                                guint         samples_per_pixel,
                                GBytes       *data);
/* The stack of such a source, called name; it has no file (sc_stack_get_path() is NULL). */
ScStack *sc_memory_stack_new (const char   *name,
                              guint         width,
                              guint         height,
                              guint         n_channels,
                              guint         n_slices,
                              guint         n_frames,
                              ScSampleType  sample_type,
                              guint         samples_per_pixel,
                              GBytes       *data);

G_END_DECLS
