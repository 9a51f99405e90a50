/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain-futex.c — a thread blocked in futex(): which lock, and who holds it.
 *
 * Runs in: any GLib process (a PmWaitChainSession's caller). Reads the waiter's memory
 * with process_vm_readv (the caller must be allowed to ptrace it: same uid, or root).
 *
 * A thread in pthread_join() waits on the joined thread's TID (glibc's struct pthread tid
 * field, cleared by the kernel at the thread's end): the chain goes on with that thread.
 *
 * The kernel knows the owner only of priority-inheritance futexes (FUTEX_LOCK_PI: the
 * owner's TID is in the futex word). For an ordinary glibc mutex the futex word is only
 * 0/1/2, but pthread_mutex_t keeps the owner next to it (x86-64 glibc, struct
 * __pthread_mutex_s: int __lock at +0, unsigned __count +4, int __owner +8,
 * unsigned __nusers +12, int __kind +16; the futex is __lock, so __owner is at the futex
 * address + 8). A futex is taken for a mutex only when the wait and those fields are
 * plausible (see looks_like_mutex()) and the owner is a live thread of the process;
 * anything else (condition variables, semaphores, other locks) is a futex whose owner is
 * unknown.
 */
#include "pm-config.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/uio.h>
#include <unistd.h>

#include "pm-wait-chain-private.h"

#define FUTEX_COMMAND(op)   ((op) & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

/* glibc's mutex kinds: the type (0–3) with the robust, PI, PP, pshared and elision bits. */
#define MUTEX_KIND_BITS  (3 | 16 | 32 | 64 | 128 | 256 | 512)
#define MUTEX_ROBUST     16
#define MUTEX_PSHARED    128

typedef struct
{
  gint32  lock;
  guint32 count;
  gint32  owner;
  guint32 nusers;
  gint32  kind;
} GlibcMutexHead;

static gboolean
read_memory (int      pid,
             guint64  address,
             void    *buf,
             gsize    size)
{
  struct iovec local = { buf, size };
  struct iovec remote = { (void *) (guintptr) address, size };

  return process_vm_readv (pid, &local, 1, &remote, 1, 0) == (gssize) size;
}

/* The process of thread @tid if it is alive: @pid when it is one of @pid's threads (read
 * now through the session, which the walk reuses next), else whatever process holds it (a
 * lock shared between processes); 0 if none. */
static int
owner_process (PmWaitChainSession *self,
               int                 pid,
               int                 tid,
               gboolean            may_be_other_process)
{
  if (pm_wait_chain_session_read_thread (self, pid, tid) != NULL)
    return pid;
  if (!may_be_other_process)
    return 0;
  return pm_wait_chain_session_get_tgid (self, tid);
}

static void
set_owner (PmWaitChainSession *self,
           const PmWaitThread *thread,
           PmWaitStep         *step,
           int                 owner,
           gboolean            may_be_other_process)
{
  int owner_pid = owner > 0 ? owner_process (self, thread->pid, owner, may_be_other_process) : 0;

  if (owner <= 0)
    step->status = PM_WAIT_STATUS_NOT_OWNED;
  else if (owner_pid <= 0)
    step->status = PM_WAIT_STATUS_ABANDONED;
  else
    {
      step->status = PM_WAIT_STATUS_OWNED;
      step->next_pid = owner_pid;
      step->next_tid = owner;
    }
}

/* Whether the futex at @head, waited on with expected value @val, is a locked glibc mutex.
 * glibc waits for an ordinary mutex with the futex word set to 2 ("locked, with waiters")
 * and val 2; a robust one holds its owner's TID in the word. Condition variables,
 * semaphores, rwlocks and pthread_join() wait with other values, so they are not taken
 * for mutexes even when the bytes after their futex happen to look like one. */
static gboolean
looks_like_mutex (const GlibcMutexHead *head,
                  guint64               val)
{
  if (head->owner <= 0 || head->owner > FUTEX_TID_MASK || head->nusers < 1 ||
      (head->kind & ~MUTEX_KIND_BITS) != 0)
    return FALSE;
  if (head->kind & MUTEX_ROBUST)
    return ((guint32) head->lock & FUTEX_TID_MASK) == (guint32) head->owner;
  return (head->lock == 1 || head->lock == 2) && (guint32) val == 2;
}

gboolean
pm_wait_futex_follow (PmWaitChainSession *self,
                      const PmWaitThread *thread,
                      PmWaitStep         *step)
{
  guint64 address = thread->args[0];
  int command = FUTEX_COMMAND ((int) thread->args[1]);
  GlibcMutexHead head;

  step->object = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", address);
  switch (command)
    {
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
      {
        guint32 word;

        step->kind = PM_WAIT_NODE_PI_MUTEX;
        if (!read_memory (thread->pid, address, &word, sizeof word))
          {
            step->status = PM_WAIT_STATUS_NO_ACCESS;
            return TRUE;
          }
        set_owner (self, thread, step, (int) (word & FUTEX_TID_MASK), TRUE);
        if (word & FUTEX_OWNER_DIED)
          step->status = PM_WAIT_STATUS_ABANDONED;
        return TRUE;
      }
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
      if (!read_memory (thread->pid, address, &head, sizeof head))
        {
          step->kind = PM_WAIT_NODE_FUTEX;
          step->status = PM_WAIT_STATUS_NO_ACCESS;
          return TRUE;
        }
      if (looks_like_mutex (&head, thread->args[2]))
        {
          step->kind = PM_WAIT_NODE_MUTEX;
          set_owner (self, thread, step, head.owner, (head.kind & MUTEX_PSHARED) != 0);
          return TRUE;
        }
      /* pthread_join(): glibc waits on the joined thread's TID, which the kernel clears
       * (and wakes) when the thread ends; the futex word and val are that TID. */
      if (head.lock > 0 && (guint32) thread->args[2] == (guint32) head.lock && head.lock != thread->tid &&
          pm_wait_chain_session_read_thread (self, thread->pid, head.lock) != NULL)
        {
          g_free (step->object);
          step->object = g_strdup_printf ("thread %d", head.lock);
          step->kind = PM_WAIT_NODE_THREAD_EXIT;
          step->status = PM_WAIT_STATUS_OWNED;
          step->next_pid = thread->pid;
          step->next_tid = head.lock;
          return TRUE;
        }
      step->kind = PM_WAIT_NODE_FUTEX;
      step->status = PM_WAIT_STATUS_NOT_OWNED;
      return TRUE;
    case FUTEX_WAIT_REQUEUE_PI:
      /* A condition variable that hands over to a PI mutex: the owner is not known yet. */
      step->kind = PM_WAIT_NODE_FUTEX;
      step->status = PM_WAIT_STATUS_NOT_OWNED;
      return TRUE;
    default:
      g_clear_pointer (&step->object, g_free);
      return FALSE;
    }
}
