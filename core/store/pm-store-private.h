/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-private.h — private: what the store's files share with each other.
 *
 * Runs in: any GLib process using the store. Not installed.
 */
#pragma once

#include "pm-report.h"
#include "pm-store.h"
#include "pm-wer-file.h"

G_BEGIN_DECLS

#define PM_REPORT_WER_NAME "Report.wer"

/* Seconds between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
#define PM_FILETIME_UNIX_OFFSET G_GINT64_CONSTANT (11644473600)

/* The FILETIME (100 ns ticks since 1601) of a g_get_real_time() value, and back. */
guint64       pm_filetime_from_unix_us       (gint64          unix_us);
gint64        pm_filetime_to_unix_us         (guint64         filetime);
/* Parses a decimal FILETIME; FALSE if it is not one. */
gboolean      pm_filetime_parse              (const char     *text,
                                              guint64        *filetime);

/* The fds of a state directory (queue/ or archive/), borrowed. */
int           pm_store_get_state_fd          (PmStore        *store,
                                              PmReportState   state);
const char   *pm_report_state_dir_name       (PmReportState   state);

/* Loads the report @key from the directory @state_fd (queue/ or archive/). NULL with
 * @error when the report directory itself cannot be opened; otherwise a report, possibly
 * carrying a load error. */
PmReport     *pm_report_load                 (PmStore        *store,
                                              int             state_fd,
                                              PmReportState   state,
                                              const char     *key,
                                              GError        **error);
/* A report that could not even be opened, listed with @error as its load error. */
PmReport     *pm_report_new_broken           (PmStore        *store,
                                              PmReportState   state,
                                              const char     *key,
                                              const GError   *error);
/* The report directory's mtime when loaded (0 for a broken one). */
gint64        pm_report_get_dir_mtime_us     (PmReport       *report);
/* The parsed Report.wer of a loaded report (NULL if it did not load). Borrowed. */
const PmWerFile *pm_report_get_wer_file      (PmReport       *report);

/* The bucket id (16 lowercase hex digits) of a report's values: a SHA-256 over EventType
 * and Sig[0..9].Value. Newly allocated. */
char         *pm_bucket_id_compute           (const PmWerFile *wer);
/* The <app> part of a key for @app_name (see pm-store.h). Newly allocated. */
char         *pm_store_key_app_part          (const char     *app_name);
/* Splits a valid key; every out argument may be NULL. Returns FALSE for an invalid key. */
gboolean      pm_store_key_split             (const char     *key,
                                              char          **event_type,
                                              char          **app,
                                              char          **bucket,
                                              char          **uuid);

/* For PmReportDraft: the draft's parts the store needs at publish time. */
PmWerFile    *pm_report_draft_get_wer        (PmReportDraft  *draft);
const GError *pm_report_draft_get_error      (PmReportDraft  *draft);
void          pm_report_draft_mark_published (PmReportDraft  *draft);
PmReportDraft*pm_report_draft_new            (PmStore        *store,
                                              int             tmp_fd,
                                              GError        **error);
PmStore      *pm_report_draft_get_store      (PmReportDraft  *draft);
/* Flood control on (the default) or off (WER_SUBMIT_BYPASS_DATA_THROTTLING) for one draft. */
void          pm_report_draft_set_flood_control (PmReportDraft *draft,
                                                 gboolean       enabled);
gboolean      pm_report_draft_get_flood_control (PmReportDraft *draft);

G_END_DECLS
