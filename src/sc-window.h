/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-application.h"
#include "sc-page.h"

G_BEGIN_DECLS

#define SC_TYPE_WINDOW (sc_window_get_type ())
G_DECLARE_FINAL_TYPE (ScWindow, sc_window, SC, WINDOW, AdwApplicationWindow)

/* A window hosts tabs, one ScPage each: the stack opened and the results made of it. Its
 * header bar, side panels, navigation bar and status bar show the tab selected. */
ScWindow *sc_window_new              (ScApplication *application);
/* Opens a TIFF file or a folder of images in the background; the stack replaces the
 * window's tabs once it is open, and a stack that cannot be opened leaves them. */
void      sc_window_open_file        (ScWindow      *self,
                                      GFile         *file);
void      sc_window_open_sample      (ScWindow      *self);
ScStack  *sc_window_get_stack        (ScWindow      *self);
/* The page of the tab selected, and the page of the stack opened. */
ScPage   *sc_window_get_visible_page (ScWindow      *self);
ScPage   *sc_window_get_source_page  (ScWindow      *self);
/* A projection of the stack opened with the options of the projection panel; it waits
 * while another runs. */
void      sc_window_project          (ScWindow      *self);
void      sc_window_cancel_projection (ScWindow     *self);
gboolean  sc_window_get_projecting   (ScWindow      *self);

G_END_DECLS
