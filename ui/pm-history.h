/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-history.h — PmHistory: crashes and hangs per day and per application, as the history
 * chart draws them, and each application's trend since its last update.
 *
 * Runs in: the postmortem GUI process. pm_history_new() runs in a worker thread (it gets
 * the store's summaries, does no I/O); the result is read-only and used in the main thread.
 *
 * Days are local calendar days; day 0 is the oldest shown, the last one is today. A report
 * stands for pm_report_summary's count crashes (the store's flood counter); a report whose
 * EventType starts with "AppHang" is a hang, every other one a crash.
 */
#pragma once

#include <glib.h>

#include "pm-store-summary.h"

G_BEGIN_DECLS

typedef struct _PmHistory PmHistory;

/* One report of a day, as the day's list shows it. */
typedef struct
{
  const char *key;
  gint64      time_us;     /* EventTime, Unix µs */
  guint       app;         /* index of its application */
  guint       count;
  gboolean    hang;
} PmHistoryReport;

/* Bins the @summaries (PmReportSummary, any order) into the days up to the day of @now
 * (local time): at least @min_days, more to reach the oldest report, at most @max_days. */
PmHistory      *pm_history_new               (GPtrArray   *summaries,
                                              GDateTime   *now,
                                              guint        min_days,
                                              guint        max_days);
PmHistory      *pm_history_ref               (PmHistory   *history);
void            pm_history_unref             (PmHistory   *history);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmHistory, pm_history_unref)

guint           pm_history_get_n_days        (PmHistory   *history);
/* Midnight (local) of @day. */
GDateTime      *pm_history_dup_day           (PmHistory   *history,
                                              guint        day);
/* The day holding @time_us, or G_MAXUINT when it is not shown. */
guint           pm_history_find_day          (PmHistory   *history,
                                              gint64       time_us);
/* Applications, most problems first (their colours follow this order). */
guint           pm_history_get_n_apps        (PmHistory   *history);
const char     *pm_history_get_app_name      (PmHistory   *history,
                                              guint        app);
guint           pm_history_get_crashes       (PmHistory   *history,
                                              guint        day,
                                              guint        app);
guint           pm_history_get_hangs         (PmHistory   *history,
                                              guint        day,
                                              guint        app);
/* All applications on @day. */
void            pm_history_get_day_totals    (PmHistory   *history,
                                              guint        day,
                                              guint       *crashes,
                                              guint       *hangs);
/* The largest crashes + hangs of one day (the chart's scale). */
guint           pm_history_get_max_day_total (PmHistory   *history);
/* The app's crashes and hangs over every shown day. */
void            pm_history_get_app_totals    (PmHistory   *history,
                                              guint        app,
                                              guint       *crashes,
                                              guint       *hangs);
/* The reports of @day, oldest first (borrowed; valid while @history lives). */
const PmHistoryReport *pm_history_get_day_reports (PmHistory *history,
                                              guint        day,
                                              guint       *n_reports);

/* The app's trend since its newest version first appeared, in words ("Notes crashed
 * 4 times since version 1.2 (was 1 time in as many days before)"), or NULL when the
 * reports do not show a version change. @change (optional): >0 more crashes per day
 * than before, <0 fewer, 0 as many. */
char           *pm_history_dup_trend         (PmHistory   *history,
                                              guint        app,
                                              int         *change);

/* "5 December: 3 crashes, 1 hang" (the day's accessible name). */
char           *pm_history_dup_day_description (PmHistory *history,
                                              guint        day);
/* "5 December". */
char           *pm_history_dup_day_title     (PmHistory   *history,
                                              guint        day);

G_END_DECLS
