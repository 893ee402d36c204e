/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-frames-source"

#include "config.h"

#include <string.h>

#include "sc-frames-source.h"

struct _ScFramesSource
{
  ScSource  parent_instance;

  ScStack  *stack;
};

G_DEFINE_FINAL_TYPE (ScFramesSource, sc_frames_source, SC_TYPE_SOURCE)

static void
sc_frames_source_finalize (GObject *object)
{
  ScFramesSource *self = SC_FRAMES_SOURCE (object);

  g_clear_object (&self->stack);

  G_OBJECT_CLASS (sc_frames_source_parent_class)->finalize (object);
}

/* With one slice, plane c + C * t of the stack is plane c + C * z of this one. */
static gboolean
sc_frames_source_read_rows (ScSource  *source,
                            guint      plane,
                            guint      y0,
                            guint      n_rows,
                            gpointer   dest,
                            GError   **error)
{
  return sc_stack_read_rows (SC_FRAMES_SOURCE (source)->stack, plane, y0, n_rows, dest, error);
}

static gconstpointer
sc_frames_source_peek_rows (ScSource *source,
                            guint     plane,
                            guint     y0,
                            guint     n_rows)
{
  return sc_stack_peek_rows (SC_FRAMES_SOURCE (source)->stack, plane, y0, n_rows);
}

static gboolean
sc_frames_source_check_peeked (ScSource  *source,
                                GError   **error)
{
  return sc_stack_check_peeked (SC_FRAMES_SOURCE (source)->stack, error);
}

static char *
sc_frames_source_describe_plane (ScSource *source,
                                 guint     plane)
{
  return sc_stack_describe_plane (SC_FRAMES_SOURCE (source)->stack, plane);
}

static void
sc_frames_source_class_init (ScFramesSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ScSourceClass *source_class = SC_SOURCE_CLASS (klass);

  object_class->finalize = sc_frames_source_finalize;
  source_class->read_rows = sc_frames_source_read_rows;
  source_class->peek_rows = sc_frames_source_peek_rows;
  source_class->describe_plane = sc_frames_source_describe_plane;
  source_class->check_peeked = sc_frames_source_check_peeked;
}

static void
sc_frames_source_init (ScFramesSource *self)
{
}

ScStack *
sc_frames_source_new_stack (ScStack *stack)
{
  g_autoptr(ScFramesSource) self = NULL;
  const ScCalibration *cal;
  ScStackInfo *info;
  ScStack *frames;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (sc_stack_get_n_slices (stack) == 1, NULL);

  self = g_object_new (SC_TYPE_FRAMES_SOURCE, NULL);
  self->stack = g_object_ref (stack);
  cal = sc_stack_get_calibration (stack);
  info = sc_source_get_info (SC_SOURCE (self));
  info->format = g_strdup (sc_stack_get_format (stack));
  info->width = sc_stack_get_width (stack);
  info->height = sc_stack_get_height (stack);
  info->n_channels = sc_stack_get_n_channels (stack);
  info->n_slices = sc_stack_get_n_frames (stack);
  info->n_frames = 1;
  info->sample_type = sc_stack_get_sample_type (stack);
  info->samples_per_pixel = sc_stack_get_samples_per_pixel (stack);
  info->row_block = sc_stack_get_row_block (stack);
  info->calibration.pixel_width = cal->pixel_width;
  info->calibration.pixel_height = cal->pixel_height;
  info->calibration.unit = g_strdup (cal->unit);
  if (sc_stack_get_palette (stack) != NULL)
    info->palette = g_memdup2 (sc_stack_get_palette (stack), 768);

  frames = sc_stack_new_for_source (SC_SOURCE (self), sc_stack_get_display_name (stack));
  sc_stack_add_origin (frames, stack);
  return frames;
}
