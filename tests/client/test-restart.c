/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-restart.c — application restart and recovery: the native and WER
 * registration calls and their limits; then real crashes of pm-restart-child
 * with the real postmortem-dumper: the report carries the restart command
 * line, flags and run time; a recovery callback that saves a file runs after
 * the dump (the file exists, Postmortem.RecoveryFinished=true); one that stops
 * pinging is ended within its interval plus the slack (timeout, and the
 * process still dies of its SIGSEGV), one that blocks that signal is killed;
 * and the hang watchdog's
 * pm_recovery_run_for_hang() in both cases.
 *
 * Runs in: the test process (GLib test framework); children are forked.
 * Usage: test-restart RESTART-CHILD DUMPER
 */
#include <glib.h>
#include <glib/gstdio.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "werapi.h"
#include "pm-client-private.h"
#include "pm-test-child.h"

static const char *restart_child, *dumper;

/* --- Registration ---------------------------------------------------------------- */

static void
test_restart_api (void)
{
  char buf[PM_RESTART_MAX_CMD_LINE + 8];
  g_autofree char *longest = g_strnfill (PM_RESTART_MAX_CMD_LINE - 1, 'a');
  g_autofree char *too_long = g_strnfill (PM_RESTART_MAX_CMD_LINE, 'a');
  unsigned int flags = 0;
  size_t needed = 0;
  WCHAR wide[RESTART_MAX_CMD_LINE + 1];
  DWORD size, wflags;

  g_assert_cmpint (pm_unregister_application_restart (), ==, PM_RESULT_NOT_FOUND);
  g_assert_cmpint (pm_get_application_restart_settings (buf, sizeof buf, NULL, NULL), ==, PM_RESULT_NOT_FOUND);

  g_assert_cmpint (pm_register_application_restart ("--restore 'my file'", PM_RESTART_NO_HANG), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_get_application_restart_settings (buf, sizeof buf, &needed, &flags), ==, PM_RESULT_OK);
  g_assert_cmpstr (buf, ==, "--restore 'my file'");
  g_assert_cmpuint (needed, ==, strlen ("--restore 'my file'") + 1);
  g_assert_cmpuint (flags, ==, PM_RESTART_NO_HANG);
  g_assert_cmpint (pm_get_application_restart_settings (buf, 4, &needed, NULL), ==, PM_RESULT_LIMIT_REACHED);
  g_assert_cmpuint (needed, ==, strlen ("--restore 'my file'") + 1);

  /* Registering again replaces: still one entry. */
  g_assert_cmpint (pm_register_application_restart (longest, 0), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_get_application_restart_settings (buf, sizeof buf, NULL, &flags), ==, PM_RESULT_OK);
  g_assert_cmpstr (buf, ==, longest);
  g_assert_cmpuint (flags, ==, 0);
  g_assert_cmpint (pm_register_application_restart (NULL, 0), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_get_application_restart_settings (buf, sizeof buf, NULL, NULL), ==, PM_RESULT_OK);
  g_assert_cmpstr (buf, ==, "");

  /* What is refused, and why. */
  g_assert_cmpint (pm_register_application_restart (too_long, 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_application_restart ("a\nb", 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_application_restart ("\xff", 0), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_application_restart ("ok", 16), ==, PM_RESULT_INVALID_ARGUMENT);
  g_assert_cmpint (pm_register_application_restart ("caf\xc3\xa9", PM_RESTART_NO_CRASH | PM_RESTART_NO_REBOOT),
                   ==, PM_RESULT_OK);

  /* WER's names: characters, the NUL counted, HRESULTs. */
  g_assert_cmpint (RESTART_NO_CRASH, ==, 1);
  g_assert_cmpint (RESTART_NO_HANG, ==, 2);
  g_assert_cmpint (RESTART_NO_PATCH, ==, 4);
  g_assert_cmpint (RESTART_NO_REBOOT, ==, 8);
  g_assert_cmpint (RESTART_MAX_CMD_LINE, ==, 1024);
  size = 0;
  g_assert_cmpint (GetApplicationRestartSettings (GetCurrentProcess (), NULL, &size, &wflags), ==, WER_E_INSUFFICIENT_BUFFER);
  g_assert_cmpuint (size, ==, 5);   /* "café" and the NUL */
  size = G_N_ELEMENTS (wide);
  g_assert_cmpint (GetApplicationRestartSettings (NULL, wide, &size, &wflags), ==, S_OK);
  g_assert_true (wcscmp (wide, L"caf\u00e9") == 0);
  g_assert_cmpuint (wflags, ==, RESTART_NO_CRASH | RESTART_NO_REBOOT);
  g_assert_cmpint (GetApplicationRestartSettings ((HANDLE) (intptr_t) 4242, wide, &size, &wflags), ==, E_HANDLE);
  g_assert_cmpint (GetApplicationRestartSettings (NULL, wide, NULL, &wflags), ==, E_INVALIDARG);

  for (guint i = 0; i < RESTART_MAX_CMD_LINE; i++)
    wide[i] = L'x';
  wide[RESTART_MAX_CMD_LINE - 1] = L'\0';
  g_assert_cmpint (RegisterApplicationRestart (wide, 0), ==, S_OK);
  wide[RESTART_MAX_CMD_LINE - 1] = L'x';
  wide[RESTART_MAX_CMD_LINE] = L'\0';
  g_assert_cmpint (RegisterApplicationRestart (wide, 0), ==, E_INVALIDARG);
  g_assert_cmpint (RegisterApplicationRestart (L"-x", 32), ==, E_INVALIDARG);
  g_assert_cmpint (UnregisterApplicationRestart (), ==, S_OK);
  g_assert_cmpint (UnregisterApplicationRestart (), ==, WER_E_NOT_FOUND);
}

static DWORD WINAPI
unused_callback (PVOID param)
{
  return 0;
}

static void
test_recovery_api (void)
{
  APPLICATION_RECOVERY_CALLBACK cb = NULL;
  PVOID param = NULL;
  DWORD interval = 0, flags = 1;
  BOOL cancelled = TRUE;
  int marker;

  g_assert_cmpint (RECOVERY_DEFAULT_PING_INTERVAL, ==, 5000);
  g_assert_cmpint (RECOVERY_MAX_PING_INTERVAL, ==, 300000);
  g_assert_cmpint (GetApplicationRecoveryCallback (GetCurrentProcess (), &cb, &param, &interval, &flags), ==, WER_E_NOT_FOUND);
  g_assert_cmpint (UnregisterApplicationRecoveryCallback (), ==, WER_E_NOT_FOUND);
  g_assert_cmpint (RegisterApplicationRecoveryCallback (NULL, NULL, 0, 0), ==, E_INVALIDARG);
  g_assert_cmpint (RegisterApplicationRecoveryCallback (unused_callback, NULL, RECOVERY_MAX_PING_INTERVAL + 1, 0), ==, E_INVALIDARG);
  g_assert_cmpint (RegisterApplicationRecoveryCallback (unused_callback, NULL, 0, 1), ==, E_INVALIDARG);

  g_assert_cmpint (RegisterApplicationRecoveryCallback (unused_callback, &marker, 0, 0), ==, S_OK);
  g_assert_cmpint (GetApplicationRecoveryCallback (NULL, &cb, &param, &interval, &flags), ==, S_OK);
  g_assert_true (cb == unused_callback);
  g_assert_true (param == &marker);
  g_assert_cmpuint (interval, ==, RECOVERY_DEFAULT_PING_INTERVAL);
  g_assert_cmpuint (flags, ==, 0);
  g_assert_cmpint (RegisterApplicationRecoveryCallback (unused_callback, NULL, RECOVERY_MAX_PING_INTERVAL, 0), ==, S_OK);
  g_assert_cmpint (GetApplicationRecoveryCallback (NULL, &cb, &param, &interval, NULL), ==, S_OK);
  g_assert_null (param);
  g_assert_cmpuint (interval, ==, RECOVERY_MAX_PING_INTERVAL);
  g_assert_cmpint (GetApplicationRecoveryCallback ((HANDLE) (intptr_t) 4242, &cb, &param, &interval, NULL), ==, E_HANDLE);

  /* Outside a recovery. */
  g_assert_cmpint (ApplicationRecoveryInProgress (&cancelled), ==, E_FAIL);
  g_assert_cmpint (pm_recovery_finished (true), ==, PM_RESULT_INVALID_STATE);
  ApplicationRecoveryFinished (TRUE);

  g_assert_cmpint (UnregisterApplicationRecoveryCallback (), ==, S_OK);
  g_assert_cmpint (pm_recovery_run_for_hang (), ==, PM_RECOVERY_OUTCOME_NONE);
}

/* --- Real crashes -------------------------------------------------------------- */

typedef struct
{
  char  *tmp;
  char  *store;
  GStrv  env;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->tmp = g_dir_make_tmp ("pm-restart-XXXXXX", NULL);
  f->store = g_build_filename (f->tmp, "store", NULL);
  f->env = g_get_environ ();
  f->env = g_environ_setenv (f->env, "HOME", f->tmp, TRUE);
  f->env = g_environ_setenv (f->env, "XDG_CONFIG_HOME", f->tmp, TRUE);
  f->env = g_environ_setenv (f->env, "XDG_DATA_HOME", f->tmp, TRUE);
  f->env = g_environ_setenv (f->env, "PM_STORE_DIR", f->store, TRUE);
  f->env = g_environ_setenv (f->env, "PM_DUMPER_PATH", dumper, TRUE);
  f->env = g_environ_setenv (f->env, "PM_TEST_TIMEOUT_MS", "30000", TRUE);
  f->env = g_environ_unsetenv (f->env, "PM_SETTINGS_FILE");
  f->env = pm_test_child_environ_for_crashes (f->env);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pm_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->store);
  g_strfreev (f->env);
}

/* The keys of the one report in the queue, waiting for it to be published
 * (after a timed-out recovery the dumper publishes once the process is gone). */
static GHashTable *
wait_for_report (const char *store)
{
  g_autofree char *queue = g_build_filename (store, "queue", NULL);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GDir) dir = g_dir_open (queue, 0, NULL);
      const char *name;

      if (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *wer = g_build_filename (queue, name, "Report.wer", NULL);
          g_autofree char *contents = NULL;
          g_auto(GStrv) lines = NULL;
          GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

          g_assert_null (g_dir_read_name (dir));   /* exactly one report */
          g_assert_true (g_file_get_contents (wer, &contents, NULL, NULL));
          lines = g_strsplit (contents, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            {
              char *eq = strchr (lines[i], '=');
              if (eq != NULL)
                g_hash_table_insert (keys, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
            }
          return keys;
        }
      g_usleep (10000);   /* polling for the report, bounded by the deadline */
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_restart_report (Fixture *f, gconstpointer data)
{
  g_autofree char *mark = g_build_filename (f->tmp, "started mark", NULL);
  g_autofree char *expected = g_strdup_printf ("--started '%s'", mark);
  g_autoptr(GHashTable) keys = NULL;
  PmTestChildResult res;
  guint64 run_time;

  res = pm_test_child_run ((const char *[]) { restart_child, "restart", "3", mark, NULL }, f->env, 90);
  g_test_message ("restart child: %s in %.3f s", pm_test_child_describe (&res), res.seconds);
  g_assert_true (res.signaled);
  g_assert_cmpint (res.status, ==, SIGSEGV);
  keys = wait_for_report (f->store);
  g_assert_cmpstr (g_hash_table_lookup (keys, "Postmortem.RestartCommandLine"), ==, expected);
  g_assert_cmpstr (g_hash_table_lookup (keys, "Postmortem.RestartFlags"), ==, "3");
  g_assert_nonnull (g_hash_table_lookup (keys, "Postmortem.RunTimeSeconds"));
  run_time = g_ascii_strtoull (g_hash_table_lookup (keys, "Postmortem.RunTimeSeconds"), NULL, 10);
  g_assert_cmpuint (run_time, <=, (guint64) res.seconds + 1);
  g_assert_null (g_hash_table_lookup (keys, "Postmortem.RecoveryFinished"));
  /* The command line was recorded, never run. */
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
}

/* data: the child's mode, "recover-save" (at once) or "recover-slow" (pings
 * keep a callback alive past its interval). */
static void
test_recovery_saves (Fixture *f, gconstpointer data)
{
  g_autofree char *saved = g_build_filename (f->tmp, "saved", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) keys = NULL;
  PmTestChildResult res;

  res = pm_test_child_run ((const char *[]) { restart_child, data, saved, NULL }, f->env, 90);
  g_test_message ("%s: %s in %.3f s", (const char *) data, pm_test_child_describe (&res), res.seconds);
  g_assert_true (res.signaled);
  g_assert_cmpint (res.status, ==, SIGSEGV);
  g_assert_true (g_file_get_contents (saved, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "saved\n");
  keys = wait_for_report (f->store);
  g_assert_cmpstr (g_hash_table_lookup (keys, "Postmortem.RecoveryFinished"), ==, "true");
}

/* Finished, then never returned: ended all the same, its outcome kept. */
static void
test_recovery_finishes_then_hangs (Fixture *f, gconstpointer data)
{
  g_autofree char *saved = g_build_filename (f->tmp, "saved", NULL);
  g_autoptr(GHashTable) keys = NULL;
  PmTestChildResult res;

  res = pm_test_child_run ((const char *[]) { restart_child, "recover-finish-hang", saved, NULL }, f->env, 120);
  g_test_message ("recover-finish-hang: %s in %.3f s", pm_test_child_describe (&res), res.seconds);
  g_assert_false (res.timed_out);
  g_assert_true (res.signaled);
  g_assert_cmpint (res.status, ==, SIGSEGV);
  g_assert_true (g_file_test (saved, G_FILE_TEST_EXISTS));
  keys = wait_for_report (f->store);
  g_assert_cmpstr (g_hash_table_lookup (keys, "Postmortem.RecoveryFinished"), ==, "true");
}

static void
test_recovery_times_out (Fixture *f, gconstpointer data)
{
  const guint interval_ms = 1000;
  g_autofree char *interval = g_strdup_printf ("%u", interval_ms);
  g_autofree char *pinged = g_build_filename (f->tmp, "pinged", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) keys = NULL;
  PmTestChildResult res;
  gint64 died_ms, last_ping_ms;

  res = pm_test_child_run ((const char *[]) { restart_child, "recover-hang", interval, pinged, NULL }, f->env, 120);
  died_ms = g_get_monotonic_time () / 1000;
  g_test_message ("recover-hang: %s in %.3f s", pm_test_child_describe (&res), res.seconds);
  g_assert_false (res.timed_out);
  /* Ended by the dumper with its own signal, as the crash would have. */
  g_assert_true (res.signaled);
  g_assert_cmpint (res.status, ==, SIGSEGV);
  g_assert_true (g_file_get_contents (pinged, &contents, NULL, NULL));
  last_ping_ms = g_ascii_strtoll (contents, NULL, 10);
  g_test_message ("ended %" G_GINT64_FORMAT " ms after the last ping", died_ms - last_ping_ms);
  /* Not before its interval; within the interval, the slack and 5 s for a
   * loaded machine (the child is polled every 2 ms). */
  g_assert_cmpint (died_ms - last_ping_ms, >=, interval_ms);
  g_assert_cmpint (died_ms - last_ping_ms, <=, interval_ms + PM_RECOVERY_PING_SLACK_MS + 5000);
  keys = wait_for_report (f->store);
  g_assert_cmpstr (g_hash_table_lookup (keys, "Postmortem.RecoveryFinished"), ==, "timeout");
  g_assert_cmpstr (g_hash_table_lookup (keys, "Postmortem.Signal"), ==, "SIGSEGV");
}

/* A callback that blocks the signal it would be ended with: killed. */
static void
test_recovery_masked (Fixture *f, gconstpointer data)
{
  g_autofree char *masked = g_build_filename (f->tmp, "masked", NULL);
  g_autoptr(GHashTable) keys = NULL;
  PmTestChildResult res;

  res = pm_test_child_run ((const char *[]) { restart_child, "recover-masked", masked, NULL }, f->env, 120);
  g_test_message ("recover-masked: %s in %.3f s", pm_test_child_describe (&res), res.seconds);
  g_assert_false (res.timed_out);
  g_assert_true (g_file_test (masked, G_FILE_TEST_EXISTS));
  g_assert_true (res.signaled);
  g_assert_cmpint (res.status, ==, SIGKILL);
  keys = wait_for_report (f->store);
  g_assert_cmpstr (g_hash_table_lookup (keys, "Postmortem.RecoveryFinished"), ==, "timeout");
}

static void
test_hang_recovery (Fixture *f, gconstpointer data)
{
  g_autofree char *saved = g_build_filename (f->tmp, "saved", NULL);
  g_autofree char *out = NULL, *err = NULL, *contents = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) (const char *[]) { restart_child, "hang-finish", saved, NULL },
                               f->env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "true\n");
  g_assert_true (g_file_get_contents (saved, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "saved\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  start = g_get_monotonic_time ();
  g_assert_true (g_spawn_sync (NULL, (char **) (const char *[]) { restart_child, "hang-stuck", "300", NULL },
                               f->env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "timeout\nbusy\n");
  /* Not before the interval. */
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, >=, 300);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 3)
    {
      g_printerr ("usage: test-restart RESTART-CHILD DUMPER\n");
      return 2;
    }
  restart_child = argv[1];
  dumper = argv[2];

  g_test_add_func ("/restart/api", test_restart_api);
  g_test_add_func ("/recovery/api", test_recovery_api);
  g_test_add ("/restart/crash-report", Fixture, NULL, fixture_set_up, test_restart_report, fixture_tear_down);
  g_test_add ("/recovery/crash-saves-file", Fixture, "recover-save", fixture_set_up, test_recovery_saves,
              fixture_tear_down);
  g_test_add ("/recovery/crash-pings-past-interval", Fixture, "recover-slow", fixture_set_up, test_recovery_saves,
              fixture_tear_down);
  g_test_add ("/recovery/crash-finishes-never-returns", Fixture, NULL, fixture_set_up, test_recovery_finishes_then_hangs,
              fixture_tear_down);
  g_test_add ("/recovery/crash-stops-pinging", Fixture, NULL, fixture_set_up, test_recovery_times_out, fixture_tear_down);
  g_test_add ("/recovery/crash-masks-its-signal", Fixture, NULL, fixture_set_up, test_recovery_masked,
              fixture_tear_down);
  g_test_add ("/recovery/hang", Fixture, NULL, fixture_set_up, test_hang_recovery, fixture_tear_down);
  return g_test_run ();
}
