/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-crash-dialog.c — the crash dialog in a real window (Xvfb), with real
 * reports in an isolated store and the project's loopback receiver as the
 * server: what it lists, sending (success, failure then retry, cancel), Don't
 * Send, "Always do this", and that the dialog is freed. Renders each state to
 * a PNG in the build tree (crash-dialog-*.png) to look at.
 *
 * Runs in: a test program (GTK main thread). Needs PM_CORPUS_DIR (skips without).
 */
#include "pm-config.h"

#include <glib/gstdio.h>

#include "pm-crash-dialog.h"
#include "pm-report-text.h"
#include "pm-send-actions.h"
#include "test-crash-dialog-util.h"

static PmStore *store;
static GtkWindow *parent;

static void
configure_server (const char *url)
{
  PmSettings *settings = pm_store_get_settings (store);
  g_autoptr(GError) error = NULL;

  g_assert_true (pm_settings_set_value (settings, "Server", "Kind", url ? "breakpad" : NULL, &error));
  g_assert_true (pm_settings_set_value (settings, "Server", "Url", url, &error));
  g_assert_true (pm_settings_set_value (settings, "Server", "Gzip", "false", &error));
  g_assert_no_error (error);
}

static PmCrashDialog *
open_dialog (const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) report = pm_store_load_report (store, key, &error);
  PmCrashDialog *dialog;

  g_assert_no_error (error);
  dialog = pm_crash_dialog_new (parent, store, report);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, dialog, 10));
  pm_test_settle (300);
  return dialog;
}

static gboolean
state_is_final (gpointer data)
{
  PmCrashDialogState state = pm_crash_dialog_get_state (data);

  return state == PM_CRASH_DIALOG_SENT || state == PM_CRASH_DIALOG_FAILED ||
         state == PM_CRASH_DIALOG_ASKING;
}

static gboolean
state_is_not_sending (gpointer data)
{
  return pm_crash_dialog_get_state (data) != PM_CRASH_DIALOG_SENDING;
}

static void
destroy_and_check_freed (PmCrashDialog *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_destroy (GTK_WINDOW (dialog));
  pm_test_settle (100);
  g_assert_null (weak);
}

static gboolean
is_queued (const char *key)
{
  g_autoptr(PmReport) report = pm_store_load_report (store, key, NULL);

  g_assert_nonnull (report);
  return pm_report_get_state (report) == PM_REPORT_STATE_QUEUE;
}

static GtkExpander *
find_expander (PmCrashDialog *dialog)
{
  g_autoptr(GPtrArray) all = pm_test_find_all (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER);

  g_assert_cmpuint (all->len, ==, 1);
  return g_ptr_array_index (all, 0);
}

/* The row of the Details list whose subtitle is @file_name. */
static AdwActionRow *
find_item_row (PmCrashDialog *dialog,
               const char    *file_name)
{
  g_autoptr(GPtrArray) rows = pm_test_find_all (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_action_row_get_subtitle (g_ptr_array_index (rows, i)), file_name) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static void
assert_row_size (PmCrashDialog *dialog,
                 PmReport      *report,
                 const char    *file_name)
{
  AdwActionRow *row = find_item_row (dialog, file_name);
  g_autofree char *expected = NULL;
  guint index = G_MAXUINT;

  g_assert_nonnull (row);
  for (guint i = 0; i < pm_report_get_n_files (report); i++)
    if (g_strcmp0 (pm_report_get_file_name (report, i), file_name) == 0)
      index = i;
  g_assert_cmpuint (index, !=, G_MAXUINT);
  expected = pm_format_size (pm_report_get_file_size (report, index));
  g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, expected));
}

static void
test_lists_and_sends (void)
{
  PmTestReceiver *receiver = pm_test_receiver_start (NULL);
  g_autofree char *key = pm_test_make_report (store, "gedit-like", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) before = pm_store_load_report (store, key, &error);
  g_autoptr(PmReport) after = NULL;
  g_autoptr(GPtrArray) switches = NULL;
  g_autofree char *received_dir = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *sent_dump = NULL;
  g_autofree char *corpus = pm_test_corpus_file ("breakpad__linux_inline.dmp");
  gsize dump_length, sent_length;
  PmCrashDialog *dialog;
  GtkExpander *expander;
  AdwActionRow *destination;
  AdwEntryRow *comment;
  g_autofree char *png = NULL;

  configure_server (receiver->url);
  dialog = open_dialog (key);

  /* The words a person reads first. */
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "gedit-like Quit Unexpectedly");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "Nothing is sent without your permission"));
  g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                         pm_signal_describe ("SIGSEGV")));
  g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON,
                                         "_Always do this for gedit-like"));

  /* Details starts folded (its rows are not in the tree until it unfolds). */
  expander = find_expander (dialog);
  g_assert_false (gtk_expander_get_expanded (expander));
  g_assert_null (find_item_row (dialog, "minidump.dmp"));
  gtk_expander_set_expanded (expander, TRUE);

  /* Every file with its size; the attachment is optional and off ("always ask"). */
  assert_row_size (dialog, before, "Report.wer");
  assert_row_size (dialog, before, "minidump.dmp");
  assert_row_size (dialog, before, "notes.txt");
  switches = pm_test_find_all (GTK_WIDGET (find_item_row (dialog, "notes.txt")), GTK_TYPE_SWITCH);
  g_assert_cmpuint (switches->len, ==, 1);
  g_assert_false (gtk_switch_get_active (g_ptr_array_index (switches, 0)));
  g_clear_pointer (&switches, g_ptr_array_unref);
  switches = pm_test_find_all (GTK_WIDGET (find_item_row (dialog, "minidump.dmp")), GTK_TYPE_SWITCH);
  g_assert_cmpuint (switches->len, ==, 0);

  destination = ADW_ACTION_ROW (pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Destination"));
  g_assert_nonnull (destination);
  g_assert_cmpstr (adw_action_row_get_subtitle (destination), ==, receiver->url);

  comment = ADW_ENTRY_ROW (pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                                "What were you doing? (optional)"));
  g_assert_nonnull (comment);
  gtk_editable_set_text (GTK_EDITABLE (comment), "Saving a file");

  pm_test_settle (300);
  png = pm_test_save_png (GTK_WIDGET (dialog), "crash-dialog-asking");
  g_clear_pointer (&png, g_free);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENDING);
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Report Sent");

  /* The id shown is the server's, and the report moved to the archive with it. */
  g_assert_true (g_str_has_prefix (pm_crash_dialog_get_server_id (dialog), "bp-"));
  g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Report ID"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Report ID"))),
                   ==, pm_crash_dialog_get_server_id (dialog));
  after = pm_store_load_report (store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (after), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_cmpstr (pm_report_get_value (after, "Response.ReportId"), ==, pm_crash_dialog_get_server_id (dialog));
  g_assert_cmpstr (pm_report_get_value (after, "Postmortem.UserConsent"), ==, "safe-data");
  g_assert_cmpstr (pm_report_get_value (after, "Postmortem.UserExcludedFiles"), ==, "notes.txt");
  g_assert_cmpstr (pm_report_get_value (after, "Postmortem.Comment"), ==, "Saving a file");
  /* The dialog says what the uploader really sent, leaving out the attachment. */
  {
    GtkWidget *row = pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "What Was Sent");

    g_assert_nonnull (row);
    g_assert_true (gtk_widget_get_visible (row));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     pm_report_get_value (after, "Upload.Content"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "not notes.txt"));
  }

  /* What the server got: one report, at safe data the sanitized copy of the minidump
   * byte for byte (never the original), no attachment. */
  g_assert_cmpuint (pm_test_receiver_count (receiver), ==, 1);
  received_dir = g_build_filename (receiver->dir, pm_crash_dialog_get_server_id (dialog), NULL);
  {
    g_autofree char *dump_path = g_build_filename (received_dir, "upload_file_minidump", NULL);
    g_autofree char *fields_path = g_build_filename (received_dir, "fields.txt", NULL);
    g_autofree char *notes_path = g_build_filename (received_dir, "upload_file_notes.txt", NULL);

    g_autofree char *sanitized_path = g_build_filename (pm_store_get_path (store), "archive", key,
                                                        "Upload.sanitized-minidump.dmp", NULL);

    g_assert_true (g_file_get_contents (dump_path, &sent_dump, &sent_length, &error));
    g_assert_true (g_file_get_contents (sanitized_path, &dump, &dump_length, &error));
    g_assert_cmpmem (sent_dump, sent_length, dump, dump_length);
    g_clear_pointer (&dump, g_free);
    g_assert_true (g_file_get_contents (corpus, &dump, &dump_length, &error));
    g_assert_false (sent_length == dump_length && memcmp (sent_dump, dump, dump_length) == 0);
    g_assert_true (g_file_get_contents (fields_path, &fields, NULL, &error));
    g_assert_nonnull (strstr (fields, "ProductName=gedit-like"));
    g_assert_false (g_file_test (notes_path, G_FILE_TEST_EXISTS));
  }

  pm_test_settle (200);
  png = pm_test_save_png (GTK_WIDGET (dialog), "crash-dialog-sent");
  destroy_and_check_freed (dialog);
  pm_test_receiver_stop (receiver);
}

static void
test_failure_then_retry (void)
{
  /* The first request is answered 503, then normal service. */
  PmTestReceiver *receiver = pm_test_receiver_start ("503");
  g_autofree char *key = pm_test_make_report (store, "busy-server-app", FALSE);
  g_autofree char *png = NULL;
  PmCrashDialog *dialog;

  configure_server (receiver->url);
  dialog = open_dialog (key);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_FAILED);
  g_assert_cmpstr (pm_crash_dialog_get_failure (dialog), ==,
                   "The server is too busy to take the report right now.");
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "The Report Was Not Sent");
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "dont-send"), ==,
                   "Try Again _Later");
  g_assert_true (is_queued (key));
  g_assert_cmpuint (pm_test_receiver_count (receiver), ==, 0);
  pm_test_settle (200);
  png = pm_test_save_png (GTK_WIDGET (dialog), "crash-dialog-failed");

  /* "Try Again" sends it now. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
  g_assert_false (is_queued (key));
  g_assert_cmpuint (pm_test_receiver_count (receiver), ==, 1);

  destroy_and_check_freed (dialog);
  pm_test_receiver_stop (receiver);
}

static void
test_try_again_later_keeps_report (void)
{
  PmTestReceiver *receiver = pm_test_receiver_start ("503");
  g_autofree char *key = pm_test_make_report (store, "later-app", FALSE);
  PmCrashDialog *dialog;
  gpointer weak;

  configure_server (receiver->url);
  dialog = open_dialog (key);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_FAILED);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "dont-send");
  pm_test_settle (100);
  g_assert_null (weak);
  g_assert_true (is_queued (key));
  pm_test_receiver_stop (receiver);
}

static void
test_cancel (void)
{
  PmTestReceiver *receiver = pm_test_receiver_start (NULL);
  g_autofree char *key = pm_test_make_report (store, "cancel-app", FALSE);
  PmCrashDialog *dialog;

  configure_server (receiver->url);
  dialog = open_dialog (key);

  /* Cancel before the main loop runs the upload: back to the question. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENDING);
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "dont-send"), ==, "_Cancel");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "dont-send");
  g_assert_true (pm_test_wait_for (state_is_final, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_ASKING);
  pm_test_settle (300);
  g_assert_true (is_queued (key));
  g_assert_cmpuint (pm_test_receiver_count (receiver), ==, 0);

  destroy_and_check_freed (dialog);
  pm_test_receiver_stop (receiver);
}

static gboolean
on_incoming_hold (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source,
                  gpointer           data)
{
  /* Accept, then never answer: keep the connection open. */
  g_ptr_array_add (data, g_object_ref (connection));
  return TRUE;
}

static gboolean
has_connection (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

/* Cancel while the server holds the request and never answers: the dialog
 * leaves "Sending…" at once (long before any deadline), the report stays queued. */
static void
test_cancel_stalled_server (void)
{
  g_autofree char *key = pm_test_make_report (store, "cancel-stall-app", FALSE);
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  PmCrashDialog *dialog;
  guint16 port;
  gint64 cancelled_at;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_hold), held);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://127.0.0.1:%u/submit", port);
  configure_server (url);
  dialog = open_dialog (key);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (has_connection, held, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENDING);
  cancelled_at = g_get_monotonic_time ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "dont-send");
  /* The uploader's deadlines are minutes away: only the cancel can end this. */
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_ASKING);
  g_assert_true (is_queued (key));

  destroy_and_check_freed (dialog);
  g_socket_service_stop (service);
}

static void
test_dont_send_always (void)
{
  g_autofree char *key = pm_test_make_report (store, "never-again-app", FALSE);
  g_autoptr(PmReport) after = NULL;
  g_autoptr(PmSettings) fresh = NULL;
  g_autoptr(GError) error = NULL;
  GtkCheckButton *always;
  PmCrashDialog *dialog;
  gpointer weak;

  configure_server ("http://127.0.0.1:9/submit");
  dialog = open_dialog (key);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);

  always = GTK_CHECK_BUTTON (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON,
                                                  "_Always do this for never-again-app"));
  g_assert_nonnull (always);
  gtk_check_button_set_active (always, TRUE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "dont-send");
  pm_test_settle (100);
  g_assert_null (weak);

  after = pm_store_load_report (store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (after), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_cmpstr (pm_report_get_value (after, "Postmortem.Declined"), ==, "true");
  g_assert_null (pm_report_get_value (after, "Response.ReportId"));

  /* Read back from the file, as postmortemctl would. */
  fresh = pm_settings_new (g_getenv ("PM_SETTINGS_FILE"));
  g_assert_true (pm_settings_reload (fresh, &error));
  g_assert_true (pm_settings_is_excluded (fresh, "never-again-app"));
  g_assert_false (pm_settings_is_excluded (fresh, "gedit-like"));

  /* An excluded application gets no report any more, so no dialog either. */
  {
    PmReportDraft *draft = pm_store_begin_report (store, &error);
    char *k;

    g_assert_no_error (error);
    pm_report_draft_set (draft, "EventType", "APPCRASH");
    pm_report_draft_set (draft, "AppName", "never-again-app");
    k = pm_store_publish_report (store, draft, &error);
    g_assert_error (error, PM_ERROR, PM_ERROR_EXCLUDED);
    g_assert_null (k);
    pm_report_draft_free (draft);
  }
}

static void
test_send_always (void)
{
  PmTestReceiver *receiver = pm_test_receiver_start (NULL);
  g_autofree char *key = pm_test_make_report (store, "trusted-app", TRUE);
  g_autoptr(PmSettings) fresh = NULL;
  g_autoptr(GError) error = NULL;
  PmConsentLevel level = 0;
  PmCrashDialog *dialog;

  configure_server (receiver->url);
  dialog = open_dialog (key);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON,
                                                                      "_Always do this for trusted-app")), TRUE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);

  fresh = pm_settings_new (g_getenv ("PM_SETTINGS_FILE"));
  g_assert_true (pm_settings_reload (fresh, &error));
  g_assert_true (pm_settings_get_app_consent (fresh, "trusted-app", &level));
  g_assert_cmpint (level, ==, PM_CONSENT_PARAMETERS_SAFE_DATA);

  destroy_and_check_freed (dialog);
  pm_test_receiver_stop (receiver);
}

static void
test_no_server (void)
{
  g_autofree char *key = pm_test_make_report (store, "offline-app", FALSE);
  PmCrashDialog *dialog;
  AdwActionRow *destination;

  configure_server (NULL);
  dialog = open_dialog (key);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  gtk_expander_set_expanded (find_expander (dialog), TRUE);
  destination = ADW_ACTION_ROW (pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Destination"));
  g_assert_cmpstr (adw_action_row_get_subtitle (destination), ==,
                   "No server is set up. Choose one in Preferences.");
  /* Closing without an answer decides nothing. */
  gtk_window_close (GTK_WINDOW (dialog));
  pm_test_settle (100);
  g_assert_true (is_queued (key));
}

/* Ignored problems are remembered by the bucket part of the report key. */
static void
test_bucket_of_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = pm_test_make_report (store, "ignored_app", FALSE);
  g_autofree char *bucket = pm_report_key_dup_bucket (key);
  g_autofree char *other = pm_test_make_report (store, "other-app", FALSE);
  struct { const char *key; const char *bucket; } cases[] = {
    { "APPCRASH_app_0123456789abcdef_01234567-89ab-cdef-0123-456789abcdef", "0123456789abcdef" },
    { "APPCRASH_my_app_with_underscores_fedcba9876543210_uuid", "fedcba9876543210" },
    { "APPCRASH_app_0123456789abcdeg_uuid", NULL },   /* not hex */
    { "APPCRASH_app0123456789abcdef_uuid", NULL },     /* no separator */
    { "short_key", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *b = pm_report_key_dup_bucket (cases[i].key);
      g_assert_cmpstr (b, ==, cases[i].bucket);
    }

  g_assert_nonnull (bucket);
  g_assert_cmpuint (strlen (bucket), ==, 16);
  g_assert_false (pm_send_is_ignored (pm_store_get_settings (store), key));
  g_assert_true (pm_settings_set_value (pm_store_get_settings (store), PM_SETTINGS_GROUP_IGNORED_BUCKETS,
                                        bucket, "true", &error));
  g_assert_no_error (error);
  g_assert_true (pm_send_is_ignored (pm_store_get_settings (store), key));
  g_assert_false (pm_send_is_ignored (pm_store_get_settings (store), other));
}

int
main (int argc, char **argv)
{
  g_autofree char *tmp = pm_test_isolate ();
  g_autoptr(GError) error = NULL;
  PmQuota quota;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  store = pm_store_open_default (&error);
  g_assert_no_error (error);
  /* Distinct reports in quick succession must not be merged by flood control. */
  pm_settings_get_quota (pm_store_get_settings (store), &quota);
  quota.flood_window_seconds = 0;
  g_assert_true (pm_settings_set_quota (pm_store_get_settings (store), &quota, &error));

  parent = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (parent, 800, 600);
  gtk_window_present (parent);

  g_test_add_func ("/crash-dialog/lists-and-sends", test_lists_and_sends);
  g_test_add_func ("/crash-dialog/failure-then-retry", test_failure_then_retry);
  g_test_add_func ("/crash-dialog/try-again-later", test_try_again_later_keeps_report);
  g_test_add_func ("/crash-dialog/cancel", test_cancel);
  g_test_add_func ("/crash-dialog/cancel-stalled-server", test_cancel_stalled_server);
  g_test_add_func ("/crash-dialog/dont-send-always", test_dont_send_always);
  g_test_add_func ("/crash-dialog/send-always", test_send_always);
  g_test_add_func ("/crash-dialog/no-server", test_no_server);
  g_test_add_func ("/send-actions/bucket-of-key", test_bucket_of_key);
  status = g_test_run ();

  gtk_window_destroy (parent);
  g_object_unref (store);
  pm_test_remove_tree (tmp);
  return status;
}
