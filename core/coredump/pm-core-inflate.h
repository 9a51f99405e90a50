/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-core-inflate.h — recognise and inflate compressed cores (zstd, xz,
 * lz4: what systemd-coredump writes).
 *
 * Runs in: postmortemctl and the listener service; libc and the
 * decompression libraries only.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef enum
{
  PM_CORE_PLAIN,
  PM_CORE_ZSTD,
  PM_CORE_XZ,
  PM_CORE_LZ4,
} PmCoreCompression;

/* From the first bytes of a file (at least 6). */
PmCoreCompression pm_core_compression_of   (const uint8_t *head, size_t len);
const char       *pm_core_compression_name (PmCoreCompression c);

/* Inflates in_fd (from its start) into a new unlinked temporary file whose
 * fd is returned in *out_fd. Returns 0 or a negative errno with a sentence
 * in error (a truncated or corrupt stream, a full disk). */
int pm_core_inflate (int                in_fd,
                     PmCoreCompression  compression,
                     int               *out_fd,
                     char              *error,
                     size_t             error_size);
