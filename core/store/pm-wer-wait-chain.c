/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wer-wait-chain.c — WER's Wait Chain Traversal (OpenThreadWaitChainSession,
 * GetThreadWaitChain, CloseThreadWaitChainSession) over PmWaitChainSession: each node
 * becomes a WAITCHAIN_NODE_INFO of the nearest WCT type (the mapping is in werapi.h).
 *
 * Runs in: applications calling the WER API of libpostmortem-store, any thread. A handle
 * may be shared between threads: its session is used under a lock. Errors set errno
 * (werapi.h says which), as Windows sets the last error.
 */
#include "pm-config.h"

#include <errno.h>
#include <string.h>

#include "pm-error.h"
#include "pm-wait-chain-private.h"
#include "pm-wer-private.h"

typedef struct
{
  GMutex              lock;
  PmWaitChainSession *session;
} PmWerWaitChainHandle;

HWCT WINAPI
OpenThreadWaitChainSession (DWORD              Flags,
                            PWAITCHAINCALLBACK callback)
{
  PmWerWaitChainHandle *handle;

  if (Flags & WCT_ASYNC_OPEN_FLAG)
    {
      errno = ENOTSUP;
      return NULL;
    }
  if (Flags & ~WCTP_OPEN_ALL_FLAGS)
    {
      errno = EINVAL;
      return NULL;
    }
  handle = g_new0 (PmWerWaitChainHandle, 1);
  g_mutex_init (&handle->lock);
  handle->session = pm_wait_chain_session_new ();
  return handle;
}

void WINAPI
CloseThreadWaitChainSession (HWCT WctHandle)
{
  PmWerWaitChainHandle *handle = WctHandle;

  if (handle == NULL)
    return;
  g_object_unref (handle->session);
  g_mutex_clear (&handle->lock);
  g_free (handle);
}

static WCT_OBJECT_TYPE
wct_type (PmWaitNodeKind kind)
{
  switch (kind)
    {
    case PM_WAIT_NODE_THREAD:
    case PM_WAIT_NODE_PROCESS:     return WctThreadType;
    case PM_WAIT_NODE_MUTEX:       return WctCriticalSectionType;
    case PM_WAIT_NODE_PI_MUTEX:    return WctMutexType;
    case PM_WAIT_NODE_PIPE:        return WctAlpcType;
    case PM_WAIT_NODE_UNIX_SOCKET: return WctSocketIoType;
    case PM_WAIT_NODE_CHILD_WAIT:  return WctProcessWaitType;
    case PM_WAIT_NODE_PTRACE:
    case PM_WAIT_NODE_THREAD_EXIT: return WctThreadWaitType;
    case PM_WAIT_NODE_FUTEX:
    default:                       return WctUnknownType;
    }
}

static WCT_OBJECT_STATUS
wct_status (const PmWaitNode *node)
{
  if (node->kind == PM_WAIT_NODE_PROCESS)
    return WctStatusPidOnly;
  switch (node->status)
    {
    case PM_WAIT_STATUS_RUNNING:   return WctStatusRunning;
    case PM_WAIT_STATUS_BLOCKED:
    case PM_WAIT_STATUS_SLEEPING:
    case PM_WAIT_STATUS_STOPPED:   return WctStatusBlocked;
    case PM_WAIT_STATUS_NO_ACCESS: return WctStatusNoAccess;
    case PM_WAIT_STATUS_OWNED:     return WctStatusOwned;
    case PM_WAIT_STATUS_NOT_OWNED: return WctStatusNotOwned;
    case PM_WAIT_STATUS_ABANDONED: return WctStatusAbandoned;
    case PM_WAIT_STATUS_EXITED:    return WctStatusError;
    case PM_WAIT_STATUS_UNKNOWN:
    default:                       return WctStatusUnknown;
    }
}

static void
fill_node (WAITCHAIN_NODE_INFO *info,
           const PmWaitNode    *node)
{
  memset (info, 0, sizeof *info);
  info->ObjectType = wct_type (node->kind);
  info->ObjectStatus = wct_status (node);
  if (info->ObjectType == WctThreadType)
    {
      info->ThreadObject.ProcessId = (DWORD) node->pid;
      info->ThreadObject.ThreadId = (DWORD) node->tid;
    }
  else
    pm_wer_copy_wide (info->LockObject.ObjectName, WCT_OBJNAME_LENGTH, node->object);
}

/* How many nodes to give: all, or without WCT_OUT_OF_PROC_FLAG those before the first
 * thread or process of another process. */
static guint
nodes_in_scope (const PmWaitChain *chain,
                DWORD              flags)
{
  const PmWaitNode *first = g_ptr_array_index (chain->nodes, 0);

  if (flags & WCT_OUT_OF_PROC_FLAG)
    return chain->nodes->len;
  for (guint i = 1; i < chain->nodes->len; i++)
    {
      const PmWaitNode *node = g_ptr_array_index (chain->nodes, i);

      if ((node->kind == PM_WAIT_NODE_THREAD || node->kind == PM_WAIT_NODE_PROCESS) &&
          node->pid != first->pid)
        return i;
    }
  return chain->nodes->len;
}

BOOL WINAPI
GetThreadWaitChain (HWCT                 WctHandle,
                    DWORD_PTR            Context,
                    DWORD                Flags,
                    DWORD                ThreadId,
                    LPDWORD              NodeCount,
                    PWAITCHAIN_NODE_INFO NodeInfoArray,
                    LPBOOL               IsCycle)
{
  PmWerWaitChainHandle *handle = WctHandle;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmWaitChain) chain = NULL;
  guint n;

  if (handle == NULL || NodeCount == NULL || NodeInfoArray == NULL || IsCycle == NULL ||
      (Flags & ~(WCTP_GETINFO_ALL_FLAGS | WCT_NETWORK_IO_FLAG)) || ThreadId == 0 ||
      ThreadId > G_MAXINT)
    {
      errno = EINVAL;
      return FALSE;
    }
  g_mutex_lock (&handle->lock);
  chain = pm_wait_chain_session_get_chain (handle->session, (int) ThreadId, &error);
  g_mutex_unlock (&handle->lock);
  if (chain == NULL)
    {
      errno = g_error_matches (error, PM_ERROR, PM_ERROR_NOT_FOUND) ? ESRCH
            : g_error_matches (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT) ? EINVAL : EIO;
      return FALSE;
    }
  n = nodes_in_scope (chain, Flags);
  if (n > *NodeCount)
    {
      *NodeCount = n;
      errno = ENOBUFS;
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    fill_node (&NodeInfoArray[i], g_ptr_array_index (chain->nodes, i));
  *NodeCount = n;
  *IsCycle = chain->cycle && n == chain->nodes->len;
  return TRUE;
}
