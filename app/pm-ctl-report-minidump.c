/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-report-minidump.c — opens the main minidump of a report in the store,
 * for `postmortemctl info KEY` and `memory KEY`.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed). Part of the store
 * module: info and memory, built into the executable, link no store (and so
 * no GIO) and call this only when they are given a report key, not a file.
 */
#include "pm-config.h"

#include <glib.h>
#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-store.h"

int
pm_ctl_open_report_minidump (const char *key, char **name, char **error)
{
  g_autoptr (GError) gerror = NULL;
  g_autoptr (PmStore) store = NULL;
  g_autoptr (PmReport) report = NULL;
  const char *dump;
  int fd;

  store = pm_store_open_default (&gerror);
  if (store == NULL)
    {
      *error = g_strdup_printf (_("%s: no such file, and the report store cannot be opened: %s"),
                                key, gerror->message);
      return -1;
    }
  report = pm_store_load_report (store, key, &gerror);
  if (report == NULL)
    {
      *error = g_strdup_printf (_("%s: no such file or report: %s"), key, gerror->message);
      return -1;
    }
  dump = pm_report_get_minidump_name (report);
  if (dump == NULL)
    {
      *error = g_strdup_printf (_("report %s has no minidump"), key);
      return -1;
    }
  fd = pm_report_open_file (report, dump, &gerror);
  if (fd < 0)
    {
      *error = g_strdup_printf (_("report %s: cannot open %s: %s"), key, dump, gerror->message);
      return -1;
    }
  *name = g_strdup (dump);
  return fd;
}
