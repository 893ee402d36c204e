/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-source.h"

G_BEGIN_DECLS

/* OME-XML in a TIFF's ImageDescription: every Image (an image series: a Micro-Manager
 * position, a tifffile or bfconvert series), each with its pixels (shape, dimension order,
 * physical sizes, time increment), channels and TiffData elements. */
typedef struct
{
  guint    ifd;
  guint    plane_count;
  guint    first_c, first_z, first_t;
  gboolean has_ifd, has_plane_count;
  gboolean external;              /* its UUID names another file */
} ScOmeTiffData;

typedef struct
{
  char       *name;              /* Image Name, or NULL */
  gboolean    has_pixels;
  char       *dimension_order;
  char       *type;
  guint64     size_x, size_y, size_c, size_z, size_t_;
  double      physical[3];
  char       *physical_unit[3];
  double      time_increment;
  char       *time_unit;
  GArray     *tiff_data;        /* ScOmeTiffData */
  char       *external_file;    /* the first other file a TiffData names, or NULL */
  GPtrArray  *channel_names;
  GArray     *channel_colors;   /* gint64 per channel: its RGBA Color, or -1 - G_MAXUINT32 */
} ScOmeImage;

typedef struct
{
  gboolean    found;
  const char *file_name;
  char       *uuid;             /* the OME element's UUID: TiffData naming it are this file */
  GPtrArray  *images;           /* ScOmeImage *, in the order of the XML */
  /* while parsing */
  ScOmeImage *image;
  gboolean    in_pixels;
  ScOmeTiffData *tiff_data;
  gboolean    in_uuid;
  char       *uuid_file;
  GString    *uuid_text;
} ScOmeInfo;

/* Parses desc when it holds OME-XML (found is FALSE otherwise, and when it does not
 * parse: then error says why). file_name is the TIFF's own name, to tell planes in other
 * files. Clear ome with sc_ome_info_clear() in any case. */
gboolean sc_ome_parse           (const char       *desc,
                                 const char       *file_name,
                                 ScOmeInfo        *ome,
                                 GError          **error);
void     sc_ome_info_clear      (ScOmeInfo        *ome);
/* The number of image series (Images with Pixels; at least 1 once found). */
guint    sc_ome_get_n_series    (const ScOmeInfo  *ome);

/* Adds what the OME-XML says of series as metadata ("OME series", "OME size", channel
 * names), and the names of all series to info's series_names. */
void     sc_ome_add_metadata    (const ScOmeInfo  *ome,
                                 guint             series,
                                 ScStackInfo      *info);

/* Sets info's channel display hints from the series' channels: each channel's Name, and
 * its Color (a signed 32-bit RGBA integer) as a LUT from black to it. Call it once info's
 * shape is set. */
void     sc_ome_apply_display   (const ScOmeInfo  *ome,
                                 guint             series,
                                 ScStackInfo      *info);

/* Where the planes of a series lie. A unit is what one page holds: n_units of them, c
 * fastest, then z, then t (ImageJ's order, n_channels units a slice). */
typedef struct
{
  guint  n_channels;
  guint  n_slices;
  guint  n_frames;
  guint *unit_to_ifd;           /* n_units IFD positions in the chain (from 0) */
  guint  n_units;
} ScOmePlaneMap;

void     sc_ome_plane_map_clear (ScOmePlaneMap    *map);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScOmePlaneMap, sc_ome_plane_map_clear)

/* The pages of series for a file of n_ifds directories whose pages hold spp samples a
 * pixel (SizeC counts them: an RGB page is one unit of 3), from the series' dimension
 * order and TiffData. With chain_broken (the file ends before all its directories),
 * TiffData may name IFDs past n_ifds: their units are missing. FALSE with an error where
 * the OME-XML contradicts itself or the pages; TRUE with map->unit_to_ifd NULL where it
 * cannot describe the series (planes in other files, an odd dimension order): *why then
 * says so, translated, as the note of a file whose pages are taken as Z. */
gboolean sc_ome_map_planes      (const ScOmeInfo  *ome,
                                 guint             series,
                                 const char       *path,
                                 guint             n_ifds,
                                 gboolean          chain_broken,
                                 guint             spp,
                                 ScOmePlaneMap    *map,
                                 const char      **why,
                                 GError          **error);

/* The IFD position (from 0) of the series' first plane, for a file whose pages hold spp
 * samples a pixel (where the series has no TiffData, it follows the series before it). */
guint    sc_ome_get_first_ifd   (const ScOmeInfo  *ome,
                                 guint             series,
                                 guint             spp);
/* Width and height of series' pixels. */
void     sc_ome_get_size        (const ScOmeInfo  *ome,
                                 guint             series,
                                 guint64          *width,
                                 guint64          *height);

/* Sets cal from the series' pixel size (in µm where the unit converts) and time
 * increment; TRUE when it gave a pixel size. */
gboolean sc_ome_calibrate       (const ScOmeInfo  *ome,
                                 guint             series,
                                 ScCalibration    *cal);

G_END_DECLS
