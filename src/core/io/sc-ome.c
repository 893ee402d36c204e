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

void
sc_ome_info_clear (ScOmeInfo *ome)
{
  g_free (ome->dimension_order);
  g_free (ome->type);
  g_free (ome->image_name);
  for (guint i = 0; i < 3; i++)
    g_free (ome->physical_unit[i]);
  g_free (ome->time_unit);
  g_clear_pointer (&ome->tiff_data, g_array_unref);
  g_clear_pointer (&ome->channel_names, g_ptr_array_unref);
  g_clear_pointer (&ome->channel_colors, g_array_unref);
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
    ome->found = TRUE;
  else if (g_str_equal (name, "Image"))
    {
      ome->n_images++;
      ome->in_first_image = ome->n_images == 1;
      if (ome->in_first_image && (v = find_attr (names, values, "Name")))
        replace_str (&ome->image_name, v);
    }
  else if (g_str_equal (name, "Pixels") && ome->in_first_image)
    {
      static const char *phys[3] = { "PhysicalSizeX", "PhysicalSizeY", "PhysicalSizeZ" };

      ome->in_first_pixels = TRUE;
      if ((v = find_attr (names, values, "DimensionOrder")))
        replace_str (&ome->dimension_order, v);
      if ((v = find_attr (names, values, "Type")))
        replace_str (&ome->type, v);
      if ((v = find_attr (names, values, "SizeX")))
        ome->size_x = g_ascii_strtoull (v, NULL, 10);
      if ((v = find_attr (names, values, "SizeY")))
        ome->size_y = g_ascii_strtoull (v, NULL, 10);
      if ((v = find_attr (names, values, "SizeC")))
        ome->size_c = g_ascii_strtoull (v, NULL, 10);
      if ((v = find_attr (names, values, "SizeZ")))
        ome->size_z = g_ascii_strtoull (v, NULL, 10);
      if ((v = find_attr (names, values, "SizeT")))
        ome->size_t_ = g_ascii_strtoull (v, NULL, 10);
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *unit_attr = g_strconcat (phys[i], "Unit", NULL);

          if ((v = find_attr (names, values, phys[i])))
            ome->physical[i] = g_ascii_strtod (v, NULL);
          if ((v = find_attr (names, values, unit_attr)))
            replace_str (&ome->physical_unit[i], v);
        }
      if ((v = find_attr (names, values, "TimeIncrement")))
        ome->time_increment = g_ascii_strtod (v, NULL);
      if ((v = find_attr (names, values, "TimeIncrementUnit")))
        replace_str (&ome->time_unit, v);
    }
  else if (g_str_equal (name, "Channel") && ome->in_first_pixels)
    {
      gint64 color = OME_NO_COLOR;
      char *end = NULL;

      v = find_attr (names, values, "Name");
      g_ptr_array_add (ome->channel_names, g_strdup (v ? v : ""));
      if ((v = find_attr (names, values, "Color")))
        {
          gint64 c = g_ascii_strtoll (v, &end, 10);

          /* a signed 32-bit integer, though some writers store it unsigned */
          if (end != v && *end == '\0' && c >= G_MININT32 && c <= G_MAXUINT32)
            color = c;
        }
      g_array_append_val (ome->channel_colors, color);
    }
  else if (g_str_equal (name, "TiffData") && ome->in_first_pixels)
    {
      ScOmeTiffData td = { 0, 0, 0, 0, 0, FALSE, FALSE };

      if ((v = find_attr (names, values, "IFD")))
        {
          td.ifd = (guint) g_ascii_strtoull (v, NULL, 10);
          td.has_ifd = TRUE;
        }
      if ((v = find_attr (names, values, "PlaneCount")))
        {
          td.plane_count = (guint) g_ascii_strtoull (v, NULL, 10);
          td.has_plane_count = TRUE;
        }
      if ((v = find_attr (names, values, "FirstC")))
        td.first_c = (guint) g_ascii_strtoull (v, NULL, 10);
      if ((v = find_attr (names, values, "FirstZ")))
        td.first_z = (guint) g_ascii_strtoull (v, NULL, 10);
      if ((v = find_attr (names, values, "FirstT")))
        td.first_t = (guint) g_ascii_strtoull (v, NULL, 10);
      g_array_append_val (ome->tiff_data, td);
    }
  else if (g_str_equal (name, "UUID") && ome->in_first_pixels)
    {
      v = find_attr (names, values, "FileName");
      if (v != NULL && g_strcmp0 (v, ome->file_name) != 0)
        ome->external = TRUE;
    }
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
    ome->in_first_image = FALSE;
  else if (g_str_equal (name, "Pixels"))
    ome->in_first_pixels = FALSE;
}

gboolean
sc_ome_parse (const char  *desc,
              const char  *file_name,
              ScOmeInfo   *ome,
              GError     **error)
{
  static const GMarkupParser parser = { ome_start_element, ome_end_element, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) ctx = NULL;

  memset (ome, 0, sizeof *ome);
  ome->file_name = file_name;
  ome->tiff_data = g_array_new (FALSE, FALSE, sizeof (ScOmeTiffData));
  ome->channel_names = g_ptr_array_new_with_free_func (g_free);
  ome->channel_colors = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (strstr (desc, "<OME") == NULL && strstr (desc, ":OME") == NULL)
    return TRUE;

  ctx = g_markup_parse_context_new (&parser, 0, ome, NULL);
  if (!g_markup_parse_context_parse (ctx, desc, -1, error)
      || !g_markup_parse_context_end_parse (ctx, error))
    {
      ome->found = FALSE;
      return FALSE;
    }
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

gboolean
sc_ome_map_planes (const ScOmeInfo  *ome,
                   const char       *path,
                   guint             n_pages,
                   guint             width,
                   guint             height,
                   guint             spp_out,
                   ScStackInfo      *info,
                   guint           **plane_to_page,
                   guint            *n_planes_out,
                   GError          **error)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree guint *map = NULL;
  guint64 size_c = MAX (ome->size_c, 1), size_z = MAX (ome->size_z, 1), size_t_ = MAX (ome->size_t_, 1);
  guint64 n_planes;
  const char *order = ome->dimension_order;

  if (spp_out > 1 && size_c % spp_out == 0)
    size_c /= spp_out;

  if (!valid_dimension_order (order) || ome->size_x != width || ome->size_y != height
      || ome->external || size_c > SC_MAX_PLANES || size_z > SC_MAX_PLANES || size_t_ > SC_MAX_PLANES
      || size_c * size_z > SC_MAX_PLANES || size_c * size_z * size_t_ > SC_MAX_PLANES)
    {
      sc_stack_info_add_metadata (info, N_("OME note"),
                                  ome->external ? _("planes in other files are not read; pages taken as Z")
                                                : _("OME-XML disagrees with the TIFF pages; pages taken as Z"));
      return TRUE;
    }

  n_planes = size_c * size_z * size_t_;
  info->n_channels = (guint) size_c;
  info->n_slices = (guint) size_z;
  info->n_frames = (guint) size_t_;
  if (!sc_stack_info_validate (info, path, error))
    return FALSE;
  if (ome->tiff_data->len == 0 && n_planes > n_pages)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                   _("%s: its OME-XML describes more planes (%llu) than the file has pages (%u)"),
                   name, (unsigned long long) n_planes, n_pages);
      return FALSE;
    }

  map = g_new (guint, n_planes);
  for (guint64 i = 0; i < n_planes; i++)
    map[i] = G_MAXUINT;

  if (ome->tiff_data->len == 0)
    for (guint64 i = 0; i < n_planes; i++)
      {
        guint c, z, t;

        ome_position (order, i, (guint) size_c, (guint) size_z, (guint) size_t_, &c, &z, &t);
        map[c + size_c * (z + size_z * t)] = (guint) i;
      }
  else
    for (guint k = 0; k < ome->tiff_data->len; k++)
      {
        const ScOmeTiffData *td = &g_array_index (ome->tiff_data, ScOmeTiffData, k);
        guint64 count = td->has_plane_count ? td->plane_count : td->has_ifd ? 1 : n_planes;
        guint64 first = ome_linear (order, td->first_c, td->first_z, td->first_t,
                                    (guint) size_c, (guint) size_z, (guint) size_t_);

        for (guint64 j = 0; j < count; j++)
          {
            guint c, z, t;
            guint64 page = td->ifd + j;

            if (!ome_position (order, first + j, (guint) size_c, (guint) size_z, (guint) size_t_,
                               &c, &z, &t) || page >= n_pages)
              {
                g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "%s: its OME-XML refers to page %llu or a plane beyond "
                                          "its %u page",
                                          "%s: its OME-XML refers to page %llu or a plane beyond "
                                          "its %u pages", n_pages),
                             name, (unsigned long long) page + 1, n_pages);
                return FALSE;
              }
            map[c + size_c * (z + size_z * t)] = (guint) page;
          }
      }

  for (guint64 i = 0; i < n_planes; i++)
    if (map[i] == G_MAXUINT)
      {
        guint c = (guint) (i % size_c), z = (guint) (i / size_c % size_z), t = (guint) (i / size_c / size_z);

        g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                     _("%s: its OME-XML gives no page for channel %u, slice %u, frame %u"),
                     name, c + 1, z + 1, t + 1);
        return FALSE;
      }
  *plane_to_page = g_steal_pointer (&map);
  *n_planes_out = (guint) n_planes;
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

void
sc_ome_add_metadata (const ScOmeInfo *ome,
                     ScStackInfo     *info)
{
  sc_stack_info_take_metadata (info, N_("OME series"), g_strdup_printf ("%u", ome->n_images));
  if (ome->n_images > 1)
    sc_stack_info_take_metadata (info, N_("OME note"),
                                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "the file holds %u image series; "
                                                               "Stackscope shows the first",
                                                               "the file holds %u image series; "
                                                               "Stackscope shows the first",
                                                               ome->n_images), ome->n_images));
  if (ome->image_name)
    sc_stack_info_add_metadata (info, N_("OME image name"), ome->image_name);
  /* named by the OME field they come from, as the file says it */
  if (ome->dimension_order)
    add_ome_field (info, "DimensionOrder", ome->dimension_order);
  if (ome->type)
    add_ome_field (info, "Type", ome->type);
  sc_stack_info_take_metadata (info, N_("OME size"),
                               g_strdup_printf ("X %" G_GUINT64_FORMAT ", Y %" G_GUINT64_FORMAT
                                                ", C %" G_GUINT64_FORMAT ", Z %" G_GUINT64_FORMAT
                                                ", T %" G_GUINT64_FORMAT,
                                                ome->size_x, ome->size_y, ome->size_c, ome->size_z,
                                                ome->size_t_));
  for (guint i = 0; i < ome->channel_names->len; i++)
    {
      const char *channel = g_ptr_array_index (ome->channel_names, i);

      if (*channel != '\0')
        sc_stack_info_take_metadata (info, N_("OME channel"), g_strdup_printf ("%u: %s", i + 1, channel));
    }
}

void
sc_ome_apply_display (const ScOmeInfo *ome,
                      ScStackInfo     *info)
{
  g_return_if_fail (ome != NULL && info != NULL);

  if (!ome->found || ome->channel_names == NULL)
    return;
  for (guint c = 0; c < ome->channel_names->len && c < info->n_channels; c++)
    {
      const char *name = g_ptr_array_index (ome->channel_names, c);
      gint64 color = g_array_index (ome->channel_colors, gint64, c);
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
                  ScCalibration   *cal)
{
  gboolean pixels = ome->found && ome->physical[0] > 0;

  if (pixels)
    {
      double f[3];

      for (guint i = 0; i < 3; i++)
        f[i] = ome_length_to_um (ome->physical_unit[i]);
      if (f[0] > 0 && f[1] > 0)
        {
          cal->pixel_width = ome->physical[0] * f[0];
          cal->pixel_height = (ome->physical[1] > 0 ? ome->physical[1] : ome->physical[0]) * f[1];
          if (f[2] > 0)
            cal->pixel_depth = ome->physical[2] * f[2];
          set_unit (cal, "µm");
        }
      else
        {
          cal->pixel_width = ome->physical[0];
          cal->pixel_height = ome->physical[1] > 0 ? ome->physical[1] : ome->physical[0];
          cal->pixel_depth = ome->physical[2];
          set_unit (cal, ome->physical_unit[0]);
        }
    }
  if (ome->found && ome->time_increment > 0)
    {
      cal->frame_interval = ome->time_increment;
      g_free (cal->time_unit);
      cal->time_unit = g_strdup (ome->time_unit ? ome->time_unit : "s");
    }
  return pixels;
}
