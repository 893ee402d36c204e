/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_PROFILE_VIEW (sc_profile_view_get_type ())
G_DECLARE_FINAL_TYPE (ScProfileView, sc_profile_view, SC, PROFILE_VIEW, GtkWidget)

GtkWidget *sc_profile_view_new      (void);
/* values[i] for positions 1..n along the axis ("z" or "t"); current is highlighted.
 * step and unit label the axis in calibrated units when step > 0. */
void       sc_profile_view_set_data (ScProfileView *self,
                                     const double  *values,
                                     guint          n,
                                     guint          current,
                                     const char    *axis,
                                     double         step,
                                     const char    *unit);
void       sc_profile_view_set_current (ScProfileView *self,
                                        guint          current);
void       sc_profile_view_clear    (ScProfileView *self);

G_END_DECLS
