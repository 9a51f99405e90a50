/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dump-window.h — PmDumpWindow: a window for one minidump file.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Opened by File ▸ Open, drag and drop, `postmortem FILE.dmp` or a file
 * manager. A local file is opened at once (the reader maps it and reads only
 * its directory); other files in a worker thread. A file that is not a
 * readable minidump gets an error page that says what is wrong with it.
 */
#pragma once

#include <adwaita.h>

#include "pm-dump-view.h"

G_BEGIN_DECLS

#define PM_TYPE_DUMP_WINDOW (pm_dump_window_get_type ())

G_DECLARE_FINAL_TYPE (PmDumpWindow, pm_dump_window, PM, DUMP_WINDOW, AdwApplicationWindow)

PmDumpWindow *pm_dump_window_new           (GtkApplication *application,
                                            GFile          *file);
GFile        *pm_dump_window_get_file      (PmDumpWindow   *self);
PmDumpView   *pm_dump_window_get_dump_view (PmDumpWindow   *self);
/* "loading", "dump" or "error". */
const char   *pm_dump_window_get_state     (PmDumpWindow   *self);
/* Whether the header shows the dump's page tabs (only while a dump is shown). */
gboolean      pm_dump_window_get_tabs_shown (PmDumpWindow  *self);
/* The error page's text, when the state is "error". */
const char   *pm_dump_window_get_error_text (PmDumpWindow  *self);

G_END_DECLS
