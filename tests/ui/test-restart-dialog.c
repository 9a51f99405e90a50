/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-restart-dialog.c — Reopen in the crash dialog, for reports of real
 * crashes: pm-restart-child registers a restart (`--started MARK`) and
 * crashes under the real postmortem-dumper. With the run-time hook saying it
 * ran a minute, the dialog offers "Reopen pm-restart-child"; clicking it
 * starts the program again, which writes MARK. Not offered: a process that
 * ran less than 60 s, one that said RESTART_NO_CRASH, and a second crash of
 * the same program within a minute (the first report keeps its offer). The
 * dialog with Reopen is rendered at 360 px and at full width
 * (restart-dialog-WIDTH-LANG.png in <build>/tests/ui), and at 360 px once more
 * saying why a program that is gone cannot be reopened
 * (restart-dialog-gone-360-LANG.png).
 *
 * Then the rules themselves on reports of crashes and hangs (AppHang…), with
 * the clock given. Run by meson in English, twice: with the run-time hook
 * PM_TEST_RUN_TIME_OFFSET_S=60 (the short-run and rules cases skip), and
 * without it for those two alone. For French:
 *   LANGUAGE=fr LC_ALL=fr_FR.UTF-8 PM_BUILD_DIR=build PM_DUMPER_PATH=build/core/dumper/postmortem-dumper \
 *     PM_TEST_RUN_TIME_OFFSET_S=60 build/tests/ui/test-restart-dialog build/tests/client/pm-restart-child
 *
 * Runs in: a test program (GTK main thread); the crashing programs are children.
 * Usage: test-restart-dialog RESTART-CHILD
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sys/wait.h>

#include "pm-crash-dialog.h"
#include "pm-report-text.h"
#include "pm-restart.h"
#include "test-crash-dialog-util.h"

#define NARROW 360
#define FULL_WIDTH 1280
#define FULL_HEIGHT 800

static const char *restart_child;
static PmStore *store;
static char *tmp;
static const char *lang;

static gboolean
is_french (void)
{
  return g_strcmp0 (lang, "fr") == 0;
}

/* Crashes @program (a copy of pm-restart-child, or NULL for it) once with
 * @flags; returns the key of its report. */
static char *
crash_program (const char *program,
               const char *flags,
               const char *mark)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = pm_store_list_newest_keys (store, PM_REPORT_STATE_QUEUE, G_MAXUINT, &error);
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *asan = g_environ_getenv (env, "ASAN_OPTIONS");
  g_autofree char *asan_options = NULL;
  int status;

  g_assert_no_error (error);
  /* Under AddressSanitizer the crash is the handler's, not the sanitizer's. */
  asan_options = g_strdup_printf ("%s%shandle_segv=0:use_sigaltstack=0:detect_leaks=0:abort_on_error=0",
                                  asan ? asan : "", asan && *asan ? ":" : "");
  env = g_environ_setenv (env, "ASAN_OPTIONS", asan_options, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) (const char *[]) { program ? program : restart_child, "restart", flags, mark, NULL },
                               env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGSEGV);
  /* The dumper published before the child died (the handler waits for it). */
  after = pm_store_list_newest_keys (store, PM_REPORT_STATE_QUEUE, G_MAXUINT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len; i++)
    if (!g_ptr_array_find_with_equal_func (before, g_ptr_array_index (after, i), g_str_equal, NULL))
      return g_strdup (g_ptr_array_index (after, i));
  g_assert_not_reached ();
  return NULL;
}

static char *
crash_child (const char *flags,
             const char *mark)
{
  return crash_program (NULL, flags, mark);
}

static PmCrashDialog *
open_dialog (const char *key,
             int         width,
             GtkWindow **parent_out)
{
  g_autoptr(PmReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = GTK_WINDOW (adw_window_new ());
  PmCrashDialog *dialog;

  gtk_window_set_default_size (parent, width, width == NARROW ? 720 : FULL_HEIGHT);
  gtk_window_present (parent);
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, parent, 10));
  report = pm_store_load_report (store, key, &error);
  g_assert_no_error (error);
  {
    g_autoptr(PmSettings) settings = pm_test_settings_snapshot (store);
    g_autoptr(PmSettings) restart_state = pm_test_restart_snapshot ();
    dialog = pm_crash_dialog_new (parent, store, report, settings, restart_state);
  }
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, dialog, 10));
  *parent_out = parent;
  return dialog;
}

static void
close_dialog (PmCrashDialog *dialog,
              GtkWindow     *parent)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (parent);
  pm_test_settle (50);
}

/* The Reopen button when it is shown, else NULL. */
static GtkWidget *
find_reopen (PmCrashDialog *dialog)
{
  g_autoptr(GPtrArray) buttons = pm_test_find_all (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      const char *label = gtk_button_get_label (GTK_BUTTON (button));

      if (label != NULL && (g_str_has_prefix (label, "_Reopen ") || g_str_has_prefix (label, "_Rouvrir ")) &&
          gtk_widget_get_visible (button))
        return button;
    }
  return NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* The run-time hook is set (or not) by whoever starts this program, never
 * changed here: the application reads it while its workers run. Tests that
 * need the other setting skip. */
static gboolean
run_time_hook_is (gboolean on)
{
  gboolean set = g_getenv ("PM_TEST_RUN_TIME_OFFSET_S") != NULL;

  if (set != on)
    {
      g_test_skip (on ? "needs PM_TEST_RUN_TIME_OFFSET_S=60 (meson's test-restart-dialog)"
                      : "needs PM_TEST_RUN_TIME_OFFSET_S unset (meson's test-restart-dialog-short-run)");
      return FALSE;
    }
  return TRUE;
}

/* A fresh restart state: the once-a-minute rule of one test does not leak into the next. */
static void
forget_offers (void)
{
  g_autofree char *path = g_build_filename (g_get_user_state_dir (), "postmortem", "restart.ini", NULL);

  g_unlink (path);
}

static void
reopen_and_shoot (int width)
{
  g_autofree char *name = g_strdup_printf ("started-%d", width);
  g_autofree char *mark = g_build_filename (tmp, name, NULL);
  g_autofree char *key = NULL, *png = NULL, *shot = NULL;
  GtkWindow *parent;
  PmCrashDialog *dialog;
  GtkWidget *reopen;
  int minimum = 0;

  if (!run_time_hook_is (TRUE))
    return;
  forget_offers ();
  key = crash_child ("0", mark);
  dialog = open_dialog (key, width, &parent);
  reopen = find_reopen (dialog);
  g_assert_nonnull (reopen);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (reopen)), ==,
                   is_french () ? "_Rouvrir pm-restart-child" : "_Reopen pm-restart-child");
  pm_test_settle (300);
  shot = g_strdup_printf ("restart-dialog-%s-%s", width == NARROW ? "360" : "full", lang);
  png = pm_test_save_png (GTK_WIDGET (dialog), shot);
  /* Usable on a phone-sized screen: the button fits 360 px with the dialog's margins.
   * (The whole dialog is not measured: "Always do this for APP" does not wrap and
   * needs more in French with a long name, whether or not Reopen is there.) */
  gtk_widget_measure (reopen, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, NARROW - 2 * 24);

  /* The program runs again and says so. */
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_activate (reopen));
  g_assert_true (pm_test_wait_for (file_exists, mark, 30));
  g_assert_false (gtk_widget_get_sensitive (reopen));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (reopen)), ==, is_french () ? "Rouvert" : "Reopened");
  close_dialog (dialog, parent);
}

static void
test_reopen_narrow (void)
{
  reopen_and_shoot (NARROW);
}

static void
test_reopen_full (void)
{
  reopen_and_shoot (FULL_WIDTH);
}

static void
test_short_run_not_offered (void)
{
  g_autofree char *mark = g_build_filename (tmp, "short", NULL);
  g_autofree char *key = NULL;
  GtkWindow *parent;
  PmCrashDialog *dialog;

  if (!run_time_hook_is (FALSE))
    return;
  forget_offers ();
  key = crash_child ("0", mark);
  dialog = open_dialog (key, FULL_WIDTH, &parent);
  g_assert_null (find_reopen (dialog));
  close_dialog (dialog, parent);
}

static void
test_no_crash_flag_not_offered (void)
{
  g_autofree char *mark = g_build_filename (tmp, "no-crash", NULL);
  g_autofree char *key = NULL;
  GtkWindow *parent;
  PmCrashDialog *dialog;

  if (!run_time_hook_is (TRUE))
    return;
  forget_offers ();
  key = crash_child ("1", mark);   /* RESTART_NO_CRASH */
  dialog = open_dialog (key, FULL_WIDTH, &parent);
  g_assert_null (find_reopen (dialog));
  close_dialog (dialog, parent);
}

static void
test_once_a_minute (void)
{
  g_autofree char *mark = g_build_filename (tmp, "twice", NULL);
  g_autofree char *first = NULL, *second = NULL;
  GtkWindow *parent;
  PmCrashDialog *dialog;

  if (!run_time_hook_is (TRUE))
    return;
  forget_offers ();
  first = crash_child ("0", mark);
  second = crash_child ("0", mark);
  g_assert_cmpstr (first, !=, second);

  dialog = open_dialog (first, FULL_WIDTH, &parent);
  g_assert_nonnull (find_reopen (dialog));
  close_dialog (dialog, parent);
  /* The second crash within the minute: not offered. */
  dialog = open_dialog (second, FULL_WIDTH, &parent);
  g_assert_null (find_reopen (dialog));
  close_dialog (dialog, parent);
  /* The first report keeps its offer (its notification and its dialog agree). */
  dialog = open_dialog (first, FULL_WIDTH, &parent);
  g_assert_nonnull (find_reopen (dialog));
  close_dialog (dialog, parent);
}

typedef struct
{
  GtkWidget *root;
  char      *text;
} FindLabel;

static gboolean
label_is_shown (gpointer data)
{
  FindLabel *find = data;
  GtkWidget *label = pm_test_find_widget (find->root, GTK_TYPE_LABEL, find->text);

  return label != NULL && gtk_widget_get_visible (label);
}

/* The program is gone by the time the person clicks Reopen: they are told why. */
static void
test_program_gone (void)
{
  g_autofree char *bin = g_build_filename (tmp, "bin", NULL);
  g_autofree char *copy = g_build_filename (bin, "pm-restart-gone", NULL);
  g_autofree char *mark = g_build_filename (tmp, "gone", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *key = NULL, *shot = NULL, *png = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;
  PmCrashDialog *dialog;
  GtkWidget *reopen;
  gsize length;

  if (!run_time_hook_is (TRUE))
    return;
  forget_offers ();
  g_assert_cmpint (g_mkdir_with_parents (bin, 0700), ==, 0);
  g_assert_true (g_file_get_contents (restart_child, &contents, &length, &error));
  g_assert_true (g_file_set_contents_full (copy, contents, length, G_FILE_SET_CONTENTS_NONE, 0700, &error));
  g_assert_no_error (error);
  key = crash_program (copy, "0", mark);
  g_assert_cmpint (g_unlink (copy), ==, 0);

  dialog = open_dialog (key, NARROW, &parent);
  reopen = find_reopen (dialog);
  g_assert_nonnull (reopen);
  /* "clicked" follows the activation after a short animation: wait for its effect. */
  g_assert_true (gtk_widget_activate (reopen));
  {
    FindLabel find = { GTK_WIDGET (dialog), NULL };

    find.text = g_strdup_printf (is_french () ? "L’application ne peut pas être rouverte : %s n’est plus un programme exécutable"
                                              : "The application cannot be reopened: %s is no longer an executable program",
                                 copy);
    g_assert_true (pm_test_wait_for (label_is_shown, &find, 30));
    g_free (find.text);
  }
  pm_test_settle (300);
  shot = g_strdup_printf ("restart-dialog-gone-360-%s", lang);
  png = pm_test_save_png (GTK_WIDGET (dialog), shot);
  /* Still offered: the person may put the program back and try again. */
  g_assert_true (gtk_widget_get_sensitive (reopen));
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
  close_dialog (dialog, parent);
}

/* A report as the dumper (or a hang reporter) would write it, loaded back. */
static PmReport *
publish_report_full (const char *event_type,
                     const char *app,
                     const char *flags,
                     const char *run_time,
                     gboolean    imported)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  PmReportDraft *draft = pm_store_begin_report (store, &error);
  PmReport *report;

  g_assert_no_error (error);
  pm_report_draft_set (draft, "EventType", event_type);
  pm_report_draft_set (draft, "AppName", app);
  pm_report_draft_set (draft, "AppPath", "/usr/bin/true");
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", app);
  pm_report_draft_set (draft, "Postmortem.RestartCommandLine", "--restore");
  pm_report_draft_set (draft, "Postmortem.RestartFlags", flags);
  pm_report_draft_set (draft, "Postmortem.RunTimeSeconds", run_time);
  if (imported)
    pm_report_draft_set (draft, "Postmortem.ImportedReportIdentifier", "11111111-2222-3333-4444-555555555555");
  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  pm_report_draft_free (draft);
  report = pm_store_load_report (store, key, &error);
  g_assert_no_error (error);
  return report;
}

static PmReport *
publish_report (const char *event_type,
                const char *app,
                const char *flags,
                const char *run_time)
{
  return publish_report_full (event_type, app, flags, run_time, FALSE);
}

/* WER's rules on reports of crashes and hangs, with the clock given (no hook, no waiting). */
static void
test_rules (void)
{
  g_autofree char *path = g_build_filename (tmp, "rules-state.ini", NULL);
  g_autoptr(PmSettings) state = NULL;
  g_autoptr(PmReport) hang_no_hang = NULL, hang_no_crash = NULL, crash_no_hang = NULL;
  g_autoptr(PmReport) crash_no_crash = NULL, young = NULL, first = NULL, second = NULL, imported = NULL;

  if (!run_time_hook_is (FALSE))
    return;
  state = pm_settings_new (path);
  hang_no_hang = publish_report ("AppHangB1", "hang-a", "2", "120");
  hang_no_crash = publish_report ("AppHangB1", "hang-b", "1", "120");
  crash_no_hang = publish_report ("APPCRASH", "crash-a", "2", "120");
  crash_no_crash = publish_report ("APPCRASH", "crash-b", "1", "120");
  young = publish_report ("APPCRASH", "young", "0", "59");
  g_assert_false (pm_restart_is_offered (hang_no_hang, state, 1000));
  g_assert_true (pm_restart_is_offered (hang_no_crash, state, 1000));
  g_assert_true (pm_restart_is_offered (crash_no_hang, state, 1000));
  g_assert_false (pm_restart_is_offered (crash_no_crash, state, 1000));
  g_assert_false (pm_restart_is_offered (young, state, 1000));
  /* Never a program an imported report names. */
  imported = publish_report_full ("APPCRASH", "imported", "0", "600", TRUE);
  g_assert_false (pm_restart_is_offered (imported, state, 1000));

  /* Once a minute per application: offered for the first at 1000, the second
   * waits until 1060; the first keeps its offer. */
  first = publish_report ("APPCRASH", "twice", "0", "600");
  second = publish_report ("APPCRASH", "twice", "0", "600");
  g_assert_true (pm_restart_is_offered (first, state, 1000));
  pm_restart_note_offered (first, state, 1000);
  g_assert_false (pm_restart_is_offered (second, state, 1030));
  g_assert_false (pm_restart_is_offered (second, state, 1059));
  g_assert_true (pm_restart_is_offered (first, state, 1059));
  g_assert_true (pm_restart_is_offered (second, state, 1060));
  pm_restart_note_offered (second, state, 1060);
  g_assert_false (pm_restart_is_offered (first, state, 1100));
  /* Another application is not held back. */
  g_assert_true (pm_restart_is_offered (crash_no_hang, state, 1061));
}

int
main (int argc, char **argv)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("PM_BUILD_DIR"), "po", NULL);
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  const char *language = g_getenv ("LANGUAGE");
  PmQuota quota;
  int status;

  tmp = pm_test_isolate ();
  state = g_build_filename (tmp, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  lang = language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";
  if (argc < 2)
    {
      g_printerr ("usage: test-restart-dialog RESTART-CHILD\n");
      return 2;
    }
  restart_child = argv[1];

  store = pm_store_open_default (&error);
  g_assert_no_error (error);
  /* Every crash of the child is its own report (not counted on the first). */
  pm_settings_get_quota (pm_store_get_settings (store), &quota);
  quota.flood_window_seconds = 0;
  g_assert_true (pm_settings_set_quota (pm_store_get_settings (store), &quota, &error));

  g_test_add_func ("/restart-dialog/reopen-narrow", test_reopen_narrow);
  g_test_add_func ("/restart-dialog/reopen-full", test_reopen_full);
  g_test_add_func ("/restart-dialog/short-run", test_short_run_not_offered);
  g_test_add_func ("/restart-dialog/rules", test_rules);
  g_test_add_func ("/restart-dialog/no-crash-flag", test_no_crash_flag_not_offered);
  g_test_add_func ("/restart-dialog/once-a-minute", test_once_a_minute);
  g_test_add_func ("/restart-dialog/program-gone", test_program_gone);
  status = g_test_run ();

  g_object_unref (store);
  pm_test_remove_tree (tmp);
  g_free (tmp);
  return status;
}
