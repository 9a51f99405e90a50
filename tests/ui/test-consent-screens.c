/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-consent-screens.c — every screen of the consent work, at 360 px wide and
 * at full size, rendered to PNGs to look at (consent-SCREEN-WIDTH-LANG.png in
 * <build>/tests/ui): the crash dialog (question, details, a part switched off,
 * the replacements, "Always", the text viewer, "What Was Sent"), the report
 * page's "What Will Be Sent" and "What Was Sent", and the Preferences'
 * application rows. Checks that each fits 360 px (nothing wider than the
 * window: usable on a phone-sized screen) and that every part switch and view
 * button can take the keyboard focus.
 *
 * Run by meson in English; for French:
 *   LANGUAGE=fr LC_ALL=fr_FR.UTF-8 PM_BUILD_DIR=build PM_CORPUS_DIR=… build/tests/ui/test-consent-screens
 * (the build tree's po/ is bound as the translations' directory; in French it
 * also checks that the new words are translated).
 *
 * Runs in: a test program (GTK main thread). Needs PM_CORPUS_DIR (skips without).
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pm-crash-dialog.h"
#include "pm-crash-dialog-private.h"
#include "pm-manifest-view.h"
#include "pm-preferences-window.h"
#include "pm-report-page.h"
#include "pm-report-text.h"
#include "test-crash-dialog-util.h"

#define NARROW 360
#define FULL_WIDTH 1280
#define FULL_HEIGHT 800

static PmStore *store;
static PmTestReceiver *receiver;
static const char *lang;   /* "en" or "fr", in the PNG names */

static gboolean
is_french (void)
{
  return g_strcmp0 (lang, "fr") == 0;
}

static void
save (GtkWidget  *widget,
      const char *screen,
      int         width)
{
  g_autofree char *name = g_strdup_printf ("consent-%s-%s-%s", screen,
                                           width == NARROW ? "360" : "full", lang);
  g_autofree char *path = NULL;

  /* pm_test_save_png waits for transitions and frames itself. */
  path = pm_test_save_png (widget, name);
}

/* Nothing may need more than the window's width. */
static void
assert_fits (GtkWidget *window,
             int        width)
{
  int minimum = 0;

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (width == NARROW)
    g_assert_cmpint (minimum, <=, NARROW);
  g_assert_cmpint (gtk_widget_get_width (window), <=, width);
}

static void
assert_focusable (GtkWidget *root)
{
  g_autoptr(GPtrArray) switches = pm_test_find_all (root, GTK_TYPE_SWITCH);
  g_autoptr(GPtrArray) buttons = pm_test_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < switches->len; i++)
    g_assert_true (gtk_widget_get_focusable (g_ptr_array_index (switches, i)));
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      /* An icon-only button says what it does. */
      if (gtk_button_get_label (GTK_BUTTON (button)) == NULL && gtk_button_get_icon_name (GTK_BUTTON (button)) != NULL)
        g_assert_nonnull (gtk_widget_get_tooltip_text (button));
    }
}

static GtkWindow *
make_parent (int width)
{
  GtkWindow *parent = GTK_WINDOW (adw_window_new ());

  gtk_window_set_default_size (parent, width, width == NARROW ? 720 : FULL_HEIGHT);
  gtk_window_present (parent);
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, parent, 10));
  return parent;
}

static gboolean
view_is_ready (gpointer data)
{
  return pm_manifest_view_get_manifest (data) != NULL && !pm_manifest_view_is_busy (data);
}

static gboolean
dialog_not_sending (gpointer data)
{
  return pm_crash_dialog_get_state (data) != PM_CRASH_DIALOG_SENDING;
}

static PmManifestView *
unfold_details (PmCrashDialog *dialog)
{
  GtkWidget *details = pm_test_find_first (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER);
  PmManifestView *view;

  gtk_expander_set_expanded (GTK_EXPANDER (details), TRUE);
  view = PM_MANIFEST_VIEW (pm_test_find_first (details, PM_TYPE_MANIFEST_VIEW));
  g_assert_true (pm_test_wait_for (view_is_ready, view, 30));
  return view;
}

static void
shoot_dialog (int width)
{
  g_autofree char *key = pm_test_make_report (store, "text-editor", TRUE);
  g_autofree char *path = g_build_filename (g_get_home_dir (), "Documents", "letter.odt", NULL);
  const char *values[] = { "Metadata[0].Key", "Document", "Metadata[0].Value", path, NULL };
  g_autoptr(PmReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = make_parent (width);
  PmCrashDialog *dialog;
  PmManifestView *view;
  GtkWidget *level, *redaction, *viewer_button = NULL;
  g_autoptr(GPtrArray) buttons = NULL;

  g_assert_true (pm_store_set_report_values (store, key, values, &error));
  report = pm_store_load_report (store, key, &error);
  g_assert_no_error (error);
  {
    g_autoptr(PmSettings) settings = pm_test_settings_snapshot (store);
    g_autoptr(PmSettings) restart_state = pm_test_restart_snapshot ();
    dialog = pm_crash_dialog_new (parent, store, report, settings, restart_state);
  }
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, dialog, 10));
  save (GTK_WIDGET (dialog), "dialog", width);
  assert_fits (GTK_WIDGET (dialog), width);

  view = unfold_details (dialog);
  assert_focusable (GTK_WIDGET (view));
  save (GTK_WIDGET (dialog), "dialog-details", width);
  assert_fits (GTK_WIDGET (dialog), width);
  if (is_french ())
    g_assert_nonnull (pm_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Que faut-il envoyer"));

  /* Everything, the attachment switched off, a comment, the replacements shown. */
  level = pm_test_find_first (GTK_WIDGET (view), ADW_TYPE_COMBO_ROW);
  adw_combo_row_set_selected (ADW_COMBO_ROW (level), 2);
  g_assert_true (pm_test_wait_for (view_is_ready, view, 30));
  {
    g_autoptr(GPtrArray) switches = pm_test_find_all (GTK_WIDGET (view), GTK_TYPE_SWITCH);
    GtkWidget *last_file_switch = NULL;

    /* The files' switches come first, the attachment last of them. */
    for (guint i = 0; i < switches->len; i++)
      if (gtk_widget_get_ancestor (g_ptr_array_index (switches, i), ADW_TYPE_EXPANDER_ROW) == NULL)
        last_file_switch = g_ptr_array_index (switches, i);
    g_assert_nonnull (last_file_switch);
    gtk_switch_set_active (GTK_SWITCH (last_file_switch), FALSE);
    g_assert_true (pm_test_wait_for (view_is_ready, view, 30));
  }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (pm_crash_dialog_get_comment_view (dialog)),
                            is_french () ? "J’enregistrais un fichier" : "Saving a file", -1);
  pm_test_settle (600);
  g_assert_true (pm_test_wait_for (view_is_ready, view, 30));
  redaction = pm_test_find_widget (GTK_WIDGET (view), ADW_TYPE_EXPANDER_ROW,
                                   is_french () ? "Masquer les données personnelles" : "Hide Personal Details");
  g_assert_nonnull (redaction);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (redaction), TRUE);
  save (GTK_WIDGET (dialog), "dialog-everything-part-off", width);
  assert_fits (GTK_WIDGET (dialog), width);

  /* The text viewer of the one text file still sent, if any: the attachment
   * switched back on for it. */
  {
    g_autoptr(GPtrArray) switches = pm_test_find_all (GTK_WIDGET (view), GTK_TYPE_SWITCH);

    for (guint i = 0; i < switches->len; i++)
      if (!gtk_switch_get_active (g_ptr_array_index (switches, i)))
        gtk_switch_set_active (g_ptr_array_index (switches, i), TRUE);
    g_assert_true (pm_test_wait_for (view_is_ready, view, 30));
  }
  buttons = pm_test_find_all (GTK_WIDGET (view), GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len && viewer_button == NULL; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (g_ptr_array_index (buttons, i)), "document-open-symbolic") == 0)
      viewer_button = g_ptr_array_index (buttons, i);
  g_assert_nonnull (viewer_button);
  g_signal_emit_by_name (viewer_button, "clicked");
  pm_test_settle (500);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWindow *viewer = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

        if (gtk_window_get_transient_for (window) == GTK_WINDOW (dialog))
          viewer = window;
      }
    g_assert_nonnull (viewer);
    if (width == NARROW)
      gtk_window_set_default_size (viewer, NARROW, 480);
    g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, viewer, 10));
    save (GTK_WIDGET (viewer), "text-viewer", width);
    assert_fits (GTK_WIDGET (viewer), width);
    gtk_window_destroy (viewer);
  }

  gtk_check_button_set_active (GTK_CHECK_BUTTON (pm_test_find_first (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON)), TRUE);
  gtk_expander_set_expanded (GTK_EXPANDER (pm_test_find_first (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER)), FALSE);
  save (GTK_WIDGET (dialog), "dialog-always", width);
  assert_fits (GTK_WIDGET (dialog), width);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (pm_test_find_first (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON)), FALSE);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_true (pm_test_wait_for (dialog_not_sending, dialog, 30));
  g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
  {
    g_autoptr(GPtrArray) expanders = pm_test_find_all (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER);
    GtkWidget *sent = g_ptr_array_index (expanders, expanders->len - 1);

    gtk_expander_set_expanded (GTK_EXPANDER (sent), TRUE);
  }
  save (GTK_WIDGET (dialog), "dialog-sent", width);
  assert_fits (GTK_WIDGET (dialog), width);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (parent);
}

/* Scrolls the page so the group titled @title is at the top. */
static void
scroll_to_group (GtkWidget  *page,
                 const char *title)
{
  g_autoptr(GPtrArray) groups = pm_test_find_all (page, ADW_TYPE_PREFERENCES_GROUP);
  GtkWidget *scroller = pm_test_find_first (page, GTK_TYPE_SCROLLED_WINDOW);
  /* The viewport's child: its coordinates do not move with the scrolling. */
  GtkWidget *content = gtk_widget_get_first_child (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  for (guint i = 0; i < groups->len; i++)
    {
      GtkWidget *group = g_ptr_array_index (groups, i);
      graphene_point_t point;

      if (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), title) != 0)
        continue;
      /* A page just rebuilt has not grown yet: again until the scroll holds. */
      for (guint attempt = 0; attempt < 30; attempt++)
        {
          double target;

          g_assert_true (gtk_widget_compute_point (group, content, &GRAPHENE_POINT_INIT (0, 0), &point));
          target = MIN (point.y - 12, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
          gtk_adjustment_set_value (adjustment, point.y - 12);
          pm_test_settle (100);
          if (target > 0 && ABS (gtk_adjustment_get_value (adjustment) - target) < 1)
            break;
        }
      return;
    }
  g_assert_not_reached ();
}

static void
shoot_report_page (int width)
{
  g_autofree char *queued = pm_test_make_report (store, "image-viewer", TRUE);
  g_autoptr(PmReport) report = pm_store_load_report (store, queued, NULL);
  GtkWindow *window = make_parent (width);
  GtkWidget *page = pm_report_page_new ();
  PmManifestView *view;

  pm_report_page_set_store (PM_REPORT_PAGE (page), store);
  adw_window_set_content (ADW_WINDOW (window), page);
  pm_report_page_set_report (PM_REPORT_PAGE (page), report, NULL);
  view = PM_MANIFEST_VIEW (pm_test_find_first (page, PM_TYPE_MANIFEST_VIEW));
  g_assert_true (pm_test_wait_for (view_is_ready, view, 30));
  assert_focusable (GTK_WIDGET (view));
  pm_test_settle (300);
  scroll_to_group (page, is_french () ? "Ce qui sera envoyé" : "What Will Be Sent");
  save (GTK_WIDGET (window), "report-page-will-send", width);
  assert_fits (GTK_WIDGET (window), width);

  /* Sent: the page shows what was sent. */
  {
    g_autoptr(PmSettings) settings = pm_test_settings_snapshot (store);
    g_autoptr(PmSettings) restart_state = pm_test_restart_snapshot ();
    PmCrashDialog *dialog = pm_crash_dialog_new (window, store, report, settings, restart_state);
    g_autoptr(PmReport) sent = NULL;

    gtk_window_present (GTK_WINDOW (dialog));
    unfold_details (dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
    g_assert_true (pm_test_wait_for (dialog_not_sending, dialog, 30));
    g_assert_cmpint (pm_crash_dialog_get_state (dialog), ==, PM_CRASH_DIALOG_SENT);
    gtk_window_destroy (GTK_WINDOW (dialog));
    sent = pm_store_load_report (store, queued, NULL);
    pm_report_page_set_report (PM_REPORT_PAGE (page), sent, NULL);
    pm_test_settle (300);
    scroll_to_group (page, is_french () ? "Ce qui a été envoyé" : "What Was Sent");
    save (GTK_WIDGET (window), "report-page-was-sent", width);
    assert_fits (GTK_WIDGET (window), width);
  }
  gtk_window_destroy (window);
}

static void
shoot_preferences (int width)
{
  PmPreferencesWindow *window;
  PmSettings *settings = pm_store_get_settings (store);
  g_autoptr(GError) error = NULL;
  GtkWidget *row;

  g_assert_true (pm_settings_set_consent (settings, "music-player", PM_CONSENT_NEVER_SEND, &error));
  g_assert_true (pm_settings_set_consent (settings, "image-viewer", PM_CONSENT_PARAMETERS_SAFE_DATA, &error));
  g_assert_true (pm_settings_set_excluded (settings, "game", TRUE, &error));
  g_assert_no_error (error);

  {
    g_autoptr(PmSettings) snapshot = pm_test_settings_snapshot (store);
    window = pm_preferences_window_new (NULL, store, snapshot);
  }
  gtk_window_set_default_size (GTK_WINDOW (window), width, width == NARROW ? 720 : FULL_HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pm_test_wait_for ((gboolean (*) (gpointer)) gtk_widget_get_mapped, window, 10));
  row = pm_test_find_widget (GTK_WIDGET (window), ADW_TYPE_EXPANDER_ROW, "music-player");
  g_assert_nonnull (row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  assert_focusable (row);
  pm_test_settle (300);
  scroll_to_group (GTK_WIDGET (window), is_french () ? "Applications" : "Applications");
  save (GTK_WIDGET (window), "preferences-applications", width);
  /* The Sending page, where the application rows are (the Storage page is
   * another screen). */
  assert_fits (pm_test_find_first (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_PAGE), width);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screens_narrow (void)
{
  shoot_dialog (NARROW);
  shoot_report_page (NARROW);
  shoot_preferences (NARROW);
}

static void
test_screens_full (void)
{
  shoot_dialog (FULL_WIDTH);
  shoot_report_page (FULL_WIDTH);
  shoot_preferences (FULL_WIDTH);
}

int
main (int argc, char **argv)
{
  g_autofree char *tmp = pm_test_isolate ();
  g_autofree char *localedir = g_build_filename (g_getenv ("PM_BUILD_DIR"), "po", NULL);
  g_autoptr(GError) error = NULL;
  const char *language = g_getenv ("LANGUAGE");
  PmQuota quota;
  int status;

  /* The build tree's translations: po/LANG/LC_MESSAGES/postmortem.mo. */
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  lang = language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";

  store = pm_store_open_default (&error);
  g_assert_no_error (error);
  pm_settings_get_quota (pm_store_get_settings (store), &quota);
  quota.flood_window_seconds = 0;
  g_assert_true (pm_settings_set_quota (pm_store_get_settings (store), &quota, &error));
  receiver = pm_test_receiver_start (NULL);
  g_assert_true (pm_settings_set_value (pm_store_get_settings (store), "Server", "Kind", "breakpad", &error));
  g_assert_true (pm_settings_set_value (pm_store_get_settings (store), "Server", "Url", receiver->url, &error));

  g_test_add_func ("/consent-screens/narrow", test_screens_narrow);
  g_test_add_func ("/consent-screens/full", test_screens_full);
  status = g_test_run ();

  pm_test_receiver_stop (receiver);
  g_object_unref (store);
  pm_test_remove_tree (tmp);
  return status;
}
