/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-send-choice.c — where the crash dialog sends, and what it offers when
 * nothing takes the report, as on a fresh install (no server in the settings):
 *  - a report whose program registered its crash server (Postmortem.CrashServer)
 *    is sent to it (the project's receiver on 127.0.0.1), and the dialog says
 *    "Sends to 127.0.0.1, named by APP";
 *  - with no server, Send is not shown, the reason is in the visible part, and
 *    Report a Bug… opens the program's AppStream bug tracker (a metainfo file
 *    in the isolated XDG data dir) through gtk_show_uri: GIO starts the
 *    x-scheme-handler/https handler of the isolated mimeapps.list, a small script
 *    that writes the address it was given; that address is a GitHub new-issue
 *    form carrying title and body and neither the home folder nor the user name;
 *  - Save Report… (the chooser's answer given directly) writes an archive that
 *    `postmortemctl import` accepts into another store;
 *  - Open Preferences opens the Preferences window, and a server chosen there is
 *    used when it closes;
 *  - the window's Send… is off for a sent report and on for a queued or declined
 *    one (a declined one goes back to the queue and is asked about), and
 *    Ctrl+Shift+C copies the report's ReportIdentifier; Copy Details copies a
 *    redacted summary, Copy Debugger Command a command naming the report's
 *    minidump, Save Report… writes the archive.
 * Renders the dialog and Preferences at 360 px and 1100 px to
 * <build>/tests/ui/send-*-WIDTH-LANG.png. Run by meson in English and in French
 * (LANGUAGE=fr, LC_ALL=fr_FR.UTF-8: the build tree's po/ is bound).
 *
 * Runs in: a test program (GTK main thread). Needs PM_CORPUS_DIR (skips without).
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pm-bug-report.h"
#include "pm-crash-dialog.h"
#include "pm-crash-dialog-private.h"
#include "pm-preferences-window.h"
#include "pm-report-actions.h"
#include "pm-send-actions.h"
#include "pm-window.h"
#include "test-crash-dialog-util.h"

static PmStore *store;
static const char *lang;     /* "en" or "fr" */
static char *uri_file;       /* where the stub URI handler writes */

static void
set_server (const char *url)
{
  PmSettings *settings = pm_store_get_settings (store);
  g_autoptr(GError) error = NULL;

  g_assert_true (pm_settings_set_value (settings, "Server", "Kind", url ? "breakpad" : NULL, &error));
  g_assert_true (pm_settings_set_value (settings, "Server", "Url", url, &error));
  g_assert_no_error (error);
}

static GtkWindow *
make_parent (int width)
{
  GtkWindow *parent = GTK_WINDOW (adw_window_new ());

  gtk_window_set_default_size (parent, width, width <= 360 ? 720 : 800);
  gtk_window_present (parent);
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, parent, 10));
  return parent;
}

static PmCrashDialog *
open_dialog (GtkWindow  *parent,
             const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) report = pm_store_load_report (store, key, &error);
  PmCrashDialog *dialog;

  g_assert_no_error (error);
  {
    g_autoptr(PmSettings) settings = pm_test_settings_snapshot (store);
    g_autoptr(PmSettings) restart_state = pm_test_restart_snapshot ();
    dialog = pm_crash_dialog_new (parent, store, report, settings, restart_state);
  }
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, dialog, 10));
  pm_test_settle (300);
  return dialog;
}

static void
save (GtkWidget  *widget,
      const char *screen,
      int         width)
{
  g_autofree char *name = g_strdup_printf ("send-%s-%d-%s", screen, width, lang);
  g_autofree char *path = NULL;

  pm_test_settle (300);
  path = pm_test_save_png (widget, name);
}

/* The response button showing @label, visible or not. */
static GtkWidget *
response_button (PmCrashDialog *dialog,
                 const char    *label)
{
  g_autoptr(GPtrArray) buttons = pm_test_find_all (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);
  return NULL;
}

static char *
add_report (const char *app,
            const char *crash_server)
{
  g_autofree char *key = pm_test_make_report (store, app, FALSE);
  g_autofree char *home_file = g_build_filename (g_get_home_dir (), "src", "app.c", NULL);
  g_autofree char *stack = g_strdup_printf ("crash_here (%s:12) | main", home_file);
  const char *values[] = { "Sig[8].Name", "Stack Signature", "Sig[8].Value", stack,
                           "Postmortem.CrashServer", crash_server, NULL };
  g_autoptr(GError) error = NULL;

  if (crash_server == NULL)
    values[4] = NULL;
  g_assert_true (pm_store_set_report_values (store, key, values, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&key);
}

static gboolean
not_sending (gpointer data)
{
  return pm_crash_dialog_get_state (data) != PM_CRASH_DIALOG_SENDING;
}

static void
test_program_server (void)
{
  PmTestReceiver *receiver = pm_test_receiver_start (NULL);
  g_autofree char *key = add_report ("notes-like", receiver->url);
  GtkWindow *parent = make_parent (1100);
  PmCrashDialog *dialog;
  GtkWidget *send;

  set_server (NULL);
  dialog = open_dialog (parent, key);
  send = response_button (dialog, _("_Send"));
  g_assert_nonnull (send);
  g_assert_true (gtk_widget_get_visible (send));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  if (g_strcmp0 (lang, "en") == 0)
    g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                           "Sends to 127.0.0.1, named by notes-like."));
  save (GTK_WIDGET (dialog), "dialog-program-server", 1100);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
  g_assert_cmpuint (pm_test_receiver_count (receiver), ==, 1);
  /* Nothing was written into the person's settings. */
  {
    g_autofree char *url = pm_settings_get_value (pm_store_get_settings (store), "Server", "Url");
    g_assert_null (url);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (parent);
  pm_test_receiver_stop (receiver);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
is_preferences (gpointer data)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (PM_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        {
          *(gpointer *) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* The dialog offers Send (after Preferences closed, it reads the settings
 * again in the settings thread, then updates). */
static gboolean
send_offered (gpointer data)
{
  PmCrashDialog *dialog = data;
  GtkWidget *send = response_button (dialog, _("_Send"));

  return send != NULL && gtk_widget_get_visible (send)
         && adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send");
}

static void
check_no_server (int width)
{
  g_autofree char *key = add_report ("offline-app", NULL);
  GtkWindow *parent = make_parent (width);
  PmCrashDialog *dialog;
  GtkWidget *send, *report_bug, *preferences_button;
  g_autofree char *uri = NULL;
  g_autofree char *archive = NULL;
  PmPreferencesWindow *preferences = NULL;

  set_server (NULL);
  dialog = open_dialog (parent, key);

  /* No Send button at all, and the reason where it is seen. */
  send = response_button (dialog, _("_Send"));
  g_assert_true (send == NULL || !gtk_widget_get_visible (send));
  if (g_strcmp0 (lang, "en") == 0)
    {
      g_autoptr(GPtrArray) labels = pm_test_find_all (GTK_WIDGET (dialog), GTK_TYPE_LABEL);
      gboolean said = FALSE;

      for (guint i = 0; i < labels->len; i++)
        {
          GtkWidget *label = g_ptr_array_index (labels, i);
          said |= gtk_widget_is_drawable (label) &&
                  g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)),
                                    "This report cannot be sent: no crash server is set up, and offline-app does not name one.");
        }
      g_assert_true (said);
    }
  report_bug = pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, _("Report a _Bug…"));
  g_assert_nonnull (report_bug);
  g_assert_true (gtk_widget_is_drawable (report_bug));
  /* Enter goes to Report a Bug…, not to Don't Send. */
  g_assert_true (gtk_widget_has_focus (report_bug));
  save (GTK_WIDGET (dialog), "dialog-no-server", width);

  if (width > 360)
    {
      g_autofree char *home = g_strdup (g_get_home_dir ());

      /* Report a Bug…: GIO hands the address to the stub handler. */
      g_unlink (uri_file);
      gtk_widget_activate (report_bug);
      g_assert_true (pm_test_wait_for (file_exists, uri_file, 30));
      pm_test_settle (200);
      g_assert_true (g_file_get_contents (uri_file, &uri, NULL, NULL));
      g_test_message ("opened %s", uri);
      g_assert_cmpstr (uri, ==, pm_crash_dialog_get_bug_uri (dialog));
      g_assert_true (g_str_has_prefix (uri, "https://github.com/example/offline-app/issues/new?title="));
      g_assert_nonnull (strstr (uri, "&body="));
      {
        g_autofree char *decoded = g_uri_unescape_string (uri, NULL);
        g_autofree char *user_word = g_strdup_printf (" %s ", g_get_user_name ());

        g_assert_nonnull (decoded);
        g_assert_nonnull (strstr (decoded, "offline-app quit unexpectedly."));
        g_assert_nonnull (strstr (decoded, "- Program: offline-app 1.0"));
        g_assert_nonnull (strstr (decoded, "- Crashed in: libcrash.so+0x1234"));
        g_assert_nonnull (strstr (decoded, "- Stack signature: crash_here (~/src/app.c:12) | main"));
        g_assert_null (strstr (decoded, home));
        g_assert_null (strstr (decoded, user_word));
        g_assert_null (strstr (decoded, g_get_host_name ()));
      }

      /* Save Report…: the archive postmortemctl import takes. */
      archive = g_build_filename (g_get_user_cache_dir (), "pm-send-choice-report.tar.gz", NULL);
      g_unlink (archive);
      {
        g_autoptr(GFile) file = g_file_new_for_path (archive);
        pm_crash_dialog_save_report_to (dialog, file);
      }
      g_assert_true (pm_test_wait_for (file_exists, archive, 30));
      {
        g_autofree char *ctl = g_build_filename (g_getenv ("PM_BUILD_DIR"), "app", "postmortemctl", NULL);
        g_autofree char *other = g_dir_make_tmp ("pm-import-XXXXXX", NULL);
        g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PM_STORE_DIR", other, TRUE);
        const char *argv[] = { ctl, "import", archive, NULL };
        g_autofree char *out = NULL, *err = NULL;
        int status = -1;
        g_autoptr(GError) error = NULL;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
        g_assert_no_error (error);
        g_test_message ("import: %s %s", out, err);
        g_assert_true (g_spawn_check_wait_status (status, NULL));
        g_assert_true (g_str_has_prefix (out, "APPCRASH_offline-app_"));
        pm_test_remove_tree (other);
      }
      g_unlink (archive);
      save (GTK_WIDGET (dialog), "dialog-no-server-after", width);
    }

  /* Open Preferences; a server chosen there is used when it closes. */
  preferences_button = pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, _("Open _Preferences"));
  g_assert_nonnull (preferences_button);
  gtk_widget_activate (preferences_button);
  g_assert_true (pm_test_wait_for (is_preferences, &preferences, 10));
  /* Preferences is a window of its own: as wide as the test's screen. */
  gtk_window_set_default_size (GTK_WINDOW (preferences), width, width <= 360 ? 720 : 800);
  pm_test_settle (300);
  {
    int minimum = 0;

    /* The content, not the window: its client-side shadow is drawn outside. */
    gtk_widget_measure (gtk_widget_get_first_child (GTK_WIDGET (preferences)), GTK_ORIENTATION_HORIZONTAL, -1,
                        &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, width);
  }
  save (GTK_WIDGET (preferences), "preferences", width);
  set_server ("http://127.0.0.1:9/submit");
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_true (pm_test_wait_for (send_offered, dialog, 10));
  send = response_button (dialog, _("_Send"));
  g_assert_nonnull (send);
  g_assert_true (gtk_widget_get_visible (send));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  save (GTK_WIDGET (dialog), "dialog-person-server", width);
  set_server (NULL);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (parent);
}

static void
test_no_server_wide (void)
{
  check_no_server (1100);
}

static void
test_no_server_narrow (void)
{
  check_no_server (360);
}

static gboolean
pm_window_select_report_cb (gpointer data)
{
  const char **wait = data;

  return pm_window_select_report ((PmWindow *) wait[0], wait[1]);
}

static gboolean
window_shows (gpointer data)
{
  const char **wait = data;   /* { window, key } */
  PmReport *report = pm_window_get_shown_report ((PmWindow *) wait[0]);

  return report != NULL && g_strcmp0 (pm_report_get_key (report), wait[1]) == 0;
}

static void
select_and_wait (PmWindow   *window,
                 const char *key)
{
  const char *wait[] = { (const char *) window, key };

  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) pm_window_select_report_cb, wait, 1));
  g_assert_true (pm_test_wait_for (window_shows, wait, 20));
}

static gboolean
send_enabled (PmWindow *window)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), "send-report");
}

static gboolean
crash_dialog_shown (gpointer data)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (PM_IS_CRASH_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        {
          *(gpointer *) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
archived_report (const char *app,
                 const char *name,
                 const char *value)
{
  g_autofree char *key = add_report (app, NULL);
  const char *pairs[] = { name, value, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (pm_store_set_report_values (store, key, pairs, &error));
  g_assert_true (pm_store_archive_report (store, key, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&key);
}

/* Send… follows the shown report: on for a queued one, off for a sent one, on for a
 * declined one (which goes back to the queue and is asked about); Ctrl+Shift+C copies
 * the report's ReportIdentifier. */
static void
test_window_send_action (void)
{
  g_autoptr(GtkApplication) app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.SendTest",
                                                                         G_APPLICATION_NON_UNIQUE));
  g_autoptr(GError) error = NULL;
  g_autofree char *queued = add_report ("queued-app", NULL);
  g_autofree char *sent = archived_report ("sent-app", "Response.ReportId", "bp-already-sent");
  g_autofree char *declined = archived_report ("declined-app", "Postmortem.Declined", "true");
  g_autoptr(PmReport) loaded = NULL;
  PmCrashDialog *dialog = NULL;
  PmWindow *window;
  GdkContentProvider *content;
  GValue value = G_VALUE_INIT;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  pm_send_actions_install (app, store);
  window = pm_window_new (app, store, NULL);
  g_object_set (window, "filter", "all", NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, window, 10));
  if (pm_window_get_shown_report (window) == NULL)
    g_assert_false (send_enabled (window));

  select_and_wait (window, queued);
  g_assert_true (send_enabled (window));
  select_and_wait (window, sent);
  g_assert_false (send_enabled (window));
  select_and_wait (window, declined);
  g_assert_true (send_enabled (window));

  /* Ctrl+Shift+C: the ReportIdentifier, not the store key. */
  loaded = pm_store_load_report (store, declined, &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-report-id", NULL);
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpstr (g_value_get_string (&value), ==, pm_report_get_report_id (loaded));
  g_value_unset (&value);

  /* Copy Details: the plain-text summary, redacted. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-details", NULL);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (window))),
                                                 &value, NULL));
  g_assert_true (g_str_has_prefix (g_value_get_string (&value), "Crash: declined-app quit with SIGSEGV"));
  g_assert_nonnull (strstr (g_value_get_string (&value), "- Crashed in: libcrash.so+0x1234"));
  g_assert_null (strstr (g_value_get_string (&value), g_get_home_dir ()));
  g_value_unset (&value);

  /* Copy Debugger Command: a command naming the report's minidump, which exists. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-debugger-command", NULL);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (window))),
                                                 &value, NULL));
  {
    const char *command = g_value_get_string (&value);
    g_auto(GStrv) argv = NULL;

    g_test_message ("debugger command: %s", command);
    g_assert_true (g_shell_parse_argv (command, NULL, &argv, NULL));
    g_assert_true (g_strcmp0 (argv[0], "lldb") == 0 || g_strcmp0 (argv[0], "minidump_stackwalk") == 0);
    g_assert_true (g_file_test (argv[g_strv_length (argv) - 1], G_FILE_TEST_IS_REGULAR));
    g_assert_nonnull (strstr (argv[g_strv_length (argv) - 1], declined));
  }
  g_value_unset (&value);

  /* Save Report… from the window (the chooser's answer given directly). */
  {
    g_autofree char *archive = g_build_filename (g_get_user_cache_dir (), "pm-send-choice-window.zip", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (archive);

    g_unlink (archive);
    pm_report_actions_save_to (GTK_WINDOW (window), file);
    g_assert_true (pm_test_wait_for (file_exists, archive, 30));
    g_unlink (archive);
  }

  /* Send… on the declined report: back in the queue, and the question asked. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "send-report", NULL);
  g_assert_true (pm_test_wait_for (crash_dialog_shown, &dialog, 20));
  g_clear_object (&loaded);
  loaded = pm_store_load_report (store, declined, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (loaded), ==, PM_REPORT_STATE_QUEUE);
  g_assert_cmpstr (pm_report_get_value (loaded, "Postmortem.Declined"), ==, "false");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_settle (100);
}

/* New-issue forms: GitHub and GitLab take a title and a body in the query; any
 * other tracker is opened as it is (the description goes to the clipboard). */
static void
test_bug_uri (void)
{
  struct { const char *tracker; const char *expected; gboolean prefilled; } cases[] = {
    { "https://github.com/owner/repo/issues", "https://github.com/owner/repo/issues/new?title=T%20t&body=B%0Ab", TRUE },
    { "https://github.com/owner/repo", "https://github.com/owner/repo/issues/new?title=T%20t&body=B%0Ab", TRUE },
    { "https://gitlab.gnome.org/GNOME/gnome-text-editor/-/issues/",
      "https://gitlab.gnome.org/GNOME/gnome-text-editor/-/issues/new?issue%5Btitle%5D=T%20t&issue%5Bdescription%5D=B%0Ab", TRUE },
    { "https://gitlab.com/group/sub/project/issues",
      "https://gitlab.com/group/sub/project/-/issues/new?issue%5Btitle%5D=T%20t&issue%5Bdescription%5D=B%0Ab", TRUE },
    { "https://bugs.debian.org/gedit", "https://bugs.debian.org/gedit", FALSE },
    { "https://github.com/", "https://github.com/", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean prefilled = !cases[i].prefilled;
      g_autofree char *uri = pm_bug_report_build_uri (cases[i].tracker, "T t", "B\nb", &prefilled);

      g_assert_cmpstr (uri, ==, cases[i].expected);
      g_assert_cmpint (prefilled, ==, cases[i].prefilled);
    }
}

/* A handler for https: URIs that writes the address it got, and the isolated
 * mimeapps.list that makes it the default (what xdg-open and GIO both read). */
static void
install_uri_stub (void)
{
  g_autofree char *apps = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *script = g_build_filename (g_get_user_data_dir (), "pm-uri-stub.sh", NULL);
  g_autofree char *desktop = g_build_filename (apps, "pm-test-uri-stub.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop_text = NULL;
  g_autoptr(GError) error = NULL;

  uri_file = g_build_filename (g_get_user_data_dir (), "opened-uri.txt", NULL);
  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > '%s.tmp' && mv '%s.tmp' '%s'\n",
                                 uri_file, uri_file, uri_file);
  g_assert_true (g_file_set_contents (script, script_text, -1, &error));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=URI stub\nExec=%s %%u\n"
                                  "MimeType=x-scheme-handler/https;x-scheme-handler/http;\nNoDisplay=true\n", script);
  g_assert_true (g_file_set_contents (desktop, desktop_text, -1, &error));
  g_assert_true (g_file_set_contents (mimeapps,
                                      "[Default Applications]\n"
                                      "x-scheme-handler/https=pm-test-uri-stub.desktop\n"
                                      "x-scheme-handler/http=pm-test-uri-stub.desktop\n", -1, &error));
}

/* The program's AppStream metainfo names its bug tracker. */
static void
install_metainfo (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "metainfo", NULL);
  g_autofree char *path = g_build_filename (dir, "io.example.OfflineApp.metainfo.xml", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<component type=\"desktop-application\">\n"
    "  <id>io.example.OfflineApp</id>\n"
    "  <name>Offline App</name>\n"
    "  <url type=\"homepage\">https://example.org/</url>\n"
    "  <url type=\"bugtracker\">https://github.com/example/offline-app/issues</url>\n"
    "  <provides><binary>offline-app</binary></provides>\n"
    "  <releases><release version=\"1.0\"><url type=\"bugtracker\">https://wrong.example/</url></release></releases>\n"
    "</component>\n", -1, &error));
}

int
main (int argc, char **argv)
{
  g_autofree char *tmp = pm_test_isolate ();
  g_autofree char *localedir = g_build_filename (g_getenv ("PM_BUILD_DIR"), "po", NULL);
  g_autoptr(GError) error = NULL;
  const char *language = g_getenv ("LANGUAGE");
  PmQuota quota;
  int status;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  install_uri_stub ();
  install_metainfo ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  lang = language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";

  store = pm_store_open_default (&error);
  g_assert_no_error (error);
  pm_settings_get_quota (pm_store_get_settings (store), &quota);
  quota.flood_window_seconds = 0;
  g_assert_true (pm_settings_set_quota (pm_store_get_settings (store), &quota, &error));

  g_test_add_func ("/send-choice/bug-uri", test_bug_uri);
  g_test_add_func ("/send-choice/program-server", test_program_server);
  g_test_add_func ("/send-choice/no-server", test_no_server_wide);
  g_test_add_func ("/send-choice/no-server-narrow", test_no_server_narrow);
  g_test_add_func ("/send-choice/window-send-action", test_window_send_action);
  status = g_test_run ();

  g_object_unref (store);
  g_free (uri_file);
  pm_test_remove_tree (tmp);
  return status;
}
