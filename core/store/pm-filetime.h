/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-filetime.h — private: Windows FILETIME values (100 ns ticks since 1601-01-01 UTC),
 * the form of EventTime in Report.wer.
 *
 * Runs in: any GLib process using the store; pure functions, any thread. Not installed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Seconds between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
#define PM_FILETIME_UNIX_OFFSET G_GINT64_CONSTANT (11644473600)

/* The FILETIME (100 ns ticks since 1601) of a g_get_real_time() value, and back. */
guint64       pm_filetime_from_unix_us       (gint64          unix_us);
gint64        pm_filetime_to_unix_us         (guint64         filetime);
/* Parses a decimal FILETIME; FALSE if it is not one. */
gboolean      pm_filetime_parse              (const char     *text,
                                              guint64        *filetime);

G_END_DECLS
