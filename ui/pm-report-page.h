/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-page.h — PmReportPage: one report, in plain words first.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * "Text Editor Quit Unexpectedly"; what happened in one plain sentence (who, when,
 * what kind of failure, where); "The memory dump is damaged: …" when it is; the
 * technical line. Then groups: Summary (each value once, copy buttons only on the
 * stack signature and the report ID, "All Values" unfolding every Report.wer line),
 * Custom Information (when the application added some), Files (Open Folder, the dump),
 * Submission, and the other reports of the same problem. With a store
 * (pm_report_page_set_store()): for a queued report, "What Will Be Sent", its
 * manifest with a switch per part (each change is saved in the report as the
 * person's choice, for the crash dialog and the uploader); for a sent one,
 * "What Was Sent", the manifest the uploader recorded.
 */
#pragma once

#include <adwaita.h>

#include "pm-report.h"
#include "pm-report-group.h"
#include "pm-store.h"

G_BEGIN_DECLS

#define PM_TYPE_REPORT_PAGE (pm_report_page_get_type ())

G_DECLARE_FINAL_TYPE (PmReportPage, pm_report_page, PM, REPORT_PAGE, GtkWidget)

GtkWidget     *pm_report_page_new         (void);
PmReport      *pm_report_page_get_report  (PmReportPage  *self);
/* The store the reports come from (for their manifests); set once. */
void           pm_report_page_set_store   (PmReportPage  *self,
                                           PmStore       *store);
/* Shows @report; @group (may be NULL) lists the other reports of the same bucket. */
void           pm_report_page_set_report  (PmReportPage  *self,
                                           PmReport      *report,
                                           PmReportGroup *group);
/* The headline as shown ("… Quit Unexpectedly"), for tests. */
const char    *pm_report_page_get_headline (PmReportPage *self);

G_END_DECLS
