/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-elf-build-id.h — the GNU build-id of an ELF file, read with libc alone.
 *
 * Runs in: postmortemctl and the application (any thread). Matching a dump's
 * modules to files on this machine needs only their build-ids; reading them
 * without libelf lets `postmortemctl info` decide whether any module file is
 * here before it loads libdw (about a millisecond of start-up on its own).
 *
 * The file may be anything with a module's name: every offset and size read
 * from it is checked against the file's size and bounded (at most
 * PM_ELF_BUILD_ID_MAX_NOTES_BYTES of one note section are read, on the
 * stack), and a file that is not a well-formed ELF simply has no build-id. Both classes (ELF32, ELF64) and
 * both byte orders are read, as elfutils' dwelf_elf_gnu_build_id does: the
 * SHT_NOTE sections when the file has section headers, else (or when they
 * hold none, or are cut off) its PT_NOTE segments.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define PM_ELF_BUILD_ID_MAX 64
#define PM_ELF_BUILD_ID_MAX_NOTES_BYTES (16 * 1024)

/* The build-id of the ELF file open on fd, in out (PM_ELF_BUILD_ID_MAX bytes);
 * returns its length, or 0 when the file has none or is not ELF. Reads with
 * pread (fd's offset is unchanged). */
size_t pm_elf_file_build_id (int      fd,
                             uint8_t *out);
