/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sc-colormap.h"
#include "sc-histogram.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* How one channel's values become colours. A value v maps to
 *   t = clamp ((v - min) / (max - min), 0, 1)
 *   t = log1p (k t) / log1p (k), k = max (max - min, 255)      when log_scale
 *   t = t ^ gamma
 *   index = min (floor (256 t), 255)
 * and the index picks an entry of the LUT (the colormap, or lut when set); for the Labels
 * colormap on integer data, the value itself picks it (sc_render_params_by_label()). */
typedef struct {
  double        min;
  double        max;
  double        gamma;
  gboolean      log_scale;
  ScColormap    colormap;
  /* 256 RGB triplets that replace the colormap, or NULL. Set it with
   * sc_render_params_set_lut(): the params then hold the process's own copy of the LUT,
   * never memory of a stack or a window that might go away, and stay valid when copied
   * by value into snapshots and worker jobs. */
  const guint8 *lut;
} ScRenderParams;

void     sc_render_params_init     (ScRenderParams       *params,
                                    double                min,
                                    double                max,
                                    ScColormap            colormap);
gboolean sc_render_params_equal    (const ScRenderParams *a,
                                    const ScRenderParams *b);
/* Sets the LUT to a copy of lut (768 bytes), or back to the colormap's with NULL. */
void     sc_render_params_set_lut  (ScRenderParams       *params,
                                    const guint8         *lut);
/* The 256 RGB triplets in use: the LUT, else the colormap's table. Never NULL. */
const guint8 *sc_render_params_get_lut (const ScRenderParams *params);
/* The process's one copy of a LUT with these contents, kept until exit; thread-safe.
 * There are few distinct LUTs (one per palette a file carries), so they are never freed. */
const guint8 *sc_render_lut_intern (const guint8         *lut);
guint8   sc_render_map_value       (const ScRenderParams *params,
                                    double                value);
/* Whether params give data (of an integer type, or not) colours by label value: the
 * Labels colormap (without a lut) on integer data. Range, gamma and log then change no
 * colour. Float data takes the Labels table by range instead, as any other colormap. */
gboolean sc_render_params_by_label (const ScRenderParams *params,
                                    gboolean              integer);
/* The LUT entry of value as the render tables give it: sc_colormap_label_index() where
 * the params go by label, else sc_render_map_value(). */
guint8   sc_render_map_sample      (const ScRenderParams *params,
                                    gboolean              integer,
                                    double                value);

/* Output pixels are guint32 0xAARRGGBB in native byte order, alpha always 255: the
 * layout of CAIRO_FORMAT_ARGB32 and of GDK_MEMORY_DEFAULT (premultiplied and straight
 * alpha agree because every pixel is opaque). */
#define SC_RENDER_OPAQUE(r, g, b) \
  ((guint32) 0xff000000u | ((guint32) (r) << 16) | ((guint32) (g) << 8) | (guint32) (b))

/* A prepared mapping for one sample type: a 256- or 65536-entry colour table for
 * 8- and 16-bit data, the per-pixel formula for 32-bit and float data. Immutable
 * once made, so several threads may render with it at once. */
typedef struct _ScRenderTable ScRenderTable;

ScRenderTable *sc_render_table_new     (const ScRenderParams *params,
                                        ScSampleType          type);
void           sc_render_table_free    (ScRenderTable        *table);
guint32        sc_render_table_lookup  (const ScRenderTable  *table,
                                        double                value);

/* One channel of samples_per_pixel == 1 data through the table into dest.
 * src_stride and dest_stride are in bytes. */
void sc_render_plane     (const ScRenderTable  *table,
                          gconstpointer         src,
                          gsize                 src_stride,
                          guint                 width,
                          guint                 height,
                          guint32              *dest,
                          gsize                 dest_stride);

/* RGB(A) data (3 or 4 interleaved samples per pixel): each of R, G and B goes through
 * the table's range and gamma separately; the colormap is ignored. */
void sc_render_rgb       (const ScRenderTable  *table,
                          gconstpointer         src,
                          gsize                 src_stride,
                          guint                 samples_per_pixel,
                          guint                 width,
                          guint                 height,
                          guint32              *dest,
                          gsize                 dest_stride);

/* Several channels, each through its own table, added per component and clamped
 * at 255 (ImageJ's composite mode). All sources share width, height and stride. */
void sc_render_composite (ScRenderTable * const *tables,
                          const gconstpointer  *srcs,
                          guint                 n_channels,
                          gsize                 src_stride,
                          guint                 width,
                          guint                 height,
                          guint32              *dest,
                          gsize                 dest_stride);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScRenderTable, sc_render_table_free)

G_END_DECLS
