/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-core-crasher.c — a program whose kernel cores (and gcore cores) the
 * coredump tests and benchmark import: named worker threads parked in a
 * known function, optionally many MiB of touched memory, then a crash of a
 * known kind at a known address.
 *
 * Runs in: its own process, started by tests/coredump and tests/bench.
 *
 *   pm-core-crasher segv|abort|fpe|ill|wait [--threads N] [--touch-mib M] [--on-eof]
 *
 * Prints "ready PID" once every thread is parked. segv writes to address
 * 0x1234 (SIGSEGV, SEGV_MAPERR), abort calls abort () (SIGABRT), fpe divides
 * by zero (SIGFPE), ill executes ud2 (SIGILL); wait instead waits until stdin reaches end-of-file and
 * exits 0 (for gcore, which needs a live process). --on-eof crashes only
 * once stdin reaches end-of-file (the benchmark copies /proc files first).
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_barrier_t parked;
static int n_threads = 3;
static size_t touch_mib;
static int on_eof;

__attribute__ ((noinline)) static void
worker_parked (void)
{
  for (;;)
    pause ();
}

static void *
worker (void *data)
{
  char name[16];

  snprintf (name, sizeof name, "pm-worker-%d", (int) (intptr_t) data);
  pthread_setname_np (pthread_self (), name);
  pthread_barrier_wait (&parked);
  worker_parked ();
  return NULL;
}

__attribute__ ((noinline)) static void
crash_segv (void)
{
  *(volatile int *) (uintptr_t) 0x1234 = 42;
}

__attribute__ ((noinline)) static int
crash_fpe (volatile int zero)
{
  return 7 / zero;
}

int
main (int    argc,
      char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "segv";
  pthread_t t;

  for (int i = 2; i < argc; i++)
    {
      if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        n_threads = atoi (argv[++i]);
      else if (strcmp (argv[i], "--touch-mib") == 0 && i + 1 < argc)
        touch_mib = (size_t) atol (argv[++i]);
      else if (strcmp (argv[i], "--on-eof") == 0)
        on_eof = 1;
    }
  if (touch_mib > 0)
    {
      uint8_t *mem = malloc (touch_mib << 20);
      if (mem == NULL)
        return 3;
      for (size_t i = 0; i < touch_mib << 20; i += 4096)
        mem[i] = (uint8_t) (i >> 12) | 1;
    }
  pthread_barrier_init (&parked, NULL, (unsigned) n_threads + 1);
  for (int i = 0; i < n_threads; i++)
    pthread_create (&t, NULL, worker, (void *) (intptr_t) i);
  pthread_barrier_wait (&parked);
  printf ("ready %d\n", (int) getpid ());
  fflush (stdout);

  if (strcmp (mode, "wait") == 0 || on_eof)
    {
      char buf[64];
      while (read (0, buf, sizeof buf) > 0)
        ;
      if (!on_eof)
        return 0;
    }
  if (strcmp (mode, "abort") == 0)
    abort ();
  if (strcmp (mode, "fpe") == 0)
    return crash_fpe (0);
  if (strcmp (mode, "ill") == 0)
    __builtin_trap ();
  crash_segv ();
  return 1;
}
