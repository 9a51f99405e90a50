/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-recovery.c — the application recovery callback (WER's
 * RegisterApplicationRecoveryCallback): its registration, and running it
 * after a crash (on the crashing thread, from the crash handler) or a hang
 * (in a new thread, for the hang watchdog).
 *
 * Runs in: registration in ordinary context, any thread (the table's lock,
 * pm-registration.c). pm_recovery_run_for_crash() and the callback's
 * pm_recovery_in_progress()/pm_recovery_finished() run in a compromised
 * context: inside the crash handler, on the alternate signal stack; they
 * read the table without its lock and use async-signal-safe system calls
 * only (send, sigaction, sigprocmask, clock_gettime, futex, sched_yield).
 * pm_recovery_run_for_hang() runs in ordinary context (pthread_create).
 *
 * Who ends a callback that stops pinging:
 *  - after a crash, postmortem-dumper (pm-dumper-recovery.c). It is a
 *    separate process, still waiting on the crash socket: every ping is one
 *    byte on that socket, the outcome one more. When pings stop for the
 *    interval (plus a little slack) or 5 minutes pass, it sends the original
 *    signal to the crashing thread, whose disposition is the default while
 *    the callback runs (then SIGKILL if that did not end it). An alarm()
 *    timer inside the process would share the callback's fate: the callback
 *    may block SIGALRM, use alarm() itself, or have corrupted what the
 *    timer's handler needs; the dumper cannot be masked, and it holds the
 *    report, so it records the outcome before publishing it.
 *  - after a hang, the thread that called pm_recovery_run_for_hang(); the
 *    callback's thread is left behind when it times out (a thread cannot be
 *    ended safely from outside), and the caller goes on to end the process.
 */
#include "pm-config.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "postmortem.h"
#include "pm-client-private.h"
#include "pm-crash-info.h"

enum
{
  RECOVERY_IDLE  = 0,
  RECOVERY_CRASH = 1,
  RECOVERY_HANG  = 2,
};

/* The recovery running now. Written by the runner before the callback
 * starts, read by the callback's calls (the same thread after a crash). */
static struct
{
  int      mode;          /* RECOVERY_* */
  int      fd;            /* RECOVERY_CRASH: the dumper's socket */
  uint64_t last_ping_ms;  /* CLOCK_MONOTONIC of the last ping */
  uint64_t last_sent_ms;  /* RECOVERY_CRASH: of the last ping sent to the dumper */
  int      outcome;       /* PmRecoveryOutcome; RUNNING until finished; a futex */
} recovery = { RECOVERY_IDLE, -1, 0, 0, PM_RECOVERY_OUTCOME_RUNNING };

/* A callback that pings in a tight loop sends one byte per this many ms. */
#define PING_SEND_MS 50u

static uint64_t
recovery_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

/* ---------------------------------------------------------------------------
 * Registration. Ordinary context.
 * ------------------------------------------------------------------------- */

PmResult
pm_register_recovery_callback (PmRecoveryCallback callback, void *param,
                               unsigned int ping_interval_ms, unsigned int flags)
{
  PmRegistrationEntry entry;
  uint64_t param_bits = (uint64_t) (uintptr_t) param;

  if (callback == NULL || flags != 0 || ping_interval_ms > PM_RECOVERY_MAX_PING_INTERVAL)
    return PM_RESULT_INVALID_ARGUMENT;
  if (ping_interval_ms == 0)
    ping_interval_ms = PM_RECOVERY_DEFAULT_PING_INTERVAL;

  memset (&entry, 0, sizeof entry);
  entry.kind = PM_REGISTRATION_KIND_RECOVERY;
  entry.address = (uint64_t) (uintptr_t) callback;
  entry.size = ping_interval_ms;
  memcpy (entry.key, &param_bits, sizeof param_bits);
  return pm_registration_set_singleton (PM_REGISTRATION_KIND_RECOVERY, &entry);
}

PmResult
pm_unregister_recovery_callback (void)
{
  return pm_registration_set_singleton (PM_REGISTRATION_KIND_RECOVERY, NULL);
}

static void
entry_unpack (const PmRegistrationEntry *e, PmRecoveryCallback *callback, void **param,
              unsigned int *ping_interval_ms)
{
  uint64_t param_bits;

  memcpy (&param_bits, e->key, sizeof param_bits);
  if (callback != NULL)
    *callback = (PmRecoveryCallback) (uintptr_t) e->address;
  if (param != NULL)
    *param = (void *) (uintptr_t) param_bits;
  if (ping_interval_ms != NULL)
    *ping_interval_ms = (unsigned int) e->size;
}

PmResult
pm_get_recovery_callback (PmRecoveryCallback *callback, void **param,
                          unsigned int *ping_interval_ms, unsigned int *flags)
{
  PmRegistrationEntry entry;

  if (!pm_registration_get_singleton (PM_REGISTRATION_KIND_RECOVERY, &entry))
    return PM_RESULT_NOT_FOUND;
  entry_unpack (&entry, callback, param, ping_interval_ms);
  if (flags != NULL)
    *flags = 0;
  return PM_RESULT_OK;
}

/* ---------------------------------------------------------------------------
 * The callback's calls. Async-signal-safe.
 * ------------------------------------------------------------------------- */

/* One byte to the dumper. MSG_NOSIGNAL: a dumper that is gone must not kill
 * us with SIGPIPE. A ping never blocks (a lost one is harmless: pings are
 * sent at most every PING_SEND_MS, far below any interval); the outcome and
 * the return may wait for room, bounded by the handler's watchdog, which
 * kills a stuck dumper (then send fails). */
static void
recovery_send (char byte)
{
  int flags = MSG_NOSIGNAL | (byte == PM_RECOVERY_MSG_PING ? MSG_DONTWAIT : 0);

  while (send (recovery.fd, &byte, 1, flags) < 0 && errno == EINTR)
    ;
}

PmResult
pm_recovery_in_progress (bool *cancelled)
{
  int mode = __atomic_load_n (&recovery.mode, __ATOMIC_ACQUIRE);
  uint64_t now;

  if (cancelled != NULL)
    *cancelled = false;
  if (mode == RECOVERY_IDLE ||
      __atomic_load_n (&recovery.outcome, __ATOMIC_ACQUIRE) != PM_RECOVERY_OUTCOME_RUNNING)
    return PM_RESULT_INVALID_STATE;
  now = recovery_now_ms ();
  __atomic_store_n (&recovery.last_ping_ms, now, __ATOMIC_RELEASE);
  if (mode == RECOVERY_CRASH && now - __atomic_load_n (&recovery.last_sent_ms, __ATOMIC_ACQUIRE) >= PING_SEND_MS)
    {
      int saved_errno = errno;
      __atomic_store_n (&recovery.last_sent_ms, now, __ATOMIC_RELEASE);
      recovery_send (PM_RECOVERY_MSG_PING);
      errno = saved_errno;
    }
  return PM_RESULT_OK;
}

/* Records the first outcome only; later ones change nothing. */
static bool
recovery_set_outcome (int outcome)
{
  int expected = PM_RECOVERY_OUTCOME_RUNNING;

  if (!__atomic_compare_exchange_n (&recovery.outcome, &expected, outcome, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return false;
  syscall (SYS_futex, &recovery.outcome, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
  return true;
}

PmResult
pm_recovery_finished (bool success)
{
  int mode = __atomic_load_n (&recovery.mode, __ATOMIC_ACQUIRE);
  int saved_errno = errno;

  if (mode == RECOVERY_IDLE)
    return PM_RESULT_INVALID_STATE;
  if (!recovery_set_outcome (success ? PM_RECOVERY_OUTCOME_FINISHED : PM_RECOVERY_OUTCOME_FAILED))
    return PM_RESULT_INVALID_STATE;
  if (mode == RECOVERY_CRASH)
    recovery_send (success ? PM_RECOVERY_MSG_SUCCEEDED : PM_RECOVERY_MSG_FAILED);
  errno = saved_errno;
  return PM_RESULT_OK;
}

/* ---------------------------------------------------------------------------
 * After a crash. Compromised context: no lock, no allocation.
 * ------------------------------------------------------------------------- */

/* The RECOVERY entry read without the table's lock (its holder may be the
 * thread that crashed), as a seqlock reader: other threads still run and may
 * be changing it, so a copy is used only when the generation was even and
 * the same before and after. A writer that never finishes (it crashed, or
 * is this thread) leaves the generation odd: after a few tries, every entry
 * but the one it was changing is whole. */
static bool
recovery_lookup_unlocked (PmRecoveryCallback *callback, void **param, unsigned int *ping_interval_ms)
{
  const PmRegistrationTable *t = &pm_registration_table;

  for (int attempt = 0; attempt < 4; attempt++)
    {
      uint64_t before = __atomic_load_n (&t->generation, __ATOMIC_ACQUIRE);
      uint32_t high = __atomic_load_n (&t->high_water, __ATOMIC_ACQUIRE);
      uint32_t dirty = __atomic_load_n (&t->dirty_index, __ATOMIC_ACQUIRE);
      PmRegistrationEntry copy;
      bool found = false;

      if (high > PM_REGISTRATION_MAX_ENTRIES)
        high = PM_REGISTRATION_MAX_ENTRIES;
      for (uint32_t i = 0; i < high && !found; i++)
        {
          if ((before & 1) != 0 && i == dirty)
            continue;
          if (__atomic_load_n (&t->entries[i].kind, __ATOMIC_ACQUIRE) == PM_REGISTRATION_KIND_RECOVERY)
            {
              memcpy (&copy, &t->entries[i], sizeof copy);
              found = true;
            }
        }
      __atomic_thread_fence (__ATOMIC_ACQUIRE);
      if (__atomic_load_n (&t->generation, __ATOMIC_ACQUIRE) != before ||
          ((before & 1) != 0 && attempt < 3))
        {
          /* Changed meanwhile, or a writer may still finish: look again. */
          sched_yield ();
          continue;
        }
      if (!found || copy.kind != PM_REGISTRATION_KIND_RECOVERY || copy.address == 0)
        return false;
      entry_unpack (&copy, callback, param, ping_interval_ms);
      return true;
    }
  return false;
}

bool
pm_recovery_is_registered_unlocked (void)
{
  return recovery_lookup_unlocked (NULL, NULL, NULL);
}

void
pm_recovery_run_for_crash (int fd, int sig)
{
  PmRecoveryCallback callback;
  void *param;
  unsigned int interval;
  struct sigaction dfl;
  sigset_t set;

  if (!recovery_lookup_unlocked (&callback, &param, &interval))
    {
      /* Unregistered since the crash began: tell the waiting dumper. */
      recovery.fd = fd;
      recovery_send (PM_RECOVERY_MSG_FAILED);
      recovery_send (PM_RECOVERY_MSG_RETURNED);
      return;
    }

  recovery.fd = fd;
  recovery.outcome = PM_RECOVERY_OUTCOME_RUNNING;
  recovery.last_ping_ms = recovery_now_ms ();
  recovery.last_sent_ms = 0;
  __atomic_store_n (&recovery.mode, RECOVERY_CRASH, __ATOMIC_RELEASE);

  /* While the callback runs, the original signal has its default action
   * and is not blocked: the dumper ends a callback that stopped pinging by
   * sending it, and a fault of the callback itself ends the process, both
   * as the original crash would have. */
  memset (&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset (&dfl.sa_mask);
  sigaction (sig, &dfl, NULL);
  sigemptyset (&set);
  sigaddset (&set, sig);
  sigprocmask (SIG_UNBLOCK, &set, NULL);

  callback (param);

  sigprocmask (SIG_BLOCK, &set, NULL);
  /* Returned without saying it finished: WER counts that as not finished. */
  if (recovery_set_outcome (PM_RECOVERY_OUTCOME_FAILED))
    recovery_send (PM_RECOVERY_MSG_FAILED);
  /* The dumper also ends a callback that finished but never returns. */
  recovery_send (PM_RECOVERY_MSG_RETURNED);
  __atomic_store_n (&recovery.mode, RECOVERY_IDLE, __ATOMIC_RELEASE);
}

/* ---------------------------------------------------------------------------
 * After a hang. Ordinary context.
 * ------------------------------------------------------------------------- */

typedef struct
{
  PmRecoveryCallback callback;
  void              *param;
} HangRecovery;

static HangRecovery hang_recovery;

static void *
hang_recovery_thread (void *data)
{
  const HangRecovery *h = data;

  h->callback (h->param);
  recovery_set_outcome (PM_RECOVERY_OUTCOME_FAILED);
  return NULL;
}

PmRecoveryOutcome
pm_recovery_run_for_hang (void)
{
  PmRecoveryCallback callback;
  void *param;
  unsigned int interval, flags;
  uint64_t start;
  pthread_attr_t attr;
  pthread_t thread;
  int expected = RECOVERY_IDLE;
  int outcome;

  if (pm_get_recovery_callback (&callback, &param, &interval, &flags) != PM_RESULT_OK)
    return PM_RECOVERY_OUTCOME_NONE;
  if (!__atomic_compare_exchange_n (&recovery.mode, &expected, RECOVERY_HANG, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return PM_RECOVERY_OUTCOME_BUSY;

  start = recovery_now_ms ();
  recovery.fd = -1;
  __atomic_store_n (&recovery.last_ping_ms, start, __ATOMIC_RELEASE);
  __atomic_store_n (&recovery.outcome, PM_RECOVERY_OUTCOME_RUNNING, __ATOMIC_RELEASE);
  hang_recovery.callback = callback;
  hang_recovery.param = param;

  pthread_attr_init (&attr);
  pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
  if (pthread_create (&thread, &attr, hang_recovery_thread, &hang_recovery) != 0)
    {
      pthread_attr_destroy (&attr);
      __atomic_store_n (&recovery.mode, RECOVERY_IDLE, __ATOMIC_RELEASE);
      return PM_RECOVERY_OUTCOME_FAILED;
    }
  pthread_attr_destroy (&attr);

  while ((outcome = __atomic_load_n (&recovery.outcome, __ATOMIC_ACQUIRE)) == PM_RECOVERY_OUTCOME_RUNNING)
    {
      uint64_t now = recovery_now_ms ();
      uint64_t ping_deadline = __atomic_load_n (&recovery.last_ping_ms, __ATOMIC_ACQUIRE) + interval +
                               PM_RECOVERY_PING_SLACK_MS;
      uint64_t deadline = start + PM_RECOVERY_MAX_TIME_MS;
      struct timespec ts;

      if (ping_deadline < deadline)
        deadline = ping_deadline;
      if (now >= deadline)
        {
          /* Late calls of the abandoned callback now get INVALID_STATE. */
          if (recovery_set_outcome (PM_RECOVERY_OUTCOME_TIMEOUT))
            {
              outcome = PM_RECOVERY_OUTCOME_TIMEOUT;
              break;
            }
          continue;
        }
      ts.tv_sec = (time_t) ((deadline - now) / 1000u);
      ts.tv_nsec = (long) ((deadline - now) % 1000u) * 1000000L;
      /* Woken by the outcome; a ping only moves the deadline, seen on waking. */
      syscall (SYS_futex, &recovery.outcome, FUTEX_WAIT_PRIVATE, PM_RECOVERY_OUTCOME_RUNNING, &ts, NULL, 0);
    }
  /* A timed-out callback still runs: the mode stays HANG so that a second
   * recovery never starts beside it (its calls get INVALID_STATE now). */
  if (outcome != PM_RECOVERY_OUTCOME_TIMEOUT)
    __atomic_store_n (&recovery.mode, RECOVERY_IDLE, __ATOMIC_RELEASE);
  return (PmRecoveryOutcome) outcome;
}

const char *
pm_recovery_outcome_to_report_value (PmRecoveryOutcome outcome)
{
  switch (outcome)
    {
    case PM_RECOVERY_OUTCOME_FINISHED: return "true";
    case PM_RECOVERY_OUTCOME_FAILED:   return "false";
    case PM_RECOVERY_OUTCOME_TIMEOUT:  return "timeout";
    case PM_RECOVERY_OUTCOME_RUNNING:
    case PM_RECOVERY_OUTCOME_NONE:
    case PM_RECOVERY_OUTCOME_BUSY:
    default:                           return NULL;
    }
}
