/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-env.c — the store's view of the environment (see pm-env.h).
 *
 * Runs in: any GLib process using the store; thread-safe (no state but getauxval's).
 *
 * Why: libpostmortem-store is linked by other programs, some of which may be setuid or
 * have file capabilities. A variable such as PM_DUMPER_PATH or PM_STORE_DIR read with
 * plain getenv there lets the user who starts the program choose what runs, or where files are
 * written, with its privileges. GLib's g_get_user_data_dir() and g_get_home_dir() read
 * XDG_DATA_HOME and HOME without such a check, so they are not used in secure mode either.
 */
#include "pm-config.h"

#include "pm-env.h"

#include <pwd.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

gboolean
pm_env_is_secure (void)
{
  return getauxval (AT_SECURE) != 0;
}

const char *
pm_env_get (const char *name)
{
  const char *value = secure_getenv (name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* The effective user's home from the passwd database, "/" if there is none. */
static char *
secure_home_dir (void)
{
  struct passwd pw, *result = NULL;
  char buffer[4096];

  if (getpwuid_r (geteuid (), &pw, buffer, sizeof buffer, &result) == 0 && result != NULL
      && result->pw_dir != NULL && result->pw_dir[0] == '/')
    return g_strdup (result->pw_dir);
  return g_strdup ("/");
}

/* postmortem/@last (@last may be NULL) in the user's config or data directory. */
static char *
user_dir (gboolean    config,
          const char *last)
{
  if (pm_env_is_secure ())
    {
      g_autofree char *home = secure_home_dir ();

      return config ? g_build_filename (home, ".config", "postmortem", last, NULL)
                    : g_build_filename (home, ".local", "share", "postmortem", last, NULL);
    }
  return g_build_filename (config ? g_get_user_config_dir () : g_get_user_data_dir (),
                           "postmortem", last, NULL);
}

char *
pm_env_store_path (void)
{
  const char *env = pm_env_get ("PM_STORE_DIR");

  return env != NULL ? g_strdup (env) : user_dir (FALSE, NULL);
}

char *
pm_env_system_store_path (void)
{
  const char *env = pm_env_get ("PM_SYSTEM_STORE_DIR");

  return g_strdup (env != NULL ? env : "/var/lib/postmortem");
}

char *
pm_env_settings_path (void)
{
  const char *env = pm_env_get ("PM_SETTINGS_FILE");

  return env != NULL ? g_strdup (env) : user_dir (TRUE, "settings.ini");
}

char *
pm_env_system_settings_path (void)
{
  const char *env = pm_env_get ("PM_SYSTEM_SETTINGS_FILE");

  return g_strdup (env != NULL ? env : "/etc/postmortem/settings.ini");
}

char *
pm_env_dumper_path (void)
{
  const char *env = pm_env_get ("PM_DUMPER_PATH");

  return env != NULL ? g_strdup (env) : g_build_filename (PM_LIBEXECDIR, "postmortem-dumper", NULL);
}
