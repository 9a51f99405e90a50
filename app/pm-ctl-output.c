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
#include "pm-text.h"

/* Messages carry names from files, archives and servers: one line, escaped. */
static void
print_message (const char *prefix,
               const char *format,
               va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  g_autofree char *safe = pm_text_make_safe (message, -1);

  fprintf (stderr, "%s%s\n", prefix, safe);
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
  g_autofree char *prefix = g_strdup_printf ("postmortemctl %s: ", command);
  va_list args;

  va_start (args, format);
  print_message (prefix, format, args);
  va_end (args);
  if (cmd != NULL)
    fprintf (stderr, _("Usage: postmortemctl %s %s\n"), cmd->name, cmd->args);
  return PM_CTL_EXIT_USAGE;
}

/* Appends s (len bytes, possibly invalid UTF-8 from a hostile file) as a
 * JSON string: invalid sequences become U+FFFD, control characters (C0, DEL, C1) \u00XX. */
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
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          /* C1 controls too: a terminal acts on U+009B (CSI) as on ESC [. */
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  g_string_append_c (out, '"');
}
