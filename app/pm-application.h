/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-application.h — PmApplication, the Postmortem GUI application object.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * PmApplication owns the report store for the whole process, opens a main
 * window listing the store's reports, and one window per minidump file that
 * it is asked to open (command line, File ▸ Open, drag and drop, D-Bus).
 */
#pragma once

#include <adwaita.h>

#include "pm-store.h"

G_BEGIN_DECLS

#define PM_TYPE_APPLICATION (pm_application_get_type ())

G_DECLARE_FINAL_TYPE (PmApplication, pm_application, PM, APPLICATION, AdwApplication)

PmApplication *pm_application_new              (void);
GtkWindow     *pm_application_get_main_window  (PmApplication *self);
/* The report store of this process, or NULL when it could not be opened. */
PmStore       *pm_application_get_store        (PmApplication *self);
void           pm_application_open_dump_file   (PmApplication *self,
                                                GFile         *file);

G_END_DECLS
