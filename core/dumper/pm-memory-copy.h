/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-memory-copy.h — copy large ranges of a stopped process's memory into
 * a file at known offsets, with a few threads.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only (pthreads).
 *
 * A heap dump's Memory64List data is one contiguous block whose layout is
 * known before the first byte is read, so the copy can be cut into pieces
 * that threads read (process_vm_readv, 1 MiB at a time) and write (pwrite at
 * their own offsets) independently: reading one piece overlaps writing
 * another. A page that cannot be read is skipped and stays a hole in the
 * file (zeros); the number of such bytes is reported per range.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "pm-memory-plan.h"
#include "pm-process.h"

typedef struct
{
  uint64_t copied;          /* bytes read and written */
  uint64_t unreadable;      /* bytes left as zeros */
} PmRangeCopyResult;

/* Copies plan's ranges, in order, to fd starting at file_offset (the ranges'
 * data back to back). results[i] (n_ranges entries) tells what happened to
 * range i. Returns 0, or a negative errno when the file could not be written
 * (unreadable memory is not an error). */
int pm_memory_copy_ranges (PmProcess          *proc,
                           const PmMemoryPlan *plan,
                           int                 fd,
                           uint64_t            file_offset,
                           PmRangeCopyResult  *results);
