/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-text.c — escaping untrusted bytes into safe UTF-8 text (see pm-text.h).
 *
 * Runs in: any process; pure functions over their arguments, no global state.
 *
 * The decoder below is written out rather than built on g_utf8_get_char_validated() so that
 * it accepts exactly RFC 3629 UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF) and treats an explicit length with embedded NULs the same way everywhere.
 */
#include "pm-text.h"

#include <string.h>

/* The length of the valid UTF-8 sequence at @p (at most @left bytes), 0 if it is not one;
 * @c receives its code point. */
static gsize
decode_utf8 (const guchar *p,
             gsize         left,
             gunichar     *c)
{
  guchar b = p[0];
  gsize n;
  gunichar min;

  if (b < 0x80)
    {
      *c = b;
      return 1;
    }
  if (b >= 0xc2 && b <= 0xdf)
    n = 2, min = 0x80, *c = b & 0x1f;
  else if (b >= 0xe0 && b <= 0xef)
    n = 3, min = 0x800, *c = b & 0x0f;
  else if (b >= 0xf0 && b <= 0xf4)
    n = 4, min = 0x10000, *c = b & 0x07;
  else
    return 0;
  if (n > left)
    return 0;
  for (gsize i = 1; i < n; i++)
    {
      if ((p[i] & 0xc0) != 0x80)
        return 0;
      *c = (*c << 6) | (p[i] & 0x3f);
    }
  if (*c < min || *c > 0x10ffff || (*c >= 0xd800 && *c <= 0xdfff))
    return 0;
  return n;
}

static gboolean
is_control (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
}

static gsize
resolve_length (const char *bytes,
                gssize      length)
{
  if (bytes == NULL)
    return 0;
  return length < 0 ? strlen (bytes) : (gsize) length;
}

gboolean
pm_text_is_safe (const char *bytes,
                 gssize      length)
{
  const guchar *p = (const guchar *) bytes;
  gsize left = resolve_length (bytes, length);

  while (left > 0)
    {
      gunichar c = 0;
      gsize n = decode_utf8 (p, left, &c);

      if (n == 0 || is_control (c))
        return FALSE;
      p += n;
      left -= n;
    }
  return TRUE;
}

char *
pm_text_escape_untrusted (const char *bytes,
                          gssize      length)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) bytes;
  gsize left = resolve_length (bytes, length);
  GString *out = g_string_sized_new (left + 1);

  while (left > 0)
    {
      gunichar c = 0;
      gsize n = decode_utf8 (p, left, &c);
      gboolean escape = n == 0 || is_control (c);

      if (n == 0)
        n = 1;                  /* a byte that starts no valid sequence: escape it alone */
      if (escape)
        {
          /* Each byte on its own, so the escaped text maps back to the exact bytes. */
          for (gsize i = 0; i < n; i++)
            {
              char e[4] = { '\\', 'x', hex[p[i] >> 4], hex[p[i] & 0xf] };
              g_string_append_len (out, e, 4);
            }
        }
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else
        g_string_append_len (out, (const char *) p, n);
      p += n;
      left -= n;
    }
  return g_string_free (out, FALSE);
}

char *
pm_text_escape_untrusted_max (const char *bytes,
                              gssize      length,
                              gsize       max_bytes)
{
  char *escaped = pm_text_escape_untrusted (bytes, length);
  gsize len = strlen (escaped), keep = 0;

  g_return_val_if_fail (max_bytes >= 8, escaped);

  if (len <= max_bytes)
    return escaped;
  /* Whole units only: a backslash starts "\\" or "\xNN" (escaped text has no other). */
  for (gsize pos = 0; pos < len;)
    {
      gsize unit = escaped[pos] == '\\' ? (escaped[pos + 1] == 'x' ? 4 : 2)
                                         : (gsize) (g_utf8_next_char (escaped + pos) - (escaped + pos));

      if (pos + unit > max_bytes - strlen ("…"))
        break;
      pos += unit;
      keep = pos;
    }
  memcpy (escaped + keep, "…", strlen ("…") + 1);
  return escaped;
}

char *
pm_text_make_safe (const char *bytes,
                   gssize      length)
{
  gsize n = resolve_length (bytes, length);

  if (pm_text_is_safe (bytes, (gssize) n))
    return bytes != NULL ? g_strndup (bytes, n) : g_strdup ("");
  return pm_text_escape_untrusted (bytes, (gssize) n);
}

char *
pm_text_unescape (const char *text,
                  gsize      *length)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 1);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (p[1] == '\\')
        {
          g_string_append_c (out, '\\');
          p++;
        }
      else if (p[1] == 'x' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[2]) * 16
                                          + g_ascii_xdigit_value (p[3])));
          p += 3;
        }
      else
        {
          g_string_free (out, TRUE);
          if (length != NULL)
            *length = 0;
          return NULL;
        }
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
