/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-registration-table.h — the in-memory layout of the registration table:
 * what an application registered for its crash reports (memory blocks,
 * excluded blocks, files, custom metadata, additional processes, WER flags).
 *
 * Runs in: the application (written by libpostmortem's pm_register_*()), and
 * read from outside by postmortem-dumper (process_vm_readv or /proc/PID/mem)
 * or by a system collector. This header is the contract between the two; it
 * uses fixed-width types only and every size and offset is asserted below.
 *
 * Where it lives: one static object, `pm_registration_table`, in libpostmortem's
 * .bss. It is never moved and never points into the heap: every string is
 * stored inline. The crash handler hands its address to the dumper in
 * PmCrashInfo.registration_table_address; a collector that was not started by
 * the handler finds it as the exported dynamic symbol `pm_registration_table`
 * of libpostmortem.so.1 (a program that links the static library has it in its
 * own symbol table under the same name).
 *
 * Consistency (a seqlock): `generation` is even when the table is stable and
 * odd while a writer changes it. A writer takes a process-local spinlock,
 * stores `dirty_index` (the one entry it will change, or
 * PM_REGISTRATION_NO_ENTRY), increments `generation` to odd, changes that one
 * entry and the counters, increments `generation` to even, and unlocks. So:
 *  - a reader of a running process reads `generation` (g1), the header and the
 *    entries [0, high_water), then `generation` again (g2), and retries unless
 *    g1 == g2 and g1 is even;
 *  - a reader of a stopped process (the dumper after a crash) that sees an odd
 *    generation knows the writer was interrupted: every entry except
 *    `dirty_index` is whole; skip that one, and recount the counters from the
 *    entries instead of trusting them.
 *
 * RESTART and RECOVERY (added in version 1 without a layout change: a
 * reader that does not know a kind skips it) exist at most once each.
 *
 * An entry slot is free when `kind` is PM_REGISTRATION_KIND_NONE. Live entries
 * are in [0, high_water); slots below high_water may be free (unregistered).
 * The byte order is the machine's (the table is read on the same machine).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define PM_REGISTRATION_TABLE_MAGIC        "PMREGTB"   /* 8 bytes with the NUL */
#define PM_REGISTRATION_TABLE_VERSION      1u
#define PM_REGISTRATION_TABLE_SYMBOL       "pm_registration_table"

#define PM_REGISTRATION_MAX_ENTRIES        512u        /* WER_MAX_REGISTERED_ENTRIES */
#define PM_REGISTRATION_MAX_METADATA       8u          /* WER_MAX_REGISTERED_METADATA */
#define PM_REGISTRATION_MAX_PROCESSES      4u          /* WER_MAX_REGISTERED_DUMPCOLLECTION */
#define PM_REGISTRATION_MAX_BLOCK_SIZE     (64u * 1024u) /* WER_MAX_MEM_BLOCK_SIZE */
#define PM_REGISTRATION_KEY_MAX_LENGTH     64u         /* metadata key, characters */
#define PM_REGISTRATION_VALUE_MAX_LENGTH   128u        /* metadata value, characters */
#define PM_REGISTRATION_KEY_SIZE           80u         /* key buffer: 64 ASCII + NUL, padded */
#define PM_REGISTRATION_TEXT_SIZE          1024u       /* value or UTF-8 path + NUL */
#define PM_REGISTRATION_NO_ENTRY           0xffffffffu

typedef enum
{
  PM_REGISTRATION_KIND_NONE            = 0, /* free slot */
  PM_REGISTRATION_KIND_MEMORY_BLOCK    = 1, /* address, size: include in heap dumps */
  PM_REGISTRATION_KIND_EXCLUDED_BLOCK  = 2, /* address, size: never include */
  PM_REGISTRATION_KIND_FILE            = 3, /* text: path; file_type; flags */
  PM_REGISTRATION_KIND_METADATA        = 4, /* key, text: value */
  PM_REGISTRATION_KIND_PROCESS         = 5, /* address: pid; size: tid (0 = none) */
  PM_REGISTRATION_KIND_RESTART         = 6, /* at most one; text: the restart command line's
                                               arguments (UTF-8, without the program); flags:
                                               PM_RESTART_NO_* */
  PM_REGISTRATION_KIND_RECOVERY        = 7, /* at most one; address: the recovery callback;
                                               size: its ping interval in ms; flags: zero */
} PmRegistrationKind;

typedef struct
{
  uint32_t kind;                           /* PmRegistrationKind */
  uint32_t file_type;                      /* FILE: PmFileType (1 user document, 2 other) */
  uint32_t flags;                          /* FILE: PM_FILE_FLAG_* */
  uint32_t reserved;                       /* zero */
  uint64_t address;                        /* MEMORY/EXCLUDED: start; PROCESS: pid */
  uint64_t size;                           /* MEMORY/EXCLUDED: bytes; PROCESS: tid or 0 */
  char     key[PM_REGISTRATION_KEY_SIZE];  /* METADATA: NUL-terminated ASCII key */
  char     text[PM_REGISTRATION_TEXT_SIZE];/* METADATA: value; FILE: path; NUL-terminated */
} PmRegistrationEntry;

typedef struct _PmRegistrationTable
{
  char     magic[8];                       /* PM_REGISTRATION_TABLE_MAGIC, NUL-terminated */
  uint32_t version;                        /* PM_REGISTRATION_TABLE_VERSION */
  uint32_t header_size;                    /* offsetof (PmRegistrationTable, entries) */
  uint32_t entry_size;                     /* sizeof (PmRegistrationEntry) */
  uint32_t max_entries;                    /* PM_REGISTRATION_MAX_ENTRIES */
  uint64_t generation;                     /* seqlock: odd while a writer is changing it */
  uint32_t dirty_index;                    /* entry being changed, or PM_REGISTRATION_NO_ENTRY */
  uint32_t high_water;                     /* entries [0, high_water) may be in use */
  uint32_t n_entries;                      /* live entries of every kind */
  uint32_t n_metadata;                     /* live METADATA entries */
  uint32_t n_processes;                    /* live PROCESS entries */
  uint32_t wer_flags;                      /* WerSetFlags() / pm_set_flags() */
  uint64_t reserved[4];                    /* zero */
  PmRegistrationEntry entries[PM_REGISTRATION_MAX_ENTRIES];
} PmRegistrationTable;

_Static_assert (sizeof (PmRegistrationEntry) == 1136, "PmRegistrationEntry size");
_Static_assert (offsetof (PmRegistrationEntry, kind) == 0, "entry.kind");
_Static_assert (offsetof (PmRegistrationEntry, file_type) == 4, "entry.file_type");
_Static_assert (offsetof (PmRegistrationEntry, flags) == 8, "entry.flags");
_Static_assert (offsetof (PmRegistrationEntry, reserved) == 12, "entry.reserved");
_Static_assert (offsetof (PmRegistrationEntry, address) == 16, "entry.address");
_Static_assert (offsetof (PmRegistrationEntry, size) == 24, "entry.size");
_Static_assert (offsetof (PmRegistrationEntry, key) == 32, "entry.key");
_Static_assert (offsetof (PmRegistrationEntry, text) == 112, "entry.text");

_Static_assert (offsetof (PmRegistrationTable, magic) == 0, "table.magic");
_Static_assert (offsetof (PmRegistrationTable, version) == 8, "table.version");
_Static_assert (offsetof (PmRegistrationTable, header_size) == 12, "table.header_size");
_Static_assert (offsetof (PmRegistrationTable, entry_size) == 16, "table.entry_size");
_Static_assert (offsetof (PmRegistrationTable, max_entries) == 20, "table.max_entries");
_Static_assert (offsetof (PmRegistrationTable, generation) == 24, "table.generation");
_Static_assert (offsetof (PmRegistrationTable, dirty_index) == 32, "table.dirty_index");
_Static_assert (offsetof (PmRegistrationTable, high_water) == 36, "table.high_water");
_Static_assert (offsetof (PmRegistrationTable, n_entries) == 40, "table.n_entries");
_Static_assert (offsetof (PmRegistrationTable, n_metadata) == 44, "table.n_metadata");
_Static_assert (offsetof (PmRegistrationTable, n_processes) == 48, "table.n_processes");
_Static_assert (offsetof (PmRegistrationTable, wer_flags) == 52, "table.wer_flags");
_Static_assert (offsetof (PmRegistrationTable, reserved) == 56, "table.reserved");
_Static_assert (offsetof (PmRegistrationTable, entries) == 88, "table.entries");
_Static_assert (sizeof (PmRegistrationTable) == 88 + 512 * 1136, "PmRegistrationTable size");

#define PM_REGISTRATION_TABLE_HEADER_SIZE  ((uint32_t) offsetof (PmRegistrationTable, entries))
