/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-dump.c — `postmortemctl dump PID [--type micro|mini|heap|triage]
 * [-o FILE] [--sync] [--environ]`: write a minidump of a live process, which
 * goes on running afterwards.
 *
 * Runs in: postmortemctl, an ordinary process. The dump itself is
 * pm_dump_process() from core/dumper, the same code postmortem-dumper runs.
 * Built into the executable (no module): it needs only libc.
 *
 * The file is not fsynced unless --sync is given: like gcore, cp or tar, a
 * file the user asked for is left to the page cache (an fsync of 1 GiB costs
 * more than the dump itself). Reports in the store are another matter: they
 * are published durably by the store (fsync, rename, fsync of the folder).
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-dumper.h"

/* The process's name, tamed for a file name, into name (size bytes). */
static void
process_name (pid_t  pid,
              char  *name,
              gsize  size)
{
  static const char tame[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+";
  char path[64];
  ssize_t n = -1;
  int fd;

  snprintf (path, sizeof path, "/proc/%d/comm", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      n = read (fd, name, size - 1);
      close (fd);
    }
  if (n < 0)
    n = 0;
  name[n] = '\0';
  while (n > 0 && (name[n - 1] == '\n' || name[n - 1] == ' '))
    name[--n] = '\0';
  for (char *p = name; *p != '\0'; p++)
    if (strchr (tame, *p) == NULL)
      *p = '_';
  if (name[0] == '\0' || name[0] == '.')
    snprintf (name, size, "process");
}

static double
monotonic_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (double) now.tv_sec * 1e3 + (double) now.tv_nsec / 1e6;
}

int
pm_ctl_dump (int argc, char **argv)
{
  PmDumperType type = PM_DUMPER_TYPE_MINI;
  const char *output = NULL;
  char default_output[64];
  PmDumpResult *result;             /* large (the registrations): not on the stack */
  PmDumpOptions options;
  gboolean include_environ = FALSE;
  gboolean sync = FALSE;
  const char *pid_text = NULL;
  char error[512], *end;
  double start;
  long pid;
  int fd, r;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];

      if (strcmp (a, "--type") == 0 || strcmp (a, "-t") == 0)
        {
          if (++i >= argc)
            return pm_ctl_usage ("dump", _("%s needs a dump type"), a);
          if (pm_dumper_type_from_string (argv[i], &type) < 0)
            return pm_ctl_usage ("dump", _("unknown dump type “%s” (micro, mini, heap or triage)"), argv[i]);
        }
      else if (strncmp (a, "--type=", 7) == 0)
        {
          if (pm_dumper_type_from_string (a + 7, &type) < 0)
            return pm_ctl_usage ("dump", _("unknown dump type “%s” (micro, mini, heap or triage)"), a + 7);
        }
      else if (strcmp (a, "-o") == 0 || strcmp (a, "--output") == 0)
        {
          if (++i >= argc)
            return pm_ctl_usage ("dump", _("%s needs a file name"), a);
          output = argv[i];
        }
      else if (strcmp (a, "--environ") == 0)
        include_environ = TRUE;
      else if (strcmp (a, "--sync") == 0)
        sync = TRUE;
      else if (a[0] == '-')
        return pm_ctl_usage ("dump", _("unknown option “%s”"), a);
      else if (pid_text == NULL)
        pid_text = a;
      else
        return pm_ctl_usage ("dump", _("unexpected argument “%s”"), a);
    }
  if (pid_text == NULL)
    return pm_ctl_usage ("dump", _("which process? Give its PID"));
  errno = 0;
  pid = strtol (pid_text, &end, 10);
  if (errno != 0 || *end != '\0' || pid <= 0 || pid > INT_MAX)
    return pm_ctl_usage ("dump", _("“%s” is not a process id"), pid_text);
  if (pid == getpid ())
    return pm_ctl_fail (_("dump: cannot dump postmortemctl itself"));

  if (output == NULL)
    {
      /* comm is at most 15 bytes: "NAME-PID.hdmp" fits. */
      char name[32];
      process_name ((pid_t) pid, name, sizeof name);
      snprintf (default_output, sizeof default_output, "%s-%ld.%s", name, pid,
                type == PM_DUMPER_TYPE_HEAP ? "hdmp" : "dmp");
      output = default_output;
    }
  fd = open (output, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return pm_ctl_fail (_("dump: cannot create %s: %s"), output, strerror (errno));

  pm_dump_options_init (&options, type);
  options.include_environ = include_environ;
  result = calloc (1, sizeof *result);
  if (result == NULL)
    {
      close (fd);
      unlink (output);
      return pm_ctl_fail (_("dump: %s"), strerror (ENOMEM));
    }
  start = monotonic_ms ();
  r = pm_dump_process ((pid_t) pid, &options, fd, result, error, sizeof error);
  if (r == 0 && sync && fsync (fd) != 0 && errno != EINVAL)
    {
      r = -errno;
      snprintf (error, sizeof error, _("cannot write %s: %s"), output, strerror (-r));
    }
  if (close (fd) != 0 && r == 0)
    {
      snprintf (error, sizeof error, _("cannot write %s: %s"), output, strerror (errno));
      r = -EIO;
    }
  if (r < 0)
    {
      free (result);
      unlink (output);
      return pm_ctl_fail (_("dump: %s"), error);
    }

  printf (_("%s: %s dump of process %ld, %u threads, %llu bytes in %.1f ms\n"),
          output, pm_dumper_type_to_string (type), pid, result->n_threads,
          (unsigned long long) result->bytes_written, monotonic_ms () - start);
  if (result->n_notes > 0)
    printf (_("%u problem(s) met while dumping are recorded in the dump (see postmortemctl info %s)\n"),
            result->n_notes, output);
  free (result);
  return 0;
}
