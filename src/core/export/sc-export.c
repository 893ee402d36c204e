/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-export"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sc-error.h"
#include "sc-export.h"
#include "sc-tiff-writer.h"
#include "sc-view-state.h"

gboolean
sc_export_tiff (ScStack       *stack,
                const char    *path,
                GCancellable  *cancellable,
                GError       **error)
{
  g_return_val_if_fail (SC_IS_STACK (stack), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return sc_export_check_target_for_stack (path, stack, NULL, TRUE, error)
         && sc_tiff_writer_write (stack, path, cancellable, error);
}

gboolean
sc_export_png (ScStack                   *stack,
               guint                      c,
               guint                      z,
               guint                      t,
               const ScExportPngOptions  *options,
               const char                *path,
               GCancellable              *cancellable,
               GError                   **error)
{
  g_return_val_if_fail (SC_IS_STACK (stack), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return sc_export_check_target_for_stack (path, stack, options->protect_path, options->overwrite,
                                           error)
         && sc_export_png_write (stack, c, z, t, options, path, cancellable, error);
}

gboolean
sc_export_png_view (const ScViewSnapshot     *view,
                    const ScExportPngOptions *options,
                    const char               *path,
                    GCancellable             *cancellable,
                    GError                  **error)
{
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return sc_export_check_target_for_stack (path, sc_view_snapshot_get_stack (view),
                                           options->protect_path, options->overwrite, error)
         && sc_export_png_write_view (view, options, path, cancellable, error);
}

gboolean
sc_export_check_target_for_stack (const char  *path,
                                  ScStack     *stack,
                                  const char  *protect_path,
                                  gboolean     overwrite,
                                  GError     **error)
{
  struct stat st;
  gboolean exists;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (stack == NULL || SC_IS_STACK (stack), FALSE);

  exists = stat (path, &st) == 0;
  if ((stack != NULL && sc_stack_is_origin_file (stack, path))
      || (protect_path != NULL && sc_origin_path_contains (protect_path, path)))
    {
      g_autofree char *name = g_filename_display_name (path);

      if (exists && lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
        g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                     _("Will not write over the input %s (a link to an input file); "
                     "choose another output name"), name);
      else
        g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                     _("Will not write over the input %s; choose another output name"), name);
      return FALSE;
    }
  if (!overwrite && exists)
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s exists already and was left as it was"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_export_check_target (const char  *path,
                        const char  *protect_path,
                        gboolean     overwrite,
                        GError     **error)
{
  return sc_export_check_target_for_stack (path, NULL, protect_path, overwrite, error);
}

gboolean
sc_export_folder_is_writable (const char *path)
{
  struct statvfs fs;

  if (path == NULL || *path == '\0' || !g_file_test (path, G_FILE_TEST_IS_DIR))
    return FALSE;
  if (access (path, W_OK | X_OK) != 0)
    return FALSE;
  /* access() answers for root from the permissions alone on some file systems */
  return !(statvfs (path, &fs) == 0 && (fs.f_flag & ST_RDONLY));
}

char *
sc_export_choose_folder (const char *last_export,
                         const char *stack_path,
                         const char *pictures,
                         const char *home)
{
  g_autofree char *stack_folder = NULL;
  const char *candidates[4];

  if (stack_path != NULL && *stack_path != '\0')
    {
      g_autofree char *absolute = g_canonicalize_filename (stack_path, NULL);

      stack_folder = g_path_get_dirname (absolute);
    }
  candidates[0] = last_export;
  candidates[1] = stack_folder;
  candidates[2] = pictures;
  candidates[3] = home;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (sc_export_folder_is_writable (candidates[i]))
      return g_strdup (candidates[i]);
  return NULL;
}

char *
sc_export_plane_file_name (const char *prefix,
                           guint       z,
                           guint       n_slices)
{
  int digits = 1;

  g_return_val_if_fail (prefix != NULL, NULL);

  for (guint n = MAX (n_slices, 1); n >= 10; n /= 10)
    digits++;
  return g_strdup_printf ("%s_z%0*u.png", prefix, MAX (digits, 2), z + 1);
}

GStrv
sc_export_planes_existing (const char *folder,
                           const char *prefix,
                           guint       first,
                           guint       last,
                           guint       n_slices)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (folder != NULL && prefix != NULL, NULL);

  for (guint z = first; z <= last && z < n_slices; z++)
    {
      g_autofree char *name = sc_export_plane_file_name (prefix, z, n_slices);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

gboolean
sc_export_planes_png (ScStack                   *stack,
                      guint                      c,
                      guint                      t,
                      guint                      first,
                      guint                      last,
                      const ScExportPngOptions  *options,
                      const char                *folder,
                      const char                *prefix,
                      ScExportProgress           progress,
                      gpointer                   progress_data,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  guint nz;

  g_return_val_if_fail (SC_IS_STACK (stack), FALSE);
  g_return_val_if_fail (options != NULL && folder != NULL && prefix != NULL, FALSE);

  nz = sc_stack_get_n_slices (stack);
  last = MIN (last, nz - 1);
  if (first > last)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID_ARGUMENT,
                   _("No planes to export: the range starts at %u after its end %u"),
                   first + 1, last + 1);
      return FALSE;
    }
  if (g_mkdir_with_parents (folder, 0777) != 0)
    {
      sc_set_error_from_errno (error, errno, folder, "create");
      return FALSE;
    }

  for (guint z = first; z <= last; z++)
    {
      g_autofree char *name = sc_export_plane_file_name (prefix, z, nz);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (!sc_export_png (stack, c, z, t, options, path, cancellable, error))
        return FALSE;
      if (progress)
        progress (z - first + 1, last - first + 1, progress_data);
    }
  return TRUE;
}
