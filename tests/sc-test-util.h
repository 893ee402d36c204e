/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Path of a file under ../shared/testdata, or NULL after g_test_skip() with a
 * message where the real test data is absent (a user's fresh clone). */
char *sc_test_data_path (const char *relative);

/* A fresh temporary folder, removed with its contents at exit. */
char *sc_test_make_tmpdir (void);

G_END_DECLS
