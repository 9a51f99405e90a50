/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-page-private.h — what the tests look at in a report page.
 *
 * Runs in: the postmortem GUI process and its tests (GTK main thread).
 */
#pragma once

#include "pm-report-page.h"

G_BEGIN_DECLS

/* TRUE while the page follows the clock (a report shown, the page mapped). */
gboolean    pm_report_page_is_clock_running     (PmReportPage *self);
/* The plain-words sentence under the headline, as shown. */
const char *pm_report_page_get_sentence         (PmReportPage *self);
/* TRUE once the report's dump was looked at (or the report has none). */
gboolean    pm_report_page_is_dump_checked      (PmReportPage *self);
/* "The memory dump is damaged: …" as shown at the top, or NULL. */
const char *pm_report_page_get_dump_damage      (PmReportPage *self);

G_END_DECLS
