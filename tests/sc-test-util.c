/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "sc-test-util.h"

char *
sc_test_data_path (const char *relative)
{
  const char *root = g_getenv ("SC_TESTDATA");
  g_autofree char *path = NULL;

  if (root == NULL)
    root = "../shared/testdata";
  path = g_build_filename (root, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg = g_strdup_printf ("real test data %s is absent (see ../shared/testdata)",
                                              path);
      g_test_skip (msg);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static GPtrArray *tmpdirs;

static void
remove_recursive (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_recursive (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
remove_tmpdirs (void)
{
  for (guint i = 0; tmpdirs && i < tmpdirs->len; i++)
    remove_recursive (g_ptr_array_index (tmpdirs, i));
}

char *
sc_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("stackscope-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (tmpdirs == NULL)
    {
      tmpdirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_tmpdirs);
    }
  g_ptr_array_add (tmpdirs, g_strdup (path));
  return path;
}

double
sc_test_get_sample (ScSampleType  type,
                    const guint8 *data,
                    gsize         i)
{
  switch (type)
    {
    case SC_SAMPLE_U8: return data[i];
    case SC_SAMPLE_U16: return ((const guint16 *) (gconstpointer) data)[i];
    case SC_SAMPLE_U32: return ((const guint32 *) (gconstpointer) data)[i];
    case SC_SAMPLE_I8: return ((const gint8 *) (gconstpointer) data)[i];
    case SC_SAMPLE_I16: return ((const gint16 *) (gconstpointer) data)[i];
    case SC_SAMPLE_I32: return ((const gint32 *) (gconstpointer) data)[i];
    case SC_SAMPLE_F32: return ((const float *) (gconstpointer) data)[i];
    default: g_assert_not_reached ();
    }
}

void
sc_test_set_sample (ScSampleType  type,
                    guint8       *data,
                    gsize         i,
                    double        v)
{
  switch (type)
    {
    case SC_SAMPLE_U8: data[i] = (guint8) v; break;
    case SC_SAMPLE_U16: ((guint16 *) (gpointer) data)[i] = (guint16) v; break;
    case SC_SAMPLE_U32: ((guint32 *) (gpointer) data)[i] = (guint32) v; break;
    case SC_SAMPLE_I8: ((gint8 *) (gpointer) data)[i] = (gint8) v; break;
    case SC_SAMPLE_I16: ((gint16 *) (gpointer) data)[i] = (gint16) v; break;
    case SC_SAMPLE_I32: ((gint32 *) (gpointer) data)[i] = (gint32) v; break;
    case SC_SAMPLE_F32: ((float *) (gpointer) data)[i] = (float) v; break;
    default: g_assert_not_reached ();
    }
}
