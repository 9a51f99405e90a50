/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* postmortem-store.h — the one header to include for libpostmortem-store
 * (pkg-config postmortem-store-1); the others refuse to be included directly.
 *
 * Runs in: any GLib process using the report store. The WER report and store API of the
 * same library (WerReport*, WerStore*…) is declared in <werapi.h>, which libpostmortem
 * installs.
 */
#pragma once

#include <gio/gio.h>

#define PM_STORE_INSIDE

#include "pm-version.h"
#include "pm-store-visibility.h"
#include "pm-error.h"
#include "pm-report.h"
#include "pm-report-draft.h"
#include "pm-settings.h"
#include "pm-store.h"
#include "pm-store-import.h"
#include "pm-wait-chain.h"
#include "pm-wer-file.h"

#undef PM_STORE_INSIDE
