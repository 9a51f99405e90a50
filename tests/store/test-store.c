/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-store.c — tests of the report store (suite 'store'): atomic publish, stale .tmp
 * cleanup after killed writers, 50 concurrent writers, flood control, quotas, corrupt and
 * planted files, state changes, watching, export.
 *
 * Runs in: the test process, with real child processes (pm-store-test-writer) and a real
 * store in a fresh temporary directory per test (HOME and XDG dirs isolated too).
 */
#include "pm-config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pm-store.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"

#define LOG_DOMAIN "Postmortem-Store"

typedef struct
{
  char       *dir;
  char       *store_path;
  char       *settings_path;
  PmSettings *settings;
  PmStore    *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pm-store-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->store_path = g_build_filename (f->dir, "store", NULL);
  /* One path for every test (set in main(), so child processes see it too); removed by
   * the teardown. */
  f->settings_path = g_strdup (g_getenv ("PM_SETTINGS_FILE"));
  f->settings = pm_settings_new (f->settings_path);
  f->store = pm_store_open (f->store_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  pm_store_set_settings (f->store, f->settings);
}

static void
remove_all (const char *path)
{
  g_autofree char *cmd = NULL;
  /* The tree is ours (a fresh tmp dir); chmod first so a test's 0000 dir goes too. */
  g_autofree char *quoted = g_shell_quote (path);
  cmd = g_strdup_printf ("chmod -R u+rwx %s 2>/dev/null; rm -rf %s", quoted, quoted);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->settings);
  unlink (f->settings_path);
  remove_all (f->dir);
  g_free (f->dir);
  g_free (f->store_path);
  g_free (f->settings_path);
}

static void
set_setting (Fixture    *f,
             const char *group,
             const char *key,
             const char *value)
{
  g_autoptr(GError) error = NULL;
  pm_settings_set_value (f->settings, group, key, value, &error);
  g_assert_no_error (error);
}

static char *
make_path (Fixture    *f,
           const char *first,
           ...)
{
  va_list args;
  GString *path = g_string_new (f->store_path);
  const char *part;

  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    {
      g_string_append_c (path, '/');
      g_string_append (path, part);
    }
  va_end (args);
  return g_string_free (path, FALSE);
}

/* Publishes a report with Sig[0].Value = @sig and a dump of @dump_bytes; @event_time_s
 * (unix seconds) overrides EventTime when non-zero. Returns the key (or NULL + error). */
static char *
publish (PmStore    *store,
         const char *app,
         const char *sig,
         gsize       dump_bytes,
         gint64      event_time_s,
         GError    **error)
{
  g_autoptr(PmReportDraft) draft = NULL;
  g_autofree guchar *dump = g_malloc0 (MAX (dump_bytes, 1));
  int fd;

  draft = pm_store_begin_report (store, error);
  if (draft == NULL)
    return NULL;
  for (gsize i = 0; i < dump_bytes; i++)
    dump[i] = (guchar) (i * 7 + 3);
  fd = pm_report_draft_create_file (draft, "minidump.dmp", error);
  if (fd < 0)
    return NULL;
  g_assert_cmpint (write (fd, dump, dump_bytes), ==, (gssize) dump_bytes);
  close (fd);
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", app);
  pm_report_draft_set (draft, "AppPath", "/usr/bin/app");
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", sig);
  pm_report_draft_add_file (draft, "minidump.dmp", "MiniDump", 0);
  if (event_time_s != 0)
    {
      g_autofree char *ft = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             ((guint64) event_time_s + G_GUINT64_CONSTANT (11644473600)) * 10000000);
      pm_report_draft_set (draft, "EventTime", ft);
    }
  return pm_store_publish_report (store, draft, error);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static char *
writer_path (void)
{
  return g_test_build_filename (G_TEST_BUILT, "pm-store-test-writer", NULL);
}

/* ---- publishing ---- */

/* Every file the store writes is 0600 and its directories 0700; a file of ours that others
 * can read is tightened when the report is read; a file that belongs to another user inside
 * a report makes the report unsafe, with a message naming the file and the owner. */
static void
test_unsafe_other_owner_and_mode (Fixture      *f,
                                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = publish (f->store, "owner", "sigOwner", 100, 0, &error);
  g_autofree char *dir = NULL, *dump = NULL, *wer = NULL, *planted = NULL;
  struct stat st;

  g_assert_no_error (error);
  dir = make_path (f, "queue", key, NULL);
  dump = g_build_filename (dir, "minidump.dmp", NULL);
  wer = g_build_filename (dir, "Report.wer", NULL);
  g_assert_cmpint (stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  g_assert_cmpint (stat (dump, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (stat (wer, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* Loosened behind the store's back: reading the report makes them private again. */
  g_assert_cmpint (chmod (dump, 0666), ==, 0);
  g_assert_cmpint (chmod (wer, 0644), ==, 0);
  {
    g_autoptr(PmReport) report = pm_store_load_report (f->store, key, &error);
    int fd;

    g_assert_no_error (error);
    g_assert_null (pm_report_get_load_error (report));
    fd = pm_report_open_file (report, "minidump.dmp", &error);
    g_assert_no_error (error);
    close (fd);
  }
  g_assert_cmpint (stat (dump, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (stat (wer, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  if (geteuid () != 0)
    {
      g_test_skip ("not root: cannot give a file to another user");
      return;
    }
  /* Another user's file in the report, and the report's own dump given away. */
  planted = g_build_filename (dir, "attachment.txt", NULL);
  write_file (planted, "planted");
  g_assert_cmpint (chown (planted, 65534, 65534), ==, 0);
  {
    g_autoptr(PmReport) report = pm_store_load_report (f->store, key, &error);

    g_assert_null (report);
    g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "attachment.txt"));
    g_assert_nonnull (strstr (error->message, "another user (uid 65534)"));
    g_clear_error (&error);
  }
  g_assert_cmpint (unlink (planted), ==, 0);
  {
    /* Given away after the report was listed: opening the file refuses it. */
    g_autoptr(PmReport) report = pm_store_load_report (f->store, key, &error);
    int fd;

    g_assert_no_error (error);
    g_assert_cmpint (chown (dump, 65534, 65534), ==, 0);
    fd = pm_report_open_file (report, "minidump.dmp", &error);
    g_assert_cmpint (fd, ==, -1);
    g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "belongs to another user (uid 65534)"));
    g_clear_error (&error);
  }
  g_assert_cmpint (chown (wer, 65534, 65534), ==, 0);
  {
    g_autoptr(PmReport) report = pm_store_load_report (f->store, key, &error);

    /* Report.wer of another user: the report cannot be read, and says why. */
    g_assert_null (report);
    g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "another user"));
  }
}

static void
test_publish_basic (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key2 = NULL;
  g_autofree char *key3 = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(PmReport) report3 = NULL;
  g_autofree char *event = NULL, *app = NULL, *bucket = NULL, *uuid = NULL;
  g_autofree char *path = NULL;
  const char *name, *value;
  struct stat st;
  char **parts;

  key = publish (f->store, "gnome calc/äx", "sigA", 1000, 0, &error);
  g_assert_no_error (error);
  g_assert_true (pm_store_key_is_valid (key));
  parts = g_strsplit (key, "_", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  g_assert_cmpstr (parts[0], ==, "APPCRASH");
  g_assert_cmpstr (parts[1], ==, "gnome-calc---x");   /* '/', ' ' and the two bytes of 'ä' */
  g_assert_cmpuint (strlen (parts[2]), ==, 16);

  report = pm_store_load_report (f->store, key, &error);
  g_assert_no_error (error);
  g_assert_null (pm_report_get_load_error (report));
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
  g_assert_cmpstr (pm_report_get_value (report, "Version"), ==, "1");
  g_assert_cmpstr (pm_report_get_app_name (report), ==, "gnome calc/äx");
  g_assert_cmpstr (pm_report_get_event_type (report), ==, "APPCRASH");
  g_assert_cmpstr (pm_report_get_bucket_id (report), ==, parts[2]);
  g_assert_cmpstr (pm_report_get_report_id (report), ==, parts[3]);
  g_assert_nonnull (pm_report_get_event_time (report));
  g_assert_cmpint (ABS (g_date_time_to_unix (pm_report_get_event_time (report)) - g_get_real_time () / G_USEC_PER_SEC), <=, 5);
  g_assert_cmpuint (pm_report_get_count (report), ==, 1);
  g_assert_true (pm_report_get_signature (report, 0, &name, &value));
  g_assert_cmpstr (name, ==, "Application Name");
  g_assert_cmpstr (value, ==, "sigA");
  g_assert_false (pm_report_get_signature (report, 1, NULL, NULL));
  g_assert_cmpuint (pm_report_get_n_files (report), ==, 2);
  g_assert_cmpstr (pm_report_get_file_name (report, 0), ==, "Report.wer");
  g_assert_cmpstr (pm_report_get_file_name (report, 1), ==, "minidump.dmp");
  g_assert_cmpuint (pm_report_get_file_size (report, 1), ==, 1000);
  g_assert_cmpstr (pm_report_get_minidump_name (report), ==, "minidump.dmp");
  g_assert_cmpstr (pm_report_get_keys (report)[0], ==, "Version");
  g_strfreev (parts);

  /* Directories 0700, files 0600. */
  g_assert_cmpint (stat (f->store_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  path = make_path (f, "queue", NULL);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  g_free (path);
  path = make_path (f, "queue", key, NULL);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  g_free (path);
  path = make_path (f, "queue", key, "Report.wer", NULL);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_free (path);
  path = make_path (f, "queue", key, "minidump.dmp", NULL);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* The same signature gives the same bucket (flood control off), another a different one. */
  set_setting (f, "Quota", "FloodWindowSeconds", "0");
  key2 = publish (f->store, "gnome calc/äx", "sigA", 10, 0, &error);
  g_assert_no_error (error);
  key3 = publish (f->store, "gnome calc/äx", "sigB", 10, 0, &error);
  g_assert_no_error (error);
  g_assert_true (pm_store_key_split (key2, &event, &app, &bucket, &uuid));
  g_assert_true (strstr (key, bucket) != NULL);
  g_assert_false (strstr (key3, bucket) != NULL);
  report3 = pm_store_load_report (f->store, key3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pm_report_get_bucket_id (report3), !=, bucket);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_QUEUE), ==, 3);
}

/* A report as stored before bucket rule 2: the absolute fault address among its
 * signatures, and its old bucket in its key and Response.BucketId. */
static char *
write_legacy_report (Fixture    *f,
                     const char *old_bucket,
                     const char *uuid,
                     const char *offset,
                     const char *fault_address)
{
  g_autofree char *key = g_strdup_printf ("APPCRASH_calc_%s_%s", old_bucket, uuid);
  g_autofree char *dir = make_path (f, "queue", key, NULL);
  g_autofree char *wer = make_path (f, "queue", key, "Report.wer", NULL);
  g_autofree char *text = g_strdup_printf ("Version=1\nEventType=APPCRASH\nAppName=calc\n"
                                           "ReportIdentifier=%s\nResponse.BucketId=%s\n"
                                           "Sig[0].Name=Application Name\nSig[0].Value=calc\n"
                                           "Sig[6].Name=Signal\nSig[6].Value=SIGFPE\n"
                                           "Sig[7].Name=Offset In Module\nSig[7].Value=%s\n"
                                           "Sig[8].Name=Fault Address\nSig[8].Value=%s\n",
                                           uuid, old_bucket, offset, fault_address);

  g_assert_cmpint (mkdir (dir, 0700), ==, 0);
  write_file (wer, text);
  g_assert_cmpint (chmod (wer, 0600), ==, 0);
  return g_steal_pointer (&key);
}

static void
test_bucket_legacy_reports (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *k1 = write_legacy_report (f, "1111111111111111", "00000000-0000-4000-8000-000000000001",
                                             "0x2594", "0x5566026e6594");
  g_autofree char *k2 = write_legacy_report (f, "2222222222222222", "00000000-0000-4000-8000-000000000002",
                                             "0x2594", "0x5608042ee594");
  g_autofree char *k3 = write_legacy_report (f, "3333333333333333", "00000000-0000-4000-8000-000000000003",
                                             "0x25a0", "0x5608042ee5a0");
  g_autoptr(PmReport) r1 = pm_store_load_report (f->store, k1, &error);
  g_autoptr(PmReport) r2 = pm_store_load_report (f->store, k2, &error);
  g_autoptr(PmReport) r3 = pm_store_load_report (f->store, k3, &error);

  g_assert_no_error (error);
  g_assert_null (pm_report_get_load_error (r1));
  /* The bucket is computed again from the signature, without the fault address: the two
   * runs of one crash are one problem, another offset is another. */
  g_assert_cmpstr (pm_report_get_value (r1, "Response.BucketId"), ==, "1111111111111111");
  g_assert_cmpstr (pm_report_get_bucket_id (r1), !=, "1111111111111111");
  g_assert_cmpuint (strlen (pm_report_get_bucket_id (r1)), ==, 16);
  g_assert_cmpstr (pm_report_get_bucket_id (r1), ==, pm_report_get_bucket_id (r2));
  g_assert_cmpstr (pm_report_get_bucket_id (r1), !=, pm_report_get_bucket_id (r3));
}

/* Published now, signatures that differ only in an absolute address share a bucket. */
static void
test_bucket_ignores_fault_address (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  char *keys[2];
  const char *addresses[2] = { "0x55aa00001000", "0x7fbb00001000" };

  set_setting (f, "Quota", "FloodWindowSeconds", "0");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PmReportDraft) draft = pm_store_begin_report (f->store, &error);

      g_assert_no_error (error);
      pm_report_draft_set (draft, "EventType", "APPCRASH");
      pm_report_draft_set (draft, "AppName", "calc");
      pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
      pm_report_draft_set (draft, "Sig[0].Value", "calc");
      pm_report_draft_set (draft, "Sig[1].Name", "Fault Address");
      pm_report_draft_set (draft, "Sig[1].Value", addresses[i]);
      keys[i] = pm_store_publish_report (f->store, draft, &error);
      g_assert_no_error (error);
    }
  {
    g_autofree char *b0 = NULL, *b1 = NULL;

    g_assert_cmpstr (keys[0], !=, keys[1]);
    g_assert_true (pm_store_key_split (keys[0], NULL, NULL, &b0, NULL));
    g_assert_true (pm_store_key_split (keys[1], NULL, NULL, &b1, NULL));
    g_assert_cmpstr (b0, ==, b1);
  }
  g_free (keys[0]);
  g_free (keys[1]);
}

static void
test_publish_invisible_until_published (Fixture      *f,
                                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  PmReportDraft *draft;
  g_autofree char *tmp = make_path (f, ".tmp", NULL);
  g_autofree char *queue = make_path (f, "queue", NULL);
  g_autoptr(GPtrArray) reports = NULL;
  int fd;

  draft = pm_store_begin_report (f->store, &error);
  g_assert_no_error (error);
  fd = pm_report_draft_create_file (draft, "minidump.dmp", &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (fd, "MDMP", 4), ==, 4);
  close (fd);
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  g_assert_cmpuint (count_entries (tmp), ==, 1);
  g_assert_cmpuint (count_entries (queue), ==, 0);
  reports = pm_store_list_reports (f->store, PM_REPORT_STATE_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 0);
  /* Freed without publishing: gone. */
  pm_report_draft_free (draft);
  g_assert_cmpuint (count_entries (tmp), ==, 0);
  g_assert_cmpuint (count_entries (queue), ==, 0);
}

static void
test_publish_invalid (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = make_path (f, ".tmp", NULL);
  static const char *const bad_names[] = { "../x", "a/b", ".hidden", "Report.wer", "bad\001name", "", "\xff\xfe" };

  {
    g_autoptr(PmReportDraft) draft = pm_store_begin_report (f->store, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
      {
        int fd = pm_report_draft_create_file (draft, bad_names[i], &error);
        g_assert_cmpint (fd, ==, -1);
        g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
    /* A bad key or value is remembered and named at publish time. */
    pm_report_draft_set (draft, "EventType", "APPCRASH");
    pm_report_draft_set (draft, "Bad Key", "x");
    g_assert_null (pm_store_publish_report (f->store, draft, &error));
    g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "Bad Key"));
    g_clear_error (&error);
  }
  {
    /* A value Report.wer cannot hold as it is is stored escaped, never refused. */
    g_autoptr(PmReportDraft) draft = pm_store_begin_report (f->store, &error);
    g_autofree char *key = NULL;
    g_autoptr(PmReport) report = NULL;

    pm_report_draft_set (draft, "EventType", "APPCRASH");
    pm_report_draft_set (draft, "AppName", "multi\nline\xe9\x1b[0m\\");
    g_assert_cmpstr (pm_report_draft_get (draft, "AppName"), ==, "multi\\x0aline\\xe9\\x1b[0m\\\\");
    key = pm_store_publish_report (f->store, draft, &error);
    g_assert_no_error (error);
    report = pm_store_load_report (f->store, key, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pm_report_get_app_name (report), ==, "multi\\x0aline\\xe9\\x1b[0m\\\\");
  }
  {
    g_autoptr(PmReportDraft) draft = pm_store_begin_report (f->store, &error);
    g_assert_null (pm_store_publish_report (f->store, draft, &error));
    g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "EventType"));
    g_clear_error (&error);
  }
  g_assert_cmpuint (count_entries (tmp), ==, 0);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 1);
}

static void
test_publish_excluded (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *tmp = make_path (f, ".tmp", NULL);

  pm_settings_set_excluded (f->settings, "excluded-app", TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (pm_store_is_app_excluded (f->store, "excluded-app"));
  g_assert_false (pm_store_is_app_excluded (f->store, "other-app"));
  key = publish (f->store, "excluded-app", "s", 10, 0, &error);
  g_assert_null (key);
  g_assert_error (error, PM_ERROR, PM_ERROR_EXCLUDED);
  g_clear_error (&error);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 0);
  g_assert_cmpuint (count_entries (tmp), ==, 0);
  /* Included again: reports are kept. */
  pm_settings_set_excluded (f->settings, "excluded-app", FALSE, &error);
  g_assert_no_error (error);
  key = publish (f->store, "excluded-app", "s", 10, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 1);
}

/* ---- .tmp cleanup and killed writers ---- */

static void
test_tmp_stale_cleanup (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = make_path (f, ".tmp", NULL);
  g_autoptr(PmReportDraft) live = NULL;
  g_autoptr(PmStore) again = NULL;
  g_autoptr(PmStore) third = NULL;
  g_autofree char *key = NULL;
  int status;
  pid_t pid;
  int fd;

  /* A writer that dies half-way (no free, no publish). */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      PmStore *store = pm_store_open (f->store_path, NULL);
      PmReportDraft *draft = store != NULL ? pm_store_begin_report (store, NULL) : NULL;
      int cfd = draft != NULL ? pm_report_draft_create_file (draft, "minidump.dmp", NULL) : -1;
      if (cfd < 0 || write (cfd, "partial", 7) != 7)
        _exit (1);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_cmpuint (count_entries (tmp), ==, 1);

  /* A draft of a live writer (this process) is left alone by another open... */
  live = pm_store_begin_report (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (tmp), ==, 2);
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Removed *.tmp/*left by a report writer that did not finish");
  again = pm_store_open (f->store_path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (tmp), ==, 1);
  third = pm_store_open (f->store_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (tmp), ==, 1);
  /* ...and still publishes. */
  fd = pm_report_draft_create_file (live, "minidump.dmp", &error);
  g_assert_no_error (error);
  close (fd);
  pm_report_draft_set (live, "EventType", "APPCRASH");
  key = pm_store_publish_report (f->store, live, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (tmp), ==, 0);
  g_assert_cmpuint (pm_store_count_reports (again, PM_REPORT_STATE_QUEUE), ==, 1);
}

/* Checks that every visible report is whole: Report.wer complete and the dump's size and
 * checksum what the writer recorded. Returns how many there are. */
static guint
check_all_whole (PmStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = pm_store_list_reports (store, PM_REPORT_STATE_ALL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (reports, i);
      g_autofree char *data = NULL;
      g_autofree char *sum = NULL;
      g_autoptr(GMappedFile) mapped = NULL;
      gsize length = 0;
      int fd;

      g_assert_null (pm_report_get_load_error (report));
      g_assert_cmpstr (pm_report_get_value (report, "Test.Complete"), ==, "yes");
      fd = pm_report_open_file (report, "minidump.dmp", &error);
      g_assert_no_error (error);
      mapped = g_mapped_file_new_from_fd (fd, FALSE, &error);
      g_assert_no_error (error);
      length = g_mapped_file_get_length (mapped);
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                         (const guchar *) (length ? g_mapped_file_get_contents (mapped) : ""), length);
      g_assert_cmpstr (sum, ==, pm_report_get_value (report, "Test.DumpSha256"));
      close (fd);
    }
  return reports->len;
}

/* Kills a writer (pm-store-test-writer steps) at a step it reported: the writer prints
 * "step NAME" before each step of a report and waits for a line from us, so where the
 * kill lands is chosen here, not guessed from a clock. Each round skips `reports`
 * published reports, then kills before the `at`-th step of the next one (the writer
 * blocked there) or, every other round, just after letting that step start (the kill
 * lands somewhere inside it: a write, the fsyncs and renames of a publish). Returns how
 * many reports the writer said it published. */
static guint
kill_writer_at_step (Fixture *f,
                     guint    reports,
                     guint    at,
                     gboolean inside)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *writer = writer_path ();
  const char *argv[] = { writer, "steps", f->store_path, "200000", NULL };
  char line[512];
  guint published = 0, steps = 0;
  int in_fd, out_fd, status;
  FILE *out;
  GPid pid;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, &in_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  g_assert_nonnull (out);
  for (;;)
    {
      g_assert_nonnull (fgets (line, sizeof line, out));   /* the writer never stops by itself */
      if (g_str_has_prefix (line, "published "))
        {
          published++;
          continue;
        }
      g_assert_true (g_str_has_prefix (line, "step "));
      /* A report has fewer than `at` steps: the kill then lands in the report after. */
      if (published >= reports && ++steps == at)
        break;
      g_assert_cmpint (write (in_fd, "\n", 1), ==, 1);
    }
  if (inside)
    g_assert_cmpint (write (in_fd, "\n", 1), ==, 1);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  fclose (out);
  close (in_fd);
  g_spawn_close_pid (pid);
  return published;
}

static void
test_tmp_killed_writer (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = make_path (f, ".tmp", NULL);
  g_autoptr(PmStore) reopened = NULL;
  guint rounds = g_test_slow () ? 120 : 40;
  guint n_whole, n_published = 0;

  set_setting (f, "Quota", "MaxQueueCount", "0");   /* keep everything, to check everything */
  for (guint round = 0; round < rounds; round++)
    {
      /* 0 to 2 whole reports first, then any of the ~17 steps of the next one. */
      n_published += kill_writer_at_step (f, round % 3, g_test_rand_int_range (1, 20), round % 2 == 1);
      /* Whatever is visible is whole, even before the .tmp cleanup; every report the
       * writer said it published is there (one killed after its rename, before it said
       * so, may be there too). */
      n_whole = check_all_whole (f->store);
      g_assert_cmpuint (n_whole, >=, n_published);
    }
  n_whole = check_all_whole (f->store);
  g_test_message ("%u writers killed, %u reports published, %u whole reports, %u leftovers in .tmp",
                  rounds, n_published, n_whole, count_entries (tmp));
  g_assert_cmpuint (n_published, >=, rounds / 3 * 3);   /* rounds 1, 2, 4, 5…: 1 or 2 each */
  /* The next open removes every leftover. */
  reopened = pm_store_open (f->store_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (tmp), ==, 0);
  g_assert_cmpuint (check_all_whole (reopened), ==, n_whole);
}

/* ---- many processes at once ---- */

static void
run_writers (Fixture    *f,
             guint       n,
             const char *signature)
{
  g_autofree char *writer = writer_path ();
  g_autoptr(GError) error = NULL;
  GPid *pids = g_new (GPid, n);

  for (guint i = 0; i < n; i++)
    {
      const char *argv[] = { writer, "publish", f->store_path, signature, "1", "4096", NULL };
      g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, &pids[i], &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < n; i++)
    {
      int status;
      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  g_free (pids);
}

static void
test_concurrent_distinct (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *tmp = make_path (f, ".tmp", NULL);

  run_writers (f, 50, "distinct+");
  reports = pm_store_list_reports (f->store, PM_REPORT_STATE_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 50);
  for (guint i = 0; i < reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (reports, i);
      g_assert_null (pm_report_get_load_error (report));
      g_assert_cmpstr (pm_report_get_value (report, "Test.Complete"), ==, "yes");
      g_assert_true (g_hash_table_add (ids, (gpointer) pm_report_get_report_id (report)));
      if (i > 0)
        g_assert_cmpint (g_date_time_compare (pm_report_get_event_time (g_ptr_array_index (reports, i - 1)),
                                              pm_report_get_event_time (report)), <=, 0);
    }
  g_assert_cmpuint (check_all_whole (f->store), ==, 50);
  g_assert_cmpuint (count_entries (tmp), ==, 0);
}

static void
test_concurrent_flood (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = NULL;

  run_writers (f, 50, "same-crash");
  reports = pm_store_list_reports (f->store, PM_REPORT_STATE_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpuint (pm_report_get_count (g_ptr_array_index (reports, 0)), ==, 50);
  g_assert_cmpuint (check_all_whole (f->store), ==, 1);
}

/* ---- flood control ---- */

static void
test_flood_twenty (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autofree char *tmp = make_path (f, ".tmp", NULL);
  guint64 event, last;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *key = publish (f->store, "flood", "same", 100, 0, &error);
      g_assert_no_error (error);
      if (first == NULL)
        first = g_strdup (key);
      g_assert_cmpstr (key, ==, first);
    }
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 1);
  g_assert_cmpuint (count_entries (tmp), ==, 0);
  report = pm_store_load_report (f->store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pm_report_get_count (report), ==, 20);
  g_assert_cmpstr (pm_report_get_value (report, "Postmortem.Count"), ==, "20");
  event = g_ascii_strtoull (pm_report_get_value (report, "EventTime"), NULL, 10);
  last = g_ascii_strtoull (pm_report_get_value (report, "Postmortem.LastEventTime"), NULL, 10);
  g_assert_cmpuint (last, >, event);
}

static void
test_flood_window (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  set_setting (f, "Quota", "FloodWindowSeconds", "30");
  a = publish (f->store, "w", "sig", 10, now - 100, &error);
  g_assert_no_error (error);
  b = publish (f->store, "w", "sig", 10, now - 75, &error);   /* within 30 s of a */
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, b);
  c = publish (f->store, "w", "sig", 10, now - 40, &error);   /* 35 s after the last one */
  g_assert_no_error (error);
  g_assert_cmpstr (c, !=, a);
  set_setting (f, "Quota", "FloodWindowSeconds", "0");
  d = publish (f->store, "w", "sig", 10, now - 39, &error);   /* flood control off */
  g_assert_no_error (error);
  g_assert_cmpstr (d, !=, c);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_QUEUE), ==, 3);
}

/* ---- quotas ---- */

static void
test_quota_queue_count (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  char *published[5];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  set_setting (f, "Quota", "MaxQueueCount", "3");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *sig = g_strdup_printf ("q%u", i);
      /* Published newest first for two of them, to prove the order is EventTime's. */
      gint64 when = now - 1000 + (i == 3 ? -500 : (gint64) i * 10);
      if (i >= 3)
        g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Evicted report APPCRASH_q_*MaxQueueCount=3*");
      published[i] = publish (f->store, "q", sig, 100, when, &error);
      g_assert_no_error (error);
      g_test_assert_expected_messages ();
    }
  /* Publishing #3 (oldest EventTime of all) evicted #0; publishing #4 evicted #3 itself? No:
   * never the one being written, but #3 was already published: it is the oldest, so it goes. */
  keys = pm_store_list_keys (f->store, PM_REPORT_STATE_QUEUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, published[1]);
  g_assert_cmpstr (g_ptr_array_index (keys, 1), ==, published[2]);
  g_assert_cmpstr (g_ptr_array_index (keys, 2), ==, published[4]);
  for (guint i = 0; i < 5; i++)
    g_free (published[i]);
}

static guint64
report_size (PmStore    *store,
             const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) report = pm_store_load_report (store, key, &error);
  g_assert_no_error (error);
  return pm_report_get_size (report);
}

static void
test_quota_bytes (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) archived = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  char *keys[6];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint64 one, limit;
  g_autofree char *limit_text = NULL;
  g_autofree char *big = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *sig = g_strdup_printf ("b%u", i);
      keys[i] = publish (f->store, "bytes", sig, 10000, now - 100 + i, &error);
      g_assert_no_error (error);
    }
  /* The two oldest are archived (sent). */
  g_assert_true (pm_store_archive_report (f->store, keys[0], &error));
  g_assert_no_error (error);
  g_assert_true (pm_store_archive_report (f->store, keys[1], &error));
  g_assert_no_error (error);
  one = report_size (f->store, keys[4]);
  g_assert_cmpuint (pm_store_get_size_on_disk (f->store, PM_REPORT_STATE_ALL, &error), ==,
                    report_size (f->store, keys[0]) + report_size (f->store, keys[1]) +
                    report_size (f->store, keys[2]) + report_size (f->store, keys[3]) + one);
  /* Room for 4 reports and a little: the 6th evicts the two archived ones (archive first,
   * oldest first), though a queued report is older than the newest archived. */
  limit = 4 * one + one / 2;
  limit_text = g_strdup_printf ("%" G_GUINT64_FORMAT, limit);
  set_setting (f, "Quota", "MaxBytes", limit_text);
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Evicted report*archive*MaxBytes*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Evicted report*archive*MaxBytes*");
  keys[5] = publish (f->store, "bytes", "b5", 10000, now, &error);
  g_assert_no_error (error);
  g_test_assert_expected_messages ();
  archived = pm_store_list_keys (f->store, PM_REPORT_STATE_ARCHIVE, &error);
  queued = pm_store_list_keys (f->store, PM_REPORT_STATE_QUEUE, &error);
  g_assert_cmpuint (archived->len, ==, 0);
  g_assert_cmpuint (queued->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (g_ptr_array_index (queued, i), ==, keys[i + 2]);
  g_assert_cmpuint (pm_store_get_size_on_disk (f->store, PM_REPORT_STATE_ALL, &error), <=, limit);

  /* A report bigger than the whole cap is refused, and nothing is evicted for it. */
  big = publish (f->store, "bytes", "huge", limit + 1, now, &error);
  g_assert_null (big);
  g_assert_error (error, PM_ERROR, PM_ERROR_QUOTA);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 4);
  for (guint i = 0; i < 6; i++)
    g_free (keys[i]);
}

/* The usage cache (<store>/.usage) is a hint: a wrong or planted one never evicts. */
static void
test_quota_usage_cache (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *usage = make_path (f, ".usage", NULL);
  g_autofree char *outside = g_build_filename (f->dir, "outside-usage", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  set_setting (f, "Quota", "MaxBytes", "1000000");
  a = publish (f->store, "usage", "u1", 1000, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (usage, &contents, NULL, NULL));
  g_assert_cmpuint (g_ascii_strtoull (contents, NULL, 10), ==, report_size (f->store, a));
  /* Claims the store is full: measured for real, nothing evicted. */
  g_assert_cmpint (unlink (usage), ==, 0);
  write_file (usage, "999999999\n");
  b = publish (f->store, "usage", "u2", 1000, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 2);
  g_free (contents);
  g_assert_true (g_file_get_contents (usage, &contents, NULL, NULL));
  g_assert_cmpuint (g_ascii_strtoull (contents, NULL, 10), ==, report_size (f->store, a) + report_size (f->store, b));
  /* A symlink there is neither followed nor written through. */
  write_file (outside, "42\n");
  g_assert_cmpint (unlink (usage), ==, 0);
  g_assert_cmpint (symlink (outside, usage), ==, 0);
  c = publish (f->store, "usage", "u3", 1000, 0, &error);
  g_assert_no_error (error);
  g_free (contents);
  g_assert_true (g_file_get_contents (outside, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "42\n");
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 3);
  /* The symlink was replaced by the cache itself; deleting a report keeps it exact. */
  {
    guint64 sa = report_size (f->store, a), sb = report_size (f->store, b), sc = report_size (f->store, c);
    g_free (contents);
    g_assert_true (g_file_test (usage, G_FILE_TEST_IS_REGULAR) && !g_file_test (usage, G_FILE_TEST_IS_SYMLINK));
    g_assert_true (g_file_get_contents (usage, &contents, NULL, NULL));
    g_assert_cmpuint (g_ascii_strtoull (contents, NULL, 10), ==, sa + sb + sc);
    g_assert_true (pm_store_delete_report (f->store, a, &error));
    g_free (contents);
    g_assert_true (g_file_get_contents (usage, &contents, NULL, NULL));
    g_assert_cmpuint (g_ascii_strtoull (contents, NULL, 10), ==, sb + sc);
  }
}

static void
test_quota_age (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *old1 = NULL, *old2 = NULL, *recent = NULL, *fresh = NULL;

  old1 = publish (f->store, "age", "a1", 10, now - 5 * 86400, &error);
  old2 = publish (f->store, "age", "a2", 10, now - 3 * 86400, &error);
  recent = publish (f->store, "age", "a3", 10, now - 86400 / 2, &error);
  g_assert_no_error (error);
  g_assert_true (pm_store_archive_report (f->store, old2, &error));
  set_setting (f, "Quota", "MaxAgeDays", "2");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Evicted report*queue*older than MaxAgeDays=2*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Evicted report*archive*older than MaxAgeDays=2*");
  fresh = publish (f->store, "age", "a4", 10, 0, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  keys = pm_store_list_keys (f->store, PM_REPORT_STATE_ALL, &error);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, recent);
  g_assert_cmpstr (g_ptr_array_index (keys, 1), ==, fresh);
}

static void
test_quota_archive_count (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) archived = NULL;
  char *keys[4];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  set_setting (f, "Quota", "MaxArchiveCount", "2");
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *sig = g_strdup_printf ("a%u", i);
      keys[i] = publish (f->store, "arch", sig, 10, now - 100 + i, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 4; i++)
    {
      if (i >= 2)
        g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Evicted report*archive*MaxArchiveCount=2*");
      g_assert_true (pm_store_archive_report (f->store, keys[i], &error));
      g_assert_no_error (error);
      g_test_assert_expected_messages ();
    }
  archived = pm_store_list_keys (f->store, PM_REPORT_STATE_ARCHIVE, &error);
  g_assert_cmpuint (archived->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (archived, 0), ==, keys[2]);
  g_assert_cmpstr (g_ptr_array_index (archived, 1), ==, keys[3]);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_QUEUE), ==, 0);
  for (guint i = 0; i < 4; i++)
    g_free (keys[i]);
}

static void
test_quota_free_space (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autofree char *tmp = make_path (f, ".tmp", NULL);

  a = publish (f->store, "free", "f1", 10, 0, &error);
  g_assert_no_error (error);
  b = publish (f->store, "free", "f2", 10, 0, &error);
  g_assert_no_error (error);
  g_assert_true (pm_store_archive_report (f->store, a, &error));
  /* A floor no filesystem here can meet: everything else is evicted (logged), then the new
   * report is refused with a clear error. */
  set_setting (f, "Quota", "MinFreeBytes", "9000000000000000000");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Evicted report*archive*MinFreeBytes*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Evicted report*queue*MinFreeBytes*");
  c = publish (f->store, "free", "f3", 10, 0, &error);
  g_test_assert_expected_messages ();
  g_assert_null (c);
  g_assert_error (error, PM_ERROR, PM_ERROR_QUOTA);
  g_assert_nonnull (strstr (error->message, "MinFreeBytes"));
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 0);
  g_assert_cmpuint (count_entries (tmp), ==, 0);
}

/* ---- corrupt and planted files ---- */

static void
test_corrupt_report_lists (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autofree char *wer = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(PmReport) loaded = NULL;
  guint n_broken = 0;

  a = publish (f->store, "c", "c1", 10, 0, &error);
  b = publish (f->store, "c", "c2", 10, 0, &error);
  c = publish (f->store, "c", "c3", 10, 0, &error);
  g_assert_no_error (error);
  wer = make_path (f, "queue", b, "Report.wer", NULL);
  g_assert_cmpint (unlink (wer), ==, 0);
  write_file (wer, "Version=1\nEventType=APPCRASH\nVersion=2\n");

  reports = pm_store_list_reports (f->store, PM_REPORT_STATE_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 3);
  for (guint i = 0; i < reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (reports, i);
      const GError *load_error = pm_report_get_load_error (report);
      if (strcmp (pm_report_get_key (report), b) == 0)
        {
          g_assert_nonnull (load_error);
          g_assert_true (g_error_matches (load_error, PM_ERROR, PM_ERROR_CORRUPT));
          g_assert_nonnull (strstr (load_error->message, b));
          g_assert_nonnull (strstr (load_error->message, "line 3: duplicate key “Version”"));
          n_broken++;
        }
      else
        {
          g_assert_null (load_error);
          g_assert_cmpstr (pm_report_get_event_type (report), ==, "APPCRASH");
        }
    }
  g_assert_cmpuint (n_broken, ==, 1);
  loaded = pm_store_load_report (f->store, b, &error);
  g_assert_null (loaded);
  g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
  g_clear_error (&error);
  /* It can still be deleted. */
  g_assert_true (pm_store_delete_report (f->store, b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 2);
}

static void
assert_open_unsafe (Fixture    *f,
                    const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open (f->store_path, &error);

  g_assert_null (store);
  g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
  g_test_message ("%s: %s", what, error->message);
}

static void
test_unsafe_store_dirs (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char *outside = g_build_filename (f->dir, "outside", NULL);
  g_autofree char *secret = g_build_filename (f->dir, "outside", "secret", NULL);
  g_autofree char *lock = make_path (f, ".lock", NULL);
  static const char *const subdirs[] = { "queue", "archive", ".tmp" };
  g_autofree char *contents = NULL;
  struct stat st;

  g_assert_cmpint (mkdir (outside, 0755), ==, 0);
  write_file (secret, "do not touch");

  /* The store itself as a symlink. */
  {
    g_autofree char *real = g_strdup_printf ("%s.real", f->store_path);
    g_assert_cmpint (rename (f->store_path, real), ==, 0);
    g_assert_cmpint (symlink (outside, f->store_path), ==, 0);
    assert_open_unsafe (f, "store symlink");
    g_assert_cmpint (unlink (f->store_path), ==, 0);
    g_assert_cmpint (rename (real, f->store_path), ==, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = make_path (f, subdirs[i], NULL);
      g_autofree char *aside = g_strdup_printf ("%s.aside", path);

      g_assert_cmpint (rename (path, aside), ==, 0);
      /* symlink to a directory elsewhere */
      g_assert_cmpint (symlink (outside, path), ==, 0);
      assert_open_unsafe (f, subdirs[i]);
      g_assert_cmpint (unlink (path), ==, 0);
      /* FIFO */
      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      assert_open_unsafe (f, subdirs[i]);
      g_assert_cmpint (unlink (path), ==, 0);
      /* regular file */
      write_file (path, "x");
      assert_open_unsafe (f, subdirs[i]);
      g_assert_cmpint (unlink (path), ==, 0);
      g_assert_cmpint (rename (aside, path), ==, 0);
    }

  /* .lock: symlink (to a file outside), FIFO, hardlink, directory. */
  g_clear_object (&f->store);
  g_assert_cmpint (unlink (lock), ==, 0);
  g_assert_cmpint (symlink (secret, lock), ==, 0);
  assert_open_unsafe (f, ".lock symlink");
  g_assert_cmpint (unlink (lock), ==, 0);
  g_assert_cmpint (mkfifo (lock, 0600), ==, 0);
  assert_open_unsafe (f, ".lock FIFO");   /* and did not block */
  g_assert_cmpint (unlink (lock), ==, 0);
  g_assert_cmpint (link (secret, lock), ==, 0);
  assert_open_unsafe (f, ".lock hardlink");
  g_assert_cmpint (unlink (lock), ==, 0);
  g_assert_cmpint (mkdir (lock, 0700), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PmStore) store = pm_store_open (f->store_path, &error);
    g_assert_null (store);
    g_assert_nonnull (error);
  }
  g_assert_cmpint (rmdir (lock), ==, 0);

  /* Nothing outside was touched. */
  g_assert_true (g_file_get_contents (secret, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "do not touch");
  g_assert_cmpint (stat (secret, &st), ==, 0);
  g_assert_cmpint (st.st_nlink, ==, 1);
  g_assert_cmpuint (count_entries (outside), ==, 1);
}

static void
test_unsafe_report_files (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outside = g_build_filename (f->dir, "outside", NULL);
  g_autofree char *secret = g_build_filename (outside, "secret", NULL);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autofree char *export_path = g_build_filename (f->dir, "out.tar.gz", NULL);
  g_autoptr(GPtrArray) reports = NULL;
  const char *pairs[] = { "Response.ReportId", "x", NULL };
  guint n_unsafe = 0;
  int fd;

  g_assert_cmpint (mkdir (outside, 0755), ==, 0);
  write_file (secret, "Version=1\nEventType=APPCRASH\n");
  a = publish (f->store, "u", "u1", 10, 0, &error);
  b = publish (f->store, "u", "u2", 10, 0, &error);
  c = publish (f->store, "u", "u3", 10, 0, &error);
  d = publish (f->store, "u", "u4", 10, 0, &error);
  e = publish (f->store, "u", "u5", 10, 0, &error);
  g_assert_no_error (error);

  /* a: Report.wer is a symlink to a file outside. */
  path = make_path (f, "queue", a, "Report.wer", NULL);
  g_assert_cmpint (unlink (path), ==, 0);
  g_assert_cmpint (symlink (secret, path), ==, 0);
  g_free (path);
  /* b: Report.wer is a FIFO (reading must not block). */
  path = make_path (f, "queue", b, "Report.wer", NULL);
  g_assert_cmpint (unlink (path), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_free (path);
  /* c: Report.wer is a hardlink to a file outside. */
  path = make_path (f, "queue", c, "Report.wer", NULL);
  g_assert_cmpint (unlink (path), ==, 0);
  g_assert_cmpint (link (secret, path), ==, 0);
  g_free (path);
  /* d: the minidump is a symlink. */
  path = make_path (f, "queue", d, "minidump.dmp", NULL);
  g_assert_cmpint (unlink (path), ==, 0);
  g_assert_cmpint (symlink (secret, path), ==, 0);
  g_free (path);
  /* e: the report directory itself is a symlink to a directory outside. */
  path = make_path (f, "queue", e, NULL);
  {
    g_autofree char *moved = g_build_filename (outside, "e", NULL);
    g_assert_cmpint (rename (path, moved), ==, 0);
  }
  g_assert_cmpint (symlink (outside, path), ==, 0);

  reports = pm_store_list_reports (f->store, PM_REPORT_STATE_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 5);
  for (guint i = 0; i < reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (reports, i);
      const GError *load_error = pm_report_get_load_error (report);
      g_assert_nonnull (load_error);
      g_test_message ("%s", load_error->message);
      g_assert_true (g_error_matches (load_error, PM_ERROR, PM_ERROR_UNSAFE));
      n_unsafe++;
      /* Nothing is read through the planted file. */
      if (strcmp (pm_report_get_key (report), a) == 0 || strcmp (pm_report_get_key (report), c) == 0)
        g_assert_null (pm_report_get_event_type (report));
      if (strcmp (pm_report_get_key (report), d) == 0)
        {
          fd = pm_report_open_file (report, "minidump.dmp", &error);
          g_assert_cmpint (fd, ==, -1);
          g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
          g_clear_error (&error);
        }
    }
  g_assert_cmpuint (n_unsafe, ==, 5);

  /* Writing through them is refused. */
  g_assert_false (pm_store_set_report_values (f->store, a, pairs, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
  g_clear_error (&error);
  g_assert_false (pm_store_set_report_values (f->store, c, pairs, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
  g_clear_error (&error);
  g_assert_false (pm_store_export_report (f->store, d, export_path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (export_path, G_FILE_TEST_EXISTS));

  /* Purging removes the planted entries themselves, never their targets. */
  g_assert_true (pm_store_purge (f->store, PM_REPORT_STATE_ALL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 0);
  g_assert_true (g_file_get_contents (secret, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Version=1\nEventType=APPCRASH\n");
  {
    g_autofree char *kept = g_build_filename (outside, "e", "Report.wer", NULL);
    g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  }
}

static void
test_unsafe_draft_and_tmp (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outside = g_build_filename (f->dir, "outside", NULL);
  g_autofree char *secret = g_build_filename (outside, "secret", NULL);
  g_autofree char *tmp = make_path (f, ".tmp", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(PmStore) reopened = NULL;
  PmReportDraft *draft;
  int dir_fd;

  g_assert_cmpint (mkdir (outside, 0755), ==, 0);
  write_file (secret, "do not touch");

  /* A name planted in a draft is never written through. */
  draft = pm_store_begin_report (f->store, &error);
  g_assert_no_error (error);
  dir_fd = pm_report_draft_get_dir_fd (draft);
  g_assert_cmpint (symlinkat (secret, dir_fd, "minidump.dmp"), ==, 0);
  g_assert_cmpint (mkfifoat (dir_fd, "fifo.dmp", 0600), ==, 0);
  g_assert_cmpint (pm_report_draft_create_file (draft, "minidump.dmp", &error), ==, -1);
  g_assert_error (error, PM_ERROR, PM_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (pm_report_draft_create_file (draft, "fifo.dmp", &error), ==, -1);
  g_assert_error (error, PM_ERROR, PM_ERROR_EXISTS);
  g_clear_error (&error);
  /* And a draft holding them is not published. */
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  g_assert_null (pm_store_publish_report (f->store, draft, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_UNSAFE);
  g_clear_error (&error);
  pm_report_draft_free (draft);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 0);

  /* Junk planted in .tmp: removed at the next open, targets untouched. */
  {
    g_autofree char *p1 = g_build_filename (tmp, "link-to-outside", NULL);
    g_autofree char *p2 = g_build_filename (tmp, "fifo", NULL);
    g_autofree char *p3 = g_build_filename (tmp, "file", NULL);
    g_autofree char *p4 = g_build_filename (tmp, "dir", NULL);
    g_autofree char *p5 = g_build_filename (tmp, "dir", "link", NULL);
    g_assert_cmpint (symlink (outside, p1), ==, 0);
    g_assert_cmpint (mkfifo (p2, 0600), ==, 0);
    write_file (p3, "x");
    g_assert_cmpint (mkdir (p4, 0700), ==, 0);
    g_assert_cmpint (symlink (outside, p5), ==, 0);
  }
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Removed*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Removed*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Removed*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "Removed*");
  reopened = pm_store_open (f->store_path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (tmp), ==, 0);
  g_assert_true (g_file_get_contents (secret, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "do not touch");
  g_assert_cmpuint (count_entries (outside), ==, 1);
}

/* More than 512 reports: loaded on several threads; the order and every report must be
 * exactly as with one. */
static void
test_list_large (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GHashTable) published = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *corrupt_key = NULL;
  g_autofree char *wer = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const guint n = 700;

  set_setting (f, "Quota", "MaxQueueCount", "0");
  set_setting (f, "Quota", "FloodWindowSeconds", "0");
  pm_fs_set_sync (FALSE);   /* filling the store is not what is tested */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sig = g_strdup_printf ("large-%u", i);
      /* EventTimes in reverse publishing order, to prove the sort. */
      char *key = publish (f->store, "large", sig, 16, now - (gint64) i, &error);
      g_assert_no_error (error);
      if (i == n / 2)
        corrupt_key = g_strdup (key);
      g_hash_table_add (published, key);
    }
  pm_fs_set_sync (TRUE);
  wer = make_path (f, "queue", corrupt_key, "Report.wer", NULL);
  g_assert_cmpint (unlink (wer), ==, 0);
  write_file (wer, "Version=1\nbroken line\n");

  reports = pm_store_list_reports (f->store, PM_REPORT_STATE_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, n);
  for (guint i = 0; i < reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (reports, i);
      g_assert_true (g_hash_table_contains (published, pm_report_get_key (report)));
      if (strcmp (pm_report_get_key (report), corrupt_key) == 0)
        {
          g_assert_nonnull (pm_report_get_load_error (report));
          continue;
        }
      g_assert_null (pm_report_get_load_error (report));
      /* Newest-published first in time order: Sig[0] counts down. */
      if (i + 1 < reports->len && strcmp (pm_report_get_key (g_ptr_array_index (reports, i + 1)), corrupt_key) != 0)
        g_assert_cmpint (g_date_time_compare (pm_report_get_event_time (report),
                                              pm_report_get_event_time (g_ptr_array_index (reports, i + 1))), <, 0);
    }
  {
    const char *first_sig = NULL;
    pm_report_get_signature (g_ptr_array_index (reports, 0), 0, NULL, &first_sig);
    if (strcmp (pm_report_get_key (g_ptr_array_index (reports, 0)), corrupt_key) != 0)
      g_assert_cmpstr (first_sig, ==, "large-699");
  }
  keys = pm_store_list_keys (f->store, PM_REPORT_STATE_QUEUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, n);
}

/* ---- states, values, watching, export ---- */

static void
test_state_changes (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autoptr(PmReport) after = NULL;
  const char *pairs[] = { "Response.ReportId", "bp-1234", "AppPath", NULL, NULL };
  const char *forbidden[] = { "ReportIdentifier", "x", NULL };
  guint n = 0;

  a = publish (f->store, "s", "s1", 100, 0, &error);
  b = publish (f->store, "s", "s2", 200, 0, &error);
  c = publish (f->store, "s", "s3", 300, 0, &error);
  g_assert_no_error (error);

  g_assert_true (pm_store_archive_report (f->store, a, &error));
  g_assert_no_error (error);
  g_assert_false (pm_store_archive_report (f->store, a, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  report = pm_store_load_report (f->store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_ARCHIVE);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_QUEUE), ==, 2);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ARCHIVE), ==, 1);
  g_assert_cmpuint (pm_store_get_size_on_disk (f->store, PM_REPORT_STATE_ARCHIVE, &error), ==,
                    pm_report_get_size (report));

  /* Values: replaced in place, removed, appended; the rest unchanged. */
  g_assert_true (pm_store_set_report_values (f->store, a, pairs, &error));
  g_assert_no_error (error);
  after = pm_store_load_report (f->store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pm_report_get_value (after, "Response.ReportId"), ==, "bp-1234");
  g_assert_null (pm_report_get_value (after, "AppPath"));
  g_assert_cmpstr (pm_report_get_value (after, "AppName"), ==, "s");
  g_assert_cmpstr (pm_report_get_keys (after)[0], ==, "Version");
  g_assert_false (pm_store_set_report_values (f->store, a, forbidden, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (pm_store_delete_report (f->store, b, &error));
  g_assert_no_error (error);
  g_assert_false (pm_store_delete_report (f->store, b, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pm_store_delete_report (f->store, "../../etc", &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (pm_store_purge (f->store, PM_REPORT_STATE_QUEUE, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 1);
  g_assert_true (pm_store_purge (f->store, PM_REPORT_STATE_ALL, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (pm_store_count_reports (f->store, PM_REPORT_STATE_ALL), ==, 0);
  g_assert_cmpuint (pm_store_get_size_on_disk (f->store, PM_REPORT_STATE_ALL, &error), ==, 0);
}

static void
on_changed (PmStore *store,
            gpointer user_data)
{
  guint *n = user_data;
  (*n)++;
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;
  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_watch (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *writer = writer_path ();
  const char *argv[] = { writer, "publish", f->store_path, "watched", "1", "10", NULL };
  guint n_changed = 0;
  gboolean timed_out = FALSE;
  guint timeout_id;
  int status;

  g_assert_true (pm_store_watch (f->store, &error));
  g_assert_no_error (error);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), &n_changed);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  timeout_id = g_timeout_add_seconds (10, on_timeout, &timed_out);
  while (n_changed == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  g_assert_cmpuint (n_changed, >=, 1);
}

static void
check_archive (const char *path,
               const char *key,
               PmStore    *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) report = pm_store_load_report (store, key, &error);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  guint n = 0;

  g_assert_no_error (error);
  archive_read_support_filter_all (a);
  archive_read_support_format_all (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      g_autofree char *expected_name = g_strdup_printf ("%s/%s", key, pm_report_get_file_name (report, n));
      g_autofree char *data = g_malloc (archive_entry_size (entry) + 1);
      g_autofree char *original = NULL;
      g_autofree char *file = NULL;
      gsize length;

      g_assert_cmpuint (n, <, pm_report_get_n_files (report));
      g_assert_cmpstr (archive_entry_pathname (entry), ==, expected_name);
      g_assert_cmpint (archive_entry_size (entry), ==, pm_report_get_file_size (report, n));
      g_assert_cmpint (archive_read_data (a, data, archive_entry_size (entry) + 1), ==, archive_entry_size (entry));
      file = g_build_filename (pm_store_get_path (store), "queue", key, pm_report_get_file_name (report, n), NULL);
      g_assert_true (g_file_get_contents (file, &original, &length, NULL));
      g_assert_cmpmem (data, archive_entry_size (entry), original, length);
      n++;
    }
  g_assert_cmpuint (n, ==, pm_report_get_n_files (report));
  g_assert_cmpint (archive_read_free (a), ==, ARCHIVE_OK);
}

static void
test_export (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = publish (f->store, "exp", "e1", 300000, 0, &error);
  g_autofree char *tgz = g_build_filename (f->dir, "report.tar.gz", NULL);
  g_autofree char *zip = g_build_filename (f->dir, "report.zip", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "report.rar", NULL);
  g_autofree char *head = NULL;

  g_assert_no_error (error);
  g_assert_true (pm_store_export_report (f->store, key, tgz, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (tgz, &head, NULL, NULL));
  g_assert_cmpint ((guchar) head[0], ==, 0x1f);   /* gzip magic */
  g_assert_cmpint ((guchar) head[1], ==, 0x8b);
  check_archive (tgz, key, f->store);
  g_assert_true (pm_store_export_report (f->store, key, zip, &error));
  g_assert_no_error (error);
  g_free (head);
  g_assert_true (g_file_get_contents (zip, &head, NULL, NULL));
  g_assert_cmpint (memcmp (head, "PK\003\004", 4), ==, 0);
  check_archive (zip, key, f->store);

  g_assert_false (pm_store_export_report (f->store, key, zip, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (pm_store_export_report (f->store, key, bad, &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pm_store_export_report (f->store, "APPCRASH_x_0123456789abcdef_00000000-0000-0000-0000-000000000000",
                                          bad, &error));
  g_assert_nonnull (error);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;

  g_test_init (&argc, &argv, NULL);
  /* Isolated HOME and XDG dirs: nothing here may touch the real user's store or settings. */
  home = g_dir_make_tmp ("pm-store-home-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_unsetenv ("PM_STORE_DIR");
  {
    g_autofree char *settings = g_build_filename (home, "postmortem", "settings.ini", NULL);
    g_setenv ("PM_SETTINGS_FILE", settings, TRUE);
  }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/unsafe/other-owner-and-mode", test_unsafe_other_owner_and_mode);
  ADD ("/store/publish/basic", test_publish_basic);
  ADD ("/store/bucket/legacy-reports", test_bucket_legacy_reports);
  ADD ("/store/bucket/ignores-fault-address", test_bucket_ignores_fault_address);
  ADD ("/store/publish/invisible-until-published", test_publish_invisible_until_published);
  ADD ("/store/publish/invalid", test_publish_invalid);
  ADD ("/store/publish/excluded", test_publish_excluded);
  ADD ("/store/tmp/stale-cleanup", test_tmp_stale_cleanup);
  ADD ("/store/tmp/killed-writer", test_tmp_killed_writer);
  ADD ("/store/concurrent/50-distinct", test_concurrent_distinct);
  ADD ("/store/concurrent/50-flood", test_concurrent_flood);
  ADD ("/store/flood/twenty", test_flood_twenty);
  ADD ("/store/flood/window", test_flood_window);
  ADD ("/store/quota/queue-count", test_quota_queue_count);
  ADD ("/store/quota/bytes", test_quota_bytes);
  ADD ("/store/quota/usage-cache", test_quota_usage_cache);
  ADD ("/store/quota/age", test_quota_age);
  ADD ("/store/quota/archive-count", test_quota_archive_count);
  ADD ("/store/quota/free-space", test_quota_free_space);
  ADD ("/store/corrupt/report-still-lists", test_corrupt_report_lists);
  ADD ("/store/unsafe/store-dirs", test_unsafe_store_dirs);
  ADD ("/store/unsafe/report-files", test_unsafe_report_files);
  ADD ("/store/unsafe/draft-and-tmp", test_unsafe_draft_and_tmp);
  ADD ("/store/list/large", test_list_large);
  ADD ("/store/state-changes", test_state_changes);
  ADD ("/store/watch", test_watch);
  ADD ("/store/export", test_export);
#undef ADD
  {
    int ret = g_test_run ();
    remove_all (home);
    return ret;
  }
}
