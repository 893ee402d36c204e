/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the io layer's sources (TIFF, PNG, folders of them) with sc_stack_open().
 * It runs by itself when the program starts (a constructor; the core is linked whole),
 * and may be called again at no cost. */
void sc_io_register_formats (void);

G_END_DECLS
