/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The streaming methods' pieces: the folds over several planes against a plain scalar
 * reference that takes one plane after the other (bit for bit), and reads of the same rows of several planes against reads plane
 * by plane, from TIFF files laid out as libtiff and as tifffile write them. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <tiffio.h>
#include <unistd.h>

#include "sc-memory-source.h"
#include "sc-projection-fold.h"
#include "sc-stack-open.h"
#include "sc-tiff-writer.h"
#include "sc-test-fixtures.h"
#include "sc-test-util.h"

static const ScSampleType all_types[] = {
  SC_SAMPLE_U8, SC_SAMPLE_U16, SC_SAMPLE_U32, SC_SAMPLE_I8, SC_SAMPLE_I16, SC_SAMPLE_I32, SC_SAMPLE_F32,
};

/* ---- Folds ---- */

typedef enum {
  K_MAX,
  K_MIN,
  K_SUM_I32,
  K_SUM_I64,
  K_SUM_F64,
  K_SUMSQ_I32,
  K_SUMSQ_I64,
  K_SUMSQ_U32,
  K_SHIFTED,
  K_N
} Kind;

static const char *kind_names[] = {
  "max", "min", "sum_i32", "sum_i64", "sum_f64", "sumsq_i32", "sumsq_i64", "sumsq_u32", "shifted",
};

static gboolean
kind_applies (Kind         kind,
              ScSampleType type)
{
  gboolean small_int = sc_sample_type_size (type) <= 2;

  switch (kind)
    {
    case K_MAX:
    case K_MIN:
      return TRUE;
    case K_SUM_I32:
    case K_SUMSQ_I32:
    case K_SUMSQ_I64:
      return small_int;
    case K_SUMSQ_U32:
      return sc_sample_type_size (type) == 1;
    case K_SUM_I64:
      return type != SC_SAMPLE_F32;
    case K_SUM_F64:
      return type == SC_SAMPLE_F32;
    case K_SHIFTED:
      return !small_int;
    case K_N:
    default:
      g_assert_not_reached ();
    }
}

/* Values over the type's whole range, with its extremes; floats with NaNs, infinities,
 * signed zeros and huge values beside small ones. */
static void
fill_random (GRand        *rand,
             ScSampleType  type,
             guint8       *data,
             gsize         n)
{
  double lo, hi;

  sc_sample_type_get_range (type, &lo, &hi);
  for (gsize i = 0; i < n; i++)
    {
      guint r = g_rand_int_range (rand, 0, 16);
      double v;

      if (type == SC_SAMPLE_F32)
        {
          static const double specials[] = { NAN, INFINITY, -INFINITY, -0.0, 0.0, 3e38, -3e38, 1e-40 };
          v = r < 4 ? specials[g_rand_int_range (rand, 0, G_N_ELEMENTS (specials))]
            : r < 8 ? g_rand_double_range (rand, -1e6, 1e6)
                    : g_rand_double_range (rand, -1, 1);
        }
      else
        v = r == 0 ? lo : r == 1 ? hi : floor (g_rand_double_range (rand, lo, hi + 1));
      sc_test_set_sample (type, data, i, MIN (v, hi));
    }
}

typedef struct {
  guint8 *a;      /* max/min values, or sums */
  guint8 *b;      /* squares */
  guint8 *shift;
} Accs;

static void
accs_alloc (Accs         *acc,
            ScSampleType  type,
            gsize         n)
{
  acc->a = g_malloc0 (MAX (n, 1) * 8);
  acc->b = g_malloc0 (MAX (n, 1) * 8);
  acc->shift = g_malloc0 (MAX (n, 1) * 4);
}

static void
accs_free (Accs *acc)
{
  g_free (acc->a);
  g_free (acc->b);
  g_free (acc->shift);
}

/* Starting accumulators as a pass over earlier planes might leave them: sums well within
 * range (so that 8-bit and 16-bit sums stay in 32 bits over the planes added). */
static void
accs_init (GRand        *rand,
           Kind          kind,
           ScSampleType  type,
           Accs         *acc,
           gsize         n)
{
  for (gsize i = 0; i < n; i++)
    switch (kind)
      {
      case K_MAX:
      case K_MIN:
        break;
      case K_SUM_I32:
      case K_SUMSQ_I32:
        ((gint32 *) (gpointer) acc->a)[i] = g_rand_int_range (rand, -1000000, 1000000);
        ((guint64 *) (gpointer) acc->b)[i] = g_rand_int (rand);
        break;
      case K_SUMSQ_U32:
        /* past 2^31 (unsigned), with room for 23 planes of 255^2 below 2^32 */
        ((gint32 *) (gpointer) acc->a)[i] = g_rand_int_range (rand, -1000000, 1000000);
        ((guint32 *) (gpointer) acc->b)[i] = (guint32) g_rand_int_range (rand, 0, G_MAXINT32) + 0x7f000000u;
        break;
      case K_SUM_I64:
      case K_SUMSQ_I64:
        ((gint64 *) (gpointer) acc->a)[i] = (gint64) g_rand_int (rand) << 20;
        ((guint64 *) (gpointer) acc->b)[i] = (guint64) g_rand_int (rand) << 16;
        break;
      case K_SUM_F64:
      case K_SHIFTED:
        ((double *) (gpointer) acc->a)[i] = g_rand_double_range (rand, -1e3, 1e3);
        ((double *) (gpointer) acc->b)[i] = g_rand_double_range (rand, 0, 1e6);
        break;
      case K_N:
      default:
        g_assert_not_reached ();
      }
  if (kind == K_MAX || kind == K_MIN)
    fill_random (rand, type, acc->a, n);
  if (kind == K_SHIFTED)
    fill_random (rand, type, acc->shift, n);
}

static void
accs_copy (Accs       *dest,
           const Accs *src,
           gsize       n)
{
  memcpy (dest->a, src->a, MAX (n, 1) * 8);
  memcpy (dest->b, src->b, MAX (n, 1) * 8);
  memcpy (dest->shift, src->shift, MAX (n, 1) * 4);
}

/* The reference: one sample after the other of one plane after the other, in the order
 * and the types the folds promise (sc-projection-fold.h). */
#define REF_LOOP(T, BODY)                                                           \
  G_STMT_START {                                                                    \
    const T *x = src;                                                               \
    for (gsize i = 0; i < n; i++)                                                   \
      BODY;                                                                         \
  } G_STMT_END

#define REF_BY_TYPE(type, BODY)                                                     \
  G_STMT_START {                                                                    \
    switch (type)                                                                   \
      {                                                                             \
      case SC_SAMPLE_U8: REF_LOOP (guint8, BODY); break;                            \
      case SC_SAMPLE_U16: REF_LOOP (guint16, BODY); break;                          \
      case SC_SAMPLE_U32: REF_LOOP (guint32, BODY); break;                          \
      case SC_SAMPLE_I8: REF_LOOP (gint8, BODY); break;                             \
      case SC_SAMPLE_I16: REF_LOOP (gint16, BODY); break;                           \
      case SC_SAMPLE_I32: REF_LOOP (gint32, BODY); break;                           \
      case SC_SAMPLE_F32: REF_LOOP (float, BODY); break;                            \
      default: g_assert_not_reached ();                                             \
      }                                                                             \
  } G_STMT_END

/* acc (of the input type) = max or min (acc, x), as C's > and < have it: a value replaces
 * acc only where it compares larger (smaller), so a NaN never does, and a NaN in acc stays */
#define REF_MINMAX(type, acc, OP)                                                   \
  G_STMT_START {                                                                    \
    switch (type)                                                                   \
      {                                                                             \
      case SC_SAMPLE_U8: REF_LOOP (guint8, { guint8 *a = acc; if (x[i] OP a[i]) a[i] = x[i]; }); break; \
      case SC_SAMPLE_U16: REF_LOOP (guint16, { guint16 *a = acc; if (x[i] OP a[i]) a[i] = x[i]; }); break; \
      case SC_SAMPLE_U32: REF_LOOP (guint32, { guint32 *a = acc; if (x[i] OP a[i]) a[i] = x[i]; }); break; \
      case SC_SAMPLE_I8: REF_LOOP (gint8, { gint8 *a = acc; if (x[i] OP a[i]) a[i] = x[i]; }); break; \
      case SC_SAMPLE_I16: REF_LOOP (gint16, { gint16 *a = acc; if (x[i] OP a[i]) a[i] = x[i]; }); break; \
      case SC_SAMPLE_I32: REF_LOOP (gint32, { gint32 *a = acc; if (x[i] OP a[i]) a[i] = x[i]; }); break; \
      case SC_SAMPLE_F32: REF_LOOP (float, { float *a = acc; if (x[i] OP a[i]) a[i] = x[i]; }); break; \
      default: g_assert_not_reached ();                                             \
      }                                                                             \
  } G_STMT_END

static void
reference_plane (Kind          kind,
                 ScSampleType  type,
                 Accs         *acc,
                 gconstpointer src,
                 gsize         n)
{
  gint32 *a32 = (gint32 *) (gpointer) acc->a;
  gint64 *a64 = (gint64 *) (gpointer) acc->a;
  double *d = (double *) (gpointer) acc->a, *d2 = (double *) (gpointer) acc->b;
  guint64 *sq = (guint64 *) (gpointer) acc->b;
  guint32 *sq32 = (guint32 *) (gpointer) acc->b;

  switch (kind)
    {
    case K_MAX: REF_MINMAX (type, (gpointer) acc->a, >); break;
    case K_MIN: REF_MINMAX (type, (gpointer) acc->a, <); break;
    case K_SUM_I32: REF_BY_TYPE (type, a32[i] += (gint32) x[i]); break;
    case K_SUM_I64: REF_BY_TYPE (type, a64[i] += (gint64) x[i]); break;
    case K_SUM_F64: REF_LOOP (float, d[i] += (double) x[i]); break;
    /* exact squares: every 8- and 16-bit value's square fits 32 bits */
    case K_SUMSQ_I32:
      REF_BY_TYPE (type, { a32[i] += (gint32) x[i]; sq[i] += (guint64) ((gint64) x[i] * x[i]); });
      break;
    case K_SUMSQ_I64:
      REF_BY_TYPE (type, { a64[i] += (gint64) x[i]; sq[i] += (guint64) ((gint64) x[i] * x[i]); });
      break;
    case K_SUMSQ_U32:
      REF_BY_TYPE (type, { a32[i] += (gint32) x[i]; sq32[i] += (guint32) ((gint32) x[i] * x[i]); });
      break;
    /* d = x - shift, in double; sum += d, sq += d * d, each rounded on its own */
    case K_SHIFTED:
      switch (type)
        {
        case SC_SAMPLE_U32:
          REF_LOOP (guint32, { double v = (double) x[i] - (double) ((const guint32 *) (gconstpointer) acc->shift)[i];
                               d[i] += v; d2[i] += v * v; });
          break;
        case SC_SAMPLE_I32:
          REF_LOOP (gint32, { double v = (double) x[i] - (double) ((const gint32 *) (gconstpointer) acc->shift)[i];
                              d[i] += v; d2[i] += v * v; });
          break;
        case SC_SAMPLE_F32:
          REF_LOOP (float, { double v = (double) x[i] - (double) ((const float *) (gconstpointer) acc->shift)[i];
                             d[i] += v; d2[i] += v * v; });
          break;
        case SC_SAMPLE_U8:
        case SC_SAMPLE_U16:
        case SC_SAMPLE_I8:
        case SC_SAMPLE_I16:
        default:
          g_assert_not_reached ();
        }
      break;
    case K_N:
    default:
      g_assert_not_reached ();
    }
}

static void
one_by_one (Kind                  kind,
            ScSampleType          type,
            Accs                 *acc,
            const gconstpointer  *srcs,
            guint                 n_src,
            gsize                 n)
{
  for (guint p = 0; p < n_src; p++)
    reference_plane (kind, type, acc, srcs[p], n);
}

static void
folded (Kind                  kind,
        ScSampleType          type,
        Accs                 *acc,
        const gconstpointer  *srcs,
        guint                 n_src,
        gsize                 n)
{
  switch (kind)
    {
    case K_MAX: sc_fold_max (type, acc->a, srcs, n_src, n); break;
    case K_MIN: sc_fold_min (type, acc->a, srcs, n_src, n); break;
    case K_SUM_I32: sc_fold_sum_i32 (type, (gint32 *) (gpointer) acc->a, srcs, n_src, n); break;
    case K_SUM_I64: sc_fold_sum_i64 (type, (gint64 *) (gpointer) acc->a, srcs, n_src, n); break;
    case K_SUM_F64: sc_fold_sum_f64 ((double *) (gpointer) acc->a, srcs, n_src, n); break;
    case K_SUMSQ_I32:
      sc_fold_sumsq_i32 (type, (gint32 *) (gpointer) acc->a, (guint64 *) (gpointer) acc->b, srcs,
                         n_src, n);
      break;
    case K_SUMSQ_I64:
      sc_fold_sumsq_i64 (type, (gint64 *) (gpointer) acc->a, (guint64 *) (gpointer) acc->b, srcs,
                         n_src, n);
      break;
    case K_SUMSQ_U32:
      sc_fold_sumsq_u32 (type, (gint32 *) (gpointer) acc->a, (guint32 *) (gpointer) acc->b, srcs,
                         n_src, n);
      break;
    case K_SHIFTED:
      sc_fold_shifted (type, (double *) (gpointer) acc->a, (double *) (gpointer) acc->b,
                       acc->shift, srcs, n_src, n);
      break;
    case K_N:
    default:
      g_assert_not_reached ();
    }
}

/* Every fold of every type gives the accumulators, bit for bit, that the one-plane
 * reference gives plane after plane: for counts of planes that take each of the 8-, 4-, 2-
 * and 1-plane loops, sample counts around whole vectors, sources at odd addresses. */
static void
test_fold (void)
{
  static const guint n_srcs[] = { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23 };
  static const gsize counts[] = { 0, 1, 5, 63, 64, 65, 130, 1001 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (Kind kind = 0; kind < K_N; kind++)
      {
        ScSampleType type = all_types[t];
        gsize size = sc_sample_type_size (type);

        if (!kind_applies (kind, type))
          continue;
        for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
          for (guint s = 0; s < G_N_ELEMENTS (n_srcs); s++)
            {
              gsize n = counts[c];
              guint n_src = n_srcs[s];
              g_autofree guint8 *planes = g_malloc ((n_src * (n + 1) + 1) * size);
              gconstpointer srcs[32];
              Accs start, expected, got;

              accs_alloc (&start, type, n);
              accs_alloc (&expected, type, n);
              accs_alloc (&got, type, n);
              fill_random (rand, type, planes, n_src * (n + 1) + 1);
              /* Unsigned 16-bit values below 2^15 in the first half of every plane (the
               * fast blocks of the u16 sums of squares, beside blocks that are not), with
               * 32767 often. */
              if (type == SC_SAMPLE_U16 && c % 2 == 1)
                for (gsize i = 0; i < n_src * (n + 1) + 1; i++)
                  if (i % (n + 1) < n / 2)
                    {
                      guint16 *v = (guint16 *) (gpointer) planes + i;
                      *v = i % 3 == 0 ? 32767 : *v & 0x7fff;
                    }
              for (guint p = 0; p < n_src; p++)
                srcs[p] = planes + (p * (n + 1) + (p % 2)) * size;
              accs_init (rand, kind, type, &start, n);

              accs_copy (&expected, &start, n);
              one_by_one (kind, type, &expected, srcs, n_src, n);
              accs_copy (&got, &start, n);
              folded (kind, type, &got, srcs, n_src, n);

              if (memcmp (expected.a, got.a, n * 8) != 0 || memcmp (expected.b, got.b, n * 8) != 0)
                g_error ("fold %s of %s over %u planes of %" G_GSIZE_FORMAT " samples differs",
                         kind_names[kind], sc_sample_type_to_string (type), n_src, n);
              accs_free (&start);
              accs_free (&expected);
              accs_free (&got);
            }
      }
}

/* The widest values in the narrow intermediates: 8 planes of the type's extremes. */
static void
test_fold_extremes (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (all_types); t++)
    for (guint which = 0; which < 3; which++)
      {
        ScSampleType type = all_types[t];
        gsize size = sc_sample_type_size (type), n = 67;
        double lo, hi;
        g_autofree guint8 *plane = g_malloc (n * size);
        gconstpointer srcs[SC_FOLD_MAX];
        gint64 sum64[67] = { 0 };
        gint32 sum32[67] = { 0 };
        guint64 sq[67] = { 0 };

        if (type == SC_SAMPLE_F32)
          continue;
        sc_sample_type_get_range (type, &lo, &hi);
        /* the third: the largest value that the u16 sums of squares sum four squares of
         * in 32 bits */
        if (which == 2 && type != SC_SAMPLE_U16)
          continue;
        if (which == 2)
          hi = 32767;
        for (gsize i = 0; i < n; i++)
          sc_test_set_sample (type, plane, i, which == 1 ? lo : hi);
        for (guint p = 0; p < SC_FOLD_MAX; p++)
          srcs[p] = plane;

        sc_fold_sum_i64 (type, sum64, srcs, SC_FOLD_MAX, n);
        for (gsize i = 0; i < n; i++)
          g_assert_cmpint (sum64[i], ==, (gint64) (SC_FOLD_MAX * (which == 1 ? lo : hi)));
        if (size > 2)
          continue;
        sc_fold_sum_i32 (type, sum32, srcs, SC_FOLD_MAX, n);
        memset (sum64, 0, sizeof sum64);
        sc_fold_sumsq_i64 (type, sum64, sq, srcs, SC_FOLD_MAX, n);
        for (gsize i = 0; i < n; i++)
          {
            double v = which == 1 ? lo : hi;
            g_assert_cmpint (sum32[i], ==, (gint32) (SC_FOLD_MAX * v));
            g_assert_cmpint (sum64[i], ==, (gint64) (SC_FOLD_MAX * v));
            g_assert_cmpuint (sq[i], ==, (guint64) (SC_FOLD_MAX * v * v));
          }
        if (size == 1)
          {
            /* squares in 32 bits, started just below where the extremes would carry out */
            guint32 sq32[67];
            double v = which == 1 ? lo : hi;

            memset (sum32, 0, sizeof sum32);
            for (gsize i = 0; i < n; i++)
              sq32[i] = (guint32) (G_MAXUINT32 - SC_FOLD_MAX * v * v);
            sc_fold_sumsq_u32 (type, sum32, sq32, srcs, SC_FOLD_MAX, n);
            for (gsize i = 0; i < n; i++)
              {
                g_assert_cmpint (sum32[i], ==, (gint32) (SC_FOLD_MAX * v));
                g_assert_cmpuint (sq32[i], ==, G_MAXUINT32);
              }
          }
      }
}

/* ---- Reading the same rows of several planes ---- */

/* pages of width x height uint16 (uint8 with eight_bit), each page's strips then its IFD,
 * as libtiff writes them; a description of desc_len bytes on every page widens the gap
 * between pages. */
static char *
write_libtiff_pages (const char *dir,
                     const char *name,
                     guint       n,
                     guint       width,
                     guint       height,
                     guint       rows_per_strip,
                     gboolean    eight_bit,
                     gboolean    big_endian,
                     gsize       desc_len)
{
  char *path = g_build_filename (dir, name, NULL);
  TIFF *tif = TIFFOpen (path, big_endian ? "wb" : "wl");
  gsize bps = eight_bit ? 1 : 2;
  g_autofree guint8 *row = g_malloc ((gsize) width * bps);
  g_autofree char *desc = g_malloc (desc_len + 1);

  g_assert_nonnull (tif);
  memset (desc, 'x', desc_len);
  desc[desc_len] = '\0';
  for (guint p = 0; p < n; p++)
    {
      TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, width);
      TIFFSetField (tif, TIFFTAG_IMAGELENGTH, height);
      TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, (int) (8 * bps));
      TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
      TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, rows_per_strip);
      TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
      TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
      if (desc_len > 0)
        TIFFSetField (tif, TIFFTAG_IMAGEDESCRIPTION, desc);
      for (guint y = 0; y < height; y++)
        {
          for (guint x = 0; x < width; x++)
            {
              guint v = p * 1009 + y * 31 + x * 7;
              if (eight_bit)
                row[x] = (guint8) v;
              else
                ((guint16 *) (gpointer) row)[x] = (guint16) v;
            }
          g_assert_cmpint (TIFFWriteScanline (tif, row, y, 0), ==, 1);
        }
      g_assert_true (TIFFWriteDirectory (tif));
    }
  TIFFClose (tif);
  return path;
}


/* read_planes_rows() against read_rows() plane by plane, for lists of planes in order, in
 * reverse, with repeats and every other one, whole planes and a few rows; the bytes between
 * the planes' blocks in dest stay as they were. */
static void
check_read_planes (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = sc_stack_open (path, NULL, &error);
  guint n = sc_stack_get_n_planes (stack), height = sc_stack_get_height (stack);
  gsize row_stride = sc_stack_get_row_stride (stack);
  g_autofree guint *planes = g_new (guint, 2 * n);

  g_assert_no_error (error);
  for (guint order = 0; order < 4; order++)
    for (guint rows_case = 0; rows_case < 3; rows_case++)
      {
        guint y0 = rows_case == 0 ? 0 : 1;
        guint n_rows = rows_case == 0 ? height : rows_case == 1 ? height - 1 : 1;
        gsize block = n_rows * row_stride, stride = block + 13;
        guint m = 0;
        g_autofree guint8 *got = NULL;
        g_autofree guint8 *expected = NULL;

        for (guint i = 0; i < n; i++)
          switch (order)
            {
            case 0: planes[m++] = i; break;
            case 1: planes[m++] = n - 1 - i; break;
            case 2: planes[m++] = i; planes[m++] = i; break;
            default: if (i % 2 == 0) planes[m++] = i; break;
            }
        got = g_malloc (m * stride);
        expected = g_malloc (m * stride);
        memset (got, 0xa5, m * stride);
        memset (expected, 0xa5, m * stride);
        for (guint i = 0; i < m; i++)
          g_assert_true (sc_stack_read_rows (stack, planes[i], y0, n_rows, expected + i * stride,
                                             NULL));
        g_assert_true (sc_stack_read_planes_rows (stack, planes, m, y0, n_rows, got, stride, &error));
        g_assert_no_error (error);
        g_assert_cmpmem (got, m * stride, expected, m * stride);
      }
}

static void
test_read_planes (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  char *paths[] = {
    write_libtiff_pages (dir, "one-strip.tif", 37, 9, 5, 5, FALSE, FALSE, 0),
    write_libtiff_pages (dir, "strips.tif", 11, 9, 7, 2, FALSE, FALSE, 0),
    write_libtiff_pages (dir, "big-endian.tif", 9, 9, 5, 5, FALSE, TRUE, 0),
    write_libtiff_pages (dir, "u8-wide-gaps.tif", 9, 10, 4, 4, TRUE, FALSE, 6000),
    write_libtiff_pages (dir, "u8.tif", 300, 3, 2, 2, TRUE, FALSE, 0),
    sc_test_write_u16_stack (dir, "contiguous.tif", 23, 7, 3),
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      check_read_planes (paths[i]);
      g_free (paths[i]);
    }
}

/* A file cut short after it was opened: the read of the planes fails, with an error. */
static void
test_read_planes_truncated (void)
{
  g_autofree char *dir = sc_test_make_tmpdir ();
  g_autofree char *path = write_libtiff_pages (dir, "cut.tif", 20, 16, 8, 8, FALSE, FALSE, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = sc_stack_open (path, NULL, &error);
  guint planes[20];
  gsize block;
  g_autofree guint8 *dest = NULL;

  g_assert_no_error (error);
  block = 8 * sc_stack_get_row_stride (stack);
  dest = g_malloc (20 * block);
  for (guint i = 0; i < 20; i++)
    planes[i] = i;
  g_assert_true (sc_stack_read_planes_rows (stack, planes, 20, 0, 8, dest, block, NULL));
  g_assert_cmpint (truncate (path, 8 + 10 * (block + 200)), ==, 0);
  g_assert_false (sc_stack_read_planes_rows (stack, planes, 20, 0, 8, dest, block, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  TIFFSetWarningHandler (NULL);

  g_test_add_func ("/core/stream/fold", test_fold);
  g_test_add_func ("/core/stream/fold-extremes", test_fold_extremes);
  g_test_add_func ("/core/stream/read-planes", test_read_planes);
  g_test_add_func ("/core/stream/read-planes-truncated", test_read_planes_truncated);
  return g_test_run ();
}
