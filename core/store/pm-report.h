/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report.h — PmReport: one stored report, loaded (read-only snapshot).
 *
 * Runs in: any GLib process that reads the store (postmortemctl, the application, the
 * uploader).
 *
 * A PmReport is what pm_store_load_report() or pm_store_list_reports() read from
 * <store>/queue/<key>/ or <store>/archive/<key>/: every Report.wer key/value in file
 * order, and the files of the report directory with their sizes. It does not change when
 * the store changes; load it again to see new values.
 *
 * A report listed by pm_store_list_reports() whose Report.wer could not be read carries the
 * reason in pm_report_get_load_error(); its key, state and files are still known, its
 * values are empty.
 */
#pragma once

#if !defined (PM_STORE_INSIDE) && !defined (PM_COMPILATION)
#error "Only <postmortem-store.h> can be included directly."
#endif

#include <glib-object.h>

#include "pm-store-visibility.h"

G_BEGIN_DECLS

/* Where a report is; also used as a set of states (flags) by the listing calls. */
typedef enum /*< flags >*/
{
  PM_REPORT_STATE_QUEUE   = 1 << 0,
  PM_REPORT_STATE_ARCHIVE = 1 << 1,
  PM_REPORT_STATE_ALL     = PM_REPORT_STATE_QUEUE | PM_REPORT_STATE_ARCHIVE,
} PmReportState;

/* The Report.wer key holding the flood counter (absent means 1), see pm-store.h. */
#define PM_REPORT_KEY_COUNT           "Postmortem.Count"
#define PM_REPORT_KEY_LAST_EVENT_TIME "Postmortem.LastEventTime"
/* The number of signature parameters a report may carry (Sig[0..9], WER's P0..P9). */
#define PM_REPORT_MAX_SIGNATURE 10

#define PM_TYPE_REPORT (pm_report_get_type ())
PM_STORE_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PmReport, pm_report, PM, REPORT, GObject)

PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_key              (PmReport       *report);
PM_STORE_AVAILABLE_IN_ALL
PmReportState pm_report_get_state            (PmReport       *report);
/* The error that kept Report.wer from loading (PM_ERROR_CORRUPT, PM_ERROR_UNSAFE…), or NULL. */
PM_STORE_AVAILABLE_IN_ALL
const GError *pm_report_get_load_error       (PmReport       *report);

/* Report.wer values. Every getter returns NULL when the key is absent. */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_value            (PmReport       *report,
                                              const char     *key);
/* The Report.wer keys in file order (NULL-terminated, borrowed). */
PM_STORE_AVAILABLE_IN_ALL
const char * const *pm_report_get_keys       (PmReport       *report);
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_event_type       (PmReport       *report);   /* EventType */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_app_name         (PmReport       *report);   /* AppName */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_app_path         (PmReport       *report);   /* AppPath */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_report_id        (PmReport       *report);   /* ReportIdentifier */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_bucket_id        (PmReport       *report);   /* Response.BucketId */
/* EventTime (a FILETIME in Report.wer) as a GDateTime in UTC, or NULL. Owned by the report. */
PM_STORE_AVAILABLE_IN_ALL
GDateTime    *pm_report_get_event_time       (PmReport       *report);
/* The flood counter: how many crashes this report stands for (1 when absent). */
PM_STORE_AVAILABLE_IN_ALL
guint         pm_report_get_count            (PmReport       *report);
/* Sig[@index].Name / .Value (index 0..9); FALSE when that parameter is absent. */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_report_get_signature        (PmReport       *report,
                                              guint           index,
                                              const char    **name,
                                              const char    **value);

/* The regular files of the report directory, sorted by name (Report.wer included). */
PM_STORE_AVAILABLE_IN_ALL
guint         pm_report_get_n_files          (PmReport       *report);
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_file_name        (PmReport       *report,
                                              guint           index);
PM_STORE_AVAILABLE_IN_ALL
guint64       pm_report_get_file_size        (PmReport       *report,
                                              guint           index);
/* Sum of the sizes of the report's files. */
PM_STORE_AVAILABLE_IN_ALL
guint64       pm_report_get_size             (PmReport       *report);
/* The main minidump: the first File[N] whose Type is MiniDump, HeapDump or TriageDump
 * and that exists, else the first file ending in ".dmp"; NULL when there is none. */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_minidump_name    (PmReport       *report);

/* Opens one file of the report for reading (O_NOFOLLOW|O_NONBLOCK, regular file with one
 * link, checked). Returns the fd (caller closes) or -1 with @error set. Fails with
 * PM_ERROR_NOT_FOUND if the report moved meanwhile. */
PM_STORE_AVAILABLE_IN_ALL
int           pm_report_open_file            (PmReport       *report,
                                              const char     *name,
                                              GError        **error);

/* Report.wer values as text: one "Key=Value" per line (exactly the file format). */
PM_STORE_AVAILABLE_IN_ALL
char         *pm_report_to_wer_data          (PmReport       *report,
                                              gsize          *length);

G_END_DECLS
