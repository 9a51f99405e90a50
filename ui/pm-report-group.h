/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-group.h — PmReportGroup: the reports of one bucket (the same problem).
 *
 * Runs in: the postmortem GUI process (GTK main thread once built).
 *
 * The report list shows one row per bucket: the newest report stands for the
 * group, and the count says how many crashes the group holds (each report's
 * flood counter, summed).
 */
#pragma once

#include <gio/gio.h>

#include "pm-report.h"

G_BEGIN_DECLS

#define PM_TYPE_REPORT_GROUP (pm_report_group_get_type ())

G_DECLARE_FINAL_TYPE (PmReportGroup, pm_report_group, PM, REPORT_GROUP, GObject)

/* @bucket: the group's bucket id (Response.BucketId), or the report key when there is none. */
PmReportGroup *pm_report_group_new               (const char    *bucket);
const char    *pm_report_group_get_bucket        (PmReportGroup *self);
void           pm_report_group_add_report        (PmReportGroup *self,
                                                  PmReport      *report);
/* Sorts the reports newest first; call once after the last add. */
void           pm_report_group_sort              (PmReportGroup *self);
guint          pm_report_group_get_n_reports     (PmReportGroup *self);
PmReport      *pm_report_group_get_report        (PmReportGroup *self,
                                                  guint          index);
/* The newest report of the group (the one a row shows). */
PmReport      *pm_report_group_get_newest        (PmReportGroup *self);
gboolean       pm_report_group_contains_key      (PmReportGroup *self,
                                                  const char    *key);
/* How many crashes the group stands for. */
guint          pm_report_group_get_count         (PmReportGroup *self);
/* The latest event of the group (EventTime or Postmortem.LastEventTime). Borrowed. */
GDateTime     *pm_report_group_get_latest_time   (PmReportGroup *self);
/* TRUE when some report of the group is still in the queue. */
gboolean       pm_report_group_is_pending        (PmReportGroup *self);
/* Case-insensitive match of @needle (already casefolded) against application,
 * signature and report ids/keys. */
gboolean       pm_report_group_matches           (PmReportGroup *self,
                                                  const char    *needle);
/* TRUE for an archived report the server acknowledged (Response.ReportId); an archived
 * report without one was declined (and can still be sent later). */
gboolean       pm_report_was_sent                (PmReport      *report);
/* What a row says under the application's name, in plain words: "It tried to use
 * memory it does not own." for a known signal, else the technical summary. Owned. */
char          *pm_report_group_dup_headline      (PmReportGroup *self);
/* The latest event of @report: Postmortem.LastEventTime if later than EventTime. Owned. */
GDateTime     *pm_report_dup_latest_time         (PmReport      *report);

G_END_DECLS
