/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* postmortem-test-receiver.c — a small crash report receiver for tests and
 * demos. NOT a production server: it listens on 127.0.0.1 only, trusts its
 * clients, and keeps everything it is sent.
 *
 * Runs in: its own process (GLib, libsoup 3), started by tests and by
 * app/run-demo.sh.
 *
 * It speaks the collector side of the Breakpad/Crashpad multipart protocol as
 * the Socorro collector specification describes it:
 *   - POST multipart/form-data (or multipart/mixed) with a boundary, any path;
 *   - Content-Length required (411 otherwise), Content-Encoding: gzip accepted;
 *   - each part is stored in DIR/<crash-id>/: text fields in fields.txt as
 *     "name=value" lines (newlines in values escaped as \n), file parts as
 *     files named after the part ("upload_file_minidump", ...), the request
 *     headers in headers.txt; the raw (decoded) body is not kept;
 *   - the answer is "CrashID=bp-<uuid>\n" (and "ViewURL=<base><id>\n" with
 *     --view-url);
 *   - a report whose "guid" (or "report_id") field was already stored is not
 *     stored again: the answer repeats the first CrashID (so a client that
 *     retries after a lost reply makes no second copy).
 * The request body is streamed to a temporary file (all-zero blocks left as
 * holes, as in the stored files), so a large upload does not grow this
 * process, nor use disk for the zero pages of a sparse test dump.
 *
 * Usage: postmortem-test-receiver --dir DIR [--port PORT] [--script LIST]
 *                                 [--drop-after-store N] [--max-size BYTES]
 *                                 [--view-url BASE]
 *   --port 0 (the default) picks a free port. The first line on stdout is
 *   "Listening on http://127.0.0.1:PORT/submit".
 *   --script: answers for the first requests, comma separated, then normal
 *   service: a status code (503, 500, 408...: answered without storing),
 *   "429:N" (429 with Retry-After: N), "400" (400 with Discarded=malformed,
 *   not stored), "413", "discard" (200 with Discarded=throttled, not stored),
 *   "drop" (store, then close the connection without answering), "200"
 *   (normal service).
 *   --drop-after-store N: the first N reports are stored, then the
 *   connection is closed without an answer.
 * DIR/requests.log gets one line per request:
 *   "<n> <METHOD> <path>[?query] status=<s> encoding=<gzip|identity>
 *    length=<bytes> guid=<guid|-> crash_id=<id|-> stored=<new|duplicate|no>"
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

typedef struct
{
  char *dir;
  char *view_url;
  char **script;
  guint script_len;
  guint drop_after_store;
  guint64 max_size;
  guint n_requests;
  GHashTable *by_guid;   /* guid -> crash id */
  FILE *log;
} Receiver;

typedef struct
{
  Receiver *receiver;
  int fd;                /* request body spool, unlinked */
  guint64 received;
  gboolean too_large;
} Spool;

/* Writes @size bytes at @offset, leaving holes for all-zero 4 KiB blocks, so
 * the large sparse dumps of the tests cost no disk here either. */
static gboolean
write_sparse (int         fd,
              const char *data,
              gsize       size,
              off_t       offset)
{
  static const char zeros[4096];

  while (size > 0)
    {
      gsize n = MIN (size, sizeof zeros);

      if (n == sizeof zeros && memcmp (data, zeros, n) == 0)
        ;   /* a hole: the file is extended with ftruncate() at the end */
      else
        {
          gsize done = 0;
          while (done < n)
            {
              ssize_t w = pwrite (fd, data + done, n - done, offset + done);
              if (w < 0 && errno == EINTR)
                continue;
              if (w <= 0)
                return FALSE;
              done += w;
            }
        }
      data += n;
      size -= n;
      offset += n;
    }
  return TRUE;
}

static void
spool_free (gpointer data)
{
  Spool *spool = data;

  if (spool->fd >= 0)
    close (spool->fd);
  g_free (spool);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           data)
{
  Spool *spool = data;
  gsize size;
  const char *bytes = g_bytes_get_data (chunk, &size);

  if (spool->receiver->max_size > 0 && spool->received + size > spool->receiver->max_size)
    {
      spool->received += size;
      spool->too_large = TRUE;
      return;
    }
  if (spool->fd >= 0 &&
      (!write_sparse (spool->fd, bytes, size, spool->received) ||
       ftruncate (spool->fd, spool->received + size) != 0))
    {
      g_printerr ("receiver: could not spool the request body: %s\n", g_strerror (errno));
      close (spool->fd);
      spool->fd = -1;
    }
  spool->received += size;
}

/* Every request body goes to an unlinked file, not to memory. */
static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           data)
{
  Receiver *receiver = data;
  Spool *spool = g_new0 (Spool, 1);
  g_autofree char *template = g_build_filename (receiver->dir, ".spool-XXXXXX", NULL);

  spool->receiver = receiver;
  spool->fd = g_mkstemp (template);
  if (spool->fd >= 0)
    g_unlink (template);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), spool);
  g_object_set_data_full (G_OBJECT (msg), "spool", spool, spool_free);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static char *
escape_value (const char *value,
              gsize       length)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    {
      if (value[i] == '\n')
        g_string_append (out, "\\n");
      else if (value[i] == '\r')
        g_string_append (out, "\\r");
      else if (value[i] == '\\')
        g_string_append (out, "\\\\");
      else
        g_string_append_c (out, value[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
safe_file_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p && out->len < 100; p++)
    g_string_append_c (out, (g_ascii_isalnum (*p) || strchr ("-_.", *p)) ? *p : '_');
  if (out->len == 0 || out->str[0] == '.')
    g_string_prepend_c (out, 'x');
  return g_string_free (out, FALSE);
}

/* Decompresses a gzip spool into a new unlinked file; -1 with @error. */
static int
gunzip_spool (Receiver  *receiver,
              int        fd,
              GError   **error)
{
  g_autofree char *template = g_build_filename (receiver->dir, ".gunzip-XXXXXX", NULL);
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) decoded = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  int out_fd;

  out_fd = g_mkstemp (template);
  if (out_fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "mkstemp: %s", g_strerror (errno));
      return -1;
    }
  g_unlink (template);
  lseek (fd, 0, SEEK_SET);
  raw = g_unix_input_stream_new (dup (fd), TRUE);
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  decoded = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  {
    g_autofree char *buffer = g_malloc (64 * 1024);
    off_t offset = 0;

    for (;;)
      {
        gssize n = g_input_stream_read (decoded, buffer, 64 * 1024, NULL, error);
        if (n < 0)
          {
            close (out_fd);
            return -1;
          }
        if (n == 0)
          break;
        if (!write_sparse (out_fd, buffer, n, offset) || ftruncate (out_fd, offset + n) != 0)
          {
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "write: %s", g_strerror (errno));
            close (out_fd);
            return -1;
          }
        offset += n;
      }
  }
  return out_fd;
}

static gboolean
write_file_at (const char  *dir,
               const char  *name,
               const char  *data,
               gsize        length,
               GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

  if (fd < 0 || !write_sparse (fd, data, length, 0) || ftruncate (fd, length) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "cannot write %s: %s",
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static void
log_request (Receiver          *receiver,
             SoupServerMessage *msg,
             guint              status,
             const char        *encoding,
             guint64            length,
             const char        *guid,
             const char        *crash_id,
             const char        *stored)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);

  fprintf (receiver->log, "%u %s %s%s%s status=%u encoding=%s length=%" G_GUINT64_FORMAT
           " guid=%s crash_id=%s stored=%s\n",
           receiver->n_requests, soup_server_message_get_method (msg), g_uri_get_path (uri),
           query ? "?" : "", query ? query : "", status, encoding, length,
           guid ? guid : "-", crash_id ? crash_id : "-", stored);
  fflush (receiver->log);
}

static void
drop_connection (SoupServerMessage *msg)
{
  GIOStream *stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    {
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
}

static void
handle_submit (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           data)
{
  Receiver *receiver = data;
  Spool *spool = g_object_get_data (G_OBJECT (msg), "spool");
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  const char *scripted = NULL;
  gboolean gzip = encoding != NULL && g_ascii_strcasecmp (encoding, "gzip") == 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GString) fields = NULL;
  g_autofree char *guid = NULL;
  g_autofree char *crash_id = NULL;
  g_autofree char *report_dir = NULL;
  g_autofree char *answer = NULL;
  GString *header_text;
  SoupMessageHeadersIter iter;
  const char *hname, *hvalue;
  const char *duplicate_of;
  gboolean drop = FALSE;
  int body_fd;

  receiver->n_requests++;
  if (receiver->n_requests <= receiver->script_len)
    scripted = receiver->script[receiver->n_requests - 1];

  if (strcmp (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      respond (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "only POST is accepted here\n");
      log_request (receiver, msg, 405, "-", 0, NULL, NULL, "no");
      return;
    }
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    {
      respond (msg, 411, "Discarded=no_content_length\n");
      log_request (receiver, msg, 411, "-", spool->received, NULL, NULL, "no");
      return;
    }
  if (spool->too_large)
    {
      respond (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Discarded=too_large\n");
      log_request (receiver, msg, 413, gzip ? "gzip" : "identity", spool->received, NULL, NULL, "no");
      return;
    }

  /* Scripted failures that do not store anything. */
  if (scripted != NULL && strcmp (scripted, "200") != 0 && strcmp (scripted, "drop") != 0)
    {
      guint status = (guint) g_ascii_strtoull (scripted, NULL, 10);
      const char *colon = strchr (scripted, ':');

      if (strcmp (scripted, "discard") == 0)
        {
          respond (msg, 200, "Discarded=throttled\n");
          status = 200;
        }
      else if (status == 400)
        respond (msg, 400, "Discarded=malformed_scripted\n");
      else if (status == 413)
        respond (msg, 413, "Discarded=too_large\n");
      else if (status >= 100 && status < 600)
        {
          respond (msg, status, "scripted failure\n");
          if (colon != NULL)
            soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                          "Retry-After", colon + 1);
        }
      else
        {
          respond (msg, 500, "bad --script entry\n");
          status = 500;
        }
      log_request (receiver, msg, status, gzip ? "gzip" : "identity", spool->received, NULL, NULL, "no");
      return;
    }
  drop = (scripted != NULL && strcmp (scripted, "drop") == 0) ||
         receiver->n_requests <= receiver->drop_after_store;

  if (spool->fd < 0)
    {
      respond (msg, 500, "could not spool the body\n");
      log_request (receiver, msg, 500, "-", spool->received, NULL, NULL, "no");
      return;
    }
  body_fd = spool->fd;
  if (gzip)
    {
      body_fd = gunzip_spool (receiver, spool->fd, &error);
      if (body_fd < 0)
        {
          g_autofree char *text = g_strdup_printf ("Discarded=bad_gzip (%s)\n", error->message);
          respond (msg, 400, text);
          log_request (receiver, msg, 400, "gzip", spool->received, NULL, NULL, "no");
          return;
        }
    }
  else if (encoding != NULL && g_ascii_strcasecmp (encoding, "identity") != 0)
    {
      respond (msg, 400, "Discarded=unknown_content_encoding\n");
      log_request (receiver, msg, 400, encoding, spool->received, NULL, NULL, "no");
      return;
    }

  {
    struct stat st;
    if (fstat (body_fd, &st) == 0 && st.st_size == 0)
      body = g_bytes_new (NULL, 0);
    else
      {
        mapped = g_mapped_file_new_from_fd (body_fd, FALSE, &error);
        if (mapped != NULL)
          body = g_mapped_file_get_bytes (mapped);
      }
  }
  if (body_fd != spool->fd)
    close (body_fd);
  if (body == NULL)
    {
      respond (msg, 500, "could not map the body\n");
      log_request (receiver, msg, 500, gzip ? "gzip" : "identity", spool->received, NULL, NULL, "no");
      return;
    }

  multipart = soup_multipart_new_from_message (headers, body);
  if (multipart == NULL)
    {
      respond (msg, 400, "Discarded=malformed_multipart\n");
      log_request (receiver, msg, 400, gzip ? "gzip" : "identity", spool->received, NULL, NULL, "no");
      return;
    }

  /* The stable id first: a duplicate is answered, not stored. */
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autoptr(GHashTable) params = NULL;
      const char *name;

      soup_multipart_get_part (multipart, i, &part_headers, &part_body);
      if (!soup_message_headers_get_content_disposition (part_headers, NULL, &params))
        continue;
      name = g_hash_table_lookup (params, "name");
      if (name != NULL && g_hash_table_lookup (params, "filename") == NULL &&
          (strcmp (name, "guid") == 0 || (guid == NULL && strcmp (name, "report_id") == 0)))
        {
          g_free (guid);
          guid = g_strndup (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body));
        }
    }
  duplicate_of = guid ? g_hash_table_lookup (receiver->by_guid, guid) : NULL;
  if (duplicate_of != NULL)
    {
      answer = g_strdup_printf ("CrashID=%s\n", duplicate_of);
      respond (msg, 200, answer);
      log_request (receiver, msg, 200, gzip ? "gzip" : "identity", spool->received, guid, duplicate_of, "duplicate");
      return;
    }

  {
    g_autofree char *uuid = g_uuid_string_random ();
    crash_id = g_strdup_printf ("bp-%s", uuid);
  }
  report_dir = g_build_filename (receiver->dir, crash_id, NULL);
  if (g_mkdir (report_dir, 0700) != 0)
    {
      respond (msg, 500, "could not store the report\n");
      log_request (receiver, msg, 500, gzip ? "gzip" : "identity", spool->received, guid, NULL, "no");
      return;
    }

  fields = g_string_new (NULL);
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autoptr(GHashTable) params = NULL;
      const char *name, *filename;
      gsize size;
      const char *bytes;

      soup_multipart_get_part (multipart, i, &part_headers, &part_body);
      bytes = g_bytes_get_data (part_body, &size);
      if (!soup_message_headers_get_content_disposition (part_headers, NULL, &params) ||
          (name = g_hash_table_lookup (params, "name")) == NULL)
        {
          g_string_append_printf (fields, "#part%d without a name\n", i);
          continue;
        }
      filename = g_hash_table_lookup (params, "filename");
      if (filename != NULL)
        {
          g_autofree char *file = safe_file_name (name);
          if (!write_file_at (report_dir, file, bytes, size, &error))
            {
              g_printerr ("receiver: %s\n", error->message);
              g_clear_error (&error);
            }
          g_string_append_printf (fields, "#file %s filename=%s size=%" G_GSIZE_FORMAT "\n",
                                  name, filename, size);
        }
      else
        {
          g_autofree char *value = escape_value (bytes, size);
          g_string_append_printf (fields, "%s=%s\n", name, value);
        }
    }
  write_file_at (report_dir, "fields.txt", fields->str, fields->len, NULL);

  header_text = g_string_new (NULL);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &hname, &hvalue))
    g_string_append_printf (header_text, "%s: %s\n", hname, hvalue);
  write_file_at (report_dir, "headers.txt", header_text->str, header_text->len, NULL);
  g_string_free (header_text, TRUE);

  if (guid != NULL)
    g_hash_table_insert (receiver->by_guid, g_strdup (guid), g_strdup (crash_id));

  if (drop)
    {
      log_request (receiver, msg, 0, gzip ? "gzip" : "identity", spool->received, guid, crash_id, "new-dropped");
      drop_connection (msg);
      return;
    }
  if (receiver->view_url != NULL)
    answer = g_strdup_printf ("CrashID=%s\nViewURL=%s%s\n", crash_id, receiver->view_url, crash_id);
  else
    answer = g_strdup_printf ("CrashID=%s\n", crash_id);
  respond (msg, 200, answer);
  log_request (receiver, msg, 200, gzip ? "gzip" : "identity", spool->received, guid, crash_id, "new");
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;
  g_autofree char *view_url = NULL;
  g_autofree char *log_path = NULL;
  gint port = 0;
  gint drop_after_store = 0;
  gint64 max_size = 0;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Store received reports in DIR (created)", "DIR" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free port)", "PORT" },
    { "script", 0, 0, G_OPTION_ARG_STRING, &script, "Answers for the first requests, e.g. 503,503,200", "LIST" },
    { "drop-after-store", 0, 0, G_OPTION_ARG_INT, &drop_after_store, "Store the first N reports, then drop the connection unanswered", "N" },
    { "max-size", 0, 0, G_OPTION_ARG_INT64, &max_size, "Answer 413 to bodies larger than BYTES", "BYTES" },
    { "view-url", 0, 0, G_OPTION_ARG_STRING, &view_url, "Answer ViewURL=BASE<crash-id> too", "BASE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— a crash report receiver for tests and demos");
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;
  Receiver receiver = { 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("postmortem-test-receiver: %s\n", error->message);
      return 2;
    }
  if (dir == NULL)
    {
      g_printerr ("postmortem-test-receiver: --dir DIR is required\n");
      return 2;
    }
  if (port < 0 || port > 65535 || drop_after_store < 0 || max_size < 0)
    {
      g_printerr ("postmortem-test-receiver: --port, --drop-after-store and --max-size take non-negative numbers\n");
      return 2;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("postmortem-test-receiver: cannot create %s: %s\n", dir, g_strerror (errno));
      return 1;
    }

  receiver.dir = dir;
  receiver.view_url = view_url;
  receiver.script = script ? g_strsplit (script, ",", -1) : g_new0 (char *, 1);
  receiver.script_len = g_strv_length (receiver.script);
  receiver.drop_after_store = drop_after_store;
  receiver.max_size = max_size;
  receiver.by_guid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  log_path = g_build_filename (dir, "requests.log", NULL);
  receiver.log = fopen (log_path, "a");
  if (receiver.log == NULL)
    {
      g_printerr ("postmortem-test-receiver: cannot open %s: %s\n", log_path, g_strerror (errno));
      return 1;
    }

  server = soup_server_new ("server-header", "postmortem-test-receiver", NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (on_request_started), &receiver);
  soup_server_add_handler (server, NULL, handle_submit, &receiver, NULL);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (server, address, 0, &error))
    {
      g_printerr ("postmortem-test-receiver: cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  if (uris != NULL)
    printf ("Listening on http://127.0.0.1:%d/submit\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
