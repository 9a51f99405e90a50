/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-memory.c — `postmortemctl memory FILE|REPORT-KEY ADDRESS [LENGTH]`:
 * a hex dump of the crashed process's memory as the minidump recorded it.
 *
 * Runs in: postmortemctl, an ordinary process, built into the executable
 * with info. Calls libc only (GLib's headers for types and macros), as the
 * executable does (app/meson.build). Bytes are read straight from the mapped dump
 * (pm_minidump_get_memory, zero-copy), range by range, so LENGTH can be large
 * without a large buffer.
 *
 * Output: one line per 16 bytes, "0x<address>  xx xx … |ascii|". When the
 * dump holds only part of the span, the bytes present are printed and a note
 * on stderr says where the gap begins (exit status 0); when it holds none of
 * it, the command fails (exit status 1).
 */
#include "pm-config.h"

/* libc only: pm-ctl.h then leaves out its GLib helpers (pm_ctl_json_string). */
#define PM_CTL_LIBC_ONLY

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-minidump-reader.h"

#define DEFAULT_LENGTH 256
#define MAX_LENGTH     (G_GUINT64_CONSTANT (1) << 32)

static gboolean
parse_number (const char *text, guint64 *out)
{
  char *end = NULL;
  guint64 v;

  if (text == NULL || *text == '\0' || *text == '-' || *text == '+')
    return FALSE;
  errno = 0;
  v = strtoull (text, &end, 0);   /* 0x… hex, 0… octal, else decimal */
  if (errno != 0 || end == text || *end != '\0')
    return FALSE;
  *out = v;
  return TRUE;
}

static void
print_line (guint64 address, const guint8 *bytes, size_t n)
{
  char hex[16 * 3 + 1];
  char ascii[17];
  size_t h = 0;

  for (size_t i = 0; i < 16; i++)
    {
      if (i < n)
        h += (size_t) snprintf (hex + h, sizeof hex - h, "%02x ", bytes[i]);
      else
        h += (size_t) snprintf (hex + h, sizeof hex - h, "   ");
      ascii[i] = i < n ? (bytes[i] >= 0x20 && bytes[i] < 0x7f ? (char) bytes[i] : '.') : ' ';
    }
  ascii[16] = '\0';
  printf ("0x%016" G_GINT64_MODIFIER "x  %s |%s|\n", address, hex, ascii);
}

int
pm_ctl_memory (int argc, char **argv)
{
  const char *args[3] = { NULL, NULL, NULL };
  int n_args = 0;
  guint64 address, length = DEFAULT_LENGTH, done = 0;
  char *label = NULL;
  char *error = NULL;
  PmMinidump *md;
  int status;
  guint8 line[16];
  size_t line_fill = 0;
  guint64 line_address;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          printf (_("Usage: postmortemctl memory FILE|REPORT-KEY ADDRESS [LENGTH]\n"
                    "Print a hex dump of LENGTH bytes (default %d) of the dumped process's memory\n"
                    "at ADDRESS. Numbers are decimal, or hexadecimal with 0x.\n"), DEFAULT_LENGTH);
          return 0;
        }
      if (n_args == 3)
        return pm_ctl_usage ("memory", _("too many arguments"));
      args[n_args++] = argv[i];
    }
  if (n_args < 2)
    return pm_ctl_usage ("memory", _("a minidump FILE and an ADDRESS are needed"));
  if (!parse_number (args[1], &address))
    return pm_ctl_usage ("memory", _("“%s” is not an address (use decimal or 0x… hexadecimal)"), args[1]);
  if (args[2] != NULL && (!parse_number (args[2], &length) || length == 0 || length > MAX_LENGTH))
    return pm_ctl_usage ("memory", _("“%s” is not a length from 1 to 4294967296"), args[2]);
  if (length - 1 > G_MAXUINT64 - address)
    return pm_ctl_usage ("memory", _("0x%llx + %llu runs past the end of the address space"),
                         (unsigned long long) address, (unsigned long long) length);

  md = pm_ctl_open_minidump (args[0], &label, &error);
  if (md == NULL)
    {
      status = pm_ctl_fail ("%s", error);
      free (label);
      free (error);
      return status;
    }

  line_address = address;
  while (done < length)
    {
      const guint8 *p;
      guint64 avail;

      if (pm_minidump_get_memory (md, address + done, &p, &avail) != PM_MD_OK)
        break;
      if (avail > length - done)
        avail = length - done;
      for (guint64 i = 0; i < avail; i++)
        {
          line[line_fill++] = p[i];
          if (line_fill == 16)
            {
              if (pm_minidump_is_damaged (md))
                break;          /* zeros where the file was: never print them as memory */
              print_line (line_address, line, line_fill);
              line_address += 16;
              line_fill = 0;
            }
        }
      done += avail;
    }
  if (pm_minidump_is_damaged (md))
    {
      /* The lines printed come first; the message is md's, so md is closed after. */
      fflush (stdout);
      status = pm_ctl_fail ("%s: %s", label, pm_minidump_get_error_message (md));
      pm_minidump_close (md);
      free (label);
      return status;
    }
  if (line_fill > 0)
    print_line (line_address, line, line_fill);
  pm_minidump_close (md);

  if (done == 0)
    {
      status = pm_ctl_fail (_("%s: address 0x%llx is not in the dump's memory"),
                            label, (unsigned long long) address);
      free (label);
      return status;
    }
  free (label);
  if (done < length)
    fprintf (stderr, _("postmortemctl memory: only %llu of %llu bytes are in the dump; "
                       "nothing recorded from 0x%llx\n"),
             (unsigned long long) done, (unsigned long long) length, (unsigned long long) (address + done));
  return fflush (stdout) == 0 ? 0 : pm_ctl_fail (_("cannot write the output: %s"), strerror (errno));
}
