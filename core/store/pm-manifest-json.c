/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-manifest-json.c — reading back the manifest that was sent (Upload.manifest.json),
 * so "What Was Sent" shows exactly the parts the uploader put in the body.
 *
 * Runs in: any GLib process using the store. The file is ours but lives in the store, so
 * it is parsed strictly and bounded: size, nesting depth; anything malformed is
 * PM_ERROR_CORRUPT. JSON becomes GVariant (object a{sv}, array av, string s, integer t,
 * boolean b; null members are left out), then PmManifest objects.
 */
#include "pm-config.h"

#include <string.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-manifest-private.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"

#define MAX_SENT_FILE (8 * 1024 * 1024)
#define MAX_DEPTH 8

typedef struct
{
  const char *p;
  const char *end;
  const char *error;
} Reader;

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static GVariant *read_value (Reader *r, guint depth);

static char *
read_string (Reader *r)
{
  GString *out;

  if (r->p >= r->end || *r->p != '"')
    {
      r->error = "a string was expected";
      return NULL;
    }
  r->p++;
  out = g_string_new (NULL);
  while (r->p < r->end && *r->p != '"')
    {
      char c = *r->p++;

      if ((guchar) c < 0x20)
        {
          r->error = "a control character inside a string";
          break;
        }
      if (c != '\\')
        {
          g_string_append_c (out, c);
          continue;
        }
      if (r->p >= r->end)
        break;
      c = *r->p++;
      switch (c)
        {
        case '"': case '\\': case '/': g_string_append_c (out, c); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'u':
          {
            char hex[5] = { 0 };
            guint64 code;

            if (r->end - r->p < 4)
              {
                r->error = "a \\u escape is cut short";
                break;
              }
            memcpy (hex, r->p, 4);
            r->p += 4;
            if (!g_ascii_string_to_unsigned (hex, 16, 1, 0xffff, &code, NULL) ||
                (code >= 0xd800 && code <= 0xdfff))
              {
                r->error = "a \\u escape that is not a character";
                break;
              }
            g_string_append_unichar (out, (gunichar) code);
          }
          break;
        default:
          r->error = "an unknown escape in a string";
        }
      if (r->error != NULL)
        break;
    }
  if (r->error == NULL && r->p >= r->end)
    r->error = "a string is not closed";
  if (r->error != NULL || !g_utf8_validate (out->str, out->len, NULL) || memchr (out->str, 0, out->len))
    {
      if (r->error == NULL)
        r->error = "a string that is not UTF-8 text";
      g_string_free (out, TRUE);
      return NULL;
    }
  r->p++;
  return g_string_free (out, FALSE);
}

static GVariant *
read_object (Reader *r,
             guint   depth)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return g_variant_builder_end (&builder);
    }
  for (;;)
    {
      g_autofree char *key = NULL;
      GVariant *value;

      skip_space (r);
      key = read_string (r);
      if (key == NULL)
        break;
      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        {
          r->error = "“:” was expected after a member name";
          break;
        }
      r->p++;
      value = read_value (r, depth + 1);
      if (value == NULL && r->error != NULL)
        break;
      if (value != NULL)
        g_variant_builder_add (&builder, "{sv}", key, value);
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '}')
        {
          r->p++;
          return g_variant_builder_end (&builder);
        }
      r->error = "“,” or “}” was expected in an object";
      break;
    }
  g_variant_builder_clear (&builder);
  return NULL;
}

static GVariant *
read_array (Reader *r,
            guint   depth)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      return g_variant_builder_end (&builder);
    }
  for (;;)
    {
      GVariant *value = read_value (r, depth + 1);

      if (value == NULL)
        {
          if (r->error == NULL)
            r->error = "null inside an array";
          break;
        }
      g_variant_builder_add (&builder, "v", value);
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          return g_variant_builder_end (&builder);
        }
      r->error = "“,” or “]” was expected in an array";
      break;
    }
  g_variant_builder_clear (&builder);
  return NULL;
}

static gboolean
take_word (Reader     *r,
           const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) >= len && memcmp (r->p, word, len) == 0)
    {
      r->p += len;
      return TRUE;
    }
  return FALSE;
}

/* NULL without r->error: JSON null. */
static GVariant *
read_value (Reader *r,
            guint   depth)
{
  skip_space (r);
  if (depth > MAX_DEPTH)
    {
      r->error = "nested too deeply";
      return NULL;
    }
  if (r->p >= r->end)
    {
      r->error = "a value was expected";
      return NULL;
    }
  switch (*r->p)
    {
    case '{':
      return read_object (r, depth);
    case '[':
      return read_array (r, depth);
    case '"':
      {
        char *s = read_string (r);
        return s != NULL ? g_variant_new_take_string (s) : NULL;
      }
    default:
      break;
    }
  if (take_word (r, "true"))
    return g_variant_new_boolean (TRUE);
  if (take_word (r, "false"))
    return g_variant_new_boolean (FALSE);
  if (take_word (r, "null"))
    return NULL;
  if (g_ascii_isdigit (*r->p))
    {
      char digits[21];
      gsize n = 0;
      guint64 value;

      while (r->p < r->end && g_ascii_isdigit (*r->p) && n < sizeof digits - 1)
        digits[n++] = *r->p++;
      digits[n] = '\0';
      if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, &value, NULL) ||
          (r->p < r->end && g_ascii_isdigit (*r->p)))
        {
          r->error = "a number out of range";
          return NULL;
        }
      return g_variant_new_uint64 (value);
    }
  r->error = "an unexpected character";
  return NULL;
}

GVariant *
pm_json_parse_object (const char  *data,
            gsize        length,
            GError     **error)
{
  Reader r = { data, data + length, NULL };
  g_autoptr(GVariant) root = read_value (&r, 0);

  if (root != NULL)
    g_variant_ref_sink (root);
  skip_space (&r);
  if (r.error == NULL && (root == NULL || !g_variant_is_of_type (root, G_VARIANT_TYPE_VARDICT)))
    r.error = "the file is not one JSON object";
  if (r.error == NULL && r.p != r.end)
    r.error = "something follows the object";
  if (r.error != NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s, at byte %" G_GSIZE_FORMAT,
                   r.error, (gsize) (r.p - data));
      return NULL;
    }
  return g_steal_pointer (&root);
}

char *
pm_json_read_sent (PmReport  *report,
                   gsize     *length,
                   GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  char *result;
  int fd = pm_report_open_file (report, PM_MANIFEST_SENT_FILE_NAME, &local_error);
  struct stat st;
  gsize done = 0;

  if (fd < 0)
    {
      if (g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND))
        g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "nothing of report %s was sent yet",
                     pm_report_get_key (report));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || st.st_size > MAX_SENT_FILE)
    {
      close (fd);
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s of report %s is larger than %d bytes",
                   PM_MANIFEST_SENT_FILE_NAME, pm_report_get_key (report), MAX_SENT_FILE);
      return NULL;
    }
  data = g_malloc (st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      ssize_t n = read (fd, data + done, st.st_size - done);
      if (n <= 0)
        break;
      done += n;
    }
  close (fd);
  data[done] = '\0';
  if (length != NULL)
    *length = done;
  result = g_steal_pointer (&data);
  return result;
}
