/* pm-ctl.h — the commands of postmortemctl.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 * Each command lives in its own file, app/pm-ctl-<command>.c, and is one
 * entry of the table in postmortemctl.c. A command returns the process exit
 * status: 0 on success, PM_CTL_EXIT_USAGE for a command line it cannot use,
 * PM_CTL_EXIT_FAILURE when the work failed (the reason printed to stderr).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PM_CTL_EXIT_FAILURE 1
#define PM_CTL_EXIT_USAGE   2

typedef struct
{
  const char *name;
  const char *args;          /* one line: "KEY [--json]" */
  const char *summary;       /* one line, sentence case */
  int       (*run) (int argc, char **argv); /* argv[0] is the command name */
} PmCtlCommand;

/* Prints "postmortemctl: <message>" to stderr and returns PM_CTL_EXIT_FAILURE. */
int pm_ctl_fail  (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Prints "postmortemctl <command>: <message>" and the command's usage, returns PM_CTL_EXIT_USAGE. */
int pm_ctl_usage (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* The commands, one file each. */
int pm_ctl_version (int argc, char **argv);

G_END_DECLS
