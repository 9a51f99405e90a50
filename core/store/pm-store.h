/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store.h — PmStore: the per-user (or system) crash report store.
 *
 * Runs in: any GLib process — postmortemctl, the application, postmortem-dumper,
 * applications using the WER report API of libpostmortem-store.
 *
 * Layout (see ../shared/DESIGN.md "Store"), all directories 0700, files 0600:
 *
 *   <store>/                  $PM_STORE_DIR, else $XDG_DATA_HOME/postmortem
 *   <store>/.lock             flock()ed while a report is published, evicted or moved
 *   <store>/.usage            a hint: the bytes of all reports, so publishing need not measure
 *                             a full store each time (never trusted to evict, see pm-store.c)
 *   <store>/.tmp/<uuid>/      a report being written (a PmReportDraft); flock()ed by its writer,
 *                             so pm_store_open() removes only entries whose writer is gone
 *   <store>/queue/<key>/      reports not yet sent:     Report.wer + minidump + files
 *   <store>/archive/<key>/    reports sent or declined: the same
 *
 * A report appears in queue/ by one rename(2) after every file and the directory were
 * fsync()ed, and changes state by rename(2) only. So an application that watches queue/
 * and archive/ (GFileMonitor, inotify IN_MOVED_TO / IN_MOVED_FROM / IN_DELETE) sees each
 * report exactly when it is whole; pm_store_watch() does that and emits PmStore::changed.
 *
 * The key of a report is "<EventType>_<app>_<bucket16>_<uuid>": <app> is AppName with
 * every byte outside [A-Za-z0-9.+-] replaced by '-' (at most 64 bytes), <bucket16> the 16
 * lowercase hex digits of Response.BucketId, <uuid> the ReportIdentifier.
 *
 * Every file access goes through a directory fd with O_NOFOLLOW; files are created with
 * O_EXCL; a file is read only if fstat() says it is a regular file with one link; every
 * name is checked (pm_store_name_is_valid()). Anything else is PM_ERROR_UNSAFE.
 *
 * Policy (settings in PmSettings, see pm-settings.h): excluded applications get no report
 * (PM_ERROR_EXCLUDED); reports older than MaxAgeDays (when set) are evicted at the next
 * publish; quotas MaxQueueCount, MaxArchiveCount, MaxBytes and MinFreeBytes are
 * enforced when a report is published, evicting the oldest reports first (archive before
 * queue for bytes and free space), never the one being published, each eviction logged with
 * g_message(); flood control: a report whose bucket equals a queued report's, published
 * within FloodWindowSeconds of that report's last event, is not stored again — the queued
 * report's "Postmortem.Count" (1 when absent) is incremented and its
 * "Postmortem.LastEventTime" set, and pm_store_publish_report() returns that report's key.
 *
 * A PmStore is not thread-safe: use one per thread. Many processes may share a store.
 */
#pragma once

#include <gio/gio.h>

#include "pm-error.h"
#include "pm-report.h"
#include "pm-report-draft.h"
#include "pm-settings.h"

G_BEGIN_DECLS

#define PM_TYPE_STORE (pm_store_get_type ())
G_DECLARE_FINAL_TYPE (PmStore, pm_store, PM, STORE, GObject)

/* Opens (creating it, 0700, when missing) $PM_STORE_DIR, else $XDG_DATA_HOME/postmortem. */
PmStore      *pm_store_open_default          (GError        **error);
/* Opens the system store: $PM_SYSTEM_STORE_DIR, else /var/lib/postmortem. */
PmStore      *pm_store_open_system           (GError        **error);
/* Opens (creating it when missing) the store at @path. Removes stale .tmp/ entries. */
PmStore      *pm_store_open                  (const char     *path,
                                              GError        **error);

const char   *pm_store_get_path              (PmStore        *store);
/* The settings this store applies (loaded from pm_settings_get_default_path()). Borrowed. */
PmSettings   *pm_store_get_settings          (PmStore        *store);
/* Replaces the settings (tests, or an application with its own). */
void          pm_store_set_settings          (PmStore        *store,
                                              PmSettings     *settings);

/* --- Writing: the publishing API of contracts.md --- */
PmReportDraft*pm_store_begin_report          (PmStore        *store,
                                              GError        **error);
/* Publishes @draft; returns the key of the published report (newly allocated), or the key
 * of the queued report whose flood counter was incremented instead. The draft is spent
 * either way (free it with pm_report_draft_free()). Errors: PM_ERROR_EXCLUDED,
 * PM_ERROR_QUOTA, PM_ERROR_INVALID_ARGUMENT (a bad key/value given to the draft),
 * PM_ERROR_UNSAFE, PM_ERROR_FAILED (I/O). */
char         *pm_store_publish_report        (PmStore        *store,
                                              PmReportDraft  *draft,
                                              GError        **error);
gboolean      pm_store_is_app_excluded       (PmStore        *store,
                                              const char     *app_name);

/* --- Reading --- */
/* Keys of the reports in @states, oldest EventTime first (ties by key). */
GPtrArray    *pm_store_list_keys             (PmStore        *store,
                                              PmReportState   states,
                                              GError        **error);
/* At most @max keys of the reports in @states, newest first by the time of the report's
 * folder (when it was published or last changed; ties by key), without reading any
 * Report.wer: cheap enough to pick the first rows of a store of 10,000 reports. */
GPtrArray    *pm_store_list_newest_keys      (PmStore        *store,
                                              PmReportState   states,
                                              guint           max,
                                              GError        **error);
/* Every report in @states as a PmReport, oldest first. A report that cannot be loaded
 * (corrupt Report.wer, unsafe file) is still in the array: pm_report_get_load_error()
 * says why; only a failure to read the store itself is an error. */
GPtrArray    *pm_store_list_reports          (PmStore        *store,
                                              PmReportState   states,
                                              GError        **error);
/* Loads one report, looking in queue/ then archive/. PM_ERROR_NOT_FOUND, PM_ERROR_CORRUPT… */
PmReport     *pm_store_load_report           (PmStore        *store,
                                              const char     *key,
                                              GError        **error);
guint         pm_store_count_reports         (PmStore        *store,
                                              PmReportState   states);
/* Bytes used by the reports in @states (sum of file sizes, as WerStoreGetSizeOnDisk). */
guint64       pm_store_get_size_on_disk      (PmStore        *store,
                                              PmReportState   states,
                                              GError        **error);

/* --- Changing --- */
/* Moves a queued report to archive/ (after a successful upload, or when declined). */
gboolean      pm_store_archive_report        (PmStore        *store,
                                              const char     *key,
                                              GError        **error);
/* Deletes a report (queued or archived): renamed out of sight first, then removed. */
gboolean      pm_store_delete_report         (PmStore        *store,
                                              const char     *key,
                                              GError        **error);
/* Deletes every report in @states; returns how many were deleted through @n_deleted. */
gboolean      pm_store_purge                 (PmStore        *store,
                                              PmReportState   states,
                                              guint          *n_deleted,
                                              GError        **error);
/* Sets (adds or replaces) Report.wer keys of a stored report, atomically (a new
 * Report.wer renamed over the old one). @pairs: key, value, key, value, …, NULL.
 * A NULL value removes the key. Used by the uploader for Response.* keys. */
gboolean      pm_store_set_report_values     (PmStore        *store,
                                              const char     *key,
                                              const char * const *pairs,
                                              GError        **error);

/* Writes the report @key (every file, under a folder named by the key) into a new
 * archive at @path: ".tar.gz"/".tgz" (pax, gzip) or ".zip", chosen by the name. @path must
 * not exist (PM_ERROR_EXISTS); a failed export leaves no file. */
gboolean      pm_store_export_report         (PmStore        *store,
                                              const char     *key,
                                              const char     *path,
                                              GError        **error);

/* Starts watching queue/ and archive/ in the thread-default main context; emits
 * PmStore::changed (no arguments) whenever a report appears, moves or goes. */
gboolean      pm_store_watch                 (PmStore        *store,
                                              GError        **error);

/* TRUE when @name is acceptable as a file name inside a report or as a report key:
 * 1–255 bytes of valid UTF-8, no '/', no control bytes, not starting with '.'. */
gboolean      pm_store_name_is_valid         (const char     *name);
/* TRUE when @key has the shape of a report key (see above). */
gboolean      pm_store_key_is_valid          (const char     *key);

G_END_DECLS
