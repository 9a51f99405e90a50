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

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PmReportDraft PmReportDraft;

/* The draft directory's fd (borrowed, O_DIRECTORY, valid until the draft is freed). */
int           pm_report_draft_get_dir_fd     (PmReportDraft  *draft);
/* The ReportIdentifier (a UUID) of this draft. */
const char   *pm_report_draft_get_id         (PmReportDraft  *draft);
/* Creates @name in the draft directory with O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode
 * 0600, opened O_RDWR. Returns the fd (the caller closes it) or -1 with @error set:
 * PM_ERROR_INVALID_ARGUMENT for a bad name (see pm_store_name_is_valid(); "Report.wer" is
 * reserved), PM_ERROR_EXISTS when the name is taken. */
int           pm_report_draft_create_file    (PmReportDraft  *draft,
                                              const char     *name,
                                              GError        **error);
/* Sets a Report.wer key (replacing an earlier value of the same key, keeping its place).
 * A NULL @value removes the key. A value that is not valid UTF-8, holds control characters
 * (TAB aside) or is too long is stored escaped (`\xNN` for each such byte, `\\` for a
 * backslash; cut with "…" to fit a line), never refused. An invalid key is remembered and
 * makes pm_store_publish_report() fail with PM_ERROR_INVALID_ARGUMENT naming it. */
void          pm_report_draft_set            (PmReportDraft  *draft,
                                              const char     *key,
                                              const char     *value);
/* The value of a key set so far, or NULL. */
const char   *pm_report_draft_get            (PmReportDraft  *draft,
                                              const char     *key);
/* Appends File[N].Name/Type/Flags for a file of the draft at the next free N and returns
 * N. @type is WER's file type name: "MiniDump", "HeapDump", "TriageDump", "UserDocument",
 * "Other"… The first MiniDump/HeapDump/TriageDump file is the report's main minidump. */
guint         pm_report_draft_add_file       (PmReportDraft  *draft,
                                              const char     *name,
                                              const char     *type,
                                              guint           flags);
/* Frees the draft; if it was not published, removes its directory and files. */
void          pm_report_draft_free           (PmReportDraft  *draft);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmReportDraft, pm_report_draft_free)

G_END_DECLS
