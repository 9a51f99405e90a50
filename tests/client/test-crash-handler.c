/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-crash-handler.c — crashes real child processes with libpostmortem's
 * handler installed and checks what happens: the child dies of the original
 * signal, the dumper was started exactly once with a valid PmCrashInfo, could
 * ptrace the child and read its registration table, a previous handler still
 * ran, and a hanging dumper does not keep the child alive past the bound.
 *
 * Runs in: the test process (GLib test framework), which forks and execs
 * pm-crash-child with PM_DUMPER_PATH pointing at pm-fake-dumper.
 * Usage: test-crash-handler PM-CRASH-CHILD PM-FAKE-DUMPER [gtest options]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include <sys/mman.h>

#include "postmortem.h"
#include "pm-test-child.h"

static const char *crash_child;
static const char *fake_dumper;
/* SIGSEGV's disposition before any test installed anything (SIG_DFL, or a
 * sanitizer's handler). */
static struct sigaction initial_segv;

static gboolean
segv_is_initial (void)
{
  struct sigaction sa;

  sigaction (SIGSEGV, NULL, &sa);
  return sa.sa_handler == initial_segv.sa_handler;
}

typedef struct
{
  const char *mode;
  int         signal;
  const char *dumper_mode;      /* PM_FAKE_DUMPER_MODE, or NULL */
  int         expect_records;   /* dumper records expected: 1, or 0 */
  gboolean    crash_in_thread;  /* the crashing tid is not the pid */
  const char *timeout_ms;       /* handler's dumper timeout */
  double      max_seconds;      /* the child must be dead within this */
  const char *extra_env;        /* one more NAME=VALUE for the child, or NULL */
  const char *dumper_path;      /* instead of the stand-in dumper, or NULL */
} CrashCase;

/* signal 0: the child must exit normally with status 0. */

static const CrashCase cases[] = {
  { "null",             SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  { "abort",            SIGABRT, NULL, 1, FALSE, "10000", 20 },
  { "divzero",          SIGFPE,  NULL, 1, FALSE, "10000", 20 },
  { "ud2",              SIGILL,  NULL, 1, FALSE, "10000", 20 },
  { "trap",             SIGTRAP, NULL, 1, FALSE, "10000", 20 },
  { "bus",              SIGBUS,  NULL, 1, FALSE, "10000", 20 },
  { "overflow",         SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  { "overflow-thread",  SIGSEGV, NULL, 1, TRUE,  "10000", 20 },
  { "thread",           SIGSEGV, NULL, 1, TRUE,  "10000", 20 },
  { "two-threads",      SIGSEGV, NULL, 1, TRUE,  "10000", 20 },
  { "previous-handler", SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  { "kill-segv",        SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  { "malloc-lock",      SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  /* The dumper hangs: the handler gives up after 1 s, kills it, and the
   * child still dies of its signal. */
  { "null",             SIGSEGV, "hang",   0, FALSE, "1000", 4 },
  /* The dumper hangs while it keeps the crashing thread ptrace-stopped, so
   * that thread cannot time out by itself: the watchdog process kills the
   * dumper 0.5 s after the deadline. */
  { "null",             SIGSEGV, "hang-attached", 0, FALSE, "1000", 5 },
  /* The dumper exits without answering: no wait at all. */
  { "null",             SIGSEGV, "silent", 0, FALSE, "10000", 5 },
  { "sigsys",           SIGSYS,  NULL, 1, FALSE, "10000", 20 },
  /* Not dumpable (as after dropping privileges): the dumper may still attach. */
  { "nondumpable",      SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  /* Root dropping to nobody (kernel makes it non-dumpable); skipped unless root. */
  { "drop-privileges",  SIGSEGV, NULL, 1, FALSE, "10000", 20 },
  /* Uninstalled again: no dumper, the default action. */
  { "uninstalled",      SIGSEGV, NULL, 0, FALSE, "10000", 20 },
  /* SIGSEGV was ignored before us and is sent by kill(): nothing happens. */
  { "kill-segv-ignored", 0,      NULL, 0, FALSE, "10000", 20 },
  /* No dumper at all (exec fails): the child still dies of SIGSEGV, not of
   * SIGPIPE from writing to a dumper that is gone. */
  { "null",             SIGSEGV, NULL, 0, FALSE, "10000", 5, NULL, "/nonexistent/postmortem-dumper" },
  { "abort",            SIGABRT, NULL, 0, FALSE, "10000", 5, NULL, "/nonexistent/postmortem-dumper" },
  /* launch_app reaches the dumper as a flag. */
  { "null",             SIGSEGV, NULL, 1, FALSE, "10000", 20, "PM_TEST_LAUNCH_APP=1" },
};

static char *
read_single_record (const char *dir, int *n_records)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  char *contents = NULL;
  const char *name;

  *n_records = 0;
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (!g_str_has_prefix (name, "record-"))
        continue;
      (*n_records)++;
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    }
  return contents;
}

static long
record_field (const char *record, const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  g_autofree char *padded = g_strconcat (" ", record, NULL);
  const char *p = strstr (padded, needle);

  g_assert_nonnull (p);
  return strtol (p + strlen (needle), NULL, 0);
}

/* The hanging dumper left hung-PID: that process must be gone (killed and
 * reaped by the crashed child's handler), not orphaned and still running. */
static void
assert_hung_dumper_gone (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "hung-"))
      {
        g_autofree char *proc = g_strdup_printf ("/proc/%s", name + strlen ("hung-"));
        n++;
        g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
      }
  g_assert_cmpuint (n, ==, 1);
}

static void
test_crash (gconstpointer data)
{
  const CrashCase *c = data;
  g_autofree char *dir = g_dir_make_tmp ("pm-crash-XXXXXX", NULL);
  g_autofree char *mark = g_build_filename (dir, "mark", NULL);
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *record = NULL;
  PmTestChildResult res;
  int n_records;

  g_assert_nonnull (dir);
  env = g_environ_setenv (env, "PM_DUMPER_PATH", c->dumper_path ? c->dumper_path : fake_dumper, TRUE);
  env = g_environ_setenv (env, "PM_TEST_RECORD_DIR", dir, TRUE);
  env = g_environ_setenv (env, "PM_TEST_MARK_FILE", mark, TRUE);
  env = g_environ_setenv (env, "PM_TEST_TIMEOUT_MS", c->timeout_ms, TRUE);
  env = c->dumper_mode != NULL ? g_environ_setenv (env, "PM_FAKE_DUMPER_MODE", c->dumper_mode, TRUE)
                               : g_environ_unsetenv (env, "PM_FAKE_DUMPER_MODE");
  env = pm_test_child_environ_for_crashes (env);
  env = g_environ_unsetenv (env, "PM_TEST_LAUNCH_APP");
  if (c->extra_env != NULL)
    {
      g_auto(GStrv) kv = g_strsplit (c->extra_env, "=", 2);
      env = g_environ_setenv (env, kv[0], kv[1], TRUE);
    }

  if (strcmp (c->mode, "drop-privileges") == 0)
    g_assert_no_errno (chmod (dir, 0777));   /* the dumper runs as nobody too */
  res = pm_test_child_run ((const char *[]) { crash_child, c->mode, NULL }, env, 60);
  if (res.exited && res.status == 77)
    {
      g_test_skip (strcmp (c->mode, "drop-privileges") == 0
                   ? "dropping privileges needs root"
                   : "this mode needs its own malloc, which AddressSanitizer does not allow");
      goto out;
    }
  g_test_message ("mode %s: %s, %.3f s", c->mode, pm_test_child_describe (&res), res.seconds);
  g_assert_false (res.timed_out);
  if (c->signal == 0)
    {
      g_assert_true (res.exited);
      g_assert_cmpint (res.status, ==, 0);
    }
  else
    {
      g_assert_true (res.signaled);
      g_assert_cmpint (res.status, ==, c->signal);
    }
  g_assert_cmpfloat (res.seconds, <, c->max_seconds);

  record = read_single_record (dir, &n_records);
  g_assert_cmpint (n_records, ==, c->expect_records);
  if (c->expect_records == 1)
    {
      g_test_message ("record: %s", record);
      g_assert_cmpint (record_field (record, "pid"), ==, res.pid);
      g_assert_cmpint (record_field (record, "signal"), ==, c->signal);
      g_assert_cmpint (record_field (record, "dump_type"), ==, 2);
      g_assert_cmpint (record_field (record, "metadata"), ==, 1);
      g_assert_nonnull (strstr (record, "ptrace=ok"));
      g_assert_nonnull (strstr (record, "table=ok"));
      g_assert_cmpint (record_field (record, "rip"), !=, 0);
      /* The crashing thread's registers and FPU state came along. */
      g_assert_cmpint (record_field (record, "flags") & (2 | 4), ==, 2 | 4);
      g_assert_cmpint (record_field (record, "flags") & 1, ==, c->extra_env != NULL ? 1 : 0);
      if (c->crash_in_thread)
        g_assert_cmpint (record_field (record, "tid"), !=, res.pid);
      else
        g_assert_cmpint (record_field (record, "tid"), ==, res.pid);
      if (c->signal == SIGSEGV && strcmp (c->mode, "kill-segv") != 0 && !g_str_has_prefix (c->mode, "overflow"))
        g_assert_cmpint (record_field (record, "fault"), ==, 0);
    }
  if (strcmp (c->mode, "previous-handler") == 0)
    g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));
  if (g_str_has_prefix (c->dumper_mode ? c->dumper_mode : "", "hang"))
    assert_hung_dumper_gone (dir);

out:
  pm_test_remove_tree (dir);
}

/* TRUE if @pid is gone or dead (a zombie nobody reaped yet). */
static gboolean
process_is_gone (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *p;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  p = strrchr (stat, ')');
  return p != NULL && (p[2] == 'Z' || p[2] == 'X');
}

/* The crashed process is killed (SIGKILL) while its dumper hangs: the dumper
 * must die with it (PR_SET_PDEATHSIG), not live on orphaned. */
static void
test_killed_while_dumping (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pm-crash-XXXXXX", NULL);
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { crash_child, "null", NULL };
  int dumper_pid = 0, ws;
  pid_t pid;

  env = g_environ_setenv (env, "PM_DUMPER_PATH", fake_dumper, TRUE);
  env = g_environ_setenv (env, "PM_TEST_RECORD_DIR", dir, TRUE);
  env = g_environ_setenv (env, "PM_TEST_TIMEOUT_MS", "60000", TRUE);
  env = g_environ_setenv (env, "PM_FAKE_DUMPER_MODE", "hang", TRUE);
  env = pm_test_child_environ_for_crashes (env);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      execve (argv[0], (char **) argv, env);
      _exit (126);
    }
  /* Wait for the dumper to be running (it leaves hung-PID). */
  for (int i = 0; i < 1000 && dumper_pid == 0; i++)
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;
      while ((name = g_dir_read_name (d)) != NULL)
        if (g_str_has_prefix (name, "hung-"))
          dumper_pid = atoi (name + strlen ("hung-"));
      if (dumper_pid == 0)
        g_usleep (10000);
    }
  g_assert_cmpint (dumper_pid, >, 0);
  g_assert_false (process_is_gone (dumper_pid));
  g_assert_no_errno (kill (pid, SIGKILL));
  g_assert_cmpint (waitpid (pid, &ws, 0), ==, pid);
  g_assert_true (WIFSIGNALED (ws) && WTERMSIG (ws) == SIGKILL);
  for (int i = 0; i < 500 && !process_is_gone (dumper_pid); i++)
    g_usleep (10000);
  if (!process_is_gone (dumper_pid))
    {
      kill (dumper_pid, SIGKILL);   /* do not leave it behind holding our pipes */
      g_assert_true (process_is_gone (dumper_pid));
    }
  pm_test_remove_tree (dir);
}

/* After the report, the system's core handler still gets the crash: with
 * core dumps allowed, the child dumps core (WCOREDUMP) like it would without
 * us. Needs a plain core_pattern (a file name, not a pipe). */
static void
test_core_dump_still_written (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pm-crash-XXXXXX", NULL);
  g_autofree char *pattern = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { crash_child, "null", NULL };
  int ws;
  pid_t pid;

#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer turns core dumps off");
  pm_test_remove_tree (dir);
  return;
#endif
  if (!g_file_get_contents ("/proc/sys/kernel/core_pattern", &pattern, NULL, NULL) ||
      pattern[0] == '|' || strchr (pattern, '/') != NULL)
    {
      g_test_skip ("core_pattern is a pipe or a path elsewhere; cannot see the core");
      pm_test_remove_tree (dir);
      return;
    }
  env = g_environ_setenv (env, "PM_DUMPER_PATH", fake_dumper, TRUE);
  env = g_environ_setenv (env, "PM_TEST_RECORD_DIR", dir, TRUE);
  env = pm_test_child_environ_for_crashes (env);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit core = { 64 * 1024 * 1024, 64 * 1024 * 1024 };
      if (chdir (dir) < 0 || setrlimit (RLIMIT_CORE, &core) < 0)
        _exit (125);
      execve (argv[0], (char **) argv, env);
      _exit (126);
    }
  g_assert_cmpint (waitpid (pid, &ws, 0), ==, pid);
  g_test_message ("wait status 0x%x", ws);
  g_assert_true (WIFSIGNALED (ws));
  g_assert_cmpint (WTERMSIG (ws), ==, SIGSEGV);
  g_assert_true (WCOREDUMP (ws));
  pm_test_remove_tree (dir);
}

/* Option checks, in this process (installs, then uninstalls again). */
static void
test_options (void)
{
  PmCrashHandlerOptions o;
  char long_path[5000];

  memset (long_path, 'a', sizeof long_path - 1);
  long_path[sizeof long_path - 1] = '\0';

  g_assert_cmpint (pm_crash_handler_install_thread (), ==, PM_RESULT_INVALID_STATE);
  g_assert_cmpint (pm_crash_handler_uninstall (), ==, PM_RESULT_INVALID_STATE);

  pm_crash_handler_options_init (&o);
  g_assert_cmpuint (o.struct_size, ==, sizeof o);
  g_assert_cmpint (o.dump_type, ==, PM_DUMP_TYPE_MINI);
  g_assert_cmpuint (o.dumper_timeout_ms, ==, 15000);
  g_assert_false (o.launch_app);
  g_assert_null (o.store_path);

  o.struct_size = 4;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);
  pm_crash_handler_options_init (&o);
  o.dump_type = (PmDumpType) 0;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);
  o.dump_type = (PmDumpType) 5;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);
  pm_crash_handler_options_init (&o);
  o.dumper_timeout_ms = 0;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);
  o.dumper_timeout_ms = 600001;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);
  pm_crash_handler_options_init (&o);
  o.alt_stack_size = 1024;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);
  pm_crash_handler_options_init (&o);
  o.store_path = "";
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);
  o.store_path = long_path;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);
  pm_crash_handler_options_init (&o);
  o.dumper_path = long_path;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);

  /* None of the failures left anything installed. */
  g_assert_true (segv_is_initial ());

  pm_crash_handler_options_init (&o);
  o.dumper_path = "/nonexistent/postmortem-dumper";
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_STATE);
  g_assert_cmpint (pm_crash_handler_install (NULL), ==, PM_RESULT_INVALID_STATE);
  {
    struct sigaction sa;
    stack_t ss;
    for (int sig = 1; sig < 32; sig++)
      {
        gboolean ours = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
                        sig == SIGABRT || sig == SIGTRAP || sig == SIGSYS;
        if (sig == SIGKILL || sig == SIGSTOP)
          continue;
        sigaction (sig, NULL, &sa);
        if (ours)
          g_assert_true ((sa.sa_flags & SA_SIGINFO) && (sa.sa_flags & SA_ONSTACK) &&
                         sa.sa_handler != SIG_DFL && sa.sa_handler != initial_segv.sa_handler);
      }
    g_assert_no_errno (sigaltstack (NULL, &ss));
    g_assert_false (ss.ss_flags & SS_DISABLE);
    g_assert_cmpuint (ss.ss_size, >=, 64 * 1024);
  }
  g_assert_cmpint (pm_crash_handler_install_thread (), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_crash_handler_uninstall (), ==, PM_RESULT_OK);
  g_assert_true (segv_is_initial ());
  g_assert_cmpint (pm_crash_handler_uninstall (), ==, PM_RESULT_INVALID_STATE);

  /* A replaceable installation (the preload's) gives way to the next one,
   * which chains to what was there before both, not to the first. */
  pm_crash_handler_options_init (&o);
  o.dumper_path = "/nonexistent/postmortem-dumper";
  o.replaceable = TRUE;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_OK);
  o.replaceable = FALSE;
  o.dump_type = (PmDumpType) 9;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_ARGUMENT);  /* refused: old one stays */
  o.dump_type = PM_DUMP_TYPE_HEAP;
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_OK);
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_INVALID_STATE);
  g_assert_cmpint (pm_crash_handler_uninstall (), ==, PM_RESULT_OK);
  g_assert_true (segv_is_initial ());
}

/* A thread's own alternate stack, freed when it exits. */
static gpointer
thread_alt_stack (gpointer data)
{
  stack_t ss, before;

  /* Usually none; under AddressSanitizer, ASan's own. */
  g_assert_no_errno (sigaltstack (NULL, &before));
  g_assert_cmpint (pm_crash_handler_install_thread (), ==, PM_RESULT_OK);
  g_assert_no_errno (sigaltstack (NULL, &ss));
  g_assert_false (ss.ss_flags & SS_DISABLE);
  g_assert_true ((before.ss_flags & SS_DISABLE) || ss.ss_sp != before.ss_sp);
  g_assert_cmpuint (ss.ss_size, ==, 256 * 1024);
  /* The page right below it is a PROT_NONE guard (per /proc/self/maps). */
  {
    g_autofree char *maps = NULL;
    g_auto(GStrv) lines = NULL;
    guintptr guard = (guintptr) ss.ss_sp - (guintptr) sysconf (_SC_PAGESIZE);
    gboolean found = FALSE;

    g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
    lines = g_strsplit (maps, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        guint64 lo, hi;
        char perms[8];
        if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %7s", &lo, &hi, perms) == 3 &&
            guard >= lo && guard < hi)
          {
            g_assert_cmpstr (perms, ==, "---p");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  g_assert_cmpint (pm_crash_handler_install_thread (), ==, PM_RESULT_OK);   /* again: same stack */
  return NULL;
}

static void
test_thread_alt_stack (void)
{
  PmCrashHandlerOptions o;

  pm_crash_handler_options_init (&o);
  o.dumper_path = "/nonexistent/postmortem-dumper";
  g_assert_cmpint (pm_crash_handler_install (&o), ==, PM_RESULT_OK);
  g_thread_join (g_thread_new ("alt-stack", thread_alt_stack, NULL));
  g_assert_cmpint (pm_crash_handler_uninstall (), ==, PM_RESULT_OK);
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: %s PM-CRASH-CHILD PM-FAKE-DUMPER\n", argv[0]);
      return 2;
    }
  /* Absolute: some cases run the child in another directory. */
  crash_child = g_canonicalize_filename (argv[1], NULL);
  fake_dumper = g_canonicalize_filename (argv[2], NULL);
  argv[2] = argv[0];
  argc -= 2;
  argv += 2;
  g_test_init (&argc, &argv, NULL);
  sigaction (SIGSEGV, NULL, &initial_segv);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/client/crash/%s%s%s%s%s", cases[i].mode,
                                               cases[i].dumper_mode ? "/dumper-" : "",
                                               cases[i].dumper_mode ? cases[i].dumper_mode : "",
                                               cases[i].extra_env ? "/launch-app" : "",
                                               cases[i].dumper_path ? "/no-dumper" : "");
      g_test_add_data_func (name, &cases[i], test_crash);
    }
  g_test_add_func ("/client/handler/killed-while-dumping", test_killed_while_dumping);
  g_test_add_func ("/client/handler/core-dump-still-written", test_core_dump_still_written);
  g_test_add_func ("/client/handler/options", test_options);
  g_test_add_func ("/client/handler/thread-alt-stack", test_thread_alt_stack);
  return g_test_run ();
}
