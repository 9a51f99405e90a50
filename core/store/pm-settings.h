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

#include <glib-object.h>

G_BEGIN_DECLS

/* WER's consent levels (the values of its DefaultConsent policy). */
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

typedef struct
{
  guint   max_queue_count;       /* MaxQueueCount, 0 = no limit */
  guint   max_archive_count;     /* MaxArchiveCount */
  guint64 max_bytes;             /* MaxBytes: the whole store */
  guint64 min_free_bytes;        /* MinFreeBytes: free space kept on the store's filesystem */
  guint   flood_window_seconds;  /* FloodWindowSeconds */
  guint   max_age_days;          /* MaxAgeDays: reports older than this are evicted (0 = never) */
} PmQuota;

#define PM_TYPE_SETTINGS (pm_settings_get_type ())
G_DECLARE_FINAL_TYPE (PmSettings, pm_settings, PM, SETTINGS, GObject)

/* $PM_SETTINGS_FILE, else $XDG_CONFIG_HOME/postmortem/settings.ini (newly allocated). */
char           *pm_settings_get_default_path   (void);
/* The system-wide settings (applications excluded for all users): $PM_SYSTEM_SETTINGS_FILE,
 * else /etc/postmortem/settings.ini (newly allocated). The store honours its [Excluded]. */
char           *pm_settings_get_system_path    (void);
PmSettings     *pm_settings_new                (const char     *path);
PmSettings     *pm_settings_new_default        (void);
const char     *pm_settings_get_path           (PmSettings     *settings);
/* Reads the file now; a missing file is not an error. A malformed file is PM_ERROR_CORRUPT
 * (the getters then use the defaults and the setters refuse to overwrite it). */
gboolean        pm_settings_reload             (PmSettings     *settings,
                                                GError        **error);

/* Consent: @app_name NULL means the default. */
PmConsentLevel  pm_settings_get_consent        (PmSettings     *settings,
                                                const char     *app_name);
/* TRUE when @app_name has its own level (and sets *level). */
gboolean        pm_settings_get_app_consent    (PmSettings     *settings,
                                                const char     *app_name,
                                                PmConsentLevel *level);
/* @level 0 with an @app_name removes the application's own level. PM_CONSENT_NEVER_SEND
 * is refused for the default (@app_name NULL). */
gboolean        pm_settings_set_consent        (PmSettings     *settings,
                                                const char     *app_name,
                                                PmConsentLevel  level,
                                                GError        **error);
/* The applications with their own level (NULL-terminated, free with g_strfreev). */
char          **pm_settings_list_consent_apps  (PmSettings     *settings);
const char     *pm_consent_level_to_string     (PmConsentLevel  level);
/* Accepts the names above ("never" included) and "1"–"4"; FALSE for anything else. */
gboolean        pm_consent_level_from_string   (const char     *text,
                                                PmConsentLevel *level);

/* Exclusions (WerAddExcludedApplication / WerRemoveExcludedApplication). */
gboolean        pm_settings_is_excluded        (PmSettings     *settings,
                                                const char     *app_name);
gboolean        pm_settings_set_excluded       (PmSettings     *settings,
                                                const char     *app_name,
                                                gboolean        excluded,
                                                GError        **error);
char          **pm_settings_list_excluded      (PmSettings     *settings);

/* Quotas, defaults filled in for keys that are absent. */
void            pm_settings_get_quota          (PmSettings     *settings,
                                                PmQuota        *quota);
gboolean        pm_settings_set_quota          (PmSettings     *settings,
                                                const PmQuota  *quota,
                                                GError        **error);

/* Any key (the uploader's [Server] group…): newly allocated, NULL when absent. */
char           *pm_settings_get_value          (PmSettings     *settings,
                                                const char     *group,
                                                const char     *key);
gboolean        pm_settings_get_boolean        (PmSettings     *settings,
                                                const char     *group,
                                                const char     *key,
                                                gboolean        default_value);
/* A NULL @value removes the key. */
gboolean        pm_settings_set_value          (PmSettings     *settings,
                                                const char     *group,
                                                const char     *key,
                                                const char     *value,
                                                GError        **error);

/* An application name usable as a settings key: 1–255 bytes of UTF-8, no control
 * characters, none of "[]=", no leading/trailing space. */
gboolean        pm_settings_app_name_is_valid  (const char     *app_name);

G_END_DECLS
