/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-safe-output.c — stdout and stderr of postmortemctl as escaping streams (fopencookie).
 *
 * Runs in: postmortemctl, an ordinary process; the streams are written from the main
 * thread (stdio locks them like any FILE). libc only: the executable links no GLib.
 *
 * Why a stream and not only escaped values: postmortemctl prints names and messages that
 * came from report files, minidumps, archives and servers in many places (list, show, info,
 * memory, import, export, submit, and the store's error messages). Each command escapes the
 * values it prints (a newline in a name must not forge a line); this layer makes sure an
 * escape sequence (OSC, CSI, C1) can never pass even where one was missed. Newline, carriage
 * return (submit's progress line) and TAB pass.
 */
#include "pm-config.h"

#include "pm-ctl-safe-output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pm-text.h"

typedef struct
{
  int     fd;
  char    pending[4];        /* the start of a UTF-8 sequence split between two writes */
  gsize   n_pending;
} PmSafeStream;

/* Where escaped text goes: each input byte becomes at most four ("\\xNN"). */
typedef struct
{
  char  *str;
  gsize  len;
} Escaped;

static void
append_escaped_byte (Escaped *out,
                     guchar   b)
{
  static const char hex[] = "0123456789abcdef";

  out->str[out->len++] = '\\';
  out->str[out->len++] = 'x';
  out->str[out->len++] = hex[b >> 4];
  out->str[out->len++] = hex[b & 0xf];
}

/* Escapes @n bytes into @out (room for 4 * @n); returns how many it consumed: an
 * incomplete UTF-8 sequence at the end (fewer than 4 bytes) stays for the next write,
 * unless @final. */
static gsize
pm_ctl_output_escape (Escaped    *out,
                      const char *bytes,
                      gsize       n,
                      gboolean    final)
{
  gsize pos = 0;

  while (pos < n)
    {
      guchar b = (guchar) bytes[pos];
      gunichar c;
      gssize len;

      if (b < 0x80)
        {
          if ((b < 0x20 && b != '\n' && b != '\r' && b != '\t') || b == 0x7f)
            append_escaped_byte (out, b);
          else
            out->str[out->len++] = (char) b;
          pos++;
          continue;
        }
      len = pm_text_decode_utf8 (bytes + pos, n - pos, &c);
      if (len < 0 && !final)
        break;                   /* the rest of this character comes with the next write */
      if (len <= 0)
        {
          append_escaped_byte (out, b);
          pos++;
          continue;
        }
      if (c >= 0x80 && c <= 0x9f)
        for (gssize i = 0; i < len; i++)
          append_escaped_byte (out, (guchar) bytes[pos + i]);
      else
        {
          memcpy (out->str + out->len, bytes + pos, (gsize) len);
          out->len += (gsize) len;
        }
      pos += (gsize) len;
    }
  return pos;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t w = write (fd, data, len);

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return FALSE;
      data += w;
      len -= (gsize) w;
    }
  return TRUE;
}

static ssize_t
safe_stream_write (void       *cookie,
                   const char *buf,
                   size_t      size)
{
  PmSafeStream *stream = cookie;
  gsize in_len = stream->n_pending + size, used;
  char *in = malloc (in_len);
  Escaped out = { malloc (4 * in_len + 1), 0 };
  gboolean written;

  if (in == NULL || out.str == NULL)
    {
      free (in);
      free (out.str);
      errno = ENOMEM;
      return -1;
    }
  memcpy (in, stream->pending, stream->n_pending);
  memcpy (in + stream->n_pending, buf, size);
  used = pm_ctl_output_escape (&out, in, in_len, FALSE);
  stream->n_pending = in_len - used;
  memcpy (stream->pending, in + used, stream->n_pending);
  written = write_all (stream->fd, out.str, out.len);
  free (in);
  free (out.str);
  return written ? (ssize_t) size : -1;
}

static int
safe_stream_close (void *cookie)
{
  PmSafeStream *stream = cookie;
  char escaped[4 * sizeof stream->pending];
  Escaped out = { escaped, 0 };

  pm_ctl_output_escape (&out, stream->pending, stream->n_pending, TRUE);
  write_all (stream->fd, out.str, out.len);
  stream->n_pending = 0;
  return 0;
}

/* @stream lives as long as the process: exit() flushes the FILE but does not close it,
 * so nothing would free a cookie allocated here. */
static FILE *
safe_stream_new (PmSafeStream *stream,
                 int           fd,
                 int           buffering)
{
  static const cookie_io_functions_t functions = {
    .read = NULL, .write = safe_stream_write, .seek = NULL, .close = safe_stream_close,
  };
  FILE *file;

  stream->fd = fd;
  stream->n_pending = 0;
  file = fopencookie (stream, "w", functions);
  if (file == NULL)
    return NULL;
  setvbuf (file, NULL, buffering, buffering == _IONBF ? 0 : BUFSIZ);
  return file;
}

void
pm_ctl_output_make_safe (void)
{
  static PmSafeStream out_stream, err_stream;
  FILE *out = safe_stream_new (&out_stream, STDOUT_FILENO, isatty (STDOUT_FILENO) ? _IOLBF : _IOFBF);
  FILE *err = safe_stream_new (&err_stream, STDERR_FILENO, _IONBF);

  /* glibc's stdout and stderr are assignable; exit() flushes and closes these streams. */
  if (out != NULL)
    stdout = out;
  if (err != NULL)
    stderr = err;
}

void
pm_ctl_output_clear_line (void)
{
  static const char clear[] = "\r\033[K";

  fflush (stderr);
  write_all (STDERR_FILENO, clear, sizeof clear - 1);
}
