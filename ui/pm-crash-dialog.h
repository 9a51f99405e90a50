/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-dialog.h — PmCrashDialog: "APP Quit Unexpectedly", the question asked
 * once after a crash, and the sending of the report when the person says yes.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * The dialog lists exactly what would be sent (each file with its size; optional
 * items — a full-memory dump, attached files — as switches preset by the consent
 * level), where it would go (the server of the settings file), an optional comment
 * and "Always do this for APP". Its answers:
 *
 *   Send        writes the person's decision into the report's Report.wer, then sends
 *               it with PmUploader (progress, cancellable) and shows the server's id
 *               (copyable) or why it failed, with "Try Again Later" (it stays queued).
 *   Don't Send  moves the report to the archive (declined, never sent).
 *   closed      (Escape, the window's close button) decides nothing: the report stays
 *               queued; while sending, closing cancels the upload.
 *   Always…     with Send: the application's consent becomes "safe-data", or "all-data"
 *               when every optional item was on; with Don't Send: the application is
 *               excluded (no more reports, so no more dialogs). Both through PmSettings,
 *               so `postmortemctl consent` / `exclude` see it.
 *
 * Report.wer keys written before sending (the uploader reads them):
 *   Postmortem.UserConsent        parameters|safe-data|all-data — what the person allowed
 *   Postmortem.UserExcludedFiles  file names switched off, separated by ';' (absent: none)
 *   Postmortem.Comment            the comment, when one was typed
 * and on Don't Send: Postmortem.Declined=true (then the report moves to archive/).
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

/* @report must be a queued report of @store. */
PmCrashDialog      *pm_crash_dialog_new              (GtkWindow     *parent,
                                                      PmStore       *store,
                                                      PmReport      *report);
PmReport           *pm_crash_dialog_get_report       (PmCrashDialog *self);
PmCrashDialogState  pm_crash_dialog_get_state        (PmCrashDialog *self);
/* The server's id once SENT, else NULL. */
const char         *pm_crash_dialog_get_server_id    (PmCrashDialog *self);
/* The plain-words reason once FAILED, else NULL. */
const char         *pm_crash_dialog_get_failure      (PmCrashDialog *self);

G_END_DECLS
