/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-names.c — the names of a store: file names inside a report, report keys
 * ("<EventType>_<app>_<bucket16>_<uuid>", see pm-store.h), EventType, and the bucket id.
 *
 * Runs in: any GLib process using the store; pure functions (no I/O), any thread.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-store.h"
#include "pm-store-private.h"

/* --- Names and keys --- */

gboolean
pm_store_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len > 255 || name[0] == '.')
    return FALSE;
  if (!g_utf8_validate (name, len, NULL))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = name[i];
      if (c == '/' || c < 0x20 || c == 0x7f)
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_chars (const char *s,
           gsize       len,
           const char *extra,
           gboolean    lower_hex)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];
      if (lower_hex)
        {
          if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return FALSE;
        }
      else if (!g_ascii_isalnum (c) && (extra == NULL || strchr (extra, c) == NULL))
        return FALSE;
    }
  return TRUE;
}

static gboolean
uuid_is_valid (const char *s,
               gsize       len)
{
  if (len != 36)
    return FALSE;
  for (gsize i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (s[i] != '-')
            return FALSE;
        }
      else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
        return FALSE;
    }
  return TRUE;
}

gboolean
pm_store_key_split (const char *key,
                    char      **event_type,
                    char      **app,
                    char      **bucket,
                    char      **uuid)
{
  const char *u1, *u2, *u3;
  gsize len;

  if (key == NULL)
    return FALSE;
  len = strlen (key);
  if (len > 255)
    return FALSE;
  u1 = strchr (key, '_');
  u2 = u1 != NULL ? strchr (u1 + 1, '_') : NULL;
  u3 = u2 != NULL ? strchr (u2 + 1, '_') : NULL;
  if (u3 == NULL || strchr (u3 + 1, '_') != NULL)
    return FALSE;
  if (u1 - key > 64 || !all_chars (key, u1 - key, NULL, FALSE))
    return FALSE;
  if (u2 - u1 - 1 > 64 || !all_chars (u1 + 1, u2 - u1 - 1, ".+-", FALSE))
    return FALSE;
  if (u3 - u2 - 1 != 16 || !all_chars (u2 + 1, 16, NULL, TRUE))
    return FALSE;
  if (!uuid_is_valid (u3 + 1, key + len - u3 - 1))
    return FALSE;
  if (event_type != NULL)
    *event_type = g_strndup (key, u1 - key);
  if (app != NULL)
    *app = g_strndup (u1 + 1, u2 - u1 - 1);
  if (bucket != NULL)
    *bucket = g_strndup (u2 + 1, 16);
  if (uuid != NULL)
    *uuid = g_strdup (u3 + 1);
  return TRUE;
}

gboolean
pm_store_key_is_valid (const char *key)
{
  return pm_store_key_split (key, NULL, NULL, NULL, NULL);
}

char *
pm_store_key_app_part (const char *app_name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = app_name; p != NULL && *p != '\0' && out->len < 64; p++)
    out = g_string_append_c (out, (g_ascii_isalnum (*p) || *p == '.' || *p == '+' || *p == '-') ? *p : '-');
  if (out->len == 0)
    g_string_append (out, "unknown");
  return g_string_free (out, FALSE);
}

/* Signature names whose values are absolute addresses: they move with ASLR, so two runs of
 * the same crash would land in two buckets. Reports written before rule 2 carry
 * "Fault Address" as a signature (newer ones keep it as Postmortem.FaultAddress). */
static gboolean
sig_name_is_absolute_address (const char *name)
{
  return name != NULL && g_ascii_strcasecmp (name, "Fault Address") == 0;
}

char *
pm_bucket_id_compute (const PmWerFile *wer)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *event_type = pm_wer_file_get (wer, "EventType");

  /* Length-prefixed fields, so no two different signatures hash the same text. Rule 2
   * leaves out the signatures that are absolute addresses. */
  g_checksum_update (sum, (const guchar *) "postmortem-bucket-2", -1);
  for (int i = -1; i < PM_REPORT_MAX_SIGNATURE; i++)
    {
      char key[32];
      const char *value;
      g_autofree char *field = NULL;

      if (i < 0)
        value = event_type;
      else
        {
          g_snprintf (key, sizeof key, "Sig[%d].Name", i);
          if (sig_name_is_absolute_address (pm_wer_file_get (wer, key)))
            continue;
          g_snprintf (key, sizeof key, "Sig[%d].Value", i);
          value = pm_wer_file_get (wer, key);
        }
      if (value == NULL)
        continue;
      field = g_strdup_printf ("\n%d:%zu:%s", i, strlen (value), value);
      g_checksum_update (sum, (const guchar *) field, -1);
    }
  return g_strndup (g_checksum_get_string (sum), 16);
}

gboolean
pm_store_event_type_is_valid (const char *event_type)
{
  return event_type != NULL && strlen (event_type) <= 64 && all_chars (event_type, strlen (event_type), NULL, FALSE);
}
