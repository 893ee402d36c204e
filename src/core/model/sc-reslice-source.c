/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-reslice-source"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-reslice-source.h"
#include "sc-memory-source.h"

/* Without zero-copy rows, a YZ request reads the rows it needs of each slice in chunks of
 * at most this many bytes (and at least one row), each row of each slice once. */
#define CHUNK_BYTES ((gsize) 4 << 20)

struct _ScResliceSource
{
  ScSource       parent_instance;

  ScStack       *stack;
  ScResliceAxis  axis;
  guint          n_channels;
  guint          n_slices;       /* the stack's */
  guint          n_cuts;         /* rows (XZ) or columns (YZ): this source's slices */
  gsize          pixel_size;     /* bytes of one pixel, every sample of it */
  gsize          src_stride;     /* bytes of one row of the stack */
};

G_DEFINE_FINAL_TYPE (ScResliceSource, sc_reslice_source, SC_TYPE_SOURCE)

static void
sc_reslice_source_finalize (GObject *object)
{
  ScResliceSource *self = SC_RESLICE_SOURCE (object);

  g_clear_object (&self->stack);

  G_OBJECT_CLASS (sc_reslice_source_parent_class)->finalize (object);
}

/* Plane `plane` of this source is the cut *cut (row or column) of channel c, frame t: the
 * stack's plane of slice z is *base + z * *z_step. */
static void
split_plane (ScResliceSource *self,
             guint            plane,
             guint           *cut,
             guint           *base,
             guint           *z_step)
{
  guint C = self->n_channels;
  guint c = plane % C;
  guint t = plane / C / self->n_cuts;

  *cut = (plane / C) % self->n_cuts;
  *base = c + C * self->n_slices * t;
  *z_step = C;
}

/* Row z (y0 .. y0 + n_rows - 1) of XZ plane `cut` is row `cut` of slice z. */
static gboolean
read_xz (ScResliceSource  *self,
         guint             cut,
         guint             base,
         guint             z_step,
         guint             y0,
         guint             n_rows,
         guint8           *dest,
         GError          **error)
{
  for (guint r = 0; r < n_rows; r++)
    {
      guint index = base + (y0 + r) * z_step;
      guint8 *out = dest + r * self->src_stride;
      gconstpointer row = sc_stack_peek_rows (self->stack, index, cut, 1);

      if (row != NULL)
        memcpy (out, row, self->src_stride);
      else if (!sc_stack_read_rows (self->stack, index, cut, 1, out, error))
        return FALSE;
    }
  return sc_stack_check_peeked (self->stack, error);
}

/* Column x of n_rows rows of one slice (src, src_stride apart) into column z of the rows
 * of dest (dst_stride apart), one pixel of pixel_size bytes each. */
static void
gather_column (const guint8 *src,
               gsize         src_stride,
               guint8       *dest,
               gsize         dst_stride,
               gsize         pixel_size,
               guint         n_rows)
{
  switch (pixel_size)
    {
    case 1:
      for (guint r = 0; r < n_rows; r++)
        dest[r * dst_stride] = src[r * src_stride];
      break;
    case 2:
      for (guint r = 0; r < n_rows; r++)
        memcpy (dest + r * dst_stride, src + r * src_stride, 2);
      break;
    case 4:
      for (guint r = 0; r < n_rows; r++)
        memcpy (dest + r * dst_stride, src + r * src_stride, 4);
      break;
    default:
      for (guint r = 0; r < n_rows; r++)
        memcpy (dest + r * dst_stride, src + r * src_stride, pixel_size);
      break;
    }
}

/* Row y of YZ plane `cut` holds pixel (cut, y) of every slice, slice z at column z. Each
 * slice's rows are taken once: in place where the stack lends them, else read in chunks. */
static gboolean
read_yz (ScResliceSource  *self,
         guint             cut,
         guint             base,
         guint             z_step,
         guint             y0,
         guint             n_rows,
         guint8           *dest,
         GError          **error)
{
  gsize px = self->pixel_size;
  gsize dst_stride = (gsize) self->n_slices * px;
  gsize offset = (gsize) cut * px;
  g_autofree guint8 *buffer = NULL;
  guint chunk = (guint) CLAMP (CHUNK_BYTES / self->src_stride, 1, n_rows);

  for (guint z = 0; z < self->n_slices; z++)
    {
      guint index = base + z * z_step;
      const guint8 *rows = sc_stack_peek_rows (self->stack, index, y0, n_rows);

      if (rows != NULL)
        {
          gather_column (rows + offset, self->src_stride, dest + z * px, dst_stride, px,
                         n_rows);
          continue;
        }
      if (buffer == NULL)
        buffer = g_malloc ((gsize) chunk * self->src_stride);
      for (guint r = 0; r < n_rows; r += chunk)
        {
          guint n = MIN (chunk, n_rows - r);

          if (!sc_stack_read_rows (self->stack, index, y0 + r, n, buffer, error))
            return FALSE;
          gather_column (buffer + offset, self->src_stride, dest + r * dst_stride + z * px,
                         dst_stride, px, n);
        }
    }
  return sc_stack_check_peeked (self->stack, error);
}

static gboolean
sc_reslice_source_read_rows (ScSource  *source,
                             guint      plane,
                             guint      y0,
                             guint      n_rows,
                             gpointer   dest,
                             GError   **error)
{
  ScResliceSource *self = SC_RESLICE_SOURCE (source);
  guint cut, base, z_step;

  split_plane (self, plane, &cut, &base, &z_step);
  if (self->axis == SC_RESLICE_XZ)
    return read_xz (self, cut, base, z_step, y0, n_rows, dest, error);
  return read_yz (self, cut, base, z_step, y0, n_rows, dest, error);
}

/* One row of an XZ plane is one row of the stack, lent where the stack lends it; more rows
 * (of different slices) and YZ rows (gathered) are never contiguous. */
static gconstpointer
sc_reslice_source_peek_rows (ScSource *source,
                             guint     plane,
                             guint     y0,
                             guint     n_rows)
{
  ScResliceSource *self = SC_RESLICE_SOURCE (source);
  guint cut, base, z_step;

  if (self->axis != SC_RESLICE_XZ || n_rows != 1)
    return NULL;
  split_plane (self, plane, &cut, &base, &z_step);
  return sc_stack_peek_rows (self->stack, base + y0 * z_step, cut, 1);
}

static gboolean
sc_reslice_source_check_peeked (ScSource  *source,
                                 GError   **error)
{
  return sc_stack_check_peeked (SC_RESLICE_SOURCE (source)->stack, error);
}

static char *
sc_reslice_source_describe_plane (ScSource *source,
                                  guint     plane)
{
  ScResliceSource *self = SC_RESLICE_SOURCE (source);
  const char *name = sc_stack_get_display_name (self->stack);
  guint cut, base, z_step;

  split_plane (self, plane, &cut, &base, &z_step);
  if (self->axis == SC_RESLICE_XZ)
    /* Translators: where a plane of an XZ reslice comes from: "golgi.tif, row 12" (rows
     * counted from 0, as the pixel readout does) */
    return g_strdup_printf (_("%s, row %u"), name, cut);
  /* Translators: where a plane of a YZ reslice comes from: "golgi.tif, column 40" */
  return g_strdup_printf (_("%s, column %u"), name, cut);
}

static void
sc_reslice_source_class_init (ScResliceSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ScSourceClass *source_class = SC_SOURCE_CLASS (klass);

  object_class->finalize = sc_reslice_source_finalize;
  source_class->read_rows = sc_reslice_source_read_rows;
  source_class->peek_rows = sc_reslice_source_peek_rows;
  source_class->describe_plane = sc_reslice_source_describe_plane;
  source_class->check_peeked = sc_reslice_source_check_peeked;
}

static void
sc_reslice_source_init (ScResliceSource *self)
{
}

/* The stack's channel display hints and composite mode, copied. */
static void
copy_display (ScStackInfo *info,
              ScStack     *stack)
{
  for (guint c = 0; c < sc_stack_get_n_channels (stack); c++)
    {
      ScChannelDisplay hint, *d;

      if (!sc_stack_get_channel_display (stack, c, &hint))
        continue;
      d = sc_stack_info_get_channel_display (info, c);
      d->lut = hint.lut != NULL ? g_memdup2 (hint.lut, 768) : NULL;
      d->has_range = hint.has_range;
      d->min = hint.min;
      d->max = hint.max;
      d->name = g_strdup (hint.name);
    }
  info->composite_mode = sc_stack_get_composite_mode (stack);
}

ScStack *
sc_reslice_source_new_stack (ScStack       *stack,
                             ScResliceAxis  axis)
{
  g_autoptr(ScResliceSource) self = NULL;
  g_autofree char *name = NULL;
  const ScCalibration *cal;
  ScStackInfo *info;
  ScStack *reslice;
  gboolean xz = axis == SC_RESLICE_XZ;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (axis == SC_RESLICE_XZ || axis == SC_RESLICE_YZ, NULL);

  self = g_object_new (SC_TYPE_RESLICE_SOURCE, NULL);
  self->stack = g_object_ref (stack);
  self->axis = axis;
  self->n_channels = sc_stack_get_n_channels (stack);
  self->n_slices = sc_stack_get_n_slices (stack);
  self->n_cuts = xz ? sc_stack_get_height (stack) : sc_stack_get_width (stack);
  self->pixel_size = (gsize) sc_stack_get_samples_per_pixel (stack)
                     * sc_sample_type_size (sc_stack_get_sample_type (stack));
  self->src_stride = sc_stack_get_row_stride (stack);

  cal = sc_stack_get_calibration (stack);
  info = sc_source_get_info (SC_SOURCE (self));
  info->format = g_strdup (sc_stack_get_format (stack));
  info->width = xz ? sc_stack_get_width (stack) : self->n_slices;
  info->height = xz ? self->n_slices : sc_stack_get_height (stack);
  info->n_channels = self->n_channels;
  info->n_slices = self->n_cuts;
  info->n_frames = sc_stack_get_n_frames (stack);
  info->sample_type = sc_stack_get_sample_type (stack);
  info->samples_per_pixel = sc_stack_get_samples_per_pixel (stack);
  info->calibration.pixel_width = xz ? cal->pixel_width : cal->pixel_depth;
  info->calibration.pixel_height = xz ? cal->pixel_depth : cal->pixel_height;
  info->calibration.pixel_depth = xz ? cal->pixel_height : cal->pixel_width;
  info->calibration.frame_interval = cal->frame_interval;
  info->calibration.unit = g_strdup (cal->unit);
  info->calibration.time_unit = g_strdup (cal->time_unit);
  if (sc_stack_get_palette (stack) != NULL)
    info->palette = g_memdup2 (sc_stack_get_palette (stack), 768);
  copy_display (info, stack);

  name = g_strdup_printf ("%s [%s]", sc_stack_get_display_name (stack), xz ? "XZ" : "YZ");
  reslice = sc_stack_new_for_source (SC_SOURCE (self), name);
  sc_stack_add_origin (reslice, stack);
  return reslice;
}

ScStack *
sc_reslice_source_read_cut (ScStack  *reslice,
                            guint     cut,
                            int       channel,
                            int       frame,
                            GError  **error)
{
  guint C = sc_stack_get_n_channels (reslice), T = sc_stack_get_n_frames (reslice);
  guint nc = channel < 0 ? C : 1, nt = frame < 0 ? T : 1;
  gsize size = sc_stack_get_plane_size (reslice);
  g_autofree guint8 *data = g_malloc (size * nc * nt);
  const ScCalibration *cal = sc_stack_get_calibration (reslice);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScSource) source = NULL;
  ScStackInfo *info;
  g_autofree char *name = NULL;
  ScStack *result;

  g_return_val_if_fail (SC_IS_STACK (reslice), NULL);
  g_return_val_if_fail (cut < sc_stack_get_n_slices (reslice), NULL);

  for (guint t = 0; t < nt; t++)
    for (guint c = 0; c < nc; c++)
      {
        guint index = sc_stack_plane_index (reslice, channel < 0 ? c : (guint) channel, cut,
                                            frame < 0 ? t : (guint) frame);

        if (!sc_stack_read_plane (reslice, index, data + size * (c + nc * t), error))
          return NULL;
      }
  bytes = g_bytes_new_take (g_steal_pointer (&data), size * nc * nt);
  source = sc_memory_source_new (sc_stack_get_width (reslice), sc_stack_get_height (reslice),
                                 nc, 1, nt, sc_stack_get_sample_type (reslice),
                                 sc_stack_get_samples_per_pixel (reslice), bytes);
  info = sc_source_get_info (source);
  info->calibration.pixel_width = cal->pixel_width;
  info->calibration.pixel_height = cal->pixel_height;
  info->calibration.pixel_depth = cal->pixel_depth;
  info->calibration.frame_interval = cal->frame_interval;
  info->calibration.unit = g_strdup (cal->unit);
  info->calibration.time_unit = g_strdup (cal->time_unit);
  name = sc_stack_describe_plane (reslice, sc_stack_plane_index (reslice, 0, cut, 0));
  sc_stack_info_add_metadata (info, N_("Reslice"), name);
  result = sc_stack_new_for_source (source, sc_stack_get_display_name (reslice));
  sc_stack_add_origin (result, reslice);
  return result;
}
