/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain-session.c — PmWaitChainSession: reads threads from /proc (through one
 * directory fd, each file with openat) and walks from a thread to what it waits for, to the
 * holder, and so on, until the chain ends or closes on itself.
 *
 * Runs in: any GLib process, one thread at a time per session. Each public call reads the
 * threads afresh; within a call a thread is read once, so the chains of one process agree.
 * What a futex or an fd leads to is in pm-wait-chain-futex.c and pm-wait-chain-fd.c.
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-wait-chain-private.h"

struct _PmWaitChainSession
{
  GObject     parent_instance;

  int         proc_fd;
  GHashTable *threads;    /* tid → PmWaitThread*, for one call */
  GHashTable *fd_cache;   /* inode → GArray of holders, made on demand, for one call */
};

G_DEFINE_FINAL_TYPE (PmWaitChainSession, pm_wait_chain_session, G_TYPE_OBJECT)

static void
wait_thread_free (gpointer data)
{
  PmWaitThread *thread = data;

  g_free (thread->name);
  g_free (thread);
}

static void
pm_wait_chain_session_reset (PmWaitChainSession *self)
{
  g_hash_table_remove_all (self->threads);
  g_clear_pointer (&self->fd_cache, g_hash_table_unref);
}

static void
pm_wait_chain_session_finalize (GObject *object)
{
  PmWaitChainSession *self = PM_WAIT_CHAIN_SESSION (object);

  g_hash_table_unref (self->threads);
  g_clear_pointer (&self->fd_cache, g_hash_table_unref);
  if (self->proc_fd >= 0)
    close (self->proc_fd);
  G_OBJECT_CLASS (pm_wait_chain_session_parent_class)->finalize (object);
}

static void
pm_wait_chain_session_class_init (PmWaitChainSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pm_wait_chain_session_finalize;
}

static void
pm_wait_chain_session_init (PmWaitChainSession *self)
{
  self->proc_fd = open ("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  self->threads = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, wait_thread_free);
}

PmWaitChainSession *
pm_wait_chain_session_new (void)
{
  return g_object_new (PM_TYPE_WAIT_CHAIN_SESSION, NULL);
}

int
pm_wait_chain_session_get_proc_fd (PmWaitChainSession *self)
{
  return self->proc_fd;
}

GHashTable *
pm_wait_chain_session_get_fd_cache (PmWaitChainSession *self)
{
  return self->fd_cache;
}

void
pm_wait_chain_session_set_fd_cache (PmWaitChainSession *self,
                                    GHashTable         *cache)
{
  g_clear_pointer (&self->fd_cache, g_hash_table_unref);
  self->fd_cache = cache;
}

/* A small /proc file into @buf (NUL-terminated); the length, or -1 with errno. */
static gssize
read_proc_file (int         dir_fd,
                const char *path,
                char       *buf,
                gsize       size)
{
  int fd = openat (dir_fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  gssize n;
  int saved;

  if (fd < 0)
    return -1;
  do
    n = read (fd, buf, size - 1);
  while (n < 0 && errno == EINTR);
  saved = errno;
  close (fd);
  errno = saved;
  if (n < 0)
    return -1;
  buf[n] = '\0';
  return n;
}

static int
status_field (const char *status,
              const char *field)
{
  const char *p = strstr (status, field);

  return p != NULL ? atoi (p + strlen (field)) : 0;
}

int
pm_wait_chain_session_get_tgid (PmWaitChainSession *self,
                                int                 tid)
{
  char path[32], buf[2048];

  g_snprintf (path, sizeof path, "%d/status", tid);
  if (read_proc_file (self->proc_fd, path, buf, sizeof buf) < 0)
    return 0;
  return status_field (buf, "\nTgid:\t");
}

/* "NR a0 a1 a2 a3 a4 a5 SP PC" while blocked in a syscall, "-1 SP PC" when blocked
 * elsewhere, "running" when on a CPU. */
static void
parse_syscall (PmWaitThread *thread,
               const char   *text)
{
  char *end;
  long nr;

  if (g_str_has_prefix (text, "running"))
    return;
  nr = strtol (text, &end, 10);
  if (end == text || nr < 0)
    return;
  thread->in_syscall = TRUE;
  thread->syscall_nr = nr;
  for (guint i = 0; i < G_N_ELEMENTS (thread->args); i++)
    {
      const char *p = end;

      thread->args[i] = g_ascii_strtoull (p, &end, 16);
      if (end == p)
        break;
    }
}

static PmWaitThread *
read_thread (PmWaitChainSession *self,
             int                 pid,
             int                 tid)
{
  g_autoptr(GString) dir = g_string_new (NULL);
  PmWaitThread *thread;
  char buf[2048];
  char *p;

  g_string_printf (dir, "%d/task/%d/", pid, tid);
  g_string_append (dir, "stat");
  if (read_proc_file (self->proc_fd, dir->str, buf, sizeof buf) < 0)
    return NULL;
  thread = g_new0 (PmWaitThread, 1);
  thread->pid = pid;
  thread->tid = tid;
  /* "TID (comm) S …": comm (the name /proc/…/comm holds) may itself hold spaces and
   * parentheses; the state follows the last ')'. */
  p = strrchr (buf, ')');
  thread->state = p != NULL && p[1] == ' ' ? p[2] : '?';
  thread->name = p != NULL && strchr (buf, '(') < p ? g_strndup (strchr (buf, '(') + 1, p - strchr (buf, '(') - 1)
                                                     : g_strdup ("");

  if (thread->state == 't')
    {
      g_string_truncate (dir, dir->len - strlen ("stat"));
      g_string_append (dir, "status");
      if (read_proc_file (self->proc_fd, dir->str, buf, sizeof buf) >= 0)
        thread->tracer = status_field (buf, "\nTracerPid:\t");
      /* Stopped by the caller itself (a hang reporter that attached to dump the process):
       * that stop is not what the thread waits for. The interrupted syscall is still in
       * /proc/…/syscall (it restarts when the thread resumes), so read on as if it slept. */
      if (thread->tracer == getpid ())
        {
          thread->state = 'S';
          thread->tracer = 0;
          g_string_truncate (dir, dir->len - strlen ("status"));
          g_string_append (dir, "stat");
        }
    }
  if (thread->state != 't' && thread->state != 'R' && thread->state != 'Z' && thread->state != 'X')
    {
      g_string_truncate (dir, dir->len - strlen ("stat"));
      g_string_append (dir, "syscall");
      if (read_proc_file (self->proc_fd, dir->str, buf, sizeof buf) >= 0)
        {
          thread->syscall_known = TRUE;
          parse_syscall (thread, buf);
        }
    }
  return thread;
}

const PmWaitThread *
pm_wait_chain_session_read_thread (PmWaitChainSession *self,
                                   int                 pid,
                                   int                 tid)
{
  PmWaitThread *thread = g_hash_table_lookup (self->threads, GINT_TO_POINTER (tid));

  if (thread == NULL)
    {
      thread = read_thread (self, pid, tid);
      if (thread == NULL)
        return NULL;
      g_hash_table_insert (self->threads, GINT_TO_POINTER (tid), thread);
    }
  return thread;
}

static void
step_clear (PmWaitStep *step)
{
  g_clear_pointer (&step->object, g_free);
}

/* The children of @pid (every thread's), lowest first; 0 when none. */
static int
first_child (PmWaitChainSession *self,
             int                 pid)
{
  g_autofree char *task_path = g_strdup_printf ("%d/task", pid);
  int task_fd = openat (self->proc_fd, task_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int lowest = 0;
  DIR *dir;
  struct dirent *entry;

  if (task_fd < 0)
    return 0;
  dir = fdopendir (task_fd);
  if (dir == NULL)
    {
      close (task_fd);
      return 0;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      char path[300], buf[4096];
      char *p;

      if (entry->d_name[0] == '.')
        continue;
      g_snprintf (path, sizeof path, "%s/children", entry->d_name);
      if (read_proc_file (dirfd (dir), path, buf, sizeof buf) < 0)
        continue;
      for (p = buf; *p != '\0';)
        {
          char *end;
          long child = strtol (p, &end, 10);

          if (end == p)
            break;
          if (child > 0 && (lowest == 0 || child < lowest))
            lowest = (int) child;
          p = end;
        }
    }
  closedir (dir);
  return lowest;
}

/* A thread in wait4() or waitid(): the child it waits for. */
static gboolean
follow_child_wait (PmWaitChainSession *self,
                   const PmWaitThread *thread,
                   PmWaitStep         *step)
{
  gint64 wanted;
  int child;

  if (thread->syscall_nr == SYS_wait4)
    wanted = (gint32) thread->args[0];          /* pid_t: -1 any, 0 or < -1 a group, > 0 one */
  else if (thread->syscall_nr == SYS_waitid)
    wanted = thread->args[0] == 1 /* P_PID */ ? (gint32) thread->args[1] : -1;
  else
    return FALSE;
  step->kind = PM_WAIT_NODE_CHILD_WAIT;
  if (wanted > 0)
    {
      child = (int) wanted;
      step->object = g_strdup_printf ("child %d", child);
    }
  else
    {
      child = first_child (self, thread->pid);
      step->object = g_strdup ("any child");
    }
  step->status = child > 0 ? PM_WAIT_STATUS_OWNED : PM_WAIT_STATUS_NOT_OWNED;
  step->next_pid = child;
  step->next_tid = child;
  return TRUE;
}

static PmWaitNodeStatus
thread_status_alone (const PmWaitThread *thread)
{
  switch (thread->state)
    {
    case 'R':
      return PM_WAIT_STATUS_RUNNING;
    case 'T': case 't':
      return PM_WAIT_STATUS_STOPPED;
    case 'Z': case 'X': case 'x':
      return PM_WAIT_STATUS_EXITED;
    case 'S': case 'D': case 'I': case 'P': case 'W':
      return thread->syscall_known ? PM_WAIT_STATUS_SLEEPING : PM_WAIT_STATUS_NO_ACCESS;
    default:
      return PM_WAIT_STATUS_UNKNOWN;
    }
}

/* What @thread waits for; FALSE when nothing this engine follows. */
static gboolean
follow_thread (PmWaitChainSession *self,
               const PmWaitThread *thread,
               PmWaitStep         *step)
{
  if (thread->state == 't' && thread->tracer > 0)
    {
      step->kind = PM_WAIT_NODE_PTRACE;
      step->status = PM_WAIT_STATUS_OWNED;
      step->object = g_strdup_printf ("tracer %d", thread->tracer);
      step->next_pid = thread->tracer;
      step->next_tid = thread->tracer;
      return TRUE;
    }
  if (!thread->in_syscall)
    return FALSE;
  if (thread->syscall_nr == SYS_futex)
    return pm_wait_futex_follow (self, thread, step);
  if (thread->syscall_nr == SYS_wait4 || thread->syscall_nr == SYS_waitid)
    return follow_child_wait (self, thread, step);
  return pm_wait_fd_follow (self, thread, step);
}

/* A thread of another process (or no access): its name from /proc/PID/comm. */
static char *
process_name (PmWaitChainSession *self,
              int                 pid)
{
  char path[32], buf[64];

  g_snprintf (path, sizeof path, "%d/comm", pid);
  if (read_proc_file (self->proc_fd, path, buf, sizeof buf) < 0)
    return g_strdup ("");
  return g_strndup (buf, strcspn (buf, "\n"));
}

static PmWaitChain *
walk (PmWaitChainSession *self,
      int                 pid,
      int                 tid)
{
  PmWaitChain *chain = pm_wait_chain_new (tid);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (;;)
    {
      const PmWaitThread *thread = pm_wait_chain_session_read_thread (self, pid, tid);
      PmWaitStep step = { 0 };
      PmWaitNode *node;

      if (thread == NULL)
        {
          g_autofree char *name = process_name (self, pid);

          pm_wait_chain_add_node (chain, PM_WAIT_NODE_THREAD, PM_WAIT_STATUS_EXITED, pid, tid,
                                  name, NULL);
          break;
        }
      if (g_hash_table_contains (seen, GINT_TO_POINTER (tid)))
        {
          pm_wait_chain_add_node (chain, PM_WAIT_NODE_THREAD, PM_WAIT_STATUS_BLOCKED, pid, tid,
                                  thread->name, NULL);
          chain->cycle = TRUE;
          break;
        }
      g_hash_table_add (seen, GINT_TO_POINTER (tid));
      if (!follow_thread (self, thread, &step))
        {
          pm_wait_chain_add_node (chain, PM_WAIT_NODE_THREAD, thread_status_alone (thread), pid,
                                  tid, thread->name, NULL);
          break;
        }
      node = pm_wait_chain_add_node (chain, PM_WAIT_NODE_THREAD, PM_WAIT_STATUS_BLOCKED, pid,
                                     tid, thread->name, NULL);
      /* Room for the object and one more thread; else the chain is cut here. */
      if (chain->nodes->len + 2 > PM_WAIT_CHAIN_MAX_NODES)
        {
          node->status = PM_WAIT_STATUS_UNKNOWN;
          step_clear (&step);
          break;
        }
      pm_wait_chain_add_node (chain, step.kind, step.status, pid, 0, NULL, step.object);
      step_clear (&step);
      if (step.next_pid <= 0)
        break;
      if (step.next_tid <= 0)
        {
          g_autofree char *name = process_name (self, step.next_pid);

          pm_wait_chain_add_node (chain, PM_WAIT_NODE_PROCESS, PM_WAIT_STATUS_NO_ACCESS,
                                  step.next_pid, 0, name, NULL);
          break;
        }
      pid = step.next_pid;
      tid = step.next_tid;
    }
  return chain;
}

static gboolean
check_proc (PmWaitChainSession  *self,
            GError             **error)
{
  if (self->proc_fd < 0)
    {
      g_set_error_literal (error, PM_ERROR, PM_ERROR_FAILED, "/proc could not be opened");
      return FALSE;
    }
  return TRUE;
}

PmWaitChain *
pm_wait_chain_session_get_chain (PmWaitChainSession  *self,
                                 int                  tid,
                                 GError             **error)
{
  int pid;

  g_return_val_if_fail (PM_IS_WAIT_CHAIN_SESSION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (tid <= 0)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "%d is not a thread ID", tid);
      return NULL;
    }
  if (!check_proc (self, error))
    return NULL;
  pm_wait_chain_session_reset (self);
  pid = pm_wait_chain_session_get_tgid (self, tid);
  if (pid <= 0)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "there is no thread %d", tid);
      return NULL;
    }
  return walk (self, pid, tid);
}

static int
compare_tids (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

/* The thread IDs of @pid, sorted; NULL with errno when its task/ cannot be read. */
static GArray *
list_tids (PmWaitChainSession *self,
           int                 pid)
{
  g_autofree char *task_path = g_strdup_printf ("%d/task", pid);
  int task_fd = openat (self->proc_fd, task_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  GArray *tids;
  DIR *dir;
  struct dirent *entry;

  if (task_fd < 0)
    return NULL;
  dir = fdopendir (task_fd);
  if (dir == NULL)
    {
      close (task_fd);
      return NULL;
    }
  tids = g_array_new (FALSE, FALSE, sizeof (int));
  while ((entry = readdir (dir)) != NULL)
    {
      int tid = atoi (entry->d_name);

      if (tid > 0)
        g_array_append_val (tids, tid);
    }
  closedir (dir);
  g_array_sort (tids, compare_tids);
  return tids;
}

GPtrArray *
pm_wait_chain_session_get_process_chains (PmWaitChainSession  *self,
                                          int                  pid,
                                          GError             **error)
{
  g_autoptr(GArray) tids = NULL;
  GPtrArray *chains;
  int tgid;

  g_return_val_if_fail (PM_IS_WAIT_CHAIN_SESSION (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pid <= 0)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "%d is not a process ID", pid);
      return NULL;
    }
  if (!check_proc (self, error))
    return NULL;
  pm_wait_chain_session_reset (self);
  tgid = pm_wait_chain_session_get_tgid (self, pid);
  if (tgid <= 0)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "there is no process %d", pid);
      return NULL;
    }
  if (tgid != pid)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "%d is a thread of process %d, not a process", pid, tgid);
      return NULL;
    }
  tids = list_tids (self, pid);
  if (tids == NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "the threads of process %d cannot be listed: %s",
                   pid, g_strerror (errno));
      return NULL;
    }
  chains = g_ptr_array_new_with_free_func ((GDestroyNotify) pm_wait_chain_unref);
  /* The main thread first (its tid is the pid, the lowest but not always: tids wrap). */
  g_ptr_array_add (chains, walk (self, pid, pid));
  for (guint i = 0; i < tids->len; i++)
    {
      int tid = g_array_index (tids, int, i);

      if (tid != pid)
        g_ptr_array_add (chains, walk (self, pid, tid));
    }
  return chains;
}

GPtrArray *
pm_wait_chains_for_process (int      pid,
                            GError **error)
{
  g_autoptr(PmWaitChainSession) session = pm_wait_chain_session_new ();

  return pm_wait_chain_session_get_process_chains (session, pid, error);
}
