/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sc-types.h"

G_BEGIN_DECLS

typedef enum {
  SC_PROJECTION_MAX,
  SC_PROJECTION_MIN,
  SC_PROJECTION_SUM,
  SC_PROJECTION_MEAN,
  SC_PROJECTION_SD,
  SC_PROJECTION_MEDIAN,
  SC_PROJECTION_PERCENTILE,
} ScProjectionMethod;

#define SC_PROJECTION_N_METHODS (SC_PROJECTION_PERCENTILE + 1)

/* One row of the method table: what the projection, the CLI and the GUI know of a
 * method. */
typedef struct {
  ScProjectionMethod  id;
  const char         *name;        /* "max": CLI options, JSON, settings */
  const char         *title;       /* "Maximum", untranslated (N_()): show it through _() */
  const char         *label;       /* "MAX", "MEAN", "SD": short, for tab titles */
  const char         *tag;         /* "MAX", "AVG", "STD": ImageJ's prefix of result names */
  guint               streaming : 1;  /* reads each slice once (not median, percentile) */
  guint               keeps_type : 1; /* the result has the input's sample type */
} ScMethodInfo;

/* The table in the order of ScProjectionMethod; n_methods is SC_PROJECTION_N_METHODS. */
const ScMethodInfo *sc_method_get_table (guint *n_methods);
const ScMethodInfo *sc_method_get_info  (ScProjectionMethod method);

#define SC_TYPE_PROJECTION_METHOD (sc_projection_method_get_type ())
GType        sc_projection_method_get_type    (void) G_GNUC_CONST;
/* "max", "min", "sum", "mean", "sd", "median", "percentile" */
const char  *sc_projection_method_to_string   (ScProjectionMethod  method);
gboolean     sc_projection_method_from_string (const char         *str,
                                               ScProjectionMethod *method);
/* Max and min keep the input's sample type; every other method gives f32. */
ScSampleType sc_projection_method_result_type (ScProjectionMethod  method,
                                               ScSampleType        input);

G_END_DECLS
