/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-memory-copy.c — multi-threaded copy of process memory into a file.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only (pthreads).
 */
#include "pm-memory-copy.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK         (1u << 20)          /* one process_vm_readv / pwrite */
#define PIECE         (16u << 20)         /* one unit of work for a thread */
#define MAX_THREADS   4
#define PAGE          4096u

typedef struct
{
  uint64_t address;
  uint64_t length;
  uint64_t file_offset;
  size_t   range;           /* index into the plan */
  uint64_t copied;          /* the rest of length was unreadable (or not reached) */
} Piece;

typedef struct
{
  PmProcess *proc;
  int        fd;
  Piece     *pieces;
  size_t     n_pieces;
  size_t     next;          /* atomic: the next piece to take */
  int        error;         /* atomic: first write error */
} Work;

static int
write_all_at (int         fd,
              const void *data,
              size_t      len,
              uint64_t    offset)
{
  const uint8_t *p = data;

  while (len > 0)
    {
      ssize_t n = pwrite (fd, p, len, (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return n < 0 ? -errno : -EIO;
      p += n;
      len -= (size_t) n;
      offset += (uint64_t) n;
    }
  return 0;
}

static void
copy_piece (Work    *work,
            Piece   *piece,
            uint8_t *buf)
{
  uint64_t at = 0;

  while (at < piece->length && __atomic_load_n (&work->error, __ATOMIC_RELAXED) == 0)
    {
      size_t want = piece->length - at < CHUNK ? (size_t) (piece->length - at) : CHUNK;
      ssize_t n = pm_process_read_memory (work->proc, piece->address + at, buf, want);
      int r;

      if (n <= 0)
        {
          /* Unreadable: leave a hole up to the next page and go on, so one
           * bad page does not cost the rest of the range. */
          uint64_t next = ((piece->address + at) / PAGE + 1) * PAGE - piece->address;
          if (next > piece->length)
            next = piece->length;
          at = next;
          continue;
        }
      r = write_all_at (work->fd, buf, (size_t) n, piece->file_offset + at);
      if (r < 0)
        {
          int expected = 0;
          __atomic_compare_exchange_n (&work->error, &expected, r, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
          return;
        }
      at += (uint64_t) n;
      piece->copied += (uint64_t) n;
    }
}

static void *
worker (void *data)
{
  Work *work = data;
  uint8_t *buf = malloc (CHUNK);

  if (buf == NULL)
    return (void *) (intptr_t) -ENOMEM;
  for (;;)
    {
      size_t i = __atomic_fetch_add (&work->next, 1, __ATOMIC_RELAXED);

      if (i >= work->n_pieces || __atomic_load_n (&work->error, __ATOMIC_RELAXED) != 0)
        break;
      copy_piece (work, &work->pieces[i], buf);
    }
  free (buf);
  return NULL;
}

static int
thread_count (uint64_t total)
{
  cpu_set_t set;
  long cpus = sched_getaffinity (0, sizeof set, &set) == 0 ? CPU_COUNT (&set) : sysconf (_SC_NPROCESSORS_ONLN);

  /* Threads pay off only for big copies; one core gains nothing. */
  if (total < 4 * (uint64_t) PIECE || cpus < 2)
    return 1;
  return cpus > MAX_THREADS ? MAX_THREADS : (int) cpus;
}

int
pm_memory_copy_ranges (PmProcess          *proc,
                       const PmMemoryPlan *plan,
                       int                 fd,
                       uint64_t            file_offset,
                       PmRangeCopyResult  *results)
{
  Work work;
  pthread_t threads[MAX_THREADS];
  int n_threads, started = 0;
  size_t n = 0;
  uint64_t total = 0, offset = file_offset;

  memset (&work, 0, sizeof work);
  memset (results, 0, plan->n_ranges * sizeof *results);
  for (size_t i = 0; i < plan->n_ranges; i++)
    {
      uint64_t len = plan->ranges[i].end - plan->ranges[i].start;
      n += (size_t) ((len + PIECE - 1) / PIECE);
      total += len;
    }
  work.pieces = calloc (n + 1, sizeof *work.pieces);
  if (work.pieces == NULL)
    return -ENOMEM;
  for (size_t i = 0; i < plan->n_ranges; i++)
    for (uint64_t a = plan->ranges[i].start; a < plan->ranges[i].end; a += PIECE)
      {
        Piece *p = &work.pieces[work.n_pieces++];
        p->address = a;
        p->length = plan->ranges[i].end - a < PIECE ? plan->ranges[i].end - a : PIECE;
        p->file_offset = offset;
        p->range = i;
        offset += p->length;
      }
  work.proc = proc;
  work.fd = fd;

  /* The /proc/PID/mem fallback is opened lazily by the first failing read:
   * open it now, before there are several readers. */
  if (proc->mem_fd < 0)
    proc->mem_fd = openat (pm_process_data_dir (proc), "mem", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

  /* Allocate the file's blocks for the whole block up front: buffered writes
   * into allocated extents cost less than delayed allocation (about a
   * quarter less on ext4), and a full disk shows up now rather than midway.
   * Not every filesystem can: then the writes allocate as they go (Linux's
   * fallocate () says so, where posix_fallocate () would write every block). */
  if (total > 0)
    (void) fallocate (fd, 0, (off_t) file_offset, (off_t) total);

  n_threads = thread_count (total);
  for (int i = 1; i < n_threads; i++)
    if (pthread_create (&threads[started], NULL, worker, &work) == 0)
      started++;
  if (worker (&work) != NULL && work.error == 0)
    work.error = -ENOMEM;
  for (int i = 0; i < started; i++)
    pthread_join (threads[i], NULL);

  for (size_t i = 0; i < work.n_pieces; i++)
    {
      results[work.pieces[i].range].copied += work.pieces[i].copied;
      results[work.pieces[i].range].unreadable += work.pieces[i].length - work.pieces[i].copied;
    }
  free (work.pieces);
  return work.error;
}
