/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-backtrace-text.h — a walked stack as text, one line a frame: what
 * `postmortemctl info` prints and what the application's Copy Backtrace puts
 * on the clipboard (the same function, so both always say the same).
 *
 * Runs in: postmortemctl and the application (any thread; libc only).
 */
#pragma once

#include <glib.h>

#include "pm-stackwalk.h"

G_BEGIN_DECLS

/* The heading ("Backtrace of the crashing thread (ID):", translated) and
 * one line per frame of @frames, as `postmortemctl info` prints them:
 *   "  #0   0x00005555555551b9 pm-demo-notes!count_words+0x9 (pm-demo-crasher.c:58)  [context]"
 * Control characters in names are escaped (\xNN), invalid UTF-8 replaced.
 * Free with free() (or g_free()). */
char  *pm_backtrace_to_text        (guint32              thread_id,
                                    const PmStackFrames *frames);

/* The same text when the stack could not be walked: the heading and
 * "  (no backtrace: REASON)". */
char  *pm_backtrace_failure_to_text (guint32     thread_id,
                                     const char *reason);

G_END_DECLS
