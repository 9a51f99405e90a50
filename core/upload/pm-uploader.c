/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-uploader.c — PmUploader: sends one queued report to a crash server and
 * records the answer in the report (see pm-uploader.h for the whole story).
 *
 * Runs in: postmortemctl and the application, on the caller's thread-default
 * main context; the gzip measuring pass runs in a GIO worker thread.
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "pm-manifest.h"
#include "pm-store.h"
#include "pm-upload-body.h"
#include "pm-upload-response.h"
#include "pm-uploader.h"

#define UPLOAD_LOCK_NAME ".upload.lock"
#define DEFAULT_BACKOFF_BASE 60.0
#define DEFAULT_TIMEOUT 60
/* Deadlines (seconds): the body of one request going out (plus a second per
 * MIN_SEND_RATE bytes beyond SEND_DEADLINE_COVERS), its answer once the body is out, a whole call with
 * its retries. */
#define DEFAULT_SEND_DEADLINE 300.0
#define DEFAULT_ANSWER_DEADLINE 60.0
#define DEFAULT_RUN_DEADLINE 1800.0
#define MIN_SEND_RATE (256.0 * 1024)
/* Bodies up to this size get the plain send deadline (300 s: 220 KB/s). */
#define SEND_DEADLINE_COVERS (64.0 * 1024 * 1024)
/* The answer is read in pieces of this size, up to PM_UPLOAD_RESPONSE_MAX_BODY. */
#define READ_CHUNK 16384
/* An early id is looked for in this much of a 2xx answer (ids come first). */
#define EARLY_PARSE_LIMIT 8192
#define USER_AGENT "Postmortem/" PACKAGE_VERSION " (crash reporter; Linux)"

/* ---------------------------------------------------------------------- */
/* PmUploadResult                                                          */

struct _PmUploadResult
{
  gatomicrefcount ref_count;
  PmUploadOutcome outcome;
  char *key;
  guint http_status;
  char *report_id;
  char *view_url;
  char *reason;
  gint64 next_attempt;
  guint attempts;
  goffset bytes_sent;
  goffset body_length;
};

G_DEFINE_BOXED_TYPE (PmUploadResult, pm_upload_result, pm_upload_result_ref, pm_upload_result_unref)

PmUploadResult *
pm_upload_result_ref (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pm_upload_result_unref (PmUploadResult *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->key);
  g_free (self->report_id);
  g_free (self->view_url);
  g_free (self->reason);
  g_free (self);
}

PmUploadOutcome
pm_upload_result_get_outcome (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, PM_UPLOAD_OUTCOME_REJECTED);
  return self->outcome;
}

const char *
pm_upload_result_get_key (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->key;
}

guint
pm_upload_result_get_http_status (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->http_status;
}

const char *
pm_upload_result_get_report_id (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->report_id;
}

const char *
pm_upload_result_get_view_url (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->view_url;
}

const char *
pm_upload_result_get_reason (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->reason;
}

gint64
pm_upload_result_get_next_attempt (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->next_attempt;
}

guint
pm_upload_result_get_attempts (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->attempts;
}

goffset
pm_upload_result_get_bytes_sent (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bytes_sent;
}

goffset
pm_upload_result_get_body_length (PmUploadResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->body_length;
}

const char *
pm_upload_outcome_to_string (PmUploadOutcome outcome)
{
  switch (outcome)
    {
    case PM_UPLOAD_OUTCOME_ACCEPTED:
      return "accepted";
    case PM_UPLOAD_OUTCOME_RETRY_LATER:
      return "retry-later";
    case PM_UPLOAD_OUTCOME_REJECTED:
      return "rejected";
    default:
      return "unknown";
    }
}

/* ---------------------------------------------------------------------- */
/* PmUploader                                                              */

struct _PmUploader
{
  GObject parent_instance;

  /* owned */
  PmStore *store;
  PmEndpoint *endpoint;
  SoupSession *session;

  gboolean gzip;
  gboolean approved;
  guint max_retries;
  double max_wait;
  double backoff_base;
  guint timeout;
  double send_deadline;
  double answer_deadline;
  double run_deadline;
};

G_DEFINE_FINAL_TYPE (PmUploader, pm_uploader, G_TYPE_OBJECT)

static void
pm_uploader_finalize (GObject *object)
{
  PmUploader *self = PM_UPLOADER (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->endpoint, pm_endpoint_free);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (pm_uploader_parent_class)->finalize (object);
}

static void
pm_uploader_class_init (PmUploaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pm_uploader_finalize;
}

static void
pm_uploader_init (PmUploader *self)
{
  self->gzip = TRUE;
  self->backoff_base = DEFAULT_BACKOFF_BASE;
  self->timeout = DEFAULT_TIMEOUT;
  self->send_deadline = DEFAULT_SEND_DEADLINE;
  self->answer_deadline = DEFAULT_ANSWER_DEADLINE;
  self->run_deadline = DEFAULT_RUN_DEADLINE;
}

PmUploader *
pm_uploader_new (PmStore          *store,
                 const PmEndpoint *endpoint)
{
  PmUploader *self;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);

  self = g_object_new (PM_TYPE_UPLOADER, NULL);
  self->store = g_object_ref (store);
  self->endpoint = pm_endpoint_copy (endpoint);
  return self;
}

/* Gzip= and RetryBaseSeconds= of [Server] apply whichever server is used. */
static void
pm_uploader_apply_settings (PmUploader *self,
                            PmSettings *settings)
{
  g_autofree char *base = NULL;

  self->gzip = pm_settings_get_boolean (settings, "Server", "Gzip", TRUE);
  base = pm_settings_get_value (settings, "Server", "RetryBaseSeconds");
  if (base != NULL)
    {
      char *end = NULL;
      double seconds = g_ascii_strtod (base, &end);

      if (end != base && *end == '\0' && seconds > 0 && seconds <= PM_UPLOAD_MAX_BACKOFF)
        self->backoff_base = seconds;
      else
        g_warning ("%s, [Server] RetryBaseSeconds=%s is not a number of seconds in (0, %d]; using %g",
                   pm_settings_get_path (settings), base, PM_UPLOAD_MAX_BACKOFF, self->backoff_base);
    }
}

PmUploader *
pm_uploader_new_from_settings (PmStore  *store,
                               GError  **error)
{
  PmSettings *settings;
  g_autoptr(PmEndpoint) endpoint = NULL;
  PmUploader *self;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  settings = pm_store_get_settings (store);
  endpoint = pm_endpoint_new_from_settings (settings, error);
  if (endpoint == NULL)
    return NULL;
  self = pm_uploader_new (store, endpoint);
  pm_uploader_apply_settings (self, settings);
  return self;
}

PmUploader *
pm_uploader_new_with_settings (PmStore          *store,
                               const PmEndpoint *endpoint)
{
  PmUploader *self;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);

  self = pm_uploader_new (store, endpoint);
  pm_uploader_apply_settings (self, pm_store_get_settings (store));
  return self;
}

PmUploader *
pm_uploader_new_for_report (PmStore           *store,
                            const char        *key,
                            PmEndpointOrigin  *origin,
                            GError           **error)
{
  PmSettings *settings;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(PmEndpoint) endpoint = NULL;
  PmUploader *self;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  settings = pm_store_get_settings (store);
  report = pm_store_load_report (store, key, error);
  if (report == NULL)
    return NULL;
  endpoint = pm_endpoint_choose_for_report (settings, report, NULL, origin, error);
  if (endpoint == NULL)
    return NULL;
  self = pm_uploader_new (store, endpoint);
  pm_uploader_apply_settings (self, settings);
  return self;
}

const PmEndpoint *
pm_uploader_get_endpoint (PmUploader *self)
{
  g_return_val_if_fail (PM_IS_UPLOADER (self), NULL);
  return self->endpoint;
}

void
pm_uploader_set_gzip (PmUploader *self,
                      gboolean    gzip)
{
  g_return_if_fail (PM_IS_UPLOADER (self));
  self->gzip = !!gzip;
}

gboolean
pm_uploader_get_gzip (PmUploader *self)
{
  g_return_val_if_fail (PM_IS_UPLOADER (self), FALSE);
  return self->gzip;
}

void
pm_uploader_set_retries (PmUploader *self,
                         guint       max_retries,
                         double      max_wait_seconds)
{
  g_return_if_fail (PM_IS_UPLOADER (self));
  self->max_retries = max_retries;
  self->max_wait = MAX (max_wait_seconds, 0);
}

void
pm_uploader_set_backoff_base (PmUploader *self,
                              double      seconds)
{
  g_return_if_fail (PM_IS_UPLOADER (self));
  g_return_if_fail (seconds > 0);
  self->backoff_base = seconds;
}

void
pm_uploader_set_approved (PmUploader *self,
                          gboolean    approved)
{
  g_return_if_fail (PM_IS_UPLOADER (self));
  self->approved = !!approved;
}

void
pm_uploader_set_timeout (PmUploader *self,
                         guint       seconds)
{
  g_return_if_fail (PM_IS_UPLOADER (self));
  g_return_if_fail (seconds > 0);
  self->timeout = seconds;
  g_clear_object (&self->session);
}

void
pm_uploader_set_deadlines (PmUploader *self,
                           double      send_seconds,
                           double      answer_seconds,
                           double      run_seconds)
{
  g_return_if_fail (PM_IS_UPLOADER (self));
  g_return_if_fail (send_seconds >= 0 && answer_seconds >= 0 && run_seconds >= 0);
  if (send_seconds > 0)
    self->send_deadline = send_seconds;
  if (answer_seconds > 0)
    self->answer_deadline = answer_seconds;
  if (run_seconds > 0)
    self->run_deadline = run_seconds;
}

static SoupSession *
get_session (PmUploader *self)
{
  if (self->session == NULL)
    /* timeout: a stalled connect, send or receive fails after this many seconds.
     * TLS certificates are verified against the system's database (libsoup's
     * default); nothing here accepts an invalid one. */
    self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                   "idle-timeout", self->timeout,
                                                   "user-agent", USER_AGENT,
                                                   NULL);
  return self->session;
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

/* Values written into Report.wer: one line of printable text, bounded. */
static char *
wer_safe (const char *text)
{
  GString *out = g_string_new (NULL);

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    text = "(text that is not UTF-8)";
  for (const char *p = text; *p && out->len < 1000; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static guint64
report_value_uint (PmReport   *report,
                   const char *key)
{
  const char *value = pm_report_get_value (report, key);
  guint64 n = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &n, NULL))
    return 0;
  return n;
}

/* The store's upload lock: one uploader at a time across processes. */
static int
take_upload_lock (PmStore  *store,
                  GError  **error)
{
  int dirfd;
  int fd;
  struct stat st;

  dirfd = open (pm_store_get_path (store), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dirfd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "could not open the store %s: %s",
                   pm_store_get_path (store), g_strerror (saved_errno));
      return -1;
    }
  fd = openat (dirfd, UPLOAD_LOCK_NAME, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
  close (dirfd);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_nlink != 1)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                   "%s/%s is not a plain file this user can lock%s%s", pm_store_get_path (store),
                   UPLOAD_LOCK_NAME, fd < 0 ? ": " : "", fd < 0 ? g_strerror (saved_errno) : "");
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, PM_ERROR, PM_ERROR_EXISTS,
                   "another upload from this store is in progress (%s/%s is locked); try again later",
                   pm_store_get_path (store), UPLOAD_LOCK_NAME);
      return -1;
    }
  return fd;
}

/* ---------------------------------------------------------------------- */
/* One submission                                                          */

/* Why this attempt's I/O was cancelled. */
typedef enum
{
  STOP_NONE,
  STOP_CANCELLED,   /* the caller's cancellable: Cancel, Ctrl-C */
  STOP_DEADLINE,    /* the attempt's or the run's deadline passed */
} StopReason;

typedef struct
{
  PmUploader *self;
  char *key;
  PmUploadProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_notify;

  int lock_fd;
  PmReport *report;
  PmManifest *manifest;    /* what this body holds, part for part */
  PmUploadBody *body;
  GString *content;        /* Upload.Content: the part names, one line */
  goffset length;          /* Content-Length */
  goffset sent;
  SoupMessage *msg;
  GInputStream *response_stream;
  GByteArray *response_body;   /* at most PM_UPLOAD_RESPONSE_MAX_BODY bytes */
  guint8 *read_buffer;         /* READ_CHUNK bytes */
  guint attempts;          /* in this call */
  GMainContext *context;   /* the caller's (borrowed from the task) */
  GSource *wait_source;    /* the backoff wait, on the caller's context */
  GSource *cancel_source;  /* watches the caller's cancellable, on the caller's context */
  GSource *deadline_source; /* ends the attempt when its deadline passes */
  GCancellable *op_cancellable; /* this attempt's I/O (and the gzip pass) */
  StopReason stop;
  gint64 run_end;          /* monotonic µs: no attempt or wait goes past it */
  double deadline_seconds; /* of the deadline running now, for messages */
  gboolean body_sent;      /* the whole request body went out */
  PmUploadResponse early;  /* a 2xx with an id read before the answer ended, already recorded */
  gboolean early_accepted;
  PmUploadResponse response;
} Submit;

static void close_response_stream (Submit   *submit,
                                   gboolean  complete);

static void
submit_free (gpointer data)
{
  Submit *submit = data;

  if (submit->progress_notify != NULL)
    submit->progress_notify (submit->progress_data);
  if (submit->lock_fd >= 0)
    close (submit->lock_fd);
  g_clear_object (&submit->report);
  g_clear_object (&submit->manifest);
  g_clear_pointer (&submit->body, pm_upload_body_free);
  if (submit->content != NULL)
    g_string_free (submit->content, TRUE);
  close_response_stream (submit, FALSE);
  g_clear_object (&submit->msg);
  g_clear_pointer (&submit->response_body, g_byte_array_unref);
  g_free (submit->read_buffer);
  if (submit->wait_source != NULL)
    g_source_destroy (submit->wait_source);
  g_clear_pointer (&submit->wait_source, g_source_unref);
  if (submit->cancel_source != NULL)
    g_source_destroy (submit->cancel_source);
  g_clear_pointer (&submit->cancel_source, g_source_unref);
  if (submit->deadline_source != NULL)
    g_source_destroy (submit->deadline_source);
  g_clear_pointer (&submit->deadline_source, g_source_unref);
  g_clear_object (&submit->op_cancellable);
  pm_upload_response_clear (&submit->early);
  pm_upload_response_clear (&submit->response);
  g_free (submit->key);
  g_clear_object (&submit->self);
  g_free (submit);
}

static void send_attempt (GTask *task);

/* Builds the body from the manifest, part for part, in its order: nothing else is
 * sent. Upload.Content summarises it for one-line displays (the parts sent, then
 * "not FILE (why)" for each file left out); the whole manifest that was sent is kept
 * as Upload.manifest.json (see pm-manifest.h). */
static gboolean
add_manifest_parts (Submit  *submit,
                    GError **error)
{
  GListModel *parts = pm_manifest_get_parts (submit->manifest);

  for (guint i = 0; i < g_list_model_get_n_items (parts); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (parts, i);
      const char *name = pm_manifest_part_get_name (part);

      if (pm_manifest_part_get_kind (part) == PM_MANIFEST_PART_FIELD)
        {
          if (!pm_upload_body_add_field (submit->body, name, pm_manifest_part_get_value (part), error))
            return FALSE;
        }
      else
        {
          int fd = pm_manifest_part_open (part, error);

          if (fd < 0 ||
              !pm_upload_body_add_file (submit->body, name, pm_manifest_part_get_file_name (part),
                                        pm_manifest_part_get_content_type (part), fd, error))
            return FALSE;
        }
      if (submit->content->len > 0)
        g_string_append (submit->content, ", ");
      g_string_append (submit->content, name);
    }
  /* The files left out, and why, for one-line displays. */
  parts = pm_manifest_get_left_out (submit->manifest);
  for (guint i = 0; i < g_list_model_get_n_items (parts); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (parts, i);

      if (pm_manifest_part_get_kind (part) != PM_MANIFEST_PART_FILE)
        continue;
      g_string_append_printf (submit->content, "%snot %s (%s)", submit->content->len > 0 ? ", " : "",
                              pm_manifest_part_get_source_name (part), pm_manifest_part_get_reason (part));
    }
  return TRUE;
}

static void
record_values (Submit             *submit,
               const char * const *pairs)
{
  g_autoptr(GError) error = NULL;

  if (!pm_store_set_report_values (submit->self->store, submit->key, pairs, &error))
    /* The answer itself is still returned; only the record is missing. */
    g_warning ("could not record the upload result in report %s: %s", submit->key, error->message);
}

static PmUploadResult *
make_result (Submit *submit)
{
  PmUploadResult *result = g_new0 (PmUploadResult, 1);

  g_atomic_ref_count_init (&result->ref_count);
  result->key = g_strdup (submit->key);
  result->outcome = submit->response.outcome;
  result->http_status = submit->response.status;
  result->report_id = g_strdup (submit->response.report_id);
  result->view_url = g_strdup (submit->response.view_url);
  result->reason = g_strdup (submit->response.reason);
  result->attempts = submit->attempts;
  result->bytes_sent = submit->sent;
  result->body_length = submit->length;
  return result;
}

static void
return_cancelled (GTask      *task,
                  const char *when)
{
  Submit *submit = g_task_get_task_data (task);

  g_task_return_new_error (task, PM_ERROR, PM_ERROR_CANCELLED, "the upload of %s was cancelled%s",
                           submit->key, when);
  g_object_unref (task);
}

static gboolean
on_retry_timeout (gpointer data)
{
  GTask *task = data;
  Submit *submit = g_task_get_task_data (task);

  g_source_destroy (submit->wait_source);
  g_clear_pointer (&submit->wait_source, g_source_unref);
  send_attempt (task);
  return G_SOURCE_REMOVE;
}

/* The caller cancelled (Cancel in the application, Ctrl-C in postmortemctl):
 * a wait ends here; I/O in flight is cancelled, and its callback ends the
 * call (as accepted, if the server's answer already said so). */
static gboolean
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      data)
{
  GTask *task = data;
  Submit *submit = g_task_get_task_data (task);

  /* Returning G_SOURCE_REMOVE destroys it; only the reference is dropped here. */
  g_clear_pointer (&submit->cancel_source, g_source_unref);
  submit->stop = STOP_CANCELLED;
  if (submit->wait_source != NULL)
    {
      g_source_destroy (submit->wait_source);
      g_clear_pointer (&submit->wait_source, g_source_unref);
      return_cancelled (task, " while waiting to try again");
      return G_SOURCE_REMOVE;
    }
  g_cancellable_cancel (submit->op_cancellable);
  return G_SOURCE_REMOVE;
}

/* Watched on the caller's context, so the cancel is handled on the thread
 * that owns the upload, whichever thread called g_cancellable_cancel(). */
static void
watch_caller_cancellable (GTask *task)
{
  Submit *submit = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable == NULL)
    return;
  submit->cancel_source = g_cancellable_source_new (cancellable);
  g_source_set_callback (submit->cancel_source, G_SOURCE_FUNC (on_caller_cancelled), task, NULL);
  g_source_attach (submit->cancel_source, submit->context);
}

static void
disarm_deadline (Submit *submit)
{
  if (submit->deadline_source != NULL)
    g_source_destroy (submit->deadline_source);
  g_clear_pointer (&submit->deadline_source, g_source_unref);
}

static gboolean
on_deadline (gpointer data)
{
  Submit *submit = data;

  g_clear_pointer (&submit->deadline_source, g_source_unref);
  if (submit->stop == STOP_NONE)
    submit->stop = STOP_DEADLINE;
  g_cancellable_cancel (submit->op_cancellable);
  return G_SOURCE_REMOVE;
}

/* (Re)starts the attempt's deadline: @seconds from now, never past the run's. */
static void
arm_deadline (Submit *submit,
              double  seconds)
{
  gint64 now = g_get_monotonic_time ();
  gint64 end = now + (gint64) (seconds * G_USEC_PER_SEC);

  end = MIN (end, submit->run_end);
  disarm_deadline (submit);
  /* Tenths of a second are enough for a message. */
  submit->deadline_seconds = (double) ((MAX (end - now, 0) + G_USEC_PER_SEC / 20) / (G_USEC_PER_SEC / 10)) / 10;
  submit->deadline_source = g_timeout_source_new ((guint) MIN (MAX (end - now, 0) / 1000, G_MAXUINT));
  g_source_set_callback (submit->deadline_source, on_deadline, submit, NULL);
  g_source_attach (submit->deadline_source, submit->context);
}

/* How long the body of @length bytes may take to go out: the configured
 * deadline, and more for a body beyond SEND_DEADLINE_COVERS bytes (a second
 * per MIN_SEND_RATE bytes beyond: a heap dump on a slow line still goes out). */
static double
send_deadline (PmUploader *self,
               goffset     length)
{
  return self->send_deadline + MAX ((double) length - SEND_DEADLINE_COVERS, 0) / MIN_SEND_RATE;
}

/* Waits @delay seconds on the caller's context (the caller's cancellable ends it). */
static void
wait_then_retry (GTask  *task,
                 double  delay)
{
  Submit *submit = g_task_get_task_data (task);

  submit->wait_source = g_timeout_source_new ((guint) (delay * 1000));
  g_source_set_callback (submit->wait_source, on_retry_timeout, task, NULL);
  g_source_attach (submit->wait_source, submit->context);
}

/* Report.wer after a 2xx with an id. Written as soon as the id is read (the
 * rest of the answer may never come), and again with the whole answer. */
static void
record_accepted (Submit                 *submit,
                 const PmUploadResponse *response)
{
  PmUploader *self = submit->self;
  g_autofree char *when = now_iso8601 ();
  g_autofree char *status = g_strdup_printf ("%u", response->status);
  guint64 total_attempts = report_value_uint (submit->report, "Upload.Attempts") + submit->attempts;
  g_autofree char *attempts = g_strdup_printf ("%" G_GUINT64_FORMAT, total_attempts);
  g_autofree char *content = wer_safe (submit->content->str);
  g_autofree char *report_id = wer_safe (response->report_id);
  g_autofree char *view_url = response->view_url ? wer_safe (response->view_url) : NULL;
  const char *pairs[] = {
    "Response.ReportId", report_id,
    "Response.ViewURL", view_url,
    "Response.UploadTime", when,
    "Upload.State", "sent",
    "Upload.Attempts", attempts,
    "Upload.LastAttempt", when,
    "Upload.LastStatus", status,
    "Upload.LastError", NULL,
    "Upload.NextAttempt", NULL,
    "Upload.Failures", NULL,
    "Upload.Url", pm_endpoint_get_display_url (self->endpoint),
    "Upload.Content", content,
    NULL
  };

  record_values (submit, pairs);
}

/* The comment as it was sent (the manifest's Comments field, redacted as the person saw
 * it), or NULL when none was sent. */
static const char *
sent_comment (Submit *submit)
{
  GListModel *parts = pm_manifest_get_parts (submit->manifest);

  for (guint i = 0; i < g_list_model_get_n_items (parts); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (parts, i);

      if (pm_manifest_part_get_kind (part) == PM_MANIFEST_PART_FIELD &&
          strcmp (pm_manifest_part_get_name (part), PM_MANIFEST_FIELD_COMMENTS) == 0)
        return pm_manifest_part_get_value (part);
    }
  return NULL;
}

/* Sentry's event id: 32 hex digits (dashes, as in a UUID, removed); NULL otherwise. */
static char *
sentry_event_id (const char *id)
{
  GString *hex = g_string_new (NULL);

  gboolean ok = id != NULL;

  for (const char *p = id; ok && *p; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_tolower (*p));
      else if (*p != '-')
        ok = FALSE;
    }
  if (!ok || hex->len != 32)
    {
      g_string_free (hex, TRUE);
      return NULL;
    }
  return g_string_free (hex, FALSE);
}

static void
json_append_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

typedef struct
{
  GTask *task;
  PmUploadResult *result;
} Feedback;

static void
on_feedback_sent (GObject      *source,
                  GAsyncResult *res,
                  gpointer      data)
{
  Feedback *feedback = data;
  Submit *submit = g_task_get_task_data (feedback->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), res);
  guint status = msg != NULL ? soup_message_get_status (msg) : 0;
  g_autofree char *outcome = NULL;
  const char *pairs[] = { "Upload.CommentSent", NULL, NULL };

  if (body != NULL && status >= 200 && status < 300)
    outcome = g_strdup ("sentry-user-feedback");
  else
    {
      /* The report itself was accepted: the result stays ACCEPTED; the record says the
       * comment did not reach the event. */
      outcome = g_strdup_printf ("failed: %s", error != NULL ? error->message : soup_message_get_reason_phrase (msg));
      g_warning ("report %s was accepted, but its comment could not be attached to Sentry event %s: %s",
                 submit->key, pm_upload_result_get_report_id (feedback->result), outcome);
    }
  {
    g_autofree char *safe = wer_safe (outcome);
    pairs[1] = safe;
    record_values (submit, pairs);
  }
  g_task_return_pointer (feedback->task, feedback->result, (GDestroyNotify) pm_upload_result_unref);
  g_object_unref (feedback->task);
  g_free (feedback);
}

/* For a Sentry server, the comment is also user feedback on the event the server made
 * (a "user_report" item in an envelope, authenticated by the DSN's key like the minidump).
 * TRUE when that was started (it then returns @result on @task). */
static gboolean
send_sentry_feedback (GTask          *task,
                      PmUploadResult *result)
{
  Submit *submit = g_task_get_task_data (task);
  const char *comment = sent_comment (submit);
  g_autofree char *url = pm_endpoint_dup_sentry_envelope_url (submit->self->endpoint);
  g_autofree char *event_id = sentry_event_id (pm_upload_result_get_report_id (result));
  g_autoptr(GString) item = NULL;
  g_autoptr(GString) envelope = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  Feedback *feedback;

  if (comment == NULL || url == NULL)
    return FALSE;
  if (event_id == NULL)
    {
      const char *pairs[] = { "Upload.CommentSent", "failed: the server's id is not a Sentry event id", NULL };
      record_values (submit, pairs);
      return FALSE;
    }
  msg = soup_message_new (SOUP_METHOD_POST, url);
  if (msg == NULL)
    return FALSE;

  item = g_string_new ("{\"event_id\":\"");
  g_string_append (item, event_id);
  g_string_append (item, "\",\"name\":\"\",\"email\":\"\",\"comments\":");
  json_append_string (item, comment);
  g_string_append_c (item, '}');
  envelope = g_string_new (NULL);
  g_string_append_printf (envelope, "{\"event_id\":\"%s\"}\n{\"type\":\"user_report\",\"length\":%u}\n%s\n",
                          event_id, (guint) item->len, item->str);
  bytes = g_bytes_new (envelope->str, envelope->len);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (msg, "application/x-sentry-envelope", bytes);

  feedback = g_new0 (Feedback, 1);
  feedback->task = task;
  feedback->result = result;
  soup_session_send_and_read_async (get_session (submit->self), msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_feedback_sent, feedback);
  return TRUE;
}

/* The answer is in submit->response: record it, then finish or retry. */
static void
handle_response (GTask *task)
{
  Submit *submit = g_task_get_task_data (task);
  PmUploader *self = submit->self;
  PmUploadResponse *response = &submit->response;
  g_autofree char *when = now_iso8601 ();
  g_autofree char *status = g_strdup_printf ("%u", response->status);
  guint64 total_attempts = report_value_uint (submit->report, "Upload.Attempts") + submit->attempts;
  g_autofree char *attempts = g_strdup_printf ("%" G_GUINT64_FORMAT, total_attempts);
  g_autofree char *reason = wer_safe (response->reason);
  g_autofree char *content = wer_safe (submit->content->str);

  disarm_deadline (submit);
  if (response->outcome == PM_UPLOAD_OUTCOME_ACCEPTED)
    {
      g_autoptr(GError) error = NULL;
      PmUploadResult *result;

      /* Recorded first, archived second: a crash in between leaves a queued
       * report that says it was sent, and the next call only archives it. */
      record_accepted (submit, response);
      if (!pm_store_archive_report (self->store, submit->key, &error))
        g_warning ("report %s was accepted by the server (id %s) but could not be moved to the archive: %s",
                   submit->key, response->report_id, error->message);
      result = make_result (submit);
      if (send_sentry_feedback (task, result))
        return;
      g_task_return_pointer (task, result, (GDestroyNotify) pm_upload_result_unref);
      g_object_unref (task);
      return;
    }

  if (response->outcome == PM_UPLOAD_OUTCOME_REJECTED)
    {
      const char *pairs[] = {
        "Upload.State", "rejected",
        "Upload.Attempts", attempts,
        "Upload.LastAttempt", when,
        "Upload.LastStatus", status,
        "Upload.LastError", reason,
        "Upload.NextAttempt", NULL,
        "Upload.Url", pm_endpoint_get_display_url (self->endpoint),
        "Upload.Content", content,
        NULL
      };

      record_values (submit, pairs);
      g_task_return_pointer (task, make_result (submit), (GDestroyNotify) pm_upload_result_unref);
      g_object_unref (task);
      return;
    }

  /* Transient: schedule the next attempt and persist it. */
  {
    guint64 failures = report_value_uint (submit->report, "Upload.Failures") + submit->attempts;
    double delay = pm_upload_retry_delay (failures, self->backoff_base, response->retry_after,
                                          g_random_double ());
    gint64 next = g_get_real_time () / G_USEC_PER_SEC + (gint64) (delay + 0.999);
    g_autofree char *next_text = g_strdup_printf ("%" G_GINT64_FORMAT, next);
    g_autofree char *failures_text = g_strdup_printf ("%" G_GUINT64_FORMAT, failures);
    const char *pairs[] = {
      "Upload.State", "retrying",
      "Upload.Attempts", attempts,
      "Upload.Failures", failures_text,
      "Upload.LastAttempt", when,
      "Upload.LastStatus", status,
      "Upload.LastError", reason,
      "Upload.NextAttempt", next_text,
      "Upload.Url", pm_endpoint_get_display_url (self->endpoint),
      "Upload.Content", content,
      NULL
    };

    record_values (submit, pairs);

    /* Another attempt only within the run's deadline, never after a cancel. */
    if (submit->attempts <= self->max_retries && delay <= self->max_wait &&
        g_get_monotonic_time () + (gint64) (delay * G_USEC_PER_SEC) < submit->run_end &&
        submit->stop != STOP_CANCELLED)
      {
        g_debug ("upload of %s: %s; trying again in %.1f s", submit->key, response->reason, delay);
        wait_then_retry (task, delay);
        return;
      }

    {
      PmUploadResult *result = make_result (submit);
      result->next_attempt = next;
      g_task_return_pointer (task, result, (GDestroyNotify) pm_upload_result_unref);
      g_object_unref (task);
    }
  }
}

/* Closing the body stream before its end makes libsoup drop the connection;
 * the cancelled cancellable makes sure nothing waits here for the rest of a
 * large or endless body. */
static void
close_response_stream (Submit   *submit,
                       gboolean  complete)
{
  g_autoptr(GCancellable) no_wait = NULL;

  if (submit->response_stream == NULL)
    return;
  if (!complete)
    {
      no_wait = g_cancellable_new ();
      g_cancellable_cancel (no_wait);
    }
  g_input_stream_close (submit->response_stream, no_wait, NULL);
  g_clear_object (&submit->response_stream);
}

/* A 2xx whose first lines hold an id: the server has the report. Recorded at
 * once, so that whatever the rest of the answer does (never ends, stalls,
 * resets) the report is never sent again. Only the start of an answer is
 * looked at, and only when a line has ended. */
static void
note_early_acceptance (Submit       *submit,
                       const guint8 *chunk,
                       gsize         chunk_length)
{
  guint status = soup_message_get_status (submit->msg);
  SoupMessageHeaders *headers = soup_message_get_response_headers (submit->msg);

  if (submit->early_accepted || status < 200 || status >= 300 ||
      submit->response_body->len > EARLY_PARSE_LIMIT || memchr (chunk, '\n', chunk_length) == NULL)
    return;
  pm_upload_response_parse (&submit->early, status, soup_message_get_reason_phrase (submit->msg),
                            soup_message_headers_get_one (headers, "Retry-After"),
                            soup_message_headers_get_one (headers, "Location"),
                            (const char *) submit->response_body->data, submit->response_body->len,
                            FALSE, g_get_real_time () / G_USEC_PER_SEC);
  if (submit->early.outcome != PM_UPLOAD_OUTCOME_ACCEPTED)
    {
      pm_upload_response_clear (&submit->early);
      return;
    }
  submit->early_accepted = TRUE;
  g_debug ("upload of %s: accepted as %s; reading the rest of the answer", submit->key,
           submit->early.report_id);
  record_accepted (submit, &submit->early);
}

/* The answer ended (@complete), or was cut: by the size bound, a deadline, a
 * cancel or a broken connection (@cut_note says which). Classifies what was read. */
static void
finish_response (GTask      *task,
                 gboolean    complete,
                 const char *cut_note)
{
  Submit *submit = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (submit->msg);

  close_response_stream (submit, complete);
  pm_upload_response_clear (&submit->response);
  pm_upload_response_parse (&submit->response,
                            soup_message_get_status (submit->msg),
                            soup_message_get_reason_phrase (submit->msg),
                            soup_message_headers_get_one (headers, "Retry-After"),
                            soup_message_headers_get_one (headers, "Location"),
                            (const char *) submit->response_body->data,
                            submit->response_body->len,
                            complete,
                            g_get_real_time () / G_USEC_PER_SEC);
  if (submit->response.outcome != PM_UPLOAD_OUTCOME_ACCEPTED && submit->early_accepted)
    {
      /* The id read first is what the server said; it is already recorded. */
      pm_upload_response_clear (&submit->response);
      submit->response = submit->early;
      memset (&submit->early, 0, sizeof submit->early);
      submit->early_accepted = FALSE;
    }
  if (submit->response.outcome != PM_UPLOAD_OUTCOME_ACCEPTED)
    {
      if (submit->stop == STOP_CANCELLED)
        {
          disarm_deadline (submit);
          return_cancelled (task, " while reading the server's answer");
          return;
        }
      if (cut_note != NULL)
        {
          char *reason = g_strdup_printf ("%s; %s", submit->response.reason, cut_note);
          g_free (submit->response.reason);
          submit->response.reason = reason;
        }
    }
  handle_response (task);
}

static void read_response (GTask *task);

static void
on_response_read (GObject      *source,
                  GAsyncResult *res,
                  gpointer      data)
{
  GTask *task = data;
  Submit *submit = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), res, &error);

  if (n > 0)
    {
      g_byte_array_append (submit->response_body, submit->read_buffer, n);
      note_early_acceptance (submit, submit->read_buffer, n);
      if (submit->response_body->len < PM_UPLOAD_RESPONSE_MAX_BODY)
        {
          read_response (task);
          return;
        }
      note = g_strdup_printf ("the answer was longer than %u bytes and was cut there",
                              (guint) PM_UPLOAD_RESPONSE_MAX_BODY);
      finish_response (task, FALSE, note);
      return;
    }
  if (n == 0)
    {
      finish_response (task, TRUE, NULL);
      return;
    }
  if (submit->stop == STOP_DEADLINE)
    note = g_strdup_printf ("the answer did not end within %g s (the deadline); cut after %u bytes",
                            submit->deadline_seconds, submit->response_body->len);
  else if (submit->stop == STOP_NONE)
    note = g_strdup_printf ("network error while reading the answer: %s", error->message);
  finish_response (task, FALSE, note);
}

/* Reads the next piece of the answer; never more than the bound in all. */
static void
read_response (GTask *task)
{
  Submit *submit = g_task_get_task_data (task);
  gsize room = PM_UPLOAD_RESPONSE_MAX_BODY - submit->response_body->len;

  g_assert (room > 0);
  g_input_stream_read_async (submit->response_stream, submit->read_buffer, MIN (room, READ_CHUNK),
                             G_PRIORITY_DEFAULT, submit->op_cancellable, on_response_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *res,
         gpointer      data)
{
  GTask *task = data;
  Submit *submit = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GInputStream *stream;

  stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (stream == NULL)
    {
      g_autofree char *message = NULL;

      if (submit->stop == STOP_CANCELLED)
        {
          disarm_deadline (submit);
          return_cancelled (task, "");
          return;
        }
      if (submit->stop == STOP_DEADLINE && submit->body_sent)
        message = g_strdup_printf ("the server did not answer within %g s of receiving the report "
                                   "(the deadline)", submit->deadline_seconds);
      else if (submit->stop == STOP_DEADLINE)
        message = g_strdup_printf ("the report was not sent within %g s (the deadline); %" G_GOFFSET_FORMAT
                                   " of %" G_GOFFSET_FORMAT " bytes went out",
                                   submit->deadline_seconds, submit->sent, submit->length);
      pm_upload_response_clear (&submit->response);
      pm_upload_response_set_network_error (&submit->response, message ? message : error->message);
      handle_response (task);
      return;
    }
  /* The server answered (perhaps before taking the whole body): from here
   * on, the shorter deadline of an answer. */
  if (!submit->body_sent)
    arm_deadline (submit, submit->self->answer_deadline);
  submit->response_stream = stream;
  g_byte_array_set_size (submit->response_body, 0);
  pm_upload_response_clear (&submit->early);
  submit->early_accepted = FALSE;
  read_response (task);
}

static void
on_wrote_body_data (SoupMessage *msg,
                    guint        chunk_size,
                    gpointer     data)
{
  Submit *submit = data;

  submit->sent += chunk_size;
  if (submit->progress != NULL)
    submit->progress (submit->sent, submit->length, submit->progress_data);
}

/* The whole body went out: the answer gets its own, shorter deadline. */
static void
on_wrote_body (SoupMessage *msg,
               gpointer     data)
{
  Submit *submit = data;

  submit->body_sent = TRUE;
  arm_deadline (submit, submit->self->answer_deadline);
}

static void
set_body (Submit *submit)
{
  g_autoptr(GInputStream) stream = pm_upload_body_open (submit->body, submit->self->gzip);

  submit->sent = 0;
  soup_message_set_request_body (submit->msg, pm_upload_body_get_content_type (submit->body),
                                 stream, submit->length);
}

/* libsoup restarts a message for authentication or a reused connection that
 * closed; the body must be given again from its first byte, with the time
 * a body may take. */
static void
on_restarted (SoupMessage *msg,
              gpointer     data)
{
  Submit *submit = data;

  set_body (submit);
  submit->body_sent = FALSE;
  arm_deadline (submit, send_deadline (submit->self, submit->length));
}

static void
send_attempt (GTask *task)
{
  Submit *submit = g_task_get_task_data (task);
  PmUploader *self = submit->self;
  SoupMessageHeaders *headers;

  if (submit->stop == STOP_CANCELLED)
    {
      return_cancelled (task, "");
      return;
    }
  submit->attempts++;
  submit->stop = STOP_NONE;
  submit->body_sent = FALSE;
  g_clear_object (&submit->op_cancellable);
  submit->op_cancellable = g_cancellable_new ();
  g_clear_object (&submit->msg);
  submit->msg = soup_message_new (SOUP_METHOD_POST, pm_endpoint_get_submit_url (self->endpoint));
  if (submit->msg == NULL)
    {
      g_task_return_new_error (task, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                               "the server URL %s cannot be used", pm_endpoint_get_display_url (self->endpoint));
      g_object_unref (task);
      return;
    }
  /* No redirects: a POST turned into a GET, or https into http, is never wanted. */
  soup_message_add_flags (submit->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (submit->msg);
  if (self->gzip)
    soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  soup_message_headers_replace (headers, "Accept", "text/plain, application/json;q=0.9, */*;q=0.1");
  set_body (submit);
  g_signal_connect (submit->msg, "wrote-body-data", G_CALLBACK (on_wrote_body_data), submit);
  g_signal_connect (submit->msg, "wrote-body", G_CALLBACK (on_wrote_body), submit);
  g_signal_connect (submit->msg, "restarted", G_CALLBACK (on_restarted), submit);

  arm_deadline (submit, send_deadline (self, submit->length));
  soup_session_send_async (get_session (self), submit->msg, G_PRIORITY_DEFAULT,
                           submit->op_cancellable, on_sent, task);
}

/* The body's length is known: the run's deadline starts, then the first attempt. */
static void
start_sending (GTask *task)
{
  Submit *submit = g_task_get_task_data (task);
  PmUploader *self = submit->self;
  /* Never shorter than one whole attempt of this body. */
  double run = MAX (self->run_deadline, send_deadline (self, submit->length) + self->answer_deadline);

  submit->run_end = g_get_monotonic_time () + (gint64) (run * G_USEC_PER_SEC);
  send_attempt (task);
}

static void
measure_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Submit *submit = task_data;
  GError *error = NULL;
  goffset length = 0;
  int dir_fd;

  /* One compression pass into an unnamed file in the store (same disk as the
   * dump, never visible, gone on close); two passes where that cannot be done. */
  dir_fd = open (pm_store_get_path (submit->self->store), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      gboolean spooled = pm_upload_body_spool_gzip (submit->body, dir_fd, &length, cancellable, &error);

      close (dir_fd);
      if (spooled)
        {
          g_task_return_int (task, length);
          return;
        }
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        {
          g_task_return_error (task, error);
          return;
        }
      g_debug ("upload of %s: %s; compressing twice instead", submit->key, error->message);
      g_clear_error (&error);
    }
  if (!pm_upload_body_measure (submit->body, TRUE, &length, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, length);
}

static void
on_measured (GObject      *source,
             GAsyncResult *res,
             gpointer      data)
{
  GTask *task = data;
  Submit *submit = g_task_get_task_data (task);
  GError *error = NULL;
  gssize length = g_task_propagate_int (G_TASK (res), &error);

  if (length < 0)
    {
      g_prefix_error (&error, "could not prepare the upload of %s: ", submit->key);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  submit->length = length;
  start_sending (task);
}

/* What consent allows now, from the settings file and the person's choices in the
 * report: the one manifest. NULL with PM_ERROR_CONSENT or PM_ERROR_EXCLUDED when
 * nothing may be sent. */
static PmManifest *
compute_manifest (PmUploader  *self,
                  PmReport    *report,
                  GError     **error)
{
  g_autoptr(PmManifest) manifest = pm_manifest_compute (self->store, report, NULL,
                                                        self->approved ? PM_MANIFEST_APPROVED : 0,
                                                        error);

  if (manifest == NULL)
    return NULL;
  if (pm_manifest_get_refusal (manifest) != NULL)
    {
      g_propagate_error (error, g_error_copy (pm_manifest_get_refusal (manifest)));
      return NULL;
    }
  return g_steal_pointer (&manifest);
}

void
pm_uploader_submit_async (PmUploader          *self,
                          const char          *key,
                          PmUploadProgressFunc progress,
                          gpointer             progress_data,
                          GDestroyNotify       progress_notify,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Submit *submit;
  const char *state;

  g_return_if_fail (PM_IS_UPLOADER (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pm_uploader_submit_async);
  /* A cancel that comes after the server accepted the report must not hide
   * that it was sent: the result is what happened. */
  g_task_set_check_cancellable (task, FALSE);
  submit = g_new0 (Submit, 1);
  submit->self = g_object_ref (self);
  submit->key = g_strdup (key);
  submit->progress = progress;
  submit->progress_data = progress_data;
  submit->progress_notify = progress_notify;
  submit->lock_fd = -1;
  submit->content = g_string_new (NULL);
  submit->response_body = g_byte_array_sized_new (PM_UPLOAD_RESPONSE_MAX_BODY);
  submit->read_buffer = g_malloc (READ_CHUNK);
  submit->context = g_task_get_context (task);
  submit->op_cancellable = g_cancellable_new ();
  submit->response.retry_after = -1;
  g_task_set_task_data (task, submit, submit_free);

  if (!pm_store_key_is_valid (key))
    {
      g_task_return_new_error (task, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                               "“%s” is not a report key", key);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  submit->lock_fd = take_upload_lock (self->store, &error);
  if (submit->lock_fd < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  submit->report = pm_store_load_report (self->store, key, &error);
  if (submit->report == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (pm_report_get_state (submit->report) != PM_REPORT_STATE_QUEUE)
    {
      g_task_return_new_error (task, PM_ERROR, PM_ERROR_NOT_FOUND,
                               "report %s is not in the queue (already sent%s%s)", key,
                               pm_report_get_value (submit->report, "Response.ReportId") ? " as " : "",
                               pm_report_get_value (submit->report, "Response.ReportId") ?: "");
      return;
    }

  /* Accepted earlier but not archived (a crash between the two steps): archive only. */
  state = pm_report_get_value (submit->report, "Upload.State");
  if (g_strcmp0 (state, "sent") == 0 && pm_report_get_value (submit->report, "Response.ReportId") != NULL)
    {
      PmUploadResult *result;

      if (!pm_store_archive_report (self->store, key, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      result = make_result (submit);
      result->outcome = PM_UPLOAD_OUTCOME_ACCEPTED;
      result->report_id = g_strdup (pm_report_get_value (submit->report, "Response.ReportId"));
      result->view_url = g_strdup (pm_report_get_value (submit->report, "Response.ViewURL"));
      g_task_return_pointer (task, result, (GDestroyNotify) pm_upload_result_unref);
      return;
    }

  submit->manifest = compute_manifest (self, submit->report, &error);
  if (submit->manifest == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  submit->body = pm_upload_body_new ();
  if (!add_manifest_parts (submit, &error) ||
      !pm_manifest_save_sent (submit->manifest, self->store, &error))
    {
      g_prefix_error (&error, "could not prepare report %s for sending: ", key);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* From here on, a cancel by the caller ends the call at once, whatever it waits for. */
  watch_caller_cancellable (task);
  if (self->gzip)
    {
      /* Compressing to count the bytes is CPU work: keep it off the main loop. */
      GTask *measure = g_task_new (self, submit->op_cancellable, on_measured, g_object_ref (task));
      g_task_set_task_data (measure, submit, NULL);
      g_task_run_in_thread (measure, measure_in_thread);
      g_object_unref (measure);
      return;
    }
  submit->length = pm_upload_body_get_raw_length (submit->body);
  start_sending (g_steal_pointer (&task));
}

PmUploadResult *
pm_uploader_submit_finish (PmUploader    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PM_IS_UPLOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  {
    GError *local_error = NULL;
    PmUploadResult *upload = g_task_propagate_pointer (G_TASK (result), &local_error);

    if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      {
        /* One domain for callers: PM_ERROR_CANCELLED, whoever noticed it. */
        local_error->domain = PM_ERROR;
        local_error->code = PM_ERROR_CANCELLED;
      }
    if (local_error != NULL)
      g_propagate_error (error, local_error);
    return upload;
  }
}

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} SyncData;

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SyncData *sync = data;

  sync->result = g_object_ref (result);
  g_main_loop_quit (sync->loop);
}

PmUploadResult *
pm_uploader_submit (PmUploader          *self,
                    const char          *key,
                    PmUploadProgressFunc progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncData sync = { NULL, NULL };
  PmUploadResult *result;

  g_return_val_if_fail (PM_IS_UPLOADER (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  g_main_context_push_thread_default (context);
  /* The session belongs to the context it was made in. */
  g_clear_object (&self->session);
  sync.loop = g_main_loop_new (context, FALSE);
  pm_uploader_submit_async (self, key, progress, progress_data, NULL, cancellable, on_sync_done, &sync);
  if (sync.result == NULL)
    g_main_loop_run (sync.loop);
  result = pm_uploader_submit_finish (self, sync.result, error);
  g_object_unref (sync.result);
  g_main_loop_unref (sync.loop);
  g_clear_object (&self->session);
  g_main_context_pop_thread_default (context);
  return result;
}

GPtrArray *
pm_uploader_list_due (PmUploader  *self,
                      GError     **error)
{
  g_return_val_if_fail (PM_IS_UPLOADER (self), NULL);
  return pm_uploader_list_due_in_store (self->store, error);
}

GPtrArray *
pm_uploader_list_due_in_store (PmStore  *store,
                               GError  **error)
{
  g_autoptr(GPtrArray) reports = NULL;
  GPtrArray *keys;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);

  reports = pm_store_list_reports (store, PM_REPORT_STATE_QUEUE, error);
  if (reports == NULL)
    return NULL;
  keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (reports, i);
      const char *state = pm_report_get_value (report, "Upload.State");
      const char *next = pm_report_get_value (report, "Upload.NextAttempt");
      gint64 when = 0;

      if (pm_report_get_load_error (report) != NULL)
        continue;
      if (g_strcmp0 (state, "rejected") == 0)
        continue;
      /* "never": kept here, never tried. */
      if (pm_settings_get_consent (pm_store_get_settings (store),
                                   pm_report_get_app_name (report)) == PM_CONSENT_NEVER_SEND)
        continue;
      if (next != NULL)
        when = g_ascii_strtoll (next, NULL, 10);
      if (when > now)
        continue;
      g_ptr_array_add (keys, g_strdup (pm_report_get_key (report)));
    }
  return keys;
}
