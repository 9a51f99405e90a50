/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* history-bench.c — how fast the history of crashes and hangs opens over a store of
 * 10,000 reports (target: < 0.3 s from opening the view to its first frame with the chart
 * drawn), as ratios against anchors measured in the same run: the store loading every
 * report (pm_store_list_reports(), what the list does) and the time GTK needs to paint an
 * empty window.
 *
 * The reports: 40 applications, three versions each, one report in ten a hang, event times
 * spread over the last 35 days. The main window is open and has listed them; the time runs
 * from the "win.show-history" action to the first frame painted after the view has its
 * history. Measured twice: the first opening over a store without its summary index (every
 * Report.wer is read once, then the index is written), then the median of three openings
 * with the index.
 *
 * Runs in: a developer's shell under an X display, or
 *   xvfb-run -a meson test -C BUILD --benchmark --suite bench history
 *   history-bench [--quick]      (--quick: 2,000 reports)
 * Exits 77 without a display, 1 when the target is missed.
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pm-filetime.h"
#include "pm-history-view.h"
#include "pm-store-fs.h"
#include "pm-window.h"

#define TARGET_S 0.3

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
spin_until (gboolean (*cond) (gpointer), gpointer data, double timeout)
{
  double deadline = now_s () + timeout;

  while (!cond (data))
    {
      if (now_s () > deadline)
        g_error ("timed out");
      g_main_context_iteration (NULL, TRUE);
    }
}

/* --- Painted: the frame clock drew a frame after the condition held ------- */

typedef struct
{
  gboolean (*ready) (gpointer);
  gpointer   data;
  gboolean   ready_seen;
  gboolean   painted;
} PaintWait;

static void
after_paint_cb (GdkFrameClock *clock,
                PaintWait     *wait)
{
  if (g_getenv ("PM_BENCH_VERBOSE"))
    printf ("  after-paint at %.3f (ready seen %d)\n", now_s (), wait->ready_seen);
  if (wait->ready_seen)
    wait->painted = TRUE;
  else if (wait->ready (wait->data))
    wait->ready_seen = TRUE;   /* the next painted frame shows it */
}

static void
phase_cb (GdkFrameClock *clock,
          const char    *phase)
{
  struct timespec cpu;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu);
  printf ("    %s at %.3f (main thread CPU %.3f)\n", phase, now_s (), cpu.tv_sec + cpu.tv_nsec / 1e9);
}

static void
wait_painted (GtkWidget *window,
              gboolean (*ready) (gpointer),
              gpointer   data)
{
  PaintWait wait = { ready, data, FALSE, FALSE };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
  gulong ids[3] = { 0 };

  if (g_getenv ("PM_BENCH_VERBOSE"))
    {
      ids[0] = g_signal_connect (clock, "before-paint", G_CALLBACK (phase_cb), (gpointer) "before-paint");
      ids[1] = g_signal_connect (clock, "layout", G_CALLBACK (phase_cb), (gpointer) "layout");
      ids[2] = g_signal_connect (clock, "paint", G_CALLBACK (phase_cb), (gpointer) "paint");
    }

  while (!wait.painted)
    {
      gtk_widget_queue_draw (window);
      g_main_context_iteration (NULL, TRUE);
      if (!wait.ready_seen && ready (data))
        {
          wait.ready_seen = TRUE;
          if (g_getenv ("PM_BENCH_VERBOSE"))
            printf ("  ready at %.3f\n", now_s ());
        }
    }
  g_signal_handler_disconnect (clock, id);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    if (ids[i] != 0)
      g_signal_handler_disconnect (clock, ids[i]);
}

static gboolean
always (gpointer data)
{
  return TRUE;
}

/* --- The store ------------------------------------------------------------- */

static void
fill_store (const char *path,
            guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open (path, &error);
  gint64 now_us = g_get_real_time ();
  guchar dump[2048];
  double start = now_s ();

  g_assert_no_error (error);
  memset (dump, 0x5a, sizeof dump);
  /* Filling is not what is measured: no fsync for it. */
  pm_fs_set_sync (FALSE);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PmReportDraft) draft = pm_store_begin_report (store, &error);
      /* Oldest first, over 35 days; the version grows with time. */
      gint64 when = now_us - (gint64) (n - i) * (35 * G_GINT64_CONSTANT (86400000000)) / n;
      char app[32], version[16], offset[32], filetime[32];
      g_autofree char *key = NULL;
      int fd;

      g_assert_no_error (error);
      g_snprintf (app, sizeof app, "bench-app-%02u", i % 40);
      g_snprintf (version, sizeof version, "1.%u", i * 3 / n);
      g_snprintf (offset, sizeof offset, "0x%x", 0x1000 + (i % 400) * 16);
      g_snprintf (filetime, sizeof filetime, "%" G_GUINT64_FORMAT, pm_filetime_from_unix_us (when));
      pm_report_draft_set (draft, "EventType", i % 10 == 0 ? "AppHangB1" : "APPCRASH");
      pm_report_draft_set (draft, "EventTime", filetime);
      pm_report_draft_set (draft, "AppName", app);
      pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
      pm_report_draft_set (draft, "Sig[0].Value", app);
      pm_report_draft_set (draft, "Sig[1].Name", "Application Version");
      pm_report_draft_set (draft, "Sig[1].Value", version);
      pm_report_draft_set (draft, "Sig[3].Name", "Fault Module Name");
      pm_report_draft_set (draft, "Sig[3].Value", "libbench.so");
      pm_report_draft_set (draft, "Sig[7].Name", "Offset In Module");
      pm_report_draft_set (draft, "Sig[7].Value", offset);
      fd = pm_report_draft_create_file (draft, "minidump.mdmp", &error);
      g_assert_no_error (error);
      g_assert_cmpint (write (fd, dump, sizeof dump), ==, sizeof dump);
      close (fd);
      pm_report_draft_add_file (draft, "minidump.mdmp", "MiniDump", 0);
      key = pm_store_publish_report (store, draft, &error);
      g_assert_no_error (error);
    }
  pm_fs_set_sync (TRUE);
  printf ("store: filled with %u reports in %.1f s\n", n, now_s () - start);
}

static double
list_every_report (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open (path, &error);
  g_autoptr(GPtrArray) reports = NULL;
  double start = now_s ();

  reports = pm_store_list_reports (store, PM_REPORT_STATE_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, >, 0);
  return now_s () - start;
}

static double
bench_empty_window (void)
{
  GtkWidget *window = gtk_window_new ();
  double start = now_s (), t;

  gtk_window_present (GTK_WINDOW (window));
  spin_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, window, 30);
  wait_painted (window, always, NULL);
  t = now_s () - start;
  gtk_window_destroy (GTK_WINDOW (window));
  return t;
}

/* --- The history view ------------------------------------------------------- */

static gboolean
list_loaded (gpointer data)
{
  return !pm_report_list_get_loading (pm_window_get_report_list (data));
}

static gboolean
history_shown (gpointer data)
{
  return pm_history_chart_get_history (pm_history_view_get_chart (data)) != NULL;
}

static gboolean
history_complete (gpointer data)
{
  return !pm_history_view_get_loading (data);
}

static GtkWidget *
find_history_view (GtkWidget *widget)
{
  if (PM_IS_HISTORY_VIEW (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_history_view (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Opens the history in @window and returns the time to its first painted frame;
 * @complete (optional): until it was checked against every report folder and its
 * application rows were laid out. */
static double
open_history (PmWindow *window,
              guint     n_reports,
              double   *complete)
{
  double start = now_s (), t;
  GtkWidget *view;
  PmHistory *history;
  guint total = 0;

  if (g_getenv ("PM_BENCH_VERBOSE"))
    printf ("  open at %.3f\n", start);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  view = find_history_view (GTK_WIDGET (window));
  g_assert_nonnull (view);
  wait_painted (GTK_WIDGET (window), history_shown, view);
  t = now_s () - start;
  /* (The check and the application rows follow, after that frame.) */
  spin_until (history_complete, view, 60);
  wait_painted (GTK_WIDGET (window), always, NULL);
  if (complete != NULL)
    *complete = now_s () - start;
  if (g_getenv ("PM_BENCH_VERBOSE"))
    printf ("  opened in %.3f s\n", t);

  /* Every report is in the bins. */
  history = pm_history_chart_get_history (pm_history_view_get_chart (PM_HISTORY_VIEW (view)));
  for (guint d = 0; d < pm_history_get_n_days (history); d++)
    {
      guint crashes, hangs;
      pm_history_get_day_totals (history, d, &crashes, &hangs);
      total += crashes + hangs;
    }
  g_assert_cmpuint (total, ==, n_reports);

  /* Back to the list, painted, before the next opening is timed. */
  g_signal_emit_by_name (view, "closed");
  wait_painted (GTK_WIDGET (window), always, NULL);
  return t;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median3 (double a, double b, double c)
{
  double v[3] = { a, b, c };
  qsort (v, 3, sizeof v[0], compare_double);
  return v[1];
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = argc > 1 && g_str_equal (argv[1], "--quick");
  guint n_reports = quick ? 2000 : 10000;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *settings = NULL;
  g_autoptr(GtkApplication) app = NULL;
  g_autoptr(PmStore) store = NULL;
  PmWindow *window;
  double cold, warm, complete, listing, empty;
  int result = 0;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("SKIP: no display (run under xvfb-run)\n");
      return 77;
    }

  tmp = g_dir_make_tmp ("pm-history-bench-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (tmp, "store", NULL);
  settings = g_build_filename (tmp, "settings.ini", NULL);
  g_assert_true (g_file_set_contents (settings,
                                      "[Quota]\nMaxQueueCount=0\nMaxArchiveCount=0\nMaxBytes=0\n"
                                      "MinFreeBytes=0\nFloodWindowSeconds=0\n", -1, NULL));
  g_setenv ("PM_SETTINGS_FILE", settings, TRUE);

  gtk_init ();
  adw_init ();
  app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.HistoryBench", G_APPLICATION_NON_UNIQUE));
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  fill_store (store_path, n_reports);
  listing = median3 (list_every_report (store_path), list_every_report (store_path), list_every_report (store_path));
  empty = median3 (bench_empty_window (), bench_empty_window (), bench_empty_window ());

  store = pm_store_open (store_path, &error);
  g_assert_no_error (error);
  window = pm_window_new (app, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (list_loaded, window, 120);
  wait_painted (GTK_WIDGET (window), always, NULL);

  cold = open_history (window, n_reports, NULL);
  {
    double c[3], w[3];

    for (guint i = 0; i < 3; i++)
      w[i] = open_history (window, n_reports, &c[i]);
    warm = median3 (w[0], w[1], w[2]);
    complete = median3 (c[0], c[1], c[2]);
  }
  gtk_window_destroy (GTK_WINDOW (window));

  printf ("history, first opening (no summary index yet: every Report.wer read once): %.3f s\n", cold);
  printf ("history: %u reports binned and drawn in %.3f s (target < %.1f s) — "
          "%.2f× the store loading every report (%.3f s), %.1f× an empty GTK window (%.3f s)\n",
          n_reports, warm, TARGET_S, warm / listing, listing, warm / empty, empty);
  printf ("  then checked against every report folder, with the application rows: %.3f s\n", complete);
  if (warm >= TARGET_S)
    result = 1;

  if (g_getenv ("PM_BENCH_KEEP") != NULL)
    printf ("kept %s\n", tmp);
  else
    {
      const char *rm[] = { "rm", "-rf", tmp, NULL };
      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  return result;
}
