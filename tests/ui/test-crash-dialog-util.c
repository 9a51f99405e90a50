/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-crash-dialog-util.c — helpers of the crash dialog and preferences tests
 * (see test-crash-dialog-util.h).
 *
 * Runs in: test programs (GTK main thread), under Xvfb.
 */
#include "pm-config.h"

#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pm-test-frames.h"
#include "test-crash-dialog-util.h"

#include "pm-restart.h"
#include "pm-store-io-check.h"

/* A Linux x86-64 minidump without the environment stream, so the uploader
 * sends it at the "safe data" level. */
#define CORPUS_DUMP "breakpad__linux_inline.dmp"

char *
pm_test_isolate (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("pm-ui-test-XXXXXX", &error);
  const char *subdirs[] = { "home", "data", "config", "cache", "runtime", "store" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (dir, subdirs[i], NULL);
      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    }

#define SET(var, sub) G_STMT_START { \
    g_autofree char *v_ = g_build_filename (dir, sub, NULL); \
    g_setenv (var, v_, TRUE); \
  } G_STMT_END
  SET ("HOME", "home");
  SET ("XDG_DATA_HOME", "data");
  SET ("XDG_CONFIG_HOME", "config");
  SET ("XDG_CACHE_HOME", "cache");
  SET ("PM_STORE_DIR", "store");
  SET ("PM_SETTINGS_FILE", "config/postmortem/settings.ini");
#undef SET
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  return dir;
}

static int
remove_entry (const char        *path,
              const struct stat *st,
              int                flag,
              struct FTW        *ftw)
{
  return remove (path) == 0 ? 0 : -1;
}

void
pm_test_remove_tree (const char *path)
{
  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    g_assert_cmpint (nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS), ==, 0);
}

char *
pm_test_corpus_file (const char *name)
{
  const char *corpus = g_getenv ("PM_CORPUS_DIR");
  char *path = corpus ? g_build_filename (corpus, name, NULL) : NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_print ("1..0 # SKIP the corpus file %s is missing (PM_CORPUS_DIR=%s)\n",
               name, corpus ? corpus : "(unset)");
      exit (77);
    }
  return path;
}

static void
write_file (PmReportDraft *draft,
            const char    *name,
            const char    *data,
            gsize          length)
{
  g_autoptr(GError) error = NULL;
  int fd = pm_report_draft_create_file (draft, name, &error);

  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);
      g_assert_cmpint (n, >, 0);
      data += n;
      length -= (gsize) n;
    }
  close (fd);
}

char *
pm_test_make_report (PmStore    *store,
                     const char *app,
                     gboolean    attachment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dump_path = pm_test_corpus_file (CORPUS_DUMP);
  g_autofree char *dump = NULL;
  g_autofree char *app_path = g_strdup_printf ("/usr/bin/%s", app);
  gsize dump_length = 0;
  PmReportDraft *draft;
  char *key;

  g_assert_true (g_file_get_contents (dump_path, &dump, &dump_length, &error));
  draft = pm_store_begin_report (store, &error);
  g_assert_no_error (error);

  write_file (draft, "minidump.dmp", dump, dump_length);
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", app);
  pm_report_draft_set (draft, "AppPath", app_path);
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", app);
  pm_report_draft_set (draft, "Sig[1].Name", "Application Version");
  pm_report_draft_set (draft, "Sig[1].Value", "1.0");
  pm_report_draft_set (draft, "Sig[3].Name", "Fault Module Name");
  pm_report_draft_set (draft, "Sig[3].Value", "libcrash.so");
  pm_report_draft_set (draft, "Sig[6].Name", "Signal");
  pm_report_draft_set (draft, "Sig[6].Value", "SIGSEGV");
  pm_report_draft_set (draft, "Sig[7].Name", "Offset In Module");
  pm_report_draft_set (draft, "Sig[7].Value", "0x1234");
  pm_report_draft_set (draft, "Postmortem.Signal", "SIGSEGV");
  pm_report_draft_set (draft, "File[0].Name", "minidump.dmp");
  pm_report_draft_set (draft, "File[0].Type", "MiniDump");
  pm_report_draft_set (draft, "File[0].Flags", "0");
  if (attachment)
    {
      static const char notes[] = "the document the application had open\n";

      write_file (draft, "notes.txt", notes, sizeof notes - 1);
      pm_report_draft_set (draft, "File[1].Name", "notes.txt");
      pm_report_draft_set (draft, "File[1].Type", "UserDocument");
      pm_report_draft_set (draft, "File[1].Flags", "0");
    }

  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  pm_report_draft_free (draft);
  return key;
}

/* The receiver must not outlive a test that crashes or times out. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

PmTestReceiver *
pm_test_receiver_start (const char *script)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *program = NULL;
  PmTestReceiver *receiver = g_new0 (PmTestReceiver, 1);
  const char *build = g_getenv ("PM_BUILD_DIR");

  g_assert_nonnull (build);
  program = g_build_filename (build, "tests", "upload", "postmortem-test-receiver", NULL);
  g_assert_true (g_file_test (program, G_FILE_TEST_IS_EXECUTABLE));
  receiver->dir = g_dir_make_tmp ("pm-receiver-XXXXXX", &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (char *) "--dir");
  g_ptr_array_add (argv, receiver->dir);
  if (script != NULL)
    {
      g_ptr_array_add (argv, (char *) "--script");
      g_ptr_array_add (argv, (char *) script);
    }
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  receiver->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (receiver->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  receiver->url = g_strdup (line + strlen ("Listening on "));
  return receiver;
}

void
pm_test_receiver_stop (PmTestReceiver *receiver)
{
  g_subprocess_force_exit (receiver->process);
  g_subprocess_wait (receiver->process, NULL, NULL);
  g_object_unref (receiver->process);
  pm_test_remove_tree (receiver->dir);
  g_free (receiver->url);
  g_free (receiver->dir);
  g_free (receiver);
}

guint
pm_test_receiver_count (PmTestReceiver *receiver)
{
  g_autoptr(GDir) dir = g_dir_open (receiver->dir, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (receiver->dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        count++;
    }
  return count;
}

gboolean
pm_test_wait_for (gboolean (*done) (gpointer data),
                  gpointer   data,
                  double     seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

void
pm_test_settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

/* TRUE once a window's size has caught up with what its content asks for (a
 * window that just grew, an unfolded expander): rendered earlier, the content
 * would be scaled into the old size. The content, not the window, is measured:
 * a window's own measure counts its frame (10 px more than its allocation for
 * a dialog), and a window never "caught up" with that, so each render waited
 * out the timeout. */
static gboolean
allocation_caught_up (gpointer data)
{
  GtkWidget *content = gtk_window_get_child (GTK_WINDOW (data));
  int minimum = 0;

  if (content == NULL)
    return TRUE;
  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (content), &minimum, NULL, NULL, NULL);
  return gtk_widget_get_height (content) >= minimum;
}

char *
pm_test_save_png (GtkWidget  *widget,
                  const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width, height;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (g_getenv ("PM_BUILD_DIR"), "tests", "ui", file, NULL);

  /* A window taller than the screen never catches up: rendered as it is. */
  if (GTK_IS_WINDOW (widget) && !pm_test_wait_for (allocation_caught_up, widget, 5))
    g_test_message ("%s: the window is smaller than its content asks for", name);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  /* A window that has not drawn a frame since it changed gives no node yet. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (!pm_test_wait_settled (widget))
        g_test_message ("%s: a transition was still running", name);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("rendered %s", path);
  return path;
}

static const char *
widget_text (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_CHECK_BUTTON (widget))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  if (GTK_IS_EXPANDER (widget))
    return gtk_expander_get_label (GTK_EXPANDER (widget));
  return NULL;
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

GPtrArray *
pm_test_find_all (GtkWidget *root,
                  GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (root, type, found);
  return found;
}

GtkWidget *
pm_test_find_widget (GtkWidget  *root,
                     GType       type,
                     const char *text)
{
  g_autoptr(GPtrArray) all = pm_test_find_all (root, type);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (widget_text (g_ptr_array_index (all, i)), text) == 0)
      return g_ptr_array_index (all, i);
  return NULL;
}

GtkWidget *
pm_test_find_first (GtkWidget *root,
                    GType      type)
{
  g_autoptr(GPtrArray) all = pm_test_find_all (root, type);

  g_assert_cmpuint (all->len, >, 0);
  return g_ptr_array_index (all, 0);
}

PmSettings *
pm_test_settings_snapshot (PmStore *store)
{
  PmSettings *snapshot;

  pm_io_check_suspend ();
  snapshot = pm_settings_new_snapshot (pm_settings_get_path (pm_store_get_settings (store)), NULL);
  pm_io_check_resume ();
  return snapshot;
}

PmSettings *
pm_test_restart_snapshot (void)
{
  PmSettings *snapshot;

  pm_io_check_suspend ();
  snapshot = pm_restart_state_new_snapshot ();
  pm_io_check_resume ();
  return snapshot;
}
