/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-report-text.c — the words the application uses for a report: signal
 * names and meanings, one-line summaries, relative times, the fallback for a
 * report that cannot be read, the words of a hang report.
 *
 * Runs in: a test program (suite "ui"); no window needed, but GTK-free code
 * only (the same process setup as the widget tests).
 */
#include "pm-config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pm-report-text.h"
#include "pm-test-ui.h"

static void
test_signals (void)
{
  g_assert_cmpstr (pm_signal_normalize ("SIGSEGV"), ==, "SIGSEGV");
  g_assert_cmpstr (pm_signal_normalize ("11"), ==, "SIGSEGV");
  g_assert_cmpstr (pm_signal_normalize ("segv"), ==, "SIGSEGV");
  g_assert_cmpstr (pm_signal_normalize ("6"), ==, "SIGABRT");
  g_assert_cmpstr (pm_signal_normalize ("SIGRTMIN"), ==, "SIGRTMIN");  /* unknown but a signal name */
  g_assert_null (pm_signal_normalize ("0x11z"));
  g_assert_null (pm_signal_normalize (""));
  g_assert_null (pm_signal_normalize (NULL));

  g_assert_cmpstr (pm_signal_describe ("SIGSEGV"), ==, "It tried to use memory it does not own.");
  g_assert_cmpstr (pm_signal_describe ("8"), ==, "It did an impossible calculation, such as dividing by zero.");
  g_assert_cmpstr (pm_signal_get_title ("SIGBUS"), ==, "Bus error");
  g_assert_null (pm_signal_describe ("SIGRTMIN"));
}

static void
check_relative (GDateTime  *now,
                GTimeSpan   ago,
                const char *expected)
{
  g_autoptr(GDateTime) when = g_date_time_add (now, -ago);
  g_autofree char *text = pm_format_relative_time (when, now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_relative_time (void)
{
  /* Noon local time: "yesterday" and "hours ago" do not depend on when the test runs. */
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 6, 17, 12, 0, 0);
  g_autofree char *none = pm_format_relative_time (NULL, now);

  check_relative (now, 10 * G_TIME_SPAN_SECOND, "Just now");
  check_relative (now, 5 * G_TIME_SPAN_MINUTE, "5 minutes ago");
  check_relative (now, 1 * G_TIME_SPAN_MINUTE, "1 minute ago");
  check_relative (now, 3 * G_TIME_SPAN_HOUR, "3 hours ago");
  check_relative (now, 14 * G_TIME_SPAN_HOUR, "Yesterday");
  check_relative (now, 3 * G_TIME_SPAN_DAY, "3 days ago");
  check_relative (now, 40 * G_TIME_SPAN_DAY, "8 May");
  check_relative (now, 400 * G_TIME_SPAN_DAY, "13 May 2025");
  g_assert_cmpstr (none, ==, "Unknown time");
}

static void
test_summaries (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open_default (&error);
  g_autofree char *with_module = NULL;
  g_autofree char *bad_key = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *name = NULL;

  g_assert_no_error (error);
  with_module = pm_test_publish_report (store, "text-test-app", "SIGILL", "libshapes.so.2", "0x4a10", NULL, NULL);
  report = pm_store_load_report (store, with_module, &error);
  g_assert_no_error (error);

  summary = pm_report_dup_summary (report);
  g_assert_cmpstr (summary, ==, "SIGILL in libshapes.so.2+0x4a10");
  g_assert_cmpstr (pm_report_find_signature (report, "Fault Address"), ==, "0x10");
  g_assert_cmpstr (pm_report_find_signature (report, "fault module name"), ==, "libshapes.so.2");
  g_assert_null (pm_report_find_signature (report, "No Such Parameter"));
  g_assert_cmpstr (pm_report_get_signal_name (report), ==, "SIGILL");
  /* No desktop file for it: the program's name. */
  name = pm_report_dup_display_name (report);
  g_assert_cmpstr (name, ==, "text-test-app");

  /* A report whose Report.wer was damaged on disk is listed, and says so. */
  bad_key = pm_test_publish_report (store, "text-broken-app", "SIGSEGV", "x", "0x1", NULL, NULL);
  {
    g_autofree char *wer = g_build_filename (pm_store_get_path (store), "queue", bad_key, "Report.wer", NULL);
    g_assert_true (g_file_set_contents (wer, "this line has no equals sign\n\xff\xfe\n", -1, NULL));
  }
  all = pm_store_list_reports (store, PM_REPORT_STATE_ALL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      PmReport *r = g_ptr_array_index (all, i);
      if (g_strcmp0 (pm_report_get_key (r), bad_key) == 0)
        {
          g_autofree char *bad_summary = pm_report_dup_summary (r);
          g_autofree char *bad_name = pm_report_dup_display_name (r);
          g_assert_nonnull (pm_report_get_load_error (r));
          g_assert_cmpstr (bad_summary, ==, "The report cannot be read");
          /* No AppName to show: the key stands in. */
          g_assert_cmpstr (bad_name, ==, bad_key);
          return;
        }
    }
  g_assert_not_reached ();
}

/* A hang report as the watchdog writes it (EventType AppHangB1, Sig[3..5]). */
static char *
publish_hang (PmStore    *store,
              const char *recovered,
              const char *chains)
{
  g_autoptr(GError) error = NULL;
  PmReportDraft *draft = pm_store_begin_report (store, &error);
  char *key;

  g_assert_no_error (error);
  pm_report_draft_set (draft, "EventType", "AppHangB1");
  pm_report_draft_set (draft, "AppName", "hung-app");
  pm_report_draft_set (draft, "AppPath", "/usr/bin/hung-app");
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", "hung-app");
  pm_report_draft_set (draft, "Sig[3].Name", "Hang Signature");
  pm_report_draft_set (draft, "Sig[3].Value", "b00c");
  pm_report_draft_set (draft, "Sig[4].Name", "Hang Type");
  pm_report_draft_set (draft, "Sig[4].Value", "0");
  pm_report_draft_set (draft, "Sig[5].Name", "Hung Thread Stack");
  pm_report_draft_set (draft, "Sig[5].Value", "hung-app+0x1a2b libgtk-4.so.1+0x3c4d");
  pm_report_draft_set (draft, "Postmortem.HangRecovered", recovered);
  if (chains != NULL)
    pm_report_draft_set (draft, "Postmortem.WaitChains", chains);
  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  pm_report_draft_free (draft);
  return key;
}

static void
test_hangs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open_default (&error);
  const char *cycle = "{\"pid\":7,\"threads\":[{\"tid\":8,\"chain\":[],\"cycle\":true}]}";
  const char *no_cycle = "{\"pid\":7,\"threads\":[{\"tid\":7,\"chain\":[],\"cycle\":false}]}";
  struct { const char *recovered, *chains, *meaning; } cases[] = {
    { "false", no_cycle, "It stopped responding." },
    { "true", no_cycle, "It stopped responding for a while, then went on." },
    { "false", cycle, "It stopped responding: some of its threads wait for each other (a deadlock)." },
    { "false", NULL, "It stopped responding." },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = publish_hang (store, cases[i].recovered, cases[i].chains);
      g_autoptr(PmReport) report = pm_store_load_report (store, key, &error);
      g_autofree char *headline = NULL;
      g_autofree char *summary = NULL;

      g_assert_no_error (error);
      g_assert_true (pm_report_is_hang (report));
      headline = pm_report_dup_headline (report, "Hung App");
      g_assert_cmpstr (headline, ==, "Hung App Stopped Responding");
      g_assert_cmpstr (pm_report_describe_problem (report), ==, cases[i].meaning);
      summary = pm_report_dup_summary (report);
      g_assert_cmpstr (summary, ==, "Not responding in hung-app+0x1a2b");
    }

  /* A crash keeps its words. */
  {
    g_autofree char *key = pm_test_publish_report (store, "crashed-app", "SIGSEGV", "libx.so", "0x10", NULL, NULL);
    g_autoptr(PmReport) report = pm_store_load_report (store, key, &error);
    g_autofree char *headline = NULL;

    g_assert_no_error (error);
    g_assert_false (pm_report_is_hang (report));
    headline = pm_report_dup_headline (report, "Crashed App");
    g_assert_cmpstr (headline, ==, "Crashed App Quit Unexpectedly");
    g_assert_cmpstr (pm_report_describe_problem (report), ==, "It tried to use memory it does not own.");
  }
}

int
main (int   argc,
      char *argv[])
{
  pm_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/report-text/signals", test_signals);
  g_test_add_func ("/ui/report-text/relative-time", test_relative_time);
  g_test_add_func ("/ui/report-text/summaries", test_summaries);
  g_test_add_func ("/ui/report-text/hangs", test_hangs);

  return g_test_run ();
}
