/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-resident.h — which parts of a process's private memory were ever
 * touched, so a heap dump copies memory that exists and not address space
 * that was only reserved.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only.
 *
 * Reserved-but-untouched memory is common (thread stacks, allocator arenas,
 * language runtimes' heaps, AddressSanitizer's terabytes of shadow) and reads
 * as zeros; copying it would make a heap dump as big as the address space.
 * /proc/PID/smaps says how much of each mapping is resident or swapped; a
 * mapping that is wholly so is taken whole, an untouched one is skipped, and
 * a partly touched one is resolved page by page from /proc/PID/pagemap.
 */
#pragma once

#include <stdint.h>

#include "pm-memory-plan.h"
#include "pm-process.h"

/* Fills touched[i] with the resident + swapped bytes of proc->maps[i]
 * (streaming /proc/PID/smaps). Returns 0 or a negative errno; on failure the
 * caller should treat every mapping as fully touched. */
int pm_resident_read (PmProcess *proc, uint64_t *touched);

/* Adds to plan the touched pages of mapping m, whose touched byte count is
 * touched. Returns 0 or a negative errno. */
int pm_resident_add_mapping (PmProcess       *proc,
                             PmMemoryPlan    *plan,
                             const PmMapping *m,
                             uint64_t         touched);
