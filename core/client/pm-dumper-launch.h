/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper-launch.h — starting postmortem-dumper on this process and talking
 * to it (pm-crash-info.h), shared by the crash handler and the hang watchdog.
 * Never installed.
 *
 * Runs in: the application. pm_dumper_launch_prepare() and
 * pm_dumper_launch_set_path() run at install time (ordinary context; they
 * allocate). Everything else is async-signal-safe and allocates nothing: it
 * runs inside the crash handler, or in the hang watchdog thread while another
 * thread of the process may hold any lock (the malloc lock among them).
 *
 * Each user has its own PmDumperLaunch (stacks, environment array), so a
 * crash while a hang is being reported never shares them.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "postmortem.h"
#include "pm-crash-info.h"

#define PM_DUMPER_LAUNCH_MAX_ENVIRON   4096

typedef struct
{
  pid_t    dumper;
  pid_t    parent;
  uint64_t deadline_ms;   /* CLOCK_MONOTONIC */
} PmDumperWatchdog;

typedef struct
{
  char             dumper_path[PM_CRASH_INFO_PATH_SIZE];
  char            *argv[4];
  char            *envp[PM_DUMPER_LAUNCH_MAX_ENVIRON + 1];
  bool             secure;            /* AT_SECURE: the dumper gets no environment of ours */
  char            *spawn_stack;       /* the dumper's process runs on this until execve */
  char            *watchdog_stack;    /* the watchdog process runs on this */
  PmDumperWatchdog watchdog;          /* filled before the watchdog starts, then only read,
                                         except deadline_ms, which a crash's recovery moves
                                         later (pm_dumper_session_extend_deadline) */
} PmDumperLaunch;

/* One dumper at work. */
typedef struct
{
  int      fd;            /* our end of the socketpair, -1 once closed */
  pid_t    child;         /* the dumper */
  pid_t    watchdog;      /* the watchdog process, or <= 0 */
  int      was_dumpable;
} PmDumperSession;

/* Install time: maps the two stacks (once; later calls keep them), sets argv
 * and reads AT_SECURE. */
PmResult pm_dumper_launch_prepare  (PmDumperLaunch *launch);
/* Install time: @path, else $PM_DUMPER_PATH (secure_getenv), else the
 * installed dumper. PM_RESULT_INVALID_ARGUMENT if empty or too long. */
PmResult pm_dumper_launch_set_path (PmDumperLaunch *launch,
                                    const char     *path);

/* Async-signal-safe from here on. */
uint64_t pm_dumper_monotonic_ms    (void);
void     pm_dumper_write_stderr    (const char *message);

/* Starts the dumper (`postmortem-dumper --crash-info-fd 3`), makes the process
 * dumpable for its visit, lets it ptrace us, starts the watchdog process that
 * kills it at @deadline_ms plus a grace period (the dumper may keep every
 * thread of ours stopped, the caller's too), and sends @info. Returns false,
 * with a message on stderr and nothing left running, when it could not. */
bool     pm_dumper_session_start   (PmDumperLaunch     *launch,
                                    PmDumperSession    *session,
                                    const PmCrashInfo  *info,
                                    uint64_t            deadline_ms);
/* Waits until @deadline_ms for one status byte: returns it, or -1 on timeout,
 * -2 when the dumper closed the socket without answering. */
int      pm_dumper_session_wait_status (PmDumperSession *session,
                                        uint64_t         deadline_ms);
/* Moves the dumper's deadline (for the watchdog process, which kills it at
 * @deadline_ms plus the grace period) to @deadline_ms: a crash's recovery
 * callback runs while the dumper waits (PM_CRASH_STATUS_RECOVER). */
void     pm_dumper_session_extend_deadline (PmDumperLaunch *launch,
                                            uint64_t        deadline_ms);
/* Sends one byte to the dumper (hang mode's outcome). */
bool     pm_dumper_session_send_byte (PmDumperSession *session,
                                      uint8_t          byte);
/* Ends the watchdog process early (hang mode: the dumper has let us go and
 * may now wait for longer than its deadline). */
void     pm_dumper_session_stop_watchdog (PmDumperSession *session);
/* Closes the socket, reaps the dumper (killing it if it has not exited by
 * @deadline_ms), stops the watchdog, restores the dumpable flag. */
void     pm_dumper_session_finish  (PmDumperSession *session,
                                    uint64_t         deadline_ms);
