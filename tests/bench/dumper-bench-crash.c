/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* dumper-bench-crash.c — a 4-thread program that crashes on purpose, for the
 * crash-to-published-report benchmark.
 *
 * Runs in: its own process, started by tests/bench/dumper-bench.py.
 *
 * Installs libpostmortem's crash handler (mini dumps, store from the
 * environment), starts 3 worker threads, prints CLOCK_MONOTONIC and
 * CLOCK_REALTIME in nanoseconds on stdout right before it writes through a
 * NULL pointer. The benchmark compares those instants with when the process
 * is gone (monotonic) and when the report was renamed into the queue (the
 * report directory's ctime, realtime).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "postmortem.h"

static pthread_barrier_t started;

static void *
worker (void *data)
{
  pthread_barrier_wait (&started);
  for (;;)
    pause ();
  return NULL;
}

int
main (void)
{
  PmCrashHandlerOptions options;
  pthread_t threads[3];
  struct timespec mono, real;

  pm_crash_handler_options_init (&options);
  options.dump_type = PM_DUMP_TYPE_MINI;
  if (pm_crash_handler_install (&options) != PM_RESULT_OK)
    return 4;
  pthread_barrier_init (&started, NULL, 4);
  for (int i = 0; i < 3; i++)
    pthread_create (&threads[i], NULL, worker, NULL);
  pthread_barrier_wait (&started);

  clock_gettime (CLOCK_MONOTONIC, &mono);
  clock_gettime (CLOCK_REALTIME, &real);
  printf ("%lld %lld\n", (long long) mono.tv_sec * 1000000000LL + mono.tv_nsec,
          (long long) real.tv_sec * 1000000000LL + real.tv_nsec);
  fflush (stdout);
  {
    int *volatile null = NULL;   /* volatile: the compiler cannot see it is NULL */
    *(volatile int *) null = 1;
  }
  return 0;
}
