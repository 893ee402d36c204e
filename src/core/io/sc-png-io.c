/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-png-io"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "sc-error.h"
#include "sc-file-util.h"
#include "sc-png-io.h"

typedef struct {
  char message[256];
} PngErrorState;

G_NORETURN static void
on_png_error (png_structp png, png_const_charp message)
{
  PngErrorState *state = png_get_error_ptr (png);

  /* What libpng's own reader says when the file ends before a chunk does. */
  if (g_strcmp0 (message, "Read Error") == 0)
    message = _("the file ends early");
  g_strlcpy (state->message, message, sizeof state->message);
  png_longjmp (png, 1);
}

static void
on_png_warning (png_structp png, png_const_charp message)
{
}

typedef struct {
  FILE        *file;
  png_structp  png;
  png_infop    info;
  PngErrorState err;
} PngReader;

static void
png_reader_close (PngReader *r)
{
  if (r->png)
    png_destroy_read_struct (&r->png, r->info ? &r->info : NULL, NULL);
  if (r->file)
    fclose (r->file);
  r->png = NULL;
  r->info = NULL;
  r->file = NULL;
}

static void
set_corrupt_error (GError **error, const char *path, const char *detail)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, _("%s is not a readable PNG file (%s)"),
               name, detail);
}

/* Opens and configures transforms; fills info. Must be called from a function that
 * sets its own setjmp before any further libpng call. */
static gboolean
png_reader_open (PngReader  *r,
                 const char *path,
                 GError    **error)
{
  guint8 sig[8];

  memset (r, 0, sizeof *r);
  r->file = g_fopen (path, "rbe");
  if (r->file == NULL)
    {
      sc_set_error_from_errno (error, errno, path, "open");
      return FALSE;
    }
  if (fread (sig, 1, 8, r->file) != 8 || png_sig_cmp (sig, 0, 8) != 0)
    {
      set_corrupt_error (error, path, _("no PNG signature"));
      png_reader_close (r);
      return FALSE;
    }
  r->png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &r->err, on_png_error, on_png_warning);
  r->info = png_create_info_struct (r->png);
  return TRUE;
}

static gboolean
png_reader_setup (PngReader  *r,
                  ScPngInfo  *out)
{
  png_uint_32 width, height;
  int bit_depth, color_type, interlace;

  png_init_io (r->png, r->file);
  png_set_sig_bytes (r->png, 8);
  /* Refuse absurd dimensions before libpng allocates anything. */
  png_set_user_limits (r->png, 1u << 20, 1u << 20);
  /* Skip every ancillary chunk but tRNS unread: nothing here uses text, colour profiles
   * or the others, and libpng would allocate (and zero) a buffer of the declared length
   * for each, or inflate a compressed one, before it knew whether the file holds that
   * much; its chunk size limit only warns. A skipped chunk is read through in small
   * pieces, so a length past the end of the file fails as a truncated file. */
  png_set_keep_unknown_chunks (r->png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
  png_read_info (r->png, r->info);
  png_get_IHDR (r->png, r->info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);

  memset (out, 0, sizeof *out);
  out->width = width;
  out->height = height;

  switch (color_type)
    {
    case PNG_COLOR_TYPE_GRAY:
    case PNG_COLOR_TYPE_GRAY_ALPHA:
      if (bit_depth < 8)
        png_set_expand_gray_1_2_4_to_8 (r->png);
      if (color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_strip_alpha (r->png);
      out->samples_per_pixel = 1;
      out->bit_depth = bit_depth == 16 ? 16 : 8;
      break;
    case PNG_COLOR_TYPE_PALETTE:
      {
        png_colorp palette;
        int n_palette = 0;

        if (bit_depth < 8)
          png_set_packing (r->png);
        out->samples_per_pixel = 1;
        out->bit_depth = 8;
        out->has_palette = TRUE;
        if (png_get_PLTE (r->png, r->info, &palette, &n_palette) & PNG_INFO_PLTE)
          for (int i = 0; i < MIN (n_palette, 256); i++)
            {
              out->palette[3 * i] = palette[i].red;
              out->palette[3 * i + 1] = palette[i].green;
              out->palette[3 * i + 2] = palette[i].blue;
            }
      }
      break;
    case PNG_COLOR_TYPE_RGB:
      out->samples_per_pixel = 3;
      out->bit_depth = bit_depth;
      break;
    case PNG_COLOR_TYPE_RGB_ALPHA:
      out->samples_per_pixel = 4;
      out->bit_depth = bit_depth;
      break;
    default:
      return FALSE;
    }

  if (bit_depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN)
    png_set_swap (r->png);
  if (interlace != PNG_INTERLACE_NONE)
    png_set_interlace_handling (r->png);
  png_read_update_info (r->png, r->info);
  return TRUE;
}

gboolean
sc_png_read_info (const char  *path,
                  ScPngInfo   *info,
                  GError     **error)
{
  PngReader r;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (!png_reader_open (&r, path, error))
    return FALSE;

  if (setjmp (png_jmpbuf (r.png)))
    {
      set_corrupt_error (error, path, r.err.message);
      png_reader_close (&r);
      return FALSE;
    }
  if (!png_reader_setup (&r, info))
    {
      set_corrupt_error (error, path, _("unknown color type"));
      png_reader_close (&r);
      return FALSE;
    }
  png_reader_close (&r);
  return TRUE;
}

gboolean
sc_png_read_rows (const char      *path,
                  const ScPngInfo *expected,
                  guint            y0,
                  guint            n_rows,
                  gpointer         dest,
                  GError         **error)
{
  PngReader r;
  ScPngInfo found;
  gsize row_bytes;
  guint8 *volatile scratch = NULL;
  png_bytep *volatile rows = NULL;   /* freed by hand: libpng's longjmp skips g_autofree */
  int passes;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (expected != NULL, FALSE);
  g_return_val_if_fail (y0 + n_rows <= expected->height, FALSE);

  if (!png_reader_open (&r, path, error))
    return FALSE;

  if (setjmp (png_jmpbuf (r.png)))
    {
      g_free (scratch);
      g_free (rows);
      set_corrupt_error (error, path, r.err.message);
      png_reader_close (&r);
      return FALSE;
    }
  if (!png_reader_setup (&r, &found)
      || found.width != expected->width || found.height != expected->height
      || found.bit_depth != expected->bit_depth
      || found.samples_per_pixel != expected->samples_per_pixel)
    {
      g_autofree char *name = g_filename_display_basename (path);
      g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s changed since the stack was opened: it is now %u × %u, "
                                "%u-bit, %u sample per pixel",
                                "%s changed since the stack was opened: it is now %u × %u, "
                                "%u-bit, %u samples per pixel", found.samples_per_pixel),
                   name, found.width, found.height, found.bit_depth, found.samples_per_pixel);
      png_reader_close (&r);
      return FALSE;
    }

  row_bytes = (gsize) found.width * found.samples_per_pixel * (found.bit_depth / 8);
  g_assert (row_bytes == png_get_rowbytes (r.png, r.info));
  passes = png_set_interlace_handling (r.png);

  if (passes > 1)
    {
      /* Interlaced images need the whole image in memory. */
      rows = g_new (png_bytep, found.height);
      scratch = g_malloc (row_bytes * found.height);
      for (guint y = 0; y < found.height; y++)
        rows[y] = scratch + y * row_bytes;
      png_read_image (r.png, rows);
      memcpy (dest, scratch + y0 * row_bytes, row_bytes * n_rows);
      g_free (scratch);
      scratch = NULL;
      g_free (rows);
      rows = NULL;
    }
  else
    {
      /* Rows before y0 are decoded into a scratch row; rows after the band are never decoded. */
      scratch = g_malloc (row_bytes);
      for (guint y = 0; y < y0; y++)
        png_read_row (r.png, scratch, NULL);
      for (guint y = 0; y < n_rows; y++)
        png_read_row (r.png, (guint8 *) dest + y * row_bytes, NULL);
      g_free (scratch);
      scratch = NULL;
    }

  png_reader_close (&r);
  return TRUE;
}

/* The libpng part of writing, apart so that setjmp clobbers no caller state. */
static gboolean
write_png_stream (FILE               *file,
                  int                 color_type,
                  int                 bit_depth,
                  guint               width,
                  guint               height,
                  gconstpointer       data,
                  gsize               stride,
                  const char * const *text,
                  PngErrorState      *err)
{
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, err, on_png_error,
                                             on_png_warning);
  png_infop info = png_create_info_struct (png);
  png_text *volatile chunks = NULL;

  if (setjmp (png_jmpbuf (png)))
    {
      g_free (chunks);
      png_destroy_write_struct (&png, &info);
      return FALSE;
    }

  png_init_io (png, file);
  png_set_IHDR (png, info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level (png, 6);
  if (text != NULL)
    {
      guint n = g_strv_length ((char **) text) / 2;

      chunks = g_new0 (png_text, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        {
          chunks[i].compression = PNG_TEXT_COMPRESSION_NONE;
          chunks[i].key = (char *) text[2 * i];
          chunks[i].text = (char *) text[2 * i + 1];
        }
      png_set_text (png, info, chunks, n);
    }
  png_write_info (png, info);
  if (bit_depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN)
    png_set_swap (png);
  for (guint y = 0; y < height; y++)
    png_write_row (png, (png_const_bytep) data + y * stride);
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  g_free (chunks);
  return TRUE;
}

typedef struct {
  const char         *path;
  int                 color_type;
  int                 bit_depth;
  guint               width;
  guint               height;
  gconstpointer       data;
  gsize               stride;
  const char * const *text;
} PngWrite;

static gboolean
write_png_fd (int            fd,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  const PngWrite *w = user_data;
  PngErrorState err = { { 0 } };
  int own_fd = dup (fd);   /* fclose() must not close the fd that sc_file_replace_atomic syncs */
  FILE *file = own_fd >= 0 ? fdopen (own_fd, "wb") : NULL;
  gboolean ok;

  if (file == NULL)
    {
      int saved = errno;
      if (own_fd >= 0)
        close (own_fd);
      sc_set_error_from_errno (error, saved, w->path, "write");
      return FALSE;
    }

  ok = write_png_stream (file, w->color_type, w->bit_depth, w->width, w->height, w->data,
                         w->stride, w->text, &err);
  if (fclose (file) != 0 && ok)
    {
      sc_set_error_from_errno (error, errno, w->path, "write");
      return FALSE;
    }
  if (!ok)
    {
      g_autofree char *name = g_filename_display_name (w->path);
      g_set_error (error, SC_ERROR, SC_ERROR_IO, _("Cannot write %s: %s"), name, err.message);
    }
  return ok;
}

gboolean
sc_png_write (const char         *path,
              ScPngFormat         format,
              guint               width,
              guint               height,
              gconstpointer       data,
              gsize               stride,
              const char * const *text,
              GError            **error)
{
  PngWrite w = { path, 0, 0, width, height, data, stride, text };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  switch (format)
    {
    case SC_PNG_GRAY8: w.color_type = PNG_COLOR_TYPE_GRAY; w.bit_depth = 8; break;
    case SC_PNG_GRAY16: w.color_type = PNG_COLOR_TYPE_GRAY; w.bit_depth = 16; break;
    case SC_PNG_RGB8: w.color_type = PNG_COLOR_TYPE_RGB; w.bit_depth = 8; break;
    case SC_PNG_RGBA8: w.color_type = PNG_COLOR_TYPE_RGB_ALPHA; w.bit_depth = 8; break;
    default: g_return_val_if_reached (FALSE);
    }

  /* Beside the target, then renamed: a failure never leaves a half file. */
  return sc_file_replace_atomic (path, write_png_fd, &w, NULL, error);
}
