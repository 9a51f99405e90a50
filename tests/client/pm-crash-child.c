/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-child.c — a program that crashes on purpose, one way per mode, for
 * the crash handler tests.
 *
 * Runs in: a child process of test-crash-handler / the end-to-end tests.
 * Built twice: with PM_TEST_USE_CLIENT it installs libpostmortem's handler
 * itself (options from PM_TEST_TIMEOUT_MS, PM_TEST_DUMP_TYPE); without it,
 * it is an "unmodified program" for `postmortemctl run` / the preload library.
 *
 * Usage: pm-crash-child MODE    (modes listed in usage())
 * Before crashing it registers one metadata pair (TestKey=TestValue) when
 * built with the client, so the dumper can check the registration table.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#ifdef PM_TEST_USE_CLIENT
#include "postmortem.h"
#endif

#if defined(__SANITIZE_ADDRESS__)
# define PM_TEST_HAVE_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define PM_TEST_HAVE_ASAN 1
# endif
#endif

static const char *mode;

/* The crashes are the point: UBSan must not report them first. */
#define PM_TEST_CRASH_FUNCTION __attribute__ ((noinline, no_sanitize ("undefined", "address")))

PM_TEST_CRASH_FUNCTION static void
crash_null_write (void)
{
  *(volatile int *) (uintptr_t) 0 = 42;
}

PM_TEST_CRASH_FUNCTION static void
crash_divide_by_zero (void)
{
  volatile int a = 1, b = 0;
  volatile int c = a / b;
  (void) c;
}

__attribute__ ((noinline)) static void
crash_illegal_instruction (void)
{
  __asm__ volatile ("ud2");
}

__attribute__ ((noinline)) static void
crash_bus_error (void)
{
  char path[] = "/tmp/pm-crash-bus-XXXXXX";
  int fd = mkstemp (path);
  volatile char *p;

  if (fd < 0 || ftruncate (fd, 4096) < 0)
    exit (3);
  p = mmap (NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED)
    exit (3);
  /* Truncate under the mapping: touching the page is now SIGBUS. */
  if (ftruncate (fd, 0) < 0)
    exit (3);
  unlink (path);
  p[0] = 1;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
__attribute__ ((noinline)) static int
recurse_forever (int depth)
{
  volatile char buf[256];
  buf[0] = (char) depth;
  return recurse_forever (depth + 1) + buf[0];
}
#pragma GCC diagnostic pop

static void *
overflow_thread (void *data)
{
#ifdef PM_TEST_USE_CLIENT
  pm_crash_handler_install_thread ();
#endif
  recurse_forever (0);
  return NULL;
}

static void *
null_write_thread (void *data)
{
  crash_null_write ();
  return NULL;
}

static pthread_barrier_t barrier;

static void *
barrier_crash_thread (void *data)
{
  pthread_barrier_wait (&barrier);
  crash_null_write ();
  return NULL;
}

/* A handler installed before libpostmortem's: it must still run. It leaves
 * a mark in the file named by PM_TEST_MARK_FILE, then restores the default
 * and returns so the fault happens again and kills us. */
static void
previous_handler (int sig)
{
  const char *path = getenv ("PM_TEST_MARK_FILE");
  int fd;

  if (path != NULL && (fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) >= 0)
    {
      ssize_t r = write (fd, "previous handler ran\n", 21);
      (void) r;
      close (fd);
    }
  signal (sig, SIG_DFL);
}

#if defined(PM_TEST_USE_CLIENT) && !defined(PM_TEST_HAVE_ASAN)
/* For mode malloc-lock: malloc/free/calloc/realloc of this program go through
 * one lock that a thread then takes and never releases. If anything on the
 * crash path allocates, it deadlocks here, and the test times out. */
extern void *__libc_malloc (size_t);
extern void  __libc_free (void *);
extern void *__libc_calloc (size_t, size_t);
extern void *__libc_realloc (void *, size_t);
static pthread_mutex_t test_malloc_lock = PTHREAD_MUTEX_INITIALIZER;

void *malloc (size_t n) { pthread_mutex_lock (&test_malloc_lock); void *p = __libc_malloc (n); pthread_mutex_unlock (&test_malloc_lock); return p; }
void  free (void *p) { pthread_mutex_lock (&test_malloc_lock); __libc_free (p); pthread_mutex_unlock (&test_malloc_lock); }
void *calloc (size_t a, size_t b) { pthread_mutex_lock (&test_malloc_lock); void *p = __libc_calloc (a, b); pthread_mutex_unlock (&test_malloc_lock); return p; }
void *realloc (void *o, size_t n) { pthread_mutex_lock (&test_malloc_lock); void *p = __libc_realloc (o, n); pthread_mutex_unlock (&test_malloc_lock); return p; }

static pthread_barrier_t lock_taken;

static void *
hold_malloc_lock_thread (void *data)
{
  pthread_mutex_lock (&test_malloc_lock);
  pthread_barrier_wait (&lock_taken);
  for (;;)
    pause ();
  return NULL;
}
#endif

/* Makes getppid() raise SIGSYS (seccomp SECCOMP_RET_TRAP). */
static void
crash_sigsys (void)
{
  struct sock_filter filter[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_TRAP),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = { sizeof filter / sizeof filter[0], filter };

  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
    exit (3);
  syscall (SYS_getppid);
}

static int
usage (void)
{
  fprintf (stderr, "usage: pm-crash-child null|abort|divzero|ud2|bus|overflow|overflow-thread|thread|"
                   "two-threads|previous-handler|kill-segv|kill-segv-ignored|malloc-lock|trap|sigsys|\n"
                   "nondumpable|drop-privileges|uninstalled|exit0\n");
  return 2;
}

int
main (int argc, char **argv)
{
  pthread_t t1, t2;

  if (argc != 2)
    return usage ();
  mode = argv[1];

  if (strcmp (mode, "previous-handler") == 0)
    signal (SIGSEGV, previous_handler);
  else if (strcmp (mode, "kill-segv-ignored") == 0)
    signal (SIGSEGV, SIG_IGN);

#ifdef PM_TEST_USE_CLIENT
  {
    PmCrashHandlerOptions options;
    const char *s;
    PmResult r;

    pm_crash_handler_options_init (&options);
    if ((s = getenv ("PM_TEST_TIMEOUT_MS")) != NULL)
      options.dumper_timeout_ms = (unsigned int) strtoul (s, NULL, 10);
    if ((s = getenv ("PM_TEST_DUMP_TYPE")) != NULL)
      options.dump_type = (PmDumpType) atoi (s);
    if ((s = getenv ("PM_TEST_STORE_DIR")) != NULL)
      options.store_path = s;
    options.launch_app = getenv ("PM_TEST_LAUNCH_APP") != NULL;
    r = pm_crash_handler_install (&options);
    if (r != PM_RESULT_OK)
      {
        fprintf (stderr, "pm-crash-child: install failed: %s\n", pm_result_to_string (r));
        return 4;
      }
    if (pm_crash_handler_install (&options) != PM_RESULT_INVALID_STATE)
      {
        fprintf (stderr, "pm-crash-child: a second install did not say invalid state\n");
        return 4;
      }
    if (pm_register_custom_metadata ("TestKey", "TestValue") != PM_RESULT_OK)
      return 4;
    if ((s = getenv ("PM_TEST_CRASH_SERVER")) != NULL && pm_register_crash_server (s) != PM_RESULT_OK)
      {
        fprintf (stderr, "pm-crash-child: pm_register_crash_server (%s) refused\n", s);
        return 4;
      }
    if (strcmp (mode, "uninstalled") == 0 && pm_crash_handler_uninstall () != PM_RESULT_OK)
      return 4;
  }
#endif

  if (strcmp (mode, "null") == 0 || strcmp (mode, "previous-handler") == 0 || strcmp (mode, "uninstalled") == 0)
    crash_null_write ();
  else if (strcmp (mode, "nondumpable") == 0)
    {
      if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        return 3;
      crash_null_write ();
    }
  else if (strcmp (mode, "drop-privileges") == 0)
    {
      /* A daemon dropping root: the kernel makes it non-dumpable, and only
       * the handler's PR_SET_DUMPABLE lets the (unprivileged) dumper in. */
      if (getuid () != 0)
        return 77;
      if (setgroups (0, NULL) < 0 || setresgid (65534, 65534, 65534) < 0 || setresuid (65534, 65534, 65534) < 0)
        return 3;
      if (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
        return 3;
      crash_null_write ();
    }
  else if (strcmp (mode, "sigsys") == 0)
    crash_sigsys ();
  else if (strcmp (mode, "kill-segv-ignored") == 0)
    {
      /* Ignored before us: the signal must do nothing, and no report. */
      kill (getpid (), SIGSEGV);
      return 0;
    }
  else if (strcmp (mode, "abort") == 0)
    abort ();
  else if (strcmp (mode, "divzero") == 0)
    crash_divide_by_zero ();
  else if (strcmp (mode, "ud2") == 0)
    crash_illegal_instruction ();
  else if (strcmp (mode, "trap") == 0)
    __asm__ volatile ("int3");
  else if (strcmp (mode, "bus") == 0)
    crash_bus_error ();
  else if (strcmp (mode, "overflow") == 0)
    recurse_forever (0);
  else if (strcmp (mode, "overflow-thread") == 0)
    {
      pthread_create (&t1, NULL, overflow_thread, NULL);
      pthread_join (t1, NULL);
    }
  else if (strcmp (mode, "thread") == 0)
    {
      pthread_create (&t1, NULL, null_write_thread, NULL);
      pthread_join (t1, NULL);
    }
  else if (strcmp (mode, "two-threads") == 0)
    {
      pthread_barrier_init (&barrier, NULL, 2);
      pthread_create (&t1, NULL, barrier_crash_thread, NULL);
      pthread_create (&t2, NULL, barrier_crash_thread, NULL);
      pthread_join (t1, NULL);
      pthread_join (t2, NULL);
    }
  else if (strcmp (mode, "kill-segv") == 0)
    kill (getpid (), SIGSEGV);
  else if (strcmp (mode, "malloc-lock") == 0)
    {
#if defined(PM_TEST_USE_CLIENT) && !defined(PM_TEST_HAVE_ASAN)
      pthread_barrier_init (&lock_taken, NULL, 2);
      pthread_create (&t1, NULL, hold_malloc_lock_thread, NULL);
      pthread_barrier_wait (&lock_taken);
      crash_null_write ();
#else
      return 77;  /* needs our own malloc, which ASan's interceptors forbid */
#endif
    }
  else if (strcmp (mode, "exit0") == 0)
    return 0;
  else
    return usage ();

  /* Still alive after a crash: that is a failure the test sees as exit 5. */
  return 5;
}
