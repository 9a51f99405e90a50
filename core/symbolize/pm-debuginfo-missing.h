/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfo-missing.h — which modules of a walked stack have no debug
 * information here: what a debuginfod server could name.
 *
 * Runs in: postmortemctl's `debuginfod` command and the application (any
 * thread). Apart from pm-debuginfo.h because it fills a GHashTable for its
 * GLib callers, while pm-debuginfo.c calls libc only so that `postmortemctl
 * info` does not load GLib.
 */
#pragma once

#include <glib.h>

#include "pm-minidump-reader.h"
#include "pm-stackwalk.h"

G_BEGIN_DECLS

/* Adds to missing (build-id hex -> module file name, both owned by the
 * table and freed with g_free) each module of md holding a frame of frames
 * that has no function name and whose build-id is known. Inline frames are
 * skipped (their real frame counts). frames may be NULL. */
void pm_debuginfo_collect_missing (PmMinidump          *md,
                                   const PmStackFrames *frames,
                                   GHashTable          *missing);

G_END_DECLS
