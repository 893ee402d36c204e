/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-png"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"

/* Bytes -> a PNG file -> sc_stack_open (the one-file folder source) -> its plane. */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  int fd;
  char *path;

  if (size < 8 || memcmp (data, "\x89PNG\r\n\x1a\n", 8) != 0)
    return -1;
  path = fuzz_write_file (data, size, &fd);
  fuzz_exercise_stack (path);
  fuzz_close_file (path, fd);
  return 0;
}
