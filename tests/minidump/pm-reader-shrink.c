/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-reader-shrink.c — helper of test-shrinking-file.py: a minidump that shrinks while the
 * reader has it mapped, and SIGBUS that is not the reader's.
 *
 * Runs in: its own process, started by the test.
 *
 * Usage: pm-reader-shrink shrink DUMP SIZE   open DUMP, truncate it to SIZE bytes, read every
 *                                            stream; prints "damaged=0|1" and the message
 *        pm-reader-shrink foreign FILE       open no dump but arm the guard (open one first:
 *                                            DUMP as FILE), then fault on a mapping of our
 *                                            own: must die of SIGBUS as without the guard
 *        pm-reader-shrink chain FILE         the same with a SIGBUS handler installed before
 *                                            the guard: that handler must run
 */
#include "pm-config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pm-minidump-reader.h"
#include "pm-reader-exercise.h"

static sigjmp_buf back;

static void
own_sigbus (int sig)
{
  siglongjmp (back, 1);
}

/* Maps FILE (not through the reader), truncates it to 0 and reads its first byte. */
static int
fault_on_own_mapping (const char *path)
{
  int fd = open (path, O_RDWR | O_CLOEXEC);
  volatile const char *map;
  char c;

  if (fd < 0)
    return 2;
  map = mmap (NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED || ftruncate (fd, 0) != 0)
    return 2;
  c = map[0];
  printf ("read %d past the end and lived\n", c);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  PmMdError error = { 0 };
  PmMinidump *md;

  if (argc == 4 && strcmp (argv[1], "shrink") == 0)
    {
      int fd = open (argv[2], O_RDWR | O_CLOEXEC);
      uint64_t sum;

      md = pm_minidump_open (argv[2], &error);
      if (fd < 0 || md == NULL)
        {
          fprintf (stderr, "cannot open %s: %s\n", argv[2], error.message);
          return 2;
        }
      if (ftruncate (fd, strtoll (argv[3], NULL, 10)) != 0)
        return 2;
      close (fd);
      sum = pm_test_exercise_minidump (md);
      printf ("damaged=%d\nmessage=%s\nsum=%llu\n", pm_minidump_is_damaged (md) ? 1 : 0,
              pm_minidump_get_error_message (md), (unsigned long long) sum);
      pm_minidump_close (md);
      return 0;
    }
  if (argc == 3 && (strcmp (argv[1], "foreign") == 0 || strcmp (argv[1], "chain") == 0))
    {
      if (strcmp (argv[1], "chain") == 0)
        signal (SIGBUS, own_sigbus);
      /* A reader opened and closed: the guard is installed and chains to what was there. */
      md = pm_minidump_open (argv[2], &error);
      if (md == NULL)
        {
          fprintf (stderr, "cannot open %s: %s\n", argv[2], error.message);
          return 2;
        }
      pm_minidump_close (md);
      if (sigsetjmp (back, 1) != 0)
        {
          printf ("the earlier SIGBUS handler ran\n");
          return 0;
        }
      return fault_on_own_mapping (argv[2]);
    }
  fprintf (stderr, "usage: %s shrink DUMP SIZE | foreign FILE | chain FILE\n", argv[0]);
  return 2;
}
