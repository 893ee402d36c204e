/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tiff-source"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tiffio.h>

#include "sc-error.h"
#include "sc-tiff-source.h"

/* How the TIFF source works:
 *
 * Opening walks the IFD chain itself (a few preads through a small window per page)
 * and records, for every page, its IFD offset and the handful of tags that decide how
 * to read it.  libtiff 4.5.0 costs O(i) for TIFFSetDirectory(i) and several tens of
 * microseconds per TIFFReadDirectory, so a 100,000-page file would not open in a second
 * through libtiff alone.  The first page is read with libtiff as well, for its tags
 * (description, resolution, colormap) and to be sure libtiff accepts the file.
 *
 * Uncompressed strips are read with pread() straight from the file (and mapped for
 * peek_rows() when already in native order); everything else goes through a small pool
 * of libtiff handles over the same file descriptor, each moved to a page with
 * TIFFSetSubDirectory(offset), since a TIFF* must not be shared between threads.
 *
 * Samples come out in native byte order, rows packed.  Bit depths between byte sizes
 * expand into the next type (12 bit into u16), 64-bit floats become f32, and min-is-white
 * unsigned data is inverted so that values mean intensity (the metadata says so). */

#define NO_OFFSET G_MAXUINT64
#define WINDOW_SIZE (64 * 1024)

typedef struct
{
  guint64 count;
  guint16 type;
  guint8  raw[8];     /* the entry's value field as stored: inline values or an offset */
} TagRef;

typedef struct
{
  guint64      ifd_offset;
  guint64      data_offset;    /* whole plane uncompressed at this offset, or NO_OFFSET */
  TagRef       strip_offsets;
  TagRef       strip_counts;
  const char  *unsupported;    /* why Stackscope cannot read this page, or NULL */
  guint32      page_number;    /* 1-based position in the IFD chain */
  guint32      width;
  guint32      height;
  guint32      rows_per_strip;
  guint16      compression;
  guint16      photometric;
  guint16      planar;
  guint16      fill_order;
  guint16      predictor;
  guint16      bps;
  guint16      sample_format;
  guint16      spp;
  guint8       spp_out;
  guint8       out_type;
  guint8       tiled : 1;
  guint8       invert : 1;
  guint8       big_image : 1;
} Page;

typedef struct
{
  ScTiffSource *self;
  TIFF         *tif;
  guint64       pos;
  guint64       dir_offset;
  char         *message;
  guint8       *buf;
  gsize         buf_size;
} Handle;

struct _ScTiffSource
{
  ScSource   parent_instance;

  char      *path;
  char      *name;
  int        fd;
  guint64    file_size;
  gboolean   little_endian;
  gboolean   bigtiff;
  guint8    *map;
  gsize      map_size;

  GArray    *pages;
  guint     *plane_to_page;
  guint      n_planes;
  guint      n_ifds;

  ScSampleType out_type;
  gsize      out_size;
  guint      spp_out;
  gsize      row_stride;

  GMutex     pool_lock;
  GPtrArray *pool;
  guint      pool_max;
};

G_DEFINE_FINAL_TYPE (ScTiffSource, sc_tiff_source, SC_TYPE_SOURCE)

#define HOST_LE (G_BYTE_ORDER == G_LITTLE_ENDIAN)

/* ---------------------------------------------------------------------------------------- */
/* Plain I/O */

static gssize
pread_full (int      fd,
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

static void
set_truncated (ScTiffSource  *self,
               guint          page_number,
               GError       **error)
{
  g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, "page %u of %s is truncated",
               page_number, self->name);
}

static void
set_io_error (ScTiffSource  *self,
              guint          page_number,
              int            saved_errno,
              GError       **error)
{
  g_set_error (error, SC_ERROR, SC_ERROR_IO, "Cannot read page %u of %s: %s",
               page_number, self->name, g_strerror (saved_errno));
}

/* Reads exactly len bytes at offset; anything short of that is a truncated page. */
static gboolean
read_exact (ScTiffSource  *self,
            gpointer       buf,
            gsize          len,
            guint64        offset,
            guint          page_number,
            GError       **error)
{
  gssize n;

  if (offset > self->file_size || len > self->file_size - offset)
    {
      set_truncated (self, page_number, error);
      return FALSE;
    }
  n = pread_full (self->fd, buf, len, offset);
  if (n < 0)
    {
      set_io_error (self, page_number, errno, error);
      return FALSE;
    }
  if ((gsize) n < len)
    {
      set_truncated (self, page_number, error);
      return FALSE;
    }
  return TRUE;
}

static inline guint64
load_uint (const guint8 *p,
           guint         n,
           gboolean      le)
{
  guint64 v = 0;

  if (le)
    for (guint i = n; i > 0; i--)
      v = (v << 8) | p[i - 1];
  else
    for (guint i = 0; i < n; i++)
      v = (v << 8) | p[i];
  return v;
}

/* ---------------------------------------------------------------------------------------- */
/* Sample conversion */

typedef struct
{
  guint        bps;
  guint        sample_format;
  gboolean     src_le;     /* byte order of multi-byte samples in the source buffer */
  gboolean     invert;
  ScSampleType out;
  gsize        out_size;
} Conv;

static inline guint64
fetch_bits (const guint8 *src,
            guint64       bit,
            guint         bps)
{
  const guint8 *p = src + (bit >> 3);
  guint shift = (guint) (bit & 7);
  guint n_bytes = (shift + bps + 7) / 8;
  guint64 v = 0;

  for (guint i = 0; i < n_bytes; i++)
    v = (v << 8) | p[i];
  v >>= n_bytes * 8 - shift - bps;
  return v & ((G_GUINT64_CONSTANT (1) << bps) - 1);
}

static inline void
store_sample (const Conv *cv,
              guint64     raw,
              guint8     *dst)
{
  guint64 mask;

  switch (cv->out)
    {
    case SC_SAMPLE_F32:
      {
        float f;

        if (cv->bps == 64)
          {
            double d;
            memcpy (&d, &raw, sizeof d);
            f = (float) d;
          }
        else
          {
            guint32 bits = (guint32) raw;
            memcpy (&f, &bits, sizeof f);
          }
        memcpy (dst, &f, sizeof f);
      }
      return;
    case SC_SAMPLE_U8:
    case SC_SAMPLE_U16:
    case SC_SAMPLE_U32:
      mask = (G_GUINT64_CONSTANT (1) << cv->bps) - 1;
      if (cv->invert)
        raw = mask - raw;
      break;
    case SC_SAMPLE_I8:
    case SC_SAMPLE_I16:
    case SC_SAMPLE_I32:
      mask = (G_GUINT64_CONSTANT (1) << cv->bps) - 1;
      if (raw & (G_GUINT64_CONSTANT (1) << (cv->bps - 1)))
        raw |= ~mask;
      break;
    default:
      g_assert_not_reached ();
    }

  switch (cv->out_size)
    {
    case 1:
      *dst = (guint8) raw;
      break;
    case 2:
      {
        guint16 v = (guint16) raw;
        memcpy (dst, &v, 2);
      }
      break;
    case 4:
      {
        guint32 v = (guint32) raw;
        memcpy (dst, &v, 4);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
swab_samples (guint8 *p,
              gsize   n,
              gsize   size)
{
  if (size == 2)
    for (gsize i = 0; i < n; i++, p += 2)
      {
        guint8 t = p[0];
        p[0] = p[1];
        p[1] = t;
      }
  else if (size == 4)
    for (gsize i = 0; i < n; i++, p += 4)
      {
        guint8 t0 = p[0], t1 = p[1];
        p[0] = p[3];
        p[1] = p[2];
        p[2] = t1;
        p[3] = t0;
      }
}

/* Converts n_pixels pixels: for pixel p, source samples src_first + p * src_step + j
 * (j < n_per_pixel) go to dst[p * dst_step + j] in the output type. */
static void
convert_pixels (const Conv   *cv,
                const guint8 *src,
                guint64       src_first,
                guint         src_step,
                guint         n_per_pixel,
                guint         n_pixels,
                guint8       *dst,
                guint         dst_step)
{
  guint bytes = cv->bps / 8;
  gboolean whole_bytes = (cv->bps % 8) == 0;

  if (whole_bytes && bytes == cv->out_size && !cv->invert
      && src_step == n_per_pixel && dst_step == n_per_pixel)
    {
      gsize n = (gsize) n_pixels * n_per_pixel;

      memcpy (dst, src + src_first * bytes, n * bytes);
      if (bytes > 1 && cv->src_le != HOST_LE)
        swab_samples (dst, n, bytes);
      return;
    }

  for (guint p = 0; p < n_pixels; p++)
    for (guint j = 0; j < n_per_pixel; j++)
      {
        guint64 k = src_first + (guint64) p * src_step + j;
        guint64 raw;

        if (whole_bytes)
          raw = load_uint (src + k * bytes, bytes, cv->src_le);
        else
          raw = fetch_bits (src, k * cv->bps, cv->bps);
        store_sample (cv, raw, dst + ((gsize) p * dst_step + j) * cv->out_size);
      }
}

/* ---------------------------------------------------------------------------------------- */
/* Names */

static const char *
compression_name (guint16 compression)
{
  const TIFFCodec *codec;

  switch (compression)
    {
    case COMPRESSION_NONE:
      return "none";
    case COMPRESSION_JP2000:
    case 33003:
    case 33004:
    case 33005:
      return "JPEG 2000";
    case 34892:
      return "lossy JPEG (DNG)";
    default:
      break;
    }
  codec = TIFFFindCODEC (compression);
  return codec != NULL ? codec->name : NULL;
}

static char *
describe_compression (guint16 compression)
{
  const char *name = compression_name (compression);

  if (name != NULL)
    return g_strdup (name);
  return g_strdup_printf ("compression %u", compression);
}

static const char *
photometric_name (guint16 photometric)
{
  switch (photometric)
    {
    case PHOTOMETRIC_MINISWHITE: return "min-is-white";
    case PHOTOMETRIC_MINISBLACK: return "min-is-black";
    case PHOTOMETRIC_RGB: return "RGB";
    case PHOTOMETRIC_PALETTE: return "palette";
    case PHOTOMETRIC_MASK: return "transparency mask";
    case PHOTOMETRIC_SEPARATED: return "separated (CMYK)";
    case PHOTOMETRIC_YCBCR: return "YCbCr";
    case PHOTOMETRIC_CIELAB: return "CIE L*a*b*";
    case PHOTOMETRIC_ICCLAB: return "ICC L*a*b*";
    case PHOTOMETRIC_ITULAB: return "ITU L*a*b*";
    case PHOTOMETRIC_CFA: return "colour filter array";
    case PHOTOMETRIC_LOGL: return "LogL";
    case PHOTOMETRIC_LOGLUV: return "LogLuv";
    default: return "unknown";
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Walking the IFD chain */

typedef struct
{
  int      fd;
  guint64  file_size;
  guint8  *buf;
  guint64  start;
  gsize    len;
} Window;

/* Returns 1 and the bytes, 0 past the end of the file, -1 on an I/O error (errno set). */
static int
window_get (Window        *w,
            guint64        offset,
            gsize          len,
            const guint8 **out)
{
  gssize n;
  gsize want;

  if (offset > w->file_size || len > w->file_size - offset)
    return 0;
  if (w->len > 0 && offset >= w->start && offset + len <= w->start + w->len)
    {
      *out = w->buf + (offset - w->start);
      return 1;
    }
  want = MAX (len, WINDOW_SIZE);
  want = (gsize) MIN ((guint64) want, w->file_size - offset);
  if (want > WINDOW_SIZE)
    w->buf = g_realloc (w->buf, want);
  else if (w->buf == NULL)
    w->buf = g_malloc (WINDOW_SIZE);
  n = pread_full (w->fd, w->buf, want, offset);
  if (n < 0)
    return -1;
  w->start = offset;
  w->len = (gsize) n;
  if ((gsize) n < len)
    return 0;
  *out = w->buf;
  return 1;
}

static guint
type_size (guint16 type)
{
  switch (type)
    {
    case TIFF_BYTE: case TIFF_ASCII: case TIFF_SBYTE: case TIFF_UNDEFINED:
      return 1;
    case TIFF_SHORT: case TIFF_SSHORT:
      return 2;
    case TIFF_LONG: case TIFF_SLONG: case TIFF_FLOAT: case TIFF_IFD:
      return 4;
    case TIFF_RATIONAL: case TIFF_SRATIONAL: case TIFF_DOUBLE:
    case TIFF_LONG8: case TIFF_SLONG8: case TIFF_IFD8:
      return 8;
    default:
      return 0;
    }
}

static gboolean
tag_is_inline (const ScTiffSource *self,
               const TagRef       *ref)
{
  guint size = type_size (ref->type);

  return size > 0 && ref->count <= (self->bigtiff ? 8u : 4u) / size;
}

static guint64
tag_value_offset (const ScTiffSource *self,
                  const TagRef       *ref)
{
  return load_uint (ref->raw, self->bigtiff ? 8 : 4, self->little_endian);
}

static gboolean
is_integer_type (guint16 type)
{
  return type == TIFF_BYTE || type == TIFF_SHORT || type == TIFF_LONG || type == TIFF_LONG8
         || type == TIFF_IFD || type == TIFF_IFD8;
}

/* Reads values first .. first + n - 1 of an integer tag (strip offsets, byte counts). */
static gboolean
tag_read_uints (ScTiffSource  *self,
                const TagRef  *ref,
                guint64        first,
                guint          n,
                guint64       *out,
                guint          page_number,
                GError       **error)
{
  guint size = type_size (ref->type);
  const guint8 *p;
  g_autofree guint8 *tmp = NULL;

  if (!is_integer_type (ref->type) || first + n > ref->count)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                   "page %u of %s has a damaged strip table", page_number, self->name);
      return FALSE;
    }
  if (tag_is_inline (self, ref))
    p = ref->raw + first * size;
  else
    {
      tmp = g_malloc ((gsize) n * size);
      if (!read_exact (self, tmp, (gsize) n * size, tag_value_offset (self, ref) + first * size,
                       page_number, error))
        return FALSE;
      p = tmp;
    }
  for (guint i = 0; i < n; i++)
    out[i] = load_uint (p + (gsize) i * size, size, self->little_endian);
  return TRUE;
}

typedef struct
{
  guint64 subfile_type;
  gboolean has_photometric;
} IfdExtra;

/* First value of an integer tag; reads it from the file when it is not inline. */
static int
entry_first_uint (ScTiffSource *self,
                  Window       *w,
                  const TagRef *ref,
                  guint64      *out)
{
  guint size = type_size (ref->type);
  const guint8 *p;
  int r;

  if (!is_integer_type (ref->type) || ref->count == 0)
    return 0;
  if (tag_is_inline (self, ref))
    p = ref->raw;
  else if ((r = window_get (w, tag_value_offset (self, ref), size, &p)) != 1)
    return r;
  *out = load_uint (p, size, self->little_endian);
  return 1;
}

static void
classify_page (Page *pg)
{
  gboolean is_float = pg->sample_format == SAMPLEFORMAT_IEEEFP;
  gboolean is_signed = pg->sample_format == SAMPLEFORMAT_INT;
  guint bps = pg->bps;

  pg->unsupported = NULL;
  pg->invert = FALSE;

  if (pg->sample_format == SAMPLEFORMAT_COMPLEXINT || pg->sample_format == SAMPLEFORMAT_COMPLEXIEEEFP)
    {
      pg->unsupported = "complex-valued samples";
      return;
    }
  if (pg->sample_format > SAMPLEFORMAT_COMPLEXIEEEFP)
    {
      pg->unsupported = "an unknown sample format";
      return;
    }
  if (pg->spp == 0)
    {
      pg->unsupported = "no samples per pixel";
      return;
    }

  switch (pg->photometric)
    {
    case PHOTOMETRIC_MINISWHITE:
    case PHOTOMETRIC_MINISBLACK:
      pg->spp_out = 1;
      /* Unsigned min-is-white data is inverted so that values mean intensity. */
      pg->invert = pg->photometric == PHOTOMETRIC_MINISWHITE && !is_float && !is_signed;
      break;
    case PHOTOMETRIC_RGB:
      if (pg->spp < 3)
        {
          pg->unsupported = "RGB with fewer than 3 samples per pixel";
          return;
        }
      pg->spp_out = pg->spp >= 4 ? 4 : 3;
      break;
    case PHOTOMETRIC_PALETTE:
      if (is_float || is_signed || bps > 16)
        {
          pg->unsupported = "a palette with non-integer or wide indices";
          return;
        }
      pg->spp_out = 1;
      break;
    case PHOTOMETRIC_YCBCR:
      if (pg->compression != COMPRESSION_JPEG || bps != 8 || pg->spp != 3)
        {
          pg->unsupported = "YCbCr colour without JPEG compression";
          return;
        }
      /* libtiff converts JPEG-compressed YCbCr to RGB for us (JPEGCOLORMODE_RGB). */
      pg->spp_out = 3;
      break;
    case PHOTOMETRIC_MASK:
    case PHOTOMETRIC_SEPARATED:
    case PHOTOMETRIC_CIELAB:
    case PHOTOMETRIC_ICCLAB:
    case PHOTOMETRIC_ITULAB:
    case PHOTOMETRIC_CFA:
    case PHOTOMETRIC_LOGL:
    case PHOTOMETRIC_LOGLUV:
    default:
      pg->unsupported = "a photometric interpretation other than gray, RGB or palette";
      return;
    }

  if (is_float)
    {
      if (bps == 32 || bps == 64)
        pg->out_type = SC_SAMPLE_F32;
      else
        {
          pg->unsupported = bps == 16 ? "16-bit floating-point samples"
                                      : "floating-point samples of an unusual size";
          return;
        }
    }
  else if (bps == 0 || bps > 32)
    {
      pg->unsupported = "integer samples wider than 32 bits";
      return;
    }
  else if (is_signed)
    pg->out_type = bps <= 8 ? SC_SAMPLE_I8 : bps <= 16 ? SC_SAMPLE_I16 : SC_SAMPLE_I32;
  else
    pg->out_type = bps <= 8 ? SC_SAMPLE_U8 : bps <= 16 ? SC_SAMPLE_U16 : SC_SAMPLE_U32;

  if (pg->compression != COMPRESSION_NONE && !TIFFIsCODECConfigured (pg->compression))
    pg->unsupported = "compression";
}

static void
set_unsupported (ScTiffSource  *self,
                 const Page    *pg,
                 GError       **error)
{
  if (g_strcmp0 (pg->unsupported, "compression") == 0 && compression_name (pg->compression) == NULL)
    g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                 "page %u of %s uses an unknown compression (%u), which Stackscope cannot decode",
                 pg->page_number, self->name, pg->compression);
  else if (g_strcmp0 (pg->unsupported, "compression") == 0)
    {
      g_autofree char *what = describe_compression (pg->compression);
      g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                   "page %u of %s uses %s compression, which Stackscope cannot decode",
                   pg->page_number, self->name, what);
    }
  else
    g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                 "page %u of %s has %s, which Stackscope cannot read (%u bits, %s)",
                 pg->page_number, self->name, pg->unsupported, pg->bps,
                 photometric_name (pg->photometric));
}

static gsize
page_row_bytes (const Page *pg)
{
  return (gsize) (((guint64) pg->width * pg->spp * pg->bps + 7) / 8);
}

/* Parses one IFD: fills pg (all but page_number) and the offset of the next IFD. */
static gboolean
parse_ifd (ScTiffSource  *self,
           Window        *w,
           guint64        offset,
           guint          page_number,
           Page          *pg,
           IfdExtra      *extra,
           guint64       *next,
           GError       **error)
{
  guint head = self->bigtiff ? 8 : 2;
  guint entry_size = self->bigtiff ? 20 : 12;
  guint value_size = self->bigtiff ? 8 : 4;
  const guint8 *p;
  guint64 n_entries;
  int r;

  memset (pg, 0, sizeof *pg);
  memset (extra, 0, sizeof *extra);
  pg->ifd_offset = offset;
  pg->data_offset = NO_OFFSET;
  pg->bps = 1;
  pg->spp = 1;
  pg->compression = COMPRESSION_NONE;
  pg->planar = PLANARCONFIG_CONTIG;
  pg->fill_order = FILLORDER_MSB2LSB;
  pg->predictor = PREDICTOR_NONE;
  pg->sample_format = SAMPLEFORMAT_UINT;
  pg->rows_per_strip = G_MAXUINT32;
  pg->page_number = page_number;

  if ((r = window_get (w, offset, head, &p)) != 1)
    goto fail;
  n_entries = load_uint (p, head, self->little_endian);
  if (n_entries == 0 || n_entries > 4096)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                   "page %u of %s is corrupt (its directory claims %" G_GUINT64_FORMAT " tags)",
                   page_number, self->name, n_entries);
      return FALSE;
    }
  if ((r = window_get (w, offset, head + n_entries * entry_size + value_size, &p)) != 1)
    goto fail;
  *next = load_uint (p + head + n_entries * entry_size, value_size, self->little_endian);

  for (guint i = 0; i < n_entries; i++)
    {
      const guint8 *e = p + head + (gsize) i * entry_size;
      guint16 tag = (guint16) load_uint (e, 2, self->little_endian);
      TagRef ref;
      guint64 v = 0;

      ref.type = (guint16) load_uint (e + 2, 2, self->little_endian);
      ref.count = load_uint (e + 4, self->bigtiff ? 8 : 4, self->little_endian);
      memset (ref.raw, 0, sizeof ref.raw);
      memcpy (ref.raw, e + (self->bigtiff ? 12 : 8), value_size);

      switch (tag)
        {
        case TIFFTAG_STRIPOFFSETS:
        case TIFFTAG_TILEOFFSETS:
          pg->strip_offsets = ref;
          continue;
        case TIFFTAG_STRIPBYTECOUNTS:
        case TIFFTAG_TILEBYTECOUNTS:
          pg->strip_counts = ref;
          continue;
        case TIFFTAG_SUBFILETYPE:
        case TIFFTAG_IMAGEWIDTH:
        case TIFFTAG_IMAGELENGTH:
        case TIFFTAG_BITSPERSAMPLE:
        case TIFFTAG_COMPRESSION:
        case TIFFTAG_PHOTOMETRIC:
        case TIFFTAG_FILLORDER:
        case TIFFTAG_SAMPLESPERPIXEL:
        case TIFFTAG_ROWSPERSTRIP:
        case TIFFTAG_PLANARCONFIG:
        case TIFFTAG_PREDICTOR:
        case TIFFTAG_TILEWIDTH:
        case TIFFTAG_SAMPLEFORMAT:
          break;
        default:
          continue;
        }

      if ((r = entry_first_uint (self, w, &ref, &v)) < 0)
        goto fail;
      /* The window may have moved: look up the entries again. */
      if ((r = window_get (w, offset, head + n_entries * entry_size + value_size, &p)) != 1)
        goto fail;

      switch (tag)
        {
        case TIFFTAG_SUBFILETYPE: extra->subfile_type = v; break;
        case TIFFTAG_IMAGEWIDTH: pg->width = (guint32) MIN (v, G_MAXUINT32); break;
        case TIFFTAG_IMAGELENGTH: pg->height = (guint32) MIN (v, G_MAXUINT32); break;
        case TIFFTAG_BITSPERSAMPLE: pg->bps = (guint16) MIN (v, 0xffff); break;
        case TIFFTAG_COMPRESSION: pg->compression = (guint16) v; break;
        case TIFFTAG_PHOTOMETRIC: pg->photometric = (guint16) v; extra->has_photometric = TRUE; break;
        case TIFFTAG_FILLORDER: pg->fill_order = (guint16) v; break;
        case TIFFTAG_SAMPLESPERPIXEL: pg->spp = (guint16) MIN (v, 0xffff); break;
        case TIFFTAG_ROWSPERSTRIP: pg->rows_per_strip = (guint32) MIN (v, G_MAXUINT32); break;
        case TIFFTAG_PLANARCONFIG: pg->planar = (guint16) v; break;
        case TIFFTAG_PREDICTOR: pg->predictor = (guint16) v; break;
        case TIFFTAG_TILEWIDTH: pg->tiled = TRUE; break;
        case TIFFTAG_SAMPLEFORMAT: pg->sample_format = (guint16) v; break;
        default: break;
        }
    }

  if (!extra->has_photometric)
    pg->photometric = pg->spp >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
  if (pg->rows_per_strip == 0 || pg->rows_per_strip > pg->height)
    pg->rows_per_strip = pg->height;
  if (pg->spp == 1)
    pg->planar = PLANARCONFIG_CONTIG;
  if (pg->sample_format == SAMPLEFORMAT_VOID)
    pg->sample_format = SAMPLEFORMAT_UINT;

  classify_page (pg);

  /* A single uncompressed strip: remember where the plane lies. */
  if (pg->compression == COMPRESSION_NONE && !pg->tiled && pg->strip_offsets.count == 1
      && pg->planar == PLANARCONFIG_CONTIG && pg->unsupported == NULL)
    {
      guint64 off, count = G_MAXUINT64;

      if (entry_first_uint (self, w, &pg->strip_offsets, &off) == 1
          && (pg->strip_counts.count == 0 || entry_first_uint (self, w, &pg->strip_counts, &count) == 1)
          && count >= (guint64) page_row_bytes (pg) * pg->height)
        pg->data_offset = off;
    }
  return TRUE;

fail:
  if (r < 0)
    set_io_error (self, page_number, errno, error);
  else
    set_truncated (self, page_number, error);
  return FALSE;
}

static guint64 *
offset_key (guint64 v)
{
  return g_memdup2 (&v, sizeof v);
}

static gboolean
walk_ifds (ScTiffSource  *self,
           guint64        first_ifd,
           GCancellable  *cancellable,
           guint         *n_reduced,
           GError       **error)
{
  Window w = { self->fd, self->file_size, NULL, 0, 0 };
  g_autoptr(GHashTable) seen = NULL;
  guint64 offset = first_ifd;
  guint64 last = 0;
  guint page_number = 0;
  gboolean ok = TRUE;

  *n_reduced = 0;
  while (offset != 0)
    {
      Page pg;
      IfdExtra extra;
      guint64 next = 0;

      page_number++;
      if ((page_number & 4095) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      /* Offsets almost always increase; only when one does not is a set of them kept. */
      if (offset <= last && seen == NULL)
        {
          seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          for (guint i = 0; i < self->pages->len; i++)
            g_hash_table_add (seen, offset_key (g_array_index (self->pages, Page, i).ifd_offset));
          g_hash_table_add (seen, offset_key (last));
        }
      if (seen != NULL)
        {
          if (g_hash_table_contains (seen, &offset))
            {
              g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                           "%s is corrupt: page %u points back to an earlier page (a loop)",
                           self->name, page_number - 1);
              ok = FALSE;
              break;
            }
          g_hash_table_add (seen, offset_key (offset));
        }
      last = MAX (last, offset);

      if (!parse_ifd (self, &w, offset, page_number, &pg, &extra, &next, error))
        {
          ok = FALSE;
          break;
        }
      if ((extra.subfile_type & FILETYPE_REDUCEDIMAGE) != 0)
        (*n_reduced)++;
      else
        g_array_append_val (self->pages, pg);
      offset = next;
    }

  self->n_ifds = page_number;
  g_free (w.buf);
  return ok;
}

/* ---------------------------------------------------------------------------------------- */
/* libtiff handles */

static tmsize_t
handle_read_proc (thandle_t  data,
                  void      *buf,
                  tmsize_t   size)
{
  Handle *h = data;
  gssize n;

  if (size < 0)
    return -1;
  n = pread_full (h->self->fd, buf, (gsize) size, h->pos);
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
  Handle *h = data;

  switch (whence)
    {
    case SEEK_SET:
      h->pos = offset;
      break;
    case SEEK_CUR:
      h->pos += offset;
      break;
    case SEEK_END:
      h->pos = h->self->file_size + offset;
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
  Handle *h = data;

  return h->self->file_size;
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
  Handle *h = user_data;

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

static void
handle_free (Handle *h)
{
  if (h->tif != NULL)
    TIFFClose (h->tif);
  g_free (h->message);
  g_free (h->buf);
  g_free (h);
}

static Handle *
handle_open (ScTiffSource  *self,
             gboolean       header_only,
             GError       **error)
{
  Handle *h = g_new0 (Handle, 1);
  TIFFOpenOptions *opts = TIFFOpenOptionsAlloc ();

  h->self = self;
  TIFFOpenOptionsSetErrorHandlerExtR (opts, handle_error_handler, h);
  TIFFOpenOptionsSetWarningHandlerExtR (opts, handle_warning_handler, h);
  h->tif = TIFFClientOpenExt (self->path, header_only ? "rhO" : "rO", h,
                              handle_read_proc, handle_write_proc, handle_seek_proc,
                              handle_close_proc, handle_size_proc, handle_map_proc,
                              handle_unmap_proc, opts);
  TIFFOpenOptionsFree (opts);

  if (h->tif == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, "%s is not a TIFF file libtiff can read: %s",
                   self->name, h->message ? h->message : "unknown error");
      handle_free (h);
      return NULL;
    }
  if (!header_only)
    h->dir_offset = TIFFCurrentDirOffset (h->tif);
  return h;
}

static Handle *
acquire_handle (ScTiffSource  *self,
                GError       **error)
{
  Handle *h = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->pool->len > 0)
    h = g_ptr_array_steal_index_fast (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->pool_lock);

  if (h == NULL)
    h = handle_open (self, TRUE, error);
  return h;
}

static void
release_handle (ScTiffSource *self,
                Handle       *h,
                gboolean      healthy)
{
  if (healthy)
    {
      g_mutex_lock (&self->pool_lock);
      if (self->pool->len < self->pool_max)
        {
          g_ptr_array_add (self->pool, h);
          h = NULL;
        }
      g_mutex_unlock (&self->pool_lock);
    }
  if (h != NULL)
    handle_free (h);
}

static void
set_libtiff_error (ScTiffSource  *self,
                   Handle        *h,
                   const Page    *pg,
                   GError       **error)
{
  g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, "page %u of %s is corrupt: %s",
               pg->page_number, self->name, h->message ? h->message : "libtiff cannot decode it");
  g_clear_pointer (&h->message, g_free);
}

static gboolean
handle_load_page (ScTiffSource  *self,
                  Handle        *h,
                  const Page    *pg,
                  GError       **error)
{
  if (h->dir_offset == pg->ifd_offset)
    return TRUE;

  g_clear_pointer (&h->message, g_free);
  h->dir_offset = 0;
  if (!TIFFSetSubDirectory (h->tif, pg->ifd_offset))
    {
      set_libtiff_error (self, h, pg, error);
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
                     "page %u of %s is corrupt: its directory contradicts itself",
                     pg->page_number, self->name);
        return FALSE;
      }
  }
  h->dir_offset = pg->ifd_offset;
  if (pg->compression == COMPRESSION_JPEG && pg->photometric == PHOTOMETRIC_YCBCR)
    TIFFSetField (h->tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
  return TRUE;
}

static guint8 *
handle_buffer (Handle *h,
               gsize   size)
{
  if (h->buf_size < size)
    {
      g_free (h->buf);
      h->buf = g_malloc (size);
      h->buf_size = size;
    }
  return h->buf;
}

/* ---------------------------------------------------------------------------------------- */
/* Reading */

static const Page *
page_for_plane (ScTiffSource *self,
                guint         plane)
{
  guint index = self->plane_to_page ? self->plane_to_page[plane] : plane;

  return &g_array_index (self->pages, Page, index);
}

static void
conv_for_page (ScTiffSource *self,
               const Page   *pg,
               gboolean      src_le,
               Conv         *cv)
{
  cv->bps = pg->bps;
  cv->sample_format = pg->sample_format;
  cv->src_le = src_le;
  cv->invert = pg->invert;
  cv->out = self->out_type;
  cv->out_size = self->out_size;
}

static gboolean
page_is_direct (const Page *pg)
{
  return pg->compression == COMPRESSION_NONE && !pg->tiled && pg->fill_order != FILLORDER_LSB2MSB
         && pg->planar == PLANARCONFIG_CONTIG;
}


/* Whether the file holds this page's rows exactly as read_rows() returns them. */
static gboolean
page_is_native (ScTiffSource *self,
                const Page   *pg)
{
  return page_is_direct (pg) && pg->bps == self->out_size * 8 && pg->spp == self->spp_out
         && !pg->invert && (pg->bps == 8 || self->little_endian == HOST_LE);
}

/* Reads the file offsets of strips s0 .. s1 of an uncompressed page, checking that each
 * holds the rows it must. */
static gboolean
strip_offsets_for_rows (ScTiffSource  *self,
                        const Page    *pg,
                        guint          s0,
                        guint          n,
                        guint64       *offsets,
                        GError       **error)
{
  gsize row_bytes = page_row_bytes (pg);

  if (pg->data_offset != NO_OFFSET)
    {
      g_assert (s0 == 0 && n == 1);
      offsets[0] = pg->data_offset;
      return TRUE;
    }
  if (!tag_read_uints (self, &pg->strip_offsets, s0, n, offsets, pg->page_number, error))
    return FALSE;
  if (pg->strip_counts.count > 0)
    {
      g_autofree guint64 *counts = g_new (guint64, n);

      if (!tag_read_uints (self, &pg->strip_counts, s0, n, counts, pg->page_number, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          guint64 rows = MIN ((guint64) pg->rows_per_strip,
                              pg->height - (guint64) (s0 + i) * pg->rows_per_strip);
          if (counts[i] < rows * row_bytes)
            {
              set_truncated (self, pg->page_number, error);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
read_rows_direct (ScTiffSource  *self,
                  const Page    *pg,
                  guint          y0,
                  guint          n_rows,
                  guint8        *dest,
                  GError       **error)
{
  gsize row_bytes = page_row_bytes (pg);
  guint rps = pg->data_offset != NO_OFFSET ? pg->height : pg->rows_per_strip;
  guint s0 = y0 / rps;
  guint s1 = (y0 + n_rows - 1) / rps;
  /* Same layout as the output, but for the byte order: read straight into dest. */
  gboolean native = pg->bps == self->out_size * 8 && pg->spp == self->spp_out && !pg->invert;
  g_autofree guint64 *offsets = g_new (guint64, s1 - s0 + 1);
  g_autofree guint8 *tmp = NULL;
  Conv cv;

  if (!strip_offsets_for_rows (self, pg, s0, s1 - s0 + 1, offsets, error))
    return FALSE;

  conv_for_page (self, pg, self->little_endian, &cv);
  if (!native)
    tmp = g_malloc (MIN ((gsize) rps, n_rows) * row_bytes);

  for (guint s = s0; s <= s1; s++)
    {
      guint r0 = MAX (y0, s * rps);
      guint r1 = MIN (y0 + n_rows, MIN ((guint64) (s + 1) * rps, pg->height));
      guint64 offset = offsets[s - s0] + (guint64) (r0 - s * rps) * row_bytes;
      gsize len = (gsize) (r1 - r0) * row_bytes;
      guint8 *out = dest + (gsize) (r0 - y0) * self->row_stride;

      if (native)
        {
          /* Strips that follow each other in the file are read in one go. */
          while (s < s1 && offsets[s + 1 - s0] == offset + len && r1 == (s + 1) * rps)
            {
              s++;
              r1 = MIN (y0 + n_rows, MIN ((guint64) (s + 1) * rps, pg->height));
              len = (gsize) (r1 - r0) * row_bytes;
            }
          if (!read_exact (self, out, len, offset, pg->page_number, error))
            return FALSE;
          if (pg->bps > 8 && self->little_endian != HOST_LE)
            swab_samples (out, len / self->out_size, self->out_size);
        }
      else
        {
          if (!read_exact (self, tmp, len, offset, pg->page_number, error))
            return FALSE;
          for (guint r = r0; r < r1; r++)
            convert_pixels (&cv, tmp + (gsize) (r - r0) * row_bytes, 0, pg->spp, self->spp_out,
                            pg->width, out + (gsize) (r - r0) * self->row_stride, self->spp_out);
        }
    }
  return TRUE;
}

static gboolean
check_strile (ScTiffSource  *self,
              Handle        *h,
              const Page    *pg,
              guint32        strile,
              GError       **error)
{
  int err = 0;
  guint64 offset = TIFFGetStrileOffsetWithErr (h->tif, strile, &err);
  guint64 count = err ? 0 : TIFFGetStrileByteCountWithErr (h->tif, strile, &err);

  if (err)
    {
      set_libtiff_error (self, h, pg, error);
      return FALSE;
    }
  if (offset > self->file_size || count > self->file_size - offset)
    {
      set_truncated (self, pg->page_number, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_rows_strips (ScTiffSource  *self,
                  Handle        *h,
                  const Page    *pg,
                  guint          y0,
                  guint          n_rows,
                  guint8        *dest,
                  GError       **error)
{
  TIFF *tif = h->tif;
  gboolean separate = pg->planar == PLANARCONFIG_SEPARATE;
  guint64 row_bytes = TIFFScanlineSize64 (tif);
  guint32 rps = 0;
  guint strips_per_plane;
  guint n_planes = separate ? self->spp_out : 1;
  guint spp_in = separate ? 1 : (pg->photometric == PHOTOMETRIC_YCBCR ? 3 : pg->spp);
  Conv cv;

  TIFFGetFieldDefaulted (tif, TIFFTAG_ROWSPERSTRIP, &rps);
  if (rps == 0 || rps > pg->height)
    rps = pg->height;
  strips_per_plane = (pg->height + rps - 1) / rps;
  if (row_bytes == 0 || row_bytes * 8 < (guint64) pg->width * spp_in * pg->bps)
    {
      set_libtiff_error (self, h, pg, error);
      return FALSE;
    }
  conv_for_page (self, pg, HOST_LE, &cv);

  for (guint sample = 0; sample < n_planes; sample++)
    for (guint s = y0 / rps; s <= (y0 + n_rows - 1) / rps; s++)
      {
        guint strip_y0 = s * rps;
        guint r0 = MAX (y0, strip_y0);
        guint r1 = MIN (y0 + n_rows, MIN (strip_y0 + rps, pg->height));
        guint32 strip = sample * strips_per_plane + s;
        tmsize_t need = (tmsize_t) ((r1 - strip_y0) * row_bytes);
        guint8 *buf = handle_buffer (h, (gsize) need);
        tmsize_t got;

        if (strip >= TIFFNumberOfStrips (tif) || !check_strile (self, h, pg, strip, error))
          {
            if (strip >= TIFFNumberOfStrips (tif))
              set_truncated (self, pg->page_number, error);
            return FALSE;
          }
        got = TIFFReadEncodedStrip (tif, strip, buf, need);
        if (got < need)
          {
            set_libtiff_error (self, h, pg, error);
            return FALSE;
          }
        for (guint r = r0; r < r1; r++)
          {
            guint8 *out = dest + (gsize) (r - y0) * self->row_stride;
            const guint8 *src = buf + (r - strip_y0) * row_bytes;

            if (separate)
              convert_pixels (&cv, src, 0, 1, 1, pg->width, out + sample * self->out_size,
                              self->spp_out);
            else
              convert_pixels (&cv, src, 0, spp_in, self->spp_out, pg->width, out, self->spp_out);
          }
      }
  return TRUE;
}

static gboolean
read_rows_tiles (ScTiffSource  *self,
                 Handle        *h,
                 const Page    *pg,
                 guint          y0,
                 guint          n_rows,
                 guint8        *dest,
                 GError       **error)
{
  TIFF *tif = h->tif;
  gboolean separate = pg->planar == PLANARCONFIG_SEPARATE;
  guint32 tw = 0, th = 0;
  guint64 tile_row_bytes = TIFFTileRowSize64 (tif);
  guint n_planes = separate ? self->spp_out : 1;
  guint spp_in = separate ? 1 : (pg->photometric == PHOTOMETRIC_YCBCR ? 3 : pg->spp);
  gsize pixel_bytes = self->spp_out * self->out_size;
  Conv cv;

  TIFFGetField (tif, TIFFTAG_TILEWIDTH, &tw);
  TIFFGetField (tif, TIFFTAG_TILELENGTH, &th);
  if (tw == 0 || th == 0 || tile_row_bytes == 0
      || tile_row_bytes * 8 < (guint64) tw * spp_in * pg->bps)
    {
      set_libtiff_error (self, h, pg, error);
      return FALSE;
    }
  /* One tile is decoded whole: refuse tiles larger than the largest plane accepted. */
  if (tile_row_bytes * th > sc_max_plane_bytes ())
    {
      g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                   "page %u of %s has tiles of %u x %u pixels, more than Stackscope accepts",
                   pg->page_number, self->name, tw, th);
      return FALSE;
    }
  conv_for_page (self, pg, HOST_LE, &cv);

  for (guint sample = 0; sample < n_planes; sample++)
    for (guint ty = (y0 / th) * th; ty < y0 + n_rows; ty += th)
      {
        guint r0 = MAX (y0, ty);
        guint r1 = MIN (y0 + n_rows, MIN ((guint64) ty + th, pg->height));
        tmsize_t need = (tmsize_t) ((r1 - ty) * tile_row_bytes);

        for (guint tx = 0; tx < pg->width; tx += tw)
          {
            guint32 tile = TIFFComputeTile (tif, tx, ty, 0, (uint16_t) sample);
            guint8 *buf = handle_buffer (h, (gsize) need);
            guint n_pix = MIN (tw, pg->width - tx);
            tmsize_t got;

            if (tile >= TIFFNumberOfTiles (tif) || !check_strile (self, h, pg, tile, error))
              {
                if (tile >= TIFFNumberOfTiles (tif))
                  set_truncated (self, pg->page_number, error);
                return FALSE;
              }
            got = TIFFReadEncodedTile (tif, tile, buf, need);
            if (got < need)
              {
                set_libtiff_error (self, h, pg, error);
                return FALSE;
              }
            for (guint r = r0; r < r1; r++)
              {
                guint8 *out = dest + (gsize) (r - y0) * self->row_stride + tx * pixel_bytes;
                const guint8 *src = buf + (r - ty) * tile_row_bytes;

                if (separate)
                  convert_pixels (&cv, src, 0, 1, 1, n_pix, out + sample * self->out_size,
                                  self->spp_out);
                else
                  convert_pixels (&cv, src, 0, spp_in, self->spp_out, n_pix, out, self->spp_out);
              }
          }
      }
  return TRUE;
}

static gboolean
sc_tiff_source_read_rows (ScSource  *source,
                          guint      plane,
                          guint      y0,
                          guint      n_rows,
                          gpointer   dest,
                          GError   **error)
{
  ScTiffSource *self = SC_TIFF_SOURCE (source);
  const Page *pg;
  Handle *h;
  gboolean ok;

  g_return_val_if_fail (plane < self->n_planes, FALSE);
  g_return_val_if_fail (y0 <= sc_source_get_info (source)->height, FALSE);
  g_return_val_if_fail (n_rows <= sc_source_get_info (source)->height - y0, FALSE);

  if (n_rows == 0)
    return TRUE;

  pg = page_for_plane (self, plane);
  if (page_is_direct (pg))
    return read_rows_direct (self, pg, y0, n_rows, dest, error);

  if (!(h = acquire_handle (self, error)))
    return FALSE;
  ok = handle_load_page (self, h, pg, error);
  if (ok && pg->tiled)
    ok = read_rows_tiles (self, h, pg, y0, n_rows, dest, error);
  else if (ok)
    ok = read_rows_strips (self, h, pg, y0, n_rows, dest, error);
  release_handle (self, h, ok);
  return ok;
}

static gconstpointer
sc_tiff_source_peek_rows (ScSource *source,
                          guint     plane,
                          guint     y0,
                          guint     n_rows)
{
  ScTiffSource *self = SC_TIFF_SOURCE (source);
  const Page *pg;
  guint64 offset;

  if (self->map == NULL || plane >= self->n_planes)
    return NULL;
  pg = page_for_plane (self, plane);
  if (!page_is_native (self, pg))
    return NULL;

  if (pg->data_offset != NO_OFFSET)
    offset = pg->data_offset + (guint64) y0 * self->row_stride;
  else
    {
      guint rps = pg->rows_per_strip;
      guint s0 = y0 / rps;
      guint s1 = n_rows > 0 ? (y0 + n_rows - 1) / rps : s0;
      g_autofree guint64 *offsets = g_new (guint64, s1 - s0 + 1);

      if (!strip_offsets_for_rows (self, pg, s0, s1 - s0 + 1, offsets, NULL))
        return NULL;
      for (guint s = s0 + 1; s <= s1; s++)
        if (offsets[s - s0] != offsets[s - s0 - 1] + (guint64) rps * self->row_stride)
          return NULL;
      offset = offsets[0] + (guint64) (y0 - s0 * rps) * self->row_stride;
    }

  if (offset % self->out_size != 0 || offset > self->map_size
      || (guint64) n_rows * self->row_stride > self->map_size - offset)
    return NULL;
  return self->map + offset;
}

static char *
sc_tiff_source_describe_plane (ScSource *source,
                               guint     plane)
{
  ScTiffSource *self = SC_TIFF_SOURCE (source);
  const Page *pg;

  g_return_val_if_fail (plane < self->n_planes, NULL);

  pg = page_for_plane (self, plane);
  if (pg->big_image)
    return g_strdup_printf ("%s, image %u", self->name, pg->page_number);
  return g_strdup_printf ("%s, page %u", self->name, pg->page_number);
}

/* ---------------------------------------------------------------------------------------- */

static void
sc_tiff_source_finalize (GObject *object)
{
  ScTiffSource *self = SC_TIFF_SOURCE (object);

  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_mutex_clear (&self->pool_lock);
  if (self->map != NULL)
    munmap (self->map, self->map_size);
  if (self->fd >= 0)
    close (self->fd);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->plane_to_page, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (sc_tiff_source_parent_class)->finalize (object);
}

static void
sc_tiff_source_class_init (ScTiffSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ScSourceClass *source_class = SC_SOURCE_CLASS (klass);

  object_class->finalize = sc_tiff_source_finalize;
  source_class->read_rows = sc_tiff_source_read_rows;
  source_class->peek_rows = sc_tiff_source_peek_rows;
  source_class->describe_plane = sc_tiff_source_describe_plane;
}

static void
sc_tiff_source_init (ScTiffSource *self)
{
  self->fd = -1;
  g_mutex_init (&self->pool_lock);
  self->pool = g_ptr_array_new_with_free_func ((GDestroyNotify) handle_free);
  self->pages = g_array_new (FALSE, FALSE, sizeof (Page));
  self->pool_max = CLAMP (g_get_num_processors (), 2, 32);
}

/* ---------------------------------------------------------------------------------------- */
/* Descriptions: ImageJ and OME-XML */

/* Elements and keys may repeat in a damaged description: the last one counts. */
static void
replace_str (char       **p,
             const char  *v)
{
  g_free (*p);
  *p = g_strdup (v);
}

/* ImageJ writes non-ASCII characters as \uXXXX (unit=\u00B5m). */
static char *
unescape_imagej (const char *s)
{
  GString *out = g_string_new (NULL);

  while (*s)
    {
      if (s[0] == '\\' && s[1] == 'u' && g_ascii_isxdigit (s[2]) && g_ascii_isxdigit (s[3])
          && g_ascii_isxdigit (s[4]) && g_ascii_isxdigit (s[5]))
        {
          gunichar c = (gunichar) ((g_ascii_xdigit_value (s[2]) << 12) | (g_ascii_xdigit_value (s[3]) << 8)
                                   | (g_ascii_xdigit_value (s[4]) << 4) | g_ascii_xdigit_value (s[5]));
          /* A lone surrogate or NUL would make the metadata invalid UTF-8 or cut it short. */
          g_string_append_unichar (out, c != 0 && g_unichar_validate (c) ? c : 0xFFFD);
          s += 6;
        }
      else
        g_string_append_c (out, *s++);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  gboolean  found;
  guint64   images, channels, slices, frames;
  double    spacing, finterval;
  char     *unit;
  char     *tunit;
} ImageJInfo;

static void
parse_imagej (ScStackInfo *info,
              const char  *desc,
              ImageJInfo  *ij)
{
  g_auto(GStrv) lines = NULL;

  memset (ij, 0, sizeof *ij);
  if (!g_str_has_prefix (desc, "ImageJ="))
    return;
  ij->found = TRUE;
  lines = g_strsplit (desc, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      g_autofree char *meta_key = NULL;

      if (eq == NULL || eq == lines[i])
        continue;
      key = g_strndup (lines[i], (gsize) (eq - lines[i]));
      value = unescape_imagej (eq + 1);
      g_strstrip (value);

      if (g_str_equal (key, "images"))
        ij->images = g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "channels"))
        ij->channels = g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "slices"))
        ij->slices = g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "frames"))
        ij->frames = g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "spacing"))
        ij->spacing = g_ascii_strtod (value, NULL);
      else if (g_str_equal (key, "finterval"))
        ij->finterval = g_ascii_strtod (value, NULL);
      else if (g_str_equal (key, "unit"))
        replace_str (&ij->unit, value);
      else if (g_str_equal (key, "tunit"))
        replace_str (&ij->tunit, value);

      meta_key = g_strconcat (g_str_equal (key, "ImageJ") ? "" : "ImageJ ", key, NULL);
      sc_stack_info_take_metadata (info, g_str_equal (key, "ImageJ") ? "ImageJ version" : meta_key,
                                   g_steal_pointer (&value));
    }
}

typedef struct
{
  guint    ifd;
  guint    plane_count;
  guint    first_c, first_z, first_t;
  gboolean has_ifd, has_plane_count;
} TiffData;

typedef struct
{
  gboolean  found;
  guint     n_images;
  gboolean  in_first_image;
  gboolean  in_first_pixels;
  gboolean  external;
  const char *file_name;
  char     *dimension_order;
  char     *type;
  char     *image_name;
  guint64   size_x, size_y, size_c, size_z, size_t_;
  double    physical[3];
  char     *physical_unit[3];
  double    time_increment;
  char     *time_unit;
  GArray   *tiff_data;
  GPtrArray *channel_names;
} OmeInfo;

static void
ome_info_clear (OmeInfo *ome)
{
  g_free (ome->dimension_order);
  g_free (ome->type);
  g_free (ome->image_name);
  for (guint i = 0; i < 3; i++)
    g_free (ome->physical_unit[i]);
  g_free (ome->time_unit);
  g_clear_pointer (&ome->tiff_data, g_array_unref);
  g_clear_pointer (&ome->channel_names, g_ptr_array_unref);
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
  OmeInfo *ome = user_data;
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
      v = find_attr (names, values, "Name");
      g_ptr_array_add (ome->channel_names, g_strdup (v ? v : ""));
    }
  else if (g_str_equal (name, "TiffData") && ome->in_first_pixels)
    {
      TiffData td = { 0, 0, 0, 0, 0, FALSE, FALSE };

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
  OmeInfo *ome = user_data;
  const char *name = local_name (element_name);

  if (g_str_equal (name, "Image"))
    ome->in_first_image = FALSE;
  else if (g_str_equal (name, "Pixels"))
    ome->in_first_pixels = FALSE;
}

static gboolean
parse_ome (const char  *desc,
           const char  *file_name,
           OmeInfo     *ome,
           GError     **error)
{
  static const GMarkupParser parser = { ome_start_element, ome_end_element, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) ctx = NULL;

  memset (ome, 0, sizeof *ome);
  ome->file_name = file_name;
  ome->tiff_data = g_array_new (FALSE, FALSE, sizeof (TiffData));
  ome->channel_names = g_ptr_array_new_with_free_func (g_free);
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

/* ---------------------------------------------------------------------------------------- */
/* Opening */

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
read_palette (ScTiffSource *self,
              TIFF         *tif,
              const Page   *pg,
              ScStackInfo  *info)
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
    sc_stack_info_add_metadata (info, "Palette", "first 256 of 65536 colormap entries");
}

static gboolean
read_header (ScTiffSource  *self,
             guint64       *first_ifd,
             GError       **error)
{
  guint8 hdr[16];
  gssize n = pread_full (self->fd, hdr, sizeof hdr, 0);
  guint version;

  if (n < 0)
    {
      sc_set_error_from_errno (error, errno, self->path, "read");
      return FALSE;
    }
  if (n < 8 || !((hdr[0] == 'I' && hdr[1] == 'I') || (hdr[0] == 'M' && hdr[1] == 'M')))
    goto bad;
  self->little_endian = hdr[0] == 'I';
  version = (guint) load_uint (hdr + 2, 2, self->little_endian);
  if (version == 42)
    *first_ifd = load_uint (hdr + 4, 4, self->little_endian);
  else if (version == 43)
    {
      if (n < 16 || load_uint (hdr + 4, 2, self->little_endian) != 8)
        goto bad;
      self->bigtiff = TRUE;
      *first_ifd = load_uint (hdr + 8, 8, self->little_endian);
    }
  else
    goto bad;
  if (*first_ifd == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_EMPTY, "%s holds no image", self->name);
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT, "%s is not a valid TIFF file", self->name);
  return FALSE;
}

static gboolean
check_pages (ScTiffSource  *self,
             const Page    *ref,
             GError       **error)
{
  for (guint plane = 0; plane < self->n_planes; plane++)
    {
      const Page *pg = page_for_plane (self, plane);

      if (pg->unsupported != NULL)
        {
          set_unsupported (self, pg, error);
          return FALSE;
        }
      /* The stored samples may be wider or more than those read (extra samples, 64-bit
       * floats); buffers for them must stay within bounds too. */
      if ((guint64) page_row_bytes (pg) * pg->height > 2 * sc_max_plane_bytes ())
        {
          g_set_error (error, SC_ERROR, SC_ERROR_TOO_LARGE,
                       "page %u of %s stores %u samples of %u bits per pixel, more than "
                       "Stackscope accepts", pg->page_number, self->name, pg->spp, pg->bps);
          return FALSE;
        }
      if (pg->width != ref->width || pg->height != ref->height || pg->out_type != ref->out_type
          || pg->spp_out != ref->spp_out)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                       "page %u of %s is %u x %u %s with %u samples per pixel, "
                       "unlike page %u (%u x %u %s with %u)",
                       pg->page_number, self->name, pg->width, pg->height,
                       sc_sample_type_to_string (pg->out_type), pg->spp_out,
                       ref->page_number, ref->width, ref->height,
                       sc_sample_type_to_string (ref->out_type), ref->spp_out);
          return FALSE;
        }
    }
  return TRUE;
}

/* An ImageJ "big" stack (written when the data exceeds 4 GiB): images=N but fewer IFDs,
 * the images stored one after another from the first page's data on. */
static gboolean
setup_imagej_big_stack (ScTiffSource  *self,
                        guint64        images,
                        ScStackInfo   *info,
                        GError       **error)
{
  Page ref = g_array_index (self->pages, Page, 0);
  guint64 plane_bytes = (guint64) page_row_bytes (&ref) * ref.height;
  guint64 first;

  if (ref.data_offset != NO_OFFSET)
    first = ref.data_offset;
  else
    {
      guint n_strips = (ref.height + ref.rows_per_strip - 1) / ref.rows_per_strip;
      g_autofree guint64 *offsets = NULL;

      if (ref.strip_offsets.count != n_strips)
        return FALSE;
      offsets = g_new (guint64, n_strips);
      if (!tag_read_uints (self, &ref.strip_offsets, 0, n_strips, offsets, 1, NULL))
        return FALSE;
      for (guint s = 1; s < n_strips; s++)
        if (offsets[s] != offsets[s - 1] + (guint64) ref.rows_per_strip * page_row_bytes (&ref))
          return FALSE;
      first = offsets[0];
    }

  if (!sc_stack_info_validate (info, self->path, error))
    return FALSE;
  if (first > self->file_size || images > (self->file_size - first) / plane_bytes)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                   "%s claims %" G_GUINT64_FORMAT " images but holds only %" G_GUINT64_FORMAT
                   " (the file is truncated)", self->name, images,
                   first > self->file_size ? 0 : (self->file_size - first) / plane_bytes);
      return FALSE;
    }

  g_array_set_size (self->pages, 0);
  for (guint64 i = 0; i < images; i++)
    {
      Page pg = ref;

      pg.ifd_offset = i == 0 ? ref.ifd_offset : 0;
      pg.data_offset = first + i * plane_bytes;
      pg.page_number = (guint32) (i + 1);
      pg.big_image = TRUE;
      g_array_append_val (self->pages, pg);
    }
  sc_stack_info_add_metadata (info, "ImageJ big stack", "yes: images stored contiguously after page 1");
  return TRUE;
}

static gboolean
setup_ome (ScTiffSource  *self,
           OmeInfo       *ome,
           ScStackInfo   *info,
           GError       **error)
{
  const Page *ref = &g_array_index (self->pages, Page, 0);
  guint n_pages = self->pages->len;
  guint64 size_c = MAX (ome->size_c, 1), size_z = MAX (ome->size_z, 1), size_t_ = MAX (ome->size_t_, 1);
  guint64 n_planes;
  const char *order = ome->dimension_order;

  if (ref->spp_out > 1 && size_c % ref->spp_out == 0)
    size_c /= ref->spp_out;

  if (!valid_dimension_order (order) || ome->size_x != ref->width || ome->size_y != ref->height
      || ome->external || size_c > SC_MAX_PLANES || size_z > SC_MAX_PLANES || size_t_ > SC_MAX_PLANES
      || size_c * size_z > SC_MAX_PLANES || size_c * size_z * size_t_ > SC_MAX_PLANES)
    {
      sc_stack_info_add_metadata (info, "OME note",
                                  ome->external ? "planes in other files are not read; pages taken as Z"
                                                : "OME-XML disagrees with the TIFF pages; pages taken as Z");
      return TRUE;
    }

  n_planes = size_c * size_z * size_t_;
  info->n_channels = (guint) size_c;
  info->n_slices = (guint) size_z;
  info->n_frames = (guint) size_t_;
  if (!sc_stack_info_validate (info, self->path, error))
    return FALSE;
  if (ome->tiff_data->len == 0 && n_planes > n_pages)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                   "%s describes %" G_GUINT64_FORMAT " planes in its OME-XML but holds %u pages",
                   self->name, n_planes, n_pages);
      return FALSE;
    }

  self->plane_to_page = g_new (guint, n_planes);
  for (guint64 i = 0; i < n_planes; i++)
    self->plane_to_page[i] = G_MAXUINT;

  if (ome->tiff_data->len == 0)
    for (guint64 i = 0; i < n_planes; i++)
      {
        guint c, z, t;

        ome_position (order, i, (guint) size_c, (guint) size_z, (guint) size_t_, &c, &z, &t);
        self->plane_to_page[c + size_c * (z + size_z * t)] = (guint) i;
      }
  else
    for (guint k = 0; k < ome->tiff_data->len; k++)
      {
        const TiffData *td = &g_array_index (ome->tiff_data, TiffData, k);
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
                             "%s: its OME-XML refers to page %" G_GUINT64_FORMAT
                             " or a plane beyond its %u pages", self->name, page + 1, n_pages);
                return FALSE;
              }
            self->plane_to_page[c + size_c * (z + size_z * t)] = (guint) page;
          }
      }

  for (guint64 i = 0; i < n_planes; i++)
    if (self->plane_to_page[i] == G_MAXUINT)
      {
        guint c = (guint) (i % size_c), z = (guint) (i / size_c % size_z), t = (guint) (i / size_c / size_z);

        g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                     "%s: its OME-XML gives no page for channel %u, slice %u, frame %u",
                     self->name, c + 1, z + 1, t + 1);
        return FALSE;
      }
  self->n_planes = (guint) n_planes;
  return TRUE;
}

static void
set_unit (ScCalibration *cal,
          const char    *unit)
{
  g_free (cal->unit);
  cal->unit = g_strdup (unit);
}

ScSource *
sc_tiff_source_open (const char    *path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(ScTiffSource) self = NULL;
  ScStackInfo *info;
  struct stat st;
  guint64 first_ifd = 0;
  guint n_reduced = 0;
  Handle *h;
  Page ref;
  TIFF *tif;
  const char *desc = NULL;
  g_autofree char *desc_copy = NULL;
  ImageJInfo ij = { 0 };
  OmeInfo ome = { 0 };
  float xres = 0, yres = 0;
  guint16 res_unit = RESUNIT_INCH;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SC_TYPE_TIFF_SOURCE, NULL);
  self->path = g_strdup (path);
  self->name = g_filename_display_basename (path);
  info = sc_source_get_info (SC_SOURCE (self));

  if ((self->fd = open (path, O_RDONLY | O_CLOEXEC)) < 0)
    {
      sc_set_error_from_errno (error, errno, path, "open");
      return NULL;
    }
  if (fstat (self->fd, &st) != 0)
    {
      sc_set_error_from_errno (error, errno, path, "read");
      return NULL;
    }
  self->file_size = (guint64) st.st_size;

  if (!read_header (self, &first_ifd, error))
    return NULL;
  if (!walk_ifds (self, first_ifd, cancellable, &n_reduced, error))
    return NULL;
  if (self->pages->len == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_EMPTY, "%s holds no full-resolution image", self->name);
      return NULL;
    }

  ref = g_array_index (self->pages, Page, 0);
  if (ref.unsupported != NULL)
    {
      set_unsupported (self, &ref, error);
      return NULL;
    }
  info->width = ref.width;
  info->height = ref.height;
  info->sample_type = ref.out_type;
  info->samples_per_pixel = ref.spp_out;
  self->out_type = ref.out_type;
  self->out_size = sc_sample_type_size (ref.out_type);
  self->spp_out = ref.spp_out;
  self->row_stride = (gsize) ref.width * ref.spp_out * self->out_size;
  /* Refuse absurd shapes before libtiff or anyone else allocates for them. */
  if (!sc_stack_info_validate (info, path, error))
    return NULL;

  if (!(h = handle_open (self, FALSE, error)))
    return NULL;
  if (!handle_load_page (self, h, &ref, error))
    {
      handle_free (h);
      return NULL;
    }
  tif = h->tif;

  /* Metadata of the first page */
  sc_stack_info_add_metadata (info, "Byte order", self->little_endian ? "little-endian (II)"
                                                                      : "big-endian (MM)");
  sc_stack_info_add_metadata (info, "BigTIFF", self->bigtiff ? "yes" : "no");
  sc_stack_info_take_metadata (info, "Pages", g_strdup_printf ("%u", self->n_ifds));
  if (n_reduced > 0)
    sc_stack_info_take_metadata (info, "Reduced-resolution pages skipped",
                                 g_strdup_printf ("%u", n_reduced));
  sc_stack_info_take_metadata (info, "Compression", describe_compression (ref.compression));
  if (ref.predictor == PREDICTOR_HORIZONTAL)
    sc_stack_info_add_metadata (info, "Predictor", "horizontal differencing");
  else if (ref.predictor == PREDICTOR_FLOATINGPOINT)
    sc_stack_info_add_metadata (info, "Predictor", "floating point");
  if (ref.invert)
    sc_stack_info_add_metadata (info, "Photometric", "min-is-white (inverted so values mean intensity)");
  else if (ref.photometric == PHOTOMETRIC_YCBCR)
    sc_stack_info_add_metadata (info, "Photometric", "YCbCr (JPEG, decoded to RGB)");
  else
    sc_stack_info_add_metadata (info, "Photometric", photometric_name (ref.photometric));
  sc_stack_info_take_metadata (info, "Bits per sample", g_strdup_printf ("%u", ref.bps));
  sc_stack_info_add_metadata (info, "Sample format",
                              ref.sample_format == SAMPLEFORMAT_IEEEFP ? "floating point"
                              : ref.sample_format == SAMPLEFORMAT_INT ? "signed integer"
                                                                      : "unsigned integer");
  if (ref.sample_format == SAMPLEFORMAT_IEEEFP && ref.bps == 64)
    sc_stack_info_add_metadata (info, "Conversion", "64-bit floating-point samples read as 32-bit float");
  if (ref.spp > ref.spp_out)
    sc_stack_info_take_metadata (info, "Extra samples ignored",
                                 g_strdup_printf ("%u of %u per pixel", ref.spp - ref.spp_out, ref.spp));
  if (ref.tiled)
    {
      guint32 tw = 0, th = 0;

      TIFFGetField (tif, TIFFTAG_TILEWIDTH, &tw);
      TIFFGetField (tif, TIFFTAG_TILELENGTH, &th);
      sc_stack_info_take_metadata (info, "Layout", g_strdup_printf ("tiles of %u x %u", tw, th));
    }
  else
    sc_stack_info_take_metadata (info, "Layout", g_strdup_printf ("strips of %u rows", ref.rows_per_strip));
  if (ref.spp > 1)
    sc_stack_info_add_metadata (info, "Planar configuration",
                                ref.planar == PLANARCONFIG_SEPARATE ? "separate planes" : "interleaved");
  add_string_tag (info, tif, TIFFTAG_SOFTWARE, "Software");
  add_string_tag (info, tif, TIFFTAG_DATETIME, "Date");
  add_string_tag (info, tif, TIFFTAG_ARTIST, "Artist");
  add_string_tag (info, tif, TIFFTAG_HOSTCOMPUTER, "Host computer");
  add_string_tag (info, tif, TIFFTAG_MAKE, "Make");
  add_string_tag (info, tif, TIFFTAG_MODEL, "Model");
  add_string_tag (info, tif, TIFFTAG_DOCUMENTNAME, "Document name");
  add_string_tag (info, tif, TIFFTAG_PAGENAME, "Page name");
  add_string_tag (info, tif, TIFFTAG_COPYRIGHT, "Copyright");

  TIFFGetField (tif, TIFFTAG_XRESOLUTION, &xres);
  TIFFGetField (tif, TIFFTAG_YRESOLUTION, &yres);
  TIFFGetFieldDefaulted (tif, TIFFTAG_RESOLUTIONUNIT, &res_unit);
  if (ref.photometric == PHOTOMETRIC_PALETTE)
    read_palette (self, tif, &ref, info);

  /* Its keys and values become metadata shown as text: make it valid UTF-8 first. */
  if (TIFFGetField (tif, TIFFTAG_IMAGEDESCRIPTION, &desc) && desc != NULL)
    desc_copy = g_utf8_make_valid (desc, -1);
  release_handle (self, h, TRUE);

  /* Shape: ImageJ, OME or one Z slice per page */
  self->n_planes = self->pages->len;
  info->n_slices = self->pages->len;
  if (desc_copy != NULL)
    {
      g_autoptr(GError) ome_error = NULL;

      parse_imagej (info, desc_copy, &ij);
      if (!ij.found && !parse_ome (desc_copy, self->name, &ome, &ome_error))
        {
          /* GMarkup's messages quote the offending bytes, even half a character. */
          g_autofree char *why = g_utf8_make_valid (ome_error->message, -1);

          sc_stack_info_take_metadata (info, "OME note",
                                       g_strdup_printf ("OME-XML not understood: %s", why));
        }
      if (!ij.found && !ome.found)
        sc_stack_info_take_metadata (info, "Description", summarize_description (desc_copy));
    }

  if (ome.found)
    {
      info->format = g_strdup ("OME-TIFF");
      sc_stack_info_take_metadata (info, "OME series", g_strdup_printf ("%u", ome.n_images));
      if (ome.n_images > 1)
        sc_stack_info_take_metadata (info, "OME note",
                                     g_strdup_printf ("the file holds %u image series; "
                                                      "Stackscope shows the first", ome.n_images));
      if (ome.image_name)
        sc_stack_info_add_metadata (info, "OME image name", ome.image_name);
      if (ome.dimension_order)
        sc_stack_info_add_metadata (info, "OME DimensionOrder", ome.dimension_order);
      if (ome.type)
        sc_stack_info_add_metadata (info, "OME Type", ome.type);
      sc_stack_info_take_metadata (info, "OME size",
                                   g_strdup_printf ("X %" G_GUINT64_FORMAT ", Y %" G_GUINT64_FORMAT
                                                    ", C %" G_GUINT64_FORMAT ", Z %" G_GUINT64_FORMAT
                                                    ", T %" G_GUINT64_FORMAT,
                                                    ome.size_x, ome.size_y, ome.size_c, ome.size_z,
                                                    ome.size_t_));
      for (guint i = 0; i < ome.channel_names->len; i++)
        if (*(const char *) g_ptr_array_index (ome.channel_names, i) != '\0')
          sc_stack_info_take_metadata (info, "OME channel",
                                       g_strdup_printf ("%u: %s", i + 1,
                                                        (const char *) g_ptr_array_index (ome.channel_names, i)));
      if (!setup_ome (self, &ome, info, error))
        goto out;
    }
  else if (ij.found)
    {
      guint64 images = ij.images ? ij.images : self->pages->len;
      guint64 c = MAX (ij.channels, 1), z = MAX (ij.slices, 1), t = MAX (ij.frames, 1);
      guint64 cz = 0, czt = 0;

      info->format = g_strdup ("ImageJ TIFF");
      if (!g_uint64_checked_mul (&cz, c, z) || !g_uint64_checked_mul (&czt, cz, t) || czt != images
          || c > G_MAXUINT || z > G_MAXUINT || t > G_MAXUINT)
        {
          c = t = 1;
          z = images;
        }
      if (images > G_MAXUINT)
        images = G_MAXUINT;
      info->n_channels = (guint) c;
      info->n_slices = (guint) MIN (z, G_MAXUINT);
      info->n_frames = (guint) t;

      if (images > self->pages->len)
        {
          g_autoptr(GError) big_error = NULL;

          if (page_is_direct (&ref) && ref.bps % 8 == 0 && !setup_imagej_big_stack (self, images, info, &big_error)
              && big_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&big_error));
              goto out;
            }
          if (images > self->pages->len)
            {
              sc_stack_info_take_metadata (info, "ImageJ note",
                                           g_strdup_printf ("images=%" G_GUINT64_FORMAT
                                                            " but the file holds %u pages",
                                                            images, self->pages->len));
              info->n_channels = info->n_frames = 1;
              info->n_slices = self->pages->len;
              images = self->pages->len;
            }
        }
      self->n_planes = (guint) images;
    }
  else
    info->format = g_strdup (self->bigtiff ? "BigTIFF" : "TIFF");

  if (!sc_stack_info_validate (info, path, error))
    goto out;
  if (!check_pages (self, &ref, error))
    goto out;

  /* Calibration: OME, then ImageJ, then the TIFF resolution tags */
  if (ome.found && ome.physical[0] > 0)
    {
      double f[3];

      for (guint i = 0; i < 3; i++)
        f[i] = ome_length_to_um (ome.physical_unit[i]);
      if (f[0] > 0 && f[1] > 0)
        {
          info->calibration.pixel_width = ome.physical[0] * f[0];
          info->calibration.pixel_height = (ome.physical[1] > 0 ? ome.physical[1] : ome.physical[0]) * f[1];
          if (f[2] > 0)
            info->calibration.pixel_depth = ome.physical[2] * f[2];
          set_unit (&info->calibration, "µm");
        }
      else
        {
          info->calibration.pixel_width = ome.physical[0];
          info->calibration.pixel_height = ome.physical[1] > 0 ? ome.physical[1] : ome.physical[0];
          info->calibration.pixel_depth = ome.physical[2];
          set_unit (&info->calibration, ome.physical_unit[0]);
        }
    }
  else if (xres > 0 && yres > 0)
    {
      if (ij.found && ij.unit != NULL)
        {
          info->calibration.pixel_width = 1.0 / xres;
          info->calibration.pixel_height = 1.0 / yres;
          set_unit (&info->calibration, ij.unit);
        }
      else if ((res_unit == RESUNIT_INCH && !(xres == 72 && yres == 72)) || res_unit == RESUNIT_CENTIMETER)
        {
          /* 72 dots per inch is what writers put when they know nothing of the specimen. */
          double um = res_unit == RESUNIT_INCH ? 25400.0 : 10000.0;

          info->calibration.pixel_width = um / xres;
          info->calibration.pixel_height = um / yres;
          set_unit (&info->calibration, "µm");
        }
      sc_stack_info_take_metadata (info, "Resolution",
                                   g_strdup_printf ("%g x %g per %s", xres, yres,
                                                    res_unit == RESUNIT_INCH ? "inch"
                                                    : res_unit == RESUNIT_CENTIMETER ? "cm" : "unit"));
    }
  if (ij.found)
    {
      if (ij.spacing > 0)
        {
          info->calibration.pixel_depth = ij.spacing;
          if (info->calibration.unit == NULL && ij.unit != NULL)
            set_unit (&info->calibration, ij.unit);
        }
      if (ij.finterval > 0)
        {
          info->calibration.frame_interval = ij.finterval;
          info->calibration.time_unit = g_strdup (ij.tunit && !g_str_equal (ij.tunit, "sec") ? ij.tunit : "s");
        }
    }
  if (ome.found && ome.time_increment > 0)
    {
      info->calibration.frame_interval = ome.time_increment;
      info->calibration.time_unit = g_strdup (ome.time_unit ? ome.time_unit : "s");
    }

  if (self->file_size > 0 && self->file_size <= G_MAXSIZE)
    {
      void *map = mmap (NULL, (gsize) self->file_size, PROT_READ, MAP_SHARED, self->fd, 0);

      if (map != MAP_FAILED)
        {
          self->map = map;
          self->map_size = (gsize) self->file_size;
        }
    }
  ok = TRUE;

out:
  g_free (ij.unit);
  g_free (ij.tunit);
  ome_info_clear (&ome);
  if (!ok)
    return NULL;
  return SC_SOURCE (g_steal_pointer (&self));
}
