/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
// test-headers-cpp.cpp — the public headers compile as C++ (with warnings
// on) and their functions link and work from C++.
//
// Runs in: a test process (C++, linked to the shared libpostmortem).
#include <postmortem.h>
#include <werapi.h>

#include <cstdio>
#include <cstring>

int
main ()
{
  static char block[64];
  PmCrashHandlerOptions options;

  pm_crash_handler_options_init (&options);
  if (options.struct_size != sizeof options || options.dump_type != PM_DUMP_TYPE_MINI)
    return 1;
  if (pm_register_memory_block (block, sizeof block) != PM_RESULT_OK)
    return 1;
  if (WerUnregisterMemoryBlock (block) != S_OK)
    return 1;
  if (WerRegisterCustomMetadata (L"Lang", L"C++") != S_OK)
    return 1;
  if (pm_unregister_custom_metadata ("Lang") != PM_RESULT_OK)
    return 1;
  if (std::strlen (pm_result_to_string (PM_RESULT_NOT_FOUND)) == 0)
    return 1;
  std::puts ("C++: public headers OK");
  return 0;
}
