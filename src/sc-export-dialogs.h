/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-page.h"

G_BEGIN_DECLS

/* The viewer's exports of a page: the save dialogs, the export in a worker, its progress.
 *
 * Properties: "running" (an export of planes runs and shows its progress), "fraction",
 * "text" (its progress).
 * Signals: "message" (const char *text): an export failed or stopped;
 *          "exported" (const char *text, const char *folder_uri): an export is written. */

#define SC_TYPE_EXPORT_DIALOGS (sc_export_dialogs_get_type ())
G_DECLARE_FINAL_TYPE (ScExportDialogs, sc_export_dialogs, SC, EXPORT_DIALOGS, GObject)

/* The dialogs are transient for parent (unowned: the window owns this). */
ScExportDialogs *sc_export_dialogs_new           (GtkWindow       *parent);
/* The plane page shows, as it shows it; source is the page of the stack opened, whose
 * files are never written over and whose name the files take. */
void             sc_export_dialogs_export_png    (ScExportDialogs *self,
                                                  ScPage          *page,
                                                  ScPage          *source);
/* The orthogonal pane of page along axis as it shows it (its pixels: one row per slice),
 * when the page shows its orthogonal views. */
void             sc_export_dialogs_export_pane_png (ScExportDialogs *self,
                                                    ScPage          *page,
                                                    ScPage          *source,
                                                    ScResliceAxis    axis);
/* Its data: the plane through the pane's row (XZ) or column (YZ) of every channel, in the
 * time point shown, with its calibration (pixel width and z spacing). */
void             sc_export_dialogs_export_pane_tiff (ScExportDialogs *self,
                                                     ScPage          *page,
                                                     ScPage          *source,
                                                     ScResliceAxis    axis);
/* The whole stack of page. */
void             sc_export_dialogs_export_tiff   (ScExportDialogs *self,
                                                  ScPage          *page,
                                                  ScPage          *source);
/* Slices first..last (0-based; or all, as the dialog offers) of the stack page shows,
 * one PNG each, into a folder. */
void             sc_export_dialogs_export_planes (ScExportDialogs *self,
                                                  ScPage          *page,
                                                  guint            first,
                                                  guint            last);
void             sc_export_dialogs_cancel        (ScExportDialogs *self);

G_END_DECLS
