/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-manifest-redact.c — the redaction of text before it is sent: the home directory,
 * e-mail addresses, the host name and the user name become placeholders (as Apport's
 * hide-username/hostname steps do), and each replacement is counted so the person sees
 * what changed.
 *
 * Runs in: any GLib process using the store (pm_manifest_compute()). Pure text work.
 */
#include "pm-config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pm-manifest-private.h"

/* Shorter names would replace parts of ordinary words. */
#define MIN_WORD_LENGTH 2

struct _PmRedactor
{
  char      *home;         /* without a trailing '/', NULL when unusable */
  char      *user_name;
  char      *host_name;
  GRegex    *email;
  GPtrArray *replacements; /* PmRedactReplacement*, in first-seen order per rule */
};

static void
replacement_free (gpointer data)
{
  PmRedactReplacement *r = data;

  g_free (r->original);
  g_free (r);
}

PmRedactor *
pm_redactor_new (const char *home,
                 const char *user_name,
                 const char *host_name)
{
  PmRedactor *self = g_new0 (PmRedactor, 1);

  if (home != NULL)
    {
      g_autofree char *trimmed = g_strdup (home);
      gsize len = strlen (trimmed);

      while (len > 1 && trimmed[len - 1] == '/')
        trimmed[--len] = '\0';
      /* "/" or a relative path names nothing personal. */
      if (trimmed[0] == '/' && len > 1 && g_utf8_validate (trimmed, -1, NULL))
        self->home = g_steal_pointer (&trimmed);
    }
  if (user_name != NULL && strlen (user_name) >= MIN_WORD_LENGTH && g_utf8_validate (user_name, -1, NULL))
    self->user_name = g_strdup (user_name);
  if (host_name != NULL && strlen (host_name) >= MIN_WORD_LENGTH && g_utf8_validate (host_name, -1, NULL) &&
      strcmp (host_name, "localhost") != 0)
    self->host_name = g_strdup (host_name);
  self->email = g_regex_new ("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}",
                             G_REGEX_OPTIMIZE, 0, NULL);
  g_assert (self->email != NULL);
  self->replacements = g_ptr_array_new_with_free_func (replacement_free);
  return self;
}

void
pm_redactor_free (PmRedactor *self)
{
  if (self == NULL)
    return;
  g_free (self->home);
  g_free (self->user_name);
  g_free (self->host_name);
  g_regex_unref (self->email);
  g_ptr_array_unref (self->replacements);
  g_free (self);
}

GPtrArray *
pm_redactor_get_replacements (PmRedactor *self)
{
  return self->replacements;
}

static void
count_replacement (PmRedactor *self,
                   const char *what,
                   const char *original,
                   const char *placeholder)
{
  PmRedactReplacement *r;

  for (guint i = 0; i < self->replacements->len; i++)
    {
      r = g_ptr_array_index (self->replacements, i);
      if (r->placeholder == placeholder && strcmp (r->original, original) == 0)
        {
          r->count++;
          return;
        }
    }
  r = g_new0 (PmRedactReplacement, 1);
  r->what = what;
  r->original = g_strdup (original);
  r->placeholder = placeholder;
  r->count = 1;
  g_ptr_array_add (self->replacements, r);
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || (c & 0x80) != 0;
}

/* Replaces @needle in @text where it stands as a whole word (@path: a path prefix, so
 * only what follows it must not continue a name). */
static GString *
replace_words (PmRedactor *self,
               GString    *text,
               const char *needle,
               const char *placeholder,
               const char *what,
               gboolean    path)
{
  gsize nlen = strlen (needle);
  GString *out = g_string_sized_new (text->len);
  gsize i = 0;

  while (i < text->len)
    {
      const char *hit = NULL;

      if (text->len - i >= nlen)
        hit = memmem (text->str + i, text->len - i, needle, nlen);
      if (hit == NULL)
        {
          g_string_append_len (out, text->str + i, text->len - i);
          break;
        }
      {
        gsize at = hit - text->str;
        gsize end = at + nlen;
        gboolean before_ok = path || at == 0 || !is_word_char (text->str[at - 1]);
        gboolean after_ok = end >= text->len || (!is_word_char (text->str[end]) &&
                                                 (!path || text->str[end] != '.'));

        g_string_append_len (out, text->str + i, at - i);
        if (before_ok && after_ok)
          {
            g_string_append (out, placeholder);
            count_replacement (self, what, needle, placeholder);
          }
        else
          g_string_append_len (out, text->str + at, nlen);
        i = end;
      }
    }
  g_string_free (text, TRUE);
  return out;
}

typedef struct
{
  PmRedactor *self;
} EmailData;

static gboolean
replace_email (const GMatchInfo *info,
               GString          *result,
               gpointer          data)
{
  EmailData *ed = data;
  g_autofree char *address = g_match_info_fetch (info, 0);

  g_string_append (result, "<email>");
  count_replacement (ed->self, _("e-mail address"), address, "<email>");
  return FALSE;
}

char *
pm_redactor_apply (PmRedactor *self,
                   const char *text,
                   gsize       length,
                   gsize      *out_length)
{
  GString *work = g_string_new_len (text, length);
  guint before = 0, after = 0;

  for (guint i = 0; i < self->replacements->len; i++)
    before += ((PmRedactReplacement *) g_ptr_array_index (self->replacements, i))->count;

  /* The longest, most specific first: the home directory contains the user name, an
   * e-mail address may contain either. */
  if (self->home != NULL)
    work = replace_words (self, work, self->home, "~", _("home directory"), TRUE);
  if (memchr (work->str, '@', work->len) != NULL)
    {
      EmailData ed = { self };
      g_autofree char *replaced = g_regex_replace_eval (self->email, work->str, work->len, 0, 0,
                                                        replace_email, &ed, NULL);
      if (replaced != NULL)
        {
          g_string_free (work, TRUE);
          work = g_string_new (replaced);
        }
    }
  if (self->host_name != NULL)
    work = replace_words (self, work, self->host_name, "<hostname>", _("host name"), FALSE);
  if (self->user_name != NULL)
    work = replace_words (self, work, self->user_name, "<user>", _("user name"), FALSE);

  for (guint i = 0; i < self->replacements->len; i++)
    after += ((PmRedactReplacement *) g_ptr_array_index (self->replacements, i))->count;
  if (after == before)
    {
      g_string_free (work, TRUE);
      return NULL;
    }
  if (out_length != NULL)
    *out_length = work->len;
  return g_string_free (work, FALSE);
}

void
pm_json_append_string (GString    *out,
                       const char *s)
{
  g_autofree char *valid = NULL;

  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}
