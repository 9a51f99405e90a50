/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-test-registered.c — a process that registers what WER lets it register
 * (a memory block, an excluded block, metadata, a file, an additional
 * process), for the dumper tests to check what each dump type carries.
 *
 * Runs in: its own process, started by test-registrations.sh.
 *
 *   pm-test-registered wait  FILE   registers, prints "ready PID REGISTERED
 *                                   EXCLUDED HELPER_PID", waits for stdin EOF
 *   pm-test-registered crash FILE   registers, installs the crash handler
 *                                   (dump type from PM_TEST_DUMP_TYPE), prints
 *                                   the same line, then writes through NULL
 *
 * REGISTERED is a read-only private mapping starting with "PMREGBLK" (so a
 * heap dump has it only because it was registered); EXCLUDED is a writable
 * private mapping starting with "PMEXCLUD" (a heap dump would have it, were it
 * not excluded); CONTROL is a writable private mapping like EXCLUDED but not
 * excluded, starting with "PMCONTRL" (proof that a heap dump would have
 * held EXCLUDED). FILE is registered as a user document.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "postmortem.h"

#define BLOCK 8192

__attribute__ ((noinline)) static void
pm_test_registered_crash (void)
{
  *(volatile int *) (uintptr_t) 8 = 1;
}

static void
check (PmResult r,
       const char *what)
{
  if (r != PM_RESULT_OK)
    {
      fprintf (stderr, "pm-test-registered: %s: %s\n", what, pm_result_to_string (r));
      exit (4);
    }
}

int
main (int argc, char **argv)
{
  uint8_t *registered, *excluded, *control;
  pid_t helper;
  char c;

  if (argc != 3 || (strcmp (argv[1], "wait") != 0 && strcmp (argv[1], "crash") != 0))
    {
      fprintf (stderr, "usage: pm-test-registered wait|crash FILE\n");
      return 2;
    }

  registered = mmap (NULL, BLOCK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  excluded = mmap (NULL, BLOCK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  control = mmap (NULL, BLOCK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (registered == MAP_FAILED || excluded == MAP_FAILED || control == MAP_FAILED)
    return 1;
  memset (control, 0x5a, BLOCK);
  memcpy (control, "PMCONTRL", 8);
  for (int i = 0; i < BLOCK; i++)
    {
      registered[i] = (uint8_t) (i * 7);
      excluded[i] = (uint8_t) (i * 11);
    }
  memcpy (registered, "PMREGBLK", 8);
  memcpy (excluded, "PMEXCLUD", 8);
  if (mprotect (registered, BLOCK, PROT_READ) != 0)
    return 1;

  /* An additional process: a child that waits for us to go away. */
  helper = fork ();
  if (helper == 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      for (;;)
        pause ();
    }

  check (pm_register_memory_block (registered, 4096), "register memory block");
  check (pm_register_excluded_memory_block (excluded, BLOCK), "register excluded block");
  check (pm_register_custom_metadata ("BuildFlavor", "registered-test"), "register metadata");
  check (pm_register_file (argv[2], PM_FILE_TYPE_USER_DOCUMENT, 0), "register file");
  check (pm_register_additional_process (helper, 0), "register additional process");

  if (strcmp (argv[1], "crash") == 0)
    {
      PmCrashHandlerOptions options;
      const char *s = getenv ("PM_TEST_DUMP_TYPE");

      pm_crash_handler_options_init (&options);
      if (s != NULL)
        options.dump_type = (PmDumpType) atoi (s);
      check (pm_crash_handler_install (&options), "install the crash handler");
    }

  printf ("ready %d %p %p %d %p\n", (int) getpid (), (void *) registered, (void *) excluded, (int) helper,
          (void *) control);
  fflush (stdout);
  if (strcmp (argv[1], "crash") == 0)
    pm_test_registered_crash ();
  while (read (STDIN_FILENO, &c, 1) > 0)
    ;
  kill (helper, SIGKILL);
  waitpid (helper, NULL, 0);
  return 0;
}
