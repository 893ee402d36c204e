/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "sc-colormap.h"
#include "sc-error.h"
#include "sc-export.h"
#include "sc-file-util.h"
#include "sc-imagej.h"
#include "sc-png-io.h"
#include "sc-render.h"

/* ---- TIFF ---- */

enum {
  TIFF_SHORT = 3,
  TIFF_LONG = 4,
  TIFF_RATIONAL = 5,
  TIFF_ASCII = 2,
};

typedef struct {
  ScStack    *stack;
  const char *path;
  guint       width;
  guint       height;
  guint       spp;
  guint       n_planes;
  guint       bits;
  guint       sample_format;
  gsize       plane_size;
  gboolean    calibrated;
  guint32     res_num[2];
  guint32     res_den[2];
  guint       res_unit;
  char       *description;
} TiffWriter;

static void
put16 (GByteArray *buf,
       guint16     v)
{
  g_byte_array_append (buf, (const guint8 *) &v, 2);
}

static void
put32 (GByteArray *buf,
       guint32     v)
{
  g_byte_array_append (buf, (const guint8 *) &v, 4);
}

/* One directory entry; value is the value itself when it fits 4 bytes (SHORTs
 * left-justified), else the offset of the data. */
static void
put_entry (GByteArray *buf,
           guint16     tag,
           guint16     type,
           guint32     count,
           guint32     value)
{
  put16 (buf, tag);
  put16 (buf, type);
  put32 (buf, count);
  if (type == TIFF_SHORT && count <= 2)
    {
      put16 (buf, (guint16) value);
      put16 (buf, count == 2 ? (guint16) value : 0);
    }
  else
    put32 (buf, value);
}

/* Appends one IFD at file offset `at` (buf->len bytes of the file are already before it
 * in buf's frame of reference: entries first, then their out-of-line data). Returns the
 * size written. */
static gsize
build_ifd (TiffWriter *w,
           GByteArray *buf,
           gboolean    first,
           guint32     at,
           guint32     strip_offset,
           guint32     next)
{
  guint n = 12 + (first ? 1 : 0) + (w->calibrated ? 3 : 0) + (w->spp == 4 ? 1 : 0);
  gsize start = buf->len;
  guint32 extra = at + 2 + 12 * n + 4;
  guint32 desc_at = 0, res_at = 0, bps_at = 0, fmt_at = 0;
  gsize desc_len = first ? strlen (w->description) + 1 : 0;

  if (first)
    {
      desc_at = extra;
      extra += (desc_len + 1) & ~(gsize) 1;
    }
  if (w->calibrated)
    {
      res_at = extra;
      extra += 16;
    }
  if (w->spp > 2)
    {
      bps_at = extra;
      extra += 2 * w->spp;
      fmt_at = extra;
      extra += 2 * w->spp;
    }

  put16 (buf, n);
  put_entry (buf, 254, TIFF_LONG, 1, 0);
  put_entry (buf, 256, TIFF_LONG, 1, w->width);
  put_entry (buf, 257, TIFF_LONG, 1, w->height);
  put_entry (buf, 258, TIFF_SHORT, w->spp, w->spp > 2 ? bps_at : w->bits);
  put_entry (buf, 259, TIFF_SHORT, 1, 1);
  put_entry (buf, 262, TIFF_SHORT, 1, w->spp >= 3 ? 2 : 1);
  if (first)
    put_entry (buf, 270, TIFF_ASCII, desc_len, desc_at);
  put_entry (buf, 273, TIFF_LONG, 1, strip_offset);
  put_entry (buf, 277, TIFF_SHORT, 1, w->spp);
  put_entry (buf, 278, TIFF_LONG, 1, w->height);
  put_entry (buf, 279, TIFF_LONG, 1, (guint32) w->plane_size);
  if (w->calibrated)
    {
      put_entry (buf, 282, TIFF_RATIONAL, 1, res_at);
      put_entry (buf, 283, TIFF_RATIONAL, 1, res_at + 8);
    }
  put_entry (buf, 284, TIFF_SHORT, 1, 1);
  if (w->calibrated)
    put_entry (buf, 296, TIFF_SHORT, 1, w->res_unit);
  if (w->spp == 4)
    put_entry (buf, 338, TIFF_SHORT, 1, 2);   /* unassociated alpha */
  put_entry (buf, 339, TIFF_SHORT, w->spp, w->spp > 2 ? fmt_at : w->sample_format);
  put32 (buf, next);

  if (first)
    {
      g_byte_array_append (buf, (const guint8 *) w->description, desc_len);
      if (desc_len % 2)
        g_byte_array_append (buf, (const guint8 *) "", 1);
    }
  if (w->calibrated)
    for (guint i = 0; i < 2; i++)
      {
        put32 (buf, w->res_num[i]);
        put32 (buf, w->res_den[i]);
      }
  if (w->spp > 2)
    {
      for (guint i = 0; i < w->spp; i++)
        put16 (buf, w->bits);
      for (guint i = 0; i < w->spp; i++)
        put16 (buf, w->sample_format);
    }

  g_assert (at + (buf->len - start) == extra);
  return buf->len - start;
}

static gboolean
write_all (int            fd,
           gconstpointer  data,
           gsize          size,
           const char    *path,
           GError       **error)
{
  const guint8 *p = data;

  while (size > 0)
    {
      ssize_t n = write (fd, p, MIN (size, (gsize) 1 << 30));
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sc_set_error_from_errno (error, errno, path, "write");
          return FALSE;
        }
      p += n;
      size -= n;
    }
  return TRUE;
}

static gboolean
write_zeros (int          fd,
             gsize        size,
             const char  *path,
             GError     **error)
{
  static const guint8 zeros[16] = { 0 };
  return write_all (fd, zeros, size, path, error);
}

static gboolean
write_tiff (int            fd,
            gpointer       user_data,
            GCancellable  *cancellable,
            GError       **error)
{
  TiffWriter *w = user_data;
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autofree guint8 *plane = NULL;
  gsize s0, s1 = 0, data_start, ifds_start;
  guint64 total;

  /* Sizes first, from a dry run. */
  s0 = build_ifd (w, buf, TRUE, 8, 0, 0);
  if (w->n_planes > 1)
    s1 = build_ifd (w, buf, FALSE, 0, 0, 0);
  g_byte_array_set_size (buf, 0);

  data_start = (8 + s0 + 15) & ~(gsize) 15;
  ifds_start = (data_start + (guint64) w->n_planes * w->plane_size + 3) & ~(guint64) 3;
  total = ifds_start + (guint64) s1 * (w->n_planes - 1);
  if (total > G_MAXUINT32)
    {
      g_autofree char *name = g_filename_display_name (w->path);
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   "%s would be larger than 4 GiB, more than a TIFF can hold", name);
      return FALSE;
    }

  g_byte_array_append (buf, (const guint8 *) (G_BYTE_ORDER == G_LITTLE_ENDIAN ? "II" : "MM"), 2);
  put16 (buf, 42);
  put32 (buf, 8);
  build_ifd (w, buf, TRUE, 8, data_start, w->n_planes > 1 ? (guint32) ifds_start : 0);
  if (!write_all (fd, buf->data, buf->len, w->path, error)
      || !write_zeros (fd, data_start - buf->len, w->path, error))
    return FALSE;

  for (guint i = 0; i < w->n_planes; i++)
    {
      gconstpointer data = sc_stack_peek_rows (w->stack, i, 0, w->height);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (data == NULL)
        {
          if (plane == NULL)
            plane = g_malloc (w->plane_size);
          if (!sc_stack_read_plane (w->stack, i, plane, error))
            return FALSE;
          data = plane;
        }
      if (!write_all (fd, data, w->plane_size, w->path, error))
        return FALSE;
    }
  if (!write_zeros (fd, ifds_start - (data_start + (guint64) w->n_planes * w->plane_size),
                    w->path, error))
    return FALSE;

  for (guint i = 1; i < w->n_planes; i++)
    {
      guint32 at = (guint32) (ifds_start + (guint64) s1 * (i - 1));
      g_byte_array_set_size (buf, 0);
      build_ifd (w, buf, FALSE, at, (guint32) (data_start + (guint64) i * w->plane_size),
                 i + 1 < w->n_planes ? at + (guint32) s1 : 0);
      if (!write_all (fd, buf->data, buf->len, w->path, error))
        return FALSE;
    }
  return TRUE;
}




/* A rational close to value with 32-bit terms. */
static void
to_rational (double   value,
             guint32 *num,
             guint32 *den)
{
  guint32 d = 1000000;

  while (d > 1 && value * d > G_MAXUINT32)
    d /= 10;
  *num = (guint32) MIN (round (value * d), (double) G_MAXUINT32);
  *den = d;
}

gboolean
sc_export_tiff (ScStack       *stack,
                const char    *path,
                GCancellable  *cancellable,
                GError       **error)
{
  const ScCalibration *cal;
  TiffWriter w = { 0 };
  gboolean ok;

  g_return_val_if_fail (SC_IS_STACK (stack), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!sc_export_check_target_for_stack (path, stack, NULL, TRUE, error))
    return FALSE;

  cal = sc_stack_get_calibration (stack);
  w.stack = stack;
  w.path = path;
  w.width = sc_stack_get_width (stack);
  w.height = sc_stack_get_height (stack);
  w.spp = sc_stack_get_samples_per_pixel (stack);
  w.n_planes = sc_stack_get_n_planes (stack);
  w.bits = 8 * sc_sample_type_size (sc_stack_get_sample_type (stack));
  w.plane_size = sc_stack_get_plane_size (stack);
  switch (sc_stack_get_sample_type (stack))
    {
    case SC_SAMPLE_U8:
    case SC_SAMPLE_U16:
    case SC_SAMPLE_U32:
      w.sample_format = 1;
      break;
    case SC_SAMPLE_I8:
    case SC_SAMPLE_I16:
    case SC_SAMPLE_I32:
      w.sample_format = 2;
      break;
    case SC_SAMPLE_F32:
      w.sample_format = 3;
      break;
    default:
      g_assert_not_reached ();
    }
  if (w.plane_size > G_MAXUINT32)
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   "The planes of %s would be larger than 4 GiB, more than a TIFF can hold", name);
      return FALSE;
    }

  w.calibrated = cal->pixel_width > 0 && cal->pixel_height > 0;
  if (w.calibrated)
    {
      to_rational (1.0 / cal->pixel_width, &w.res_num[0], &w.res_den[0]);
      to_rational (1.0 / cal->pixel_height, &w.res_num[1], &w.res_den[1]);
      w.res_unit = 1;
      if (g_strcmp0 (cal->unit, "inch") == 0)
        w.res_unit = 2;
      else if (g_strcmp0 (cal->unit, "cm") == 0)
        w.res_unit = 3;
    }
  w.description = sc_imagej_make_description (stack);

  ok = sc_file_replace_atomic (path, write_tiff, &w, cancellable, error);
  g_free (w.description);
  return ok;
}

/* ---- PNG ---- */

void
sc_export_png_options_init (ScExportPngOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->mode = SC_EXPORT_PNG_RENDERED;
}

gboolean
sc_export_check_target_for_stack (const char  *path,
                                  ScStack     *stack,
                                  const char  *protect_path,
                                  gboolean     overwrite,
                                  GError     **error)
{
  struct stat st;
  gboolean exists;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (stack == NULL || SC_IS_STACK (stack), FALSE);

  exists = stat (path, &st) == 0;
  if ((stack != NULL && sc_stack_is_origin_file (stack, path))
      || (protect_path != NULL && sc_origin_path_contains (protect_path, path)))
    {
      g_autofree char *name = g_filename_display_name (path);

      if (exists && lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
        g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                     "Will not write over the input %s (a link to an input file); "
                     "choose another output name", name);
      else
        g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                     "Will not write over the input %s; choose another output name", name);
      return FALSE;
    }
  if (!overwrite && exists)
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s exists already and was left as it was", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_export_check_target (const char  *path,
                        const char  *protect_path,
                        gboolean     overwrite,
                        GError     **error)
{
  return sc_export_check_target_for_stack (path, NULL, protect_path, overwrite, error);
}

guint32 *
sc_export_render_plane (ScStack               *stack,
                        guint                  c,
                        guint                  z,
                        guint                  t,
                        const ScRenderParams  *params,
                        gboolean               composite,
                        GError               **error)
{
  ScSampleType type;
  guint w, h, nc, spp;
  gsize stride, plane_size;
  g_autofree guint32 *argb = NULL;

  g_return_val_if_fail (SC_IS_STACK (stack), NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (c < sc_stack_get_n_channels (stack), NULL);
  g_return_val_if_fail (z < sc_stack_get_n_slices (stack), NULL);
  g_return_val_if_fail (t < sc_stack_get_n_frames (stack), NULL);

  type = sc_stack_get_sample_type (stack);
  w = sc_stack_get_width (stack);
  h = sc_stack_get_height (stack);
  nc = sc_stack_get_n_channels (stack);
  spp = sc_stack_get_samples_per_pixel (stack);
  stride = sc_stack_get_row_stride (stack);
  plane_size = sc_stack_get_plane_size (stack);
  argb = g_new (guint32, (gsize) w * h);

  if (composite && nc > 1 && spp == 1)
    {
      g_autofree ScRenderTable **tables = g_new0 (ScRenderTable *, nc);
      g_autofree gconstpointer *srcs = g_new0 (gconstpointer, nc);
      g_autofree guint8 *planes = g_malloc (plane_size * nc);
      gboolean ok = TRUE;

      for (guint i = 0; i < nc && ok; i++)
        {
          ok = sc_stack_read_plane (stack, sc_stack_plane_index (stack, i, z, t),
                                    planes + i * plane_size, error);
          srcs[i] = planes + i * plane_size;
          tables[i] = sc_render_table_new (&params[i], type);
        }
      if (ok)
        sc_render_composite ((ScRenderTable * const *) tables, srcs, nc, stride, w, h,
                             argb, (gsize) w * 4);
      for (guint i = 0; i < nc; i++)
        g_clear_pointer (&tables[i], sc_render_table_free);
      if (!ok)
        return NULL;
    }
  else
    {
      g_autofree guint8 *plane = g_malloc (plane_size);
      g_autoptr(ScRenderTable) table = NULL;

      if (!sc_stack_read_plane (stack, sc_stack_plane_index (stack, c, z, t), plane, error))
        return NULL;
      table = sc_render_table_new (spp >= 3 ? &params[0] : &params[c], type);
      if (spp == 1)
        sc_render_plane (table, plane, stride, w, h, argb, (gsize) w * 4);
      else
        sc_render_rgb (table, plane, stride, spp, w, h, argb, (gsize) w * 4);
    }

  return g_steal_pointer (&argb);
}

static const char *
unit_symbol (const char *unit)
{
  if (unit == NULL || *unit == '\0')
    return NULL;
  if (g_ascii_strcasecmp (unit, "micron") == 0 || g_ascii_strcasecmp (unit, "microns") == 0 ||
      g_ascii_strcasecmp (unit, "um") == 0 || g_ascii_strcasecmp (unit, "micrometer") == 0 ||
      g_str_equal (unit, "\316\274m"))
    return "\302\265m";
  if (g_ascii_strcasecmp (unit, "pixel") == 0 || g_ascii_strcasecmp (unit, "pixels") == 0)
    return NULL;
  return unit;
}

static void
format_number (char   *buf,
               gsize   size,
               double  v)
{
  g_ascii_formatd (buf, size, fabs (v) >= 1e5 || (v != 0 && fabs (v) < 1e-3) ? "%.3g" : "%.6g", v);
}

/* Text in white with a dark outline, readable on any image. */
static void
outlined_text (cairo_t    *cr,
               double      x,
               double      y,
               const char *text,
               gboolean    outline)
{
  cairo_move_to (cr, x, y);
  cairo_text_path (cr, text);
  if (outline)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
    }
  else
    cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_fill (cr);
}

static void
draw_color_bar (cairo_t              *cr,
                const ScRenderParams *params,
                gboolean              integer,
                guint                 width,
                guint                 y0,
                double                font)
{
  const guint8 *lut = params->lut ? params->lut : sc_colormap_get_table (params->colormap);
  double margin = font;
  double bar_w = width - 2 * margin;
  double bar_y = y0 + font * 0.6;
  double bar_h = font * 1.1;
  char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];
  cairo_text_extents_t ext;

  if (bar_w < 4)
    return;
  for (int x = 0; x < (int) bar_w; x++)
    {
      double v = params->min + (params->max - params->min) * (x + 0.5) / bar_w;
      guint8 i = sc_render_map_value (params, v);

      cairo_set_source_rgb (cr, lut[3 * i] / 255.0, lut[3 * i + 1] / 255.0, lut[3 * i + 2] / 255.0);
      cairo_rectangle (cr, margin + x, bar_y, 1, bar_h);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, margin - 0.5, bar_y - 0.5, (int) bar_w + 1, bar_h + 1);
  cairo_stroke (cr);

  if (integer)
    {
      g_snprintf (lo, sizeof lo, "%.0f", params->min);
      g_snprintf (hi, sizeof hi, "%.0f", params->max);
    }
  else
    {
      format_number (lo, sizeof lo, params->min);
      format_number (hi, sizeof hi, params->max);
    }
  outlined_text (cr, margin, bar_y + bar_h + font * 1.1, lo, FALSE);
  cairo_text_extents (cr, hi, &ext);
  outlined_text (cr, margin + (int) bar_w - ext.x_advance, bar_y + bar_h + font * 1.1, hi, FALSE);
}

static void
draw_scale_bar (cairo_t             *cr,
                const ScCalibration *cal,
                guint                width,
                guint                height,
                double               font)
{
  const char *unit = unit_symbol (cal->unit);
  double target, nice, px, thickness;
  double margin = font * 0.8;
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *label = NULL;
  cairo_text_extents_t ext;

  if (unit == NULL || !(cal->pixel_width > 0))
    return;
  target = width * cal->pixel_width / 5;
  nice = pow (10, floor (log10 (target)));
  if (nice * 5 <= target)
    nice *= 5;
  else if (nice * 2 <= target)
    nice *= 2;
  px = nice / cal->pixel_width;
  thickness = MAX (3, round (font / 3));

  cairo_rectangle (cr, width - margin - px, height - margin - thickness, px, thickness);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 2);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  g_ascii_formatd (number, sizeof number, "%g", nice);
  label = g_strdup_printf ("%s %s", number, unit);
  cairo_text_extents (cr, label, &ext);
  outlined_text (cr, width - margin - px / 2 - ext.x_advance / 2,
                 height - margin - thickness - font * 0.4, label, TRUE);
}

static gboolean
write_raw16 (ScStack     *stack,
             guint        index,
             const char  *path,
             const char * const *text,
             GError     **error)
{
  ScSampleType type = sc_stack_get_sample_type (stack);
  guint w = sc_stack_get_width (stack), h = sc_stack_get_height (stack);
  gsize stride = sc_stack_get_row_stride (stack);
  g_autofree guint8 *plane = g_malloc (sc_stack_get_plane_size (stack));
  g_autofree guint16 *out = NULL;

  if (sc_stack_get_samples_per_pixel (stack) != 1)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                   "Raw 16-bit PNGs hold one channel of gray values; export this RGB image rendered");
      return FALSE;
    }
  if (!sc_stack_read_plane (stack, index, plane, error))
    return FALSE;
  if (type == SC_SAMPLE_U16)
    return sc_png_write (path, SC_PNG_GRAY16, w, h, plane, stride, text, error);

  out = g_new (guint16, (gsize) w * h);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        double v = sc_plane_get_value (type, plane, stride, 1, x, y, 0);
        out[(gsize) y * w + x] = isnan (v) ? 0 : (guint16) CLAMP (round (v), 0, 65535);
      }
  return sc_png_write (path, SC_PNG_GRAY16, w, h, out, (gsize) w * 2, text, error);
}

gboolean
sc_export_png (ScStack                  *stack,
               guint                     c,
               guint                     z,
               guint                     t,
               const ScExportPngOptions *options,
               const char               *path,
               GCancellable             *cancellable,
               GError                  **error)
{
  const char *text[] = { "Software", "Stackscope " PACKAGE_VERSION, NULL };
  g_autofree guint32 *argb = NULL;
  g_autofree guint8 *rgb = NULL;
  guint w, h, out_h, strip = 0;
  double font;

  g_return_val_if_fail (SC_IS_STACK (stack), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options->mode == SC_EXPORT_PNG_RAW16 || options->params != NULL, FALSE);

  if (!sc_export_check_target_for_stack (path, stack, options->protect_path, options->overwrite,
                                         error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (options->mode == SC_EXPORT_PNG_RAW16)
    return write_raw16 (stack, sc_stack_plane_index (stack, c, z, t), path, text, error);

  argb = sc_export_render_plane (stack, c, z, t, options->params, options->composite, error);
  if (argb == NULL)
    return FALSE;

  w = sc_stack_get_width (stack);
  h = sc_stack_get_height (stack);
  font = CLAMP (MIN (w, h) / 28.0, 10, 40);

  if (options->color_bar || options->scale_bar)
    {
      cairo_surface_t *surface;
      cairo_t *cr;
      guint8 *data;
      int cstride;

      if (options->color_bar && sc_stack_get_samples_per_pixel (stack) == 1)
        strip = (guint) ceil (font * 3.2);
      out_h = h + strip;
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w, (int) out_h);
      cstride = cairo_image_surface_get_stride (surface);
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      for (guint y = 0; y < h; y++)
        memcpy (data + (gsize) y * cstride, argb + (gsize) y * w, (gsize) w * 4);
      cairo_surface_mark_dirty (surface);

      cr = cairo_create (surface);
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, font);
      if (strip > 0)
        {
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_rectangle (cr, 0, h, w, strip);
          cairo_fill (cr);
          draw_color_bar (cr, &options->params[c],
                          sc_sample_type_is_integer (sc_stack_get_sample_type (stack)),
                          w, h, font);
        }
      if (options->scale_bar)
        draw_scale_bar (cr, sc_stack_get_calibration (stack), w, h, font);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      g_free (argb);
      argb = g_new (guint32, (gsize) w * out_h);
      for (guint y = 0; y < out_h; y++)
        memcpy (argb + (gsize) y * w, data + (gsize) y * cstride, (gsize) w * 4);
      cairo_surface_destroy (surface);
    }
  else
    out_h = h;

  rgb = g_new (guint8, (gsize) w * out_h * 3);
  for (gsize i = 0; i < (gsize) w * out_h; i++)
    {
      rgb[3 * i] = (argb[i] >> 16) & 0xff;
      rgb[3 * i + 1] = (argb[i] >> 8) & 0xff;
      rgb[3 * i + 2] = argb[i] & 0xff;
    }
  return sc_png_write (path, SC_PNG_RGB8, w, out_h, rgb, (gsize) w * 3, text, error);
}

char *
sc_export_plane_file_name (const char *prefix,
                           guint       z,
                           guint       n_slices)
{
  int digits = 1;

  g_return_val_if_fail (prefix != NULL, NULL);

  for (guint n = MAX (n_slices, 1); n >= 10; n /= 10)
    digits++;
  return g_strdup_printf ("%s_z%0*u.png", prefix, MAX (digits, 2), z + 1);
}

GStrv
sc_export_planes_existing (const char *folder,
                           const char *prefix,
                           guint       first,
                           guint       last,
                           guint       n_slices)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (folder != NULL && prefix != NULL, NULL);

  for (guint z = first; z <= last && z < n_slices; z++)
    {
      g_autofree char *name = sc_export_plane_file_name (prefix, z, n_slices);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

gboolean
sc_export_planes_png (ScStack                  *stack,
                      guint                     c,
                      guint                     t,
                      guint                     first,
                      guint                     last,
                      const ScExportPngOptions *options,
                      const char               *folder,
                      const char               *prefix,
                      ScExportProgress          progress,
                      gpointer                  progress_data,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  guint nz;

  g_return_val_if_fail (SC_IS_STACK (stack), FALSE);
  g_return_val_if_fail (options != NULL && folder != NULL && prefix != NULL, FALSE);

  nz = sc_stack_get_n_slices (stack);
  last = MIN (last, nz - 1);
  if (first > last)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   "No planes to export: the range starts at %u after its end %u", first + 1, last + 1);
      return FALSE;
    }
  if (g_mkdir_with_parents (folder, 0777) != 0)
    {
      sc_set_error_from_errno (error, errno, folder, "create");
      return FALSE;
    }

  for (guint z = first; z <= last; z++)
    {
      g_autofree char *name = sc_export_plane_file_name (prefix, z, nz);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (!sc_export_png (stack, c, z, t, options, path, cancellable, error))
        return FALSE;
      if (progress)
        progress (z - first + 1, last - first + 1, progress_data);
    }
  return TRUE;
}
