/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* postmortemctl.c — the command line of Postmortem: dump processes, read
 * minidumps, manage the report store, submit reports.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 */
#include "pm-config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"

static const PmCtlCommand commands[] = {
  { "version", "", N_("Print the version of Postmortem"), pm_ctl_version },
  { "dump", "PID [--type micro|mini|heap|triage] [-o FILE] [--environ]", N_("Write a minidump of a running process"), pm_ctl_dump },
  { "info", "FILE|REPORT-KEY [--json]", N_("Summarise a minidump: crash, threads, modules"), pm_ctl_info },
  { "memory", "FILE|REPORT-KEY ADDRESS [LENGTH]", N_("Hex dump of a minidump's memory"), pm_ctl_memory },
  { "sanitize", "FILE.dmp -o OUT.dmp", N_("Copy a minidump without the process's strings, as sent below all data"), pm_ctl_sanitize },
  { "submit", "KEY…|--all [--url URL|--dsn DSN] [--no-gzip] [--approve] [--level LEVEL] [--without NAME]… [--comment TEXT] [--no-redact]", N_("Send reports to a crash server"), pm_ctl_submit },
  { "import", "FILE…", N_("Bring exported reports (.tar.gz, .zip) back into the store"), pm_ctl_import },
  { "run", "[--type T] [--store DIR] [--timeout-ms N] [--launch-app] -- PROGRAM [ARGS…]", N_("Run a program with the crash handler preloaded"), pm_ctl_run },
  { "list", "[--queue|--archive|--all] [--json]", N_("List the reports in the store"), pm_ctl_list },
  { "show", "KEY [--json] | KEY --manifest [--sent] [--json] [--level LEVEL] [--without NAME]… [--comment TEXT] [--no-redact]", N_("Show one report: its values and files"), pm_ctl_show },
  { "purge", "--queue|--archive|--all|KEY…", N_("Delete reports"), pm_ctl_purge },
  { "export", "KEY -o FILE.tar.gz|FILE.zip", N_("Write a report into an archive, to send by hand"), pm_ctl_export },
  { "consent", "[APP|--default [LEVEL|unset]]", N_("Show or set consent (ask, parameters, safe-data, all-data)"), pm_ctl_consent },
  { "exclude", "[APP]", N_("Exclude an application from reporting (no APP: list them)"), pm_ctl_exclude },
  { "include", "APP", N_("Include an excluded application again"), pm_ctl_include },
};

static const PmCtlCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static void
print_help (FILE *out)
{
  fprintf (out, _("Usage: postmortemctl COMMAND [ARGUMENTS…]\n\n"
                  "Crash reports on the Linux desktop, from the command line.\n\n"
                  "Commands:\n"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %-32s %s\n", commands[i].name, commands[i].args, _(commands[i].summary));
  fprintf (out, _("\nThe store is $PM_STORE_DIR if set, otherwise $XDG_DATA_HOME/postmortem.\n"));
}

int
pm_ctl_fail (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fputs ("postmortemctl: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  return PM_CTL_EXIT_FAILURE;
}

int
pm_ctl_usage (const char *command, const char *format, ...)
{
  const PmCtlCommand *cmd = find_command (command);
  va_list args;

  va_start (args, format);
  fprintf (stderr, "postmortemctl %s: ", command);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  if (cmd != NULL)
    fprintf (stderr, _("Usage: postmortemctl %s %s\n"), cmd->name, cmd->args);
  return PM_CTL_EXIT_USAGE;
}

int
pm_ctl_version (int argc, char **argv)
{
  printf ("postmortemctl %s\n", PACKAGE_VERSION);
  return 0;
}

int
main (int argc, char **argv)
{
  const PmCtlCommand *cmd;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, PM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_help (stderr);
      return PM_CTL_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_help (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    return pm_ctl_version (argc - 1, argv + 1);

  cmd = find_command (argv[1]);
  if (cmd == NULL)
    {
      fprintf (stderr, _("postmortemctl: unknown command “%s” (try “postmortemctl --help”)\n"), argv[1]);
      return PM_CTL_EXIT_USAGE;
    }
  return cmd->run (argc - 1, argv + 1);
}
