/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-ctl-report-key.c — `postmortemctl info REPORT-KEY` and `memory
 * REPORT-KEY`: the command finds the report's main minidump through the
 * store (pm_store_load_report, pm_report_open_file) instead of a path.
 *
 * Runs in: a test process (GLib). Publishes real reports into a temporary
 * store with the store API, then runs the real postmortemctl with
 * PM_STORE_DIR pointing there. Skips (77) without the corpus.
 */
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "postmortem-store.h"

static char *
publish (PmStore *store, const char *dump_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PmReportDraft) draft = pm_store_begin_report (store, &error);
  char *key;

  g_assert_no_error (error);
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", "test_app.exe");
  pm_report_draft_set (draft, "AppPath", "c:\\test_app.exe");
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", dump_path != NULL ? "test_app.exe" : "other_app.exe");
  if (dump_path != NULL)
    {
      g_autofree char *bytes = NULL;
      gsize size;
      int fd = pm_report_draft_create_file (draft, "minidump.dmp", &error);

      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (dump_path, &bytes, &size, NULL));
      g_assert_cmpint (write (fd, bytes, size), ==, (gssize) size);
      close (fd);
      pm_report_draft_add_file (draft, "minidump.dmp", "MiniDump", 0);
    }
  else
    {
      int fd = pm_report_draft_create_file (draft, "notes.txt", &error);
      g_assert_no_error (error);
      g_assert_cmpint (write (fd, "no dump\n", 8), ==, 8);
      close (fd);
      pm_report_draft_add_file (draft, "notes.txt", "Other", 0);
      /* (A different Sig[0], so flood control does not count it as the first.) */
    }
  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static int
run_ctl (char **envp, const char *const *args, char **out, char **err)
{
  const char *build = g_getenv ("PM_BUILD_DIR");
  g_autofree char *ctl = g_build_filename (build, "app", "postmortemctl", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status;

  g_ptr_array_add (argv, ctl);
  for (int i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_report_key (void)
{
  const char *corpus = g_getenv ("PM_CORPUS_DIR");
  g_autofree char *dump = g_build_filename (corpus, "breakpad__minidump2.dmp", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("pm-ctl-key-XXXXXX", NULL);
  g_autofree char *store_dir = g_build_filename (tmp, "store", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PmStore) store = NULL;
  g_autofree char *key = NULL;
  g_autofree char *empty_key = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *want_label = NULL;
  g_auto (GStrv) envp = g_get_environ ();

  envp = g_environ_setenv (envp, "PM_STORE_DIR", store_dir, TRUE);
  envp = g_environ_setenv (envp, "HOME", tmp, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", tmp, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", tmp, TRUE);

  store = pm_store_open (store_dir, &error);
  g_assert_no_error (error);
  key = publish (store, dump);
  empty_key = publish (store, NULL);
  g_assert_cmpstr (key, !=, empty_key);

  {
    const char *args[] = { "info", key, "--json", NULL };
    g_assert_cmpint (run_ctl (envp, args, &out, &err), ==, 0);
  }
  want_label = g_strdup_printf ("\"file\":\"%s/minidump.dmp\"", key);
  g_assert_nonnull (strstr (out, want_label));
  g_assert_nonnull (strstr (out, "\"code_name\":\"EXCEPTION_ACCESS_VIOLATION_WRITE\""));
  g_assert_nonnull (strstr (out, "\"crash_address\":\"0x45\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    /* The crashing thread's stack pointer is in the dump's memory. */
    const char *args[] = { "memory", key, "0x12fe84", "16", NULL };
    g_assert_cmpint (run_ctl (envp, args, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "0x000000000012fe84  "));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *args[] = { "info", empty_key, NULL };
    g_assert_cmpint (run_ctl (envp, args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "has no minidump"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *args[] = { "info", "APPCRASH_nothere_0000000000000000_4a8c6f0e-0000-4000-8000-000000000000", NULL };
    g_assert_cmpint (run_ctl (envp, args, &out, &err), ==, 1);
    g_assert_true (g_str_has_prefix (err, "postmortemctl: "));
  }

  g_clear_object (&store);
  {
    /* Remove the store tree. */
    const char *argv[] = { "rm", "-rf", tmp, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

int
main (int argc, char **argv)
{
  const char *corpus = g_getenv ("PM_CORPUS_DIR");

  g_test_init (&argc, &argv, NULL);
  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_print ("PM_CORPUS_DIR (%s) is not a directory: the minidump corpus is absent; skipping\n",
               corpus != NULL ? corpus : "unset");
      return 77;
    }
  g_test_add_func ("/minidump/ctl/report-key", test_report_key);
  return g_test_run ();
}
