/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <tiffio.h>

#include "sc-memory-source.h"
#include "sc-tiff-writer.h"
#include "sc-test-fixtures.h"

#define MM_UUID "urn:uuid:5d2f3c3e-0000-4000-8000-00000000a11e"

guint16
sc_test_mm_value (guint p,
                  guint t,
                  guint x,
                  guint y)
{
  return (guint16) (10000 * p + 100 * t + (3 * x + y) % 97);
}

static char *
mm_ome_xml (const char *name,
            guint       n_positions,
            guint       n_frames,
            guint       width,
            guint       height)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\" "
                               "UUID=\"" MM_UUID "\">");

  for (guint p = 0; p < n_positions; p++)
    {
      g_string_append_printf (xml, "<Image ID=\"Image:%u\" Name=\"Pos%u\">"
                              "<Pixels ID=\"Pixels:%u\" DimensionOrder=\"XYCZT\" Type=\"uint16\" "
                              "SizeX=\"%u\" SizeY=\"%u\" SizeC=\"1\" SizeZ=\"1\" SizeT=\"%u\" "
                              "PhysicalSizeX=\"%g\" PhysicalSizeY=\"%g\" TimeIncrement=\"2\" "
                              "TimeIncrementUnit=\"s\">"
                              "<Channel ID=\"Channel:%u:0\" Name=\"GFP-%u\" SamplesPerPixel=\"1\"/>",
                              p, p, p, width, height, n_frames, 0.5 * (p + 1), 0.5 * (p + 1), p, p);
      for (guint t = 0; t < n_frames; t++)
        g_string_append_printf (xml, "<TiffData FirstC=\"0\" FirstT=\"%u\" FirstZ=\"0\" IFD=\"%u\" "
                                "PlaneCount=\"1\"><UUID FileName=\"%s\">" MM_UUID "</UUID>"
                                "</TiffData>", t, n_positions * t + p, name);
      g_string_append (xml, "</Pixels></Image>");
    }
  g_string_append (xml, "</OME>");
  return g_string_free (xml, FALSE);
}

char *
sc_test_write_mm_ome (const char *dir,
                      const char *name,
                      guint       n_positions,
                      guint       n_frames,
                      guint       width,
                      guint       height)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *xml = mm_ome_xml (name, n_positions, n_frames, width, height);
  g_autofree guint16 *row = g_new (guint16, width);
  TIFF *tif = TIFFOpen (path, "w");

  g_assert_nonnull (tif);
  for (guint t = 0; t < n_frames; t++)
    for (guint p = 0; p < n_positions; p++)
      {
        TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
        TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
        TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 16);
        TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
        TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
        TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, height);
        if (t == 0 && p == 0)
          TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, xml);
        for (guint y = 0; y < height; y++)
          {
            for (guint x = 0; x < width; x++)
              row[x] = sc_test_mm_value (p, t, x, y);
            g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
          }
        g_assert_true (TIFFWriteDirectory (tif));
      }
  TIFFClose (tif);
  return path;
}

guint16
sc_test_rgb16_value (guint page,
                     guint x,
                     guint y,
                     guint s)
{
  return (guint16) (20000 * s + 1000 * page + 7 * x + 3 * y);
}

char *
sc_test_write_rgb16 (const char *dir,
                     const char *name,
                     guint       n_pages,
                     guint       width,
                     guint       height,
                     gboolean    separate,
                     gboolean    compress,
                     const char *desc)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree guint16 *row = g_new (guint16, (gsize) width * 3);
  TIFF *tif = TIFFOpen (path, "w");

  g_assert_nonnull (tif);
  for (guint k = 0; k < n_pages; k++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 16);
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 3);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
      TIFFSetField (tif, TIFFTAG_PLANARCONFIG, separate ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, 4);
      if (compress)
        TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
      if (desc != NULL && k == 0)
        TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, desc);
      for (guint s = 0; s < (separate ? 3u : 1u); s++)
        for (guint y = 0; y < height; y++)
          {
            for (guint x = 0; x < width; x++)
              {
                if (separate)
                  row[x] = sc_test_rgb16_value (k, x, y, s);
                else
                  for (guint c = 0; c < 3; c++)
                    row[3 * x + c] = sc_test_rgb16_value (k, x, y, c);
              }
            g_assert_cmpint (TIFFWriteScanline (tif, row, y, (uint16_t) s), ==, 1);
          }
      g_assert_true (TIFFWriteDirectory (tif));
    }
  TIFFClose (tif);
  return path;
}

guint64
sc_test_strip_offset (const char *path,
                      guint       page)
{
  TIFFErrorHandler old = TIFFSetWarningHandler (NULL);   /* ImageJ's tags are unknown to it */
  TIFF *tif = TIFFOpen (path, "r");
  guint64 *offsets = NULL;
  guint64 offset;

  g_assert_nonnull (tif);
  g_assert_true (TIFFSetDirectory (tif, (tdir_t) page));
  g_assert_true (TIFFGetField (tif, TIFFTAG_STRIPOFFSETS, &offsets));
  offset = offsets[0];
  TIFFClose (tif);
  TIFFSetWarningHandler (old);
  return offset;
}

char *
sc_test_write_cut (const char *src,
                   const char *dir,
                   const char *name,
                   gsize       len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (src, &contents, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, <=, size);
  g_assert_true (g_file_set_contents (path, contents, (gssize) len, &error));
  g_assert_no_error (error);
  return path;
}

char *
sc_test_write_u16_stack (const char *dir,
                         const char *name,
                         guint       n,
                         guint       width,
                         guint       height)
{
  char *path = g_build_filename (dir, name, NULL);
  gsize size = (gsize) n * width * height * 2;
  guint16 *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size / 2; i++)
    data[i] = (guint16) (i * 2654435761u >> 7);
  bytes = g_bytes_new_take (data, size);
  stack = sc_memory_stack_new (name, width, height, 1, n, 1, SC_SAMPLE_U16, 1, bytes);
  g_assert_true (sc_tiff_writer_write (stack, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}
