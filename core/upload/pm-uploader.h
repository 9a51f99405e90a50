/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-uploader.h — sends queued reports to a crash server (Socorro, Sentry,
 * any Breakpad/Crashpad receiver) and records what the server answered.
 *
 * Runs in: postmortemctl and the application, on the thread that owns the
 * thread-default GMainContext the call was made from (libsoup 3, async).
 *
 * One call of pm_uploader_submit_async() handles one report:
 *   1. takes the store's upload lock (one uploader at a time, across processes);
 *   2. re-reads the report and computes its manifest *now* with
 *      pm_manifest_compute() (pm-manifest.h): the application's consent from
 *      the settings file, the person's choices stored in the report
 *      (Postmortem.UserConsent, UserExcludedFiles, UserRemovedParts, Redact,
 *      Comment) and pm_uploader_set_approved(). A refusal ("never", "ask"
 *      without approval, Consent=3, an excluded application) is an error and
 *      nothing is sent;
 *   3. POSTs a multipart/form-data body streamed from disk (optionally gzip,
 *      Content-Length always set) holding the manifest's parts, in its order,
 *      and nothing else: text fields (redacted), below all data the sanitized
 *      copy of the dump as upload_file_minidump, attached files only at all
 *      data (text ones from a redacted copy), the comment as "Comments", and
 *      the report's stable id (ReportIdentifier) as "guid"/"report_id" so a
 *      server can drop a duplicate after a lost reply. The manifest sent is
 *      kept in the report as Upload.manifest.json (pm_manifest_load_sent());
 *      for a Sentry DSN, once the event is accepted the comment is also sent
 *      as user feedback on it (an envelope "user_report" item);
 *   4. reads the answer bounded in size (PM_UPLOAD_RESPONSE_MAX_BODY: a larger
 *      or endless body is cut there and its connection closed, never waited
 *      for) and in time (see pm_uploader_set_deadlines()), and classifies
 *      what was read: a 2xx with an id is ACCEPTED (Response.ReportId,
 *      Response.ViewURL and Response.UploadTime are written into Report.wer,
 *      then the report moves to archive/ by rename); Discarded=, 413 and other
 *      4xx are REJECTED (recorded, never resent automatically); network errors,
 *      408, 429 and 5xx are RETRY_LATER (recorded with the next attempt time,
 *      exponential backoff with jitter, Retry-After honoured, persisted in
 *      Report.wer so a restart keeps the schedule).
 * With pm_uploader_set_retries() the call itself waits and retries transient
 * failures (the wait is cancellable); otherwise it returns after one attempt.
 *
 * A server that accepted a report is never sent it again: as soon as the first
 * lines of a 2xx answer give an id, the acceptance is written into Report.wer
 * (Upload.State=sent), whatever the rest of the answer then does (never ends,
 * stalls, is cut by a deadline or a cancel); such a report is only archived by
 * the next call. When the answer is lost before an id was read, the next
 * attempt carries the same stable id so the server can drop the copy.
 * Cancelling (the caller's GCancellable) ends the call at once, at any step,
 * with PM_ERROR_CANCELLED and nothing recorded, unless the id had been read:
 * then the result is ACCEPTED.
 *
 * Report.wer keys written after every attempt: Upload.State (retrying|
 * rejected|sent), Upload.Attempts (all runs), Upload.Failures (transient
 * failures in a row: the backoff exponent), Upload.LastAttempt (ISO 8601 UTC),
 * Upload.LastStatus (HTTP status, 0 for a network error), Upload.LastError
 * (one line), Upload.NextAttempt (unix seconds, retrying only), Upload.Url
 * (without query: no key), Upload.Content (one line: the names of the parts
 * sent, then "not FILE (why)" for each file left out; the whole manifest is
 * Upload.manifest.json); on success
 * Response.ReportId, Response.ViewURL, Response.UploadTime, and for Sentry
 * Upload.CommentSent (sentry-user-feedback, or "failed: why"). Nothing is written when an error (below) stops the
 * call before sending.
 *
 * The stable id sent as guid/report_id is Postmortem.ImportedReportIdentifier
 * when the report was imported (see pm-store-import.h), else ReportIdentifier.
 * A gzip body is compressed once into an unnamed O_TMPFILE file in the store
 * directory (twice, without disk, where the filesystem lacks O_TMPFILE), so
 * the Content-Length is known; libsoup then streams it.
 */
#pragma once

#include <gio/gio.h>

#include "pm-endpoint.h"
#include "pm-endpoint-choice.h"

G_BEGIN_DECLS

typedef struct _PmStore PmStore;

typedef enum
{
  PM_UPLOAD_OUTCOME_ACCEPTED,     /* 2xx with an id: recorded and moved to archive/ */
  PM_UPLOAD_OUTCOME_RETRY_LATER,  /* transient failure: next attempt scheduled */
  PM_UPLOAD_OUTCOME_REJECTED,     /* permanent: the server will not take it; not resent automatically */
} PmUploadOutcome;

/* Called on the caller's main context as the body goes out: @sent bytes of
 * @total (the Content-Length, i.e. compressed bytes when gzip is on). */
typedef void (*PmUploadProgressFunc) (goffset  sent,
                                      goffset  total,
                                      gpointer user_data);

#define PM_TYPE_UPLOAD_RESULT (pm_upload_result_get_type ())
typedef struct _PmUploadResult PmUploadResult;

GType            pm_upload_result_get_type        (void) G_GNUC_CONST;
PmUploadResult  *pm_upload_result_ref             (PmUploadResult *self);
void             pm_upload_result_unref           (PmUploadResult *self);
PmUploadOutcome  pm_upload_result_get_outcome     (PmUploadResult *self);
/* The report's key when the call started (an accepted report now lives in archive/ under the same key). */
const char      *pm_upload_result_get_key         (PmUploadResult *self);
/* HTTP status of the last attempt, 0 when no answer came (network error). */
guint            pm_upload_result_get_http_status (PmUploadResult *self);
/* The server's id (CrashID=, a plain id, Sentry's id), NULL unless ACCEPTED. */
const char      *pm_upload_result_get_report_id   (PmUploadResult *self);
/* ViewURL= when the server sent one, else NULL. */
const char      *pm_upload_result_get_view_url    (PmUploadResult *self);
/* One line saying why it was not accepted ("HTTP 503 Service Unavailable", "Discarded=throttled"...), NULL when ACCEPTED. */
const char      *pm_upload_result_get_reason      (PmUploadResult *self);
/* Unix time of the next scheduled attempt for RETRY_LATER, else 0. */
gint64           pm_upload_result_get_next_attempt (PmUploadResult *self);
/* How many attempts this call made (more than one with pm_uploader_set_retries()). */
guint            pm_upload_result_get_attempts    (PmUploadResult *self);
/* Body bytes handed to the network by the last attempt, and the body's length. */
goffset          pm_upload_result_get_bytes_sent  (PmUploadResult *self);
goffset          pm_upload_result_get_body_length (PmUploadResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmUploadResult, pm_upload_result_unref)

const char      *pm_upload_outcome_to_string      (PmUploadOutcome outcome);

#define PM_TYPE_UPLOADER (pm_uploader_get_type ())
G_DECLARE_FINAL_TYPE (PmUploader, pm_uploader, PM, UPLOADER, GObject)

/* @endpoint is copied. */
PmUploader      *pm_uploader_new                  (PmStore          *store,
                                                   const PmEndpoint *endpoint);
/* The endpoint from the settings file's [Server] group (Kind=, Url=, Dsn=, Gzip=);
 * PM_ERROR_NOT_FOUND when no server is configured. */
PmUploader      *pm_uploader_new_from_settings    (PmStore          *store,
                                                   GError          **error);
/* To @endpoint (copied), with the settings' Gzip= and RetryBaseSeconds=. */
PmUploader      *pm_uploader_new_with_settings    (PmStore          *store,
                                                   const PmEndpoint *endpoint);
/* The uploader for one queued report: the person's server if set, else the
 * program's own (pm-endpoint-choice.h); the settings' Gzip= and
 * RetryBaseSeconds= apply either way. PM_ERROR_NOT_FOUND when no server is
 * known; @origin (may be NULL) says whose server it is. Reads the report. */
PmUploader      *pm_uploader_new_for_report       (PmStore          *store,
                                                   const char       *key,
                                                   PmEndpointOrigin *origin,
                                                   GError          **error);
const PmEndpoint *pm_uploader_get_endpoint        (PmUploader       *self);
/* Gzip the whole body (Content-Encoding: gzip). On by default. */
void             pm_uploader_set_gzip             (PmUploader       *self,
                                                   gboolean          gzip);
gboolean         pm_uploader_get_gzip             (PmUploader       *self);
/* Within one call, retry a transient failure up to @max_retries times, waiting
 * the backoff delay (or Retry-After) when it is at most @max_wait_seconds;
 * a longer wait is left to the persisted schedule. Default: 0 retries. */
void             pm_uploader_set_retries          (PmUploader       *self,
                                                   guint             max_retries,
                                                   double            max_wait_seconds);
/* Seconds of the first backoff step (doubled each failure, capped at 6 hours,
 * with jitter). Default 60; the settings' [Server] RetryBaseSeconds= overrides. */
void             pm_uploader_set_backoff_base     (PmUploader       *self,
                                                   double            seconds);
/* The person using the program approved sending just now (the application's
 * consent dialog, postmortemctl submit --approve): the level they chose
 * (Postmortem.UserConsent) is used even when wider than the application's,
 * and "ask" allows what "safe-data" allows when none was chosen
 * (PM_MANIFEST_APPROVED). Never implied; default FALSE. */
void             pm_uploader_set_approved         (PmUploader       *self,
                                                   gboolean          approved);
/* Give up on a connection that makes no progress for this long (default 60 s). */
void             pm_uploader_set_timeout          (PmUploader       *self,
                                                   guint             seconds);
/* Deadlines, in seconds, however the server trickles (0 keeps the current value):
 * @send_seconds for one request until its body has gone out (default 300, plus
 * one second per 256 KiB of body beyond 64 MiB), @answer_seconds for the whole
 * answer once the body is out (default 60), @run_seconds for one pm_uploader_submit_async()
 * call with its retries (default 1800, never less than one attempt). An
 * attempt that passes its deadline is a network error ("… (the deadline)"),
 * recorded and retried later like one. */
void             pm_uploader_set_deadlines        (PmUploader       *self,
                                                   double            send_seconds,
                                                   double            answer_seconds,
                                                   double            run_seconds);

/* Sends the report @key (queue/). Errors (nothing sent, nothing recorded):
 * PM_ERROR_NOT_FOUND (no such queued report), PM_ERROR_CONSENT (consent does
 * not allow sending), PM_ERROR_EXCLUDED (the application is excluded),
 * PM_ERROR_EXISTS (another
 * uploader holds the lock), PM_ERROR_CANCELLED, PM_ERROR_CORRUPT/UNSAFE (the
 * report cannot be read safely). Any answer of the server, and a network
 * failure, is a PmUploadResult, not an error. */
void             pm_uploader_submit_async         (PmUploader          *self,
                                                   const char          *key,
                                                   PmUploadProgressFunc progress,
                                                   gpointer             progress_data,
                                                   GDestroyNotify       progress_notify,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
PmUploadResult  *pm_uploader_submit_finish        (PmUploader          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Blocking form for command-line tools: runs its own main context. */
PmUploadResult  *pm_uploader_submit               (PmUploader          *self,
                                                   const char          *key,
                                                   PmUploadProgressFunc progress,
                                                   gpointer             progress_data,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

/* Keys of queued reports an automatic sender should try now, oldest first:
 * not rejected by a server, loadable, not of an application whose consent is
 * "never", and whose Upload.NextAttempt has come. */
GPtrArray       *pm_uploader_list_due             (PmUploader          *self,
                                                   GError             **error);
/* The same without an uploader (each report may go to a server of its own). */
GPtrArray       *pm_uploader_list_due_in_store    (PmStore             *store,
                                                   GError             **error);

G_END_DECLS
