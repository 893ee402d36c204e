/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sc-colormap.h"
#include "sc-projection.h"

G_BEGIN_DECLS

/* What "stackscope-cli project" was asked to do, checked: the same for every input. */
typedef struct {
  ScProjectionMethod method;
  double             percentile;
  /* slices, 0-based; last = G_MAXUINT for the last slice */
  guint              first;
  guint              last;
  guint              step;
  /* 0-based, or SC_PROJECTION_ALL */
  int                channel;
  int                frame;
  gboolean           population;
  /* 0: every processor */
  guint              threads;
  /* 0: the projection's default */
  guint64            budget;
  gboolean           png;
  gboolean           has_colormap;
  ScColormap         colormap;
  gboolean           auto_range;
  double             range_min;
  double             range_max;
  /* PNG: each pixel as a scale x scale block, 1 to SC_EXPORT_PNG_MAX_SCALE */
  guint              scale;
  gboolean           progress;
  gboolean           zero_copy;
  gboolean           adaptive_read;
  /* the image series of each input, 0-based; has_series where --series was given */
  guint              series;
  gboolean           has_series;
  /* --axis (z default) and, along y or x, the rows or columns projected (0-based,
   * range_last = G_MAXUINT for the last) */
  ScProjectionAxis   axis;
  guint              range_first;
  guint              range_last;
  /* PNG: rescaled (nearest neighbour) so that a pixel shows its calibrated aspect */
  gboolean           true_aspect;
} ScCliProjectSettings;

/* Writes plane 0 of result (its only plane) as a PNG as the settings ask. */
gboolean sc_cli_write_png (ScStack                    *result,
                           const char                 *path,
                           const ScCliProjectSettings *s,
                           GError                    **error);
/* Parses "A:B" of rows or columns counted from 0 (A or B may be empty); FALSE when it is
 * not one. */
gboolean sc_cli_parse_cut_range (const char *str,
                                 guint      *first,
                                 guint      *last);

/* Projects one input (its image series s->series) into output, and appends a JSON object
 * to json (when not NULL) with the timings and figures of the result. A file cut short is
 * projected over the pages it holds, with a warning on stderr (and in the JSON). output is none of the run's inputs (each
 * a file or a folder), nor any file the stack is read from; an earlier run's output is
 * replaced. */
gboolean sc_cli_project_one (const char                 *input,
                             const char                 *output,
                             const GPtrArray            *inputs,
                             const ScCliProjectSettings *s,
                             GString                    *json,
                             GError                    **error);

G_END_DECLS
