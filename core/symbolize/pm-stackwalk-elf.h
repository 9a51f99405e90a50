/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk-elf.h — what the libdw parts of the walker share: the inline
 * frames of a module's DWARF (pm-stackwalk-inline.c), used when a frame is
 * named from a module file (pm-stackwalk-elf.c).
 *
 * Runs in: postmortemctl's backtrace module and the application's backtrace
 * worker.
 */
#pragma once

#include <elfutils/libdwfl.h>

#include "pm-stackwalk.h"

G_BEGIN_DECLS

/* Appends the functions inlined at lookup in mod's DWARF to frames,
 * innermost first, before the frame itself (named and given its pc's line
 * already); the frame's source becomes the call site of its outermost
 * inlined function. FALSE, with nothing changed, when mod has no DWARF for
 * lookup or nothing is inlined there. */
gboolean pm_stackwalker_symbolize_dwarf_inlines (Dwfl_Module   *mod,
                                                 PmStackFrame  *frame,
                                                 guint64        lookup,
                                                 PmStackFrames *frames);

G_END_DECLS
