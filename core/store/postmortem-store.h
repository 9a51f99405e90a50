/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* postmortem-store.h — the one public header of libpostmortem-store (postmortem-store-1.pc).
 *
 * Runs in: any GLib process using the report store. The WER report and store API of the
 * same library is declared in werapi.h (installed by libpostmortem).
 */
#pragma once

#define PM_STORE_INSIDE
#include "pm-error.h"
#include "pm-manifest.h"
#include "pm-report.h"
#include "pm-report-draft.h"
#include "pm-settings.h"
#include "pm-store.h"
#include "pm-wer-file.h"
#undef PM_STORE_INSIDE
