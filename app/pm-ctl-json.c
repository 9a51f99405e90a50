/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-json.c — JSON string literals for the commands that print --json.
 *
 * Runs in: postmortemctl's command modules (GLib allowed). Built into each
 * module that prints JSON (app/meson.build) rather than exported by the
 * executable, which links no GLib; hidden there (G_GNUC_INTERNAL).
 */
#include "pm-config.h"

#include <string.h>

#include "pm-ctl.h"

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
