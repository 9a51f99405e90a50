/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-info-row.c — rows that show one value, selectable and copyable.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-info-row.h"

GtkWidget *
pm_value_label_new (const char *text,
                    gboolean    monospace)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  return label;
}

static void
copy_clicked_cb (GtkButton  *button,
                 const char *text)
{
  GtkWidget *toast_overlay;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);

  toast_overlay = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_TOAST_OVERLAY);
  if (toast_overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (toast_overlay), adw_toast_new (_("Copied")));
}

GtkWidget *
pm_icon_button_new (const char *icon_name,
                    const char *tooltip)
{
  GtkWidget *button;

  g_assert (tooltip != NULL);

  button = gtk_button_new_from_icon_name (icon_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

GtkWidget *
pm_info_row_new (const char *title,
                 const char *value,
                 gboolean    monospace,
                 gboolean    copy)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label;

  g_return_val_if_fail (title != NULL, NULL);

  /* Empty and invalid values read as "—", never as a blank. */
  if (value != NULL && (*value == '\0' || !g_utf8_validate (value, -1, NULL)))
    value = NULL;

  label = pm_value_label_new (value ? value : "—", monospace);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (label, TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value ? value : "",
                                  -1);

  if (copy && value != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Copy %s"), title);
      GtkWidget *button = pm_icon_button_new ("edit-copy-symbolic", tooltip);

      g_signal_connect_data (button, "clicked", G_CALLBACK (copy_clicked_cb),
                             g_strdup (value), (GClosureNotify) (void (*) (void)) g_free, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}
