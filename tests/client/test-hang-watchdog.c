/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-hang-watchdog.c — libpostmortem's hang watchdog against a stand-in dumper
 * (pm-fake-hang-dumper): arguments and states, one thread created and ended, heartbeats
 * from a signal handler, one report per hang naming the thread that beat, the outcome
 * (recovered or not) told to the dumper, a new report only after heartbeats came back,
 * a child made by fork() starting unwatched.
 *
 * Runs in: a test process (suite client, quick), no crash handler installed (the watchdog
 * then uses the defaults: $PM_DUMPER_PATH is the stand-in). Waits are on effects: the
 * stand-in's record files, the watchdog thread's system call in /proc.
 *   test-hang-watchdog PM_FAKE_HANG_DUMPER
 */
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "postmortem.h"

static const char *fake_dumper;

static guint
thread_count (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The stand-in's finished records named PREFIX-PID in @dir. */
static guint
count_records (const char *dir,
               const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *start = g_strconcat (prefix, "-", NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, start) && !g_str_has_suffix (name, ".tmp"))
      n++;
  return n;
}

/* The text of the newest (by count) record: records are named by the stand-in's pid, so
 * the test keeps its own list of the ones it has seen. */
static char *
take_new_record (const char *dir,
                 const char *prefix,
                 GHashTable *seen)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *start = g_strconcat (prefix, "-", NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, start) && !g_str_has_suffix (name, ".tmp") && !g_hash_table_contains (seen, name))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        char *text = NULL;

        g_hash_table_add (seen, g_strdup (name));
        g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
        return text;
      }
  return NULL;
}

/* Waits (polling, at most 30 s) until @dir holds @n records of @prefix. */
static void
wait_for_records (const char *dir,
                  const char *prefix,
                  guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (count_records (dir, prefix) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5000);
    }
}

/* The watchdog waits for a heartbeat with no deadline (futex FUTEX_WAIT_BITSET_PRIVATE,
 * 0x89, timeout NULL) and has no dumper left to reap: it will report nothing more until a
 * heartbeat comes. */
static gboolean
watchdog_idle (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  gboolean waiting = FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *syscall_path = g_strdup_printf ("/proc/self/task/%s/syscall", name);
      g_autofree char *children_path = g_strdup_printf ("/proc/self/task/%s/children", name);
      g_autofree char *text = NULL;
      g_autofree char *children = NULL;
      g_auto(GStrv) fields = NULL;

      if (g_file_get_contents (children_path, &children, NULL, NULL) && g_strstrip (children)[0] != '\0')
        return FALSE;
      if (!g_file_get_contents (syscall_path, &text, NULL, NULL))
        continue;
      fields = g_strsplit (g_strstrip (text), " ", -1);
      if (g_strv_length (fields) >= 5 && strcmp (fields[0], "202") == 0 && strcmp (fields[2], "0x89") == 0 &&
          strcmp (fields[4], "0x0") == 0)
        waiting = TRUE;
    }
  return waiting;
}

static void
beat_on_signal (int sig)
{
  (void) sig;
  pm_hang_heartbeat ();
}

static void
test_arguments (void)
{
  g_assert_cmpint (pm_hang_watchdog_start (PM_HANG_MAX_TIMEOUT_MS + 1), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_hang_watchdog_stop (), ==, PM_RESULT_INVALID_STATE);
}

static void
test_thread (void)
{
  guint before = thread_count ();
  struct sigaction sa = { .sa_handler = beat_on_signal };

  g_assert_cmpint (pm_hang_watchdog_start (60000), ==, PM_RESULT_OK);
  g_assert_cmpuint (thread_count (), ==, before + 1);
  /* Starting again changes the timeout only. */
  g_assert_cmpint (pm_hang_watchdog_start (0), ==, PM_RESULT_OK);
  g_assert_cmpuint (thread_count (), ==, before + 1);
  /* A heartbeat is async-signal-safe. */
  sigemptyset (&sa.sa_mask);
  g_assert_cmpint (sigaction (SIGUSR1, &sa, NULL), ==, 0);
  for (int i = 0; i < 100; i++)
    raise (SIGUSR1);
  signal (SIGUSR1, SIG_DFL);
  g_assert_cmpint (pm_hang_watchdog_stop (), ==, PM_RESULT_OK);
  g_assert_cmpuint (thread_count (), ==, before);
  g_assert_cmpint (pm_hang_watchdog_stop (), ==, PM_RESULT_INVALID_STATE);
}

/* A child made by fork() has no watchdog thread and starts unwatched. */
static void
test_fork (void)
{
  pid_t child;
  int status;

  g_assert_cmpint (pm_hang_watchdog_start (60000), ==, PM_RESULT_OK);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    _exit (pm_hang_watchdog_stop () == PM_RESULT_INVALID_STATE ? 0 : 1);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_cmpint (pm_hang_watchdog_stop (), ==, PM_RESULT_OK);
}

static void
test_hangs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pm-hang-watchdog-XXXXXX", NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *expected = g_strdup_printf ("hang tid=%ld timeout=100\n", (long) syscall (SYS_gettid));
  g_autofree char *hang1 = NULL, *outcome1 = NULL, *hang2 = NULL, *outcome2 = NULL;

  g_assert_nonnull (dir);
  g_setenv ("PM_TEST_RECORD_DIR", dir, TRUE);
  g_setenv ("PM_DUMPER_PATH", fake_dumper, TRUE);

  /* This thread beats, then stops: a hang of this thread. */
  g_assert_cmpint (pm_hang_watchdog_start (100), ==, PM_RESULT_OK);
  pm_hang_heartbeat ();
  wait_for_records (dir, "hang", 1);
  hang1 = take_new_record (dir, "hang", seen);
  g_assert_cmpstr (hang1, ==, expected);
  /* It beats again: the report says the hang ended. */
  pm_hang_heartbeat ();
  wait_for_records (dir, "outcome", 1);
  outcome1 = take_new_record (dir, "outcome", seen);
  g_assert_cmpstr (outcome1, ==, "R\n");

  /* Heartbeats came back, so the next stop is a new hang; this time none comes back. */
  wait_for_records (dir, "hang", 2);
  hang2 = take_new_record (dir, "hang", seen);
  g_assert_cmpstr (hang2, ==, expected);
  wait_for_records (dir, "outcome", 2);
  outcome2 = take_new_record (dir, "outcome", seen);
  g_assert_cmpstr (outcome2, ==, "N\n");

  /* Once per hang: the watchdog now waits for a heartbeat, with no deadline. */
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (!watchdog_idle ())
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (5000);
      }
  }
  g_assert_cmpuint (count_records (dir, "hang"), ==, 2);
  g_assert_cmpint (pm_hang_watchdog_stop (), ==, PM_RESULT_OK);
  g_assert_cmpuint (count_records (dir, "hang"), ==, 2);

  g_unsetenv ("PM_DUMPER_PATH");
  g_unsetenv ("PM_TEST_RECORD_DIR");
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: test-hang-watchdog PM_FAKE_HANG_DUMPER\n");
      return 2;
    }
  fake_dumper = argv[1];
  g_test_add_func ("/client/hang-watchdog/arguments", test_arguments);
  g_test_add_func ("/client/hang-watchdog/thread", test_thread);
  g_test_add_func ("/client/hang-watchdog/fork", test_fork);
  g_test_add_func ("/client/hang-watchdog/hangs", test_hangs);
  return g_test_run ();
}
