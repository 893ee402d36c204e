/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-source.h"

G_BEGIN_DECLS

/* OME-XML in a TIFF's ImageDescription: the first image's pixels (shape, dimension
 * order, physical sizes, time increment), its channels and TiffData elements. */
typedef struct
{
  guint    ifd;
  guint    plane_count;
  guint    first_c, first_z, first_t;
  gboolean has_ifd, has_plane_count;
} ScOmeTiffData;

typedef struct
{
  gboolean    found;
  guint       n_images;
  gboolean    in_first_image;
  gboolean    in_first_pixels;
  gboolean    external;
  const char *file_name;
  char       *dimension_order;
  char       *type;
  char       *image_name;
  guint64     size_x, size_y, size_c, size_z, size_t_;
  double      physical[3];
  char       *physical_unit[3];
  double      time_increment;
  char       *time_unit;
  GArray     *tiff_data;        /* ScOmeTiffData */
  GPtrArray  *channel_names;
  GArray     *channel_colors;   /* gint64 per channel: its RGBA Color, or -1 - G_MAXUINT32 */
} ScOmeInfo;

/* Parses desc when it holds OME-XML (found is FALSE otherwise, and when it does not
 * parse: then error says why). file_name is the TIFF's own name, to tell planes in other
 * files. Clear ome with sc_ome_info_clear() in any case. */
gboolean sc_ome_parse           (const char       *desc,
                                 const char       *file_name,
                                 ScOmeInfo        *ome,
                                 GError          **error);
void     sc_ome_info_clear      (ScOmeInfo        *ome);

/* Adds what the OME-XML says as metadata ("OME series", "OME size", channel names). */
void     sc_ome_add_metadata    (const ScOmeInfo  *ome,
                                 ScStackInfo      *info);

/* Sets info's channel display hints from the first image's channels: each channel's
 * Name, and its Color (a signed 32-bit RGBA integer) as a LUT from black to it. Call it
 * once info's shape is set. */
void     sc_ome_apply_display   (const ScOmeInfo  *ome,
                                 ScStackInfo      *info);

/* Sets info's shape from the OME-XML and *plane_to_page (n_planes entries, each a page
 * index) from its dimension order and TiffData, for a file of n_pages pages of
 * width x height with spp_out samples a pixel. When the OME-XML does not fit the pages,
 * leaves info as it was (pages as Z) with a note, and *plane_to_page NULL. */
gboolean sc_ome_map_planes      (const ScOmeInfo  *ome,
                                 const char       *path,
                                 guint             n_pages,
                                 guint             width,
                                 guint             height,
                                 guint             spp_out,
                                 ScStackInfo      *info,
                                 guint           **plane_to_page,
                                 guint            *n_planes,
                                 GError          **error);

/* Sets cal from the OME-XML's pixel size (in µm where the unit converts) and time
 * increment; TRUE when it gave a pixel size. */
gboolean sc_ome_calibrate       (const ScOmeInfo  *ome,
                                 ScCalibration    *cal);

G_END_DECLS
