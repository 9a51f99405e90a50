/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wer-file.c — the strict, bounded Report.wer reader and writer (see pm-wer-file.h).
 *
 * Runs in: any GLib process; fed untrusted bytes (a Report.wer anyone with write access to
 * the store could have written), so every limit is checked before anything is allocated.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-error.h"
#include "pm-wer-file.h"

typedef struct
{
  char *key;
  char *value;
} PmWerEntry;

struct _PmWerFile
{
  GPtrArray  *entries;  /* PmWerEntry*, file order */
  GHashTable *by_key;   /* key (borrowed from the entry) -> PmWerEntry* */
};

static void
pm_wer_entry_free (gpointer data)
{
  PmWerEntry *entry = data;

  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

PmWerFile *
pm_wer_file_new (void)
{
  PmWerFile *file = g_new0 (PmWerFile, 1);

  file->entries = g_ptr_array_new_with_free_func (pm_wer_entry_free);
  file->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  return file;
}

void
pm_wer_file_free (PmWerFile *file)
{
  if (file == NULL)
    return;
  g_hash_table_unref (file->by_key);
  g_ptr_array_unref (file->entries);
  g_free (file);
}

static gboolean
key_is_valid_len (const char *key,
                  gsize       len)
{
  if (len == 0 || len > PM_WER_FILE_MAX_KEY)
    return FALSE;
  if (!g_ascii_isalpha (key[0]))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    {
      char c = key[i];
      if (!(g_ascii_isalnum (c) || c == '_' || c == '.' || c == '[' || c == ']' || c == '-'))
        return FALSE;
    }
  return TRUE;
}

gboolean
pm_wer_file_key_is_valid (const char *key)
{
  return key != NULL && key_is_valid_len (key, strlen (key));
}

/* Why a value is refused, or NULL when it is fine. */
static const char *
value_problem (const char *value,
               gsize       len)
{
  const char *end;

  if (len > PM_WER_FILE_MAX_LINE)
    return "value too long";
  if (!g_utf8_validate (value, len, &end))
    return "value is not valid UTF-8";
  for (gsize i = 0; i < len; i++)
    {
      guchar c = value[i];
      if ((c < 0x20 && c != '\t') || c == 0x7f)
        return "value contains a control character";
    }
  /* C1 controls (U+0080..U+009F) are two bytes in UTF-8: 0xC2 0x80..0x9F. */
  for (gsize i = 0; i + 1 < len; i++)
    if ((guchar) value[i] == 0xc2 && (guchar) value[i + 1] >= 0x80 && (guchar) value[i + 1] <= 0x9f)
      return "value contains a control character";
  return NULL;
}

gboolean
pm_wer_file_value_is_valid (const char *value)
{
  return value != NULL && value_problem (value, strlen (value)) == NULL;
}

static void
append_entry (PmWerFile *file,
              char      *key,
              char      *value)
{
  PmWerEntry *entry = g_new (PmWerEntry, 1);

  entry->key = key;
  entry->value = value;
  g_ptr_array_add (file->entries, entry);
  g_hash_table_insert (file->by_key, entry->key, entry);
}

PmWerFile *
pm_wer_file_parse (const char *data,
                   gsize       length,
                   GError    **error)
{
  g_autoptr(PmWerFile) file = NULL;
  gsize pos = 0;
  guint line_no = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > PM_WER_FILE_MAX_SIZE)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                   "Report.wer is %" G_GSIZE_FORMAT " bytes, more than the limit of %d",
                   length, PM_WER_FILE_MAX_SIZE);
      return NULL;
    }
  if (length >= 2 && (((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe) ||
                      ((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff)))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                   "line 1: Report.wer is UTF-16 (Windows); only UTF-8 is read");
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    pos = 3;

  file = pm_wer_file_new ();

  while (pos < length)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', length - pos);
      gsize line_len = nl != NULL ? (gsize) (nl - line) : length - pos;
      const char *eq;
      gsize key_len;
      const char *value;
      gsize value_len;
      const char *problem;

      line_no++;
      pos += line_len + (nl != NULL ? 1 : 0);

      if (line_len > PM_WER_FILE_MAX_LINE)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                       "line %u: longer than %d bytes", line_no, PM_WER_FILE_MAX_LINE);
          return NULL;
        }
      if (line_len > 0 && line[line_len - 1] == '\r')
        line_len--;
      if (line_len == 0)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                       "line %u: empty line (expected Key=Value)", line_no);
          return NULL;
        }
      if (memchr (line, '\0', line_len) != NULL)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                       "line %u: contains a NUL byte", line_no);
          return NULL;
        }
      eq = memchr (line, '=', line_len);
      if (eq == NULL)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                       "line %u: no “=” (expected Key=Value)", line_no);
          return NULL;
        }
      key_len = eq - line;
      if (!key_is_valid_len (line, key_len))
        {
          g_autofree char *valid = g_utf8_make_valid (line, MIN (key_len, 64));
          g_autofree char *shown = g_strescape (valid, NULL);
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                       "line %u: invalid key “%s” (1–%d characters of A–Z a–z 0–9 _ . [ ] -, starting with a letter)",
                       line_no, shown, PM_WER_FILE_MAX_KEY);
          return NULL;
        }
      value = eq + 1;
      value_len = line_len - key_len - 1;
      problem = value_problem (value, value_len);
      if (problem != NULL)
        {
          g_autofree char *key = g_strndup (line, key_len);
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                       "line %u: key “%s”: %s", line_no, key, problem);
          return NULL;
        }
      {
        g_autofree char *key = g_strndup (line, key_len);

        if (g_hash_table_contains (file->by_key, key))
          {
            g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                         "line %u: duplicate key “%s”", line_no, key);
            return NULL;
          }
        if (file->entries->len >= PM_WER_FILE_MAX_KEYS)
          {
            g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                         "line %u: more than %d keys", line_no, PM_WER_FILE_MAX_KEYS);
            return NULL;
          }
        append_entry (file, g_steal_pointer (&key), g_strndup (value, value_len));
      }
    }

  return g_steal_pointer (&file);
}

PmWerFile *
pm_wer_file_copy (const PmWerFile *file)
{
  PmWerFile *copy = pm_wer_file_new ();

  for (guint i = 0; i < file->entries->len; i++)
    {
      PmWerEntry *entry = g_ptr_array_index (file->entries, i);
      append_entry (copy, g_strdup (entry->key), g_strdup (entry->value));
    }
  return copy;
}

guint
pm_wer_file_get_n_keys (const PmWerFile *file)
{
  g_return_val_if_fail (file != NULL, 0);
  return file->entries->len;
}

const char *
pm_wer_file_get_key_at (const PmWerFile *file,
                        guint            index)
{
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (index < file->entries->len, NULL);
  return ((PmWerEntry *) g_ptr_array_index (file->entries, index))->key;
}

const char *
pm_wer_file_get_value_at (const PmWerFile *file,
                          guint            index)
{
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (index < file->entries->len, NULL);
  return ((PmWerEntry *) g_ptr_array_index (file->entries, index))->value;
}

const char *
pm_wer_file_get (const PmWerFile *file,
                 const char      *key)
{
  PmWerEntry *entry;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  entry = g_hash_table_lookup (file->by_key, key);
  return entry != NULL ? entry->value : NULL;
}

gboolean
pm_wer_file_set (PmWerFile  *file,
                 const char *key,
                 const char *value,
                 GError    **error)
{
  PmWerEntry *entry;
  const char *problem;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pm_wer_file_key_is_valid (key))
    {
      g_autofree char *shown = key != NULL ? g_strescape (key, NULL) : g_strdup ("(null)");
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "invalid Report.wer key “%s” (1–%d characters of A–Z a–z 0–9 _ . [ ] -, starting with a letter)",
                   shown, PM_WER_FILE_MAX_KEY);
      return FALSE;
    }
  entry = g_hash_table_lookup (file->by_key, key);
  if (value == NULL)
    {
      if (entry != NULL)
        {
          g_hash_table_remove (file->by_key, key);
          g_ptr_array_remove (file->entries, entry);
        }
      return TRUE;
    }
  problem = value_problem (value, strlen (value));
  if (problem != NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "Report.wer key “%s”: %s", key, problem);
      return FALSE;
    }
  if (entry != NULL)
    {
      g_free (entry->value);
      entry->value = g_strdup (value);
      return TRUE;
    }
  if (file->entries->len >= PM_WER_FILE_MAX_KEYS)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "Report.wer key “%s”: more than %d keys", key, PM_WER_FILE_MAX_KEYS);
      return FALSE;
    }
  append_entry (file, g_strdup (key), g_strdup (value));
  return TRUE;
}

char *
pm_wer_file_to_data (const PmWerFile *file,
                     gsize           *length)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (file != NULL, NULL);
  for (guint i = 0; i < file->entries->len; i++)
    {
      PmWerEntry *entry = g_ptr_array_index (file->entries, i);
      g_string_append (out, entry->key);
      g_string_append_c (out, '=');
      g_string_append (out, entry->value);
      g_string_append_c (out, '\n');
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

G_DEFINE_BOXED_TYPE (PmWerFile, pm_wer_file, pm_wer_file_copy, pm_wer_file_free)
