/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-folder-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <stdio.h>

#include "sc-error.h"
#include "sc-folder-list.h"
#include "sc-folder-source.h"
#include "sc-png-io.h"
#include "sc-tiff-source.h"

/* Open TIFF files kept at once: enough for every worker thread to have its own
 * while reading a folder of multipage stacks, few enough for any fd limit. */
#define MAX_OPEN_FILES 16

typedef struct {
  char     *path;
  ScImageFileKind kind;
} FolderFile;

typedef struct {
  guint     file;
  ScSource *source;
  guint64   last_use;
} OpenFile;

struct _ScFolderSource
{
  ScSource    parent_instance;

  char       *folder;
  FolderFile *files;
  guint       n_files;
  guint       planes_per_file;
  ScPngInfo   png_info;         /* expected shape of PNG files */

  GMutex      lock;
  OpenFile    open[MAX_OPEN_FILES];
  guint64     use_counter;
};

G_DEFINE_FINAL_TYPE (ScFolderSource, sc_folder_source, SC_TYPE_SOURCE)

static void
sc_folder_source_finalize (GObject *object)
{
  ScFolderSource *self = SC_FOLDER_SOURCE (object);

  for (guint i = 0; i < MAX_OPEN_FILES; i++)
    g_clear_object (&self->open[i].source);
  for (guint i = 0; i < self->n_files; i++)
    g_free (self->files[i].path);
  g_free (self->files);
  g_free (self->folder);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_folder_source_parent_class)->finalize (object);
}

static gboolean
same_shape (const ScStackInfo *a,
            const ScStackInfo *b)
{
  return a->width == b->width && a->height == b->height
         && a->sample_type == b->sample_type
         && a->samples_per_pixel == b->samples_per_pixel
         && a->n_channels == b->n_channels && a->n_slices == b->n_slices
         && a->n_frames == b->n_frames;
}

static char *
describe_shape (const ScStackInfo *info)
{
  GString *s = g_string_new (NULL);

  guint n_planes = info->n_channels * info->n_slices * info->n_frames;

  g_string_append_printf (s, "%u × %u %s", info->width, info->height,
                          sc_sample_type_to_string (info->sample_type));
  if (info->samples_per_pixel == 3)
    g_string_append (s, " RGB");
  else if (info->samples_per_pixel == 4)
    g_string_append (s, " RGBA");
  if (n_planes > 1)
    /* Translators: follows a size and type, e.g. "64 × 64 uint16, 5 planes" */
    g_string_append_printf (s, ngettext (", %u plane", ", %u planes", n_planes), n_planes);
  return g_string_free (s, FALSE);
}

static void
info_from_png (ScStackInfo     *info,
               const ScPngInfo *png)
{
  info->width = png->width;
  info->height = png->height;
  info->sample_type = png->bit_depth == 16 ? SC_SAMPLE_U16 : SC_SAMPLE_U8;
  info->samples_per_pixel = png->samples_per_pixel;
  info->n_channels = info->n_slices = info->n_frames = 1;
}

/* The shape of one file, opened only as far as its header(s). */
static gboolean
probe_file (ScFolderSource  *self,
            guint            i,
            ScStackInfo     *info,
            ScPngInfo       *png,
            ScSource       **tiff_out,
            GCancellable    *cancellable,
            GError         **error)
{
  const FolderFile *file = &self->files[i];

  if (file->kind == SC_IMAGE_FILE_PNG)
    {
      if (!sc_png_read_info (file->path, png, error))
        return FALSE;
      info_from_png (info, png);
      return TRUE;
    }
  else
    {
      g_autoptr(ScSource) tiff = sc_tiff_source_open (file->path, cancellable, error);
      ScStackInfo *ti;

      if (tiff == NULL)
        return FALSE;
      ti = sc_source_get_info (tiff);
      info->width = ti->width;
      info->height = ti->height;
      info->sample_type = ti->sample_type;
      info->samples_per_pixel = ti->samples_per_pixel;
      info->row_block = ti->row_block;
      info->n_channels = ti->n_channels;
      info->n_slices = ti->n_slices;
      info->n_frames = ti->n_frames;
      if (tiff_out)
        *tiff_out = g_steal_pointer (&tiff);
      return TRUE;
    }
}

static ScSource *
acquire_tiff (ScFolderSource  *self,
              guint            file,
              GError         **error)
{
  OpenFile *slot = NULL;
  ScSource *source;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < MAX_OPEN_FILES; i++)
    if (self->open[i].source != NULL && self->open[i].file == file)
      {
        self->open[i].last_use = ++self->use_counter;
        source = g_object_ref (self->open[i].source);
        g_mutex_unlock (&self->lock);
        return source;
      }
  g_mutex_unlock (&self->lock);

  source = sc_tiff_source_open (self->files[file].path, NULL, error);
  if (source == NULL)
    return NULL;

  /* The file may have been replaced since the folder was opened. */
  {
    const ScStackInfo *a = sc_source_get_info (source);
    const ScStackInfo *b = sc_source_get_info (SC_SOURCE (self));

    if (a->width != b->width || a->height != b->height || a->sample_type != b->sample_type
        || a->samples_per_pixel != b->samples_per_pixel
        || a->n_channels * a->n_slices * a->n_frames != self->planes_per_file)
      {
        g_autofree char *name = g_filename_display_basename (self->files[file].path);
        g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                     _("%s changed since the folder was opened"), name);
        g_object_unref (source);
        return NULL;
      }
  }

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < MAX_OPEN_FILES; i++)
    if (slot == NULL || self->open[i].source == NULL
        || (slot->source != NULL && self->open[i].last_use < slot->last_use))
      slot = &self->open[i];
  g_clear_object (&slot->source);
  slot->source = g_object_ref (source);
  slot->file = file;
  slot->last_use = ++self->use_counter;
  g_mutex_unlock (&self->lock);

  return source;
}

static gboolean
sc_folder_source_read_rows (ScSource  *source,
                            guint      plane,
                            guint      y0,
                            guint      n_rows,
                            gpointer   dest,
                            GError   **error)
{
  ScFolderSource *self = SC_FOLDER_SOURCE (source);
  guint file = plane / self->planes_per_file;
  guint inner = plane % self->planes_per_file;
  g_autoptr(ScSource) tiff = NULL;

  g_assert (file < self->n_files);

  if (self->files[file].kind == SC_IMAGE_FILE_PNG)
    return sc_png_read_rows (self->files[file].path, &self->png_info, y0, n_rows, dest, error);

  if (!(tiff = acquire_tiff (self, file, error)))
    return FALSE;
  return sc_source_read_rows (tiff, inner, y0, n_rows, dest, error);
}

static char *
sc_folder_source_describe_plane (ScSource *source,
                                 guint     plane)
{
  ScFolderSource *self = SC_FOLDER_SOURCE (source);
  guint file = plane / self->planes_per_file;
  g_autofree char *name = g_filename_display_basename (self->files[file].path);

  if (self->planes_per_file > 1)
    return g_strdup_printf (_("%s, page %u"), name, plane % self->planes_per_file + 1);
  return g_steal_pointer (&name);
}

static void
sc_folder_source_class_init (ScFolderSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ScSourceClass *source_class = SC_SOURCE_CLASS (klass);

  object_class->finalize = sc_folder_source_finalize;
  source_class->read_rows = sc_folder_source_read_rows;
  source_class->describe_plane = sc_folder_source_describe_plane;
}

static void
sc_folder_source_init (ScFolderSource *self)
{
  g_mutex_init (&self->lock);
}

static void
copy_calibration_and_metadata (ScStackInfo       *info,
                               const ScStackInfo *first)
{
  info->calibration.pixel_width = first->calibration.pixel_width;
  info->calibration.pixel_height = first->calibration.pixel_height;
  info->calibration.pixel_depth = first->calibration.pixel_depth;
  info->calibration.frame_interval = first->calibration.frame_interval;
  info->calibration.unit = g_strdup (first->calibration.unit);
  info->calibration.time_unit = g_strdup (first->calibration.time_unit);
  if (first->palette)
    info->palette = g_memdup2 (first->palette, 768);
  for (guint i = 0; i + 1 < first->metadata->len; i += 2)
    {
      g_autofree char *key = g_strconcat (SC_METADATA_FIRST_FILE,
                                          (char *) g_ptr_array_index (first->metadata, i), NULL);
      sc_stack_info_add_metadata (info, key, g_ptr_array_index (first->metadata, i + 1));
    }
}

ScSource *
sc_folder_source_open_files (const char          *path,
                             const char * const  *files,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autoptr(ScFolderSource) self = NULL;
  g_autoptr(ScSource) first_tiff = NULL;
  ScStackInfo *info;
  ScStackInfo first;
  guint n_png = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (files != NULL && files[0] != NULL, NULL);

  self = g_object_new (SC_TYPE_FOLDER_SOURCE, NULL);
  self->folder = g_strdup (path);
  self->n_files = g_strv_length ((char **) files);
  self->files = g_new0 (FolderFile, self->n_files);
  for (guint i = 0; i < self->n_files; i++)
    {
      self->files[i].path = g_strdup (files[i]);
      if (!sc_image_file_kind_from_name (files[i], &self->files[i].kind))
        {
          guint8 magic[4] = { 0 };
          FILE *f = fopen (files[i], "rbe");
          if (f)
            {
              if (fread (magic, 1, 4, f) != 4)
                memset (magic, 0, 4);
              fclose (f);
            }
          self->files[i].kind = magic[0] == 0x89 ? SC_IMAGE_FILE_PNG : SC_IMAGE_FILE_TIFF;
        }
      n_png += self->files[i].kind == SC_IMAGE_FILE_PNG;
    }

  sc_stack_info_init (&first);
  if (!probe_file (self, 0, &first, &self->png_info, &first_tiff, cancellable, error))
    {
      sc_stack_info_clear (&first);
      return NULL;
    }
  self->planes_per_file = first.n_channels * first.n_slices * first.n_frames;

  /* Every file must have the shape of the first; name the first one that differs. */
  for (guint i = 1; i < self->n_files; i++)
    {
      ScStackInfo other;
      ScPngInfo png;
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sc_stack_info_clear (&first);
          return NULL;
        }
      sc_stack_info_init (&other);
      ok = probe_file (self, i, &other, &png, NULL, cancellable, error);
      if (ok && !same_shape (&first, &other))
        {
          g_autofree char *name = g_filename_display_basename (self->files[i].path);
          g_autofree char *first_name = g_filename_display_basename (self->files[0].path);
          g_autofree char *expected = describe_shape (&first);
          g_autofree char *found = describe_shape (&other);
          g_set_error (error, SC_ERROR, SC_ERROR_INCONSISTENT,
                       _("%s is %s, but %s is %s: every file in a folder must have the same "
                       "size and type"), name, found, first_name, expected);
          ok = FALSE;
        }
      sc_stack_info_clear (&other);
      if (!ok)
        {
          sc_stack_info_clear (&first);
          return NULL;
        }
    }

  info = sc_source_get_info (SC_SOURCE (self));
  info->width = first.width;
  info->height = first.height;
  info->sample_type = first.sample_type;
  info->samples_per_pixel = first.samples_per_pixel;
  info->row_block = first.row_block;
  if (self->planes_per_file == 1)
    info->n_slices = self->n_files;
  else
    {
      /* Each file is a volume: files become time points. */
      info->n_channels = first.n_channels;
      info->n_slices = first.n_slices;
      info->n_frames = first.n_frames * self->n_files;
    }

  if (first_tiff)
    copy_calibration_and_metadata (info, sc_source_get_info (first_tiff));
  else if (self->png_info.has_palette)
    info->palette = g_memdup2 (self->png_info.palette, 768);

  if (self->n_files == 1)
    info->format = g_strdup (n_png ? "PNG" : "TIFF");
  else
    info->format = g_strdup (n_png == self->n_files ? _("PNG folder")
                             : n_png == 0 ? _("TIFF folder") : _("Image folder"));
  if (self->n_files > 1)
    {
      g_autofree char *first_name = g_path_get_basename (self->files[0].path);
      g_autofree char *last_name = g_path_get_basename (self->files[self->n_files - 1].path);
      sc_stack_info_take_metadata (info, N_("Files"), g_strdup_printf ("%u", self->n_files));
      sc_stack_info_add_metadata (info, N_("First file"), first_name);
      sc_stack_info_add_metadata (info, N_("Last file"), last_name);
      if (self->planes_per_file > 1)
        sc_stack_info_take_metadata (info, N_("Planes per file"),
                                     g_strdup_printf ("%u", self->planes_per_file));
    }
  sc_stack_info_clear (&first);

  if (!sc_stack_info_validate (info, path, error))
    return NULL;

  return SC_SOURCE (g_steal_pointer (&self));
}

ScSource *
sc_folder_source_open (const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_auto(GStrv) paths = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if ((paths = sc_folder_list_images (path, error)) == NULL)
    return NULL;
  return sc_folder_source_open_files (path, (const char * const *) paths, cancellable, error);
}
