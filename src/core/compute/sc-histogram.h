/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sc-types.h"

G_BEGIN_DECLS

/* A histogram of sample values. 8- and 16-bit integer data get one bin per value
 * (256 or 65536 bins from the type's minimum); other types n_bins over [min, max). */
typedef struct {
  ScSampleType  type;
  guint         n_bins;
  double        min;          /* value of the lower edge of bin 0 */
  double        bin_width;
  guint64      *counts;
  guint64       total;        /* samples counted, NaNs excluded */
  double        data_min;     /* smallest and largest sample seen (+inf/-inf before any) */
  double        data_max;
  double        sum;
} ScHistogram;

ScHistogram *sc_histogram_new            (ScSampleType        type,
                                          double              min,
                                          double              max,
                                          guint               n_bins);
/* Exact bins for 8/16-bit types; for others 4096 bins over [min, max). */
ScHistogram *sc_histogram_new_for_type   (ScSampleType        type,
                                          double              min,
                                          double              max);
void         sc_histogram_free           (ScHistogram        *hist);
void         sc_histogram_clear          (ScHistogram        *hist);
void         sc_histogram_add            (ScHistogram        *hist,
                                          gconstpointer       src,
                                          gsize               src_stride,
                                          guint               samples_per_pixel,
                                          guint               width,
                                          guint               height);
void         sc_histogram_merge          (ScHistogram        *hist,
                                          const ScHistogram  *other);
double       sc_histogram_bin_value      (const ScHistogram  *hist,
                                          guint               bin);
double       sc_histogram_get_mean       (const ScHistogram  *hist);
/* ImageJ's "Enhance Contrast": the range that leaves saturated_percent of the samples
 * outside it, half below and half above (0.35 is ImageJ's default). FALSE when the
 * histogram is empty. */
gboolean     sc_histogram_auto_contrast  (const ScHistogram  *hist,
                                          double              saturated_percent,
                                          double             *min,
                                          double             *max);

/* Smallest and largest sample (NaNs skipped) of a plane; FALSE if there is none. */
gboolean sc_plane_get_range (ScSampleType   type,
                             gconstpointer  src,
                             gsize          src_stride,
                             guint          samples_per_pixel,
                             guint          width,
                             guint          height,
                             double        *min,
                             double        *max);
/* The value of one sample. */
double   sc_plane_get_value (ScSampleType   type,
                             gconstpointer  src,
                             gsize          src_stride,
                             guint          samples_per_pixel,
                             guint          x,
                             guint          y,
                             guint          sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScHistogram, sc_histogram_free)

G_END_DECLS
