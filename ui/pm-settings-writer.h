/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-settings-writer.h — changes of the settings file made for the widgets,
 * and the snapshots the widgets read, in one worker thread, in the order they
 * were asked.
 *
 * A change of the settings takes the settings folder's lock (flock), reads the
 * file again, writes a new one and renames it into place: another process
 * holding the lock (postmortemctl consent, a second window) or a slow disk
 * would freeze the window if the GTK thread did it. So every change a widget
 * makes goes here: it runs in the writer thread on a PmSettings of its own for
 * the same file (a PmSettings is not thread-safe), one change at a time, so a
 * switch flipped twice ends as the person left it.
 *
 * Reading is I/O too (a stat at each read, the file when it changed): the GTK
 * thread reads only snapshots (pm_settings_new_snapshot()), made here in the
 * same order, so a snapshot asked after a change shows it. Each change gives
 * its owner a snapshot of the file as it is after it.
 *
 * Runs in: the postmortem GUI process. The functions below and @done run in
 * the main thread; @func runs in the writer thread and may use only the
 * settings it is given and @data.
 */
#pragma once

#include <glib-object.h>

#include "pm-settings.h"

G_BEGIN_DECLS

/* A change: FALSE with @error set when it could not be made. */
typedef gboolean (*PmSettingsWriteFunc) (PmSettings  *settings,
                                         gpointer     data,
                                         GError     **error);
/* Called in the main thread when the change is done, @error NULL on success,
 * with @settings a snapshot of the file as it is now (the change made or not),
 * if @owner (the object given to the write, a widget) still exists: a window
 * closed meanwhile is not kept alive, and its change is made all the same. */
typedef void     (*PmSettingsWriteDone) (GObject      *owner,
                                         PmSettings   *settings,
                                         const GError *error);

void     pm_settings_write_async        (PmSettings          *settings,
                                         PmSettingsWriteFunc  func,
                                         gpointer             data,
                                         GDestroyNotify       data_free,
                                         GObject             *owner,
                                         PmSettingsWriteDone  done);

/* [group] key = value; a NULL value removes the key. */
void     pm_settings_write_value_async  (PmSettings          *settings,
                                         const char          *group,
                                         const char          *key,
                                         const char          *value,
                                         GObject             *owner,
                                         PmSettingsWriteDone  done);

/* The consent level of app (NULL: the default level). */
void     pm_settings_write_consent_async (PmSettings          *settings,
                                          const char          *app,
                                          PmConsentLevel       level,
                                          GObject             *owner,
                                          PmSettingsWriteDone  done);

/* A snapshot of the settings file at @path, read after every change asked
 * before: @done gets it if @owner still exists, with the defaults and an error
 * when the file cannot be used (pm_settings_new_snapshot ()). */
void     pm_settings_read_async         (const char          *path,
                                         GObject             *owner,
                                         PmSettingsWriteDone  done);

/* How many changes and reads asked for are not done yet (their @done not yet
 * called). */
guint    pm_settings_write_get_pending  (void);

G_END_DECLS
