/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-preferences.c — the preferences window in a real window (Xvfb) over an
 * isolated settings file and store: a change made by the real `postmortemctl
 * consent` shows in the open window, a change made in the window is what
 * `postmortemctl consent` prints, "never send" per application, the separate
 * "Collect Crash Reports" switch (exclusion) both ways, a bad address is
 * refused, Test Connection against the loopback receiver and a closed port,
 * sizes and Delete Sent Reports; the window is freed. Renders both pages to
 * PNGs (preferences-*.png) to look at.
 *
 * Runs in: a test program (GTK main thread). Needs PM_CORPUS_DIR (skips without).
 */
#include "pm-config.h"

#include "pm-preferences-window.h"
#include "pm-store-io-check.h"
#include "pm-debuginfod-choice.h"
#include "pm-settings-writer.h"
#include "pm-symbol-dirs.h"
#include "test-crash-dialog-util.h"

static PmStore *store;

static char *
run_ctl (const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("PM_BUILD_DIR"), "app", "postmortemctl", NULL));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

typedef struct
{
  PmPreferencesWindow *window;
  const char          *title;
  guint                selected;
} RowWait;

/* The row of application @app (folded: its level and its collection switch inside). */
static GtkWidget *
app_row (PmPreferencesWindow *window,
         const char          *app)
{
  return pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_EXPANDER_ROW, app);
}

static AdwComboRow *
app_level_row (PmPreferencesWindow *window,
               const char          *app)
{
  GtkWidget *row = app_row (window, app);

  return row != NULL ? ADW_COMBO_ROW (pm_test_find_widget (row, ADW_TYPE_COMBO_ROW, "Send Reports")) : NULL;
}

static GtkSwitch *
app_collect_switch (PmPreferencesWindow *window,
                    const char          *app)
{
  GtkWidget *row = app_row (window, app);
  GtkWidget *collect = row != NULL ? pm_test_find_widget (row, ADW_TYPE_ACTION_ROW, "Collect Crash Reports") : NULL;

  return collect != NULL ? GTK_SWITCH (pm_test_find_first (collect, GTK_TYPE_SWITCH)) : NULL;
}

static gboolean
no_write_pending (gpointer data)
{
  return pm_settings_write_get_pending () == 0;
}

/* Lets the settings writer make every change asked so far: the window
 * changes the file in a worker thread (pm-settings-writer.h). */
static void
written (void)
{
  g_assert_true (pm_test_wait_for (no_write_pending, NULL, 10));
}

/* TRUE when application @title's level row shows position @selected. */
static gboolean
combo_row_shows (gpointer data)
{
  RowWait *wait = data;
  AdwComboRow *row = app_level_row (wait->window, wait->title);

  return row != NULL && adw_combo_row_get_selected (row) == wait->selected;
}

static gboolean
row_absent (gpointer data)
{
  RowWait *wait = data;

  return app_row (wait->window, wait->title) == NULL;
}

static PmPreferencesWindow *
open_window (void)
{
  g_autoptr(PmSettings) snapshot = pm_test_settings_snapshot (store);
  PmPreferencesWindow *window = pm_preferences_window_new (NULL, store, snapshot);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, window, 10));
  pm_test_settle (300);
  return window;
}

static void
close_and_check_freed (PmPreferencesWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_settle (100);
  g_assert_null (weak);
}

static void
test_consent_shared_with_ctl (void)
{
  PmPreferencesWindow *window = open_window ();
  AdwComboRow *default_row = ADW_COMBO_ROW (pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW, "Default"));
  RowWait wait = { window, "text-editor", PM_CONSENT_ALL_DATA - 1 };
  g_autofree char *out = NULL;
  g_autofree char *png = NULL;

  g_assert_nonnull (default_row);
  g_assert_cmpuint (adw_combo_row_get_selected (default_row), ==, PM_CONSENT_ALWAYS_ASK - 1);

  /* The command line changes the file; the open window follows. */
  g_free (run_ctl ("consent", "text-editor", "all-data", NULL));
  g_assert_true (pm_test_wait_for (combo_row_shows, &wait, 10));

  /* The window changes the file; the command line reads it. */
  adw_combo_row_set_selected (default_row, PM_CONSENT_PARAMETERS_SAFE_DATA - 1);
  written ();
  out = run_ctl ("consent", NULL);
  g_assert_nonnull (strstr (out, "Default: safe-data"));
  g_assert_nonnull (strstr (out, "text-editor: all-data"));
  g_clear_pointer (&out, g_free);

  /* A per-application level changed in its row. */
  adw_combo_row_set_selected (app_level_row (window, "text-editor"), PM_CONSENT_PARAMETERS_ONLY - 1);
  written ();
  out = run_ctl ("consent", "text-editor", NULL);
  g_assert_true (g_str_has_prefix (out, "text-editor: parameters"));
  g_clear_pointer (&out, g_free);

  /* "Never send" is a level of one application. */
  adw_combo_row_set_selected (app_level_row (window, "text-editor"), 4);
  written ();
  out = run_ctl ("consent", "text-editor", NULL);
  g_assert_true (g_str_has_prefix (out, "text-editor: never"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (app_row (window, "text-editor"))), ==,
                   "Never sent; reports are kept on this computer");

  /* Adding an application starts it at the default. */
  gtk_editable_set_text (GTK_EDITABLE (pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW,
                                                            "Add Application")), "maps");
  g_signal_emit_by_name (pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW,
                                              "Add Application"), "apply");
  wait.title = "maps";
  wait.selected = PM_CONSENT_PARAMETERS_SAFE_DATA - 1;
  g_assert_true (pm_test_wait_for (combo_row_shows, &wait, 10));
  out = run_ctl ("consent", "maps", NULL);
  g_assert_true (g_str_has_prefix (out, "maps: safe-data"));

  pm_test_settle (200);
  png = pm_test_save_png (GTK_WIDGET (window), "preferences-sending");
  close_and_check_freed (window);
}

/* Not collecting is its own switch, worded as such, apart from the level. */
static void
test_collection_switch (void)
{
  PmPreferencesWindow *window = open_window ();
  GtkWidget *entry = pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "Add Application");
  g_autoptr(PmSettings) fresh = pm_settings_new (g_getenv ("PM_SETTINGS_FILE"));
  g_autoptr(GPtrArray) buttons = NULL;
  g_autofree char *png = NULL;
  GtkWidget *row, *collect_row;
  GtkSwitch *collect;
  PmConsentLevel level = 0;
  RowWait wait = { window, "game-with-anticheat", 0 };

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "game-with-anticheat");
  g_signal_emit_by_name (entry, "apply");
  written ();
  row = app_row (window, "game-with-anticheat");
  g_assert_nonnull (row);
  collect = app_collect_switch (window, "game-with-anticheat");
  g_assert_nonnull (collect);
  g_assert_true (gtk_switch_get_active (collect));
  collect_row = pm_test_find_widget (row, ADW_TYPE_ACTION_ROW, "Collect Crash Reports");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (collect_row)),
                            "no crash reports are made for game-with-anticheat at all"));

  /* Off: excluded (no reports at all); the level is left as it was. */
  gtk_switch_set_active (collect, FALSE);
  written ();
  g_assert_true (pm_settings_is_excluded (fresh, "game-with-anticheat"));
  g_assert_true (pm_settings_get_app_consent (fresh, "game-with-anticheat", &level));
  g_assert_cmpint (level, ==, pm_settings_get_consent (fresh, NULL));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, "No crash reports are made");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  pm_test_settle (200);
  png = pm_test_save_png (GTK_WIDGET (window), "preferences-collect");

  /* A name the settings file cannot hold is refused, in words. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "bad[name]");
  g_signal_emit_by_name (entry, "apply");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_null (app_row (window, "bad[name]"));

  /* An exclusion made by the command line shows up as a switch that is off. */
  g_free (run_ctl ("exclude", "cli-excluded", NULL));
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (app_collect_switch (window, "cli-excluded") == NULL && g_get_monotonic_time () < end)
      pm_test_settle (20);
    g_assert_nonnull (app_collect_switch (window, "cli-excluded"));
    g_assert_false (gtk_switch_get_active (app_collect_switch (window, "cli-excluded")));
  }
  /* Switched on again: collected. */
  gtk_switch_set_active (app_collect_switch (window, "cli-excluded"), TRUE);
  written ();
  g_assert_false (pm_settings_is_excluded (fresh, "cli-excluded"));

  /* Remove: back to the defaults (collected, the default level). */
  row = app_row (window, "game-with-anticheat");
  buttons = pm_test_find_all (row, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)),
                   "Use the Defaults for game-with-anticheat") == 0)
      g_signal_emit_by_name (g_ptr_array_index (buttons, i), "clicked");
  g_assert_true (pm_test_wait_for (row_absent, &wait, 5));
  g_assert_false (pm_settings_is_excluded (fresh, "game-with-anticheat"));
  g_assert_false (pm_settings_get_app_consent (fresh, "game-with-anticheat", &level));

  close_and_check_freed (window);
}

typedef struct
{
  AdwActionRow *row;
  const char   *prefix;
} SubtitleWait;

static gboolean
subtitle_starts_with (gpointer data)
{
  SubtitleWait *wait = data;
  const char *subtitle = adw_action_row_get_subtitle (wait->row);

  return subtitle != NULL && g_str_has_prefix (subtitle, wait->prefix);
}

static void
test_server_and_connection (void)
{
  PmTestReceiver *receiver = pm_test_receiver_start (NULL);
  PmPreferencesWindow *window = open_window ();
  GtkWidget *url = pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "Address");
  AdwActionRow *test_row = ADW_ACTION_ROW (pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Test Connection"));
  GtkWidget *test_button = pm_test_find_widget (GTK_WIDGET (test_row), GTK_TYPE_BUTTON, "_Test");
  g_autoptr(PmSettings) fresh = pm_settings_new (g_getenv ("PM_SETTINGS_FILE"));
  g_autofree char *saved = NULL;
  SubtitleWait wait = { test_row, NULL };

  g_assert_nonnull (url);
  g_assert_nonnull (test_button);

  /* Not a server address: refused, nothing saved. */
  gtk_editable_set_text (GTK_EDITABLE (url), "ftp://example.org/submit");
  g_signal_emit_by_name (url, "apply");
  written ();
  g_assert_true (gtk_widget_has_css_class (url, "error"));
  saved = pm_settings_get_value (fresh, "Server", "Url");
  g_assert_null (saved);

  /* The receiver: saved and reachable. */
  gtk_editable_set_text (GTK_EDITABLE (url), receiver->url);
  g_signal_emit_by_name (url, "apply");
  written ();
  g_assert_false (gtk_widget_has_css_class (url, "error"));
  saved = pm_settings_get_value (fresh, "Server", "Url");
  g_assert_cmpstr (saved, ==, receiver->url);
  g_clear_pointer (&saved, g_free);
  saved = pm_settings_get_value (fresh, "Server", "Kind");
  g_assert_cmpstr (saved, ==, "breakpad");
  g_clear_pointer (&saved, g_free);

  g_signal_emit_by_name (test_button, "clicked");
  wait.prefix = "The server is there and takes reports.";
  g_assert_true (pm_test_wait_for (subtitle_starts_with, &wait, 15));
  g_test_message ("test connection: %s", adw_action_row_get_subtitle (test_row));

  /* Nothing listens on port 9 of the loopback interface. */
  gtk_editable_set_text (GTK_EDITABLE (url), "http://127.0.0.1:9/submit");
  g_signal_emit_by_name (test_button, "clicked");
  wait.prefix = "The server could not be reached";
  g_assert_true (pm_test_wait_for (subtitle_starts_with, &wait, 15));
  /* Testing does not save. */
  saved = pm_settings_get_value (fresh, "Server", "Url");
  g_assert_cmpstr (saved, ==, receiver->url);
  g_clear_pointer (&saved, g_free);

  /* Sentry: the field becomes a DSN, saved under Dsn=. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW, "Server Type")), 2);
  url = pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "Sentry DSN");
  g_assert_nonnull (url);
  gtk_editable_set_text (GTK_EDITABLE (url), "https://abc123@sentry.example.org/42");
  g_signal_emit_by_name (url, "apply");
  written ();
  saved = pm_settings_get_value (fresh, "Server", "Dsn");
  g_assert_cmpstr (saved, ==, "https://abc123@sentry.example.org/42");
  g_clear_pointer (&saved, g_free);
  saved = pm_settings_get_value (fresh, "Server", "Kind");
  g_assert_cmpstr (saved, ==, "sentry");
  g_clear_pointer (&saved, g_free);

  /* Automatic sending. */
  gtk_switch_set_active (GTK_SWITCH (pm_test_find_first (GTK_WIDGET (window), GTK_TYPE_SWITCH)), TRUE);
  written ();
  g_assert_true (pm_settings_get_boolean (fresh, "Server", "AutoSend", FALSE));

  close_and_check_freed (window);
  pm_test_receiver_stop (receiver);
}

typedef struct
{
  PmReportState states;
  guint         n;
} CountWait;

/* The store as the test sees it (not the window's work: the check is suspended). */
static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;
  guint n;

  pm_io_check_suspend ();
  n = pm_store_count_reports (store, wait->states);
  pm_io_check_resume ();
  return n == wait->n;
}

static gboolean
insensitive (gpointer data)
{
  return !gtk_widget_get_sensitive (data);
}

/* The numbers and the purges happen in workers: no store file is touched on the GTK
 * thread (the check aborts naming the file), and the test waits for their effect. */
static void
test_storage (void)
{
  g_autofree char *queued = pm_test_make_report (store, "queued-app", FALSE);
  g_autofree char *sent = pm_test_make_report (store, "sent-app", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  PmPreferencesWindow *window;
  AdwActionRow *queue_row, *archive_row;
  GtkSpinButton *spin;
  PmQuota quota;
  g_autoptr(PmSettings) fresh = pm_settings_new (g_getenv ("PM_SETTINGS_FILE"));

  g_assert_true (pm_store_archive_report (store, sent, &error));
  pm_io_check_set_mode (PM_IO_CHECK_ABORT);
  window = open_window ();
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "storage");

  queue_row = ADW_ACTION_ROW (pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Waiting to Be Sent"));
  archive_row = ADW_ACTION_ROW (pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Sent or Declined"));
  {
    SubtitleWait queue_wait = { queue_row, "1 report, " };
    SubtitleWait archive_wait = { archive_row, "1 report, " };

    g_assert_true (pm_test_wait_for (subtitle_starts_with, &queue_wait, 30));
    g_assert_true (pm_test_wait_for (subtitle_starts_with, &archive_wait, 30));
  }

  /* A quota set here is what the store reads. */
  spin = GTK_SPIN_BUTTON (pm_test_find_first (GTK_WIDGET (window), GTK_TYPE_SPIN_BUTTON));
  gtk_spin_button_set_value (spin, 7);
  written ();
  pm_io_check_suspend ();   /* the test's own look at the file */
  pm_settings_get_quota (fresh, &quota);
  pm_io_check_resume ();
  g_assert_cmpuint (quota.max_queue_count, ==, 7);
  g_assert_cmpuint (quota.flood_window_seconds, ==, 0);  /* kept, not shown */

  png = pm_test_save_png (GTK_WIDGET (window), "preferences-storage");

  g_signal_emit_by_name (pm_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Delete These"), "clicked");
  {
    SubtitleWait archive_wait = { archive_row, "0 reports, " };
    CountWait none_sent = { PM_REPORT_STATE_ARCHIVE, 0 };
    CountWait one_queued = { PM_REPORT_STATE_QUEUE, 1 };

    g_assert_true (pm_test_wait_for (subtitle_starts_with, &archive_wait, 30));
    g_assert_true (count_is (&none_sent));
    g_assert_true (count_is (&one_queued));
  }
  g_assert_false (gtk_widget_get_sensitive (pm_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Delete These")));

  /* Delete All asks first; Cancel keeps everything, Delete All empties the store. */
  {
    GtkWidget *delete_all = pm_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Delete All");
    AdwMessageDialog *confirm = NULL;

    for (guint round = 0; round < 2; round++)
      {
        GListModel *toplevels;  /* borrowed: GTK's own list */

        g_signal_emit_by_name (delete_all, "clicked");
        pm_test_settle (200);
        toplevels = gtk_window_get_toplevels ();
        confirm = NULL;
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
            if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
              confirm = ADW_MESSAGE_DIALOG (w);
          }
        g_assert_nonnull (confirm);
        g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Delete All Reports?");
        g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "1 report will be deleted"));
        adw_message_dialog_response (confirm, round == 0 ? "cancel" : "delete");
        gtk_window_destroy (GTK_WINDOW (confirm));
        if (round == 0)
          {
            CountWait kept = { PM_REPORT_STATE_ALL, 1 };

            pm_test_settle (200);
            g_assert_true (count_is (&kept));
          }
        else
          {
            CountWait emptied = { PM_REPORT_STATE_ALL, 0 };

            g_assert_true (pm_test_wait_for (count_is, &emptied, 30));
          }
      }
    g_assert_true (pm_test_wait_for (insensitive, delete_all, 30));
  }

  close_and_check_freed (window);
  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);
  pm_io_check_set_mode (PM_IO_CHECK_OFF);
}

/* The Symbols page: the folders in the settings, one row each with a remove button;
 * removing the last leaves a row that says none is chosen. */
static void
test_symbol_folders (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autofree char *png_narrow = NULL;
  const char *dirs[] = { "/srv/symbols/breakpad", NULL };
  g_auto(GStrv) after = NULL;
  PmPreferencesWindow *window;
  GtkWidget *row, *remove;

  g_assert_true (pm_symbol_dirs_set (pm_store_get_settings (store), dirs, &error));
  g_assert_no_error (error);
  window = open_window ();
  {
    g_autoptr(GPtrArray) pages = pm_test_find_all (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_PAGE);
    AdwPreferencesPage *symbols = NULL;

    for (guint i = 0; i < pages->len; i++)
      if (g_strcmp0 (adw_preferences_page_get_title (g_ptr_array_index (pages, i)), "Symbols") == 0)
        symbols = g_ptr_array_index (pages, i);
    g_assert_nonnull (symbols);
    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window), symbols);
  }
  pm_test_settle (100);
  row = pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "/srv/symbols/breakpad");
  g_assert_nonnull (row);
  png = pm_test_save_png (GTK_WIDGET (window), "preferences-symbols");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  pm_test_settle (200);
  png_narrow = pm_test_save_png (GTK_WIDGET (window), "preferences-symbols-360");

  remove = pm_test_find_first (row, GTK_TYPE_BUTTON);
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  written ();
  pm_test_settle (100);
  after = pm_symbol_dirs_get (pm_store_get_settings (store));
  g_assert_cmpuint (g_strv_length (after), ==, 0);
  g_assert_null (pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "/srv/symbols/breakpad"));
  g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "No folder chosen"));
  close_and_check_freed (window);
}

/* The Symbols page's debuginfod group: "Ask First" until changed, the servers
 * of $DEBUGINFOD_URLS until others are given; both kept in the settings, and
 * only http(s) URLs kept. */
static void
test_debuginfod_choice (void)
{
  g_autofree char *png = NULL;
  g_autofree char *servers = NULL;
  PmPreferencesWindow *window;
  GtkWidget *group, *choice, *entry;

  g_setenv ("DEBUGINFOD_URLS", "https://debuginfod.example.org", TRUE);
  window = open_window ();
  group = gtk_widget_get_ancestor (pm_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Debug Information Servers"),
                                   ADW_TYPE_PREFERENCES_GROUP);
  g_assert_nonnull (group);
  choice = pm_test_find_first (group, ADW_TYPE_COMBO_ROW);
  entry = pm_test_find_first (group, ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (choice);
  g_assert_nonnull (entry);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (choice)), ==, PM_DEBUGINFOD_ASK);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "https://debuginfod.example.org");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "symbols");
  pm_test_settle (100);
  png = pm_test_save_png (GTK_WIDGET (window), "preferences-debuginfod");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  pm_test_settle (200);
  g_free (png);
  png = pm_test_save_png (GTK_WIDGET (window), "preferences-debuginfod-360");

  adw_combo_row_set_selected (ADW_COMBO_ROW (choice), PM_DEBUGINFOD_NEVER);
  written ();
  g_assert_cmpint (pm_debuginfod_choice_get (pm_store_get_settings (store)), ==, PM_DEBUGINFOD_NEVER);
  adw_combo_row_set_selected (ADW_COMBO_ROW (choice), PM_DEBUGINFOD_ALWAYS);
  written ();
  g_assert_cmpint (pm_debuginfod_choice_get (pm_store_get_settings (store)), ==, PM_DEBUGINFOD_ALWAYS);

  gtk_editable_set_text (GTK_EDITABLE (entry), "http://127.0.0.1:8002  ftp://files.example.org");
  g_signal_emit_by_name (entry, "apply");
  written ();
  servers = pm_debuginfod_servers_get (pm_store_get_settings (store));
  g_assert_cmpstr (servers, ==, "http://127.0.0.1:8002");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "http://127.0.0.1:8002");

  /* Emptied: back to the environment's. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_signal_emit_by_name (entry, "apply");
  written ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "https://debuginfod.example.org");
  g_assert_true (pm_debuginfod_choice_set (pm_store_get_settings (store), PM_DEBUGINFOD_ASK, NULL));
  g_unsetenv ("DEBUGINFOD_URLS");
  close_and_check_freed (window);
}

int
main (int argc, char **argv)
{
  g_autofree char *tmp = pm_test_isolate ();
  g_autofree char *ctl = NULL;
  g_autoptr(GError) error = NULL;
  PmQuota quota;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ctl = g_build_filename (g_getenv ("PM_BUILD_DIR"), "app", "postmortemctl", NULL);
  g_assert_true (g_file_test (ctl, G_FILE_TEST_IS_EXECUTABLE));

  store = pm_store_open_default (&error);
  g_assert_no_error (error);
  pm_settings_get_quota (pm_store_get_settings (store), &quota);
  quota.flood_window_seconds = 0;
  g_assert_true (pm_settings_set_quota (pm_store_get_settings (store), &quota, &error));

  g_test_add_func ("/preferences/consent-shared-with-postmortemctl", test_consent_shared_with_ctl);
  g_test_add_func ("/preferences/collection-switch", test_collection_switch);
  g_test_add_func ("/preferences/server-and-connection", test_server_and_connection);
  g_test_add_func ("/preferences/storage", test_storage);
  g_test_add_func ("/preferences/symbol-folders", test_symbol_folders);
  g_test_add_func ("/preferences/debuginfod-choice", test_debuginfod_choice);
  status = g_test_run ();

  g_object_unref (store);
  pm_test_remove_tree (tmp);
  return status;
}
