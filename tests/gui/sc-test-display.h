/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts a private Xvfb (killed at exit) and points GTK at it; without Xvfb, uses $DISPLAY.
 * FALSE, with why in *reason, when there is no display to be had. */
gboolean sc_test_display_start (char **reason);

G_END_DECLS
