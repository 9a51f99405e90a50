/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-send-actions.h — the application's side of asking and sending: the
 * actions that open the crash dialog, ignore a problem, show the preferences
 * and the about window; `postmortem --report KEY`; notifications of new
 * reports; automatic sending.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Actions (all on the application, so a notification or another process can
 * activate them through D-Bus):
 *   app.review-report(s KEY)  opens the crash dialog for a queued report
 *   app.ignore-problem(s KEY) never notifies about the report's bucket again
 *   app.notify-report(s KEY)  notifies about a new report (the crash listener
 *                             asks, starting the application by D-Bus if needed)
 *   app.preferences, app.about
 * Each PmWindow also gets win.send-report (its "Send…" button) and the
 * Preferences / Keyboard Shortcuts / About items of its main menu.
 *
 * Notifications: when a report appears in queue/ while the application runs,
 * it is notified once ("APP Quit Unexpectedly", buttons Review and Ignore
 * This Problem), unless its application is excluded, its consent is "never"
 * (kept, never sent: no question, and `--report` only shows it in the window)
 * or its bucket ignored.
 * Reports arriving together (a flood) make one notification. An application
 * whose consent is "all data" with [Server] AutoSend=true is sent without
 * asking instead. Ignored buckets are kept in the settings file, group
 * [IgnoredBuckets], key = the 16-digit bucket of the report key, so they
 * survive restarts and are shared with postmortemctl's file.
 */
#pragma once

#include <adwaita.h>

#include "pm-store.h"

G_BEGIN_DECLS

#define PM_SETTINGS_GROUP_IGNORED_BUCKETS "IgnoredBuckets"

/* Adds the --report KEY option (call from the application's init). */
void      pm_send_actions_add_options          (GApplication   *app);
/* Handles --report KEY: registers, activates app.review-report in the primary
 * instance (this one or a running one over D-Bus). Returns the exit status,
 * or -1 to let the application go on as usual. */
int       pm_send_actions_handle_local_options (GApplication   *app,
                                                GVariantDict   *options);
/* Adds the actions, hooks windows and starts watching for new reports.
 * @store may be NULL (no store: the actions say so). Call from startup. */
void      pm_send_actions_install              (GtkApplication *app,
                                                PmStore        *store);
/* The same while the store is being opened in a worker: the actions asked for
 * meanwhile (a notification's Review, `--report`, the crash listener's
 * notify-report) wait, and run once pm_send_actions_store_opened () gives the
 * store (NULL: it could not be opened, and they say so). */
void      pm_send_actions_install_opening      (GtkApplication *app);
void      pm_send_actions_store_opened         (GtkApplication *app,
                                                PmStore        *store);
/* The bucket part of a report key ("APPCRASH_app_<bucket16>_<uuid>"), newly
 * allocated, or NULL when the key has no such part. */
char     *pm_report_key_dup_bucket             (const char     *key);
/* TRUE when the bucket of @key is ignored in @settings. */
gboolean  pm_send_is_ignored                   (PmSettings     *settings,
                                                const char     *key);

/* Whether Send… can send @report: a queued one, or a declined one (it goes back to
 * the queue first); never one a server accepted. */
gboolean  pm_send_report_is_sendable           (PmReport       *report);
/* Makes @window's win.send-report follow the report it shows (@report may be NULL). */
void      pm_send_actions_update_window        (GtkWindow      *window,
                                                PmReport       *report);

G_END_DECLS
