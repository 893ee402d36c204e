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
#include "sc-tiff-source.h"

/* How the TIFF source works:
 *
 * Opening walks the IFD chain once (sc-tiff-ifd, no libtiff) and records every page's
 * directory offset and layout. The first page is read with libtiff as well, for its tags
 * (sc-tiff-metadata) and to be sure libtiff accepts the file; its description gives the
 * shape (sc-imagej, sc-ome). Uncompressed strips are read with pread() straight from the
 * file, and mapped for peek_rows() when already in native order; everything else goes
 * through a pool of libtiff handles (sc-tiff-read, sc-tiff-handle). Samples come out in
 * native byte order, rows packed (sc-sample-convert). */

struct _ScTiffSource
{
  ScSource         parent_instance;

  ScTiffFile       file;
  GArray          *pages;            /* ScTiffPage */
  guint           *plane_to_page;    /* NULL: plane i is page i */
  guint            n_planes;
  guint            n_ifds;
  ScTiffLayout     layout;
  ScTiffHandlePool pool;
};

G_DEFINE_FINAL_TYPE (ScTiffSource, sc_tiff_source, SC_TYPE_SOURCE)

static const ScTiffPage *
page_for_plane (ScTiffSource *self,
                guint         plane)
{
  guint index = self->plane_to_page ? self->plane_to_page[plane] : plane;

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

  g_return_val_if_fail (plane < self->n_planes, FALSE);
  g_return_val_if_fail (y0 <= sc_source_get_info (source)->height, FALSE);
  g_return_val_if_fail (n_rows <= sc_source_get_info (source)->height - y0, FALSE);

  return sc_tiff_read_rows (&self->file, &self->layout, &self->pool, page_for_plane (self, plane),
                            y0, n_rows, dest, error);
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
  return sc_tiff_peek_rows (&self->file, &self->layout, page_for_plane (self, plane), y0, n_rows);
}

static char *
sc_tiff_source_describe_plane (ScSource *source,
                               guint     plane)
{
  ScTiffSource *self = SC_TIFF_SOURCE (source);
  const ScTiffPage *pg;

  g_return_val_if_fail (plane < self->n_planes, NULL);

  pg = page_for_plane (self, plane);
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
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->plane_to_page, g_free);

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
  for (guint plane = 0; plane < self->n_planes; plane++)
    {
      const ScTiffPage *pg = page_for_plane (self, plane);

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
          || pg->spp_out != ref->spp_out)
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

/* An ImageJ "big" stack (written when the data exceeds 4 GiB): images=N but fewer IFDs,
 * the images stored one after another from the first page's data on. */
static gboolean
setup_imagej_big_stack (ScTiffSource  *self,
                        guint64        images,
                        ScStackInfo   *info,
                        GError       **error)
{
  ScTiffPage ref = g_array_index (self->pages, ScTiffPage, 0);
  guint64 plane_bytes = (guint64) sc_tiff_page_row_bytes (&ref) * ref.height;
  guint64 first;

  if (ref.data_offset != SC_TIFF_NO_OFFSET)
    first = ref.data_offset;
  else
    {
      guint n_strips = (ref.height + ref.rows_per_strip - 1) / ref.rows_per_strip;
      g_autofree guint64 *offsets = NULL;

      if (ref.strip_offsets.count != n_strips)
        return FALSE;
      offsets = g_new (guint64, n_strips);
      if (!sc_tiff_tag_read_uints (&self->file, &ref.strip_offsets, 0, n_strips, offsets, 1, NULL))
        return FALSE;
      for (guint s = 1; s < n_strips; s++)
        if (offsets[s] != offsets[s - 1]
                          + (guint64) ref.rows_per_strip * sc_tiff_page_row_bytes (&ref))
          return FALSE;
      first = offsets[0];
    }

  if (!sc_stack_info_validate (info, self->file.path, error))
    return FALSE;
  if (first > self->file.size || images > (self->file.size - first) / plane_bytes)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s claims %llu image but holds only %llu (the file is truncated)",
                                "%s claims %llu images but holds only %llu (the file is truncated)",
                                (gulong) images),
                   self->file.name, (unsigned long long) images,
                   (unsigned long long) (first > self->file.size ? 0
                                         : (self->file.size - first) / plane_bytes));
      return FALSE;
    }

  g_array_set_size (self->pages, 0);
  for (guint64 i = 0; i < images; i++)
    {
      ScTiffPage pg = ref;

      pg.ifd_offset = i == 0 ? ref.ifd_offset : 0;
      pg.data_offset = first + i * plane_bytes;
      pg.page_number = (guint32) (i + 1);
      pg.big_image = TRUE;
      g_array_append_val (self->pages, pg);
    }
  sc_stack_info_add_metadata (info, N_("ImageJ big stack"),
                              _("yes: images stored contiguously after page 1"));
  return TRUE;
}

static gboolean
apply_imagej_shape (ScTiffSource        *self,
                    const ScImageJInfo  *ij,
                    ScStackInfo         *info,
                    GError             **error)
{
  ScTiffPage ref = g_array_index (self->pages, ScTiffPage, 0);
  guint64 images = ij->images ? ij->images : self->pages->len;
  guint64 c = MAX (ij->channels, 1), z = MAX (ij->slices, 1), t = MAX (ij->frames, 1);
  guint64 cz = 0, czt = 0;

  info->format = g_strdup ("ImageJ TIFF");
  if (!g_uint64_checked_mul (&cz, c, z) || !g_uint64_checked_mul (&czt, cz, t) || czt != images
      || c > G_MAXUINT || z > G_MAXUINT || t > G_MAXUINT)
    {
      c = t = 1;
      z = images;
    }
  if (images > G_MAXUINT)
    images = G_MAXUINT;
  info->n_channels = (guint) c;
  info->n_slices = (guint) MIN (z, G_MAXUINT);
  info->n_frames = (guint) t;

  if (images > self->pages->len)
    {
      g_autoptr(GError) big_error = NULL;

      if (sc_tiff_page_is_direct (&ref) && ref.bps % 8 == 0
          && !setup_imagej_big_stack (self, images, info, &big_error) && big_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&big_error));
          return FALSE;
        }
      if (images > self->pages->len)
        {
          sc_stack_info_take_metadata (info, N_("ImageJ note"),
                                       /* Translators: "images=" is ImageJ's own key in the
                                        * file: keep it as it is */
                                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                     "images=%llu but the file "
                                                                     "holds %u page",
                                                                     "images=%llu but the file "
                                                                     "holds %u pages",
                                                                     self->pages->len),
                                                        (unsigned long long) images,
                                                        self->pages->len));
          info->n_channels = info->n_frames = 1;
          info->n_slices = self->pages->len;
          images = self->pages->len;
        }
    }
  self->n_planes = (guint) images;
  return TRUE;
}

static gboolean
apply_ome_shape (ScTiffSource     *self,
                 const ScOmeInfo  *ome,
                 ScStackInfo      *info,
                 GError          **error)
{
  const ScTiffPage *ref = &g_array_index (self->pages, ScTiffPage, 0);
  g_autofree guint *map = NULL;
  guint n_planes = self->n_planes;

  info->format = g_strdup ("OME-TIFF");
  sc_ome_add_metadata (ome, info);
  if (!sc_ome_map_planes (ome, self->file.path, self->pages->len, ref->width, ref->height,
                          ref->spp_out, info, &map, &n_planes, error))
    return FALSE;
  if (map != NULL)
    {
      self->plane_to_page = g_steal_pointer (&map);
      self->n_planes = n_planes;
    }
  return TRUE;
}

/* Walks the IFDs and takes the first page's shape and sample type for the stack's. */
static gboolean
open_pages (ScTiffSource  *self,
            GCancellable  *cancellable,
            guint         *n_reduced,
            GError       **error)
{
  ScStackInfo *info = sc_source_get_info (SC_SOURCE (self));
  const ScTiffPage *ref;

  if (!sc_tiff_walk_ifds (&self->file, self->pages, cancellable, &self->n_ifds, n_reduced, error))
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
  self->layout.out_type = ref->out_type;
  self->layout.out_size = sc_sample_type_size (ref->out_type);
  self->layout.spp_out = ref->spp_out;
  self->layout.row_stride = (gsize) ref->width * ref->spp_out * self->layout.out_size;
  self->n_planes = self->pages->len;
  info->n_slices = self->pages->len;
  /* Refuse absurd shapes before libtiff or anyone else allocates for them. */
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

/* Shape: ImageJ, OME or one Z slice per page. */
static gboolean
apply_description (ScTiffSource  *self,
                   const char    *desc,
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
    return apply_ome_shape (self, ome, info, error);
  if (ij->found)
    return apply_imagej_shape (self, ij, info, error);
  info->format = g_strdup (self->file.bigtiff ? "BigTIFF" : "TIFF");
  return TRUE;
}

ScSource *
sc_tiff_source_open (const char    *path,
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

  ok = apply_description (self, desc, &ij, &ome, error)
       && sc_stack_info_validate (info, path, error)
       && check_pages (self, &g_array_index (self->pages, ScTiffPage, 0), error);
  if (ok)
    {
      sc_tiff_metadata_calibrate (info, &res, &ij, &ome);
      sc_imagej_apply_display (&ij, info);
      sc_ome_apply_display (&ome, info);
      sc_tiff_file_map (&self->file);
    }
  sc_imagej_info_clear (&ij);
  sc_ome_info_clear (&ome);
  if (!ok)
    return NULL;
  return SC_SOURCE (g_steal_pointer (&self));
}
