/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-preferences-window.h — PmPreferencesWindow: the server, consent, excluded
 * applications, automatic sending, quotas and the store's size.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Everything is read from and written to the settings key file that postmortemctl
 * uses (PmSettings, core/store/pm-settings.h), each change as soon as it is made,
 * in the settings thread (pm-settings-writer.h); the window reads only snapshots
 * that thread made. It watches the file, so a change made by `postmortemctl
 * consent` or `exclude` while it is open shows at once.
 */
#pragma once

#include <adwaita.h>

#include "pm-store.h"

G_BEGIN_DECLS

#define PM_TYPE_PREFERENCES_WINDOW (pm_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (PmPreferencesWindow, pm_preferences_window, PM, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* settings: a snapshot of the settings (pm_settings_new_snapshot ()), read in a
 * worker (pm_settings_read_async ()). */
PmPreferencesWindow *pm_preferences_window_new          (GtkWindow           *parent,
                                                         PmStore             *store,
                                                         PmSettings          *settings);
/* Shows the settings snapshot and measures the store again (in a worker). */
void                 pm_preferences_window_refresh      (PmPreferencesWindow *self);

G_END_DECLS
