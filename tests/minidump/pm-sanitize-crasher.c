/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-sanitize-crasher.c — a program that crashes holding secrets in every
 * place a minidump can pick them up, for test-sanitize.py.
 *
 * Runs in: its own process, started by test-sanitize.py with the crash
 * handler installed (libpostmortem), PM_DUMPER_PATH and PM_STORE_DIR set.
 *
 *   pm-sanitize-crasher TYPE ARG-CANARY FILE
 *
 * Holds: $PM_TEST_CANARY_ENV in its environment (the top of the main
 * thread's stack), ARG-CANARY as an argument (there too), $PM_TEST_CANARY_STACK
 * copied into a buffer on its stack, $PM_TEST_CANARY_HEAP in a malloc'd
 * block registered with pm_register_memory_block, and FILE (whose contents
 * are a canary) registered as a user document and read into the heap. It
 * crashes with pointers to the heap and stack copies in its argument
 * registers, so a mini dump's "memory near registers" holds them too. TYPE
 * is the dump type (2 mini, 3 heap). Metadata "SanitizeTest=kept-value"
 * must survive sanitizing. A second thread, blocked with a copy of the stack
 * secret on its own stack, gives the dump more than one thread to compare.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postmortem.h"

static void
check (PmResult    r,
       const char *what)
{
  if (r != PM_RESULT_OK)
    {
      fprintf (stderr, "pm-sanitize-crasher: %s: %s\n", what, pm_result_to_string (r));
      exit (4);
    }
}

static pthread_barrier_t started;

static void *
pm_sanitize_waiting_thread (void *data)
{
  char on_stack[128];
  int fds[2];
  char c;

  snprintf (on_stack, sizeof on_stack, "thread:%s:end", (const char *) data);
  if (pipe (fds) != 0)
    abort ();
  pthread_barrier_wait (&started);
  /* Blocks until the process dies: nobody writes to the pipe. */
  while (read (fds[0], &c, 1) != 0)
    ;
  __asm__ volatile ("" : : "r" (on_stack) : "memory");
  return NULL;
}

__attribute__ ((noinline)) static void
pm_sanitize_crash_here (const char *stack_copy,
                        const char *heap_copy,
                        const char *file_copy)
{
  /* Keep the pointers live in registers and the stack copy in use. */
  __asm__ volatile ("" : : "r" (stack_copy), "r" (heap_copy), "r" (file_copy) : "memory");
  *(volatile int *) (uintptr_t) 16 = 1;
}

__attribute__ ((noinline)) static void
pm_sanitize_with_stack_secret (const char *secret,
                               const char *heap_copy,
                               const char *file_copy)
{
  char on_stack[256];

  snprintf (on_stack, sizeof on_stack, "stack:%s:end", secret);
  pm_sanitize_crash_here (on_stack, heap_copy, file_copy);
  __asm__ volatile ("" : : "r" (on_stack) : "memory");
}

int
main (int argc, char **argv)
{
  PmCrashHandlerOptions options;
  pthread_t thread;
  const char *stack_secret = getenv ("PM_TEST_CANARY_STACK");
  const char *heap_secret = getenv ("PM_TEST_CANARY_HEAP");
  char *heap_copy, *file_copy;
  FILE *f;
  size_t n;

  if (argc != 4 || stack_secret == NULL || heap_secret == NULL || getenv ("PM_TEST_CANARY_ENV") == NULL)
    {
      fprintf (stderr, "usage: PM_TEST_CANARY_{ENV,STACK,HEAP}=… pm-sanitize-crasher TYPE ARG-CANARY FILE\n");
      return 2;
    }
  heap_copy = malloc (4096);
  file_copy = calloc (1, 4096);
  if (heap_copy == NULL || file_copy == NULL)
    return 1;
  snprintf (heap_copy, 4096, "heap:%s:end", heap_secret);
  f = fopen (argv[3], "rb");
  if (f == NULL)
    return 1;
  n = fread (file_copy, 1, 4095, f);
  fclose (f);
  if (n == 0)
    return 1;

  check (pm_register_memory_block (heap_copy, 4096), "register memory block");
  check (pm_register_file (argv[3], PM_FILE_TYPE_USER_DOCUMENT, 0), "register file");
  check (pm_register_custom_metadata ("SanitizeTest", "kept-value"), "register metadata");
  pm_crash_handler_options_init (&options);
  options.dump_type = (PmDumpType) atoi (argv[1]);
  check (pm_crash_handler_install (&options), "install the crash handler");

  pthread_barrier_init (&started, NULL, 2);
  if (pthread_create (&thread, NULL, pm_sanitize_waiting_thread, (void *) stack_secret) != 0)
    return 1;
  pthread_barrier_wait (&started);

  printf ("ready %d\n", (int) getpid ());
  fflush (stdout);
  pm_sanitize_with_stack_secret (stack_secret, heap_copy, file_copy);
  return 0;
}
