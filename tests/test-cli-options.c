/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "sc-cli-json.h"
#include "sc-cli-options.h"

/* A count takes digits from 1 to max and nothing else; NULL leaves the value. */
static void
test_count (void)
{
  static const char * const wrong[] = { "0", "-1", "+1", " 1", "1 ", "1x", "1.5", "0x10", "", "x",
                                        "1025", "99999999999999999999" };
  guint value = 7;

  g_assert_true (sc_cli_parse_count (NULL, 1024, &value));
  g_assert_cmpuint (value, ==, 7);
  g_assert_true (sc_cli_parse_count ("1", 1024, &value));
  g_assert_cmpuint (value, ==, 1);
  g_assert_true (sc_cli_parse_count ("1024", 1024, &value));
  g_assert_cmpuint (value, ==, 1024);
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      value = 7;
      g_assert_false (sc_cli_parse_count (wrong[i], 1024, &value));
      g_assert_cmpuint (value, ==, 7);
    }
}

/* --channel 1 is the first channel, 0; "0" is a mistake, not "each". */
static void
test_index (void)
{
  int index = -1;

  g_assert_true (sc_cli_parse_index (NULL, &index));
  g_assert_cmpint (index, ==, -1);
  g_assert_true (sc_cli_parse_index ("1", &index));
  g_assert_cmpint (index, ==, 0);
  g_assert_true (sc_cli_parse_index ("3", &index));
  g_assert_cmpint (index, ==, 2);
  g_assert_true (sc_cli_parse_index ("2147483647", &index));
  g_assert_cmpint (index, ==, G_MAXINT - 1);

  index = -1;
  g_assert_false (sc_cli_parse_index ("0", &index));
  g_assert_false (sc_cli_parse_index ("2147483648", &index));
  g_assert_false (sc_cli_parse_index ("-1", &index));
  g_assert_false (sc_cli_parse_index ("2a", &index));
  g_assert_cmpint (index, ==, -1);
}

static void
test_slices (void)
{
  static const char * const wrong[] = { "0", "0:3", "5:2", "a:b", "1:2:3:4", "", "1:2:0", "1:2:",
                                        "1.5", "-1:3" };
  guint first = 9, last = 9, step = 9;

  g_assert_true (sc_cli_parse_slices (NULL, &first, &last, &step));
  g_assert_cmpuint (first, ==, 9);
  g_assert_true (sc_cli_parse_slices ("3", &first, &last, &step));
  g_assert_cmpuint (first, ==, 2);
  g_assert_cmpuint (last, ==, 2);
  g_assert_cmpuint (step, ==, 1);
  g_assert_true (sc_cli_parse_slices ("2:10:3", &first, &last, &step));
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (last, ==, 9);
  g_assert_cmpuint (step, ==, 3);
  g_assert_true (sc_cli_parse_slices ("5:", &first, &last, &step));
  g_assert_cmpuint (first, ==, 4);
  g_assert_cmpuint (last, ==, G_MAXUINT);
  g_assert_true (sc_cli_parse_slices (":4", &first, &last, &step));
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, 3);
  g_assert_true (sc_cli_parse_slices ("::2", &first, &last, &step));
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, G_MAXUINT);
  g_assert_cmpuint (step, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      first = last = step = 9;
      g_assert_false (sc_cli_parse_slices (wrong[i], &first, &last, &step));
      g_assert_cmpuint (first, ==, 9);
      g_assert_cmpuint (last, ==, 9);
      g_assert_cmpuint (step, ==, 9);
    }
}

static void
test_percentile (void)
{
  static const char * const wrong[] = { "101", "-0.5", "nan", "inf", "50%", "", "x", "5 0" };
  double value = 50;

  g_assert_true (sc_cli_parse_percentile (NULL, &value));
  g_assert_cmpfloat (value, ==, 50);
  g_assert_true (sc_cli_parse_percentile ("0", &value));
  g_assert_cmpfloat (value, ==, 0);
  g_assert_true (sc_cli_parse_percentile ("12.5", &value));
  g_assert_cmpfloat (value, ==, 12.5);
  g_assert_true (sc_cli_parse_percentile ("100", &value));
  g_assert_cmpfloat (value, ==, 100);
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      value = 50;
      g_assert_false (sc_cli_parse_percentile (wrong[i], &value));
      g_assert_cmpfloat (value, ==, 50);
    }
}

static void
test_size (void)
{
  static const struct { const char *text; guint64 bytes; } right[] = {
    { "100", 100 },
    { "100K", 100 * 1024 },
    { "512M", 512ull * 1024 * 1024 },
    { "64MiB", 64ull * 1024 * 1024 },
    { "2gb", 2ull * 1024 * 1024 * 1024 },
    { "1.5G", 1536ull * 1024 * 1024 },
    { "10T", 10ull * 1024 * 1024 * 1024 * 1024 },
  };
  static const char * const wrong[] = { "0", "-1", "x", "1X", "1MBs", "", "0.0001", "1e30T" };
  guint64 bytes = 5;

  g_assert_true (sc_cli_parse_size (NULL, &bytes));
  g_assert_cmpuint (bytes, ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (right); i++)
    {
      g_assert_true (sc_cli_parse_size (right[i].text, &bytes));
      g_assert_cmpuint (bytes, ==, right[i].bytes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      bytes = 5;
      g_assert_false (sc_cli_parse_size (wrong[i], &bytes));
      g_assert_cmpuint (bytes, ==, 5);
    }
}

static void
test_range (void)
{
  static const char * const wrong[] = { "100:50", "5:5", "a:b", "5", "0:inf", "nan:1", "1:2:3",
                                        "", "Auto" };
  gboolean is_auto = TRUE;
  double min = -7, max = -7;

  g_assert_true (sc_cli_parse_range (NULL, &is_auto, &min, &max));
  g_assert_true (is_auto);
  g_assert_true (sc_cli_parse_range ("0:1000", &is_auto, &min, &max));
  g_assert_false (is_auto);
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, ==, 1000);
  g_assert_true (sc_cli_parse_range ("-1.5:2e3", &is_auto, &min, &max));
  g_assert_cmpfloat (min, ==, -1.5);
  g_assert_cmpfloat (max, ==, 2000);
  g_assert_true (sc_cli_parse_range ("auto", &is_auto, &min, &max));
  g_assert_true (is_auto);

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      is_auto = TRUE;
      min = max = -7;
      g_assert_false (sc_cli_parse_range (wrong[i], &is_auto, &min, &max));
      g_assert_true (is_auto);
      g_assert_cmpfloat (min, ==, -7);
      g_assert_cmpfloat (max, ==, -7);
    }
}

static void
test_json (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  sc_cli_json_string (out, "a\"b\\c\nd\te\x01 µm");
  g_assert_cmpstr (out->str, ==, "\"a\\\"b\\\\c\\nd\\te\\u0001 µm\"");
  g_string_truncate (out, 0);
  sc_cli_json_string (out, NULL);
  g_assert_cmpstr (out->str, ==, "null");

  g_string_truncate (out, 0);
  sc_cli_json_number_member (out, "mean", 236.87314814814815);
  g_string_append (out, ", ");
  sc_cli_json_number_member (out, "rate", NAN);
  g_string_append (out, ", ");
  sc_cli_json_number_member (out, "big", INFINITY);
  g_assert_cmpstr (out->str, ==, "\"mean\": 236.8731481, \"rate\": null, \"big\": null");

  g_string_truncate (out, 0);
  sc_cli_json_double (out, 0.1);
  g_string_append (out, " ");
  sc_cli_json_double (out, 0.375);
  g_assert_cmpstr (out->str, ==, "0.10000000000000001 0.375");

  g_string_truncate (out, 0);
  sc_cli_json_string_member (out, "unit", "micron");
  g_assert_cmpstr (out->str, ==, "\"unit\": \"micron\"");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/options/count", test_count);
  g_test_add_func ("/cli/options/index", test_index);
  g_test_add_func ("/cli/options/slices", test_slices);
  g_test_add_func ("/cli/options/percentile", test_percentile);
  g_test_add_func ("/cli/options/size", test_size);
  g_test_add_func ("/cli/options/range", test_range);
  g_test_add_func ("/cli/json", test_json);
  return g_test_run ();
}
