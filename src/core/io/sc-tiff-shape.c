/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tiff-shape"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-tiff-read.h"
#include "sc-tiff-shape.h"

void
sc_tiff_shape_init (ScTiffShape *shape,
                    GArray      *pages,
                    guint        n_ifds,
                    guint        broken_at)
{
  memset (shape, 0, sizeof *shape);
  shape->pages = pages;
  shape->n_ifds = n_ifds;
  shape->broken_at = broken_at;
  shape->split = 1;
  shape->n_units = pages->len;
}

void
sc_tiff_shape_clear (ScTiffShape *shape)
{
  g_clear_pointer (&shape->unit_to_page, g_free);
}

guint
sc_tiff_page_split (const ScTiffPage *pg)
{
  if (pg->unsupported == NULL && pg->photometric == PHOTOMETRIC_RGB && pg->spp >= 3
      && pg->out_type != SC_SAMPLE_U8)
    return pg->spp;
  return 1;
}

static const ScTiffPage *
page_at (const ScTiffShape *shape,
         guint              index)
{
  return &g_array_index (shape->pages, ScTiffPage, index);
}

/* A page's number in the file's chain, for messages; a missing page past the last one
 * read is numbered as the chain would have numbered it. */
static guint
page_number (const ScTiffShape *shape,
             guint              index)
{
  if (index < shape->pages->len)
    return page_at (shape, index)->page_number;
  return (guint) MIN ((guint64) shape->n_ifds + (index - shape->pages->len) + 1, G_MAXUINT);
}

static void
set_shape (ScStackInfo *info,
           guint        split,
           guint64      c,
           guint64      z,
           guint64      t)
{
  info->n_channels = (guint) MIN (c * split, G_MAXUINT);
  info->n_slices = (guint) MIN (z, G_MAXUINT);
  info->n_frames = (guint) MIN (t, G_MAXUINT);
}

void
sc_tiff_shape_plain (ScTiffShape *shape,
                     ScStackInfo *info)
{
  shape->split = sc_tiff_page_split (page_at (shape, 0));
  shape->n_units = shape->pages->len;
  set_shape (info, shape->split, 1, shape->pages->len, 1);
}

/* An ImageJ "big" stack (written when the data exceeds 4 GiB) has images=N but fewer
 * IFDs, the images stored one after another from the first page's data on; so has an
 * ImageJ file whose chain of directories broke (ImageJ writes its images contiguously),
 * and ImageJ reads both so. The pages are made up from the first: as many as the file
 * holds, the last perhaps incomplete. FALSE (no error) when the data is not so laid out. */
static gboolean
setup_contiguous_images (ScTiffShape       *shape,
                         const ScTiffFile  *file,
                         guint64            images,
                         ScStackInfo       *info,
                         GError           **error)
{
  ScTiffPage ref = *page_at (shape, 0);
  guint64 plane_bytes = (guint64) sc_tiff_page_row_bytes (&ref) * ref.height;
  guint64 first, fit, n;

  if (ref.data_offset != SC_TIFF_NO_OFFSET)
    first = ref.data_offset;
  else
    {
      guint n_strips = (ref.height + ref.rows_per_strip - 1) / ref.rows_per_strip;
      g_autofree guint64 *offsets = NULL;

      if (ref.strip_offsets.count != n_strips)
        return FALSE;
      offsets = g_new (guint64, n_strips);
      if (!sc_tiff_tag_read_uints (file, &ref.strip_offsets, 0, n_strips, offsets, 1, NULL))
        return FALSE;
      for (guint s = 1; s < n_strips; s++)
        if (offsets[s] != offsets[s - 1]
                          + (guint64) ref.rows_per_strip * sc_tiff_page_row_bytes (&ref))
          return FALSE;
      first = offsets[0];
    }

  /* pages read past the first must be where the first's data says they are */
  if (shape->pages->len > 1 && page_at (shape, 1)->data_offset != first + plane_bytes)
    return FALSE;
  fit = first > file->size ? 0 : (file->size - first) / plane_bytes;
  /* the images that fit, and the one cut short after them */
  n = MIN (images, fit + 1);

  g_array_set_size (shape->pages, 0);
  for (guint64 i = 0; i < n; i++)
    {
      ScTiffPage pg = ref;

      pg.ifd_offset = i == 0 ? ref.ifd_offset : 0;
      pg.data_offset = first + i * plane_bytes;
      pg.page_number = (guint32) (i + 1);
      pg.big_image = shape->broken_at == 0;
      pg.incomplete = i >= fit;
      g_array_append_val (shape->pages, pg);
    }
  shape->n_units = (guint) images;
  shape->n_ifds = (guint) n;
  if (shape->broken_at == 0)
    sc_stack_info_add_metadata (info, N_("ImageJ big stack"),
                                _("yes: images stored contiguously after page 1"));
  return TRUE;
}

/* ImageJ counts a 16-bit RGB page as three images (its channels) or as one. */
static void
imagej_split_shape (ScTiffShape        *shape,
                    const ScImageJInfo *ij,
                    ScStackInfo        *info)
{
  guint64 units = shape->pages->len, split = shape->split;
  guint64 images = ij->images ? ij->images : units * split;
  guint64 c = MAX (ij->channels, 1), z = MAX (ij->slices, 1), t = MAX (ij->frames, 1);

  shape->n_units = (guint) units;
  if (c * z * t == images && images == units * split && c % split == 0)
    set_shape (info, shape->split, c / split, z, t);
  else if (c * z * t == images && images == units)
    set_shape (info, shape->split, c, z, t);
  else
    set_shape (info, shape->split, 1, units, 1);
}

gboolean
sc_tiff_shape_imagej (ScTiffShape         *shape,
                      const ScTiffFile    *file,
                      const ScImageJInfo  *ij,
                      ScStackInfo         *info,
                      GError             **error)
{
  const ScTiffPage *ref = page_at (shape, 0);
  guint64 images = ij->images ? ij->images : shape->pages->len;
  guint64 c = MAX (ij->channels, 1), z = MAX (ij->slices, 1), t = MAX (ij->frames, 1);
  guint64 cz = 0, czt = 0;

  info->format = g_strdup ("ImageJ TIFF");
  shape->split = sc_tiff_page_split (ref);
  if (shape->split > 1)
    {
      imagej_split_shape (shape, ij, info);
      return sc_stack_info_validate (info, file->path, error);
    }
  if (!g_uint64_checked_mul (&cz, c, z) || !g_uint64_checked_mul (&czt, cz, t) || czt != images
      || c > G_MAXUINT || z > G_MAXUINT || t > G_MAXUINT)
    {
      c = t = 1;
      z = images;
    }
  set_shape (info, 1, c, z, t);
  if (!sc_stack_info_validate (info, file->path, error))
    return FALSE;
  shape->n_units = (guint) images;
  shape->counted = ij->images != 0;

  if (images > shape->pages->len)
    {
      g_autoptr(GError) big_error = NULL;

      if (sc_tiff_page_is_direct (ref) && ref->bps % 8 == 0
          && setup_contiguous_images (shape, file, images, info, &big_error))
        return TRUE;
      if (big_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&big_error));
          return FALSE;
        }
      /* a chain that broke: the pages after it are missing (sc_tiff_shape_trim()) */
      if (shape->broken_at != 0)
        return TRUE;
      sc_stack_info_take_metadata (info, N_("ImageJ note"),
                                   /* Translators: "images=" is ImageJ's own key in the
                                    * file: keep it as it is */
                                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "images=%llu but the file "
                                                                 "holds %u page",
                                                                 "images=%llu but the file "
                                                                 "holds %u pages",
                                                                 shape->pages->len),
                                                    (unsigned long long) images,
                                                    shape->pages->len));
      sc_tiff_shape_plain (shape, info);
    }
  return TRUE;
}

/* The index into pages of the page at position ifd of the chain; past the last page read,
 * an index past pages (a missing page). G_MAXUINT for a reduced-resolution page. */
static guint
page_of_ifd (const ScTiffShape *shape,
             guint              ifd)
{
  guint lo = 0, hi = shape->pages->len;

  if (ifd >= shape->n_ifds)
    return (guint) MIN ((guint64) shape->pages->len + (ifd - shape->n_ifds), G_MAXUINT - 1);
  /* pages are in chain order; without reduced pages, page i is at position i */
  if (ifd < shape->pages->len && page_at (shape, ifd)->page_number == ifd + 1)
    return ifd;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint number = page_at (shape, mid)->page_number;

      if (number == ifd + 1)
        return mid;
      if (number < ifd + 1)
        lo = mid + 1;
      else
        hi = mid;
    }
  return G_MAXUINT;
}

/* Samples a unit of page pg holds: its channels when split, its RGB(A) samples else. */
static guint
unit_samples (const ScTiffPage *pg)
{
  guint split = sc_tiff_page_split (pg);

  return split > 1 ? split : pg->spp_out;
}

static gboolean
map_ome_series (ScTiffShape       *shape,
                const ScTiffFile  *file,
                const ScOmeInfo   *ome,
                guint              series,
                ScOmePlaneMap     *map,
                const char       **why,
                GError           **error)
{
  const ScTiffPage *ref = page_at (shape, 0);
  guint first = page_of_ifd (shape, sc_ome_get_first_ifd (ome, series, unit_samples (ref)));
  guint64 width, height;

  /* the series' first page says what a unit of it holds */
  if (first < shape->pages->len)
    ref = page_at (shape, first);
  shape->split = sc_tiff_page_split (ref);
  if (!sc_ome_map_planes (ome, series, file->path, shape->n_ifds, shape->broken_at != 0,
                          unit_samples (ref), map, why, error))
    return FALSE;
  if (map->unit_to_ifd == NULL)
    return TRUE;
  sc_ome_get_size (ome, series, &width, &height);
  if (width != ref->width || height != ref->height)
    {
      sc_ome_plane_map_clear (map);
      *why = _("OME-XML disagrees with the TIFF pages; pages taken as Z");
    }
  return TRUE;
}

static gboolean
ome_series_unreadable (const ScTiffFile  *file,
                       const ScOmeInfo   *ome,
                       guint              series,
                       GError           **error)
{
  const ScOmeImage *im = g_ptr_array_index (ome->images, series);

  if (im->external_file != NULL)
    /* Translators: %u is a series number, the first %s the file opened, the second another */
    g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                 _("image series %u of %s has its planes in another file (%s), which Stackscope "
                 "does not read"), series + 1, file->name, im->external_file);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                 _("image series %u of %s: its OME-XML does not match the file's pages"),
                 series + 1, file->name);
  return FALSE;
}

gboolean
sc_tiff_shape_ome (ScTiffShape       *shape,
                   const ScTiffFile  *file,
                   const ScOmeInfo   *ome,
                   guint              series,
                   ScStackInfo       *info,
                   GError           **error)
{
  g_auto(ScOmePlaneMap) map = { 0 };
  guint n_series = sc_ome_get_n_series (ome);
  const char *why = NULL;

  info->format = g_strdup ("OME-TIFF");
  info->n_series = n_series;
  info->series = series;
  if (series >= n_series)
    {
      /* Translators: %s is a file name; the numbers count image series from 1 */
      g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                   g_dngettext (GETTEXT_PACKAGE, "%s holds %u image series; there is no series %u",
                                "%s holds %u image series; there is no series %u", n_series),
                   file->name, n_series, series + 1);
      return FALSE;
    }
  sc_ome_add_metadata (ome, series, info);
  if (!map_ome_series (shape, file, ome, series, &map, &why, error))
    return FALSE;
  if (map.unit_to_ifd == NULL)
    {
      if (series > 0)
        return ome_series_unreadable (file, ome, series, error);
      sc_stack_info_add_metadata (info, N_("OME note"), why);
      sc_tiff_shape_plain (shape, info);
      return TRUE;
    }

  set_shape (info, shape->split, map.n_channels, map.n_slices, map.n_frames);
  if (!sc_stack_info_validate (info, file->path, error))
    return FALSE;
  shape->unit_to_page = g_new (guint, map.n_units);
  shape->n_units = map.n_units;
  for (guint u = 0; u < map.n_units; u++)
    if ((shape->unit_to_page[u] = page_of_ifd (shape, map.unit_to_ifd[u])) == G_MAXUINT)
      {
        g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                     _("%s: its OME-XML refers to page %u, a reduced-resolution image"),
                     file->name, map.unit_to_ifd[u] + 1);
        return FALSE;
      }
  shape->counted = TRUE;
  return TRUE;
}

static gboolean
unit_complete (const ScTiffShape *shape,
               guint              unit)
{
  guint index = sc_tiff_shape_page (shape, unit);

  return index < shape->pages->len && !page_at (shape, index)->incomplete;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Records the pages of units kept .. n_units - 1 as missing, and the rest of a chain that
 * broke where the description did not say how long it is. */
static void
record_missing (const ScTiffShape *shape,
                guint              kept,
                ScStackInfo       *info)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  guint first = 0, last = 0;

  /* one page a unit, in order: a single range (perhaps of a million pages claimed) */
  if (shape->unit_to_page == NULL && kept < shape->n_units)
    {
      first = page_number (shape, kept);
      last = page_number (shape, shape->n_units - 1);
    }
  for (guint u = kept; shape->unit_to_page != NULL && u < shape->n_units; u++)
    {
      guint number = page_number (shape, sc_tiff_shape_page (shape, u));

      g_array_append_val (numbers, number);
    }
  g_array_sort (numbers, compare_uint);
  for (guint i = 0; i < numbers->len; i++)
    {
      guint number = g_array_index (numbers, guint, i);

      if (first != 0 && number <= last + 1)
        last = MAX (last, number);
      else
        {
          if (first != 0)
            sc_stack_info_add_missing (info, first, last);
          first = last = number;
        }
    }
  if (shape->broken_at != 0 && !shape->counted)
    {
      if (first != 0 && last + 1 >= shape->broken_at)
        last = 0;
      else if (first != 0)
        {
          sc_stack_info_add_missing (info, first, last);
          first = shape->broken_at;
          last = 0;
        }
      else
        first = shape->broken_at;
    }
  if (first != 0)
    sc_stack_info_add_missing (info, first, last);
}

gboolean
sc_tiff_shape_trim (ScTiffShape       *shape,
                    const ScTiffFile  *file,
                    ScStackInfo       *info,
                    GError           **error)
{
  guint64 c = info->n_channels / shape->split, z = info->n_slices;
  guint n_ok = 0, kept;

  g_assert (c * z * info->n_frames == shape->n_units);

  if (shape->unit_to_page == NULL)
    {
      guint end = MIN (shape->n_units, shape->pages->len);

      while (n_ok < end && !page_at (shape, n_ok)->incomplete)
        n_ok++;
    }
  else
    while (n_ok < shape->n_units && unit_complete (shape, n_ok))
      n_ok++;

  if (n_ok == 0)
    {
      sc_tiff_set_truncated (file, page_number (shape, sc_tiff_shape_page (shape, 0)), error);
      return FALSE;
    }
  if (n_ok == shape->n_units)
    kept = n_ok;
  else if (n_ok >= c * z)
    {
      /* whole time points, or whole slices of the first, or its first channels */
      info->n_frames = (guint) (n_ok / (c * z));
      kept = (guint) (c * z * info->n_frames);
    }
  else if (n_ok >= c)
    {
      info->n_frames = 1;
      info->n_slices = (guint) (n_ok / c);
      kept = (guint) (c * info->n_slices);
    }
  else
    {
      info->n_frames = info->n_slices = 1;
      info->n_channels = n_ok * shape->split;
      kept = n_ok;
    }
  record_missing (shape, kept, info);
  shape->n_units = kept;
  info->n_pages_shown = kept;
  return TRUE;
}

void
sc_tiff_shape_apply_display (const ScTiffShape *shape,
                             ScStackInfo       *info)
{
  static const guint8 colours[3][3] = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 } };

  if (shape->split < 3)
    return;
  for (guint c = 0; c < info->n_channels; c++)
    {
      ScChannelDisplay *d = sc_stack_info_get_channel_display (info, c);
      guint s = c % shape->split;

      if (d->lut != NULL)
        continue;
      d->lut = g_malloc (768);
      for (guint i = 0; i < 256; i++)
        for (guint k = 0; k < 3; k++)
          d->lut[3 * i + k] = s < 3 ? (guint8) (colours[s][k] * i / 255) : (guint8) i;
    }
  if (info->composite_mode == SC_COMPOSITE_MODE_UNSET)
    info->composite_mode = SC_COMPOSITE_MODE_COMPOSITE;
}
