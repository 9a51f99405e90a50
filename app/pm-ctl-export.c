/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-export.c — postmortemctl export: one report into a .tar.gz or .zip, for sending
 * by hand.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 *   postmortemctl export KEY -o FILE.tar.gz|FILE.zip
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-store.h"

int
pm_ctl_export (int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  const char *key = NULL;
  const char *output = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "-o") == 0 || strcmp (argv[i], "--output") == 0)
        {
          if (i + 1 >= argc)
            return pm_ctl_usage ("export", _("%s needs a file name"), argv[i]);
          output = argv[++i];
        }
      else if (argv[i][0] == '-')
        return pm_ctl_usage ("export", _("unknown option “%s”"), argv[i]);
      else if (key == NULL)
        key = argv[i];
      else
        return pm_ctl_usage ("export", _("one report key only (got “%s” too)"), argv[i]);
    }
  if (key == NULL)
    return pm_ctl_usage ("export", _("which report? (see postmortemctl list)"));
  if (output == NULL)
    return pm_ctl_usage ("export", _("where to? (-o FILE.tar.gz or -o FILE.zip)"));
  if (!g_str_has_suffix (output, ".tar.gz") && !g_str_has_suffix (output, ".tgz") &&
      !g_str_has_suffix (output, ".zip"))
    return pm_ctl_usage ("export", _("“%s” must end in .tar.gz, .tgz or .zip"), output);

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);
  if (!pm_store_export_report (store, key, output, &error))
    return pm_ctl_fail ("%s", error->message);
  printf (_("Wrote %s\n"), output);
  return 0;
}
