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
#include "pm-wait-chain.h"

struct _PmHangWaitChains
{
  char   *json;
  GArray *pids;       /* pid_t: other processes the chains lead into */
};

static void
add_pid (GArray *pids,
         pid_t   pid)
{
  for (guint i = 0; i < pids->len; i++)
    if (g_array_index (pids, pid_t, i) == pid)
      return;
  g_array_append_val (pids, pid);
}

PmHangWaitChains *
pm_hang_wait_chains_collect (pid_t    pid,
                             GString *problems)
{
  PmHangWaitChains *chains = g_new0 (PmHangWaitChains, 1);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  chains->pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  list = pm_wait_chains_for_process ((int) pid, &error);
  if (list == NULL)
    {
      g_string_append_printf (problems, "wait chains of %d: %s; ", (int) pid, error->message);
      return chains;
    }
  chains->json = pm_wait_chains_to_json ((int) pid, list);
  /* Every process a chain reaches through a thread or process node. */
  for (guint i = 0; i < list->len; i++)
    {
      const PmWaitChain *chain = g_ptr_array_index (list, i);

      for (guint n = 0; n < pm_wait_chain_get_n_nodes (chain); n++)
        {
          const PmWaitNode *node = pm_wait_chain_get_node (chain, n);
          PmWaitNodeKind kind = pm_wait_node_get_kind (node);
          int other = pm_wait_node_get_pid (node);

          if ((kind == PM_WAIT_NODE_THREAD || kind == PM_WAIT_NODE_PROCESS) && other > 0 && other != (int) pid &&
              pm_wait_node_get_status (node) != PM_WAIT_STATUS_EXITED &&
              pm_wait_node_get_status (node) != PM_WAIT_STATUS_NO_ACCESS)
            add_pid (chains->pids, (pid_t) other);
        }
    }
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
