/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-output.c — what every command of postmortemctl prints with: errors,
 * usage lines, JSON strings.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed). Part of the
 * executable and exported to the command modules (postmortemctl.dynamic-list),
 * so there is one copy of each.
 */
#include "pm-config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"

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
  const PmCtlCommand *cmd = pm_ctl_find_command (command);
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

/* Appends s (len bytes, possibly invalid UTF-8 from a hostile file) as a
 * JSON string: invalid sequences become U+FFFD, control characters \u00XX. */
void
pm_ctl_json_string (GString *out, const char *s, gssize len)
{
  g_autofree char *valid = NULL;

  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (len < 0)
    len = (gssize) strlen (s);
  valid = g_utf8_make_valid (s, len);
  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}
