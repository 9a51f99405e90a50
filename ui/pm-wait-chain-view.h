/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain-view.h — PmWaitChainView: wait chains drawn as a small graph (a rounded box
 * per thread or object, arrows from the waiter to what it waits for, a deadlock's cycle in
 * the error colour), and the "What Is Waiting" group of the report page built from a
 * report's Postmortem.WaitChains.
 *
 * Runs in: the postmortem GUI process (GTK main thread). The chains come from the report
 * (no /proc is read here).
 *
 * A chain is drawn left to right when it fits the width, else top to bottom; the chains
 * shown are those of pm_wait_chains_pick() (at most four).
 */
#pragma once

#include <adwaita.h>

#include "pm-wait-chain.h"

G_BEGIN_DECLS

#define PM_TYPE_WAIT_CHAIN_VIEW (pm_wait_chain_view_get_type ())
G_DECLARE_FINAL_TYPE (PmWaitChainView, pm_wait_chain_view, PM, WAIT_CHAIN_VIEW, GtkWidget)

GtkWidget *pm_wait_chain_view_new         (void);
/* @chains: (element-type PmWaitChain) of process @pid; NULL clears. */
void       pm_wait_chain_view_set_chains  (PmWaitChainView *self,
                                           int              pid,
                                           GPtrArray       *chains);
/* How many chains are drawn. */
guint      pm_wait_chain_view_get_n_shown (PmWaitChainView *self);

/* The "What Is Waiting" group (an AdwPreferencesGroup) for @json, a Postmortem.WaitChains
 * value: the chains in words, then the graph; a line saying they cannot be read when @json
 * is malformed. NULL when @json is NULL or no thread waits on anything. */
GtkWidget *pm_wait_chain_group_new        (const char      *json);

G_END_DECLS
