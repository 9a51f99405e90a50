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
 *               <AppName>=<level>
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

/* WER's consent levels (the values of its DefaultConsent policy). */
typedef enum
{
  PM_CONSENT_ALWAYS_ASK          = 1,  /* "ask": ask the user before sending anything */
  PM_CONSENT_PARAMETERS_ONLY     = 2,  /* "parameters": send the signature without asking */
  PM_CONSENT_PARAMETERS_SAFE_DATA= 3,  /* "safe-data": signature and minidump, no heap/environ */
  PM_CONSENT_ALL_DATA            = 4,  /* "all-data": everything, heap and environment included */
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
PM_STORE_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PmSettings, pm_settings, PM, SETTINGS, GObject)

/* $PM_SETTINGS_FILE, else $XDG_CONFIG_HOME/postmortem/settings.ini (newly allocated). */
PM_STORE_AVAILABLE_IN_ALL
char           *pm_settings_get_default_path   (void);
/* The system-wide settings (applications excluded for all users): $PM_SYSTEM_SETTINGS_FILE,
 * else /etc/postmortem/settings.ini (newly allocated). The store honours its [Excluded]. */
PM_STORE_AVAILABLE_IN_ALL
char           *pm_settings_get_system_path    (void);
PM_STORE_AVAILABLE_IN_ALL
PmSettings     *pm_settings_new                (const char     *path);
PM_STORE_AVAILABLE_IN_ALL
PmSettings     *pm_settings_new_default        (void);
PM_STORE_AVAILABLE_IN_ALL
const char     *pm_settings_get_path           (PmSettings     *settings);
/* Reads the file now; a missing file is not an error. A malformed file is PM_ERROR_CORRUPT
 * (the getters then use the defaults and the setters refuse to overwrite it). */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_reload             (PmSettings     *settings,
                                                GError        **error);

/* Consent: @app_name NULL means the default. */
PM_STORE_AVAILABLE_IN_ALL
PmConsentLevel  pm_settings_get_consent        (PmSettings     *settings,
                                                const char     *app_name);
/* TRUE when @app_name has its own level (and sets *level). */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_get_app_consent    (PmSettings     *settings,
                                                const char     *app_name,
                                                PmConsentLevel *level);
/* @level 0 with an @app_name removes the application's own level. */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_set_consent        (PmSettings     *settings,
                                                const char     *app_name,
                                                PmConsentLevel  level,
                                                GError        **error);
/* The applications with their own level (NULL-terminated, free with g_strfreev). */
PM_STORE_AVAILABLE_IN_ALL
char          **pm_settings_list_consent_apps  (PmSettings     *settings);
PM_STORE_AVAILABLE_IN_ALL
const char     *pm_consent_level_to_string     (PmConsentLevel  level);
/* Accepts the names above and "1"–"4"; FALSE for anything else. */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_consent_level_from_string   (const char     *text,
                                                PmConsentLevel *level);

/* Exclusions (WerAddExcludedApplication / WerRemoveExcludedApplication). */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_is_excluded        (PmSettings     *settings,
                                                const char     *app_name);
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_set_excluded       (PmSettings     *settings,
                                                const char     *app_name,
                                                gboolean        excluded,
                                                GError        **error);
PM_STORE_AVAILABLE_IN_ALL
char          **pm_settings_list_excluded      (PmSettings     *settings);

/* Quotas, defaults filled in for keys that are absent. */
PM_STORE_AVAILABLE_IN_ALL
void            pm_settings_get_quota          (PmSettings     *settings,
                                                PmQuota        *quota);
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_set_quota          (PmSettings     *settings,
                                                const PmQuota  *quota,
                                                GError        **error);

/* Any key (the uploader's [Server] group…): newly allocated, NULL when absent. */
PM_STORE_AVAILABLE_IN_ALL
char           *pm_settings_get_value          (PmSettings     *settings,
                                                const char     *group,
                                                const char     *key);
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_get_boolean        (PmSettings     *settings,
                                                const char     *group,
                                                const char     *key,
                                                gboolean        default_value);
/* A NULL @value removes the key. */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_set_value          (PmSettings     *settings,
                                                const char     *group,
                                                const char     *key,
                                                const char     *value,
                                                GError        **error);

/* An application name usable as a settings key: 1–255 bytes of UTF-8, no control
 * characters, none of "[]=", no leading/trailing space. */
PM_STORE_AVAILABLE_IN_ALL
gboolean        pm_settings_app_name_is_valid  (const char     *app_name);

G_END_DECLS
