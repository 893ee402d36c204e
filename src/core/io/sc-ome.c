/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-ome"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-ome.h"

#define OME_NO_COLOR (-1 - (gint64) G_MAXUINT32)

/* Elements and keys may repeat in a damaged description: the last one counts. */
static void
replace_str (char       **p,
             const char  *v)
{
  g_free (*p);
  *p = g_strdup (v);
}

static void
ome_image_free (ScOmeImage *im)
{
  g_free (im->name);
  g_free (im->dimension_order);
  g_free (im->type);
  for (guint i = 0; i < 3; i++)
    g_free (im->physical_unit[i]);
  g_free (im->time_unit);
  g_free (im->external_file);
  g_clear_pointer (&im->tiff_data, g_array_unref);
  g_clear_pointer (&im->channel_names, g_ptr_array_unref);
  g_clear_pointer (&im->channel_colors, g_array_unref);
  g_free (im);
}

static ScOmeImage *
ome_image_new (void)
{
  ScOmeImage *im = g_new0 (ScOmeImage, 1);

  im->tiff_data = g_array_new (FALSE, FALSE, sizeof (ScOmeTiffData));
  im->channel_names = g_ptr_array_new_with_free_func (g_free);
  im->channel_colors = g_array_new (FALSE, FALSE, sizeof (gint64));
  return im;
}

void
sc_ome_info_clear (ScOmeInfo *ome)
{
  g_clear_pointer (&ome->uuid, g_free);
  g_clear_pointer (&ome->uuid_file, g_free);
  if (ome->uuid_text != NULL)
    g_string_free (g_steal_pointer (&ome->uuid_text), TRUE);
  g_clear_pointer (&ome->images, g_ptr_array_unref);
  ome->image = NULL;
  ome->tiff_data = NULL;
}

guint
sc_ome_get_n_series (const ScOmeInfo *ome)
{
  return ome->found && ome->images != NULL && ome->images->len > 0 ? ome->images->len : 1;
}

static const ScOmeImage *
get_image (const ScOmeInfo *ome,
           guint            series)
{
  if (!ome->found || ome->images == NULL || series >= ome->images->len)
    return NULL;
  return g_ptr_array_index (ome->images, series);
}

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon ? colon + 1 : name;
}

static const char *
find_attr (const char **names,
           const char **values,
           const char  *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (local_name (names[i]), wanted))
      return values[i];
  return NULL;
}

static void
parse_pixels (ScOmeImage   *im,
              const char  **names,
              const char  **values)
{
  static const char *phys[3] = { "PhysicalSizeX", "PhysicalSizeY", "PhysicalSizeZ" };
  const char *v;

  im->has_pixels = TRUE;
  if ((v = find_attr (names, values, "DimensionOrder")))
    replace_str (&im->dimension_order, v);
  if ((v = find_attr (names, values, "Type")))
    replace_str (&im->type, v);
  if ((v = find_attr (names, values, "SizeX")))
    im->size_x = g_ascii_strtoull (v, NULL, 10);
  if ((v = find_attr (names, values, "SizeY")))
    im->size_y = g_ascii_strtoull (v, NULL, 10);
  if ((v = find_attr (names, values, "SizeC")))
    im->size_c = g_ascii_strtoull (v, NULL, 10);
  if ((v = find_attr (names, values, "SizeZ")))
    im->size_z = g_ascii_strtoull (v, NULL, 10);
  if ((v = find_attr (names, values, "SizeT")))
    im->size_t_ = g_ascii_strtoull (v, NULL, 10);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *unit_attr = g_strconcat (phys[i], "Unit", NULL);

      if ((v = find_attr (names, values, phys[i])))
        im->physical[i] = g_ascii_strtod (v, NULL);
      if ((v = find_attr (names, values, unit_attr)))
        replace_str (&im->physical_unit[i], v);
    }
  if ((v = find_attr (names, values, "TimeIncrement")))
    im->time_increment = g_ascii_strtod (v, NULL);
  if ((v = find_attr (names, values, "TimeIncrementUnit")))
    replace_str (&im->time_unit, v);
}

static void
parse_channel (ScOmeImage   *im,
               const char  **names,
               const char  **values)
{
  gint64 color = OME_NO_COLOR;
  const char *v;
  char *end = NULL;

  v = find_attr (names, values, "Name");
  g_ptr_array_add (im->channel_names, g_strdup (v ? v : ""));
  if ((v = find_attr (names, values, "Color")))
    {
      gint64 c = g_ascii_strtoll (v, &end, 10);

      /* a signed 32-bit integer, though some writers store it unsigned */
      if (end != v && *end == '\0' && c >= G_MININT32 && c <= G_MAXUINT32)
        color = c;
    }
  g_array_append_val (im->channel_colors, color);
}

static ScOmeTiffData *
parse_tiff_data (ScOmeImage   *im,
                 const char  **names,
                 const char  **values)
{
  ScOmeTiffData td = { 0, 0, 0, 0, 0, FALSE, FALSE, FALSE };
  const char *v;

  if ((v = find_attr (names, values, "IFD")))
    {
      td.ifd = (guint) MIN (g_ascii_strtoull (v, NULL, 10), G_MAXUINT);
      td.has_ifd = TRUE;
    }
  if ((v = find_attr (names, values, "PlaneCount")))
    {
      td.plane_count = (guint) MIN (g_ascii_strtoull (v, NULL, 10), G_MAXUINT);
      td.has_plane_count = TRUE;
    }
  if ((v = find_attr (names, values, "FirstC")))
    td.first_c = (guint) MIN (g_ascii_strtoull (v, NULL, 10), G_MAXUINT);
  if ((v = find_attr (names, values, "FirstZ")))
    td.first_z = (guint) MIN (g_ascii_strtoull (v, NULL, 10), G_MAXUINT);
  if ((v = find_attr (names, values, "FirstT")))
    td.first_t = (guint) MIN (g_ascii_strtoull (v, NULL, 10), G_MAXUINT);
  g_array_append_val (im->tiff_data, td);
  return &g_array_index (im->tiff_data, ScOmeTiffData, im->tiff_data->len - 1);
}

static void
ome_start_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   const char          **names,
                   const char          **values,
                   gpointer              user_data,
                   GError              **error)
{
  ScOmeInfo *ome = user_data;
  const char *name = local_name (element_name);
  const char *v;

  if (g_str_equal (name, "OME"))
    {
      ome->found = TRUE;
      if ((v = find_attr (names, values, "UUID")))
        replace_str (&ome->uuid, v);
    }
  else if (g_str_equal (name, "Image"))
    {
      ome->image = ome_image_new ();
      g_ptr_array_add (ome->images, ome->image);
      if ((v = find_attr (names, values, "Name")))
        replace_str (&ome->image->name, v);
    }
  else if (ome->image == NULL)
    return;
  else if (g_str_equal (name, "Pixels"))
    {
      ome->in_pixels = TRUE;
      parse_pixels (ome->image, names, values);
    }
  else if (g_str_equal (name, "Channel") && ome->in_pixels)
    parse_channel (ome->image, names, values);
  else if (g_str_equal (name, "TiffData") && ome->in_pixels)
    ome->tiff_data = parse_tiff_data (ome->image, names, values);
  else if (g_str_equal (name, "UUID") && ome->in_pixels)
    {
      ome->in_uuid = TRUE;
      replace_str (&ome->uuid_file, find_attr (names, values, "FileName"));
      g_string_truncate (ome->uuid_text, 0);
    }
}

static void
ome_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  ScOmeInfo *ome = user_data;

  if (ome->in_uuid && ome->uuid_text->len < 256)
    g_string_append_len (ome->uuid_text, text, (gssize) MIN (len, 256));
}

/* A TiffData's planes lie in this file when its UUID is the file's own, or names it. */
static void
end_uuid (ScOmeInfo *ome)
{
  g_autofree char *text = g_strstrip (g_strdup (ome->uuid_text->str));
  gboolean ours = (ome->uuid != NULL && g_str_equal (text, ome->uuid))
                  || ome->uuid_file == NULL || g_strcmp0 (ome->uuid_file, ome->file_name) == 0;

  ome->in_uuid = FALSE;
  if (ours)
    return;
  if (ome->tiff_data != NULL)
    ome->tiff_data->external = TRUE;
  if (ome->image->external_file == NULL)
    replace_str (&ome->image->external_file, ome->uuid_file);
}

static void
ome_end_element (GMarkupParseContext  *context,
                 const char           *element_name,
                 gpointer              user_data,
                 GError              **error)
{
  ScOmeInfo *ome = user_data;
  const char *name = local_name (element_name);

  if (g_str_equal (name, "Image"))
    {
      ome->image = NULL;
      ome->in_pixels = FALSE;
    }
  else if (g_str_equal (name, "Pixels"))
    ome->in_pixels = FALSE;
  else if (g_str_equal (name, "TiffData"))
    ome->tiff_data = NULL;
  else if (g_str_equal (name, "UUID") && ome->in_uuid)
    end_uuid (ome);
}

gboolean
sc_ome_parse (const char  *desc,
              const char  *file_name,
              ScOmeInfo   *ome,
              GError     **error)
{
  static const GMarkupParser parser = { ome_start_element, ome_end_element, ome_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) ctx = NULL;

  memset (ome, 0, sizeof *ome);
  ome->file_name = file_name;
  ome->images = g_ptr_array_new_with_free_func ((GDestroyNotify) ome_image_free);
  ome->uuid_text = g_string_new (NULL);
  if (strstr (desc, "<OME") == NULL && strstr (desc, ":OME") == NULL)
    return TRUE;

  ctx = g_markup_parse_context_new (&parser, 0, ome, NULL);
  if (!g_markup_parse_context_parse (ctx, desc, -1, error)
      || !g_markup_parse_context_end_parse (ctx, error))
    {
      ome->found = FALSE;
      ome->image = NULL;
      ome->tiff_data = NULL;
      return FALSE;
    }
  ome->image = NULL;
  ome->tiff_data = NULL;
  return TRUE;
}

/* The OME unit symbols for lengths, with the ones Stackscope converts to micrometres. */
static double
ome_length_to_um (const char *unit)
{
  if (unit == NULL || g_str_equal (unit, "µm") || g_str_equal (unit, "um"))
    return 1.0;
  if (g_str_equal (unit, "nm"))
    return 1e-3;
  if (g_str_equal (unit, "mm"))
    return 1e3;
  if (g_str_equal (unit, "cm"))
    return 1e4;
  if (g_str_equal (unit, "m"))
    return 1e6;
  if (g_str_equal (unit, "pm"))
    return 1e-6;
  if (g_str_equal (unit, "Å"))
    return 1e-4;
  return 0;
}

/* (c, z, t) of the i-th plane in a DimensionOrder such as "XYZCT". */
static gboolean
ome_position (const char *order,
              guint64     i,
              guint       size_c,
              guint       size_z,
              guint       size_t_,
              guint      *c,
              guint      *z,
              guint      *t)
{
  guint pos[3] = { 0, 0, 0 };

  for (guint k = 2; k < 5; k++)
    {
      guint dim, size;

      switch (order[k])
        {
        case 'C': dim = 0; size = size_c; break;
        case 'Z': dim = 1; size = size_z; break;
        case 'T': dim = 2; size = size_t_; break;
        default: return FALSE;
        }
      pos[dim] = (guint) (i % size);
      i /= size;
    }
  if (i != 0)
    return FALSE;
  *c = pos[0];
  *z = pos[1];
  *t = pos[2];
  return TRUE;
}

static guint64
ome_linear (const char *order,
            guint       c,
            guint       z,
            guint       t,
            guint       size_c,
            guint       size_z,
            guint       size_t_)
{
  guint64 index = 0;

  for (guint k = 5; k > 2; k--)
    {
      switch (order[k - 1])
        {
        case 'C': index = index * size_c + c; break;
        case 'Z': index = index * size_z + z; break;
        case 'T': index = index * size_t_ + t; break;
        default: break;
        }
    }
  return index;
}

static gboolean
valid_dimension_order (const char *order)
{
  return order != NULL && strlen (order) == 5 && order[0] == 'X' && order[1] == 'Y'
         && strchr (order + 2, 'C') && strchr (order + 2, 'Z') && strchr (order + 2, 'T');
}

void
sc_ome_plane_map_clear (ScOmePlaneMap *map)
{
  g_clear_pointer (&map->unit_to_ifd, g_free);
  map->n_units = 0;
}

/* Units as many as a file whose chain of pages broke may describe beyond what it holds. */
#define MAX_UNITS_BROKEN (1u << 24)

/* The series' shape in units, or FALSE (and why) where it has none Stackscope can use. */
static gboolean
image_shape (const ScOmeImage  *im,
             guint              spp,
             guint64           *size_c,
             guint64           *size_z,
             guint64           *size_t_,
             const char       **why)
{
  *size_c = MAX (im->size_c, 1);
  *size_z = MAX (im->size_z, 1);
  *size_t_ = MAX (im->size_t_, 1);
  /* SizeC counts samples: an RGB page is one unit of its channels */
  if (spp > 1 && *size_c % spp == 0)
    *size_c /= spp;
  if (!im->has_pixels || !valid_dimension_order (im->dimension_order)
      || *size_c > SC_MAX_PLANES || *size_z > SC_MAX_PLANES || *size_t_ > SC_MAX_PLANES
      || *size_c * *size_z > SC_MAX_PLANES || *size_c * *size_z * *size_t_ > SC_MAX_PLANES)
    {
      *why = _("OME-XML disagrees with the TIFF pages; pages taken as Z");
      return FALSE;
    }
  return TRUE;
}

/* Where the series' first page lies when it has no TiffData: after the series before it. */
static guint64
implicit_first_ifd (const ScOmeInfo *ome,
                    guint            series,
                    guint            spp)
{
  guint64 first = 0;

  for (guint k = 0; k < series; k++)
    {
      const ScOmeImage *im = g_ptr_array_index (ome->images, k);
      guint64 c, z, t;
      const char *why;

      if (image_shape (im, spp, &c, &z, &t, &why))
        first += c * z * t;
    }
  return first;
}

static gboolean
fill_from_tiff_data (const ScOmeImage  *im,
                     const char        *name,
                     guint64            size_c,
                     guint64            size_z,
                     guint64            size_t_,
                     guint              n_ifds,
                     gboolean           chain_broken,
                     guint             *map,
                     GError           **error)
{
  const char *order = im->dimension_order;
  guint64 n_units = size_c * size_z * size_t_;

  for (guint k = 0; k < im->tiff_data->len; k++)
    {
      const ScOmeTiffData *td = &g_array_index (im->tiff_data, ScOmeTiffData, k);
      guint64 count = td->has_plane_count ? td->plane_count : td->has_ifd ? 1 : n_units;
      guint64 first = ome_linear (order, td->first_c, td->first_z, td->first_t,
                                  (guint) size_c, (guint) size_z, (guint) size_t_);

      for (guint64 j = 0; j < MIN (count, n_units); j++)
        {
          guint c, z, t;
          guint64 ifd = (guint64) td->ifd + j;

          if (!ome_position (order, first + j, (guint) size_c, (guint) size_z, (guint) size_t_,
                             &c, &z, &t)
              || ifd >= G_MAXUINT || (ifd >= n_ifds && !chain_broken))
            {
              g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%s: its OME-XML refers to page %llu or a plane beyond "
                                        "its %u page",
                                        "%s: its OME-XML refers to page %llu or a plane beyond "
                                        "its %u pages", n_ifds),
                           name, (unsigned long long) ifd + 1, n_ifds);
              return FALSE;
            }
          map[c + size_c * (z + size_z * t)] = (guint) ifd;
        }
    }
  return TRUE;
}

gboolean
sc_ome_map_planes (const ScOmeInfo  *ome,
                   guint             series,
                   const char       *path,
                   guint             n_ifds,
                   gboolean          chain_broken,
                   guint             spp,
                   ScOmePlaneMap    *map,
                   const char      **why,
                   GError          **error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree guint *units = NULL;
  const ScOmeImage *im = get_image (ome, series);
  guint64 size_c, size_z, size_t_, n_units;

  g_return_val_if_fail (map != NULL && why != NULL, FALSE);

  memset (map, 0, sizeof *map);
  *why = NULL;
  if (im == NULL)
    {
      *why = _("OME-XML describes no image; pages taken as Z");
      return TRUE;
    }
  if (im->external_file != NULL)
    {
      *why = _("planes in other files are not read; pages taken as Z");
      return TRUE;
    }
  if (!image_shape (im, spp, &size_c, &size_z, &size_t_, why))
    return TRUE;
  n_units = size_c * size_z * size_t_;
  if (n_units > (chain_broken ? MAX_UNITS_BROKEN : n_ifds))
    {
      if (!chain_broken)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                       _("%s: its OME-XML describes more planes (%llu) than the file has pages (%u)"),
                       name, (unsigned long long) n_units, n_ifds);
          return FALSE;
        }
      *why = _("OME-XML describes more planes than Stackscope accepts; pages taken as Z");
      return TRUE;
    }

  units = g_new (guint, n_units);
  for (guint64 i = 0; i < n_units; i++)
    units[i] = G_MAXUINT;
  if (im->tiff_data->len == 0)
    {
      guint64 first = implicit_first_ifd (ome, series, spp);

      for (guint64 i = 0; i < n_units; i++)
        {
          guint c, z, t;

          ome_position (im->dimension_order, i, (guint) size_c, (guint) size_z, (guint) size_t_,
                        &c, &z, &t);
          if (first + i >= G_MAXUINT || (first + i >= n_ifds && !chain_broken))
            {
              g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                           _("%s: its OME-XML describes more planes (%llu) than the file has pages (%u)"),
                           name, (unsigned long long) (first + n_units), n_ifds);
              return FALSE;
            }
          units[c + size_c * (z + size_z * t)] = (guint) (first + i);
        }
    }
  else if (!fill_from_tiff_data (im, name, size_c, size_z, size_t_, n_ifds, chain_broken, units,
                                 error))
    return FALSE;

  for (guint64 i = 0; i < n_units; i++)
    if (units[i] == G_MAXUINT)
      {
        guint c = (guint) (i % size_c), z = (guint) (i / size_c % size_z);
        guint t = (guint) (i / size_c / size_z);

        g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                     _("%s: its OME-XML gives no page for channel %u, slice %u, frame %u"),
                     name, c + 1, z + 1, t + 1);
        return FALSE;
      }
  map->n_channels = (guint) size_c;
  map->n_slices = (guint) size_z;
  map->n_frames = (guint) size_t_;
  map->n_units = (guint) n_units;
  map->unit_to_ifd = g_steal_pointer (&units);
  return TRUE;
}

static void
add_ome_field (ScStackInfo *info,
               const char  *field,
               const char  *value)
{
  g_autofree char *key = g_strconcat ("OME ", field, NULL);

  sc_stack_info_add_metadata (info, key, value);
}

guint
sc_ome_get_first_ifd (const ScOmeInfo *ome,
                      guint            series,
                      guint            spp)
{
  const ScOmeImage *im = get_image (ome, series);

  if (im == NULL)
    return 0;
  if (im->tiff_data->len == 0)
    return (guint) MIN (implicit_first_ifd (ome, series, spp), G_MAXUINT);
  /* the TiffData of channel, slice and time point 0 */
  for (guint k = 0; k < im->tiff_data->len; k++)
    {
      const ScOmeTiffData *td = &g_array_index (im->tiff_data, ScOmeTiffData, k);

      if (td->first_c == 0 && td->first_z == 0 && td->first_t == 0)
        return td->ifd;
    }
  return g_array_index (im->tiff_data, ScOmeTiffData, 0).ifd;
}

void
sc_ome_get_size (const ScOmeInfo *ome,
                 guint            series,
                 guint64         *width,
                 guint64         *height)
{
  const ScOmeImage *im = get_image (ome, series);

  *width = im ? im->size_x : 0;
  *height = im ? im->size_y : 0;
}

void
sc_ome_add_metadata (const ScOmeInfo *ome,
                     guint            series,
                     ScStackInfo     *info)
{
  const ScOmeImage *im = get_image (ome, series);
  guint n = sc_ome_get_n_series (ome);

  sc_stack_info_take_metadata (info, N_("OME series"), g_strdup_printf ("%u", n));
  if (n > 1 && ome->images != NULL)
    {
      g_clear_pointer (&info->series_names, g_ptr_array_unref);
      info->series_names = g_ptr_array_new_with_free_func (g_free);
      for (guint k = 0; k < ome->images->len; k++)
        {
          const ScOmeImage *other = g_ptr_array_index (ome->images, k);

          g_ptr_array_add (info->series_names, g_utf8_make_valid (other->name ? other->name : "", -1));
        }
      sc_stack_info_take_metadata (info, N_("OME series shown"), g_strdup_printf ("%u", series + 1));
    }
  if (im == NULL)
    return;
  if (im->name)
    sc_stack_info_add_metadata (info, N_("OME image name"), im->name);
  /* named by the OME field they come from, as the file says it */
  if (im->dimension_order)
    add_ome_field (info, "DimensionOrder", im->dimension_order);
  if (im->type)
    add_ome_field (info, "Type", im->type);
  sc_stack_info_take_metadata (info, N_("OME size"),
                               g_strdup_printf ("X %" G_GUINT64_FORMAT ", Y %" G_GUINT64_FORMAT
                                                ", C %" G_GUINT64_FORMAT ", Z %" G_GUINT64_FORMAT
                                                ", T %" G_GUINT64_FORMAT,
                                                im->size_x, im->size_y, im->size_c, im->size_z,
                                                im->size_t_));
  if (im->external_file)
    sc_stack_info_add_metadata (info, N_("OME planes in"), im->external_file);
  for (guint i = 0; i < im->channel_names->len; i++)
    {
      const char *channel = g_ptr_array_index (im->channel_names, i);

      if (*channel != '\0')
        sc_stack_info_take_metadata (info, N_("OME channel"), g_strdup_printf ("%u: %s", i + 1, channel));
    }
}

void
sc_ome_apply_display (const ScOmeInfo *ome,
                      guint            series,
                      ScStackInfo     *info)
{
  const ScOmeImage *im;

  g_return_if_fail (ome != NULL && info != NULL);

  if ((im = get_image (ome, series)) == NULL)
    return;
  for (guint c = 0; c < im->channel_names->len && c < info->n_channels; c++)
    {
      const char *name = g_ptr_array_index (im->channel_names, c);
      gint64 color = g_array_index (im->channel_colors, gint64, c);
      ScChannelDisplay *d;

      if (*name == '\0' && color == OME_NO_COLOR)
        continue;
      d = sc_stack_info_get_channel_display (info, c);
      if (*name != '\0')
        {
          g_free (d->name);
          d->name = g_strdup (name);
        }
      if (color != OME_NO_COLOR && info->samples_per_pixel == 1)
        {
          guint32 rgba = (guint32) color;
          guint8 rgb[3] = { rgba >> 24, (rgba >> 16) & 0xff, (rgba >> 8) & 0xff };

          g_free (d->lut);
          d->lut = g_malloc (768);
          for (guint i = 0; i < 256; i++)
            for (guint k = 0; k < 3; k++)
              d->lut[3 * i + k] = (guint8) ((rgb[k] * i + 127) / 255);
        }
    }
}

static void
set_unit (ScCalibration *cal,
          const char    *unit)
{
  g_free (cal->unit);
  cal->unit = g_strdup (unit);
}

gboolean
sc_ome_calibrate (const ScOmeInfo *ome,
                  guint            series,
                  ScCalibration   *cal)
{
  const ScOmeImage *im = get_image (ome, series);
  gboolean pixels = im != NULL && im->physical[0] > 0;

  if (pixels)
    {
      double f[3];

      for (guint i = 0; i < 3; i++)
        f[i] = ome_length_to_um (im->physical_unit[i]);
      if (f[0] > 0 && f[1] > 0)
        {
          cal->pixel_width = im->physical[0] * f[0];
          cal->pixel_height = (im->physical[1] > 0 ? im->physical[1] : im->physical[0]) * f[1];
          if (f[2] > 0)
            cal->pixel_depth = im->physical[2] * f[2];
          set_unit (cal, "µm");
        }
      else
        {
          cal->pixel_width = im->physical[0];
          cal->pixel_height = im->physical[1] > 0 ? im->physical[1] : im->physical[0];
          cal->pixel_depth = im->physical[2];
          set_unit (cal, im->physical_unit[0]);
        }
    }
  if (im != NULL && im->time_increment > 0)
    {
      cal->frame_interval = im->time_increment;
      g_free (cal->time_unit);
      cal->time_unit = g_strdup (im->time_unit ? im->time_unit : "s");
    }
  return pixels;
}
