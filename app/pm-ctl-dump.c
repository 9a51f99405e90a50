/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-dump.c — `postmortemctl dump PID [--type micro|mini|heap|triage]
 * [-o FILE] [--sync] [--environ]`: write a minidump of a live process, which
 * goes on running afterwards.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed). The dump itself
 * is pm_dump_process() from core/dumper, the same code postmortem-dumper runs.
 * Built into the executable (no module): it needs only GLib and libc.
 *
 * The file is not fsynced unless --sync is given: like gcore, cp or tar, a
 * file the user asked for is left to the page cache (an fsync of 1 GiB costs
 * more than the dump itself). Reports in the store are another matter: they
 * are published durably by the store (fsync, rename, fsync of the folder).
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-dumper.h"

static char *
process_name (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/comm", (int) pid);
  g_autofree char *comm = NULL;

  if (!g_file_get_contents (path, &comm, NULL, NULL))
    return g_strdup ("process");
  g_strchomp (comm);
  /* A file name: keep it tame. */
  g_strcanon (comm, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+", '_');
  return comm[0] && comm[0] != '.' ? g_steal_pointer (&comm) : g_strdup ("process");
}

int
pm_ctl_dump (int argc, char **argv)
{
  PmDumperType type = PM_DUMPER_TYPE_MINI;
  g_autofree char *output = NULL;
  g_autofree PmDumpResult *result = NULL;
  PmDumpOptions options;
  gboolean include_environ = FALSE;
  gboolean sync = FALSE;
  const char *pid_text = NULL;
  char error[512], *end;
  gint64 start;
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
      else if (g_str_has_prefix (a, "--type="))
        {
          if (pm_dumper_type_from_string (a + 7, &type) < 0)
            return pm_ctl_usage ("dump", _("unknown dump type “%s” (micro, mini, heap or triage)"), a + 7);
        }
      else if (strcmp (a, "-o") == 0 || strcmp (a, "--output") == 0)
        {
          if (++i >= argc)
            return pm_ctl_usage ("dump", _("%s needs a file name"), a);
          g_free (output);
          output = g_strdup (argv[i]);
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
  if (errno != 0 || *end != '\0' || pid <= 0 || pid > G_MAXINT)
    return pm_ctl_usage ("dump", _("“%s” is not a process id"), pid_text);
  if (pid == getpid ())
    return pm_ctl_fail (_("dump: cannot dump postmortemctl itself"));

  if (output == NULL)
    {
      g_autofree char *name = process_name ((pid_t) pid);
      output = g_strdup_printf ("%s-%ld.%s", name, pid, type == PM_DUMPER_TYPE_HEAP ? "hdmp" : "dmp");
    }
  fd = open (output, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return pm_ctl_fail (_("dump: cannot create %s: %s"), output, g_strerror (errno));

  pm_dump_options_init (&options, type);
  options.include_environ = include_environ;
  result = g_new0 (PmDumpResult, 1);
  start = g_get_monotonic_time ();
  r = pm_dump_process ((pid_t) pid, &options, fd, result, error, sizeof error);
  if (r == 0 && sync && fsync (fd) != 0 && errno != EINVAL)
    {
      g_snprintf (error, sizeof error, _("cannot write %s: %s"), output, g_strerror (errno));
      r = -errno;
    }
  if (close (fd) != 0 && r == 0)
    {
      g_snprintf (error, sizeof error, _("cannot write %s: %s"), output, g_strerror (errno));
      r = -EIO;
    }
  if (r < 0)
    {
      unlink (output);
      return pm_ctl_fail (_("dump: %s"), error);
    }

  g_print (_("%s: %s dump of process %ld, %u threads, %" G_GUINT64_FORMAT " bytes in %.1f ms\n"),
           output, pm_dumper_type_to_string (type), pid, result->n_threads,
           (guint64) result->bytes_written, (g_get_monotonic_time () - start) / 1000.0);
  if (result->n_notes > 0)
    g_print (_("%u problem(s) met while dumping are recorded in the dump (see postmortemctl info %s)\n"),
             result->n_notes, output);
  return 0;
}
