/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* wait-chain-scenario.c — puts threads and processes into a known waiting position and
 * writes the wait chains that must be seen (the ground truth) on stdout, for
 * test-wait-chain.c and the wait-chain benchmark.
 *
 * Runs in: a test's child process; it never ends by itself (the test kills every process
 * it names). Usage: wait-chain-scenario deadlock|pipe|pi|socket|child|join|ptrace|idle|many N
 *
 * Lines written, then "ready":
 *   process PID                   a process whose chains the test computes (all its threads)
 *   wait TID NR [ARG0]            the test polls /proc/TID/syscall until the thread is in
 *                                 syscall NR (with first argument ARG0, hex) — in position
 *   running TID                   the test polls /proc/…/stat until the thread is runnable
 *   traced TID                    the test polls /proc/…/stat until the thread is in a
 *                                 tracing stop
 *   chain TID CYCLE NODE…         an expected chain; CYCLE 0 or 1; NODE is
 *                                 TYPE:STATUS:PID:TID:OBJECT (the JSON's strings)
 * Thread and process IDs are what gettid() and getpid() say; objects are the addresses of
 * the mutexes and the inodes of the pipes and sockets, as the program knows them.
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t pi_1, pi_2;
static pthread_barrier_t barrier;
static sem_t ready_sem;
static volatile pid_t tids[1024];

static void
say (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  fflush (stdout);
}

static void
pause_forever (void)
{
  for (;;)
    pause ();
}

static void
lock_or_die (pthread_mutex_t *mutex)
{
  int r = pthread_mutex_lock (mutex);

  if (r != 0)
    {
      fprintf (stderr, "pthread_mutex_lock: %s\n", strerror (r));
      exit (1);
    }
}

static unsigned long long
inode_of (int fd)
{
  struct stat st;

  if (fstat (fd, &st) != 0)
    exit (1);
  return (unsigned long long) st.st_ino;
}

/* Two threads, two mutexes, taken in opposite orders. */
static void *
deadlock_worker (void *data)
{
  tids[1] = gettid ();
  lock_or_die (&lock_b);
  pthread_barrier_wait (&barrier);
  lock_or_die (&lock_a);
  return NULL;
}

static void
scenario_deadlock (void)
{
  pid_t pid = getpid ();
  pthread_t thread;

  pthread_barrier_init (&barrier, NULL, 2);
  pthread_create (&thread, NULL, deadlock_worker, NULL);
  lock_or_die (&lock_a);
  pthread_barrier_wait (&barrier);
  say ("process %d\n", pid);
  say ("wait %d %d %p\n", pid, SYS_futex, (void *) &lock_b);
  say ("wait %d %d %p\n", tids[1], SYS_futex, (void *) &lock_a);
  say ("chain %d 1 thread:blocked:%d:%d: mutex:owned:%d:0:%p thread:blocked:%d:%d: "
       "mutex:owned:%d:0:%p thread:blocked:%d:%d:\n",
       pid, pid, pid, pid, (void *) &lock_b, pid, tids[1], pid, (void *) &lock_a, pid, pid);
  say ("chain %d 1 thread:blocked:%d:%d: mutex:owned:%d:0:%p thread:blocked:%d:%d: "
       "mutex:owned:%d:0:%p thread:blocked:%d:%d:\n",
       tids[1], pid, tids[1], pid, (void *) &lock_a, pid, pid, pid, (void *) &lock_b, pid, tids[1]);
  say ("ready\n");
  lock_or_die (&lock_b);
}

/* The parent reads a pipe; the child that should write it waits for a mutex its other
 * thread holds while that thread sleeps. */
static void *
holder_thread (void *data)
{
  pthread_mutex_t *mutex = data;

  tids[1] = gettid ();
  lock_or_die (mutex);
  sem_post (&ready_sem);
  pause_forever ();
  return NULL;
}

static void
scenario_pipe (void)
{
  pid_t pid = getpid (), child;
  int data[2], info[2];
  char c;

  if (pipe (data) != 0 || pipe (info) != 0)
    exit (1);
  child = fork ();
  if (child == 0)
    {
      pthread_t thread;
      pid_t holder;

      close (data[0]);
      close (info[0]);
      sem_init (&ready_sem, 0, 0);
      pthread_create (&thread, NULL, holder_thread, &lock_a);
      sem_wait (&ready_sem);
      holder = tids[1];
      if (write (info[1], &holder, sizeof holder) != sizeof holder)
        exit (1);
      close (info[1]);
      lock_or_die (&lock_a);
      pause_forever ();
    }
  pid_t holder;

  close (data[1]);
  close (info[1]);
  if (read (info[0], &holder, sizeof holder) != sizeof holder)
    exit (1);
  close (info[0]);
  say ("process %d\nprocess %d\n", pid, child);
  say ("wait %d %d %x\n", pid, SYS_read, data[0]);
  say ("wait %d %d %p\n", child, SYS_futex, (void *) &lock_a);
  say ("wait %d %d\n", holder, SYS_pause);
  say ("chain %d 0 thread:blocked:%d:%d: pipe:owned:%d:0:pipe:[%llu] thread:blocked:%d:%d: "
       "mutex:owned:%d:0:%p thread:sleeping:%d:%d:\n",
       pid, pid, pid, pid, inode_of (data[0]), child, child, child, (void *) &lock_a, child, holder);
  say ("chain %d 0 thread:blocked:%d:%d: mutex:owned:%d:0:%p thread:sleeping:%d:%d:\n",
       child, child, child, child, (void *) &lock_a, child, holder);
  say ("chain %d 0 thread:sleeping:%d:%d:\n", holder, child, holder);
  say ("ready\n");
  (void) !read (data[0], &c, 1);
  pause_forever ();
}

/* Three threads on two priority-inheritance mutexes: main → pi_1 → second → pi_2 → third. */
static void *
pi_third (void *data)
{
  tids[2] = gettid ();
  lock_or_die (&pi_2);
  sem_post (&ready_sem);
  pause_forever ();
  return NULL;
}

static void *
pi_second (void *data)
{
  tids[1] = gettid ();
  lock_or_die (&pi_1);
  sem_post (&ready_sem);
  lock_or_die (&pi_2);
  return NULL;
}

static void
scenario_pi (void)
{
  pid_t pid = getpid ();
  pthread_mutexattr_t attr;
  pthread_t thread;

  pthread_mutexattr_init (&attr);
  pthread_mutexattr_setprotocol (&attr, PTHREAD_PRIO_INHERIT);
  pthread_mutex_init (&pi_1, &attr);
  pthread_mutex_init (&pi_2, &attr);
  sem_init (&ready_sem, 0, 0);
  pthread_create (&thread, NULL, pi_third, NULL);
  sem_wait (&ready_sem);
  pthread_create (&thread, NULL, pi_second, NULL);
  sem_wait (&ready_sem);
  say ("process %d\n", pid);
  say ("wait %d %d %p\n", pid, SYS_futex, (void *) &pi_1);
  say ("wait %d %d %p\n", tids[1], SYS_futex, (void *) &pi_2);
  say ("wait %d %d\n", tids[2], SYS_pause);
  say ("chain %d 0 thread:blocked:%d:%d: pi-mutex:owned:%d:0:%p thread:blocked:%d:%d: "
       "pi-mutex:owned:%d:0:%p thread:sleeping:%d:%d:\n",
       pid, pid, pid, pid, (void *) &pi_1, pid, tids[1], pid, (void *) &pi_2, pid, tids[2]);
  say ("chain %d 0 thread:blocked:%d:%d: pi-mutex:owned:%d:0:%p thread:sleeping:%d:%d:\n",
       tids[1], pid, tids[1], pid, (void *) &pi_2, pid, tids[2]);
  say ("chain %d 0 thread:sleeping:%d:%d:\n", tids[2], pid, tids[2]);
  say ("ready\n");
  lock_or_die (&pi_1);
}

/* The parent reads a Unix socket whose peer is held by a sleeping child. */
static void
scenario_socket (void)
{
  pid_t pid = getpid (), child;
  int sv[2];
  char c;

  if (socketpair (AF_UNIX, SOCK_STREAM, 0, sv) != 0)
    exit (1);
  child = fork ();
  if (child == 0)
    {
      close (sv[0]);
      pause_forever ();
    }
  close (sv[1]);
  say ("process %d\nprocess %d\n", pid, child);
  say ("wait %d %d %x\n", pid, SYS_read, sv[0]);
  say ("wait %d %d\n", child, SYS_pause);
  say ("chain %d 0 thread:blocked:%d:%d: unix-socket:owned:%d:0:socket:[%llu] thread:sleeping:%d:%d:\n",
       pid, pid, pid, pid, inode_of (sv[0]), child, child);
  say ("chain %d 0 thread:sleeping:%d:%d:\n", child, child, child);
  say ("ready\n");
  (void) !read (sv[0], &c, 1);
  pause_forever ();
}

/* The parent waits for one child, which sleeps. */
static void
scenario_child (void)
{
  pid_t pid = getpid (), child;

  child = fork ();
  if (child == 0)
    pause_forever ();
  say ("process %d\nprocess %d\n", pid, child);
  say ("wait %d %d %x\n", pid, SYS_wait4, child);
  say ("wait %d %d\n", child, SYS_pause);
  say ("chain %d 0 thread:blocked:%d:%d: child-wait:owned:%d:0:child %d thread:sleeping:%d:%d:\n",
       pid, pid, pid, pid, child, child, child);
  say ("chain %d 0 thread:sleeping:%d:%d:\n", child, child, child);
  say ("ready\n");
  waitpid (child, NULL, 0);
  pause_forever ();
}

/* The main thread joins a worker that waits for a mutex a sleeping thread holds. */
static void *
join_worker (void *data)
{
  tids[2] = gettid ();
  sem_post (&ready_sem);
  lock_or_die (&lock_a);
  return NULL;
}

static void
scenario_join (void)
{
  pid_t pid = getpid (), holder, worker;
  pthread_t thread;

  sem_init (&ready_sem, 0, 0);
  pthread_create (&thread, NULL, holder_thread, &lock_a);
  sem_wait (&ready_sem);
  holder = tids[1];
  pthread_create (&thread, NULL, join_worker, NULL);
  sem_wait (&ready_sem);
  worker = tids[2];
  say ("process %d\n", pid);
  say ("wait %d %d %p\n", worker, SYS_futex, (void *) &lock_a);
  say ("wait %d %d\n", holder, SYS_pause);
  say ("chain %d 0 thread:blocked:%d:%d: thread-exit:owned:%d:0:thread %d thread:blocked:%d:%d: "
       "mutex:owned:%d:0:%p thread:sleeping:%d:%d:\n",
       pid, pid, pid, pid, worker, pid, worker, pid, (void *) &lock_a, pid, holder);
  say ("chain %d 0 thread:blocked:%d:%d: mutex:owned:%d:0:%p thread:sleeping:%d:%d:\n",
       worker, pid, worker, pid, (void *) &lock_a, pid, holder);
  say ("chain %d 0 thread:sleeping:%d:%d:\n", holder, pid, holder);
  /* After "ready" the main thread's only futex wait is pthread_join()'s. */
  say ("wait %d %d\n", pid, SYS_futex);
  say ("ready\n");
  pthread_join (thread, NULL);
}

/* The child is stopped by its tracer, the parent, which sleeps. */
static void
scenario_ptrace (void)
{
  pid_t pid = getpid (), child;

  child = fork ();
  if (child == 0)
    pause_forever ();
  if (ptrace (PTRACE_SEIZE, child, NULL, NULL) != 0 || ptrace (PTRACE_INTERRUPT, child, NULL, NULL) != 0 ||
      waitpid (child, NULL, __WALL) != child)
    {
      perror ("ptrace");
      kill (child, SIGKILL);
      exit (1);
    }
  say ("process %d\nprocess %d\n", pid, child);
  say ("traced %d\n", child);
  say ("chain %d 0 thread:blocked:%d:%d: ptrace:owned:%d:0:tracer %d thread:sleeping:%d:%d:\n",
       child, child, child, child, pid, pid, pid);
  say ("chain %d 0 thread:sleeping:%d:%d:\n", pid, pid, pid);
  /* The parent's position: in pause(), polled after "ready" has been read. */
  say ("wait %d %d\n", pid, SYS_pause);
  say ("ready\n");
  pause_forever ();
}

/* Not hung: one thread sleeps in pause(), one in nanosleep(), one computes, one waits on a
 * condition variable. */
static void *
sleeper_thread (void *data)
{
  struct timespec forever = { 1000000, 0 };

  tids[1] = gettid ();
  sem_post (&ready_sem);
  for (;;)
    syscall (SYS_nanosleep, &forever, NULL);   /* not glibc's clock_nanosleep */
  return NULL;
}

static void *
spinner_thread (void *data)
{
  volatile unsigned long n = 0;

  tids[2] = gettid ();
  sem_post (&ready_sem);
  for (;;)
    n++;
  return NULL;
}

/* A condition variable nobody signals, placed just before a locked mutex so that the
 * bytes after its futex are a mutex's: it must not be taken for one. */
static struct
{
  pthread_cond_t  cond;
  pthread_mutex_t lock;
} idle_cond = { PTHREAD_COND_INITIALIZER, PTHREAD_MUTEX_INITIALIZER };
static pthread_mutex_t idle_cond_lock = PTHREAD_MUTEX_INITIALIZER;

static void *
cond_waiter_thread (void *data)
{
  tids[3] = gettid ();
  lock_or_die (&idle_cond_lock);
  sem_post (&ready_sem);
  for (;;)
    pthread_cond_wait (&idle_cond.cond, &idle_cond_lock);
  return NULL;
}

/* The futex address thread @tid waits on, read from its /proc/…/syscall once it is in
 * futex(): where inside a condition variable glibc waits is its own business. */
static unsigned long long
futex_address_of (pid_t tid)
{
  char path[64], text[256];
  unsigned long long address = 0;
  long nr = -1;

  snprintf (path, sizeof path, "/proc/self/task/%d/syscall", tid);
  for (;;)
    {
      FILE *f = fopen (path, "r");

      if (f == NULL)
        exit (1);
      if (fgets (text, sizeof text, f) != NULL && sscanf (text, "%ld %llx", &nr, &address) == 2 &&
          nr == SYS_futex)
        {
          fclose (f);
          return address;
        }
      fclose (f);
      sched_yield ();
    }
}

static void
scenario_idle (void)
{
  pid_t pid = getpid ();
  pthread_t thread;
  unsigned long long cond_futex;

  sem_init (&ready_sem, 0, 0);
  pthread_create (&thread, NULL, sleeper_thread, NULL);
  sem_wait (&ready_sem);
  pthread_create (&thread, NULL, spinner_thread, NULL);
  sem_wait (&ready_sem);
  lock_or_die (&idle_cond.lock);
  pthread_create (&thread, NULL, cond_waiter_thread, NULL);
  sem_wait (&ready_sem);
  cond_futex = futex_address_of (tids[3]);
  if (cond_futex < (unsigned long long) (uintptr_t) &idle_cond.cond ||
      cond_futex >= (unsigned long long) (uintptr_t) (&idle_cond.cond + 1))
    {
      fprintf (stderr, "the condition variable's waiter is on another futex\n");
      exit (1);
    }
  say ("process %d\n", pid);
  say ("wait %d %d %llx\n", tids[3], SYS_futex, cond_futex);
  say ("chain %d 0 thread:blocked:%d:%d: futex:not-owned:%d:0:0x%llx\n", tids[3], pid, tids[3], pid, cond_futex);
  say ("wait %d %d\n", pid, SYS_pause);
  say ("wait %d %d\n", tids[1], SYS_nanosleep);
  say ("running %d\n", tids[2]);
  say ("chain %d 0 thread:sleeping:%d:%d:\n", pid, pid, pid);
  say ("chain %d 0 thread:sleeping:%d:%d:\n", tids[1], pid, tids[1]);
  say ("chain %d 0 thread:running:%d:%d:\n", tids[2], pid, tids[2]);
  say ("ready\n");
  pause_forever ();
}

/* For the benchmark: N threads blocked on four mutexes held by four sleeping threads. */
static pthread_mutex_t many_locks[4] = {
  PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
  PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
};

static void *
many_waiter (void *data)
{
  long i = (long) data;

  tids[i] = gettid ();
  sem_post (&ready_sem);
  lock_or_die (&many_locks[i % 4]);
  return NULL;
}

static void
scenario_many (int n)
{
  pid_t pid = getpid ();
  pthread_t thread;

  if (n < 8 || n > 1000)
    exit (2);
  sem_init (&ready_sem, 0, 0);
  for (long i = 0; i < 4; i++)
    {
      pthread_create (&thread, NULL, holder_thread, &many_locks[i]);
      sem_wait (&ready_sem);
    }
  for (long i = 4; i < n; i++)
    {
      pthread_create (&thread, NULL, many_waiter, (void *) i);
      sem_wait (&ready_sem);
    }
  say ("process %d\n", pid);
  for (long i = 4; i < n; i++)
    say ("wait %d %d %p\n", tids[i], SYS_futex, (void *) &many_locks[i % 4]);
  say ("ready\n");
  pause_forever ();
}

int
main (int    argc,
      char **argv)
{
  const char *scenario = argc > 1 ? argv[1] : "";

  if (strcmp (scenario, "deadlock") == 0)
    scenario_deadlock ();
  else if (strcmp (scenario, "pipe") == 0)
    scenario_pipe ();
  else if (strcmp (scenario, "pi") == 0)
    scenario_pi ();
  else if (strcmp (scenario, "socket") == 0)
    scenario_socket ();
  else if (strcmp (scenario, "child") == 0)
    scenario_child ();
  else if (strcmp (scenario, "join") == 0)
    scenario_join ();
  else if (strcmp (scenario, "ptrace") == 0)
    scenario_ptrace ();
  else if (strcmp (scenario, "idle") == 0)
    scenario_idle ();
  else if (strcmp (scenario, "many") == 0 && argc > 2)
    scenario_many (atoi (argv[2]));
  else
    {
      fprintf (stderr, "usage: wait-chain-scenario deadlock|pipe|pi|socket|child|join|ptrace|idle|many N\n");
      return 2;
    }
  pause_forever ();
}
