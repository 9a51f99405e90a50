/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-show.c — postmortemctl show: one report, every Report.wer value and its files.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 *   postmortemctl show KEY [--json]
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-ctl-store.h"
#include "pm-store.h"
#include "pm-text.h"

int
pm_ctl_show (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  g_autoptr(PmReport) report = NULL;
  const char *key = NULL;
  const char * const *keys;
  gboolean json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = TRUE;
      else if (argv[i][0] == '-')
        return pm_ctl_usage ("show", _("unknown option “%s”"), argv[i]);
      else if (key == NULL)
        key = argv[i];
      else
        return pm_ctl_usage ("show", _("one report key only (got “%s” too)"), argv[i]);
    }
  if (key == NULL)
    return pm_ctl_usage ("show", _("which report? (see postmortemctl list)"));

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);
  report = pm_store_load_report (store, key, &error);
  if (report == NULL)
    return pm_ctl_fail ("%s", error->message);

  keys = pm_report_get_keys (report);
  if (json)
    {
      GString *out = g_string_new ("{");

      pm_ctl_report_json_fields (out, report);
      g_string_append (out, ",\"values\":[");
      for (guint i = 0; keys[i] != NULL; i++)
        {
          g_string_append (out, i > 0 ? ",[" : "[");
          pm_ctl_json_string (out, keys[i], -1);
          g_string_append_c (out, ',');
          pm_ctl_json_string (out, pm_report_get_value (report, keys[i]), -1);
          g_string_append_c (out, ']');
        }
      g_string_append (out, "]}\n");
      fwrite (out->str, 1, out->len, stdout);
      g_string_free (out, TRUE);
      return 0;
    }

  printf (_("Report %s (%s)\n\n"), pm_report_get_key (report), pm_ctl_state_name (pm_report_get_state (report)));
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = pm_text_make_safe (pm_report_get_value (report, keys[i]), -1);
      printf ("  %s=%s\n", keys[i], value);
    }
  printf (_("\nFiles:\n"));
  for (guint i = 0; i < pm_report_get_n_files (report); i++)
    {
      g_autofree char *size = g_format_size (pm_report_get_file_size (report, i));
      const char *name = pm_report_get_file_name (report, i);
      g_autofree char *name_shown = pm_text_make_safe (name, -1);
      printf ("  %-40s %10s%s\n", name_shown, size,
              g_strcmp0 (name, pm_report_get_minidump_name (report)) == 0 ? _("  (minidump)") : "");
    }
  return 0;
}
