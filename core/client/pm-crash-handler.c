/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-handler.c — the in-process crash handler: on a fatal signal, run
 * postmortem-dumper on ourselves, wait a bounded time, then let the signal
 * take its course.
 *
 * Runs in: two contexts, kept apart below.
 *  - Install time (ordinary context): pm_crash_handler_install() and
 *    pm_crash_handler_install_thread() allocate everything the crash path
 *    needs: alternate signal stacks with a guard page, the crash message
 *    template, the dumper's path and argv, the environment array.
 *  - Crash time (a compromised context: the heap may be corrupt, any lock may
 *    be held by a thread that will never run again, the stack may be
 *    exhausted): pm_crash_signal_handler() and everything it calls use only
 *    async-signal-safe system calls (socketpair, clone, execve, prctl, send,
 *    poll, read, waitpid, kill, sigaction) and memory that was set up at
 *    install time. No malloc, no locks, no stdio, no errno-dependent libc.
 *
 * Protocol with the dumper: pm-crash-info.h; starting it: pm-dumper-launch.c.
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "postmortem.h"
#include "pm-crash-info.h"
#include "pm-client-private.h"
#include "pm-dumper-launch.h"

#define PM_DEFAULT_TIMEOUT_MS    15000u
#define PM_MAX_TIMEOUT_MS        600000u
#define PM_DEFAULT_ALT_STACK     (256u * 1024u)
#define PM_MIN_ALT_STACK         (64u * 1024u)

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };
#define N_CRASH_SIGNALS ((int) (sizeof crash_signals / sizeof crash_signals[0]))

/* Everything the crash path touches, prepared at install time. */
static struct
{
  int              installed;
  bool             replaceable;
  struct sigaction previous[N_CRASH_SIGNALS];
  unsigned int     timeout_ms;
  size_t           alt_stack_size;
  PmDumperLaunch   launch;            /* the dumper's path, argv, stacks, environment */
  PmCrashInfo      info;
} handler;

static pthread_key_t alt_stack_key;
static pthread_once_t alt_stack_key_once = PTHREAD_ONCE_INIT;
static __thread void *thread_alt_stack;   /* the mapping (guard page first) of this thread */

/* First crash wins: the tid of the thread reporting, 0 before any crash. */
static int crashing_tid;
/* Becomes 1 when that thread has finished and restored the old handlers. */
static int crash_done;

/* ---------------------------------------------------------------------------
 * Crash time. Async-signal-safe only.
 * ------------------------------------------------------------------------- */

static pid_t
sys_gettid (void)
{
  return (pid_t) syscall (SYS_gettid);
}

static void
fill_crash_info (PmCrashInfo *info, int sig, const siginfo_t *si, const ucontext_t *uc, pid_t tid)
{
  struct timespec now;

  info->pid = (int32_t) getpid ();
  info->tid = (int32_t) tid;
  info->signal = sig;
  info->fault_address = (si != NULL && si->si_code > 0) ? (uint64_t) (uintptr_t) si->si_addr : 0;
  clock_gettime (CLOCK_REALTIME, &now);
  info->crash_time_sec = now.tv_sec;
  info->crash_time_nsec = now.tv_nsec;
  memset (info->siginfo, 0, sizeof info->siginfo);
  if (si != NULL)
    memcpy (info->siginfo, si, sizeof (siginfo_t) < sizeof info->siginfo ? sizeof (siginfo_t) : sizeof info->siginfo);
  info->flags &= ~(PM_CRASH_INFO_FLAG_HAVE_CONTEXT | PM_CRASH_INFO_FLAG_HAVE_FPREGS);
  memset (&info->context, 0, sizeof info->context);
  if (uc != NULL)
    {
      _Static_assert (sizeof uc->uc_mcontext.gregs == sizeof info->context.gregs, "gregs size");
      memcpy (info->context.gregs, uc->uc_mcontext.gregs, sizeof info->context.gregs);
      info->flags |= PM_CRASH_INFO_FLAG_HAVE_CONTEXT;
      if (uc->uc_mcontext.fpregs != NULL)
        {
          _Static_assert (sizeof *uc->uc_mcontext.fpregs == sizeof info->context.fpregs, "fpregs size");
          memcpy (info->context.fpregs, uc->uc_mcontext.fpregs, sizeof info->context.fpregs);
          info->flags |= PM_CRASH_INFO_FLAG_HAVE_FPREGS;
        }
    }
}

/* Runs the dumper on this process and waits for it, bounded. */
static void
report_crash (int sig, const siginfo_t *si, const ucontext_t *uc, pid_t tid)
{
  PmDumperSession session;
  uint64_t deadline;
  int status;

  fill_crash_info (&handler.info, sig, si, uc, tid);
  if (pm_recovery_is_registered_unlocked ())
    handler.info.flags |= PM_CRASH_INFO_FLAG_RECOVERY;
  else
    handler.info.flags &= ~PM_CRASH_INFO_FLAG_RECOVERY;
  deadline = pm_dumper_monotonic_ms () + handler.timeout_ms;
  if (!pm_dumper_session_start (&handler.launch, &session, &handler.info, deadline))
    return;
  status = pm_dumper_session_wait_status (&session, deadline);
  if (status == PM_CRASH_STATUS_RECOVER)
    {
      /* The dump is written and our threads run again: the recovery
       * callback, watched by the dumper (pm-recovery.c), then the report.
       * The dumper may now take the recovery's maximum more, and so may the
       * watchdog process before it ends the dumper. */
      deadline = pm_dumper_monotonic_ms () + PM_RECOVERY_MAX_TIME_MS + PM_RECOVERY_PING_SLACK_MS +
                 handler.timeout_ms;
      pm_dumper_session_extend_deadline (&handler.launch, deadline);
      pm_recovery_run_for_crash (session.fd, sig);
      status = pm_dumper_session_wait_status (&session, deadline);
    }
  if (status == -1)
    pm_dumper_write_stderr ("postmortem: the crash dumper timed out\n");
  else if (status == -2)
    pm_dumper_write_stderr ("postmortem: the crash dumper exited without a report\n");
  else if (status != PM_CRASH_STATUS_PUBLISHED && status != PM_CRASH_STATUS_COUNTED &&
           status != PM_CRASH_STATUS_EXCLUDED)
    pm_dumper_write_stderr ("postmortem: the crash dumper failed to write a report\n");
  pm_dumper_session_finish (&session, deadline);
}

static void
restore_previous_handlers (void)
{
  for (int i = 0; i < N_CRASH_SIGNALS; i++)
    sigaction (crash_signals[i], &handler.previous[i], NULL);
}

static int
signal_index (int sig)
{
  for (int i = 0; i < N_CRASH_SIGNALS; i++)
    if (crash_signals[i] == sig)
      return i;
  return -1;
}

/* After reporting, make the signal happen again under the handler that was
 * there before us (or the default action). A fault raised by an instruction
 * (si_code > 0) simply happens again when we return, since the instruction
 * runs again; signals sent by kill/tgkill/abort, and SIGTRAP/SIGSYS (whose
 * instruction does not run again), are sent again to this thread: blocked
 * while we run, delivered when we return. */
static void
retrigger (int sig, const siginfo_t *si)
{
  if (si == NULL || si->si_code <= 0 || sig == SIGABRT || sig == SIGTRAP || sig == SIGSYS)
    syscall (SYS_tgkill, getpid (), sys_gettid (), sig);
}

static void
pm_crash_signal_handler (int sig, siginfo_t *si, void *context)
{
  int saved_errno = errno;
  pid_t tid = sys_gettid ();
  int expected = 0;
  int index = signal_index (sig);

  if (!__atomic_compare_exchange_n (&crashing_tid, &expected, tid, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
    {
      if (expected == tid)
        {
          /* A crash inside our own handler: no second attempt, die of it. */
          signal (sig, SIG_DFL);
          retrigger (sig, si);
          errno = saved_errno;
          return;
        }
      /* Another thread is reporting: wait for it (it restores the old
       * handlers), then let our own signal take its course. */
      while (__atomic_load_n (&crash_done, __ATOMIC_ACQUIRE) == 0)
        {
          struct timespec ts = { 0, 100 * 1000000 };
          syscall (SYS_futex, &crash_done, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
        }
      retrigger (sig, si);
      errno = saved_errno;
      return;
    }

  /* A signal someone sent us while the old disposition was "ignore" would
   * have done nothing without us: no report. */
  if (!(index >= 0 && si != NULL && si->si_code <= 0 && handler.previous[index].sa_handler == SIG_IGN))
    report_crash (sig, si, (const ucontext_t *) context, tid);

  restore_previous_handlers ();
  __atomic_store_n (&crash_done, 1, __ATOMIC_RELEASE);
  syscall (SYS_futex, &crash_done, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
  retrigger (sig, si);
  errno = saved_errno;
}

/* ---------------------------------------------------------------------------
 * Install time. Ordinary context.
 * ------------------------------------------------------------------------- */

void
pm_crash_handler_options_init (PmCrashHandlerOptions *options)
{
  if (options == NULL)
    return;
  memset (options, 0, sizeof *options);
  options->struct_size = sizeof *options;
  options->dump_type = PM_DUMP_TYPE_MINI;
  options->dumper_timeout_ms = PM_DEFAULT_TIMEOUT_MS;
  options->alt_stack_size = PM_DEFAULT_ALT_STACK;
}

static void
free_alt_stack (void *mapping)
{
  stack_t ss = { .ss_flags = SS_DISABLE };
  stack_t old;

  /* Only unmap if the stack is no longer in use by this thread. */
  if (sigaltstack (&ss, &old) == 0 && !(old.ss_flags & SS_ONSTACK))
    munmap (mapping, handler.alt_stack_size + (size_t) sysconf (_SC_PAGESIZE));
}

static void
make_alt_stack_key (void)
{
  pthread_key_create (&alt_stack_key, free_alt_stack);
}

/* Maps an alternate signal stack with a PROT_NONE guard page below it (the
 * stack grows down) and installs it for the calling thread. */
static PmResult
install_alt_stack (bool free_at_exit)
{
  size_t page = (size_t) sysconf (_SC_PAGESIZE);
  size_t size = handler.alt_stack_size;
  stack_t ss;
  char *mapping;

  if (thread_alt_stack != NULL)
    return PM_RESULT_OK;
  mapping = mmap (NULL, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (mapping == MAP_FAILED)
    return PM_RESULT_FAILED;
  if (mprotect (mapping, page, PROT_NONE) < 0)
    {
      munmap (mapping, size + page);
      return PM_RESULT_FAILED;
    }
  ss.ss_sp = mapping + page;
  ss.ss_size = size;
  ss.ss_flags = 0;
  if (sigaltstack (&ss, NULL) < 0)
    {
      munmap (mapping, size + page);
      return PM_RESULT_FAILED;
    }
  thread_alt_stack = mapping;
  if (free_at_exit)
    {
      pthread_once (&alt_stack_key_once, make_alt_stack_key);
      pthread_setspecific (alt_stack_key, mapping);
    }
  return PM_RESULT_OK;
}

static PmResult install_locked (const PmCrashHandlerOptions *options, bool replacing);

PmResult
pm_crash_handler_install (const PmCrashHandlerOptions *options)
{
  PmResult result;
  bool replacing = false;
  int expected = 0;

  /* 0 = not installed, 2 = being installed, 1 = installed: two threads
   * installing at once cannot both get past here. */
  if (!__atomic_compare_exchange_n (&handler.installed, &expected, 2, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    {
      /* A replaceable installation (the preload library's) gives way. */
      expected = 1;
      if (!handler.replaceable ||
          !__atomic_compare_exchange_n (&handler.installed, &expected, 2, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return PM_RESULT_INVALID_STATE;
      replacing = true;
    }
  result = install_locked (options, replacing);
  if (result != PM_RESULT_OK && replacing)
    {
      /* The new options were refused: the old installation stays. */
      __atomic_store_n (&handler.installed, 1, __ATOMIC_RELEASE);
      return result;
    }
  __atomic_store_n (&handler.installed, result == PM_RESULT_OK ? 1 : 0, __ATOMIC_RELEASE);
  return result;
}

static PmResult
install_locked (const PmCrashHandlerOptions *options, bool replacing)
{
  PmCrashHandlerOptions defaults;
  struct sigaction sa;
  PmResult result;
  size_t store_len = 0;

  if (options == NULL)
    {
      pm_crash_handler_options_init (&defaults);
      options = &defaults;
    }
  if (options->struct_size != sizeof *options)
    return PM_RESULT_INVALID_ARGUMENT;
  if (options->dump_type < PM_DUMP_TYPE_MICRO || options->dump_type > PM_DUMP_TYPE_TRIAGE)
    return PM_RESULT_INVALID_ARGUMENT;
  if (options->dumper_timeout_ms == 0 || options->dumper_timeout_ms > PM_MAX_TIMEOUT_MS)
    return PM_RESULT_INVALID_ARGUMENT;
  if (options->alt_stack_size < PM_MIN_ALT_STACK || options->alt_stack_size > 64u * 1024u * 1024u)
    return PM_RESULT_INVALID_ARGUMENT;
  if (options->store_path != NULL)
    {
      store_len = strlen (options->store_path);
      if (store_len == 0 || store_len >= PM_CRASH_INFO_PATH_SIZE)
        return PM_RESULT_INVALID_ARGUMENT;
    }
  if ((result = pm_dumper_launch_set_path (&handler.launch, options->dumper_path)) != PM_RESULT_OK)
    return result;

  handler.timeout_ms = options->dumper_timeout_ms;
  handler.replaceable = options->replaceable;
  handler.alt_stack_size = (options->alt_stack_size + 4095u) & ~(size_t) 4095u;

  memset (&handler.info, 0, sizeof handler.info);
  memcpy (handler.info.magic, PM_CRASH_INFO_MAGIC, sizeof handler.info.magic);
  handler.info.version = PM_CRASH_INFO_VERSION;
  handler.info.size = sizeof (PmCrashInfo);
  handler.info.dump_type = (uint32_t) options->dump_type;
  handler.info.flags = options->launch_app ? PM_CRASH_INFO_FLAG_LAUNCH_APP : 0;
  handler.info.dumper_timeout_ms = options->dumper_timeout_ms;
  handler.info.registration_table_address = (uint64_t) (uintptr_t) &pm_registration_table;
  if (options->store_path != NULL)
    memcpy (handler.info.store_path, options->store_path, store_len + 1);

  if ((result = pm_dumper_launch_prepare (&handler.launch)) != PM_RESULT_OK)
    return result;

  /* The main (calling) thread's stack stays for the life of the process. */
  if ((result = install_alt_stack (false)) != PM_RESULT_OK)
    return result;

  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = pm_crash_signal_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset (&sa.sa_mask);
  /* While we handle one crash signal, the others stay blocked in this
   * thread: a fault inside the handler then kills the process outright. */
  for (int i = 0; i < N_CRASH_SIGNALS; i++)
    sigaddset (&sa.sa_mask, crash_signals[i]);

  /* Replacing our own installation: put the handlers from before it back
   * first, so they (not ours) are what we chain to. */
  if (replacing)
    restore_previous_handlers ();
  crashing_tid = 0;
  crash_done = 0;
  for (int i = 0; i < N_CRASH_SIGNALS; i++)
    if (sigaction (crash_signals[i], &sa, &handler.previous[i]) < 0)
      {
        for (int j = 0; j < i; j++)
          sigaction (crash_signals[j], &handler.previous[j], NULL);
        return PM_RESULT_FAILED;
      }
  return PM_RESULT_OK;
}

PmResult
pm_crash_handler_install_thread (void)
{
  if (__atomic_load_n (&handler.installed, __ATOMIC_ACQUIRE) != 1)
    return PM_RESULT_INVALID_STATE;
  return install_alt_stack (true);
}

PmResult
pm_crash_handler_uninstall (void)
{
  int expected = 1;

  if (!__atomic_compare_exchange_n (&handler.installed, &expected, 2, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return PM_RESULT_INVALID_STATE;
  restore_previous_handlers ();
  __atomic_store_n (&handler.installed, 0, __ATOMIC_RELEASE);
  return PM_RESULT_OK;
}

bool
pm_crash_handler_copy_settings (char        *dumper_path,
                                size_t       dumper_path_size,
                                PmCrashInfo *info,
                                unsigned    *timeout_ms)
{
  if (__atomic_load_n (&handler.installed, __ATOMIC_ACQUIRE) != 1)
    return false;
  if (strlen (handler.launch.dumper_path) >= dumper_path_size)
    return false;
  strcpy (dumper_path, handler.launch.dumper_path);
  memcpy (info->store_path, handler.info.store_path, sizeof info->store_path);
  info->dump_type = handler.info.dump_type;
  info->flags |= handler.info.flags & (PM_CRASH_INFO_FLAG_ENVIRON | PM_CRASH_INFO_FLAG_LAUNCH_APP);
  *timeout_ms = handler.timeout_ms;
  return true;
}
