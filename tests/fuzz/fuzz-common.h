/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sc-stack.h"

/* libFuzzer's entry points; fuzz-main.c calls the same ones under gcc. */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Quiets GLib's logging and lowers the plane size limit so that a claimed huge plane is
 * refused rather than allocated (SC_MAX_PLANE_BYTES, unless the caller set it). */
void  fuzz_init        (void);
/* A path (/proc/self/fd/N of a memfd) whose contents are data; close with fuzz_close_file. */
char *fuzz_write_file  (const uint8_t *data,
                        size_t         size,
                        int           *fd_out);
void  fuzz_close_file  (char          *path,
                        int            fd);
/* Opens path as a stack and reads what a viewer would: metadata, the first and last
 * planes, a band of rows in the middle, peeked rows. Returns the stack's plane count or
 * -1 when it did not open. Any error must be a clean GError. */
int   fuzz_exercise_stack (const char *path);
