/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain-fd.c — a thread blocked reading or writing a pipe or a Unix socket: who
 * holds the other end.
 *
 * Runs in: any GLib process (a PmWaitChainSession's caller). The holders of an inode are
 * found by reading /proc/PID/fd of every process the caller may see (of its uid, or all as
 * root) — once per session call, only when a chain meets a pipe or a socket. The peer of a
 * Unix socket is asked of the kernel with sock_diag (NETLINK_SOCK_DIAG, UDIAG_SHOW_PEER).
 */
#include "pm-config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pm-wait-chain-private.h"

typedef struct
{
  int pid;
  int fd;
} FdHolder;

/* Which syscalls wait on their first argument, an fd, and in which direction. */
static gboolean
syscall_waits_on_fd (long      nr,
                     gboolean *reading)
{
  switch (nr)
    {
    case SYS_read: case SYS_readv: case SYS_pread64: case SYS_preadv: case SYS_preadv2:
    case SYS_recvfrom: case SYS_recvmsg: case SYS_recvmmsg:
      *reading = TRUE;
      return TRUE;
    case SYS_write: case SYS_writev: case SYS_pwrite64: case SYS_pwritev: case SYS_pwritev2:
    case SYS_sendto: case SYS_sendmsg: case SYS_sendmmsg:
      *reading = FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

/* "pipe:[123]" or "socket:[123]": the inode; 0 otherwise. */
static guint64
link_inode (const char *target,
            const char *prefix)
{
  gsize len = strlen (prefix);

  if (strncmp (target, prefix, len) != 0)
    return 0;
  return g_ascii_strtoull (target + len, NULL, 10);
}

static void
scan_process_fds (GHashTable *cache,
                  int         proc_fd,
                  int         pid)
{
  char path[32];
  int fd_dir_fd;
  DIR *dir;
  struct dirent *entry;

  g_snprintf (path, sizeof path, "%d/fd", pid);
  fd_dir_fd = openat (proc_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_dir_fd < 0)
    return;
  dir = fdopendir (fd_dir_fd);
  if (dir == NULL)
    {
      close (fd_dir_fd);
      return;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      char target[64];
      gssize n;
      guint64 inode;
      FdHolder holder;
      GArray *holders;

      if (entry->d_name[0] == '.')
        continue;
      n = readlinkat (dirfd (dir), entry->d_name, target, sizeof target - 1);
      if (n <= 0)
        continue;
      target[n] = '\0';
      inode = link_inode (target, "pipe:[");
      if (inode == 0)
        inode = link_inode (target, "socket:[");
      if (inode == 0)
        continue;
      holders = g_hash_table_lookup (cache, &inode);
      if (holders == NULL)
        {
          guint64 *key = g_memdup2 (&inode, sizeof inode);

          holders = g_array_new (FALSE, FALSE, sizeof (FdHolder));
          g_hash_table_insert (cache, key, holders);
        }
      holder.pid = pid;
      holder.fd = atoi (entry->d_name);
      g_array_append_val (holders, holder);
    }
  closedir (dir);
}

static GHashTable *
scan_all_fds (int proc_fd)
{
  GHashTable *cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             (GDestroyNotify) g_array_unref);
  int dup_fd = openat (proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  uid_t uid = getuid ();
  DIR *dir;
  struct dirent *entry;

  if (dup_fd < 0)
    return cache;
  dir = fdopendir (dup_fd);
  if (dir == NULL)
    {
      close (dup_fd);
      return cache;
    }
  while ((entry = readdir (dir)) != NULL)
    {
      int pid = atoi (entry->d_name);
      struct stat st;

      if (pid <= 0)
        continue;
      /* Only the caller's processes can be read (all of them as root): skip the others
       * without trying their fd/ directories. */
      if (uid != 0 && (fstatat (proc_fd, entry->d_name, &st, 0) != 0 || st.st_uid != uid))
        continue;
      scan_process_fds (cache, proc_fd, pid);
    }
  closedir (dir);
  return cache;
}

GArray *
pm_wait_fd_holders (PmWaitChainSession *self,
                    guint64             inode)
{
  GHashTable *cache = pm_wait_chain_session_get_fd_cache (self);

  if (cache == NULL)
    {
      cache = scan_all_fds (pm_wait_chain_session_get_proc_fd (self));
      pm_wait_chain_session_set_fd_cache (self, cache);
    }
  return g_hash_table_lookup (cache, &inode);
}

/* The access mode of an fd (O_RDONLY, O_WRONLY, O_RDWR) from /proc/PID/fdinfo; -1 if
 * unknown. */
static int
fd_access_mode (PmWaitChainSession *self,
                int                 pid,
                int                 fd)
{
  char path[48], buf[512];
  const char *flags;
  int info_fd;
  gssize n;

  g_snprintf (path, sizeof path, "%d/fdinfo/%d", pid, fd);
  info_fd = openat (pm_wait_chain_session_get_proc_fd (self), path, O_RDONLY | O_CLOEXEC);
  if (info_fd < 0)
    return -1;
  n = read (info_fd, buf, sizeof buf - 1);
  close (info_fd);
  if (n <= 0)
    return -1;
  buf[n] = '\0';
  flags = strstr (buf, "flags:\t");
  if (flags == NULL)
    return -1;
  return (int) (g_ascii_strtoull (flags + strlen ("flags:\t"), NULL, 8) & O_ACCMODE);
}

/* The process holding the other end: another process first (lowest pid), the waiter's own
 * only when nobody else holds it (then it waits for itself). For a pipe only the holders of
 * the opposite direction count. 0 when nobody holds it. */
static int
other_end_process (PmWaitChainSession *self,
                   int                 waiter_pid,
                   guint64             inode,
                   int                 wanted_mode)
{
  GArray *holders = pm_wait_fd_holders (self, inode);
  int best = 0;
  gboolean self_holds = FALSE;

  for (guint i = 0; holders != NULL && i < holders->len; i++)
    {
      const FdHolder *h = &g_array_index (holders, FdHolder, i);

      if (wanted_mode >= 0)
        {
          int mode = fd_access_mode (self, h->pid, h->fd);

          if (mode != wanted_mode && mode != O_RDWR)
            continue;
        }
      if (h->pid == waiter_pid)
        self_holds = TRUE;
      else if (best == 0 || h->pid < best)
        best = h->pid;
    }
  return best != 0 ? best : self_holds ? waiter_pid : 0;
}

/* The inode of the peer of Unix socket @inode, asked of sock_diag; 0 when unknown. */
static guint64
unix_peer_inode (guint64 inode)
{
  struct
  {
    struct nlmsghdr         nlh;
    struct unix_diag_req    req;
  } request = {
    .nlh = {
      .nlmsg_len = sizeof request,
      .nlmsg_type = SOCK_DIAG_BY_FAMILY,
      .nlmsg_flags = NLM_F_REQUEST,
    },
    .req = {
      .sdiag_family = AF_UNIX,
      .udiag_states = (guint32) -1,
      .udiag_ino = (guint32) inode,
      .udiag_show = UDIAG_SHOW_PEER,
      .udiag_cookie = { (guint32) -1, (guint32) -1 },
    },
  };
  union { struct nlmsghdr h; char bytes[8192]; } reply;
  guint64 peer = 0;
  int fd;
  gssize n;

  fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0)
    return 0;
  if (send (fd, &request, sizeof request, 0) != (gssize) sizeof request)
    {
      close (fd);
      return 0;
    }
  do
    n = recv (fd, &reply, sizeof reply, 0);
  while (n < 0 && errno == EINTR);
  close (fd);
  for (struct nlmsghdr *h = &reply.h; n > 0 && NLMSG_OK (h, (guint) n); h = NLMSG_NEXT (h, n))
    {
      struct unix_diag_msg *msg;
      struct rtattr *attr;
      guint len;

      if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
        break;
      msg = NLMSG_DATA (h);
      if (h->nlmsg_len < NLMSG_LENGTH (sizeof *msg) || msg->udiag_ino != (guint32) inode)
        continue;
      len = h->nlmsg_len - NLMSG_LENGTH (sizeof *msg);
      for (attr = (struct rtattr *) (msg + 1); RTA_OK (attr, len); attr = RTA_NEXT (attr, len))
        if (attr->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD (attr) >= sizeof (guint32))
          peer = *(guint32 *) RTA_DATA (attr);
    }
  return peer;
}

static void
set_next (PmWaitStep *step,
          int         pid)
{
  step->status = pid > 0 ? PM_WAIT_STATUS_OWNED : PM_WAIT_STATUS_NOT_OWNED;
  step->next_pid = pid;
  step->next_tid = pid;
}

gboolean
pm_wait_fd_follow (PmWaitChainSession *self,
                   const PmWaitThread *thread,
                   PmWaitStep         *step)
{
  char path[48], target[64];
  gboolean reading;
  guint64 inode;
  gssize n;

  if (!syscall_waits_on_fd (thread->syscall_nr, &reading) || thread->args[0] > G_MAXINT)
    return FALSE;
  g_snprintf (path, sizeof path, "%d/fd/%d", thread->pid, (int) thread->args[0]);
  n = readlinkat (pm_wait_chain_session_get_proc_fd (self), path, target, sizeof target - 1);
  if (n <= 0)
    return FALSE;
  target[n] = '\0';
  if ((inode = link_inode (target, "pipe:[")) != 0)
    {
      step->kind = PM_WAIT_NODE_PIPE;
      step->object = g_strdup (target);
      set_next (step, other_end_process (self, thread->pid, inode, reading ? O_WRONLY : O_RDONLY));
      return TRUE;
    }
  if ((inode = link_inode (target, "socket:[")) != 0)
    {
      guint64 peer = unix_peer_inode (inode);

      if (peer == 0)
        return FALSE;     /* not a connected Unix socket */
      step->kind = PM_WAIT_NODE_UNIX_SOCKET;
      step->object = g_strdup (target);
      set_next (step, other_end_process (self, thread->pid, peer, -1));
      return TRUE;
    }
  return FALSE;
}
