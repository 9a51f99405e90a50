/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dumper-recovery.c — the dumper as the recovery callback's watchdog (see
 * pm-dumper-recovery.h and, for why it is the dumper, core/client/pm-recovery.c).
 *
 * Runs in: postmortem-dumper's crash mode (GLib allowed), a child of the
 * crashed process that waits for it.
 */
#include "pm-config.h"

#include "pm-dumper-recovery.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib.h>

#include "pm-crash-info.h"
#include "postmortem.h"

/* How long a process that was sent its crash signal may take to die before
 * it is killed. */
#define END_GRACE_MS 2000

static void
send_recover (int fd)
{
  uint8_t byte = PM_CRASH_STATUS_RECOVER;

  while (write (fd, &byte, 1) < 0 && errno == EINTR)
    ;
}

/* Waits up to @timeout_ms for @pidfd to say the process is gone. */
static gboolean
wait_for_exit (int pidfd,
               int timeout_ms)
{
  struct pollfd p = { pidfd, POLLIN, 0 };
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      int r;

      if (left < 0)
        left = 0;
      r = poll (&p, 1, (int) left);
      if (r < 0 && errno == EINTR)
        continue;
      return r > 0;
    }
}

/* Ends a recovery callback that stopped pinging: the process dies of its
 * original signal, as it would have without the callback. */
static void
end_recovery (pid_t pid,
              pid_t tid,
              int   sig)
{
  int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);

  /* The handler started us with PR_SET_PDEATHSIG: we must outlive the
   * process we end, to publish its report. */
  prctl (PR_SET_PDEATHSIG, 0, 0, 0, 0);
  /* Its end of the socket closes with it: the final status byte must not
   * kill us with SIGPIPE. */
  signal (SIGPIPE, SIG_IGN);
  if (getppid () != pid)
    return;   /* it is gone already (we were reparented) */
  syscall (SYS_tgkill, pid, tid, sig);
  if (pidfd >= 0 && wait_for_exit (pidfd, END_GRACE_MS))
    {
      close (pidfd);
      return;
    }
  /* The callback blocked the signal, or pidfds are missing: no more waiting. */
  g_printerr ("postmortem-dumper: the recovery callback did not end with signal %d: killing process %d\n",
              sig, (int) pid);
  kill (pid, SIGKILL);
  if (pidfd >= 0)
    close (pidfd);
}

const char *
pm_dumper_watch_recovery (int      fd,
                          pid_t    pid,
                          pid_t    tid,
                          int      sig,
                          uint32_t ping_interval_ms)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) PM_RECOVERY_MAX_TIME_MS * 1000;
  gint64 last_ping = start;
  const char *outcome = NULL;

  if (ping_interval_ms == 0)
    ping_interval_ms = PM_RECOVERY_DEFAULT_PING_INTERVAL;
  if (ping_interval_ms > PM_RECOVERY_MAX_PING_INTERVAL)
    ping_interval_ms = PM_RECOVERY_MAX_PING_INTERVAL;

  send_recover (fd);
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 deadline = last_ping + (gint64) (ping_interval_ms + PM_RECOVERY_PING_SLACK_MS) * 1000;
      struct pollfd p = { fd, POLLIN, 0 };
      char buf[64];
      ssize_t n;
      int r;

      if (deadline > end)
        deadline = end;
      if (now >= deadline)
        {
          g_printerr ("postmortem-dumper: the recovery callback %s: ending it\n",
                      deadline == end ? "ran 5 minutes"
                      : outcome != NULL ? "finished but did not return" : "stopped reporting progress");
          end_recovery (pid, tid, sig);
          return outcome != NULL ? outcome : "timeout";
        }
      r = poll (&p, 1, (int) ((deadline - now + 999) / 1000));
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        continue;   /* the deadline check above decides */
      n = read (fd, buf, sizeof buf);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0)   /* the process died during its recovery */
        return outcome != NULL ? outcome : "false";
      for (ssize_t i = 0; i < n; i++)
        {
          /* The first outcome counts; then one more interval to return
           * (pings no longer move that deadline). */
          if ((buf[i] == PM_RECOVERY_MSG_SUCCEEDED || buf[i] == PM_RECOVERY_MSG_FAILED) && outcome == NULL)
            {
              outcome = buf[i] == PM_RECOVERY_MSG_SUCCEEDED ? "true" : "false";
              last_ping = g_get_monotonic_time ();
            }
          else if (buf[i] == PM_RECOVERY_MSG_RETURNED)
            return outcome != NULL ? outcome : "false";
          else if (buf[i] == PM_RECOVERY_MSG_PING && outcome == NULL)
            last_ping = g_get_monotonic_time ();
        }
    }
}
