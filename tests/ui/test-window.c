/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-window.c — the main window over a real store: list, filter, search, the
 * report page, the dump of a report, live updates, delete with undo, Delete All,
 * and that everything is freed when the window goes; the application's send
 * actions (a new report noticed and notified, Review, Preferences). Throughout,
 * no store file may be touched on the GTK thread (pm-store-io-check.h): the
 * check aborts the test naming the file; the test's own look at the store is
 * between pm_io_check_suspend() and pm_io_check_resume().
 *
 * Runs in: a test program under Xvfb (tests/run-tests.sh), suite "ui".
 * The reports are published through the store's draft API with a minidump of a
 * real process written by the build tree's postmortem-dumper.
 */
#include "pm-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pm-crash-dialog.h"
#include "pm-dump-view.h"
#include "pm-preferences-window.h"
#include "pm-report-page.h"
#include "pm-send-actions.h"
#include "pm-store-io-check.h"
#include "pm-test-ui.h"
#include "pm-window.h"

static const char *test_dir;

typedef struct
{
  PmWindow *window;
  guint     n;
} CountWait;

static gboolean
list_loaded (gpointer data)
{
  return !pm_report_list_get_loading (pm_window_get_report_list (data));
}

static gboolean
n_groups_is (gpointer data)
{
  CountWait *wait = data;
  return g_list_model_get_n_items (G_LIST_MODEL (pm_window_get_selection (wait->window))) == wait->n;
}

static gboolean
dump_shown (gpointer data)
{
  PmWindow *window = data;
  PmDumpView *view = PM_DUMP_VIEW (pm_window_get_dump_view (window));
  return pm_dump_view_get_dump (view) != NULL ||
         g_strcmp0 (pm_window_get_dump_state (window), "error") == 0;
}

typedef struct
{
  PmStore    *store;
  const char *key;
} KeyWait;

static gboolean
report_gone (gpointer data)
{
  KeyWait *wait = data;
  g_autoptr(PmReport) report = NULL;

  pm_io_check_suspend ();
  report = pm_store_load_report (wait->store, wait->key, NULL);
  pm_io_check_resume ();
  return report == NULL;
}

static gboolean
report_archived (gpointer data)
{
  KeyWait *wait = data;
  g_autoptr(PmReport) report = NULL;

  pm_io_check_suspend ();
  report = pm_store_load_report (wait->store, wait->key, NULL);
  pm_io_check_resume ();
  return report != NULL && pm_report_get_state (report) == PM_REPORT_STATE_ARCHIVE;
}

static guint
count_reports (PmStore *store)
{
  guint n;

  pm_io_check_suspend ();
  n = pm_store_count_reports (store, PM_REPORT_STATE_ALL);
  pm_io_check_resume ();
  return n;
}

static guint
n_shown (PmWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (pm_window_get_selection (window)));
}

static PmReportGroup *
group_at (PmWindow *window,
          guint     position)
{
  return g_list_model_get_item (G_LIST_MODEL (pm_window_get_selection (window)), position);
}

static guint
find_group (PmWindow   *window,
            const char *app_name)
{
  for (guint i = 0; i < n_shown (window); i++)
    {
      g_autoptr(PmReportGroup) group = group_at (window, i);
      if (g_strcmp0 (pm_report_get_app_name (pm_report_group_get_newest (group)), app_name) == 0)
        return i;
    }
  return G_MAXUINT;
}

/* The first shown button labelled label; with beside, only one whose parent
 * also holds a label with that text (a toast's own button, not another's). */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label,
             const char *beside)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
      gtk_widget_get_mapped (widget) &&
      (beside == NULL || pm_test_find_label (gtk_widget_get_parent (widget), beside) != NULL))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label, beside);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The Undo button of the toast titled title, shown: another toast's Undo is
 * not the one to press. */
typedef struct
{
  GtkWidget  *window;
  const char *title;
} ToastWait;

static gboolean
undo_button_shown (gpointer data)
{
  ToastWait *wait = data;

  return find_button (wait->window, "_Undo", wait->title) != NULL;
}

/* One registered application for every test: windows need one. */
static GtkApplication *
make_app (void)
{
  static GtkApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.Test",
                                                  G_APPLICATION_NON_UNIQUE));
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return g_object_ref (app);
}

static void
test_window_empty_store (void)
{
  g_autoptr(GtkApplication) app = make_app ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (test_dir, "empty-store", NULL);
  g_autoptr(PmStore) store = pm_store_open (path, &error);
  PmWindow *window;
  gpointer weak_window;

  g_assert_no_error (error);
  pm_io_check_set_mode (PM_IO_CHECK_ABORT);
  window = pm_window_new (app, store, NULL);
  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (pm_test_wait_for (list_loaded, window, 5000));
  g_assert_cmpuint (n_shown (window), ==, 0);
  g_assert_cmpstr (pm_window_get_list_page (window), ==, "empty");
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (window), "No Crash Reports"));
  pm_test_spin (100);
  /* One status page for the whole window, in plain words: not a second one beside it. */
  g_assert_true (gtk_widget_get_mapped (pm_test_find_label (GTK_WIDGET (window), "No Crash Reports")));
  g_assert_false (gtk_widget_get_mapped (pm_test_find_label (GTK_WIDGET (window), "No Report Selected")));
  g_assert_null (pm_test_find_label (GTK_WIDGET (window), "libpostmortem"));
  g_assert_null (pm_test_find_label (GTK_WIDGET (window), "postmortemctl"));
  pm_test_save_png (GTK_WIDGET (window), "window-empty");

  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_spin (50);
  g_assert_null (weak_window);
  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);
  pm_io_check_set_mode (PM_IO_CHECK_OFF);
}

static void
test_window_no_store (void)
{
  g_autoptr(GtkApplication) app = make_app ();
  g_autoptr(GError) error = g_error_new_literal (PM_ERROR, PM_ERROR_UNSAFE, "the store directory is a symbolic link");
  PmWindow *window = pm_window_new (app, NULL, error);

  gtk_window_present (GTK_WINDOW (window));
  pm_test_spin (100);
  g_assert_cmpstr (pm_window_get_list_page (window), ==, "empty");
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (window), "the store directory is a symbolic link"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whether every weak pointer in the NULL-terminated array @data was cleared. */
static gboolean
all_gone (gpointer data)
{
  gpointer **weaks = data;

  for (guint i = 0; weaks[i] != NULL; i++)
    if (*weaks[i] != NULL)
      return FALSE;
  return TRUE;
}

static void
test_window_reports (void)
{
  g_autoptr(GtkApplication) app = make_app ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open_default (&error);
  g_autofree char *dump_path = g_build_filename (test_dir, "live.dmp", NULL);
  g_autofree char *late_key = NULL;
  g_autofree char *sent_key = NULL;
  const char *metadata[] = { "BuildChannel", "nightly", "DocumentCount", "3", NULL };
  const char *pairs[] = { "Response.ReportId", "bp-5d2a7c11-0d3e", NULL };
  PmWindow *window;
  PmReportPage *page;
  PmDumpView *view;
  gpointer weak_window, weak_page, weak_view, weak_list, weak_dump;
  CountWait wait;
  g_autofree char *cell = NULL;
  guint pos;

  g_assert_no_error (error);
  if (!pm_test_write_live_dump (dump_path, "mini"))
    {
      g_test_skip ("postmortem-dumper not built (PM_DUMPER_PATH): no real minidump to attach");
      return;
    }

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *key = pm_test_publish_report (store, "pm-test-crasher", "SIGSEGV", "libfoo.so",
                                                     "0x1234", dump_path, metadata);
      g_usleep (20000);
    }
  g_free (pm_test_publish_report (store, "other-app", "SIGABRT", "libc.so.6", "0x8a2b", dump_path, NULL));
  g_usleep (20000);
  sent_key = pm_test_publish_report (store, "sent-app", "SIGFPE", "sent-app", "0x40", dump_path, NULL);
  g_assert_true (pm_store_set_report_values (store, sent_key, pairs, &error));
  g_assert_no_error (error);
  g_assert_true (pm_store_archive_report (store, sent_key, &error));
  g_assert_no_error (error);

  pm_io_check_set_mode (PM_IO_CHECK_ABORT);
  window = pm_window_new (app, store, NULL);
  weak_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  weak_list = pm_window_get_report_list (window);
  g_object_add_weak_pointer (weak_list, &weak_list);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));

  /* Three buckets, newest first; the repeated one counts three crashes. */
  g_assert_true (pm_test_wait_for (list_loaded, window, 10000));
  g_assert_cmpuint (n_shown (window), ==, 3);
  g_assert_cmpstr (pm_window_get_list_page (window), ==, "list");
  {
    g_autoptr(PmReportGroup) first = group_at (window, 0);
    g_autoptr(PmReportGroup) last = group_at (window, 2);
    g_assert_cmpstr (pm_report_get_app_name (pm_report_group_get_newest (first)), ==, "sent-app");
    g_assert_cmpstr (pm_report_get_app_name (pm_report_group_get_newest (last)), ==, "pm-test-crasher");
    g_assert_cmpuint (pm_report_group_get_n_reports (last), ==, 3);
    g_assert_cmpuint (pm_report_group_get_count (last), ==, 3);
  }
  pm_test_spin (200);
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (window), "Test Crasher"));
  /* Rows say what happened in plain words, not "SIGSEGV in libfoo.so+0x1234". */
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (window), "It tried to use memory it does not own."));
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (window), "3 times"));
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (window), "Sent"));

  /* The newest report is shown at once on a wide window. */
  page = PM_REPORT_PAGE (pm_window_get_report_page (window));
  g_assert_nonnull (pm_window_get_shown_report (window));
  g_assert_cmpstr (pm_report_get_key (pm_window_get_shown_report (window)), ==, sent_key);
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (page), "bp-5d2a7c11-0d3e"));

  /* Filter: pending, sent, all — through the window action, as the menu and Alt+1..3 do. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "pending");
  g_assert_cmpuint (n_shown (window), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "sent");
  g_assert_cmpuint (n_shown (window), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "all");
  g_assert_cmpuint (n_shown (window), ==, 3);

  /* Search: application, signature, server id; nothing matches: its own page. */
  pm_window_set_search_text (window, "LIBFOO");
  g_assert_cmpuint (n_shown (window), ==, 1);
  pm_window_set_search_text (window, "bp-5d2a7c11");
  g_assert_cmpuint (n_shown (window), ==, 1);
  pm_window_set_search_text (window, "sigabrt");
  g_assert_cmpuint (n_shown (window), ==, 1);
  pm_window_set_search_text (window, "no-such-crash-anywhere");
  g_assert_cmpuint (n_shown (window), ==, 0);
  g_assert_cmpstr (pm_window_get_list_page (window), ==, "no-match");
  pm_test_save_png (GTK_WIDGET (window), "window-no-match");
  pm_window_set_search_text (window, "");
  g_assert_cmpuint (n_shown (window), ==, 3);

  /* The repeated crash: plain words first, then every value. */
  pos = find_group (window, "pm-test-crasher");
  g_assert_cmpuint (pos, !=, G_MAXUINT);
  gtk_selection_model_select_item (pm_window_get_selection (window), pos, TRUE);
  g_assert_cmpstr (pm_report_page_get_headline (page), ==, "Test Crasher Quit Unexpectedly");
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (page), "Test Crasher stopped working"));
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (page), "It tried to use memory it does not own."));
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (page), "nightly"));
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (page), "Other Reports of This Problem"));
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (page), "Segmentation fault (SIGSEGV)"));
  pm_test_save_png (GTK_WIDGET (window), "window-report");

  /* Its dump: the real process's threads. */
  g_assert_true (pm_test_wait_for (dump_shown, window, 10000));
  g_assert_cmpstr (pm_window_get_dump_state (window), ==, "dump");
  view = PM_DUMP_VIEW (pm_window_get_dump_view (window));
  weak_view = view;
  g_object_add_weak_pointer (G_OBJECT (view), &weak_view);
  weak_dump = pm_dump_view_get_dump (view);
  g_object_add_weak_pointer (weak_dump, &weak_dump);
  cell = pm_dump_view_dup_cell_text (view, "threads", 0, 0);
  g_assert_nonnull (cell);
  g_assert_cmpint (atoi (cell), >, 0);
  pm_window_set_content_page (window, "dump");
  pm_dump_view_set_page (view, "overview");
  pm_test_save_png (GTK_WIDGET (window), "window-dump-overview");
  pm_dump_view_set_page (view, "threads");
  pm_test_save_png (GTK_WIDGET (window), "window-dump-threads");
  pm_window_set_content_page (window, "report");

  /* A report published by another process appears without a restart. */
  pm_io_check_suspend ();
  late_key = pm_test_publish_report (store, "late-app", "SIGBUS", "late-app", "0x99", NULL, NULL);
  pm_io_check_resume ();
  wait.window = window;
  wait.n = 4;
  g_assert_true (pm_test_wait_for (n_groups_is, &wait, 10000));

  /* Delete it: gone from the list at once, still in the store until the toast goes. */
  pos = find_group (window, "late-app");
  g_assert_cmpuint (pos, ==, 0);
  gtk_selection_model_select_item (pm_window_get_selection (window), pos, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-selected", NULL);
  g_assert_cmpuint (n_shown (window), ==, 3);
  {
    KeyWait gone = { store, late_key };
    g_assert_false (report_gone (&gone));
  }
  pm_test_spin (300);
  pm_test_save_png (GTK_WIDGET (window), "window-deleted-toast");

  /* Undo, through the toast's own button. */
  {
    GtkWidget *undo = find_button (GTK_WIDGET (window), "_Undo", NULL);
    g_assert_nonnull (undo);
    gtk_widget_activate (undo);
  }
  g_assert_true (pm_test_wait_for (n_groups_is, &wait, 5000));
  g_assert_cmpuint (find_group (window, "late-app"), !=, G_MAXUINT);

  /* Delete All asks first; Undo brings everything back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-all", NULL);
  pm_test_spin (200);
  {
    GtkWidget *dialog = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
        if (ADW_IS_MESSAGE_DIALOG (w))
          dialog = GTK_WIDGET (w);
      }
    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete All Reports?");
    g_assert_true (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "6 reports") != NULL);
    pm_test_save_png (dialog, "window-delete-all-dialog");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  g_assert_cmpuint (n_shown (window), ==, 0);
  g_assert_cmpstr (pm_window_get_list_page (window), ==, "empty");
  g_assert_cmpuint (count_reports (store), ==, 6);
  /* Before the deletion below: a deletion done by flushing leaves its toast
   * up for its ten seconds, and this one would queue behind it. */
  {
    ToastWait toast = { GTK_WIDGET (window), "6 reports deleted" };
    g_assert_true (pm_test_wait_for (undo_button_shown, &toast, 15000));
    gtk_widget_activate (find_button (toast.window, "_Undo", toast.title));
  }
  g_assert_true (pm_test_wait_for (n_groups_is, &wait, 5000));
  g_assert_cmpuint (count_reports (store), ==, 6);

  /* Delete again and let it happen: the report leaves the store. */
  pos = find_group (window, "late-app");
  gtk_selection_model_select_item (pm_window_get_selection (window), pos, TRUE);
  pm_window_delete_selected (window);
  pm_window_flush_deletions (window);
  {
    /* Deleted in a worker; the application's shutdown waits for it like this. */
    KeyWait gone = { store, late_key };
    pm_window_wait_for_deletions (window);
    g_assert_true (report_gone (&gone));
  }
  wait.n = 3;
  g_assert_true (pm_test_wait_for (n_groups_is, &wait, 10000));

  /* Everything goes with the window. */
  weak_page = page;
  g_object_add_weak_pointer (G_OBJECT (page), &weak_page);
  gtk_window_destroy (GTK_WINDOW (window));
  {
    /* A backtrace walk still running in a worker keeps the dump view until it ends
     * (slowly under the sanitizers): wait for everything to go, then check. */
    gpointer *weaks[] = { &weak_window, &weak_page, &weak_view, &weak_list, &weak_dump, NULL };
    pm_test_wait_for (all_gone, weaks, 60000);
  }
  g_assert_null (weak_window);
  g_assert_null (weak_page);
  g_assert_null (weak_view);
  g_assert_null (weak_list);
  g_assert_null (weak_dump);
  g_assert_cmpuint (count_reports (store), ==, 5);
  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);
  pm_io_check_set_mode (PM_IO_CHECK_OFF);
}

static guint notified;

static void
count_notifications (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  if (g_str_has_prefix (message, "Notified "))
    notified++;
  g_log_default_handler (log_domain, log_level, message, user_data);
}

/* A notification server on the test's session bus: records the summary of each
 * notification GIO sends (org.freedesktop.Notifications.Notify). */
static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "</interface></node>";

static char *last_summary;

static void
notifications_method_call (GDBusConnection       *connection,
                           const char            *sender,
                           const char            *object_path,
                           const char            *interface_name,
                           const char            *method_name,
                           GVariant              *parameters,
                           GDBusMethodInvocation *invocation,
                           gpointer               user_data)
{
  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      const char *summary = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_free (last_summary);
      last_summary = g_strdup (summary);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", 1));
      return;
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static guint
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  guint id;

  g_assert_no_error (error);
  id = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                          &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                NULL, NULL, NULL, NULL);
  g_object_unref (bus);
  return id;
}

static gboolean
notification_shown (gpointer data)
{
  return last_summary != NULL;
}

static gboolean
notified_once (gpointer data)
{
  return notified > 0;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WINDOW (w);
    }
  return NULL;
}

static gboolean
crash_dialog_shown (gpointer data)
{
  return find_toplevel (PM_TYPE_CRASH_DIALOG) != NULL;
}

static gboolean
storage_measured (gpointer data)
{
  GtkWindow *prefs = find_toplevel (PM_TYPE_PREFERENCES_WINDOW);
  return prefs != NULL && pm_test_find_label (GTK_WIDGET (prefs), "1 report, ") != NULL;
}

/* The application's side: a new report is noticed and notified, Review opens the
 * crash dialog, Don't Send archives it, Preferences measures the store: all of it
 * without a store file touched on the GTK thread. */
static void
test_send_actions (void)
{
  g_autoptr(GtkApplication) app = make_app ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (test_dir, "send-store", NULL);
  g_autoptr(PmStore) store = pm_store_open (path, &error);
  g_autofree char *old_key = NULL;
  g_autofree char *new_key = NULL;
  GtkWindow *dialog;
  GtkWindow *prefs;
  PmWindow *window;
  KeyWait wait;
  guint handler;

  g_assert_no_error (error);
  old_key = pm_test_publish_report (store, "old-app", "SIGSEGV", "old-app", "0x10", NULL, NULL);
  g_assert_true (pm_store_watch (store, &error));
  g_assert_no_error (error);
  handler = g_log_set_handler ("Postmortem", G_LOG_LEVEL_MESSAGE, count_notifications, NULL);
  start_notification_server ();

  pm_io_check_set_mode (PM_IO_CHECK_ABORT);
  pm_send_actions_install (app, store);
  /* Until the first listing is back, every queued report is old; then a new one is
   * notified, alone (the old one is not). */
  pm_test_spin (500);
  pm_io_check_suspend ();
  new_key = pm_test_publish_report (store, "new-app", "SIGABRT", "new-app", "0x20", NULL, NULL);
  pm_io_check_resume ();
  g_assert_true (pm_test_wait_for (notified_once, NULL, 20000));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (pm_test_wait_for (notification_shown, NULL, 10000));
  g_assert_cmpstr (last_summary, ==, "new-app Quit Unexpectedly");

  /* Review: the main window and the crash dialog over it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "review-report", g_variant_new_string (new_key));
  g_assert_true (pm_test_wait_for (crash_dialog_shown, NULL, 10000));
  dialog = find_toplevel (PM_TYPE_CRASH_DIALOG);
  window = PM_WINDOW (gtk_window_get_transient_for (dialog));
  g_assert_true (PM_IS_WINDOW (window));
  pm_test_spin (300);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "dont-send");
  wait.store = store;
  wait.key = new_key;
  g_assert_true (pm_test_wait_for (report_archived, &wait, 10000));

  /* Preferences: one report queued, one sent or declined. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (pm_test_wait_for (storage_measured, NULL, 10000));
  prefs = find_toplevel (PM_TYPE_PREFERENCES_WINDOW);
  gtk_window_destroy (prefs);
  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_spin (100);

  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);
  pm_io_check_set_mode (PM_IO_CHECK_OFF);
  g_log_remove_handler ("Postmortem", handler);
}

/* A desktop file for pm-test-crasher: the list shows its name rather than the
 * executable's. Made before any window, since desktop files are read once. */
static void
install_desktop_file (void)
{
  g_autofree char *apps_dir = NULL;
  g_autofree char *desktop = NULL;

  apps_dir = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_assert_cmpint (g_mkdir_with_parents (apps_dir, 0700), ==, 0);
  desktop = g_build_filename (apps_dir, "pm-test-crasher.desktop", NULL);
  {
    /* GIO ignores desktop files whose program does not exist: make one. */
    g_autofree char *bin_dir = g_build_filename (test_dir, "bin", NULL);
    g_autofree char *program = g_build_filename (bin_dir, "pm-test-crasher", NULL);
    g_autofree char *entry = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test Crasher\n"
                                              "Exec=%s\nIcon=utilities-terminal\n", program);

    g_assert_cmpint (g_mkdir_with_parents (bin_dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (program, "#!/bin/sh\nexit 0\n", -1, NULL));
    g_assert_cmpint (g_chmod (program, 0755), ==, 0);
    g_assert_true (g_file_set_contents (desktop, entry, -1, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  test_dir = pm_test_ui_init (&argc, &argv);
  install_desktop_file ();

  g_test_add_func ("/ui/window/empty-store", test_window_empty_store);
  g_test_add_func ("/ui/window/no-store", test_window_no_store);
  g_test_add_func ("/ui/window/reports", test_window_reports);
  g_test_add_func ("/ui/window/send-actions", test_send_actions);

  return g_test_run ();
}
