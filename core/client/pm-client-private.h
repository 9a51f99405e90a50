/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-client-private.h — helpers shared by libpostmortem's own files; never
 * installed, never exported (the library builds with -fvisibility=hidden).
 *
 * Runs in: the application (ordinary context unless a function says otherwise).
 */
#pragma once

#include <stdbool.h>

#include "postmortem.h"
#include "pm-registration-table.h"

/* The metadata rules of WerRegisterCustomMetadata (see postmortem.h). */
bool pm_metadata_key_is_valid   (const char *key);
bool pm_metadata_value_is_valid (const char *value);
