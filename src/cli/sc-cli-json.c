/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "stackscope-cli"

#include "config.h"

#include <math.h>

#include "sc-cli-json.h"

void
sc_cli_json_string (GString    *out,
                    const char *str)
{
  g_return_if_fail (out != NULL);

  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = str; *p; p++)
    {
      guchar ch = (guchar) *p;
      switch (ch)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (ch < 0x20)
            g_string_append_printf (out, "\\u%04x", ch);
          else
            g_string_append_c (out, (char) ch);
        }
    }
  g_string_append_c (out, '"');
}

void
sc_cli_json_double (GString *out,
                    double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);

  g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
}

void
sc_cli_json_number_member (GString    *out,
                           const char *key,
                           double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);
  g_return_if_fail (key != NULL);

  g_string_append_printf (out, "\"%s\": ", key);
  if (isfinite (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
  else
    g_string_append (out, "null");
}

void
sc_cli_json_string_member (GString    *out,
                           const char *key,
                           const char *str)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (key != NULL);

  g_string_append_printf (out, "\"%s\": ", key);
  sc_cli_json_string (out, str);
}
