/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-consent.c — postmortemctl consent: show or set WER's consent levels, the default
 * and per application, in the settings file shared with the application.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 *   postmortemctl consent                      the default and every application's own level
 *   postmortemctl consent APP                  the level that applies to APP
 *   postmortemctl consent APP LEVEL            sets APP's level (LEVEL "unset" removes it)
 *   postmortemctl consent --default LEVEL      sets the default
 * LEVEL: ask, parameters, safe-data, all-data (or WER's numbers 1–4), and for one
 * application "never": its reports are still collected, never sent (stopping collection
 * is `postmortemctl exclude APP`).
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-settings.h"

static const char *
level_description (PmConsentLevel level)
{
  switch (level)
    {
    case PM_CONSENT_ALWAYS_ASK:
      return _("always ask before sending");
    case PM_CONSENT_PARAMETERS_ONLY:
      return _("send the signature (parameters) only");
    case PM_CONSENT_PARAMETERS_SAFE_DATA:
      return _("send parameters and safe data (minidump)");
    case PM_CONSENT_ALL_DATA:
      return _("send all data");
    case PM_CONSENT_NEVER_SEND:
      return _("never send; reports are still kept on this computer");
    default:
      return "?";
    }
}

int
pm_ctl_consent (int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmSettings) settings = pm_settings_new_default ();
  const char *app;
  PmConsentLevel level;

  if (argc > 3)
    return pm_ctl_usage ("consent", _("too many arguments"));
  if (!pm_settings_reload (settings, &error))
    return pm_ctl_fail ("%s", error->message);

  if (argc == 1)
    {
      g_auto(GStrv) apps = pm_settings_list_consent_apps (settings);
      level = pm_settings_get_consent (settings, NULL);
      printf (_("Default: %s (%s)\n"), pm_consent_level_to_string (level), level_description (level));
      for (guint i = 0; apps[i] != NULL; i++)
        if (pm_settings_get_app_consent (settings, apps[i], &level))
          printf ("%s: %s (%s)\n", apps[i], pm_consent_level_to_string (level), level_description (level));
      return 0;
    }

  app = argv[1];
  if (strcmp (app, "--default") == 0)
    {
      if (argc != 3)
        return pm_ctl_usage ("consent", _("--default needs a level"));
      app = NULL;
    }
  else if (app[0] == '-')
    return pm_ctl_usage ("consent", _("unknown option “%s”"), app);
  else if (!pm_settings_app_name_is_valid (app))
    return pm_ctl_usage ("consent", _("“%s” is not a valid application name"), app);

  if (argc == 2)
    {
      gboolean own = pm_settings_get_app_consent (settings, app, &level);
      if (!own)
        level = pm_settings_get_consent (settings, NULL);
      printf ("%s: %s (%s)%s\n", app, pm_consent_level_to_string (level), level_description (level),
              own ? "" : _(", the default"));
      return 0;
    }

  if (app != NULL && strcmp (argv[2], "unset") == 0)
    level = 0;
  else if (!pm_consent_level_from_string (argv[2], &level))
    return pm_ctl_usage ("consent", _("unknown level “%s” (ask, parameters, safe-data, all-data%s)"),
                         argv[2], app != NULL ? _(", never or unset") : "");
  if (app == NULL && level == PM_CONSENT_NEVER_SEND)
    return pm_ctl_usage ("consent", _("“never” is set per application (postmortemctl consent APP never); to stop collecting an application's reports, use postmortemctl exclude APP"));
  if (!pm_settings_set_consent (settings, app, level, &error))
    return pm_ctl_fail ("%s", error->message);
  if (level == 0)
    printf (_("%s: uses the default again\n"), app);
  else
    printf ("%s: %s (%s)\n", app != NULL ? app : _("Default"), pm_consent_level_to_string (level),
            level_description (level));
  return 0;
}
