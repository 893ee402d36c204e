/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tiff-handle"

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-tiff-handle.h"

/* Small reads (a directory, its tag values and strip tables) come from windows of the
 * file read ahead, the least recently used replaced: moving a handle to a page then takes
 * one pread() rather than seven or so, and projections move handles from page to page for
 * every band of rows. Three windows: the page's, the one before (which dies), and one of
 * tag values that writers share between pages. Larger reads (most strips) are read as
 * they are. */
static gssize
read_small (ScTiffHandle *h,
            void         *buf,
            gsize         size)
{
  ScTiffWindow *w = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (h->windows) && w == NULL; i++)
    if (h->windows[i].data != NULL && h->pos >= h->windows[i].offset
        && h->pos + size <= h->windows[i].offset + h->windows[i].len)
      w = &h->windows[i];
  if (w == NULL)
    {
      gssize n;

      w = &h->windows[0];
      for (guint i = 1; i < G_N_ELEMENTS (h->windows); i++)
        if (h->windows[i].used < w->used)
          w = &h->windows[i];
      if (w->data == NULL)
        w->data = g_malloc (SC_TIFF_WINDOW_BYTES);
      /* From a page boundary: libtiff reads strip tables from a little before the
       * directory. */
      w->offset = h->pos & ~(guint64) 4095;
      w->len = 0;
      n = sc_tiff_pread_full (h->file->fd, w->data, SC_TIFF_WINDOW_BYTES, w->offset);
      if (n < 0)
        return -1;
      w->len = (gsize) n;
      if (h->pos + size > w->offset + w->len)
        size = (gsize) (w->offset + w->len - MIN (h->pos, w->offset + w->len));
    }
  w->used = ++h->window_clock;
  if (size > 0)
    memcpy (buf, w->data + (h->pos - w->offset), size);
  return (gssize) size;
}

static tmsize_t
handle_read_proc (thandle_t  data,
                  void      *buf,
                  tmsize_t   size)
{
  ScTiffHandle *h = data;
  gssize n;

  if (size < 0)
    return -1;
  if ((gsize) size <= SC_TIFF_WINDOW_BYTES / 2)
    n = read_small (h, buf, (gsize) size);
  else
    n = sc_tiff_pread_full (h->file->fd, buf, (gsize) size, h->pos);
  if (n < 0)
    return -1;
  h->pos += (guint64) n;
  return (tmsize_t) n;
}

static tmsize_t
handle_write_proc (thandle_t  data,
                   void      *buf,
                   tmsize_t   size)
{
  return -1;
}

static toff_t
handle_seek_proc (thandle_t data,
                  toff_t    offset,
                  int       whence)
{
  ScTiffHandle *h = data;

  switch (whence)
    {
    case SEEK_SET:
      h->pos = offset;
      break;
    case SEEK_CUR:
      h->pos += offset;
      break;
    case SEEK_END:
      h->pos = h->file->size + offset;
      break;
    default:
      return (toff_t) -1;
    }
  return h->pos;
}

static int
handle_close_proc (thandle_t data)
{
  return 0;
}

static toff_t
handle_size_proc (thandle_t data)
{
  ScTiffHandle *h = data;

  return h->file->size;
}

static int
handle_map_proc (thandle_t   data,
                 void      **base,
                 toff_t     *size)
{
  return 0;
}

static void
handle_unmap_proc (thandle_t  data,
                   void      *base,
                   toff_t     size)
{
}

/* Keeps libtiff quiet on stderr; the first error becomes part of our GError.
 * (libtiff's handler type carries no format attribute for the compiler to check.) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#if !defined (__clang__)
#pragma GCC diagnostic ignored "-Wsuggest-attribute=format"
#endif
static int
handle_error_handler (TIFF       *tif,
                      void       *user_data,
                      const char *module,
                      const char *fmt,
                      va_list     ap)
{
  ScTiffHandle *h = user_data;

  if (h->message == NULL)
    h->message = g_strdup_vprintf (fmt, ap);
  return 1;
}
#pragma GCC diagnostic pop

static int
handle_warning_handler (TIFF       *tif,
                        void       *user_data,
                        const char *module,
                        const char *fmt,
                        va_list     ap)
{
  return 1;
}


void
sc_tiff_handle_free (ScTiffHandle *h)
{
  if (h->tif != NULL)
    TIFFClose (h->tif);
  g_free (h->message);
  g_free (h->buf);
  g_free (h->raw);
  for (guint i = 0; i < G_N_ELEMENTS (h->windows); i++)
    g_free (h->windows[i].data);
  g_free (h);
}

ScTiffHandle *
sc_tiff_handle_open (const ScTiffFile  *file,
                     gboolean           header_only,
                     GError           **error)
{
  ScTiffHandle *h = g_new0 (ScTiffHandle, 1);
  TIFFOpenOptions *opts = TIFFOpenOptionsAlloc ();

  h->file = file;
  TIFFOpenOptionsSetErrorHandlerExtR (opts, handle_error_handler, h);
  TIFFOpenOptionsSetWarningHandlerExtR (opts, handle_warning_handler, h);
  h->tif = TIFFClientOpenExt (file->path, header_only ? "rhO" : "rO", h,
                              handle_read_proc, handle_write_proc, handle_seek_proc,
                              handle_close_proc, handle_size_proc, handle_map_proc,
                              handle_unmap_proc, opts);
  TIFFOpenOptionsFree (opts);

  if (h->tif == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, _("%s is not a TIFF file libtiff can read: %s"),
                   file->name, h->message ? h->message : _("unknown error"));
      sc_tiff_handle_free (h);
      return NULL;
    }
  if (!header_only)
    h->dir_offset = TIFFCurrentDirOffset (h->tif);
  return h;
}

ScTiffHandle *
sc_tiff_handle_acquire (ScTiffHandlePool  *pool,
                        const ScTiffFile  *file,
                        GError           **error)
{
  ScTiffHandle *h = NULL;

  g_mutex_lock (&pool->lock);
  if (pool->idle->len > 0)
    h = g_ptr_array_steal_index_fast (pool->idle, pool->idle->len - 1);
  g_mutex_unlock (&pool->lock);

  if (h == NULL)
    h = sc_tiff_handle_open (file, TRUE, error);
  return h;
}

void
sc_tiff_handle_release (ScTiffHandlePool *pool,
                        ScTiffHandle     *h,
                        gboolean          healthy)
{
  g_mutex_lock (&pool->lock);
  pool->n_decoded += h->n_decoded;
  h->n_decoded = 0;
  if (healthy)
    {
      if (pool->idle->len < pool->max)
        {
          g_ptr_array_add (pool->idle, h);
          h = NULL;
        }
    }
  g_mutex_unlock (&pool->lock);
  if (h != NULL)
    sc_tiff_handle_free (h);
}

void
sc_tiff_handle_set_error (ScTiffHandle      *h,
                          const ScTiffPage  *pg,
                          GError           **error)
{
  g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, _("page %u of %s is corrupt: %s"),
               pg->page_number, h->file->name, h->message ? h->message : _("libtiff cannot decode it"));
  g_clear_pointer (&h->message, g_free);
}

gboolean
sc_tiff_handle_load_page (ScTiffHandle      *h,
                          const ScTiffPage  *pg,
                          GError           **error)
{
  if (h->dir_offset == pg->ifd_offset)
    return TRUE;

  g_clear_pointer (&h->message, g_free);
  h->dir_offset = 0;
  h->page = NULL;
  if (!TIFFSetSubDirectory (h->tif, pg->ifd_offset))
    {
      sc_tiff_handle_set_error (h, pg, error);
      return FALSE;
    }
  /* A damaged directory (a tag given twice, say) may read differently in libtiff than in
   * our walker; our strip and row arithmetic must not then index libtiff's arrays. */
  {
    guint32 width = 0, height = 0;
    guint16 bps = 0, spp = 0, planar = 0;

    TIFFGetField (h->tif, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField (h->tif, TIFFTAG_IMAGELENGTH, &height);
    TIFFGetFieldDefaulted (h->tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted (h->tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted (h->tif, TIFFTAG_PLANARCONFIG, &planar);
    if (width != pg->width || height != pg->height || bps != pg->bps || spp != pg->spp
        || (spp > 1 && planar != pg->planar) || !TIFFIsTiled (h->tif) != !pg->tiled)
      {
        g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                     _("page %u of %s is corrupt: its directory contradicts itself"),
                     pg->page_number, h->file->name);
        return FALSE;
      }
  }
  h->dir_offset = pg->ifd_offset;
  h->page = pg;
  if (pg->compression == COMPRESSION_JPEG && pg->photometric == PHOTOMETRIC_YCBCR)
    TIFFSetField (h->tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
  return TRUE;
}

guint8 *
sc_tiff_handle_buffer (ScTiffHandle *h,
                       gsize         size)
{
  if (h->buf_size < size)
    {
      g_free (h->buf);
      h->buf = g_malloc (size);
      h->buf_size = size;
    }
  return h->buf;
}

guint8 *
sc_tiff_handle_raw_buffer (ScTiffHandle *h,
                           gsize         size)
{
  if (h->raw_size < size)
    {
      g_free (h->raw);
      h->raw = g_malloc (size);
      h->raw_size = size;
    }
  return h->raw;
}

static const char *
compression_name (guint16 compression)
{
  const TIFFCodec *codec;

  switch (compression)
    {
    case COMPRESSION_NONE:
      /* Translators: the compression of a TIFF file */
      return _("none");
    case COMPRESSION_JP2000:
    case 33003:
    case 33004:
    case 33005:
      return "JPEG 2000";
    case 34892:
      return _("lossy JPEG (DNG)");
    default:
      break;
    }
  codec = TIFFFindCODEC (compression);
  return codec != NULL ? codec->name : NULL;
}

char *
sc_tiff_describe_compression (guint16 compression)
{
  const char *name = compression_name (compression);

  if (name != NULL)
    return g_strdup (name);
  /* Translators: a TIFF compression scheme this build knows no name for, by its number */
  return g_strdup_printf (_("compression %u"), compression);
}

void
sc_tiff_set_unsupported (const ScTiffFile  *file,
                         const ScTiffPage  *pg,
                         GError           **error)
{
  if (g_strcmp0 (pg->unsupported, "compression") == 0 && compression_name (pg->compression) == NULL)
    g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                 _("page %u of %s uses an unknown compression (%u), which Stackscope cannot decode"),
                 pg->page_number, file->name, pg->compression);
  else if (g_strcmp0 (pg->unsupported, "compression") == 0)
    {
      g_autofree char *what = sc_tiff_describe_compression (pg->compression);
      g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                   _("page %u of %s uses %s compression, which Stackscope cannot decode"),
                   pg->page_number, file->name, what);
    }
  else
    g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                 /* Translators: e.g. "page 3 of a.tif has complex-valued samples, which
                  * Stackscope cannot read (32-bit, min-is-black)" */
                 _("page %u of %s has %s, which Stackscope cannot read (%u-bit, %s)"),
                 pg->page_number, file->name, _(pg->unsupported), pg->bps,
                 sc_tiff_photometric_name (pg->photometric));
}

void
sc_tiff_page_check_codec (ScTiffPage *pg)
{
  if (pg->unsupported == NULL && pg->compression != COMPRESSION_NONE
      && !TIFFIsCODECConfigured (pg->compression))
    pg->unsupported = "compression";
}

void
sc_tiff_handle_pool_init (ScTiffHandlePool *pool)
{
  g_mutex_init (&pool->lock);
  pool->idle = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_tiff_handle_free);
  pool->max = CLAMP (g_get_num_processors (), 2, 32);
}

guint64
sc_tiff_handle_pool_n_decoded (ScTiffHandlePool *pool)
{
  guint64 n;

  g_mutex_lock (&pool->lock);
  n = pool->n_decoded;
  g_mutex_unlock (&pool->lock);
  return n;
}

void
sc_tiff_handle_pool_clear (ScTiffHandlePool *pool)
{
  g_clear_pointer (&pool->idle, g_ptr_array_unref);
  g_mutex_clear (&pool->lock);
}
