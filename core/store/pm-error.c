/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-error.c — the PM_ERROR GError domain.
 *
 * Runs in: any GLib process.
 */
#include "pm-error.h"

G_DEFINE_QUARK (pm-error-quark, pm_error)
