/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-render.h"
#include "sc-stack.h"

G_BEGIN_DECLS

/* sc-view-state.h's snapshot, declared here alone (C11 allows the typedef twice) so that
 * the export API does not bring in the whole view state. */
typedef struct _ScViewSnapshot ScViewSnapshot;

typedef enum {
  /* 8-bit RGB through each channel's render parameters: what the viewer shows. */
  SC_EXPORT_PNG_RENDERED,
  /* 16-bit gray holding the values themselves (rounded and clamped to 0..65535 for
   * float and wider types); one channel. */
  SC_EXPORT_PNG_RAW16,
} ScExportPngMode;

/* The largest factor of ScExportPngOptions.scale. */
#define SC_EXPORT_PNG_MAX_SCALE 4

typedef struct {
  ScExportPngMode       mode;
  /* RENDERED: render parameters for each channel of the stack (n_channels entries). */
  const ScRenderParams *params;
  /* RENDERED: every channel added up (ImageJ's composite), else only channel c. */
  gboolean              composite;
  /* RENDERED: burn in a color bar with the display range below the image (for channel
   * c), and a scale bar from the calibration in the lower right corner. */
  gboolean              color_bar;
  gboolean              scale_bar;
  /* Each data pixel as a scale x scale block of the file (nearest neighbour, for slides),
   * 1 (default) to SC_EXPORT_PNG_MAX_SCALE, in both modes. The bars grow with it: a 2x
   * file is the 1x file enlarged, its scale bar as long in the data. */
  guint                 scale;
  /* Write over an existing file; FALSE fails with G_IO_ERROR_EXISTS instead. */
  gboolean              overwrite;
  /* The file or folder of the stack the result came from, never written over (nor any
   * file of that folder), or NULL. The stack's own origin files are protected anyway. */
  const char           *protect_path;
} ScExportPngOptions;

void      sc_export_png_options_init (ScExportPngOptions       *options);

/* pixels (width x height, bytes_per_pixel each, rows stride bytes apart) with each pixel
 * made a factor x factor block: width * factor x height * factor pixels, rows without
 * padding; NULL with SC_ERROR_TOO_LARGE where that much memory is not to be had. */
gpointer  sc_export_upscale          (gconstpointer             pixels,
                                      guint                     width,
                                      guint                     height,
                                      gsize                     stride,
                                      guint                     bytes_per_pixel,
                                      guint                     factor,
                                      GError                  **error);


/* Plane (c, z, t) as the viewer renders it: width * height pixels 0xAARRGGBB (see
 * sc-render.h), composite or channel c alone; RGB stacks through params[0]. */
guint32  *sc_export_render_plane     (ScStack                  *stack,
                                      guint                     c,
                                      guint                     z,
                                      guint                     t,
                                      const ScRenderParams     *params,
                                      gboolean                  composite,
                                      GError                  **error);

/* sc_export_png() without the overwrite guard: renders (or copies, for RAW16) the plane,
 * burns in the bars asked for, and writes path atomically. */
gboolean  sc_export_png_write        (ScStack                  *stack,
                                      guint                     c,
                                      guint                     z,
                                      guint                     t,
                                      const ScExportPngOptions *options,
                                      const char               *path,
                                      GCancellable             *cancellable,
                                      GError                  **error);
/* The same for the plane a view shows, through its own settings (options->params and
 * options->composite are not used): what the viewer shows is what is written. */
gboolean  sc_export_png_write_view   (const ScViewSnapshot     *view,
                                      const ScExportPngOptions *options,
                                      const char               *path,
                                      GCancellable             *cancellable,
                                      GError                  **error);

G_END_DECLS
