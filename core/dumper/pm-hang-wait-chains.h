/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-hang-wait-chains.h — what the threads of a hung process wait for, for its hang
 * report: the chains as one line of JSON (Report.wer's Postmortem.WaitChains and the
 * dump's PostmortemWaitChains stream) and the other processes they lead into, each
 * dumped into the same report.
 *
 * Runs in: postmortem-dumper's hang mode and `postmortemctl hang` (GLib and the store
 * library allowed). Collect before dumping: the dump stops the threads.
 */
#pragma once

#include <glib.h>

#include "pm-dumper.h"
#include "pm-store.h"

typedef struct _PmHangWaitChains PmHangWaitChains;

/* The wait chains of every thread of @pid. Never NULL; when they cannot be read, the
 * result has no JSON and the reason is appended to @problems. */
PmHangWaitChains *pm_hang_wait_chains_collect          (pid_t              pid,
                                                        GString           *problems);
/* One line of JSON, or NULL when the chains could not be read (NULL-safe). */
const char       *pm_hang_wait_chains_get_json         (PmHangWaitChains  *chains);
/* Whether a chain leads into another process (NULL-safe). */
gboolean          pm_hang_wait_chains_is_cross_process (PmHangWaitChains  *chains);
/* A triage dump of each other process the chains lead into, but @pid itself and the
 * additional processes already dumped for @result's registrations. */
void              pm_hang_wait_chains_add_dumps        (PmHangWaitChains  *chains,
                                                        PmReportDraft     *draft,
                                                        pid_t              pid,
                                                        const PmDumpResult *result,
                                                        GString           *problems);
void              pm_hang_wait_chains_free             (PmHangWaitChains  *chains);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmHangWaitChains, pm_hang_wait_chains_free)
