/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-fake-dumper.c — a stand-in for postmortem-dumper that checks the crash
 * handler's side of the protocol (pm-crash-info.h) and records what it got.
 *
 * Runs in: the process the crash handler starts, as
 *   pm-fake-dumper --crash-info-fd 3
 * It is a test double for the handler tests only (the real dumper is tested
 * end to end elsewhere). It validates the PmCrashInfo (magic, version, size,
 * sender pid via SO_PEERCRED, signal, a non-zero RIP when a context is
 * claimed), ptrace-attaches to the crashed process and detaches (proving the
 * handler allowed it), reads the registration table header from the crashed
 * process by process_vm_readv (magic, version, metadata count), then writes
 * one line into a new file in $PM_TEST_RECORD_DIR and answers with the
 * status byte.
 * Modes ($PM_FAKE_DUMPER_MODE): unset = normal; "hang" = never answer (sleep);
 * "hang-attached" = the same while keeping the crashing thread ptrace-stopped;
 * "silent" = exit without answering.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/ucontext.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pm-crash-info.h"
#include "pm-registration-table.h"

static int
fail (const char *what)
{
  fprintf (stderr, "pm-fake-dumper: %s\n", what);
  return 1;
}

int
main (int argc, char **argv)
{
  const char *mode = getenv ("PM_FAKE_DUMPER_MODE");
  const char *dir = getenv ("PM_TEST_RECORD_DIR");
  static PmCrashInfo info;
  static PmRegistrationTable header;   /* only its header is read; static: it is 580 KiB */
  struct ucred cred;
  socklen_t cred_len = sizeof cred;
  size_t got = 0;
  int fd = PM_CRASH_INFO_FD;
  const char *ptrace_result = "ok";
  const char *table_result = "ok";
  unsigned char status = PM_CRASH_STATUS_PUBLISHED;
  char path[4096], line[8192];
  int out;

  if (argc != 3 || strcmp (argv[1], "--crash-info-fd") != 0 || strcmp (argv[2], "3") != 0)
    return fail ("bad command line");
  if (fcntl (4, F_GETFD) >= 0)
    return fail ("inherited an fd above 3");

  while (got < sizeof info)
    {
      ssize_t n = read (fd, (char *) &info + got, sizeof info - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return fail ("short PmCrashInfo");
      got += (size_t) n;
    }
  if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) < 0 || cred.pid != info.pid)
    return fail ("sender is not the crashed process");
  if (memcmp (info.magic, PM_CRASH_INFO_MAGIC, 8) != 0 || info.version != PM_CRASH_INFO_VERSION ||
      info.size != sizeof info)
    return fail ("bad magic, version or size");
  if (info.signal <= 0 || info.signal >= 65 || info.tid <= 0)
    return fail ("bad signal or tid");
  if ((info.flags & PM_CRASH_INFO_FLAG_HAVE_CONTEXT) && info.context.gregs[REG_RIP] == 0)
    return fail ("context without an instruction pointer");

  if (mode != NULL && strcmp (mode, "hang-attached") == 0)
    {
      /* Hang while holding the crashing thread ptrace-stopped: the thread
       * cannot run its own timeout now. */
      int ws;
      if (ptrace (PTRACE_SEIZE, info.tid, 0, 0) < 0 || ptrace (PTRACE_INTERRUPT, info.tid, 0, 0) < 0 ||
          waitpid (info.tid, &ws, __WALL) < 0)
        return fail ("cannot stop the crashing thread");
      mode = "hang";
    }
  if (mode != NULL && strcmp (mode, "hang") == 0)
    {
      /* Leave our pid, so the test can check the handler killed us. */
      if (dir != NULL)
        {
          snprintf (path, sizeof path, "%s/hung-%d", dir, (int) getpid ());
          close (open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        }
      for (;;)
        pause ();
    }
  if (mode != NULL && strcmp (mode, "silent") == 0)
    return 0;

  /* The handler must have let us ptrace it (PR_SET_PTRACER). */
  if (ptrace (PTRACE_SEIZE, info.tid, 0, 0) < 0)
    ptrace_result = "seize-failed";
  else
    {
      int ws;
      if (ptrace (PTRACE_INTERRUPT, info.tid, 0, 0) < 0 || waitpid (info.tid, &ws, __WALL) < 0)
        ptrace_result = "interrupt-failed";
      ptrace (PTRACE_DETACH, info.tid, 0, 0);
    }

  {
    struct iovec local = { &header, PM_REGISTRATION_TABLE_HEADER_SIZE };
    struct iovec remote = { (void *) (uintptr_t) info.registration_table_address, PM_REGISTRATION_TABLE_HEADER_SIZE };
    if (process_vm_readv (info.pid, &local, 1, &remote, 1, 0) != (ssize_t) PM_REGISTRATION_TABLE_HEADER_SIZE)
      table_result = "unreadable";
    else if (memcmp (header.magic, PM_REGISTRATION_TABLE_MAGIC, 8) != 0 ||
             header.version != PM_REGISTRATION_TABLE_VERSION)
      table_result = "bad-magic";
  }

  if (dir != NULL)
    {
      snprintf (path, sizeof path, "%s/record-%d", dir, (int) getpid ());
      out = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (out < 0)
        return fail ("cannot create the record file");
      snprintf (line, sizeof line,
                "pid=%d tid=%d signal=%d dump_type=%u flags=0x%x fault=0x%llx rip=0x%llx ptrace=%s table=%s metadata=%u store=%s\n",
                info.pid, info.tid, info.signal, info.dump_type, info.flags, (unsigned long long) info.fault_address,
                (unsigned long long) info.context.gregs[REG_RIP], ptrace_result, table_result,
                header.n_metadata, info.store_path);
      if (write (out, line, strlen (line)) != (ssize_t) strlen (line))
        return fail ("cannot write the record file");
      close (out);
    }
  if (write (fd, &status, 1) != 1)
    return fail ("cannot answer");
  return 0;
}
