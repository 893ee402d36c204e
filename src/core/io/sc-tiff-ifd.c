/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tiff-ifd"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-sample-convert.h"
#include "sc-tiff-ifd.h"

#define WINDOW_SIZE (64 * 1024)

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
  n = sc_tiff_pread_full (w->fd, w->buf, want, offset);
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
tag_is_inline (const ScTiffFile   *file,
               const ScTiffTagRef *ref)
{
  guint size = type_size (ref->type);

  return size > 0 && ref->count <= (file->bigtiff ? 8u : 4u) / size;
}

static guint64
tag_value_offset (const ScTiffFile   *file,
                  const ScTiffTagRef *ref)
{
  return sc_load_uint (ref->raw, file->bigtiff ? 8 : 4, file->little_endian);
}

static gboolean
is_integer_type (guint16 type)
{
  return type == TIFF_BYTE || type == TIFF_SHORT || type == TIFF_LONG || type == TIFF_LONG8
         || type == TIFF_IFD || type == TIFF_IFD8;
}

gboolean
sc_tiff_tag_read_uints (const ScTiffFile    *file,
                        const ScTiffTagRef  *ref,
                        guint64              first,
                        guint                n,
                        guint64             *out,
                        guint                page_number,
                        GError             **error)
{
  guint size = type_size (ref->type);
  const guint8 *p;
  g_autofree guint8 *tmp = NULL;

  if (!is_integer_type (ref->type) || first + n > ref->count)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                   _("page %u of %s has a damaged strip table"), page_number, file->name);
      return FALSE;
    }
  if (tag_is_inline (file, ref))
    p = ref->raw + first * size;
  else
    {
      tmp = g_malloc ((gsize) n * size);
      if (!sc_tiff_file_read (file, tmp, (gsize) n * size, tag_value_offset (file, ref) + first * size,
                       page_number, error))
        return FALSE;
      p = tmp;
    }
  for (guint i = 0; i < n; i++)
    out[i] = sc_load_uint (p + (gsize) i * size, size, file->little_endian);
  return TRUE;
}

typedef struct
{
  guint64 subfile_type;
  gboolean has_photometric;
} IfdExtra;

/* Value i of an integer tag; reads it from the file when it is not inline. 1 and the
 * value, 0 where the tag has none or it lies past the end of the file, -1 on an I/O error. */
static int
entry_uint_at (const ScTiffFile   *file,
               Window             *w,
               const ScTiffTagRef *ref,
               guint64             i,
               guint64            *out)
{
  guint size = type_size (ref->type);
  const guint8 *p;
  guint64 offset;
  int r;

  if (!is_integer_type (ref->type) || i >= ref->count)
    return 0;
  if (tag_is_inline (file, ref))
    p = ref->raw + i * size;
  else
    {
      offset = tag_value_offset (file, ref);
      if (i > (G_MAXUINT64 - offset) / size)
        return 0;
      if ((r = window_get (w, offset + i * size, size, &p)) != 1)
        return r;
    }
  *out = sc_load_uint (p, size, file->little_endian);
  return 1;
}

static int
entry_first_uint (const ScTiffFile   *file,
                  Window             *w,
                  const ScTiffTagRef *ref,
                  guint64            *out)
{
  return entry_uint_at (file, w, ref, 0, out);
}

/* Whether strip or tile i of pg ends within the file (its byte count, where the page has
 * one, else its first byte). */
static gboolean
strile_within_file (const ScTiffFile *file,
                    Window           *w,
                    const ScTiffPage *pg,
                    guint64           i)
{
  guint64 offset = 0, count = 1;

  if (entry_uint_at (file, w, &pg->strip_offsets, i, &offset) != 1)
    return FALSE;
  if (pg->strip_counts.count == pg->strip_offsets.count
      && entry_uint_at (file, w, &pg->strip_counts, i, &count) != 1)
    return FALSE;
  return offset <= file->size && count <= file->size - offset;
}

/* A page of a file cut short: its pixels, or its strip table, run past the end. Only the
 * first and last strip are looked at (a damaged strip between them is an error when it
 * is read), so that this costs no more than a few bytes of the directory's neighbourhood. */
static void
check_complete (const ScTiffFile *file,
                Window           *w,
                ScTiffPage       *pg)
{
  guint64 n = pg->strip_offsets.count;

  if (pg->data_offset != SC_TIFF_NO_OFFSET)
    {
      guint64 bytes = (guint64) sc_tiff_page_row_bytes (pg) * pg->height;

      pg->incomplete = pg->data_offset > file->size || bytes > file->size - pg->data_offset;
      return;
    }
  if (n == 0)
    return;   /* no strips at all: reading it says so */
  pg->incomplete = !strile_within_file (file, w, pg, 0) || !strile_within_file (file, w, pg, n - 1);
}

/* TIFF's names of the photometric interpretations, as tifffile and libtiff's tiffinfo say
 * them; translated where they are shown */
const char *
sc_tiff_photometric_name (guint16 photometric)
{
  switch (photometric)
    {
    case PHOTOMETRIC_MINISWHITE: return _("min-is-white");
    case PHOTOMETRIC_MINISBLACK: return _("min-is-black");
    case PHOTOMETRIC_RGB: return "RGB";
    case PHOTOMETRIC_PALETTE: return _("palette");
    case PHOTOMETRIC_MASK: return _("transparency mask");
    case PHOTOMETRIC_SEPARATED: return _("separated (CMYK)");
    case PHOTOMETRIC_YCBCR: return "YCbCr";
    case PHOTOMETRIC_CIELAB: return "CIE L*a*b*";
    case PHOTOMETRIC_ICCLAB: return "ICC L*a*b*";
    case PHOTOMETRIC_ITULAB: return "ITU L*a*b*";
    case PHOTOMETRIC_CFA: return _("colour filter array");
    case PHOTOMETRIC_LOGL: return "LogL";
    case PHOTOMETRIC_LOGLUV: return "LogLuv";
    default: return _("unknown");
    }
}

static void
classify_page (ScTiffPage *pg)
{
  gboolean is_float = pg->sample_format == SAMPLEFORMAT_IEEEFP;
  gboolean is_signed = pg->sample_format == SAMPLEFORMAT_INT;
  guint bps = pg->bps;

  pg->unsupported = NULL;
  pg->invert = FALSE;

  if (pg->sample_format == SAMPLEFORMAT_COMPLEXINT || pg->sample_format == SAMPLEFORMAT_COMPLEXIEEEFP)
    {
      pg->unsupported = N_("complex-valued samples");
      return;
    }
  if (pg->sample_format > SAMPLEFORMAT_COMPLEXIEEEFP)
    {
      pg->unsupported = N_("an unknown sample format");
      return;
    }
  if (pg->spp == 0)
    {
      pg->unsupported = N_("no samples per pixel");
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
          pg->unsupported = N_("RGB with fewer than 3 samples per pixel");
          return;
        }
      pg->spp_out = pg->spp >= 4 ? 4 : 3;
      break;
    case PHOTOMETRIC_PALETTE:
      if (is_float || is_signed || bps > 16)
        {
          pg->unsupported = N_("a palette with non-integer or wide indices");
          return;
        }
      pg->spp_out = 1;
      break;
    case PHOTOMETRIC_YCBCR:
      if (pg->compression != COMPRESSION_JPEG || bps != 8 || pg->spp != 3)
        {
          pg->unsupported = N_("YCbCr colour without JPEG compression");
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
      pg->unsupported = N_("a photometric interpretation other than gray, RGB or palette");
      return;
    }

  if (is_float)
    {
      if (bps == 32 || bps == 64)
        pg->out_type = SC_SAMPLE_F32;
      else
        {
          pg->unsupported = bps == 16 ? N_("16-bit floating-point samples")
                                      : N_("floating-point samples of an unusual size");
          return;
        }
    }
  else if (bps == 0 || bps > 32)
    {
      pg->unsupported = N_("integer samples wider than 32 bits");
      return;
    }
  else if (is_signed)
    pg->out_type = bps <= 8 ? SC_SAMPLE_I8 : bps <= 16 ? SC_SAMPLE_I16 : SC_SAMPLE_I32;
  else
    pg->out_type = bps <= 8 ? SC_SAMPLE_U8 : bps <= 16 ? SC_SAMPLE_U16 : SC_SAMPLE_U32;
}

gsize
sc_tiff_page_row_bytes (const ScTiffPage *pg)
{
  return (gsize) (((guint64) pg->width * pg->spp * pg->bps + 7) / 8);
}

/* Parses one IFD: fills pg (all but page_number) and the offset of the next IFD. */
static gboolean
parse_ifd (const ScTiffFile  *file,
           Window            *w,
           guint64            offset,
           guint              page_number,
           ScTiffPage        *pg,
           IfdExtra          *extra,
           guint64           *next,
           GError           **error)
{
  guint head = file->bigtiff ? 8 : 2;
  guint entry_size = file->bigtiff ? 20 : 12;
  guint value_size = file->bigtiff ? 8 : 4;
  const guint8 *p;
  guint64 n_entries;
  int r;

  memset (pg, 0, sizeof *pg);
  memset (extra, 0, sizeof *extra);
  pg->ifd_offset = offset;
  pg->data_offset = SC_TIFF_NO_OFFSET;
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
  n_entries = sc_load_uint (p, head, file->little_endian);
  if (n_entries == 0 || n_entries > 4096)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "page %u of %s is corrupt (its directory claims %llu tag)",
                                "page %u of %s is corrupt (its directory claims %llu tags)",
                                (gulong) n_entries),
                   page_number, file->name, (unsigned long long) n_entries);
      return FALSE;
    }
  if ((r = window_get (w, offset, head + n_entries * entry_size + value_size, &p)) != 1)
    goto fail;
  *next = sc_load_uint (p + head + n_entries * entry_size, value_size, file->little_endian);

  for (guint i = 0; i < n_entries; i++)
    {
      const guint8 *e = p + head + (gsize) i * entry_size;
      guint16 tag = (guint16) sc_load_uint (e, 2, file->little_endian);
      ScTiffTagRef ref;
      guint64 v = 0;

      ref.type = (guint16) sc_load_uint (e + 2, 2, file->little_endian);
      ref.count = sc_load_uint (e + 4, file->bigtiff ? 8 : 4, file->little_endian);
      memset (ref.raw, 0, sizeof ref.raw);
      memcpy (ref.raw, e + (file->bigtiff ? 12 : 8), value_size);

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
        case TIFFTAG_TILELENGTH:
        case TIFFTAG_SAMPLEFORMAT:
          break;
        default:
          continue;
        }

      if ((r = entry_first_uint (file, w, &ref, &v)) < 0)
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
        case TIFFTAG_TILELENGTH: pg->tile_height = (guint32) MIN (v, G_MAXUINT32); break;
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

      if (entry_first_uint (file, w, &pg->strip_offsets, &off) == 1
          && (pg->strip_counts.count == 0 || entry_first_uint (file, w, &pg->strip_counts, &count) == 1)
          && count >= (guint64) sc_tiff_page_row_bytes (pg) * pg->height)
        pg->data_offset = off;
    }
  check_complete (file, w, pg);
  return TRUE;

fail:
  if (r < 0)
    sc_tiff_set_io_error (file, page_number, errno, error);
  else
    sc_tiff_set_truncated (file, page_number, error);
  return FALSE;
}

static guint64 *
offset_key (guint64 v)
{
  return g_memdup2 (&v, sizeof v);
}

gboolean
sc_tiff_walk_ifds (const ScTiffFile  *file,
                   GArray            *pages,
                   GCancellable      *cancellable,
                   guint             *n_ifds,
                   guint             *n_reduced,
                   guint             *broken_at,
                   GError           **error)
{
  Window w = { file->fd, file->size, NULL, 0, 0 };
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 offset = file->first_ifd;
  guint64 last = 0;
  guint page_number = 0;
  gboolean ok = TRUE;

  *n_reduced = 0;
  if (broken_at != NULL)
    *broken_at = 0;
  while (offset != 0)
    {
      ScTiffPage pg;
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
          for (guint i = 0; i < pages->len; i++)
            g_hash_table_add (seen, offset_key (g_array_index (pages, ScTiffPage, i).ifd_offset));
          g_hash_table_add (seen, offset_key (last));
        }
      if (seen != NULL)
        {
          if (g_hash_table_contains (seen, &offset))
            {
              g_set_error (error, SC_ERROR, SC_ERROR_CORRUPT,
                           _("%s is corrupt: page %u points back to an earlier page (a loop)"),
                           file->name, page_number - 1);
              ok = FALSE;
              break;
            }
          g_hash_table_add (seen, offset_key (offset));
        }
      last = MAX (last, offset);

      if (!parse_ifd (file, &w, offset, page_number, &pg, &extra, &next, &local_error))
        {
          /* A file cut short (or overwritten) after its first page: what came before is
           * kept, as ImageJ and tifffile keep it. */
          if (broken_at != NULL && page_number > 1
              && g_error_matches (local_error, SC_ERROR, SC_ERROR_CORRUPT))
            {
              *broken_at = page_number;
              page_number--;
              break;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
          break;
        }
      if ((extra.subfile_type & FILETYPE_REDUCEDIMAGE) != 0)
        (*n_reduced)++;
      else
        g_array_append_val (pages, pg);
      offset = next;
    }

  *n_ifds = page_number;
  g_free (w.buf);
  return ok;
}
