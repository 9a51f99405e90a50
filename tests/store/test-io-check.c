/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-io-check.c — tests of pm_store_list_newest_keys(), pm_report_dup_path() and of the
 * test-only check that catches store I/O on the GTK thread (pm-store-io-check.h), which
 * the widget tests rely on.
 *
 * Runs in: a test program (suite 'store'): the main thread plays the GTK thread, a
 * GThread plays a worker.
 */
#include "pm-config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-store.h"
#include "pm-store-io-check.h"

typedef struct
{
  char    *dir;
  char    *store_path;
  PmStore *store;
  char    *keys[4];   /* oldest folder first */
} Fixture;

static char *
publish (PmStore    *store,
         const char *app,
         const char *sig)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReportDraft) draft = pm_store_begin_report (store, &error);
  char *key;
  int fd;

  g_assert_no_error (error);
  fd = pm_report_draft_create_file (draft, "minidump.dmp", &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (fd, "MDMP", 4), ==, 4);
  close (fd);
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", app);
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", sig);
  pm_report_draft_add_file (draft, "minidump.dmp", "MiniDump", 0);
  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  return key;
}

/* Sets a report folder's mtime to @seconds after the epoch. */
static void
set_folder_time (Fixture    *f,
                 const char *state,
                 const char *key,
                 time_t      seconds)
{
  g_autofree char *path = g_build_filename (f->store_path, state, key, NULL);
  struct timespec times[2] = { { seconds, 0 }, { seconds, 0 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pm-io-check-XXXXXX", &error);
  g_assert_no_error (error);
  f->store_path = g_build_filename (f->dir, "store", NULL);
  f->store = pm_store_open (f->store_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (f->keys); i++)
    {
      g_autofree char *app = g_strdup_printf ("app%u", i);
      f->keys[i] = publish (f->store, app, app);
    }
  /* Folder times that do not follow the keys' order, and one report archived. */
  g_assert_true (pm_store_archive_report (f->store, f->keys[1], &error));
  g_assert_no_error (error);
  set_folder_time (f, "queue", f->keys[0], 1000);
  set_folder_time (f, "archive", f->keys[1], 2000);
  set_folder_time (f, "queue", f->keys[2], 3000);
  set_folder_time (f, "queue", f->keys[3], 4000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *quoted = g_shell_quote (f->dir);
  g_autofree char *cmd = g_strdup_printf ("rm -rf %s", quoted);

  pm_io_check_set_mode (PM_IO_CHECK_OFF);
  g_clear_object (&f->store);
  g_assert_cmpint (system (cmd), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (f->keys); i++)
    g_free (f->keys[i]);
  g_free (f->store_path);
  g_free (f->dir);
}

static void
test_newest_keys (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = pm_store_list_newest_keys (f->store, PM_REPORT_STATE_ALL, G_MAXUINT, &error);
  g_autoptr(GPtrArray) two = pm_store_list_newest_keys (f->store, PM_REPORT_STATE_ALL, 2, &error);
  g_autoptr(GPtrArray) queue = pm_store_list_newest_keys (f->store, PM_REPORT_STATE_QUEUE, G_MAXUINT, &error);
  g_autoptr(GPtrArray) none = pm_store_list_newest_keys (f->store, PM_REPORT_STATE_ARCHIVE, 0, &error);
  g_autofree char *planted = g_build_filename (f->store_path, "queue", "not-a-key", NULL);
  g_autoptr(GPtrArray) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (all, 0), ==, f->keys[3]);
  g_assert_cmpstr (g_ptr_array_index (all, 1), ==, f->keys[2]);
  g_assert_cmpstr (g_ptr_array_index (all, 2), ==, f->keys[1]);
  g_assert_cmpstr (g_ptr_array_index (all, 3), ==, f->keys[0]);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (two, 1), ==, f->keys[2]);
  g_assert_cmpuint (queue->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (queue, 2), ==, f->keys[0]);
  g_assert_cmpuint (none->len, ==, 0);

  /* Where a report's folder is, for a file manager, as the store says. */
  {
    g_autoptr(PmReport) archived = pm_store_load_report (f->store, f->keys[1], &error);
    g_autofree char *path = pm_report_dup_path (archived);
    g_autofree char *expected = g_build_filename (f->store_path, "archive", f->keys[1], NULL);

    g_assert_no_error (error);
    g_assert_cmpstr (path, ==, expected);
  }

  /* A newer change moves a report up; what is not a report folder is never listed. */
  set_folder_time (f, "queue", f->keys[0], 5000);
  g_assert_cmpint (mkdir (planted, 0700), ==, 0);
  again = pm_store_list_newest_keys (f->store, PM_REPORT_STATE_ALL, G_MAXUINT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (again, 0), ==, f->keys[0]);
}

/* Every store call the application makes, as one sequence; returns how many calls. */
static guint
use_store (PmStore    *store,
           char      **keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) report = NULL;
  const char *pairs[] = { "Postmortem.Seen", "true", NULL };
  guint n_deleted = 0;
  int fd;

  g_ptr_array_unref (pm_store_list_newest_keys (store, PM_REPORT_STATE_ALL, 10, &error));
  g_ptr_array_unref (pm_store_list_keys (store, PM_REPORT_STATE_QUEUE, &error));
  g_ptr_array_unref (pm_store_list_reports (store, PM_REPORT_STATE_ALL, &error));
  report = pm_store_load_report (store, keys[2], &error);
  g_assert_no_error (error);
  fd = pm_report_open_file (report, "minidump.dmp", &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_cmpuint (pm_store_count_reports (store, PM_REPORT_STATE_ALL), ==, 4);
  g_assert_cmpuint (pm_store_get_size_on_disk (store, PM_REPORT_STATE_ALL, &error), >, 0);
  g_assert_true (pm_store_set_report_values (store, keys[2], pairs, &error));
  g_assert_true (pm_store_archive_report (store, keys[2], &error));
  g_assert_true (pm_store_delete_report (store, keys[3], &error));
  g_assert_true (pm_store_purge (store, PM_REPORT_STATE_ARCHIVE, &n_deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_deleted, ==, 2);
  return 11;
}

static void
test_main_thread_caught (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first = NULL;
  guint before;

  pm_io_check_set_mode (PM_IO_CHECK_RECORD);
  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);

  /* Each call, one at a time: every one of them is caught. */
  before = pm_io_check_get_count ();
  g_ptr_array_unref (pm_store_list_newest_keys (f->store, PM_REPORT_STATE_ALL, 10, NULL));
  g_assert_cmpuint (pm_io_check_get_count (), >, before);
  before = pm_io_check_get_count ();
  g_object_unref (pm_store_load_report (f->store, f->keys[0], NULL));
  g_assert_cmpuint (pm_io_check_get_count (), >, before);
  before = pm_io_check_get_count ();
  pm_store_count_reports (f->store, PM_REPORT_STATE_QUEUE);
  g_assert_cmpuint (pm_io_check_get_count (), >, before);
  before = pm_io_check_get_count ();
  pm_store_get_size_on_disk (f->store, PM_REPORT_STATE_QUEUE, NULL);
  g_assert_cmpuint (pm_io_check_get_count (), >, before);
  before = pm_io_check_get_count ();
  g_assert_true (pm_store_archive_report (f->store, f->keys[0], NULL));
  g_assert_cmpuint (pm_io_check_get_count (), >, before);
  before = pm_io_check_get_count ();
  g_assert_true (pm_store_delete_report (f->store, f->keys[0], NULL));
  g_assert_cmpuint (pm_io_check_get_count (), >, before);

  first = pm_io_check_dup_first ();
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, "store I/O on the GTK thread: "));

  /* The whole sequence, on a fresh store. */
  pm_io_check_set_mode (PM_IO_CHECK_OFF);
  g_free (f->keys[0]);
  f->keys[0] = publish (f->store, "app0", "app0-again");
  pm_io_check_set_mode (PM_IO_CHECK_RECORD);
  use_store (f->store, f->keys);
  g_assert_cmpuint (pm_io_check_get_count (), >=, 11);
}

static gpointer
worker (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open (f->store_path, &error);

  g_assert_no_error (error);
  use_store (store, f->keys);
  return NULL;
}

typedef struct
{
  GThread   *thread;
  GMainLoop *loop;
} Run;

/* Waits for the worker inside a main loop callback (the main thread then owns the
 * default GMainContext, as a GTK callback does), then quits. */
static gboolean
join_and_quit (gpointer data)
{
  Run *run = data;

  g_thread_join (run->thread);
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
snapshot_in_worker (gpointer data)
{
  return pm_settings_new_snapshot (data, NULL);
}

static void
test_worker_allowed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(PmSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings_path = g_build_filename (f->dir, "settings.ini", NULL);

  pm_io_check_set_mode (PM_IO_CHECK_ABORT);

  /* A worker with its own store, while the main thread runs its main loop. */
  Run run = { g_thread_new ("pm-test-worker", worker, f), loop };

  g_idle_add (join_and_quit, &run);
  g_main_loop_run (loop);
  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);

  /* A snapshot of the settings made in a worker is read here without I/O. */
  pm_io_check_suspend ();
  settings = pm_settings_new (settings_path);
  g_assert_true (pm_settings_set_value (settings, "Server", "AutoSend", "true", &error));
  g_assert_no_error (error);
  pm_io_check_resume ();
  {
    GThread *thread = g_thread_new ("pm-test-snapshot", snapshot_in_worker, settings_path);
    g_autoptr(PmSettings) snapshot = g_thread_join (thread);

    g_assert_true (pm_settings_get_boolean (snapshot, "Server", "AutoSend", FALSE));
    g_assert_cmpint (pm_settings_get_consent (snapshot, "game"), ==, PM_CONSENT_ALWAYS_ASK);
  }

  /* A test's own look at the store, suspended. */
  pm_io_check_suspend ();
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 1);
  pm_io_check_resume ();
  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);
}

/* The settings file is I/O like the store's files: making a PmSettings reads
 * nothing, its first getter on the GTK thread reads the file (counted), and
 * later getters look at the file again (a stat, counted). */
static void
test_settings_counted (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *settings_path = g_build_filename (f->dir, "settings.ini", NULL);
  g_autoptr(PmSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;

  g_assert_true (g_file_set_contents (settings_path, "[Server]\nAutoSend=true\n", -1, &error));
  pm_io_check_set_mode (PM_IO_CHECK_RECORD);
  settings = pm_settings_new (settings_path);
  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);
  g_assert_true (pm_settings_get_boolean (settings, "Server", "AutoSend", FALSE));
  g_assert_cmpuint (pm_io_check_get_count (), >, 0);
  first = pm_io_check_dup_first ();
  g_assert_nonnull (strstr (first, settings_path));
  pm_io_check_set_mode (PM_IO_CHECK_OFF);
}

/* ABORT mode ends the program naming the file: checked in a subprocess. */
static void
test_abort_names_the_file (Fixture       *f,
                           gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      pm_io_check_set_mode (PM_IO_CHECK_ABORT);
      pm_store_load_report (f->store, f->keys[2], NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*store I/O on the GTK thread: open report APPCRASH_app2_*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/newest-keys", Fixture, NULL, fixture_setup, test_newest_keys, fixture_teardown);
  g_test_add ("/store/io-check/main-thread", Fixture, NULL, fixture_setup, test_main_thread_caught, fixture_teardown);
  g_test_add ("/store/io-check/worker", Fixture, NULL, fixture_setup, test_worker_allowed, fixture_teardown);
  g_test_add ("/store/io-check/settings", Fixture, NULL, fixture_setup, test_settings_counted, fixture_teardown);
  g_test_add ("/store/io-check/abort", Fixture, NULL, fixture_setup, test_abort_names_the_file, fixture_teardown);
  return g_test_run ();
}
