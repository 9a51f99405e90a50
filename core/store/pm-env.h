/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-env.h — private: everything the store takes from the environment, read so that a
 * setuid or setcap program linked with libpostmortem-store never trusts its caller's
 * environment.
 *
 * Runs in: any GLib process using the store. Not installed.
 *
 * In secure-execution mode (getauxval(AT_SECURE): setuid, setgid, file capabilities or an
 * LSM transition) every PM_* variable is ignored (secure_getenv), and so are HOME and the
 * XDG_* directories: the defaults then come from the effective user's passwd entry.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when this process runs in secure-execution mode. */
gboolean  pm_env_is_secure          (void);
/* The value of @name, or NULL when it is unset, empty, or the process is secure. */
const char *pm_env_get              (const char *name);

/* The default per-user store ($PM_STORE_DIR, else $XDG_DATA_HOME/postmortem). */
char     *pm_env_store_path         (void);
/* The system store ($PM_SYSTEM_STORE_DIR, else /var/lib/postmortem). */
char     *pm_env_system_store_path  (void);
/* The per-user settings file ($PM_SETTINGS_FILE, else $XDG_CONFIG_HOME/postmortem/settings.ini). */
char     *pm_env_settings_path      (void);
/* The system settings file ($PM_SYSTEM_SETTINGS_FILE, else /etc/postmortem/settings.ini). */
char     *pm_env_system_settings_path (void);
/* The dumper the WER API runs ($PM_DUMPER_PATH, else the installed postmortem-dumper). */
char     *pm_env_dumper_path        (void);

G_END_DECLS
