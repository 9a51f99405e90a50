/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-backtrace.h — the stack walker as `postmortemctl info` reaches it:
 * through the module postmortemctl-backtrace.so (pm-ctl-backtrace.c).
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 * The walker (core/symbolize) links elfutils' libdw and libelf with their
 * decompressors and debuginfod client; `info` loads it only when it walks a
 * stack (the crashing thread's backtrace, or every thread's frames in --json),
 * and `memory`, or `info` of a dump without a crash, never maps them.
 */
#pragma once

#include <glib.h>

#include "pm-minidump-reader.h"
#include "pm-stackwalk.h"

G_BEGIN_DECLS

#define PM_CTL_BACKTRACE_MODULE "backtrace"
#define PM_CTL_BACKTRACE_SYMBOL "pm_ctl_backtrace"

/* core/symbolize/pm-stackwalk.h's functions, as the module exports them. */
typedef struct
{
  PmStackwalker *(*walker_new)      (PmMinidump *md, GError **error);
  void           (*walker_free)     (PmStackwalker *walker);
  GArray        *(*walk)            (PmStackwalker *walker, const PmMdContext *ctx, GError **error);
  const char    *(*trust_to_string) (PmFrameTrust trust);
  void           (*add_symbol_dir)  (PmStackwalker *walker, const char *dir);
} PmCtlBacktrace;

/* In the module. */
extern const PmCtlBacktrace pm_ctl_backtrace;

G_END_DECLS
