/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-application.h"
#include "sc-stack.h"

G_BEGIN_DECLS

#define SC_TYPE_WINDOW (sc_window_get_type ())
G_DECLARE_FINAL_TYPE (ScWindow, sc_window, SC, WINDOW, AdwApplicationWindow)

ScWindow *sc_window_new         (ScApplication *application);
/* Opens a TIFF file or a folder of images in the background. */
void      sc_window_open_file   (ScWindow      *self,
                                 GFile         *file);
void      sc_window_open_sample (ScWindow      *self);
ScStack  *sc_window_get_stack   (ScWindow      *self);

G_END_DECLS
