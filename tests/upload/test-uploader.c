/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-uploader.c — PmUploader against real HTTP servers on 127.0.0.1.
 *
 * Runs in: a test process (GLib, libsoup 3); the server is a SoupServer on
 * the same main loop, answering as the test scripts it.
 *
 * What it proves: the body on the wire is multipart/form-data that an
 * independent parser accepts, with and without gzip; the dump part is
 * byte-identical to the stored dump; the allow-listed fields and the stable
 * id are there and nothing else (no AppPath, no Pid); 503,503,200 ends with
 * one stored copy; 400 Discarded= and 413 are not retried; a reply lost after
 * the server stored the report makes no second copy; 429 Retry-After is
 * waited for; the schedule is persisted in Report.wer; consent is checked at
 * send time (withdrawn: nothing reaches the server); progress and
 * cancellation work; only a 2xx with an id archives the report.
 * Against hostile servers on raw sockets (upload-test-util.c): answers of
 * 1 MiB (200 with the id first, 503) and an endless chunked body are cut at
 * the bound and the connection closed; a server trickling a byte a second
 * and one that never answers end at the (short, test-set) answer deadline;
 * the run's deadline bounds retries; a 2xx whose id came before the answer
 * stalled is recorded before the answer ends, archived, never sent again,
 * whether a deadline or a cancel ends it; a cancel while trickling ends the
 * call at once with nothing recorded; OSC/CSI/C1 in the reason phrase, the
 * Location header and the body reach neither Report.wer nor the result raw.
 */
#include "pm-config.h"

#include <string.h>
#include <unistd.h>

#include "pm-upload-response.h"
#include "pm-manifest.h"
#include "pm-uploader.h"
#include "upload-test-util.h"

typedef struct
{
  char *root;
  PmStore *store;
  UploadTestServer *server;
  GMainLoop *loop;
  PmUploadResult *result;
  GError *error;
  goffset last_sent;
  goffset last_total;
  guint progress_calls;
  guint progress_restarts;
  guint progress_completions;   /* attempts whose whole body went out */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->root = upload_test_env_new ();
  f->store = upload_test_store_new (PM_CONSENT_ALL_DATA);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->result, pm_upload_result_unref);
  g_clear_error (&f->error);
  g_clear_pointer (&f->server, upload_test_server_free);
  g_clear_object (&f->store);
  g_main_loop_unref (f->loop);
  upload_test_env_free (f->root);
}

static void
on_progress (goffset  sent,
             goffset  total,
             gpointer data)
{
  Fixture *f = data;

  /* Monotonic within an attempt; a retry starts again from the first byte. */
  if (sent < f->last_sent)
    f->progress_restarts++;
  g_assert_cmpint (sent, <=, total);
  if (sent == total)
    f->progress_completions++;
  f->last_sent = sent;
  f->last_total = total;
  f->progress_calls++;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Fixture *f = data;

  f->result = pm_uploader_submit_finish (PM_UPLOADER (source), result, &f->error);
  g_main_loop_quit (f->loop);
}

static PmUploader *
make_uploader (Fixture  *f,
               gboolean  gzip)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmEndpoint) endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD, f->server->url, &error);
  PmUploader *uploader;

  g_assert_no_error (error);
  uploader = pm_uploader_new (f->store, endpoint);
  pm_uploader_set_gzip (uploader, gzip);
  pm_uploader_set_backoff_base (uploader, 0.05);
  return uploader;
}

static void
run_submit (Fixture      *f,
            PmUploader   *uploader,
            const char   *key,
            GCancellable *cancellable)
{
  g_clear_pointer (&f->result, pm_upload_result_unref);
  g_clear_error (&f->error);
  f->last_sent = 0;
  f->progress_calls = 0;
  f->progress_restarts = 0;
  f->progress_completions = 0;
  pm_uploader_submit_async (uploader, key, on_progress, f, NULL, cancellable, on_done, f);
  g_main_loop_run (f->loop);
}

static PmReport *
load (Fixture    *f,
      const char *key)
{
  g_autoptr(GError) error = NULL;
  PmReport *report = pm_store_load_report (f->store, key, &error);

  g_assert_no_error (error);
  return report;
}

static void
check_body (Fixture    *f,
            guint       index,
            gboolean    gzip,
            const char *key,
            GBytes     *dump)
{
  GBytes *raw = g_ptr_array_index (f->server->bodies, index);
  SoupMessageHeaders *headers = g_ptr_array_index (f->server->headers, index);
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(PmReport) report = load (f, key);
  UploadTestPart *dump_part;
  const char *encoding = soup_message_headers_get_one (headers, "Content-Encoding");

  /* Content-Length is always set and matches what arrived. */
  g_assert_cmpint (soup_message_headers_get_encoding (headers), ==, SOUP_ENCODING_CONTENT_LENGTH);
  g_assert_cmpint (soup_message_headers_get_content_length (headers), ==, g_bytes_get_size (raw));
  if (gzip)
    {
      g_assert_cmpstr (encoding, ==, "gzip");
      decoded = upload_test_gunzip (raw);
      g_assert_nonnull (decoded);
      /* Compression did something on a body of random data plus text. */
      g_assert_cmpint (g_bytes_get_size (decoded), >, 0);
    }
  else
    {
      g_assert_null (encoding);
      decoded = g_bytes_ref (raw);
    }
  parts = upload_test_parse_multipart (decoded, soup_message_headers_get_one (headers, "Content-Type"));
  g_assert_nonnull (parts);

  dump_part = upload_test_find_part (parts, "upload_file_minidump");
  g_assert_nonnull (dump_part);
  g_assert_cmpstr (dump_part->content_type, ==, "application/octet-stream");
  {
    g_autofree char *expected = g_strdup_printf ("%s.dmp", pm_report_get_report_id (report));
    g_assert_cmpstr (dump_part->filename, ==, expected);
  }
  g_assert_true (g_bytes_equal (dump_part->data, dump));

  g_assert_cmpstr (upload_test_field (parts, "ProductName"), ==, "crashy");
  g_assert_cmpstr (upload_test_field (parts, "Version"), ==, "1.2.3");
  g_assert_cmpstr (upload_test_field (parts, "prod"), ==, "crashy");
  g_assert_cmpstr (upload_test_field (parts, "ver"), ==, "1.2.3");
  g_assert_cmpstr (upload_test_field (parts, "EventType"), ==, "APPCRASH");
  g_assert_cmpstr (upload_test_field (parts, "guid"), ==, pm_report_get_report_id (report));
  g_assert_cmpstr (upload_test_field (parts, "report_id"), ==, pm_report_get_report_id (report));
  g_assert_cmpstr (upload_test_field (parts, "Signal"), ==, "SIGSEGV");
  g_assert_cmpstr (upload_test_field (parts, "ApplicationName"), ==, "crashy");
  g_assert_cmpstr (upload_test_field (parts, "OffsetInModule"), ==,
                   pm_report_get_value (report, "Sig[7].Value"));
  g_assert_cmpstr (upload_test_field (parts, "Channel"), ==, "beta");
  g_assert_nonnull (upload_test_field (parts, "CrashTime"));
  /* Not allow-listed: never sent. */
  for (guint i = 0; i < parts->len; i++)
    {
      UploadTestPart *part = g_ptr_array_index (parts, i);
      if (part->filename == NULL)
        {
          g_autofree char *value = g_strndup (g_bytes_get_data (part->data, NULL), g_bytes_get_size (part->data));
          g_assert_null (strstr (value, "/home/someone"));
          g_assert_cmpstr (value, !=, "4242");
        }
    }
}

static void
test_accepted (Fixture       *f,
               gconstpointer  data)
{
  gboolean gzip = GPOINTER_TO_INT (data);
  g_autoptr(GBytes) dump = NULL;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 300 * 1024, FALSE, &dump);
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmReport) report = NULL;

  f->server = upload_test_server_new (NULL);
  uploader = make_uploader (f, gzip);
  run_submit (f, uploader, key, NULL);

  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
  g_assert_cmpuint (f->server->n_requests, ==, 1);
  g_assert_cmpuint (f->server->n_stored, ==, 1);
  check_body (f, 0, gzip, key, dump);

  /* Progress reached the Content-Length. */
  g_assert_cmpuint (f->progress_calls, >, 0);
  g_assert_cmpint (f->last_sent, ==, f->last_total);
  g_assert_cmpint (f->last_total, ==, g_bytes_get_size (g_ptr_array_index (f->server->bodies, 0)));
  g_assert_cmpint (pm_upload_result_get_body_length (f->result), ==, f->last_total);

  /* Archived, with the server's answer recorded. */
  report = load (f, key);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_true (g_str_has_prefix (pm_report_get_value (report, "Response.ReportId"), "bp-"));
  g_assert_cmpstr (pm_report_get_value (report, "Response.ReportId"), ==,
                   pm_upload_result_get_report_id (f->result));
  g_assert_true (g_str_has_prefix (pm_report_get_value (report, "Response.ViewURL"), "http://127.0.0.1/report/bp-"));
  g_assert_nonnull (pm_report_get_value (report, "Response.UploadTime"));
  g_assert_cmpstr (pm_report_get_value (report, "Upload.State"), ==, "sent");
  g_assert_cmpstr (pm_report_get_value (report, "Upload.LastStatus"), ==, "200");

  /* Sending it again is refused: it is no longer queued. */
  run_submit (f, uploader, key, NULL);
  g_assert_error (f->error, PM_ERROR, PM_ERROR_NOT_FOUND);
  g_assert_cmpuint (f->server->n_requests, ==, 1);
}

static void
test_retry_503 (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) dump = NULL;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, &dump);
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmReport) report = NULL;

  f->server = upload_test_server_new ("503,503,200");
  uploader = make_uploader (f, TRUE);
  pm_uploader_set_retries (uploader, 5, 10);
  run_submit (f, uploader, key, NULL);

  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
  g_assert_cmpuint (pm_upload_result_get_attempts (f->result), ==, 3);
  g_assert_cmpuint (f->server->n_requests, ==, 3);
  g_assert_cmpuint (f->server->n_stored, ==, 1);
  g_assert_cmpuint (f->progress_completions, ==, 3);
  g_assert_cmpint (f->last_sent, ==, f->last_total);
  /* Every attempt sent the whole report again. */
  for (guint i = 0; i < 3; i++)
    check_body (f, i, TRUE, key, dump);
  /* Backoff: the second wait (base 0.05 s doubled, at least half of it) is not shorter than 50 ms. */
  g_assert_cmpint (g_array_index (f->server->times, gint64, 2) - g_array_index (f->server->times, gint64, 1), >=, 50000);

  report = load (f, key);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_cmpstr (pm_report_get_value (report, "Upload.Attempts"), ==, "3");
}

static void
test_retry_later_persisted (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmUploader) restarted = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next;

  f->server = upload_test_server_new ("500");
  uploader = make_uploader (f, TRUE);
  pm_uploader_set_backoff_base (uploader, 600);
  run_submit (f, uploader, key, NULL);

  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, 500);
  g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "500"));
  next = pm_upload_result_get_next_attempt (f->result);
  /* Equal jitter: between half and all of the 600 s first step. */
  g_assert_cmpint (next, >=, now + 300);
  g_assert_cmpint (next, <=, now + 602);

  /* Persisted in the report, which stays queued. */
  report = load (f, key);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
  g_assert_cmpstr (pm_report_get_value (report, "Upload.State"), ==, "retrying");
  g_assert_cmpstr (pm_report_get_value (report, "Upload.Failures"), ==, "1");
  g_assert_cmpstr (pm_report_get_value (report, "Upload.LastStatus"), ==, "500");
  g_assert_nonnull (strstr (pm_report_get_value (report, "Upload.LastError"), "HTTP 500"));
  {
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, next);
    g_assert_cmpstr (pm_report_get_value (report, "Upload.NextAttempt"), ==, expected);
  }

  /* A new uploader (a restart) keeps the schedule: the report is not due. */
  restarted = make_uploader (f, TRUE);
  due = pm_uploader_list_due (restarted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Once the time has come it is due again, and the next failure doubles the step. */
  {
    const char *pairs[] = { "Upload.NextAttempt", "1", NULL };
    pm_store_set_report_values (f->store, key, pairs, &error);
    g_assert_no_error (error);
  }
  due = pm_uploader_list_due (restarted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (due, 0), ==, key);

  g_clear_pointer (&f->server, upload_test_server_free);
  f->server = upload_test_server_new ("503");
  g_object_unref (restarted);
  restarted = make_uploader (f, TRUE);
  pm_uploader_set_backoff_base (restarted, 600);
  now = g_get_real_time () / G_USEC_PER_SEC;
  run_submit (f, restarted, key, NULL);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  next = pm_upload_result_get_next_attempt (f->result);
  g_assert_cmpint (next, >=, now + 600);
  g_assert_cmpint (next, <=, now + 1202);
  g_object_unref (report);
  report = load (f, key);
  g_assert_cmpstr (pm_report_get_value (report, "Upload.Failures"), ==, "2");
  g_assert_cmpstr (pm_report_get_value (report, "Upload.Attempts"), ==, "2");
}

static void
test_permanent (Fixture       *f,
                gconstpointer  data)
{
  const char *script = data;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  f->server = upload_test_server_new (script);
  uploader = make_uploader (f, TRUE);
  pm_uploader_set_retries (uploader, 5, 10);
  run_submit (f, uploader, key, NULL);

  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_REJECTED);
  /* Not retried, although retries were allowed. */
  g_assert_cmpuint (f->server->n_requests, ==, 1);
  g_assert_cmpuint (pm_upload_result_get_attempts (f->result), ==, 1);
  g_assert_nonnull (pm_upload_result_get_reason (f->result));

  report = load (f, key);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
  g_assert_cmpstr (pm_report_get_value (report, "Upload.State"), ==, "rejected");
  g_assert_null (pm_report_get_value (report, "Response.ReportId"));
  g_assert_null (pm_report_get_value (report, "Upload.NextAttempt"));
  if (strcmp (script, "413") == 0)
    g_assert_nonnull (strstr (pm_report_get_value (report, "Upload.LastError"), "413"));
  else
    g_assert_nonnull (strstr (pm_report_get_value (report, "Upload.LastError"), "Discarded="));

  /* An automatic sender leaves it alone. */
  due = pm_uploader_list_due (uploader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 0);
}

static void
test_dropped_reply (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) dump = NULL;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 64 * 1024, FALSE, &dump);
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmReport) report = NULL;
  const char *first_guid;

  /* The server stores the report, then the connection drops before the answer. */
  f->server = upload_test_server_new ("drop");
  uploader = make_uploader (f, TRUE);
  pm_uploader_set_retries (uploader, 3, 10);
  run_submit (f, uploader, key, NULL);

  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
  g_assert_cmpuint (f->server->n_requests, ==, 2);
  /* One copy: the retry carried the same stable id and the server dropped the duplicate. */
  g_assert_cmpuint (f->server->n_stored, ==, 1);
  check_body (f, 0, TRUE, key, dump);
  check_body (f, 1, TRUE, key, dump);
  report = load (f, key);
  first_guid = pm_report_get_report_id (report);
  g_assert_cmpstr (pm_report_get_value (report, "Response.ReportId"), ==,
                   g_hash_table_lookup (f->server->guids, first_guid));
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *key2 = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmReport) report = NULL;
  gint64 waited;
  gint64 now;

  /* Retry-After: 1 is waited for, although the backoff step is 50 ms. */
  f->server = upload_test_server_new ("429:1");
  uploader = make_uploader (f, TRUE);
  pm_uploader_set_retries (uploader, 3, 10);
  run_submit (f, uploader, key, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
  g_assert_cmpuint (f->server->n_requests, ==, 2);
  waited = g_array_index (f->server->times, gint64, 1) - g_array_index (f->server->times, gint64, 0);
  g_assert_cmpint (waited, >=, 1000000);
  g_assert_cmpint (waited, <, 5000000);

  /* A Retry-After longer than the caller will wait goes into the schedule. */
  g_clear_pointer (&f->server, upload_test_server_free);
  f->server = upload_test_server_new ("429:120");
  g_object_unref (uploader);
  uploader = make_uploader (f, TRUE);
  pm_uploader_set_retries (uploader, 3, 10);
  now = g_get_real_time () / G_USEC_PER_SEC;
  run_submit (f, uploader, key2, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  g_assert_cmpuint (f->server->n_requests, ==, 1);
  g_assert_cmpint (pm_upload_result_get_next_attempt (f->result), >=, now + 120);
  g_assert_cmpint (pm_upload_result_get_next_attempt (f->result), <=, now + 134);
  report = load (f, key2);
  g_assert_cmpstr (pm_report_get_value (report, "Upload.LastStatus"), ==, "429");
}

static void
test_consent_withdrawn (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *key2 = upload_test_add_report (f->store, "other", "MiniDump", 4096, FALSE, NULL);
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmSettings) other = NULL;

  f->server = upload_test_server_new (NULL);
  uploader = make_uploader (f, TRUE);

  /* Withdrawn after the report was queued, by another process's settings
   * object (as postmortemctl consent would do): checked at send time. */
  other = pm_settings_new_default ();
  pm_settings_set_consent (other, NULL, PM_CONSENT_ALWAYS_ASK, &error);
  g_assert_no_error (error);
  run_submit (f, uploader, key, NULL);
  g_assert_error (f->error, PM_ERROR, PM_ERROR_CONSENT);
  g_assert_null (f->result);
  g_assert_cmpuint (f->server->n_requests, ==, 0);
  report = load (f, key);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);

  /* Excluded application: never sent either. */
  pm_settings_set_consent (other, NULL, PM_CONSENT_ALL_DATA, &error);
  g_assert_no_error (error);
  pm_settings_set_excluded (other, "crashy", TRUE, &error);
  g_assert_no_error (error);
  run_submit (f, uploader, key, NULL);
  g_assert_error (f->error, PM_ERROR, PM_ERROR_EXCLUDED);
  g_assert_cmpuint (f->server->n_requests, ==, 0);

  /* Per-application "ask" wins over an "all-data" default. */
  pm_settings_set_consent (other, "other", PM_CONSENT_ALWAYS_ASK, &error);
  g_assert_no_error (error);
  run_submit (f, uploader, key2, NULL);
  g_assert_error (f->error, PM_ERROR, PM_ERROR_CONSENT);
  g_assert_cmpuint (f->server->n_requests, ==, 0);

  /* The report's own Consent=3 (WER's denied) is never sent. */
  pm_settings_set_consent (other, "other", 0, &error);
  g_assert_no_error (error);
  {
    const char *pairs[] = { "Consent", "3", NULL };
    pm_store_set_report_values (f->store, key2, pairs, &error);
    g_assert_no_error (error);
  }
  run_submit (f, uploader, key2, NULL);
  g_assert_error (f->error, PM_ERROR, PM_ERROR_CONSENT);
  g_assert_cmpuint (f->server->n_requests, ==, 0);

  /* With "ask", a person's approval sends it (safe data). */
  {
    const char *pairs[] = { "Consent", NULL, NULL };
    pm_store_set_report_values (f->store, key2, pairs, &error);
    g_assert_no_error (error);
  }
  pm_settings_set_consent (other, "other", PM_CONSENT_ALWAYS_ASK, &error);
  g_assert_no_error (error);
  pm_uploader_set_approved (uploader, TRUE);
  run_submit (f, uploader, key2, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
  g_assert_cmpuint (f->server->n_requests, ==, 1);
}

/* What each consent level lets out of the store. The test dumps are not real minidumps
 * (no system info): no sanitized copy can be made, so below all data none is sent, and
 * the manifest that was sent says why. */
static void
test_consent_levels (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(GError) error = NULL;
  PmSettings *settings = pm_store_get_settings (f->store);
  struct { PmConsentLevel level; const char *type; gboolean dump_sent; PmManifestPartStatus status; } cases[] = {
    { PM_CONSENT_PARAMETERS_ONLY, "MiniDump", FALSE, PM_MANIFEST_PART_ABOVE_LEVEL },
    { PM_CONSENT_PARAMETERS_SAFE_DATA, "MiniDump", FALSE, PM_MANIFEST_PART_UNAVAILABLE },
    { PM_CONSENT_PARAMETERS_SAFE_DATA, "HeapDump", FALSE, PM_MANIFEST_PART_ABOVE_LEVEL },
    { PM_CONSENT_ALL_DATA, "HeapDump", TRUE, PM_MANIFEST_PART_SENT },
  };

  f->server = upload_test_server_new (NULL);
  uploader = make_uploader (f, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = upload_test_add_report (f->store, "crashy", cases[i].type, 4096, FALSE, NULL);
      g_autoptr(GPtrArray) parts = NULL;
      g_autoptr(PmReport) report = NULL;
      SoupMessageHeaders *headers;

      pm_settings_set_consent (settings, NULL, cases[i].level, &error);
      g_assert_no_error (error);
      run_submit (f, uploader, key, NULL);
      g_assert_no_error (f->error);
      g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
      g_assert_cmpuint (f->server->n_requests, ==, i + 1);
      headers = g_ptr_array_index (f->server->headers, i);
      parts = upload_test_parse_multipart (g_ptr_array_index (f->server->bodies, i),
                                           soup_message_headers_get_one (headers, "Content-Type"));
      g_assert_nonnull (parts);
      g_assert_cmpstr (upload_test_field (parts, "ProductName"), ==, "crashy");
      g_assert_true ((upload_test_find_part (parts, "upload_file_minidump") != NULL) == cases[i].dump_sent);
      /* What was sent, and what was left out and why, is recorded part for part. */
      report = load (f, key);
      {
        g_autoptr(PmManifest) sent = pm_manifest_load_sent (report, &error);
        PmManifestPart *dump;

        g_assert_no_error (error);
        dump = pm_manifest_find_part (sent, "upload_file_minidump");
        g_assert_nonnull (dump);
        g_assert_cmpint (pm_manifest_part_get_status (dump), ==, cases[i].status);
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sent)), ==, parts->len);
        if (!cases[i].dump_sent)
          g_assert_nonnull (pm_manifest_part_get_reason (dump));
      }
    }
}

static void
test_network_error (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmReport) report = NULL;

  /* A port that was just free: nobody listens. */
  f->server = upload_test_server_new (NULL);
  uploader = make_uploader (f, TRUE);
  soup_server_disconnect (f->server->server);
  run_submit (f, uploader, key, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, 0);
  g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "network error"));
  report = load (f, key);
  g_assert_cmpstr (pm_report_get_value (report, "Upload.State"), ==, "retrying");
  g_assert_cmpstr (pm_report_get_value (report, "Upload.LastStatus"), ==, "0");
}

static void
test_cancel_during_wait (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gint64 cancelled_at;

  f->server = upload_test_server_new ("503:30");
  uploader = make_uploader (f, TRUE);
  pm_uploader_set_retries (uploader, 3, 60);
  pm_uploader_submit_async (uploader, key, NULL, NULL, NULL, cancellable, on_done, f);
  /* Cancel once the 503 is recorded: the uploader now waits out the 30 s
   * Retry-After (decided by what it wrote, not by a guessed time). */
  for (;;)
    {
      g_autofree char *wer = upload_test_read_report_wer (f->store, key);

      if (wer != NULL && strstr (wer, "Upload.State=retrying\n") != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_main_loop_run (f->loop);
  g_assert_error (f->error, PM_ERROR, PM_ERROR_CANCELLED);
  g_assert_nonnull (strstr (f->error->message, "waiting to try again"));
  g_assert_cmpuint (f->server->n_requests, ==, 1);
  /* Well before the 30 s Retry-After. */
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 10 * G_USEC_PER_SEC);
}

static void
test_lock (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autoptr(PmUploader) first = NULL;
  g_autoptr(PmUploader) second = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fixture other = { 0 };

  /* The first uploader waits on a long Retry-After holding the lock. */
  f->server = upload_test_server_new ("503:30");
  first = make_uploader (f, TRUE);
  pm_uploader_set_retries (first, 3, 60);
  pm_uploader_submit_async (first, key, NULL, NULL, NULL, cancellable, on_done, f);
  while (f->server->n_requests == 0)
    g_main_context_iteration (NULL, TRUE);

  other.loop = f->loop;
  second = make_uploader (f, TRUE);
  run_submit (&other, second, key, NULL);
  g_assert_error (other.error, PM_ERROR, PM_ERROR_EXISTS);
  g_clear_error (&other.error);
  g_assert_cmpuint (f->server->n_requests, ==, 1);

  g_cancellable_cancel (cancellable);
  g_main_loop_run (f->loop);
  g_assert_error (f->error, PM_ERROR, PM_ERROR_CANCELLED);
}

/* A server whose certificate does not verify gets nothing: TLS is checked. */
static void
test_tls_unverified (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *cert_path = g_build_filename (f->root, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (f->root, "key.pem", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(PmEndpoint) endpoint = NULL;
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  int status = 0;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()) || openssl == NULL)
    {
      g_test_skip ("no TLS backend (glib-networking) or no openssl to make a certificate");
      return;
    }
  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
                           "-keyout", key_path, "-out", cert_path, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);

  f->server = upload_test_server_new (NULL);
  /* A second, HTTPS server with the self-signed certificate, same handler. */
  g_object_set (f->server->server, "tls-certificate", certificate, NULL);
  soup_server_listen (f->server->server, address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server->server);
  for (GSList *l = uris; l; l = l->next)
    if (strcmp (g_uri_get_scheme (l->data), "https") == 0)
      url = g_strdup_printf ("https://127.0.0.1:%d/submit", g_uri_get_port (l->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_nonnull (url);

  endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD, url, &error);
  g_assert_no_error (error);
  uploader = pm_uploader_new (f->store, endpoint);
  run_submit (f, uploader, key, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, 0);
  g_test_message ("reason: %s", pm_upload_result_get_reason (f->result));
  g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "network error"));
  /* The handler never saw the request. */
  g_assert_cmpuint (f->server->n_requests, ==, 0);
  report = load (f, key);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
}

static gboolean
on_incoming_hold (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source,
                  gpointer           data)
{
  /* Accept, then never answer: keep the connection open. */
  g_ptr_array_add (data, g_object_ref (connection));
  return TRUE;
}

/* A server that accepts and never answers: the stall timeout ends the wait. */
static void
test_stall_timeout (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(PmEndpoint) endpoint = NULL;
  g_autoptr(PmUploader) uploader = NULL;
  g_autofree char *url = NULL;
  guint16 port;
  gint64 start;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_hold), held);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://127.0.0.1:%u/submit", port);
  endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD, url, &error);
  g_assert_no_error (error);
  uploader = pm_uploader_new (f->store, endpoint);
  pm_uploader_set_timeout (uploader, 1);

  start = g_get_monotonic_time ();
  run_submit (f, uploader, key, NULL);
  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, 0);
  g_test_message ("reason: %s", pm_upload_result_get_reason (f->result));
  g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "network error"));
  g_assert_cmpuint (held->len, ==, 1);
  /* About the 1 s timeout, not forever. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_socket_service_stop (service);
}

/* A server that takes the connection but never reads the body: the send
 * deadline (short here) ends the attempt, long before the stall timeout. */
static void
test_send_deadline (Fixture       *f,
                    gconstpointer  data)
{
  /* Random bytes, sent plain: far more than the socket buffers hold. */
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 16 * 1024 * 1024, FALSE, NULL);
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(PmEndpoint) endpoint = NULL;
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_hold), held);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://127.0.0.1:%u/submit", port);
  endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD, url, &error);
  g_assert_no_error (error);
  uploader = pm_uploader_new (f->store, endpoint);
  pm_uploader_set_gzip (uploader, FALSE);
  pm_uploader_set_deadlines (uploader, 1, 1, 0);

  run_submit (f, uploader, key, NULL);
  g_assert_no_error (f->error);
  g_test_message ("reason: %s", pm_upload_result_get_reason (f->result));
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, 0);
  g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "was not sent within"));
  g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "(the deadline)"));
  g_assert_cmpint (pm_upload_result_get_bytes_sent (f->result), <, pm_upload_result_get_body_length (f->result));
  report = load (f, key);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
  g_socket_service_stop (service);
}

typedef struct
{
  GMainContext *context;
  GMainLoop *loop;
  UploadTestServer *server;
  GMutex lock;
  GCond ready;
} ServerThread;

static gpointer
server_thread (gpointer data)
{
  ServerThread *t = data;

  g_main_context_push_thread_default (t->context);
  g_mutex_lock (&t->lock);
  t->server = upload_test_server_new ("503");
  g_cond_signal (&t->ready);
  g_mutex_unlock (&t->lock);
  g_main_loop_run (t->loop);
  upload_test_server_free (t->server);
  g_main_context_pop_thread_default (t->context);
  return NULL;
}

/* The blocking form (for command-line tools) runs its own main context; the
 * server runs in another thread. Progress and retries work there too. */
static void
test_sync_api (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 100000, FALSE, NULL);
  ServerThread t = { 0 };
  GThread *thread;
  g_autoptr(PmEndpoint) endpoint = NULL;
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(PmUploadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) report = NULL;

  t.context = g_main_context_new ();
  t.loop = g_main_loop_new (t.context, FALSE);
  g_mutex_init (&t.lock);
  g_cond_init (&t.ready);
  g_mutex_lock (&t.lock);
  thread = g_thread_new ("server", server_thread, &t);
  while (t.server == NULL)
    g_cond_wait (&t.ready, &t.lock);
  g_mutex_unlock (&t.lock);

  endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD, t.server->url, &error);
  g_assert_no_error (error);
  uploader = pm_uploader_new (f->store, endpoint);
  pm_uploader_set_backoff_base (uploader, 0.05);
  pm_uploader_set_retries (uploader, 2, 5);
  result = pm_uploader_submit (uploader, key, on_progress, f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_upload_result_get_outcome (result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
  g_assert_cmpuint (pm_upload_result_get_attempts (result), ==, 2);
  g_assert_cmpint (f->last_sent, ==, pm_upload_result_get_body_length (result));
  report = load (f, key);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_ARCHIVE);

  /* The server handled both requests before its answers arrived here. */
  g_assert_cmpuint (t.server->n_requests, ==, 2);
  g_assert_cmpuint (t.server->n_stored, ==, 1);
  g_main_loop_quit (t.loop);
  g_thread_join (thread);
  g_main_loop_unref (t.loop);
  g_main_context_unref (t.context);
  g_mutex_clear (&t.lock);
  g_cond_clear (&t.ready);
}


/* ---------------------------------------------------------------------- */
/* Hostile servers (raw sockets): bounded answers, deadlines, cancel        */

static PmUploader *
make_raw_uploader (Fixture             *f,
                   UploadTestRawServer *raw)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmEndpoint) endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD,
                                                            upload_test_raw_server_get_url (raw), &error);
  PmUploader *uploader;

  g_assert_no_error (error);
  uploader = pm_uploader_new (f->store, endpoint);
  pm_uploader_set_backoff_base (uploader, 0.05);
  return uploader;
}

/* Waits (bounded, generously) for the raw server to see what @counter counts. */
static void
wait_raw (UploadTestRawServer *raw,
          guint              (*counter) (UploadTestRawServer *),
          guint                at_least)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (counter (raw) < at_least)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
assert_queued_and_whole (Fixture    *f,
                         const char *key,
                         GBytes     *dump)
{
  g_autoptr(PmReport) report = load (f, key);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bytes = NULL;
  gsize length;

  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
  g_assert_null (pm_report_get_load_error (report));
  path = g_build_filename (pm_store_get_path (f->store), "queue", key,
                           pm_report_get_minidump_name (report), NULL);
  g_file_get_contents (path, &bytes, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (bytes, length, g_bytes_get_data (dump, NULL), g_bytes_get_size (dump));
}

/* Answers of 1 MiB: read up to the bound, cut there, the connection closed
 * (the server sees it), classified on what was read. */
static void
test_big_answer (Fixture       *f,
                 gconstpointer  data)
{
  const char *mode = data;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  UploadTestRawServer *raw = upload_test_raw_server_new (mode);
  g_autoptr(PmUploader) uploader = make_raw_uploader (f, raw);
  g_autoptr(PmReport) report = NULL;

  run_submit (f, uploader, key, NULL);
  g_assert_no_error (f->error);
  g_test_message ("reason: %s", pm_upload_result_get_reason (f->result));
  report = load (f, key);
  if (strcmp (mode, "200-big") == 0)
    {
      g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
      g_assert_cmpstr (pm_upload_result_get_report_id (f->result), ==, "bp-big-0001");
      g_assert_cmpstr (pm_upload_result_get_view_url (f->result), ==, "http://127.0.0.1/report/bp-big-0001");
      g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_ARCHIVE);
      g_assert_cmpstr (pm_report_get_value (report, "Response.ReportId"), ==, "bp-big-0001");
    }
  else if (strcmp (mode, "503-big") == 0)
    {
      g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
      g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, 503);
      g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "was cut"));
      g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
      g_assert_cmpstr (pm_report_get_value (report, "Upload.State"), ==, "retrying");
    }
  else
    {
      /* Endless and chunked, no id: cut, and retried later. */
      g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
      g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, 200);
      g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "was cut"));
      g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
    }
  g_assert_cmpuint (upload_test_raw_server_get_requests (raw), ==, 1);
  wait_raw (raw, upload_test_raw_server_get_closed, 1);
  upload_test_raw_server_free (raw);
}

/* A server trickling one byte a second, and one that never answers after the
 * body: the answer's deadline (set short here) ends the attempt, which is
 * recorded as a transient failure saying so. */
static void
test_answer_deadline (Fixture       *f,
                      gconstpointer  data)
{
  const char *mode = data;
  g_autoptr(GBytes) dump = NULL;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, &dump);
  UploadTestRawServer *raw = upload_test_raw_server_new (mode);
  g_autoptr(PmUploader) uploader = make_raw_uploader (f, raw);
  g_autoptr(PmReport) report = NULL;
  gint64 start;

  pm_uploader_set_deadlines (uploader, 30, 1.5, 0);
  start = g_get_monotonic_time ();
  run_submit (f, uploader, key, NULL);
  g_assert_no_error (f->error);
  g_test_message ("reason: %s", pm_upload_result_get_reason (f->result));
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "(the deadline)"));
  if (strcmp (mode, "trickle") == 0)
    /* The headers came; half an id is not an id. */
    g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, 200);
  else
    {
      g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, 0);
      g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "did not answer"));
    }
  /* Not before the deadline; and nowhere near forever (a loaded machine is slow, not stuck). */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
  g_assert_cmpuint (upload_test_raw_server_get_requests (raw), ==, 1);
  report = load (f, key);
  g_assert_cmpstr (pm_report_get_value (report, "Upload.State"), ==, "retrying");
  g_assert_nonnull (strstr (pm_report_get_value (report, "Upload.LastError"), "deadline"));
  assert_queued_and_whole (f, key, dump);
  upload_test_raw_server_free (raw);
}

/* The run's deadline bounds a call with retries: every attempt ends at the
 * answer's deadline, and no new one starts after the run's. */
static void
test_run_deadline (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  UploadTestRawServer *raw = upload_test_raw_server_new ("silent");
  g_autoptr(PmUploader) uploader = make_raw_uploader (f, raw);
  gint64 start;

  pm_uploader_set_deadlines (uploader, 1, 0.5, 3);
  pm_uploader_set_retries (uploader, 1000, 60);
  start = g_get_monotonic_time ();
  run_submit (f, uploader, key, NULL);
  g_assert_no_error (f->error);
  g_test_message ("attempts: %u, reason: %s", pm_upload_result_get_attempts (f->result),
                  pm_upload_result_get_reason (f->result));
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  g_assert_nonnull (strstr (pm_upload_result_get_reason (f->result), "deadline"));
  g_assert_cmpuint (pm_upload_result_get_attempts (f->result), >=, 2);
  g_assert_cmpuint (pm_upload_result_get_attempts (f->result), <, 1000);
  /* The first attempt waited its whole answer deadline. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
  upload_test_raw_server_free (raw);
}

/* A 2xx with an id, then an answer that never ends: accepted, recorded,
 * archived, never sent again, whether a deadline or a cancel ends the wait. */
static void
test_accepted_then_stall (Fixture       *f,
                          gconstpointer  data)
{
  gboolean cancel = GPOINTER_TO_INT (data);
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  UploadTestRawServer *raw = upload_test_raw_server_new ("accept-stall");
  g_autoptr(PmUploader) uploader = make_raw_uploader (f, raw);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PmReport) report = NULL;

  if (cancel)
    {
      gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      /* Deadlines far away: only the cancel can end this one. */
      pm_uploader_set_deadlines (uploader, 300, 300, 0);
      g_clear_pointer (&f->result, pm_upload_result_unref);
      pm_uploader_submit_async (uploader, key, NULL, NULL, NULL, cancellable, on_done, f);
      /* The acceptance is on disk before the answer has ended. */
      for (;;)
        {
          g_autofree char *wer = upload_test_read_report_wer (f->store, key);

          if (wer != NULL && strstr (wer, "Upload.State=sent\n") != NULL)
            break;
          g_assert_cmpint (g_get_monotonic_time (), <, end);
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
      report = load (f, key);
      g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
      g_assert_cmpstr (pm_report_get_value (report, "Response.ReportId"), ==, "bp-stall-0001");
      g_clear_object (&report);
      g_cancellable_cancel (cancellable);
      g_main_loop_run (f->loop);
    }
  else
    {
      pm_uploader_set_deadlines (uploader, 30, 1, 0);
      run_submit (f, uploader, key, NULL);
    }
  g_assert_no_error (f->error);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
  g_assert_cmpstr (pm_upload_result_get_report_id (f->result), ==, "bp-stall-0001");
  report = load (f, key);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_cmpstr (pm_report_get_value (report, "Response.ViewURL"), ==, "http://127.0.0.1/report/bp-stall-0001");

  /* Never sent again. */
  run_submit (f, uploader, key, NULL);
  g_assert_error (f->error, PM_ERROR, PM_ERROR_NOT_FOUND);
  g_assert_cmpuint (upload_test_raw_server_get_requests (raw), ==, 1);
  upload_test_raw_server_free (raw);
}

/* Cancel while the server trickles: the call ends at once with
 * PM_ERROR_CANCELLED, nothing recorded, the report queued and whole. */
static void
test_cancel_trickle (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) dump = NULL;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, &dump);
  UploadTestRawServer *raw = upload_test_raw_server_new ("trickle");
  g_autoptr(PmUploader) uploader = make_raw_uploader (f, raw);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PmReport) report = NULL;
  gint64 cancelled_at;

  pm_uploader_submit_async (uploader, key, NULL, NULL, NULL, cancellable, on_done, f);
  wait_raw (raw, upload_test_raw_server_get_requests, 1);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_main_loop_run (f->loop);
  g_assert_error (f->error, PM_ERROR, PM_ERROR_CANCELLED);
  g_assert_null (f->result);
  /* At once: well under the trickle's 100 s and the 60 s default deadline. */
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 10 * G_USEC_PER_SEC);
  report = load (f, key);
  g_assert_null (pm_report_get_value (report, "Upload.State"));
  g_assert_null (pm_report_get_value (report, "Upload.Attempts"));
  assert_queued_and_whole (f, key, dump);
  /* The lock went with the call: the next one can start. */
  {
    g_autoptr(PmUploader) second = make_raw_uploader (f, raw);

    pm_uploader_set_deadlines (second, 30, 0.5, 0);
    run_submit (f, second, key, NULL);
    g_assert_no_error (f->error);
    g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  }
  upload_test_raw_server_free (raw);
}

/* Escape sequences in the reason phrase, the Location header and the body
 * never reach Report.wer or the result raw: they are escaped (\x1b...). */
static void
test_hostile_text (Fixture       *f,
                   gconstpointer  data)
{
  const char *mode = data;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  UploadTestRawServer *raw = upload_test_raw_server_new (mode);
  g_autoptr(PmUploader) uploader = make_raw_uploader (f, raw);
  g_autofree char *wer = NULL;
  const char *reason;

  run_submit (f, uploader, key, NULL);
  g_assert_no_error (f->error);
  reason = pm_upload_result_get_reason (f->result);
  g_test_message ("reason: %s", reason);
  g_assert_cmpint (pm_upload_result_get_outcome (f->result), ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  upload_test_assert_no_controls ("the reason", reason);
  wer = upload_test_read_report_wer (f->store, key);
  upload_test_assert_no_controls ("Report.wer", wer);
  /* Kept, escaped, not dropped: the person can see what the server sent. */
  g_assert_cmpuint (pm_upload_result_get_http_status (f->result), ==, strcmp (mode, "hostile-302") == 0 ? 302 : 503);
  g_assert_nonnull (strstr (reason, "\\x1b]0;owned\\x07"));
  if (strcmp (mode, "hostile-302") == 0)
    g_assert_nonnull (strstr (reason, "http://127.0.0.1/\\x1b]0;owned"));
  else
    /* The body's excerpt, escaped the same way. */
    g_assert_nonnull (strstr (reason, "(“\\x1b]0;owned\\x07"));
  upload_test_raw_server_free (raw);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/upload/accepted/gzip", GINT_TO_POINTER (TRUE), test_accepted);
  ADD ("/upload/accepted/plain", GINT_TO_POINTER (FALSE), test_accepted);
  ADD ("/upload/retry/503-503-200", NULL, test_retry_503);
  ADD ("/upload/retry/persisted", NULL, test_retry_later_persisted);
  ADD ("/upload/retry/retry-after", NULL, test_retry_after);
  ADD ("/upload/retry/dropped-reply-no-duplicate", NULL, test_dropped_reply);
  ADD ("/upload/retry/network-error", NULL, test_network_error);
  ADD ("/upload/permanent/400-discarded", "400", test_permanent);
  ADD ("/upload/permanent/200-discarded", "discard", test_permanent);
  ADD ("/upload/permanent/413", "413", test_permanent);
  ADD ("/upload/consent/withdrawn", NULL, test_consent_withdrawn);
  ADD ("/upload/consent/levels", NULL, test_consent_levels);
  ADD ("/upload/cancel-during-wait", NULL, test_cancel_during_wait);
  ADD ("/upload/one-uploader-at-a-time", NULL, test_lock);
  ADD ("/upload/tls-unverified-refused", NULL, test_tls_unverified);
  ADD ("/upload/stall-timeout", NULL, test_stall_timeout);
  ADD ("/upload/sync-api", NULL, test_sync_api);
  ADD ("/upload/bounded/200-1MiB", "200-big", test_big_answer);
  ADD ("/upload/bounded/503-1MiB", "503-big", test_big_answer);
  ADD ("/upload/bounded/endless-chunked", "endless", test_big_answer);
  ADD ("/upload/deadline/trickle", "trickle", test_answer_deadline);
  ADD ("/upload/deadline/no-answer", "silent", test_answer_deadline);
  ADD ("/upload/deadline/run", NULL, test_run_deadline);
  ADD ("/upload/deadline/send", NULL, test_send_deadline);
  ADD ("/upload/accepted-then-stall/deadline", GINT_TO_POINTER (FALSE), test_accepted_then_stall);
  ADD ("/upload/accepted-then-stall/cancel", GINT_TO_POINTER (TRUE), test_accepted_then_stall);
  ADD ("/upload/cancel-while-trickling", NULL, test_cancel_trickle);
  ADD ("/upload/escaped/reason-and-location", "hostile-302", test_hostile_text);
  ADD ("/upload/escaped/reason-and-body", "hostile-503", test_hostile_text);
#undef ADD

  return g_test_run ();
}
