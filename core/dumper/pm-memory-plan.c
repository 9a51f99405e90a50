/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-memory-plan.c — normalized, non-overlapping lists of memory ranges.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only.
 */
#include "pm-memory-plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
pm_memory_plan_init (PmMemoryPlan *plan)
{
  memset (plan, 0, sizeof *plan);
}

static int
push (PmRange **ranges,
      size_t   *n,
      size_t   *alloc,
      uint64_t  start,
      uint64_t  end)
{
  if (end <= start)
    return 0;
  if (*n == *alloc)
    {
      size_t grow = *alloc ? *alloc * 2 : 64;
      PmRange *r = realloc (*ranges, grow * sizeof *r);
      if (r == NULL)
        return -ENOMEM;
      *ranges = r;
      *alloc = grow;
    }
  (*ranges)[*n].start = start;
  (*ranges)[*n].end = end;
  (*n)++;
  return 0;
}

int
pm_memory_plan_add (PmMemoryPlan *plan,
                    uint64_t      start,
                    uint64_t      end)
{
  return push (&plan->ranges, &plan->n_ranges, &plan->alloc, start, end);
}

int
pm_memory_plan_exclude (PmMemoryPlan *plan,
                        uint64_t      start,
                        uint64_t      end)
{
  return push (&plan->excluded, &plan->n_excluded, &plan->excluded_alloc, start, end);
}

static int
compare_ranges (const void *a,
                const void *b)
{
  const PmRange *ra = a, *rb = b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  if (ra->end != rb->end)
    return ra->end < rb->end ? -1 : 1;
  return 0;
}

/* Merges sorted ranges in place. */
static void
merge (PmRange *ranges,
       size_t  *n)
{
  size_t out = 0;

  for (size_t i = 0; i < *n; i++)
    {
      if (out > 0 && ranges[i].start <= ranges[out - 1].end)
        {
          if (ranges[i].end > ranges[out - 1].end)
            ranges[out - 1].end = ranges[i].end;
          continue;
        }
      ranges[out++] = ranges[i];
    }
  *n = out;
}

int
pm_memory_plan_normalize (PmMemoryPlan    *plan,
                          const PmProcess *proc)
{
  PmRange *out = NULL;
  size_t n_out = 0, alloc_out = 0;

  /* qsort () must not be given NULL, even for zero elements. */
  if (plan->n_ranges > 0)
    qsort (plan->ranges, plan->n_ranges, sizeof *plan->ranges, compare_ranges);
  merge (plan->ranges, &plan->n_ranges);
  if (plan->n_excluded > 0)
    qsort (plan->excluded, plan->n_excluded, sizeof *plan->excluded, compare_ranges);
  merge (plan->excluded, &plan->n_excluded);

  /* Intersect with readable mappings and subtract excluded ranges; both
   * lists are sorted, so one pass over each range's pieces is enough. */
  for (size_t i = 0; i < plan->n_ranges; i++)
    {
      uint64_t at = plan->ranges[i].start, end = plan->ranges[i].end;

      while (at < end)
        {
          uint64_t piece_end = end;

          if (proc != NULL)
            {
              const PmMapping *m = pm_process_find_mapping (proc, at);

              /* [vvar] is readable in the maps but not from another
               * process: treat it as a hole. */
              if (m == NULL || !(m->perms & PM_MAP_READ) ||
                  (m->path != NULL && strncmp (m->path, "[vvar", 5) == 0))
                {
                  /* Skip to the next mapping that starts after at. */
                  uint64_t next = end;
                  for (size_t k = 0; k < proc->n_maps; k++)
                    if (proc->maps[k].start > at)
                      {
                        next = proc->maps[k].start;
                        break;
                      }
                  at = next < end ? next : end;
                  continue;
                }
              if (m->end < piece_end)
                piece_end = m->end;
            }

          /* Cut out excluded ranges inside [at, piece_end). */
          for (size_t k = 0; k < plan->n_excluded && at < piece_end; k++)
            {
              const PmRange *x = &plan->excluded[k];

              if (x->end <= at || x->start >= piece_end)
                continue;
              if (x->start > at && push (&out, &n_out, &alloc_out, at, x->start) < 0)
                goto oom;
              at = x->end < piece_end ? x->end : piece_end;
            }
          if (at < piece_end && push (&out, &n_out, &alloc_out, at, piece_end) < 0)
            goto oom;
          at = piece_end;
        }
    }
  merge (out, &n_out);
  free (plan->ranges);
  plan->ranges = out;
  plan->n_ranges = n_out;
  plan->alloc = alloc_out;
  return 0;

oom:
  free (out);
  return -ENOMEM;
}

uint64_t
pm_memory_plan_total (const PmMemoryPlan *plan)
{
  uint64_t total = 0;

  for (size_t i = 0; i < plan->n_ranges; i++)
    total += plan->ranges[i].end - plan->ranges[i].start;
  return total;
}

const PmRange *
pm_memory_plan_find (const PmMemoryPlan *plan,
                     uint64_t            start,
                     uint64_t            end)
{
  size_t lo = 0, hi = plan->n_ranges;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      const PmRange *r = &plan->ranges[mid];

      if (start < r->start)
        hi = mid;
      else if (start >= r->end)
        lo = mid + 1;
      else
        return end <= r->end ? r : NULL;
    }
  return NULL;
}

void
pm_memory_plan_clear (PmMemoryPlan *plan)
{
  free (plan->ranges);
  free (plan->excluded);
  memset (plan, 0, sizeof *plan);
}
