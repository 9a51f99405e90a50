/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-dialog-private.h — what the crash dialog's tests reach past the person:
 * the file chooser's answer, the address Report a Bug… opened, the comment's view.
 *
 * Runs in: the postmortem GUI process and its tests (GTK main thread).
 */
#pragma once

#include "pm-crash-dialog.h"

G_BEGIN_DECLS

/* What Save Report… does once the chooser answered @file: writes the report's export
 * archive there in a worker (replacing a file the person agreed to replace). */
void        pm_crash_dialog_save_report_to (PmCrashDialog *self,
                                            GFile         *file);
/* The address the last Report a Bug… handed to gtk_show_uri(), or NULL. */
const char *pm_crash_dialog_get_bug_uri    (PmCrashDialog *self);

/* The comment's text view (the person types there). */
GtkTextView *pm_crash_dialog_get_comment_view (PmCrashDialog *self);

G_END_DECLS
