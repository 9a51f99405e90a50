/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-backtrace.c — the module postmortemctl-backtrace.so: the stack walker
 * (core/symbolize, elfutils libdw) for `postmortemctl info`, loaded only when a
 * stack is walked (pm-ctl-backtrace.h).
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 */
#include "pm-config.h"

#include "pm-ctl-backtrace.h"

const PmCtlBacktrace pm_ctl_backtrace = {
  .walker_new = pm_stackwalker_new,
  .walker_free = pm_stackwalker_free,
  .walk = pm_stackwalker_walk,
  .trust_to_string = pm_frame_trust_to_string,
  .add_symbol_dir = pm_stackwalker_add_symbol_dir,
};
