/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-signature.h — the stack signature of a crash: where it happened, as module +
 * offset of the first meaningful frames of the crashing thread, never an absolute address.
 * A hang's signature is the same, of the hung thread.
 *
 * Runs in: postmortem-dumper's crash mode, after the dump is written and before the report
 * is published (on the crashed process's clock: no symbols, no libdw, no files but the dump).
 *
 * How the frames are found: frame 0 is the exception context's pc; its callers are the
 * words of the captured stack, from the exception's sp up, that point into executable code
 * of a module (LinuxMaps "x" mappings when the dump has them, else the module's range), at
 * most PM_CRASH_SIGNATURE_SCAN_WORDS words. A scan, not CFI: it costs a few microseconds
 * and, for the same program and libraries, finds the same words run after run, which is
 * what a bucket needs; the application and `postmortemctl info` show the real walk.
 *
 * Meaningful: not in a module of the skip list (the C and C++ runtimes, the dynamic
 * loader, the unwinder, our own crash handler; ntdll, the CRTs and libsystem_* for dumps
 * from other systems), like Socorro's signature generation skips abort, raise, __GI_*,
 * __assert_fail and the runtime's internals: a SIGABRT from assert() is named by the
 * application frame that asserted, not by raise(). Without symbols on the crash path the
 * list names modules, not functions. A stack word pointing into a module's first 0x100
 * bytes (its headers) is not taken for a return address.
 *
 * Cost: under 0.5 ms on every dump of the test corpus (no allocation but the result).
 */
#pragma once

#include <glib.h>

#include "pm-minidump-reader.h"

G_BEGIN_DECLS

#define PM_CRASH_SIGNATURE_FRAMES     2
#define PM_CRASH_SIGNATURE_SCAN_WORDS 2048

/* Whether frames in the module of that file name (a basename) are skipped. */
gboolean pm_crash_signature_module_is_skipped (const char *basename);

/* "app+0x11b9 libfoo.so.1+0x2a0": the first PM_CRASH_SIGNATURE_FRAMES meaningful frames of
 * the exception's thread, space-separated; when every frame found is skipped, the first
 * frame found (so a crash inside libc still gets a signature). NULL when the dump has no
 * exception, no readable context, or the pc is in no module. Newly allocated. */
char    *pm_crash_signature_compute           (PmMinidump *md);
/* The same for the thread @thread_id of the dump's thread list, from its own registers: the
 * signature of a hang (the hung thread waits in the C library; its callers name the hang).
 * NULL when the thread is not in the dump or its pc is in no module. */
char    *pm_crash_signature_compute_for_thread (PmMinidump *md,
                                               uint32_t    thread_id);

G_END_DECLS
