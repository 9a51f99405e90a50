/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-debuginfod-bar.c — the dump window and debuginfod servers, as a
 * person meets them; run by test-debuginfod-bar.sh, which gives a real crash
 * of a stripped program (PM_TEST_DUMP), a real elfutils debuginfod serving
 * its debug file (PM_TEST_SERVER) and a slow server (PM_TEST_SLOW_SERVER).
 *
 * - "never": the window walks the stacks, the program's frames have no
 *   names, and no offer is shown.
 * - "ask" (the default): the offer names the server and the program; Not Now
 *   hides it and nothing is downloaded.
 * - Download: the module's row, then the frames walked again with names
 *   (count_words, called from main) and "Downloaded … 1 module".
 * - "always", from the slow server: the download starts by itself and shows
 *   its progress ("… of 64 MB"); Cancel stops it, says so, and leaves no
 *   debug file in the cache.
 * Screenshots (debuginfod-SCREEN-WIDTH-LANG.png in <build>/tests/screens/) of
 * the offer, the result and the progress at 1100 and 360 px. For French:
 *   LANGUAGE=fr LC_ALL=fr_FR.UTF-8 … test-debuginfod-bar.sh … (the build's po/
 *   is bound; the English-only checks are skipped). PM_CTL_PATH names the
 *   build's postmortemctl, which the window runs for the downloads.
 *
 * Runs in: a test program under Xvfb (GTK main thread), suite "ui".
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pm-backtrace.h"
#include "pm-debuginfod-bar.h"
#include "pm-debuginfod-choice.h"
#include "pm-dump-view.h"
#include "pm-dump-window.h"
#include "pm-settings.h"
#include "pm-stackwalk.h"
#include "pm-test-ui.h"

static const char *lang = "en";
static gboolean english;
static GtkApplication *app;

static gboolean
window_settled (gpointer data)
{
  return g_strcmp0 (pm_dump_window_get_state (data), "loading") != 0;
}

static gboolean
walked (gpointer data)
{
  return pm_dump_view_get_backtrace (data) != NULL;
}

/* The stacks walked and the bar's decision made (it reads the person's
 * choice in a worker). */
static gboolean
offer_decided (gpointer data)
{
  PmDumpView *view = data;
  GtkWidget *bar = pm_test_find_named (GTK_WIDGET (view), "debuginfod_bar");

  return pm_dump_view_get_backtrace (view) != NULL && !pm_debuginfod_bar_is_deciding (PM_DEBUGINFOD_BAR (bar));
}

static PmDumpWindow *
open_window (int width)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("PM_TEST_DUMP"));
  PmDumpWindow *window = pm_dump_window_new (app, file);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pm_test_wait_for (window_settled, window, 10000));
  g_assert_true (pm_test_wait_for (walked, pm_dump_window_get_dump_view (window), 30000));
  g_assert_true (pm_test_wait_for (offer_decided, pm_dump_window_get_dump_view (window), 30000));
  return window;
}

static void
shoot (PmDumpWindow *window,
       const char   *screen,
       int           width)
{
  g_autofree char *name = g_strdup_printf ("debuginfod-%s-%d-%s", screen, width, lang);

  pm_test_spin (100);
  pm_test_save_png (GTK_WIDGET (window), name);
}

static void
set_choice (PmDebuginfodChoice choice,
            const char        *servers)
{
  g_autoptr(PmSettings) settings = pm_settings_new_default ();
  g_autoptr(GError) error = NULL;

  g_assert_true (pm_debuginfod_choice_set (settings, choice, &error));
  g_assert_true (pm_debuginfod_servers_set (settings, servers, &error));
  g_assert_no_error (error);
}

/* The function of frame 0 of the crashing thread, or NULL. */
static const char *
crash_function (PmDumpView *view)
{
  PmBacktrace *bt = pm_dump_view_get_backtrace (view);
  const PmStackFrames *frames = bt != NULL ? pm_backtrace_get_frames (bt, (gsize) pm_backtrace_get_crashing_index (bt), NULL) : NULL;

  return frames != NULL && frames->len > 0 ? frames->data[0].function : NULL;
}

static const char *
bar_message (PmDumpView *view)
{
  return gtk_label_get_text (GTK_LABEL (pm_test_find_named (GTK_WIDGET (view), "debuginfod_message")));
}

static gboolean
bar_shown (PmDumpView *view)
{
  GtkWidget *bar = pm_test_find_named (GTK_WIDGET (view), "debuginfod_bar");

  g_assert_nonnull (bar);
  return gtk_widget_get_visible (bar);
}

static void
click (PmDumpView *view,
       const char *name)
{
  GtkWidget *button = pm_test_find_named (GTK_WIDGET (view), name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
}

static char *
cached_debuginfo (void)
{
  return g_build_filename (g_getenv ("DEBUGINFOD_CACHE_PATH"), g_getenv ("PM_TEST_BUILD_ID"), "debuginfo", NULL);
}

/* "never", then "ask" and Not Now: nothing is asked of the server. */
static void
test_no_consent (void)
{
  g_autofree char *host = g_strdup (g_getenv ("PM_TEST_SERVER") + strlen ("http://"));
  g_autofree char *cached = cached_debuginfo ();
  PmDumpWindow *window;
  PmDumpView *view;

  set_choice (PM_DEBUGINFOD_NEVER, g_getenv ("PM_TEST_SERVER"));
  window = open_window (1100);
  view = pm_dump_window_get_dump_view (window);
  g_assert_null (crash_function (view));
  pm_test_spin (50);
  g_assert_false (bar_shown (view));
  gtk_window_destroy (GTK_WINDOW (window));

  set_choice (PM_DEBUGINFOD_ASK, g_getenv ("PM_TEST_SERVER"));
  for (int width = 1100; width >= 360; width -= 740)
    {
      window = open_window (width);
      view = pm_dump_window_get_dump_view (window);
      g_assert_true (bar_shown (view));
      /* The server and the module, by name, before anything is sent. */
      g_assert_nonnull (strstr (bar_message (view), host));
      g_assert_nonnull (strstr (bar_message (view), "pm-demo-notes"));
      if (english)
        g_assert_nonnull (strstr (bar_message (view), "1 module in these backtraces has no symbols"));
      shoot (window, "ask", width);
      click (view, "debuginfod_not_now");
      g_assert_false (bar_shown (view));
      gtk_window_destroy (GTK_WINDOW (window));
    }
  g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
}

static gboolean
named (gpointer data)
{
  return g_strcmp0 (crash_function (data), "count_words") == 0;
}

/* Download: the frames get their names. */
static void
test_download (void)
{
  g_autofree char *cached = cached_debuginfo ();
  PmDumpWindow *window;
  PmDumpView *view;
  PmBacktrace *bt;
  const PmStackFrames *frames;

  set_choice (PM_DEBUGINFOD_ASK, g_getenv ("PM_TEST_SERVER"));
  window = open_window (1100);
  view = pm_dump_window_get_dump_view (window);
  g_assert_null (crash_function (view));
  click (view, "debuginfod_download");
  g_assert_true (pm_test_wait_for (named, view, 60000));
  bt = pm_dump_view_get_backtrace (view);
  frames = pm_backtrace_get_frames (bt, (gsize) pm_backtrace_get_crashing_index (bt), NULL);
  g_assert_cmpuint (frames->len, >=, 2);
  g_assert_cmpstr (frames->data[0].source_file, !=, NULL);
  g_assert_true (g_str_has_suffix (frames->data[0].source_file, "pm-demo-crasher.c"));
  g_assert_cmpstr (frames->data[1].function, ==, "main");
  g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
  g_assert_true (bar_shown (view));
  if (english)
    g_assert_cmpstr (bar_message (view), ==, "Downloaded the debug information of 1 module.");
  pm_dump_view_set_page (view, "threads");
  shoot (window, "done", 1100);
  click (view, "debuginfod_close");
  g_assert_false (bar_shown (view));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Opened again: the cached file names the frames, nothing is offered. */
  window = open_window (1100);
  view = pm_dump_window_get_dump_view (window);
  g_assert_cmpstr (crash_function (view), ==, "count_words");
  pm_test_spin (50);
  g_assert_false (bar_shown (view));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (g_unlink (cached), ==, 0);
}

/* Bytes arrived: the module's bar moved. */
static gboolean
progress_shown (gpointer data)
{
  GtkWidget *bar = pm_test_find_named (GTK_WIDGET (data), "debuginfod_progress");

  return bar != NULL && gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)) > 0;
}

static gboolean
cancelled (gpointer data)
{
  return !gtk_widget_get_visible (pm_test_find_named (GTK_WIDGET (data), "debuginfod_cancel"));
}

/* "always", from the slow server: progress, then Cancel. */
static void
test_cancel (void)
{
  g_autofree char *cached = cached_debuginfo ();

  for (int width = 1100; width >= 360; width -= 740)
    {
      PmDumpWindow *window;
      PmDumpView *view;

      set_choice (PM_DEBUGINFOD_ALWAYS, g_getenv ("PM_TEST_SLOW_SERVER"));
      window = open_window (width);
      view = pm_dump_window_get_dump_view (window);
      /* Nothing to press: the download runs, with its progress. */
      g_assert_true (bar_shown (view));
      g_assert_true (gtk_widget_get_visible (pm_test_find_named (GTK_WIDGET (view), "debuginfod_cancel")));
      g_assert_true (pm_test_wait_for (progress_shown, view, 30000));
      shoot (window, "progress", width);
      click (view, "debuginfod_cancel");
      g_assert_true (pm_test_wait_for (cancelled, view, 30000));
      if (english)
        g_assert_cmpstr (bar_message (view), ==, "Download cancelled.");
      g_assert_null (crash_function (view));
      g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("PM_BUILD_DIR"), "po", NULL);
  const char *language = g_getenv ("LANGUAGE");
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  lang = language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";
  english = g_str_equal (lang, "en");
  pm_test_ui_init (&argc, &argv);
  app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.TestDebuginfod",
                                              G_APPLICATION_NON_UNIQUE));
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/debuginfod/no-consent", test_no_consent);
  g_test_add_func ("/ui/debuginfod/download", test_download);
  g_test_add_func ("/ui/debuginfod/cancel", test_cancel);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
