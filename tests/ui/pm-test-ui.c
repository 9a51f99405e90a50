/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-test-ui.c — helpers for the widget tests.
 *
 * Runs in: the widget test programs (GTK main thread), under Xvfb.
 */
#include "pm-config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pm-test-frames.h"
#include "pm-test-ui.h"

static char *test_dir;

/* The temporary directory goes when the test program ends normally (a failed
 * test aborts and leaves it for a look). */
static void
remove_test_dir (void)
{
  const char *argv[] = { "rm", "-rf", test_dir, NULL };

  if (test_dir != NULL)
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

const char *
pm_test_ui_init (int    *argc,
                 char ***argv)
{
  g_autofree char *store = NULL;
  g_autofree char *settings = NULL;
  g_autoptr(GError) error = NULL;

  /* Our own isolation rather than G_TEST_OPTION_ISOLATE_DIRS, which also
   * empties XDG_DATA_DIRS and so hides the system's icons and GSettings
   * schemas that GTK needs. Set before GLib caches any of these. */
  test_dir = g_dir_make_tmp ("pm-ui-test-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_test_dir);
  for (const char *const *var = (const char *const[]) { "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                                        "XDG_CACHE_HOME", "XDG_STATE_HOME", NULL };
       *var != NULL; var++)
    {
      g_autofree char *dir = g_build_filename (test_dir, *var, NULL);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (*var, dir, TRUE);
    }

  g_test_init (argc, argv, NULL);
  store = g_build_filename (test_dir, "store", NULL);
  settings = g_build_filename (test_dir, "settings.ini", NULL);
  g_setenv ("PM_STORE_DIR", store, TRUE);
  g_setenv ("PM_SETTINGS_FILE", settings, TRUE);
  /* Separate reports per publish: the tests count them. */
  g_assert_true (g_file_set_contents (settings, "[Quota]\nFloodWindowSeconds=0\n", -1, NULL));

  gtk_init ();
  adw_init ();
  return test_dir;
}

static gboolean
spin_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
pm_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
pm_test_wait_for (gboolean (*cond) (gpointer data),
                  gpointer   data,
                  guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return cond (data);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

void
pm_test_save_png (GtkWidget  *widget,
                  const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree guchar *pixels = NULL;
  GskRenderer *renderer;
  int width, height;
  gsize stride;
  gboolean varied = FALSE;

  /* Let transitions end, then layout and drawing (two frames). */
  if (!pm_test_wait_settled (widget))
    g_test_message ("%s: a transition was still running", name);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* The paintable shows the widget's last drawn frame: wait for one. */
  paintable = gtk_widget_paintable_new (widget);
  for (guint tries = 0; node == NULL && tries < 50; tries++)
    {
      pm_test_wait_frames (widget, 1);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    g_error ("%s: nothing drawn (mapped %d, %dx%d)", name, gtk_widget_get_mapped (widget), width, height);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_build_filename (g_getenv ("PM_BUILD_DIR") ? g_getenv ("PM_BUILD_DIR") : ".",
                          "tests", "screens", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  /* A blank picture means nothing was drawn. */
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * (gsize) height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * (gsize) height && !varied; i += 4)
    varied = memcmp (pixels, pixels + i, 4) != 0;
  g_assert_true (varied);
}

gboolean
pm_test_write_live_dump (const char *path,
                         const char *type)
{
  const char *dumper = g_getenv ("PM_DUMPER_PATH");
  g_autofree char *pid_text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "--pid", NULL, "--type", type, "--output", path, NULL };
  const char *child_argv[] = { "sleep", "60", NULL };
  GPid child;
  int status = 0;

  if (dumper == NULL || !g_file_test (dumper, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  g_assert_true (g_spawn_async (NULL, (char **) child_argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &child, &error));
  g_assert_no_error (error);
  pm_test_spin (50);

  pid_text = g_strdup_printf ("%d", child);
  argv[0] = dumper;
  argv[2] = pid_text;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  g_spawn_close_pid (child);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

char *
pm_test_publish_report (PmStore            *store,
                        const char         *app_name,
                        const char         *signal_name,
                        const char         *module,
                        const char         *offset,
                        const char         *dump_path,
                        const char * const *metadata)
{
  g_autoptr(GError) error = NULL;
  /* A program of that name in <test dir>/bin (a desktop file can point at it), else /usr/bin. */
  g_autofree char *local = g_build_filename (test_dir, "bin", app_name, NULL);
  g_autofree char *app_path = g_file_test (local, G_FILE_TEST_IS_EXECUTABLE)
                              ? g_strdup (local) : g_strdup_printf ("/usr/bin/%s", app_name);
  PmReportDraft *draft;
  char *key;
  static const char *sig_names[] = {
    "Application Name", "Application Version", "Application Build-ID",
    "Fault Module Name", "Fault Module Version", "Fault Module Build-ID",
    "Signal", "Offset In Module", "Fault Address",
  };
  const char *sig_values[G_N_ELEMENTS (sig_names)] = {
    app_name, "1.2.3", "0123456789abcdef0123456789abcdef01234567",
    module, "", "fedcba9876543210fedcba9876543210fedcba98",
    signal_name, offset, "0x10",
  };

  draft = pm_store_begin_report (store, &error);
  g_assert_no_error (error);

  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", app_name);
  pm_report_draft_set (draft, "AppPath", app_path);
  for (guint i = 0; i < G_N_ELEMENTS (sig_names); i++)
    {
      g_autofree char *name_key = g_strdup_printf ("Sig[%u].Name", i);
      g_autofree char *value_key = g_strdup_printf ("Sig[%u].Value", i);
      pm_report_draft_set (draft, name_key, sig_names[i]);
      pm_report_draft_set (draft, value_key, sig_values[i]);
    }
  pm_report_draft_set (draft, "DynamicSig[1].Name", "OS Name");
  pm_report_draft_set (draft, "DynamicSig[1].Value", "Debian GNU/Linux 12 (bookworm)");
  pm_report_draft_set (draft, "Postmortem.Signal", signal_name);
  for (guint i = 0; metadata != NULL && metadata[i] != NULL && metadata[i + 1] != NULL; i += 2)
    {
      g_autofree char *k = g_strdup_printf ("Metadata[%u].Key", i / 2);
      g_autofree char *v = g_strdup_printf ("Metadata[%u].Value", i / 2);
      pm_report_draft_set (draft, k, metadata[i]);
      pm_report_draft_set (draft, v, metadata[i + 1]);
    }

  if (dump_path != NULL)
    {
      g_autofree char *contents = NULL;
      gsize length;
      int fd;

      g_assert_true (g_file_get_contents (dump_path, &contents, &length, &error));
      fd = pm_report_draft_create_file (draft, "minidump.mdmp", &error);
      g_assert_no_error (error);
      g_assert_cmpint (write (fd, contents, length), ==, (gssize) length);
      close (fd);
      pm_report_draft_add_file (draft, "minidump.mdmp", "MiniDump", 0);
    }

  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  pm_report_draft_free (draft);
  return key;
}

GtkWidget *
pm_test_find_label (GtkWidget  *widget,
                    const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pm_test_find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
pm_test_find_named (GtkWidget  *widget,
                    const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pm_test_find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}
