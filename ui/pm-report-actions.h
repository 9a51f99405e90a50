/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-actions.h — what a person can do with the report a window shows,
 * besides sending and deleting it:
 *   win.save-report       Save Report…: the export archive (as `postmortemctl
 *                         export`), through a file chooser, written in a worker
 *   win.copy-details      a plain-text summary (what happened, version, package,
 *                         where it crashed; redacted like a bug report's body)
 *   win.copy-debugger-command  a ready command for the report's minidump:
 *                         `lldb --core DUMP` when LLDB is installed, else
 *                         `minidump_stackwalk DUMP` when that is, else the LLDB one
 *                         with a word that LLDB is not installed. Nothing is started:
 *                         the person pastes it into a terminal.
 * They are in a "Report" section of the window's main menu.
 *
 * Runs in: the postmortem GUI process (GTK main thread; the archive is written by
 * pm-store-task.h's worker).
 */
#pragma once

#include <gtk/gtk.h>

#include "pm-report.h"
#include "pm-store.h"

G_BEGIN_DECLS

/* Adds the actions to @window (a PmWindow) and their menu items. */
void   pm_report_actions_install            (GtkWindow   *window);
/* Enables them for @report (NULL: none shown). */
void   pm_report_actions_update             (GtkWindow   *window,
                                             PmReport    *report);
/* The command Copy Debugger Command copies for @report; newly allocated. */
char  *pm_report_dup_debugger_command       (PmReport    *report,
                                             gboolean    *tool_found);
/* Writes the export archive of @key to @path in a worker (a file there is replaced
 * only after the new one is whole); @callback gets a pm_store_task_finish() result. */
void   pm_report_save_archive               (PmStore             *store,
                                             const char          *key,
                                             const char          *path,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* Asks where to save @report's archive (a native chooser over @parent, a name made of
 * the program and the day); @on_response is its "response" handler. */
void   pm_report_show_save_chooser          (GtkWindow   *parent,
                                             PmReport    *report,
                                             GCallback    on_response,
                                             gpointer     user_data);
/* What Save Report… does once its chooser answered @file (tests call it directly). */
void   pm_report_actions_save_to            (GtkWindow   *window,
                                             GFile       *file);

G_END_DECLS
