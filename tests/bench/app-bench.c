/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* app-bench.c — how fast the application is (the targets below), as ratios
 * against anchors measured in the same run on the same machine:
 *
 *   the main window shown with its first rows, over a store of 10,000 reports
 *   (target: < 0.5 s), against the floor of reading every Report.wer with plain
 *   open/read and the time GTK needs to show an empty window;
 *
 *   a 1 GiB heap dump opened in a dump window, overview built and painted
 *   (target: < 1 s), against LLDB loading the same file (`lldb --batch -c`)
 *   and the reader alone (pm_minidump_open).
 *
 * Runs in: a developer's shell under an X display, or
 *   xvfb-run -a meson test -C BUILD --benchmark --suite bench app
 *   app-bench [--quick] [--window-only]
 *     (--quick: 2,000 reports and a 256 MiB dump; --window-only: no heap dump)
 * The heap dump is written by the build tree's postmortem-dumper from a live
 * child process with 1 GiB of touched memory. Temporary files (about 1.1 GB)
 * are removed at the end. Exits 77 without a display or a dumper.
 */
#include "pm-config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pm-dump-window.h"
#include "pm-report-row.h"
#include "pm-store-fs.h"
#include "pm-window.h"

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
  if (wait->ready_seen)
    wait->painted = TRUE;
  else if (wait->ready (wait->data))
    wait->ready_seen = TRUE;   /* the next painted frame shows it */
}

/* Runs until @ready holds and one more frame of @window was painted. */
static void
wait_painted (GtkWidget *window,
              gboolean (*ready) (gpointer),
              gpointer   data)
{
  PaintWait wait = { ready, data, FALSE, FALSE };
  GdkFrameClock *clock;
  gulong id;

  spin_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, window, 30);
  clock = gtk_widget_get_frame_clock (window);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
  while (!wait.painted)
    {
      gtk_widget_queue_draw (window);
      g_main_context_iteration (NULL, TRUE);
      if (!wait.ready_seen && ready (data))
        wait.ready_seen = TRUE;
    }
  g_signal_handler_disconnect (clock, id);
}

/* --- The 10,000-report store ------------------------------------------------ */

static void
fill_store (const char *path,
            guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open (path, &error);
  guchar dump[2048];
  double start = now_s ();

  g_assert_no_error (error);
  memset (dump, 0x5a, sizeof dump);
  /* Filling is not what is measured: no fsync for it. */
  pm_fs_set_sync (FALSE);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PmReportDraft) draft = pm_store_begin_report (store, &error);
      char app[32], offset[32], value[32];
      g_autofree char *key = NULL;
      int fd;

      g_assert_no_error (error);
      /* 250 applications, 2,500 problems: buckets of about four reports. */
      g_snprintf (app, sizeof app, "bench-app-%03u", i % 250);
      g_snprintf (offset, sizeof offset, "0x%x", 0x1000 + (i % 2500) * 16);
      pm_report_draft_set (draft, "EventType", "APPCRASH");
      pm_report_draft_set (draft, "AppName", app);
      pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
      pm_report_draft_set (draft, "Sig[0].Value", app);
      pm_report_draft_set (draft, "Sig[3].Name", "Fault Module Name");
      pm_report_draft_set (draft, "Sig[3].Value", "libbench.so");
      pm_report_draft_set (draft, "Sig[6].Name", "Signal");
      pm_report_draft_set (draft, "Sig[6].Value", i % 3 ? "SIGSEGV" : "SIGABRT");
      pm_report_draft_set (draft, "Sig[7].Name", "Offset In Module");
      pm_report_draft_set (draft, "Sig[7].Value", offset);
      g_snprintf (value, sizeof value, "%u", i);
      pm_report_draft_set (draft, "Metadata[0].Key", "Sequence");
      pm_report_draft_set (draft, "Metadata[0].Value", value);
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

/* The floor: open and read every Report.wer, nothing else. */
static double
read_every_report (const char *path)
{
  g_autofree char *queue = g_build_filename (path, "queue", NULL);
  g_autoptr(GDir) dir = g_dir_open (queue, 0, NULL);
  const char *name;
  double start = now_s ();
  char buf[8192];
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (queue, name, "Report.wer", NULL);
      int fd = open (file, O_RDONLY | O_CLOEXEC);
      if (fd >= 0)
        {
          while (read (fd, buf, sizeof buf) > 0)
            ;
          close (fd);
          n++;
        }
    }
  g_assert_cmpuint (n, >, 0);
  return now_s () - start;
}

/* The store's own share: loading every report (what the window's worker does). */
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

/* The dump view's own share: set the dump on a view that is not shown. */
static double
set_dump_unshown (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmDump) dump = NULL;
  GtkWidget *view = g_object_ref_sink (pm_dump_view_new ());
  double start = now_s (), t;

  dump = pm_dump_new_for_path (path, &error);
  g_assert_no_error (error);
  pm_dump_view_set_dump (PM_DUMP_VIEW (view), dump);
  t = now_s () - start;
  g_object_unref (view);
  return t;
}

static gboolean
first_rows_shown (gpointer data)
{
  PmWindow *window = data;
  GListModel *model = G_LIST_MODEL (pm_window_get_selection (window));

  /* Rows exist and the first one is bound to its bucket. */
  if (g_list_model_get_n_items (model) == 0)
    return FALSE;
  for (GtkWidget *w = GTK_WIDGET (window); w != NULL; )
    {
      if (PM_IS_REPORT_ROW (w) && pm_report_row_get_group (PM_REPORT_ROW (w)) != NULL)
        return TRUE;
      /* depth-first walk */
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = w == GTK_WIDGET (window) ? NULL : gtk_widget_get_parent (w);
          if (w == GTK_WIDGET (window) || w == NULL)
            return FALSE;
          w = gtk_widget_get_next_sibling (w);
        }
    }
  return FALSE;
}

static gboolean
always (gpointer data)
{
  return TRUE;
}

static gboolean
list_loaded (gpointer data)
{
  return !pm_report_list_get_loading (pm_window_get_report_list (data));
}

static void
first_items_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                double     *when)
{
  if (*when == 0 && g_list_model_get_n_items (model) > 0)
    *when = now_s ();
}

static double
bench_window (GtkApplication *app,
              const char     *store_path,
              guint           n_reports)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  PmWindow *window;
  double start, shown, created, mapped, first_items = 0;

  start = now_s ();
  store = pm_store_open (store_path, &error);
  g_assert_no_error (error);
  window = pm_window_new (app, store, NULL);
  g_signal_connect (pm_window_get_report_list (window), "items-changed", G_CALLBACK (first_items_cb), &first_items);
  created = now_s ();
  gtk_window_present (GTK_WINDOW (window));
  spin_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, window, 30);
  mapped = now_s ();
  wait_painted (GTK_WIDGET (window), first_rows_shown, window);
  shown = now_s () - start;
  printf ("  (window built in %.3f s, mapped after %.3f s, first buckets in the model after %.3f s, "
          "first rows painted after %.3f s)\n",
          created - start, mapped - start, first_items > 0 ? first_items - start : -1.0, shown);

  /* Then every bucket, once the whole store is read. */
  spin_until (list_loaded, window, 120);
  printf ("  (all %u reports listed after %.3f s)\n", n_reports, now_s () - start);
  {
    guint n_buckets = g_list_model_get_n_items (G_LIST_MODEL (pm_window_get_selection (window)));
    g_assert_cmpuint (n_buckets, >, 0);
    g_assert_cmpuint (n_buckets, <=, n_reports);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  return shown;
}

static double
bench_empty_window (void)
{
  GtkWidget *window = gtk_window_new ();
  double start = now_s (), t;

  gtk_window_present (GTK_WINDOW (window));
  wait_painted (window, always, NULL);
  t = now_s () - start;
  gtk_window_destroy (GTK_WINDOW (window));
  return t;
}

/* --- The 1 GiB heap dump ----------------------------------------------------- */

static gboolean
write_heap_dump (const char *path,
                 gsize       size)
{
  const char *dumper = g_getenv ("PM_DUMPER_PATH");
  int ready[2];
  pid_t child;
  char byte;
  g_autofree char *pid = NULL;
  const char *argv[] = { dumper, "--pid", NULL, "--type", "heap", "--output", path, NULL };
  int status = 0;
  double start;

  if (dumper == NULL || !g_file_test (dumper, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  g_assert_cmpint (pipe (ready), ==, 0);
  child = fork ();
  if (child == 0)
    {
      unsigned char *memory = g_malloc (size);
      for (gsize i = 0; i < size; i += 4096)
        memory[i] = (unsigned char) (i >> 12);
      (void) !write (ready[1], "x", 1);
      for (;;)
        pause ();
    }
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  close (ready[0]);
  close (ready[1]);

  start = now_s ();
  pid = g_strdup_printf ("%d", child);
  argv[2] = pid;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  {
    GStatBuf st;
    /* Let the writeback finish now: it is setup, not what is measured. */
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (fsync (fd), ==, 0);
    close (fd);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    printf ("heap dump: %.0f MiB written by postmortem-dumper in %.1f s\n",
            st.st_size / 1048576.0, now_s () - start);
  }
  return TRUE;
}

static gboolean
dump_window_ready (gpointer data)
{
  return g_strcmp0 (pm_dump_window_get_state (data), "loading") != 0;
}

static double
bench_dump_window (GtkApplication *app,
                   const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  double start = now_s (), t;
  PmDumpWindow *window = pm_dump_window_new (app, file);

  gtk_window_present (GTK_WINDOW (window));
  if (g_getenv ("PM_BENCH_VERBOSE"))
    {
      spin_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, window, 30);
      g_printerr ("  mapped after %.3f s\n", now_s () - start);
      spin_until (dump_window_ready, window, 30);
      g_printerr ("  loaded after %.3f s\n", now_s () - start);
    }
  wait_painted (GTK_WIDGET (window), dump_window_ready, window);
  t = now_s () - start;
  g_assert_cmpstr (pm_dump_window_get_state (window), ==, "dump");
  /* Scrolling through the Memory page must stay lazy: show it too. */
  pm_dump_view_set_page (pm_dump_window_get_dump_view (window), "memory");
  wait_painted (GTK_WIDGET (window), always, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  return t;
}

static double
bench_reader (const char *path)
{
  double start = now_s ();
  PmMdError error;
  PmMinidump *md = pm_minidump_open (path, &error);

  g_assert_nonnull (md);
  pm_minidump_close (md);
  return now_s () - start;
}

static double
bench_lldb (const char *path)
{
  const char *argv[] = { "lldb", "--batch", "-c", path, "-o", "thread list", NULL };
  g_autofree char *out = NULL;
  double start;
  int status;

  if (g_find_program_in_path ("lldb") == NULL)
    return -1;
  start = now_s ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return -1;
  return now_s () - start;
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
  gboolean quick = FALSE, window_only = FALSE;
  guint n_reports;
  gsize dump_size;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *dump_path = NULL;
  g_autoptr(GtkApplication) app = NULL;
  double floor_read, empty, window_t, dump_t, reader_t, lldb_t;
  int result = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        quick = TRUE;
      else if (g_str_equal (argv[i], "--window-only"))
        window_only = TRUE;
      else
        {
          fprintf (stderr, "usage: app-bench [--quick] [--window-only]\n");
          return 2;
        }
    }
  n_reports = quick ? 2000 : 10000;
  dump_size = (quick ? 256u : 1024u) << 20;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("SKIP: no display (run under xvfb-run)\n");
      return 77;
    }

  tmp = g_dir_make_tmp ("pm-app-bench-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (tmp, "store", NULL);
  settings = g_build_filename (tmp, "settings.ini", NULL);
  dump_path = g_build_filename (tmp, "heap.dmp", NULL);
  g_assert_true (g_file_set_contents (settings,
                                      "[Quota]\nMaxQueueCount=0\nMaxArchiveCount=0\nMaxBytes=0\n"
                                      "MinFreeBytes=0\nFloodWindowSeconds=0\n", -1, NULL));
  g_setenv ("PM_SETTINGS_FILE", settings, TRUE);

  gtk_init ();
  adw_init ();
  app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.Bench", G_APPLICATION_NON_UNIQUE));
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* 1. A heap dump (first: nothing else has run in this process yet). */
  if (window_only)
    ;
  else if (!write_heap_dump (dump_path, dump_size))
    printf ("SKIP heap dump: postmortem-dumper not found (PM_DUMPER_PATH)\n");
  else
    {
      reader_t = median3 (bench_reader (dump_path), bench_reader (dump_path), bench_reader (dump_path));
      dump_t = median3 (bench_dump_window (app, dump_path),
                        bench_dump_window (app, dump_path),
                        bench_dump_window (app, dump_path));
      printf ("  of which setting the dump on an unshown view takes %.3f s\n",
              median3 (set_dump_unshown (dump_path), set_dump_unshown (dump_path), set_dump_unshown (dump_path)));
      lldb_t = bench_lldb (dump_path);
      printf ("dump window: %.0f MiB heap dump opened and painted in %.3f s (target < 1 s) — "
              "%.1f× the reader alone (%.4f s)",
              dump_size / 1048576.0, dump_t, dump_t / reader_t, reader_t);
      if (lldb_t > 0)
        printf (", %.2f× LLDB loading it (%.3f s)\n", dump_t / lldb_t, lldb_t);
      else
        printf (", LLDB not available\n");
      if (dump_t >= 1.0)
        result = 1;
    }

  /* 2. The window over a big store (PM_BENCH_STORE: one kept by PM_BENCH_KEEP, to
   * measure again without filling it again). */
  if (g_getenv ("PM_BENCH_STORE") != NULL)
    {
      g_free (store_path);
      store_path = g_strdup (g_getenv ("PM_BENCH_STORE"));
      printf ("store: %s\n", store_path);
    }
  else
    fill_store (store_path, n_reports);
  floor_read = median3 (read_every_report (store_path), read_every_report (store_path), read_every_report (store_path));
  empty = median3 (bench_empty_window (), bench_empty_window (), bench_empty_window ());
  window_t = median3 (bench_window (app, store_path, n_reports),
                      bench_window (app, store_path, n_reports),
                      bench_window (app, store_path, n_reports));
  {
    double listing = median3 (list_every_report (store_path), list_every_report (store_path), list_every_report (store_path));
    printf ("  of which the store lists every report in %.3f s\n", listing);
  }
  printf ("window: first rows of %u reports painted in %.3f s (target < 0.5 s) — "
          "%.1f× reading every Report.wer (%.3f s), %.1f× an empty GTK window (%.3f s)\n",
          n_reports, window_t, window_t / floor_read, floor_read, window_t / empty, empty);
  if (window_t >= 0.5)
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
