/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pkgconfig-program.c — a program built only with
 * `cc pkgconfig-program.c $(pkg-config --cflags --libs postmortem-1)`,
 * as another project would.
 *
 * Runs in: a test process (plain C, no GLib).
 */
#include <stdio.h>
#include <postmortem.h>
#include <werapi.h>

int
main (void)
{
  static char block[128];
  PmCrashHandlerOptions options;

  if (WerRegisterMemoryBlock (block, sizeof block) != S_OK)
    return 1;
  if (pm_register_memory_block (block, 1) != PM_RESULT_INVALID_STATE)
    return 1;
  if (WerRegisterCustomMetadata (L"Via", L"pkg-config") != S_OK)
    return 1;
  pm_crash_handler_options_init (&options);
  if (pm_crash_handler_install (&options) != PM_RESULT_OK)
    return 1;
  if (pm_crash_handler_uninstall () != PM_RESULT_OK)
    return 1;
  puts ("built with pkg-config postmortem-1");
  return 0;
}
