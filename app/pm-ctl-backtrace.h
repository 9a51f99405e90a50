/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-backtrace.h — module files on this machine for `postmortemctl info`'s
 * stack walker: through the module postmortemctl-backtrace.so
 * (pm-ctl-backtrace.c).
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 * The walker itself is in the executable (core/symbolize without libdw).
 * Reading module files links elfutils' libdw and libelf with their
 * decompressors, about a millisecond of start-up: `info` loads this module
 * only when one of the dump's modules has a file here, matched by build-id
 * (pm_debuginfo_dump_has_local_files()); a dump from another machine, or one
 * given only Breakpad symbol files, never maps libdw.
 */
#pragma once

#include "pm-stackwalk.h"

G_BEGIN_DECLS

#define PM_CTL_BACKTRACE_MODULE "backtrace"
#define PM_CTL_BACKTRACE_SYMBOL "pm_ctl_backtrace_files"

typedef const PmStackwalkFiles *(*PmCtlBacktraceFiles) (void);

/* In the module: pm_stackwalk_elf_files. */
const PmStackwalkFiles *pm_ctl_backtrace_files (void);

G_END_DECLS
