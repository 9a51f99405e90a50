/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-text-private.h — what the tests set in the report words: the clock.
 *
 * Runs in: the postmortem GUI process and its tests (GTK main thread).
 *
 * Relative times ("5 minutes ago") are measured against pm_clock_dup_now(); a test
 * moves that clock to see a page's times change, without waiting minutes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @now_usec returns microseconds since 1970 (as g_get_real_time()); NULL restores the
 * real clock. */
void pm_report_text_set_clock (gint64 (*now_usec) (void));

G_END_DECLS
