/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-imagej"

#include "config.h"

#include <string.h>

#include "sc-imagej.h"

/* Elements and keys may repeat in a damaged description: the last one counts. */
static void
replace_str (char       **p,
             const char  *v)
{
  g_free (*p);
  *p = g_strdup (v);
}

/* ImageJ writes non-ASCII characters as \uXXXX (unit=\u00B5m). */
static char *
unescape_imagej (const char *s)
{
  GString *out = g_string_new (NULL);

  while (*s)
    {
      if (s[0] == '\\' && s[1] == 'u' && g_ascii_isxdigit (s[2]) && g_ascii_isxdigit (s[3])
          && g_ascii_isxdigit (s[4]) && g_ascii_isxdigit (s[5]))
        {
          gunichar c = (gunichar) ((g_ascii_xdigit_value (s[2]) << 12) | (g_ascii_xdigit_value (s[3]) << 8)
                                   | (g_ascii_xdigit_value (s[4]) << 4) | g_ascii_xdigit_value (s[5]));
          /* A lone surrogate or NUL would make the metadata invalid UTF-8 or cut it short. */
          g_string_append_unichar (out, c != 0 && g_unichar_validate (c) ? c : 0xFFFD);
          s += 6;
        }
      else
        g_string_append_c (out, *s++);
    }
  return g_string_free (out, FALSE);
}

void
sc_imagej_parse (const char   *desc,
                 ScImageJInfo *ij,
                 ScStackInfo  *info)
{
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (desc != NULL && ij != NULL && info != NULL);

  memset (ij, 0, sizeof *ij);
  if (!g_str_has_prefix (desc, "ImageJ="))
    return;
  ij->found = TRUE;
  lines = g_strsplit (desc, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      g_autofree char *meta_key = NULL;

      if (eq == NULL || eq == lines[i])
        continue;
      key = g_strndup (lines[i], (gsize) (eq - lines[i]));
      value = unescape_imagej (eq + 1);
      g_strstrip (value);

      if (g_str_equal (key, "images"))
        ij->images = g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "channels"))
        ij->channels = g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "slices"))
        ij->slices = g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "frames"))
        ij->frames = g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "spacing"))
        ij->spacing = g_ascii_strtod (value, NULL);
      else if (g_str_equal (key, "finterval"))
        ij->finterval = g_ascii_strtod (value, NULL);
      else if (g_str_equal (key, "unit"))
        replace_str (&ij->unit, value);
      else if (g_str_equal (key, "tunit"))
        replace_str (&ij->tunit, value);

      meta_key = g_strconcat (g_str_equal (key, "ImageJ") ? "" : "ImageJ ", key, NULL);
      sc_stack_info_take_metadata (info, g_str_equal (key, "ImageJ") ? "ImageJ version" : meta_key,
                                   g_steal_pointer (&value));
    }
}

void
sc_imagej_info_clear (ScImageJInfo *ij)
{
  g_clear_pointer (&ij->unit, g_free);
  g_clear_pointer (&ij->tunit, g_free);
}

/* ImageJ writes its description in ASCII, with "micron" for µm. */
static void
append_unit (GString    *s,
             const char *key,
             const char *unit)
{
  g_string_append_printf (s, "%s=", key);
  if (g_str_equal (unit, "µm") || g_str_equal (unit, "um") || g_str_equal (unit, "\xce\xbcm"))
    unit = "micron";
  for (const char *p = unit; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c >= 0x20 && c < 0x7f)
        g_string_append_c (s, (char) c);
      else
        g_string_append_printf (s, "\\u%04X", c);
    }
  g_string_append_c (s, '\n');
}

static void
append_double (GString    *s,
               const char *key,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "%s=%s\n", key, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

char *
sc_imagej_make_description (ScStack *stack)
{
  const ScCalibration *cal;
  guint C, Z, T;
  GString *s;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);

  cal = sc_stack_get_calibration (stack);
  C = sc_stack_get_n_channels (stack);
  Z = sc_stack_get_n_slices (stack);
  T = sc_stack_get_n_frames (stack);
  s = g_string_new ("ImageJ=1.53t\n");

  g_string_append_printf (s, "images=%u\n", C * Z * T);
  if (C > 1)
    g_string_append_printf (s, "channels=%u\n", C);
  if (Z > 1)
    g_string_append_printf (s, "slices=%u\n", Z);
  if (T > 1)
    g_string_append_printf (s, "frames=%u\n", T);
  if (C > 1 || T > 1)
    g_string_append (s, "hyperstack=true\n");
  if (C > 1)
    g_string_append (s, "mode=grayscale\n");
  if (cal->unit != NULL && cal->pixel_width > 0)
    append_unit (s, "unit", cal->unit);
  if (cal->pixel_depth > 0)
    append_double (s, "spacing", cal->pixel_depth);
  if (cal->frame_interval > 0)
    append_double (s, "finterval", cal->frame_interval);
  if (cal->time_unit != NULL && cal->frame_interval > 0)
    append_unit (s, "tunit", cal->time_unit);
  g_string_append (s, "loop=false\n");

  return g_string_free (s, FALSE);
}
