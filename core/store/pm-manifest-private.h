/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-manifest-private.h — private: what the manifest's files share (redaction, JSON).
 *
 * Runs in: any GLib process using the store. Not installed.
 */
#pragma once

#include "pm-manifest.h"

G_BEGIN_DECLS

/* One redaction rule and what it did over a whole manifest. */
typedef struct
{
  const char *what;        /* translated: "home directory", … */
  char       *original;
  const char *placeholder;
  guint       count;
} PmRedactReplacement;

typedef struct _PmRedactor PmRedactor;

/* The rules for this user: home directory, user name, host name, e-mail addresses. */
PmRedactor *pm_redactor_new              (const char *home,
                                          const char *user_name,
                                          const char *host_name);
void        pm_redactor_free             (PmRedactor *self);
/* @text redacted (newly allocated) or NULL when nothing was replaced. Counts every
 * replacement into the redactor's list. @text must be valid UTF-8. */
char       *pm_redactor_apply            (PmRedactor *self,
                                          const char *text,
                                          gsize       length,
                                          gsize      *out_length);
/* The replacements made so far, in a stable order (PmRedactReplacement*, borrowed). */
GPtrArray  *pm_redactor_get_replacements (PmRedactor *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmRedactor, pm_redactor_free)

/* Appends @s as a JSON string literal (NULL as null; invalid UTF-8 made valid). */
void        pm_json_append_string        (GString    *out,
                                          const char *s);

/* A JSON object as GVariant (a{sv}; arrays av, strings s, integers t, booleans b; null
 * members left out). Strict and bounded; PM_ERROR_CORRUPT with the byte offset. */
GVariant   *pm_json_parse_object         (const char *data,
                                          gsize       length,
                                          GError    **error);
/* The text of PM_MANIFEST_SENT_FILE_NAME in @report (bounded); PM_ERROR_NOT_FOUND when
 * nothing was sent. */
char       *pm_json_read_sent            (PmReport   *report,
                                          gsize      *length,
                                          GError    **error);

G_END_DECLS
