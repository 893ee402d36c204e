/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-channel-display.h"
#include "sc-types.h"

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
  /* What the file says about showing its channels: n_channel_display entries (perhaps
   * fewer, or more, than n_channels), each owning its lut and name. */
  ScChannelDisplay *channel_display;
  guint          n_channel_display;
  ScCompositeMode composite_mode;
  /* The file's image series (OME Images, Micro-Manager positions): how many it holds, the
   * one this stack is (0-based), and each one's name ("" for none); NULL when it has one
   * without a name. */
  guint          n_series;
  guint          series;
  GPtrArray     *series_names;
  /* Pages of the file the stack leaves out because they are missing (the file ends, or its
   * chain of pages breaks, before them) or incomplete (their pixels run past its end), or
   * belong to a time point or slice that is: ascending ScPageRange, NULL when none. */
  GArray        *missing_pages;
  /* The pages the stack shows, for messages (0: not counted, a stack of no file). */
  guint          n_pages_shown;
  /* Rows the source decodes together (a compressed strip's or tile's height): reads of
   * whole blocks of them, aligned, decode each once. 0 or 1: rows are read alike. */
  guint          row_block;
} ScStackInfo;

void     sc_stack_info_init          (ScStackInfo  *info);
void     sc_stack_info_clear         (ScStackInfo  *info);
void     sc_stack_info_add_metadata  (ScStackInfo  *info,
                                      const char   *key,
                                      const char   *value);
void     sc_stack_info_take_metadata (ScStackInfo  *info,
                                      const char   *key,
                                      char         *value);
/* Appends pages first .. last (last 0: and every page after it) to the missing pages,
 * joining it to the range before where they touch. */
void     sc_stack_info_add_missing   (ScStackInfo  *info,
                                      guint         first,
                                      guint         last);
/* The names of metadata are stored in English, as `stackscope-cli info --json` prints
 * them; values that the core writes itself are translated when they are written. A folder
 * of TIFF files lists its first file's metadata under SC_METADATA_FIRST_FILE "Software"... */
#define SC_METADATA_FIRST_FILE "First file: "
/* The display hint of channel c, made (empty) when there is none yet. The pointer is
 * valid until the next call. */
ScChannelDisplay *sc_stack_info_get_channel_display (ScStackInfo *info,
                                                     guint        c);
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
  /* Rows y0 .. y0 + n_rows - 1 of each of n_planes planes, plane i's at dest + i *
   * dest_stride. The default reads plane after plane with read_rows(); a source may read
   * planes that lie side by side in one go. */
  gboolean      (*read_planes_rows) (ScSource     *self,
                                     const guint  *planes,
                                     guint         n_planes,
                                     guint         y0,
                                     guint         n_rows,
                                     guint8       *dest,
                                     gsize         dest_stride,
                                     GError      **error);
  /* FALSE, with the error, where rows that peek_rows() lent may not have been the file's:
   * a file cut short while it was mapped reads zeros past its end (sc-file-map.h). The
   * default (NULL): always TRUE. */
  gboolean      (*check_peeked)   (ScSource  *self,
                                   GError   **error);
};

/* Subclasses fill this while opening; it is read-only once the stack exists. */
ScStackInfo   *sc_source_get_info       (ScSource  *self);
gboolean       sc_source_read_rows      (ScSource  *self,
                                         guint      plane,
                                         guint      y0,
                                         guint      n_rows,
                                         gpointer   dest,
                                         GError   **error);
gboolean       sc_source_read_planes_rows (ScSource     *self,
                                           const guint  *planes,
                                           guint         n_planes,
                                           guint         y0,
                                           guint         n_rows,
                                           guint8       *dest,
                                           gsize         dest_stride,
                                           GError      **error);
gconstpointer  sc_source_peek_rows      (ScSource  *self,
                                         guint      plane,
                                         guint      y0,
                                         guint      n_rows);
gboolean       sc_source_check_peeked   (ScSource  *self,
                                         GError   **error);
char          *sc_source_describe_plane (ScSource  *self,
                                         guint      plane);

G_END_DECLS
