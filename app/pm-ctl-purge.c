/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-purge.c — postmortemctl purge: delete reports.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 *   postmortemctl purge --queue|--archive|--all
 *   postmortemctl purge KEY…
 * Every key is tried; the exit status is 1 if any could not be deleted.
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-ctl-store.h"
#include "pm-store.h"

int
pm_ctl_purge (int    argc,
              char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  PmReportState states = 0;
  int n_keys = 0;
  int status = 0;

  for (int i = 1; i < argc; i++)
    {
      PmReportState s;
      if (pm_ctl_parse_states (argv[i], &s))
        states |= s;
      else if (argv[i][0] == '-')
        return pm_ctl_usage ("purge", _("unknown option “%s”"), argv[i]);
      else
        n_keys++;
    }
  if (states == 0 && n_keys == 0)
    return pm_ctl_usage ("purge", _("say what to delete: --queue, --archive, --all or report keys"));
  if (states != 0 && n_keys != 0)
    return pm_ctl_usage ("purge", _("give either --queue/--archive/--all or report keys, not both"));

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);

  if (states != 0)
    {
      guint n = 0;
      if (!pm_store_purge (store, states, &n, &error))
        {
          printf (_("Deleted %u reports.\n"), n);
          return pm_ctl_fail ("%s", error->message);
        }
      printf (_("Deleted %u reports.\n"), n);
      return 0;
    }
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) local_error = NULL;
      if (pm_store_delete_report (store, argv[i], &local_error))
        printf (_("Deleted %s\n"), argv[i]);
      else
        status = pm_ctl_fail ("%s", local_error->message);
    }
  return status;
}
