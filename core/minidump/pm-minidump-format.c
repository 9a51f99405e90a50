/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-format.c — compiles pm-minidump-format.h on its own so its
 * static assertions run in every build, even before anything else uses it.
 *
 * Runs in: nowhere (no code).
 */
#include "pm-minidump-format.h"

/* Something for the object file to hold: the format version we read and write. */
const uint32_t pm_md_format_version = PM_MD_VERSION;
