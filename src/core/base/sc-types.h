/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The type of one sample, in native byte order once read. RGB and RGBA data have
 * several samples per pixel, interleaved. */
typedef enum {
  SC_SAMPLE_U8,
  SC_SAMPLE_U16,
  SC_SAMPLE_U32,
  SC_SAMPLE_I8,
  SC_SAMPLE_I16,
  SC_SAMPLE_I32,
  SC_SAMPLE_F32,
} ScSampleType;

gsize        sc_sample_type_size        (ScSampleType type);
const char  *sc_sample_type_to_string   (ScSampleType type);
gboolean     sc_sample_type_from_string (const char   *str,
                                         ScSampleType *type);
gboolean     sc_sample_type_is_integer  (ScSampleType type);
/* 8- and 16-bit integers: few enough values for a table or a bin per value. */
gboolean     sc_sample_type_has_exact_bins (ScSampleType type);
/* The full value range of an integer type (0..255 for u8); 0..1 for float. */
void         sc_sample_type_get_range   (ScSampleType type,
                                         double      *min,
                                         double      *max);

/* Physical size of a voxel. Each size is 0 where the file does not say. */
typedef struct {
  double pixel_width;
  double pixel_height;
  double pixel_depth;
  double frame_interval;
  char  *unit;              /* "micron", "µm", "nm", ...; NULL when uncalibrated */
  char  *time_unit;         /* "s" or NULL */
} ScCalibration;

/* Pages first .. last of a file, counted from 1; last is 0 for "first and every page after
 * it" where the file does not say how many it has. */
typedef struct {
  guint first;
  guint last;
} ScPageRange;

/* How a length unit is written beside a number: "µm" for every spelling of micron,
 * NULL for none or for pixels, the unit itself otherwise. */
const char  *sc_calibration_unit_symbol (const char *unit);


/* Sample i of a row of samples of type, as a double. */
static inline double
sc_sample_value (ScSampleType  type,
                 gconstpointer row,
                 gsize         i)
{
  switch (type)
    {
    case SC_SAMPLE_U8:
      return ((const guint8 *) row)[i];
    case SC_SAMPLE_I8:
      return ((const gint8 *) row)[i];
    case SC_SAMPLE_U16:
      return ((const guint16 *) row)[i];
    case SC_SAMPLE_I16:
      return ((const gint16 *) row)[i];
    case SC_SAMPLE_U32:
      return ((const guint32 *) row)[i];
    case SC_SAMPLE_I32:
      return ((const gint32 *) row)[i];
    case SC_SAMPLE_F32:
      return ((const float *) row)[i];
    default:
      break;
    }
  g_assert_not_reached ();
  return 0;
}

G_END_DECLS
