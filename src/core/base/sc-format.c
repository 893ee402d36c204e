/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-format"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc-format.h"

#define SIGNIFICANT 3

/* "1.2500" -> "1.25", "3.000" -> "3"; a string without a point is left alone */
static void
strip_zeros (char *s)
{
  char *end;

  if (strchr (s, '.') == NULL)
    return;
  end = s + strlen (s);
  while (end > s && end[-1] == '0')
    *--end = '\0';
  if (end > s && end[-1] == '.')
    *--end = '\0';
}

/* "1.20e+10" -> "1.2e10", "4.50e-07" -> "4.5e-7" */
static char *
format_scientific (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *e;
  int exponent;

  g_ascii_formatd (buf, sizeof buf, "%.2e", value);
  e = strchr (buf, 'e');
  g_assert (e != NULL);
  exponent = atoi (e + 1);
  *e = '\0';
  strip_zeros (buf);
  return g_strdup_printf ("%se%d", buf, exponent);
}

char *
sc_format_value (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  double a = fabs (value);
  int decimals;

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "-∞");
  if (value == 0)
    return g_strdup ("0");   /* and not "-0" */
  if (a < 1e9 && value == floor (value))
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.0f", value));
  if (a >= 1e9 || a < 1e-4)
    return format_scientific (value);

  /* the digits before the point count: 2581.37 keeps none after it, 0.000312 six */
  decimals = MAX (0, SIGNIFICANT - 1 - (int) floor (log10 (a)));
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);
  strip_zeros (buf);
  if (strcmp (buf, "-0") == 0)
    return g_strdup ("0");
  return g_strdup (buf);
}
