/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-settings.c — PmSettings: the settings key file shared by postmortemctl and the
 * application (consent, exclusions, quotas, any key), its path, its safety.
 *
 * Runs in: the test process, with an isolated HOME/XDG_CONFIG_HOME.
 */
#include "pm-config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-settings.h"

static char *tmp_home;

static char *
fresh_path (const char *name)
{
  g_autofree char *dir = g_build_filename (tmp_home, name, NULL);
  return g_build_filename (dir, "settings.ini", NULL);
}

static void
test_default_path (void)
{
  g_autofree char *path = NULL;
  g_autofree char *expected = g_build_filename (tmp_home, "config", "postmortem", "settings.ini", NULL);

  g_unsetenv ("PM_SETTINGS_FILE");
  path = pm_settings_get_default_path ();
  g_assert_cmpstr (path, ==, expected);
  g_setenv ("PM_SETTINGS_FILE", "/somewhere/else.ini", TRUE);
  g_free (path);
  path = pm_settings_get_default_path ();
  g_assert_cmpstr (path, ==, "/somewhere/else.ini");
  g_unsetenv ("PM_SETTINGS_FILE");
}

static void
test_consent (void)
{
  g_autofree char *path = fresh_path ("consent");
  g_autoptr(PmSettings) settings = pm_settings_new (path);
  g_autoptr(PmSettings) other = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) apps = NULL;
  g_autofree char *contents = NULL;
  PmConsentLevel level;
  struct stat st;

  /* No file: WER's default, always ask. */
  g_assert_cmpint (pm_settings_get_consent (settings, NULL), ==, PM_CONSENT_ALWAYS_ASK);
  g_assert_cmpint (pm_settings_get_consent (settings, "gedit"), ==, PM_CONSENT_ALWAYS_ASK);
  g_assert_false (pm_settings_get_app_consent (settings, "gedit", &level));

  g_assert_true (pm_settings_set_consent (settings, NULL, PM_CONSENT_PARAMETERS_SAFE_DATA, &error));
  g_assert_no_error (error);
  g_assert_true (pm_settings_set_consent (settings, "gedit", PM_CONSENT_ALL_DATA, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pm_settings_get_consent (settings, NULL), ==, PM_CONSENT_PARAMETERS_SAFE_DATA);
  g_assert_cmpint (pm_settings_get_consent (settings, "gedit"), ==, PM_CONSENT_ALL_DATA);
  g_assert_cmpint (pm_settings_get_consent (settings, "other"), ==, PM_CONSENT_PARAMETERS_SAFE_DATA);
  apps = pm_settings_list_consent_apps (settings);
  g_assert_cmpuint (g_strv_length (apps), ==, 1);
  g_assert_cmpstr (apps[0], ==, "gedit");

  /* The file is what the documentation says, 0600 in a 0700 directory. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "[Consent]"));
  g_assert_nonnull (strstr (contents, "Default=safe-data"));
  g_assert_nonnull (strstr (contents, "gedit=all-data"));
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Another object (another process) sees it, and its own change does not undo ours. */
  other = pm_settings_new (path);
  g_assert_cmpint (pm_settings_get_consent (other, "gedit"), ==, PM_CONSENT_ALL_DATA);
  g_assert_true (pm_settings_set_consent (other, "nautilus", PM_CONSENT_PARAMETERS_ONLY, &error));
  g_assert_cmpint (pm_settings_get_consent (settings, "nautilus"), ==, PM_CONSENT_PARAMETERS_ONLY);
  g_assert_true (pm_settings_set_consent (settings, "gedit", 0, &error));   /* removes gedit's own */
  g_assert_cmpint (pm_settings_get_consent (other, "gedit"), ==, PM_CONSENT_PARAMETERS_SAFE_DATA);
  g_assert_cmpint (pm_settings_get_consent (other, "nautilus"), ==, PM_CONSENT_PARAMETERS_ONLY);

  /* Bad input is refused by name. */
  g_assert_false (pm_settings_set_consent (settings, "bad=name", PM_CONSENT_ALL_DATA, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pm_settings_set_consent (settings, NULL, 7, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Names of the levels. */
  g_assert_true (pm_consent_level_from_string ("all-data", &level));
  g_assert_cmpint (level, ==, PM_CONSENT_ALL_DATA);
  g_assert_true (pm_consent_level_from_string ("2", &level));
  g_assert_cmpint (level, ==, PM_CONSENT_PARAMETERS_ONLY);
  g_assert_false (pm_consent_level_from_string ("5", &level));
  g_assert_false (pm_consent_level_from_string ("everything", &level));
  g_assert_cmpstr (pm_consent_level_to_string (PM_CONSENT_ALWAYS_ASK), ==, "ask");
}

static void
test_excluded_and_values (void)
{
  g_autofree char *path = fresh_path ("excluded");
  g_autoptr(PmSettings) settings = pm_settings_new (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) excluded = NULL;
  g_autofree char *url = NULL;
  PmQuota quota;

  g_assert_false (pm_settings_is_excluded (settings, "a"));
  g_assert_true (pm_settings_set_excluded (settings, "a", TRUE, &error));
  g_assert_true (pm_settings_set_excluded (settings, "b", TRUE, &error));
  g_assert_true (pm_settings_set_excluded (settings, "b", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (pm_settings_is_excluded (settings, "a"));
  g_assert_false (pm_settings_is_excluded (settings, "b"));
  excluded = pm_settings_list_excluded (settings);
  g_assert_cmpuint (g_strv_length (excluded), ==, 1);
  g_assert_cmpstr (excluded[0], ==, "a");

  pm_settings_get_quota (settings, &quota);
  g_assert_cmpuint (quota.max_queue_count, ==, 50);
  g_assert_cmpuint (quota.max_archive_count, ==, 1000);
  g_assert_cmpuint (quota.max_bytes, ==, G_GUINT64_CONSTANT (1) << 30);
  g_assert_cmpuint (quota.flood_window_seconds, ==, 60);
  quota.max_queue_count = 7;
  g_assert_true (pm_settings_set_quota (settings, &quota, &error));
  pm_settings_get_quota (settings, &quota);
  g_assert_cmpuint (quota.max_queue_count, ==, 7);

  g_assert_true (pm_settings_set_value (settings, "Server", "Url", "https://crash.example/submit", &error));
  g_assert_no_error (error);
  url = pm_settings_get_value (settings, "Server", "Url");
  g_assert_cmpstr (url, ==, "https://crash.example/submit");
  g_assert_true (pm_settings_get_boolean (settings, "Server", "Gzip", TRUE));
  g_assert_false (pm_settings_set_value (settings, "Server", "Url", "a\nb", &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Everything set survived every rewrite. */
  g_assert_true (pm_settings_is_excluded (settings, "a"));
}

static void
test_bad_files (void)
{
  g_autofree char *path = fresh_path ("bad");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *target = g_build_filename (tmp_home, "target.ini", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmSettings) settings = NULL;
  PmQuota quota;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* Malformed: the defaults are used (with a warning) and the file is never overwritten. */
  g_assert_true (g_file_set_contents (path, "[Quota\nMaxQueueCount=3\n", -1, NULL));
  g_test_expect_message ("Postmortem-Store", G_LOG_LEVEL_WARNING, "*malformed*");
  settings = pm_settings_new (path);
  pm_settings_get_quota (settings, &quota);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (quota.max_queue_count, ==, 50);
  g_assert_false (pm_settings_reload (settings, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (pm_settings_set_excluded (settings, "x", TRUE, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "[Quota\nMaxQueueCount=3\n");
  g_clear_object (&settings);

  /* A symlink is not followed, neither to read nor to write. */
  g_assert_cmpint (unlink (path), ==, 0);
  g_assert_true (g_file_set_contents (target, "[Excluded]\nvictim=true\n", -1, NULL));
  g_assert_cmpint (symlink (target, path), ==, 0);
  settings = pm_settings_new (path);
  g_assert_false (pm_settings_reload (settings, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
  g_clear_error (&error);
  g_assert_false (pm_settings_set_excluded (settings, "x", TRUE, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
  g_clear_error (&error);
  g_free (contents);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "[Excluded]\nvictim=true\n");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_home = g_dir_make_tmp ("pm-settings-test-XXXXXX", NULL);
  config = g_build_filename (tmp_home, "config", NULL);
  g_setenv ("HOME", tmp_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp_home, TRUE);

  g_test_add_func ("/settings/default-path", test_default_path);
  g_test_add_func ("/settings/consent", test_consent);
  g_test_add_func ("/settings/excluded-quota-values", test_excluded_and_values);
  g_test_add_func ("/settings/bad-files", test_bad_files);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_home);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_home);
  }
  return ret;
}
