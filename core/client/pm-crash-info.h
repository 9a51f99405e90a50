/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-info.h — the one fixed-size, versioned message the crash handler
 * sends to postmortem-dumper, and the one status byte it gets back.
 *
 * Runs in: both ends. The crashing application's signal handler fills a
 * preallocated PmCrashInfo (no allocation, async-signal-safe) and writes it to
 * its end of a socketpair; postmortem-dumper, started as
 *   postmortem-dumper --crash-info-fd FD
 * reads exactly sizeof (PmCrashInfo) bytes from FD, validates it (magic,
 * version, size, pid == SO_PEERCRED pid of FD, signal number, dump type, NUL
 * inside every string), dumps the process, publishes the report, and writes
 * one PmCrashStatus byte back on FD before exiting.
 *
 * Protocol, in order (handler side):
 *   1. socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)
 *   2. vfork + execve of the dumper, the child's end at fd 3 (the only fd above
 *      2 the dumper inherits), signal mask cleared
 *   3. prctl (PR_SET_PTRACER, dumper pid): the dumper may ptrace us
 *   4. write the whole PmCrashInfo
 *   5. poll for the status byte, at most `dumper_timeout_ms` in total; on
 *      timeout the handler SIGKILLs the dumper
 *   6. waitpid the dumper, then chain to the previous handler / re-raise
 * While the dumper works, the crashing thread sits in poll() inside its signal
 * handler; the dumper should take that thread's registers from `context`
 * below, not from ptrace (ptrace would show the handler's frame).
 *
 * Byte order is the machine's; the layout is fixed by the asserts below.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define PM_CRASH_INFO_MAGIC        "PMCRASH"   /* 8 bytes with the NUL */
#define PM_CRASH_INFO_VERSION      1u
#define PM_CRASH_INFO_FD           3           /* the dumper's end of the socketpair */
#define PM_CRASH_INFO_PATH_SIZE    4096u       /* store path buffer, NUL-terminated */
#define PM_CRASH_INFO_NGREG        23u         /* glibc's NGREG on x86_64 */

/* PmCrashInfo.flags */
#define PM_CRASH_INFO_FLAG_LAUNCH_APP       (1u << 0) /* after publishing, if the application's consent
                                                         is "always ask", start `postmortem --report KEY`
                                                         detached (the dumper does it) */
#define PM_CRASH_INFO_FLAG_HAVE_CONTEXT     (1u << 1) /* context.gregs is valid */
#define PM_CRASH_INFO_FLAG_HAVE_FPREGS      (1u << 2) /* context.fpregs is valid */
#define PM_CRASH_INFO_FLAG_ENVIRON          (1u << 3) /* the application allows its environment in
                                                         the dump (still subject to consent) */
#define PM_CRASH_INFO_FLAG_RECOVERY         (1u << 4) /* a recovery callback is registered: after
                                                          the dump, the dumper sends
                                                          PM_CRASH_STATUS_RECOVER and waits for the
                                                          recovery (below) before publishing */
#define PM_CRASH_INFO_FLAG_HANG             (1u << 5) /* not a crash: a hang (see "Hang mode" below;
                                                         with PM_CRASH_INFO_FLAG_RECOVERY, step 6b) */

/* Recovery, when PM_CRASH_INFO_FLAG_RECOVERY is set: once the dump is
 * written and the process's threads are released, the dumper sends
 * PM_CRASH_STATUS_RECOVER instead of the final status. The handler runs the
 * callback; each pm_recovery_in_progress() sends PM_RECOVERY_MSG_PING, and
 * pm_recovery_finished() sends PM_RECOVERY_MSG_SUCCEEDED or _FAILED (a
 * callback that returns without it: _FAILED), and its return
 * PM_RECOVERY_MSG_RETURNED. The dumper ends a callback silent for its ping
 * interval + PM_RECOVERY_PING_SLACK_MS (after the outcome: one more interval
 * to return), or running PM_RECOVERY_MAX_TIME_MS, by sending the crash
 * signal to the crashing thread (default disposition meanwhile), records
 * Postmortem.RecoveryFinished = true | false | timeout, publishes, and
 * writes the final status byte as usual. The handler's deadline for the
 * final byte grows by the recovery's maximum. */
#define PM_RECOVERY_PING_SLACK_MS  500u   /* added to the ping interval before ending a callback */
#define PM_RECOVERY_MSG_PING       'p'
#define PM_RECOVERY_MSG_SUCCEEDED  'S'
#define PM_RECOVERY_MSG_FAILED     'F'
#define PM_RECOVERY_MSG_RETURNED   'R'

/* The status byte the dumper writes back. */
typedef enum
{
  PM_CRASH_STATUS_PUBLISHED  = 0,  /* a report is in the store's queue */
  PM_CRASH_STATUS_COUNTED    = 1,  /* flood control: an existing report's count was bumped */
  PM_CRASH_STATUS_EXCLUDED   = 2,  /* the application is excluded: no report, by policy */
  PM_CRASH_STATUS_BAD_INFO   = 3,  /* the PmCrashInfo did not validate */
  PM_CRASH_STATUS_DUMP_FAILED = 4, /* the process could not be dumped */
  PM_CRASH_STATUS_STORE_FAILED = 5,/* the dump was written but could not be published */
  PM_CRASH_STATUS_RECOVER    = 6,  /* not final: the dump is written, run the recovery callback */
  PM_CRASH_STATUS_HANG_DUMPED  = 7,/* hang mode: the process is dumped and running again; the
                                      report waits for the outcome byte */
} PmCrashStatus;

/* Hang mode (PM_CRASH_INFO_FLAG_HANG), started by libpostmortem's hang watchdog
 * (postmortem.h, pm_hang_watchdog_start). The process is not crashing and is
 * not killed: the dumper dumps it live and lets it go. The PmCrashInfo is the
 * same, with signal 0, fault_address 0, tid the hung thread (the one that
 * sent heartbeats), crash_time when the hang was noticed, no context, and
 * siginfo holding a PmCrashHangInfo. Then, after step 4 above:
 *   5. the dumper answers PM_CRASH_STATUS_HANG_DUMPED once the process runs
 *      again (or a failure status, and exits; EXCLUDED: no report by policy);
 *   6. the watchdog waits for the outcome and sends one byte:
 *      PM_CRASH_HANG_RECOVERED (a heartbeat came again within one more
 *      timeout) or PM_CRASH_HANG_NOT_RECOVERED; the socket closing without
 *      it (the process was killed) counts as not recovered;
 *   6b. with PM_CRASH_INFO_FLAG_RECOVERY (a recovery callback is registered)
 *      and PM_CRASH_HANG_NOT_RECOVERED, the watchdog then runs the callback
 *      (pm_recovery_run_for_hang) and sends one more byte: its outcome,
 *      PM_CRASH_HANG_RECOVERY_*; the dumper waits for it at most
 *      PM_RECOVERY_MAX_TIME_MS + PM_CRASH_HANG_RECOVERY_SLACK_MS (then, and for
 *      PM_CRASH_HANG_RECOVERY_TIMEOUT, Postmortem.RecoveryFinished=timeout);
 *   7. the dumper publishes the report with Postmortem.HangRecovered=true|
 *      false and answers with the final status byte (PUBLISHED, COUNTED,
 *      EXCLUDED, STORE_FAILED).
 * The dumper drops its parent-death signal in hang mode, so a process killed
 * while it hangs (what a person does with a hung program) still gets its
 * report. It waits at most PM_CRASH_HANG_OUTCOME_MAX_MS for the outcome. */
#define PM_CRASH_HANG_RECOVERED        ((uint8_t) 'R')
#define PM_CRASH_HANG_NOT_RECOVERED    ((uint8_t) 'N')
#define PM_CRASH_HANG_OUTCOME_MAX_MS   600000u
#define PM_CRASH_HANG_RECOVERY_FINISHED ((uint8_t) 'S')  /* RecoveryFinished=true */
#define PM_CRASH_HANG_RECOVERY_FAILED   ((uint8_t) 'F')  /* =false */
#define PM_CRASH_HANG_RECOVERY_TIMEOUT  ((uint8_t) 'T')  /* =timeout */
#define PM_CRASH_HANG_RECOVERY_NONE     ((uint8_t) '-')  /* none ran (unregistered, or busy) */
#define PM_CRASH_HANG_RECOVERY_SLACK_MS 30000u

typedef struct
{
  uint32_t timeout_ms;       /* the watchdog's timeout: no heartbeat for this long is a hang */
  uint32_t reserved;         /* zero */
} PmCrashHangInfo;

/* The crashing thread's registers at the fault: glibc's mcontext_t, copied
 * out of the handler's ucontext (fpregs is a pointer there, so its 512-byte
 * FXSAVE area is copied inline here). gregs is indexed by glibc's REG_R8 ..
 * REG_CR2 (<sys/ucontext.h>, _GNU_SOURCE): REG_RIP = 16, REG_RSP = 15,
 * REG_EFL = 17, REG_CSGSFS = 18, REG_ERR = 19, REG_TRAPNO = 20,
 * REG_OLDMASK = 21, REG_CR2 = 22. */
typedef struct
{
  uint64_t gregs[PM_CRASH_INFO_NGREG];
  uint64_t reserved;                       /* zero */
  uint8_t  fpregs[512];                    /* FXSAVE layout (struct _libc_fpstate) */
} PmCrashContext;

typedef struct
{
  char     magic[8];                       /* PM_CRASH_INFO_MAGIC, NUL-terminated */
  uint32_t version;                        /* PM_CRASH_INFO_VERSION */
  uint32_t size;                           /* sizeof (PmCrashInfo) */
  int32_t  pid;                            /* the crashing process (getpid) */
  int32_t  tid;                            /* the crashing thread (gettid) */
  int32_t  signal;                         /* the signal number */
  uint32_t dump_type;                      /* PmDumpType: 1 micro, 2 mini, 3 heap, 4 triage */
  uint32_t flags;                          /* PM_CRASH_INFO_FLAG_* */
  uint32_t dumper_timeout_ms;              /* how long the handler waits for the status byte */
  uint64_t registration_table_address;     /* &pm_registration_table in the crashed process */
  uint64_t fault_address;                  /* siginfo.si_addr (0 for signals without one) */
  int64_t  crash_time_sec;                 /* CLOCK_REALTIME at handler entry */
  int64_t  crash_time_nsec;
  uint8_t  siginfo[128];                   /* the siginfo_t as delivered (a hang: PmCrashHangInfo) */
  PmCrashContext context;                  /* see PM_CRASH_INFO_FLAG_HAVE_CONTEXT/_FPREGS */
  char     store_path[PM_CRASH_INFO_PATH_SIZE]; /* empty: the dumper's default store
                                                   ($PM_STORE_DIR, else $XDG_DATA_HOME/postmortem) */
} PmCrashInfo;

_Static_assert (sizeof (PmCrashContext) == 23 * 8 + 8 + 512, "PmCrashContext size");
_Static_assert (offsetof (PmCrashContext, fpregs) == 192, "context.fpregs");

_Static_assert (offsetof (PmCrashInfo, magic) == 0, "info.magic");
_Static_assert (offsetof (PmCrashInfo, version) == 8, "info.version");
_Static_assert (offsetof (PmCrashInfo, size) == 12, "info.size");
_Static_assert (offsetof (PmCrashInfo, pid) == 16, "info.pid");
_Static_assert (offsetof (PmCrashInfo, tid) == 20, "info.tid");
_Static_assert (offsetof (PmCrashInfo, signal) == 24, "info.signal");
_Static_assert (offsetof (PmCrashInfo, dump_type) == 28, "info.dump_type");
_Static_assert (offsetof (PmCrashInfo, flags) == 32, "info.flags");
_Static_assert (offsetof (PmCrashInfo, dumper_timeout_ms) == 36, "info.dumper_timeout_ms");
_Static_assert (offsetof (PmCrashInfo, registration_table_address) == 40, "info.registration_table_address");
_Static_assert (offsetof (PmCrashInfo, fault_address) == 48, "info.fault_address");
_Static_assert (offsetof (PmCrashInfo, crash_time_sec) == 56, "info.crash_time_sec");
_Static_assert (offsetof (PmCrashInfo, crash_time_nsec) == 64, "info.crash_time_nsec");
_Static_assert (offsetof (PmCrashInfo, siginfo) == 72, "info.siginfo");
_Static_assert (offsetof (PmCrashInfo, context) == 200, "info.context");
_Static_assert (offsetof (PmCrashInfo, store_path) == 200 + 704, "info.store_path");
_Static_assert (sizeof (PmCrashInfo) == 904 + 4096, "PmCrashInfo size");
_Static_assert (sizeof (PmCrashHangInfo) <= sizeof ((PmCrashInfo *) 0)->siginfo, "PmCrashHangInfo fits in siginfo");
