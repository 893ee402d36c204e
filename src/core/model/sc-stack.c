/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-stack"

#include "config.h"

#include <dirent.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-source.h"
#include "sc-stack.h"

/* The files a stack's planes were read from, for the overwrite guard: by name and by
 * device and inode, so that a hard or symbolic link to one is known for what it is.
 * Immutable once built, and shared by the stacks computed from the stack. */
typedef struct {
  dev_t dev;
  ino_t ino;
} FileId;

typedef struct {
  grefcount   ref;
  GPtrArray  *paths;        /* absolute, with a NULL after the last */
  GHashTable *names;        /* the same strings, as a set */
  GHashTable *ids;          /* FileId set */
} OriginFiles;

struct _ScStack
{
  GObject      parent_instance;

  ScSource    *source;
  ScStackInfo *info;        /* owned by source */
  char        *path;        /* the file or folder opened; NULL for a stack made in memory */
  char        *display_name;
  OriginFiles *origins;     /* NULL when none */
  gsize        row_stride;
  gsize        plane_size;
};

G_DEFINE_FINAL_TYPE (ScStack, sc_stack, G_TYPE_OBJECT)

static guint
file_id_hash (gconstpointer key)
{
  const FileId *id = key;
  guint64 ino = (guint64) id->ino;

  return (guint) (ino ^ (ino >> 32)) ^ (guint) id->dev;
}

static gboolean
file_id_equal (gconstpointer a,
               gconstpointer b)
{
  const FileId *x = a, *y = b;
  return x->dev == y->dev && x->ino == y->ino;
}

static OriginFiles *
origin_files_new (void)
{
  OriginFiles *self = g_new0 (OriginFiles, 1);

  g_ref_count_init (&self->ref);
  self->paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->paths, NULL);
  self->names = g_hash_table_new (g_str_hash, g_str_equal);
  self->ids = g_hash_table_new_full (file_id_hash, file_id_equal, g_free, NULL);
  return self;
}

static OriginFiles *
origin_files_ref (OriginFiles *self)
{
  g_ref_count_inc (&self->ref);
  return self;
}

static void
origin_files_unref (OriginFiles *self)
{
  if (!g_ref_count_dec (&self->ref))
    return;
  g_hash_table_unref (self->ids);
  g_hash_table_unref (self->names);
  g_ptr_array_unref (self->paths);
  g_free (self);
}

/* Adds path (absolute) and, where st is given, the file it names. */
static void
origin_files_add (OriginFiles       *self,
                  const char        *path,
                  const struct stat *st)
{
  if (!g_hash_table_contains (self->names, path))
    {
      char *copy = g_strdup (path);

      g_ptr_array_insert (self->paths, self->paths->len - 1, copy);
      g_hash_table_add (self->names, copy);
    }
  if (st != NULL)
    {
      FileId *id = g_new (FileId, 1);

      id->dev = st->st_dev;
      id->ino = st->st_ino;
      g_hash_table_add (self->ids, id);
    }
}

static void
origin_files_add_all (OriginFiles       *self,
                      const OriginFiles *other)
{
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i + 1 < other->paths->len; i++)
    origin_files_add (self, g_ptr_array_index (other->paths, i), NULL);
  g_hash_table_iter_init (&iter, other->ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (self->ids, key))
      g_hash_table_add (self->ids, g_memdup2 (key, sizeof (FileId)));
}

/* The file opened, or every file of the folder opened (not only the images the folder
 * source takes: none of them is ours to write over). */
static OriginFiles *
origin_files_for_path (const char *path)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  OriginFiles *self = origin_files_new ();
  struct stat st;
  DIR *dir;

  if (stat (abs, &st) != 0)
    return self;
  if (!S_ISDIR (st.st_mode))
    {
      origin_files_add (self, abs, &st);
      return self;
    }
  if ((dir = opendir (abs)) == NULL)
    return self;
  for (struct dirent *entry; (entry = readdir (dir)) != NULL;)
    {
      g_autofree char *child = NULL;

      if (g_str_equal (entry->d_name, ".") || g_str_equal (entry->d_name, ".."))
        continue;
      if (fstatat (dirfd (dir), entry->d_name, &st, 0) != 0 || !S_ISREG (st.st_mode))
        continue;
      child = g_build_filename (abs, entry->d_name, NULL);
      origin_files_add (self, child, &st);
    }
  closedir (dir);
  return self;
}

static void
sc_stack_finalize (GObject *object)
{
  ScStack *self = SC_STACK (object);

  g_clear_object (&self->source);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->origins, origin_files_unref);

  G_OBJECT_CLASS (sc_stack_parent_class)->finalize (object);
}

static void
sc_stack_class_init (ScStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_stack_finalize;
}

static void
sc_stack_init (ScStack *self)
{
}

ScStack *
sc_stack_new_for_source (ScSource   *source,
                         const char *display_name)
{
  ScStack *self;

  g_return_val_if_fail (SC_IS_SOURCE (source), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  self = g_object_new (SC_TYPE_STACK, NULL);
  self->source = g_object_ref (source);
  self->info = sc_source_get_info (source);
  self->display_name = g_strdup (display_name);
  self->row_stride = (gsize) self->info->width * self->info->samples_per_pixel
                     * sc_sample_type_size (self->info->sample_type);
  self->plane_size = self->row_stride * self->info->height;

  return self;
}

ScStack *
sc_stack_new_for_file (ScSource   *source,
                       const char *path)
{
  g_autofree char *name = NULL;
  ScStack *self;

  g_return_val_if_fail (SC_IS_SOURCE (source), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  name = g_filename_display_basename (path);
  self = sc_stack_new_for_source (source, name);
  self->path = g_strdup (path);
  self->origins = origin_files_for_path (path);
  return self;
}

const char *
sc_stack_get_path (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), NULL);
  return self->path;
}

const char *
sc_stack_get_display_name (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), NULL);
  return self->display_name;
}

const char * const *
sc_stack_get_origin_files (ScStack *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (SC_IS_STACK (self), none);

  if (self->origins == NULL)
    return none;
  return (const char * const *) self->origins->paths->pdata;
}

/* Whether path names one of the files, by name or as the same file. */
static gboolean
origin_files_contain (const OriginFiles *self,
                      const char        *path)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  struct stat st;

  if (g_hash_table_contains (self->names, abs))
    return TRUE;
  /* stat() follows a symbolic link to the file it names; a hard link has its inode. */
  if (stat (abs, &st) == 0)
    {
      FileId id = { st.st_dev, st.st_ino };
      return g_hash_table_contains (self->ids, &id);
    }
  return FALSE;
}

gboolean
sc_stack_is_origin_file (ScStack    *self,
                         const char *path)
{
  g_return_val_if_fail (SC_IS_STACK (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return self->origins != NULL && origin_files_contain (self->origins, path);
}

gboolean
sc_origin_path_contains (const char *origin,
                         const char *path)
{
  g_autofree char *abs_origin = NULL;
  g_autofree char *abs_path = NULL;
  OriginFiles *files;
  gboolean found;

  g_return_val_if_fail (origin != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  abs_origin = g_canonicalize_filename (origin, NULL);
  abs_path = g_canonicalize_filename (path, NULL);
  if (g_str_equal (abs_origin, abs_path))
    return TRUE;
  files = origin_files_for_path (origin);
  found = origin_files_contain (files, path);
  origin_files_unref (files);
  return found;
}

void
sc_stack_add_origin (ScStack *self,
                     ScStack *input)
{
  OriginFiles *merged;

  g_return_if_fail (SC_IS_STACK (self));
  g_return_if_fail (SC_IS_STACK (input));

  if (input->origins == NULL || input == self || input->origins == self->origins)
    return;
  if (self->origins == NULL)
    {
      self->origins = origin_files_ref (input->origins);
      return;
    }
  merged = origin_files_new ();
  origin_files_add_all (merged, self->origins);
  origin_files_add_all (merged, input->origins);
  origin_files_unref (self->origins);
  self->origins = merged;
}

const char *
sc_stack_get_format (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), NULL);
  return self->info->format ? self->info->format : "";
}

guint
sc_stack_get_width (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->info->width;
}

guint
sc_stack_get_height (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->info->height;
}

guint
sc_stack_get_n_channels (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->info->n_channels;
}

guint
sc_stack_get_n_slices (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->info->n_slices;
}

guint
sc_stack_get_n_frames (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->info->n_frames;
}

guint
sc_stack_get_n_planes (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->info->n_channels * self->info->n_slices * self->info->n_frames;
}

ScSampleType
sc_stack_get_sample_type (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), SC_SAMPLE_U8);
  return self->info->sample_type;
}

guint
sc_stack_get_samples_per_pixel (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 1);
  return self->info->samples_per_pixel;
}

gsize
sc_stack_get_row_stride (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->row_stride;
}

guint
sc_stack_get_row_block (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 1);
  return CLAMP (self->info->row_block, 1, MAX (self->info->height, 1));
}

gsize
sc_stack_get_plane_size (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->plane_size;
}

const ScCalibration *
sc_stack_get_calibration (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), NULL);
  return &self->info->calibration;
}

const guint8 *
sc_stack_get_palette (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), NULL);
  return self->info->palette;
}

gboolean
sc_stack_get_channel_display (ScStack          *self,
                              guint             c,
                              ScChannelDisplay *hint)
{
  const ScChannelDisplay *d;

  g_return_val_if_fail (SC_IS_STACK (self), FALSE);
  g_return_val_if_fail (hint != NULL, FALSE);

  memset (hint, 0, sizeof *hint);
  if (c >= self->info->n_channels || c >= self->info->n_channel_display)
    return FALSE;
  d = &self->info->channel_display[c];
  *hint = *d;
  return d->lut != NULL || d->has_range || d->name != NULL;
}

ScCompositeMode
sc_stack_get_composite_mode (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), SC_COMPOSITE_MODE_UNSET);
  return self->info->composite_mode;
}

guint
sc_stack_get_n_series (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 1);
  return MAX (self->info->n_series, 1);
}

guint
sc_stack_get_series (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->info->series;
}

const char *
sc_stack_get_series_name (ScStack *self,
                          guint    series)
{
  const char *name;

  g_return_val_if_fail (SC_IS_STACK (self), NULL);
  g_return_val_if_fail (series < sc_stack_get_n_series (self), NULL);

  if (self->info->series_names == NULL || series >= self->info->series_names->len)
    return NULL;
  name = g_ptr_array_index (self->info->series_names, series);
  return name != NULL && *name != '\0' ? name : NULL;
}

const ScPageRange *
sc_stack_get_missing_pages (ScStack *self,
                            guint   *n_ranges)
{
  g_return_val_if_fail (SC_IS_STACK (self), NULL);
  g_return_val_if_fail (n_ranges != NULL, NULL);

  if (self->info->missing_pages == NULL || self->info->missing_pages->len == 0)
    {
      *n_ranges = 0;
      return NULL;
    }
  *n_ranges = self->info->missing_pages->len;
  return (const ScPageRange *) self->info->missing_pages->data;
}

/* The ranges as text ("3, 7–9, 13 and later"), and how many pages they hold. */
static char *
format_page_ranges (const ScPageRange *ranges,
                    guint              n,
                    gulong            *n_pages)
{
  GString *s = g_string_new (NULL);

  *n_pages = 0;
  for (guint i = 0; i < n; i++)
    {
      const ScPageRange *r = &ranges[i];

      if (i > 0)
        g_string_append (s, ", ");
      if (i == 5 && n > 6)
        {
          g_string_append (s, "…");
          *n_pages = G_MAXULONG;
          break;
        }
      if (r->last == 0)
        {
          /* Translators: page numbers in "Pages 13 and later of golgi.tif are missing" */
          g_string_append_printf (s, _("%u and later"), r->first);
          *n_pages = G_MAXULONG;
        }
      else if (r->last == r->first)
        g_string_append_printf (s, "%u", r->first);
      else
        g_string_append_printf (s, "%u–%u", r->first, r->last);
      if (*n_pages != G_MAXULONG)
        *n_pages += r->last == 0 ? 2 : r->last - r->first + 1;
    }
  return g_string_free (s, FALSE);
}

char *
sc_stack_describe_missing_pages (ScStack *self)
{
  const ScPageRange *ranges;
  g_autofree char *list = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *shown = NULL;
  gulong n_missing;
  guint n, n_shown;

  g_return_val_if_fail (SC_IS_STACK (self), NULL);

  if ((ranges = sc_stack_get_missing_pages (self, &n)) == NULL)
    return NULL;
  list = format_page_ranges (ranges, n, &n_missing);
  n_shown = self->info->n_pages_shown;
  /* Translators: the first %s is a list of page numbers ("13–25", "3, 7–9", "13 and later"),
   * the second a file name; the sentence goes on with "showing the 12 complete pages." */
  missing = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Page %s of %s is missing or incomplete;",
                                          "Pages %s of %s are missing or incomplete;", n_missing),
                             list, self->display_name);
  /* Translators: the end of "Pages 13–25 of golgi.tif are missing or incomplete;" */
  shown = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "showing the %u complete page.",
                                        "showing the %u complete pages.", n_shown), n_shown);
  return g_strdup_printf ("%s %s", missing, shown);
}

guint
sc_stack_plane_index (ScStack *self,
                      guint    c,
                      guint    z,
                      guint    t)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  g_return_val_if_fail (c < self->info->n_channels, 0);
  g_return_val_if_fail (z < self->info->n_slices, 0);
  g_return_val_if_fail (t < self->info->n_frames, 0);

  return c + self->info->n_channels * (z + self->info->n_slices * t);
}

void
sc_stack_plane_position (ScStack *self,
                         guint    index,
                         guint   *c,
                         guint   *z,
                         guint   *t)
{
  guint C, Z;

  g_return_if_fail (SC_IS_STACK (self));

  C = self->info->n_channels;
  Z = self->info->n_slices;
  if (c)
    *c = index % C;
  if (z)
    *z = (index / C) % Z;
  if (t)
    *t = index / C / Z;
}

char *
sc_stack_describe_plane (ScStack *self,
                         guint    index)
{
  g_return_val_if_fail (SC_IS_STACK (self), NULL);
  g_return_val_if_fail (index < sc_stack_get_n_planes (self), NULL);

  return sc_source_describe_plane (self->source, index);
}

guint
sc_stack_get_n_metadata (ScStack *self)
{
  g_return_val_if_fail (SC_IS_STACK (self), 0);
  return self->info->metadata->len / 2;
}

void
sc_stack_get_metadata (ScStack     *self,
                       guint        i,
                       const char **key,
                       const char **value)
{
  g_return_if_fail (SC_IS_STACK (self));
  g_return_if_fail (i < self->info->metadata->len / 2);

  if (key)
    *key = g_ptr_array_index (self->info->metadata, 2 * i);
  if (value)
    *value = g_ptr_array_index (self->info->metadata, 2 * i + 1);
}

const char *
sc_stack_lookup_metadata (ScStack    *self,
                          const char *key)
{
  g_return_val_if_fail (SC_IS_STACK (self), NULL);

  for (guint i = 0; i + 1 < self->info->metadata->len; i += 2)
    if (g_strcmp0 (g_ptr_array_index (self->info->metadata, i), key) == 0)
      return g_ptr_array_index (self->info->metadata, i + 1);
  return NULL;
}

char *
sc_metadata_display_name (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (g_str_has_prefix (key, SC_METADATA_FIRST_FILE))
    {
      g_autofree char *inner = sc_metadata_display_name (key + strlen (SC_METADATA_FIRST_FILE));

      /* Translators: metadata of the first file of a folder, e.g. "First file: Software" */
      return g_strdup_printf (_("First file: %s"), inner);
    }
  /* a name the core gave, in the catalogue; any other is left as it is */
  return g_strdup (g_dgettext (GETTEXT_PACKAGE, key));
}

gboolean
sc_stack_read_rows (ScStack   *self,
                    guint      index,
                    guint      y0,
                    guint      n_rows,
                    gpointer   dest,
                    GError   **error)
{
  g_return_val_if_fail (SC_IS_STACK (self), FALSE);
  g_return_val_if_fail (index < sc_stack_get_n_planes (self), FALSE);
  g_return_val_if_fail (y0 <= self->info->height && n_rows <= self->info->height - y0, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  if (n_rows == 0)
    return TRUE;

  return sc_source_read_rows (self->source, index, y0, n_rows, dest, error);
}

gboolean
sc_stack_read_planes_rows (ScStack      *self,
                           const guint  *indices,
                           guint         n_planes,
                           guint         y0,
                           guint         n_rows,
                           gpointer      dest,
                           gsize         dest_stride,
                           GError      **error)
{
  g_return_val_if_fail (SC_IS_STACK (self), FALSE);
  g_return_val_if_fail (n_planes == 0 || indices != NULL, FALSE);
  g_return_val_if_fail (y0 <= self->info->height && n_rows <= self->info->height - y0, FALSE);
  g_return_val_if_fail (n_planes == 0 || dest != NULL, FALSE);
  g_return_val_if_fail (n_planes < 2 || dest_stride >= n_rows * sc_stack_get_row_stride (self),
                        FALSE);

  if (n_rows == 0 || n_planes == 0)
    return TRUE;
  for (guint i = 0; i < n_planes; i++)
    g_return_val_if_fail (indices[i] < sc_stack_get_n_planes (self), FALSE);

  return sc_source_read_planes_rows (self->source, indices, n_planes, y0, n_rows, dest,
                                     dest_stride, error);
}

gboolean
sc_stack_read_plane (ScStack   *self,
                     guint      index,
                     gpointer   dest,
                     GError   **error)
{
  g_return_val_if_fail (SC_IS_STACK (self), FALSE);

  return sc_stack_read_rows (self, index, 0, self->info->height, dest, error);
}

gconstpointer
sc_stack_peek_rows (ScStack *self,
                    guint    index,
                    guint    y0,
                    guint    n_rows)
{
  g_return_val_if_fail (SC_IS_STACK (self), NULL);
  g_return_val_if_fail (index < sc_stack_get_n_planes (self), NULL);
  g_return_val_if_fail (y0 <= self->info->height && n_rows <= self->info->height - y0, NULL);

  return sc_source_peek_rows (self->source, index, y0, n_rows);
}

gboolean
sc_stack_check_peeked (ScStack  *self,
                       GError  **error)
{
  g_return_val_if_fail (SC_IS_STACK (self), FALSE);

  return sc_source_check_peeked (self->source, error);
}
