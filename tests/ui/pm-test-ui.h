/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-test-ui.h — helpers for the widget tests: isolation, waiting, screenshots,
 * and real reports in a temporary store.
 *
 * Runs in: the widget test programs (GTK main thread), under Xvfb.
 */
#pragma once

#include <adwaita.h>

#include "pm-store.h"

G_BEGIN_DECLS

/* g_test_init with isolated XDG dirs, gtk_init, adw_init; points PM_STORE_DIR and
 * PM_SETTINGS_FILE into a fresh temporary directory (returned, owned by the helper). */
const char *pm_test_ui_init          (int        *argc,
                                      char     ***argv);
/* Runs the main loop for @ms milliseconds. */
void        pm_test_spin             (guint       ms);
/* Runs the main loop until @cond returns TRUE or @timeout_ms passed; returns the last result. */
gboolean    pm_test_wait_for         (gboolean  (*cond) (gpointer data),
                                      gpointer    data,
                                      guint       timeout_ms);
/* Renders @widget (mapped) to <build>/tests/screens/<name>.png and checks the picture is not
 * blank (more than one colour). */
void        pm_test_save_png         (GtkWidget  *widget,
                                      const char *name);
/* Writes a real mini dump of a child process (`sleep`) with the build tree's
 * postmortem-dumper into @path; FALSE (test skipped) when the dumper is missing. */
gboolean    pm_test_write_live_dump  (const char *path,
                                      const char *type);
/* Publishes a report built (AppPath <test dir>/bin/@app_name when that program exists) through the store's draft API: EventType APPCRASH, @app_name,
 * Sig[0..8] as the crash path writes them (signal, fault module, offset), optional
 * Metadata pairs, and the minidump file @dump_path (may be NULL). Returns the key. */
char       *pm_test_publish_report   (PmStore    *store,
                                      const char *app_name,
                                      const char *signal_name,
                                      const char *module,
                                      const char *offset,
                                      const char *dump_path,
                                      const char * const *metadata);
/* Searches @widget's descendants for a GtkLabel whose text contains @text. */
GtkWidget  *pm_test_find_label       (GtkWidget  *widget,
                                      const char *text);
/* The first descendant of @widget (or itself) whose widget name is @name. */
GtkWidget  *pm_test_find_named       (GtkWidget  *widget,
                                      const char *name);

G_END_DECLS
