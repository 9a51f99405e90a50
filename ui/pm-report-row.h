/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-row.h — PmReportRow: one row of the report list (one bucket).
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 */
#pragma once

#include <gtk/gtk.h>

#include "pm-report-group.h"

G_BEGIN_DECLS

#define PM_TYPE_REPORT_ROW (pm_report_row_get_type ())

G_DECLARE_FINAL_TYPE (PmReportRow, pm_report_row, PM, REPORT_ROW, GtkWidget)

GtkWidget     *pm_report_row_new        (void);
PmReportGroup *pm_report_row_get_group  (PmReportRow   *self);
void           pm_report_row_set_group  (PmReportRow   *self,
                                         PmReportGroup *group);

G_END_DECLS
