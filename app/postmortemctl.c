/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* postmortemctl.c — the command line of Postmortem: dump processes, read
 * minidumps, manage the report store, submit reports.
 *
 * Runs in: postmortemctl, an ordinary process.
 *
 * The executable holds the command table, --help, and the commands that need
 * nothing but libc (dump, run, version); every other command is in a module
 * loaded when it runs (pm-ctl-module.c). Linked with the store, the uploader
 * (libsoup, with its TLS, Kerberos and ICU), libarchive and libdw, this process
 * used to map ~43 libraries before main(), 20 ms on every command; now `--help`
 * and `dump` map libc alone (GLib, its libpcre2 and libm cost ~0.8 ms of page
 * faults here), `info` adds GLib and `list` GIO, never libsoup. Nothing in the
 * executable calls GLib (its types and macros only): tests/app/test-ctl-libraries.py
 * checks that --help, version, dump and run load no libglib.
 */
#include "pm-config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-ctl-safe-output.h"

/* Every command, in the order of --help. The fourth field says where its code
 * is: NULL for the few built into the executable (their function is the fifth
 * field), else the module, postmortemctl-<module>.so, whose pm_ctl_<name> runs
 * it. Which module holds which file, and why: app/meson.build. */
static const PmCtlCommand commands[] = {
  { "version", "", N_("Print the version of Postmortem"), NULL, pm_ctl_version },
  { "dump", "PID [--type micro|mini|heap|triage] [-o FILE] [--sync] [--environ]", N_("Write a minidump of a running process"), NULL, pm_ctl_dump },
  { "info", "FILE|REPORT-KEY [--json] [--symbols DIR]…", N_("Summarise a minidump: crash, threads, modules"), NULL, pm_ctl_info },
  { "debuginfod", "FILE|REPORT-KEY|--build-id ID… [--server URL]… [--max-size SIZE] [--progress]", N_("Download the debug information of a dump's unnamed frames from debuginfod servers"), "debuginfod" },
  { "memory", "FILE|REPORT-KEY ADDRESS [LENGTH]", N_("Hex dump of a minidump's memory"), NULL, pm_ctl_memory },
  { "sanitize", "FILE.dmp -o OUT.dmp", N_("Copy a minidump without the process's strings, as sent below all data"), NULL, pm_ctl_sanitize },
  { "submit", "KEY…|--all [--url URL|--dsn DSN] [--no-gzip] [--approve] [--level LEVEL] [--without NAME]… [--comment TEXT] [--no-redact]", N_("Send reports to a crash server"), "send" },
  { "import", "FILE…", N_("Bring exported reports (.tar.gz, .zip) back into the store"), "archive" },
  { "import-core", "CORE [--type T] [--exe PATH]", N_("Turn an ELF core file into a report"), "coredump" },
  { "coredumps", "[--json] [--import --all|ID…] [--journal-directory DIR]", N_("List or import the crashes systemd-coredump recorded"), "coredump" },
  { "run", "[--type T] [--store DIR] [--timeout-ms N] [--launch-app] -- PROGRAM [ARGS…]", N_("Run a program with the crash handler preloaded"), NULL, pm_ctl_run },
  { "list", "[--queue|--archive|--all] [--json]", N_("List the reports in the store"), "store" },
  { "show", "KEY [--json] | KEY --manifest [--sent] [--json] [--level LEVEL] [--without NAME]… [--comment TEXT] [--no-redact]", N_("Show one report: its values and files"), "store" },
  { "purge", "--queue|--archive|--all|KEY…", N_("Delete reports"), "store" },
  { "export", "KEY -o FILE.tar.gz|FILE.zip", N_("Write a report into an archive, to send by hand"), "archive" },
  { "consent", "[APP|--default [LEVEL|unset]]", N_("Show or set consent (ask, parameters, safe-data, all-data, never)"), "store" },
  { "exclude", "[APP]", N_("Exclude an application from reporting (no APP: list them)"), "store" },
  { "include", "APP", N_("Include an excluded application again"), "store" },
  { "wait-chain", "PID|TID [--json]", N_("Show what the threads of a running process wait for, and its deadlocks"), "store" },
  { "hang", "PID [--tid TID] [--type micro|mini|heap]", N_("Report a process that stopped responding, with its wait chains, and leave it running"), "store" },
};

const PmCtlCommand *
pm_ctl_find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

PmCtlRun
pm_ctl_command_lookup (const PmCtlCommand *command, char **error)
{
  char symbol[64];

  if (command->module == NULL)
    return command->run;
  snprintf (symbol, sizeof symbol, "pm_ctl_%s", command->name);
  for (char *p = symbol; *p != '\0'; p++)
    if (*p == '-')
      *p = '_';
  return (PmCtlRun) pm_ctl_module_symbol (command->module, symbol, error);
}

static void
print_help (FILE *out)
{
  fprintf (out, _("Usage: postmortemctl COMMAND [ARGUMENTS…]\n\n"
                  "Crash reports on the Linux desktop, from the command line.\n\n"
                  "Commands:\n"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* The summary, then the arguments on a line of their own: some take a whole line. */
      fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
      if (commands[i].args[0] != '\0')
        fprintf (out, "  %-12s %s\n", "", commands[i].args);
    }
  fprintf (out, _("\nThe store is $PM_STORE_DIR if set, otherwise $XDG_DATA_HOME/postmortem.\n"));
}

int
pm_ctl_version (int argc, char **argv)
{
  printf ("postmortemctl %s\n", PACKAGE_VERSION);
  return 0;
}

/* Sets the person's locale for command (NULL: --help and errors). Messages and
 * their character set are for every command; the commands that print sizes,
 * numbers or dates for people (list, show, submit, coredumps, …) take the whole
 * locale. The readers of dump files print only fixed formats (hex, ISO dates),
 * and skip the other categories: each is a file to open and map, and all
 * thirteen cost about 0.4 ms, a tenth of `postmortemctl info`. */
static void
set_locale (const char *command)
{
  static const char *const fixed_formats[] = { "version", "info", "memory", "sanitize", "debuginfod" };

  for (gsize i = 0; command != NULL && i < G_N_ELEMENTS (fixed_formats); i++)
    if (strcmp (command, fixed_formats[i]) == 0)
      {
        setlocale (LC_CTYPE, "");
        setlocale (LC_MESSAGES, "");
        return;
      }
  setlocale (LC_ALL, "");
}

int
main (int argc, char **argv)
{
  const PmCtlCommand *cmd;
  char *error = NULL;
  PmCtlRun run;

  pm_ctl_output_make_safe ();
  set_locale (argc >= 2 ? argv[1] : NULL);
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

  cmd = pm_ctl_find_command (argv[1]);
  if (cmd == NULL)
    {
      fprintf (stderr, _("postmortemctl: unknown command “%s” (try “postmortemctl --help”)\n"), argv[1]);
      return PM_CTL_EXIT_USAGE;
    }
  run = pm_ctl_command_lookup (cmd, &error);
  if (run == NULL)
    {
      int status = pm_ctl_fail (_("the command “%s” cannot be loaded: %s"), cmd->name, error);
      free (error);
      return status;
    }
  return run (argc - 1, argv + 1);
}
