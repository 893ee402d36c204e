/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-types"

#include "config.h"

#include "sc-types.h"

gsize
sc_sample_type_size (ScSampleType type)
{
  switch (type)
    {
    case SC_SAMPLE_U8:
    case SC_SAMPLE_I8:
      return 1;
    case SC_SAMPLE_U16:
    case SC_SAMPLE_I16:
      return 2;
    case SC_SAMPLE_U32:
    case SC_SAMPLE_I32:
    case SC_SAMPLE_F32:
      return 4;
    default:
      g_return_val_if_reached (1);
    }
}

static const char * const sample_type_names[] = { "u8", "u16", "u32", "i8", "i16", "i32", "f32" };

const char *
sc_sample_type_to_string (ScSampleType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (sample_type_names), NULL);
  return sample_type_names[type];
}

gboolean
sc_sample_type_from_string (const char   *str,
                            ScSampleType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (sample_type_names); i++)
    if (g_strcmp0 (str, sample_type_names[i]) == 0)
      {
        *type = (ScSampleType) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
sc_sample_type_is_integer (ScSampleType type)
{
  return type != SC_SAMPLE_F32;
}

gboolean
sc_sample_type_has_exact_bins (ScSampleType type)
{
  switch (type)
    {
    case SC_SAMPLE_U8:
    case SC_SAMPLE_I8:
    case SC_SAMPLE_U16:
    case SC_SAMPLE_I16:
      return TRUE;
    case SC_SAMPLE_U32:
    case SC_SAMPLE_I32:
    case SC_SAMPLE_F32:
    default:
      return FALSE;
    }
}

void
sc_sample_type_get_range (ScSampleType  type,
                          double       *min,
                          double       *max)
{
  double lo = 0, hi = 1;

  switch (type)
    {
    case SC_SAMPLE_U8: lo = 0; hi = G_MAXUINT8; break;
    case SC_SAMPLE_U16: lo = 0; hi = G_MAXUINT16; break;
    case SC_SAMPLE_U32: lo = 0; hi = G_MAXUINT32; break;
    case SC_SAMPLE_I8: lo = G_MININT8; hi = G_MAXINT8; break;
    case SC_SAMPLE_I16: lo = G_MININT16; hi = G_MAXINT16; break;
    case SC_SAMPLE_I32: lo = G_MININT32; hi = G_MAXINT32; break;
    case SC_SAMPLE_F32: lo = 0; hi = 1; break;
    default: g_assert_not_reached ();
    }
  if (min)
    *min = lo;
  if (max)
    *max = hi;
}

const char *
sc_calibration_unit_symbol (const char *unit)
{
  if (unit == NULL || *unit == '\0')
    return NULL;
  if (g_ascii_strcasecmp (unit, "micron") == 0 || g_ascii_strcasecmp (unit, "microns") == 0 ||
      g_ascii_strcasecmp (unit, "um") == 0 || g_ascii_strcasecmp (unit, "micrometer") == 0 ||
      g_str_equal (unit, "\302\265m") || g_str_equal (unit, "\316\274m"))
    return "\302\265m";
  if (g_ascii_strcasecmp (unit, "pixel") == 0 || g_ascii_strcasecmp (unit, "pixels") == 0)
    return NULL;
  return unit;
}
