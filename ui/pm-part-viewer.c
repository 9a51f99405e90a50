/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-part-viewer.c — the read-only text window for one part of a report.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-part-viewer.h"

/* Text views slow down past a few megabytes; text parts are far smaller. */
#define MAX_SHOWN_BYTES (4 * 1024 * 1024)

GtkWindow *
pm_part_viewer_show (GtkWidget  *parent,
                     const char *title,
                     GBytes     *text)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  gsize length = 0;
  const char *data = text != NULL ? g_bytes_get_data (text, &length) : NULL;
  g_autofree char *valid = g_utf8_make_valid (data != NULL ? data : "", MIN (length, MAX_SHOWN_BYTES));
  g_autofree char *heading = g_strdup_printf (_("Sent as “%s”"), title);

  gtk_window_set_title (GTK_WINDOW (window), heading);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), valid, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (window), box);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (view);
  return GTK_WINDOW (window);
}
