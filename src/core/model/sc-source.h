/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-stack.h"

G_BEGIN_DECLS

/* What a source found out about its stack while opening it, before any pixel is read. */
typedef struct {
  char          *format;
  guint          width;
  guint          height;
  guint          n_channels;
  guint          n_slices;
  guint          n_frames;
  ScSampleType   sample_type;
  guint          samples_per_pixel;
  ScCalibration  calibration;
  guint8        *palette;            /* 768 bytes or NULL */
  GPtrArray     *metadata;           /* key, value, key, value, ... (owned strings) */
} ScStackInfo;

void     sc_stack_info_init          (ScStackInfo  *info);
void     sc_stack_info_clear         (ScStackInfo  *info);
void     sc_stack_info_add_metadata  (ScStackInfo  *info,
                                      const char   *key,
                                      const char   *value);
void     sc_stack_info_take_metadata (ScStackInfo  *info,
                                      const char   *key,
                                      char         *value);
/* Largest plane (width x height x samples) and stack (planes) the core accepts. The plane
 * limit can be lowered (or raised) with the environment variable SC_MAX_PLANE_BYTES. */
#define SC_MAX_PLANE_BYTES  (G_GUINT64_CONSTANT (1) << 34)   /* 16 GiB */
guint64  sc_max_plane_bytes          (void);
#define SC_MAX_DIMENSION    (1u << 20)
#define SC_MAX_PLANES       (1u << 28)
/* Checks the shape for overflow and absurd sizes before anything is allocated. */
gboolean sc_stack_info_validate      (const ScStackInfo *info,
                                      const char        *path,
                                      GError           **error);

#define SC_TYPE_SOURCE (sc_source_get_type ())
G_DECLARE_DERIVABLE_TYPE (ScSource, sc_source, SC, SOURCE, GObject)

struct _ScSourceClass
{
  GObjectClass parent_class;

  gboolean      (*read_rows)      (ScSource  *self,
                                   guint      plane,
                                   guint      y0,
                                   guint      n_rows,
                                   gpointer   dest,
                                   GError   **error);
  gconstpointer (*peek_rows)      (ScSource  *self,
                                   guint      plane,
                                   guint      y0,
                                   guint      n_rows);
  char         *(*describe_plane) (ScSource  *self,
                                   guint      plane);
};

/* Subclasses fill this while opening; it is read-only once the stack exists. */
ScStackInfo   *sc_source_get_info       (ScSource  *self);
gboolean       sc_source_read_rows      (ScSource  *self,
                                         guint      plane,
                                         guint      y0,
                                         guint      n_rows,
                                         gpointer   dest,
                                         GError   **error);
gconstpointer  sc_source_peek_rows      (ScSource  *self,
                                         guint      plane,
                                         guint      y0,
                                         guint      n_rows);
char          *sc_source_describe_plane (ScSource  *self,
                                         guint      plane);

/* A stack of planes that come from no file: display_name is what to call it, such as
 * "Sample cells" or "MAX_golgi.tif"; its path is NULL and it has no origin files. */
ScStack       *sc_stack_new_for_source  (ScSource   *source,
                                         const char *display_name);
/* A stack opened from path (a file or folder): named after it, with path as its file and
 * the files there as its origin files (sc_stack_get_origin_files()). */
ScStack       *sc_stack_new_for_file    (ScSource   *source,
                                         const char *path);

G_END_DECLS
