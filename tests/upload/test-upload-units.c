/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-upload-units.c — endpoint profiles, response classification and the
 * retry delay, without a network.
 *
 * Runs in: a test process (GLib).
 */
#include "pm-config.h"

#include <string.h>

#include "pm-endpoint.h"
#include "pm-error.h"
#include "pm-upload-body.h"
#include "pm-upload-response.h"
#include "upload-test-util.h"

#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>

static void
test_endpoint_urls (void)
{
  static const struct { PmEndpointKind kind; const char *in; const char *out; } good[] = {
    { PM_ENDPOINT_BREAKPAD, "http://127.0.0.1:8080/submit", "http://127.0.0.1:8080/submit" },
    { PM_ENDPOINT_BREAKPAD, "https://submit.backtrace.io/acme/0123abcd/minidump",
      "https://submit.backtrace.io/acme/0123abcd/minidump" },
    { PM_ENDPOINT_SOCORRO, "https://crash-reports.example.org", "https://crash-reports.example.org/submit" },
    { PM_ENDPOINT_SOCORRO, "https://crash-reports.example.org/", "https://crash-reports.example.org/submit" },
    { PM_ENDPOINT_SOCORRO, "https://example.org/collector/submit", "https://example.org/collector/submit" },
    { PM_ENDPOINT_SOCORRO, "http://127.0.0.1:9/x/", "http://127.0.0.1:9/x/submit" },
  };
  static const struct { PmEndpointKind kind; const char *in; const char *says; } bad[] = {
    { PM_ENDPOINT_BREAKPAD, "", "empty" },
    { PM_ENDPOINT_BREAKPAD, "ftp://example.org/submit", "http://" },
    { PM_ENDPOINT_BREAKPAD, "file:///etc/passwd", "http://" },
    { PM_ENDPOINT_BREAKPAD, "https://user:pw@example.org/submit", "user name" },
    { PM_ENDPOINT_BREAKPAD, "https://example.org/submit#x", "fragment" },
    { PM_ENDPOINT_BREAKPAD, "not a url", "not a valid URL" },
    { PM_ENDPOINT_SENTRY, "https://o1.ingest.sentry.io/api/1/minidump/", "DSN" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PmEndpoint) endpoint = pm_endpoint_new_for_url (good[i].kind, good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (pm_endpoint_get_submit_url (endpoint), ==, good[i].out);
      g_assert_cmpint (pm_endpoint_get_kind (endpoint), ==, good[i].kind);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PmEndpoint) endpoint = pm_endpoint_new_for_url (bad[i].kind, bad[i].in, &error);

      g_assert_null (endpoint);
      g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("“%s”: message “%s” does not say “%s”", bad[i].in, error->message, bad[i].says);
    }
}

static void
test_endpoint_dsn (void)
{
  static const struct { const char *dsn; const char *url; const char *display; } good[] = {
    { "https://abc123@o42.ingest.sentry.io/5678",
      "https://o42.ingest.sentry.io/api/5678/minidump/?sentry_key=abc123",
      "https://o42.ingest.sentry.io/api/5678/minidump/" },
    { "http://key:secret@127.0.0.1:9000/3",
      "http://127.0.0.1:9000/api/3/minidump/?sentry_key=key",
      "http://127.0.0.1:9000/api/3/minidump/" },
    { "https://k@sentry.example.org/prefix/path/12",
      "https://sentry.example.org/prefix/path/api/12/minidump/?sentry_key=k",
      "https://sentry.example.org/prefix/path/api/12/minidump/" },
  };
  static const char * const bad[] = {
    "https://o42.ingest.sentry.io/5678",      /* no key */
    "https://abc@o42.ingest.sentry.io/",      /* no project */
    "https://abc@o42.ingest.sentry.io/proj",  /* project not a number */
    "https://a b@o42.ingest.sentry.io/1",     /* bad key */
    "https://abc@o42.ingest.sentry.io/1?x=1", /* query */
    "ftp://abc@host/1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PmEndpoint) endpoint = pm_endpoint_new_for_dsn (good[i].dsn, &error);

      g_assert_no_error (error);
      g_assert_cmpint (pm_endpoint_get_kind (endpoint), ==, PM_ENDPOINT_SENTRY);
      g_assert_cmpstr (pm_endpoint_get_submit_url (endpoint), ==, good[i].url);
      /* The key never shows in messages; the secret is never sent. */
      g_assert_cmpstr (pm_endpoint_get_display_url (endpoint), ==, good[i].display);
      g_assert_null (strstr (pm_endpoint_get_submit_url (endpoint), "secret"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PmEndpoint) endpoint = pm_endpoint_new_for_dsn (bad[i], &error);

      g_assert_null (endpoint);
      g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_endpoint_kinds (void)
{
  PmEndpointKind kind;
  g_autoptr(GError) error = NULL;

  g_assert_true (pm_endpoint_kind_from_string ("Socorro", &kind, NULL));
  g_assert_cmpint (kind, ==, PM_ENDPOINT_SOCORRO);
  g_assert_cmpstr (pm_endpoint_kind_to_string (PM_ENDPOINT_SENTRY), ==, "sentry");
  g_assert_false (pm_endpoint_kind_from_string ("bugzilla", &kind, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "bugzilla"));
}

typedef struct
{
  guint status;
  const char *retry_after;
  const char *body;
  PmUploadOutcome outcome;
  const char *id;
  const char *view_url;
  double retry;
  const char *reason_has;
} ResponseCase;

static void
test_responses (void)
{
  static const ResponseCase cases[] = {
    { 200, NULL, "CrashID=bp-6fa4a2e1-8b1c-4d5e-9f00-112233445566\n", PM_UPLOAD_OUTCOME_ACCEPTED,
      "bp-6fa4a2e1-8b1c-4d5e-9f00-112233445566", NULL, -1, NULL },
    { 200, NULL, "CrashID=bp-1\r\nViewURL=https://crash-stats.example.org/report/index/1\r\n",
      PM_UPLOAD_OUTCOME_ACCEPTED, "bp-1", "https://crash-stats.example.org/report/index/1", -1, NULL },
    { 200, NULL, "CrashID=bp-1\nViewURL=javascript:alert(1)\n", PM_UPLOAD_OUTCOME_ACCEPTED, "bp-1", NULL, -1, NULL },
    /* Sentry and Crashpad: a plain id. */
    { 200, NULL, "e7d4f2b9a1c34b5d8f6e0a1b2c3d4e5f\n", PM_UPLOAD_OUTCOME_ACCEPTED,
      "e7d4f2b9a1c34b5d8f6e0a1b2c3d4e5f", NULL, -1, NULL },
    { 201, NULL, "{\"id\": \"5f0c\", \"other\": 1}", PM_UPLOAD_OUTCOME_ACCEPTED, "5f0c", NULL, -1, NULL },
    { 200, NULL, "{\"response\":\"ok\",\"_rxid\":\"01000000-abcd\"}", PM_UPLOAD_OUTCOME_ACCEPTED,
      "01000000-abcd", NULL, -1, NULL },
    /* Throttled and malformed: permanent. */
    { 200, NULL, "Discarded=1\n", PM_UPLOAD_OUTCOME_REJECTED, NULL, NULL, -1, "Discarded=1" },
    { 400, NULL, "Discarded=malformed_no_annotations\n", PM_UPLOAD_OUTCOME_REJECTED, NULL, NULL, -1,
      "Discarded=malformed_no_annotations" },
    { 413, NULL, "", PM_UPLOAD_OUTCOME_REJECTED, NULL, NULL, -1, "413" },
    { 422, NULL, "nope", PM_UPLOAD_OUTCOME_REJECTED, NULL, NULL, -1, "422" },
    /* Transient. */
    { 200, NULL, "", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, -1, "without a report id" },
    { 200, NULL, "thanks for the report!", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, -1, "without a report id" },
    { 429, "120", "", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, 120, "429" },
    { 503, "7", "down", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, 7, "503" },
    { 503, "99999999", "", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, PM_UPLOAD_MAX_RETRY_AFTER, "503" },
    { 503, "soon", "", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, -1, "503" },
    { 500, NULL, "CrashID=bp-1", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, -1, "500" },
    { 408, NULL, "", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, -1, "408" },
    { 404, NULL, "", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, -1, "check the server URL" },
    { 302, NULL, "", PM_UPLOAD_OUTCOME_RETRY_LATER, NULL, NULL, -1, "not followed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PmUploadResponse r;

      pm_upload_response_parse (&r, cases[i].status, NULL, cases[i].retry_after, "http://elsewhere/",
                                cases[i].body, strlen (cases[i].body), TRUE, 1700000000);
      g_test_message ("case %u: %u %s", i, cases[i].status, cases[i].body);
      g_assert_cmpint (r.outcome, ==, cases[i].outcome);
      g_assert_cmpuint (r.status, ==, cases[i].status);
      g_assert_cmpstr (r.report_id, ==, cases[i].id);
      g_assert_cmpstr (r.view_url, ==, cases[i].view_url);
      g_assert_cmpfloat (r.retry_after, ==, cases[i].retry);
      if (cases[i].reason_has != NULL)
        {
          g_assert_nonnull (r.reason);
          if (strstr (r.reason, cases[i].reason_has) == NULL)
            g_error ("case %u: reason “%s” lacks “%s”", i, r.reason, cases[i].reason_has);
        }
      else
        g_assert_null (r.reason);
      pm_upload_response_clear (&r);
    }
}

static void
test_retry_after_date (void)
{
  PmUploadResponse r;

  /* 1700000000 is Tue, 14 Nov 2023 22:13:20 GMT. */
  pm_upload_response_parse (&r, 503, NULL, "Tue, 14 Nov 2023 22:14:20 GMT", NULL, "", 0, TRUE, 1700000000);
  g_assert_cmpfloat (r.retry_after, ==, 60);
  pm_upload_response_clear (&r);
  /* A date in the past means now. */
  pm_upload_response_parse (&r, 503, NULL, "Tue, 14 Nov 2023 22:00:00 GMT", NULL, "", 0, TRUE, 1700000000);
  g_assert_cmpfloat (r.retry_after, ==, 0);
  pm_upload_response_clear (&r);
}

static void
test_hostile_body (void)
{
  /* A huge body, control bytes and an over-long id: bounded, not accepted as an id. */
  gsize size = 4 * PM_UPLOAD_RESPONSE_MAX_BODY;
  g_autofree char *body = g_malloc (size);
  PmUploadResponse r;

  memset (body, 'A', size);
  pm_upload_response_parse (&r, 200, NULL, NULL, NULL, body, size, FALSE, 0);
  g_assert_cmpint (r.outcome, ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  g_assert_cmpuint (strlen (r.reason), <, 300);
  pm_upload_response_clear (&r);

  pm_upload_response_parse (&r, 200, NULL, NULL, NULL, "CrashID=bp-1\x01\x02\n", 15, TRUE, 0);
  g_assert_cmpint (r.outcome, ==, PM_UPLOAD_OUTCOME_RETRY_LATER);
  pm_upload_response_clear (&r);

  pm_upload_response_parse (&r, 500, NULL, NULL, NULL, "line\r\nbreak\x1b[31m", 17, TRUE, 0);
  for (const char *p = r.reason; *p; p++)
    g_assert_true ((guchar) *p >= 0x20);
  pm_upload_response_clear (&r);

  /* A reason phrase and a Location with terminal escapes: kept escaped, bounded. */
  {
    g_autofree char *long_phrase = g_strnfill (5000, 'p');

    pm_upload_response_parse (&r, 302, "Found \x1b]0;owned\x07\x9b", NULL, "http://x/\x1b[2J\xc2\x85",
                              "", 0, TRUE, 0);
    g_assert_nonnull (strstr (r.reason, "Found \\x1b]0;owned\\x07\\x9b"));
    g_assert_nonnull (strstr (r.reason, "http://x/\\x1b[2J\\xc2\\x85"));
    pm_upload_response_clear (&r);
    pm_upload_response_parse (&r, 503, long_phrase, NULL, NULL, "", 0, TRUE, 0);
    g_assert_cmpuint (strlen (r.reason), <, 400);
    pm_upload_response_clear (&r);
  }
}

/* A body cut short (size bound, deadline, cancel): only whole lines count, so
 * the start of an id is never taken for the id. */
static void
test_cut_body (void)
{
  static const struct { const char *body; gboolean complete; const char *id; } cases[] = {
    { "CrashID=bp-1234", TRUE, "bp-1234" },
    { "CrashID=bp-12", FALSE, NULL },
    { "CrashID=bp-1234\nViewURL=https://x/1", FALSE, "bp-1234" },
    { "e7d4f2b9a1c3", TRUE, "e7d4f2b9a1c3" },
    { "e7d4f2", FALSE, NULL },
    { "{\"id\": 12345}", TRUE, "12345" },
    { "{\"id\": 123", FALSE, NULL },
    { "{\"id\": \"5f0", FALSE, NULL },
    { "{\"id\": \"5f0c\", \"more\": \"x", FALSE, "5f0c" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PmUploadResponse r;

      pm_upload_response_parse (&r, 200, NULL, NULL, NULL, cases[i].body, strlen (cases[i].body),
                                cases[i].complete, 0);
      g_test_message ("case %u: %s", i, cases[i].body);
      g_assert_cmpstr (r.report_id, ==, cases[i].id);
      g_assert_cmpint (r.outcome, ==, cases[i].id ? PM_UPLOAD_OUTCOME_ACCEPTED : PM_UPLOAD_OUTCOME_RETRY_LATER);
      pm_upload_response_clear (&r);
    }
}

static void
test_retry_delay (void)
{
  /* Equal jitter: between half and all of base * 2^(n-1). */
  g_assert_cmpfloat (pm_upload_retry_delay (1, 60, -1, 0.0), ==, 30);
  g_assert_cmpfloat (pm_upload_retry_delay (1, 60, -1, 0.999999), <=, 60);
  g_assert_cmpfloat (pm_upload_retry_delay (3, 60, -1, 0.0), ==, 120);
  g_assert_cmpfloat (pm_upload_retry_delay (3, 60, -1, 1.0), ==, 240);
  /* Capped, and no overflow however many failures. */
  g_assert_cmpfloat (pm_upload_retry_delay (40, 60, -1, 1.0), ==, PM_UPLOAD_MAX_BACKOFF);
  g_assert_cmpfloat (pm_upload_retry_delay (G_MAXUINT, 60, -1, 1.0), ==, PM_UPLOAD_MAX_BACKOFF);
  /* Retry-After replaces the backoff, plus at most 10 %. */
  g_assert_cmpfloat (pm_upload_retry_delay (1, 60, 5, 0.0), ==, 5);
  g_assert_cmpfloat (pm_upload_retry_delay (9, 60, 5, 1.0), ==, 5.5);
  g_assert_cmpfloat (pm_upload_retry_delay (1, 60, 1e12, 0.0), ==, PM_UPLOAD_MAX_RETRY_AFTER);

  /* Jitter spreads clients: 1000 draws are not all alike. */
  {
    double lo = G_MAXDOUBLE, hi = 0;
    for (guint i = 0; i < 1000; i++)
      {
        double d = pm_upload_retry_delay (2, 60, -1, g_random_double ());
        lo = MIN (lo, d);
        hi = MAX (hi, d);
      }
    g_assert_cmpfloat (lo, >=, 60);
    g_assert_cmpfloat (hi, <=, 120);
    g_assert_cmpfloat (hi - lo, >, 30);
  }
}

static GBytes *
read_all (GInputStream *stream,
          GError      **error)
{
  GByteArray *out = g_byte_array_new ();
  char buffer[8192];
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error)) > 0)
    g_byte_array_append (out, (guint8 *) buffer, n);
  if (n < 0)
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return g_byte_array_free_to_bytes (out);
}

/* The body writer alone: lengths, gzip by both strategies, the parse, a shrinking file. */
static void
test_body (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pm-upload-body-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "dump", NULL);
  g_autofree guint8 *data = g_malloc (300000);
  g_autoptr(PmUploadBody) body = pm_upload_body_new ();
  g_autoptr(GInputStream) plain_stream = NULL;
  g_autoptr(GInputStream) gzip_stream = NULL;
  g_autoptr(GInputStream) spooled_stream = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) gz = NULL;
  g_autoptr(GBytes) spooled = NULL;
  g_autoptr(GBytes) unzipped = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  goffset measured = 0, spool_length = 0;
  int dir_fd;

  g_assert_no_error (error);
  for (guint i = 0; i < 300000; i++)
    data[i] = (i % 7 == 0) ? g_random_int () : 0;
  g_file_set_contents (path, (char *) data, 300000, &error);
  g_assert_no_error (error);

  g_assert_true (pm_upload_body_add_field (body, "ProductName", "app", &error));
  g_assert_true (pm_upload_body_add_field (body, "Note", "two\nlines \u00e9", &error));
  g_assert_true (pm_upload_body_add_file (body, "upload_file_minidump", "x.dmp", NULL,
                                          open (path, O_RDONLY | O_CLOEXEC), &error));
  g_assert_no_error (error);
  /* Refused: duplicates, quotes, invalid UTF-8, a non-regular file. */
  g_assert_false (pm_upload_body_add_field (body, "ProductName", "again", &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (pm_upload_body_add_field (body, "a\"b", "x", &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pm_upload_body_add_field (body, "bad", "\xff\xfe", &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pm_upload_body_add_file (body, "dir", "d", NULL, open (dir, O_RDONLY | O_DIRECTORY), &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
  g_clear_error (&error);

  plain_stream = pm_upload_body_open (body, FALSE);
  plain = read_all (plain_stream, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_bytes_get_size (plain), ==, pm_upload_body_get_raw_length (body));
  parts = upload_test_parse_multipart (plain, pm_upload_body_get_content_type (body));
  g_assert_nonnull (parts);
  g_assert_cmpuint (parts->len, ==, 3);
  g_assert_cmpstr (upload_test_field (parts, "Note"), ==, "two\nlines \u00e9");
  g_assert_cmpmem (g_bytes_get_data (upload_test_find_part (parts, "upload_file_minidump")->data, NULL), 300000,
                   data, 300000);

  /* Two passes: the measured length is what the stream gives. */
  g_assert_true (pm_upload_body_measure (body, TRUE, &measured, NULL, &error));
  gzip_stream = pm_upload_body_open (body, TRUE);
  gz = read_all (gzip_stream, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_bytes_get_size (gz), ==, measured);
  g_assert_cmpint (measured, <, g_bytes_get_size (plain));
  unzipped = upload_test_gunzip (gz);
  g_assert_true (g_bytes_equal (unzipped, plain));

  /* One pass into an unnamed file: the same bytes. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_true (pm_upload_body_spool_gzip (body, dir_fd, &spool_length, NULL, &error));
  g_assert_no_error (error);
  close (dir_fd);
  g_assert_cmpint (spool_length, ==, measured);
  spooled_stream = pm_upload_body_open (body, TRUE);
  spooled = read_all (spooled_stream, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (spooled, gz));

  /* A file that shrinks after it was added: the stream fails, naming it. */
  g_assert_cmpint (truncate (path, 1000), ==, 0);
  {
    g_autoptr(GInputStream) again = pm_upload_body_open (body, FALSE);
    g_autoptr(GBytes) none = read_all (again, &error);
    g_assert_null (none);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "x.dmp"));
    g_assert_nonnull (strstr (error->message, "shrank"));
  }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/upload/endpoint/urls", test_endpoint_urls);
  g_test_add_func ("/upload/endpoint/dsn", test_endpoint_dsn);
  g_test_add_func ("/upload/endpoint/kinds", test_endpoint_kinds);
  g_test_add_func ("/upload/response/classify", test_responses);
  g_test_add_func ("/upload/response/retry-after-date", test_retry_after_date);
  g_test_add_func ("/upload/response/hostile-body", test_hostile_body);
  g_test_add_func ("/upload/response/cut-body", test_cut_body);
  g_test_add_func ("/upload/retry/delay", test_retry_delay);
  g_test_add_func ("/upload/body/stream", test_body);
  return g_test_run ();
}
