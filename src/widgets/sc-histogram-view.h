/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-render.h"

G_BEGIN_DECLS

#define SC_TYPE_HISTOGRAM_VIEW (sc_histogram_view_get_type ())
G_DECLARE_FINAL_TYPE (ScHistogramView, sc_histogram_view, SC, HISTOGRAM_VIEW, GtkWidget)

GtkWidget *sc_histogram_view_new           (void);
/* Copies what it draws; hist may be freed afterwards. NULL clears. */
void       sc_histogram_view_set_histogram (ScHistogramView   *self,
                                            const ScHistogram *hist);
double     sc_histogram_view_get_lower     (ScHistogramView   *self);
double     sc_histogram_view_get_upper     (ScHistogramView   *self);
void       sc_histogram_view_set_range     (ScHistogramView   *self,
                                            double             lower,
                                            double             upper);
/* The transfer curve drawn between the handles follows gamma and log as the image does
 * (sc_render_map_value()). */
void       sc_histogram_view_set_transfer  (ScHistogramView   *self,
                                            double             gamma,
                                            gboolean           log_scale);
/* The height of the transfer curve at value, 0 (black) to 1 (full). */
double     sc_histogram_view_get_curve_at  (ScHistogramView   *self,
                                            double             value);
/* Integer data moves the handles in whole values. */
void       sc_histogram_view_set_integer   (ScHistogramView   *self,
                                            gboolean           integer);

G_END_DECLS
