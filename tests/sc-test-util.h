/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sc-types.h"

G_BEGIN_DECLS

/* Path of a file under ../shared/testdata, or NULL after g_test_skip() with a
 * message where the real test data is absent (a user's fresh clone). */
char *sc_test_data_path (const char *relative);

/* A fresh temporary folder, removed with its contents at exit. */
char *sc_test_make_tmpdir (void);

/* Sample i of samples of type, written or read by the tests' brute-force references
 * independently of the core's own accessors. */
double sc_test_get_sample (ScSampleType  type,
                           const guint8 *data,
                           gsize         i);
void   sc_test_set_sample (ScSampleType  type,
                           guint8       *data,
                           gsize         i,
                           double        v);

G_END_DECLS
