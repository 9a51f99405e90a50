/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-core.h — a Linux x86-64 ELF core (written by the kernel, by
 * systemd-coredump or by gdb's gcore; plain or compressed with zstd, xz or
 * lz4) read as a process that the dumper can dump like a live one.
 *
 * Runs in: postmortemctl and the listener service, ordinary processes of the
 * user; libc, libelf and the decompressors only (no GLib).
 *
 * The core is mapped, not read: a mini dump of a 1 GiB core touches only the
 * pages of its stacks and of the memory around registers. A compressed core
 * is first inflated into an unlinked temporary file. Everything in the file
 * is checked before use: counts, sizes and offsets inside the file, notes
 * inside their segment; a truncated or malformed core is refused with a
 * sentence that says what is wrong, before anything is written.
 *
 * Threads and registers come from NT_PRSTATUS and NT_FPREGSET (or the FXSAVE
 * part of NT_X86_XSTATE), the signal from NT_SIGINFO, the memory map from
 * the PT_LOAD segments named by NT_FILE, auxv from NT_AUXV; the command line
 * and environment from the strings on the initial stack (found through the
 * auxv copy there), else NT_PRPSINFO. Memory that the core does not hold
 * (read-only file mappings: code) is read from the mapped file.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pm-dumper.h"

typedef struct PmCore PmCore;

/* What the core says about the crash. */
typedef struct
{
  pid_t    pid;
  pid_t    crash_tid;        /* the thread that took the signal (the first NT_PRSTATUS) */
  int      signal;           /* 0: no signal recorded (a gcore of a live process) */
  int      si_code;
  uint64_t fault_address;
  uid_t    uid;
  gid_t    gid;
  char     comm[17];         /* NT_PRPSINFO's pr_fname */
  const char *exe_path;      /* the executable's path, "" if unknown */
  size_t   n_threads;
  uint64_t size;             /* of the (inflated) core */
} PmCoreFacts;

/* Opens and checks the core at path. exe, if not NULL, is the executable to
 * read for code and build-ids instead of the path the core names. Returns 0
 * or a negative errno with a sentence in error. */
int   pm_core_open  (const char  *path,
                     const char  *exe,
                     PmCore     **out,
                     char        *error,
                     size_t       error_size);
void  pm_core_free  (PmCore *core);

const PmCoreFacts *pm_core_get_facts (const PmCore *core);

/* Writes a minidump of the given type into fd, as pm_dump_process () would
 * of the live process. The environment goes in only with include_environ. */
int   pm_core_dump  (PmCore        *core,
                     PmDumperType   type,
                     int            include_environ,
                     int            fd,
                     PmDumpResult  *result,
                     char          *error,
                     size_t         error_size);
