/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-exclude.c — postmortemctl exclude / include: excluded applications produce no
 * report (WerAddExcludedApplication / WerRemoveExcludedApplication).
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 *   postmortemctl exclude [APP]   excludes APP; without APP, lists the excluded applications
 *   postmortemctl include APP     includes APP again
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-settings.h"

static int
set_excluded (const char *command,
              int         argc,
              char      **argv,
              gboolean    excluded)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmSettings) settings = pm_settings_new_default ();

  if (argc > 2)
    return pm_ctl_usage (command, _("one application only"));
  if (argc == 2 && argv[1][0] == '-')
    return pm_ctl_usage (command, _("unknown option “%s”"), argv[1]);
  if (argc == 1 && excluded)
    {
      g_auto(GStrv) apps = NULL;
      if (!pm_settings_reload (settings, &error))
        return pm_ctl_fail ("%s", error->message);
      apps = pm_settings_list_excluded (settings);
      if (apps[0] == NULL)
        printf (_("No application is excluded.\n"));
      for (guint i = 0; apps[i] != NULL; i++)
        printf ("%s\n", apps[i]);
      return 0;
    }
  if (argc == 1)
    return pm_ctl_usage (command, _("which application?"));
  if (!pm_settings_app_name_is_valid (argv[1]))
    return pm_ctl_usage (command, _("“%s” is not a valid application name"), argv[1]);
  if (!pm_settings_set_excluded (settings, argv[1], excluded, &error))
    return pm_ctl_fail ("%s", error->message);
  printf (excluded ? _("%s is excluded: its crashes produce no report\n")
                   : _("%s is included: its crashes produce reports\n"), argv[1]);
  return 0;
}

int
pm_ctl_exclude (int    argc,
                char **argv)
{
  return set_excluded ("exclude", argc, argv, TRUE);
}

int
pm_ctl_include (int    argc,
                char **argv)
{
  return set_excluded ("include", argc, argv, FALSE);
}
