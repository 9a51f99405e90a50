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

#include <glib-object.h>

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
G_DECLARE_FINAL_TYPE (PmReport, pm_report, PM, REPORT, GObject)

const char   *pm_report_get_key              (PmReport       *report);
PmReportState pm_report_get_state            (PmReport       *report);
/* The error that kept Report.wer from loading (PM_ERROR_CORRUPT, PM_ERROR_UNSAFE…), or NULL. */
const GError *pm_report_get_load_error       (PmReport       *report);

/* Report.wer values. Every getter returns NULL when the key is absent. */
const char   *pm_report_get_value            (PmReport       *report,
                                              const char     *key);
/* The Report.wer keys in file order (NULL-terminated, borrowed). */
const char * const *pm_report_get_keys       (PmReport       *report);
const char   *pm_report_get_event_type       (PmReport       *report);   /* EventType */
const char   *pm_report_get_app_name         (PmReport       *report);   /* AppName */
const char   *pm_report_get_app_path         (PmReport       *report);   /* AppPath */
const char   *pm_report_get_report_id        (PmReport       *report);   /* ReportIdentifier */
const char   *pm_report_get_bucket_id        (PmReport       *report);   /* Response.BucketId */
/* EventTime (a FILETIME in Report.wer) as a GDateTime in UTC, or NULL. Owned by the report. */
GDateTime    *pm_report_get_event_time       (PmReport       *report);
/* The flood counter: how many crashes this report stands for (1 when absent). */
guint         pm_report_get_count            (PmReport       *report);
/* Sig[@index].Name / .Value (index 0..9); FALSE when that parameter is absent. */
gboolean      pm_report_get_signature        (PmReport       *report,
                                              guint           index,
                                              const char    **name,
                                              const char    **value);

/* The regular files of the report directory, sorted by name (Report.wer included). */
guint         pm_report_get_n_files          (PmReport       *report);
const char   *pm_report_get_file_name        (PmReport       *report,
                                              guint           index);
guint64       pm_report_get_file_size        (PmReport       *report,
                                              guint           index);
/* Sum of the sizes of the report's files. */
guint64       pm_report_get_size             (PmReport       *report);
/* The main minidump: the first File[N] whose Type is MiniDump, HeapDump or TriageDump
 * and that exists, else the first file ending in ".dmp"; NULL when there is none. */
const char   *pm_report_get_minidump_name    (PmReport       *report);

/* Opens one file of the report for reading (O_NOFOLLOW|O_NONBLOCK, regular file with one
 * link, checked). Returns the fd (caller closes) or -1 with @error set. Fails with
 * PM_ERROR_NOT_FOUND if the report moved meanwhile. */
int           pm_report_open_file            (PmReport       *report,
                                              const char     *name,
                                              GError        **error);

/* The path of the report's folder where it was when loaded, for a person to open in a file
 * manager or to hand a file of it to another program (newly allocated). The store's own
 * code never goes by this path; use pm_report_open_file() to read. */
char         *pm_report_dup_path             (PmReport       *report);

/* Report.wer values as text: one "Key=Value" per line (exactly the file format). */
char         *pm_report_to_wer_data          (PmReport       *report,
                                              gsize          *length);

G_END_DECLS
