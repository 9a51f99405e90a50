/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-upload-response.h — what a crash server's answer means, and when to try
 * again.
 *
 * Runs in: postmortemctl and the application (GLib allowed). Private to
 * core/upload (an internal static library, never installed). Pure functions
 * over status, headers and body text, so they are tested without a network.
 *
 * Understood bodies (at most PM_UPLOAD_RESPONSE_MAX_BODY bytes are read; of a
 * body that was cut there, or by a deadline, only whole lines count, so half an
 * id is never taken for one):
 *   Socorro/Breakpad  "CrashID=bp-<uuid>" and "ViewURL=https://…" lines
 *   throttled/refused "Discarded=<reason>" (with 200: throttled; with 400:
 *                     malformed) — both permanent, never resent
 *   Sentry, Crashpad  a plain id on one line ("<uuid>", "<hex>")
 *   JSON              a top-level "id", "crash_id", "crashId", "event_id",
 *                     "_rxid" or "uuid" string (Sentry, Backtrace, BugSplat)
 * Status classes: 2xx with an id is accepted; 2xx without one, 408, 429, 5xx,
 * a network failure, a redirect (not followed: no downgrade) and 401/403/404/
 * 405 (a configuration problem, not the report's) are retried later; 400,
 * 413 and every other 4xx are permanent rejections.
 *
 * Everything that came from the server and ends up in a field below (the
 * reason phrase, the Location header, excerpts of the body) is escaped with
 * pm_text_escape_untrusted() and bounded: the fields are safe to store in
 * Report.wer and to print on a terminal.
 */
#pragma once

#include <glib.h>

#include "pm-uploader.h"

G_BEGIN_DECLS

#define PM_UPLOAD_RESPONSE_MAX_BODY (64 * 1024)
/* A server cannot push the next attempt further than this. */
#define PM_UPLOAD_MAX_RETRY_AFTER   (24 * 3600)
/* Backoff cap. */
#define PM_UPLOAD_MAX_BACKOFF       (6 * 3600)

typedef struct
{
  PmUploadOutcome outcome;
  guint status;          /* 0: no HTTP answer */
  char *report_id;       /* accepted only */
  char *view_url;        /* accepted only, http(s) only */
  char *reason;          /* one line, not accepted */
  double retry_after;    /* seconds from Retry-After, < 0 when absent */
} PmUploadResponse;

/* @retry_after_header: the raw Retry-After value or NULL; @now: unix time (for
 * an HTTP-date Retry-After). @body need not be NUL-terminated. @body_complete:
 * FALSE when the body was cut (size bound, deadline, cancel, reset): its last,
 * unterminated line is then ignored. */
G_GNUC_INTERNAL void     pm_upload_response_parse       (PmUploadResponse *response,
                                         guint             status,
                                         const char       *reason_phrase,
                                         const char       *retry_after_header,
                                         const char       *location_header,
                                         const char       *body,
                                         gsize             body_length,
                                         gboolean          body_complete,
                                         gint64            now);
/* A failure before any answer (connect refused, TLS, timeout, reset). */
G_GNUC_INTERNAL void     pm_upload_response_set_network_error (PmUploadResponse *response,
                                               const char       *message);
G_GNUC_INTERNAL void     pm_upload_response_clear       (PmUploadResponse *response);

/* Seconds until the next attempt after @failures transient failures in a row
 * (1 for the first): @base * 2^(failures-1) capped at PM_UPLOAD_MAX_BACKOFF,
 * with "equal jitter" (a uniformly random point in the upper half) so many
 * clients do not return at once; a Retry-After (>= 0) replaces it, capped at
 * PM_UPLOAD_MAX_RETRY_AFTER, plus up to 10% jitter. @random01 in [0, 1). */
G_GNUC_INTERNAL double   pm_upload_retry_delay          (guint             failures,
                                         double            base,
                                         double            retry_after,
                                         double            random01);

G_END_DECLS
