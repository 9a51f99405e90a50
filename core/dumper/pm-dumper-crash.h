/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper-crash.h — postmortem-dumper's crash mode: read a PmCrashInfo
 * from the crash handler, dump the crashed process, publish the report.
 *
 * Runs in: postmortem-dumper, an ordinary process started by the crash
 * handler of a crashing application (GLib and the store library allowed).
 *
 * Crash mode lives in a module, postmortem-dumper-crash.so, installed next
 * to postmortem-dumper and loaded only in crash mode: GLib, GIO and the store
 * library cost milliseconds of start-up (their constructors and relocations)
 * that a live dump with `--pid` does not need, so the executable itself
 * links libc only.
 */
#pragma once

#define PM_DUMPER_CRASH_MODULE  "postmortem-dumper-crash.so"
#define PM_DUMPER_CRASH_SYMBOL  "pm_dumper_crash_main"

/* Runs the whole crash protocol on fd (see pm-crash-info.h) and returns the
 * process exit status. The status byte is always written back on fd. */
typedef int (*PmDumperCrashMain) (int fd);

__attribute__ ((visibility ("default")))
int pm_dumper_crash_main (int fd);
