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
 * Protocol with the dumper: pm-crash-info.h.
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

extern char **environ;

#define PM_DUMPER_NAME           "postmortem-dumper"
#define PM_DEFAULT_TIMEOUT_MS    15000u
#define PM_MAX_TIMEOUT_MS        600000u
#define PM_DEFAULT_ALT_STACK     (256u * 1024u)
#define PM_MIN_ALT_STACK         (64u * 1024u)
#define PM_MAX_ENVIRON           4096
#define PM_SPAWN_STACK_SIZE      (64u * 1024u)
#define PM_WATCHDOG_STACK_SIZE   (16u * 1024u)
#define PM_WATCHDOG_GRACE_MS     500u

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };
#define N_CRASH_SIGNALS ((int) (sizeof crash_signals / sizeof crash_signals[0]))

/* What the watchdog process needs; filled before it starts, then only read,
 * except deadline_ms, which a recovery (pm-recovery.c) moves later. */
typedef struct
{
  pid_t    dumper;
  pid_t    parent;
  uint64_t deadline_ms;   /* CLOCK_MONOTONIC */
} PmWatchdog;

/* Everything the crash path touches, prepared at install time. */
static struct
{
  int              installed;
  bool             replaceable;
  struct sigaction previous[N_CRASH_SIGNALS];
  unsigned int     timeout_ms;
  size_t           alt_stack_size;
  char             dumper_path[PM_CRASH_INFO_PATH_SIZE];
  char            *dumper_argv[4];
  char            *envp[PM_MAX_ENVIRON + 1];
  bool             secure;            /* AT_SECURE: the dumper gets no environment of ours */
  char            *spawn_stack;       /* the dumper's process runs on this until execve */
  size_t           spawn_stack_size;
  char            *watchdog_stack;    /* the watchdog process runs on this */
  PmWatchdog       watchdog;
  PmCrashInfo      info;
} handler;

static pthread_key_t alt_stack_key;
static pthread_once_t alt_stack_key_once = PTHREAD_ONCE_INIT;
static __thread void *thread_alt_stack;   /* the mapping (guard page first) of this thread */

/* First crash wins: the tid of the thread reporting, 0 before any crash. */
static int crashing_tid;
/* Becomes 1 when that thread has finished and restored the old handlers. */
static int crash_done;

static char fd_argument[] = "3";
_Static_assert (PM_CRASH_INFO_FD == 3, "fd_argument matches PM_CRASH_INFO_FD");

/* ---------------------------------------------------------------------------
 * Crash time. Async-signal-safe only.
 * ------------------------------------------------------------------------- */

static pid_t
sys_gettid (void)
{
  return (pid_t) syscall (SYS_gettid);
}

static void
sys_write_str (const char *s)
{
  /* Diagnostics for a person reading stderr; the result cannot matter. */
  ssize_t r = write (STDERR_FILENO, s, strlen (s));
  (void) r;
}

static uint64_t
monotonic_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

/* send() with MSG_NOSIGNAL, not write(): if the dumper is already gone
 * (exec failed, it crashed), a write would raise SIGPIPE and the process
 * would die of that instead of its own signal. */
static bool
send_all (int fd, const void *data, size_t len)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return false;
      p += n;
      len -= (size_t) n;
    }
  return true;
}

/* Builds the dumper's environment: ours without LD_PRELOAD, so a preloaded
 * libpostmortem does not install itself into the dumper. Only copies
 * pointers into the preallocated array. A setuid or setcap program's dumper
 * runs with its privileges: it gets an empty environment, nothing the user
 * who started the program chose. */
static char **
dumper_environment (void)
{
  size_t n = 0;

  if (environ != NULL && !handler.secure)
    for (size_t i = 0; environ[i] != NULL && n < PM_MAX_ENVIRON; i++)
      if (strncmp (environ[i], "LD_PRELOAD=", 11) != 0)
        handler.envp[n++] = environ[i];
  handler.envp[n] = NULL;
  return handler.envp;
}

typedef struct
{
  int    child_fd;
  char **envp;
} PmSpawnArgs;

/* Runs in the dumper's process until execve, on its own preallocated stack,
 * sharing our memory (CLONE_VM) while we are suspended (CLONE_VFORK), with
 * its own fd table and signal mask. System calls only, then execve or _exit.
 * Not instrumented: the sanitizers' bookkeeping has no business here. */
__attribute__ ((no_sanitize ("address", "undefined"))) static int
exec_dumper (void *data)
{
  const PmSpawnArgs *args = data;
  sigset_t none;

  /* If the crashed process is killed while the dumper works (by a person,
   * a test harness, the OOM killer), the dumper must not live on orphaned
   * and ptrace-attached: it dies with us. */
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (args->child_fd == PM_CRASH_INFO_FD)
    fcntl (args->child_fd, F_SETFD, 0);
  else if (dup2 (args->child_fd, PM_CRASH_INFO_FD) < 0)
    _exit (127);
  /* The dumper's messages go to stderr: the application's stdout may be
   * data someone is reading. */
  dup2 (STDERR_FILENO, STDOUT_FILENO);
  /* The dumper inherits nothing of the application's above fd 3. */
  syscall (SYS_close_range, PM_CRASH_INFO_FD + 1, ~0u, 0);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  execve (handler.dumper_path, handler.dumper_argv, args->envp);
  _exit (127);
}

/* Creates the dumper's process like posix_spawn does: clone with CLONE_VM |
 * CLONE_VFORK on a stack preallocated at install. No copy of our (possibly
 * huge) address space, no atfork handlers (fork() would take the malloc
 * lock), and the child never touches our stack (a plain vfork child shares
 * the crashing thread's frames, which the compiler does not expect). */
static pid_t
spawn_dumper (int child_fd, char **envp)
{
  PmSpawnArgs args = { child_fd, envp };

  return clone (exec_dumper, handler.spawn_stack + handler.spawn_stack_size,
                CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
}

/* Waits up to @deadline_ms (monotonic) for the status byte. Returns the byte,
 * or -1 on timeout, -2 when the dumper closed the socket without answering. */
static int
wait_for_status (int fd, uint64_t deadline_ms)
{
  for (;;)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      uint64_t now = monotonic_ms ();
      unsigned char status;
      ssize_t n;
      int r;

      if (now >= deadline_ms)
        return -1;
      r = poll (&pfd, 1, (int) (deadline_ms - now));
      if (r < 0 && errno == EINTR)
        continue;   /* ptrace stops and resumes interrupt poll */
      if (r <= 0)
        return r == 0 ? -1 : -2;
      n = read (fd, &status, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n == 1)
        return status;
      return -2;
    }
}

/* Reaps the dumper, killing it if it has not exited by @deadline_ms. */
static void
reap_dumper (pid_t child, uint64_t deadline_ms)
{
  int status;

  for (;;)
    {
      pid_t r = waitpid (child, &status, WNOHANG | __WALL);
      if (r == child || (r < 0 && errno != EINTR))
        return;
      if (r == 0 && monotonic_ms () >= deadline_ms)
        break;
      if (r == 0)
        {
          struct timespec ts = { 0, 1000000 };
          nanosleep (&ts, NULL);
        }
    }
  sys_write_str ("postmortem: the crash dumper did not finish in time; killed it\n");
  kill (child, SIGKILL);
  while (waitpid (child, &status, __WALL) < 0 && errno == EINTR)
    ;
}

/* Raw x86-64 system calls for the watchdog: it shares our memory (and, with
 * no TLS of its own, the crashing thread's errno), so it must not go through
 * libc wrappers that write errno. */
static inline long
raw_syscall2 (long nr, long a1, long a2)
{
  long ret;

  __asm__ volatile ("syscall"
                    : "=a" (ret)
                    : "a" (nr), "D" (a1), "S" (a2)
                    : "rcx", "r11", "memory");
  return ret;
}

static inline long
raw_syscall5 (long nr, long a1, long a2, long a3, long a4, long a5)
{
  long ret;
  register long r10 __asm__ ("r10") = a4;
  register long r8 __asm__ ("r8") = a5;

  __asm__ volatile ("syscall"
                    : "=a" (ret)
                    : "a" (nr), "D" (a1), "S" (a2), "d" (a3), "r" (r10), "r" (r8)
                    : "rcx", "r11", "memory");
  return ret;
}

/* The watchdog: a separate process (CLONE_VM, not a thread) that the dumper
 * does not ptrace-stop. If the dumper keeps our threads stopped past the
 * deadline (hung while attached), the crashing thread cannot time out by
 * itself; the watchdog kills the dumper then, which releases our threads,
 * and sends SIGCONT in case a stop was left pending. Raw system calls only,
 * not instrumented. */
__attribute__ ((no_sanitize ("address", "undefined"))) static int
watchdog_main (void *data)
{
  const PmWatchdog *w = data;
  struct timespec ts;

  raw_syscall2 (SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
  for (;;)
    {
      raw_syscall2 (SYS_clock_gettime, CLOCK_MONOTONIC, (long) &ts);
      uint64_t now = (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
      uint64_t deadline = __atomic_load_n (&w->deadline_ms, __ATOMIC_ACQUIRE);
      if (now >= deadline)
        break;
      ts.tv_sec = (time_t) ((deadline - now) / 1000u);
      ts.tv_nsec = (long) ((deadline - now) % 1000u) * 1000000L;
      raw_syscall2 (SYS_nanosleep, (long) &ts, 0);
    }
  raw_syscall2 (SYS_kill, w->dumper, SIGKILL);
  raw_syscall2 (SYS_kill, w->parent, SIGCONT);
  raw_syscall5 (SYS_exit, 0, 0, 0, 0, 0);
  return 0;
}

static pid_t
spawn_watchdog (pid_t dumper, uint64_t deadline_ms)
{
  handler.watchdog.dumper = dumper;
  handler.watchdog.parent = getpid ();
  handler.watchdog.deadline_ms = deadline_ms + PM_WATCHDOG_GRACE_MS;
  return clone (watchdog_main, handler.watchdog_stack + PM_WATCHDOG_STACK_SIZE,
                CLONE_VM | CLONE_UNTRACED | SIGCHLD, &handler.watchdog);
}

static void
stop_watchdog (pid_t watchdog)
{
  int status;

  if (watchdog <= 0)
    return;
  kill (watchdog, SIGKILL);
  while (waitpid (watchdog, &status, __WALL) < 0 && errno == EINTR)
    ;
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
  uint64_t deadline;
  char **envp;
  int sv[2];
  pid_t child, watchdog;
  int status;
  int was_dumpable;

  fill_crash_info (&handler.info, sig, si, uc, tid);
  if (pm_recovery_is_registered_unlocked ())
    handler.info.flags |= PM_CRASH_INFO_FLAG_RECOVERY;
  else
    handler.info.flags &= ~PM_CRASH_INFO_FLAG_RECOVERY;
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    {
      sys_write_str ("postmortem: cannot create a socket for the crash dumper\n");
      return;
    }
  /* A process that changed credentials (a daemon dropping privileges) is
   * not dumpable: its /proc files belong to root and nobody may ptrace it.
   * Make it dumpable for the dumper's visit only, and restore it after. */
  was_dumpable = prctl (PR_GET_DUMPABLE, 0, 0, 0, 0);
  if (was_dumpable == 0)
    prctl (PR_SET_DUMPABLE, 1, 0, 0, 0);
  envp = dumper_environment ();
  deadline = monotonic_ms () + handler.timeout_ms;

  child = spawn_dumper (sv[1], envp);
  close (sv[1]);
  if (child < 0)
    {
      sys_write_str ("postmortem: cannot start the crash dumper\n");
      close (sv[0]);
      if (was_dumpable == 0)
        prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
      return;
    }

  watchdog = spawn_watchdog (child, deadline);

  /* Only the dumper may ptrace us (Yama); then hand it the crash. */
  prctl (PR_SET_PTRACER, (unsigned long) child, 0, 0, 0);
  if (!send_all (sv[0], &handler.info, sizeof handler.info))
    sys_write_str ("postmortem: the crash dumper did not take the crash information\n");
  else
    {
      status = wait_for_status (sv[0], deadline);
      if (status == PM_CRASH_STATUS_RECOVER)
        {
          /* The dump is written and our threads run again: the recovery
           * callback, watched by the dumper (pm-recovery.c), then the
           * report. The dumper may now take the recovery's maximum more. */
          deadline = monotonic_ms () + PM_RECOVERY_MAX_TIME_MS + PM_RECOVERY_PING_SLACK_MS + handler.timeout_ms;
          __atomic_store_n (&handler.watchdog.deadline_ms, deadline + PM_WATCHDOG_GRACE_MS, __ATOMIC_RELEASE);
          pm_recovery_run_for_crash (sv[0], sig);
          status = wait_for_status (sv[0], deadline);
        }
      if (status == -1)
        sys_write_str ("postmortem: the crash dumper timed out\n");
      else if (status == -2)
        sys_write_str ("postmortem: the crash dumper exited without a report\n");
      else if (status != PM_CRASH_STATUS_PUBLISHED && status != PM_CRASH_STATUS_COUNTED &&
               status != PM_CRASH_STATUS_EXCLUDED)
        sys_write_str ("postmortem: the crash dumper failed to write a report\n");
    }
  close (sv[0]);
  reap_dumper (child, deadline);
  stop_watchdog (watchdog);
  if (was_dumpable == 0)
    prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
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

/* The dumper: the program's choice, else PM_DUMPER_PATH, else the installed
 * one. secure_getenv: in a setuid or setcap program the user who starts it
 * must not choose what runs with its privileges. */
static PmResult
set_dumper_path (const char *path)
{
  const char *env;
  size_t len;

  if (path == NULL && (env = secure_getenv ("PM_DUMPER_PATH")) != NULL && env[0] != '\0')
    path = env;
  if (path == NULL)
    path = PM_LIBEXECDIR "/" PM_DUMPER_NAME;
  len = strlen (path);
  if (len == 0 || len >= sizeof handler.dumper_path)
    return PM_RESULT_INVALID_ARGUMENT;
  memcpy (handler.dumper_path, path, len + 1);
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
  if ((result = set_dumper_path (options->dumper_path)) != PM_RESULT_OK)
    return result;
  handler.secure = getauxval (AT_SECURE) != 0;

  handler.timeout_ms = options->dumper_timeout_ms;
  handler.replaceable = options->replaceable;
  handler.alt_stack_size = (options->alt_stack_size + 4095u) & ~(size_t) 4095u;
  handler.dumper_argv[0] = (char *) PM_DUMPER_NAME;
  handler.dumper_argv[1] = (char *) "--crash-info-fd";
  handler.dumper_argv[2] = fd_argument;
  handler.dumper_argv[3] = NULL;

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

  if (handler.spawn_stack == NULL)
    {
      handler.spawn_stack_size = PM_SPAWN_STACK_SIZE;
      handler.spawn_stack = mmap (NULL, handler.spawn_stack_size, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
      if (handler.spawn_stack == MAP_FAILED)
        {
          handler.spawn_stack = NULL;
          return PM_RESULT_FAILED;
        }
    }

  if (handler.watchdog_stack == NULL)
    {
      handler.watchdog_stack = mmap (NULL, PM_WATCHDOG_STACK_SIZE, PROT_READ | PROT_WRITE,
                                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
      if (handler.watchdog_stack == MAP_FAILED)
        {
          handler.watchdog_stack = NULL;
          return PM_RESULT_FAILED;
        }
    }

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
