/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-manifest-choices.c — PmManifestChoices: the person's decisions for one report (level,
 * parts and files left out, redaction, comment), read from and written to Report.wer so
 * the dialog, the report page, postmortemctl and the uploader agree.
 *
 * Runs in: any GLib process using the store.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-error.h"
#include "pm-manifest.h"
#include "pm-store.h"

struct _PmManifestChoices
{
  PmConsentLevel level;
  GPtrArray *removed_parts;   /* char*, NULL-terminated */
  GPtrArray *excluded_files;  /* char*, NULL-terminated */
  gboolean redact;
  char *comment;
};

G_DEFINE_BOXED_TYPE (PmManifestChoices, pm_manifest_choices,
                     pm_manifest_choices_copy, pm_manifest_choices_free)

static GPtrArray *
new_name_list (void)
{
  GPtrArray *list = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  return list;
}

PmManifestChoices *
pm_manifest_choices_new (void)
{
  PmManifestChoices *self = g_new0 (PmManifestChoices, 1);

  self->removed_parts = new_name_list ();
  self->excluded_files = new_name_list ();
  self->redact = TRUE;
  return self;
}

static gboolean
list_has (GPtrArray  *list,
          const char *name)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (g_ptr_array_index (list, i), name) == 0)
      return TRUE;
  return FALSE;
}

static void
list_set (GPtrArray  *list,
          const char *name,
          gboolean    present)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (g_ptr_array_index (list, i), name) == 0)
      {
        if (!present)
          g_ptr_array_remove_index (list, i);
        return;
      }
  if (present)
    g_ptr_array_add (list, g_strdup (name));
}

static void
list_add_split (GPtrArray  *list,
                const char *value)
{
  g_auto(GStrv) names = NULL;

  if (value == NULL)
    return;
  names = g_strsplit (value, ";", -1);
  for (guint i = 0; names[i] != NULL; i++)
    if (names[i][0] != '\0')
      list_set (list, names[i], TRUE);
}

/* Report.wer values are one line: the comment's line breaks are stored as "\n" and its
 * backslashes as "\\"; other control characters are dropped. */
static char *
comment_escape (const char *comment)
{
  GString *out = g_string_new (NULL);

  for (const char *p = comment; *p; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\t' || ((guchar) *p >= 0x20 && *p != 0x7f))
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
comment_unescape (const char *stored)
{
  GString *out = g_string_new (NULL);

  for (const char *p = stored; *p; p++)
    {
      if (*p == '\\' && p[1] == 'n')
        {
          g_string_append_c (out, '\n');
          p++;
        }
      else if (*p == '\\' && p[1] == '\\')
        {
          g_string_append_c (out, '\\');
          p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
list_join (GPtrArray *list)
{
  if (list->len == 0)
    return NULL;
  return g_strjoinv (";", (char **) list->pdata);
}

PmManifestChoices *
pm_manifest_choices_new_from_report (PmReport *report)
{
  PmManifestChoices *self;
  const char *level, *redact, *comment;
  PmConsentLevel parsed;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  self = pm_manifest_choices_new ();
  level = pm_report_get_value (report, PM_MANIFEST_KEY_USER_CONSENT);
  if (level != NULL && pm_consent_level_from_string (level, &parsed) &&
      parsed >= PM_CONSENT_PARAMETERS_ONLY && parsed <= PM_CONSENT_ALL_DATA)
    self->level = parsed;
  list_add_split (self->removed_parts, pm_report_get_value (report, PM_MANIFEST_KEY_USER_REMOVED_PARTS));
  list_add_split (self->excluded_files, pm_report_get_value (report, PM_MANIFEST_KEY_USER_EXCLUDED_FILES));
  redact = pm_report_get_value (report, PM_MANIFEST_KEY_REDACT);
  /* Only an explicit "false" turns it off: anything unreadable keeps the safe default. */
  self->redact = !(redact != NULL && g_ascii_strcasecmp (redact, "false") == 0);
  comment = pm_report_get_value (report, PM_MANIFEST_KEY_COMMENT);
  if (comment != NULL && *comment != '\0')
    self->comment = comment_unescape (comment);
  return self;
}

PmManifestChoices *
pm_manifest_choices_copy (const PmManifestChoices *self)
{
  PmManifestChoices *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = pm_manifest_choices_new ();
  copy->level = self->level;
  for (guint i = 0; i < self->removed_parts->len; i++)
    list_set (copy->removed_parts, g_ptr_array_index (self->removed_parts, i), TRUE);
  for (guint i = 0; i < self->excluded_files->len; i++)
    list_set (copy->excluded_files, g_ptr_array_index (self->excluded_files, i), TRUE);
  copy->redact = self->redact;
  copy->comment = g_strdup (self->comment);
  return copy;
}

void
pm_manifest_choices_free (PmManifestChoices *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->removed_parts);
  g_ptr_array_unref (self->excluded_files);
  g_free (self->comment);
  g_free (self);
}

PmConsentLevel
pm_manifest_choices_get_level (const PmManifestChoices *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->level;
}

gboolean
pm_manifest_choices_set_level (PmManifestChoices  *self,
                               PmConsentLevel      level,
                               GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (level != 0 && (level < PM_CONSENT_PARAMETERS_ONLY || level > PM_CONSENT_ALL_DATA))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a level to send one report at (parameters, safe-data or all-data)",
                   pm_consent_level_to_string (level) ? pm_consent_level_to_string (level) : "?");
      return FALSE;
    }
  self->level = level;
  return TRUE;
}

gboolean
pm_manifest_choices_get_part_removed (const PmManifestChoices *self,
                                      const char              *part_name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (part_name != NULL, FALSE);
  return list_has (self->removed_parts, part_name);
}

void
pm_manifest_choices_set_part_removed (PmManifestChoices *self,
                                      const char        *part_name,
                                      gboolean           removed)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (part_name != NULL && *part_name != '\0' && strchr (part_name, ';') == NULL);
  list_set (self->removed_parts, part_name, removed);
}

const char * const *
pm_manifest_choices_get_removed_parts (const PmManifestChoices *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->removed_parts->pdata;
}

gboolean
pm_manifest_choices_get_file_excluded (const PmManifestChoices *self,
                                       const char              *file_name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (file_name != NULL, FALSE);
  return list_has (self->excluded_files, file_name);
}

void
pm_manifest_choices_set_file_excluded (PmManifestChoices *self,
                                       const char        *file_name,
                                       gboolean           excluded)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (file_name != NULL && *file_name != '\0' && strchr (file_name, ';') == NULL);
  list_set (self->excluded_files, file_name, excluded);
}

const char * const *
pm_manifest_choices_get_excluded_files (const PmManifestChoices *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->excluded_files->pdata;
}

gboolean
pm_manifest_choices_get_redact (const PmManifestChoices *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->redact;
}

void
pm_manifest_choices_set_redact (PmManifestChoices *self,
                                gboolean           redact)
{
  g_return_if_fail (self != NULL);
  self->redact = !!redact;
}

const char *
pm_manifest_choices_get_comment (const PmManifestChoices *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->comment;
}

void
pm_manifest_choices_set_comment (PmManifestChoices *self,
                                 const char        *comment)
{
  g_return_if_fail (self != NULL);
  g_free (self->comment);
  self->comment = (comment != NULL && *comment != '\0') ? g_strdup (comment) : NULL;
}

gboolean
pm_manifest_choices_save (const PmManifestChoices  *self,
                          PmStore                  *store,
                          const char               *key,
                          GError                  **error)
{
  g_autofree char *removed = NULL;
  g_autofree char *excluded = NULL;
  g_autofree char *comment = NULL;
  const char *pairs[11];

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (PM_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (self->comment != NULL && !g_utf8_validate (self->comment, -1, NULL))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "the comment is not valid UTF-8");
      return FALSE;
    }
  removed = list_join (self->removed_parts);
  excluded = list_join (self->excluded_files);
  pairs[0] = PM_MANIFEST_KEY_USER_CONSENT;
  pairs[1] = self->level != 0 ? pm_consent_level_to_string (self->level) : NULL;
  pairs[2] = PM_MANIFEST_KEY_USER_REMOVED_PARTS;
  pairs[3] = removed;
  pairs[4] = PM_MANIFEST_KEY_USER_EXCLUDED_FILES;
  pairs[5] = excluded;
  pairs[6] = PM_MANIFEST_KEY_REDACT;
  pairs[7] = self->redact ? NULL : "false";
  pairs[8] = PM_MANIFEST_KEY_COMMENT;
  comment = self->comment != NULL ? comment_escape (self->comment) : NULL;
  pairs[9] = comment;
  pairs[10] = NULL;
  return pm_store_set_report_values (store, key, pairs, error);
}
