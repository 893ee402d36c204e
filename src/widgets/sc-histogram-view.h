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
/* Integer data moves the handles in whole values. */
void       sc_histogram_view_set_integer   (ScHistogramView   *self,
                                            gboolean           integer);

G_END_DECLS
