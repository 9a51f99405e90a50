/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-output.c — what every command of postmortemctl prints with: errors
 * and usage lines (JSON strings: pm-ctl-json.c).
 *
 * Runs in: postmortemctl, an ordinary process. Part of the executable and
 * exported to the command modules (postmortemctl.dynamic-list), so there is
 * one copy of each; libc only, as the executable links no GLib.
 */
#include "pm-config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-text.h"

/* Messages carry names from files, archives and servers: one line, escaped. */
static void
print_message (const char *prefix,
               const char *format,
               va_list     args)
{
  char *message = NULL, *safe;

  if (vasprintf (&message, format, args) < 0)
    {
      fprintf (stderr, "%s%s\n", prefix, format);    /* out of memory: the format at least */
      return;
    }
  safe = pm_text_make_safe (message, -1);
  fprintf (stderr, "%s%s\n", prefix, safe);
  free (safe);
  free (message);
}

int
pm_ctl_fail (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_message ("postmortemctl: ", format, args);
  va_end (args);
  return PM_CTL_EXIT_FAILURE;
}

int
pm_ctl_usage (const char *command, const char *format, ...)
{
  const PmCtlCommand *cmd = pm_ctl_find_command (command);
  char prefix[128];
  va_list args;

  snprintf (prefix, sizeof prefix, "postmortemctl %s: ", command);
  va_start (args, format);
  print_message (prefix, format, args);
  va_end (args);
  if (cmd != NULL)
    fprintf (stderr, _("Usage: postmortemctl %s %s\n"), cmd->name, cmd->args);
  return PM_CTL_EXIT_USAGE;
}
