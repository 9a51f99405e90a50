/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-text.c — escaping untrusted bytes into safe UTF-8 text (see pm-text.h).
 *
 * Runs in: any process; pure functions over their arguments, no global state.
 * Calls libc only (GLib's types, none of its functions): postmortemctl's
 * executable escapes its messages with it and links no GLib (app/meson.build).
 * Memory comes from malloc, which g_free() frees (GLib >= 2.46); running out
 * of it aborts, as g_malloc() does.
 *
 * The decoder below is written out rather than built on g_utf8_get_char_validated() so that
 * it accepts exactly RFC 3629 UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF) and treats an explicit length with embedded NULs the same way everywhere.
 */
#include "pm-text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing string: the few operations escaping needs. */
typedef struct
{
  char  *str;
  gsize  len, size;
} Buffer;

static void
buffer_init (Buffer *b,
             gsize   reserve)
{
  b->size = reserve + 1;
  b->len = 0;
  b->str = malloc (b->size);
  if (b->str == NULL)
    abort ();
  b->str[0] = '\0';
}

static void
buffer_append (Buffer     *b,
               const char *bytes,
               gsize       n)
{
  if (b->len + n + 1 > b->size)
    {
      while (b->len + n + 1 > b->size)
        b->size *= 2;
      b->str = realloc (b->str, b->size);
      if (b->str == NULL)
        abort ();
    }
  memcpy (b->str + b->len, bytes, n);
  b->len += n;
  b->str[b->len] = '\0';
}

static char *
copy_bytes (const char *bytes,
            gsize       n)
{
  char *copy = malloc (n + 1);

  if (copy == NULL)
    abort ();
  if (n > 0)
    memcpy (copy, bytes, n);
  copy[n] = '\0';
  return copy;
}

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

gssize
pm_text_decode_utf8 (const char *bytes,
                     gsize       left,
                     gunichar   *c)
{
  const guchar *p = (const guchar *) bytes;
  gsize n = decode_utf8 (p, left, c);
  gsize need;

  if (n > 0 || left == 0)
    return (gssize) n;
  if (p[0] >= 0xc2 && p[0] <= 0xdf)
    need = 2;
  else if (p[0] >= 0xe0 && p[0] <= 0xef)
    need = 3;
  else if (p[0] >= 0xf0 && p[0] <= 0xf4)
    need = 4;
  else
    return 0;
  if (left >= need)
    return 0;
  for (gsize i = 1; i < left; i++)
    if ((p[i] & 0xc0) != 0x80)
      return 0;
  return -1;
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
  Buffer out;

  buffer_init (&out, left);

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
              buffer_append (&out, e, 4);
            }
        }
      else if (c == '\\')
        buffer_append (&out, "\\\\", 2);
      else
        buffer_append (&out, (const char *) p, n);
      p += n;
      left -= n;
    }
  return out.str;
}

char *
pm_text_escape_untrusted_max (const char *bytes,
                              gssize      length,
                              gsize       max_bytes)
{
  char *escaped = pm_text_escape_untrusted (bytes, length);
  gsize len = strlen (escaped), keep = 0;

  /* Under 8 bytes there is no room for a character and the mark: not cut. */
  if (len <= max_bytes || max_bytes < 8)
    return escaped;
  /* Whole units only: a backslash starts "\\" or "\xNN" (escaped text has no other). */
  for (gsize pos = 0; pos < len;)
    {
      gunichar c;
      gsize unit = escaped[pos] == '\\' ? (escaped[pos + 1] == 'x' ? 4 : 2)
                                         : decode_utf8 ((const guchar *) escaped + pos, len - pos, &c);

      if (unit == 0)
        unit = 1;                /* escaped text is UTF-8: never, but never a loop either */

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
    return copy_bytes (bytes != NULL ? bytes : "", n);
  return pm_text_escape_untrusted (bytes, (gssize) n);
}

/* @length bytes at @bytes as valid UTF-8 read the way g_utf8_make_valid() reads text: each
 * byte that starts no valid character (and each NUL) becomes one U+FFFD; with
 * @escape_controls, each C0, DEL and C1 control character becomes `\xNN` too. */
static char *
make_valid (const char *bytes,
            gssize      length,
            gboolean    escape_controls)
{
  gsize n = resolve_length (bytes, length);
  Buffer out;

  buffer_init (&out, n);
  for (gsize i = 0; i < n;)
    {
      gunichar c;
      gssize len = pm_text_decode_utf8 (bytes + i, n - i, &c);

      if (len <= 0 || c == 0)
        {
          buffer_append (&out, "\xef\xbf\xbd", 3);   /* U+FFFD for the byte */
          i++;
        }
      else if (escape_controls && (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)))
        {
          char escape[5];
          snprintf (escape, sizeof escape, "\\x%02x", (unsigned) c);
          buffer_append (&out, escape, 4);
          i += (gsize) len;
        }
      else
        {
          buffer_append (&out, bytes + i, (gsize) len);
          i += (gsize) len;
        }
    }
  return out.str;
}

char *
pm_text_make_valid (const char *bytes,
                    gssize      length)
{
  return make_valid (bytes, length, FALSE);
}

char *
pm_text_printable (const char *bytes,
                   gssize      length)
{
  return make_valid (bytes, length, TRUE);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char *
pm_text_unescape (const char *text,
                  gsize      *length)
{
  char *out;
  gsize n = 0;

  if (text == NULL)
    {
      fprintf (stderr, "pm_text_unescape: text is NULL\n");
      return NULL;
    }
  /* Never longer than the escaped text. */
  out = malloc (strlen (text) + 1);
  if (out == NULL)
    abort ();
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != '\\')
        out[n++] = *p;
      else if (p[1] == '\\')
        {
          out[n++] = '\\';
          p++;
        }
      else if (p[1] == 'x' && hex_value (p[2]) >= 0 && hex_value (p[3]) >= 0)
        {
          out[n++] = (char) (hex_value (p[2]) * 16 + hex_value (p[3]));
          p += 3;
        }
      else
        {
          free (out);
          if (length != NULL)
            *length = 0;
          return NULL;
        }
    }
  out[n] = '\0';
  if (length != NULL)
    *length = n;
  return out;
}
