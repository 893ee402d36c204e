/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-robustness"

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "sc-error.h"
#include "sc-export.h"
#include "sc-memory-source.h"
#include "sc-png-io.h"
#include "sc-source.h"
#include "sc-stack.h"
#include "sc-test-util.h"

/* Hostile and unlucky input that the other suites do not already cover: each must give
 * one clear error naming the file (and the page), never a crash or a huge allocation.
 * This binary runs with SC_MAX_PLANE_BYTES at 1 MiB (set in main). */

#define PLANE_LIMIT (1u << 20)

static char *tmpdir;

/* A little-endian classic TIFF built by hand, so that any field can be wrong. */
typedef struct
{
  guint16 tag, type;
  guint32 count, value;
} Entry;

static void
put32 (GByteArray *b,
       guint32     v)
{
  guint8 x[4] = { v, v >> 8, v >> 16, v >> 24 };
  g_byte_array_append (b, x, 4);
}

static void
put16 (GByteArray *b,
       guint16     v)
{
  guint8 x[2] = { v, v >> 8 };
  g_byte_array_append (b, x, 2);
}

static void
set32 (GByteArray *b,
       guint       at,
       guint32     v)
{
  for (guint i = 0; i < 4; i++)
    b->data[at + i] = (guint8) (v >> (8 * i));
}

/* Appends an IFD; returns the position of its next-IFD field. */
static guint
add_ifd (GByteArray  *b,
         const Entry *e,
         guint        n)
{
  guint next;

  if (b->len & 1)
    g_byte_array_append (b, (const guint8 *) "", 1);
  put16 (b, (guint16) n);
  for (guint i = 0; i < n; i++)
    {
      put16 (b, e[i].tag);
      put16 (b, e[i].type);
      put32 (b, e[i].count);
      if (e[i].type == 3 && e[i].count == 1)
        {
          put16 (b, (guint16) e[i].value);
          put16 (b, 0);
        }
      else
        put32 (b, e[i].value);
    }
  next = b->len;
  put32 (b, 0);
  return next;
}

/* Header, 16 bytes of pixels at offset 8, then one IFD of the given entries. */
static char *
write_tiff (const char  *name,
            const Entry *e,
            guint        n)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  char *path = g_build_filename (tmpdir, name, NULL);
  guint ifd;

  g_byte_array_append (b, (const guint8 *) "II*\0", 4);
  put32 (b, 0);
  g_byte_array_append (b, (const guint8 *) "0123456789abcdef", 16);
  ifd = b->len;
  add_ifd (b, e, n);
  set32 (b, 4, ifd);
  g_assert_true (g_file_set_contents (path, (const char *) b->data, b->len, NULL));
  return path;
}

/* Opens path and reads every plane; returns the first error, or NULL when all went well. */
static GError *
open_and_read (const char *path)
{
  GError *error = NULL;
  g_autoptr(ScStack) stack = sc_stack_open (path, NULL, &error);
  g_autofree guint8 *buf = NULL;

  if (stack == NULL)
    return error;
  buf = g_malloc (sc_stack_get_plane_size (stack));
  for (guint i = 0; i < sc_stack_get_n_planes (stack); i++)
    if (!sc_stack_read_plane (stack, i, buf, &error))
      return error;
  return NULL;
}

static void
assert_clean_error (GError     *error,
                    int         code,
                    const char *needle1,
                    const char *needle2)
{
  g_assert_nonnull (error);
  if (code >= 0)
    g_assert_error (error, SC_ERROR, code);
  else
    g_assert_true (error->domain == SC_ERROR);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, needle1));
  if (needle2 != NULL)
    g_assert_nonnull (strstr (error->message, needle2));
  g_assert_null (strchr (error->message, '\n'));
  g_error_free (error);
}

#define GRAY8(w, h) \
  { 256, 4, 1, w }, { 257, 4, 1, h }, { 258, 3, 1, 8 }, { 262, 3, 1, 1 }

static void
test_shape_overflow (void)
{
  ScStackInfo info;
  g_autoptr(GError) error = NULL;

  /* 2^22 x 2^21 x 2^21 planes is 2^64: it wrapped to 0 before the check was exact. */
  sc_stack_info_init (&info);
  info.width = info.height = 4;
  info.n_channels = 1u << 22;
  info.n_slices = 1u << 21;
  info.n_frames = 1u << 21;
  g_assert_false (sc_stack_info_validate (&info, "/x/wrap.tif", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "wrap.tif"));
  g_clear_error (&error);

  info.n_channels = info.n_slices = info.n_frames = G_MAXUINT;
  g_assert_false (sc_stack_info_validate (&info, "/x/wrap.tif", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* width x height x samples x size: 2^20 x 2^20 x 4 x 4 bytes overflows nothing but is
   * refused by the plane limit. */
  info.n_channels = info.n_slices = info.n_frames = 1;
  info.width = info.height = SC_MAX_DIMENSION;
  info.samples_per_pixel = 4;
  info.sample_type = SC_SAMPLE_F32;
  g_assert_false (sc_stack_info_validate (&info, "/x/wide.tif", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_TOO_LARGE);
  sc_stack_info_clear (&info);
}

static void
test_plane_limit (void)
{
  /* The limit comes from SC_MAX_PLANE_BYTES (1 MiB here): 1024 x 1024 u16 is 2 MiB. */
  Entry big[] = { { 256, 4, 1, 1024 }, { 257, 4, 1, 1024 }, { 258, 3, 1, 16 }, { 262, 3, 1, 1 },
                  { 273, 4, 1, 8 }, { 279, 4, 1, 16 } };
  Entry ok[] = { { 256, 4, 1, 1024 }, { 257, 4, 1, 512 }, { 258, 3, 1, 16 }, { 262, 3, 1, 1 },
                 { 273, 4, 1, 8 }, { 279, 4, 1, 1 << 20 } };
  g_autofree char *path = write_tiff ("limit.tif", big, G_N_ELEMENTS (big));
  g_autofree char *path2 = write_tiff ("at-limit.tif", ok, G_N_ELEMENTS (ok));
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;

  g_assert_cmpuint (sc_max_plane_bytes (), ==, PLANE_LIMIT);
  assert_clean_error (open_and_read (path), SC_ERROR_TOO_LARGE, "limit.tif", "MiB");

  /* Exactly at the limit it is accepted; its (missing) pixels are a truncated page, and a
   * file of no complete page does not open. */
  stack = sc_stack_open (path2, NULL, &error);
  g_assert_null (stack);
  g_assert_error (error, SC_ERROR, SC_ERROR_CORRUPT);
  g_clear_error (&error);
  assert_clean_error (open_and_read (path2), SC_ERROR_CORRUPT, "page 1 of at-limit.tif", "truncated");
}

static void
test_ifd_self_loop (void)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  g_autofree char *path = g_build_filename (tmpdir, "self-loop.tif", NULL);
  Entry e[] = { GRAY8 (4, 4), { 273, 4, 1, 8 }, { 279, 4, 1, 16 } };
  guint ifd, next;

  g_byte_array_append (b, (const guint8 *) "II*\0\0\0\0\0", 8);
  g_byte_array_append (b, (const guint8 *) "0123456789abcdef", 16);
  ifd = b->len;
  next = add_ifd (b, e, G_N_ELEMENTS (e));
  set32 (b, 4, ifd);
  set32 (b, next, ifd);   /* the page points to itself */
  g_assert_true (g_file_set_contents (path, (const char *) b->data, b->len, NULL));
  assert_clean_error (open_and_read (path), SC_ERROR_CORRUPT, "self-loop.tif", "loop");
}

static void
test_absurd_strip_count (void)
{
  /* 2^31 strip offsets in a 100-byte file, and 1 row per strip over 4 rows. */
  Entry e[] = { GRAY8 (4, 4), { 273, 4, 0x80000000u, 8 }, { 278, 4, 1, 1 },
                { 279, 4, 0x80000000u, 8 } };
  Entry lzw[] = { GRAY8 (4, 4), { 259, 3, 1, 5 }, { 273, 4, 0x80000000u, 8 }, { 278, 4, 1, 1 },
                  { 279, 4, 0x80000000u, 8 } };
  g_autofree char *path = write_tiff ("strips.tif", e, G_N_ELEMENTS (e));
  g_autofree char *path2 = write_tiff ("strips-lzw.tif", lzw, G_N_ELEMENTS (lzw));

  assert_clean_error (open_and_read (path), -1, "strips.tif", "page 1");
  assert_clean_error (open_and_read (path2), -1, "strips-lzw.tif", NULL);
}

static void
test_wrong_byte_counts (void)
{
  /* Uncompressed 4 x 4 needs 16 bytes: the count says 3, or points past the end. */
  Entry small[] = { GRAY8 (4, 4), { 273, 4, 1, 8 }, { 279, 4, 1, 3 } };
  Entry past[] = { GRAY8 (4, 4), { 273, 4, 1, 8 }, { 279, 4, 1, 1 << 30 }, { 259, 3, 1, 8 } };
  Entry offset[] = { GRAY8 (4, 4), { 273, 4, 1, 0xfffffff0u }, { 279, 4, 1, 16 } };
  g_autofree char *path = write_tiff ("count-small.tif", small, G_N_ELEMENTS (small));
  g_autofree char *path2 = write_tiff ("count-past.tif", past, G_N_ELEMENTS (past));
  g_autofree char *path3 = write_tiff ("offset-past.tif", offset, G_N_ELEMENTS (offset));

  assert_clean_error (open_and_read (path), SC_ERROR_CORRUPT, "page 1 of count-small.tif", NULL);
  assert_clean_error (open_and_read (path2), SC_ERROR_CORRUPT, "page 1 of count-past.tif", NULL);
  assert_clean_error (open_and_read (path3), SC_ERROR_CORRUPT, "page 1 of offset-past.tif",
                      "truncated");
}

static void
test_invalid_compression (void)
{
  Entry e[] = { GRAY8 (4, 4), { 259, 3, 1, 12345 }, { 273, 4, 1, 8 }, { 279, 4, 1, 16 } };
  Entry zero[] = { GRAY8 (4, 4), { 259, 3, 1, 0 }, { 273, 4, 1, 8 }, { 279, 4, 1, 16 } };
  g_autofree char *path = write_tiff ("codec.tif", e, G_N_ELEMENTS (e));
  g_autofree char *path2 = write_tiff ("codec0.tif", zero, G_N_ELEMENTS (zero));

  assert_clean_error (open_and_read (path), SC_ERROR_UNSUPPORTED, "page 1 of codec.tif", "12345");
  assert_clean_error (open_and_read (path2), -1, "codec0.tif", NULL);
}

static void
test_mismatched_bits_samples (void)
{
  /* 33-bit integers, 0 bits, 16-bit floats, RGB with 2 samples, 65535 samples per pixel,
   * and a palette without its colormap. */
  Entry b33[] = { { 256, 4, 1, 4 }, { 257, 4, 1, 4 }, { 258, 3, 1, 33 }, { 273, 4, 1, 8 } };
  Entry b0[] = { { 256, 4, 1, 4 }, { 257, 4, 1, 4 }, { 258, 3, 1, 0 }, { 273, 4, 1, 8 } };
  Entry f16[] = { { 256, 4, 1, 4 }, { 257, 4, 1, 4 }, { 258, 3, 1, 16 }, { 273, 4, 1, 8 },
                  { 339, 3, 1, 3 } };
  Entry rgb2[] = { { 256, 4, 1, 4 }, { 257, 4, 1, 4 }, { 258, 3, 1, 8 }, { 262, 3, 1, 2 },
                   { 273, 4, 1, 8 }, { 277, 3, 1, 2 } };
  Entry spp[] = { { 256, 4, 1, 1024 }, { 257, 4, 1, 512 }, { 258, 3, 1, 8 }, { 262, 3, 1, 1 },
                  { 273, 4, 1, 8 }, { 277, 3, 1, 65535 } };
  Entry pal[] = { { 256, 4, 1, 4 }, { 257, 4, 1, 4 }, { 258, 3, 1, 8 }, { 262, 3, 1, 3 },
                  { 273, 4, 1, 8 }, { 279, 4, 1, 16 } };
  struct { const char *name; const Entry *e; guint n; } cases[] = {
    { "b33.tif", b33, G_N_ELEMENTS (b33) }, { "b0.tif", b0, G_N_ELEMENTS (b0) },
    { "f16.tif", f16, G_N_ELEMENTS (f16) }, { "rgb2.tif", rgb2, G_N_ELEMENTS (rgb2) },
    { "spp65535.tif", spp, G_N_ELEMENTS (spp) }, { "palette-no-map.tif", pal, G_N_ELEMENTS (pal) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_tiff (cases[i].name, cases[i].e, cases[i].n);
      GError *error = open_and_read (path);

      /* A palette page without a colormap may read as gray; all others must fail. */
      if (error == NULL && g_str_equal (cases[i].name, "palette-no-map.tif"))
        continue;
      assert_clean_error (error, -1, cases[i].name, NULL);
    }
}

static void
test_symlink_loop (void)
{
  g_autofree char *a = g_build_filename (tmpdir, "loop-a.tif", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "loop-b.tif", NULL);
  g_autofree char *dir = g_build_filename (tmpdir, "folder-with-loop", NULL);
  g_autofree char *inner = g_build_filename (dir, "z1.tif", NULL);
  g_autofree char *self = g_build_filename (dir, "z0.tif", NULL);

  g_assert_cmpint (symlink ("loop-b.tif", a), ==, 0);
  g_assert_cmpint (symlink ("loop-a.tif", b), ==, 0);
  assert_clean_error (open_and_read (a), -1, "loop-a.tif", NULL);

  /* A folder whose only "image" is a link to itself. */
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_cmpint (symlink ("z1.tif", self), ==, 0);
  g_assert_cmpint (symlink ("z0.tif", inner), ==, 0);
  assert_clean_error (open_and_read (dir), -1, "folder-with-loop", NULL);
}

static void
test_unreadable (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "secret.tif", NULL);
  g_autofree char *dir = g_build_filename (tmpdir, "secret-folder", NULL);

  if (geteuid () == 0)
    {
      g_test_skip ("running as root, which reads files whatever their permissions");
      return;
    }
  g_assert_true (g_file_set_contents (path, "II*\0\0\0\0\0", 8, NULL));
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  assert_clean_error (open_and_read (path), SC_ERROR_PERMISSION, "secret.tif", NULL);
  g_assert_cmpint (g_mkdir (dir, 0), ==, 0);
  assert_clean_error (open_and_read (dir), SC_ERROR_PERMISSION, "secret-folder", NULL);
  g_chmod (dir, 0755);
}

/* Every descriptor this process holds on path is open read-only. */
static guint
assert_fds_read_only (const char *path)
{
  g_autoptr(GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  g_autofree char *real = realpath (path, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (fds);
  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);
      g_autofree char *info_path = g_build_filename ("/proc/self/fdinfo", name, NULL);
      g_autofree char *info = NULL;
      const char *flags;

      if (target == NULL || g_strcmp0 (target, real) != 0
          || !g_file_get_contents (info_path, &info, NULL, NULL))
        continue;
      flags = strstr (info, "flags:");
      g_assert_nonnull (flags);
      g_assert_cmpint (strtol (flags + 6, NULL, 8) & O_ACCMODE, ==, O_RDONLY);
      n++;
    }
  return n;
}

static void
test_input_read_only (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "input.tif", NULL);
  g_autofree char *out = g_build_filename (tmpdir, "input-copy.tif", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GBytes) data = g_bytes_new_take (g_malloc0 (4 * 4 * 3), 4 * 4 * 3);
  g_autoptr(ScStack) mem = sc_memory_stack_new ("m", 4, 4, 1, 3, 1, SC_SAMPLE_U8, 1, data);
  guint8 buf[16];
  struct stat before, after;

  g_assert_true (sc_export_tiff (mem, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_stat (path, &before), ==, 0);

  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_true (sc_stack_read_plane (stack, i, buf, NULL));
  g_assert_cmpuint (assert_fds_read_only (path), >=, 1);

  /* Exporting the stack to itself is refused; to another file leaves the input as it was. */
  g_assert_false (sc_export_tiff (stack, path, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (sc_export_tiff (stack, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
  g_assert_cmpint (before.st_size, ==, after.st_size);
  g_assert_cmpint (before.st_ino, ==, after.st_ino);
}

/* A disk that fills up: RLIMIT_FSIZE makes writes past a size fail with EFBIG (SIGXFSZ
 * ignored), in a subprocess so that the limit does not outlive the test. */
static void
test_disk_full_export (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *png = g_build_filename (tmpdir, "keep.png", NULL);
      g_autofree char *tif = g_build_filename (tmpdir, "keep.tif", NULL);
      g_autofree char *png_before = NULL, *tif_before = NULL, *png_after = NULL, *tif_after = NULL;
      gsize png_len, tif_len, len;
      g_autofree guint8 *noise = g_malloc (512 * 512 * 2);
      g_autoptr(GBytes) data = NULL;
      g_autoptr(ScStack) stack = NULL;
      g_autoptr(GError) error = NULL;
      struct rlimit rl = { 64 * 1024, 64 * 1024 };
      g_autoptr(GDir) dir = NULL;
      const char *name;
      guint n_files = 0;

      for (gsize i = 0; i < 512 * 512 * 2; i++)
        noise[i] = (guint8) g_random_int ();
      data = g_bytes_new (noise, 512 * 512 * 2);
      stack = sc_memory_stack_new ("noise", 512, 512, 1, 1, 1, SC_SAMPLE_U16, 1, data);

      /* Small files that the failed exports must leave alone. */
      g_assert_true (sc_png_write (png, SC_PNG_GRAY8, 2, 2, "abcd", 2, NULL, NULL));
      g_assert_true (g_file_set_contents (tif, "an earlier result", -1, NULL));
      g_assert_true (g_file_get_contents (png, &png_before, &png_len, NULL));
      g_assert_true (g_file_get_contents (tif, &tif_before, &tif_len, NULL));

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &rl), ==, 0);

      g_assert_false (sc_png_write (png, SC_PNG_GRAY16, 512, 512, noise, 1024, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("PNG: %s", error->message);
      g_assert_nonnull (strstr (error->message, "keep.png"));
      g_clear_error (&error);

      g_assert_false (sc_export_tiff (stack, tif, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("TIFF: %s", error->message);
      g_assert_nonnull (strstr (error->message, "keep.tif"));

      g_assert_true (g_file_get_contents (png, &png_after, &len, NULL));
      g_assert_cmpmem (png_after, len, png_before, png_len);
      g_assert_true (g_file_get_contents (tif, &tif_after, &len, NULL));
      g_assert_cmpmem (tif_after, len, tif_before, tif_len);

      /* No temporary file is left behind. */
      dir = g_dir_open (tmpdir, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_prefix (name, "keep") || g_str_has_prefix (name, ".keep"))
          n_files++;
      g_assert_cmpuint (n_files, ==, 2);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static gsize
vm_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  p = strstr (status, "VmRSS:");
  g_assert_nonnull (p);
  return (gsize) g_ascii_strtoull (p + 6, NULL, 10);
}

/* A 20 GB ImageJ big stack in a sparse file: opening it and reading its first and last
 * planes keeps memory far below 200 MB. */
static void
test_sparse_20gb (void)
{
  const guint w = 1024, h = 512, images = 20000;   /* 1 MiB planes, 20.97 GB */
  g_autofree char *path = g_build_filename (tmpdir, "sparse-20gb.tif", NULL);
  g_autofree char *desc = g_strdup_printf ("ImageJ=1.54f\nimages=%u\nslices=%u\nloop=false\n",
                                           images, images);
  g_autoptr(GByteArray) b = g_byte_array_new ();
  g_autoptr(ScStack) stack = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint16 *plane = NULL;
  guint64 size = 0;
  gsize rss0, rss1;
  guint ifd, data_at;
  int fd;

  g_byte_array_append (b, (const guint8 *) "II*\0\0\0\0\0", 8);
  g_byte_array_append (b, (const guint8 *) desc, (guint) strlen (desc) + 1);
  if (b->len & 1)
    g_byte_array_append (b, (const guint8 *) "", 1);
  ifd = b->len;
  data_at = ifd + 2 + 8 * 12 + 4;
  {
    Entry e[] = { { 256, 4, 1, w }, { 257, 4, 1, h }, { 258, 3, 1, 16 }, { 262, 3, 1, 1 },
                  { 270, 2, (guint32) strlen (desc) + 1, 8 }, { 273, 4, 1, data_at },
                  { 278, 4, 1, h }, { 279, 4, 1, w * h * 2 } };
    add_ifd (b, e, G_N_ELEMENTS (e));
  }
  g_assert_cmpuint (b->len, ==, data_at);
  set32 (b, 4, ifd);
  /* The first plane has a ramp; the rest of the file is a hole (zeros). */
  for (guint i = 0; i < w * h; i++)
    put16 (b, (guint16) (i % 4099));

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, b->data, b->len), ==, (gssize) b->len);
  size = data_at + (guint64) images * w * h * 2;
  if (ftruncate (fd, (off_t) size) != 0)
    {
      close (fd);
      g_test_skip ("the temporary folder's file system has no sparse 20 GB files");
      return;
    }
  close (fd);

  rss0 = vm_rss_kib ();
  stack = sc_stack_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_stack_get_n_planes (stack), ==, images);
  plane = g_malloc (sc_stack_get_plane_size (stack));
  g_assert_true (sc_stack_read_plane (stack, 0, plane, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plane[w * h - 1], ==, (w * h - 1) % 4099);
  g_assert_true (sc_stack_read_plane (stack, images - 1, plane, &error));
  g_assert_cmpuint (plane[12345], ==, 0);
  rss1 = vm_rss_kib ();
  g_test_message ("20 GB sparse stack: VmRSS %" G_GSIZE_FORMAT " KiB before opening, %"
                  G_GSIZE_FORMAT " KiB after opening and reading 2 planes", rss0, rss1);
  g_assert_cmpuint (rss1, <, 200 * 1024);
  g_assert_cmpuint (rss1 - MIN (rss0, rss1), <, 64 * 1024);
  g_clear_object (&stack);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  /* Before anything reads it: sc_max_plane_bytes() looks once. */
  g_setenv ("SC_MAX_PLANE_BYTES", G_STRINGIFY (1048576), TRUE);
  g_test_init (&argc, &argv, NULL);
  tmpdir = sc_test_make_tmpdir ();

  g_test_add_func ("/core/robustness/shape-overflow", test_shape_overflow);
  g_test_add_func ("/core/robustness/plane-limit", test_plane_limit);
  g_test_add_func ("/core/robustness/ifd-self-loop", test_ifd_self_loop);
  g_test_add_func ("/core/robustness/absurd-strip-count", test_absurd_strip_count);
  g_test_add_func ("/core/robustness/wrong-byte-counts", test_wrong_byte_counts);
  g_test_add_func ("/core/robustness/invalid-compression", test_invalid_compression);
  g_test_add_func ("/core/robustness/mismatched-bits-samples", test_mismatched_bits_samples);
  g_test_add_func ("/core/robustness/symlink-loop", test_symlink_loop);
  g_test_add_func ("/core/robustness/unreadable", test_unreadable);
  g_test_add_func ("/core/robustness/input-read-only", test_input_read_only);
  g_test_add_func ("/core/robustness/disk-full-export", test_disk_full_export);
  g_test_add_func ("/core/robustness/sparse-20gb", test_sparse_20gb);
  return g_test_run ();
}
