/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-histogram.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* Statistics of a stack for the display panel and the CLI: histograms of a plane or of
 * a channel, profiles through the stack, and the automatic display range. Each has a
 * sync function that runs on the calling thread and an _async twin over the same code
 * that runs it on a worker. Inputs are the stack (immutable) and numbers. */

/* The histogram of one plane (every sample of it, RGB components together): exact bins
 * for 8/16-bit integers, 4096 bins over the plane's range for other types. */
ScHistogram *sc_stack_stats_plane_histogram        (ScStack             *stack,
                                                    guint                index,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
void         sc_stack_stats_plane_histogram_async  (ScStack             *stack,
                                                    guint                index,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
ScHistogram *sc_stack_stats_plane_histogram_finish (GAsyncResult        *result,
                                                    GError             **error);

/* The histogram of every plane of channel c (all slices and frames). */
ScHistogram *sc_stack_stats_channel_histogram        (ScStack             *stack,
                                                      guint                c,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
void         sc_stack_stats_channel_histogram_async  (ScStack             *stack,
                                                      guint                c,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
ScHistogram *sc_stack_stats_channel_histogram_finish (GAsyncResult        *result,
                                                      GError             **error);

typedef enum {
  SC_PROFILE_ALONG_Z,
  SC_PROFILE_ALONG_T,
} ScProfileAxis;

/* The values of pixel (x, y) of channel c along Z (at frame t) or along T (at slice z):
 * n_slices or n_frames doubles, the first sample of the pixel. */
double      *sc_stack_stats_profile        (ScStack             *stack,
                                            guint                c,
                                            guint                z,
                                            guint                t,
                                            guint                x,
                                            guint                y,
                                            ScProfileAxis        axis,
                                            guint               *n_values,
                                            GCancellable        *cancellable,
                                            GError             **error);
void         sc_stack_stats_profile_async  (ScStack             *stack,
                                            guint                c,
                                            guint                z,
                                            guint                t,
                                            guint                x,
                                            guint                y,
                                            ScProfileAxis        axis,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
double      *sc_stack_stats_profile_finish (GAsyncResult        *result,
                                            guint               *n_values,
                                            GError             **error);

/* The smallest, largest and mean sample of every plane of the stack (RGB components
 * together, NaNs skipped), in plane order on the calling thread: what the command line
 * reports of a result. +inf, -inf and NaN where the stack holds no number. */
gboolean     sc_stack_stats_summary        (ScStack             *stack,
                                            double              *min,
                                            double              *max,
                                            double              *mean,
                                            GCancellable        *cancellable,
                                            GError             **error);

/* The display range "Auto" sets: ImageJ's Enhance Contrast with 0.35 % saturated, and
 * max > min always. FALSE when the histogram is NULL or empty. */
gboolean     sc_stack_stats_auto_range     (const ScHistogram   *hist,
                                            double              *min,
                                            double              *max);

G_END_DECLS
