/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-stack.h"

G_BEGIN_DECLS

/* A small synthetic volume of fluorescent cells, the same on every run:
 * 3 channels (nuclei, cytoplasm, puncta), 32 slices of 256 x 256, u16,
 * calibrated 0.2 x 0.2 x 0.5 micron. New users see something at once. It is called
 * "Sample cells" (translated) and has no file: sc_stack_get_path() is NULL. */
ScStack *sc_demo_stack_new (void);

G_END_DECLS
