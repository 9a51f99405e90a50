/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-import.c — postmortemctl import: bring exported reports back into the store.
 *
 * Runs in: postmortemctl, an ordinary process (GLib, libarchive).
 *
 *   postmortemctl import FILE…
 *
 * FILE is a .tar.gz/.tgz/.tar/.zip written by postmortemctl export (or the
 * application). Each archive is checked whole before anything is written and
 * refused if it holds absolute paths, "..", links, devices or names the store
 * does not accept (see core/store/pm-store-import.h); each report then
 * appears in the queue atomically. Prints the key of every imported report.
 * Exit status: 0 when every archive was imported, 1 otherwise, 2 for usage.
 */
#include "pm-config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-store.h"
#include "pm-text.h"
#include "pm-store-import.h"

int
pm_ctl_import (int argc, char **argv)
{
  g_auto(GStrv) files = NULL;
  GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE…");
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  guint failed = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pm_ctl_usage ("import", "%s", error->message);
  if (files == NULL)
    return pm_ctl_usage ("import", "name the archive(s) to import");

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) keys = pm_store_import_archive (store, files[i], &error);

      if (keys == NULL)
        {
          /* The message names the archive already. */
          g_autofree char *message = pm_text_make_safe (error->message, -1);
          fprintf (stderr, "postmortemctl: not imported: %s\n", message);
          g_clear_error (&error);
          failed++;
          continue;
        }
      for (guint k = 0; k < keys->len; k++)
        printf ("%s\n", (char *) g_ptr_array_index (keys, k));
    }
  return failed == 0 ? 0 : PM_CTL_EXIT_FAILURE;
}
