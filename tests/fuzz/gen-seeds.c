/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gen-seeds"

#include "config.h"

#include <png.h>
#include <stdio.h>
#include <string.h>
#include <tiffio.h>

#include <glib.h>
#include <glib/gstdio.h>

/* Writes a small seed corpus for the fuzzers: gen-seeds OUTDIR makes OUTDIR/tiff,
 * OUTDIR/png and OUTDIR/description, each file a few hundred bytes to a few KiB and each a
 * different way of storing an image (compressions, predictors, tiles, BigTIFF, byte
 * orders, bit depths, RGB, palette, ImageJ and OME descriptions, PNG colour types). */

#define W 16
#define H 8

typedef struct
{
  const char *name;
  const char *mode;          /* "w", "w8" (BigTIFF), "wb" (big-endian) */
  guint16     compression;
  guint16     predictor;
  guint16     bps;
  guint16     spp;
  guint16     format;        /* SAMPLEFORMAT_* */
  guint16     photometric;
  guint16     planar;
  guint32     rows_per_strip;
  guint32     tile;          /* 0: strips */
  guint       pages;
  const char *description;
  gboolean    reduced;       /* add a reduced-resolution page after the first */
} TiffSeed;

static const char *OME =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
  "<Image ID=\"Image:0\" Name=\"seed\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYZCT\" "
  "Type=\"uint8\" SizeX=\"16\" SizeY=\"8\" SizeC=\"2\" SizeZ=\"2\" SizeT=\"1\" "
  "PhysicalSizeX=\"0.5\" PhysicalSizeXUnit=\"µm\" PhysicalSizeY=\"0.5\" PhysicalSizeZ=\"2\">"
  "<Channel ID=\"Channel:0:0\" Name=\"DAPI\"/><Channel ID=\"Channel:0:1\" Name=\"GFP\"/>"
  "<TiffData IFD=\"0\" PlaneCount=\"4\"/></Pixels></Image></OME>";

static const TiffSeed tiff_seeds[] = {
  { "rgb16-imagej-channels", "w", COMPRESSION_NONE, 0, 16, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, 1, 8, 0, 2,
    "ImageJ=1.54f\nimages=6\nchannels=3\nslices=2\nmode=composite\n", FALSE },
  { "u8-none", "w", COMPRESSION_NONE, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 2, NULL, FALSE },
  { "u8-strips", "w", COMPRESSION_NONE, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 2, 0, 2, NULL, FALSE },
  { "u16-be", "wb", COMPRESSION_NONE, 0, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 3, 0, 2, NULL, FALSE },
  { "u16-lzw-pred", "w", COMPRESSION_LZW, 2, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 4, 0, 2, NULL, FALSE },
  { "u8-deflate", "w", COMPRESSION_ADOBE_DEFLATE, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 2, NULL, FALSE },
  { "u8-packbits", "w", COMPRESSION_PACKBITS, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 1, NULL, FALSE },
  { "u16-zstd", "w", COMPRESSION_ZSTD, 2, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 2, NULL, FALSE },
  { "u8-lzma", "w", COMPRESSION_LZMA, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 1, NULL, FALSE },
  { "u8-jpeg", "w", COMPRESSION_JPEG, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 1, NULL, FALSE },
  { "rgb8-jpeg-ycbcr", "w", COMPRESSION_JPEG, 0, 8, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_YCBCR, 1, 8, 0, 1, NULL, FALSE },
  { "f32-deflate-fpred", "w", COMPRESSION_ADOBE_DEFLATE, 3, 32, 1, SAMPLEFORMAT_IEEEFP, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 2, NULL, FALSE },
  { "f64", "w", COMPRESSION_NONE, 0, 64, 1, SAMPLEFORMAT_IEEEFP, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 1, NULL, FALSE },
  { "i16", "w", COMPRESSION_NONE, 0, 16, 1, SAMPLEFORMAT_INT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 1, NULL, FALSE },
  { "u32", "wb", COMPRESSION_NONE, 0, 32, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 1, NULL, FALSE },
  { "u1", "w", COMPRESSION_NONE, 0, 1, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISWHITE, 1, 8, 0, 1, NULL, FALSE },
  { "u4-packbits", "w", COMPRESSION_PACKBITS, 0, 4, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 1, NULL, FALSE },
  { "u12", "w", COMPRESSION_NONE, 0, 12, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 1, NULL, FALSE },
  { "rgb8", "w", COMPRESSION_NONE, 0, 8, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, 1, 8, 0, 1, NULL, FALSE },
  { "rgb16-separate", "w", COMPRESSION_LZW, 0, 16, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, 2, 4, 0, 1, NULL, FALSE },
  { "rgba8", "w", COMPRESSION_ADOBE_DEFLATE, 2, 8, 4, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, 1, 8, 0, 1, NULL, FALSE },
  { "palette8", "w", COMPRESSION_NONE, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_PALETTE, 1, 8, 0, 1, NULL, FALSE },
  { "palette4", "w", COMPRESSION_PACKBITS, 0, 4, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_PALETTE, 1, 8, 0, 1, NULL, FALSE },
  { "u8-tiled", "w", COMPRESSION_NONE, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 0, 16, 2, NULL, FALSE },
  { "u16-tiled-deflate", "wb", COMPRESSION_ADOBE_DEFLATE, 2, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 0, 16, 1, NULL, FALSE },
  { "rgb8-tiled-separate", "w", COMPRESSION_LZW, 0, 8, 3, SAMPLEFORMAT_UINT, PHOTOMETRIC_RGB, 2, 0, 16, 1, NULL, FALSE },
  { "bigtiff-u16", "w8", COMPRESSION_NONE, 0, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 4, 0, 2, NULL, FALSE },
  { "bigtiff-be-lzw", "w8b", COMPRESSION_LZW, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 2, NULL, FALSE },
  { "bigtiff-tiled", "w8", COMPRESSION_ZSTD, 0, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 0, 16, 1, NULL, FALSE },
  { "imagej-hyperstack", "w", COMPRESSION_NONE, 0, 16, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 4,
    "ImageJ=1.54f\nimages=4\nchannels=2\nslices=2\nhyperstack=true\nunit=\\u00B5m\nspacing=0.5\nloop=false\n", FALSE },
  { "imagej-big", "w", COMPRESSION_NONE, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 1,
    "ImageJ=1.54f\nimages=1\nslices=1\n", FALSE },
  { "imagej-frames", "w", COMPRESSION_LZW, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 3,
    "ImageJ=1.54f\nimages=3\nframes=3\nfinterval=2.5\ntunit=sec\n", FALSE },
  { "ome", "w", COMPRESSION_NONE, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 4, NULL, FALSE },
  { "reduced", "w", COMPRESSION_NONE, 0, 8, 1, SAMPLEFORMAT_UINT, PHOTOMETRIC_MINISBLACK, 1, 8, 0, 2, NULL, TRUE },
};

static void
fill (guint8 *buf,
      gsize   n,
      guint   seed)
{
  for (gsize i = 0; i < n; i++)
    buf[i] = (guint8) ((i * 37 + seed * 11) ^ (i >> 3));
}

static void
write_page (TIFF           *tif,
            const TiffSeed *s,
            guint           width,
            guint           height,
            guint           page,
            gboolean        reduced)
{
  gsize row_bytes = ((gsize) width * (s->planar == 2 ? 1 : s->spp) * s->bps + 7) / 8;
  guint n_planes = s->planar == 2 ? s->spp : 1;

  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, s->bps);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, s->spp);
  TIFFSetField (tif, TIFFTAG_SAMPLEFORMAT, s->format);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, s->planar);
  TIFFSetField (tif, TIFFTAG_COMPRESSION, s->compression);
  if (s->compression == COMPRESSION_JPEG)
    TIFFSetField (tif, TIFFTAG_JPEGQUALITY, 90);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, s->photometric);
  if (s->photometric == PHOTOMETRIC_YCBCR)
    TIFFSetField (tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
  if (s->spp == 4)
    {
      guint16 extra = EXTRASAMPLE_UNASSALPHA;
      TIFFSetField (tif, TIFFTAG_EXTRASAMPLES, 1, &extra);
    }
  if (s->predictor)
    TIFFSetField (tif, TIFFTAG_PREDICTOR, s->predictor);
  if (reduced)
    TIFFSetField (tif, TIFFTAG_SUBFILETYPE, FILETYPE_REDUCEDIMAGE);
  if (s->photometric == PHOTOMETRIC_PALETTE)
    {
      guint n = 1u << s->bps;
      g_autofree guint16 *r = g_new (guint16, n), *g = g_new (guint16, n), *b = g_new (guint16, n);

      for (guint i = 0; i < n; i++)
        {
          r[i] = (guint16) (i * 65535 / (n - 1));
          g[i] = (guint16) (65535 - r[i]);
          b[i] = (guint16) ((i * 4099) & 0xffff);
        }
      TIFFSetField (tif, TIFFTAG_COLORMAP, r, g, b);
    }
  if (page == 0 && !reduced)
    {
      if (s->description)
        TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, s->description);
      else if (g_str_equal (s->name, "ome"))
        TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, OME);
      TIFFSetField (tif, TIFFTAG_XRESOLUTION, 2.0);
      TIFFSetField (tif, TIFFTAG_YRESOLUTION, 2.0);
      TIFFSetField (tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_CENTIMETER);
      TIFFSetField (tif, TIFFTAG_SOFTWARE, "stackscope gen-seeds");
    }

  if (s->tile)
    {
      gsize tile_size;
      g_autofree guint8 *buf = NULL;

      TIFFSetField (tif, TIFFTAG_TILEWIDTH, s->tile);
      TIFFSetField (tif, TIFFTAG_TILELENGTH, s->tile);
      tile_size = (gsize) TIFFTileSize (tif);
      buf = g_malloc (tile_size);
      for (guint t = 0; t < TIFFNumberOfTiles (tif); t++)
        {
          fill (buf, tile_size, page * 7 + t);
          TIFFWriteEncodedTile (tif, t, buf, (tmsize_t) tile_size);
        }
    }
  else
    {
      g_autofree guint8 *row = g_malloc (row_bytes);

      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, s->rows_per_strip);
      for (guint p = 0; p < n_planes; p++)
        for (guint y = 0; y < height; y++)
          {
            fill (row, row_bytes, page * 131 + p * 17 + y);
            if (s->format == SAMPLEFORMAT_IEEEFP && s->bps == 32)
              for (gsize i = 0; i < row_bytes / 4; i++)
                {
                  float v = (float) (i + y * 0.5 + page);
                  memcpy (row + 4 * i, &v, 4);
                }
            TIFFWriteScanline (tif, row, y, (tsample_t) p);
          }
    }
  TIFFWriteDirectory (tif);
}

static void
write_tiff (const char     *dir,
            const TiffSeed *s)
{
  g_autofree char *name = g_strconcat (s->name, ".tif", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  TIFF *tif = TIFFOpen (path, s->mode);

  if (tif == NULL)
    g_error ("cannot write %s", path);
  for (guint page = 0; page < s->pages; page++)
    {
      write_page (tif, s, W, H, page, FALSE);
      if (page == 0 && s->reduced)
        write_page (tif, s, W / 2, H / 2, page, TRUE);
    }
  TIFFClose (tif);
}

/* A copy of seed `from` cut to a fraction of its length: a chain of pages that breaks. */
static void
write_truncated (const char *dir,
                 const char *from,
                 const char *name,
                 double      fraction)
{
  g_autofree char *src = g_strconcat (dir, G_DIR_SEPARATOR_S, from, ".tif", NULL);
  g_autofree char *file = g_strconcat (name, ".tif", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (src, &contents, &len, NULL)
      || !g_file_set_contents (path, contents, (gssize) (len * fraction), NULL))
    g_error ("cannot write %s", path);
}

/* PNG */

static void
write_png (const char *dir,
           const char *name,
           int         color_type,
           int         bit_depth,
           gboolean    interlace)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  FILE *f = g_fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  int channels = color_type == PNG_COLOR_TYPE_RGB ? 3 : color_type == PNG_COLOR_TYPE_RGBA ? 4
                 : color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
  gsize row_bytes = ((gsize) W * channels * bit_depth + 7) / 8;
  g_autofree guint8 *row = g_malloc (row_bytes);

  if (f == NULL || setjmp (png_jmpbuf (png)))
    g_error ("cannot write %s", path);
  png_init_io (png, f);
  png_set_IHDR (png, info, W, H, bit_depth, color_type,
                interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (color_type == PNG_COLOR_TYPE_PALETTE)
    {
      png_color pal[16];

      for (int i = 0; i < 16; i++)
        {
          pal[i].red = (png_byte) (i * 16);
          pal[i].green = (png_byte) (255 - i * 16);
          pal[i].blue = (png_byte) (i * 5);
        }
      png_set_PLTE (png, info, pal, 1 << MIN (bit_depth, 4));
    }
  if (g_str_equal (name, "gray8-text"))
    {
      png_text text = { PNG_TEXT_COMPRESSION_NONE, (char *) "Comment", (char *) "seed", 4, 0, NULL, NULL };
      png_set_text (png, info, &text, 1);
    }
  png_write_info (png, info);
  {
    int passes = interlace ? png_set_interlace_handling (png) : 1;

    for (int pass = 0; pass < passes; pass++)
      for (guint y = 0; y < H; y++)
        {
          fill (row, row_bytes, y);
          if (color_type == PNG_COLOR_TYPE_PALETTE && bit_depth == 8)
            for (gsize i = 0; i < row_bytes; i++)
              row[i] &= 15;
          png_write_row (png, row);
        }
  }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  fclose (f);
}

/* Descriptions: the first byte is the shape byte of fuzz-description.c. */

static void
write_description (const char *dir,
                   const char *name,
                   guint8      shape,
                   const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GByteArray) b = g_byte_array_new ();

  g_byte_array_append (b, &shape, 1);
  g_byte_array_append (b, (const guint8 *) text, (guint) strlen (text));
  if (!g_file_set_contents (path, (const char *) b->data, b->len, NULL))
    g_error ("cannot write %s", path);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *tiff_dir = NULL, *png_dir = NULL, *desc_dir = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: gen-seeds OUTDIR\n");
      return 2;
    }
  TIFFSetWarningHandler (NULL);
  tiff_dir = g_build_filename (argv[1], "tiff", NULL);
  png_dir = g_build_filename (argv[1], "png", NULL);
  desc_dir = g_build_filename (argv[1], "description", NULL);
  g_mkdir_with_parents (tiff_dir, 0755);
  g_mkdir_with_parents (png_dir, 0755);
  g_mkdir_with_parents (desc_dir, 0755);

  for (guint i = 0; i < G_N_ELEMENTS (tiff_seeds); i++)
    write_tiff (tiff_dir, &tiff_seeds[i]);

  write_png (png_dir, "gray1", PNG_COLOR_TYPE_GRAY, 1, FALSE);
  write_png (png_dir, "gray2", PNG_COLOR_TYPE_GRAY, 2, FALSE);
  write_png (png_dir, "gray4", PNG_COLOR_TYPE_GRAY, 4, FALSE);
  write_png (png_dir, "gray8-text", PNG_COLOR_TYPE_GRAY, 8, FALSE);
  write_png (png_dir, "gray16", PNG_COLOR_TYPE_GRAY, 16, FALSE);
  write_png (png_dir, "gray16-interlaced", PNG_COLOR_TYPE_GRAY, 16, TRUE);
  write_png (png_dir, "graya8", PNG_COLOR_TYPE_GRAY_ALPHA, 8, FALSE);
  write_png (png_dir, "graya16", PNG_COLOR_TYPE_GRAY_ALPHA, 16, FALSE);
  write_png (png_dir, "rgb8", PNG_COLOR_TYPE_RGB, 8, FALSE);
  write_png (png_dir, "rgb16", PNG_COLOR_TYPE_RGB, 16, FALSE);
  write_png (png_dir, "rgba8-interlaced", PNG_COLOR_TYPE_RGBA, 8, TRUE);
  write_png (png_dir, "rgba16", PNG_COLOR_TYPE_RGBA, 16, FALSE);
  write_png (png_dir, "palette4", PNG_COLOR_TYPE_PALETTE, 4, FALSE);
  write_png (png_dir, "palette8", PNG_COLOR_TYPE_PALETTE, 8, FALSE);

  write_description (desc_dir, "imagej-hyperstack", 0x03,
                     "ImageJ=1.54f\nimages=4\nchannels=2\nslices=2\nhyperstack=true\n"
                     "unit=\\u00B5m\nspacing=0.5\nfinterval=1\ntunit=min\nloop=false\n");
  write_description (desc_dir, "imagej-big-stack", 0x17,
                     "ImageJ=1.54f\nimages=8\nslices=8\nunit=micron\nspacing=2\n");
  write_description (desc_dir, "imagej-big-stack-16", 0x1f,
                     "ImageJ=1.54f\nimages=8\nchannels=2\nframes=4\n");
  write_description (desc_dir, "imagej-mismatch", 0x05,
                     "ImageJ=1.54f\nimages=12\nchannels=5\nslices=3\n");
  write_description (desc_dir, "imagej-huge", 0x00,
                     "ImageJ=1.54f\nimages=18446744073709551615\nchannels=4294967296\n");
  write_description (desc_dir, "ome-xyzct", 0x05,
                     "<?xml version=\"1.0\"?><OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
                     "<Image ID=\"Image:0\" Name=\"a\"><Pixels DimensionOrder=\"XYZCT\" Type=\"uint8\" "
                     "SizeX=\"3\" SizeY=\"2\" SizeC=\"2\" SizeZ=\"3\" SizeT=\"1\" PhysicalSizeX=\"0.2\" "
                     "PhysicalSizeY=\"0.2\" PhysicalSizeZ=\"1\" PhysicalSizeZUnit=\"nm\" TimeIncrement=\"3\">"
                     "<Channel Name=\"a\"/><Channel Name=\"b\"/></Pixels></Image>"
                     "<Image ID=\"Image:1\"><Pixels/></Image></OME>");
  write_description (desc_dir, "ome-tiffdata", 0x0b,
                     "<OME><Image ID=\"Image:0\"><Pixels DimensionOrder=\"XYCTZ\" Type=\"uint16\" "
                     "SizeX=\"3\" SizeY=\"2\" SizeC=\"2\" SizeZ=\"2\" SizeT=\"3\">"
                     "<TiffData IFD=\"0\" PlaneCount=\"6\" FirstC=\"0\" FirstZ=\"0\" FirstT=\"0\"/>"
                     "<TiffData IFD=\"6\" FirstZ=\"1\"/><TiffData IFD=\"7\" FirstZ=\"1\" FirstC=\"1\"/>"
                     "<TiffData IFD=\"5\" PlaneCount=\"4\" FirstT=\"1\" FirstZ=\"1\"/>"
                     "</Pixels></Image></OME>");
  write_description (desc_dir, "ome-prefixed", 0x03,
                     "<ome:OME xmlns:ome=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
                     "<ome:Image><ome:Pixels DimensionOrder=\"XYCZT\" SizeX=\"3\" SizeY=\"2\" SizeC=\"1\" "
                     "SizeZ=\"2\" SizeT=\"2\"><ome:TiffData><ome:UUID FileName=\"other.ome.tif\"/>"
                     "</ome:TiffData></ome:Pixels></ome:Image></ome:OME>");
  write_description (desc_dir, "ome-positions", 0x03,
                     "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\" UUID=\"urn:uuid:1\">"
                     "<Image ID=\"Image:0\" Name=\"Pos0\"><Pixels DimensionOrder=\"XYCZT\" Type=\"uint8\" "
                     "SizeX=\"3\" SizeY=\"2\" SizeC=\"1\" SizeZ=\"1\" SizeT=\"2\">"
                     "<TiffData IFD=\"0\" FirstT=\"0\" PlaneCount=\"1\"><UUID FileName=\"x\">urn:uuid:1</UUID>"
                     "</TiffData><TiffData IFD=\"2\" FirstT=\"1\" PlaneCount=\"1\"/></Pixels></Image>"
                     "<Image ID=\"Image:1\" Name=\"Pos1\"><Pixels DimensionOrder=\"XYCZT\" Type=\"uint8\" "
                     "SizeX=\"3\" SizeY=\"2\" SizeC=\"1\" SizeZ=\"1\" SizeT=\"2\">"
                     "<TiffData IFD=\"1\" FirstT=\"0\" PlaneCount=\"1\"/>"
                     "<TiffData IFD=\"3\" FirstT=\"1\" PlaneCount=\"1\"/></Pixels></Image></OME>");
  write_description (desc_dir, "plain", 0x01, "a plain description \xc3\xa9\xff");
  write_truncated (tiff_dir, "u8-none", "cut-chain", 0.8);
  return 0;
}
