/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-test-child.h — run a child process with a deadline and see how it ended.
 *
 * Runs in: the client tests (ordinary test processes, GLib allowed).
 */
#pragma once

#include <glib.h>

typedef struct
{
  int      pid;
  gboolean exited;     /* status is the exit code */
  gboolean signaled;   /* status is the signal number */
  gboolean timed_out;  /* killed by us after the deadline */
  int      status;
  double   seconds;
} PmTestChildResult;

/* Forks and execs @argv with @env (no core dump, stdin /dev/null), waits up to
 * @timeout_s seconds, SIGKILLs it after that. */
PmTestChildResult pm_test_child_run (const char * const *argv, char **env, int timeout_s);
const char       *pm_test_child_describe (const PmTestChildResult *res);

/* Adds what a child that crashes on purpose needs under the sanitizers: ASan
 * must leave SIGSEGV/SIGBUS/SIGFPE/SIGILL/SIGABRT to our handler. */
char            **pm_test_child_environ_for_crashes (char **env);

void              pm_test_remove_tree (const char *path);
