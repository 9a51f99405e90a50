/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* upload-test-util.c — shared helpers of the submission tests.
 *
 * Runs in: the test programs of tests/upload (GLib, libsoup 3).
 */
#include "pm-config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <zlib.h>

#include "upload-test-util.h"

char *
upload_test_env_new (void)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("pm-upload-test-XXXXXX", &error);
  static const char * const dirs[] = { "home", "data", "config", "cache", "runtime", "store" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (root, dirs[i], NULL);
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
    }
#define SET(var, sub) do { g_autofree char *p = g_build_filename (root, sub, NULL); g_setenv (var, p, TRUE); } while (0)
  SET ("HOME", "home");
  SET ("XDG_DATA_HOME", "data");
  SET ("XDG_CONFIG_HOME", "config");
  SET ("XDG_CACHE_HOME", "cache");
  SET ("XDG_RUNTIME_DIR", "runtime");
  SET ("PM_STORE_DIR", "store");
  SET ("PM_SETTINGS_FILE", "config/settings.ini");
#undef SET
  return root;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
upload_test_env_free (char *root)
{
  if (root == NULL)
    return;
  remove_tree (root);
  g_free (root);
}

PmStore *
upload_test_store_new (PmConsentLevel consent)
{
  g_autoptr(GError) error = NULL;
  PmStore *store = pm_store_open_default (&error);
  PmSettings *settings;
  PmQuota quota;

  g_assert_no_error (error);
  settings = pm_store_get_settings (store);
  pm_settings_get_quota (settings, &quota);
  quota.flood_window_seconds = 0;
  quota.max_bytes = 0;
  quota.min_free_bytes = 0;
  pm_settings_set_quota (settings, &quota, &error);
  g_assert_no_error (error);
  pm_settings_set_consent (settings, NULL, consent, &error);
  g_assert_no_error (error);
  return store;
}

char *
upload_test_add_report (PmStore     *store,
                        const char  *app,
                        const char  *dump_type,
                        gsize        dump_size,
                        gboolean     sparse,
                        GBytes     **dump)
{
  g_autoptr(GError) error = NULL;
  PmReportDraft *draft = pm_store_begin_report (store, &error);
  g_autofree char *offset = g_strdup_printf ("0x%x", g_random_int ());
  char *key;
  int fd;

  g_assert_no_error (error);
  fd = pm_report_draft_create_file (draft, "minidump.dmp", &error);
  g_assert_no_error (error);
  if (sparse)
    {
      /* A real header so the environment check can read the directory. */
      static const guint8 header[32] = { 'M', 'D', 'M', 'P', 0x93, 0xa7, 0, 0 };
      g_assert_cmpint (write (fd, header, sizeof header), ==, sizeof header);
      g_assert_cmpint (ftruncate (fd, dump_size), ==, 0);
    }
  else
    {
      g_autofree guint8 *bytes = g_malloc (dump_size);
      gsize done = 0;

      for (gsize i = 0; i < dump_size; i++)
        bytes[i] = g_random_int_range (0, 256);
      if (dump_size >= 32)
        {
          /* "MDMP", version 0xa793, no streams: a minidump without the environment. */
          memset (bytes, 0, 32);
          memcpy (bytes, "MDMP\x93\xa7", 6);
        }
      while (done < dump_size)
        {
          ssize_t n = write (fd, bytes + done, dump_size - done);
          g_assert_cmpint (n, >, 0);
          done += n;
        }
      if (dump != NULL)
        *dump = g_bytes_new (bytes, dump_size);
    }
  close (fd);
  pm_report_draft_add_file (draft, "minidump.dmp", dump_type, 0);
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", app);
  pm_report_draft_set (draft, "AppPath", "/home/someone/bin/app");
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", app);
  pm_report_draft_set (draft, "Sig[1].Name", "Application Version");
  pm_report_draft_set (draft, "Sig[1].Value", "1.2.3");
  pm_report_draft_set (draft, "Sig[6].Name", "Signal");
  pm_report_draft_set (draft, "Sig[6].Value", "SIGSEGV");
  pm_report_draft_set (draft, "Sig[7].Name", "Offset In Module");
  pm_report_draft_set (draft, "Sig[7].Value", offset);
  pm_report_draft_set (draft, "Metadata[0].Key", "Channel");
  pm_report_draft_set (draft, "Metadata[0].Value", "beta");
  pm_report_draft_set (draft, "Postmortem.Pid", "4242");
  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  pm_report_draft_free (draft);
  return key;
}

/* --- An independent multipart parser --- */

static void
part_free (gpointer data)
{
  UploadTestPart *part = data;

  g_free (part->name);
  g_free (part->filename);
  g_free (part->content_type);
  g_bytes_unref (part->data);
  g_free (part);
}

static const char *
memfind (const char *hay,
         gsize       hay_len,
         const char *needle,
         gsize       needle_len)
{
  if (needle_len == 0 || hay_len < needle_len)
    return NULL;
  for (gsize i = 0; i + needle_len <= hay_len; i++)
    if (hay[i] == needle[0] && memcmp (hay + i, needle, needle_len) == 0)
      return hay + i;
  return NULL;
}

/* name="value" out of a Content-Disposition line. */
static char *
disposition_param (const char *line,
                   const char *param)
{
  g_autofree char *pattern = g_strdup_printf ("; %s=\"", param);
  const char *start = strstr (line, pattern);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (pattern);
  end = strchr (start, '"');
  return end ? g_strndup (start, end - start) : NULL;
}

GPtrArray *
upload_test_parse_multipart (GBytes     *body,
                             const char *content_type)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (part_free);
  g_autofree char *delimiter = NULL;
  const char *boundary;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  const char *end = data + len;
  const char *p;

  if (content_type == NULL || !g_str_has_prefix (content_type, "multipart/form-data; boundary="))
    {
      g_test_message ("not multipart/form-data with a boundary: %s", content_type);
      return NULL;
    }
  boundary = content_type + strlen ("multipart/form-data; boundary=");
  delimiter = g_strdup_printf ("--%s", boundary);

  /* The body starts with the first delimiter (no preamble from our writer). */
  if (len < strlen (delimiter) || memcmp (data, delimiter, strlen (delimiter)) != 0)
    {
      g_test_message ("body does not start with the boundary");
      return NULL;
    }
  p = data + strlen (delimiter);
  for (;;)
    {
      UploadTestPart *part;
      const char *headers_end, *next;
      g_autofree char *header_block = NULL;
      g_auto(GStrv) lines = NULL;
      g_autofree char *close_delim = g_strdup_printf ("\r\n%s", delimiter);

      if (end - p >= 4 && memcmp (p, "--\r\n", 4) == 0 && p + 4 == end)
        break;   /* the close delimiter, and nothing after it */
      if (end - p < 2 || memcmp (p, "\r\n", 2) != 0)
        {
          g_test_message ("no CRLF after a boundary");
          return NULL;
        }
      p += 2;
      headers_end = memfind (p, end - p, "\r\n\r\n", 4);
      if (headers_end == NULL)
        {
          g_test_message ("part headers not terminated");
          return NULL;
        }
      header_block = g_strndup (p, headers_end - p);
      p = headers_end + 4;
      next = memfind (p, end - p, close_delim, strlen (close_delim));
      if (next == NULL)
        {
          g_test_message ("part not followed by a boundary");
          return NULL;
        }
      part = g_new0 (UploadTestPart, 1);
      part->data = g_bytes_new (p, next - p);
      lines = g_strsplit (header_block, "\r\n", -1);
      for (guint i = 0; lines[i]; i++)
        {
          if (g_ascii_strncasecmp (lines[i], "Content-Disposition: form-data", 30) == 0)
            {
              part->name = disposition_param (lines[i], "name");
              part->filename = disposition_param (lines[i], "filename");
            }
          else if (g_ascii_strncasecmp (lines[i], "Content-Type: ", 14) == 0)
            part->content_type = g_strdup (lines[i] + 14);
        }
      g_ptr_array_add (parts, part);
      if (part->name == NULL)
        {
          g_test_message ("a part without a name");
          return NULL;
        }
      p = next + strlen (close_delim);
    }
  return g_steal_pointer (&parts);
}

UploadTestPart *
upload_test_find_part (GPtrArray  *parts,
                       const char *name)
{
  UploadTestPart *found = NULL;

  for (guint i = 0; i < parts->len; i++)
    {
      UploadTestPart *part = g_ptr_array_index (parts, i);
      if (g_strcmp0 (part->name, name) == 0)
        {
          g_assert_null (found);   /* part names are unique */
          found = part;
        }
    }
  return found;
}

const char *
upload_test_field (GPtrArray  *parts,
                   const char *name)
{
  UploadTestPart *part = upload_test_find_part (parts, name);
  static GHashTable *texts;
  char *text;

  if (part == NULL || part->filename != NULL)
    return NULL;
  if (texts == NULL)
    texts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  text = g_strndup (g_bytes_get_data (part->data, NULL), g_bytes_get_size (part->data));
  g_hash_table_replace (texts, part, text);
  return text;
}

GBytes *
upload_test_gunzip (GBytes *data)
{
  z_stream zs = { 0 };
  GByteArray *out = g_byte_array_new ();
  gsize len;
  const guint8 *in = g_bytes_get_data (data, &len);
  guint8 buffer[65536];
  int ret;

  /* 16 + MAX_WBITS: a gzip header and trailer, nothing else. */
  if (inflateInit2 (&zs, 16 + MAX_WBITS) != Z_OK)
    return NULL;
  zs.next_in = (guint8 *) in;
  zs.avail_in = len;
  do
    {
      zs.next_out = buffer;
      zs.avail_out = sizeof buffer;
      ret = inflate (&zs, Z_NO_FLUSH);
      if (ret != Z_OK && ret != Z_STREAM_END)
        {
          inflateEnd (&zs);
          g_byte_array_unref (out);
          return NULL;
        }
      g_byte_array_append (out, buffer, sizeof buffer - zs.avail_out);
    }
  while (ret != Z_STREAM_END);
  /* Nothing may follow the gzip member. */
  if (zs.avail_in != 0)
    {
      inflateEnd (&zs);
      g_byte_array_unref (out);
      return NULL;
    }
  inflateEnd (&zs);
  return g_byte_array_free_to_bytes (out);
}

/* --- The scripted server --- */

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  UploadTestServer *server = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) raw = soup_message_body_flatten (request);
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  const char *step = NULL;
  const char *encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  const char *guid;
  const char *known;
  g_autofree char *answer = NULL;
  gint64 now = g_get_monotonic_time ();

  server->n_requests++;
  g_ptr_array_add (server->bodies, g_bytes_ref (raw));
  g_ptr_array_add (server->headers, soup_message_headers_ref (headers));
  g_array_append_val (server->times, now);
  if (server->script != NULL && server->n_requests <= g_strv_length (server->script))
    step = server->script[server->n_requests - 1];

  if (step != NULL && strcmp (step, "200") != 0 && strcmp (step, "drop") != 0)
    {
      guint status = (guint) g_ascii_strtoull (step, NULL, 10);
      const char *colon = strchr (step, ':');

      if (status == 400)
        respond_text (msg, 400, "Discarded=malformed\n");
      else if (status == 413)
        respond_text (msg, 413, "too large\n");
      else if (strcmp (step, "discard") == 0)
        respond_text (msg, 200, "Discarded=throttled\n");
      else
        {
          respond_text (msg, status, "try later\n");
          if (colon != NULL)
            soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                          "Retry-After", colon + 1);
        }
      return;
    }

  decoded = g_strcmp0 (encoding, "gzip") == 0 ? upload_test_gunzip (raw) : g_bytes_ref (raw);
  if (decoded == NULL)
    {
      respond_text (msg, 400, "Discarded=bad_gzip\n");
      return;
    }
  parts = upload_test_parse_multipart (decoded, soup_message_headers_get_one (headers, "Content-Type"));
  if (parts == NULL)
    {
      respond_text (msg, 400, "Discarded=malformed_multipart\n");
      return;
    }
  guid = upload_test_field (parts, "guid");
  known = guid ? g_hash_table_lookup (server->guids, guid) : NULL;
  if (known == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      char *crash_id = g_strdup_printf ("bp-%s", uuid);

      server->n_stored++;
      g_hash_table_insert (server->guids, g_strdup (guid ? guid : uuid), crash_id);
      known = crash_id;
    }
  if (step != NULL && strcmp (step, "drop") == 0)
    {
      GIOStream *stream = soup_server_message_steal_connection (msg);
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
      return;
    }
  answer = g_strdup_printf ("CrashID=%s\nViewURL=http://127.0.0.1/report/%s\n", known, known);
  respond_text (msg, 200, answer);
}

UploadTestServer *
upload_test_server_new (const char *script)
{
  UploadTestServer *server = g_new0 (UploadTestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;

  server->script = script ? g_strsplit (script, ",", -1) : NULL;
  server->guids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  server->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) soup_message_headers_unref);
  server->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  server->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->server, NULL, handle, server, NULL);
  soup_server_listen (server->server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server->server);
  g_assert_nonnull (uris);
  server->url = g_strdup_printf ("http://127.0.0.1:%d/submit", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

void
upload_test_server_free (UploadTestServer *server)
{
  soup_server_disconnect (server->server);
  g_object_unref (server->server);
  g_strfreev (server->script);
  g_hash_table_unref (server->guids);
  g_ptr_array_unref (server->bodies);
  g_ptr_array_unref (server->headers);
  g_array_unref (server->times);
  g_free (server->url);
  g_free (server);
}

/* ---------------------------------------------------------------------- */
/* The hostile raw server                                                  */

struct _UploadTestRawServer
{
  char *mode;
  char *url;
  int listen_fd;
  int wake[2];            /* a byte in wake[1] stops the thread */
  GThread *thread;
  guint requests;         /* atomic */
  guint closed;           /* atomic */
};

#define RAW_MEGABYTE (1024 * 1024)

/* Waits until @fd is ready for @events or the server is stopped; FALSE when stopped
 * (or after @timeout_ms, when >= 0, with *timed_out set). */
static gboolean
raw_wait (UploadTestRawServer *server,
          int                  fd,
          short                events,
          int                  timeout_ms,
          gboolean            *timed_out)
{
  struct pollfd fds[2] = { { fd, events, 0 }, { server->wake[0], POLLIN, 0 } };
  int n;

  if (timed_out != NULL)
    *timed_out = FALSE;
  do
    n = poll (fds, 2, timeout_ms);
  while (n < 0 && errno == EINTR);
  if (n == 0 && timed_out != NULL)
    *timed_out = TRUE;
  return n > 0 && fds[1].revents == 0;
}

/* Sends all of @data; FALSE when the client went away or the server stops. */
static gboolean
raw_send (UploadTestRawServer *server,
          int                  fd,
          const void          *data,
          gsize                length)
{
  const char *p = data;

  while (length > 0)
    {
      ssize_t n;

      if (!raw_wait (server, fd, POLLOUT, -1, NULL))
        return FALSE;
      n = send (fd, p, length, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      length -= n;
    }
  return TRUE;
}

/* Waits until the client closes the connection (or the server stops). */
static void
raw_hold (UploadTestRawServer *server,
          int                  fd)
{
  char buf[4096];

  while (raw_wait (server, fd, POLLIN, -1, NULL))
    {
      ssize_t n = recv (fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        {
          g_atomic_int_inc (&server->closed);
          return;
        }
    }
}

/* Reads one whole request (headers, then Content-Length bytes). */
static gboolean
raw_read_request (UploadTestRawServer *server,
                  int                  fd)
{
  g_autoptr(GString) head = g_string_new (NULL);
  const char *end;
  const char *cl;
  gsize body_length;
  gsize have;
  char buf[16384];

  while ((end = strstr (head->str, "\r\n\r\n")) == NULL)
    {
      ssize_t n;

      if (head->len > 65536 || !raw_wait (server, fd, POLLIN, -1, NULL))
        return FALSE;
      n = recv (fd, buf, sizeof buf - 1, MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      if (n <= 0)
        return FALSE;
      g_string_append_len (head, buf, n);
    }
  cl = strstr (head->str, "\r\nContent-Length:");
  if (cl == NULL)
    cl = strstr (head->str, "\r\ncontent-length:");
  g_assert_nonnull (cl);
  body_length = g_ascii_strtoull (cl + strlen ("\r\nContent-Length:"), NULL, 10);
  have = head->len - (end + 4 - head->str);
  while (have < body_length)
    {
      ssize_t n;

      if (!raw_wait (server, fd, POLLIN, -1, NULL))
        return FALSE;
      n = recv (fd, buf, MIN (sizeof buf, body_length - have), MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      if (n <= 0)
        return FALSE;
      have += n;
    }
  g_atomic_int_inc (&server->requests);
  return TRUE;
}

/* Escape sequences a terminal would obey: OSC 0 (set the title) ended by BEL,
 * CSI (clear the screen, red), the 8-bit CSI 0x9b raw and as UTF-8 (U+009B). */
#define HOSTILE_TEXT "\x1b]0;owned\x07\x1b[2J\x1b[31mred\xc2\x9b" "31m\x9b" "1m\x85"

static void
raw_answer (UploadTestRawServer *server,
            int                  fd)
{
  const char *mode = server->mode;

  if (strcmp (mode, "200-big") == 0 || strcmp (mode, "503-big") == 0)
    {
      gboolean ok = strcmp (mode, "200-big") == 0;
      g_autofree char *head = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: text/plain\r\n"
                                               "Content-Length: %d\r\n\r\n",
                                               ok ? "200 OK" : "503 Service Unavailable", RAW_MEGABYTE);
      g_autofree char *body = g_malloc (RAW_MEGABYTE);
      const char *start = ok ? "CrashID=bp-big-0001\nViewURL=http://127.0.0.1/report/bp-big-0001\n"
                             : "overloaded\n";

      for (gsize i = 0; i < RAW_MEGABYTE; i++)
        body[i] = (i % 80 == 79) ? '\n' : 'x';
      memcpy (body, start, strlen (start));
      if (raw_send (server, fd, head, strlen (head)))
        raw_send (server, fd, body, RAW_MEGABYTE);
      raw_hold (server, fd);
    }
  else if (strcmp (mode, "endless") == 0)
    {
      static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
      char chunk[4096 + 16];
      int n = g_snprintf (chunk, sizeof chunk, "%x\r\n", 4096);

      memset (chunk + n, 'z', 4096);
      memcpy (chunk + n + 4096, "\r\n", 2);
      if (raw_send (server, fd, head, sizeof head - 1))
        while (raw_send (server, fd, chunk, n + 4096 + 2))
          ;
      /* The client cut it: the connection is closed, not read to an end. */
      g_atomic_int_inc (&server->closed);
    }
  else if (strcmp (mode, "trickle") == 0)
    {
      static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n";
      static const char body[] = "CrashID=bp-trickle-0001-0002-0003-0004-0005-0006-0007-0008-0009-0010-0011-0012-0013-0014-0015\n";

      if (!raw_send (server, fd, head, sizeof head - 1))
        return;
      for (gsize i = 0; i < sizeof body - 1; i++)
        {
          gboolean timed_out;

          if (!raw_send (server, fd, body + i, 1))
            break;
          /* One byte a second; stop when the client goes away. */
          if (raw_wait (server, fd, POLLIN, 1000, &timed_out) || !timed_out)
            break;
        }
      raw_hold (server, fd);
    }
  else if (strcmp (mode, "silent") == 0)
    raw_hold (server, fd);
  else if (strcmp (mode, "accept-stall") == 0)
    {
      static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
                                   "CrashID=bp-stall-0001\nViewURL=http://127.0.0.1/report/bp-stall-0001\n";

      if (raw_send (server, fd, answer, sizeof answer - 1))
        raw_hold (server, fd);
    }
  else if (strcmp (mode, "hostile-302") == 0 || strcmp (mode, "hostile-503") == 0)
    {
      gboolean redirect = strcmp (mode, "hostile-302") == 0;
      g_autofree char *answer = NULL;

      if (redirect)
        answer = g_strdup ("HTTP/1.1 302 Found " HOSTILE_TEXT "\r\n"
                           "Location: http://127.0.0.1/" HOSTILE_TEXT "\r\n"
                           "Content-Length: 0\r\n\r\n");
      else
        answer = g_strdup_printf ("HTTP/1.1 503 Busy " HOSTILE_TEXT "\r\n"
                                  "Content-Length: %d\r\n\r\n%s",
                                  (int) strlen (HOSTILE_TEXT), HOSTILE_TEXT);
      if (raw_send (server, fd, answer, strlen (answer)))
        raw_hold (server, fd);
    }
  else
    g_error ("unknown raw server mode %s", mode);
}

static gpointer
raw_server_thread (gpointer data)
{
  UploadTestRawServer *server = data;

  while (raw_wait (server, server->listen_fd, POLLIN, -1, NULL))
    {
      int fd = accept4 (server->listen_fd, NULL, NULL, SOCK_CLOEXEC);

      if (fd < 0)
        continue;
      /* One connection at a time; requests on a kept-alive one are served in turn. */
      while (raw_read_request (server, fd))
        raw_answer (server, fd);
      close (fd);
    }
  return NULL;
}

UploadTestRawServer *
upload_test_raw_server_new (const char *mode)
{
  UploadTestRawServer *server = g_new0 (UploadTestRawServer, 1);
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;

  server->mode = g_strdup (mode);
  server->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (server->listen_fd, >=, 0);
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (server->listen_fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (server->listen_fd, 8), ==, 0);
  g_assert_cmpint (getsockname (server->listen_fd, (struct sockaddr *) &address, &length), ==, 0);
  g_assert_cmpint (pipe2 (server->wake, O_CLOEXEC), ==, 0);
  server->url = g_strdup_printf ("http://127.0.0.1:%u/submit", ntohs (address.sin_port));
  server->thread = g_thread_new ("raw-server", raw_server_thread, server);
  return server;
}

const char *
upload_test_raw_server_get_url (UploadTestRawServer *server)
{
  return server->url;
}

guint
upload_test_raw_server_get_requests (UploadTestRawServer *server)
{
  return g_atomic_int_get (&server->requests);
}

guint
upload_test_raw_server_get_closed (UploadTestRawServer *server)
{
  return g_atomic_int_get (&server->closed);
}

void
upload_test_raw_server_free (UploadTestRawServer *server)
{
  g_assert_cmpint (write (server->wake[1], "x", 1), ==, 1);
  g_thread_join (server->thread);
  close (server->listen_fd);
  close (server->wake[0]);
  close (server->wake[1]);
  g_free (server->mode);
  g_free (server->url);
  g_free (server);
}

void
upload_test_assert_no_controls (const char *what,
                                const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    g_error ("%s is not UTF-8: %s", what, text);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_error ("%s holds the control U+%04X at byte %d: %s", what, c, (int) (p - text), text);
    }
}

char *
upload_test_read_report_wer (PmStore    *store,
                             const char *key)
{
  static const char * const states[] = { "queue", "archive" };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *path = g_build_filename (pm_store_get_path (store), states[i], key, "Report.wer", NULL);
      char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        return text;
    }
  return NULL;
}
