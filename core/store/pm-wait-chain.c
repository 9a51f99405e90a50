/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain.c — PmWaitChain and PmWaitNode: the chain a session computed or a JSON
 * text held, its nodes and the names of their kinds and statuses.
 *
 * Runs in: any GLib process. A chain is immutable once made; its reference count is atomic,
 * so a chain may be handed to another thread.
 */
#include "pm-config.h"

#include "pm-wait-chain-private.h"

G_DEFINE_BOXED_TYPE (PmWaitChain, pm_wait_chain, pm_wait_chain_ref, pm_wait_chain_unref)

static const char *const kind_names[] = {
  [PM_WAIT_NODE_THREAD] = "thread",
  [PM_WAIT_NODE_PROCESS] = "process",
  [PM_WAIT_NODE_FUTEX] = "futex",
  [PM_WAIT_NODE_MUTEX] = "mutex",
  [PM_WAIT_NODE_PI_MUTEX] = "pi-mutex",
  [PM_WAIT_NODE_PIPE] = "pipe",
  [PM_WAIT_NODE_UNIX_SOCKET] = "unix-socket",
  [PM_WAIT_NODE_CHILD_WAIT] = "child-wait",
  [PM_WAIT_NODE_PTRACE] = "ptrace",
  [PM_WAIT_NODE_THREAD_EXIT] = "thread-exit",
};

static const char *const status_names[] = {
  [PM_WAIT_STATUS_UNKNOWN] = "unknown",
  [PM_WAIT_STATUS_RUNNING] = "running",
  [PM_WAIT_STATUS_BLOCKED] = "blocked",
  [PM_WAIT_STATUS_SLEEPING] = "sleeping",
  [PM_WAIT_STATUS_STOPPED] = "stopped",
  [PM_WAIT_STATUS_NO_ACCESS] = "no-access",
  [PM_WAIT_STATUS_OWNED] = "owned",
  [PM_WAIT_STATUS_NOT_OWNED] = "not-owned",
  [PM_WAIT_STATUS_ABANDONED] = "abandoned",
  [PM_WAIT_STATUS_EXITED] = "exited",
};

static void
pm_wait_node_free (gpointer data)
{
  PmWaitNode *node = data;

  g_free (node->name);
  g_free (node->object);
  g_free (node);
}

PmWaitChain *
pm_wait_chain_new (int tid)
{
  PmWaitChain *chain = g_new0 (PmWaitChain, 1);

  g_atomic_ref_count_init (&chain->ref_count);
  chain->tid = tid;
  chain->nodes = g_ptr_array_new_with_free_func (pm_wait_node_free);
  return chain;
}

PmWaitNode *
pm_wait_chain_add_node (PmWaitChain      *chain,
                        PmWaitNodeKind    kind,
                        PmWaitNodeStatus  status,
                        int               pid,
                        int               tid,
                        const char       *name,
                        const char       *object)
{
  PmWaitNode *node = g_new0 (PmWaitNode, 1);

  g_assert (chain->nodes->len < PM_WAIT_CHAIN_MAX_NODES);
  node->kind = kind;
  node->status = status;
  node->pid = pid;
  node->tid = tid;
  node->name = g_strdup (name != NULL ? name : "");
  node->object = g_strdup (object != NULL ? object : "");
  g_ptr_array_add (chain->nodes, node);
  return node;
}

PmWaitChain *
pm_wait_chain_ref (PmWaitChain *chain)
{
  g_return_val_if_fail (chain != NULL, NULL);

  g_atomic_ref_count_inc (&chain->ref_count);
  return chain;
}

void
pm_wait_chain_unref (PmWaitChain *chain)
{
  g_return_if_fail (chain != NULL);

  if (!g_atomic_ref_count_dec (&chain->ref_count))
    return;
  g_ptr_array_unref (chain->nodes);
  g_free (chain);
}

int
pm_wait_chain_get_tid (const PmWaitChain *chain)
{
  g_return_val_if_fail (chain != NULL, 0);
  return chain->tid;
}

guint
pm_wait_chain_get_n_nodes (const PmWaitChain *chain)
{
  g_return_val_if_fail (chain != NULL, 0);
  return chain->nodes->len;
}

const PmWaitNode *
pm_wait_chain_get_node (const PmWaitChain *chain,
                        guint              index)
{
  g_return_val_if_fail (chain != NULL, NULL);
  g_return_val_if_fail (index < chain->nodes->len, NULL);
  return g_ptr_array_index (chain->nodes, index);
}

gboolean
pm_wait_chain_is_cycle (const PmWaitChain *chain)
{
  g_return_val_if_fail (chain != NULL, FALSE);
  return chain->cycle;
}

PmWaitNodeKind
pm_wait_node_get_kind (const PmWaitNode *node)
{
  g_return_val_if_fail (node != NULL, PM_WAIT_NODE_THREAD);
  return node->kind;
}

PmWaitNodeStatus
pm_wait_node_get_status (const PmWaitNode *node)
{
  g_return_val_if_fail (node != NULL, PM_WAIT_STATUS_UNKNOWN);
  return node->status;
}

int
pm_wait_node_get_pid (const PmWaitNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->pid;
}

int
pm_wait_node_get_tid (const PmWaitNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->tid;
}

const char *
pm_wait_node_get_name (const PmWaitNode *node)
{
  g_return_val_if_fail (node != NULL, "");
  return node->name;
}

const char *
pm_wait_node_get_object (const PmWaitNode *node)
{
  g_return_val_if_fail (node != NULL, "");
  return node->object;
}

const char *
pm_wait_node_kind_to_string (PmWaitNodeKind kind)
{
  if ((guint) kind < G_N_ELEMENTS (kind_names))
    return kind_names[kind];
  return "unknown";
}

const char *
pm_wait_node_status_to_string (PmWaitNodeStatus status)
{
  if ((guint) status < G_N_ELEMENTS (status_names))
    return status_names[status];
  return "unknown";
}

gboolean
pm_wait_node_kind_from_string (const char     *s,
                               PmWaitNodeKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (s, kind_names[i]) == 0)
      {
        *kind = (PmWaitNodeKind) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
pm_wait_node_status_from_string (const char       *s,
                                 PmWaitNodeStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (s, status_names[i]) == 0)
      {
        *status = (PmWaitNodeStatus) i;
        return TRUE;
      }
  return FALSE;
}
