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

/**
 * PmReportState:
 * @PM_REPORT_STATE_QUEUE: not yet sent (`queue/`)
 * @PM_REPORT_STATE_ARCHIVE: sent or declined (`archive/`)
 * @PM_REPORT_STATE_ALL: both
 *
 * Where a report is; also a set of states for the listing calls.
 */
typedef enum /*< flags >*/
{
  PM_REPORT_STATE_QUEUE   = 1 << 0,
  PM_REPORT_STATE_ARCHIVE = 1 << 1,
  PM_REPORT_STATE_ALL     = PM_REPORT_STATE_QUEUE | PM_REPORT_STATE_ARCHIVE,
} PmReportState;

/**
 * PM_REPORT_KEY_COUNT:
 *
 * The `Report.wer` key holding the flood counter: how many crashes the report stands for
 * (absent means 1).
 */
#define PM_REPORT_KEY_COUNT           "Postmortem.Count"
/**
 * PM_REPORT_KEY_LAST_EVENT_TIME:
 *
 * The `Report.wer` key holding the FILETIME of the last crash counted by flood control.
 */
#define PM_REPORT_KEY_LAST_EVENT_TIME "Postmortem.LastEventTime"
/**
 * PM_REPORT_MAX_SIGNATURE:
 *
 * The number of signature parameters a report may carry (`Sig[0..9]`, WER's P0..P9).
 */
#define PM_REPORT_MAX_SIGNATURE 10

/**
 * PmReport:
 *
 * One stored report, as loaded by pm_store_load_report() or pm_store_list_reports(): every
 * `Report.wer` value in file order, and the files of the report directory with their sizes.
 * It does not change when the store changes; load it again to see new values.
 *
 * A listed report whose `Report.wer` could not be read carries the reason in
 * pm_report_get_load_error(); its key, state and files are known, its values are empty.
 */
#define PM_TYPE_REPORT (pm_report_get_type ())
PM_STORE_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PmReport, pm_report, PM, REPORT, GObject)

/**
 * pm_report_get_key:
 * @report: a #PmReport
 *
 * The report's key, `<EventType>_<app>_<bucket16>_<uuid>`.
 *
 * Returns: the report's key
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_key              (PmReport       *report);
/**
 * pm_report_get_state:
 * @report: a #PmReport
 *
 * Whether the report is queued or archived.
 *
 * Returns: where the report was when it was loaded
 */
PM_STORE_AVAILABLE_IN_ALL
PmReportState pm_report_get_state            (PmReport       *report);
/**
 * pm_report_get_load_error:
 * @report: a #PmReport
 *
 * The error that kept `Report.wer` from loading.
 *
 * Returns: (nullable): the error (%PM_ERROR_CORRUPT, %PM_ERROR_UNSAFE…), or %NULL
 */
PM_STORE_AVAILABLE_IN_ALL
const GError *pm_report_get_load_error       (PmReport       *report);

/**
 * pm_report_get_value:
 * @report: a #PmReport
 * @key: a `Report.wer` key
 *
 * Any value of the report's `Report.wer`.
 *
 * Returns: (nullable): the value of @key, or %NULL when it is absent
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_value            (PmReport       *report,
                                              const char     *key);
/**
 * pm_report_get_keys:
 * @report: a #PmReport
 *
 * Every `Report.wer` key of the report.
 *
 * Returns: (array zero-terminated=1) (transfer none): the `Report.wer` keys in file order
 */
PM_STORE_AVAILABLE_IN_ALL
const char * const *pm_report_get_keys       (PmReport       *report);
/**
 * pm_report_get_event_type:
 * @report: a #PmReport
 *
 * The kind of event, such as `APPCRASH`.
 *
 * Returns: (nullable): `EventType`
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_event_type       (PmReport       *report);   /* EventType */
/**
 * pm_report_get_app_name:
 * @report: a #PmReport
 *
 * The application that crashed.
 *
 * Returns: (nullable): `AppName`
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_app_name         (PmReport       *report);   /* AppName */
/**
 * pm_report_get_app_path:
 * @report: a #PmReport
 *
 * The path of the program that crashed.
 *
 * Returns: (nullable): `AppPath`
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_app_path         (PmReport       *report);   /* AppPath */
/**
 * pm_report_get_report_id:
 * @report: a #PmReport
 *
 * The report's identifier, a UUID.
 *
 * Returns: (nullable): `ReportIdentifier`
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_report_id        (PmReport       *report);   /* ReportIdentifier */
/**
 * pm_report_get_bucket_id:
 * @report: a #PmReport
 *
 * The bucket: 16 hex digits of a hash of `EventType` and the signature, the same for every report of the same problem.
 * It is computed from the report's values by the current rule, which leaves out absolute
 * addresses; for reports stored by an older rule it can differ from their `Response.BucketId`
 * and from the bucket in their key.
 *
 * Returns: (nullable): the bucket, or %NULL when the report's `Report.wer` did not load
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_bucket_id        (PmReport       *report);   /* from EventType and Sig[N] */
/**
 * pm_report_get_event_time:
 * @report: a #PmReport
 *
 * `EventTime` (a FILETIME in `Report.wer`) in UTC.
 *
 * Returns: (nullable) (transfer none): the time, owned by the report, or %NULL
 */
PM_STORE_AVAILABLE_IN_ALL
GDateTime    *pm_report_get_event_time       (PmReport       *report);
/**
 * pm_report_get_count:
 * @report: a #PmReport
 *
 * The flood counter: how many crashes this report stands for.
 *
 * Returns: `Postmortem.Count`, 1 when absent
 */
PM_STORE_AVAILABLE_IN_ALL
guint         pm_report_get_count            (PmReport       *report);
/**
 * pm_report_get_signature:
 * @report: a #PmReport
 * @index: the parameter, 0 to 9
 * @name: (out) (optional) (transfer none): `Sig[@index].Name`
 * @value: (out) (optional) (transfer none): `Sig[@index].Value`
 *
 * One signature parameter of the report.
 *
 * Returns: %FALSE when that signature parameter is absent
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_report_get_signature        (PmReport       *report,
                                              guint           index,
                                              const char    **name,
                                              const char    **value);

/**
 * pm_report_get_n_files:
 * @report: a #PmReport
 *
 * How many files the report holds.
 *
 * Returns: the number of regular files in the report directory (`Report.wer` included)
 */
PM_STORE_AVAILABLE_IN_ALL
guint         pm_report_get_n_files          (PmReport       *report);
/**
 * pm_report_get_file_name:
 * @report: a #PmReport
 * @index: a file, below pm_report_get_n_files()
 *
 * The name of one file of the report.
 *
 * Returns: the name of the file, files sorted by name
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_file_name        (PmReport       *report,
                                              guint           index);
/**
 * pm_report_get_file_size:
 * @report: a #PmReport
 * @index: a file, below pm_report_get_n_files()
 *
 * The size of one file of the report.
 *
 * Returns: the size of the file in bytes
 */
PM_STORE_AVAILABLE_IN_ALL
guint64       pm_report_get_file_size        (PmReport       *report,
                                              guint           index);
/**
 * pm_report_get_size:
 * @report: a #PmReport
 *
 * The bytes the report uses.
 *
 * Returns: the sum of the sizes of the report's files
 */
PM_STORE_AVAILABLE_IN_ALL
guint64       pm_report_get_size             (PmReport       *report);
/**
 * pm_report_get_minidump_name:
 * @report: a #PmReport
 *
 * The main minidump: the first `File[N]` whose type is MiniDump, HeapDump or TriageDump
 * and that exists, else the first file ending in `.dmp`.
 *
 * Returns: (nullable): the file name, or %NULL when there is none
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_get_minidump_name    (PmReport       *report);

/**
 * pm_report_open_file:
 * @report: a #PmReport
 * @name: a file of the report
 * @error: return location for a #GError, or %NULL
 *
 * Opens one file of the report for reading (`O_NOFOLLOW|O_NONBLOCK`; it must be a regular
 * file with one link).
 *
 * Returns: the fd (the caller closes it), or -1 with @error set (%PM_ERROR_NOT_FOUND when
 *   the report moved meanwhile)
 */
PM_STORE_AVAILABLE_IN_ALL
int           pm_report_open_file            (PmReport       *report,
                                              const char     *name,
                                              GError        **error);

/**
 * pm_report_dup_path:
 * @report: a #PmReport
 *
 * The path of the report's folder where it was when loaded, for a person to open in a
 * file manager or to hand a file of it to another program. The store's own code never
 * goes by this path; use pm_report_open_file() to read.
 *
 * Returns: (transfer full): the path
 */
PM_STORE_AVAILABLE_IN_ALL
char         *pm_report_dup_path             (PmReport       *report);

/**
 * pm_report_to_wer_data:
 * @report: a #PmReport
 * @length: (out) (optional): the length of the text
 *
 * The report's values as text: one `Key=Value` per line, exactly the file format.
 *
 * Returns: (transfer full): the text
 */
PM_STORE_AVAILABLE_IN_ALL
char         *pm_report_to_wer_data          (PmReport       *report,
                                              gsize          *length);

G_END_DECLS
