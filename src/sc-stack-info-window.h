/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-stack.h"

G_BEGIN_DECLS

/* Shows what is known of stack (format, location, size, dimensions, sample type,
 * calibration, the file's metadata) in a window of its own over parent; made when asked
 * for, it goes when closed. */
void sc_stack_info_window_present (GtkWindow *parent,
                                   ScStack   *stack);

G_END_DECLS
