/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-resident.c — find the touched parts of a process's memory from
 * /proc/PID/smaps and /proc/PID/pagemap.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only.
 */
#include "pm-resident.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE                 4096u
#define PAGEMAP_BATCH        65536u                 /* entries per read: 512 KiB */
#define MAX_SCANNED_MAPPING  (64ull << 30)          /* pagemap cost grows with the size */
#define PM_PAGEMAP_PRESENT   (1ull << 63)
#define PM_PAGEMAP_SWAPPED   (1ull << 62)

/* Index of the mapping starting at start (proc->maps is sorted). */
static long
mapping_index (const PmProcess *proc,
               uint64_t         start)
{
  size_t lo = 0, hi = proc->n_maps;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (proc->maps[mid].start == start)
        return (long) mid;
      if (proc->maps[mid].start < start)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

int
pm_resident_read (PmProcess *proc,
                  uint64_t  *touched)
{
  char buf[65536];
  size_t have = 0;
  long current = -1;
  int fd, eof = 0;

  for (size_t i = 0; i < proc->n_maps; i++)
    touched[i] = proc->maps[i].end - proc->maps[i].start;
  fd = openat (pm_process_data_dir (proc), "smaps", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return -errno;
  /* Line by line through a fixed buffer: smaps of a process with many
   * mappings can be megabytes. */
  while (!eof || have > 0)
    {
      char *nl;

      if (!eof && have < sizeof buf - 1)
        {
          ssize_t n = read (fd, buf + have, sizeof buf - 1 - have);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            eof = 1;
          else
            have += (size_t) n;
        }
      buf[have] = '\0';
      nl = memchr (buf, '\n', have);
      if (nl == NULL)
        {
          if (!eof && have < sizeof buf - 1)
            continue;
          nl = buf + have;      /* an overlong or last line */
        }
      *nl = '\0';
      {
        unsigned long long a, b, kb;

        if (sscanf (buf, "%llx-%llx ", &a, &b) == 2 && strchr (buf, ':') != NULL &&
            buf[strspn (buf, "0123456789abcdef")] == '-')
          {
            current = mapping_index (proc, a);
            if (current >= 0)
              touched[current] = 0;
          }
        else if (current >= 0 && (sscanf (buf, "Rss: %llu kB", &kb) == 1 ||
                                  sscanf (buf, "Swap: %llu kB", &kb) == 1))
          touched[current] += kb * 1024;
      }
      {
        size_t used = (size_t) (nl - buf) + (nl < buf + have ? 1 : 0);
        memmove (buf, buf + used, have - used);
        have -= used;
      }
    }
  close (fd);
  return 0;
}

int
pm_resident_add_mapping (PmProcess       *proc,
                         PmMemoryPlan    *plan,
                         const PmMapping *m,
                         uint64_t         touched)
{
  uint64_t size = m->end - m->start;
  uint64_t *entries, run_start = 0;
  int fd, in_run = 0, r = 0;

  if (touched == 0)
    return 0;
  if (touched >= size)
    return pm_memory_plan_add (plan, m->start, m->end);
  if (size > MAX_SCANNED_MAPPING)
    {
      pm_process_note (proc, "mapping 0x%llx-0x%llx (%llu GiB, %llu MiB touched) is too large and sparse to scan: left out of the heap dump",
                       (unsigned long long) m->start, (unsigned long long) m->end,
                       (unsigned long long) (size >> 30), (unsigned long long) (touched >> 20));
      return 0;
    }
  fd = openat (pm_process_data_dir (proc), "pagemap", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return pm_memory_plan_add (plan, m->start, m->end);   /* cannot tell: take it all */
  entries = malloc (PAGEMAP_BATCH * sizeof *entries);
  if (entries == NULL)
    {
      close (fd);
      return -ENOMEM;
    }
  for (uint64_t page = m->start / PAGE; page < m->end / PAGE && r == 0; )
    {
      size_t want = m->end / PAGE - page < PAGEMAP_BATCH ? (size_t) (m->end / PAGE - page) : PAGEMAP_BATCH;
      ssize_t n = pread (fd, entries, want * sizeof *entries, (off_t) (page * sizeof *entries));
      size_t got;

      if (n <= 0)
        {
          /* Unreadable pagemap: take the rest whole rather than lose it. */
          if (in_run)
            r = pm_memory_plan_add (plan, run_start, page * PAGE);
          in_run = 0;
          if (r == 0)
            r = pm_memory_plan_add (plan, page * PAGE, m->end);
          break;
        }
      got = (size_t) n / sizeof *entries;
      for (size_t i = 0; i < got && r == 0; i++)
        {
          int here = (entries[i] & (PM_PAGEMAP_PRESENT | PM_PAGEMAP_SWAPPED)) != 0;

          if (here && !in_run)
            {
              run_start = (page + i) * PAGE;
              in_run = 1;
            }
          else if (!here && in_run)
            {
              r = pm_memory_plan_add (plan, run_start, (page + i) * PAGE);
              in_run = 0;
            }
        }
      page += got;
    }
  if (in_run && r == 0)
    r = pm_memory_plan_add (plan, run_start, m->end);
  free (entries);
  close (fd);
  return r;
}
