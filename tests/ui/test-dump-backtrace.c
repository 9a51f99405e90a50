/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-dump-backtrace.c — the dump window's backtraces against postmortemctl,
 * and its pages rendered to look at.
 *
 * A demo program (data/demo/pm-demo-notes) crashes for real in count_words,
 * called from main; its crash handler and the build tree's dumper write the
 * minidump into the test's store. The dump window then must show, once its
 * worker has walked the stacks: the crashing thread first; for every thread
 * the frames `postmortemctl info --json` gives (pc, sp, how found, module and
 * offset, function and offset, file and line); Copy Backtrace's text equal to
 * the backtrace `postmortemctl info` prints; the Overview's "in count_words,
 * pm-demo-crasher.c line N, called from main"; selecting a caller frame shows
 * its stack from its SP, marked. With the corpus (PM_CORPUS_DIR): the decoded
 * SystemInfo and Exception fields of Breakpad's minidump2 (Windows x86:
 * walked from the exception's eip, its access violation in plain
 * words), and the error page of a text file without the dump's tabs.
 *
 * Screenshots (dump-SCREEN-WIDTH-LANG.png in <build>/tests/screens/) of the
 * Overview, Threads with a frame selected, Modules, Streams and the error
 * page, at 360 and 1100 px. Run by meson in English; for French:
 *   LANGUAGE=fr LC_ALL=fr_FR.UTF-8 PM_BUILD_DIR=build PM_DUMPER_PATH=build/core/dumper/postmortem-dumper \
 *     PM_CORPUS_DIR=… build/tests/ui/test-dump-backtrace
 * (the build tree's po/ is bound; the English-only checks are skipped).
 *
 * Runs in: a test program under Xvfb (GTK main thread), suite "ui".
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "pm-dump-view.h"
#include "pm-dump-window.h"
#include "pm-hex-view.h"
#include "pm-settings.h"
#include "pm-stackwalk.h"
#include "pm-symbol-dirs.h"
#include "pm-test-ui.h"

static const char *test_dir;
static const char *lang = "en";
static GtkApplication *app;

static gboolean
window_settled (gpointer data)
{
  return g_strcmp0 (pm_dump_window_get_state (data), "loading") != 0;
}

static void
clipboard_read_cb (GObject      *clipboard,
                   GAsyncResult *result,
                   gpointer      data)
{
  char **text = data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
text_read (gpointer data)
{
  return *(char **) data != NULL;
}

/* Clicks Copy Backtrace and reads the clipboard back. */
static char *
click_copy_backtrace (PmDumpView *view)
{
  GtkWidget *button = pm_test_find_named (GTK_WIDGET (view), "copy_backtrace_button");
  char *text = NULL;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (view)), NULL, clipboard_read_cb, &text);
  g_assert_true (pm_test_wait_for (text_read, &text, 10000));
  return text;
}

static gboolean
walked (gpointer data)
{
  return pm_dump_view_get_backtrace (data) != NULL;
}

static PmDumpWindow *
open_window (const char *path,
             int         width)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PmDumpWindow *window = pm_dump_window_new (app, file);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pm_test_wait_for (window_settled, window, 10000));
  return window;
}

static void
shoot (PmDumpWindow *window,
       const char   *screen,
       int           width)
{
  g_autofree char *name = g_strdup_printf ("dump-%s-%d-%s", screen, width, lang);

  pm_test_spin (100);
  pm_test_save_png (GTK_WIDGET (window), name);
}

/* Runs a program to its end; its stdout. */
static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "DEBUGINFOD_URLS");

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_printerr ("%s", err);
  return out;
}

/* The minidump of a real crash of pm-demo-notes in count_words. */
static char *
crash_demo (void)
{
  g_autofree char *program = g_build_filename (g_getenv ("PM_BUILD_DIR"), "data", "demo", "pm-demo-notes", NULL);
  g_autofree char *notes = g_build_filename (test_dir, "notes.txt", NULL);
  g_autofree char *queue = g_build_filename (g_getenv ("PM_STORE_DIR"), "queue", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *key;
  int status = 0;

  g_assert_true (g_file_set_contents (notes, "Shopping list\n- milk\n", -1, NULL));
  /* In a sanitizer build the demo is instrumented: AddressSanitizer must leave
   * its SIGSEGV to libpostmortem's handler, as in the other crash tests. */
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "ASAN_OPTIONS",
                                        "handle_segv=0:use_sigaltstack=0:detect_leaks=0:abort_on_error=0:verify_asan_link_order=0", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { program, notes, NULL }, env, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGSEGV);
  /* The handler waits for the dumper: the report is in the store when the program is gone. */
  dir = g_dir_open (queue, 0, &error);
  g_assert_no_error (error);
  while ((key = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (key, "APPCRASH_pm-demo-notes_"))
      return g_build_filename (queue, key, "minidump.mdmp", NULL);
  g_assert_not_reached ();
}

/* postmortemctl info --json's frames of every thread, one line a frame:
 * thread-index pc sp trust module module_offset function function_offset file line. */
static char *
cli_frames (const char *ctl,
            const char *dump)
{
  g_autofree char *json = run ((const char *[]) { ctl, "info", "--json", dump, NULL });
  g_autofree char *json_path = g_build_filename (test_dir, "info.json", NULL);
  static const char script[] =
    "import json, sys\n"
    "d = json.load(open(sys.argv[1]))\n"
    "print('crashing', d['crashing_thread'])\n"
    "for i, t in enumerate(d['threads']):\n"
    "    for f in t['frames'] or []:\n"
    "        print(i, int(f['pc'], 16), int(f['sp'], 16), f['trust'], f['module'],\n"
    "              int(f['module_offset'], 16) if f['module_offset'] else None, f['function'],\n"
    "              int(f['function_offset'], 16) if f['function_offset'] else None, f['file'], f['line'])\n";

  g_assert_nonnull (json);
  g_assert_true (g_file_set_contents (json_path, json, -1, NULL));
  return run ((const char *[]) { "python3", "-c", script, json_path, NULL });
}

/* The same lines from what the window holds. */
static char *
app_frames (PmDumpView *view)
{
  PmBacktrace *backtrace = pm_dump_view_get_backtrace (view);
  PmMinidump *md = pm_dump_get_reader (pm_dump_view_get_dump (view));
  gssize crashing = pm_backtrace_get_crashing_index (backtrace);
  GString *out = g_string_new (NULL);

  if (crashing >= 0)
    g_string_append_printf (out, "crashing %" G_GSSIZE_FORMAT "\n", crashing);
  else
    g_string_append (out, "crashing None\n");
  for (gsize i = 0; i < pm_minidump_get_n_threads (md); i++)
    {
      const PmStackFrames *frames = pm_backtrace_get_frames (backtrace, i, NULL);

      for (guint f = 0; frames != NULL && f < frames->len; f++)
        {
          const PmStackFrame *fr = &frames->data[f];
          g_autofree char *module_offset = fr->module ? g_strdup_printf ("%" G_GUINT64_FORMAT, fr->module_offset) : g_strdup ("None");
          g_autofree char *function_offset = fr->function ? g_strdup_printf ("%" G_GUINT64_FORMAT, fr->function_offset) : g_strdup ("None");
          g_autofree char *line = fr->source_file ? g_strdup_printf ("%d", fr->source_line) : g_strdup ("None");

          g_string_append_printf (out, "%zu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %s %s %s %s %s %s %s\n",
                                  i, fr->pc, fr->sp, pm_frame_trust_to_string (fr->trust),
                                  fr->module ? fr->module : "None", module_offset,
                                  fr->function ? fr->function : "None", function_offset,
                                  fr->source_file ? fr->source_file : "None", line);
        }
    }
  return g_string_free (out, FALSE);
}

static void
test_backtrace_real_crash (void)
{
  g_autofree char *ctl = g_build_filename (g_getenv ("PM_BUILD_DIR"), "app", "postmortemctl", NULL);
  g_autofree char *dump = crash_demo ();
  g_autofree char *want_frames = cli_frames (ctl, dump);
  g_autofree char *info = run ((const char *[]) { ctl, "info", dump, NULL });

  /* The view shows the dump at once and never waits for the walk: until the worker's
   * result comes back through the main loop, it says it is looking. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PmDump) opened = pm_dump_new_for_path (dump, &error);
    GtkWidget *view = g_object_ref_sink (pm_dump_view_new ());
    GtkWidget *where;

    g_assert_no_error (error);
    pm_dump_view_set_dump (PM_DUMP_VIEW (view), opened);
    g_assert_null (pm_dump_view_get_backtrace (PM_DUMP_VIEW (view)));
    g_assert_null (pm_dump_view_dup_backtrace_text (PM_DUMP_VIEW (view)));
    where = pm_test_find_named (view, "pm-crash-where");
    g_assert_nonnull (where);
    if (g_str_equal (lang, "en"))
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (where)), ==, "Finding the backtrace…");
    g_assert_true (pm_test_wait_for (walked, view, 30000));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (where)), !=, "Finding the backtrace…");
    g_object_unref (view);
  }

  for (const int *width = (const int[]) { 1100, 360, 0 }; *width != 0; width++)
    {
      PmDumpWindow *window = open_window (dump, *width);
      PmDumpView *view = pm_dump_window_get_dump_view (window);
      g_autofree char *frames = NULL;
      g_autofree char *copied = NULL;
      g_autofree char *row0 = NULL;
      g_autofree char *function = NULL;
      g_autofree char *stack_row = NULL;
      GtkWidget *where;
      PmMdCrashReason reason;

      g_assert_cmpstr (pm_dump_window_get_state (window), ==, "dump");
      g_assert_true (pm_dump_window_get_tabs_shown (window) || *width == 360);
      /* The window shows the dump at once and the walk fills in. */
      g_assert_true (pm_test_wait_for (walked, view, 30000));
      pm_test_spin (20);

      /* The same frames as postmortemctl, for every thread. */
      frames = app_frames (view);
      g_assert_cmpstr (frames, ==, want_frames);

      /* The crashing thread first. */
      g_assert_cmpint (pm_minidump_get_crash_reason (pm_dump_get_reader (pm_dump_view_get_dump (view)), &reason), ==, PM_MD_OK);
      row0 = pm_dump_view_dup_cell_text (view, "threads", 0, 0);
      g_assert_cmpuint ((guint) atoi (row0), ==, reason.thread_id);
      g_assert_nonnull (strstr (row0, "(0x"));
      function = pm_dump_view_dup_cell_text (view, "frames", 1, 0);
      g_assert_cmpstr (function, ==, "count_words");
      g_clear_pointer (&function, g_free);
      function = pm_dump_view_dup_cell_text (view, "frames", 1, 1);
      g_assert_cmpstr (function, ==, "main");

      /* Copy Backtrace: exactly what postmortemctl info prints for the backtrace. */
      copied = click_copy_backtrace (view);
      {
        g_autofree char *want = pm_dump_view_dup_backtrace_text (view);
        g_assert_cmpstr (copied, ==, want);
      }
      if (g_str_equal (lang, "en"))
        {
          g_autofree char *block = g_strdup_printf ("\n\n%s\nModules (", copied);
          g_assert_true (g_str_has_prefix (copied, "Backtrace of the crashing thread ("));
          g_assert_nonnull (strstr (info, block));
        }

      /* The Overview says where, in words. */
      where = pm_test_find_named (GTK_WIDGET (view), "pm-crash-where");
      g_assert_nonnull (where);
      if (g_str_equal (lang, "en"))
        {
          const char *text = gtk_label_get_text (GTK_LABEL (where));
          g_assert_true (g_str_has_prefix (text, "in count_words, pm-demo-crasher.c line "));
          g_assert_true (g_str_has_suffix (text, ", called from main"));
        }
      pm_dump_view_set_page (view, "overview");
      shoot (window, "overview", *width);

      /* A caller's frame: its stack from its SP, the SP marked on the first row. */
      pm_dump_view_set_page (view, "threads");
      pm_dump_view_select_frame (view, 1);
      pm_test_spin (20);
      {
        GtkWidget *hex = pm_test_find_named (GTK_WIDGET (view), "stack_hex");
        g_assert_nonnull (hex);
        stack_row = pm_hex_view_dup_row_text (PM_HEX_VIEW (hex), 0);
        g_assert_nonnull (stack_row);
        g_assert_nonnull (strstr (stack_row, "◀ sp"));
      }
      shoot (window, "threads", *width);
      /* Narrow, the rows are not cut: the hex view scrolls sideways to them. */
      if (*width == 360)
        {
          GtkWidget *scroller = gtk_widget_get_first_child (pm_test_find_named (GTK_WIDGET (view), "stack_hex"));
          GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));

          g_test_message ("stack hex: %.0f px of rows in %.0f px", gtk_adjustment_get_upper (h),
                          gtk_adjustment_get_page_size (h));
          g_assert_cmpfloat (gtk_adjustment_get_page_size (h), >, 0);
          g_assert_cmpfloat (gtk_adjustment_get_upper (h), >, gtk_adjustment_get_page_size (h));
        }
      pm_dump_view_set_page (view, "modules");
      shoot (window, "modules", *width);
      pm_dump_view_set_page (view, "streams");
      pm_dump_view_select_stream (view, 0);
      shoot (window, "streams", *width);
      gtk_window_destroy (GTK_WINDOW (window));
      pm_test_spin (20);
    }
}

/* A crash dump cut after 300 bytes (its streams beyond the end): the Overview starts with
 * the damage and does not call it a dump of a running process. */
static void
test_truncated (void)
{
  g_autofree char *dump = crash_demo ();
  g_autofree char *cut = g_build_filename (test_dir, "cut.dmp", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  PmDumpWindow *window;
  PmDumpView *view;

  g_assert_true (g_file_get_contents (dump, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 300);
  g_assert_true (g_file_set_contents (cut, contents, 300, NULL));
  window = open_window (cut, 1100);
  g_assert_cmpstr (pm_dump_window_get_state (window), ==, "dump");
  view = pm_dump_window_get_dump_view (window);
  g_assert_true (pm_test_wait_for (walked, view, 30000));
  pm_dump_view_set_page (view, "overview");
  pm_test_spin (20);
  if (g_str_equal (lang, "en"))
    {
      g_assert_null (pm_test_find_label (GTK_WIDGET (view), "running process"));
      g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "damaged part of the file"));
      g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "The file is cut short"));
    }
  shoot (window, "overview-truncated", 1100);
  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_spin (20);
}

static void
test_corpus_fields (void)
{
  const char *corpus = g_getenv ("PM_CORPUS_DIR");
  g_autofree char *path = corpus != NULL ? g_build_filename (corpus, "breakpad__minidump2.dmp", NULL) : NULL;
  PmDumpWindow *window;
  PmDumpView *view;
  PmMinidump *md;
  GtkWidget *where;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("breakpad__minidump2.dmp of the minidump corpus (PM_CORPUS_DIR) is absent");
      return;
    }
  window = open_window (path, 1100);
  view = pm_dump_window_get_dump_view (window);
  md = pm_dump_get_reader (pm_dump_view_get_dump (view));
  g_assert_true (pm_test_wait_for (walked, view, 30000));

  /* x86: walked (no symbol files here: frames by frame pointer and scan),
   * frame 0 at the exception's eip. */
  g_assert_null (pm_backtrace_get_error (pm_dump_view_get_backtrace (view)));
  {
    PmBacktrace *bt = pm_dump_view_get_backtrace (view);
    const PmStackFrames *frames = pm_backtrace_get_frames (bt, (gsize) pm_backtrace_get_crashing_index (bt), NULL);
    g_assert_nonnull (frames);
    g_assert_cmpuint (frames->len, >=, 1);
    g_assert_cmphex (frames->data[0].pc, ==, 0x40429e);
  }
  where = pm_test_find_named (GTK_WIDGET (view), "pm-crash-where");
  g_assert_nonnull (where);
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (where)), "not available"));
  if (g_str_equal (lang, "en"))
    /* The access violation in plain words. */
    g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "memory it does not own"));

  /* The Exception and SystemInfo streams as fields. */
  for (gsize i = 0; i < pm_minidump_get_n_streams (md); i++)
    {
      PmMdStreamInfo info;

      g_assert_cmpint (pm_minidump_get_stream_info (md, i, &info), ==, PM_MD_OK);
      if (info.type != PM_MD_STREAM_EXCEPTION && info.type != PM_MD_STREAM_SYSTEM_INFO)
        continue;
      pm_dump_view_set_page (view, "streams");
      pm_dump_view_select_stream (view, (guint) i);
      pm_test_spin (20);
      if (info.type == PM_MD_STREAM_EXCEPTION)
        {
          g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "EXCEPTION_ACCESS_VIOLATION_WRITE (0xc0000005)"));
          g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "3060 (0xbf4)"));
          g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "0x0040429e"));
          shoot (window, "streams-exception", 1100);
        }
      else
        {
          g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "Windows NT (0x2)"));
          g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "5.1.2600"));
          g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "Service Pack 2"));
          g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "x86 (0)"));
          shoot (window, "streams-systeminfo", 1100);
        }
    }
  pm_dump_view_set_page (view, "overview");
  shoot (window, "overview-windows", 1100);
  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_spin (20);

  /* Plain words for a Windows stack overflow and a macOS EXC_BAD_ACCESS. */
  if (g_str_equal (lang, "en"))
    for (const char *const *pair = (const char *const[]) {
           "breakpad__stack_exhaustion.dmp", "It ran out of stack space",
           "rustmd__pipeline-inlines-macos-segv.dmp", "It tried to use memory it does not own.",
           NULL };
         *pair != NULL; pair += 2)
      {
        g_autofree char *other = g_build_filename (corpus, pair[0], NULL);

        window = open_window (other, 1100);
        view = pm_dump_window_get_dump_view (window);
        pm_dump_view_set_page (view, "overview");
        pm_test_spin (20);
        g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), pair[1]));
        g_assert_true (pm_test_wait_for (walked, view, 30000));
        gtk_window_destroy (GTK_WINDOW (window));
        pm_test_spin (20);
      }
}

static void
test_error_page (void)
{
  g_autofree char *path = g_build_filename (test_dir, "notes.dmp", NULL);

  g_assert_true (g_file_set_contents (path, "these are not the bytes you are looking for\n", -1, NULL));
  for (const int *width = (const int[]) { 1100, 360, 0 }; *width != 0; width++)
    {
      PmDumpWindow *window = open_window (path, *width);
      const char *text;

      g_assert_cmpstr (pm_dump_window_get_state (window), ==, "error");
      g_assert_false (pm_dump_window_get_tabs_shown (window));
      text = pm_dump_window_get_error_text (window);
      g_assert_nonnull (strstr (text, "notes.dmp"));
      if (g_str_equal (lang, "en"))
        {
          const char *first = strstr (text, "not a minidump");
          g_assert_nonnull (first);
          g_assert_null (strstr (first + 1, "not a minidump"));
          g_assert_null (strstr (text, "0x"));
        }
      shoot (window, "error", *width);
      gtk_window_destroy (GTK_WINDOW (window));
      pm_test_spin (20);
    }
}

/* The symbol folders chosen in Preferences name the frames of a dump from
 * another computer: minidump2 with the corpus's Breakpad symbols gives the
 * functions and lines minidump_stackwalk gives (CrashFunction, main). */
static void
test_symbol_folders (void)
{
  const char *corpus = g_getenv ("PM_CORPUS_DIR");
  g_autofree char *path = corpus != NULL ? g_build_filename (corpus, "breakpad__minidump2.dmp", NULL) : NULL;
  g_autofree char *symbols = corpus != NULL ? g_build_filename (corpus, "symbols", NULL) : NULL;
  g_autoptr(PmSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  PmDumpWindow *window;
  PmDumpView *view;
  PmBacktrace *bt;
  const PmStackFrames *frames;
  const char *dirs[] = { NULL, NULL };

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS) || !g_file_test (symbols, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("breakpad__minidump2.dmp and symbols/ of the minidump corpus (PM_CORPUS_DIR) are absent");
      return;
    }
  settings = pm_settings_new_default ();
  dirs[0] = symbols;
  g_assert_true (pm_symbol_dirs_set (settings, dirs, &error));
  g_assert_no_error (error);

  window = open_window (path, 1100);
  view = pm_dump_window_get_dump_view (window);
  g_assert_true (pm_test_wait_for (walked, view, 30000));
  bt = pm_dump_view_get_backtrace (view);
  frames = pm_backtrace_get_frames (bt, (gsize) pm_backtrace_get_crashing_index (bt), NULL);
  g_assert_nonnull (frames);
  g_assert_cmpuint (frames->len, ==, 4);
  g_assert_cmpstr (frames->data[0].function, ==, "`anonymous namespace'::CrashFunction");
  g_assert_cmpint (frames->data[0].source_line, ==, 58);
  g_assert_cmpstr (frames->data[1].function, ==, "main");
  g_assert_cmpint (frames->data[1].source_line, ==, 65);
  g_assert_cmpstr (frames->data[3].function, ==, "BaseProcessStart");
  pm_dump_view_set_page (view, "threads");
  pm_test_spin (20);
  g_assert_nonnull (pm_test_find_label (GTK_WIDGET (view), "main"));
  shoot (window, "threads-symbols", 1100);
  gtk_window_destroy (GTK_WINDOW (window));
  pm_test_spin (20);

  /* Removed again: the next window walks without them. */
  dirs[0] = NULL;
  g_assert_true (pm_symbol_dirs_set (settings, dirs, &error));
}

int
main (int argc, char **argv)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("PM_BUILD_DIR"), "po", NULL);
  const char *language = g_getenv ("LANGUAGE");
  g_autoptr(GError) error = NULL;
  int status;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  lang = language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";
  test_dir = pm_test_ui_init (&argc, &argv);
  app = GTK_APPLICATION (adw_application_new ("io.github.postmortem.Postmortem.TestBacktrace",
                                              G_APPLICATION_NON_UNIQUE));
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/dump-backtrace/real-crash", test_backtrace_real_crash);
  g_test_add_func ("/ui/dump-backtrace/truncated", test_truncated);
  g_test_add_func ("/ui/dump-backtrace/corpus-fields", test_corpus_fields);
  g_test_add_func ("/ui/dump-backtrace/symbol-folders", test_symbol_folders);
  g_test_add_func ("/ui/dump-backtrace/error-page", test_error_page);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
