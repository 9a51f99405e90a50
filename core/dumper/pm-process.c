/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-process.c — stop every thread of a live process with ptrace, read its
 * registers, its memory map and its memory; let it go on unharmed.
 *
 * Runs in: postmortem-dumper (and tests), an ordinary process; libc only.
 */
#include "pm-process.h"

#include <dirent.h>
#include <sched.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void
pm_process_note (PmProcess  *proc,
                 const char *format,
                 ...)
{
  va_list args;

  if (proc->n_notes >= PM_PROCESS_MAX_NOTES)
    {
      proc->n_notes_dropped++;
      return;
    }
  va_start (args, format);
  vsnprintf (proc->notes[proc->n_notes], PM_PROCESS_NOTE_LEN, format, args);
  va_end (args);
  proc->n_notes++;
}

int
pm_process_open (PmProcess *proc,
                 pid_t      pid)
{
  char path[64];

  memset (proc, 0, sizeof *proc);
  proc->proc_fd = -1;
  proc->data_fd = -1;
  proc->mem_fd = -1;
  if (pid <= 0)
    return -EINVAL;
  proc->pid = pid;
  proc->mem_pid = pid;
  snprintf (path, sizeof path, "/proc/%d", (int) pid);
  proc->proc_fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (proc->proc_fd < 0)
    return -errno;
  {
    ssize_t n = readlinkat (proc->proc_fd, "exe", proc->exe_path, sizeof proc->exe_path - 1);
    proc->exe_path[n > 0 ? n : 0] = '\0';
  }
  return 0;
}

void
pm_process_open_image (PmProcess             *proc,
                       pid_t                  pid,
                       const PmProcessSource *source,
                       void                  *data)
{
  memset (proc, 0, sizeof *proc);
  proc->proc_fd = -1;
  proc->data_fd = -1;
  proc->mem_fd = -1;
  proc->pid = pid;
  proc->source = source;
  proc->source_data = data;
}

PmThread *
pm_process_find_thread (PmProcess *proc,
                        pid_t      tid)
{
  for (size_t i = 0; i < proc->n_threads; i++)
    if (proc->threads[i].tid == tid)
      return &proc->threads[i];
  return NULL;
}

PmThread *
pm_process_add_thread (PmProcess *proc,
                       pid_t      tid)
{
  PmThread *t;

  if (proc->n_threads == proc->threads_alloc)
    {
      size_t n = proc->threads_alloc ? proc->threads_alloc * 2 : 16;
      PmThread *grown;

      if (n > PM_PROCESS_MAX_THREADS)
        return NULL;
      grown = realloc (proc->threads, n * sizeof *grown);
      if (grown == NULL)
        return NULL;
      proc->threads = grown;
      proc->threads_alloc = n;
    }
  t = &proc->threads[proc->n_threads++];
  memset (t, 0, sizeof *t);
  t->tid = tid;
  return t;
}

/* Waits until a just-interrupted thread reports a stop. A thread that had a
 * signal pending reports that signal first: remember it and hand it back on
 * detach, so the target sees exactly what it would have seen without us.
 * Bounded: a thread that cannot stop (stuck in an uninterruptible state, or
 * gone) must not hang the dumper, and with it a crashing application. */
#define STOP_TIMEOUT_NS (2000000000LL)

static int
wait_for_stop (PmThread *t)
{
  struct timespec start, now, nap = { 0, 20000 };
  int spins = 0;

  clock_gettime (CLOCK_MONOTONIC, &start);
  for (;;)
    {
      int status = 0;
      pid_t r = waitpid (t->tid, &status, __WALL | WNOHANG);

      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          return -errno;
        }
      if (r == 0)
        {
          /* A stop normally lands within a few context switches: yield
           * before sleeping. */
          if (++spins < 200)
            {
              sched_yield ();
              continue;
            }
          clock_gettime (CLOCK_MONOTONIC, &now);
          if ((now.tv_sec - start.tv_sec) * 1000000000LL + (now.tv_nsec - start.tv_nsec) > STOP_TIMEOUT_NS)
            return -ETIMEDOUT;
          nanosleep (&nap, NULL);
          continue;
        }
      if (WIFEXITED (status) || WIFSIGNALED (status))
        return -ESRCH;
      if (!WIFSTOPPED (status))
        continue;
      if ((status >> 16) == PTRACE_EVENT_STOP)
        return 0;
      /* Signal-delivery-stop: the thread is stopped; keep the signal. */
      t->pending_signal = WSTOPSIG (status);
      return 0;
    }
}

/* The state letter of /proc/PID/task/TID/stat ('R', 'S', 'Z'...), or 0. */
static char
thread_state (PmProcess *proc,
              pid_t      tid)
{
  char path[64], buf[512], *paren;
  ssize_t n;
  int fd;

  snprintf (path, sizeof path, "task/%d/stat", (int) tid);
  fd = openat (proc->proc_fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return 0;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  paren = strrchr (buf, ')');   /* the name may hold spaces and parentheses */
  return paren != NULL && paren[1] == ' ' ? paren[2] : 0;
}

static void
read_thread_name (PmProcess *proc,
                  PmThread  *t)
{
  char path[64];
  ssize_t n;
  int fd;

  snprintf (path, sizeof path, "task/%d/comm", (int) t->tid);
  fd = openat (proc->proc_fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return;
  n = read (fd, t->name, sizeof t->name - 1);
  close (fd);
  if (n <= 0)
    {
      t->name[0] = '\0';
      return;
    }
  t->name[n] = '\0';
  if (n > 0 && t->name[n - 1] == '\n')
    t->name[n - 1] = '\0';
}

/* Leaves thread tid out of the dump, saying why once (the task list is read
 * again at each pass, and a dying thread stays in it for a while). */
static void
skip_thread (PmProcess  *proc,
             pid_t       tid,
             const char *why)
{
  for (size_t i = 0; i < proc->n_skipped; i++)
    if (proc->skipped[i] == tid)
      return;
  if (proc->n_skipped < sizeof proc->skipped / sizeof proc->skipped[0])
    proc->skipped[proc->n_skipped++] = tid;
  pm_process_note (proc, "thread %d %s: not in the dump", (int) tid, why);
}

/* Seizes a thread and asks it to stop; the stop is collected later by
 * collect_stops(), so the stops of many threads overlap. */
static int
attach_thread (PmProcess *proc,
               pid_t      tid)
{
  PmThread *t;
  size_t n_seized = proc->n_threads;
  int r;

  /* A zombie main thread (it called pthread_exit while the others run on)
   * has no registers and would never report a stop. Other threads vanish
   * from the listing as they die, so only the main thread is checked. */
  if (tid == proc->pid)
    {
      char state = thread_state (proc, tid);

      if (state == 'Z' || state == 'X')
        {
          skip_thread (proc, tid, "has exited (zombie)");
          return 0;
        }
    }
  t = pm_process_add_thread (proc, tid);
  if (t == NULL)
    return -ENOMEM;
  if (ptrace (PTRACE_SEIZE, tid, NULL, NULL) != 0)
    {
      r = -errno;
      proc->n_threads--;
      if (r == -ESRCH)
        {
          /* It exited between the listing and now: nothing to dump. */
          pm_process_note (proc, "thread %d exited while the process was being stopped", (int) tid);
          return 0;
        }
      /* The kernel refuses to trace a thread that has begun to exit (EPERM,
       * as for a process we may not trace). Once another thread of the
       * process is seized we may trace it: this one is dying (or another
       * tracer holds it), and the dump goes on without it. */
      if (r == -EPERM && n_seized > 0)
        {
          skip_thread (proc, tid, "could not be traced (it was exiting, or another tracer holds it)");
          return 0;
        }
      return r;
    }
  t->attached = 1;
  if (ptrace (PTRACE_INTERRUPT, tid, NULL, NULL) != 0)
    t->stop_error = -errno;
  return 0;
}

/* Waits for the stops asked for threads [first, n_threads), reads their
 * registers and names, and drops the threads that could not be stopped. */
static void
collect_stops (PmProcess *proc,
               size_t     first)
{
  size_t out = first;

  for (size_t i = first; i < proc->n_threads; i++)
    {
      PmThread *t = &proc->threads[i];
      int r = t->stop_error != 0 ? t->stop_error : wait_for_stop (t);

      if (r == -ETIMEDOUT)
        {
          /* Still traced but running: leave it be (the link goes when we exit). */
          pm_process_note (proc, "thread %d did not stop within 2 s: not in the dump", (int) t->tid);
          continue;
        }
      if (r != 0)
        {
          pm_process_note (proc, "thread %d vanished while being stopped", (int) t->tid);
          continue;
        }
      if (ptrace (PTRACE_GETREGS, t->tid, NULL, &t->regs) == 0 &&
          ptrace (PTRACE_GETFPREGS, t->tid, NULL, &t->fpregs) == 0)
        t->regs_ok = 1;
      else
        pm_process_note (proc, "thread %d: cannot read registers: %s", (int) t->tid, strerror (errno));
      read_thread_name (proc, t);
      if (out != i)
        proc->threads[out] = *t;
      out++;
    }
  proc->n_threads = out;
}

/* Stops every thread. Threads can be created while we attach (only by
 * threads we have not stopped yet), so the task list is read again until a
 * pass finds nobody new. */
int
pm_process_suspend (PmProcess *proc)
{
  int found_new = 1;
  int passes = 0;
  size_t pass_first = 0;

  while (found_new)
    {
      int task_fd;
      DIR *dir;
      struct dirent *de;

      found_new = 0;
      if (++passes > 100)
        return -EAGAIN;
      task_fd = openat (proc->proc_fd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (task_fd < 0)
        return errno == ENOENT ? -ESRCH : -errno;
      dir = fdopendir (task_fd);
      if (dir == NULL)
        {
          int e = -errno;
          close (task_fd);
          return e;
        }
      pass_first = proc->n_threads;
      while ((de = readdir (dir)) != NULL)
        {
          char *end;
          long tid = strtol (de->d_name, &end, 10);
          int r;

          if (de->d_name[0] == '.' || *end != '\0' || tid <= 0)
            continue;
          if (pm_process_find_thread (proc, (pid_t) tid) != NULL)
            continue;
          size_t before = proc->n_threads;

          r = attach_thread (proc, (pid_t) tid);
          if (r < 0)
            {
              closedir (dir);
              collect_stops (proc, pass_first);
              return r;
            }
          /* Only a thread actually seized counts as new: a zombie stays in
           * the listing without ever being added. */
          if (proc->n_threads > before)
            found_new = 1;
        }
      closedir (dir);
      collect_stops (proc, pass_first);
    }

  if (proc->n_threads == 0)
    return -ESRCH;

  /* Identity: the directory we opened first must still be alive. */
  {
    struct stat st;
    if (fstatat (proc->proc_fd, "stat", &st, 0) != 0)
      return -ESRCH;
  }

  /* With the main thread gone (a zombie), /proc/PID's maps and mem are
   * empty: read through a live thread instead. */
  if (pm_process_find_thread (proc, proc->pid) == NULL)
    {
      char path[64];

      snprintf (path, sizeof path, "task/%d", (int) proc->threads[0].tid);
      proc->data_fd = openat (proc->proc_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      proc->mem_pid = proc->threads[0].tid;
      pm_process_note (proc, "the main thread %d has exited: memory read through thread %d",
                       (int) proc->pid, (int) proc->mem_pid);
    }
  else
    proc->data_fd = fcntl (proc->proc_fd, F_DUPFD_CLOEXEC, 0);
  if (proc->data_fd < 0)
    return -errno;
  return 0;
}

int
pm_process_data_dir (const PmProcess *proc)
{
  return proc->data_fd >= 0 ? proc->data_fd : proc->proc_fd;
}

void
pm_process_resume (PmProcess *proc)
{
  for (size_t i = 0; i < proc->n_threads; i++)
    {
      PmThread *t = &proc->threads[i];

      if (!t->attached)
        continue;
      ptrace (PTRACE_DETACH, t->tid, NULL, (void *) (uintptr_t) t->pending_signal);
      t->attached = 0;
    }
}

void
pm_process_close (PmProcess *proc)
{
  pm_process_resume (proc);
  if (proc->proc_fd >= 0)
    close (proc->proc_fd);
  if (proc->data_fd >= 0)
    close (proc->data_fd);
  if (proc->mem_fd >= 0)
    close (proc->mem_fd);
  free (proc->threads);
  free (proc->maps_text);
  free (proc->maps_lines);
  free (proc->maps);
  proc->threads = NULL;
  proc->maps_text = NULL;
  proc->maps_lines = NULL;
  proc->maps = NULL;
  proc->proc_fd = proc->data_fd = proc->mem_fd = -1;
}

/* Reads a whole /proc file through the process directory, up to max bytes
 * (a file larger than that is truncated and noted). */
int
pm_process_read_file (PmProcess  *proc,
                      const char *name,
                      char      **out,
                      size_t     *out_len,
                      size_t      max)
{
  size_t alloc = 4096, len = 0;
  char *buf;
  int fd;

  *out = NULL;
  *out_len = 0;
  if (proc->source != NULL)
    return proc->source->read_file (proc->source_data, name, out, out_len, max);
  fd = openat (pm_process_data_dir (proc), name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return -errno;
  buf = malloc (alloc + 1);
  if (buf == NULL)
    {
      close (fd);
      return -ENOMEM;
    }
  for (;;)
    {
      ssize_t n;

      if (len == alloc)
        {
          char *grown;

          if (alloc >= max)
            {
              pm_process_note (proc, "/proc/%d/%s is larger than %zu bytes: truncated", (int) proc->pid, name, max);
              break;
            }
          alloc = alloc * 2 > max ? max : alloc * 2;
          grown = realloc (buf, alloc + 1);
          if (grown == NULL)
            {
              free (buf);
              close (fd);
              return -ENOMEM;
            }
          buf = grown;
        }
      n = read (fd, buf + len, alloc - len);
      if (n < 0)
        {
          int e = -errno;
          if (errno == EINTR)
            continue;
          free (buf);
          close (fd);
          return e;
        }
      if (n == 0)
        break;
      len += (size_t) n;
    }
  close (fd);
  buf[len] = '\0';
  *out = buf;
  *out_len = len;
  return 0;
}

static int
parse_maps_line (char      *line,
                 PmMapping *m)
{
  char perms[5] = "";
  unsigned long long start, end, offset, inode;
  unsigned int major, minor;
  int path_at = 0;

  if (sscanf (line, "%llx-%llx %4s %llx %x:%x %llu %n",
              &start, &end, perms, &offset, &major, &minor, &inode, &path_at) < 7)
    return -EINVAL;
  if (end <= start)
    return -EINVAL;
  memset (m, 0, sizeof *m);
  m->start = start;
  m->end = end;
  m->offset = offset;
  m->inode = inode;
  m->dev_major = major;
  m->dev_minor = minor;
  if (perms[0] == 'r') m->perms |= PM_MAP_READ;
  if (perms[1] == 'w') m->perms |= PM_MAP_WRITE;
  if (perms[2] == 'x') m->perms |= PM_MAP_EXEC;
  if (perms[3] == 'p') m->perms |= PM_MAP_PRIVATE;
  if (path_at > 0 && line[path_at] != '\0')
    m->path = line + path_at;
  return 0;
}

int
pm_process_read_maps (PmProcess *proc)
{
  char *text;
  size_t len;
  int r;

  r = pm_process_read_file (proc, "maps", &text, &len, 256u << 20);
  if (r < 0)
    return r;
  return pm_process_set_maps (proc, text, len);
}

int
pm_process_set_maps (PmProcess *proc,
                     char      *text,
                     size_t     len)
{
  char *copy, *line, *save = NULL;
  size_t lines = 0, n = 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] == '\n')
      lines++;
  /* The text is kept whole for the Breakpad maps stream; a second copy is
   * cut into lines that the PmMapping paths point into. */
  copy = malloc (len + 1);
  proc->maps = calloc (lines + 1, sizeof *proc->maps);
  if (copy == NULL || proc->maps == NULL)
    {
      free (copy);
      free (text);
      return -ENOMEM;
    }
  memcpy (copy, text, len + 1);
  for (line = strtok_r (copy, "\n", &save); line != NULL; line = strtok_r (NULL, "\n", &save))
    {
      if (parse_maps_line (line, &proc->maps[n]) == 0)
        n++;
      else
        pm_process_note (proc, "unparsable line in /proc/%d/maps: %.80s", (int) proc->pid, line);
    }
  proc->maps_text = text;
  proc->maps_len = len;
  proc->maps_lines = copy;
  proc->n_maps = n;
  return 0;
}

const PmMapping *
pm_process_find_mapping (const PmProcess *proc,
                         uint64_t         addr)
{
  size_t lo = 0, hi = proc->n_maps;

  /* The kernel lists mappings sorted by address. */
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      const PmMapping *m = &proc->maps[mid];

      if (addr < m->start)
        hi = mid;
      else if (addr >= m->end)
        lo = mid + 1;
      else
        return m;
    }
  return NULL;
}

/* Reads as much of [addr, addr+len) as the process lets us, in order; returns
 * the number of bytes read from the start (short on an unreadable page), or a
 * negative errno when not even the first byte could be read. */
ssize_t
pm_process_read_memory (PmProcess *proc,
                        uint64_t   addr,
                        void      *buf,
                        size_t     len)
{
  size_t done = 0;

  if (len == 0)
    return 0;
  if (proc->source != NULL)
    return proc->source->read_memory (proc->source_data, addr, buf, len);
  while (done < len && !proc->use_mem_fd)
    {
      struct iovec local = { (char *) buf + done, len - done };
      struct iovec remote = { (void *) (uintptr_t) (addr + done), len - done };
      ssize_t n = process_vm_readv (proc->mem_pid, &local, 1, &remote, 1, 0);

      if (n > 0)
        {
          done += (size_t) n;
          continue;
        }
      if (n < 0 && (errno == ENOSYS || errno == EPERM))
        {
          proc->use_mem_fd = 1;
          break;
        }
      /* EFAULT or 0: a hole; /proc/PID/mem may still read it (e.g. a
       * PROT_NONE guard page is unreadable either way, but a VM_IO-less
       * special mapping can be read there). */
      break;
    }
  if (done < len)
    {
      if (proc->mem_fd < 0)
        proc->mem_fd = openat (pm_process_data_dir (proc), "mem", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
      while (proc->mem_fd >= 0 && done < len)
        {
          ssize_t n = pread (proc->mem_fd, (char *) buf + done, len - done, (off_t) (addr + done));
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          done += (size_t) n;
        }
    }
  if (done == 0)
    return -EFAULT;
  return (ssize_t) done;
}

int
pm_process_open_mapped_file (PmProcess       *proc,
                             const PmMapping *m)
{
  char name[80];
  int fd;

  if (proc->source != NULL)
    return proc->source->open_mapped_file (proc->source_data, m);
  snprintf (name, sizeof name, "map_files/%llx-%llx",
            (unsigned long long) m->start, (unsigned long long) m->end);
  fd = openat (proc->proc_fd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  return fd >= 0 ? fd : -errno;
}
