/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-crash-dialog.c — the crash dialog in a real window (Xvfb), with real
 * reports in an isolated store and the project's loopback receiver as the
 * server: what it lists (the report's manifest, row for row), a part switched
 * off is never received, "What Was Sent" equals what the receiver got, the
 * redaction switch, the keyboard focus kept across a recomputation, sending
 * (success, failure then retry, cancel), Don't Send + Always ("never", still
 * collected), Send + Always (exactly the level shown, at the sanitized dump),
 * the report page's choices kept in the report, and that the dialog is freed.
 * Renders each state to a PNG in the build tree (crash-dialog-*.png) to look at.
 *
 * Runs in: a test program (GTK main thread). Needs PM_CORPUS_DIR (skips without).
 */
#include "pm-config.h"

#include <glib/gstdio.h>

#include "pm-crash-dialog.h"
#include "pm-crash-dialog-private.h"
#include "pm-manifest-view.h"
#include "pm-report-page.h"
#include "pm-report-text.h"
#include "pm-send-actions.h"
#include "pm-store-io-check.h"
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

/* Don't Send archives the report in a worker: wait for it. */
static gboolean
is_archived (gpointer key)
{
  g_autoptr(PmReport) report = pm_store_load_report (store, key, NULL);

  return report != NULL && pm_report_get_state (report) == PM_REPORT_STATE_ARCHIVE;
}

static GtkExpander *
find_expander (PmCrashDialog *dialog)
{
  GtkWidget *details = pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER, "_Details");

  g_assert_nonnull (details);
  return GTK_EXPANDER (details);
}

/* The row of a file part: its subtitle is "SIZE · FILE NAME". */
static AdwActionRow *
find_file_row (GtkWidget  *root,
               const char *file_name)
{
  g_autoptr(GPtrArray) rows = pm_test_find_all (root, ADW_TYPE_ACTION_ROW);
  g_autofree char *suffix = g_strdup_printf (" · %s", file_name);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

      if (subtitle != NULL && g_str_has_suffix (subtitle, suffix))
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

static AdwActionRow *
find_item_row (PmCrashDialog *dialog,
               const char    *file_name)
{
  return find_file_row (GTK_WIDGET (dialog), file_name);
}

/* The dialog's list of what Send would send, in "Details" (unfolded: a folded
 * expander's child is not in the widget tree). */
static PmManifestView *
asking_view (PmCrashDialog *dialog)
{
  GtkWidget *details = pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER, "_Details");

  g_assert_nonnull (details);
  gtk_expander_set_expanded (GTK_EXPANDER (details), TRUE);
  return PM_MANIFEST_VIEW (pm_test_find_first (details, PM_TYPE_MANIFEST_VIEW));
}

/* "What Was Sent", unfolded. */
static PmManifestView *
sent_view (PmCrashDialog *dialog)
{
  GtkWidget *sent = pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER, "What Was _Sent");

  g_assert_nonnull (sent);
  g_assert_true (gtk_widget_get_visible (sent));
  gtk_expander_set_expanded (GTK_EXPANDER (sent), TRUE);
  return PM_MANIFEST_VIEW (pm_test_find_first (sent, PM_TYPE_MANIFEST_VIEW));
}

static gboolean
view_is_ready (gpointer data)
{
  return pm_manifest_view_get_manifest (data) != NULL && !pm_manifest_view_is_busy (data);
}

/* The manifest on screen once every change has been computed. */
static PmManifest *
shown_manifest (PmCrashDialog *dialog)
{
  PmManifestView *view = asking_view (dialog);

  g_assert_true (pm_test_wait_for (view_is_ready, view, 30));
  return pm_manifest_view_get_manifest (view);
}

/* The manifest part of @manifest named @name in the parts sent, else NULL. */
static PmManifestPart *
sent_part (PmManifest *manifest,
           const char *name)
{
  GListModel *parts = pm_manifest_get_parts (manifest);

  for (guint i = 0; i < g_list_model_get_n_items (parts); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (parts, i);

      if (g_strcmp0 (pm_manifest_part_get_name (part), name) == 0 ||
          g_strcmp0 (pm_manifest_part_get_source_name (part), name) == 0)
        return part;   /* the manifest keeps its own reference */
    }
  return NULL;
}

static void
choose_level (PmCrashDialog  *dialog,
              guint           position,
              PmConsentLevel  level)
{
  GtkWidget *row = pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "What to Send");

  g_assert_nonnull (row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), position);
  g_assert_cmpint (pm_manifest_get_level (shown_manifest (dialog)), ==, level);
}

/* Every file the manifest sends has its row, with its exact size and a switch.
 * Returns how many files it sends. */
static guint
assert_rows_match_manifest (PmCrashDialog *dialog)
{
  PmManifest *manifest = shown_manifest (dialog);
  GListModel *parts = pm_manifest_get_parts (manifest);
  guint n_files = 0;

  for (guint i = 0; i < g_list_model_get_n_items (parts); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (parts, i);
      g_autofree char *size = pm_format_size (pm_manifest_part_get_size (part));
      AdwActionRow *row;
      g_autoptr(GPtrArray) switches = NULL;

      if (pm_manifest_part_get_kind (part) != PM_MANIFEST_PART_FILE)
        continue;
      n_files++;
      row = find_item_row (dialog, pm_manifest_part_get_file_name (part));
      g_assert_nonnull (row);
      /* The plain words, starting a sentence. */
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) + 1, ==,
                       g_utf8_next_char (pm_manifest_part_get_description (part)));
      g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), size));
      switches = pm_test_find_all (GTK_WIDGET (row), GTK_TYPE_SWITCH);
      g_assert_cmpuint (switches->len, ==, 1);
      g_assert_true (gtk_switch_get_active (g_ptr_array_index (switches, 0)));
    }
  return n_files;
}

static void
switch_off_file (PmCrashDialog *dialog,
                 const char    *file_name)
{
  AdwActionRow *row = find_item_row (dialog, file_name);
  g_autoptr(GPtrArray) switches = NULL;

  g_assert_nonnull (row);
  switches = pm_test_find_all (GTK_WIDGET (row), GTK_TYPE_SWITCH);
  g_assert_cmpuint (switches->len, ==, 1);
  gtk_switch_set_active (g_ptr_array_index (switches, 0), FALSE);
}

/* fields.txt as the test receiver writes it for a request made of exactly the
 * parts of @manifest, in order. */
static char *
expected_fields (PmManifest *manifest)
{
  GListModel *parts = pm_manifest_get_parts (manifest);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (parts); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (parts, i);

      if (pm_manifest_part_get_kind (part) == PM_MANIFEST_PART_FILE)
        g_string_append_printf (out, "#file %s filename=%s size=%" G_GUINT64_FORMAT "\n",
                                pm_manifest_part_get_name (part), pm_manifest_part_get_file_name (part),
                                pm_manifest_part_get_size (part));
      else
        {
          g_string_append_printf (out, "%s=", pm_manifest_part_get_name (part));
          for (const char *c = pm_manifest_part_get_value (part); *c != '\0'; c++)
            {
              if (*c == '\n')
                g_string_append (out, "\\n");
              else if (*c == '\r')
                g_string_append (out, "\\r");
              else if (*c == '\\')
                g_string_append (out, "\\\\");
              else
                g_string_append_c (out, *c);
            }
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

static char *
received_fields (PmTestReceiver *receiver,
                 const char     *server_id)
{
  g_autofree char *path = g_build_filename (receiver->dir, server_id, "fields.txt", NULL);
  g_autoptr(GError) error = NULL;
  char *fields = NULL;

  g_assert_true (g_file_get_contents (path, &fields, NULL, &error));
  g_assert_no_error (error);
  return fields;
}

/* "What Was Sent" is the manifest the uploader recorded, and the receiver got
 * exactly that, part for part. Returns what the receiver got. */
static char *
assert_sent_equals_received (PmCrashDialog  *dialog,
                             PmTestReceiver *receiver)
{
  PmManifest *sent = pm_manifest_view_get_manifest (sent_view (dialog));
  g_autofree char *expected = NULL;
  char *received;

  g_assert_nonnull (sent);
  expected = expected_fields (sent);
  received = received_fields (receiver, pm_crash_dialog_get_server_id (dialog));
  g_assert_cmpstr (received, ==, expected);

  /* And the rows say so: each file sent by its name and size. */
  {
    GListModel *parts = pm_manifest_get_parts (sent);

    for (guint i = 0; i < g_list_model_get_n_items (parts); i++)
      {
        g_autoptr(PmManifestPart) part = g_list_model_get_item (parts, i);
        g_autofree char *size = pm_format_size (pm_manifest_part_get_size (part));
        GtkWidget *view = GTK_WIDGET (sent_view (dialog));
        AdwActionRow *row;

        if (pm_manifest_part_get_kind (part) == PM_MANIFEST_PART_FILE)
          {
            row = find_file_row (view, pm_manifest_part_get_file_name (part));
            g_assert_nonnull (row);
            g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), size));
            continue;
          }
        row = ADW_ACTION_ROW (pm_test_find_widget (view, ADW_TYPE_ACTION_ROW, pm_manifest_part_get_name (part)));
        g_assert_nonnull (row);
        g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, pm_manifest_part_get_value (part));
        g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, size));
      }
  }
  return received;
}

static void
test_lists_and_sends (void)
{
  PmTestReceiver *receiver = pm_test_receiver_start (NULL);
  g_autofree char *key = pm_test_make_report (store, "gedit-like", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) after = NULL;
  g_autofree char *received = NULL;
  PmCrashDialog *dialog;
  GtkExpander *expander;
  AdwActionRow *destination;
  GtkTextView *comment;
  PmManifest *manifest;
  PmManifestPart *notes;
  g_autofree char *notes_part = NULL;
  g_autofree char *png = NULL;

  configure_server (receiver->url);
  dialog = open_dialog (key);
  /* From here until it is sent, no store file is touched on the GTK thread
   * (pm-store-io-check.h: it aborts naming the file). */
  pm_io_check_set_mode (PM_IO_CHECK_ABORT);

  /* The words a person reads first. */
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "gedit-like Quit Unexpectedly");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "Nothing is sent without your permission"));
  g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                         pm_signal_describe ("SIGSEGV")));
  g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON,
                                         "_Always do this for gedit-like"));

  /* Details starts folded. */
  expander = find_expander (dialog);
  g_assert_false (gtk_expander_get_expanded (expander));
  gtk_expander_set_expanded (expander, TRUE);

  /* "Always ask" shows the signature and the crash dump; the attachment needs
   * "everything" and is listed as not sent. */
  manifest = shown_manifest (dialog);
  g_assert_cmpint (pm_manifest_get_level (manifest), ==, PM_CONSENT_PARAMETERS_SAFE_DATA);
  g_assert_null (sent_part (manifest, "notes.txt"));
  assert_rows_match_manifest (dialog);

  destination = ADW_ACTION_ROW (pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Destination"));
  g_assert_nonnull (destination);
  g_assert_cmpstr (adw_action_row_get_subtitle (destination), ==, receiver->url);

  pm_test_settle (300);
  png = pm_test_save_png (GTK_WIDGET (dialog), "crash-dialog-asking");
  g_clear_pointer (&png, g_free);

  /* "Everything": the attachment is listed with a switch; the person switches it off. */
  choose_level (dialog, 2, PM_CONSENT_ALL_DATA);
  notes = sent_part (shown_manifest (dialog), "notes.txt");
  g_assert_nonnull (notes);
  notes_part = g_strdup (pm_manifest_part_get_name (notes));
  /* The minidump and the attachment at least. */
  g_assert_cmpuint (assert_rows_match_manifest (dialog), >=, 2);
  switch_off_file (dialog, pm_manifest_part_get_file_name (notes));
  g_assert_null (sent_part (shown_manifest (dialog), "notes.txt"));

  /* The comment is a fixed-height text view: typing does not resize the dialog. */
  comment = pm_crash_dialog_get_comment_view (dialog);
  g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "What were you doing? (optional)"));
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (comment), GTK_TYPE_SCROLLED_WINDOW);
    int before = gtk_widget_get_height (scrolled);

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (comment),
                              "Saving a file\nthen a second line\nand a third\nand a fourth, to scroll", -1);
    pm_test_settle (200);
    g_assert_cmpint (before, >, 0);
    g_assert_cmpint (gtk_widget_get_height (scrolled), ==, before);
  }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (comment), "Saving a file", -1);
  g_assert_nonnull (sent_part (shown_manifest (dialog), PM_MANIFEST_FIELD_COMMENTS));
  pm_test_settle (200);
  png = pm_test_save_png (GTK_WIDGET (dialog), "crash-dialog-all-data-notes-off");
  g_clear_pointer (&png, g_free);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENDING);
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Report Sent");

  /* The id shown is the server's, and the report moved to the archive with it. */
  g_assert_true (g_str_has_prefix (pm_crash_dialog_get_server_id (dialog), "bp-"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Report ID"))),
                   ==, pm_crash_dialog_get_server_id (dialog));
  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);
  pm_io_check_set_mode (PM_IO_CHECK_OFF);
  after = pm_store_load_report (store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (after), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_cmpstr (pm_report_get_value (after, "Response.ReportId"), ==, pm_crash_dialog_get_server_id (dialog));
  /* The person's choices, as the manifest reads them. */
  g_assert_cmpstr (pm_report_get_value (after, PM_MANIFEST_KEY_USER_CONSENT), ==, "all-data");
  g_assert_nonnull (strstr (pm_report_get_value (after, PM_MANIFEST_KEY_USER_REMOVED_PARTS), notes_part));
  g_assert_cmpstr (pm_report_get_value (after, PM_MANIFEST_KEY_COMMENT), ==, "Saving a file");

  /* What the server got is "What Was Sent": the comment, no attachment. */
  g_assert_cmpuint (pm_test_receiver_count (receiver), ==, 1);
  received = assert_sent_equals_received (dialog, receiver);
  g_assert_nonnull (strstr (received, "\nComments=Saving a file\n"));
  g_assert_nonnull (strstr (received, "ProductName=gedit-like"));
  g_assert_null (strstr (received, notes_part));
  g_assert_null (strstr (received, "notes.txt"));

  pm_test_settle (200);
  png = pm_test_save_png (GTK_WIDGET (dialog), "crash-dialog-sent");
  destroy_and_check_freed (dialog);
  pm_test_receiver_stop (receiver);
}

/* Redaction: on by default (the home directory becomes "~" and the dialog
 * lists the replacement); switched off for one report, the path is sent as is. */
static void
test_redaction_switch (void)
{
  PmTestReceiver *receiver = pm_test_receiver_start (NULL);
  g_autofree char *on_key = pm_test_make_report (store, "private-app", FALSE);
  g_autofree char *off_key = pm_test_make_report (store, "private-app", FALSE);
  g_autofree char *path = g_build_filename (g_get_home_dir (), "Documents", "letter.odt", NULL);
  g_autofree char *received = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;
  const char *values[] = { "Metadata[0].Key", "Document", "Metadata[0].Value", path, NULL };
  PmCrashDialog *dialog;
  GtkWidget *redaction;

  configure_server (receiver->url);
  g_assert_true (pm_store_set_report_values (store, on_key, values, &error));
  g_assert_true (pm_store_set_report_values (store, off_key, values, &error));
  g_assert_no_error (error);

  /* On: the replacement is listed, the receiver gets "~". */
  dialog = open_dialog (on_key);
  gtk_expander_set_expanded (find_expander (dialog), TRUE);
  g_assert_cmpuint (pm_manifest_get_n_replacements (shown_manifest (dialog)), >, 0);
  redaction = pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW, "Hide Personal Details");
  g_assert_nonnull (redaction);
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (redaction)));
  {
    g_autofree char *title = g_strdup_printf ("%s → %s", g_get_home_dir (), "~");
    g_assert_nonnull (pm_test_find_widget (redaction, ADW_TYPE_ACTION_ROW, title));
  }
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (redaction), TRUE);
  pm_test_settle (200);
  png = pm_test_save_png (GTK_WIDGET (dialog), "crash-dialog-redaction");
  g_clear_pointer (&png, g_free);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
  received = assert_sent_equals_received (dialog, receiver);
  g_assert_nonnull (strstr (received, "~/Documents/letter.odt"));
  g_assert_null (strstr (received, g_get_home_dir ()));
  g_clear_pointer (&received, g_free);
  destroy_and_check_freed (dialog);

  /* Off for this report: the home directory is sent unreplaced. */
  dialog = open_dialog (off_key);
  gtk_expander_set_expanded (find_expander (dialog), TRUE);
  shown_manifest (dialog);
  redaction = pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW, "Hide Personal Details");
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (redaction), FALSE);
  g_assert_false (pm_manifest_choices_get_redact (pm_manifest_get_choices (shown_manifest (dialog))));
  g_assert_cmpuint (pm_manifest_get_n_replacements (shown_manifest (dialog)), ==, 0);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
  received = assert_sent_equals_received (dialog, receiver);
  g_assert_nonnull (strstr (received, path));
  destroy_and_check_freed (dialog);
  pm_test_receiver_stop (receiver);
}

static gboolean
switch_is_off (gpointer data)
{
  return !gtk_switch_get_active (data);
}

/* Switching a part off from the keyboard recomputes the list without losing
 * the person's place: the focus is on the same part's switch afterwards. */
static void
test_keyboard_keeps_focus (void)
{
  g_autofree char *key = pm_test_make_report (store, "keyboard-app", TRUE);
  PmCrashDialog *dialog;
  AdwActionRow *row;
  GtkWidget *toggle, *focus;

  configure_server ("http://127.0.0.1:9/submit");
  dialog = open_dialog (key);
  asking_view (dialog);
  choose_level (dialog, 2, PM_CONSENT_ALL_DATA);

  row = find_item_row (dialog, "notes.txt");
  g_assert_nonnull (row);
  toggle = pm_test_find_first (GTK_WIDGET (row), GTK_TYPE_SWITCH);
  g_assert_true (gtk_widget_get_focusable (toggle));
  g_assert_true (gtk_widget_grab_focus (toggle));
  g_assert_true (gtk_widget_activate (toggle));   /* what Space does */
  /* The switch turns off at the end of its animation, then the list is computed again. */
  g_assert_true (pm_test_wait_for (switch_is_off, toggle, 10));
  g_assert_null (sent_part (shown_manifest (dialog), "notes.txt"));

  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  row = find_item_row (dialog, "notes.txt");
  g_assert_nonnull (row);
  g_assert_true (GTK_IS_SWITCH (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (row)));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (focus)));
  destroy_and_check_freed (dialog);
}

static gboolean
report_page_ready (gpointer data)
{
  GtkWidget *page = data;
  g_autoptr(GPtrArray) views = pm_test_find_all (page, PM_TYPE_MANIFEST_VIEW);

  return views->len == 1 && view_is_ready (g_ptr_array_index (views, 0));
}

/* The report page's "What Will Be Sent": looking changes nothing; a switch
 * turned off there is the person's choice, kept in the report, and the crash
 * dialog opened afterwards shows it off. */
static void
test_report_page_choices (void)
{
  g_autofree char *key = pm_test_make_report (store, "page-app", FALSE);
  g_autoptr(PmReport) report = pm_store_load_report (store, key, NULL);
  g_autoptr(PmReport) after = NULL;
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkWidget *page = pm_report_page_new ();
  PmManifestView *view;
  PmManifestPart *dump_part;
  g_autofree char *dump_name = NULL;
  g_autofree char *dump_file = NULL;
  AdwActionRow *row;
  PmCrashDialog *dialog;

  configure_server ("http://127.0.0.1:9/submit");
  pm_report_page_set_store (PM_REPORT_PAGE (page), store);
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_set_default_size (window, 800, 600);
  gtk_window_present (window);
  pm_report_page_set_report (PM_REPORT_PAGE (page), report, NULL);
  g_assert_true (pm_test_wait_for (report_page_ready, page, 30));
  view = PM_MANIFEST_VIEW (pm_test_find_first (page, PM_TYPE_MANIFEST_VIEW));

  /* Shown, not changed. */
  after = pm_store_load_report (store, key, NULL);
  g_assert_null (pm_report_get_value (after, PM_MANIFEST_KEY_USER_REMOVED_PARTS));
  g_assert_null (pm_report_get_value (after, PM_MANIFEST_KEY_USER_CONSENT));
  g_clear_object (&after);

  dump_part = sent_part (pm_manifest_view_get_manifest (view), "minidump.dmp");
  g_assert_nonnull (dump_part);
  dump_name = g_strdup (pm_manifest_part_get_name (dump_part));
  dump_file = g_strdup (pm_manifest_part_get_file_name (dump_part));
  row = find_file_row (page, dump_file);
  g_assert_nonnull (row);
  gtk_switch_set_active (GTK_SWITCH (pm_test_find_first (GTK_WIDGET (row), GTK_TYPE_SWITCH)), FALSE);
  g_assert_true (pm_test_wait_for (view_is_ready, view, 30));
  g_assert_null (sent_part (pm_manifest_view_get_manifest (view), "minidump.dmp"));

  after = pm_store_load_report (store, key, NULL);
  g_assert_cmpstr (pm_report_get_value (after, PM_MANIFEST_KEY_USER_REMOVED_PARTS), ==, dump_name);

  dialog = open_dialog (key);
  g_assert_null (sent_part (shown_manifest (dialog), "minidump.dmp"));
  row = find_item_row (dialog, dump_file);
  g_assert_nonnull (row);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (pm_test_find_first (GTK_WIDGET (row), GTK_TYPE_SWITCH))));
  destroy_and_check_freed (dialog);
  gtk_window_destroy (window);
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
  g_autofree char *next = NULL;
  g_autoptr(PmReport) after = NULL;
  g_autoptr(PmSettings) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  PmConsentLevel level = 0;
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
  /* What "Always" promises is said before it is made. */
  {
    g_autoptr(GPtrArray) labels = pm_test_find_all (GTK_WIDGET (dialog), GTK_TYPE_LABEL);
    gboolean said = FALSE;

    for (guint i = 0; i < labels->len; i++)
      {
        GtkWidget *label = g_ptr_array_index (labels, i);
        said |= gtk_widget_get_visible (label) &&
                strstr (gtk_label_get_text (GTK_LABEL (label)), "kept on this computer and never sent") != NULL;
      }
    g_assert_true (said);
  }
  pm_test_settle (200);
  png = pm_test_save_png (GTK_WIDGET (dialog), "crash-dialog-always");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "dont-send");
  pm_test_settle (100);
  g_assert_null (weak);
  g_assert_true (pm_test_wait_for (is_archived, key, 30));

  after = pm_store_load_report (store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (after), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_cmpstr (pm_report_get_value (after, "Postmortem.Declined"), ==, "true");
  g_assert_null (pm_report_get_value (after, "Response.ReportId"));

  /* Read back from the file, as postmortemctl would: "never send", not excluded. */
  fresh = pm_settings_new (g_getenv ("PM_SETTINGS_FILE"));
  g_assert_true (pm_settings_reload (fresh, &error));
  g_assert_true (pm_settings_get_app_consent (fresh, "never-again-app", &level));
  g_assert_cmpint (level, ==, PM_CONSENT_NEVER_SEND);
  g_assert_false (pm_settings_is_excluded (fresh, "never-again-app"));

  /* The next crash of that program is still collected, kept here, and its
   * dialog cannot send it. */
  next = pm_test_make_report (store, "never-again-app", FALSE);
  g_assert_true (is_queued (next));
  dialog = open_dialog (next);
  gtk_expander_set_expanded (find_expander (dialog), TRUE);
  g_assert_nonnull (pm_manifest_get_refusal (shown_manifest (dialog)));
  g_assert_cmpuint (g_list_model_get_n_items (pm_manifest_get_parts (shown_manifest (dialog))), ==, 0);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send"));
  destroy_and_check_freed (dialog);
}

/* "Always do this" + Send records the level shown, on a report with nothing
 * optional (where every switch is "on"): never wider. */
static void
test_send_always (void)
{
  PmTestReceiver *receiver = pm_test_receiver_start (NULL);
  g_autofree char *key = pm_test_make_report (store, "trusted-app", FALSE);
  g_autofree char *key2 = pm_test_make_report (store, "careful-app", FALSE);
  g_autoptr(PmSettings) fresh = NULL;
  g_autoptr(GError) error = NULL;
  PmConsentLevel level = 0;
  PmConsentLevel shown;
  PmCrashDialog *dialog;

  configure_server (receiver->url);
  dialog = open_dialog (key);
  shown = pm_manifest_get_level (shown_manifest (dialog));
  g_assert_cmpint (shown, ==, PM_CONSENT_PARAMETERS_SAFE_DATA);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON,
                                                                      "_Always do this for trusted-app")), TRUE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
  g_free (assert_sent_equals_received (dialog, receiver));
  /* At the level shown the minidump went as its sanitized copy, byte for byte,
   * never the original. */
  {
    g_autofree char *sent_path = g_build_filename (receiver->dir, pm_crash_dialog_get_server_id (dialog),
                                                   "upload_file_minidump", NULL);
    g_autofree char *sanitized_path = g_build_filename (pm_store_get_path (store), "archive", key,
                                                        "Upload.sanitized-minidump.dmp", NULL);
    g_autofree char *corpus = pm_test_corpus_file ("breakpad__linux_inline.dmp");
    g_autofree char *sent = NULL, *sanitized = NULL, *original = NULL;
    gsize sent_length, sanitized_length, original_length;

    g_assert_true (g_file_get_contents (sent_path, &sent, &sent_length, &error));
    g_assert_true (g_file_get_contents (sanitized_path, &sanitized, &sanitized_length, &error));
    g_assert_true (g_file_get_contents (corpus, &original, &original_length, &error));
    g_assert_cmpmem (sent, sent_length, sanitized, sanitized_length);
    g_assert_false (sent_length == original_length && memcmp (sent, original, sent_length) == 0);
  }
  destroy_and_check_freed (dialog);

  fresh = pm_settings_new (g_getenv ("PM_SETTINGS_FILE"));
  g_assert_true (pm_settings_reload (fresh, &error));
  g_assert_true (pm_settings_get_app_consent (fresh, "trusted-app", &level));
  g_assert_cmpint (level, ==, shown);

  /* A narrower level chosen in the dialog is the one remembered. */
  dialog = open_dialog (key2);
  gtk_expander_set_expanded (find_expander (dialog), TRUE);
  choose_level (dialog, 0, PM_CONSENT_PARAMETERS_ONLY);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (pm_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON,
                                                                      "_Always do this for careful-app")), TRUE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (state_is_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
  /* No file at "parameters": the receiver got fields only. */
  {
    g_autofree char *received = assert_sent_equals_received (dialog, receiver);
    g_assert_null (strstr (received, "#file"));
  }
  destroy_and_check_freed (dialog);
  g_assert_true (pm_settings_reload (fresh, &error));
  g_assert_true (pm_settings_get_app_consent (fresh, "careful-app", &level));
  g_assert_cmpint (level, ==, PM_CONSENT_PARAMETERS_ONLY);

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
  g_test_add_func ("/crash-dialog/redaction-switch", test_redaction_switch);
  g_test_add_func ("/crash-dialog/keyboard-keeps-focus", test_keyboard_keeps_focus);
  g_test_add_func ("/report-page/choices-saved", test_report_page_choices);
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
