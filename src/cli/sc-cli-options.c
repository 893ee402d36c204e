/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <math.h>
#include <stdarg.h>

#include "sc-cli.h"
#include "sc-cli-options.h"

void
sc_cli_print_error (const char *message)
{
  g_printerr ("%s: %s\n", SC_CLI_NAME, message);
}

int
sc_cli_fail (int         status,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  sc_cli_print_error (message);
  return status;
}

/* A finite number and nothing after it. */
static gboolean
parse_finite (const char *str,
              double     *value)
{
  char *end = NULL;

  *value = g_ascii_strtod (str, &end);
  return end != str && *end == 0 && isfinite (*value);
}

gboolean
sc_cli_options_parse (GOptionContext *context,
                      int            *argc,
                      char         ***argv)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (context != NULL, FALSE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      sc_cli_print_error (error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_cli_parse_count (const char *str,
                    guint       max,
                    guint      *value)
{
  guint64 v;

  g_return_val_if_fail (value != NULL, FALSE);

  if (str == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (str, 10, 1, max, &v, NULL))
    return FALSE;
  *value = (guint) v;
  return TRUE;
}

gboolean
sc_cli_parse_index (const char *str,
                    int        *index)
{
  guint number = 0;

  g_return_val_if_fail (index != NULL, FALSE);

  if (!sc_cli_parse_count (str, G_MAXINT, &number))
    return FALSE;
  /* 0 where the option was left out: counts start at 1 */
  if (number > 0)
    *index = (int) number - 1;
  return TRUE;
}

gboolean
sc_cli_parse_slices (const char *str,
                     guint      *first,
                     guint      *last,
                     guint      *step)
{
  g_auto(GStrv) parts = NULL;
  guint64 v[3] = { 1, G_MAXUINT, 1 };
  guint n;

  g_return_val_if_fail (first != NULL && last != NULL && step != NULL, FALSE);

  if (str == NULL)
    return TRUE;
  parts = g_strsplit (str, ":", 3);
  n = g_strv_length (parts);
  if (n == 0 || n > 3)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (parts[i][0] == 0 && i < 2)
        continue;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, G_MAXUINT - 1, &v[i], NULL))
        return FALSE;
    }
  if (n == 1)
    v[1] = v[0];
  if (v[1] != G_MAXUINT && v[1] < v[0])
    return FALSE;
  *first = (guint) v[0] - 1;
  *last = v[1] == G_MAXUINT ? G_MAXUINT : (guint) v[1] - 1;
  *step = (guint) v[2];
  return TRUE;
}

gboolean
sc_cli_parse_percentile (const char *str,
                         double     *value)
{
  double v;

  g_return_val_if_fail (value != NULL, FALSE);

  if (str == NULL)
    return TRUE;
  if (!parse_finite (str, &v) || !(v >= 0 && v <= 100))
    return FALSE;
  *value = v;
  return TRUE;
}

gboolean
sc_cli_parse_size (const char *str,
                   guint64    *bytes)
{
  char *end = NULL;
  double v, scale = 1;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (str == NULL)
    return TRUE;
  v = g_ascii_strtod (str, &end);
  if (end == str || !(v > 0))
    return FALSE;
  switch (g_ascii_toupper (*end))
    {
    case 'K': scale = 1024.0; end++; break;
    case 'M': scale = 1024.0 * 1024; end++; break;
    case 'G': scale = 1024.0 * 1024 * 1024; end++; break;
    case 'T': scale = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
  if (g_ascii_toupper (*end) == 'I')
    end++;
  if (g_ascii_toupper (*end) == 'B')
    end++;
  if (*end != 0 || v * scale > (double) G_MAXUINT64 || (guint64) (v * scale) == 0)
    return FALSE;
  *bytes = (guint64) (v * scale);
  return TRUE;
}

gboolean
sc_cli_parse_range (const char *str,
                    gboolean   *is_auto,
                    double     *min,
                    double     *max)
{
  g_auto(GStrv) parts = NULL;
  double lo, hi;

  g_return_val_if_fail (is_auto != NULL && min != NULL && max != NULL, FALSE);

  if (str == NULL)
    return TRUE;
  if (g_str_equal (str, "auto"))
    {
      *is_auto = TRUE;
      return TRUE;
    }
  parts = g_strsplit (str, ":", 2);
  if (g_strv_length (parts) != 2 || !parse_finite (parts[0], &lo) ||
      !parse_finite (parts[1], &hi) || !(hi > lo))
    return FALSE;
  *min = lo;
  *max = hi;
  *is_auto = FALSE;
  return TRUE;
}
