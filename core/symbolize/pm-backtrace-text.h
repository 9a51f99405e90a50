/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-backtrace-text.h — a walked stack as text, one line a frame: what
 * `postmortemctl info` prints and what the application's Copy Backtrace puts
 * on the clipboard (the same function, so both always say the same).
 *
 * Runs in: postmortemctl and the application (any thread; GLib only).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends one line per frame of @frames (an array of PmStackFrame, as
 * pm_stackwalker_walk() returns it), each ending in a newline:
 *   "  #0   0x00005555555551b9 pm-demo-notes!count_words+0x9 (pm-demo-crasher.c:58)  [context]"
 * Control characters in names are escaped (\xNN), invalid UTF-8 replaced. */
void   pm_backtrace_append_frames  (GString *out,
                                    GArray  *frames);

/* The heading ("Backtrace of the crashing thread (ID):", translated) and the
 * frames, as `postmortemctl info` prints them. Free with g_free(). */
char  *pm_backtrace_to_text        (guint32  thread_id,
                                    GArray  *frames);

/* The same text when the stack could not be walked: the heading and
 * "  (no backtrace: REASON)". */
char  *pm_backtrace_failure_to_text (guint32     thread_id,
                                     const char *reason);

G_END_DECLS
