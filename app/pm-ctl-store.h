/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-store.h — what the store commands of postmortemctl share (list, show, purge,
 * export, consent, exclude, include).
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 */
#pragma once

#include "pm-manifest.h"
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

/* The person's choices for a report on the command line (pm-ctl-manifest.c). */
typedef struct
{
  const char  *level;      /* --level parameters|safe-data|all-data, or NULL */
  char       **without;    /* --without NAME…: part names as `show --manifest` prints them */
  const char  *comment;    /* --comment TEXT */
  gboolean     no_redact;  /* --no-redact */
  gboolean     approve;    /* --approve: a --level wider than the application's consent is allowed */
} PmCtlChoiceArgs;

gboolean    pm_ctl_choice_args_given   (const PmCtlChoiceArgs *args);
/* Applies @args to @choices; an unknown level or part name, or a wider level without
 * --approve, is an error naming it. */
gboolean    pm_ctl_choices_apply       (PmManifestChoices     *choices,
                                        PmStore               *store,
                                        PmReport              *report,
                                        const PmCtlChoiceArgs *args,
                                        GError               **error);
/* Prints every part with its size, what is left out and why, and the replacements. */
void        pm_ctl_manifest_print      (PmManifest            *manifest,
                                        gboolean               json);

G_END_DECLS
