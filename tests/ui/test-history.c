/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-history.c — the history of crashes and hangs over a real store: reports published
 * through the store's draft API with event times spread over six weeks, two versions of
 * one application, hangs (EventType AppHangB1) and a flood-counted report. Checks that
 * the chart's bins are exactly the expected counts per day and per application, that the
 * store's summary index gives the same values as loading every report and is rewritten
 * when a report changes, that activating a day (Enter, a click: the day's activate
 * signal) lists exactly that day's reports, that the arrow keys move between days, that
 * the trend sentence reports the version change, and that choosing a report in the
 * window's history shows it on the report page. No store file is touched on the GTK
 * thread (pm-store-io-check.h). Screenshots history-{360,1100}-LANG.png.
 *
 * Runs in: a test program under Xvfb, suite "ui"; meson runs it in English and in French
 * (LANGUAGE=fr, the build tree's po/ bound as the translations' directory).
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "pm-filetime.h"
#include "pm-history-view-private.h"
#include "pm-store-io-check.h"
#include "pm-store-summary.h"
#include "pm-test-ui.h"
#include "pm-window.h"

#define DAY_US (G_USEC_PER_SEC * G_GINT64_CONSTANT (86400))

static PmStore *store;
static const char *lang;
static gint64 today_noon_us;   /* local noon today */

/* What the test published, by how many days before today. */
typedef struct
{
  const char *app;
  const char *version;
  const char *event_type;
  int         days_ago;
  int         minute;
  guint       count;
  char       *key;
} Published;

static Published published[] = {
  { "Notes", "1.1", "APPCRASH",  20, 0, 1, NULL },
  { "Notes", "1.1", "APPCRASH",  13, 0, 1, NULL },
  { "Notes", "1.1", "APPCRASH",   9, 0, 1, NULL },
  { "Notes", "1.2", "APPCRASH",   6, 0, 1, NULL },
  { "Notes", "1.2", "APPCRASH",   6, 2, 1, NULL },
  { "Notes", "1.2", "APPCRASH",   3, 0, 1, NULL },
  { "Notes", "1.2", "AppHangB1",  3, 5, 1, NULL },
  { "Notes", "1.2", "APPCRASH",   1, 0, 1, NULL },
  { "Calc",  "",    "APPCRASH",  40, 0, 1, NULL },
  { "Calc",  "",    "APPCRASH",   6, 1, 1, NULL },
  { "Calc",  "",    "APPCRASH",   0, 0, 3, NULL },   /* the same crash three times */
};

static gint64
published_time (const Published *p)
{
  return today_noon_us - p->days_ago * DAY_US + p->minute * 60 * G_USEC_PER_SEC;
}

static char *
publish (const Published *p)
{
  g_autoptr(GError) error = NULL;
  PmReportDraft *draft = pm_store_begin_report (store, &error);
  g_autofree char *filetime = g_strdup_printf ("%" G_GUINT64_FORMAT, pm_filetime_from_unix_us (published_time (p)));
  g_autofree char *count = g_strdup_printf ("%u", p->count);
  char *key;

  g_assert_no_error (error);
  pm_report_draft_set (draft, "EventType", p->event_type);
  pm_report_draft_set (draft, "EventTime", filetime);
  pm_report_draft_set (draft, "AppName", p->app);
  pm_report_draft_set (draft, "AppPath", "/usr/bin/true");
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", p->app);
  pm_report_draft_set (draft, "Sig[1].Name", "Application Version");
  pm_report_draft_set (draft, "Sig[1].Value", p->version);
  pm_report_draft_set (draft, "Sig[6].Name", "Signal");
  pm_report_draft_set (draft, "Sig[6].Value", "SIGSEGV");
  if (p->count > 1)
    pm_report_draft_set (draft, "Postmortem.Count", count);
  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  pm_report_draft_free (draft);
  return key;
}

/* The index of the day @days_ago in @history. */
static guint
day_of (PmHistory *history,
        int        days_ago)
{
  return pm_history_get_n_days (history) - 1 - days_ago;
}

static guint
app_of (PmHistory  *history,
        const char *name)
{
  for (guint a = 0; a < pm_history_get_n_apps (history); a++)
    if (g_str_equal (pm_history_get_app_name (history, a), name))
      return a;
  g_assert_not_reached ();
}

/* The expected bins, summed from the table. */
static void
assert_bins (PmHistory *history)
{
  guint n_days = pm_history_get_n_days (history);
  guint sum = 0;

  /* The oldest report is 40 days back: the chart reaches it. */
  g_assert_cmpuint (n_days, ==, 41);
  g_assert_cmpuint (pm_history_get_n_apps (history), ==, 2);
  /* Most problems first: Notes (7 crashes, 1 hang) before Calc (5 crashes). */
  g_assert_cmpstr (pm_history_get_app_name (history, 0), ==, "Notes");
  g_assert_cmpstr (pm_history_get_app_name (history, 1), ==, "Calc");

  for (guint d = 0; d < n_days; d++)
    for (guint a = 0; a < 2; a++)
      {
        guint crashes = 0, hangs = 0;

        for (guint i = 0; i < G_N_ELEMENTS (published); i++)
          {
            const Published *p = &published[i];
            if (day_of (history, p->days_ago) != d || app_of (history, p->app) != a)
              continue;
            if (g_str_has_prefix (p->event_type, "AppHang"))
              hangs += p->count;
            else
              crashes += p->count;
          }
        g_assert_cmpuint (pm_history_get_crashes (history, d, a), ==, crashes);
        g_assert_cmpuint (pm_history_get_hangs (history, d, a), ==, hangs);
        sum += crashes + hangs;
      }
  g_assert_cmpuint (sum, ==, 13);   /* 7 + 1 of Notes, 5 of Calc */
  /* A few by hand, so the loop above cannot agree with itself by mistake. */
  g_assert_cmpuint (pm_history_get_crashes (history, day_of (history, 6), app_of (history, "Notes")), ==, 2);
  g_assert_cmpuint (pm_history_get_crashes (history, day_of (history, 6), app_of (history, "Calc")), ==, 1);
  g_assert_cmpuint (pm_history_get_hangs (history, day_of (history, 3), app_of (history, "Notes")), ==, 1);
  g_assert_cmpuint (pm_history_get_crashes (history, day_of (history, 0), app_of (history, "Calc")), ==, 3);
  g_assert_cmpuint (pm_history_get_crashes (history, day_of (history, 2), app_of (history, "Notes")), ==, 0);
  g_assert_cmpuint (pm_history_get_max_day_total (history), ==, 3);
}

/* The summaries off the index equal those off the reports themselves, and a changed report
 * is read again. */
static void
test_summaries (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  guint n_loaded = 0;
  const char *pairs[] = { "Sig[1].Value", "1.3", NULL };

  /* No index yet: no quick answer; the first listing loads every report. */
  g_assert_null (pm_store_list_summaries (store, PM_REPORT_STATE_ALL, PM_SUMMARIES_TRUST_INDEX, &n_loaded, &error));
  g_assert_no_error (error);
  first = pm_store_list_summaries (store, PM_REPORT_STATE_ALL, PM_SUMMARIES_DEFAULT, &n_loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_loaded, ==, G_N_ELEMENTS (published));
  g_assert_cmpuint (first->len, ==, G_N_ELEMENTS (published));
  second = pm_store_list_summaries (store, PM_REPORT_STATE_ALL, PM_SUMMARIES_DEFAULT, &n_loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_loaded, ==, 0);   /* all from the index */
  g_assert_cmpuint (second->len, ==, first->len);
  for (guint i = 0; i < first->len; i++)
    {
      PmReportSummary *a = g_ptr_array_index (first, i), *b = g_ptr_array_index (second, i);
      g_autoptr(PmReport) report = pm_store_load_report (store, a->key, &error);
      GDateTime *time;

      g_assert_no_error (error);
      time = pm_report_get_event_time (report);
      g_assert_cmpstr (a->key, ==, b->key);
      g_assert_cmpint (a->state, ==, b->state);
      g_assert_cmpint (a->event_time_us, ==, b->event_time_us);
      g_assert_cmpint (a->event_time_us, ==, g_date_time_to_unix (time) * G_USEC_PER_SEC);
      g_assert_cmpuint (a->count, ==, b->count);
      g_assert_cmpuint (a->count, ==, pm_report_get_count (report));
      g_assert_cmpstr (a->event_type, ==, b->event_type);
      g_assert_cmpstr (a->app_name, ==, b->app_name);
      g_assert_cmpstr (a->app_name, ==, pm_report_get_app_name (report));
      g_assert_cmpstr (a->app_version, ==, b->app_version);
    }
  /* A changed report (its Report.wer replaced) is read again; archiving moves it only. */
  g_assert_true (pm_store_set_report_values (store, published[1].key, pairs, &error));
  g_assert_no_error (error);
  g_assert_true (pm_store_archive_report (store, published[2].key, &error));
  third = pm_store_list_summaries (store, PM_REPORT_STATE_ARCHIVE, PM_SUMMARIES_DEFAULT, &n_loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (third->len, ==, 1);
  g_assert_cmpstr (((PmReportSummary *) g_ptr_array_index (third, 0))->key, ==, published[2].key);
  g_assert_cmpint (((PmReportSummary *) g_ptr_array_index (third, 0))->state, ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_cmpuint (n_loaded, ==, 1);   /* the changed one only */
  /* The index as it is (the quick first answer) now knows the change... */
  g_clear_pointer (&third, g_ptr_array_unref);
  third = pm_store_list_summaries (store, PM_REPORT_STATE_ALL, PM_SUMMARIES_TRUST_INDEX, &n_loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (third->len, ==, G_N_ELEMENTS (published));
  for (guint i = 0; i < third->len; i++)
    {
      PmReportSummary *s = g_ptr_array_index (third, i);
      if (g_str_equal (s->key, published[1].key))
        g_assert_cmpstr (s->app_version, ==, "1.3");
      if (g_str_equal (s->key, published[2].key))
        g_assert_cmpint (s->state, ==, PM_REPORT_STATE_ARCHIVE);
    }
  /* Put back what the later tests expect: the index does not see it until a full listing. */
  pairs[1] = "1.1";
  g_assert_true (pm_store_set_report_values (store, published[1].key, pairs, &error));
  g_assert_no_error (error);
  g_clear_pointer (&third, g_ptr_array_unref);
  third = pm_store_list_summaries (store, PM_REPORT_STATE_QUEUE, PM_SUMMARIES_TRUST_INDEX, &n_loaded, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < third->len; i++)
    if (g_str_equal (((PmReportSummary *) g_ptr_array_index (third, i))->key, published[1].key))
      g_assert_cmpstr (((PmReportSummary *) g_ptr_array_index (third, i))->app_version, ==, "1.3");
  g_clear_pointer (&third, g_ptr_array_unref);
  third = pm_store_list_summaries (store, PM_REPORT_STATE_QUEUE, PM_SUMMARIES_DEFAULT, &n_loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_loaded, ==, 1);
  g_assert_cmpuint (third->len, ==, G_N_ELEMENTS (published) - 1);
}

static gboolean
view_loaded (gpointer data)
{
  return !pm_history_view_get_loading (data);
}

static gboolean
list_loaded (gpointer data)
{
  return !pm_report_list_get_loading (pm_window_get_report_list (data));
}

/* The view goes with the history (GTK may keep it until its next frame). */
static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static GtkApplication *
make_app (void)
{
  static GtkApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.TestHistory",
                                                  G_APPLICATION_NON_UNIQUE));
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return g_object_ref (app);
}

static AdwToastOverlay *
find_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      AdwToastOverlay *found = find_overlay (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  return handled;
}

static void
test_view_in_window (void)
{
  g_autoptr(GtkApplication) app = make_app ();
  PmWindow *window;
  PmHistoryView *view;
  PmHistoryChart *chart;
  PmHistory *history;
  AdwToastOverlay *overlay;
  GtkWidget *reports, *day;
  g_auto(GStrv) keys = NULL;
  g_autofree char *expected_name = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *date_text = NULL;
  gpointer weak_view;
  guint notes, calc;
  PmReport *shown;

  pm_io_check_set_mode (PM_IO_CHECK_ABORT);
  window = pm_window_new (app, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pm_test_wait_for (list_loaded, window, 10000));

  overlay = find_overlay (GTK_WIDGET (window));
  reports = adw_toast_overlay_get_child (overlay);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  view = PM_HISTORY_VIEW (adw_toast_overlay_get_child (overlay));
  g_assert_true (PM_IS_HISTORY_VIEW (view));
  weak_view = view;
  g_object_add_weak_pointer (G_OBJECT (view), &weak_view);
  g_assert_true (pm_test_wait_for (view_loaded, view, 10000));

  chart = pm_history_view_get_chart (view);
  history = pm_history_chart_get_history (chart);
  g_assert_nonnull (history);
  assert_bins (history);
  notes = app_of (history, "Notes");
  calc = app_of (history, "Calc");

  /* Today has the focus; Left goes to yesterday, End back to today. */
  day = pm_history_chart_get_day_widget (chart, day_of (history, 0));
  g_assert_true (gtk_widget_has_focus (day));
  g_assert_true (press_key (day, GDK_KEY_Left));
  g_assert_true (gtk_widget_has_focus (pm_history_chart_get_day_widget (chart, day_of (history, 1))));
  g_assert_true (press_key (pm_history_chart_get_day_widget (chart, day_of (history, 1)), GDK_KEY_End));
  g_assert_true (gtk_widget_has_focus (day));
  /* One day at a time in Tab's order: the one with the focus. */
  for (guint d = 0; d < pm_history_get_n_days (history); d++)
    g_assert_true (gtk_widget_get_focusable (pm_history_chart_get_day_widget (chart, d)) == (d == day_of (history, 0)));

  /* The day's name says what happened on it. */
  day = pm_history_chart_get_day_widget (chart, day_of (history, 6));
  date = pm_history_dup_day (history, day_of (history, 6));
  date_text = g_date_time_format (date, C_("history day", "%-d %B"));
  expected_name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u crash", "%s: %u crashes", 3), date_text, 3);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (day), ==, expected_name);
  if (g_str_equal (lang, "en"))
    g_assert_true (g_str_has_suffix (expected_name, ": 3 crashes"));

  /* Enter (the activate signal) lists exactly that day's reports, in time order. */
  gtk_widget_activate (day);
  g_assert_cmpuint (pm_history_chart_get_selected_day (chart), ==, day_of (history, 6));
  keys = pm_history_view_dup_day_keys (view);
  g_assert_cmpuint (g_strv_length (keys), ==, 3);
  g_assert_cmpstr (keys[0], ==, published[3].key);   /* Notes 12:00 */
  g_assert_cmpstr (keys[1], ==, published[9].key);   /* Calc 12:01 */
  g_assert_cmpstr (keys[2], ==, published[4].key);   /* Notes 12:02 */
  g_clear_pointer (&keys, g_strfreev);

  gtk_widget_activate (pm_history_chart_get_day_widget (chart, day_of (history, 3)));
  keys = pm_history_view_dup_day_keys (view);
  g_assert_cmpuint (g_strv_length (keys), ==, 2);
  g_assert_cmpstr (keys[0], ==, published[5].key);
  g_assert_cmpstr (keys[1], ==, published[6].key);   /* the hang */
  g_clear_pointer (&keys, g_strfreev);

  gtk_widget_activate (pm_history_chart_get_day_widget (chart, day_of (history, 2)));
  keys = pm_history_view_dup_day_keys (view);
  g_assert_cmpuint (g_strv_length (keys), ==, 0);
  g_clear_pointer (&keys, g_strfreev);

  /* The trend: Notes 1.2 first crashed 6 days ago; 4 crashes since, 1 in the 6 days before
   * (the crashes 13 and 20 days ago are older). Calc has no version: its totals. */
  {
    g_autofree char *trend = NULL;
    g_autofree char *times_after = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u time", "%u times", 4), 4);
    g_autofree char *times_before = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u time", "%u times", 1), 1);
    g_autofree char *expected = g_strdup_printf (_("%1$s crashed %2$s since version %3$s (was %4$s in as many days before)"),
                                                 "Notes", times_after, "1.2", times_before);
    int change = 0;

    trend = pm_history_dup_trend (history, notes, &change);
    g_assert_cmpstr (trend, ==, expected);
    g_assert_cmpint (change, >, 0);
    if (g_str_equal (lang, "en"))
      g_assert_cmpstr (trend, ==, "Notes crashed 4 times since version 1.2 (was 1 time in as many days before)");
    else
      g_assert_cmpstr (trend, !=, "Notes crashed 4 times since version 1.2 (was 1 time in as many days before)");
    g_assert_true (g_str_has_prefix (pm_history_view_get_app_text (view, notes), trend));
    g_assert_null (pm_history_dup_trend (history, calc, NULL));
    if (g_str_equal (lang, "en"))
      g_assert_cmpstr (pm_history_view_get_app_text (view, calc), ==, "5 crashes in the days shown");
  }

  /* Screenshots: full width (the day with a hang, today in sight), then a phone's. */
  gtk_widget_activate (pm_history_chart_get_day_widget (chart, day_of (history, 3)));
  {
    g_autofree char *name = g_strdup_printf ("history-1100-%s", lang);
    pm_test_save_png (GTK_WIDGET (window), name);
  }
  gtk_widget_activate (pm_history_chart_get_day_widget (chart, day_of (history, 6)));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  {
    g_autofree char *name = g_strdup_printf ("history-360-%s", lang);
    pm_test_save_png (GTK_WIDGET (window), name);
    /* Nothing wider than the window: the chart scrolls instead. */
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  }
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);

  /* A report of the day opens on the report page of the window. */
  gtk_widget_activate (pm_history_view_get_day_row (view, 1));
  g_assert_true (pm_test_wait_for (pointer_is_null, &weak_view, 5000));
  g_assert_true (adw_toast_overlay_get_child (overlay) == reports);
  shown = pm_window_get_shown_report (window);
  g_assert_nonnull (shown);
  g_assert_cmpstr (pm_report_get_key (shown), ==, published[9].key);

  /* Back again, then the back button's signal. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  view = PM_HISTORY_VIEW (adw_toast_overlay_get_child (overlay));
  weak_view = view;
  g_object_add_weak_pointer (G_OBJECT (view), &weak_view);
  g_assert_true (pm_test_wait_for (view_loaded, view, 10000));
  g_signal_emit_by_name (view, "closed");
  g_assert_true (pm_test_wait_for (pointer_is_null, &weak_view, 5000));
  g_assert_true (adw_toast_overlay_get_child (overlay) == reports);

  /* The window may close with the history shown: everything goes with it. */
  {
    gpointer weak_window = window;

    g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
    view = PM_HISTORY_VIEW (adw_toast_overlay_get_child (overlay));
    weak_view = view;
    g_object_add_weak_pointer (G_OBJECT (view), &weak_view);
    gtk_window_destroy (GTK_WINDOW (window));
    g_assert_true (pm_test_wait_for (pointer_is_null, &weak_view, 5000));
    g_assert_true (pm_test_wait_for (pointer_is_null, &weak_window, 5000));
  }
  g_assert_cmpuint (pm_io_check_get_count (), ==, 0);
  pm_io_check_set_mode (PM_IO_CHECK_OFF);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *build_dir = g_getenv ("PM_BUILD_DIR");
  const char *language = g_getenv ("LANGUAGE");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) noon = NULL;
  int status;

  setlocale (LC_ALL, "");
  if (build_dir != NULL)
    {
      /* The build tree's translations: po/LANG/LC_MESSAGES/postmortem.mo. */
      g_autofree char *localedir = g_build_filename (build_dir, "po", NULL);
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  pm_test_ui_init (&argc, &argv);
  lang = language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";

  now = g_date_time_new_now_local ();
  noon = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), 12, 0, 0);
  today_noon_us = g_date_time_to_unix (noon) * G_USEC_PER_SEC;

  store = pm_store_open_default (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (published); i++)
    published[i].key = publish (&published[i]);

  g_test_add_func ("/history/summaries", test_summaries);
  g_test_add_func ("/history/view", test_view_in_window);
  status = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (published); i++)
    g_free (published[i].key);
  g_object_unref (store);
  return status;
}
