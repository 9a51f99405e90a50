/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-submit-cli.c — postmortemctl submit against postmortem-test-receiver,
 * both real processes talking HTTP on 127.0.0.1.
 *
 * Runs in: a test process (GLib) that spawns the receiver and postmortemctl
 * from the build tree ($PM_BUILD_DIR).
 *
 * What it proves: the command sends a report the receiver stores with the dump
 * byte-identical; a receiver answering 503,503 then 200 ends with one stored
 * copy; a reply dropped after the receiver stored the report makes no second
 * copy; Discarded= is not retried and --all leaves the report alone
 * afterwards; consent "ask" sends nothing without --approve; the settings'
 * [Server] group is used when no --url is given; a 300 MB dump is sent with
 * the uploader's peak RSS (VmHWM of the postmortemctl child) under 50 MB
 * and not growing with the dump (the "/submit/rss" case). Against hostile
 * raw-socket servers: SIGINT or SIGTERM while the answer trickles ends the
 * command at once, non-zero, the report queued and whole; a 200 whose id came
 * before the answer stalled is archived and not sent again by --all; escape
 * sequences from the server reach neither the terminal nor Report.wer.
 */
#include "pm-config.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdlib.h>

#include <glib/gstdio.h>

#include "pm-uploader.h"
#include "upload-test-util.h"

extern char **environ;

typedef struct
{
  char *root;
  PmStore *store;
  GSubprocess *receiver;
  char *receiver_dir;
  char *url;
} Fixture;

static char *
build_path (const char *relative)
{
  const char *build = g_getenv ("PM_BUILD_DIR");

  if (build == NULL)
    {
      g_test_skip ("PM_BUILD_DIR is not set (run through meson test)");
      return NULL;
    }
  return g_build_filename (build, relative, NULL);
}

/* The receiver dies with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_receiver (Fixture    *f,
                const char *script,
                const char *extra)
{
  g_autofree char *exe = build_path ("tests/upload/postmortem-test-receiver");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GPtrArray *argv = g_ptr_array_new ();

  f->receiver_dir = g_build_filename (f->root, "received", NULL);
  g_ptr_array_add (argv, exe);
  g_ptr_array_add (argv, "--dir");
  g_ptr_array_add (argv, f->receiver_dir);
  if (script != NULL)
    {
      g_ptr_array_add (argv, "--script");
      g_ptr_array_add (argv, (char *) script);
    }
  if (extra != NULL)
    g_ptr_array_add (argv, (char *) extra);
  g_ptr_array_add (argv, NULL);
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    f->receiver = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  }
  g_ptr_array_unref (argv);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->receiver));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  f->url = g_strdup (line + strlen ("Listening on "));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->root = upload_test_env_new ();
  f->store = upload_test_store_new (PM_CONSENT_ALL_DATA);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->receiver != NULL)
    {
      g_subprocess_force_exit (f->receiver);
      g_subprocess_wait (f->receiver, NULL, NULL);
      g_object_unref (f->receiver);
    }
  g_clear_object (&f->store);
  g_free (f->receiver_dir);
  g_free (f->url);
  upload_test_env_free (f->root);
}

/* Runs postmortemctl with @args (NULL-terminated); returns its exit status,
 * its peak RSS (VmHWM) in KiB through @maxrss_kib, its stdout and stderr. */
static int
run_ctl (const char * const *args,
         glong               *maxrss_kib,
         char               **out_text,
         char               **err_text)
{
  g_autofree char *exe = build_path ("app/postmortemctl");
  g_autofree char *out_path = g_build_filename (g_getenv ("HOME"), "ctl.out", NULL);
  g_autofree char *err_path = g_build_filename (g_getenv ("HOME"), "ctl.err", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  posix_spawn_file_actions_t actions;
  struct rusage usage;
  pid_t pid;
  int status;

  g_ptr_array_add (argv, exe);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen (&actions, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (posix_spawn (&pid, exe, &actions, NULL, (char **) argv->pdata, environ), ==, 0);
  posix_spawn_file_actions_destroy (&actions);
  /* The child's own peak RSS is VmHWM of its address space after exec, read
   * from /proc while it runs (ru_maxrss would also count the address space
   * it had before exec, i.e. this test's). */
  {
    glong hwm = 0;
    pid_t done;

    while ((done = wait4 (pid, &status, WNOHANG, &usage)) == 0)
      {
        g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", (int) pid);
        g_autofree char *text = NULL;
        const char *line;

        if (g_file_get_contents (status_path, &text, NULL, NULL) &&
            (line = strstr (text, "\nVmHWM:")) != NULL)
          hwm = MAX (hwm, strtol (line + strlen ("\nVmHWM:"), NULL, 10));
        g_usleep (2000);
      }
    g_assert_cmpint (done, ==, pid);
    g_assert_cmpint (hwm, >, 0);
    if (maxrss_kib != NULL)
      *maxrss_kib = hwm;
  }
  g_file_get_contents (out_path, out_text, NULL, NULL);
  g_file_get_contents (err_path, err_text, NULL, NULL);
  g_test_message ("postmortemctl %s -> %d\nstdout: %s\nstderr: %s", args[0],
                  WIFEXITED (status) ? WEXITSTATUS (status) : -1, *out_text, *err_text);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* Report directories the receiver stored (bp-*). */
static GPtrArray *
received_reports (Fixture *f)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (f->receiver_dir, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (name, "bp-"))
        g_ptr_array_add (dirs, g_build_filename (f->receiver_dir, name, NULL));
  return dirs;
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  return text;
}

static guint
count_log_lines (Fixture *f)
{
  g_autofree char *log = read_text (f->receiver_dir, "requests.log");
  guint n = 0;

  for (const char *p = log; p != NULL && *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
set_server_settings (Fixture    *f,
                     const char *url)
{
  PmSettings *settings = pm_store_get_settings (f->store);
  g_autoptr(GError) error = NULL;

  pm_settings_set_value (settings, "Server", "Url", url, &error);
  g_assert_no_error (error);
  pm_settings_set_value (settings, "Server", "RetryBaseSeconds", "0.05", &error);
  g_assert_no_error (error);
}

static void
test_submit_key (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) dump = NULL;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 200 * 1024, FALSE, &dump);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autofree char *received = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *headers = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  start_receiver (f, NULL, NULL);
  if (f->receiver == NULL)
    return;
  {
    const char *args[] = { "submit", key, "--url", f->url, NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out, &err), ==, 0);
  }
  got = received_reports (f);
  g_assert_cmpuint (got->len, ==, 1);
  {
    g_autofree char *path = g_build_filename (g_ptr_array_index (got, 0), "upload_file_minidump", NULL);
    g_file_get_contents (path, &received, &length, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (received, length, g_bytes_get_data (dump, NULL), g_bytes_get_size (dump));
  }
  fields = read_text (g_ptr_array_index (got, 0), "fields.txt");
  g_assert_nonnull (strstr (fields, "ProductName=crashy\n"));
  g_assert_nonnull (strstr (fields, "Version=1.2.3\n"));
  headers = read_text (g_ptr_array_index (got, 0), "headers.txt");
  g_assert_nonnull (strstr (headers, "Content-Encoding: gzip"));
  g_assert_nonnull (strstr (headers, "User-Agent: Postmortem/"));

  /* The printed id is the receiver's, and the report is archived with it. */
  report = pm_store_load_report (f->store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (got, 0), pm_report_get_value (report, "Response.ReportId")));
  g_assert_nonnull (strstr (out, pm_report_get_value (report, "Response.ReportId")));
}

static void
test_submit_all_from_settings (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *key1 = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *key2 = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autoptr(GPtrArray) got = NULL;

  /* 503 twice, then normal service: with retries in the run, both arrive once. */
  start_receiver (f, "503,503", NULL);
  if (f->receiver == NULL)
    return;
  set_server_settings (f, f->url);
  {
    const char *args[] = { "submit", "--all", "--no-gzip", "--retries", "3", NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out, &err), ==, 0);
  }
  got = received_reports (f);
  g_assert_cmpuint (got->len, ==, 2);
  g_assert_cmpuint (count_log_lines (f), ==, 4);
  g_assert_nonnull (strstr (out, key1));
  g_assert_nonnull (strstr (out, key2));

  /* Nothing is due any more. */
  {
    const char *args[] = { "submit", "--all", NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out2, &err2), ==, 0);
    g_assert_nonnull (strstr (out2, "No report is due"));
  }
  g_assert_cmpuint (count_log_lines (f), ==, 4);
}

static void
test_submit_dropped (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autofree char *log = NULL;

  start_receiver (f, NULL, "--drop-after-store=1");
  if (f->receiver == NULL)
    return;
  set_server_settings (f, f->url);
  {
    const char *args[] = { "submit", key, NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out, &err), ==, 0);
  }
  got = received_reports (f);
  g_assert_cmpuint (got->len, ==, 1);
  log = read_text (f->receiver_dir, "requests.log");
  g_assert_nonnull (strstr (log, "stored=new-dropped"));
  g_assert_nonnull (strstr (log, "stored=duplicate"));
}

static void
test_submit_discarded (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;

  start_receiver (f, "400", NULL);
  if (f->receiver == NULL)
    return;
  set_server_settings (f, f->url);
  {
    const char *args[] = { "submit", key, "--retries", "5", NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "rejected"));
    g_assert_nonnull (strstr (err, "Discarded="));
  }
  g_assert_cmpuint (count_log_lines (f), ==, 1);
  {
    const char *args[] = { "submit", "--all", NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out2, &err2), ==, 0);
  }
  g_assert_cmpuint (count_log_lines (f), ==, 1);
}

static void
test_submit_consent (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) got = NULL;

  start_receiver (f, NULL, NULL);
  if (f->receiver == NULL)
    return;
  set_server_settings (f, f->url);
  pm_settings_set_consent (pm_store_get_settings (f->store), NULL, PM_CONSENT_ALWAYS_ASK, &error);
  g_assert_no_error (error);
  {
    const char *args[] = { "submit", key, NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "consent"));
  }
  {
    const char *args[] = { "submit", "--all", NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out2, &err2), ==, 1);
  }
  g_assert_cmpuint (count_log_lines (f), ==, 0);
  {
    const char *args[] = { "submit", "--approve", key, NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out3, &err3), ==, 0);
  }
  got = received_reports (f);
  g_assert_cmpuint (got->len, ==, 1);
}

static void
test_submit_usage (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const cases[][6] = {
    { "submit", NULL },
    { "submit", "--all", "SOMEKEY", NULL },
    { "submit", "--all", "--approve", NULL },
    { "submit", "not-a-key", "--url", "http://127.0.0.1:9/", NULL },
    { "submit", "--all", "--url", "ftp://x/", NULL },
    { "submit", "--all", "--dsn", "https://127.0.0.1/1", NULL },
  };

  if (g_getenv ("PM_BUILD_DIR") == NULL)
    {
      g_test_skip ("PM_BUILD_DIR is not set (run through meson test)");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      g_assert_cmpint (run_ctl (cases[i], NULL, &out, &err), ==, 2);
      g_assert_true (g_str_has_prefix (err, "postmortemctl submit: "));
    }
  /* No server configured, none given and none named by the program: a clear failure. */
  {
    g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
    g_autofree char *out = NULL, *err = NULL;
    const char *args[] = { "submit", "--all", NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "no crash server is configured"));
    g_assert_nonnull (strstr (err, "the program names no crash server"));
  }
}

/* Endpoint profiles end to end: the path and query the receiver saw. */
static void
test_submit_profiles (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *key1 = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *key2 = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autofree char *log = NULL;
  g_autofree char *base = NULL;
  g_autofree char *dsn = NULL;
  g_autoptr(GError) error = NULL;
  PmSettings *settings = pm_store_get_settings (f->store);

  start_receiver (f, NULL, NULL);
  if (f->receiver == NULL)
    return;
  /* http://127.0.0.1:PORT/submit -> http://127.0.0.1:PORT */
  base = g_strndup (f->url, strlen (f->url) - strlen ("/submit"));

  /* Sentry DSN on the command line: /api/PROJECT/minidump/?sentry_key=KEY, the secret never sent. */
  dsn = g_strdup_printf ("http://0123abcd:s3cret@%s/42", base + strlen ("http://"));
  {
    const char *args[] = { "submit", key1, "--dsn", dsn, NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out, &err), ==, 0);
  }
  /* Socorro from the settings file: the collector root gets /submit. */
  pm_settings_set_value (settings, "Server", "Kind", "socorro", &error);
  g_assert_no_error (error);
  pm_settings_set_value (settings, "Server", "Url", base, &error);
  g_assert_no_error (error);
  {
    const char *args[] = { "submit", key2, NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out2, &err2), ==, 0);
  }
  log = read_text (f->receiver_dir, "requests.log");
  g_test_message ("%s", log);
  g_assert_nonnull (strstr (log, "1 POST /api/42/minidump/?sentry_key=0123abcd status=200"));
  g_assert_nonnull (strstr (log, "2 POST /submit status=200"));
  g_assert_null (strstr (log, "s3cret"));
}

static glong
submit_sparse (Fixture *f,
               gsize    size,
               gboolean gzip)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", size, TRUE, NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "submit", key, "--url", f->url, gzip ? NULL : "--no-gzip", NULL };
  glong maxrss = 0;

  g_assert_cmpint (run_ctl (args, &maxrss, &out, &err), ==, 0);
  return maxrss;
}

static void
test_submit_rss (Fixture       *f,
                 gconstpointer  data)
{
  const gsize big = 300 * 1024 * 1024;
  glong small_rss, big_rss, big_plain_rss;
  g_autoptr(GPtrArray) got = NULL;

#if defined(__SANITIZE_ADDRESS__)
  {
    /* AddressSanitizer keeps freed memory in a quarantine (256 MB by default),
     * which the kernel counts as RSS: keep it small for postmortemctl so the
     * growth measured is the program's own. */
    g_autofree char *options = g_strdup_printf ("%s%squarantine_size_mb=4:thread_local_quarantine_size_kb=64",
                                                g_getenv ("ASAN_OPTIONS") ?: "",
                                                g_getenv ("ASAN_OPTIONS") ? ":" : "");
    g_setenv ("ASAN_OPTIONS", options, TRUE);
  }
#endif
  start_receiver (f, NULL, NULL);
  if (f->receiver == NULL)
    return;
  small_rss = submit_sparse (f, 1024 * 1024, TRUE);
  big_rss = submit_sparse (f, big, TRUE);
  big_plain_rss = submit_sparse (f, big, FALSE);
  g_test_message ("peak RSS of postmortemctl submit: 1 MiB dump %ld KiB, 300 MiB dump %ld KiB (gzip), "
                  "%ld KiB (plain)", small_rss, big_rss, big_plain_rss);
  printf ("# peak RSS: 1 MiB dump %ld KiB; 300 MiB dump %ld KiB gzip, %ld KiB plain\n",
          small_rss, big_rss, big_plain_rss);

  /* The receiver got all three, the big ones whole. */
  got = received_reports (f);
  g_assert_cmpuint (got->len, ==, 3);
  {
    guint big_seen = 0;
    for (guint i = 0; i < got->len; i++)
      {
        g_autofree char *path = g_build_filename (g_ptr_array_index (got, i), "upload_file_minidump", NULL);
        GStatBuf st;
        g_assert_cmpint (g_stat (path, &st), ==, 0);
        if ((gsize) st.st_size == big)
          big_seen++;
      }
    g_assert_cmpuint (big_seen, ==, 2);
  }

  /* Memory does not grow with the dump: 300 MiB costs less than 8 MiB more
   * than 1 MiB (16 MiB under AddressSanitizer, whose allocator and quarantine
   * keep some freed buffers resident). */
#if defined(__SANITIZE_ADDRESS__)
  g_assert_cmpint (big_rss - small_rss, <, 16 * 1024);
  g_assert_cmpint (big_plain_rss - small_rss, <, 16 * 1024);
#else
  g_assert_cmpint (big_rss - small_rss, <, 8 * 1024);
  g_assert_cmpint (big_plain_rss - small_rss, <, 8 * 1024);
#endif
#if defined(__SANITIZE_ADDRESS__)
  g_test_message ("built with AddressSanitizer: its shadow memory inflates RSS, so only the growth is checked");
#else
  g_assert_cmpint (big_rss, <, 50 * 1024);
  g_assert_cmpint (big_plain_rss, <, 50 * 1024);
#endif
}


/* ---------------------------------------------------------------------- */
/* Hostile servers                                                         */

/* Starts postmortemctl with @args, stdout and stderr to files under $HOME. */
static pid_t
spawn_ctl (const char * const *args)
{
  g_autofree char *exe = build_path ("app/postmortemctl");
  g_autofree char *out_path = g_build_filename (g_getenv ("HOME"), "ctl.out", NULL);
  g_autofree char *err_path = g_build_filename (g_getenv ("HOME"), "ctl.err", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  posix_spawn_file_actions_t actions;
  pid_t pid;

  g_ptr_array_add (argv, exe);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen (&actions, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (posix_spawn (&pid, exe, &actions, NULL, (char **) argv->pdata, environ), ==, 0);
  posix_spawn_file_actions_destroy (&actions);
  return pid;
}

/* Waits (bounded, generously) for @pid to exit; its wait status. */
static int
wait_ctl (pid_t  pid,
          char **out_text,
          char **err_text)
{
  g_autofree char *out_path = g_build_filename (g_getenv ("HOME"), "ctl.out", NULL);
  g_autofree char *err_path = g_build_filename (g_getenv ("HOME"), "ctl.err", NULL);
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  int status;
  pid_t done;

  while ((done = waitpid (pid, &status, WNOHANG)) == 0)
    {
      if (g_get_monotonic_time () > end)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          g_error ("postmortemctl did not end within 60 s");
        }
      g_usleep (2000);
    }
  g_assert_cmpint (done, ==, pid);
  g_file_get_contents (out_path, out_text, NULL, NULL);
  g_file_get_contents (err_path, err_text, NULL, NULL);
  g_test_message ("postmortemctl -> %d\nstdout: %s\nstderr: %s", status, *out_text, *err_text);
  return status;
}

static void
wait_raw_requests (UploadTestRawServer *raw,
                   guint                n)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (upload_test_raw_server_get_requests (raw) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (2000);
    }
}

/* Ctrl-C while the server trickles its answer: postmortemctl ends at once,
 * exits non-zero, and the report is still queued, whole, with nothing
 * recorded about the cancelled attempt. */
static void
test_submit_sigint (Fixture       *f,
                    gconstpointer  data)
{
  int sig = GPOINTER_TO_INT (data);
  g_autoptr(GBytes) dump = NULL;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 64 * 1024, FALSE, &dump);
  UploadTestRawServer *raw = upload_test_raw_server_new ("trickle");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bytes = NULL;
  gsize length;
  gint64 signalled_at;
  int status;
  pid_t pid;

  {
    const char *args[] = { "submit", key, "--url", upload_test_raw_server_get_url (raw), NULL };
    pid = spawn_ctl (args);
  }
  /* The whole request reached the server; its answer now trickles. */
  wait_raw_requests (raw, 1);
  signalled_at = g_get_monotonic_time ();
  g_assert_cmpint (kill (pid, sig), ==, 0);
  status = wait_ctl (pid, &out, &err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 0);
  g_assert_nonnull (strstr (err, "cancelled"));
  /* At once: not the 60 s answer deadline, not the 100 s trickle. */
  g_assert_cmpint (g_get_monotonic_time () - signalled_at, <, 30 * G_USEC_PER_SEC);

  report = pm_store_load_report (f->store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
  g_assert_null (pm_report_get_load_error (report));
  g_assert_null (pm_report_get_value (report, "Upload.State"));
  path = g_build_filename (pm_store_get_path (f->store), "queue", key, pm_report_get_minidump_name (report), NULL);
  g_file_get_contents (path, &bytes, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (bytes, length, g_bytes_get_data (dump, NULL), g_bytes_get_size (dump));
  upload_test_raw_server_free (raw);
}

/* The server answers 200 with an id, then the answer stalls: the report is
 * archived as sent, and submit --all does not send it again. */
static void
test_submit_accepted_then_stall (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  UploadTestRawServer *raw = upload_test_raw_server_new ("accept-stall");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(GError) error = NULL;

  set_server_settings (f, upload_test_raw_server_get_url (raw));
  {
    const char *args[] = { "submit", key, "--deadline", "2", NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out, &err), ==, 0);
  }
  g_assert_nonnull (strstr (out, "sent as bp-stall-0001"));
  report = pm_store_load_report (f->store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_cmpstr (pm_report_get_value (report, "Response.ReportId"), ==, "bp-stall-0001");
  {
    const char *args[] = { "submit", "--all", "--deadline", "2", NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out2, &err2), ==, 0);
  }
  g_assert_nonnull (strstr (out2, "No report is due"));
  g_assert_cmpuint (upload_test_raw_server_get_requests (raw), ==, 1);
  upload_test_raw_server_free (raw);
}

/* Terminal escapes in the reason phrase, the Location header and the body:
 * postmortemctl prints them escaped, and Report.wer holds none. */
static void
test_submit_escaped (Fixture       *f,
                     gconstpointer  data)
{
  const char *mode = data;
  g_autofree char *key = upload_test_add_report (f->store, "crashy", "MiniDump", 4096, FALSE, NULL);
  UploadTestRawServer *raw = upload_test_raw_server_new (mode);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *wer = NULL;

  {
    const char *args[] = { "submit", key, "--url", upload_test_raw_server_get_url (raw), "--retries", "0", NULL };
    g_assert_cmpint (run_ctl (args, NULL, &out, &err), ==, 1);
  }
  upload_test_assert_no_controls ("postmortemctl's output", out);
  upload_test_assert_no_controls ("postmortemctl's errors", err);
  g_assert_nonnull (strstr (err, "\\x1b]0;owned\\x07"));
  wer = upload_test_read_report_wer (f->store, key);
  g_assert_nonnull (wer);
  upload_test_assert_no_controls ("Report.wer", wer);
  upload_test_raw_server_free (raw);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/submit/key", test_submit_key);
  ADD ("/submit/all-from-settings-503-503-200", test_submit_all_from_settings);
  ADD ("/submit/dropped-reply-no-duplicate", test_submit_dropped);
  ADD ("/submit/discarded-not-retried", test_submit_discarded);
  ADD ("/submit/consent", test_submit_consent);
  ADD ("/submit/usage", test_submit_usage);
  ADD ("/submit/profiles-sentry-socorro", test_submit_profiles);
  ADD ("/submit/rss-300mb", test_submit_rss);
#undef ADD
#define ADD_DATA(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD_DATA ("/submit/sigint-while-trickling", GINT_TO_POINTER (SIGINT), test_submit_sigint);
  ADD_DATA ("/submit/sigterm-while-trickling", GINT_TO_POINTER (SIGTERM), test_submit_sigint);
  ADD_DATA ("/submit/accepted-then-stall-not-resent", NULL, test_submit_accepted_then_stall);
  ADD_DATA ("/submit/escaped/reason-and-location", "hostile-302", test_submit_escaped);
  ADD_DATA ("/submit/escaped/reason-and-body", "hostile-503", test_submit_escaped);
#undef ADD_DATA

  return g_test_run ();
}
