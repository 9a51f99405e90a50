/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-row.c — PmReportRow: one row of the report list (one bucket).
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-report-row.h"
#include "pm-report-text.h"

struct _PmReportRow
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *box;
  GtkImage      *icon;
  GtkLabel      *name_label;
  GtkLabel      *time_label;
  GtkLabel      *summary_label;
  GtkLabel      *count_label;
  GtkLabel      *state_label;

  /* Owned */
  PmReportGroup *group;
};

G_DEFINE_FINAL_TYPE (PmReportRow, pm_report_row, GTK_TYPE_WIDGET)

static void
pm_report_row_dispose (GObject *object)
{
  PmReportRow *self = PM_REPORT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_REPORT_ROW);
  /* Children without an id are not cleared by the template: unparent them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  g_clear_object (&self->group);

  G_OBJECT_CLASS (pm_report_row_parent_class)->dispose (object);
}

static void
pm_report_row_class_init (PmReportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pm_report_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-report-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PmReportRow, box);
  gtk_widget_class_bind_template_child (widget_class, PmReportRow, icon);
  gtk_widget_class_bind_template_child (widget_class, PmReportRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportRow, count_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportRow, state_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pm_report_row_init (PmReportRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pm_report_row_new (void)
{
  return g_object_new (PM_TYPE_REPORT_ROW, NULL);
}

PmReportGroup *
pm_report_row_get_group (PmReportRow *self)
{
  g_return_val_if_fail (PM_IS_REPORT_ROW (self), NULL);
  return self->group;
}

void
pm_report_row_set_group (PmReportRow   *self,
                         PmReportGroup *group)
{
  PmReport *report;
  g_autofree char *name = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *when = NULL;
  g_autofree char *count = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GIcon) icon = NULL;
  const char *state;
  guint n;

  g_return_if_fail (PM_IS_REPORT_ROW (self));
  g_return_if_fail (!group || PM_IS_REPORT_GROUP (group));

  if (!g_set_object (&self->group, group) || group == NULL)
    return;

  report = pm_report_group_get_newest (group);
  name = pm_report_dup_display_name (report);
  summary = pm_report_group_dup_headline (group);
  when = pm_format_relative_time (pm_report_group_get_latest_time (group), NULL);
  icon = pm_report_dup_app_icon (report);
  n = pm_report_group_get_count (group);

  gtk_image_set_from_gicon (self->icon, icon);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->summary_label, summary);
  gtk_label_set_text (self->time_label, when);

  if (n > 1)
    {
      /* Translators: the same problem happened this many times. */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u time", "%u times", n), n);
      gtk_label_set_text (self->count_label, count);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), _("Crashed this many times"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n > 1);

  if (pm_report_group_is_pending (group))
    state = _("Pending");
  else if (pm_report_was_sent (report))
    state = _("Sent");
  else
    state = _("Declined");
  gtk_label_set_text (self->state_label, state);

  accessible = g_strdup_printf ("%s, %s, %s%s%s, %s", name, summary, when,
                                count ? ", " : "", count ? count : "", state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}
