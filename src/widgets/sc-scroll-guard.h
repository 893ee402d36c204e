/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* In a scrolled side panel the wheel scrolls the panel: over a spin button or scale among
 * container's descendants (now; call it once the template is built) that does not have
 * the keyboard focus, a scroll moves the enclosing GtkScrolledWindow instead of the value.
 * A control with the focus takes the wheel as before. */
void sc_scroll_guard_attach (GtkWidget *container);

G_END_DECLS
