/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* upload-test-util.h — shared helpers of the submission tests: an isolated
 * store with one report, an independent multipart parser, gunzip, and a
 * scripted SoupServer on 127.0.0.1.
 *
 * Runs in: the test programs of tests/upload (GLib, libsoup 3).
 *
 * The multipart parser here is written from RFC 2046/7578 for the tests and
 * shares no code with the uploader's body writer, so a test that parses what
 * the uploader sent checks the wire format, not the writer against itself.
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "pm-store.h"

G_BEGIN_DECLS

/* Isolated HOME, XDG dirs, PM_STORE_DIR and PM_SETTINGS_FILE under a new
 * temporary directory (returned; removed by upload_test_env_free()). */
char      *upload_test_env_new      (void);
void       upload_test_env_free     (char *root);

/* Opens the store of the environment with settings for tests: consent
 * @consent by default, flood control and byte quotas off. */
PmStore   *upload_test_store_new    (PmConsentLevel consent);

/* Publishes a report of application @app with a @dump_size-byte dump
 * (random bytes; sparse when @sparse), metadata Channel=beta and a unique
 * signature; the dump's bytes go to *@dump (when not NULL and not sparse).
 * @dump_type: "MiniDump", "HeapDump"... Returns the key. */
char      *upload_test_add_report   (PmStore     *store,
                                     const char  *app,
                                     const char  *dump_type,
                                     gsize        dump_size,
                                     gboolean     sparse,
                                     GBytes     **dump);

typedef struct
{
  char *name;
  char *filename;      /* NULL for a text field */
  char *content_type;  /* NULL when absent */
  GBytes *data;
} UploadTestPart;

/* Parses @body as multipart with @boundary; NULL (and a g_test message) when
 * malformed. Free with g_ptr_array_unref. */
GPtrArray *upload_test_parse_multipart (GBytes     *body,
                                        const char *content_type);
UploadTestPart *upload_test_find_part  (GPtrArray  *parts,
                                        const char *name);
const char *upload_test_field          (GPtrArray  *parts,
                                        const char *name);
/* zlib inflate of a gzip member; NULL when invalid. */
GBytes    *upload_test_gunzip          (GBytes     *data);

/* A scripted receiver in this process (attached to the thread-default context). */
typedef struct
{
  SoupServer *server;
  char *url;              /* http://127.0.0.1:PORT/submit */
  char **script;          /* per request: "503", "429:1", "400", "413", "drop", "200"; then 200 */
  guint n_requests;       /* requests received */
  guint n_stored;         /* distinct reports stored (dedup on guid) */
  GHashTable *guids;      /* guid -> crash id */
  GPtrArray *bodies;      /* GBytes of each raw request body */
  GPtrArray *headers;     /* SoupMessageHeaders of each request (ref) */
  GArray *times;          /* gint64 monotonic µs of each request */
} UploadTestServer;

UploadTestServer *upload_test_server_new  (const char *script);
void              upload_test_server_free (UploadTestServer *server);

/* A hostile server on 127.0.0.1, written on raw sockets in its own thread
 * (libsoup's server would not misbehave this way). It reads each request
 * whole (headers, then Content-Length bytes), then answers as @mode says:
 *   "200-big"       200, Content-Length 1 MiB: CrashID=bp-big-0001 and a
 *                   ViewURL first, then filler
 *   "503-big"       503 with a 1 MiB body
 *   "endless"       200, chunked, a body that never ends (no id)
 *   "trickle"       200, then the body "CrashID=bp-trickle…" one byte a second
 *   "silent"        never answers (holds the connection)
 *   "accept-stall"  200 with "CrashID=bp-stall-0001\nViewURL=…\n" of a
 *                   promised 100000 bytes, then nothing more
 *   "hostile-302"   302 whose reason phrase and Location carry OSC (ESC ] 0 ;
 *                   … BEL), CSI and C1 bytes, raw and UTF-8 encoded
 *   "hostile-503"   the same reason phrase with 503 and such a body
 * Each connection is served until the client closes it or the server is freed. */
typedef struct _UploadTestRawServer UploadTestRawServer;

UploadTestRawServer *upload_test_raw_server_new         (const char          *mode);
const char          *upload_test_raw_server_get_url     (UploadTestRawServer *server);
/* Requests read whole so far, and connections the client closed (thread-safe). */
guint                upload_test_raw_server_get_requests (UploadTestRawServer *server);
guint                upload_test_raw_server_get_closed   (UploadTestRawServer *server);
void                 upload_test_raw_server_free        (UploadTestRawServer *server);

/* Fails the test if @text holds a terminal control: any C0 byte but '\n' and
 * '\t', DEL, a C1 control (raw or UTF-8 encoded), or bytes that are not UTF-8. */
void       upload_test_assert_no_controls (const char *what,
                                           const char *text);
/* Report.wer of @key as it is on disk (queue/ or archive/), NULL if neither. */
char      *upload_test_read_report_wer    (PmStore    *store,
                                           const char *key);

G_END_DECLS
