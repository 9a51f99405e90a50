/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* postmortem-dumper.c — the helper that writes minidumps.
 *
 * Runs in: its own process (libexec), started by the crash handler of a
 * crashing application or the hang watchdog of a hung one (--crash-info-fd;
 * pm-crash-info.h, PM_CRASH_INFO_FLAG_HANG: pm-dumper-hang.h), by the report API
 * (WerReportAddDump) or by postmortemctl dump (--pid).
 *
 *   postmortem-dumper --pid PID --type micro|mini|heap|triage
 *                     (--output FILE | --output-fd FD) [--environ]
 *   postmortem-dumper --crash-info-fd FD
 *
 * Exit status: 0 when the dump was written (and, in crash mode, the report
 * published or counted), 1 on failure, 2 for a command line it cannot use.
 *
 * The executable links libc only (see pm-dumper-crash.h for crash mode).
 */
#include "pm-config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm-crash-info.h"
#include "pm-dumper.h"
#include "pm-dumper-crash.h"

static void
usage (FILE *out)
{
  fprintf (out,
           "Usage: postmortem-dumper --pid PID --type micro|mini|heap|triage\n"
           "                         (--output FILE | --output-fd FD) [--environ]\n"
           "       postmortem-dumper --crash-info-fd FD\n");
}

/* Loads crash mode from the module next to this executable (found through
 * /proc/self/exe, never through the environment) and runs it. When it
 * cannot be loaded, the handler still gets its status byte. */
static int
run_crash_mode (int fd)
{
  char path[4096];
  ssize_t n = readlink ("/proc/self/exe", path, sizeof path - 1);
  char *slash;
  void *module;
  PmDumperCrashMain crash_main;
  uint8_t status = PM_CRASH_STATUS_DUMP_FAILED;

  if (n > 0)
    {
      path[n] = '\0';
      slash = strrchr (path, '/');
      if (slash != NULL && (size_t) (slash + 1 - path) + sizeof PM_DUMPER_CRASH_MODULE <= sizeof path)
        {
          strcpy (slash + 1, PM_DUMPER_CRASH_MODULE);
          module = dlopen (path, RTLD_NOW | RTLD_LOCAL);
          if (module == NULL)
            fprintf (stderr, "postmortem-dumper: cannot load crash mode: %s\n", dlerror ());
          else if ((crash_main = (PmDumperCrashMain) dlsym (module, PM_DUMPER_CRASH_SYMBOL)) == NULL)
            fprintf (stderr, "postmortem-dumper: %s has no %s\n", path, PM_DUMPER_CRASH_SYMBOL);
          else
            return crash_main (fd);
        }
    }
  else
    fprintf (stderr, "postmortem-dumper: cannot find its own executable: %s\n", strerror (errno));
  while (write (fd, &status, 1) < 0 && errno == EINTR)
    ;
  return 1;
}

static int
parse_int (const char *s,
           long        min,
           long        max,
           long       *out)
{
  char *end;
  long v;

  errno = 0;
  v = strtol (s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
    return -1;
  *out = v;
  return 0;
}

int
main (int argc, char **argv)
{
  PmDumpOptions options;
  PmDumpResult *result;
  PmDumperType type = PM_DUMPER_TYPE_MINI;
  const char *output = NULL;
  long pid = 0, out_fd = -1, crash_fd = -1;
  int environ_flag = 0, have_type = 0, fd, r;
  char error[512];

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;

      if (strcmp (a, "--help") == 0 || strcmp (a, "-h") == 0)
        {
          usage (stdout);
          return 0;
        }
      if (strcmp (a, "--environ") == 0)
        {
          environ_flag = 1;
          continue;
        }
      if (v == NULL)
        {
          fprintf (stderr, "postmortem-dumper: %s needs a value\n", a);
          usage (stderr);
          return 2;
        }
      i++;
      if (strcmp (a, "--pid") == 0)
        {
          if (parse_int (v, 1, INT_MAX, &pid) < 0)
            {
              fprintf (stderr, "postmortem-dumper: --pid: “%s” is not a process id\n", v);
              return 2;
            }
        }
      else if (strcmp (a, "--type") == 0)
        {
          if (pm_dumper_type_from_string (v, &type) < 0)
            {
              fprintf (stderr, "postmortem-dumper: --type: unknown dump type “%s” (micro, mini, heap or triage)\n", v);
              return 2;
            }
          have_type = 1;
        }
      else if (strcmp (a, "--output") == 0)
        output = v;
      else if (strcmp (a, "--output-fd") == 0)
        {
          if (parse_int (v, 0, INT_MAX, &out_fd) < 0)
            {
              fprintf (stderr, "postmortem-dumper: --output-fd: “%s” is not a file descriptor\n", v);
              return 2;
            }
        }
      else if (strcmp (a, "--crash-info-fd") == 0)
        {
          if (parse_int (v, 0, INT_MAX, &crash_fd) < 0)
            {
              fprintf (stderr, "postmortem-dumper: --crash-info-fd: “%s” is not a file descriptor\n", v);
              return 2;
            }
        }
      else
        {
          fprintf (stderr, "postmortem-dumper: unknown option “%s”\n", a);
          usage (stderr);
          return 2;
        }
    }

  if (crash_fd >= 0)
    {
      if (pid != 0 || output != NULL || out_fd >= 0 || have_type)
        {
          fprintf (stderr, "postmortem-dumper: --crash-info-fd takes no other option\n");
          return 2;
        }
      return run_crash_mode ((int) crash_fd);
    }

  if (pid == 0 || (output == NULL) == (out_fd < 0))
    {
      fprintf (stderr, "postmortem-dumper: need --pid and exactly one of --output or --output-fd\n");
      usage (stderr);
      return 2;
    }
  if (output != NULL)
    {
      fd = open (output, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          fprintf (stderr, "postmortem-dumper: cannot create %s: %s\n", output, strerror (errno));
          return 1;
        }
    }
  else
    fd = (int) out_fd;

  pm_dump_options_init (&options, type);
  options.include_environ = environ_flag;
  result = calloc (1, sizeof *result);
  if (result == NULL)
    return 1;
  r = pm_dump_process ((pid_t) pid, &options, fd, result, error, sizeof error);
  if (r < 0)
    {
      fprintf (stderr, "postmortem-dumper: %s\n", error);
      if (output != NULL)
        unlink (output);
    }
  if (output != NULL && close (fd) != 0 && r == 0)
    {
      fprintf (stderr, "postmortem-dumper: cannot write %s: %s\n", output, strerror (errno));
      r = -errno;
    }
  free (result);
  return r < 0 ? 1 : 0;
}
