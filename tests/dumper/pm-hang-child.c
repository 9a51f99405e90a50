/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-hang-child.c — a GLib program that hangs on request, for the hang tests.
 *
 * Runs in: a test process started by test-hang-reports.sh (GLib, libpostmortem
 * with the crash handler installed: $PM_DUMPER_PATH and $PM_STORE_DIR choose the
 * dumper and the store).
 *
 *   pm-hang-child freeze TIMEOUT_MS    the main loop runs with the heartbeat source
 *                                      (postmortem-glib.h), then its thread blocks
 *                                      for good on a mutex a "holder" thread keeps;
 *                                      prints "frozen PID TID" first
 *   pm-hang-child freeze-recovery TIMEOUT_MS
 *                                      freeze, with a restart command line ("--reopened")
 *                                      and a recovery callback registered; the callback
 *                                      prints "recovery ran" and says it finished
 *   pm-hang-child recover TIMEOUT_MS   the same, but the main thread blocks reading
 *                                      stdin; a line lets it go on ("resumed"); EOF on
 *                                      stdin then ends it (watchdog detached, exit 0)
 *   pm-hang-child healthy TIMEOUT_MS   the loop runs for 2 x TIMEOUT_MS by its own
 *                                      clock, prints "healthy", detaches, exits 0
 *   pm-hang-child deadlock             two threads take two mutexes in opposite
 *                                      orders and deadlock; prints "deadlock PID TID1
 *                                      TID2" (the test waits for both to be in futex)
 *   pm-hang-child xproc                the main thread reads a pipe whose only writer is
 *                                      a child process stuck on its own mutex; prints
 *                                      "xproc PID CHILD-PID" (a hang across processes)
 *   pm-hang-child threads N            N - 1 threads waiting on a condition variable
 *                                      (an idle worker pool), the main thread too;
 *                                      prints "ready PID" (for the benchmark)
 */
#include "pm-config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib.h>

#include "postmortem.h"
#include "postmortem-glib.h"

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t second = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;
static int never[2];
static guint timeout_ms;
static guint watchdog_id;
static GMainLoop *loop;

static void
say (const char *line)
{
  fputs (line, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* Takes the mutex the main thread will wait for and keeps it: read() on a pipe
 * nobody writes. */
static void *
holder_thread (void *data)
{
  char c;

  pthread_mutex_lock (&held);
  pthread_barrier_wait (data);
  while (read (never[0], &c, 1) != 0)
    ;
  return NULL;
}

static gboolean
freeze_cb (gpointer data)
{
  char line[64];

  (void) data;
  g_snprintf (line, sizeof line, "frozen %d %ld", (int) getpid (), (long) syscall (SYS_gettid));
  say (line);
  pthread_mutex_lock (&held);   /* never returns */
  return G_SOURCE_REMOVE;
}

/* Runs in a thread of its own while the main thread hangs (pm_recovery_run_for_hang). */
static unsigned int
recovery_cb (void *param)
{
  (void) param;
  pm_recovery_in_progress (NULL);
  say ("recovery ran");
  pm_recovery_finished (true);
  return 0;
}

static gboolean
quit_cb (gpointer main_loop)
{
  g_main_loop_quit (main_loop);
  return G_SOURCE_REMOVE;
}

static void *
stdin_eof_thread (void *main_loop)
{
  char buf[64];

  while (fgets (buf, sizeof buf, stdin) != NULL)
    ;
  g_idle_add (quit_cb, main_loop);
  return NULL;
}

static pthread_t eof_thread;

static gboolean
block_on_stdin_cb (gpointer data)
{
  char line[64];

  g_snprintf (line, sizeof line, "frozen %d %ld", (int) getpid (), (long) syscall (SYS_gettid));
  say (line);
  if (fgets (line, sizeof line, stdin) == NULL)
    exit (3);
  say ("resumed");
  /* The loop beats again now; it ends when stdin does. */
  pthread_create (&eof_thread, NULL, stdin_eof_thread, loop);
  (void) data;
  return G_SOURCE_REMOVE;
}

static void *
deadlock_thread (void *data)
{
  gboolean forward = GPOINTER_TO_INT (data);

  pthread_mutex_lock (forward ? &first : &second);
  pthread_barrier_wait (&both_hold_one);
  pthread_mutex_lock (forward ? &second : &first);   /* never returns */
  return NULL;
}

static pid_t worker_tids[2];

static void *
deadlock_thread_named (void *data)
{
  worker_tids[GPOINTER_TO_INT (data) ? 0 : 1] = (pid_t) syscall (SYS_gettid);
  return deadlock_thread (data);
}

/* A worker of a pool with nothing to do: waiting on a condition variable nobody signals. */
static void *
parked_thread (void *data)
{
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  static pthread_cond_t work = PTHREAD_COND_INITIALIZER;

  (void) data;
  pthread_mutex_lock (&lock);
  for (;;)
    pthread_cond_wait (&work, &lock);
  return NULL;
}

static void
install_handler (void)
{
  PmCrashHandlerOptions options;

  pm_crash_handler_options_init (&options);
  if (pm_crash_handler_install (&options) != PM_RESULT_OK)
    {
      fprintf (stderr, "pm-hang-child: cannot install the crash handler\n");
      exit (2);
    }
}

int
main (int argc, char **argv)
{
  pthread_barrier_t holder_ready;
  pthread_t thread;
  const char *mode = argc > 1 ? argv[1] : "";

  if (pipe (never) != 0)
    return 2;
  if (strcmp (mode, "deadlock") == 0)
    {
      pthread_t a, b;
      char line[96];

      pthread_barrier_init (&both_hold_one, NULL, 2);
      pthread_create (&a, NULL, deadlock_thread_named, GINT_TO_POINTER (TRUE));
      pthread_create (&b, NULL, deadlock_thread_named, GINT_TO_POINTER (FALSE));
      while (__atomic_load_n (&worker_tids[0], __ATOMIC_SEQ_CST) == 0 ||
             __atomic_load_n (&worker_tids[1], __ATOMIC_SEQ_CST) == 0)
        sched_yield ();
      g_snprintf (line, sizeof line, "deadlock %d %d %d", (int) getpid (), (int) worker_tids[0], (int) worker_tids[1]);
      say (line);
      pthread_join (a, NULL);   /* never returns */
      return 0;
    }
  if (strcmp (mode, "xproc") == 0)
    {
      int p[2];
      pid_t other;
      char line[96], c;

      if (pipe (p) != 0)
        return 2;
      other = fork ();
      if (other == 0)
        {
          /* Holds the write end and never writes: it waits for a lock it already holds.
           * It dies with its parent, however the test ends. */
          prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
          close (p[0]);
          pthread_mutex_lock (&first);
          pthread_mutex_lock (&first);
          _exit (0);
        }
      close (p[1]);
      g_snprintf (line, sizeof line, "xproc %d %d", (int) getpid (), (int) other);
      say (line);
      while (read (p[0], &c, 1) != 0)
        ;
      return 0;
    }
  if (strcmp (mode, "threads") == 0 && argc > 2)
    {
      int n = atoi (argv[2]);
      char line[64];

      for (int i = 1; i < n; i++)
        pthread_create (&thread, NULL, parked_thread, NULL);
      g_snprintf (line, sizeof line, "ready %d", (int) getpid ());
      say (line);
      parked_thread (NULL);
      return 0;
    }
  if (argc < 3 || (timeout_ms = (guint) atoi (argv[2])) == 0)
    {
      fprintf (stderr, "usage: pm-hang-child freeze|freeze-recovery|recover|healthy TIMEOUT_MS | deadlock | threads N\n");
      return 2;
    }

  install_handler ();
  loop = g_main_loop_new (NULL, FALSE);
  watchdog_id = pm_hang_watchdog_attach (NULL, timeout_ms);
  if (watchdog_id == 0)
    {
      fprintf (stderr, "pm-hang-child: the hang watchdog did not start\n");
      return 2;
    }

  if (strcmp (mode, "freeze-recovery") == 0)
    {
      if (pm_register_application_restart ("--reopened", 0) != PM_RESULT_OK ||
          pm_register_recovery_callback (recovery_cb, NULL, 0, 0) != PM_RESULT_OK)
        {
          fprintf (stderr, "pm-hang-child: cannot register the restart and recovery\n");
          return 2;
        }
      mode = "freeze";
    }
  if (strcmp (mode, "freeze") == 0)
    {
      pthread_barrier_init (&holder_ready, NULL, 2);
      pthread_create (&thread, NULL, holder_thread, &holder_ready);
      pthread_barrier_wait (&holder_ready);
      /* Let the loop beat for a while first: the hang is then the main thread's. */
      g_timeout_add (timeout_ms / 2, freeze_cb, NULL);
    }
  else if (strcmp (mode, "recover") == 0)
    g_timeout_add (timeout_ms / 2, block_on_stdin_cb, NULL);
  else if (strcmp (mode, "healthy") == 0)
    g_timeout_add (2 * timeout_ms, quit_cb, loop);
  else
    {
      fprintf (stderr, "pm-hang-child: unknown mode “%s”\n", mode);
      return 2;
    }

  g_main_loop_run (loop);
  pm_hang_watchdog_detach (NULL, watchdog_id);
  if (strcmp (mode, "recover") == 0)
    pthread_join (eof_thread, NULL);
  g_main_loop_unref (loop);
  if (strcmp (mode, "healthy") == 0)
    say ("healthy");
  return 0;
}
