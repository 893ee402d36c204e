/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-stack-open"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-parallel.h"
#include "sc-stack-open.h"
#include "sc-stack.h"

#define MAGIC_SIZE 16

static GMutex formats_lock;
static GPtrArray *formats;   /* const ScSourceFormat *, in the order registered */

void
sc_stack_register_format (const ScSourceFormat *format)
{
  g_return_if_fail (format != NULL && format->open != NULL && format->name != NULL);
  g_return_if_fail (format->opens_folders || format->sniff != NULL);

  g_mutex_lock (&formats_lock);
  if (formats == NULL)
    formats = g_ptr_array_new ();
  if (!g_ptr_array_find (formats, format, NULL))
    g_ptr_array_add (formats, (gpointer) format);
  g_mutex_unlock (&formats_lock);
}

/* A snapshot, so that no lock is held while a source opens. */
static GPtrArray *
copy_formats (void)
{
  GPtrArray *copy = g_ptr_array_new ();

  g_mutex_lock (&formats_lock);
  for (guint i = 0; formats != NULL && i < formats->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (formats, i));
  g_mutex_unlock (&formats_lock);
  return copy;
}

static gboolean
has_suffix_ci (const char *path,
               const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  return suffix != NULL && g_str_has_suffix (lower, suffix);
}

static void
set_not_recognized (const char  *path,
                    GPtrArray   *table,
                    GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);

  for (guint i = 0; i < table->len; i++)
    {
      const ScSourceFormat *format = g_ptr_array_index (table, i);

      if (!format->opens_folders && has_suffix_ci (path, format->suffix))
        {
          /* TRANSLATORS: the first %s is a file name, the second a format ("PNG") */
          g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED, _("%s is not a valid %s file"),
                       name, format->name);
          return;
        }
    }
  g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
               _("%s is not an image file that Stackscope can open"), name);
}

/* A format of one series per file has series 0 alone. */
static ScSource *
open_format (const ScSourceFormat  *format,
             const char            *path,
             guint                  series,
             GCancellable          *cancellable,
             GError               **error)
{
  if (format->open_series != NULL)
    return format->open_series (path, series, cancellable, error);
  if (series == 0)
    return format->open (path, cancellable, error);
  {
    g_autofree char *name = g_filename_display_basename (path);
    /* Translators: %s is a file name, %u a series number counted from 1 */
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                 _("%s holds one image series; there is no series %u"), name, series + 1);
  }
  return NULL;
}

static ScSource *
open_folder (const char    *path,
             guint          series,
             GPtrArray     *table,
             GCancellable  *cancellable,
             GError       **error)
{
  for (guint i = 0; i < table->len; i++)
    {
      const ScSourceFormat *format = g_ptr_array_index (table, i);

      if (format->opens_folders)
        return open_format (format, path, series, cancellable, error);
    }
  {
    g_autofree char *name = g_filename_display_name (path);
    g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED,
                 _("Stackscope cannot open folders such as %s"), name);
  }
  return NULL;
}

static ScSource *
open_file (const char    *path,
           guint          series,
           GPtrArray     *table,
           GCancellable  *cancellable,
           GError       **error)
{
  guint8 magic[MAGIC_SIZE] = { 0 };
  ssize_t n;
  int fd;

  if ((fd = open (path, O_RDONLY | O_CLOEXEC)) < 0)
    {
      sc_set_error_from_errno (error, errno, path, "open");
      return NULL;
    }
  do
    n = read (fd, magic, sizeof magic);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved = errno;
      close (fd);
      sc_set_error_from_errno (error, saved, path, "read");
      return NULL;
    }
  close (fd);

  if (n == 0)
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, SC_ERROR, SC_ERROR_EMPTY, _("%s is empty (0 bytes)"), name);
      return NULL;
    }
  for (guint i = 0; i < table->len; i++)
    {
      const ScSourceFormat *format = g_ptr_array_index (table, i);

      if (!format->opens_folders && format->sniff (magic, (gsize) n))
        return open_format (format, path, series, cancellable, error);
    }
  set_not_recognized (path, table, error);
  return NULL;
}

/* The source for path: a registered format that opens folders for a folder, else the
 * first registered format whose sniff accepts the file's first bytes. */
static ScSource *
open_source (const char    *path,
             guint          series,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GPtrArray) table = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  if (stat (path, &st) != 0)
    {
      sc_set_error_from_errno (error, errno, path, "open");
      return NULL;
    }
  table = copy_formats ();
  if (S_ISDIR (st.st_mode))
    return open_folder (path, series, table, cancellable, error);
  if (!S_ISREG (st.st_mode))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED, _("%s is neither a file nor a folder"),
                   name);
      return NULL;
    }
  return open_file (path, series, table, cancellable, error);
}

ScStack *
sc_stack_open_series (const char    *path,
                      guint          series,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(ScSource) source = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if ((source = open_source (path, series, cancellable, error)) == NULL)
    return NULL;
  g_assert (sc_source_get_info (source)->series == series);
  return sc_stack_new_for_file (source, path);
}

ScStack *
sc_stack_open (const char    *path,
               GCancellable  *cancellable,
               GError       **error)
{
  return sc_stack_open_series (path, 0, cancellable, error);
}

typedef struct {
  char  *path;
  guint  series;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  ScStack *stack;

  sc_parallel_lower_thread ();
  stack = sc_stack_open_series (data->path, data->series, cancellable, &error);

  if (stack == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stack, g_object_unref);
}

void
sc_stack_open_series_async (const char          *path,
                            guint                series,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  /* one source tag: sc_stack_open_finish() finishes either */
  g_task_set_source_tag (task, sc_stack_open_async);
  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->series = series;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

void
sc_stack_open_async (const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  sc_stack_open_series_async (path, 0, cancellable, callback, user_data);
}

ScStack *
sc_stack_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sc_stack_open_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
