/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-backtrace.h — PmBacktrace: every thread of a minidump walked and
 * symbolized, for the dump view's Threads and Overview pages.
 *
 * Runs in: the postmortem GUI process. pm_backtrace_walk_async() walks in a
 * GTask worker thread with a reader of its own (pm_dump_open_reader()), so
 * the window never waits for libdw; the result is read-only afterwards and
 * used from the GTK main thread. pm_backtrace_walk() is the same walk,
 * synchronous, for the benchmark.
 *
 * The frames are those of core/symbolize (pm-stackwalk.h), walked from the
 * same context `postmortemctl info` uses (the exception's for the crashing
 * thread), so both show the same frames. x86, AMD64, ARM and ARM64 dumps are
 * walked; for another CPU, pm_backtrace_get_error() says so in plain words.
 */
#pragma once

#include <glib.h>

#include "pm-dump.h"
#include "pm-stackwalk.h"

G_BEGIN_DECLS

/* Threads walked at most; the crashing thread is always among them. */
#define PM_BACKTRACE_MAX_THREADS 4096

typedef struct _PmBacktrace PmBacktrace;

/* Walks every thread of @md (the crashing thread first), naming frames also
 * from the Breakpad symbol files in @symbol_dirs (may be NULL). Never fails
 * as a whole: a dump that cannot be walked gives a backtrace with an error.
 * pm_backtrace_walk_async() uses the person's symbol folders
 * (pm-symbol-dirs.h). */
PmBacktrace  *pm_backtrace_walk            (PmMinidump          *md,
                                            const char *const   *symbol_dirs);
void          pm_backtrace_walk_async      (PmDump              *dump,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* NULL only when cancelled or the file cannot be opened again. */
PmBacktrace  *pm_backtrace_walk_finish     (GAsyncResult        *result,
                                            GError             **error);

/* A backtrace of nothing, with @message as the reason. */
PmBacktrace  *pm_backtrace_new_failed      (const char          *message);

PmBacktrace  *pm_backtrace_ref             (PmBacktrace         *self);
void          pm_backtrace_unref           (PmBacktrace         *self);

/* Why no thread was walked (the CPU, no threads…), translated; NULL when walked. */
const char   *pm_backtrace_get_error       (PmBacktrace         *self);
/* The frames of thread @index of the dump, or NULL with the reason in
 * *reason (translated or the walker's message; may be NULL). */
const PmStackFrames *pm_backtrace_get_frames (PmBacktrace  *self,
                                              gsize         index,
                                              const char  **reason);
/* The index of the crashing thread, or -1. */
gssize        pm_backtrace_get_crashing_index (PmBacktrace      *self);
/* The text of `postmortemctl info`'s backtrace of the crashing thread
 * (pm-backtrace-text.h), or NULL without a crashing thread or when no
 * thread could be walked (pm_backtrace_get_error()). */
char         *pm_backtrace_dup_crash_text  (PmBacktrace         *self);
/* Where it crashed, in words: "in count_words, pm-demo-crasher.c line 58,
 * called from main", or NULL when frame 0 has no function name. */
char         *pm_backtrace_dup_crash_summary (PmBacktrace       *self);
/* The modules holding frames without a name whose build-id is known (build-id
 * hex -> module file name; owned by the backtrace): what a debuginfod server
 * could name (pm-debuginfod-bar.h). Empty, never NULL. */
GHashTable   *pm_backtrace_get_missing_debuginfo (PmBacktrace *self);
/* How long the walk took, in microseconds. */
gint64        pm_backtrace_get_walk_usec   (PmBacktrace         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmBacktrace, pm_backtrace_unref)

G_END_DECLS
