/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-imagej"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

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

static gboolean
parse_double (const char *s,
              double     *v)
{
  char *end = NULL;

  *v = g_ascii_strtod (s, &end);
  return end != s && isfinite (*v);
}

static ScCompositeMode
parse_mode (const char *s)
{
  if (g_ascii_strcasecmp (s, "composite") == 0)
    return SC_COMPOSITE_MODE_COMPOSITE;
  if (g_ascii_strcasecmp (s, "color") == 0)
    return SC_COMPOSITE_MODE_COLOR;
  if (g_ascii_strcasecmp (s, "grayscale") == 0 || g_ascii_strcasecmp (s, "gray") == 0)
    return SC_COMPOSITE_MODE_GRAYSCALE;
  return SC_COMPOSITE_MODE_UNSET;
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
      else if (g_str_equal (key, "min"))
        ij->has_min = parse_double (value, &ij->min);
      else if (g_str_equal (key, "max"))
        ij->has_max = parse_double (value, &ij->max);
      else if (g_str_equal (key, "mode"))
        ij->mode = parse_mode (value);

      /* the file's own keys, as ImageJ writes them ("ImageJ spacing") */
      meta_key = g_strconcat (g_str_equal (key, "ImageJ") ? "" : "ImageJ ", key, NULL);
      sc_stack_info_take_metadata (info, g_str_equal (key, "ImageJ") ? N_("ImageJ version") : meta_key,
                                   g_steal_pointer (&value));
    }
}

void
sc_imagej_info_clear (ScImageJInfo *ij)
{
  g_clear_pointer (&ij->unit, g_free);
  g_clear_pointer (&ij->tunit, g_free);
}

static guint32
read_u32 (const guint8 *p,
          gboolean      little_endian)
{
  guint32 v;

  memcpy (&v, p, 4);
  return little_endian ? GUINT32_FROM_LE (v) : GUINT32_FROM_BE (v);
}

static double
read_double (const guint8 *p,
             gboolean      little_endian)
{
  guint64 v;
  double d;

  memcpy (&v, p, 8);
  v = little_endian ? GUINT64_FROM_LE (v) : GUINT64_FROM_BE (v);
  memcpy (&d, &v, 8);
  return d;
}

/* A type is four ASCII letters, reversed in a little-endian file ("rang" / "gnar"). */
static gboolean
is_type (guint32     type,
         const char *name)
{
  guint32 be = ((guint32) name[0] << 24) | ((guint32) name[1] << 16)
               | ((guint32) name[2] << 8) | (guint32) name[3];

  return type == be;
}

static void
add_ranges (const guint8 *p,
            guint32       len,
            gboolean      little_endian,
            ScStackInfo  *info)
{
  for (guint c = 0; (c + 1) * 16 <= len && c < SC_MAX_DIMENSION; c++)
    {
      double min = read_double (p + 16 * c, little_endian);
      double max = read_double (p + 16 * c + 8, little_endian);
      ScChannelDisplay *d;

      if (!isfinite (min) || !isfinite (max) || max < min)
        continue;
      d = sc_stack_info_get_channel_display (info, c);
      d->has_range = TRUE;
      d->min = min;
      d->max = max;
    }
}

/* ImageJ stores 256 reds, then 256 greens, then 256 blues. */
static void
add_lut (const guint8 *p,
         guint         c,
         ScStackInfo  *info)
{
  ScChannelDisplay *d = sc_stack_info_get_channel_display (info, c);

  g_free (d->lut);
  d->lut = g_malloc (768);
  for (guint i = 0; i < 256; i++)
    {
      d->lut[3 * i] = p[i];
      d->lut[3 * i + 1] = p[256 + i];
      d->lut[3 * i + 2] = p[512 + i];
    }
}

gboolean
sc_imagej_read_metadata (const guint8   *data,
                         gsize           size,
                         const guint32  *counts,
                         guint           n_counts,
                         gboolean        little_endian,
                         ScStackInfo    *info)
{
  guint n_types, block = 1, n_luts = 0;
  gsize pos;

  g_return_val_if_fail (info != NULL, FALSE);

  /* the header: a magic number, then (type, count) pairs, its size the first count */
  if (data == NULL || counts == NULL || n_counts == 0 || size < 12 || counts[0] < 12
      || counts[0] > size || (memcmp (data, "IJIJ", 4) != 0 && memcmp (data, "JIJI", 4) != 0))
    goto bad;
  n_types = (counts[0] - 4) / 8;
  pos = counts[0];
  for (guint i = 0; i < n_types; i++)
    {
      guint32 type = read_u32 (data + 4 + 8 * i, little_endian);
      guint32 n = read_u32 (data + 8 + 8 * i, little_endian);

      for (guint32 k = 0; k < n; k++, block++)
        {
          guint32 len;

          if (block >= n_counts || counts[block] > size - pos)
            goto bad;
          len = counts[block];
          if ((is_type (type, "rang") || is_type (type, "gnar")) && k == 0)
            add_ranges (data + pos, len, little_endian, info);
          else if ((is_type (type, "luts") || is_type (type, "stul")) && len == 768
                   && n_luts < SC_MAX_DIMENSION)
            add_lut (data + pos, n_luts++, info);
          pos += len;
        }
    }
  return TRUE;

bad:
  sc_stack_info_add_metadata (info, N_("ImageJ note"),
                              _("the binary metadata (LUTs, display ranges) is damaged and ignored"));
  return FALSE;
}

void
sc_imagej_apply_display (const ScImageJInfo *ij,
                         ScStackInfo        *info)
{
  g_return_if_fail (ij != NULL && info != NULL);

  if (!ij->found)
    return;
  info->composite_mode = info->n_channels > 1 ? ij->mode : SC_COMPOSITE_MODE_UNSET;
  if (ij->has_min && ij->has_max && ij->max > ij->min)
    for (guint c = 0; c < info->n_channels; c++)
      {
        ScChannelDisplay *d;

        if (c < info->n_channel_display && info->channel_display[c].has_range)
          continue;
        d = sc_stack_info_get_channel_display (info, c);
        d->has_range = TRUE;
        d->min = ij->min;
        d->max = ij->max;
      }
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
    g_string_append (s, "mode=composite\n");   /* opens as the viewer shows it */
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
