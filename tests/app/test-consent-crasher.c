/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-consent-crasher.c — a program that crashes with a NULL write, for the
 * whole-application consent test (test-consent.py). It knows nothing of
 * Postmortem: `postmortemctl run` preloads the crash handler into it.
 *
 * Runs in: its own process, started by the test.
 */
#include <stdio.h>

static void
crash_here (volatile int *where)
{
  *where = 42;
}

int
main (int argc, char **argv)
{
  volatile int *nowhere = NULL;

  fprintf (stderr, "test-consent-crasher: crashing now\n");
  crash_here (nowhere);
  return 0;
}
