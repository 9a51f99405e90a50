/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-client-private.h — helpers shared by libpostmortem's own files; never
 * installed, never exported (the library builds with -fvisibility=hidden).
 *
 * Runs in: the application (ordinary context unless a function says otherwise).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "postmortem.h"
#include "pm-crash-info.h"
#include "pm-registration-table.h"

/* The metadata rules of WerRegisterCustomMetadata (see postmortem.h). */
bool pm_metadata_key_is_valid   (const char *key);
bool pm_metadata_value_is_valid (const char *value);

/* What the installed crash handler would tell the dumper, for the hang
 * watchdog to do the same: the dumper's path, the store path, dump type,
 * environment and launch-app flags (into @info), the dumper timeout. false (nothing changed)
 * when the handler is not installed. */
bool pm_crash_handler_copy_settings (char        *dumper_path,
                                     size_t       dumper_path_size,
                                     PmCrashInfo *info,
                                     unsigned    *timeout_ms);
