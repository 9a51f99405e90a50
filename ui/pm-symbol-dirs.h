/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-symbol-dirs.h — the folders of Breakpad symbol files the person chose
 * for backtraces: kept in the settings ([Symbols] Directories, separated by
 * ';'), listed and edited on a Preferences page, and read by the backtrace
 * worker when a minidump is opened.
 *
 * Runs in: the postmortem GUI process. pm_symbol_dirs_get() may run in a
 * worker thread with its own PmSettings; the page runs on the GTK thread.
 */
#pragma once

#include <adwaita.h>

#include "pm-settings.h"

G_BEGIN_DECLS

/* The folders, in the order chosen (never NULL; free with g_strfreev). */
char       **pm_symbol_dirs_get      (PmSettings  *settings);
gboolean     pm_symbol_dirs_set      (PmSettings  *settings,
                                      const char *const *dirs,
                                      GError     **error);

/* A Preferences page listing them, with Add Folder… and a remove button per
 * folder. */
GtkWidget   *pm_symbol_dirs_page_new (PmSettings  *settings);

G_END_DECLS
