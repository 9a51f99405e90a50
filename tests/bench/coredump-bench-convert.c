/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* coredump-bench-convert.c — the conversion alone: an ELF core to a minidump
 * file, as Breakpad's core2md does, for tests/bench/coredump-bench.py to time
 * against it (postmortemctl import-core adds the store's work: a draft,
 * Report.wer, fsyncs, the rename into queue/).
 *
 * Runs in: its own process, started by the benchmark.
 *
 *   coredump-bench-convert CORE OUTPUT [micro|mini|heap|triage]
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "pm-core.h"

int
main (int    argc,
      char **argv)
{
  PmDumperType type = PM_DUMPER_TYPE_MINI;
  PmDumpResult result;
  PmCore *core;
  char error[512];
  int fd, r;

  if (argc < 3 || (argc > 3 && pm_dumper_type_from_string (argv[3], &type) < 0))
    {
      fprintf (stderr, "usage: %s CORE OUTPUT [micro|mini|heap|triage]\n", argv[0]);
      return 2;
    }
  if (pm_core_open (argv[1], NULL, &core, error, sizeof error) < 0)
    {
      fprintf (stderr, "%s: %s\n", argv[1], error);
      return 1;
    }
  fd = open (argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      perror (argv[2]);
      pm_core_free (core);
      return 1;
    }
  r = pm_core_dump (core, type, 0, fd, &result, error, sizeof error);
  close (fd);
  pm_core_free (core);
  if (r < 0)
    {
      fprintf (stderr, "%s\n", error);
      return 1;
    }
  return 0;
}
