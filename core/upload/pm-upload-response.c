/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-upload-response.c — classify a crash server's answer; the retry delay.
 *
 * Runs in: postmortemctl and the application (GLib allowed).
 */
#include "pm-config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "pm-text.h"
#include "pm-upload-response.h"

#define MAX_ID_LENGTH 200
/* Bytes of a reason phrase or Location kept (before escaping): a line, not a page. */
#define MAX_HEADER_TEXT 200

void
pm_upload_response_clear (PmUploadResponse *response)
{
  g_clear_pointer (&response->report_id, g_free);
  g_clear_pointer (&response->view_url, g_free);
  g_clear_pointer (&response->reason, g_free);
}

/* Ids end up in Report.wer and in messages: printable ASCII, no spaces, bounded. */
static gboolean
is_plain_id (const char *s,
             gsize       len)
{
  if (len == 0 || len > MAX_ID_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_isalnum (s[i]) || strchr ("-_.:", s[i]) != NULL))
      return FALSE;
  return TRUE;
}

static gboolean
is_http_url (const char *s)
{
  if (!(g_str_has_prefix (s, "https://") || g_str_has_prefix (s, "http://")))
    return FALSE;
  if (strlen (s) > 2048)
    return FALSE;
  for (const char *p = s; *p; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      return FALSE;
  return TRUE;
}

/* One-line excerpt of a server's text for a failure reason: line breaks and
 * tabs become spaces, every other control character is escaped (\x1b), text
 * that is not UTF-8 too; at most EXCERPT_BYTES bytes of the server's. */
#define EXCERPT_BYTES 120
static char *
excerpt (const char *s,
         gsize       len)
{
  g_autofree char *line = g_strndup (s, MIN (len, EXCERPT_BYTES));
  char *escaped;

  for (char *p = line; *p; p++)
    if (*p == '\r' || *p == '\n' || *p == '\t')
      *p = ' ';
  escaped = pm_text_escape_untrusted (line, -1);
  g_strstrip (escaped);
  return escaped;
}

/* A header value from the server, escaped (no control character reaches
 * Report.wer or a terminal) and bounded; "…" says it was cut. */
static char *
untrusted_header (const char *value)
{
  gsize len = strlen (value);
  g_autofree char *escaped = pm_text_escape_untrusted (value, MIN (len, MAX_HEADER_TEXT));

  return len > MAX_HEADER_TEXT ? g_strconcat (escaped, "…", NULL) : g_steal_pointer (&escaped);
}

/* Looks for "key" : "value" with one of the known id keys in a JSON object;
 * a scanner, not a parser: good enough for the flat answers crash servers give. */
static char *
find_json_id (const char *body)
{
  static const char * const keys[] = { "id", "crash_id", "crashId", "event_id", "_rxid", "uuid", "crashid" };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", keys[k]);
      const char *p = body;

      while ((p = strstr (p, quoted)) != NULL)
        {
          const char *q = p + strlen (quoted);
          const char *end;

          p = q;
          while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
            q++;
          if (*q != ':')
            continue;
          q++;
          while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
            q++;
          if (*q == '"')
            {
              q++;
              end = strchr (q, '"');
            }
          else
            {
              /* A numeric id ("id": 12345), ended by something: digits at the
               * very end of the text may be the start of a longer number that
               * was cut off. */
              end = q;
              while (g_ascii_isdigit (*end))
                end++;
              if (*end == '\0')
                end = NULL;
            }
          if (end != NULL && is_plain_id (q, end - q))
            return g_strndup (q, end - q);
        }
    }
  return NULL;
}

static double
parse_retry_after (const char *value,
                   gint64      now)
{
  g_autoptr(GDateTime) date = NULL;
  const char *p;

  if (value == NULL)
    return -1;
  while (*value == ' ')
    value++;
  for (p = value; g_ascii_isdigit (*p); p++)
    ;
  if (p != value && (*p == '\0' || *p == ' '))
    {
      guint64 seconds = g_ascii_strtoull (value, NULL, 10);
      return MIN (seconds, (guint64) PM_UPLOAD_MAX_RETRY_AFTER);
    }
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;
  return CLAMP ((double) (g_date_time_to_unix (date) - now), 0, PM_UPLOAD_MAX_RETRY_AFTER);
}

void
pm_upload_response_set_network_error (PmUploadResponse *response,
                                      const char       *message)
{
  memset (response, 0, sizeof *response);
  response->outcome = PM_UPLOAD_OUTCOME_RETRY_LATER;
  response->retry_after = -1;
  response->reason = g_strdup_printf ("network error: %s", message ? message : "unknown");
}

void
pm_upload_response_parse (PmUploadResponse *response,
                          guint             status,
                          const char       *reason_phrase,
                          const char       *retry_after_header,
                          const char       *location_header,
                          const char       *body,
                          gsize             body_length,
                          gboolean          body_complete,
                          gint64            now)
{
  g_autofree char *text = NULL;
  g_autofree char *line_text = NULL;
  g_autofree char *phrase = NULL;
  g_autofree char *location = NULL;
  gsize line_length;
  g_autofree char *discarded = NULL;
  g_autofree char *crash_id = NULL;
  g_autofree char *view_url = NULL;
  g_autofree char *plain_id = NULL;
  g_autofree char *snippet = NULL;
  g_auto(GStrv) lines = NULL;
  guint nonempty = 0;

  memset (response, 0, sizeof *response);
  response->status = status;
  response->retry_after = parse_retry_after (retry_after_header, now);
  if (reason_phrase == NULL || *reason_phrase == '\0')
    reason_phrase = soup_status_get_phrase (status);
  phrase = untrusted_header (reason_phrase ? reason_phrase : "");
  reason_phrase = phrase;
  location = location_header ? untrusted_header (location_header) : NULL;

  body_length = MIN (body_length, PM_UPLOAD_RESPONSE_MAX_BODY);
  text = g_strndup (body ? body : "", body_length);
  snippet = excerpt (text, strlen (text));

  /* Of a body cut short, only whole lines: "CrashID=bp-12" may be the start
   * of "CrashID=bp-1234". */
  line_length = strlen (text);
  if (!body_complete)
    {
      const char *last_newline = strrchr (text, '\n');
      line_length = last_newline ? (gsize) (last_newline - text) + 1 : 0;
    }
  line_text = g_strndup (text, line_length);
  lines = g_strsplit (line_text, "\n", 64);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      nonempty++;
      if (g_str_has_prefix (line, "CrashID=") && crash_id == NULL)
        {
          const char *v = line + strlen ("CrashID=");
          if (is_plain_id (v, strlen (v)))
            crash_id = g_strdup (v);
        }
      else if (g_str_has_prefix (line, "ViewURL=") && view_url == NULL)
        {
          const char *v = line + strlen ("ViewURL=");
          if (is_http_url (v))
            view_url = g_strdup (v);
        }
      else if (g_str_has_prefix (line, "Discarded=") && discarded == NULL)
        discarded = excerpt (line, strlen (line));
      else if (nonempty == 1 && is_plain_id (line, strlen (line)))
        plain_id = g_strdup (line);
    }
  /* A plain id is an answer of exactly one line. */
  if (nonempty != 1)
    g_clear_pointer (&plain_id, g_free);
  if (crash_id == NULL && plain_id == NULL && text[0] != '\0')
    {
      const char *p = text;
      while (g_ascii_isspace (*p))
        p++;
      if (*p == '{')
        plain_id = find_json_id (p);
    }

  if (status >= 200 && status < 300)
    {
      if (discarded != NULL)
        {
          /* Socorro's throttler (a rule or sampling): sending it again only
           * asks the same question, so it is not resent automatically. */
          response->outcome = PM_UPLOAD_OUTCOME_REJECTED;
          response->reason = g_strdup_printf ("the server throttled the report and did not keep it (HTTP %u, %s)",
                                              status, discarded);
        }
      else if (crash_id != NULL || plain_id != NULL)
        {
          response->outcome = PM_UPLOAD_OUTCOME_ACCEPTED;
          response->report_id = g_strdup (crash_id ? crash_id : plain_id);
          response->view_url = g_steal_pointer (&view_url);
        }
      else
        {
          response->outcome = PM_UPLOAD_OUTCOME_RETRY_LATER;
          response->reason = g_strdup_printf ("HTTP %u %s without a report id in the answer%s%s%s",
                                              status, reason_phrase,
                                              *snippet ? " (“" : "", snippet, *snippet ? "”)" : "");
        }
      return;
    }

  if (status == 408 || status == 429 || (status >= 500 && status < 600) ||
      status == 401 || status == 403 || status == 404 || status == 405 ||
      (status >= 300 && status < 400) || status < 200)
    {
      response->outcome = PM_UPLOAD_OUTCOME_RETRY_LATER;
      if (status >= 300 && status < 400)
        response->reason = g_strdup_printf ("HTTP %u %s: the server redirects to %s; redirects are "
                                            "not followed (update the server URL)", status,
                                            reason_phrase, location ? location : "(no Location)");
      else if (status == 401 || status == 403 || status == 404 || status == 405)
        response->reason = g_strdup_printf ("HTTP %u %s: check the server URL or key%s%s%s", status,
                                            reason_phrase, *snippet ? " (“" : "", snippet, *snippet ? "”)" : "");
      else
        response->reason = g_strdup_printf ("HTTP %u %s%s%s%s", status, reason_phrase,
                                            *snippet ? " (“" : "", snippet, *snippet ? "”)" : "");
      return;
    }

  response->outcome = PM_UPLOAD_OUTCOME_REJECTED;
  if (status == 413)
    response->reason = g_strdup_printf ("HTTP 413 %s: the server refuses reports this large", reason_phrase);
  else if (discarded != NULL)
    response->reason = g_strdup_printf ("HTTP %u %s: the server discarded the report (%s)",
                                        status, reason_phrase, discarded);
  else
    response->reason = g_strdup_printf ("HTTP %u %s%s%s%s", status, reason_phrase,
                                        *snippet ? " (“" : "", snippet, *snippet ? "”)" : "");
}

double
pm_upload_retry_delay (guint  failures,
                       double base,
                       double retry_after,
                       double random01)
{
  double delay;

  random01 = CLAMP (random01, 0.0, 1.0);
  if (retry_after >= 0)
    {
      retry_after = MIN (retry_after, PM_UPLOAD_MAX_RETRY_AFTER);
      return retry_after + retry_after * 0.1 * random01;
    }
  if (failures == 0)
    failures = 1;
  if (base <= 0)
    base = 1;
  /* 2^(failures-1) without overflow: beyond 2^30 the cap applies anyway. */
  delay = base * ldexp (1.0, (int) MIN (failures - 1, 30u));
  delay = MIN (delay, PM_UPLOAD_MAX_BACKOFF);
  return delay / 2 + (delay / 2) * random01;
}
