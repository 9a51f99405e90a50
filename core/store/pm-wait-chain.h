/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain.h — wait chains (WER's Wait Chain Traversal on Linux): for a thread of a
 * live process, what it waits for, who holds that, what that one waits for… and whether the
 * chain closes on itself (a deadlock).
 *
 * Runs in: any GLib process (postmortemctl, the hang report, the application, tests). Reads
 * /proc and the target's memory (process_vm_readv), so it sees processes of the caller's
 * uid (or all as root); a session is used by one thread at a time.
 *
 * A chain alternates threads and the objects they wait on, as WER's WAITCHAIN_NODE_INFO
 * array does: thread → object → owner thread → object → … The last node is a thread that
 * waits for nothing we can follow (running, sleeping, no access), or an object whose owner
 * cannot be known, or — in a cycle — the first thread met twice, repeated.
 *
 * The JSON of a process's chains (pm_wait_chains_to_json(), printed by
 * `postmortemctl wait-chain --json`, stored in Report.wer as `Postmortem.WaitChains` and in
 * a dump as the stream 0x504d0003) is one object on one line:
 *
 *   {"pid":N,"threads":[{"tid":N,"chain":[NODE,…],"cycle":false},…]}
 *   NODE = {"type":"thread","status":"blocked","pid":N,"tid":N,"name":"worker","object":""}
 *
 * with every member always present, in that order; "type" and "status" are the strings of
 * pm_wait_node_kind_to_string() and pm_wait_node_status_to_string(); "tid" is 0 and "name"
 * "" for objects, "object" "" for threads and processes.
 */
#pragma once

#if !defined (PM_STORE_INSIDE) && !defined (PM_COMPILATION)
#error "Only <postmortem-store.h> can be included directly."
#endif

#include <glib-object.h>

#include "pm-store-visibility.h"

G_BEGIN_DECLS

/**
 * PM_WAIT_CHAIN_MAX_NODES:
 *
 * The most nodes a chain holds; a longer one is cut (its last node then has the status
 * %PM_WAIT_STATUS_UNKNOWN).
 */
#define PM_WAIT_CHAIN_MAX_NODES 32

/**
 * PmWaitNodeKind:
 * @PM_WAIT_NODE_THREAD: a thread (`"thread"`; WER's WctThreadType)
 * @PM_WAIT_NODE_PROCESS: a process whose threads cannot be read (`"process"`; WER's
 *   WctThreadType with WctStatusPidOnly)
 * @PM_WAIT_NODE_FUTEX: a futex whose owner cannot be known: a condition variable, a
 *   semaphore, a lock of another kind (`"futex"`; WctUnknownType); the object is its
 *   address
 * @PM_WAIT_NODE_MUTEX: a glibc mutex (pthread_mutex_t), its owner read from the mutex
 *   (`"mutex"`; WctCriticalSectionType); the object is its address
 * @PM_WAIT_NODE_PI_MUTEX: a priority-inheritance futex, its owner in the futex word
 *   (`"pi-mutex"`; WctMutexType); the object is its address
 * @PM_WAIT_NODE_PIPE: a pipe or FIFO read or written (`"pipe"`; WctAlpcType); the object is
 *   `pipe:[INODE]`, followed by the process holding the other end
 * @PM_WAIT_NODE_UNIX_SOCKET: a Unix socket read or written (`"unix-socket"`;
 *   WctSocketIoType); the object is `socket:[INODE]`, followed by the process holding the
 *   peer
 * @PM_WAIT_NODE_CHILD_WAIT: waitpid()/waitid() for a child (`"child-wait"`;
 *   WctProcessWaitType); the object is `any child` or `child PID`
 * @PM_WAIT_NODE_PTRACE: stopped by a tracer (`"ptrace"`; WctThreadWaitType); the object is
 *   `tracer PID`, followed by the tracer. A stop by the calling process itself (which
 *   attached to dump the process) is ignored: the chain shows what the thread waited for
 *   when it was stopped
 * @PM_WAIT_NODE_THREAD_EXIT: pthread_join(): waiting for another thread of the process to
 *   end (`"thread-exit"`; WctThreadWaitType); the object is `thread TID`, followed by that
 *   thread
 *
 * What a node of a chain is. For a pipe, a socket or a child the chain goes on with the
 * main thread of the process at the other end (the kernel does not say which of its threads
 * will answer).
 */
typedef enum
{
  PM_WAIT_NODE_THREAD,
  PM_WAIT_NODE_PROCESS,
  PM_WAIT_NODE_FUTEX,
  PM_WAIT_NODE_MUTEX,
  PM_WAIT_NODE_PI_MUTEX,
  PM_WAIT_NODE_PIPE,
  PM_WAIT_NODE_UNIX_SOCKET,
  PM_WAIT_NODE_CHILD_WAIT,
  PM_WAIT_NODE_PTRACE,
  PM_WAIT_NODE_THREAD_EXIT,
} PmWaitNodeKind;

/**
 * PmWaitNodeStatus:
 * @PM_WAIT_STATUS_UNKNOWN: not known (`"unknown"`)
 * @PM_WAIT_STATUS_RUNNING: a thread on a CPU or ready to run (`"running"`)
 * @PM_WAIT_STATUS_BLOCKED: a thread waiting for the next node (`"blocked"`)
 * @PM_WAIT_STATUS_SLEEPING: a thread waiting for something this engine does not follow
 *   (a timer, poll(), a lock-free condition…) (`"sleeping"`)
 * @PM_WAIT_STATUS_STOPPED: a thread stopped by a signal or a tracer (`"stopped"`)
 * @PM_WAIT_STATUS_NO_ACCESS: a thread or process the caller may not inspect (`"no-access"`)
 * @PM_WAIT_STATUS_OWNED: an object held by the next node (`"owned"`)
 * @PM_WAIT_STATUS_NOT_OWNED: an object nobody holds, or whose holder cannot be known
 *   (`"not-owned"`)
 * @PM_WAIT_STATUS_ABANDONED: a lock whose owner thread has exited (`"abandoned"`)
 * @PM_WAIT_STATUS_EXITED: a thread or process that has exited, or a zombie (`"exited"`)
 *
 * The state of a node, as WER's WCT_OBJECT_STATUS.
 */
typedef enum
{
  PM_WAIT_STATUS_UNKNOWN,
  PM_WAIT_STATUS_RUNNING,
  PM_WAIT_STATUS_BLOCKED,
  PM_WAIT_STATUS_SLEEPING,
  PM_WAIT_STATUS_STOPPED,
  PM_WAIT_STATUS_NO_ACCESS,
  PM_WAIT_STATUS_OWNED,
  PM_WAIT_STATUS_NOT_OWNED,
  PM_WAIT_STATUS_ABANDONED,
  PM_WAIT_STATUS_EXITED,
} PmWaitNodeStatus;

/**
 * PmWaitNode:
 *
 * One node of a #PmWaitChain: a thread, a process or an object waited on. Owned by its
 * chain.
 */
typedef struct _PmWaitNode PmWaitNode;

/**
 * PmWaitChain:
 *
 * What one thread waits for, node by node, and whether the chain is a cycle (a deadlock).
 * Reference counted; immutable once made.
 */
typedef struct _PmWaitChain PmWaitChain;

#define PM_TYPE_WAIT_CHAIN_SESSION (pm_wait_chain_session_get_type ())
/**
 * PmWaitChainSession:
 *
 * Computes wait chains. It keeps what it read for one call (the threads' states, the
 * owners of open pipes and sockets), so the chains of a process are computed together and
 * agree with each other. Use it from one thread at a time.
 */
PM_STORE_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PmWaitChainSession, pm_wait_chain_session, PM, WAIT_CHAIN_SESSION, GObject)

/**
 * pm_wait_chain_session_new:
 *
 * Opens a session (it holds a directory fd of `/proc`).
 *
 * Returns: (transfer full): a new session
 */
PM_STORE_AVAILABLE_IN_ALL
PmWaitChainSession *pm_wait_chain_session_new            (void);
/**
 * pm_wait_chain_session_get_chain:
 * @self: a session
 * @tid: a thread ID (any thread of any process the caller may inspect)
 * @error: return location for a #GError, or %NULL
 *
 * Follows what @tid waits for. Each call reads the threads afresh.
 *
 * Returns: (transfer full): the chain, or %NULL with %PM_ERROR_NOT_FOUND (no such thread),
 *   %PM_ERROR_INVALID_ARGUMENT (@tid not positive) or %PM_ERROR_FAILED (`/proc` unreadable)
 */
PM_STORE_AVAILABLE_IN_ALL
PmWaitChain        *pm_wait_chain_session_get_chain      (PmWaitChainSession *self,
                                                          int                 tid,
                                                          GError            **error);
/**
 * pm_wait_chain_session_get_process_chains:
 * @self: a session
 * @pid: a process ID
 * @error: return location for a #GError, or %NULL
 *
 * The chains of every thread of @pid, computed from one reading of its threads: the main
 * thread first, then by thread ID.
 *
 * Returns: (transfer container) (element-type PmWaitChain): one chain per thread, or %NULL
 *   with %PM_ERROR_NOT_FOUND (no such process), %PM_ERROR_INVALID_ARGUMENT (@pid not a
 *   process ID: not positive, or a thread that is not a main thread) or %PM_ERROR_FAILED
 */
PM_STORE_AVAILABLE_IN_ALL
GPtrArray          *pm_wait_chain_session_get_process_chains (PmWaitChainSession *self,
                                                              int                 pid,
                                                              GError            **error);

/**
 * pm_wait_chains_for_process:
 * @pid: a process ID
 * @error: return location for a #GError, or %NULL
 *
 * pm_wait_chain_session_get_process_chains() with a session of its own.
 *
 * Returns: (transfer container) (element-type PmWaitChain): one chain per thread, or %NULL
 *   with an error as pm_wait_chain_session_get_process_chains()
 */
PM_STORE_AVAILABLE_IN_ALL
GPtrArray          *pm_wait_chains_for_process           (int                 pid,
                                                          GError            **error);

#define PM_TYPE_WAIT_CHAIN (pm_wait_chain_get_type ())
/**
 * pm_wait_chain_get_type:
 *
 * Returns: the #GType of #PmWaitChain (boxed)
 */
PM_STORE_AVAILABLE_IN_ALL
GType               pm_wait_chain_get_type               (void) G_GNUC_CONST;
/**
 * pm_wait_chain_ref:
 * @chain: a chain
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @chain
 */
PM_STORE_AVAILABLE_IN_ALL
PmWaitChain        *pm_wait_chain_ref                    (PmWaitChain        *chain);
/**
 * pm_wait_chain_unref:
 * @chain: (transfer full): a chain
 *
 * Drops a reference; the last one frees the chain and its nodes.
 */
PM_STORE_AVAILABLE_IN_ALL
void                pm_wait_chain_unref                  (PmWaitChain        *chain);
/**
 * pm_wait_chain_get_tid:
 * @chain: a chain
 *
 * The thread whose chain this is.
 *
 * Returns: its thread ID
 */
PM_STORE_AVAILABLE_IN_ALL
int                 pm_wait_chain_get_tid                (const PmWaitChain  *chain);
/**
 * pm_wait_chain_get_n_nodes:
 * @chain: a chain
 *
 * How many nodes the chain has: at least one (the thread itself), at most
 * %PM_WAIT_CHAIN_MAX_NODES.
 *
 * Returns: the number of nodes
 */
PM_STORE_AVAILABLE_IN_ALL
guint               pm_wait_chain_get_n_nodes            (const PmWaitChain  *chain);
/**
 * pm_wait_chain_get_node:
 * @chain: a chain
 * @index: below pm_wait_chain_get_n_nodes()
 *
 * One node; node 0 is the thread itself.
 *
 * Returns: (transfer none): the node at @index, valid as long as @chain
 */
PM_STORE_AVAILABLE_IN_ALL
const PmWaitNode   *pm_wait_chain_get_node               (const PmWaitChain  *chain,
                                                          guint               index);
/**
 * pm_wait_chain_is_cycle:
 * @chain: a chain
 *
 * Whether the chain closes on itself — a deadlock (WER's isCycle). The last node then
 * repeats the first thread of the cycle (which need not be node 0: a thread may wait on a
 * deadlock of two others).
 *
 * Returns: %TRUE for a deadlock
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean            pm_wait_chain_is_cycle               (const PmWaitChain  *chain);

/**
 * pm_wait_node_get_kind:
 * @node: a node
 *
 * What the node is.
 *
 * Returns: its kind
 */
PM_STORE_AVAILABLE_IN_ALL
PmWaitNodeKind      pm_wait_node_get_kind                (const PmWaitNode   *node);
/**
 * pm_wait_node_get_status:
 * @node: a node
 *
 * The node's state when it was read.
 *
 * Returns: its status
 */
PM_STORE_AVAILABLE_IN_ALL
PmWaitNodeStatus    pm_wait_node_get_status              (const PmWaitNode   *node);
/**
 * pm_wait_node_get_pid:
 * @node: a node
 *
 * The process of a thread, the process itself, or the process in which an object was seen
 * (the waiter's).
 *
 * Returns: a process ID
 */
PM_STORE_AVAILABLE_IN_ALL
int                 pm_wait_node_get_pid                 (const PmWaitNode   *node);
/**
 * pm_wait_node_get_tid:
 * @node: a node
 *
 * The thread of a thread node.
 *
 * Returns: a thread ID, or 0 for a process or an object
 */
PM_STORE_AVAILABLE_IN_ALL
int                 pm_wait_node_get_tid                 (const PmWaitNode   *node);
/**
 * pm_wait_node_get_name:
 * @node: a node
 *
 * The name of a thread or process (its `comm` in `/proc`, as the kernel keeps it).
 *
 * Returns: the name, or "" for an object or when it could not be read
 */
PM_STORE_AVAILABLE_IN_ALL
const char         *pm_wait_node_get_name                (const PmWaitNode   *node);
/**
 * pm_wait_node_get_object:
 * @node: a node
 *
 * The object of an object node: `0x…` for a futex or mutex (its address in the process),
 * `pipe:[INODE]`, `socket:[INODE]`, `any child`, `child PID`, `tracer PID`, `thread TID`.
 *
 * Returns: the object, or "" for a thread or process
 */
PM_STORE_AVAILABLE_IN_ALL
const char         *pm_wait_node_get_object              (const PmWaitNode   *node);

/**
 * pm_wait_node_kind_to_string:
 * @kind: a kind
 *
 * The name of @kind in the JSON (`"thread"`, `"mutex"`, `"pi-mutex"`…).
 *
 * Returns: a static string
 */
PM_STORE_AVAILABLE_IN_ALL
const char         *pm_wait_node_kind_to_string          (PmWaitNodeKind      kind);
/**
 * pm_wait_node_status_to_string:
 * @status: a status
 *
 * The name of @status in the JSON (`"blocked"`, `"owned"`…).
 *
 * Returns: a static string
 */
PM_STORE_AVAILABLE_IN_ALL
const char         *pm_wait_node_status_to_string        (PmWaitNodeStatus    status);

/**
 * pm_wait_chains_to_json:
 * @pid: the process the chains belong to
 * @chains: (element-type PmWaitChain): chains
 *
 * Writes chains as the one-line JSON described in the overview of this header
 * (`{"pid":N,"threads":[…]}`), as `postmortemctl wait-chain --json` prints it and
 * `Postmortem.WaitChains` stores it.
 *
 * Returns: (transfer full): the JSON text, without a newline
 */
PM_STORE_AVAILABLE_IN_ALL
char               *pm_wait_chains_to_json               (int                 pid,
                                                          GPtrArray          *chains);
/**
 * pm_wait_chains_to_json_max:
 * @pid: the process the chains belong to
 * @chains: (element-type PmWaitChain): chains
 * @max_bytes: the longest text wanted, in bytes
 * @n_omitted: (out) (optional): how many threads were left out
 *
 * pm_wait_chains_to_json(), keeping only the threads that fit in @max_bytes: deadlocked
 * threads first, then threads waiting on something, then the others (the threads kept stay
 * in their order). For `Postmortem.WaitChains` in `Report.wer`, whose lines are at most
 * %PM_WER_FILE_MAX_LINE bytes, pass %PM_WER_FILE_MAX_LINE minus the length of
 * `Postmortem.WaitChains=` and of the newline.
 *
 * Returns: (transfer full): the JSON text, without a newline; at least the empty list of
 *   threads, whatever @max_bytes
 */
PM_STORE_AVAILABLE_IN_ALL
char               *pm_wait_chains_to_json_max           (int                 pid,
                                                          GPtrArray          *chains,
                                                          gsize               max_bytes,
                                                          guint              *n_omitted);
/**
 * pm_wait_chains_from_json:
 * @json: the text
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @pid: (out) (optional): the process the chains belong to
 * @error: return location for a #GError, or %NULL
 *
 * Reads what pm_wait_chains_to_json() wrote. Strict and bounded: unknown types or
 * statuses, missing members, more than %PM_WAIT_CHAIN_MAX_NODES nodes in a chain or
 * more than 65536 threads are refused.
 *
 * Returns: (transfer container) (element-type PmWaitChain): the chains, or %NULL with
 *   %PM_ERROR_CORRUPT naming what was wrong
 */
PM_STORE_AVAILABLE_IN_ALL
GPtrArray          *pm_wait_chains_from_json             (const char         *json,
                                                          gssize              length,
                                                          int                *pid,
                                                          GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmWaitChain, pm_wait_chain_unref)

G_END_DECLS
