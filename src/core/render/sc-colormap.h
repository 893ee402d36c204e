/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lookup tables that turn a display index 0..255 into a colour. The order is the
 * order the viewer lists them in. */
typedef enum {
  SC_COLORMAP_GRAY,
  SC_COLORMAP_INVERTED_GRAY,
  SC_COLORMAP_FIRE,
  SC_COLORMAP_HOT,
  SC_COLORMAP_VIRIDIS,
  SC_COLORMAP_MAGMA,
  SC_COLORMAP_INFERNO,
  SC_COLORMAP_PLASMA,
  SC_COLORMAP_CIVIDIS,
  SC_COLORMAP_TURBO,
  SC_COLORMAP_JET,
  SC_COLORMAP_GREEN,
  SC_COLORMAP_RED,
  SC_COLORMAP_MAGENTA,
  SC_COLORMAP_CYAN,
  SC_COLORMAP_BLUE,
  SC_COLORMAP_YELLOW,
  SC_COLORMAP_LABELS,
  SC_N_COLORMAPS
} ScColormap;

/* "Labels" is for segmentations: entry 0 is black (the background; a composite adds
 * nothing there), entries 1 .. SC_COLORMAP_N_LABEL_COLORS are distinct colours, each as
 * far from the others before it as the palette allows (Glasbey's method). The render
 * tables give integer data a colour by value (sc_colormap_label_index()), not by range. */
#define SC_COLORMAP_N_LABEL_COLORS 255

/* A stable identifier ("viridis", "inverted-gray") for settings and the CLI. */
const char   *sc_colormap_get_name     (ScColormap  colormap);
/* An English title ("Inverted Gray"), marked for translation with N_(). */
const char   *sc_colormap_get_title    (ScColormap  colormap);
gboolean      sc_colormap_from_name    (const char *name,
                                        ScColormap *colormap);
/* 256 RGB triplets, index 0 for the lowest value. Static, never freed. */
const guint8 *sc_colormap_get_table    (ScColormap  colormap);
void          sc_colormap_get_color    (ScColormap  colormap,
                                        guint8      index,
                                        guint8     *r,
                                        guint8     *g,
                                        guint8     *b);
/* The entry of the Labels table for a label value (rounded to the nearest integer): 0 for
 * 0 and NaN, else 1 + (label - 1) mod SC_COLORMAP_N_LABEL_COLORS, so that labels
 * SC_COLORMAP_N_LABEL_COLORS apart share a colour. */
guint8        sc_colormap_label_index  (double      label);
/* The colours a composite gives its channels by default: green, magenta, cyan, ... */
ScColormap    sc_colormap_for_channel  (guint       channel,
                                        guint       n_channels);

G_END_DECLS
