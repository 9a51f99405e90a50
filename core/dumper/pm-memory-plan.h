/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-memory-plan.h — which ranges of a process's memory go into a dump.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only.
 *
 * Ranges are added in any order (thread stacks, memory around registers,
 * registered blocks, whole mappings), subtracted (excluded blocks), then
 * normalized: sorted, clipped to readable mappings, overlapping and touching
 * ranges merged. Breakpad's processor drops a whole MemoryList when two of
 * its ranges overlap, so the list we write is always normalized.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "pm-process.h"

typedef struct
{
  uint64_t start;
  uint64_t end;
} PmRange;

typedef struct
{
  PmRange *ranges;
  size_t   n_ranges;
  size_t   alloc;
  PmRange *excluded;
  size_t   n_excluded;
  size_t   excluded_alloc;
} PmMemoryPlan;

void     pm_memory_plan_init      (PmMemoryPlan *plan);
int      pm_memory_plan_add       (PmMemoryPlan *plan, uint64_t start, uint64_t end);
int      pm_memory_plan_exclude   (PmMemoryPlan *plan, uint64_t start, uint64_t end);
/* Sorts, clips to readable mappings of proc (proc may be NULL: no clipping),
 * removes excluded ranges, merges. */
int      pm_memory_plan_normalize (PmMemoryPlan *plan, const PmProcess *proc);
uint64_t pm_memory_plan_total     (const PmMemoryPlan *plan);
/* The range holding [start, end) after normalize, or NULL. */
const PmRange *pm_memory_plan_find (const PmMemoryPlan *plan, uint64_t start, uint64_t end);
void     pm_memory_plan_clear     (PmMemoryPlan *plan);
