/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-safe-output.h — postmortemctl's terminal output: no control sequence from a file, an
 * archive or a server ever reaches the terminal.
 *
 * Runs in: postmortemctl, an ordinary process, main thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces stdout and stderr with streams that pass text through unchanged except what a
 * terminal would act on: every control character but newline, carriage return and TAB (C0, DEL, C1
 * U+0080–U+009F) and every byte that is not UTF-8 is written as `\xNN`. A safety net under
 * the explicit escaping of each value (pm_text_make_safe()); call once, first in main(). */
void  pm_ctl_output_make_safe (void);

/* Erases the current line of the terminal on stderr (after a progress line): the one
 * control sequence postmortemctl writes itself, so it bypasses the escaping. */
void  pm_ctl_output_clear_line (void);

G_END_DECLS
