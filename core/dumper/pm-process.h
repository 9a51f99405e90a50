/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-process.h — a live process held still for dumping: its threads
 * (ptrace-stopped, registers read), its memory map and its memory.
 *
 * Runs in: postmortem-dumper (and tests), an ordinary process. Uses libc only
 * so the same code serves the crash path's helper and postmortemctl.
 *
 * Identity: the /proc/PID directory is opened once, before any thread is
 * attached, and every later /proc read goes through that directory fd. After
 * the threads are stopped we check that the directory still answers; a pid
 * cannot be reused while its process lives, so the threads we stopped belong
 * to the process whose directory we hold (a pid is never looked up by number
 * again: that is how pid-reuse races happen).
 *
 * Functions return 0 or a negative errno; what went wrong along the way is
 * also written, in words, into the process's note log (pm_process_note), which
 * the dumper copies into the minidump so partial failures are never silent.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#define PM_PROCESS_MAX_NOTES     64
#define PM_PROCESS_NOTE_LEN      200
#define PM_PROCESS_MAX_THREADS   8192

typedef struct
{
  pid_t    tid;
  int      attached;        /* seized and stopped by us: must be detached */
  int      regs_ok;         /* regs/fpregs hold the thread's registers */
  int      pending_signal;  /* a signal caught while stopping it; re-delivered on detach */
  int      stop_error;      /* PTRACE_INTERRUPT failed (negative errno) */
  struct user_regs_struct   regs;
  struct user_fpregs_struct fpregs;
  char     name[16];        /* from /proc/PID/task/TID/comm, "" if unknown */
} PmThread;

enum
{
  PM_MAP_READ    = 1 << 0,
  PM_MAP_WRITE   = 1 << 1,
  PM_MAP_EXEC    = 1 << 2,
  PM_MAP_PRIVATE = 1 << 3,
};

typedef struct
{
  uint64_t start;
  uint64_t end;
  uint64_t offset;
  uint64_t inode;
  uint32_t dev_major;
  uint32_t dev_minor;
  uint32_t perms;           /* PM_MAP_* */
  const char *path;         /* points into the maps text; NULL for anonymous */
} PmMapping;

/* A process that is not running: its threads, maps and memory come from an
 * image of it (an ELF core: core/coredump) instead of ptrace and /proc. The
 * image fills threads and maps itself; these answer the rest. */
typedef struct
{
  /* As pm_process_read_memory (). */
  ssize_t (*read_memory) (void *data, uint64_t addr, void *buf, size_t len);
  /* A /proc file's contents as the image knows them ("auxv", "cmdline",
   * "status", "environ"), malloc'ed and NUL-terminated; -ENOENT if unknown. */
  int     (*read_file) (void *data, const char *name, char **out, size_t *out_len, size_t max);
  /* An fd of the file mapped at m, or a negative errno. */
  int     (*open_mapped_file) (void *data, const PmMapping *m);
  /* The first part [*start, *end) of [addr, end) whose bytes the image
   * holds; -ENOENT when there is none. */
  int     (*next_present) (void *data, uint64_t addr, uint64_t end, uint64_t *start_out, uint64_t *end_out);
} PmProcessSource;

typedef struct
{
  pid_t      pid;
  const PmProcessSource *source;  /* NULL: a live process */
  void      *source_data;
  int        proc_fd;       /* O_DIRECTORY fd of /proc/PID */
  int        data_fd;       /* where maps, mem, smaps... are read: /proc/PID, or
                               /proc/PID/task/TID when the main thread has exited
                               (its own files are empty then); set by suspend */
  pid_t      mem_pid;       /* a live thread, for process_vm_readv */
  int        mem_fd;        /* /proc/PID/mem, opened on first fallback read */
  int        use_mem_fd;    /* process_vm_readv is not allowed: use mem_fd */
  char       exe_path[4096];/* readlink of /proc/PID/exe, "" if unknown */

  PmThread  *threads;
  size_t     n_threads;
  size_t     threads_alloc;

  char      *maps_text;     /* the whole /proc/PID/maps, NUL-terminated */
  size_t     maps_len;
  char      *maps_lines;    /* a copy cut into lines; PmMapping.path points here */
  PmMapping *maps;
  size_t     n_maps;

  pid_t      skipped[16];   /* threads left out and already noted (zombie, exiting) */
  size_t     n_skipped;

  char       notes[PM_PROCESS_MAX_NOTES][PM_PROCESS_NOTE_LEN];
  size_t     n_notes;
  size_t     n_notes_dropped;
} PmProcess;

int   pm_process_open        (PmProcess *proc, pid_t pid);
/* A process known from an image (see PmProcessSource): no /proc, no ptrace.
 * The caller adds threads with pm_process_add_thread () and the memory map
 * with pm_process_set_maps (). */
void  pm_process_open_image  (PmProcess *proc, pid_t pid, const PmProcessSource *source, void *data);
PmThread *pm_process_add_thread (PmProcess *proc, pid_t tid);
/* Takes text, a malloc'ed /proc/PID/maps-format text (sorted by address). */
int   pm_process_set_maps    (PmProcess *proc, char *text, size_t len);
int   pm_process_suspend     (PmProcess *proc);
int   pm_process_read_maps   (PmProcess *proc);
void  pm_process_resume      (PmProcess *proc);
void  pm_process_close       (PmProcess *proc);

const PmMapping *pm_process_find_mapping (const PmProcess *proc, uint64_t addr);
PmThread        *pm_process_find_thread  (PmProcess *proc, pid_t tid);

ssize_t pm_process_read_memory (PmProcess *proc, uint64_t addr, void *buf, size_t len);
int     pm_process_read_file   (PmProcess *proc, const char *name, char **out, size_t *out_len, size_t max);
/* An fd of the very file mapped at m (/proc/PID/map_files), or -errno. */
int     pm_process_open_mapped_file (PmProcess *proc, const PmMapping *m);
/* The directory fd for per-process files (see data_fd). */
int     pm_process_data_dir    (const PmProcess *proc);

void  pm_process_note        (PmProcess *proc, const char *format, ...) __attribute__ ((format (printf, 2, 3)));
