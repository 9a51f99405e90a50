/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-wait-chain.c — postmortemctl wait-chain: what the threads of a live process wait
 * for (locks and their owners, pipes, sockets, children, tracers), and the deadlocks.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed), in the store module.
 *
 *   postmortemctl wait-chain PID [--json]   every thread of process PID
 *   postmortemctl wait-chain TID [--json]   one thread (a TID that is not a process's)
 *
 * Plain output: one line per thread, its chain as "A → B → C", " — deadlock" at the end of a
 * cycle. --json: the one line of pm_wait_chains_to_json() (the format of
 * Postmortem.WaitChains), then a newline.
 */
#include "pm-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-error.h"
#include "pm-text.h"
#include "pm-wait-chain.h"

/* One node in words; names and objects come from other processes, so they are escaped. */
static void
append_node (GString          *out,
             const PmWaitNode *node)
{
  g_autofree char *name = pm_text_make_safe (pm_wait_node_get_name (node), -1);
  g_autofree char *object = pm_text_make_safe (pm_wait_node_get_object (node), -1);
  const char *status = pm_wait_node_status_to_string (pm_wait_node_get_status (node));

  switch (pm_wait_node_get_kind (node))
    {
    case PM_WAIT_NODE_THREAD:
      g_string_append_printf (out, _("thread %d “%s” (%s)"), pm_wait_node_get_tid (node), name, status);
      break;
    case PM_WAIT_NODE_PROCESS:
      g_string_append_printf (out, _("process %d “%s” (%s)"), pm_wait_node_get_pid (node), name, status);
      break;
    default:
      g_string_append_printf (out, "%s %s (%s)", pm_wait_node_kind_to_string (pm_wait_node_get_kind (node)),
                              object, status);
      break;
    }
}

static void
print_chain (const PmWaitChain *chain)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < pm_wait_chain_get_n_nodes (chain); i++)
    {
      if (i > 0)
        g_string_append (line, " → ");
      append_node (line, pm_wait_chain_get_node (chain, i));
    }
  if (pm_wait_chain_is_cycle (chain))
    g_string_append_printf (line, " — %s", _("deadlock"));
  printf ("%s\n", line->str);
}

int
pm_ctl_wait_chain (int    argc,
                   char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmWaitChainSession) session = NULL;
  g_autoptr(GPtrArray) chains = NULL;
  const char *target = NULL;
  gboolean json = FALSE;
  guint64 id;
  int pid;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = TRUE;
      else if (argv[i][0] == '-')
        return pm_ctl_usage ("wait-chain", _("unknown option “%s”"), argv[i]);
      else if (target != NULL)
        return pm_ctl_usage ("wait-chain", _("one process or thread only"));
      else
        target = argv[i];
    }
  if (target == NULL)
    return pm_ctl_usage ("wait-chain", _("which process or thread?"));
  if (!g_ascii_string_to_unsigned (target, 10, 1, G_MAXINT, &id, NULL))
    return pm_ctl_usage ("wait-chain", _("“%s” is not a process or thread ID"), target);

  session = pm_wait_chain_session_new ();
  chains = pm_wait_chain_session_get_process_chains (session, (int) id, &error);
  pid = (int) id;
  if (chains == NULL && g_error_matches (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT))
    {
      /* A thread, not a process: its chain alone. */
      PmWaitChain *chain;

      g_clear_error (&error);
      chain = pm_wait_chain_session_get_chain (session, (int) id, &error);
      if (chain != NULL)
        {
          chains = g_ptr_array_new_with_free_func ((GDestroyNotify) pm_wait_chain_unref);
          g_ptr_array_add (chains, chain);
          pid = pm_wait_node_get_pid (pm_wait_chain_get_node (chain, 0));
        }
    }
  if (chains == NULL)
    return pm_ctl_fail ("%s", error->message);

  if (json)
    {
      g_autofree char *text = pm_wait_chains_to_json (pid, chains);

      printf ("%s\n", text);
      return 0;
    }
  for (guint i = 0; i < chains->len; i++)
    print_chain (g_ptr_array_index (chains, i));
  return 0;
}
