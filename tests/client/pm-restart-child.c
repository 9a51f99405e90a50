/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-restart-child.c — a program that registers an application restart or a
 * recovery callback, then crashes (or hangs, for the hang watchdog's entry
 * point), for test-restart.
 *
 * Runs in: its own process, started by the tests. Usage:
 *   pm-restart-child restart FLAGS MARK     register the restart command line
 *                                           `--started MARK` with FLAGS, crash
 *   pm-restart-child --started MARK         (the reopened program) write MARK, exit 0
 *   pm-restart-child recover-save FILE      a recovery callback that writes FILE
 *                                           and finishes; then crash
 *   pm-restart-child recover-slow FILE      a callback (ping 500 ms) that works 1.6 s,
 *                                           pinging every 200 ms, writes FILE, finishes
 *   pm-restart-child recover-masked FILE    a callback (ping 300 ms) that blocks
 *                                           SIGSEGV, writes FILE, never pings; crash
 *   pm-restart-child recover-finish-hang FILE   a callback (ping 500 ms) that
 *                                           writes FILE, finishes, never returns; crash
 *   pm-restart-child recover-hang PING_MS FILE   a callback that pings once, writes
 *                                           the CLOCK_MONOTONIC ms of that ping to FILE,
 *                                           then never pings again; then crash
 *   pm-restart-child hang-finish FILE       pm_recovery_run_for_hang with a callback
 *                                           that writes FILE and finishes: prints the
 *                                           outcome's report value, exit 0
 *   pm-restart-child hang-stuck PING_MS     the same with a callback that stops pinging
 * The store and dumper come from PM_STORE_DIR and PM_DUMPER_PATH; the
 * handler's dumper timeout from PM_TEST_TIMEOUT_MS.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "postmortem.h"
#include "pm-client-private.h"

static const char *recovery_file;

__attribute__ ((noinline, no_sanitize ("undefined", "address"))) static void
crash_null_write (void)
{
  *(volatile int *) (uintptr_t) 0 = 42;
}

/* Async-signal-safe: open, write, close. */
static void
write_text (const char *path, const char *text)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  if (fd >= 0)
    {
      ssize_t r = write (fd, text, strlen (text));
      (void) r;
      close (fd);
    }
}

static unsigned int
save_callback (void *param)
{
  bool cancelled = true;

  pm_recovery_in_progress (&cancelled);
  write_text (recovery_file, cancelled ? "cancelled\n" : "saved\n");
  pm_recovery_finished (true);
  return 0;
}

/* Works longer than its 500 ms interval, pinging every 200 ms. */
static unsigned int
slow_callback (void *param)
{
  for (int i = 0; i < 8; i++)
    {
      struct timespec ts = { 0, 200 * 1000000L };
      nanosleep (&ts, NULL);
      pm_recovery_in_progress (NULL);
    }
  write_text (recovery_file, "saved\n");
  pm_recovery_finished (true);
  return 0;
}

/* Blocks the crash signal the dumper would end it with, then hangs. */
static unsigned int
masked_callback (void *param)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGSEGV);
  sigprocmask (SIG_BLOCK, &set, NULL);
  write_text (recovery_file, "masked\n");
  for (;;)
    pause ();
  return 0;
}

/* Finishes, then never returns. */
static unsigned int
finish_then_hang_callback (void *param)
{
  pm_recovery_in_progress (NULL);
  write_text (recovery_file, "saved\n");
  pm_recovery_finished (true);
  for (;;)
    pause ();
  return 0;
}

static unsigned int
stuck_callback (void *param)
{
  struct timespec ts;
  char text[32];
  int len = 0;
  uint64_t ms;

  pm_recovery_in_progress (NULL);
  clock_gettime (CLOCK_MONOTONIC, &ts);
  ms = (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
  /* No snprintf in a signal handler: digits by hand. */
  {
    char rev[24];
    int n = 0;
    do
      rev[n++] = (char) ('0' + ms % 10);
    while ((ms /= 10) != 0);
    while (n > 0)
      text[len++] = rev[--n];
    text[len++] = '\n';
    text[len] = '\0';
  }
  if (recovery_file != NULL)
    write_text (recovery_file, text);
  for (;;)
    pause ();
  return 0;
}

static void
install (void)
{
  PmCrashHandlerOptions options;
  const char *timeout = getenv ("PM_TEST_TIMEOUT_MS");

  pm_crash_handler_options_init (&options);
  if (timeout != NULL)
    options.dumper_timeout_ms = (unsigned int) atoi (timeout);
  if (pm_crash_handler_install (&options) != PM_RESULT_OK)
    {
      fprintf (stderr, "pm-restart-child: cannot install the crash handler\n");
      exit (2);
    }
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--started") == 0)
    {
      write_text (argv[2], "started\n");
      return 0;
    }
  if (argc == 4 && strcmp (argv[1], "restart") == 0)
    {
      char line[PM_RESTART_MAX_CMD_LINE];
      PmResult r;

      install ();
      /* Quoted as a shell would split it: the mark's path may hold spaces. */
      snprintf (line, sizeof line, "--started '%s'", argv[3]);
      r = pm_register_application_restart (line, (unsigned int) strtoul (argv[2], NULL, 0));
      if (r != PM_RESULT_OK)
        {
          fprintf (stderr, "pm-restart-child: register restart: %s\n", pm_result_to_string (r));
          return 2;
        }
      crash_null_write ();
      return 1;
    }
  if (argc == 3 && strcmp (argv[1], "recover-save") == 0)
    {
      install ();
      recovery_file = argv[2];
      if (pm_register_recovery_callback (save_callback, NULL, 0, 0) != PM_RESULT_OK)
        return 2;
      crash_null_write ();
      return 1;
    }
  if (argc == 3 && strcmp (argv[1], "recover-slow") == 0)
    {
      install ();
      recovery_file = argv[2];
      if (pm_register_recovery_callback (slow_callback, NULL, 500, 0) != PM_RESULT_OK)
        return 2;
      crash_null_write ();
      return 1;
    }
  if (argc == 3 && strcmp (argv[1], "recover-masked") == 0)
    {
      install ();
      recovery_file = argv[2];
      if (pm_register_recovery_callback (masked_callback, NULL, 300, 0) != PM_RESULT_OK)
        return 2;
      crash_null_write ();
      return 1;
    }
  if (argc == 3 && strcmp (argv[1], "recover-finish-hang") == 0)
    {
      install ();
      recovery_file = argv[2];
      if (pm_register_recovery_callback (finish_then_hang_callback, NULL, 500, 0) != PM_RESULT_OK)
        return 2;
      crash_null_write ();
      return 1;
    }
  if (argc == 4 && strcmp (argv[1], "recover-hang") == 0)
    {
      install ();
      recovery_file = argv[3];
      if (pm_register_recovery_callback (stuck_callback, NULL, (unsigned int) atoi (argv[2]), 0) != PM_RESULT_OK)
        return 2;
      crash_null_write ();
      return 1;
    }
  if (argc == 3 && strcmp (argv[1], "hang-finish") == 0)
    {
      recovery_file = argv[2];
      if (pm_register_recovery_callback (save_callback, NULL, 0, 0) != PM_RESULT_OK)
        return 2;
      printf ("%s\n", pm_recovery_outcome_to_report_value (pm_recovery_run_for_hang ()));
      return 0;
    }
  if (argc == 3 && strcmp (argv[1], "hang-stuck") == 0)
    {
      PmRecoveryOutcome outcome;

      if (pm_register_recovery_callback (stuck_callback, NULL, (unsigned int) atoi (argv[2]), 0) != PM_RESULT_OK)
        return 2;
      outcome = pm_recovery_run_for_hang ();
      printf ("%s\n", pm_recovery_outcome_to_report_value (outcome));
      /* A second recovery never starts beside the abandoned one. */
      printf ("%s\n", pm_recovery_run_for_hang () == PM_RECOVERY_OUTCOME_BUSY ? "busy" : "not busy");
      fflush (stdout);
      _exit (0);
    }
  fprintf (stderr, "usage: pm-restart-child restart FLAGS MARK | --started MARK | recover-save FILE |\n"
                   "       recover-hang PING_MS FILE | hang-finish FILE | hang-stuck PING_MS\n");
  return 2;
}
