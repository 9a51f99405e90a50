/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-wait-chain-view.c — a hang report's wait chains in the application: the sentences
 * (exact, in English or in French with LANGUAGE=fr), the graph, and the report page's
 * "What Is Waiting" group; screenshots at 360 px and full width in
 * <build>/tests/screens/wait-chain-*-{360,full}-{en,fr}.png.
 *
 * Runs in: the widget test program (GTK main thread), under Xvfb.
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pm-report-page.h"
#include "pm-test-ui.h"
#include "pm-wait-chain-text.h"
#include "pm-wait-chain-view.h"

#define NARROW 360
#define FULL_WIDTH 1280
#define NODE(type, status, pid, tid, name, object) \
  "{\"type\":\"" type "\",\"status\":\"" status "\",\"pid\":" #pid ",\"tid\":" #tid \
  ",\"name\":\"" name "\",\"object\":\"" object "\"}"

/* image-viewer (4242): the main thread and "worker" deadlocked on two mutexes; "io" reads a
 * pipe from the child thumbnailer (4300), which sleeps; "idle" sleeps. */
static const char chains_json[] =
  "{\"pid\":4242,\"threads\":["
  "{\"tid\":4242,\"chain\":[" NODE ("thread", "blocked", 4242, 4242, "image-viewer", "") ","
  NODE ("mutex", "owned", 4242, 0, "", "0x55d0c0de1040") ","
  NODE ("thread", "blocked", 4242, 4250, "worker", "") ","
  NODE ("mutex", "owned", 4242, 0, "", "0x55d0c0de1000") ","
  NODE ("thread", "blocked", 4242, 4242, "image-viewer", "") "],\"cycle\":true},"
  "{\"tid\":4250,\"chain\":[" NODE ("thread", "blocked", 4242, 4250, "worker", "") ","
  NODE ("mutex", "owned", 4242, 0, "", "0x55d0c0de1000") ","
  NODE ("thread", "blocked", 4242, 4242, "image-viewer", "") ","
  NODE ("mutex", "owned", 4242, 0, "", "0x55d0c0de1040") ","
  NODE ("thread", "blocked", 4242, 4250, "worker", "") "],\"cycle\":true},"
  "{\"tid\":4251,\"chain\":[" NODE ("thread", "blocked", 4242, 4251, "io", "") ","
  NODE ("pipe", "owned", 4242, 0, "", "pipe:[91234]") ","
  NODE ("thread", "sleeping", 4300, 4300, "thumbnailer", "") "],\"cycle\":false},"
  "{\"tid\":4252,\"chain\":[" NODE ("thread", "sleeping", 4242, 4252, "idle", "") "],\"cycle\":false}"
  "]}";

static gboolean french;

static GPtrArray *
load_chains (int *pid)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *chains = pm_wait_chains_from_json (chains_json, -1, pid, &error);

  g_assert_no_error (error);
  return chains;
}

static void
test_sentences (void)
{
  int pid;
  g_autoptr(GPtrArray) chains = load_chains (&pid);
  g_autoptr(GPtrArray) picked = pm_wait_chains_pick (chains, pid, 4);
  g_autofree char *all = pm_wait_chains_describe (chains, pid);
  g_autofree char *idle = pm_wait_chain_describe (g_ptr_array_index (chains, 3), pid, chains);
  const char *expected = french
    ? "Le fil principal attend un verrou détenu par le fil «\u00a0worker\u00a0», qui attend un verrou "
      "détenu par le fil principal\u00a0: un interblocage.\n"
      "Le fil «\u00a0io\u00a0» attend sur un tube vers le processus «\u00a0thumbnailer\u00a0» (4300), "
      "qui attend autre chose."
    : "The main thread waits for a lock held by thread “worker”, which waits for a lock held by "
      "the main thread: a deadlock.\n"
      "Thread “io” waits on a pipe to process “thumbnailer” (4300), which is waiting for something else.";

  /* The deadlock once (the worker's chain says the same), then the pipe; not the idle thread. */
  g_assert_cmpuint (picked->len, ==, 2);
  g_assert_cmpint (pm_wait_chain_get_tid (g_ptr_array_index (picked, 0)), ==, 4242);
  g_assert_cmpint (pm_wait_chain_get_tid (g_ptr_array_index (picked, 1)), ==, 4251);
  g_assert_cmpstr (all, ==, expected);
  g_assert_cmpstr (idle, ==, french ? "Le fil «\u00a0idle\u00a0» attend autre chose qu’un verrou."
                                    : "Thread “idle” is waiting for something other than a lock.");
}

static void
save_page (GtkWidget  *window,
           const char *what,
           int         width)
{
  g_autofree char *name = g_strdup_printf ("wait-chain-%s-%s-%s", what,
                                           width == NARROW ? "360" : "full", french ? "fr" : "en");
  pm_test_save_png (window, name);
}

/* The report page of a hang report shows the group; its graph draws both chains, in a row
 * at full width and in a column at 360 px, never wider than the window. */
static void
shoot_report_page (int width)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open_default (&error);
  const char *values[] = { "Postmortem.WaitChains", chains_json, NULL };
  g_autofree char *key = NULL;
  g_autoptr(PmReport) report = NULL;
  GtkWidget *window, *page, *scrolled, *view, *heading;
  int minimum = 0;

  g_assert_no_error (error);
  key = pm_test_publish_report (store, "image-viewer", "SIGABRT", "libc.so.6", "0x1234", NULL, NULL);
  g_assert_true (pm_store_set_report_values (store, key, values, &error));
  g_assert_no_error (error);
  report = pm_store_load_report (store, key, &error);
  g_assert_no_error (error);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, 800);
  page = pm_report_page_new ();
  pm_report_page_set_store (PM_REPORT_PAGE (page), store);
  adw_window_set_content (ADW_WINDOW (window), page);
  pm_report_page_set_report (PM_REPORT_PAGE (page), report, NULL);
  gtk_window_present (GTK_WINDOW (window));
  pm_test_spin (200);

  heading = pm_test_find_label (page, french ? "Ce qui attend" : "What Is Waiting");
  g_assert_nonnull (heading);
  g_assert_nonnull (pm_test_find_label (page, french ? "un interblocage" : "a deadlock"));

  /* Scroll the group to the top (a page just built has not grown yet: again until the
   * scroll holds), then shoot. */
  view = gtk_widget_get_ancestor (heading, ADW_TYPE_PREFERENCES_GROUP);
  g_assert_nonnull (view);
  scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  {
    /* The viewport's child: its coordinates do not move with the scrolling. */
    GtkWidget *content = gtk_widget_get_first_child (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    for (guint attempt = 0; attempt < 30; attempt++)
      {
        graphene_point_t at;
        double target;

        g_assert_true (gtk_widget_compute_point (view, content, &GRAPHENE_POINT_INIT (0, 0), &at));
        target = MIN (at.y - 12, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
        gtk_adjustment_set_value (adjustment, at.y - 12);
        pm_test_spin (100);
        if (target > 0 && ABS (gtk_adjustment_get_value (adjustment) - target) < 1)
          break;
      }
  }
  save_page (window, "report-page", width);

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, width);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The graph alone: two chains drawn, its height grows when it must stack the boxes. */
static void
test_graph (void)
{
  int pid, row_height = 0, column_height = 0;
  g_autoptr(GPtrArray) chains = load_chains (&pid);
  GtkWidget *view = pm_wait_chain_view_new ();
  GtkWidget *window = gtk_window_new ();

  g_object_ref_sink (view);
  pm_wait_chain_view_set_chains (PM_WAIT_CHAIN_VIEW (view), pid, chains);
  g_assert_cmpuint (pm_wait_chain_view_get_n_shown (PM_WAIT_CHAIN_VIEW (view)), ==, 2);
  gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, 1200, &row_height, NULL, NULL, NULL);
  gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, 300, &column_height, NULL, NULL, NULL);
  g_assert_cmpint (row_height, >, 0);
  g_assert_cmpint (column_height, >, 2 * row_height);

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 200);
  gtk_window_present (GTK_WINDOW (window));
  pm_test_save_png (window, french ? "wait-chain-graph-fr" : "wait-chain-graph-en");
  gtk_window_destroy (GTK_WINDOW (window));
  /* Nothing else holds the view: it is freed with its last reference. */
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  g_object_unref (view);
  g_assert_null (view);
}

static void
test_report_page (void)
{
  shoot_report_page (NARROW);
  shoot_report_page (FULL_WIDTH);
}

/* Malformed chains: the group says so instead of drawing; no chains: no group. */
static void
test_bad_value (void)
{
  GtkWidget *group = pm_wait_chain_group_new ("{\"pid\":1,\"threads\":[{\"tid\":2}]}");

  g_object_ref_sink (group);
  g_assert_nonnull (pm_test_find_label (group, french ? "illisibles" : "cannot be read"));
  g_object_unref (group);
  g_assert_null (pm_wait_chain_group_new (NULL));
  g_assert_null (pm_wait_chain_group_new ("{\"pid\":1,\"threads\":[]}"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("PM_BUILD_DIR"), "po", NULL);
  const char *language = g_getenv ("LANGUAGE");

  french = language != NULL && g_str_has_prefix (language, "fr");
  /* The build tree's translations: po/LANG/LC_MESSAGES/postmortem.mo. */
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  pm_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/wait-chain/sentences", test_sentences);
  g_test_add_func ("/ui/wait-chain/graph", test_graph);
  g_test_add_func ("/ui/wait-chain/report-page", test_report_page);
  g_test_add_func ("/ui/wait-chain/bad-value", test_bad_value);
  return g_test_run ();
}
