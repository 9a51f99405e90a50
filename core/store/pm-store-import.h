/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-import.h — bring reports exported as .tar.gz or .zip (postmortemctl
 * export, pm_store_export_report()) back into a store.
 *
 * Runs in: postmortemctl and the application (GLib, libarchive).
 *
 * The archive is untrusted input. It is read twice: first every entry header
 * is checked and the whole archive refused, before anything is written, if any
 * entry is an absolute path, has a ".." or "." component or an empty one, is
 * nested deeper than REPORT/FILE, is a symlink, a hard link, a device, a FIFO
 * or a socket, has a name the store refuses (pm_store_name_is_valid()), repeats
 * a name, or if a report has no Report.wer or more than 512 files; then each
 * report (a top-level directory; files at the top level form one report) is
 * written through the store's draft API (exclusive creation in .tmp/, fsync,
 * one rename into queue/) and its Report.wer parsed by the strict parser.
 * A report whose File[N].Name lists a file the archive lacks is refused.
 * What the archive expands to is bounded while it is written: by the store's
 * MaxBytes and by the free space above MinFreeBytes (PM_ERROR_QUOTA), so a
 * small archive that inflates enormously stops early and leaves nothing.
 *
 * The imported report gets a new ReportIdentifier in this store; the original
 * is kept as Postmortem.ImportedReportIdentifier and is the id the uploader
 * sends (guid/report_id), so a server that saw the report before drops the
 * copy. Response.BucketId is computed again. Every other key is kept.
 */
#pragma once

#if !defined (PM_STORE_INSIDE) && !defined (PM_COMPILATION)
#error "Only <postmortem-store.h> can be included directly."
#endif

#include "pm-store.h"
#include "pm-store-visibility.h"

G_BEGIN_DECLS

/**
 * PM_IMPORT_MAX_FILES:
 *
 * The most files one imported report may hold.
 */
#define PM_IMPORT_MAX_FILES 512

/**
 * pm_store_import_archive:
 * @store: a #PmStore
 * @path: a `.tar.gz` or `.zip` made by pm_store_export_report()
 * @error: return location for a #GError, or %NULL
 *
 * Imports every report of the archive at @path (see the description of this header for
 * what is refused). Imported reports are queued with a new `ReportIdentifier`.
 *
 * Returns: (transfer full) (element-type utf8): the keys published, in archive order; or
 *   %NULL with @error set (nothing was published, unless the message says which reports
 *   were)
 */
PM_STORE_AVAILABLE_IN_ALL
GPtrArray *pm_store_import_archive (PmStore     *store,
                                    const char  *path,
                                    GError     **error);

G_END_DECLS
