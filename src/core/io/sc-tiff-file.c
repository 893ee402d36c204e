/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tiff-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-sample-convert.h"
#include "sc-tiff-file.h"

gssize
sc_tiff_pread_full (int      fd,
                    gpointer buf,
                    gsize    len,
                    guint64  offset)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = pread (fd, (guint8 *) buf + done, len - done, (off_t) (offset + done));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return -1;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }
  return (gssize) done;
}

void
sc_tiff_set_truncated (const ScTiffFile  *file,
                       guint              page_number,
                       GError           **error)
{
  g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, _("page %u of %s is truncated"),
               page_number, file->name);
}

void
sc_tiff_set_io_error (const ScTiffFile  *file,
                      guint              page_number,
                      int                saved_errno,
                      GError           **error)
{
  g_set_error (error, SC_ERROR, SC_ERROR_IO, _("Cannot read page %u of %s: %s"),
               page_number, file->name, g_strerror (saved_errno));
}

gboolean
sc_tiff_file_read (const ScTiffFile  *file,
                   gpointer           buf,
                   gsize              len,
                   guint64            offset,
                   guint              page_number,
                   GError           **error)
{
  gssize n;

  if (offset > file->size || len > file->size - offset)
    {
      sc_tiff_set_truncated (file, page_number, error);
      return FALSE;
    }
  n = sc_tiff_pread_full (file->fd, buf, len, offset);
  if (n < 0)
    {
      sc_tiff_set_io_error (file, page_number, errno, error);
      return FALSE;
    }
  if ((gsize) n < len)
    {
      sc_tiff_set_truncated (file, page_number, error);
      return FALSE;
    }
  return TRUE;
}

#ifndef IOV_MAX
# define IOV_MAX 1024
#endif

gboolean
sc_tiff_file_readv (const ScTiffFile  *file,
                    struct iovec      *iov,
                    guint              n_iov,
                    guint64            offset,
                    guint              page_number,
                    GError           **error)
{
  gsize len = 0;

  for (guint i = 0; i < n_iov; i++)
    len += iov[i].iov_len;
  if (offset > file->size || len > file->size - offset)
    {
      sc_tiff_set_truncated (file, page_number, error);
      return FALSE;
    }
  while (n_iov > 0)
    {
      ssize_t n = preadv (file->fd, iov, (int) MIN (n_iov, (guint) IOV_MAX), (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          sc_tiff_set_io_error (file, page_number, errno, error);
          return FALSE;
        }
      if (n == 0)
        {
          sc_tiff_set_truncated (file, page_number, error);
          return FALSE;
        }
      offset += (guint64) n;
      /* On past what was read, the vectors filled whole and part of the next. */
      while (n_iov > 0 && (gsize) n >= iov->iov_len)
        {
          n -= (ssize_t) iov->iov_len;
          iov++;
          n_iov--;
        }
      if (n > 0)
        {
          iov->iov_base = (guint8 *) iov->iov_base + n;
          iov->iov_len -= (gsize) n;
        }
    }
  return TRUE;
}

static gboolean
read_header (ScTiffFile  *file,
             GError     **error)
{
  guint8 hdr[16];
  gssize n = sc_tiff_pread_full (file->fd, hdr, sizeof hdr, 0);
  guint version;

  if (n < 0)
    {
      sc_set_error_from_errno (error, errno, file->path, "read");
      return FALSE;
    }
  if (n < 8 || !((hdr[0] == 'I' && hdr[1] == 'I') || (hdr[0] == 'M' && hdr[1] == 'M')))
    goto bad;
  file->little_endian = hdr[0] == 'I';
  version = (guint) sc_load_uint (hdr + 2, 2, file->little_endian);
  if (version == 42)
    file->first_ifd = sc_load_uint (hdr + 4, 4, file->little_endian);
  else if (version == 43)
    {
      if (n < 16 || sc_load_uint (hdr + 4, 2, file->little_endian) != 8)
        goto bad;
      file->bigtiff = TRUE;
      file->first_ifd = sc_load_uint (hdr + 8, 8, file->little_endian);
    }
  else
    goto bad;
  if (file->first_ifd == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_EMPTY, _("%s holds no image"), file->name);
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, _("%s is not a valid TIFF file"), file->name);
  return FALSE;
}

gboolean
sc_tiff_file_open (ScTiffFile  *file,
                   const char  *path,
                   GError     **error)
{
  struct stat st;

  g_return_val_if_fail (file != NULL && path != NULL, FALSE);

  memset (file, 0, sizeof *file);
  file->path = g_strdup (path);
  file->name = g_filename_display_basename (path);
  if ((file->fd = open (path, O_RDONLY | O_CLOEXEC)) < 0)
    {
      sc_set_error_from_errno (error, errno, path, "open");
      return FALSE;
    }
  if (fstat (file->fd, &st) != 0)
    {
      sc_set_error_from_errno (error, errno, path, "read");
      return FALSE;
    }
  file->size = (guint64) st.st_size;
  return read_header (file, error);
}

void
sc_tiff_file_map (ScTiffFile *file)
{
  if (file->map == NULL)
    file->map = sc_file_map_new (file->fd, file->size);
}

gboolean
sc_tiff_file_check_map (const ScTiffFile  *file,
                        GError           **error)
{
  if (file->map == NULL || sc_file_map_is_intact (file->map))
    return TRUE;
  g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, _("%s was cut short while it was being read"),
               file->name);
  return FALSE;
}

void
sc_tiff_file_clear (ScTiffFile *file)
{
  g_clear_pointer (&file->map, sc_file_map_free);
  if (file->fd >= 0)
    close (file->fd);
  file->fd = -1;
  g_clear_pointer (&file->path, g_free);
  g_clear_pointer (&file->name, g_free);
}
