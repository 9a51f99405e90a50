/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-endpoint-choice.h — which crash server one report goes to.
 *
 * Runs in: postmortemctl and the application (any thread; reads the settings
 * object and the system's desktop files, never the store's folders).
 *
 * The rule, the same in the application and in `postmortemctl submit`:
 *  1. the person's server (the settings file's [Server] group, set in Preferences);
 *  2. else the program's own: the URL it registered with pm_register_crash_server()
 *     (Report.wer's Postmortem.CrashServer);
 *  3. else X-Postmortem-CrashServer=URL in the program's desktop file (its Flatpak
 *     app id's desktop file, else the one whose Exec runs AppPath, else AppName).
 * A program's URL is used as a plain Breakpad/Crashpad URL and checked as any
 * other (http or https, a host, no user information): it was read from a crashed
 * process or a file the person did not write.
 */
#pragma once

#include <gio/gio.h>
#include <gio/gdesktopappinfo.h>

#include "pm-endpoint.h"
#include "pm-report.h"
#include "pm-settings.h"

G_BEGIN_DECLS

typedef enum
{
  PM_ENDPOINT_ORIGIN_NONE,          /* no server is known */
  PM_ENDPOINT_ORIGIN_SETTINGS,      /* the person's, from the settings file */
  PM_ENDPOINT_ORIGIN_PROGRAM,       /* registered by the program (Postmortem.CrashServer) */
  PM_ENDPOINT_ORIGIN_DESKTOP_FILE,  /* X-Postmortem-CrashServer in the program's desktop file */
} PmEndpointOrigin;

#define PM_DESKTOP_KEY_CRASH_SERVER "X-Postmortem-CrashServer"
#define PM_REPORT_KEY_CRASH_SERVER  "Postmortem.CrashServer"

/* The person's server from the settings file's [Server] group (Kind=, Url=, Dsn=).
 * PM_ERROR_NOT_FOUND when none is set; PM_ERROR_INVALID_ARGUMENT (naming the
 * file) when what is set is not usable. */
PmEndpoint *pm_endpoint_new_from_settings      (PmSettings        *settings,
                                                GError           **error);

/* The desktop file of the program that crashed @report, or NULL. */
GDesktopAppInfo *pm_endpoint_find_desktop_app_info (PmReport      *report);

/* The program's own server for @report: Postmortem.CrashServer, else the
 * X-Postmortem-CrashServer key of @app_info (when NULL, the desktop file is
 * looked up with pm_endpoint_find_desktop_app_info()). NULL with
 * PM_ERROR_NOT_FOUND when the program names none, PM_ERROR_INVALID_ARGUMENT when
 * the URL it names cannot be used. @origin (may be NULL) says which it was. */
PmEndpoint *pm_endpoint_new_for_program        (PmReport          *report,
                                                GAppInfo          *app_info,
                                                PmEndpointOrigin  *origin,
                                                GError           **error);

/* The rule above. NULL with PM_ERROR_NOT_FOUND (and @origin NONE) when no server
 * is known; a broken [Server] group is an error, never a silent fall back to the
 * program's server. */
PmEndpoint *pm_endpoint_choose_for_report      (PmSettings        *settings,
                                                PmReport          *report,
                                                GAppInfo          *app_info,
                                                PmEndpointOrigin  *origin,
                                                GError           **error);

/* The host of @endpoint's URL ("crash.example.org"), for a sentence; newly allocated. */
char       *pm_endpoint_dup_host               (const PmEndpoint  *endpoint);

G_END_DECLS
