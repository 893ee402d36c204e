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


G_END_DECLS
