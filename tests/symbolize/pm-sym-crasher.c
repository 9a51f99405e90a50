/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-sym-crasher.c — a program that crashes through a known call chain, for
 * the stack walker's tests: main -> level1 -> level2 -> crash_here, which
 * writes through a null pointer. A second thread waits in
 * worker_wait <- worker_main (inside libc's pause()), so a thread whose stack
 * runs through a shared library is walked too.
 *
 * With the argument "recurse", main calls recurse_down 1000 levels deep and
 * the deepest call crashes, for the walker's frame limit. With "signal",
 * level1 raises SIGUSR1 and its handler, on_usr1, crashes: the walk must
 * cross the kernel's signal frame (libc's __restore_rt) back to level1.
 *
 * The pm-line: comments mark the lines the tests expect in each frame.
 *
 * Runs in: the tests of tests/symbolize, started under postmortemctl run.
 * Built twice: -O0 with frame pointers, and -O2 without them (so only CFI
 * can find the callers). noinline and the work after each call keep every
 * function a real frame at -O2 (no inlining, no tail calls).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

volatile int pm_sym_sink;
static pthread_barrier_t started;

__attribute__((noinline)) static void
worker_wait (void)
{
  pthread_barrier_wait (&started);
  for (;;)
    pause ();
}

__attribute__((noinline)) static void *
worker_main (void *data)
{
  worker_wait ();
  pm_sym_sink++;
  return data;
}

__attribute__((noinline)) int crash_here (int *volatile where, int value);
__attribute__((noinline)) int level2 (int value);
__attribute__((noinline)) int level1 (int value);

__attribute__((noinline)) int
crash_here (int *volatile where, int value)
{
  *where = value;  /* pm-line:crash_here */
  return pm_sym_sink + value;
}

__attribute__((noinline)) int
level2 (int value)
{
  int r = crash_here (NULL, value * 3);  /* pm-line:level2 */
  pm_sym_sink += r;
  return r + 1;
}

__attribute__((noinline)) int
level1 (int value)
{
  int r = level2 (value + 2);  /* pm-line:level1 */
  pm_sym_sink += r;
  return r + 1;
}

__attribute__((noinline)) int recurse_down (int depth);

__attribute__((noinline)) int
recurse_down (int depth)
{
  int r;

  if (depth == 0)
    return crash_here (NULL, depth);
  r = recurse_down (depth - 1);
  pm_sym_sink += r;
  return r + 1;
}

__attribute__((noinline)) static void
on_usr1 (int sig)
{
  pm_sym_sink += crash_here (NULL, sig);  /* pm-line:on_usr1 */
}

__attribute__((noinline)) static int
level1_signal (int value)
{
  raise (SIGUSR1);  /* pm-line:level1_signal */
  pm_sym_sink += value;
  return value + 1;
}

int
main (int argc, char **argv)
{
  pthread_t thread;
  int r;

  pthread_barrier_init (&started, NULL, 2);
  if (pthread_create (&thread, NULL, worker_main, NULL) != 0)
    {
      perror ("pthread_create");
      return 1;
    }
  pthread_barrier_wait (&started);
  if (argc > 1 && argv[1][0] == 'r')
    r = recurse_down (1000);
  else if (argc > 1 && argv[1][0] == 's')
    {
      signal (SIGUSR1, on_usr1);
      r = level1_signal (argc);
    }
  else
    r = level1 (argc);  /* pm-line:main */
  pm_sym_sink += r;
  printf ("not reached: %d\n", r);
  return 0;
}
