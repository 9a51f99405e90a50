/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper-launch.c — start postmortem-dumper on this process, hand it a
 * PmCrashInfo, wait for its status byte, reap it; for the crash handler and
 * the hang watchdog (see pm-dumper-launch.h).
 *
 * Runs in: the application. Install time (ordinary context):
 * pm_dumper_launch_prepare(), pm_dumper_launch_set_path(). Everything else
 * runs in a compromised context (a crash handler, or a thread while another
 * one may hold any lock): async-signal-safe system calls only (socketpair,
 * clone, execve, prctl, send, poll, read, waitpid, kill) and memory prepared
 * at install time. No malloc, no locks, no stdio.
 */
#include "pm-config.h"

#include "pm-dumper-launch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define PM_DUMPER_NAME           "postmortem-dumper"
#define PM_SPAWN_STACK_SIZE      (64u * 1024u)
#define PM_WATCHDOG_STACK_SIZE   (16u * 1024u)
#define PM_WATCHDOG_GRACE_MS     500u

static char fd_argument[] = "3";
_Static_assert (PM_CRASH_INFO_FD == 3, "fd_argument matches PM_CRASH_INFO_FD");

/* ---------------------------------------------------------------------------
 * Install time. Ordinary context.
 * ------------------------------------------------------------------------- */

PmResult
pm_dumper_launch_prepare (PmDumperLaunch *launch)
{
  launch->secure = getauxval (AT_SECURE) != 0;
  launch->argv[0] = (char *) PM_DUMPER_NAME;
  launch->argv[1] = (char *) "--crash-info-fd";
  launch->argv[2] = fd_argument;
  launch->argv[3] = NULL;

  if (launch->spawn_stack == NULL)
    {
      launch->spawn_stack = mmap (NULL, PM_SPAWN_STACK_SIZE, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
      if (launch->spawn_stack == MAP_FAILED)
        {
          launch->spawn_stack = NULL;
          return PM_RESULT_FAILED;
        }
    }
  if (launch->watchdog_stack == NULL)
    {
      launch->watchdog_stack = mmap (NULL, PM_WATCHDOG_STACK_SIZE, PROT_READ | PROT_WRITE,
                                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
      if (launch->watchdog_stack == MAP_FAILED)
        {
          launch->watchdog_stack = NULL;
          return PM_RESULT_FAILED;
        }
    }
  return PM_RESULT_OK;
}

/* The dumper: the program's choice, else PM_DUMPER_PATH, else the installed
 * one. secure_getenv: in a setuid or setcap program the user who starts it
 * must not choose what runs with its privileges. */
PmResult
pm_dumper_launch_set_path (PmDumperLaunch *launch,
                           const char     *path)
{
  const char *env;
  size_t len;

  if (path == NULL && (env = secure_getenv ("PM_DUMPER_PATH")) != NULL && env[0] != '\0')
    path = env;
  if (path == NULL)
    path = PM_LIBEXECDIR "/" PM_DUMPER_NAME;
  len = strlen (path);
  if (len == 0 || len >= sizeof launch->dumper_path)
    return PM_RESULT_INVALID_ARGUMENT;
  memcpy (launch->dumper_path, path, len + 1);
  return PM_RESULT_OK;
}

/* ---------------------------------------------------------------------------
 * Dump time. Async-signal-safe only.
 * ------------------------------------------------------------------------- */

void
pm_dumper_write_stderr (const char *s)
{
  /* Diagnostics for a person reading stderr; the result cannot matter. */
  ssize_t r = write (STDERR_FILENO, s, strlen (s));
  (void) r;
}

uint64_t
pm_dumper_monotonic_ms (void)
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
dumper_environment (PmDumperLaunch *launch)
{
  size_t n = 0;

  if (environ != NULL && !launch->secure)
    for (size_t i = 0; environ[i] != NULL && n < PM_DUMPER_LAUNCH_MAX_ENVIRON; i++)
      if (strncmp (environ[i], "LD_PRELOAD=", 11) != 0)
        launch->envp[n++] = environ[i];
  launch->envp[n] = NULL;
  return launch->envp;
}

typedef struct
{
  const PmDumperLaunch *launch;
  int                   child_fd;
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

  /* If the process is killed while the dumper works (by a person, a test
   * harness, the OOM killer), the dumper must not live on orphaned and
   * ptrace-attached: it dies with us. (Hang mode drops this once the
   * process runs again: see pm-crash-info.h.) */
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
  execve (args->launch->dumper_path, args->launch->argv, args->launch->envp);
  _exit (127);
}

/* Creates the dumper's process like posix_spawn does: clone with CLONE_VM |
 * CLONE_VFORK on a stack preallocated at install. No copy of our (possibly
 * huge) address space, no atfork handlers (fork() would take the malloc
 * lock), and the child never touches our stack (a plain vfork child shares
 * the calling thread's frames, which the compiler does not expect). */
static pid_t
spawn_dumper (PmDumperLaunch *launch,
              int             child_fd)
{
  PmSpawnArgs args = { launch, child_fd };

  return clone (exec_dumper, launch->spawn_stack + PM_SPAWN_STACK_SIZE,
                CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
}

/* Raw x86-64 system calls for the watchdog: it shares our memory (and, with
 * no TLS of its own, the calling thread's errno), so it must not go through
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
 * deadline (hung while attached), the waiting thread cannot time out by
 * itself; the watchdog kills the dumper then, which releases our threads,
 * and sends SIGCONT in case a stop was left pending. Raw system calls only,
 * not instrumented. */
__attribute__ ((no_sanitize ("address", "undefined"))) static int
watchdog_main (void *data)
{
  const PmDumperWatchdog *w = data;
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
spawn_watchdog (PmDumperLaunch *launch,
                pid_t           dumper,
                uint64_t        deadline_ms)
{
  launch->watchdog.dumper = dumper;
  launch->watchdog.parent = getpid ();
  launch->watchdog.deadline_ms = deadline_ms + PM_WATCHDOG_GRACE_MS;
  return clone (watchdog_main, launch->watchdog_stack + PM_WATCHDOG_STACK_SIZE,
                CLONE_VM | CLONE_UNTRACED | SIGCHLD, &launch->watchdog);
}

bool
pm_dumper_session_start (PmDumperLaunch    *launch,
                         PmDumperSession   *session,
                         const PmCrashInfo *info,
                         uint64_t           deadline_ms)
{
  int sv[2];

  session->fd = -1;
  session->child = -1;
  session->watchdog = -1;
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    {
      pm_dumper_write_stderr ("postmortem: cannot create a socket for the dumper\n");
      return false;
    }
  /* A process that changed credentials (a daemon dropping privileges) is
   * not dumpable: its /proc files belong to root and nobody may ptrace it.
   * Make it dumpable for the dumper's visit only, and restore it after. */
  session->was_dumpable = prctl (PR_GET_DUMPABLE, 0, 0, 0, 0);
  if (session->was_dumpable == 0)
    prctl (PR_SET_DUMPABLE, 1, 0, 0, 0);
  dumper_environment (launch);

  session->child = spawn_dumper (launch, sv[1]);
  close (sv[1]);
  session->fd = sv[0];
  if (session->child < 0)
    {
      pm_dumper_write_stderr ("postmortem: cannot start the dumper\n");
      close (session->fd);
      session->fd = -1;
      if (session->was_dumpable == 0)
        prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
      return false;
    }

  session->watchdog = spawn_watchdog (launch, session->child, deadline_ms);

  /* Only the dumper may ptrace us (Yama); then hand it the information. */
  prctl (PR_SET_PTRACER, (unsigned long) session->child, 0, 0, 0);
  if (!send_all (session->fd, info, sizeof *info))
    {
      pm_dumper_write_stderr ("postmortem: the dumper did not take the crash information\n");
      pm_dumper_session_finish (session, deadline_ms);
      return false;
    }
  return true;
}

int
pm_dumper_session_wait_status (PmDumperSession *session,
                               uint64_t         deadline_ms)
{
  for (;;)
    {
      struct pollfd pfd = { .fd = session->fd, .events = POLLIN };
      uint64_t now = pm_dumper_monotonic_ms ();
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
      n = read (session->fd, &status, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n == 1)
        return status;
      return -2;
    }
}

void
pm_dumper_session_extend_deadline (PmDumperLaunch *launch,
                                   uint64_t        deadline_ms)
{
  /* The watchdog process sleeps until the deadline it read, then reads it
   * again: a later one sends it back to sleep. */
  __atomic_store_n (&launch->watchdog.deadline_ms, deadline_ms + PM_WATCHDOG_GRACE_MS, __ATOMIC_RELEASE);
}

bool
pm_dumper_session_send_byte (PmDumperSession *session,
                             uint8_t          byte)
{
  return session->fd >= 0 && send_all (session->fd, &byte, 1);
}

void
pm_dumper_session_stop_watchdog (PmDumperSession *session)
{
  int status;

  if (session->watchdog <= 0)
    return;
  kill (session->watchdog, SIGKILL);
  while (waitpid (session->watchdog, &status, __WALL) < 0 && errno == EINTR)
    ;
  session->watchdog = -1;
}

/* Reaps the dumper, killing it if it has not exited by @deadline_ms. */
static void
reap_dumper (pid_t    child,
             uint64_t deadline_ms)
{
  int status;

  for (;;)
    {
      pid_t r = waitpid (child, &status, WNOHANG | __WALL);
      if (r == child || (r < 0 && errno != EINTR))
        return;
      if (r == 0 && pm_dumper_monotonic_ms () >= deadline_ms)
        break;
      if (r == 0)
        {
          struct timespec ts = { 0, 1000000 };
          nanosleep (&ts, NULL);
        }
    }
  pm_dumper_write_stderr ("postmortem: the dumper did not finish in time; killed it\n");
  kill (child, SIGKILL);
  while (waitpid (child, &status, __WALL) < 0 && errno == EINTR)
    ;
}

void
pm_dumper_session_finish (PmDumperSession *session,
                          uint64_t         deadline_ms)
{
  if (session->fd >= 0)
    close (session->fd);
  session->fd = -1;
  if (session->child > 0)
    reap_dumper (session->child, deadline_ms);
  session->child = -1;
  pm_dumper_session_stop_watchdog (session);
  if (session->was_dumpable == 0)
    prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}
