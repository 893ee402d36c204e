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
  /* the image series of each input, 0-based; has_series where --series was given */
  guint              series;
  gboolean           has_series;
} ScCliProjectSettings;

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
