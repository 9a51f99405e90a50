/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-draft.h — PmReportDraft: a report being written into <store>/.tmp/<uuid>/.
 *
 * Runs in: any GLib process that writes reports (postmortem-dumper after a crash, the WER
 * report API, tests). Not thread-safe; one writer per draft.
 *
 * pm_store_begin_report() creates the draft directory (0700), locks it (flock) so no other
 * process cleans it up while it is written, and sets Version, EventTime (a Windows FILETIME,
 * as WER writes it) and ReportIdentifier (a random UUID). The writer creates files in it with
 * pm_report_draft_create_file(), sets Report.wer keys with pm_report_draft_set(), then calls
 * pm_store_publish_report(). Nothing is visible in queue/ before that call succeeds; a
 * writer that dies leaves only .tmp/<uuid>/, removed by the next pm_store_open().
 */
#pragma once

#if !defined (PM_STORE_INSIDE) && !defined (PM_COMPILATION)
#error "Only <postmortem-store.h> can be included directly."
#endif

#include <glib.h>

#include "pm-store-visibility.h"

G_BEGIN_DECLS

/**
 * PmReportDraft:
 *
 * A report being written into `.tmp/<uuid>/` of a store, made by pm_store_begin_report().
 * The writer creates files in it with pm_report_draft_create_file(), sets `Report.wer`
 * values with pm_report_draft_set(), then calls pm_store_publish_report(). Nothing is
 * visible in `queue/` before that call succeeds; a writer that dies leaves only its
 * draft, removed by the next pm_store_open(). Not thread-safe: one writer per draft.
 */
typedef struct _PmReportDraft PmReportDraft;

/**
 * pm_report_draft_get_dir_fd:
 * @draft: a report draft
 *
 * The draft directory, for writing files with *at() calls.
 *
 * Returns: the draft directory's fd (borrowed, valid until the draft is freed)
 */
PM_STORE_AVAILABLE_IN_ALL
int           pm_report_draft_get_dir_fd     (PmReportDraft  *draft);
/**
 * pm_report_draft_get_id:
 * @draft: a report draft
 *
 * The identifier the report will have.
 *
 * Returns: the draft's `ReportIdentifier` (a UUID)
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_draft_get_id         (PmReportDraft  *draft);
/**
 * pm_report_draft_create_file:
 * @draft: a report draft
 * @name: a file name (see pm_store_name_is_valid(); `Report.wer` is reserved)
 * @error: return location for a #GError, or %NULL
 *
 * Creates @name in the draft directory (`O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC`, mode 0600,
 * opened for reading and writing).
 *
 * Returns: the fd (the caller closes it), or -1 with @error set
 *   (%PM_ERROR_INVALID_ARGUMENT for a bad name, %PM_ERROR_EXISTS when it is taken)
 */
PM_STORE_AVAILABLE_IN_ALL
int           pm_report_draft_create_file    (PmReportDraft  *draft,
                                              const char     *name,
                                              GError        **error);
/**
 * pm_report_draft_set:
 * @draft: a report draft
 * @key: a `Report.wer` key
 * @value: (nullable): its value, or %NULL to remove the key
 *
 * Sets a `Report.wer` key, replacing an earlier value of the same key in its place. A
 * value that is not valid UTF-8, holds control characters (TAB aside) or is too long is
 * stored escaped (`\xNN` for each such byte, `\\` for a backslash; cut with "…" to fit a
 * line), never refused. An invalid key is remembered and makes pm_store_publish_report()
 * fail with %PM_ERROR_INVALID_ARGUMENT naming it.
 */
PM_STORE_AVAILABLE_IN_ALL
void          pm_report_draft_set            (PmReportDraft  *draft,
                                              const char     *key,
                                              const char     *value);
/**
 * pm_report_draft_get:
 * @draft: a report draft
 * @key: a `Report.wer` key
 *
 * A value set on the draft.
 *
 * Returns: (nullable): the value set so far, or %NULL
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_report_draft_get            (PmReportDraft  *draft,
                                              const char     *key);
/**
 * pm_report_draft_add_file:
 * @draft: a report draft
 * @name: a file of the draft
 * @type: WER's file type: `MiniDump`, `HeapDump`, `TriageDump`, `UserDocument`, `Other`…
 * @flags: WER's file flags
 *
 * Lists a file of the draft as `File[N].Name/Type/Flags` at the next free N. The first
 * MiniDump, HeapDump or TriageDump file is the report's main minidump.
 *
 * Returns: N
 */
PM_STORE_AVAILABLE_IN_ALL
guint         pm_report_draft_add_file       (PmReportDraft  *draft,
                                              const char     *name,
                                              const char     *type,
                                              guint           flags);
/**
 * pm_report_draft_free:
 * @draft: a report draft
 *
 * Frees the draft; if it was not published, removes its directory and files.
 */
PM_STORE_AVAILABLE_IN_ALL
void          pm_report_draft_free           (PmReportDraft  *draft);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmReportDraft, pm_report_draft_free)

G_END_DECLS
