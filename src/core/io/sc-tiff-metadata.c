/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tiff-metadata"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-tiff-handle.h"
#include "sc-tiff-metadata.h"

static void
add_string_tag (ScStackInfo *info,
                TIFF        *tif,
                ttag_t       tag,
                const char  *key)
{
  const char *value = NULL;

  if (TIFFGetField (tif, tag, &value) && value != NULL && *value != '\0')
    {
      if (g_utf8_validate (value, -1, NULL))
        sc_stack_info_add_metadata (info, key, value);
      else
        sc_stack_info_take_metadata (info, key, g_utf8_make_valid (value, -1));
    }
}

static char *
summarize_description (const char *desc)
{
  g_autofree char *valid = g_utf8_make_valid (desc, -1);
  const char *end;

  g_strstrip (valid);
  end = g_utf8_offset_to_pointer (valid, MIN (g_utf8_strlen (valid, -1), 200));
  if (*end != '\0')
    return g_strdup_printf ("%.*s…", (int) (end - valid), valid);
  return g_steal_pointer (&valid);
}

static void
read_palette (TIFF             *tif,
              const ScTiffPage *pg,
              ScStackInfo      *info)
{
  guint16 *r = NULL, *g = NULL, *b = NULL;
  guint n = pg->bps >= 16 ? 65536 : 1u << pg->bps;
  gboolean eight_bit = TRUE;

  if (!TIFFGetField (tif, TIFFTAG_COLORMAP, &r, &g, &b) || r == NULL || g == NULL || b == NULL)
    return;
  /* Some writers store 8-bit values in the 16-bit colormap. */
  for (guint i = 0; i < n && eight_bit; i++)
    if (r[i] > 255 || g[i] > 255 || b[i] > 255)
      eight_bit = FALSE;

  info->palette = g_malloc (768);
  for (guint i = 0; i < 256; i++)
    {
      guint k = MIN (i, n - 1);
      int shift = eight_bit ? 0 : 8;

      info->palette[3 * i] = (guint8) (r[k] >> shift);
      info->palette[3 * i + 1] = (guint8) (g[k] >> shift);
      info->palette[3 * i + 2] = (guint8) (b[k] >> shift);
    }
  if (n > 256)
    sc_stack_info_add_metadata (info, N_("Palette"), _("first 256 of 65536 colormap entries"));
}

#define TAG_IJ_METADATA_BYTE_COUNTS 50838
#define TAG_IJ_METADATA             50839

/* libtiff reads these tags it does not know as anonymous fields: a count, then the data. */
static void
read_imagej_metadata (const ScTiffFile *file,
                      TIFF             *tif,
                      ScStackInfo      *info)
{
  const TIFFField *fc = TIFFFieldWithTag (tif, TAG_IJ_METADATA_BYTE_COUNTS);
  const TIFFField *fd = TIFFFieldWithTag (tif, TAG_IJ_METADATA);
  guint32 n_counts = 0, size = 0;
  const guint32 *counts = NULL;
  const guint8 *data = NULL;

  if (fc == NULL || fd == NULL || TIFFFieldDataType (fc) != TIFF_LONG
      || (TIFFFieldDataType (fd) != TIFF_BYTE && TIFFFieldDataType (fd) != TIFF_UNDEFINED))
    return;
  if (!TIFFGetField (tif, TAG_IJ_METADATA_BYTE_COUNTS, &n_counts, &counts)
      || !TIFFGetField (tif, TAG_IJ_METADATA, &size, &data))
    return;
  sc_imagej_read_metadata (data, size, counts, n_counts, file->little_endian, info);
}

static void
set_unit (ScCalibration *cal,
          const char    *unit)
{
  g_free (cal->unit);
  cal->unit = g_strdup (unit);
}

/* The tags of the first page as text, in the order the viewer lists them. The names stay
 * in English (sc_metadata_display_name() translates them where they are shown); the values
 * are written in the user's language. */
static void
add_layout_metadata (const ScTiffFile *file,
                     TIFF             *tif,
                     const ScTiffPage *ref,
                     guint             n_ifds,
                     guint             n_reduced,
                     ScStackInfo      *info)
{
  sc_stack_info_add_metadata (info, N_("Byte order"), file->little_endian ? _("little-endian (II)")
                                                                          : _("big-endian (MM)"));
  sc_stack_info_add_metadata (info, N_("BigTIFF"), file->bigtiff ? _("yes") : _("no"));
  sc_stack_info_take_metadata (info, N_("Pages"), g_strdup_printf ("%u", n_ifds));
  if (n_reduced > 0)
    sc_stack_info_take_metadata (info, N_("Reduced-resolution pages skipped"),
                                 g_strdup_printf ("%u", n_reduced));
  sc_stack_info_take_metadata (info, N_("Compression"),
                               sc_tiff_describe_compression (ref->compression));
  if (ref->predictor == PREDICTOR_HORIZONTAL)
    sc_stack_info_add_metadata (info, N_("Predictor"), _("horizontal differencing"));
  else if (ref->predictor == PREDICTOR_FLOATINGPOINT)
    sc_stack_info_add_metadata (info, N_("Predictor"), _("floating point"));
  if (ref->invert)
    sc_stack_info_add_metadata (info, N_("Photometric"),
                                _("min-is-white (inverted so values mean intensity)"));
  else if (ref->photometric == PHOTOMETRIC_YCBCR)
    sc_stack_info_add_metadata (info, N_("Photometric"), _("YCbCr (JPEG, decoded to RGB)"));
  else
    sc_stack_info_add_metadata (info, N_("Photometric"), sc_tiff_photometric_name (ref->photometric));
  sc_stack_info_take_metadata (info, N_("Bits per sample"), g_strdup_printf ("%u", ref->bps));
  sc_stack_info_add_metadata (info, N_("Sample format"),
                              ref->sample_format == SAMPLEFORMAT_IEEEFP ? _("floating point")
                              : ref->sample_format == SAMPLEFORMAT_INT ? _("signed integer")
                                                                      : _("unsigned integer"));
  if (ref->sample_format == SAMPLEFORMAT_IEEEFP && ref->bps == 64)
    sc_stack_info_add_metadata (info, N_("Conversion"),
                                _("64-bit floating-point samples read as 32-bit float"));
  if (ref->spp > ref->spp_out)
    sc_stack_info_take_metadata (info, N_("Extra samples ignored"),
                                 /* Translators: samples per pixel that are not read,
                                  * e.g. "1 of 4 per pixel" */
                                 g_strdup_printf (_("%u of %u per pixel"), ref->spp - ref->spp_out,
                                                  ref->spp));
  if (ref->tiled)
    {
      guint32 tw = 0, th = 0;

      TIFFGetField (tif, TIFFTAG_TILEWIDTH, &tw);
      TIFFGetField (tif, TIFFTAG_TILELENGTH, &th);
      sc_stack_info_take_metadata (info, N_("Layout"),
                                   /* Translators: how the pixels are stored, e.g. "tiles of
                                    * 256 × 256" */
                                   g_strdup_printf (_("tiles of %u × %u"), tw, th));
    }
  else
    sc_stack_info_take_metadata (info, N_("Layout"),
                                 g_strdup_printf (ngettext ("strips of %u row", "strips of %u rows",
                                                            ref->rows_per_strip),
                                                  ref->rows_per_strip));
  if (ref->spp > 1)
    sc_stack_info_add_metadata (info, N_("Planar configuration"),
                                ref->planar == PLANARCONFIG_SEPARATE ? _("separate planes")
                                                                     : _("interleaved"));
}

char *
sc_tiff_metadata_read (const ScTiffFile *file,
                       TIFF             *tif,
                       const ScTiffPage *ref,
                       guint             n_ifds,
                       guint             n_reduced,
                       ScStackInfo      *info,
                       ScTiffResolution *res)
{
  const char *desc = NULL;

  add_layout_metadata (file, tif, ref, n_ifds, n_reduced, info);
  add_string_tag (info, tif, TIFFTAG_SOFTWARE, N_("Software"));
  add_string_tag (info, tif, TIFFTAG_DATETIME, N_("Date"));
  add_string_tag (info, tif, TIFFTAG_ARTIST, N_("Artist"));
  add_string_tag (info, tif, TIFFTAG_HOSTCOMPUTER, N_("Host computer"));
  /* Translators: the maker of the camera or microscope (the TIFF tag Make) */
  add_string_tag (info, tif, TIFFTAG_MAKE, N_("Make"));
  add_string_tag (info, tif, TIFFTAG_MODEL, N_("Model"));
  add_string_tag (info, tif, TIFFTAG_DOCUMENTNAME, N_("Document name"));
  add_string_tag (info, tif, TIFFTAG_PAGENAME, N_("Page name"));
  add_string_tag (info, tif, TIFFTAG_COPYRIGHT, N_("Copyright"));

  res->xres = res->yres = 0;
  res->unit = RESUNIT_INCH;
  TIFFGetField (tif, TIFFTAG_XRESOLUTION, &res->xres);
  TIFFGetField (tif, TIFFTAG_YRESOLUTION, &res->yres);
  TIFFGetFieldDefaulted (tif, TIFFTAG_RESOLUTIONUNIT, &res->unit);
  if (ref->photometric == PHOTOMETRIC_PALETTE)
    read_palette (tif, ref, info);
  read_imagej_metadata (file, tif, info);

  /* Its keys and values become metadata shown as text: make it valid UTF-8 first. */
  if (TIFFGetField (tif, TIFFTAG_IMAGEDESCRIPTION, &desc) && desc != NULL)
    return g_utf8_make_valid (desc, -1);
  return NULL;
}

void
sc_tiff_metadata_add_description (ScStackInfo *info,
                                  const char  *desc)
{
  sc_stack_info_take_metadata (info, N_("Description"), summarize_description (desc));
}

void
sc_tiff_metadata_calibrate (ScStackInfo            *info,
                            const ScTiffResolution *res,
                            const ScImageJInfo     *ij,
                            const ScOmeInfo        *ome,
                            guint                   series)
{
  float xres = res->xres, yres = res->yres;
  guint16 res_unit = res->unit;
  gboolean from_ome = sc_ome_calibrate (ome, series, &info->calibration);

  if (!from_ome && xres > 0 && yres > 0)
    {
      if (ij->found && ij->unit != NULL)
        {
          info->calibration.pixel_width = 1.0 / xres;
          info->calibration.pixel_height = 1.0 / yres;
          set_unit (&info->calibration, ij->unit);
        }
      else if ((res_unit == RESUNIT_INCH && !(xres == 72 && yres == 72))
               || res_unit == RESUNIT_CENTIMETER)
        {
          /* 72 dots per inch is what writers put when they know nothing of the specimen. */
          double um = res_unit == RESUNIT_INCH ? 25400.0 : 10000.0;

          info->calibration.pixel_width = um / xres;
          info->calibration.pixel_height = um / yres;
          set_unit (&info->calibration, "µm");
        }
      sc_stack_info_take_metadata (info, N_("Resolution"),
                                   /* Translators: pixels per unit of length in x and y */
                                   g_strdup_printf (res_unit == RESUNIT_INCH ? _("%g × %g per inch")
                                                    : res_unit == RESUNIT_CENTIMETER ? _("%g × %g per cm")
                                                    : _("%g × %g per unit"), xres, yres));
    }
  if (ij->found)
    {
      if (ij->spacing > 0)
        {
          info->calibration.pixel_depth = ij->spacing;
          if (info->calibration.unit == NULL && ij->unit != NULL)
            set_unit (&info->calibration, ij->unit);
        }
      if (ij->finterval > 0)
        {
          info->calibration.frame_interval = ij->finterval;
          info->calibration.time_unit = g_strdup (ij->tunit && !g_str_equal (ij->tunit, "sec")
                                                  ? ij->tunit : "s");
        }
    }
}
