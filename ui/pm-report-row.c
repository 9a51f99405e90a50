/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-row.c — PmReportRow: one row of the report list (one bucket).
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Its relative time ("5 minutes ago") follows the clock while the row is on screen,
 * through the process's one ticker (pm-time-ticker.h), never a timer per row.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-report-row.h"
#include "pm-report-text.h"
#include "pm-time-ticker.h"

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
  char          *before_time;   /* the accessible label's parts around the time */
  char          *after_time;
  guint          ticker_id;     /* while mapped */
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
  g_clear_pointer (&self->before_time, g_free);
  g_clear_pointer (&self->after_time, g_free);
  g_clear_handle_id (&self->ticker_id, pm_time_ticker_remove);

  G_OBJECT_CLASS (pm_report_row_parent_class)->dispose (object);
}

static void
pm_report_row_show_time (PmReportRow *self)
{
  g_autofree char *when = NULL;
  g_autofree char *accessible = NULL;

  if (self->group == NULL)
    return;
  when = pm_format_relative_time (pm_report_group_get_latest_time (self->group), NULL);
  if (g_strcmp0 (when, gtk_label_get_text (self->time_label)) == 0)
    return;
  gtk_label_set_text (self->time_label, when);
  accessible = g_strdup_printf ("%s, %s%s", self->before_time, when, self->after_time);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
pm_report_row_tick (gpointer data)
{
  pm_report_row_show_time (PM_REPORT_ROW (data));
}

static void
pm_report_row_map (GtkWidget *widget)
{
  PmReportRow *self = PM_REPORT_ROW (widget);

  GTK_WIDGET_CLASS (pm_report_row_parent_class)->map (widget);
  /* Time went on while the row was scrolled away. */
  pm_report_row_show_time (self);
  if (self->ticker_id == 0)
    self->ticker_id = pm_time_ticker_add (pm_report_row_tick, self);
}

static void
pm_report_row_unmap (GtkWidget *widget)
{
  PmReportRow *self = PM_REPORT_ROW (widget);

  g_clear_handle_id (&self->ticker_id, pm_time_ticker_remove);
  GTK_WIDGET_CLASS (pm_report_row_parent_class)->unmap (widget);
}

static void
pm_report_row_class_init (PmReportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pm_report_row_dispose;
  widget_class->map = pm_report_row_map;
  widget_class->unmap = pm_report_row_unmap;

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
  g_autofree char *count = NULL;
  g_autoptr(GIcon) icon = NULL;
  const char *state;
  guint n;

  g_return_if_fail (PM_IS_REPORT_ROW (self));
  g_return_if_fail (!group || PM_IS_REPORT_GROUP (group));

  if (!g_set_object (&self->group, group) || group == NULL)
    return;

  report = pm_report_group_get_newest (group);
  name = pm_report_dup_display_name (report);
  summary = pm_report_dup_summary (report);
  icon = pm_report_dup_app_icon (report);
  n = pm_report_group_get_count (group);

  gtk_image_set_from_gicon (self->icon, icon);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->summary_label, summary);

  if (n > 1)
    {
      g_autofree char *times = pm_format_count (n);

      /* Translators: the same problem happened this many times. */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s time", "%s times", n), times);
      gtk_label_set_text (self->count_label, count);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), _("Crashed this many times"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n > 1);

  if (pm_report_group_is_pending (group))
    state = _("Pending");
  else if (pm_report_get_value (report, "Response.ReportId") != NULL)
    state = _("Sent");
  else
    state = _("Not Sent");
  gtk_label_set_text (self->state_label, state);

  /* "name, summary, when[, count], state": the time part follows the clock. */
  g_free (self->before_time);
  self->before_time = g_strdup_printf ("%s, %s", name, summary);
  g_free (self->after_time);
  self->after_time = g_strdup_printf ("%s%s, %s", count ? ", " : "", count ? count : "", state);
  gtk_label_set_text (self->time_label, "");
  pm_report_row_show_time (self);
}
