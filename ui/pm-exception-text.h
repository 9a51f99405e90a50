/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-exception-text.h — what a crash means, in plain words, for any
 * platform's exception: Linux signals, Windows exception codes (NTSTATUS)
 * and macOS Mach exceptions, as the minidump reader names them
 * (PmMdCrashReason's code_name).
 *
 * Runs in: the postmortem GUI process (any thread; gettext only).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "It tried to use memory it does not own." for "EXCEPTION_ACCESS_VIOLATION_READ",
 * "EXC_BAD_ACCESS" or "SIGSEGV" (translated); NULL for a name it does not know. */
const char *pm_exception_describe (const char *code_name);

G_END_DECLS
