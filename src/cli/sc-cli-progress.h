/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A one-line progress bar on stderr: "NAME [####....]  42%", redrawn in place. */
typedef struct {
  const char *name;
  int         last_shown;
} ScCliProgress;

/* Whether to draw one: not when asked to be quiet, nor under --json, nor when stderr
 * is no terminal. */
gboolean sc_cli_progress_wanted (gboolean       quiet,
                                 gboolean       json);
/* name is borrowed; it must outlive the bar. */
void     sc_cli_progress_init   (ScCliProgress *bar,
                                 const char    *name);
/* An ScProjectionProgress: user_data is the ScCliProgress. */
void     sc_cli_progress_show   (double         fraction,
                                 gpointer       user_data);
/* Blanks the line the bar was drawn on. */
void     sc_cli_progress_clear  (void);

G_END_DECLS
