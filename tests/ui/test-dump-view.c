/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-dump-view.c — the dump view and the dump window over every file of the
 * corpus of third-party minidumps, and over files that are not minidumps.
 *
 * Runs in: a test program under Xvfb, suite "ui". Needs ../shared/corpus
 * (PM_CORPUS_DIR); the corpus part is skipped with a message without it.
 *
 * Every real and synthetic file must open with the thread and module counts
 * MANIFEST.tsv gives; every malformed or non-minidump file must either open
 * (partially) or give an error page that names the problem — never crash.
 * Every page is exercised: every list's rows are read, every stream and
 * thread selected, the crash address looked up in memory.
 */
#include "pm-config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pm-dump-view.h"
#include "pm-dump-window.h"
#include "pm-test-ui.h"

static const char *test_dir;

/* Reads every cell of the first @max rows of @list. */
static guint
read_list (PmDumpView *view,
           const char *list,
           guint       max)
{
  guint rows = 0;

  for (guint row = 0; row < max; row++)
    {
      g_autofree char *first = pm_dump_view_dup_cell_text (view, list, 0, row);

      if (first == NULL)
        break;
      for (guint col = 1; ; col++)
        {
          g_autofree char *text = pm_dump_view_dup_cell_text (view, list, col, row);
          if (text == NULL)
            break;
          g_assert_true (g_utf8_validate (text, -1, NULL));
        }
      rows++;
    }
  return rows;
}

static void
exercise_view (PmDumpView *view,
               PmDump     *dump)
{
  PmMinidump *md = pm_dump_get_reader (dump);
  PmMdCrashReason reason;
  gsize n;

  g_assert_cmpuint (read_list (view, "threads", 500), ==, MIN (pm_minidump_get_n_threads (md), 500));
  g_assert_cmpuint (read_list (view, "modules", 500), ==, MIN (pm_minidump_get_n_modules (md), 500));
  g_assert_cmpuint (read_list (view, "memory", 500), ==, MIN (pm_minidump_get_n_memory_ranges (md), 500));
  g_assert_cmpuint (read_list (view, "regions", 500), ==, MIN (pm_minidump_get_n_memory_infos (md), 500));
  g_assert_cmpuint (read_list (view, "streams", 500), ==, MIN (pm_minidump_get_n_streams (md), 500));

  n = MIN (pm_minidump_get_n_streams (md), 64);
  for (gsize i = 0; i < n; i++)
    pm_dump_view_select_stream (view, (guint) i);
  n = MIN (pm_minidump_get_n_threads (md), 64);
  for (gsize i = 0; i < n; i++)
    pm_dump_view_select_thread (view, (guint) i);

  /* The crashing thread comes first, and its row shows where it faulted: the exception's
   * context. Its id is in decimal and hex. */
  {
    PmMdExceptionStream ex;
    PmMdContext ctx;
    PmMdThreadRecord thread;

    n = MIN (pm_minidump_get_n_threads (md), 500);
    if (pm_minidump_get_exception (md, &ex) == PM_MD_OK &&
        pm_minidump_read_context (md, ex.thread_context, &ctx) == PM_MD_OK)
      for (gsize i = 0; i < n; i++)
        if (pm_minidump_get_thread (md, i, &thread) == PM_MD_OK && thread.thread_id == ex.thread_id)
          {
            g_autofree char *want = pm_dump_describe_address (dump, ctx.pc);
            g_autofree char *want_id = g_strdup_printf ("%u (0x%x)", ex.thread_id, ex.thread_id);
            g_autofree char *cell = pm_dump_view_dup_cell_text (view, "threads", 2, 0);
            g_autofree char *id = pm_dump_view_dup_cell_text (view, "threads", 0, 0);
            g_assert_cmpstr (cell, ==, want);
            g_assert_cmpstr (id, ==, want_id);
            break;
          }
  }

  if (pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK)
    pm_dump_view_jump_to_address (view, reason.address);
  for (const char *const *page = (const char *const[]) { "overview", "threads", "modules", "memory", "streams", NULL };
       *page != NULL; page++)
    {
      pm_dump_view_set_page (view, *page);
      pm_test_spin (10);
    }
}

static char **
split_row (const char *line)
{
  return g_strsplit (line, "\t", -1);
}

static void
test_dump_view_corpus (void)
{
  const char *corpus = g_getenv ("PM_CORPUS_DIR");
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  int col_file = -1, col_category = -1, col_threads = -1, col_modules = -1;
  GtkWidget *window;
  PmDumpView *view;
  gpointer weak_view;
  guint n_opened = 0, n_refused = 0, n_checked = 0;

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the minidump corpus (PM_CORPUS_DIR, ../shared/corpus) is absent");
      return;
    }
  manifest_path = g_build_filename (corpus, "MANIFEST.tsv", NULL);
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, NULL));
  lines = g_strsplit (manifest, "\n", -1);
  header = split_row (lines[0]);
  for (int i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], "filename")) col_file = i;
      else if (g_str_equal (header[i], "category")) col_category = i;
      else if (g_str_equal (header[i], "threads")) col_threads = i;
      else if (g_str_equal (header[i], "modules")) col_modules = i;
    }
  g_assert_cmpint (col_file, >=, 0);
  g_assert_cmpint (col_category, >=, 0);

  window = adw_window_new ();
  view = PM_DUMP_VIEW (pm_dump_view_new ());
  weak_view = view;
  g_object_add_weak_pointer (G_OBJECT (view), &weak_view);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));

  for (guint l = 1; lines[l] != NULL; l++)
    {
      g_auto(GStrv) row = split_row (lines[l]);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PmDump) dump = NULL;
      gboolean must_open;
      const char *category;
      guint n_cols = g_strv_length (row);

      if (n_cols <= (guint) MAX (col_file, col_category))
        continue;
      path = g_build_filename (corpus, row[col_file], NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      category = row[col_category];
      must_open = g_str_has_prefix (category, "real-") || g_str_equal (category, "synthetic");

      dump = pm_dump_new_for_path (path, &error);
      if (dump == NULL)
        {
          g_test_message ("%s (%s): refused: %s", row[col_file], category, error->message);
          if (must_open)
            g_error ("%s (%s) must open, but: %s", row[col_file], category, error->message);
          /* The message names the file and says what is wrong. */
          {
            g_autofree char *base = g_path_get_basename (row[col_file]);
            g_assert_nonnull (strstr (error->message, base));
          }
          n_refused++;
          continue;
        }

      n_opened++;
      if (must_open && col_threads >= 0 && (guint) col_threads < n_cols && g_ascii_isdigit (row[col_threads][0]))
        {
          g_assert_cmpuint (pm_minidump_get_n_threads (pm_dump_get_reader (dump)), ==,
                            g_ascii_strtoull (row[col_threads], NULL, 10));
          n_checked++;
        }
      if (must_open && col_modules >= 0 && (guint) col_modules < n_cols && g_ascii_isdigit (row[col_modules][0]))
        g_assert_cmpuint (pm_minidump_get_n_modules (pm_dump_get_reader (dump)), ==,
                          g_ascii_strtoull (row[col_modules], NULL, 10));

      pm_dump_view_set_dump (view, dump);
      exercise_view (view, dump);

      /* Pictures of a few kinds of dump. */
      if (g_str_equal (row[col_file], "breakpad__linux_raise_sigabrt.dmp"))
        {
          pm_dump_view_set_page (view, "overview");
          pm_test_save_png (window, "dump-view-overview");
          pm_dump_view_set_page (view, "threads");
          pm_dump_view_select_thread (view, 0);
          pm_test_save_png (window, "dump-view-threads");
          pm_dump_view_set_page (view, "modules");
          pm_test_save_png (window, "dump-view-modules");
          pm_dump_view_select_stream (view, 0);
          pm_dump_view_set_page (view, "memory");
          pm_test_save_png (window, "dump-view-memory");
        }
      if (g_str_equal (row[col_file], "breakpad__minidump_crashpad_annotation.dmp"))
        {
          PmMinidump *md = pm_dump_get_reader (dump);
          for (gsize s = 0; s < pm_minidump_get_n_streams (md); s++)
            {
              PmMdStreamInfo info;
              if (pm_minidump_get_stream_info (md, s, &info) == PM_MD_OK && info.type == PM_MD_STREAM_CRASHPAD_INFO)
                pm_dump_view_select_stream (view, (guint) s);
            }
          pm_dump_view_set_page (view, "streams");
          pm_test_save_png (window, "dump-view-streams-annotations");
        }
      if (g_str_equal (row[col_file], "lldb__linux-x86_64.dmp"))
        {
          PmMinidump *md = pm_dump_get_reader (dump);
          for (gsize s = 0; s < pm_minidump_get_n_streams (md); s++)
            {
              PmMdStreamInfo info;
              if (pm_minidump_get_stream_info (md, s, &info) == PM_MD_OK && info.type == PM_MD_STREAM_LINUX_MAPS)
                pm_dump_view_select_stream (view, (guint) s);
            }
          pm_dump_view_set_page (view, "streams");
          pm_test_save_png (window, "dump-view-streams-text");
        }
    }

  g_test_message ("%u files opened, %u refused, %u thread counts checked", n_opened, n_refused, n_checked);
  g_assert_cmpuint (n_opened, >=, 30);
  g_assert_cmpuint (n_checked, >=, 20);

  /* The view lets go of the last dump with the window. */
  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_spin (50);
  g_assert_null (weak_view);
}

/* The first widget under @widget whose type is @type and, for a label, whose text is
 * @text, or for a preferences row, whose title is @text. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
        return widget;
      if (ADW_IS_PREFERENCES_ROW (widget) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The value shown next to the register label @name in the Threads page's grid. */
static const char *
register_value (PmDumpView *view,
                const char *name)
{
  GtkWidget *label = find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, name);
  GtkWidget *grid = label != NULL ? gtk_widget_get_parent (label) : NULL;
  int column, row;
  GtkWidget *value;

  if (grid == NULL || !GTK_IS_GRID (grid))
    return NULL;
  gtk_grid_query_child (GTK_GRID (grid), label, &column, &row, NULL, NULL);
  value = gtk_grid_get_child_at (GTK_GRID (grid), column + 1, row);
  return value != NULL && GTK_IS_LABEL (value) ? gtk_label_get_text (GTK_LABEL (value)) : NULL;
}

/* Breakpad's minidump2 (Windows x86): the exception's context has eip 0x40429e in
 * test_app.exe; the thread list's context of the same thread is inside ntdll. The view
 * shows the exception's, as WinDbg's .ecxr and minidump_stackwalk do. */
static void
test_dump_view_exception_context (void)
{
  const char *corpus = g_getenv ("PM_CORPUS_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmDump) dump = NULL;
  g_autofree char *pc = NULL, *sp = NULL, *other = NULL;
  GtkWidget *window, *view, *row;
  PmMdThreadRecord thread;
  PmMdContext list_ctx;

  path = corpus != NULL ? g_build_filename (corpus, "breakpad__minidump2.dmp", NULL) : NULL;
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("breakpad__minidump2.dmp of the minidump corpus (PM_CORPUS_DIR) is absent");
      return;
    }
  dump = pm_dump_new_for_path (path, &error);
  g_assert_no_error (error);

  /* What the file holds: the thread list disagrees with the exception for thread 3060. */
  g_assert_cmpint (pm_minidump_get_thread (pm_dump_get_reader (dump), 0, &thread), ==, PM_MD_OK);
  g_assert_cmpuint (thread.thread_id, ==, 3060);
  g_assert_cmpint (pm_minidump_read_context (pm_dump_get_reader (dump), thread.context, &list_ctx), ==, PM_MD_OK);
  g_assert_cmphex (list_ctx.pc, ==, 0x7c90eb94);

  window = adw_window_new ();
  view = pm_dump_view_new ();
  adw_window_set_content (ADW_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  pm_dump_view_set_dump (PM_DUMP_VIEW (view), dump);
  pm_test_spin (20);

  pc = pm_dump_view_dup_cell_text (PM_DUMP_VIEW (view), "threads", 2, 0);
  sp = pm_dump_view_dup_cell_text (PM_DUMP_VIEW (view), "threads", 3, 0);
  other = pm_dump_view_dup_cell_text (PM_DUMP_VIEW (view), "threads", 2, 1);
  g_assert_true (g_str_has_suffix (pc, "test_app.exe+0x429e"));
  g_assert_nonnull (strstr (sp, "12fe84"));
  g_assert_true (g_str_has_suffix (other, "ntdll.dll+0xeb94"));   /* thread 4544: its own context */

  /* The Overview's button selects the crashing thread: the registers are the exception's. */
  pm_dump_view_set_page (PM_DUMP_VIEW (view), "overview");
  pm_test_spin (10);
  row = find_widget (view, ADW_TYPE_ACTION_ROW, "Show Crashing Thread’s Registers and Stack");
  g_assert_nonnull (row);
  adw_action_row_activate (ADW_ACTION_ROW (row));
  pm_test_spin (10);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (pm_dump_view_get_stack (PM_DUMP_VIEW (view))), ==, "threads");
  g_assert_cmpstr (register_value (PM_DUMP_VIEW (view), "eip"), ==, "0x0040429e");
  g_assert_cmpstr (register_value (PM_DUMP_VIEW (view), "esp"), ==, "0x0012fe84");
  pm_test_save_png (window, "dump-view-exception-context");

  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_spin (20);
}

static gboolean
window_settled (gpointer data)
{
  return g_strcmp0 (pm_dump_window_get_state (data), "loading") != 0;
}

static PmDumpWindow *
open_window (GtkApplication *app,
             const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PmDumpWindow *window = pm_dump_window_new (app, file);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pm_test_wait_for (window_settled, window, 10000));
  return window;
}

static void
test_dump_window_errors (void)
{
  g_autoptr(GtkApplication) app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.TestDump",
                                                                        G_APPLICATION_NON_UNIQUE));
  g_autofree char *text_path = g_build_filename (test_dir, "notes.dmp", NULL);
  g_autofree char *short_path = g_build_filename (test_dir, "short.dmp", NULL);
  g_autofree char *missing_path = g_build_filename (test_dir, "missing.dmp", NULL);
  g_autoptr(GError) error = NULL;
  PmDumpWindow *window;
  gpointer weak;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (text_path, "these are not the bytes you are looking for\n", -1, NULL));
  /* A minidump header cut off after 12 bytes. */
  g_assert_true (g_file_set_contents (short_path, "MDMP\x93\xa7\x00\x00\x05\x00\x00\x00", 12, NULL));

  window = open_window (app, text_path);
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_assert_cmpstr (pm_dump_window_get_state (window), ==, "error");
  g_assert_nonnull (strstr (pm_dump_window_get_error_text (window), "notes.dmp"));
  g_assert_nonnull (strstr (pm_dump_window_get_error_text (window), "not a minidump"));
  pm_test_save_png (GTK_WIDGET (window), "dump-window-not-a-minidump");
  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_spin (50);
  g_assert_null (weak);

  window = open_window (app, short_path);
  g_assert_cmpstr (pm_dump_window_get_state (window), ==, "error");
  g_assert_nonnull (strstr (pm_dump_window_get_error_text (window), "short.dmp"));
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_window (app, missing_path);
  g_assert_cmpstr (pm_dump_window_get_state (window), ==, "error");
  g_assert_nonnull (strstr (pm_dump_window_get_error_text (window), "missing.dmp"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A directory is not a file. */
  window = open_window (app, test_dir);
  g_assert_cmpstr (pm_dump_window_get_state (window), ==, "error");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_dump_window_live (void)
{
  g_autoptr(GtkApplication) app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.TestLive",
                                                                        G_APPLICATION_NON_UNIQUE));
  g_autofree char *path = g_build_filename (test_dir, "heap.dmp", NULL);
  g_autoptr(GError) error = NULL;
  PmDumpWindow *window;
  PmDumpView *view;
  PmMinidump *md;

  if (!pm_test_write_live_dump (path, "heap"))
    {
      g_test_skip ("postmortem-dumper not built (PM_DUMPER_PATH)");
      return;
    }
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = open_window (app, path);
  g_assert_cmpstr (pm_dump_window_get_state (window), ==, "dump");
  view = pm_dump_window_get_dump_view (window);
  md = pm_dump_get_reader (pm_dump_view_get_dump (view));
  g_assert_cmpuint (pm_minidump_get_n_threads (md), >=, 1);
  g_assert_cmpuint (pm_minidump_get_n_memory_ranges (md), >=, 1);
  exercise_view (view, pm_dump_view_get_dump (view));

  /* Jump to the start of the first captured range: the hex rows show it. */
  {
    PmMdMemoryRange range;
    g_assert_cmpint (pm_minidump_get_memory_range (md, 0, &range), ==, PM_MD_OK);
    g_assert_true (pm_dump_view_jump_to_address (view, range.start + 17));
    g_assert_false (pm_dump_view_jump_to_address (view, 8));
  }
  pm_dump_view_set_page (view, "memory");
  pm_test_save_png (GTK_WIDGET (window), "dump-window-heap-memory");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_in_error (gpointer data)
{
  return g_strcmp0 (pm_dump_window_get_state (data), "error") == 0;
}

/* The dump a window shows is truncated behind its back, then every page is clicked
 * through: the reader's mapping faults (SIGBUS), which must neither kill the application
 * nor show zeros as the dump; the window says the file changed. */
static void
test_dump_window_file_shrinks (void)
{
  g_autoptr(GtkApplication) app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.TestShrink",
                                                                        G_APPLICATION_NON_UNIQUE));
  g_autofree char *path = g_build_filename (test_dir, "shrinking.dmp", NULL);
  g_autoptr(GError) error = NULL;
  PmDumpWindow *window;
  PmDumpView *view;
  PmMinidump *md;
  guint64 first_range = 0;

  if (!pm_test_write_live_dump (path, "heap"))
    {
      g_test_skip ("postmortem-dumper not built (PM_DUMPER_PATH)");
      return;
    }
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = open_window (app, path);
  g_assert_cmpstr (pm_dump_window_get_state (window), ==, "dump");
  view = pm_dump_window_get_dump_view (window);
  md = pm_dump_get_reader (pm_dump_view_get_dump (view));
  {
    PmMdMemoryRange range;
    if (pm_minidump_get_memory_range (md, 0, &range) == PM_MD_OK)
      first_range = range.start;
  }
  pm_dump_view_set_page (view, "overview");
  pm_test_spin (20);
  g_assert_false (pm_minidump_is_damaged (md));

  g_assert_cmpint (truncate (path, 0), ==, 0);

  for (const char *const *page = (const char *const[]) { "threads", "modules", "memory", "streams", "overview", NULL };
       *page != NULL; page++)
    {
      pm_dump_view_set_page (view, *page);
      pm_test_spin (10);
    }
  for (guint i = 0; i < MIN (pm_minidump_get_n_streams (md), 32); i++)
    pm_dump_view_select_stream (view, i);
  pm_dump_view_select_thread (view, 0);
  read_list (view, "threads", 50);
  read_list (view, "modules", 50);
  read_list (view, "memory", 50);
  read_list (view, "streams", 50);
  if (first_range != 0)
    pm_dump_view_jump_to_address (view, first_range + 16);

  g_assert_true (pm_minidump_is_damaged (md));
  g_assert_true (pm_test_wait_for (window_in_error, window, 10000));
  g_test_message ("%s", pm_dump_window_get_error_text (window));
  g_assert_nonnull (strstr (pm_dump_window_get_error_text (window), "shrinking.dmp"));
  g_assert_nonnull (strstr (pm_dump_window_get_error_text (window), "changed while it was being read"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  pm_test_save_png (GTK_WIDGET (window), "dump-window-file-changed");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  test_dir = pm_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/dump-view/corpus", test_dump_view_corpus);
  g_test_add_func ("/ui/dump-view/exception-context", test_dump_view_exception_context);
  g_test_add_func ("/ui/dump-window/errors", test_dump_window_errors);
  g_test_add_func ("/ui/dump-window/live-heap", test_dump_window_live);
  g_test_add_func ("/ui/dump-window/file-shrinks", test_dump_window_file_shrinks);

  return g_test_run ();
}
