/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A read-only mapping of a whole file that another program may cut short while it is
 * mapped (an acquisition program rewriting it, a copy replaced in place).
 *
 * A plain mapping raises SIGBUS at the first read of a page past the file's new end, and
 * SIGBUS ends the process. Here a SIGBUS handler, installed once per process, finds the
 * map the address lies in, maps zeros over the rest of it (one mmap) and lets the read go
 * on; the map is then no longer intact. Whoever read from it checks
 * sc_file_map_is_intact() after the reads, and reports the file as cut short rather than
 * use what it read. Faults elsewhere go to the handler that was there before, or end the
 * process as they would have. */
typedef struct _ScFileMap ScFileMap;

/* Maps the size bytes of fd; NULL where it cannot be (size 0, too large, or no room left
 * in the table of maps that the handler searches). */
ScFileMap     *sc_file_map_new        (int              fd,
                                       guint64          size);
const guint8  *sc_file_map_get_data   (const ScFileMap *map);
gsize          sc_file_map_get_size   (const ScFileMap *map);
/* FALSE once a read has fallen past the file's end, that is, where part of what was read
 * since the map was made may be zeros in place of the file's bytes. */
gboolean       sc_file_map_is_intact  (const ScFileMap *map);
void           sc_file_map_free       (ScFileMap       *map);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScFileMap, sc_file_map_free)

G_END_DECLS
