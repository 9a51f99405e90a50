/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-filetime.c — Windows FILETIME values (100 ns ticks since 1601-01-01 UTC), as
 * Report.wer stores EventTime.
 *
 * Runs in: any GLib process using the store; pure functions, any thread.
 */
#include "pm-config.h"

#include "pm-filetime.h"

guint64
pm_filetime_from_unix_us (gint64 unix_us)
{
  return (guint64) (unix_us + PM_FILETIME_UNIX_OFFSET * G_USEC_PER_SEC) * 10;
}

gint64
pm_filetime_to_unix_us (guint64 filetime)
{
  return (gint64) (filetime / 10) - PM_FILETIME_UNIX_OFFSET * G_USEC_PER_SEC;
}

gboolean
pm_filetime_parse (const char *text,
                   guint64    *filetime)
{
  /* Up to year 30000 or so; anything beyond is garbage. */
  return text != NULL &&
         g_ascii_string_to_unsigned (text, 10, 0, G_GUINT64_CONSTANT (9000000000000000000), filetime, NULL);
}
