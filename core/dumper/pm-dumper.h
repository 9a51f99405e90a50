/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper.h — dump a live (or crashed and waiting) process to a minidump
 * of one of WER's dump types.
 *
 * Runs in: postmortem-dumper and tests, an ordinary process; libc only.
 *
 * pm_dump_process() stops every thread of the process with ptrace, reads what
 * the dump type asks for (micro: threads, registers, capped stacks, modules;
 * mini: also memory around registers and the Linux streams; heap: also all
 * private writable memory; see pm_dump_process() below), streams the
 * minidump to an fd, and lets the process go on. A partial failure (a thread
 * that vanished, an unreadable region) is written into the dump's notes
 * stream and the dump is still written; only a process that cannot be
 * stopped at all, or an output that cannot be written, fails the call.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pm-crash-info.h"
#include "pm-process.h"
#include "pm-registration-reader.h"

typedef enum
{
  PM_DUMPER_TYPE_MICRO  = 1,
  PM_DUMPER_TYPE_MINI   = 2,
  PM_DUMPER_TYPE_HEAP   = 3,
  PM_DUMPER_TYPE_TRIAGE = 4,
} PmDumperType;

typedef struct
{
  PmDumperType           type;
  int                    include_environ;   /* the Breakpad ENVIRON stream */

  /* A crash: the thread that crashed and how. crash_tid == 0 is a live dump. */
  pid_t                  crash_tid;
  int                    signal;
  int                    si_code;
  uint64_t               fault_address;
  const PmCrashContext  *crash_context;     /* the crashing thread's registers, or NULL */
  uint32_t               crash_info_flags;  /* PM_CRASH_INFO_FLAG_HAVE_CONTEXT / _FPREGS */

  /* A hang (AppHang): the thread that stopped responding; the process is
   * dumped live (no exception stream) and PostmortemInfo carries
   * PM_MD_POSTMORTEM_FLAG_HANG with this thread. 0: not a hang. */
  pid_t                  hung_tid;
  /* One line of JSON for the PostmortemWaitChains stream (0x504d0003), or
   * NULL for none. */
  const char            *wait_chains_json;

  /* Where the registration table is; 0 looks it up by symbol. */
  uint64_t               registration_table_address;
  int                    skip_registrations; /* triage dumps of additional processes */
} PmDumpOptions;

/* What the report needs to know about the dump it carries. */
typedef struct
{
  pid_t            pid;
  char             app_path[4096];
  char             app_build_id[2 * PM_MODULE_MAX_BUILD_ID + 1];  /* hex, "" if none */
  char             fault_module_path[4096];                       /* "" if the IP is in no module */
  char             fault_module_build_id[2 * PM_MODULE_MAX_BUILD_ID + 1];
  uint64_t         fault_module_offset;     /* crashing IP - module base */
  uint64_t         fault_ip;
  uint32_t         n_threads;
  uint32_t         n_notes;
  uint64_t         bytes_written;
  uint64_t         memory_bytes;            /* process memory copied into the dump */
  PmRegistrations  registrations;           /* what the application registered */
} PmDumpResult;

void pm_dump_options_init (PmDumpOptions *options, PmDumperType type);

/* Writes the minidump to fd (a regular file, at its current offset). On
 * failure returns a negative errno and puts a sentence in error. */
int  pm_dump_process (pid_t                pid,
                      const PmDumpOptions *options,
                      int                  fd,
                      PmDumpResult        *result,
                      char                *error,
                      size_t               error_size);

/* The same of a process known from an image (pm_process_open_image: an ELF
 * core), whose threads and maps are already in proc. proc stays the
 * caller's. The crashing thread's registers are its own in the image. */
int  pm_dump_image   (PmProcess           *proc,
                      const PmDumpOptions *options,
                      int                  fd,
                      PmDumpResult        *result,
                      char                *error,
                      size_t               error_size);

const char *pm_dumper_type_to_string   (PmDumperType type);
int         pm_dumper_type_from_string (const char *name, PmDumperType *type);
