/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-description"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"

/* The ImageJ and OME-XML description parsers are private to the TIFF source, so the bytes
 * become the ImageDescription of a small valid TIFF built here; opening and reading it
 * goes through the parsers and everything that acts on their result (hyperstack shape,
 * ImageJ big stacks, OME plane mapping, calibration).
 *
 * The first input byte picks the file's shape: bits 0-2 the number of pages less one,
 * bit 3 16-bit samples, bit 4 one IFD followed by all the pages' data (an ImageJ big
 * stack), bit 5 the description repeated on every page, bit 6 big-endian. The rest is
 * the description. */

#define WIDTH 3
#define HEIGHT 2

typedef struct
{
  GByteArray *b;
  gboolean    be;
} Builder;

static void
put (Builder *w,
     guint64  v,
     guint    n)
{
  guint8 bytes[8];

  for (guint i = 0; i < n; i++)
    bytes[w->be ? n - 1 - i : i] = (guint8) (v >> (8 * i));
  g_byte_array_append (w->b, bytes, n);
}

static void
patch32 (Builder *w,
         guint    at,
         guint32  v)
{
  for (guint i = 0; i < 4; i++)
    w->b->data[at + (w->be ? 3 - i : i)] = (guint8) (v >> (8 * i));
}

static void
entry (Builder *w,
       guint16  tag,
       guint16  type,
       guint32  count,
       guint32  value)
{
  put (w, tag, 2);
  put (w, type, 2);
  put (w, count, 4);
  if (type == 3 && count == 1)
    {
      put (w, value, 2);
      put (w, 0, 2);
    }
  else
    put (w, value, 4);
}

static GByteArray *
build_tiff (guint8         shape,
            const uint8_t *desc,
            size_t         desc_len)
{
  Builder w = { g_byte_array_new (), (shape & 0x40) != 0 };
  guint n_pages = (shape & 7) + 1;
  guint bps = (shape & 8) ? 16 : 8;
  gboolean big = (shape & 0x10) != 0;
  gboolean desc_everywhere = (shape & 0x20) != 0;
  guint n_ifds = big ? 1 : n_pages;
  guint plane_bytes = WIDTH * HEIGHT * bps / 8;
  guint desc_at, data_at, next_at = 4;

  g_byte_array_append (w.b, (const guint8 *) (w.be ? "MM" : "II"), 2);
  put (&w, 42, 2);
  put (&w, 0, 4);

  /* The description (NUL-terminated), then the pixel data of every page. */
  desc_at = w.b->len;
  g_byte_array_append (w.b, desc, (guint) desc_len);
  g_byte_array_append (w.b, (const guint8 *) "", 1);
  if (w.b->len & 1)
    g_byte_array_append (w.b, (const guint8 *) "", 1);
  data_at = w.b->len;
  for (guint i = 0; i < n_pages * plane_bytes; i++)
    {
      guint8 v = (guint8) (i * 7 + 1);
      g_byte_array_append (w.b, &v, 1);
    }

  for (guint p = 0; p < n_ifds; p++)
    {
      gboolean with_desc = p == 0 || desc_everywhere;
      guint n_entries = with_desc ? 9 : 8;

      patch32 (&w, next_at, w.b->len);
      put (&w, n_entries, 2);
      entry (&w, 256, 3, 1, WIDTH);                  /* ImageWidth */
      entry (&w, 257, 3, 1, HEIGHT);                 /* ImageLength */
      entry (&w, 258, 3, 1, bps);                    /* BitsPerSample */
      entry (&w, 259, 3, 1, 1);                      /* Compression: none */
      entry (&w, 262, 3, 1, 1);                      /* Photometric: min-is-black */
      if (with_desc && desc_len + 1 <= 4)
        {
          guint8 inline_desc[4] = { 0, 0, 0, 0 };

          memcpy (inline_desc, desc, desc_len);
          put (&w, 270, 2);
          put (&w, 2, 2);
          put (&w, desc_len + 1, 4);
          g_byte_array_append (w.b, inline_desc, 4);
        }
      else if (with_desc)
        entry (&w, 270, 2, (guint32) desc_len + 1, desc_at);
      entry (&w, 273, 4, 1, data_at + p * plane_bytes);
      entry (&w, 278, 3, 1, HEIGHT);                 /* RowsPerStrip */
      entry (&w, 279, 4, 1, plane_bytes);
      next_at = w.b->len;
      put (&w, 0, 4);
    }
  return w.b;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GByteArray) tiff = NULL;
  int fd;
  char *path;

  if (size < 1 || size > 65536)
    return -1;
  tiff = build_tiff (data[0], data + 1, size - 1);
  path = fuzz_write_file (tiff->data, tiff->len, &fd);
  fuzz_exercise_stack (path);
  fuzz_close_file (path, fd);
  return 0;
}
