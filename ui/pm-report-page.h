/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-page.h — PmReportPage: one report, in plain words first.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * "Text Editor Quit Unexpectedly", when, the version, what kind of failure
 * in plain words, the technical line; then groups: Application, Problem,
 * System, Custom Information, Signature and Bucket, Files (Open Folder),
 * Submission, and the other reports of the same problem.
 */
#pragma once

#include <adwaita.h>

#include "pm-report.h"
#include "pm-report-group.h"

G_BEGIN_DECLS

#define PM_TYPE_REPORT_PAGE (pm_report_page_get_type ())

G_DECLARE_FINAL_TYPE (PmReportPage, pm_report_page, PM, REPORT_PAGE, GtkWidget)

GtkWidget     *pm_report_page_new         (void);
PmReport      *pm_report_page_get_report  (PmReportPage  *self);
/* Shows @report; @group (may be NULL) lists the other reports of the same bucket. */
void           pm_report_page_set_report  (PmReportPage  *self,
                                           PmReport      *report,
                                           PmReportGroup *group);
/* The headline as shown ("… Quit Unexpectedly"), for tests. */
const char    *pm_report_page_get_headline (PmReportPage *self);

G_END_DECLS
