/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-tiff"

#include "config.h"

#include "fuzz-common.h"

/* Bytes -> a TIFF file -> sc_stack_open -> the first and last planes and a band of rows. */

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

  /* Only TIFF magic reaches the TIFF source; don't spend time on anything else. */
  if (size < 8 || !((data[0] == 'I' && data[1] == 'I') || (data[0] == 'M' && data[1] == 'M')))
    return -1;
  path = fuzz_write_file (data, size, &fd);
  fuzz_exercise_stack (path);
  fuzz_close_file (path, fd);
  return 0;
}
