/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-dialog.h — PmCrashDialog: "APP Quit Unexpectedly", the question asked
 * once after a crash, and the sending of the report when the person says yes.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * The dialog lists, from the report's manifest (pm-manifest.h, through
 * PmManifestView), exactly what Send would send: the level ("What to Send",
 * preset from the application's consent, "Signature and crash dump" when it is
 * "ask"), every file and form field with its size and what it is in plain words,
 * a switch on each to remove it, a viewer for text parts, the replacements
 * redaction made (with a switch to turn it off for this report); then where it
 * would go, an optional comment (sent as the "Comments" field; a fixed-height text
 * view) and "Always do this for APP". Everything but the comment sits in the
 * folded "Details". Under the comment one sentence says where Send sends: the
 * person's server, else the program's own (pm-endpoint-choice.h: "Sends to HOST,
 * named by APP"). With no server at all there is no Send button: the visible
 * part says why and offers Report a Bug… (the program's bug tracker with a
 * prefilled, redacted description, pm-bug-report.h), Save Report… (the export
 * archive, to attach) and Open Preferences (a server chosen there is used when
 * it closes). Its answers:
 *
 *   Send        writes the person's choices into the report's Report.wer (the
 *               manifest's Postmortem.* keys, the level shown made explicit), then
 *               sends it with PmUploader (progress, cancellable) and shows the
 *               server's id (copyable) or why it failed, with "Try Again Later" (it
 *               stays queued). Once sent, "What Was Sent" shows the manifest the
 *               uploader recorded, part for part.
 *   Don't Send  moves the report to the archive (declined, never sent).
 *   closed      (Escape, the window's close button) decides nothing: the report stays
 *               queued and no choice is saved; while sending, closing cancels.
 *   Always…     with Send: the application's consent becomes exactly the level the
 *               person saw and chose, never wider; with Don't Send: it becomes
 *               "never" (reports are still collected and kept, never sent).
 *               Not collecting at all is a separate switch in Preferences. Both
 *               through PmSettings, so `postmortemctl consent` sees it.
 *
 * On Don't Send the dialog also writes Postmortem.Declined=true (then the report
 * moves to archive/).
 */
#pragma once

#include <adwaita.h>

#include "pm-store.h"

G_BEGIN_DECLS

typedef enum
{
  PM_CRASH_DIALOG_ASKING,   /* the question, nothing decided yet */
  PM_CRASH_DIALOG_SENDING,  /* upload in progress */
  PM_CRASH_DIALOG_SENT,     /* the server took it; its id is shown */
  PM_CRASH_DIALOG_FAILED,   /* not sent; the reason is shown, the report stays queued */
  PM_CRASH_DIALOG_DECLINED, /* Don't Send: archived */
} PmCrashDialogState;

#define PM_TYPE_CRASH_DIALOG (pm_crash_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PmCrashDialog, pm_crash_dialog, PM, CRASH_DIALOG, AdwMessageDialog)

/* @report must be a queued report of @store; @settings and @restart_state are
 * snapshots of the settings and of the restart state (pm_settings_new_snapshot (),
 * pm_restart_state_new_snapshot ()) read in a worker: the dialog reads no file. */
PmCrashDialog      *pm_crash_dialog_new              (GtkWindow     *parent,
                                                      PmStore       *store,
                                                      PmReport      *report,
                                                      PmSettings    *settings,
                                                      PmSettings    *restart_state);
PmReport           *pm_crash_dialog_get_report       (PmCrashDialog *self);
PmCrashDialogState  pm_crash_dialog_get_state        (PmCrashDialog *self);
/* The server's id once SENT, else NULL. */
const char         *pm_crash_dialog_get_server_id    (PmCrashDialog *self);
/* The plain-words reason once FAILED, else NULL. */
const char         *pm_crash_dialog_get_failure      (PmCrashDialog *self);

G_END_DECLS
