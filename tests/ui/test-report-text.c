/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-report-text.c — the words the application uses for a report: signal
 * names and meanings, which signals have a fault address, one-line summaries, the
 * plain sentence, relative times inside and outside a sentence, dates, the fallback
 * for a report that cannot be read, the words of a hang report.
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

  /* Only a fault raised by the processor has an address (si_code > 0). */
  g_assert_true (pm_signal_has_fault_address ("SIGSEGV", "1"));
  g_assert_true (pm_signal_has_fault_address ("11", NULL));
  g_assert_true (pm_signal_has_fault_address ("SIGBUS", "2"));
  g_assert_true (pm_signal_has_fault_address ("SIGILL", "2"));
  g_assert_true (pm_signal_has_fault_address ("SIGFPE", "1"));
  g_assert_false (pm_signal_has_fault_address ("SIGSEGV", "0"));    /* kill() */
  g_assert_false (pm_signal_has_fault_address ("SIGSEGV", "-6"));   /* tgkill() */
  g_assert_false (pm_signal_has_fault_address ("SIGABRT", "-6"));
  g_assert_false (pm_signal_has_fault_address ("SIGABRT", NULL));
  g_assert_false (pm_signal_has_fault_address ("SIGKILL", "0"));
  g_assert_false (pm_signal_has_fault_address ("SIGTRAP", "1"));
  g_assert_false (pm_signal_has_fault_address (NULL, NULL));
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
check_phrase (GDateTime  *now,
              GTimeSpan   ago,
              const char *expected)
{
  g_autoptr(GDateTime) when = g_date_time_add (now, -ago);
  g_autofree char *text = pm_format_relative_phrase (when, now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_relative_phrase_and_dates (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 6, 17, 12, 0, 0);
  g_autoptr(GDateTime) morning = g_date_time_new_local (2026, 12, 5, 8, 35, 13);
  g_autofree char *absolute = pm_format_date_time (morning);

  /* Inside a sentence: lower case, "on" before a date. */
  check_phrase (now, 10 * G_TIME_SPAN_SECOND, "just now");
  check_phrase (now, 5 * G_TIME_SPAN_MINUTE, "5 minutes ago");
  check_phrase (now, 14 * G_TIME_SPAN_HOUR, "yesterday");
  check_phrase (now, 40 * G_TIME_SPAN_DAY, "on 8 May");
  check_phrase (now, 400 * G_TIME_SPAN_DAY, "on 13 May 2025");
  /* Day, month and year written out: never the ambiguous "12/05/26" of "%x". */
  g_assert_cmpstr (absolute, ==, "5 December 2026, 08:35");
  g_assert_null (pm_format_date_time (NULL));
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
  /* A SIGILL has a fault address (an old report's "Fault Address" parameter). */
  g_assert_cmpstr (pm_report_get_fault_address (report), ==, "0x10");

  /* The plain sentence: who, when, what; where only with a stack signature. */
  {
    g_autoptr(GDateTime) now = g_date_time_add_seconds (pm_report_get_event_time (report), 2);
    g_autofree char *sentence = pm_report_dup_plain_sentence (report, now);

    g_assert_null (pm_report_get_stack_signature (report));
    g_assert_null (pm_report_dup_crash_module (report));
    g_assert_cmpstr (sentence, ==, "text-test-app stopped working just now. "
                                   "It tried to run an instruction the processor cannot execute.");
  }
  {
    const char *pairs[] = { "Postmortem.StackSignature", "libshapes.so.2+0x4a10 text-test-app+0x99", NULL };
    g_autoptr(PmReport) again = NULL;
    g_autoptr(GDateTime) now = NULL;
    g_autofree char *sentence = NULL;
    g_autofree char *module = NULL;

    g_assert_true (pm_store_set_report_values (store, with_module, pairs, &error));
    g_assert_no_error (error);
    again = pm_store_load_report (store, with_module, &error);
    g_assert_no_error (error);
    now = g_date_time_add_minutes (pm_report_get_event_time (again), 30);
    sentence = pm_report_dup_plain_sentence (again, now);
    module = pm_report_dup_crash_module (again);
    g_assert_cmpstr (pm_report_get_stack_signature (again), ==, "libshapes.so.2+0x4a10 text-test-app+0x99");
    g_assert_cmpstr (module, ==, "libshapes.so.2");
    g_assert_cmpstr (sentence, ==, "text-test-app stopped working 30 minutes ago. "
                                   "It tried to run an instruction the processor cannot execute. "
                                   "The problem is in libshapes.so.2, a library it uses.");
  }

  /* An abort has no fault address, whatever an older report kept. */
  {
    g_autofree char *abort_key = pm_test_publish_report (store, "text-abort-app", "SIGABRT", "libc.so.6", "0x8a2b", NULL, NULL);
    g_autoptr(PmReport) aborted = pm_store_load_report (store, abort_key, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (pm_report_find_signature (aborted, "Fault Address"), ==, "0x10");
    g_assert_null (pm_report_get_fault_address (aborted));
  }

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
  struct { const char *recovered, *chains, *meaning, *sentence; } cases[] = {
    { "false", no_cycle, "It stopped responding.", "hung-app stopped responding just now." },
    { "true", no_cycle, "It stopped responding for a while, then went on.",
      "hung-app stopped responding just now. It stopped responding for a while, then went on." },
    { "false", cycle, "It stopped responding: some of its threads wait for each other (a deadlock).",
      "hung-app stopped responding just now. "
      "It stopped responding: some of its threads wait for each other (a deadlock)." },
    { "false", NULL, "It stopped responding.", "hung-app stopped responding just now." },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = publish_hang (store, cases[i].recovered, cases[i].chains);
      g_autoptr(PmReport) report = pm_store_load_report (store, key, &error);
      g_autofree char *headline = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *sentence = NULL;
      g_autoptr(GDateTime) now = NULL;

      g_assert_no_error (error);
      g_assert_true (pm_report_is_hang (report));
      /* The plain sentence says it stopped responding, not that it stopped working. */
      now = g_date_time_add_seconds (pm_report_get_event_time (report), 2);
      sentence = pm_report_dup_plain_sentence (report, now);
      g_assert_cmpstr (sentence, ==, cases[i].sentence);
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
  g_test_add_func ("/ui/report-text/relative-phrase-and-dates", test_relative_phrase_and_dates);
  g_test_add_func ("/ui/report-text/summaries", test_summaries);
  g_test_add_func ("/ui/report-text/hangs", test_hangs);

  return g_test_run ();
}
