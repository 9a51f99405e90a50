/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-guard.h — private: turns SIGBUS on a mapped minidump into zeros and a flag.
 *
 * Runs in: the reader's process. Registration and removal run in ordinary context (any
 * thread); the SIGBUS handler runs in signal context and only reads the table and calls
 * mmap(2) (a system call).
 *
 * A file mapped with mmap() that shrinks (truncated, rewritten in place) makes every access
 * past its new end raise SIGBUS, which would kill the program. The reader registers each
 * mapping here; on a SIGBUS whose address lies in one, the handler replaces the whole
 * mapping with anonymous zero pages of the same size (MAP_FIXED), sets the mapping's
 * "damaged" flag and returns, so the faulting read sees zeros and the reader reports "the
 * file changed while it was read" at its next check. No copy of the file is ever made. Any
 * other SIGBUS goes to the handler that was there before (or kills as it would have).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* How many mappings can be guarded at once. */
#define PM_MD_GUARD_MAX 256

/* Registers [start, start + length) (page-aligned start, as mmap returns it) and installs the
 * SIGBUS handler if it is not the current one. Returns a slot (>= 0), or -1 when every slot
 * is taken or the handler cannot be installed. */
int                  pm_md_guard_register    (const void *start,
                                              size_t      length);
/* Forgets a slot; call before munmap(). */
void                 pm_md_guard_unregister  (int         slot);
/* The slot's flag: non-zero once a SIGBUS replaced its mapping with zeros. */
const volatile int  *pm_md_guard_damaged_flag (int        slot);
