/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-test-target.c — a live process for the dumper tests and benchmarks to
 * dump: named worker threads parked in a known function, a heap block filled
 * with a known pattern, optionally many MiB of touched memory.
 *
 * Runs in: its own process, started by the dumper tests and benchmarks.
 *
 *   pm-test-target [--threads N] [--touch-mib M] [--churn] [--main-exits]
 *
 * Prints one line "ready PID PATTERN_ADDRESS TOUCHED_ADDRESS" on stdout once
 * every thread is parked, then waits until stdin reaches end-of-file. It then
 * checks that its pattern, its touched memory and every thread survived (the
 * dump must leave the process unharmed), prints "intact" and exits 0; any
 * damage prints what it found and exits 1.
 *
 * --churn adds a thread that keeps creating and joining short-lived threads,
 * so dumps race with threads that appear and vanish. --main-exits makes the
 * main thread call pthread_exit() once ready (the process lives on in its
 * other threads, its main thread a zombie).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PATTERN_SIZE (64 * 1024)

static pthread_barrier_t parked;
static int release_pipe[2];
static volatile uint64_t worker_seen[1024];
static volatile int churn_stop;
static pthread_t threads[1024], churner;
static int n_threads = 3, churn;
static size_t touch_mib;
static uint8_t *pattern, *touched;
static volatile uint64_t churned;

static void *
short_lived (void *data)
{
  volatile uint64_t sum = 0;

  for (int i = 0; i < 1000; i++)
    sum += (uint64_t) i;
  return NULL;
}

static void *
churn_main (void *data)
{
  pthread_setname_np (pthread_self (), "pm-churn");
  while (!churn_stop)
    {
      pthread_t t;

      if (pthread_create (&t, NULL, short_lived, NULL) == 0)
        {
          pthread_join (t, NULL);
          churned++;
        }
    }
  return NULL;
}

/* The test looks for this name in the workers' backtraces. */
__attribute__ ((noinline)) static void
pm_test_worker_park (int index)
{
  char c;

  pthread_barrier_wait (&parked);
  /* Blocks in read() until main closes the pipe: a stable, known stack. */
  while (read (release_pipe[0], &c, 1) > 0)
    ;
  worker_seen[index] = 0x600d + (uint64_t) index;
}

static void *
worker_main (void *data)
{
  int index = (int) (intptr_t) data;
  char name[16];

  snprintf (name, sizeof name, "pm-worker-%d", index);
  pthread_setname_np (pthread_self (), name);
  pm_test_worker_park (index);
  return NULL;
}

static uint8_t
pattern_byte (size_t i)
{
  return (uint8_t) ((i * 131u + 7u) ^ (i >> 8));
}

/* After stdin's end: release everybody and check that nothing was harmed. */
static int
check_after_release (void)
{
  int bad = 0;
  char c;

  while (read (STDIN_FILENO, &c, 1) > 0)
    ;

  if (churn)
    {
      churn_stop = 1;
      pthread_join (churner, NULL);
      if (churned == 0)
        {
          printf ("the churn thread made no threads\n");
          bad = 1;
        }
    }
  close (release_pipe[1]);
  for (int i = 0; i < n_threads; i++)
    pthread_join (threads[i], NULL);
  for (int i = 0; i < n_threads; i++)
    if (worker_seen[i] != 0x600d + (uint64_t) i)
      {
        printf ("worker %d did not finish its work\n", i);
        bad = 1;
      }
  if (memcmp (pattern, "PMPATTRN", 8) != 0)
    bad = 1;
  for (size_t i = 8; i < PATTERN_SIZE; i++)
    if (pattern[i] != pattern_byte (i))
      {
        printf ("pattern damaged at %zu\n", i);
        bad = 1;
        break;
      }
  for (size_t i = 0; touched && i < (touch_mib << 20); i += 4096)
    if (touched[i] != (uint8_t) (((i >> 12) & 0xff) | 1))
      {
        printf ("touched memory damaged at %zu\n", i);
        bad = 1;
        break;
      }
  printf (bad ? "damaged\n" : "intact\n");
  fflush (stdout);
  free (pattern);
  free (touched);
  return bad;
}

static void *
keeper_main (void *data)
{
  exit (check_after_release ());
}

int
main (int argc, char **argv)
{
  int main_exits = 0;
  pthread_t keeper;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        n_threads = atoi (argv[++i]);
      else if (strcmp (argv[i], "--touch-mib") == 0 && i + 1 < argc)
        touch_mib = (size_t) strtoull (argv[++i], NULL, 10);
      else if (strcmp (argv[i], "--churn") == 0)
        churn = 1;
      else if (strcmp (argv[i], "--main-exits") == 0)
        main_exits = 1;
      else
        {
          fprintf (stderr, "pm-test-target: unknown argument %s\n", argv[i]);
          return 2;
        }
    }
  if (n_threads < 0 || n_threads > 1024)
    return 2;

  pthread_setname_np (pthread_self (), "pm-test-main");
  pattern = malloc (PATTERN_SIZE);
  if (pattern == NULL)
    return 1;
  /* "PMPATTRN" first, then a position-dependent sequence. */
  for (size_t i = 0; i < PATTERN_SIZE; i++)
    pattern[i] = pattern_byte (i);
  memcpy (pattern, "PMPATTRN", 8);
  if (touch_mib > 0)
    {
      touched = malloc (touch_mib << 20);
      if (touched == NULL)
        return 1;
      for (size_t i = 0; i < (touch_mib << 20); i += 4096)
        memset (touched + i, (int) ((i >> 12) & 0xff) | 1, 4096);
    }

  if (pipe (release_pipe) != 0 || pthread_barrier_init (&parked, NULL, (unsigned) n_threads + 1) != 0)
    return 1;
  for (int i = 0; i < n_threads; i++)
    if (pthread_create (&threads[i], NULL, worker_main, (void *) (intptr_t) i) != 0)
      return 1;
  pthread_barrier_wait (&parked);
  if (churn && pthread_create (&churner, NULL, churn_main, NULL) != 0)
    return 1;

  printf ("ready %d %p %p\n", (int) getpid (), (void *) pattern, (void *) touched);
  fflush (stdout);
  if (main_exits)
    {
      /* The main thread leaves (a zombie until the process ends); a keeper
       * thread does its job. */
      if (pthread_create (&keeper, NULL, keeper_main, NULL) != 0)
        return 1;
      pthread_exit (NULL);
    }
  return check_after_release ();
}
