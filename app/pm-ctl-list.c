/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-list.c — postmortemctl list: the reports of the store, as a table or JSON.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 *   postmortemctl list [--queue|--archive|--all] [--json]
 * Default --all. Oldest first. A report that cannot be read is listed with its error
 * (and the exit status is still 0: the listing itself worked).
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-ctl-store.h"
#include "pm-store.h"
#include "pm-text.h"

const char *
pm_ctl_state_name (PmReportState state)
{
  return state == PM_REPORT_STATE_ARCHIVE ? "archive" : "queue";
}

gboolean
pm_ctl_parse_states (const char    *arg,
                     PmReportState *states)
{
  if (strcmp (arg, "--queue") == 0)
    *states = PM_REPORT_STATE_QUEUE;
  else if (strcmp (arg, "--archive") == 0)
    *states = PM_REPORT_STATE_ARCHIVE;
  else if (strcmp (arg, "--all") == 0)
    *states = PM_REPORT_STATE_ALL;
  else
    return FALSE;
  return TRUE;
}

/* Report values are valid UTF-8 without control characters other than TAB (the
 * Report.wer parser checks), so most strings need no more than quoting: that fast path
 * matters when listing 10,000 reports. Anything else (a TAB, a quote, a backslash, or a name
 * from a file that is not a Report.wer value) goes through pm_ctl_json_string(). */
static void
json_string (GString    *out,
             const char *s)
{
  if (s == NULL || !pm_text_is_safe (s, -1) || strpbrk (s, "\"\\") != NULL)
    {
      pm_ctl_json_string (out, s, -1);
      return;
    }
  g_string_append_c (out, '"');
  g_string_append (out, s);
  g_string_append_c (out, '"');
}

void
pm_ctl_report_json_fields (GString  *out,
                           PmReport *report)
{
  GDateTime *time = pm_report_get_event_time (report);
  const GError *load_error = pm_report_get_load_error (report);
  g_autofree char *iso = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

  g_string_append (out, "\"key\":");
  json_string (out, pm_report_get_key (report));
  g_string_append_printf (out, ",\"state\":\"%s\",\"event_type\":", pm_ctl_state_name (pm_report_get_state (report)));
  json_string (out, pm_report_get_event_type (report));
  g_string_append (out, ",\"app_name\":");
  json_string (out, pm_report_get_app_name (report));
  g_string_append (out, ",\"app_path\":");
  json_string (out, pm_report_get_app_path (report));
  g_string_append (out, ",\"event_time\":");
  json_string (out, iso);
  g_string_append (out, ",\"report_id\":");
  json_string (out, pm_report_get_report_id (report));
  g_string_append (out, ",\"bucket_id\":");
  json_string (out, pm_report_get_bucket_id (report));
  g_string_append_printf (out, ",\"count\":%u,\"size\":%" G_GUINT64_FORMAT ",\"minidump\":",
                          pm_report_get_count (report), pm_report_get_size (report));
  json_string (out, pm_report_get_minidump_name (report));
  g_string_append (out, ",\"files\":[");
  for (guint i = 0; i < pm_report_get_n_files (report); i++)
    {
      g_string_append (out, i > 0 ? ",{\"name\":" : "{\"name\":");
      json_string (out, pm_report_get_file_name (report, i));
      g_string_append_printf (out, ",\"size\":%" G_GUINT64_FORMAT "}", pm_report_get_file_size (report, i));
    }
  g_string_append (out, "],\"error\":");
  json_string (out, load_error != NULL ? load_error->message : NULL);
}

int
pm_ctl_list (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  PmReportState states = PM_REPORT_STATE_ALL;
  gboolean json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = TRUE;
      else if (!pm_ctl_parse_states (argv[i], &states))
        return pm_ctl_usage ("list", _("unknown argument “%s”"), argv[i]);
    }

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);
  reports = pm_store_list_reports (store, states, &error);
  if (reports == NULL)
    return pm_ctl_fail ("%s", error->message);

  if (json)
    {
      GString *out = g_string_sized_new (512 * (reports->len + 1));

      g_string_append_c (out, '[');
      for (guint i = 0; i < reports->len; i++)
        {
          g_string_append (out, i > 0 ? ",\n{" : "\n{");
          pm_ctl_report_json_fields (out, g_ptr_array_index (reports, i));
          g_string_append_c (out, '}');
        }
      g_string_append (out, "\n]\n");
      fwrite (out->str, 1, out->len, stdout);
      g_string_free (out, TRUE);
      return 0;
    }

  if (reports->len == 0)
    {
      printf (_("No reports.\n"));
      return 0;
    }
  printf ("%-8s  %-20s  %5s  %10s  %-20s  %s\n", _("STATE"), _("TIME"), _("COUNT"), _("SIZE"), _("APPLICATION"), _("KEY"));
  for (guint i = 0; i < reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (reports, i);
      GDateTime *time = pm_report_get_event_time (report);
      g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
      g_autofree char *size = g_format_size (pm_report_get_size (report));
      const GError *load_error = pm_report_get_load_error (report);
      const char *app = pm_report_get_app_name (report);
      g_autofree char *app_shown = pm_text_make_safe (app != NULL ? app : "?", -1);

      printf ("%-8s  %-20s  %5u  %10s  %-20s  %s\n", pm_ctl_state_name (pm_report_get_state (report)), when,
              pm_report_get_count (report), size, app_shown, pm_report_get_key (report));
      if (load_error != NULL)
        {
          g_autofree char *message = pm_text_make_safe (load_error->message, -1);
          printf ("          %s %s\n", _("error:"), message);
        }
    }
  return 0;
}
