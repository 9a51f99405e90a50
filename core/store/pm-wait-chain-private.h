/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain-private.h — private: the parts of PmWaitChain and PmWaitNode, and what the
 * wait-chain files (pm-wait-chain*.c) share: the session's reading of a thread, the futex
 * analysis and the fd (pipe, socket) analysis.
 *
 * Runs in: any GLib process using the store. Not installed.
 */
#pragma once

#include <glib-object.h>
#include <sys/types.h>

#include "pm-wait-chain.h"

G_BEGIN_DECLS

struct _PmWaitNode
{
  PmWaitNodeKind    kind;
  PmWaitNodeStatus  status;
  int               pid;
  int               tid;
  char             *name;     /* "" when none */
  char             *object;   /* "" when none */
};

struct _PmWaitChain
{
  gatomicrefcount  ref_count;
  int              tid;
  gboolean         cycle;
  GPtrArray       *nodes;     /* PmWaitNode*, owned */
};

PmWaitChain *pm_wait_chain_new        (int               tid);
/* Appends a node (name and object copied; NULL means ""). Returns it, owned by @chain. */
PmWaitNode  *pm_wait_chain_add_node   (PmWaitChain      *chain,
                                       PmWaitNodeKind    kind,
                                       PmWaitNodeStatus  status,
                                       int               pid,
                                       int               tid,
                                       const char       *name,
                                       const char       *object);
gboolean     pm_wait_node_kind_from_string   (const char     *s,
                                              PmWaitNodeKind *kind);
gboolean     pm_wait_node_status_from_string (const char       *s,
                                              PmWaitNodeStatus *status);

/* What a thread was doing when the session read it (pm-wait-chain-session.c). */
typedef struct
{
  int       pid;
  int       tid;
  char      state;            /* from stat: R S D T t Z X…; '?' when unreadable */
  char     *name;             /* comm, "" when unreadable */
  gboolean  syscall_known;    /* /proc/…/syscall was readable */
  gboolean  in_syscall;       /* blocked in the syscall below */
  long      syscall_nr;
  guint64   args[6];
  int       tracer;           /* TracerPid, 0 when not traced */
} PmWaitThread;

/* Where a thread's wait leads: the object it waits on and who holds it. */
typedef struct
{
  PmWaitNodeKind    kind;
  PmWaitNodeStatus  status;        /* of the object */
  char             *object;        /* owned */
  int               next_pid;      /* 0: the chain ends at the object */
  int               next_tid;      /* 0 with next_pid: a process whose threads we cannot read */
} PmWaitStep;

/* The session's cached reading of a thread; NULL when it does not exist (any more). */
const PmWaitThread *pm_wait_chain_session_read_thread (PmWaitChainSession *self,
                                                       int                 pid,
                                                       int                 tid);
/* The session's /proc directory fd. */
int                 pm_wait_chain_session_get_proc_fd (PmWaitChainSession *self);
/* The process (thread group) of a thread ID, from /proc/TID/status; 0 when unknown. */
int                 pm_wait_chain_session_get_tgid    (PmWaitChainSession *self,
                                                       int                 tid);

/* pm-wait-chain-futex.c: fills @step for a thread blocked in futex(); FALSE when the call
 * is not a wait this engine knows. */
gboolean            pm_wait_futex_follow    (PmWaitChainSession *self,
                                             const PmWaitThread *thread,
                                             PmWaitStep         *step);
/* pm-wait-chain-fd.c: fills @step for a thread blocked reading or writing a pipe or a Unix
 * socket; FALSE when the fd is neither or the call is not such a wait. */
gboolean            pm_wait_fd_follow       (PmWaitChainSession *self,
                                             const PmWaitThread *thread,
                                             PmWaitStep         *step);
/* pm-wait-chain-fd.c: the processes holding an fd on the pipe or socket @inode (pid, fd
 * pairs, borrowed), from one scan of /proc per session. */
GArray             *pm_wait_fd_holders      (PmWaitChainSession *self,
                                             guint64             inode);
/* The session's fd-holder cache, made by pm_wait_fd_holders(); freed with the session. */
GHashTable         *pm_wait_chain_session_get_fd_cache (PmWaitChainSession *self);
void                pm_wait_chain_session_set_fd_cache (PmWaitChainSession *self,
                                                        GHashTable         *cache);

G_END_DECLS
