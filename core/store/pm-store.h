/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store.h — PmStore: the per-user (or system) crash report store.
 *
 * Runs in: any GLib process — postmortemctl, the application, postmortem-dumper,
 * applications using the WER report API of libpostmortem-store.
 *
 * Layout, all directories 0700, files 0600:
 *
 *   <store>/                  $PM_STORE_DIR, else $XDG_DATA_HOME/postmortem
 *   <store>/.lock             flock()ed while a report is published, evicted or moved
 *   <store>/.usage            a hint: the bytes of all reports, so publishing need not measure
 *                             a full store each time (never trusted to evict, see pm-store.c)
 *   <store>/.summaries        a hint: each report's time, application, version and count, so
 *                             a history need not read every Report.wer (pm-store-summary.h)
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

#if !defined (PM_STORE_INSIDE) && !defined (PM_COMPILATION)
#error "Only <postmortem-store.h> can be included directly."
#endif

#include <gio/gio.h>

#include "pm-error.h"
#include "pm-report.h"
#include "pm-report-draft.h"
#include "pm-settings.h"
#include "pm-store-visibility.h"

G_BEGIN_DECLS

/**
 * PmStore:
 *
 * A report store: reports not yet sent in `queue/`, sent or declined ones in `archive/`,
 * each a directory holding `Report.wer` and its files.
 *
 * A report appears in `queue/` by one rename after every file and the directory were
 * flushed, and changes state by rename only, so a program watching the store (see
 * pm_store_watch()) sees each report exactly when it is whole. Every file access goes
 * through a directory fd without following symbolic links; files are created exclusively;
 * a file is read only if it is a regular file with one link; anything else is
 * %PM_ERROR_UNSAFE.
 *
 * Publishing applies the policy of the store's #PmSettings: excluded applications get no
 * report, the quotas evict the oldest reports first (archived before queued for bytes and
 * free space, never the report being published), and a report whose bucket equals a queued
 * report's, published within `FloodWindowSeconds` of that report's last event, only
 * increments that report's `Postmortem.Count`.
 *
 * A #PmStore is not thread-safe: use one per thread. Many processes may share a store.
 */
#define PM_TYPE_STORE (pm_store_get_type ())
PM_STORE_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PmStore, pm_store, PM, STORE, GObject)

/**
 * pm_store_open_default:
 * @error: return location for a #GError, or %NULL
 *
 * Opens the user's store: `$PM_STORE_DIR`, else `$XDG_DATA_HOME/postmortem`, creating
 * it (mode 0700) when it is missing.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
PmStore      *pm_store_open_default          (GError        **error);
/**
 * pm_store_open_system:
 * @error: return location for a #GError, or %NULL
 *
 * Opens the system store: `$PM_SYSTEM_STORE_DIR`, else `/var/lib/postmortem`.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
PmStore      *pm_store_open_system           (GError        **error);
/**
 * pm_store_open:
 * @path: the store's directory
 * @error: return location for a #GError, or %NULL
 *
 * Opens the store at @path, creating it (mode 0700) when it is missing, and removes the
 * drafts in `.tmp/` whose writer is gone.
 *
 * Returns: (transfer full): the store, or %NULL with @error set (%PM_ERROR_UNSAFE when
 *   a directory or the lock file is not what it must be)
 */
PM_STORE_AVAILABLE_IN_ALL
PmStore      *pm_store_open                  (const char     *path,
                                              GError        **error);

/**
 * pm_store_get_path:
 * @store: a #PmStore
 *
 * The directory of the store.
 *
 * Returns: the store's directory, canonical
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_store_get_path              (PmStore        *store);
/**
 * pm_store_get_settings:
 * @store: a #PmStore
 *
 * The settings this store applies (loaded from pm_settings_get_default_path() the first
 * time).
 *
 * Returns: (transfer none): the settings
 */
PM_STORE_AVAILABLE_IN_ALL
PmSettings   *pm_store_get_settings          (PmStore        *store);
/**
 * pm_store_set_settings:
 * @store: a #PmStore
 * @settings: the settings to apply
 *
 * Replaces the settings this store applies (tests, or an application with its own).
 */
PM_STORE_AVAILABLE_IN_ALL
void          pm_store_set_settings          (PmStore        *store,
                                              PmSettings     *settings);

/* --- Writing --- */
/**
 * pm_store_begin_report:
 * @store: a #PmStore
 * @error: return location for a #GError, or %NULL
 *
 * Begins a report: creates a draft directory in `.tmp/` (0700), locks it, and sets
 * `Version`, `EventTime` and `ReportIdentifier`. Write files into it with
 * pm_report_draft_create_file(), set values with pm_report_draft_set(), then call
 * pm_store_publish_report().
 *
 * Returns: (transfer full) (type gpointer): the draft (free it with pm_report_draft_free()),
 *   or %NULL with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
PmReportDraft*pm_store_begin_report          (PmStore        *store,
                                              GError        **error);
/**
 * pm_store_publish_report:
 * @store: a #PmStore
 * @draft: a draft begun on this store
 * @error: return location for a #GError, or %NULL
 *
 * Publishes @draft: flushes its files, applies the exclusions, flood control and quotas,
 * and moves it into `queue/` by one rename. The draft is spent either way.
 *
 * Returns: (transfer full): the key of the published report, or of the queued report whose
 *   flood counter was incremented instead; %NULL with @error set (%PM_ERROR_EXCLUDED,
 *   %PM_ERROR_QUOTA, %PM_ERROR_INVALID_ARGUMENT for a bad key or value given to the draft,
 *   %PM_ERROR_UNSAFE, %PM_ERROR_FAILED for I/O)
 */
PM_STORE_AVAILABLE_IN_ALL
char         *pm_store_publish_report        (PmStore        *store,
                                              PmReportDraft  *draft,
                                              GError        **error);
/**
 * pm_store_is_app_excluded:
 * @store: a #PmStore
 * @app_name: an application name (AppName)
 *
 * Whether @app_name is excluded from reporting, by the user's settings or for all users.
 *
 * Returns: %TRUE when no report is stored for @app_name
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_store_is_app_excluded       (PmStore        *store,
                                              const char     *app_name);

/* --- Reading --- */
/**
 * pm_store_list_keys:
 * @store: a #PmStore
 * @states: the states to list
 * @error: return location for a #GError, or %NULL
 *
 * The keys of the reports in @states, oldest `EventTime` first (ties by key).
 *
 * Returns: (transfer full) (element-type utf8): the keys, or %NULL with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
GPtrArray    *pm_store_list_keys             (PmStore        *store,
                                              PmReportState   states,
                                              GError        **error);
/**
 * pm_store_list_newest_keys:
 * @store: a #PmStore
 * @states: the states to list
 * @max: how many keys at most
 * @error: return location for a #GError, or %NULL
 *
 * At most @max keys of the reports in @states, newest first by the time of the report's
 * folder (when it was published or last changed; ties by key), without reading any
 * `Report.wer`: cheap enough to pick the first rows of a store of 10,000 reports.
 *
 * Returns: (transfer full) (element-type utf8): the keys, or %NULL with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
GPtrArray    *pm_store_list_newest_keys      (PmStore        *store,
                                              PmReportState   states,
                                              guint           max,
                                              GError        **error);
/**
 * pm_store_list_reports:
 * @store: a #PmStore
 * @states: the states to list
 * @error: return location for a #GError, or %NULL
 *
 * Every report in @states, oldest first. A report that cannot be loaded (a corrupt
 * `Report.wer`, an unsafe file) is still listed: pm_report_get_load_error() says why. Only a
 * failure to read the store itself is an error.
 *
 * Returns: (transfer full) (element-type PmReport): the reports, or %NULL with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
GPtrArray    *pm_store_list_reports          (PmStore        *store,
                                              PmReportState   states,
                                              GError        **error);
/**
 * pm_store_load_report:
 * @store: a #PmStore
 * @key: a report key
 * @error: return location for a #GError, or %NULL
 *
 * Loads one report, looking in `queue/` then `archive/`.
 *
 * Returns: (transfer full): the report, or %NULL with @error set (%PM_ERROR_NOT_FOUND,
 *   %PM_ERROR_CORRUPT…)
 */
PM_STORE_AVAILABLE_IN_ALL
PmReport     *pm_store_load_report           (PmStore        *store,
                                              const char     *key,
                                              GError        **error);
/**
 * pm_store_count_reports:
 * @store: a #PmStore
 * @states: the states to count
 *
 * Counts reports without loading them.
 *
 * Returns: the number of reports in @states
 */
PM_STORE_AVAILABLE_IN_ALL
guint         pm_store_count_reports         (PmStore        *store,
                                              PmReportState   states);
/**
 * pm_store_get_size_on_disk:
 * @store: a #PmStore
 * @states: the states to measure
 * @error: return location for a #GError, or %NULL
 *
 * The bytes used by the reports in @states (the sum of their files' sizes, as
 * WerStoreGetSizeOnDisk()).
 *
 * Returns: the size, or 0 with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
guint64       pm_store_get_size_on_disk      (PmStore        *store,
                                              PmReportState   states,
                                              GError        **error);

/* --- Changing --- */
/**
 * pm_store_archive_report:
 * @store: a #PmStore
 * @key: the key of a queued report
 * @error: return location for a #GError, or %NULL
 *
 * Moves a queued report to `archive/` (after a successful upload, or when declined).
 *
 * Returns: %TRUE on success, %FALSE with @error set (%PM_ERROR_NOT_FOUND when it is not
 *   queued)
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_store_archive_report        (PmStore        *store,
                                              const char     *key,
                                              GError        **error);
/**
 * pm_store_delete_report:
 * @store: a #PmStore
 * @key: a report key
 * @error: return location for a #GError, or %NULL
 *
 * Deletes a report, queued or archived: it is renamed out of sight first, then removed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_store_delete_report         (PmStore        *store,
                                              const char     *key,
                                              GError        **error);
/**
 * pm_store_purge:
 * @store: a #PmStore
 * @states: the states to empty
 * @n_deleted: (out) (optional): how many reports were deleted
 * @error: return location for a #GError, or %NULL
 *
 * Deletes every report in @states.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_store_purge                 (PmStore        *store,
                                              PmReportState   states,
                                              guint          *n_deleted,
                                              GError        **error);
/**
 * pm_store_set_report_values:
 * @store: a #PmStore
 * @key: a report key
 * @pairs: (array zero-terminated=1): key, value, key, value, …, %NULL
 * @error: return location for a #GError, or %NULL
 *
 * Sets (adds or replaces) `Report.wer` keys of a stored report atomically (a new
 * `Report.wer` renamed over the old one). A %NULL value removes its key. `EventType`,
 * `ReportIdentifier` and `Response.BucketId` cannot change: the report's key is made of them.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_store_set_report_values     (PmStore        *store,
                                              const char     *key,
                                              const char * const *pairs,
                                              GError        **error);

/**
 * pm_store_export_report:
 * @store: a #PmStore
 * @key: a report key
 * @path: the archive to create
 * @error: return location for a #GError, or %NULL
 *
 * Writes the report @key (every file, under a folder named by the key) into a new archive,
 * `.tar.gz`/`.tgz` (pax, gzip) or `.zip` as the name of @path says. A failed export leaves
 * no file.
 *
 * Returns: %TRUE on success, %FALSE with @error set (%PM_ERROR_EXISTS when @path exists)
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_store_export_report         (PmStore        *store,
                                              const char     *key,
                                              const char     *path,
                                              GError        **error);

/**
 * pm_store_watch:
 * @store: a #PmStore
 * @error: return location for a #GError, or %NULL
 *
 * Starts watching `queue/` and `archive/` in the thread-default main context;
 * [signal@PostmortemStore.Store::changed] is emitted whenever a report appears, moves or goes.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_store_watch                 (PmStore        *store,
                                              GError        **error);

/**
 * pm_store_name_is_valid:
 * @name: (nullable): a file name
 *
 * Whether @name is acceptable as the name of a file inside a report or as a report key:
 * 1–255 bytes of valid UTF-8, no `/`, no control bytes, not starting with `.`.
 *
 * Returns: %TRUE when @name is acceptable
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_store_name_is_valid         (const char     *name);
/**
 * pm_store_key_is_valid:
 * @key: (nullable): a string
 *
 * Whether @key has the shape of a report key, `<EventType>_<app>_<bucket16>_<uuid>`.
 *
 * Returns: %TRUE when @key is a report key
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_store_key_is_valid          (const char     *key);

G_END_DECLS
