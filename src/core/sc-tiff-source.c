/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sc-tiff-source"

#include "config.h"

#include "sc-error.h"
#include "sc-tiff-source.h"

struct _ScTiffSource
{
  ScSource  parent_instance;
  char     *path;
};

G_DEFINE_FINAL_TYPE (ScTiffSource, sc_tiff_source, SC_TYPE_SOURCE)

static void
sc_tiff_source_finalize (GObject *object)
{
  ScTiffSource *self = SC_TIFF_SOURCE (object);

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (sc_tiff_source_parent_class)->finalize (object);
}

static gboolean
sc_tiff_source_read_rows (ScSource  *source,
                          guint      plane,
                          guint      y0,
                          guint      n_rows,
                          gpointer   dest,
                          GError   **error)
{
  g_set_error_literal (error, SC_ERROR, SC_ERROR_UNSUPPORTED, "TIFF reading is not implemented yet");
  return FALSE;
}

static void
sc_tiff_source_class_init (ScTiffSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ScSourceClass *source_class = SC_SOURCE_CLASS (klass);

  object_class->finalize = sc_tiff_source_finalize;
  source_class->read_rows = sc_tiff_source_read_rows;
}

static void
sc_tiff_source_init (ScTiffSource *self)
{
}

ScSource *
sc_tiff_source_open (const char    *path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_filename_display_basename (path);
  g_set_error (error, SC_ERROR, SC_ERROR_UNSUPPORTED, "%s: TIFF reading is not implemented yet", name);
  return NULL;
}
