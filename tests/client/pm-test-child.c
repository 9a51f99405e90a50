/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-test-child.c — run a child process with a deadline (see pm-test-child.h).
 *
 * Runs in: the client tests (ordinary test processes, GLib allowed).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pm-test-child.h"

PmTestChildResult
pm_test_child_run (const char * const *argv, char **env, int timeout_s)
{
  PmTestChildResult res = { 0 };
  gint64 start = g_get_monotonic_time ();
  int ws;
  pid_t pid;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit no_core = { 0, 0 };
      int null_fd = open ("/dev/null", O_RDONLY);
      setrlimit (RLIMIT_CORE, &no_core);
      if (null_fd >= 0)
        dup2 (null_fd, 0);
      execve (argv[0], (char **) argv, env);
      _exit (126);
    }
  res.pid = pid;
  for (;;)
    {
      pid_t r = waitpid (pid, &ws, WNOHANG);
      if (r == pid)
        break;
      g_assert_cmpint (r, ==, 0);
      if (g_get_monotonic_time () - start > (gint64) timeout_s * G_USEC_PER_SEC)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &ws, 0);
          res.timed_out = TRUE;
          break;
        }
      g_usleep (2000);
    }
  res.seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (WIFEXITED (ws))
    {
      res.exited = TRUE;
      res.status = WEXITSTATUS (ws);
    }
  else if (WIFSIGNALED (ws))
    {
      res.signaled = TRUE;
      res.status = WTERMSIG (ws);
    }
  return res;
}

const char *
pm_test_child_describe (const PmTestChildResult *res)
{
  static char buf[128];

  if (res->timed_out)
    snprintf (buf, sizeof buf, "timed out (killed)");
  else if (res->signaled)
    snprintf (buf, sizeof buf, "killed by signal %d (%s)", res->status, g_strsignal (res->status));
  else
    snprintf (buf, sizeof buf, "exited with %d", res->status);
  return buf;
}

char **
pm_test_child_environ_for_crashes (char **env)
{
  const char *asan = g_environ_getenv (env, "ASAN_OPTIONS");
  g_autofree char *value = g_strdup_printf ("%s%shandle_segv=0:handle_sigbus=0:handle_sigfpe=0:"
                                            "handle_sigill=0:handle_abort=0:handle_sigtrap=0:"
                                            "use_sigaltstack=0:detect_leaks=0:abort_on_error=0",
                                            asan ? asan : "", asan && *asan ? ":" : "");
  return g_environ_setenv (env, "ASAN_OPTIONS", value, TRUE);
}

static int
remove_one (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

void
pm_test_remove_tree (const char *path)
{
  nftw (path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
