/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-backtrace.c — the module postmortemctl-backtrace.so: module files on
 * this machine for the stack walker (core/symbolize's pm_stackwalk_elf_files,
 * elfutils libdw), loaded only when a dump has one (pm-ctl-backtrace.h).
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 */
#include "pm-config.h"

#include "pm-ctl-backtrace.h"

const PmStackwalkFiles *
pm_ctl_backtrace_files (void)
{
  return &pm_stackwalk_elf_files;
}
