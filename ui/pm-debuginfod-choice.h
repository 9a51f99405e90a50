/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfod-choice.h — whether the application may ask debuginfod
 * servers for the debug information of a minidump's modules, and which
 * servers: the person's choice, kept in the settings ([Symbols] Debuginfod =
 * ask, always or never; [Symbols] DebuginfodServers, space-separated URLs,
 * else $DEBUGINFOD_URLS), and its group on the Preferences Symbols page.
 *
 * Asking sends the modules' build-ids to the server, so nothing is asked
 * before the person agrees: "ask" (the default) prompts in the dump window,
 * naming the server, every time.
 *
 * Runs in: the postmortem GUI process. The getters and setters may run in a
 * worker thread with a PmSettings of its own (the dump window reads the
 * choice in one, the settings writer makes changes in its thread); the group
 * runs on the GTK main thread.
 */
#pragma once

#include <adwaita.h>

#include "pm-settings.h"

G_BEGIN_DECLS

typedef enum
{
  PM_DEBUGINFOD_ASK,
  PM_DEBUGINFOD_ALWAYS,
  PM_DEBUGINFOD_NEVER,
} PmDebuginfodChoice;

PmDebuginfodChoice  pm_debuginfod_choice_get      (PmSettings          *settings);
gboolean            pm_debuginfod_choice_set      (PmSettings          *settings,
                                                   PmDebuginfodChoice   choice,
                                                   GError             **error);

/* The servers (space-separated URLs) from the settings, else
 * $DEBUGINFOD_URLS; "" when none is set (never NULL). */
char               *pm_debuginfod_servers_get     (PmSettings          *settings);
/* NULL or "" removes the setting (back to $DEBUGINFOD_URLS). */
gboolean            pm_debuginfod_servers_set     (PmSettings          *settings,
                                                   const char          *servers,
                                                   GError             **error);

/* The servers' host names for a sentence: "debuginfod.debian.net" or
 * "a.example, b.example". */
char               *pm_debuginfod_servers_describe (const char         *servers);

/* The Preferences group: the choice and the servers. */
GtkWidget          *pm_debuginfod_choice_group_new (PmSettings         *settings);

G_END_DECLS
