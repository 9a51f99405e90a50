/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-private.h — private: how the store creates PmReport objects, and the name of
 * a report's Report.wer.
 *
 * Runs in: any GLib process using the store. Not installed.
 */
#pragma once

#include "pm-report.h"
#include "pm-store.h"
#include "pm-wer-file.h"

G_BEGIN_DECLS

#define PM_REPORT_WER_NAME "Report.wer"

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

G_END_DECLS
