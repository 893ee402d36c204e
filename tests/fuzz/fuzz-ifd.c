/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-ifd"

#include "config.h"

#include "fuzz-common.h"
#include "sc-tiff-file.h"
#include "sc-tiff-ifd.h"

/* Bytes -> a TIFF file -> the IFD walker alone (no libtiff): the header, every directory
 * of the chain (up to where it breaks, as a file cut short), and the first and last strip
 * offsets and byte counts of every page. */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
read_strips (const ScTiffFile *file,
             const ScTiffPage *pg)
{
  const ScTiffTagRef *refs[2] = { &pg->strip_offsets, &pg->strip_counts };

  for (guint k = 0; k < 2; k++)
    {
      guint64 v[2];

      if (refs[k]->count == 0)
        continue;
      if (!sc_tiff_tag_read_uints (file, refs[k], 0, 1, v, pg->page_number, NULL))
        continue;
      if (refs[k]->count >= 2)
        sc_tiff_tag_read_uints (file, refs[k], refs[k]->count - 2, 2, v, pg->page_number, NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  ScTiffFile file = { 0 };
  guint n_ifds = 0, n_reduced = 0, broken_at = 0;
  char *path;
  int fd;

  if (size < 8 || !((data[0] == 'I' && data[1] == 'I') || (data[0] == 'M' && data[1] == 'M')))
    return -1;
  path = fuzz_write_file (data, size, &fd);
  pages = g_array_new (FALSE, FALSE, sizeof (ScTiffPage));
  file.fd = -1;
  if (sc_tiff_file_open (&file, path, &error)
      && sc_tiff_walk_ifds (&file, pages, NULL, &n_ifds, &n_reduced, &broken_at, &error))
    {
      g_assert (pages->len + n_reduced == n_ifds);
      /* a chain that broke ends at the directory after the last one read */
      g_assert (broken_at == 0 || (broken_at == n_ifds + 1 && n_ifds >= 1));
      for (guint i = 0; i < pages->len; i++)
        read_strips (&file, &g_array_index (pages, ScTiffPage, i));
    }
  else
    g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
  sc_tiff_file_clear (&file);
  fuzz_close_file (path, fd);
  return 0;
}
