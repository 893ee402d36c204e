/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tiff-source"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-imagej.h"
#include "sc-ome.h"
#include "sc-tiff-file.h"
#include "sc-tiff-handle.h"
#include "sc-tiff-ifd.h"
#include "sc-tiff-metadata.h"
#include "sc-tiff-read.h"
#include "sc-tiff-shape.h"
#include "sc-tiff-source.h"

/* How the TIFF source works:
 *
 * Opening walks the IFD chain once (sc-tiff-ifd, no libtiff) and records every page's
 * directory offset and layout. The first page is read with libtiff as well, for its tags
 * (sc-tiff-metadata) and to be sure libtiff accepts the file; its description gives the
 * shape (sc-imagej, sc-ome, sc-tiff-shape): which page each plane is, which image series
 * of an OME file, and which pages of a file cut short are left out. Uncompressed strips are read with pread() straight from the
 * file, and mapped for peek_rows() when already in native order; everything else goes
 * through a pool of libtiff handles (sc-tiff-read, sc-tiff-handle). Samples come out in
 * native byte order, rows packed (sc-sample-convert). */

struct _ScTiffSource
{
  ScSource         parent_instance;

  ScTiffFile       file;
  GArray          *pages;            /* ScTiffPage */
  ScTiffShape      shape;            /* which page and sample each plane is */
  guint            n_planes;
  guint            n_ifds;
  guint            broken_at;        /* where the chain of pages broke, or 0 */
  ScTiffLayout     layout;
  ScTiffHandlePool pool;
};

G_DEFINE_FINAL_TYPE (ScTiffSource, sc_tiff_source, SC_TYPE_SOURCE)

/* Plane p is sample p % split of unit p / split (sc-tiff-shape.h). */
static const ScTiffPage *
page_for_plane (ScTiffSource *self,
                guint         plane,
                guint        *sample)
{
  guint index = sc_tiff_shape_page (&self->shape, plane / self->shape.split);

  g_assert (index < self->pages->len);
  if (sample != NULL)
    *sample = plane % self->shape.split;
  return &g_array_index (self->pages, ScTiffPage, index);
}

static gboolean
sc_tiff_source_read_rows (ScSource  *source,
                          guint      plane,
                          guint      y0,
                          guint      n_rows,
                          gpointer   dest,
                          GError   **error)
{
  ScTiffSource *self = SC_TIFF_SOURCE (source);
  const ScTiffPage *pg;
  guint sample;

  g_return_val_if_fail (plane < self->n_planes, FALSE);
  g_return_val_if_fail (y0 <= sc_source_get_info (source)->height, FALSE);
  g_return_val_if_fail (n_rows <= sc_source_get_info (source)->height - y0, FALSE);

  pg = page_for_plane (self, plane, &sample);
  return sc_tiff_read_rows (&self->file, &self->layout, &self->pool, pg, sample, y0, n_rows, dest,
                            error);
}

/* Planes whose rows follow each other in the file, at most this far apart (the IFD between
 * two pages), are read with one preadv(), the bytes between them into a scrap buffer. */
#define JOIN_GAP_MAX 4096
#define JOIN_IOV_MAX 256

static gboolean
sc_tiff_source_read_planes_rows (ScSource     *source,
                                 const guint  *planes,
                                 guint         n_planes,
                                 guint         y0,
                                 guint         n_rows,
                                 guint8       *dest,
                                 gsize         dest_stride,
                                 GError      **error)
{
  ScTiffSource *self = SC_TIFF_SOURCE (source);
  gsize len = (gsize) n_rows * self->layout.row_stride;
  guint8 gap[JOIN_GAP_MAX];
  struct iovec iov[JOIN_IOV_MAX];

  for (guint i = 0, j; i < n_planes; i = j)
    {
      guint sample;
      const ScTiffPage *pg = page_for_plane (self, planes[i], &sample);
      guint64 start, end;
      guint n_iov = 0;

      j = i + 1;
      if (!sc_tiff_native_rows_offset (&self->file, &self->layout, pg, y0, n_rows, &start))
        {
          if (!sc_tiff_read_rows (&self->file, &self->layout, &self->pool, pg, sample, y0, n_rows,
                                  dest + i * dest_stride, error))
            return FALSE;
          continue;
        }
      iov[n_iov++] = (struct iovec) { dest + i * dest_stride, len };
      end = start + len;
      for (; j < n_planes && n_iov + 2 <= JOIN_IOV_MAX; j++)
        {
          const ScTiffPage *next = page_for_plane (self, planes[j], NULL);
          guint64 at;

          if (!sc_tiff_native_rows_offset (&self->file, &self->layout, next, y0, n_rows, &at)
              || at < end || at - end > JOIN_GAP_MAX)
            break;
          if (at > end)
            iov[n_iov++] = (struct iovec) { gap, (gsize) (at - end) };
          iov[n_iov++] = (struct iovec) { dest + j * dest_stride, len };
          end = at + len;
        }
      if (!sc_tiff_file_readv (&self->file, iov, n_iov, start, pg->page_number, error))
        return FALSE;
    }
  return TRUE;
}

static gconstpointer
sc_tiff_source_peek_rows (ScSource *source,
                          guint     plane,
                          guint     y0,
                          guint     n_rows)
{
  ScTiffSource *self = SC_TIFF_SOURCE (source);

  if (plane >= self->n_planes)
    return NULL;
  return sc_tiff_peek_rows (&self->file, &self->layout, page_for_plane (self, plane, NULL), y0,
                            n_rows);
}

static gboolean
sc_tiff_source_check_peeked (ScSource  *source,
                             GError   **error)
{
  return sc_tiff_file_check_map (&SC_TIFF_SOURCE (source)->file, error);
}

static char *
sc_tiff_source_describe_plane (ScSource *source,
                               guint     plane)
{
  ScTiffSource *self = SC_TIFF_SOURCE (source);
  const ScTiffPage *pg;

  g_return_val_if_fail (plane < self->n_planes, NULL);

  pg = page_for_plane (self, plane, NULL);
  /* Translators: where a plane comes from: a file name and its image (in an ImageJ stack
   * stored as one block) or its page */
  if (pg->big_image)
    return g_strdup_printf (_("%s, image %u"), self->file.name, pg->page_number);
  return g_strdup_printf (_("%s, page %u"), self->file.name, pg->page_number);
}

static void
sc_tiff_source_finalize (GObject *object)
{
  ScTiffSource *self = SC_TIFF_SOURCE (object);

  sc_tiff_handle_pool_clear (&self->pool);
  sc_tiff_file_clear (&self->file);
  sc_tiff_shape_clear (&self->shape);
  g_clear_pointer (&self->pages, g_array_unref);

  G_OBJECT_CLASS (sc_tiff_source_parent_class)->finalize (object);
}

static void
sc_tiff_source_class_init (ScTiffSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ScSourceClass *source_class = SC_SOURCE_CLASS (klass);

  object_class->finalize = sc_tiff_source_finalize;
  source_class->read_rows = sc_tiff_source_read_rows;
  source_class->peek_rows = sc_tiff_source_peek_rows;
  source_class->check_peeked = sc_tiff_source_check_peeked;
  source_class->read_planes_rows = sc_tiff_source_read_planes_rows;
  source_class->describe_plane = sc_tiff_source_describe_plane;
}

static void
sc_tiff_source_init (ScTiffSource *self)
{
  self->file.fd = -1;
  sc_tiff_handle_pool_init (&self->pool);
  self->pages = g_array_new (FALSE, FALSE, sizeof (ScTiffPage));
}

static gboolean
check_pages (ScTiffSource      *self,
             const ScTiffPage  *ref,
             GError           **error)
{
  for (guint plane = 0; plane < self->n_planes; plane += self->shape.split)
    {
      const ScTiffPage *pg = page_for_plane (self, plane, NULL);

      if (pg->unsupported != NULL)
        {
          sc_tiff_set_unsupported (&self->file, pg, error);
          return FALSE;
        }
      /* The stored samples may be wider or more than those read (extra samples, 64-bit
       * floats); buffers for them must stay within bounds too. */
      if ((guint64) sc_tiff_page_row_bytes (pg) * pg->height > 2 * sc_max_plane_bytes ())
        {
          g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                       /* Translators: e.g. "page 2 of a.tif stores 5 64-bit samples per
                        * pixel, more than Stackscope accepts" */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "page %u of %s stores %u %u-bit sample per pixel, more than "
                                    "Stackscope accepts",
                                    "page %u of %s stores %u %u-bit samples per pixel, more than "
                                    "Stackscope accepts", pg->spp),
                       pg->page_number, self->file.name, pg->spp, pg->bps);
          return FALSE;
        }
      if (pg->width != ref->width || pg->height != ref->height || pg->out_type != ref->out_type
          || pg->spp_out != ref->spp_out || sc_tiff_page_split (pg) != self->shape.split)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                       /* Translators: the size, sample type and samples per pixel of two
                        * pages of a file */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "page %u of %s is %u × %u %s with %u sample per pixel, "
                                    "unlike page %u (%u × %u %s with %u)",
                                    "page %u of %s is %u × %u %s with %u samples per pixel, "
                                    "unlike page %u (%u × %u %s with %u)", pg->spp_out),
                       pg->page_number, self->file.name, pg->width, pg->height,
                       sc_sample_type_to_string (pg->out_type), pg->spp_out,
                       ref->page_number, ref->width, ref->height,
                       sc_sample_type_to_string (ref->out_type), ref->spp_out);
          return FALSE;
        }
    }
  return TRUE;
}

/* Walks the IFDs, and checks the first page's shape before libtiff or anyone else
 * allocates for it. */
static gboolean
open_pages (ScTiffSource  *self,
            GCancellable  *cancellable,
            guint         *n_reduced,
            GError       **error)
{
  ScStackInfo *info = sc_source_get_info (SC_SOURCE (self));
  const ScTiffPage *ref;

  if (!sc_tiff_walk_ifds (&self->file, self->pages, cancellable, &self->n_ifds, n_reduced,
                          &self->broken_at, error))
    return FALSE;
  if (self->pages->len == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_EMPTY, _("%s holds no full-resolution image"),
                   self->file.name);
      return FALSE;
    }
  for (guint i = 0; i < self->pages->len; i++)
    sc_tiff_page_check_codec (&g_array_index (self->pages, ScTiffPage, i));

  ref = &g_array_index (self->pages, ScTiffPage, 0);
  if (ref->unsupported != NULL)
    {
      sc_tiff_set_unsupported (&self->file, ref, error);
      return FALSE;
    }
  info->width = ref->width;
  info->height = ref->height;
  info->sample_type = ref->out_type;
  info->samples_per_pixel = ref->spp_out;
  info->n_slices = self->pages->len;
  return sc_stack_info_validate (info, self->file.path, error);
}

/* The first page's tags, through libtiff; *desc is its description or NULL. */
static gboolean
read_first_page (ScTiffSource      *self,
                 guint              n_reduced,
                 ScTiffResolution  *res,
                 char             **desc,
                 GError           **error)
{
  const ScTiffPage *ref = &g_array_index (self->pages, ScTiffPage, 0);
  ScTiffHandle *h;

  if (!(h = sc_tiff_handle_open (&self->file, FALSE, error)))
    return FALSE;
  if (!sc_tiff_handle_load_page (h, ref, error))
    {
      sc_tiff_handle_free (h);
      return FALSE;
    }
  *desc = sc_tiff_metadata_read (&self->file, h->tif, ref, self->n_ifds, n_reduced,
                                 sc_source_get_info (SC_SOURCE (self)), res);
  sc_tiff_handle_release (&self->pool, h, TRUE);
  return TRUE;
}

/* Shape: ImageJ, OME (its series `series`) or one Z slice per page. */
static gboolean
apply_description (ScTiffSource  *self,
                   const char    *desc,
                   guint          series,
                   ScImageJInfo  *ij,
                   ScOmeInfo     *ome,
                   GError       **error)
{
  ScStackInfo *info = sc_source_get_info (SC_SOURCE (self));

  if (desc != NULL)
    {
      g_autoptr(GError) ome_error = NULL;

      sc_imagej_parse (desc, ij, info);
      if (!ij->found && !sc_ome_parse (desc, self->file.name, ome, &ome_error))
        {
          /* GMarkup's messages quote the offending bytes, even half a character. */
          g_autofree char *why = g_utf8_make_valid (ome_error->message, -1);

          sc_stack_info_take_metadata (info, N_("OME note"),
                                       g_strdup_printf (_("OME-XML not understood: %s"), why));
        }
      if (!ij->found && !ome->found)
        sc_tiff_metadata_add_description (info, desc);
    }

  if (ome->found)
    return sc_tiff_shape_ome (&self->shape, &self->file, ome, series, info, error);
  if (series > 0)
    {
      /* Translators: %s is a file name, %u a series number counted from 1 */
      g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                   _("%s holds one image series; there is no series %u"), self->file.name,
                   series + 1);
      return FALSE;
    }
  if (ij->found)
    return sc_tiff_shape_imagej (&self->shape, &self->file, ij, info, error);
  info->format = g_strdup (self->file.bigtiff ? "BigTIFF" : "TIFF");
  sc_tiff_shape_plain (&self->shape, info);
  return TRUE;
}

/* The stack's sample type and layout are those of its first plane's page; every other
 * page must match it. */
static gboolean
set_layout (ScTiffSource  *self,
            GError       **error)
{
  ScStackInfo *info = sc_source_get_info (SC_SOURCE (self));
  const ScTiffPage *ref;
  gboolean split = self->shape.split > 1;

  self->n_planes = self->shape.n_units * self->shape.split;
  ref = page_for_plane (self, 0, NULL);
  if (ref->unsupported != NULL)
    {
      sc_tiff_set_unsupported (&self->file, ref, error);
      return FALSE;
    }
  info->width = ref->width;
  info->height = ref->height;
  info->sample_type = ref->out_type;
  info->samples_per_pixel = split ? 1 : ref->spp_out;
  self->layout.out_type = ref->out_type;
  self->layout.out_size = sc_sample_type_size (ref->out_type);
  self->layout.spp_out = info->samples_per_pixel;
  self->layout.split = split;
  self->layout.row_stride = (gsize) ref->width * self->layout.spp_out * self->layout.out_size;
  info->row_block = sc_tiff_page_block_rows (ref);
  g_assert ((guint64) info->n_channels * info->n_slices * info->n_frames == self->n_planes);
  return sc_stack_info_validate (info, self->file.path, error) && check_pages (self, ref, error);
}

ScSource *
sc_tiff_source_open_series (const char    *path,
                            guint          series,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(ScTiffSource) self = NULL;
  g_autofree char *desc = NULL;
  ScImageJInfo ij = { 0 };
  ScOmeInfo ome = { 0 };
  ScTiffResolution res = { 0 };
  ScStackInfo *info;
  guint n_reduced = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SC_TYPE_TIFF_SOURCE, NULL);
  info = sc_source_get_info (SC_SOURCE (self));
  if (!sc_tiff_file_open (&self->file, path, error)
      || !open_pages (self, cancellable, &n_reduced, error)
      || !read_first_page (self, n_reduced, &res, &desc, error))
    return NULL;

  sc_tiff_shape_init (&self->shape, self->pages, self->n_ifds, self->broken_at);
  ok = apply_description (self, desc, series, &ij, &ome, error)
       && sc_tiff_shape_trim (&self->shape, &self->file, info, error)
       && set_layout (self, error);
  if (ok)
    {
      sc_tiff_metadata_calibrate (info, &res, &ij, &ome, series);
      sc_imagej_apply_display (&ij, info);
      sc_ome_apply_display (&ome, series, info);
      sc_tiff_shape_apply_display (&self->shape, info);
      sc_tiff_file_map (&self->file);
    }
  sc_imagej_info_clear (&ij);
  sc_ome_info_clear (&ome);
  if (!ok)
    return NULL;
  return SC_SOURCE (g_steal_pointer (&self));
}

guint64
sc_tiff_source_get_n_decoded (ScTiffSource *self)
{
  g_return_val_if_fail (SC_IS_TIFF_SOURCE (self), 0);

  return sc_tiff_handle_pool_n_decoded (&self->pool);
}

ScSource *
sc_tiff_source_open (const char    *path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return sc_tiff_source_open_series (path, 0, cancellable, error);
}
