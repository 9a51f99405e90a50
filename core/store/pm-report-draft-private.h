/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-draft-private.h — private: the parts of a PmReportDraft that the store and the
 * WER report API use when they create and publish it.
 *
 * Runs in: any GLib process that writes reports. Not installed.
 */
#pragma once

#include "pm-report-draft.h"
#include "pm-store.h"
#include "pm-wer-file.h"

G_BEGIN_DECLS

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
