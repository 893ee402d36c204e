/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-format"

#include "config.h"

#include <locale.h>
#include <math.h>

#include "sc-format.h"

typedef struct {
  double      value;
  const char *text;
} Case;

/* What a colour bar says for a range end: data ranges of 8- and 16-bit stacks, float
 * results of mean, SD and sum projections, and what no data should give. */
static const Case cases[] = {
  { 0, "0" }, { -0.0, "0" }, { 1, "1" }, { -3, "-3" }, { 73, "73" }, { 2581, "2581" },
  { 65535, "65535" }, { 123456789, "123456789" }, { 999999999, "999999999" },
  { 1.25, "1.25" }, { 1.2500001, "1.25" }, { 1.5, "1.5" }, { 0.5, "0.5" }, { 0.1, "0.1" },
  { 4.65, "4.65" }, { 12.345, "12.3" }, { 1.0 / 3, "0.333" }, { 2.0 / 3, "0.667" },
  { 0.000312, "0.000312" }, { -0.000312, "-0.000312" }, { 0.001, "0.001" }, { 1e-4, "0.0001" },
  { 2581.37, "2581" }, { 150.4, "150" }, { 99.96, "100" }, { 9.996, "10" },
  { 0.0009996, "0.001" }, { -12.75, "-12.8" },
  { 1e9, "1e9" }, { 1.234e12, "1.23e12" }, { 3.4028235e38, "3.4e38" }, { -2.5e10, "-2.5e10" },
  { 1.2e-5, "1.2e-5" }, { 4.5e-7, "4.5e-7" }, { 9.99e-5, "9.99e-5" },
  { NAN, "NaN" }, { INFINITY, "∞" }, { -INFINITY, "-∞" },
};

static void
check_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sc_format_value (cases[i].value);

      g_test_message ("%.17g -> %s", cases[i].value, text);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_table (void)
{
  check_table ();
}

/* A German desktop writes 1,25 for printf's "%.2f": a label for a figure keeps the point. */
static void
test_locale (void)
{
  const char *old = setlocale (LC_NUMERIC, NULL);
  g_autofree char *saved = g_strdup (old);

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("the de_DE.UTF-8 locale is not installed");
      return;
    }
  check_table ();
  setlocale (LC_NUMERIC, saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/format/table", test_table);
  g_test_add_func ("/core/format/locale", test_locale);

  return g_test_run ();
}
