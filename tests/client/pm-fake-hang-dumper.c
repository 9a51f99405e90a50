/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-fake-hang-dumper.c — a stand-in for postmortem-dumper in hang mode that checks the
 * hang watchdog's side of the protocol (pm-crash-info.h, "Hang mode") and records it.
 *
 * Runs in: the process the watchdog starts, as `pm-fake-hang-dumper --crash-info-fd 3`.
 * A test double for the watchdog tests only (the real dumper's hang mode is tested end to
 * end in tests/dumper/test-hang-reports.sh). It validates the PmCrashInfo (magic,
 * version, size, sender pid, the hang flag, signal 0, the hung thread, the timeout in the
 * PmCrashHangInfo), ptrace-stops the hung thread and lets it go (proving the watchdog
 * allowed it), writes "hang tid=TID timeout=MS" into a new file hang-PID in
 * $PM_TEST_RECORD_DIR, answers PM_CRASH_STATUS_HANG_DUMPED, waits for the outcome byte,
 * writes "R" or "N" (or "closed") into outcome-PID, and answers PM_CRASH_STATUS_PUBLISHED.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pm-crash-info.h"

static int
fail (const char *what)
{
  fprintf (stderr, "pm-fake-hang-dumper: %s\n", what);
  return 1;
}

/* Writes @text into a new file NAME-OURPID of the record directory. */
static void
record (const char *name,
        const char *text)
{
  const char *dir = getenv ("PM_TEST_RECORD_DIR");
  char path[4096], tmp[4096 + 8];
  int fd;

  if (dir == NULL)
    return;
  /* Written under another name, then renamed: the test sees the file whole. */
  snprintf (path, sizeof path, "%s/%s-%d", dir, name, (int) getpid ());
  snprintf (tmp, sizeof tmp, "%s.tmp", path);
  fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  if (write (fd, text, strlen (text)) < 0)
    fail ("cannot write the record");
  close (fd);
  rename (tmp, path);
}

static void
answer (int           fd,
        unsigned char status)
{
  while (write (fd, &status, 1) < 0 && errno == EINTR)
    ;
}

int
main (int argc, char **argv)
{
  static PmCrashInfo info;
  PmCrashHangInfo hang;
  struct ucred cred;
  socklen_t cred_len = sizeof cred;
  size_t got = 0;
  int fd = PM_CRASH_INFO_FD, ws;
  unsigned char outcome;
  char line[128];
  ssize_t n;

  if (argc != 3 || strcmp (argv[1], "--crash-info-fd") != 0 || strcmp (argv[2], "3") != 0)
    return fail ("bad command line");
  while (got < sizeof info)
    {
      n = read (fd, (char *) &info + got, sizeof info - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return fail ("short PmCrashInfo");
      got += (size_t) n;
    }
  if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) < 0 || cred.pid != info.pid)
    return fail ("sender is not the process");
  if (memcmp (info.magic, PM_CRASH_INFO_MAGIC, 8) != 0 || info.version != PM_CRASH_INFO_VERSION ||
      info.size != sizeof info)
    return fail ("bad magic, version or size");
  if (!(info.flags & PM_CRASH_INFO_FLAG_HANG) || info.signal != 0 || info.tid <= 0 ||
      (info.flags & PM_CRASH_INFO_FLAG_HAVE_CONTEXT))
    return fail ("not a hang: flag, signal, tid or context");
  memcpy (&hang, info.siginfo, sizeof hang);
  if (hang.timeout_ms == 0 || hang.reserved != 0)
    return fail ("bad PmCrashHangInfo");

  /* The watchdog must have let us ptrace the process (PR_SET_PTRACER). */
  if (ptrace (PTRACE_SEIZE, info.tid, 0, 0) < 0 || ptrace (PTRACE_INTERRUPT, info.tid, 0, 0) < 0 ||
      waitpid (info.tid, &ws, __WALL) < 0)
    return fail ("cannot stop the hung thread");
  ptrace (PTRACE_DETACH, info.tid, 0, 0);

  snprintf (line, sizeof line, "hang tid=%d timeout=%u\n", (int) info.tid, hang.timeout_ms);
  record ("hang", line);
  answer (fd, PM_CRASH_STATUS_HANG_DUMPED);
  do
    n = read (fd, &outcome, 1);
  while (n < 0 && errno == EINTR);
  record ("outcome", n == 1 ? (outcome == PM_CRASH_HANG_RECOVERED ? "R\n" : outcome == PM_CRASH_HANG_NOT_RECOVERED ? "N\n" : "?\n")
                            : "closed\n");
  answer (fd, PM_CRASH_STATUS_PUBLISHED);
  return 0;
}
