/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-hang-watchdog.c — the hang watchdog: heartbeats from the application's
 * event loop, one thread that notices when they stop, and an AppHangB1 report
 * through postmortem-dumper's hang mode (postmortem.h; protocol in
 * pm-crash-info.h, "Hang mode").
 *
 * Runs in: the application.
 *  - pm_hang_heartbeat(): any thread, even a signal handler: a clock read
 *    (vDSO), atomic stores and, only while a hang is being reported, a futex
 *    wake. No lock, no allocation.
 *  - pm_hang_watchdog_start()/_stop(): ordinary context; they take a mutex
 *    and create or join the thread.
 *  - The watchdog thread: an ordinary thread of a process whose other thread
 *    may be stuck holding any lock (the malloc lock, stdio's): from the moment
 *    it notices a hang it uses only the async-signal-safe dumper launch
 *    (pm-dumper-launch.c) and memory prepared by start; but for a hang that
 *    did not end, it then runs the recovery callback (run_recovery(), which
 *    says why that may wait).
 *
 * Why a futex and not a condition variable: the thread sleeps until the last
 * heartbeat plus the timeout (CLOCK_MONOTONIC, an absolute deadline, so it
 * wakes at most once per timeout while the loop is healthy), and must also
 * be woken at once by start/stop and, while a hang is being reported, by the
 * first heartbeat that comes again. pthread_cond_signal may not be called
 * from a signal handler and needs the mutex a heartbeat must never take; a
 * futex word bumped with an atomic add and FUTEX_WAKE is both lock-free and
 * async-signal-safe, and FUTEX_WAIT_BITSET waits on a monotonic deadline.
 */
#include "pm-config.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "postmortem.h"
#include "pm-client-private.h"
#include "pm-crash-info.h"
#include "pm-dumper-launch.h"

#define PM_HANG_DUMPER_TIMEOUT_MS 15000u

static struct
{
  /* Written by heartbeats (any thread), read by the watchdog. */
  uint64_t        last_beat_ms;        /* CLOCK_MONOTONIC of the last heartbeat */
  uint32_t        beats;               /* counts heartbeats: a change means "alive again" */
  pid_t           beat_tid;            /* the thread of the last heartbeat */
  uint32_t        want_beat_wake;      /* 1 while the watchdog waits for a heartbeat to come back */
  uint32_t        wake;                /* the futex word: bumped to wake the watchdog */

  /* Set by start/stop under the mutex. */
  uint32_t        timeout_ms;          /* atomic; 0 = stopped */
  uint32_t        stopping;            /* atomic */
  pthread_mutex_t lock;                /* start/stop only */
  bool            thread_running;
  pthread_t       thread;

  /* The watchdog thread's own, prepared by start. */
  PmDumperLaunch  launch;
  PmCrashInfo     info;
  unsigned int    dumper_timeout_ms;
} hang = { .lock = PTHREAD_MUTEX_INITIALIZER };

static pid_t
sys_gettid (void)
{
  return (pid_t) syscall (SYS_gettid);
}

static void
wake_watchdog (void)
{
  __atomic_add_fetch (&hang.wake, 1, __ATOMIC_SEQ_CST);
  syscall (SYS_futex, &hang.wake, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

void
pm_hang_heartbeat (void)
{
  __atomic_store_n (&hang.last_beat_ms, pm_dumper_monotonic_ms (), __ATOMIC_RELEASE);
  __atomic_store_n (&hang.beat_tid, sys_gettid (), __ATOMIC_RELAXED);
  __atomic_add_fetch (&hang.beats, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n (&hang.want_beat_wake, __ATOMIC_SEQ_CST))
    wake_watchdog ();
}

/* Sleeps until @deadline_ms (CLOCK_MONOTONIC; UINT64_MAX: no deadline) or
 * until the futex word moves on from @seen (read by the caller before it
 * checked whatever it waits for, so no wake is lost). */
static void
wait_until (uint32_t seen,
            uint64_t deadline_ms)
{
  struct timespec ts;

  if (deadline_ms != UINT64_MAX)
    {
      ts.tv_sec = (time_t) (deadline_ms / 1000u);
      ts.tv_nsec = (long) (deadline_ms % 1000u) * 1000000L;
    }
  syscall (SYS_futex, &hang.wake, FUTEX_WAIT_BITSET_PRIVATE, seen,
           deadline_ms != UINT64_MAX ? &ts : NULL, NULL, FUTEX_BITSET_MATCH_ANY);
}

static bool
stopping (void)
{
  return __atomic_load_n (&hang.stopping, __ATOMIC_ACQUIRE) != 0;
}

/* Waits until a heartbeat comes after @beats_then, the watchdog is stopped,
 * or @deadline_ms passes. Returns whether a heartbeat came. */
static bool
wait_for_heartbeat (uint32_t beats_then,
                    uint64_t deadline_ms)
{
  bool came;

  __atomic_store_n (&hang.want_beat_wake, 1, __ATOMIC_SEQ_CST);
  for (;;)
    {
      uint32_t seen = __atomic_load_n (&hang.wake, __ATOMIC_SEQ_CST);

      came = __atomic_load_n (&hang.beats, __ATOMIC_SEQ_CST) != beats_then;
      if (came || stopping () || pm_dumper_monotonic_ms () >= deadline_ms)
        break;
      wait_until (seen, deadline_ms);
    }
  __atomic_store_n (&hang.want_beat_wake, 0, __ATOMIC_SEQ_CST);
  return came;
}

static void
fill_hang_info (PmCrashInfo *info,
                pid_t        tid,
                unsigned int timeout_ms)
{
  PmCrashHangInfo hang_info = { .timeout_ms = timeout_ms };
  struct timespec now;

  info->pid = (int32_t) getpid ();
  info->tid = (int32_t) tid;
  info->signal = 0;
  info->fault_address = 0;
  clock_gettime (CLOCK_REALTIME, &now);
  info->crash_time_sec = now.tv_sec;
  info->crash_time_nsec = now.tv_nsec;
  memset (info->siginfo, 0, sizeof info->siginfo);
  memcpy (info->siginfo, &hang_info, sizeof hang_info);
}

/* The program stays hung: its recovery callback saves what it can, as WER
 * runs it for a program that is not responding before ending it (the dump is
 * already written, so it shows the hang, not the recovery). The one step of
 * this thread that is not async-signal-safe: pm_recovery_run_for_hang() takes
 * the registration table's lock and creates a thread. Should the hung thread
 * hold one of their locks (the malloc lock), this thread waits with it; the
 * dumper publishes the report after its bound anyway (timeout). Returns the
 * byte that tells the dumper the outcome. */
static uint8_t
run_recovery (void)
{
  switch (pm_recovery_run_for_hang ())
    {
    case PM_RECOVERY_OUTCOME_FINISHED:
      return PM_CRASH_HANG_RECOVERY_FINISHED;
    case PM_RECOVERY_OUTCOME_FAILED:
      return PM_CRASH_HANG_RECOVERY_FAILED;
    case PM_RECOVERY_OUTCOME_TIMEOUT:
      return PM_CRASH_HANG_RECOVERY_TIMEOUT;
    case PM_RECOVERY_OUTCOME_RUNNING:
    case PM_RECOVERY_OUTCOME_NONE:
    case PM_RECOVERY_OUTCOME_BUSY:
    default:
      return PM_CRASH_HANG_RECOVERY_NONE;
    }
}

/* One hang (no heartbeat since the count was @beats_then): dump, watch for
 * recovery for one more timeout, tell the dumper the outcome (and, for a hang
 * that did not end, run the recovery callback), reap it. Async-signal-safe
 * calls only, but for run_recovery(). */
static void
report_hang (uint32_t     beats_then,
             unsigned int timeout_ms)
{
  PmDumperSession session;
  uint64_t deadline;
  bool recovered;
  int status;

  fill_hang_info (&hang.info, __atomic_load_n (&hang.beat_tid, __ATOMIC_RELAXED), timeout_ms);
  if (pm_recovery_is_registered_unlocked ())
    hang.info.flags |= PM_CRASH_INFO_FLAG_RECOVERY;
  else
    hang.info.flags &= ~PM_CRASH_INFO_FLAG_RECOVERY;
  deadline = pm_dumper_monotonic_ms () + hang.dumper_timeout_ms;
  if (!pm_dumper_session_start (&hang.launch, &session, &hang.info, deadline))
    return;
  status = pm_dumper_session_wait_status (&session, deadline);
  if (status != PM_CRASH_STATUS_HANG_DUMPED)
    {
      if (status == -1)
        pm_dumper_write_stderr ("postmortem: the hang dumper timed out\n");
      else if (status != PM_CRASH_STATUS_EXCLUDED)
        pm_dumper_write_stderr ("postmortem: the hang dumper failed to dump the process\n");
      pm_dumper_session_finish (&session, deadline);
      return;
    }
  /* We run again and the dumper waits for us: its watchdog can go. */
  pm_dumper_session_stop_watchdog (&session);

  recovered = wait_for_heartbeat (beats_then, pm_dumper_monotonic_ms () + timeout_ms);
  pm_dumper_session_send_byte (&session, recovered ? PM_CRASH_HANG_RECOVERED : PM_CRASH_HANG_NOT_RECOVERED);
  if (!recovered && (hang.info.flags & PM_CRASH_INFO_FLAG_RECOVERY))
    pm_dumper_session_send_byte (&session, run_recovery ());
  deadline = pm_dumper_monotonic_ms () + hang.dumper_timeout_ms;
  status = pm_dumper_session_wait_status (&session, deadline);
  if (status != PM_CRASH_STATUS_PUBLISHED && status != PM_CRASH_STATUS_COUNTED &&
      status != PM_CRASH_STATUS_EXCLUDED)
    pm_dumper_write_stderr ("postmortem: the hang dumper failed to publish the report\n");
  pm_dumper_session_finish (&session, deadline);
}

static void *
watchdog_thread (void *data)
{
  (void) data;
  while (!stopping ())
    {
      uint32_t seen = __atomic_load_n (&hang.wake, __ATOMIC_SEQ_CST);
      uint32_t beats = __atomic_load_n (&hang.beats, __ATOMIC_SEQ_CST);
      unsigned int timeout_ms = __atomic_load_n (&hang.timeout_ms, __ATOMIC_ACQUIRE);
      uint64_t deadline = __atomic_load_n (&hang.last_beat_ms, __ATOMIC_ACQUIRE) + timeout_ms;

      if (pm_dumper_monotonic_ms () < deadline)
        {
          wait_until (seen, deadline);
          continue;
        }
      /* A heartbeat that came since the reading above: not a hang after all. */
      if (__atomic_load_n (&hang.beats, __ATOMIC_SEQ_CST) != beats)
        continue;
      /* No heartbeat for the whole timeout: one report for this hang, then
       * none until heartbeats come back. */
      report_hang (beats, timeout_ms);
      wait_for_heartbeat (beats, UINT64_MAX);
    }
  return NULL;
}

/* A child made by fork() has none of our threads: it starts unwatched, and
 * may start a watchdog of its own. */
static void
forget_in_child (void)
{
  pthread_mutex_init (&hang.lock, NULL);
  hang.thread_running = false;
  __atomic_store_n (&hang.timeout_ms, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&hang.stopping, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&hang.want_beat_wake, 0, __ATOMIC_RELAXED);
}

static void
register_fork_handler (void)
{
  pthread_atfork (NULL, NULL, forget_in_child);
}

/* Where the dumper and the store are: the crash handler's choices, else the
 * defaults. */
static PmResult
prepare_launch (void)
{
  PmResult result;
  bool from_handler;

  memset (&hang.info, 0, sizeof hang.info);
  memcpy (hang.info.magic, PM_CRASH_INFO_MAGIC, sizeof hang.info.magic);
  hang.info.version = PM_CRASH_INFO_VERSION;
  hang.info.size = sizeof (PmCrashInfo);
  hang.info.dump_type = PM_DUMP_TYPE_MINI;
  hang.info.registration_table_address = (uint64_t) (uintptr_t) &pm_registration_table;
  hang.dumper_timeout_ms = PM_HANG_DUMPER_TIMEOUT_MS;
  from_handler = pm_crash_handler_copy_settings (hang.launch.dumper_path, sizeof hang.launch.dumper_path,
                                                 &hang.info, &hang.dumper_timeout_ms);
  if (!from_handler && (result = pm_dumper_launch_set_path (&hang.launch, NULL)) != PM_RESULT_OK)
    return result;
  hang.info.flags |= PM_CRASH_INFO_FLAG_HANG;
  hang.info.dumper_timeout_ms = hang.dumper_timeout_ms;
  return pm_dumper_launch_prepare (&hang.launch);
}

PmResult
pm_hang_watchdog_start (unsigned int timeout_ms)
{
  static pthread_once_t fork_handler_once = PTHREAD_ONCE_INIT;
  PmResult result = PM_RESULT_OK;

  if (timeout_ms == 0)
    timeout_ms = PM_HANG_DEFAULT_TIMEOUT_MS;
  if (timeout_ms > PM_HANG_MAX_TIMEOUT_MS)
    return PM_RESULT_INVALID_ARGUMENT;

  pthread_once (&fork_handler_once, register_fork_handler);
  pthread_mutex_lock (&hang.lock);
  __atomic_store_n (&hang.beat_tid, sys_gettid (), __ATOMIC_RELAXED);
  __atomic_store_n (&hang.last_beat_ms, pm_dumper_monotonic_ms (), __ATOMIC_RELEASE);
  __atomic_store_n (&hang.timeout_ms, timeout_ms, __ATOMIC_RELEASE);
  if (hang.thread_running)
    wake_watchdog ();
  else if ((result = prepare_launch ()) == PM_RESULT_OK)
    {
      sigset_t all, old;

      /* The application's signals are for its own threads, never this one. */
      sigfillset (&all);
      pthread_sigmask (SIG_SETMASK, &all, &old);
      __atomic_store_n (&hang.stopping, 0, __ATOMIC_RELEASE);
      if (pthread_create (&hang.thread, NULL, watchdog_thread, NULL) == 0)
        hang.thread_running = true;
      else
        result = PM_RESULT_FAILED;
      pthread_sigmask (SIG_SETMASK, &old, NULL);
    }
  if (result != PM_RESULT_OK)
    __atomic_store_n (&hang.timeout_ms, 0, __ATOMIC_RELEASE);
  pthread_mutex_unlock (&hang.lock);
  return result;
}

PmResult
pm_hang_watchdog_stop (void)
{
  pthread_mutex_lock (&hang.lock);
  if (!hang.thread_running)
    {
      pthread_mutex_unlock (&hang.lock);
      return PM_RESULT_INVALID_STATE;
    }
  __atomic_store_n (&hang.stopping, 1, __ATOMIC_RELEASE);
  wake_watchdog ();
  pthread_join (hang.thread, NULL);
  hang.thread_running = false;
  __atomic_store_n (&hang.timeout_ms, 0, __ATOMIC_RELEASE);
  pthread_mutex_unlock (&hang.lock);
  return PM_RESULT_OK;
}
