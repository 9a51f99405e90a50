/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-window-sizes.c — the main window at every size and with the keyboard: no
 * child keeps it wider than 360 px; at 360 px it folds and starts on the list,
 * opening a row shows its report and Back returns with the selection kept; at the
 * default 1100 px both panes show (also in French, whose words are longer); Tab
 * goes list → report → header bars and stops once on the list; Delete moves the
 * selection to the next report and Undo brings back the deleted one; the Declined
 * filter. Screenshots of the list and a report at 360 and 1100 px.
 *
 * Runs in: a test program under Xvfb, suite "ui", once in English and once with
 * LANGUAGE=fr LC_ALL=fr_FR.UTF-8 (the build tree's translations, po/fr). Reports
 * are real store reports published through the draft API.
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pm-dump-view.h"
#include "pm-report-page.h"
#include "pm-test-ui.h"
#include "pm-window.h"

#define NARROW_WIDTH 360
#define DEFAULT_WIDTH 1100

static const char *test_dir;
static const char *lang;   /* "en" or "fr": screenshot names */
static PmStore *store;
static char *declined_key;
static char *sent_key;

static GtkApplication *
make_app (void)
{
  static GtkApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.SizeTest",
                                                  G_APPLICATION_NON_UNIQUE));
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return g_object_ref (app);
}

/* Six problems: pending ones with long names, one sent, one declined. */
static void
fill_store (void)
{
  const char *pairs[] = { "Response.ReportId", "bp-5d2a7c11-0d3e", NULL };
  g_autoptr(GError) error = NULL;
  static const struct { const char *app, *signal, *module, *offset; } crashes[] = {
    { "pm-demo-notes-with-a-rather-long-program-name", "SIGSEGV", "libnotes-rendering-engine.so.1", "0x11b9" },
    { "pm-demo-calc", "SIGFPE", "pm-demo-calc", "0x11b6" },
    { "pm-demo-player", "SIGABRT", "libc.so.6", "0x8aeec" },
    { "pm-demo-sync", "SIGSEGV", "pm-demo-sync", "0x13b6" },
  };

  g_autofree char *dump_path = g_build_filename (test_dir, "live.dmp", NULL);

  store = pm_store_open_default (&error);
  g_assert_no_error (error);
  /* A real minidump: the dump pages are measured and shown too. */
  if (!pm_test_write_live_dump (dump_path, "mini"))
    {
      g_test_message ("postmortem-dumper not built (PM_DUMPER_PATH): reports without a minidump");
      g_clear_pointer (&dump_path, g_free);
    }
  for (guint i = 0; i < G_N_ELEMENTS (crashes); i++)
    {
      g_free (pm_test_publish_report (store, crashes[i].app, crashes[i].signal, crashes[i].module,
                                      crashes[i].offset, dump_path, NULL));
      g_usleep (20000);
    }
  declined_key = pm_test_publish_report (store, "pm-demo-viewer", "SIGBUS", "pm-demo-viewer", "0x12c4", dump_path, NULL);
  g_assert_true (pm_store_archive_report (store, declined_key, &error));
  g_assert_no_error (error);
  g_usleep (20000);
  sent_key = pm_test_publish_report (store, "pm-demo-shell", "SIGILL", "pm-demo-shell", "0x1233", dump_path, NULL);
  g_assert_true (pm_store_set_report_values (store, sent_key, pairs, &error));
  g_assert_no_error (error);
  g_assert_true (pm_store_archive_report (store, sent_key, &error));
  g_assert_no_error (error);
}

static gboolean
list_loaded (gpointer data)
{
  return !pm_report_list_get_loading (pm_window_get_report_list (data)) &&
         gtk_widget_get_mapped (data);
}

static gboolean
width_is (gpointer data)
{
  GtkWidget *window = data;
  int wanted = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "pm-wanted-width"));
  /* The default size counts the window's frame (client-side decorations) too. */
  return ABS (gtk_widget_get_width (window) - wanted) <= 12;
}

static gboolean
dump_shown (gpointer data)
{
  return pm_dump_view_get_dump (PM_DUMP_VIEW (pm_window_get_dump_view (data))) != NULL ||
         g_strcmp0 (pm_window_get_dump_state (data), "error") == 0;
}

static PmWindow *
open_window (int width)
{
  g_autoptr(GtkApplication) app = make_app ();
  PmWindow *window = pm_window_new (app, store, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pm_test_wait_for (list_loaded, window, 10000));
  g_object_set_data (G_OBJECT (window), "pm-wanted-width", GINT_TO_POINTER (width));
  if (!pm_test_wait_for (width_is, window, 5000))
    g_error ("the window is %d px wide, not %d", gtk_widget_get_width (GTK_WIDGET (window)), width);
  return window;
}

static guint
n_shown (PmWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (pm_window_get_selection (window)));
}

static guint
selected_position (PmWindow *window)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (pm_window_get_selection (window));

  if (gtk_bitset_get_size (selected) != 1)
    return G_MAXUINT;
  return gtk_bitset_get_minimum (selected);
}

static char *
key_at (PmWindow *window,
        guint     position)
{
  g_autoptr(PmReportGroup) group = g_list_model_get_item (G_LIST_MODEL (pm_window_get_selection (window)), position);
  return g_strdup (pm_report_get_key (pm_report_group_get_newest (group)));
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_icon_button (GtkWidget  *widget,
                  const char *icon_name)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_icon_button (child, icon_name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The descendants whose minimum width is over @limit, deepest first: the names
 * tell which child keeps the window wide. */
static void
describe_wide (GtkWidget *widget,
               int        limit,
               GString   *out)
{
  int min = 0;
  gboolean wide_child = FALSE;

  if (!gtk_widget_get_visible (widget))
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min <= limit)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, NULL, NULL, NULL);
      if (child_min > limit)
        {
          wide_child = TRUE;
          describe_wide (child, limit, out);
        }
    }
  if (!wide_child)
    {
      g_string_append_printf (out, "  %s%s%s needs %d px; its children:", G_OBJECT_TYPE_NAME (widget),
                              GTK_IS_LABEL (widget) ? " " : "",
                              GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "", min);
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        {
          int child_min = 0;

          if (!gtk_widget_get_visible (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, NULL, NULL, NULL);
          g_string_append_printf (out, " %s %d", G_OBJECT_TYPE_NAME (child), child_min);
        }
      g_string_append_c (out, '\n');
    }
}

static void
assert_fits (GtkWidget *widget,
             int        width)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > width)
    {
      g_autoptr(GString) wide = g_string_new (NULL);

      describe_wide (widget, width, wide);
      g_error ("%s needs %d px, more than %d px:\n%s", G_OBJECT_TYPE_NAME (widget), min, width, wide->str);
    }
}

static void
shoot (PmWindow   *window,
       const char *what)
{
  int width = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "pm-wanted-width"));
  g_autofree char *name = g_strdup_printf ("window-%s-%d-%s", what, width, lang);
  pm_test_save_png (GTK_WIDGET (window), name);
}

/* No child keeps the window wider than 360 px, folded, on either pane. */
static void
test_min_width (void)
{
  PmWindow *window = open_window (DEFAULT_WIDTH);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  gtk_selection_model_select_item (pm_window_get_selection (window), 0, TRUE);
  g_assert_nonnull (pm_window_get_shown_report (window));
  g_assert_true (pm_test_wait_for (dump_shown, window, 10000));
  pm_test_spin (100);
  assert_fits (content, NARROW_WIDTH);
  pm_window_set_content_page (window, "dump");
  assert_fits (content, NARROW_WIDTH);
  pm_window_set_content_page (window, "report");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* 1100 px (the default): both panes, in English and in French. */
static void
test_default_width (void)
{
  PmWindow *window = open_window (DEFAULT_WIDTH);

  g_assert_cmpstr (pm_window_get_pane (window), ==, "both");
  /* A wide window shows the newest report at once. */
  g_assert_nonnull (pm_window_get_shown_report (window));
  shoot (window, "list-report");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* 360 px: the list first; a row opens its report; Back keeps the selection. */
static void
test_narrow (void)
{
  PmWindow *window = open_window (NARROW_WIDTH);
  GtkWidget *list_view, *back;
  g_autofree char *key = NULL;

  g_assert_cmpstr (pm_window_get_pane (window), ==, "list");
  g_assert_cmpuint (n_shown (window), >=, 5);
  /* Folded, the header bars also hold the window buttons: still no wider. */
  pm_test_spin (100);
  assert_fits (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)), NARROW_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, NARROW_WIDTH);
  shoot (window, "list");

  /* Enter on the second row (GtkListView::activate): its report. */
  list_view = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);
  g_assert_true (gtk_widget_activate_action (list_view, "list.activate-item", "u", 1));
  g_assert_cmpstr (pm_window_get_pane (window), ==, "report");
  g_assert_cmpuint (selected_position (window), ==, 1);
  key = key_at (window, 1);
  g_assert_nonnull (pm_window_get_shown_report (window));
  assert_fits (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)), NARROW_WIDTH);
  g_assert_cmpstr (pm_report_get_key (pm_window_get_shown_report (window)), ==, key);
  shoot (window, "report");
  pm_window_set_content_page (window, "dump");
  g_assert_true (pm_test_wait_for (dump_shown, window, 10000));
  shoot (window, "dump");
  pm_window_set_content_page (window, "report");

  /* Back: the list again, the same row selected and focused. */
  back = find_icon_button (GTK_WIDGET (window), "go-previous-symbolic");
  g_assert_nonnull (back);
  g_signal_emit_by_name (back, "clicked");
  g_assert_cmpstr (pm_window_get_pane (window), ==, "list");
  g_assert_cmpuint (selected_position (window), ==, 1);
  pm_test_spin (100);
  g_assert_true (gtk_widget_has_focus (list_view) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), list_view));

  /* Widening unfolds; narrowing again starts on the list (nothing was opened). */
  gtk_window_set_default_size (GTK_WINDOW (window), DEFAULT_WIDTH, 720);
  g_object_set_data (G_OBJECT (window), "pm-wanted-width", GINT_TO_POINTER (DEFAULT_WIDTH));
  g_assert_true (pm_test_wait_for (width_is, window, 5000));
  g_assert_cmpstr (pm_window_get_pane (window), ==, "both");

  /* A report selected from outside (postmortem --report KEY) is opened. */
  g_assert_true (pm_window_select_report (window, sent_key));
  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
  g_object_set_data (G_OBJECT (window), "pm-wanted-width", GINT_TO_POINTER (NARROW_WIDTH));
  g_assert_true (pm_test_wait_for (width_is, window, 5000));
  g_assert_cmpstr (pm_window_get_pane (window), ==, "report");
  g_assert_cmpstr (pm_report_get_key (pm_window_get_shown_report (window)), ==, sent_key);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Where the keyboard focus is: "list", "content", "report-header", "list-header" or "?". */
static const char *
focus_region (PmWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *list_view = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW);

  if (focus == NULL)
    return "none";
  if (focus == list_view || gtk_widget_is_ancestor (focus, list_view))
    return "list";
  if (gtk_widget_get_ancestor (focus, PM_TYPE_REPORT_PAGE) != NULL)
    return "content";
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (ADW_IS_HEADER_BAR (w))
      {
        /* The report's header bar holds the Delete button. */
        return find_icon_button (w, "user-trash-symbolic") != NULL ? "report-header" : "list-header";
      }
  return G_OBJECT_TYPE_NAME (focus);
}

static const char *
press_tab (PmWindow        *window,
           GtkDirectionType direction)
{
  /* What GtkWindow's Tab binding does (move-focus). */
  gtk_widget_child_focus (GTK_WIDGET (window), direction);
  return focus_region (window);
}

/* Tab: list (once, whatever its length) → report → its header bar → the list's
 * header bar → list; Shift+Tab the other way. */
static void
test_tab_order (void)
{
  PmWindow *window = open_window (DEFAULT_WIDTH);
  GtkWidget *list_view = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW);
  const char *region;
  guint guard;

  g_assert_nonnull (pm_window_get_shown_report (window));
  g_assert_true (gtk_widget_grab_focus (list_view));
  g_assert_cmpstr (focus_region (window), ==, "list");

  g_assert_cmpstr (press_tab (window, GTK_DIR_TAB_FORWARD), ==, "content");
  /* Through the report's own controls, then its header bar. */
  for (guard = 0, region = "content"; g_str_equal (region, "content") && guard < 200; guard++)
    region = press_tab (window, GTK_DIR_TAB_FORWARD);
  g_assert_cmpstr (region, ==, "report-header");
  for (guard = 0; g_str_equal (region, "report-header") && guard < 20; guard++)
    region = press_tab (window, GTK_DIR_TAB_FORWARD);
  g_assert_cmpstr (region, ==, "list-header");
  for (guard = 0; g_str_equal (region, "list-header") && guard < 20; guard++)
    region = press_tab (window, GTK_DIR_TAB_FORWARD);
  g_assert_cmpstr (region, ==, "list");
  /* One stop: the next Tab leaves the list at once. */
  g_assert_cmpstr (press_tab (window, GTK_DIR_TAB_FORWARD), ==, "content");
  g_assert_cmpstr (press_tab (window, GTK_DIR_TAB_BACKWARD), ==, "list");
  g_assert_cmpstr (press_tab (window, GTK_DIR_TAB_BACKWARD), ==, "list-header");

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  PmWindow *window;
  guint     n;
} CountWait;

/* The toast's Undo button. */
static GtkWidget *
find_undo (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), _("_Undo")) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_undo (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
undo_shown (gpointer data)
{
  return find_undo (data) != NULL;
}

static gboolean
n_shown_is (gpointer data)
{
  CountWait *wait = data;
  return n_shown (wait->window) == wait->n;
}

/* Delete moves the selection to the next report (the previous at the end); Undo
 * selects the restored one. */
static void
test_delete_selection (void)
{
  PmWindow *window = open_window (DEFAULT_WIDTH);
  guint n = n_shown (window);
  g_autofree char *deleted = NULL;
  g_autofree char *next = NULL;
  g_autofree char *last = NULL;
  g_autofree char *before_last = NULL;
  CountWait wait = { window, n };

  g_assert_cmpuint (n, >=, 4);
  gtk_selection_model_select_item (pm_window_get_selection (window), 1, TRUE);
  deleted = key_at (window, 1);
  next = key_at (window, 2);
  pm_window_delete_selected (window);
  g_assert_cmpuint (n_shown (window), ==, n - 1);
  g_assert_cmpuint (selected_position (window), ==, 1);
  g_assert_cmpstr (pm_report_get_key (pm_window_get_shown_report (window)), ==, next);

  g_assert_true (pm_test_wait_for (undo_shown, window, 15000));
  gtk_widget_activate (find_undo (GTK_WIDGET (window)));
  g_assert_true (pm_test_wait_for (n_shown_is, &wait, 15000));
  g_assert_cmpuint (selected_position (window), ==, 1);
  g_assert_cmpstr (pm_report_get_key (pm_window_get_shown_report (window)), ==, deleted);

  /* The last row: the previous one takes its place. */
  last = key_at (window, n - 1);
  before_last = key_at (window, n - 2);
  gtk_selection_model_select_item (pm_window_get_selection (window), n - 1, TRUE);
  pm_window_delete_selected (window);
  g_assert_cmpuint (selected_position (window), ==, n - 2);
  g_assert_cmpstr (pm_report_get_key (pm_window_get_shown_report (window)), ==, before_last);
  /* The last test: this deletion may happen for real. */
  pm_window_flush_deletions (window);
  pm_window_wait_for_deletions (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_nonnull (last);
}

static gboolean
report_shown (gpointer data)
{
  PmWindow *window = data;
  PmReport *shown = pm_window_get_shown_report (window);
  const char *key = g_object_get_data (G_OBJECT (window), "pm-wanted-key");

  return shown != NULL && g_strcmp0 (pm_report_get_key (shown), key) == 0;
}

/* `postmortem --report KEY` from a cold start asks for the report before the
 * list has loaded: it is selected (and opened on a narrow window) when it arrives. */
static void
test_select_before_loaded (void)
{
  g_autoptr(GtkApplication) app = make_app ();
  PmWindow *window = pm_window_new (app, store, NULL);
  g_autofree char *key = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pm_report_list_get_loading (pm_window_get_report_list (window)));
  g_assert_false (pm_window_select_report (window, declined_key));
  g_object_set_data (G_OBJECT (window), "pm-wanted-key", declined_key);
  g_assert_true (pm_test_wait_for (report_shown, window, 10000));
  g_assert_true (pm_test_wait_for (list_loaded, window, 10000));
  g_object_set_data (G_OBJECT (window), "pm-wanted-width", GINT_TO_POINTER (NARROW_WIDTH));
  g_assert_true (pm_test_wait_for (width_is, window, 5000));
  pm_test_spin (100);
  g_assert_cmpstr (pm_window_get_pane (window), ==, "report");
  key = key_at (window, selected_position (window));
  g_assert_cmpstr (key, ==, declined_key);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Sent lists only what the server got; Declined what the person did not send. */
static void
test_filters (void)
{
  PmWindow *window = open_window (DEFAULT_WIDTH);
  g_autofree char *key = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "sent");
  g_assert_cmpuint (n_shown (window), ==, 1);
  key = key_at (window, 0);
  g_assert_cmpstr (key, ==, sent_key);
  g_clear_pointer (&key, g_free);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "declined");
  g_assert_cmpuint (n_shown (window), ==, 1);
  key = key_at (window, 0);
  g_assert_cmpstr (key, ==, declined_key);
  shoot (window, "declined");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "pending");
  g_assert_cmpuint (n_shown (window), >=, 3);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.filter", "s", "all");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *localedir = g_build_filename (g_getenv ("PM_BUILD_DIR") ? g_getenv ("PM_BUILD_DIR") : ".",
                                                 "po", NULL);
  int status;

  /* The build tree's translations: po/LANG/LC_MESSAGES/postmortem.mo. */
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  test_dir = pm_test_ui_init (&argc, &argv);
  lang = language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";
  if (g_str_equal (lang, "fr"))
    {
      g_autofree char *mo = g_build_filename (localedir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

      if (!g_file_test (mo, G_FILE_TEST_EXISTS))
        {
          g_print ("1..0 # SKIP the French translation is not built (%s)\n", mo);
          return 77;
        }
      /* A sure sign the words on screen are French. */
      g_assert_cmpstr (_("All Reports"), !=, "All Reports");
    }
  fill_store ();

  g_test_add_func ("/ui/window-sizes/min-width", test_min_width);
  g_test_add_func ("/ui/window-sizes/default-width", test_default_width);
  g_test_add_func ("/ui/window-sizes/narrow", test_narrow);
  g_test_add_func ("/ui/window-sizes/tab-order", test_tab_order);
  g_test_add_func ("/ui/window-sizes/select-before-loaded", test_select_before_loaded);
  g_test_add_func ("/ui/window-sizes/filters", test_filters);
  g_test_add_func ("/ui/window-sizes/delete-selection", test_delete_selection);
  status = g_test_run ();

  g_clear_object (&store);
  g_free (declined_key);
  g_free (sent_key);
  return status;
}
