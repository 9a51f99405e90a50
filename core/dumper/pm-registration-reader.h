/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-registration-reader.h — read an application's registration table
 * (core/client/pm-registration-table.h) out of its stopped process.
 *
 * Runs in: postmortem-dumper, an ordinary process; libc only.
 *
 * The table is read from the target's memory, never trusted: magic, version,
 * header and entry sizes must match, counts are recomputed from the entries,
 * every string is cut at its buffer's end, and an entry being changed when
 * the process stopped (odd generation: its dirty_index) is skipped.
 */
#pragma once

#include <stdint.h>

#include "pm-modules.h"
#include "pm-process.h"
#include "pm-registration-table.h"

typedef struct
{
  uint64_t address;
  uint64_t size;
} PmRegisteredBlock;

typedef struct
{
  char key[PM_REGISTRATION_KEY_SIZE];
  char value[PM_REGISTRATION_TEXT_SIZE];
} PmRegisteredMetadata;

typedef struct
{
  char     path[PM_REGISTRATION_TEXT_SIZE];
  uint32_t file_type;
  uint32_t flags;
} PmRegisteredFile;

typedef struct
{
  int32_t pid;
  int32_t tid;
} PmRegisteredProcess;

typedef struct
{
  int                  found;        /* a valid table was read */
  uint32_t             wer_flags;
  PmRegisteredBlock    blocks[PM_REGISTRATION_MAX_ENTRIES];
  uint32_t             n_blocks;
  PmRegisteredBlock    excluded[PM_REGISTRATION_MAX_ENTRIES];
  uint32_t             n_excluded;
  PmRegisteredMetadata metadata[PM_REGISTRATION_MAX_METADATA];
  uint32_t             n_metadata;
  PmRegisteredFile     files[16];
  uint32_t             n_files;
  uint32_t             n_files_dropped;
  PmRegisteredProcess  processes[PM_REGISTRATION_MAX_PROCESSES];
  uint32_t             n_processes;
  int                  has_restart;  /* pm_register_application_restart() */
  uint32_t             restart_flags;
  char                 restart_command_line[PM_REGISTRATION_TEXT_SIZE];
  int                  has_recovery; /* pm_register_recovery_callback() */
  uint32_t             recovery_ping_interval_ms;
} PmRegistrations;

/* Reads the table at address (0: not registered, nothing read). Problems are
 * noted in proc's note log; returns 0, or a negative errno when the table
 * could not be read at all. */
int pm_registrations_read (PmRegistrations *regs, PmProcess *proc, uint64_t address);

/* Finds the table of a process that did not tell us where it is: the
 * exported symbol pm_registration_table of libpostmortem or the executable.
 * Returns its address or 0. */
uint64_t pm_registrations_find (PmProcess *proc, const PmModuleList *modules);
