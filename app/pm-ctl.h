/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl.h — the commands of postmortemctl.
 *
 * Runs in: postmortemctl, an ordinary process. The executable (the table,
 * --help, the built-in commands, the helpers it exports) calls libc only;
 * the modules use GLib.
 *
 * Each command lives in its own file, app/pm-ctl-<command>.c, and is one
 * entry of the table in postmortemctl.c. A command returns the process exit
 * status: 0 on success, PM_CTL_EXIT_USAGE for a command line it cannot use,
 * PM_CTL_EXIT_FAILURE when the work failed (the reason printed to stderr).
 *
 * Most commands live in modules (postmortemctl-<group>.so, app/meson.build
 * says which) loaded only when the command runs, so each command pays only
 * for the libraries it uses: the executable links libc alone. A module's
 * command is the function pm_ctl_<name> ('-' in the name becomes '_'); the
 * helpers below are exported by the executable to the modules
 * (postmortemctl.dynamic-list).
 */
#pragma once

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

G_BEGIN_DECLS

#define PM_CTL_EXIT_FAILURE 1
#define PM_CTL_EXIT_USAGE   2

typedef int (*PmCtlRun) (int argc, char **argv); /* argv[0] is the command name */

typedef struct
{
  const char *name;
  const char *args;          /* one line: "KEY [--json]" */
  const char *summary;       /* one line, sentence case */
  const char *module;        /* "store": in postmortemctl-store.so; NULL: built in */
  PmCtlRun    run;           /* built-in commands only */
} PmCtlCommand;

/* The entry of the table for command name, or NULL. */
const PmCtlCommand *pm_ctl_find_command (const char *name);
/* The command's function: built in, or pm_ctl_<name> from its module. NULL
 * and a message in *error (free it) when the module cannot be loaded. */
PmCtlRun            pm_ctl_command_lookup (const PmCtlCommand *command, char **error);
/* symbol from postmortemctl-<module>.so, loaded on first use from the private
 * module folder found next to this executable (pm-ctl-module.c). NULL and a
 * message in *error (free it) when the module or the symbol is missing. */
gpointer            pm_ctl_module_symbol  (const char *module, const char *symbol, char **error);

/* Prints "postmortemctl: <message>" to stderr and returns PM_CTL_EXIT_FAILURE. */
int pm_ctl_fail  (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Prints "postmortemctl <command>: <message>" and the command's usage, returns PM_CTL_EXIT_USAGE. */
int pm_ctl_usage (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* The commands, one file each. Built in (the executable): */
int pm_ctl_version (int argc, char **argv);
int pm_ctl_dump    (int argc, char **argv);   /* pm-ctl-dump.c */
int pm_ctl_run     (int argc, char **argv);   /* pm-ctl-run.c */
int pm_ctl_info    (int argc, char **argv);   /* pm-ctl-info.c */
int pm_ctl_memory  (int argc, char **argv);   /* pm-ctl-memory.c */
int pm_ctl_sanitize (int argc, char **argv);  /* pm-ctl-sanitize.c */
/* In modules: */
int pm_ctl_submit  (int argc, char **argv);   /* pm-ctl-submit.c */
int pm_ctl_import  (int argc, char **argv);   /* pm-ctl-import.c */
int pm_ctl_list    (int argc, char **argv);   /* pm-ctl-list.c */
int pm_ctl_show    (int argc, char **argv);   /* pm-ctl-show.c */
int pm_ctl_purge   (int argc, char **argv);   /* pm-ctl-purge.c */
int pm_ctl_export  (int argc, char **argv);   /* pm-ctl-export.c */
int pm_ctl_consent (int argc, char **argv);   /* pm-ctl-consent.c */
int pm_ctl_exclude (int argc, char **argv);   /* pm-ctl-exclude.c */
int pm_ctl_include (int argc, char **argv);   /* pm-ctl-exclude.c */
int pm_ctl_wait_chain (int argc, char **argv); /* pm-ctl-wait-chain.c */
int pm_ctl_hang (int argc, char **argv); /* pm-ctl-hang.c */
int pm_ctl_import_core (int argc, char **argv); /* pm-ctl-import-core.c */
int pm_ctl_coredumps (int argc, char **argv);  /* pm-ctl-coredumps.c */
int pm_ctl_debuginfod (int argc, char **argv); /* pm-ctl-debuginfod.c */

/* Shared by the minidump commands (pm-ctl-info.c, libc only; exported to the
 * modules for debuginfod). pm_ctl_open_minidump()
 * opens a minidump file, or the main minidump of the report with that key, and
 * sets *label to what to call it in messages; on failure returns NULL and a
 * message in *error. Both strings are malloc'd: free() them. No argument may
 * be NULL. */
typedef struct PmMinidump PmMinidump;
PmMinidump *pm_ctl_open_minidump (const char *target, char **label, char **error);
/* In the store module (pm-ctl-report-minidump.c), for info and memory: an fd
 * of the main minidump of the report with that key and its name in *name, or
 * -1 and a message in *error (free both strings). */
int         pm_ctl_open_report_minidump (const char *key, char **name, char **error);
typedef int (*PmCtlOpenReportMinidump) (const char *key, char **name, char **error);
/* Writes s as a JSON string literal (invalid UTF-8 replaced, controls escaped);
 * NULL gives null. len < 0: NUL-terminated. (pm-ctl-json.c, libc only, built
 * into each module that prints JSON: not in the executable.) */
G_GNUC_INTERNAL
void        pm_ctl_json_write_string (FILE *out, const char *s, gssize len);
/* The same appended to a GString, for the modules that use GLib. A file that
 * must call libc only defines PM_CTL_LIBC_ONLY before it includes this
 * header, so that using it there fails to compile instead of linking GLib. */
#ifndef PM_CTL_LIBC_ONLY
static inline void
pm_ctl_json_string (GString *out, const char *s, gssize len)
{
  char *text = NULL;
  size_t size = 0;
  FILE *stream = open_memstream (&text, &size);

  if (stream == NULL)
    abort ();   /* out of memory, as in g_malloc() */
  pm_ctl_json_write_string (stream, s, len);
  if (fclose (stream) != 0)
    abort ();
  g_string_append_len (out, text, (gssize) size);
  free (text);
}
#endif

G_END_DECLS
