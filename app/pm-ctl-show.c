/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-show.c — postmortemctl show: one report, every Report.wer value and its files.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 *
 *   postmortemctl show KEY [--json]
 *   postmortemctl show KEY --manifest [--json] [--level LEVEL] [--without NAME]…
 *                      [--comment TEXT] [--no-redact]
 *   postmortemctl show KEY --manifest --sent [--json]
 *
 * --manifest prints exactly what `submit KEY --approve` would send with the choices
 * stored in the report, changed by the options given (not saved): every field and file
 * part with its size, what is left out and why, and the replacements redaction makes.
 * --sent prints the manifest that was sent last (Upload.manifest.json).
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-ctl-store.h"
#include "pm-store.h"

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
  gboolean manifest = FALSE;
  gboolean sent = FALSE;
  PmCtlChoiceArgs choice_args = { 0 };
  g_autoptr(GPtrArray) without = g_ptr_array_new_null_terminated (0, NULL, TRUE);

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = TRUE;
      else if (strcmp (argv[i], "--manifest") == 0)
        manifest = TRUE;
      else if (strcmp (argv[i], "--sent") == 0)
        sent = TRUE;
      else if (strcmp (argv[i], "--no-redact") == 0)
        choice_args.no_redact = TRUE;
      else if (strcmp (argv[i], "--level") == 0 || strcmp (argv[i], "--without") == 0 ||
               strcmp (argv[i], "--comment") == 0)
        {
          if (i + 1 >= argc)
            return pm_ctl_usage ("show", _("%s needs a value"), argv[i]);
          if (strcmp (argv[i], "--level") == 0)
            choice_args.level = argv[i + 1];
          else if (strcmp (argv[i], "--comment") == 0)
            choice_args.comment = argv[i + 1];
          else
            g_ptr_array_add (without, argv[i + 1]);
          i++;
        }
      else if (argv[i][0] == '-')
        return pm_ctl_usage ("show", _("unknown option “%s”"), argv[i]);
      else if (key == NULL)
        key = argv[i];
      else
        return pm_ctl_usage ("show", _("one report key only (got “%s” too)"), argv[i]);
    }
  if (key == NULL)
    return pm_ctl_usage ("show", _("which report? (see postmortemctl list)"));
  if (without->len > 0)
    choice_args.without = (char **) without->pdata;
  if ((sent || pm_ctl_choice_args_given (&choice_args)) && !manifest)
    return pm_ctl_usage ("show", _("--sent, --level, --without, --comment and --no-redact go with --manifest"));
  if (sent && pm_ctl_choice_args_given (&choice_args))
    return pm_ctl_usage ("show", _("--sent shows what was sent; it takes no choices"));

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);
  report = pm_store_load_report (store, key, &error);
  if (report == NULL)
    return pm_ctl_fail ("%s", error->message);

  if (manifest)
    {
      g_autoptr(PmManifest) shown = NULL;

      if (sent)
        shown = pm_manifest_load_sent (report, &error);
      else
        {
          g_autoptr(PmManifestChoices) choices = pm_manifest_choices_new_from_report (report);

          /* What `submit --approve` would send: the person looking at it is approving. */
          choice_args.approve = TRUE;
          if (!pm_ctl_choices_apply (choices, store, report, &choice_args, &error))
            return pm_ctl_fail ("%s", error->message);
          shown = pm_manifest_compute (store, report, choices, PM_MANIFEST_APPROVED, &error);
        }
      if (shown == NULL)
        return pm_ctl_fail ("%s", error->message);
      pm_ctl_manifest_print (shown, json);
      return 0;
    }

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
    printf ("  %s=%s\n", keys[i], pm_report_get_value (report, keys[i]));
  printf (_("\nFiles:\n"));
  for (guint i = 0; i < pm_report_get_n_files (report); i++)
    {
      g_autofree char *size = g_format_size (pm_report_get_file_size (report, i));
      const char *name = pm_report_get_file_name (report, i);
      printf ("  %-40s %10s%s\n", name, size,
              g_strcmp0 (name, pm_report_get_minidump_name (report)) == 0 ? _("  (minidump)") : "");
    }
  return 0;
}
