/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-restart.c — pm_register_application_restart() and friends: the command
 * line Postmortem's application may reopen the program with after a crash or
 * a hang, kept as the one RESTART entry of the registration table so that
 * postmortem-dumper reads it with everything else.
 *
 * Runs in: the application, ordinary context, any thread. libc only, no
 * allocation (the table's lock and seqlock, pm-registration.c).
 */
#include "pm-config.h"

#include <string.h>

#include "postmortem.h"
#include "pm-client-private.h"

_Static_assert (PM_RESTART_MAX_CMD_LINE <= PM_REGISTRATION_TEXT_SIZE, "command line fits an entry");

#define PM_RESTART_KNOWN_FLAGS (PM_RESTART_NO_CRASH | PM_RESTART_NO_HANG | PM_RESTART_NO_PATCH | PM_RESTART_NO_REBOOT)

/* Well-formed UTF-8 (no overlong forms, surrogates or values above
 * U+10FFFF) without control characters: the report stores it on one line. */
static bool
command_line_is_valid (const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *) s;
  size_t i = 0;

  while (i < len)
    {
      unsigned char c = p[i];
      uint32_t cp;
      size_t n;

      if (c < 0x20 || c == 0x7f)
        return false;
      if (c < 0x80)
        {
          i++;
          continue;
        }
      if (c >= 0xc2 && c <= 0xdf)
        n = 1, cp = c & 0x1f;
      else if (c >= 0xe0 && c <= 0xef)
        n = 2, cp = c & 0x0f;
      else if (c >= 0xf0 && c <= 0xf4)
        n = 3, cp = c & 0x07;
      else
        return false;
      for (size_t k = 1; k <= n; k++)
        {
          if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
            return false;
          cp = (cp << 6) | (p[i + k] & 0x3f);
        }
      if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
          (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
        return false;
      i += n + 1;
    }
  return true;
}

PmResult
pm_register_application_restart (const char *command_line, unsigned int flags)
{
  PmRegistrationEntry entry;
  size_t len;

  if (command_line == NULL)
    command_line = "";
  len = strlen (command_line);
  if (len >= PM_RESTART_MAX_CMD_LINE || !command_line_is_valid (command_line, len))
    return PM_RESULT_INVALID_ARGUMENT;
  if ((flags & ~PM_RESTART_KNOWN_FLAGS) != 0)
    return PM_RESULT_INVALID_ARGUMENT;

  memset (&entry, 0, sizeof entry);
  entry.kind = PM_REGISTRATION_KIND_RESTART;
  entry.flags = flags;
  memcpy (entry.text, command_line, len + 1);
  return pm_registration_set_singleton (PM_REGISTRATION_KIND_RESTART, &entry);
}

PmResult
pm_unregister_application_restart (void)
{
  return pm_registration_set_singleton (PM_REGISTRATION_KIND_RESTART, NULL);
}

PmResult
pm_get_application_restart_settings (char *buffer, size_t size, size_t *needed, unsigned int *flags)
{
  PmRegistrationEntry entry;
  size_t len;

  if (!pm_registration_get_singleton (PM_REGISTRATION_KIND_RESTART, &entry))
    return PM_RESULT_NOT_FOUND;
  entry.text[sizeof entry.text - 1] = '\0';
  len = strlen (entry.text);
  if (needed != NULL)
    *needed = len + 1;
  if (flags != NULL)
    *flags = entry.flags;
  if (buffer == NULL || size < len + 1)
    return PM_RESULT_LIMIT_REACHED;
  memcpy (buffer, entry.text, len + 1);
  return PM_RESULT_OK;
}
