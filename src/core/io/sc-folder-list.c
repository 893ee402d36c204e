/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-folder-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-folder-list.h"

gboolean
sc_image_file_kind_from_name (const char      *name,
                              ScImageFileKind *kind)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  lower = g_ascii_strdown (name, -1);
  if (g_str_has_suffix (lower, ".tif") || g_str_has_suffix (lower, ".tiff"))
    *kind = SC_IMAGE_FILE_TIFF;
  else if (g_str_has_suffix (lower, ".png"))
    *kind = SC_IMAGE_FILE_PNG;
  else
    return FALSE;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *na = *(const char * const *) a;
  const char *nb = *(const char * const *) b;
  int cmp = sc_natural_compare (na, nb);

  /* Names equal but for case or zero padding still get a stable order. */
  return cmp != 0 ? cmp : strcmp (na, nb);
}

GStrv
sc_folder_list_images (const char  *folder,
                       GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  GPtrArray *paths;
  const char *name;

  g_return_val_if_fail (folder != NULL, NULL);

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      g_autofree char *display = g_filename_display_name (folder);
      int code = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES)
                 ? SC_ERROR_PERMISSION : SC_ERROR_NOT_FOUND;
      g_set_error (error, SC_ERROR, code, _("Cannot open the folder %s: %s"),
                   display, local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)))
    {
      ScImageFileKind kind;
      g_autofree char *child = NULL;

      if (name[0] == '.' || !sc_image_file_kind_from_name (name, &kind))
        continue;
      child = g_build_filename (folder, name, NULL);
      /* Skip folders named like images, and dangling links. */
      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }

  if (names->len == 0)
    {
      g_autofree char *display = g_filename_display_name (folder);
      g_set_error (error, SC_ERROR, SC_ERROR_EMPTY,
                   _("The folder %s contains no TIFF or PNG images"), display);
      return NULL;
    }

  g_ptr_array_sort (names, compare_names);
  paths = g_ptr_array_new ();
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (paths, g_build_filename (folder, g_ptr_array_index (names, i), NULL));
  g_ptr_array_add (paths, NULL);
  return (GStrv) g_ptr_array_free (paths, FALSE);
}
