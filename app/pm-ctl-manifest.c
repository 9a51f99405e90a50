/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-manifest.c — what `show --manifest` and `submit` share: the person's choices
 * from the command line (--level, --without, --comment, --no-redact) and the printing of
 * a manifest, part for part, as text or JSON.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed).
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-ctl-store.h"
#include "pm-manifest.h"

/* Text that came from a report, made printable for a terminal. */
static char *
printable (const char *s)
{
  g_autofree char *valid = g_utf8_make_valid (s != NULL ? s : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
pm_ctl_choices_apply (PmManifestChoices    *choices,
                      PmStore              *store,
                      PmReport             *report,
                      const PmCtlChoiceArgs *args,
                      GError              **error)
{
  g_autoptr(PmManifest) all = NULL;

  if (args->level != NULL)
    {
      PmConsentLevel level = 0;
      PmConsentLevel app_level = pm_settings_get_consent (pm_store_get_settings (store),
                                                          pm_report_get_app_name (report));

      if (!pm_consent_level_from_string (args->level, &level) ||
          level < PM_CONSENT_PARAMETERS_ONLY || level > PM_CONSENT_ALL_DATA)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                       _("unknown level “%s” (parameters, safe-data or all-data)"), args->level);
          return FALSE;
        }
      /* A level wider than the application's consent is the person's decision for
       * this report: it needs their approval, as the dialog's Send is. */
      if (!args->approve && (app_level == PM_CONSENT_ALWAYS_ASK || level > app_level) &&
          app_level != PM_CONSENT_NEVER_SEND)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CONSENT,
                       _("--level %s is wider than the consent of %s (%s): add --approve to send it"),
                       args->level, pm_report_get_app_name (report) ? pm_report_get_app_name (report) : "?",
                       pm_consent_level_to_string (app_level));
          return FALSE;
        }
      if (!pm_manifest_choices_set_level (choices, level, error))
        return FALSE;
    }

  if (args->comment != NULL)
    {
      if (!g_utf8_validate (args->comment, -1, NULL))
        {
          g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, _("the comment is not valid UTF-8"));
          return FALSE;
        }
      pm_manifest_choices_set_comment (choices, args->comment);
    }
  if (args->no_redact)
    pm_manifest_choices_set_redact (choices, FALSE);
  /* Every part the report could send, at the widest level: a name is checked against
   * those, whatever level this report goes at. */
  if (args->without != NULL)
    {
      g_autoptr(PmManifestChoices) widest = pm_manifest_choices_copy (choices);

      pm_manifest_choices_set_level (widest, PM_CONSENT_ALL_DATA, NULL);
      all = pm_manifest_compute (store, report, widest, PM_MANIFEST_APPROVED, error);
      if (all == NULL)
        return FALSE;
      for (guint i = 0; args->without[i] != NULL; i++)
        {
          if (pm_manifest_find_part (all, args->without[i]) == NULL)
            {
              g_autofree char *shown = printable (args->without[i]);
              g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND,
                           _("report %s has no part named “%s” (see postmortemctl show %s --manifest)"),
                           pm_report_get_key (report), shown, pm_report_get_key (report));
              return FALSE;
            }
          pm_manifest_choices_set_part_removed (choices, args->without[i], TRUE);
        }
    }
  return TRUE;
}

gboolean
pm_ctl_choice_args_given (const PmCtlChoiceArgs *args)
{
  return args->level != NULL || args->without != NULL || args->comment != NULL || args->no_redact;
}

static void
print_part (PmManifestPart *part)
{
  g_autofree char *name = printable (pm_manifest_part_get_name (part));
  g_autofree char *size = g_format_size (pm_manifest_part_get_size (part));

  if (pm_manifest_part_get_kind (part) == PM_MANIFEST_PART_FIELD)
    {
      g_autofree char *value = printable (pm_manifest_part_get_value (part));
      printf ("  %-28s %s%s\n", name, value, pm_manifest_part_get_redacted (part) ? _("  (redacted)") : "");
    }
  else
    {
      g_autofree char *file = printable (pm_manifest_part_get_file_name (part));
      printf ("  %-28s %s, %" G_GUINT64_FORMAT " bytes (%s) — %s%s\n", name, file,
              pm_manifest_part_get_size (part), size, pm_manifest_part_get_description (part),
              pm_manifest_part_get_redacted (part) ? _(" (redacted)") : "");
    }
  if (pm_manifest_part_get_reason (part) != NULL)
    printf ("  %-28s   %s\n", "", pm_manifest_part_get_reason (part));
}

void
pm_ctl_manifest_print (PmManifest *manifest,
                       gboolean    json)
{
  GListModel *parts = pm_manifest_get_parts (manifest);
  GListModel *left_out = pm_manifest_get_left_out (manifest);
  g_autofree char *total = g_format_size (pm_manifest_get_total_size (manifest));
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, pm_manifest_get_total_size (manifest));
  guint n;

  if (json)
    {
      gsize length = 0;
      g_autofree char *text = pm_manifest_to_json (manifest, &length);
      fwrite (text, 1, length, stdout);
      return;
    }

  printf (_("Report %s\n"), pm_manifest_get_report_key (manifest));
  if (pm_manifest_get_refusal (manifest) != NULL)
    printf (_("Nothing is sent: %s\n"), pm_manifest_get_refusal (manifest)->message);
  else
    printf (_("Sent at level %s (the application's consent: %s): %u parts, %s bytes (%s)\n"),
            pm_consent_level_to_string (pm_manifest_get_level (manifest)),
            pm_consent_level_to_string (pm_manifest_get_app_level (manifest)),
            g_list_model_get_n_items (parts), bytes, total);

  n = g_list_model_get_n_items (parts);
  if (n > 0)
    printf (_("\nSent:\n"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (parts, i);
      print_part (part);
    }
  n = g_list_model_get_n_items (left_out);
  if (n > 0)
    printf (_("\nNot sent:\n"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (left_out, i);
      print_part (part);
    }
  n = pm_manifest_get_n_replacements (manifest);
  if (n > 0)
    printf (_("\nReplaced before sending:\n"));
  else if (pm_manifest_choices_get_redact (pm_manifest_get_choices (manifest)))
    printf (_("\nNothing needed replacing (home directory, user name, host name, e-mail addresses).\n"));
  else
    printf (_("\nRedaction is off for this report.\n"));
  for (guint i = 0; i < n; i++)
    {
      const char *what, *original, *placeholder;
      guint count;
      g_autofree char *shown = NULL;

      pm_manifest_get_replacement (manifest, i, &what, &original, &placeholder, &count);
      shown = printable (original);
      printf (_("  %s: “%s” → “%s” (%u times)\n"), what, shown, placeholder, count);
    }
}
