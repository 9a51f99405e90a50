/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-json.c — JSON string literals for the commands that print --json.
 *
 * Runs in: postmortemctl. Calls libc only (GLib's types, none of its
 * functions): `info` in the executable uses it, and each module that prints
 * JSON has its own copy (G_GNUC_INTERNAL: hidden), so the executable exports
 * nothing more. The GLib modules append to a GString through the inline
 * pm_ctl_json_string() in pm-ctl.h, which calls this.
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include "pm-ctl.h"
#include "pm-text.h"

/* Whether c stands for itself in a JSON string printed to a terminal. C1
 * controls are escaped too: a terminal acts on U+009B (CSI) as on ESC [. */
static gboolean
is_plain (gunichar c)
{
  return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f && !(c >= 0x80 && c <= 0x9f);
}

static void
write_escaped (FILE *out, gunichar c)
{
  switch (c)
    {
    case '"': fputs ("\\\"", out); break;
    case '\\': fputs ("\\\\", out); break;
    case '\n': fputs ("\\n", out); break;
    case '\r': fputs ("\\r", out); break;
    case '\t': fputs ("\\t", out); break;
    default: fprintf (out, "\\u%04x", (unsigned) c);
    }
}

/* Writes s (len bytes, possibly invalid UTF-8 from a hostile file) as a JSON
 * string: invalid sequences become U+FFFD, control characters (C0, DEL, C1)
 * \u00XX. The text is the one g_utf8_make_valid() gives, as in earlier
 * versions: each byte that starts no valid RFC 3629 character, and each NUL
 * within an explicit length, becomes one U+FFFD. */
void
pm_ctl_json_write_string (FILE *out, const char *s, gssize len)
{
  const char *end, *run;

  if (s == NULL)
    {
      fputs ("null", out);
      return;
    }
  if (len < 0)
    len = (gssize) strlen (s);
  end = s + len;
  putc ('"', out);
  /* Characters that need no escape are written in runs, not one by one. */
  run = s;
  for (const char *p = s; p < end;)
    {
      gunichar c = 0;
      gssize n = *p != '\0' ? pm_text_decode_utf8 (p, (gsize) (end - p), &c) : 0;

      if (n > 0 && is_plain (c))
        {
          p += n;
          continue;
        }
      fwrite (run, 1, (size_t) (p - run), out);
      if (n > 0)
        write_escaped (out, c);
      else
        fputs ("\357\277\275", out);   /* U+FFFD for this one byte */
      p += n > 0 ? n : 1;
      run = p;
    }
  fwrite (run, 1, (size_t) (end - run), out);
  putc ('"', out);
}
