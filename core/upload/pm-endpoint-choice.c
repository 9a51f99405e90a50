/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-endpoint-choice.c — which crash server one report goes to: the person's,
 * else the program's own (see pm-endpoint-choice.h).
 *
 * Runs in: postmortemctl and the application (any thread; GLib and GIO only).
 */
#include "pm-config.h"

#include <string.h>

#include "pm-endpoint-choice.h"
#include "pm-error.h"

PmEndpoint *
pm_endpoint_new_from_settings (PmSettings  *settings,
                               GError     **error)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *url = NULL;
  g_autofree char *dsn = NULL;
  PmEndpoint *endpoint;
  PmEndpointKind kind = PM_ENDPOINT_BREAKPAD;

  g_return_val_if_fail (PM_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kind_text = pm_settings_get_value (settings, "Server", "Kind");
  url = pm_settings_get_value (settings, "Server", "Url");
  dsn = pm_settings_get_value (settings, "Server", "Dsn");

  if ((url == NULL || *url == '\0') && (dsn == NULL || *dsn == '\0'))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND,
                   "no crash server is configured (set [Server] Url= or Dsn= in %s, "
                   "or pass --url / --dsn)", pm_settings_get_path (settings));
      return NULL;
    }
  if (kind_text != NULL && !pm_endpoint_kind_from_string (kind_text, &kind, error))
    {
      g_prefix_error (error, "%s, [Server] Kind: ", pm_settings_get_path (settings));
      return NULL;
    }
  if (kind_text == NULL && dsn != NULL && *dsn != '\0')
    kind = PM_ENDPOINT_SENTRY;

  if (kind == PM_ENDPOINT_SENTRY && dsn != NULL && *dsn != '\0')
    endpoint = pm_endpoint_new_for_dsn (dsn, error);
  else if (url != NULL && *url != '\0')
    endpoint = pm_endpoint_new_for_url (kind, url, error);
  else
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "Kind=%s needs %s", pm_endpoint_kind_to_string (kind),
                   kind == PM_ENDPOINT_SENTRY ? "Dsn=" : "Url=");
      endpoint = NULL;
    }
  if (endpoint == NULL)
    g_prefix_error (error, "%s, [Server]: ", pm_settings_get_path (settings));
  return endpoint;
}

/* Desktop ids are names of files: a Flatpak app id read from a report must be one. */
static gboolean
app_id_is_plausible (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 255)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

GDesktopAppInfo *
pm_endpoint_find_desktop_app_info (PmReport *report)
{
  const char *flatpak_app = pm_report_get_value (report, "Postmortem.FlatpakApp");
  const char *app_path = pm_report_get_app_path (report);
  const char *app_name = pm_report_get_app_name (report);
  GDesktopAppInfo *by_path = NULL;
  GDesktopAppInfo *by_name = NULL;
  GList *all;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  /* A Flatpak app's exported desktop file runs `flatpak run`, not the program:
   * only its id finds it. */
  if (app_id_is_plausible (flatpak_app))
    {
      g_autofree char *id = g_strconcat (flatpak_app, ".desktop", NULL);
      GDesktopAppInfo *info = g_desktop_app_info_new (id);
      if (info != NULL)
        return info;
    }

  /* The first desktop file for a program wins, as in the system menus. */
  all = g_app_info_get_all ();
  for (GList *l = all; l != NULL; l = l->next)
    {
      const char *exec;

      if (!G_IS_DESKTOP_APP_INFO (l->data) || (exec = g_app_info_get_executable (l->data)) == NULL)
        continue;
      if (by_path == NULL && app_path != NULL && g_strcmp0 (exec, app_path) == 0)
        by_path = g_object_ref (l->data);
      if (by_name == NULL && app_name != NULL && *app_name != '\0')
        {
          g_autofree char *base = g_path_get_basename (exec);
          if (g_strcmp0 (base, app_name) == 0)
            by_name = g_object_ref (l->data);
        }
    }
  g_list_free_full (all, g_object_unref);
  if (by_path != NULL)
    {
      g_clear_object (&by_name);
      return by_path;
    }
  return by_name;
}

PmEndpoint *
pm_endpoint_new_for_program (PmReport          *report,
                             GAppInfo          *app_info,
                             PmEndpointOrigin  *origin,
                             GError           **error)
{
  const char *registered;
  g_autofree char *from_desktop = NULL;
  g_autoptr(GDesktopAppInfo) found = NULL;
  PmEndpoint *endpoint;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  g_return_val_if_fail (app_info == NULL || G_IS_APP_INFO (app_info), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (origin != NULL)
    *origin = PM_ENDPOINT_ORIGIN_NONE;

  registered = pm_report_get_value (report, PM_REPORT_KEY_CRASH_SERVER);
  if (registered != NULL && *registered != '\0')
    {
      endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD, registered, error);
      if (endpoint == NULL)
        {
          g_prefix_error (error, "the crash server the program registered (%s): ", PM_REPORT_KEY_CRASH_SERVER);
          return NULL;
        }
      if (origin != NULL)
        *origin = PM_ENDPOINT_ORIGIN_PROGRAM;
      return endpoint;
    }

  if (app_info == NULL)
    {
      found = pm_endpoint_find_desktop_app_info (report);
      app_info = G_APP_INFO (found);
    }
  if (app_info != NULL && G_IS_DESKTOP_APP_INFO (app_info))
    from_desktop = g_desktop_app_info_get_string (G_DESKTOP_APP_INFO (app_info), PM_DESKTOP_KEY_CRASH_SERVER);
  if (from_desktop != NULL && *from_desktop != '\0')
    {
      endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD, g_strstrip (from_desktop), error);
      if (endpoint == NULL)
        {
          const char *file = g_desktop_app_info_get_filename (G_DESKTOP_APP_INFO (app_info));
          g_prefix_error (error, "%s, %s: ", file != NULL ? file : g_app_info_get_id (app_info),
                          PM_DESKTOP_KEY_CRASH_SERVER);
          return NULL;
        }
      if (origin != NULL)
        *origin = PM_ENDPOINT_ORIGIN_DESKTOP_FILE;
      return endpoint;
    }

  g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND,
               "the program names no crash server (neither pm_register_crash_server() nor %s in its desktop file)",
               PM_DESKTOP_KEY_CRASH_SERVER);
  return NULL;
}

PmEndpoint *
pm_endpoint_choose_for_report (PmSettings        *settings,
                               PmReport          *report,
                               GAppInfo          *app_info,
                               PmEndpointOrigin  *origin,
                               GError           **error)
{
  g_autoptr(GError) settings_error = NULL;
  g_autoptr(GError) program_error = NULL;
  PmEndpoint *endpoint;

  g_return_val_if_fail (PM_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (origin != NULL)
    *origin = PM_ENDPOINT_ORIGIN_NONE;

  /* The person's choice comes first, always. A server they set that is broken is
   * their error to see, not a reason to send elsewhere. */
  endpoint = pm_endpoint_new_from_settings (settings, &settings_error);
  if (endpoint != NULL)
    {
      if (origin != NULL)
        *origin = PM_ENDPOINT_ORIGIN_SETTINGS;
      return endpoint;
    }
  if (!g_error_matches (settings_error, PM_ERROR, PM_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&settings_error));
      return NULL;
    }

  endpoint = pm_endpoint_new_for_program (report, app_info, origin, &program_error);
  if (endpoint != NULL)
    return endpoint;
  if (g_error_matches (program_error, PM_ERROR, PM_ERROR_NOT_FOUND))
    g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "%s, and %s", settings_error->message, program_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&program_error));
  return NULL;
}

char *
pm_endpoint_dup_host (const PmEndpoint *endpoint)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (endpoint != NULL, NULL);

  uri = g_uri_parse (pm_endpoint_get_display_url (endpoint), G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (pm_endpoint_get_display_url (endpoint));
  return g_strdup (g_uri_get_host (uri));
}
