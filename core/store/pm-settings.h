/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-settings.h — PmSettings: the one settings key file shared by postmortemctl and the
 * application (consent, excluded applications, quotas, the upload server).
 *
 * Runs in: any GLib process.
 *
 * The file is $PM_SETTINGS_FILE if set, else $XDG_CONFIG_HOME/postmortem/settings.ini
 * (directory 0700, file 0600, replaced atomically on every change). Missing file = the
 * defaults. Groups and keys (a GKeyFile; unknown keys are kept):
 *
 *   [Consent]   Default=ask|parameters|safe-data|all-data   (WER's DefaultConsent 1–4;
 *               the numbers 1–4 are accepted too), and one key per application:
 *               <AppName>=<level>|never   (never: collect, never send; not for Default)
 *   [Excluded]  <AppName>=true                              (WER's ExcludedApplications)
 *   [Quota]     MaxQueueCount=50  MaxArchiveCount=1000  MaxBytes=1073741824
 *               MinFreeBytes=67108864  FloodWindowSeconds=60  MaxAgeDays=0
 *               (0 disables a limit; MaxAgeDays makes each publish read the whole store)
 *   [Server]    Kind=breakpad|socorro|sentry  Url=  Dsn=  Gzip=true  AutoSend=false
 *               (read and written by the uploader through pm_settings_get/set_value)
 *
 * Each getter first re-reads the file if it changed on disk (stat), so a long-lived
 * process sees changes made by postmortemctl. Each setter re-reads, changes one key and
 * writes the file back (under an flock of the file's directory), so two processes changing
 * different keys do not lose each other's change.
 */
#pragma once

#if !defined (PM_STORE_INSIDE) && !defined (PM_COMPILATION)
#error "Only <postmortem-store.h> can be included directly."
#endif

#include <glib-object.h>

#include "pm-store-visibility.h"

G_BEGIN_DECLS

/**
 * PmConsentLevel:
 * @PM_CONSENT_ALWAYS_ASK: `ask`: ask the user before sending anything
 * @PM_CONSENT_PARAMETERS_ONLY: `parameters`: send the signature without asking
 * @PM_CONSENT_PARAMETERS_SAFE_DATA: `safe-data`: the signature and the minidump, no heap
 *   or environment
 * @PM_CONSENT_ALL_DATA: `all-data`: everything, heap and environment included
 *
 * WER's consent levels (the values of its DefaultConsent policy).
 */
typedef enum
{
  PM_CONSENT_ALWAYS_ASK          = 1,  /* "ask": ask the user before sending anything */
  PM_CONSENT_PARAMETERS_ONLY     = 2,  /* "parameters": send the signature without asking */
  PM_CONSENT_PARAMETERS_SAFE_DATA= 3,  /* "safe-data": signature and minidump, no heap/environ */
  PM_CONSENT_ALL_DATA            = 4,  /* "all-data": everything, heap and environment included */
  /* Not WER's: per application only. Reports are still collected, never sent (the
   * manifest is empty, the uploader refuses). Stopping collection is [Excluded]. */
  PM_CONSENT_NEVER_SEND          = 5,  /* "never" */
} PmConsentLevel;

/**
 * PmQuota:
 * @max_queue_count: `MaxQueueCount`: queued reports kept (0: no limit)
 * @max_archive_count: `MaxArchiveCount`: archived reports kept (0: no limit)
 * @max_bytes: `MaxBytes`: bytes of the whole store (0: no limit)
 * @min_free_bytes: `MinFreeBytes`: free space kept on the store's filesystem (0: none)
 * @flood_window_seconds: `FloodWindowSeconds`: a repeated crash within this time is
 *   counted on the queued report (0: never)
 * @max_age_days: `MaxAgeDays`: reports older than this are evicted (0: never)
 *
 * The store's limits, the `[Quota]` group of the settings.
 */
typedef struct
{
  guint   max_queue_count;       /* MaxQueueCount, 0 = no limit */
  guint   max_archive_count;     /* MaxArchiveCount */
  guint64 max_bytes;             /* MaxBytes: the whole store */
  guint64 min_free_bytes;        /* MinFreeBytes: free space kept on the store's filesystem */
  guint   flood_window_seconds;  /* FloodWindowSeconds */
  guint   max_age_days;          /* MaxAgeDays: reports older than this are evicted (0 = never) */
} PmQuota;

/**
 * PmSettings:
 *
 * The settings key file shared by postmortemctl and the application: consent
 * (`[Consent]`), excluded applications (`[Excluded]`), quotas (`[Quota]`) and the upload
 * server (`[Server]`). Unknown keys are kept.
 *
 * Each getter first reads the file again if it changed on disk, so a long-lived process
 * sees changes made by postmortemctl. Each setter reads it, changes one key and writes the
 * file back atomically under a lock, so two processes changing different keys keep both
 * changes.
 */
#define PM_TYPE_SETTINGS (pm_settings_get_type ())
PM_STORE_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PmSettings, pm_settings, PM, SETTINGS, GObject)

/**
 * pm_settings_get_default_path:
 *
 * The user's settings file.
 *
 * Returns: (transfer full): `$PM_SETTINGS_FILE`, else
 *   `$XDG_CONFIG_HOME/postmortem/settings.ini`
 */
PM_STORE_AVAILABLE_IN_ALL
char           *pm_settings_get_default_path   (void);
/**
 * pm_settings_get_system_path:
 *
 * The settings for all users (applications excluded for everyone), whose `[Excluded]`
 * group the store honours.
 *
 * Returns: (transfer full): `$PM_SYSTEM_SETTINGS_FILE`, else `/etc/postmortem/settings.ini`
 */
PM_STORE_AVAILABLE_IN_ALL
char           *pm_settings_get_system_path    (void);
/**
 * pm_settings_new:
 * @path: the settings file (it need not exist)
 *
 * Settings read from (and written to) one file. Nothing is read here: the
 * getters read the file the first time, and again whenever it changed.
 *
 * Returns: (transfer full): settings of @path
 */
PM_STORE_AVAILABLE_IN_ALL
PmSettings     *pm_settings_new                (const char     *path);
/**
 * pm_settings_new_snapshot:
 * @path: the settings file (it need not exist)
 * @error: return location for why the file could not be used, or %NULL
 *
 * Settings read from @path once, now. The getters of a snapshot never look at the
 * file again, so they do no I/O: for a thread that must not wait for a disk (an
 * application's GTK thread, given a snapshot read in a worker; make a new one to
 * see later changes). The setters still change the file, and the snapshot with it.
 *
 * Unlike most functions, a snapshot is returned even when @error is set: a file
 * that cannot be read or is malformed gives the defaults (as the getters of
 * pm_settings_new() do), and @error says why.
 *
 * Returns: (transfer full): settings read from @path
 */
PM_STORE_AVAILABLE_IN_ALL
PmSettings     *pm_settings_new_snapshot       (const char     *path,
                                                GError        **error);
/**
 * pm_settings_new_default:
 *
 * The user's settings.
 *
 * Returns: (transfer full): settings read from pm_settings_get_default_path()
 */
PM_STORE_AVAILABLE_IN_ALL
PmSettings     *pm_settings_new_default        (void);
/**
 * pm_settings_get_path:
 * @settings: a #PmSettings
 *
 * The file these settings are read from and written to.
 *
 * Returns: the settings file
 */
PM_STORE_AVAILABLE_IN_ALL
const char     *pm_settings_get_path           (PmSettings     *settings);
/**
 * pm_settings_reload:
 * @settings: a #PmSettings
 * @error: return location for a #GError, or %NULL
 *
 * Reads the file now. A missing file is not an error; a malformed one is
 * %PM_ERROR_CORRUPT (the getters then return the defaults and the setters refuse to
 * overwrite it).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_reload             (PmSettings     *settings,
                                                GError        **error);

/**
 * pm_settings_get_consent:
 * @settings: a #PmSettings
 * @app_name: (nullable): an application, or %NULL for the default
 *
 * The consent level for an application: its own, else the default.
 *
 * Returns: the consent level that applies to @app_name
 */
PM_STORE_AVAILABLE_IN_ALL
PmConsentLevel  pm_settings_get_consent        (PmSettings     *settings,
                                                const char     *app_name);
/**
 * pm_settings_get_app_consent:
 * @settings: a #PmSettings
 * @app_name: an application
 * @level: (out): its own level
 *
 * The consent level an application has of its own, if any.
 *
 * Returns: %TRUE when @app_name has its own level
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_get_app_consent    (PmSettings     *settings,
                                                const char     *app_name,
                                                PmConsentLevel *level);
/**
 * pm_settings_set_consent:
 * @settings: a #PmSettings
 * @app_name: (nullable): an application, or %NULL for the default
 * @level: the level; 0 with an @app_name removes the application's own level;
 *   %PM_CONSENT_NEVER_SEND is refused for the default (@app_name %NULL)
 * @error: return location for a #GError, or %NULL
 *
 * Sets the default consent level, or an application's own.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_set_consent        (PmSettings     *settings,
                                                const char     *app_name,
                                                PmConsentLevel  level,
                                                GError        **error);
/**
 * pm_settings_list_consent_apps:
 * @settings: a #PmSettings
 *
 * The applications that have a consent level of their own.
 *
 * Returns: (transfer full) (array zero-terminated=1): the applications with their own
 *   consent level
 */
PM_STORE_AVAILABLE_IN_ALL
char          **pm_settings_list_consent_apps  (PmSettings     *settings);
/**
 * pm_consent_level_to_string:
 * @level: a consent level
 *
 * The name of a consent level in the settings.
 *
 * Returns: its name: `ask`, `parameters`, `safe-data` or `all-data`
 */
PM_STORE_AVAILABLE_IN_ALL
const char     *pm_consent_level_to_string     (PmConsentLevel  level);
/**
 * pm_consent_level_from_string:
 * @text: a name of a level (`never` included), or `1` to `4`
 * @level: (out): the level
 *
 * Reads a consent level as written in the settings.
 *
 * Returns: %FALSE when @text is neither
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_consent_level_from_string   (const char     *text,
                                                PmConsentLevel *level);

/**
 * pm_settings_is_excluded:
 * @settings: a #PmSettings
 * @app_name: an application
 *
 * Whether an application is excluded from reporting by these settings.
 *
 * Returns: %TRUE when @app_name is in `[Excluded]`
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_is_excluded        (PmSettings     *settings,
                                                const char     *app_name);
/**
 * pm_settings_set_excluded:
 * @settings: a #PmSettings
 * @app_name: an application
 * @excluded: whether to exclude it
 * @error: return location for a #GError, or %NULL
 *
 * Adds @app_name to `[Excluded]` or removes it (WerAddExcludedApplication(),
 * WerRemoveExcludedApplication()).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_set_excluded       (PmSettings     *settings,
                                                const char     *app_name,
                                                gboolean        excluded,
                                                GError        **error);
/**
 * pm_settings_list_excluded:
 * @settings: a #PmSettings
 *
 * The applications excluded from reporting.
 *
 * Returns: (transfer full) (array zero-terminated=1): the excluded applications
 */
PM_STORE_AVAILABLE_IN_ALL
char          **pm_settings_list_excluded      (PmSettings     *settings);

/**
 * pm_settings_get_quota:
 * @settings: a #PmSettings
 * @quota: (out caller-allocates): the quotas
 *
 * The `[Quota]` values, with the defaults for absent keys.
 */
PM_STORE_AVAILABLE_IN_ALL
void            pm_settings_get_quota          (PmSettings     *settings,
                                                PmQuota        *quota);
/**
 * pm_settings_set_quota:
 * @settings: a #PmSettings
 * @quota: the quotas
 * @error: return location for a #GError, or %NULL
 *
 * Writes the `[Quota]` values.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_set_quota          (PmSettings     *settings,
                                                const PmQuota  *quota,
                                                GError        **error);

/**
 * pm_settings_get_value:
 * @settings: a #PmSettings
 * @group: a group
 * @key: a key
 *
 * Any key, such as the uploader's `[Server]` group.
 *
 * Returns: (nullable) (transfer full): the value, or %NULL when it is absent
 */
PM_STORE_AVAILABLE_IN_ALL
char           *pm_settings_get_value          (PmSettings     *settings,
                                                const char     *group,
                                                const char     *key);
/**
 * pm_settings_get_boolean:
 * @settings: a #PmSettings
 * @group: a group
 * @key: a key
 * @default_value: what an absent or malformed value means
 *
 * Any key, read as a boolean.
 *
 * Returns: the value as a boolean
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_get_boolean        (PmSettings     *settings,
                                                const char     *group,
                                                const char     *key,
                                                gboolean        default_value);
/**
 * pm_settings_set_value:
 * @settings: a #PmSettings
 * @group: a group
 * @key: a key
 * @value: (nullable): the value, or %NULL to remove the key
 * @error: return location for a #GError, or %NULL
 *
 * Sets or removes any key.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_set_value          (PmSettings     *settings,
                                                const char     *group,
                                                const char     *key,
                                                const char     *value,
                                                GError        **error);

/**
 * pm_settings_app_name_is_valid:
 * @app_name: (nullable): a string
 *
 * Checks an application name given for consent or exclusion.
 *
 * Returns: %TRUE when @app_name can be a key of `[Consent]` or `[Excluded]`
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_app_name_is_valid  (const char     *app_name);

G_END_DECLS
