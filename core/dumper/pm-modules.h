/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-modules.h — the ELF modules (executable, shared libraries, vDSO) of a
 * stopped process, with their address ranges and build-ids.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only.
 *
 * Modules come from /proc/PID/maps: a file mapping at offset 0 whose memory
 * starts with an ELF header opens a module; the following mappings of the
 * same file (and the anonymous .bss right after it) extend it. Ranges never
 * overlap (a module ends where the next one starts), as minidump readers
 * require. The build-id is read from the PT_NOTE segments in memory, falling
 * back to the file on disk (through /proc/PID/map_files) and finally to a
 * hash of the first page of text, like Breakpad does for unidentified files.
 */
#pragma once

#include <stdint.h>

#include "pm-process.h"

#define PM_MODULE_MAX_BUILD_ID 64

typedef struct
{
  uint64_t    base;
  uint64_t    end;
  const char *path;                 /* borrowed from the PmProcess maps */
  uint8_t     build_id[PM_MODULE_MAX_BUILD_ID];
  uint32_t    build_id_len;
  int         build_id_is_hash;     /* no GNU build-id note: a text hash */
} PmModule;

typedef struct
{
  PmModule *modules;
  size_t    n_modules;
} PmModuleList;

int              pm_module_list_collect (PmModuleList *list, PmProcess *proc);
const PmModule  *pm_module_list_find    (const PmModuleList *list, uint64_t addr);
void             pm_module_list_clear   (PmModuleList *list);
const char      *pm_module_basename     (const PmModule *module);
