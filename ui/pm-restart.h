/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-restart.h — "Reopen": whether a crash report lets the person start the
 * program again (the restart it registered with
 * pm_register_application_restart / RegisterApplicationRestart), and
 * starting it.
 *
 * Runs in: the postmortem GUI process (GTK main thread). Reads the report
 * already loaded and the small restart state file (a PmSettings key file,
 * $XDG_STATE_HOME/postmortem/restart.ini), never the store.
 *
 * WER's rules: Reopen is offered after a crash unless the program said
 * RESTART_NO_CRASH, after a hang (EventType AppHang…) unless RESTART_NO_HANG,
 * only when the process ran at least 60 seconds (Postmortem.RunTimeSeconds),
 * and at most once a minute per application, so a program that crashes at
 * start cannot be reopened in a loop: offering it for one report records
 * [Restart] <AppName>=<unix time> <report key>; another report of the same
 * application is not offered it within the next 60 seconds (the same report
 * still is, in its notification and its dialog).
 *
 * Reopen runs a program a report names, so it is never offered for an
 * imported report (the importer also drops Postmortem.Restart*).
 *
 * Test hook: PM_TEST_RUN_TIME_OFFSET_S (seconds, read by the application
 * only) is added to the report's run time, so tests need not wait a minute.
 */
#pragma once

#include "pm-store.h"

G_BEGIN_DECLS

#define PM_RESTART_STATE_GROUP   "Restart"
#define PM_RESTART_MIN_RUN_TIME  60   /* seconds: WER's rule */
#define PM_RESTART_INTERVAL      60   /* seconds between two offers for one application */

/* The restart state of this user ($XDG_STATE_HOME/postmortem/restart.ini),
 * read now: a snapshot (pm_settings_new_snapshot ()) for a worker to make and
 * the GTK thread to read. */
PmSettings *pm_restart_state_new_snapshot (void);

/* TRUE when Reopen may be offered for @report now (@now: unix seconds). */
gboolean    pm_restart_is_offered        (PmReport   *report,
                                          PmSettings *state,
                                          gint64      now);
/* Records that Reopen is offered for @report (see the rules above). */
void        pm_restart_note_offered      (PmReport   *report,
                                          PmSettings *state,
                                          gint64      now);
/* The same, for the GTK thread: written by the settings writer
 * (pm-settings-writer.h), a failure logged. */
void        pm_restart_note_offered_async (PmReport   *report,
                                           PmSettings *state,
                                           gint64      now);
/* Starts the program of @report again: its recorded executable, with the
 * registered arguments split as a shell would (g_shell_parse_argv; never
 * run by a shell), in the directory it ran in when that still exists. */
gboolean    pm_restart_run               (PmReport   *report,
                                          GError    **error);

G_END_DECLS
