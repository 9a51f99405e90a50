/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* wait-chain-test-util.h — running wait-chain-scenario: start it, read its ground truth,
 * wait until every thread it names is in position, and kill what it started. Shared by
 * test-wait-chain.c and the wait-chain benchmark.
 *
 * Runs in: the test process (GLib).
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct
{
  GPid       pid;          /* the scenario program */
  GArray    *processes;    /* pid_t: the "process" lines */
  GPtrArray *expected;     /* char*: the "chain" lines, sorted */
} WaitScenario;

/* Starts @helper with @args (NULL-terminated), reads its lines up to "ready" and waits
 * until every "wait" and "running" line holds (polling /proc, at most a minute). */
WaitScenario *wait_scenario_start (const char *helper,
                                   const char *const *args);
/* SIGKILL to every process it named, reaps the program, frees. */
void          wait_scenario_stop  (WaitScenario *scenario);

G_END_DECLS
