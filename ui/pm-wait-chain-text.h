/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain-text.h — wait chains in plain words ("The main thread waits for a lock held
 * by thread “worker”, which waits for a lock held by the main thread: a deadlock.") and the
 * short labels of the graph's boxes.
 *
 * Runs in: the postmortem GUI process (any thread; pure functions).
 *
 * @pid is the process the chains were computed for (the report's): its main thread is "the
 * main thread", its other threads are named by their name when it differs from the main
 * thread's, else by their number; threads of other processes name their process.
 */
#pragma once

#include <glib.h>

#include "pm-wait-chain.h"

G_BEGIN_DECLS

/* One sentence, capitalised, ending with a full stop. */
char      *pm_wait_chain_describe        (const PmWaitChain *chain,
                                          int                pid,
                                          GPtrArray         *all_chains);
/* The chains worth showing (borrowed, in @chains' order, at most @max): every thread that
 * waits on something, the cycles first, without a chain whose threads a chain shown
 * already holds (the other threads of a deadlock say the same). */
GPtrArray *pm_wait_chains_pick           (GPtrArray         *chains,
                                          int                pid,
                                          guint              max);
/* The sentences of the picked chains, one per line, and how many other threads wait; NULL
 * when no thread waits on anything. */
char      *pm_wait_chains_describe       (GPtrArray         *chains,
                                          int                pid);
/* The label of a node in the graph: a title ("Main thread", "Thread “worker”", "Lock",
 * "Pipe"…) and a detail (its number and state, the object). */
void       pm_wait_node_describe_short   (const PmWaitNode  *node,
                                          int                pid,
                                          GPtrArray         *all_chains,
                                          char             **title,
                                          char             **detail);

G_END_DECLS
