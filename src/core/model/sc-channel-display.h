/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a file asks for one channel to be shown (ImageJ's LUTs and display ranges, OME's
 * channel colour and name); every field may be unset. */
typedef struct {
  guint8   *lut;          /* 256 RGB triplets (768 bytes), or NULL */
  gboolean  has_range;
  double    min;
  double    max;
  char     *name;         /* or NULL */
} ScChannelDisplay;

/* How a file asks for its channels to be shown together (ImageJ's "mode="). */
typedef enum {
  SC_COMPOSITE_MODE_UNSET,       /* the file says nothing */
  SC_COMPOSITE_MODE_COMPOSITE,   /* every channel added */
  SC_COMPOSITE_MODE_COLOR,       /* one channel at a time, in its colour */
  SC_COMPOSITE_MODE_GRAYSCALE,   /* one channel at a time, in gray */
} ScCompositeMode;

G_END_DECLS
