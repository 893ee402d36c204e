/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-method"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-method.h"

static const ScMethodInfo methods[] = {
  { SC_PROJECTION_MAX, "max", N_("Maximum"), "MAX", "MAX", TRUE, TRUE },
  { SC_PROJECTION_MIN, "min", N_("Minimum"), "MIN", "MIN", TRUE, TRUE },
  { SC_PROJECTION_SUM, "sum", N_("Sum"), "SUM", "SUM", TRUE, FALSE },
  { SC_PROJECTION_MEAN, "mean", N_("Mean"), "MEAN", "AVG", TRUE, FALSE },
  { SC_PROJECTION_SD, "sd", N_("Standard Deviation"), "SD", "STD", TRUE, FALSE },
  { SC_PROJECTION_MEDIAN, "median", N_("Median"), "MEDIAN", "MED", FALSE, FALSE },
  { SC_PROJECTION_PERCENTILE, "percentile", N_("Percentile"), "P", "PCT", FALSE, FALSE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (methods) == SC_PROJECTION_N_METHODS);

G_DEFINE_ENUM_TYPE (ScProjectionMethod, sc_projection_method,
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_MAX, "max"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_MIN, "min"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_SUM, "sum"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_MEAN, "mean"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_SD, "sd"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_MEDIAN, "median"),
  G_DEFINE_ENUM_VALUE (SC_PROJECTION_PERCENTILE, "percentile"))

const ScMethodInfo *
sc_method_get_table (guint *n_methods)
{
  if (n_methods != NULL)
    *n_methods = G_N_ELEMENTS (methods);
  return methods;
}

const ScMethodInfo *
sc_method_get_info (ScProjectionMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (methods), NULL);
  return &methods[method];
}

const char *
sc_projection_method_to_string (ScProjectionMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (methods), NULL);
  return methods[method].name;
}

gboolean
sc_projection_method_from_string (const char         *str,
                                  ScProjectionMethod *method)
{
  g_return_val_if_fail (method != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_strcmp0 (str, methods[i].name) == 0)
      {
        *method = methods[i].id;
        return TRUE;
      }
  return FALSE;
}

ScSampleType
sc_projection_method_result_type (ScProjectionMethod method,
                                  ScSampleType       input)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (methods), SC_SAMPLE_F32);
  return methods[method].keeps_type ? input : SC_SAMPLE_F32;
}
