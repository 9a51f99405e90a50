/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-store.h — what the store commands of postmortemctl share (list, show, purge,
 * export, consent, exclude, include).
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 */
#pragma once

#include "pm-store.h"

G_BEGIN_DECLS

/* "queue" or "archive". */
const char *pm_ctl_state_name          (PmReportState  state);
/* --queue, --archive, --all; FALSE for anything else. */
gboolean    pm_ctl_parse_states        (const char    *arg,
                                        PmReportState *states);
/* The JSON members describing a report (no braces), as in `list --json`. */
void        pm_ctl_report_json_fields  (GString       *out,
                                        PmReport      *report);

G_END_DECLS
