/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-import.c — pm_store_import_archive() and postmortemctl import.
 *
 * Runs in: a test process (GLib, libarchive to build hostile archives).
 *
 * What it proves: a report exported as .tar.gz or .zip comes back whole (the
 * same files byte for byte, the same Report.wer keys, its original id kept as
 * Postmortem.ImportedReportIdentifier and sent as the stable id); archives
 * with an absolute path, "..", a symlink, a hard link, a device, a FIFO,
 * nested directories, a duplicate name, no Report.wer, a malformed
 * Report.wer, a File[N] that is missing, or that are not archives at all are
 * refused with a message naming the problem, nothing appears in the store,
 * and nothing is written outside it. An archive's upload state (sent, declined,
 * the server's id) is ignored: imported reports are pending; two different
 * reports with one signature stay two reports.
 */
#include "pm-config.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pm-store-import.h"
#include "pm-uploader.h"
#include "upload-test-util.h"

static char *root;

static void
add_entry (struct archive *a,
           const char     *path,
           mode_t          type,
           const char     *data,
           const char     *link)
{
  struct archive_entry *entry = archive_entry_new ();
  gsize size = data ? strlen (data) : 0;

  archive_entry_set_pathname (entry, path);
  archive_entry_set_filetype (entry, type);
  archive_entry_set_perm (entry, 0644);
  if (type == AE_IFLNK)
    archive_entry_set_symlink (entry, link);
  else if (link != NULL)
    archive_entry_set_hardlink (entry, link);
  if (type == AE_IFCHR)
    archive_entry_set_rdev (entry, makedev (1, 3));
  archive_entry_set_size (entry, type == AE_IFREG && link == NULL ? size : 0);
  g_assert_cmpint (archive_write_header (a, entry), >=, ARCHIVE_WARN);   /* WARN: a name libarchive finds odd */
  if (type == AE_IFREG && link == NULL && size > 0)
    g_assert_cmpint (archive_write_data (a, data, size), ==, (la_ssize_t) size);
  archive_entry_free (entry);
}

static const char *good_wer =
  "Version=1\nEventType=APPCRASH\nEventTime=133000000000000000\nReportIdentifier=11111111-2222-3333-4444-555555555555\n"
  "AppName=imported\nSig[0].Name=Application Name\nSig[0].Value=imported\n"
  "File[0].Name=minidump.dmp\nFile[0].Type=MiniDump\nFile[0].Flags=0\n";

typedef struct
{
  const char *name;
  const char *says;
  /* entries: path, type, data, link */
  struct { const char *path; mode_t type; const char *data; const char *link; } entries[6];
} BadCase;

static char *
write_tar (const char *name,
           const BadCase *c)
{
  g_autofree char *path = g_build_filename (root, name, NULL);
  struct archive *a = archive_write_new ();

  archive_write_set_format_pax_restricted (a);
  archive_write_add_filter_gzip (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (c->entries) && c->entries[i].path != NULL; i++)
    add_entry (a, c->entries[i].path, c->entries[i].type, c->entries[i].data, c->entries[i].link);
  archive_write_close (a);
  archive_write_free (a);
  return g_steal_pointer (&path);
}

static void
test_hostile (void)
{
  static const BadCase cases[] = {
    { "absolute", "absolute path", { { "/tmp/pm-import-escape/Report.wer", AE_IFREG, "x", NULL } } },
    { "dotdot", "“..”", { { "r/../../pm-import-escape", AE_IFREG, "x", NULL }, { "r/Report.wer", AE_IFREG, "x", NULL } } },
    { "symlink", "symbolic link", { { "r/Report.wer", AE_IFREG, "x", NULL }, { "r/minidump.dmp", AE_IFLNK, NULL, "/etc/passwd" } } },
    { "hardlink", "hard link", { { "r/Report.wer", AE_IFREG, "x", NULL }, { "r/minidump.dmp", AE_IFREG, NULL, "r/Report.wer" } } },
    { "device", "character device", { { "r/Report.wer", AE_IFREG, "x", NULL }, { "r/mem", AE_IFCHR, NULL, NULL } } },
    { "fifo", "FIFO", { { "r/Report.wer", AE_IFREG, "x", NULL }, { "r/pipe", AE_IFIFO, NULL, NULL } } },
    { "nested", "nested", { { "r/sub/Report.wer", AE_IFREG, "x", NULL } } },
    { "hidden", "not an acceptable name", { { "r/.hidden", AE_IFREG, "x", NULL }, { "r/Report.wer", AE_IFREG, "x", NULL } } },
    { "duplicate", "appears twice", { { "r/Report.wer", AE_IFREG, "x", NULL }, { "r/Report.wer", AE_IFREG, "y", NULL } } },
    { "no-wer", "no Report.wer", { { "r/minidump.dmp", AE_IFREG, "MDMP", NULL } } },
    { "bad-wer", "Report.wer", { { "r/Report.wer", AE_IFREG, "this is not a key value file\n", NULL } } },
    { "missing-file", "does not hold", { { "r/Report.wer", AE_IFREG, NULL, NULL } } },
    { "empty", "no report", { { NULL } } },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = upload_test_store_new (PM_CONSENT_ALL_DATA);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BadCase c = cases[i];
      g_autofree char *name = g_strdup_printf ("%s.tar.gz", c.name);
      g_autofree char *path = NULL;
      g_autoptr(GPtrArray) keys = NULL;

      if (strcmp (c.name, "missing-file") == 0)
        c.entries[0].data = good_wer;   /* lists minidump.dmp, which is absent */
      path = write_tar (name, &c);
      keys = pm_store_import_archive (store, path, &error);
      g_assert_null (keys);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", c.name, error->message);
      if (strstr (error->message, c.says) == NULL)
        g_error ("%s: “%s” does not say “%s”", c.name, error->message, c.says);
      g_clear_error (&error);
      g_assert_cmpuint (pm_store_count_reports (store, PM_REPORT_STATE_ALL), ==, 0);
    }
  g_assert_false (g_file_test ("/tmp/pm-import-escape", G_FILE_TEST_EXISTS));
  {
    g_autofree char *escape = g_build_filename (root, "..", "pm-import-escape", NULL);
    g_assert_false (g_file_test (escape, G_FILE_TEST_EXISTS));
  }

  /* Not an archive at all; a missing file. */
  {
    g_autofree char *path = g_build_filename (root, "junk.tar.gz", NULL);
    g_autoptr(GPtrArray) keys = NULL;
    g_file_set_contents (path, "this is not an archive, just some text that goes on", -1, &error);
    g_assert_no_error (error);
    keys = pm_store_import_archive (store, path, &error);
    g_assert_null (keys);
    g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
    g_clear_error (&error);
    keys = pm_store_import_archive (store, "/nonexistent/x.tar.gz", &error);
    g_assert_error (error, PM_ERROR, PM_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_cmpuint (pm_store_count_reports (store, PM_REPORT_STATE_ALL), ==, 0);
}

static void
check_roundtrip (const char *suffix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = upload_test_store_new (PM_CONSENT_ALL_DATA);
  g_autoptr(GBytes) dump = NULL;
  g_autofree char *key = upload_test_add_report (store, "crashy", "MiniDump", 100000, FALSE, &dump);
  g_autofree char *archive = g_strdup_printf ("%s/export-%u%s", root, g_random_int (), suffix);
  g_autoptr(PmReport) original = pm_store_load_report (store, key, &error);
  g_autoptr(PmReport) imported = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  const char * const *wer_keys;

  g_assert_no_error (error);
  g_assert_true (pm_store_export_report (store, key, archive, &error));
  g_assert_no_error (error);
  /* Into the same store: a second report, with its own id. */
  keys = pm_store_import_archive (store, archive, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), !=, key);
  imported = pm_store_load_report (store, g_ptr_array_index (keys, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (imported), ==, PM_REPORT_STATE_QUEUE);
  g_assert_cmpstr (pm_report_get_value (imported, "Postmortem.ImportedReportIdentifier"), ==,
                   pm_report_get_report_id (original));
  g_assert_cmpstr (pm_report_get_report_id (imported), !=, pm_report_get_report_id (original));
  /* Every key of the original is there with its value (but the id). */
  wer_keys = pm_report_get_keys (original);
  for (guint i = 0; wer_keys[i] != NULL; i++)
    if (strcmp (wer_keys[i], "ReportIdentifier") != 0)
      g_assert_cmpstr (pm_report_get_value (imported, wer_keys[i]), ==, pm_report_get_value (original, wer_keys[i]));
  /* The dump, byte for byte. */
  {
    int fd = pm_report_open_file (imported, "minidump.dmp", &error);
    g_autofree char *buffer = g_malloc (200000);
    ssize_t n;
    g_assert_no_error (error);
    n = read (fd, buffer, 200000);
    close (fd);
    g_assert_cmpmem (buffer, n, g_bytes_get_data (dump, NULL), g_bytes_get_size (dump));
  }
}

static void
test_roundtrip_tar (void)
{
  check_roundtrip (".tar.gz");
}

static void
test_roundtrip_zip (void)
{
  check_roundtrip (".zip");
}

/* A small archive that inflates beyond the store's byte quota is stopped while
 * it is written, and leaves nothing behind. */
static void
test_bomb (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = upload_test_store_new (PM_CONSENT_ALL_DATA);
  g_autofree char *path = g_build_filename (root, "bomb.tar.gz", NULL);
  g_autofree char *tmp = g_build_filename (pm_store_get_path (store), ".tmp", NULL);
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *zeros = g_malloc0 (1 << 20);
  struct archive *a = archive_write_new ();
  struct archive_entry *entry;
  PmQuota quota;
  GStatBuf st;
  guint before = pm_store_count_reports (store, PM_REPORT_STATE_ALL);

  pm_settings_get_quota (pm_store_get_settings (store), &quota);
  quota.max_bytes = 4 << 20;
  pm_settings_set_quota (pm_store_get_settings (store), &quota, &error);
  g_assert_no_error (error);

  archive_write_set_format_pax_restricted (a);
  archive_write_add_filter_gzip (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  add_entry (a, "r/Report.wer", AE_IFREG, good_wer, NULL);
  entry = archive_entry_new ();
  archive_entry_set_pathname (entry, "r/minidump.dmp");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0600);
  archive_entry_set_size (entry, 64 << 20);
  g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
  archive_entry_free (entry);
  for (guint i = 0; i < 64; i++)
    g_assert_cmpint (archive_write_data (a, zeros, 1 << 20), ==, 1 << 20);
  archive_write_close (a);
  archive_write_free (a);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 1 << 20);   /* small on disk */

  keys = pm_store_import_archive (store, path, &error);
  g_assert_null (keys);
  g_assert_error (error, PM_ERROR, PM_ERROR_QUOTA);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (pm_store_count_reports (store, PM_REPORT_STATE_ALL), ==, before);
  /* The draft was removed: .tmp/ is empty. */
  {
    g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
    g_assert_nonnull (dir);
    g_assert_null (g_dir_read_name (dir));
  }
  g_clear_error (&error);
  quota.max_bytes = 0;
  pm_settings_set_quota (pm_store_get_settings (store), &quota, &error);
  g_assert_no_error (error);
}

/* The imported copy is sent with the original id, so a server dedups it. */
static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  PmUploadResult **out = data;
  g_autoptr(GError) error = NULL;

  *out = pm_uploader_submit_finish (PM_UPLOADER (source), result, &error);
  g_assert_no_error (error);
}

static void
test_import_keeps_stable_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = upload_test_store_new (PM_CONSENT_ALL_DATA);
  g_autofree char *key = upload_test_add_report (store, "stable", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *archive = g_strdup_printf ("%s/stable-%u.tar.gz", root, g_random_int ());
  g_autoptr(GPtrArray) keys = NULL;
  UploadTestServer *server = upload_test_server_new (NULL);
  g_autoptr(PmEndpoint) endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD, server->url, &error);
  g_autoptr(PmUploader) uploader = pm_uploader_new (store, endpoint);
  char *ids[2] = { NULL, NULL };

  g_assert_no_error (error);
  g_assert_true (pm_store_export_report (store, key, archive, &error));
  g_assert_no_error (error);
  keys = pm_store_import_archive (store, archive, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      PmUploadResult *result = NULL;

      pm_uploader_submit_async (uploader, round == 0 ? key : g_ptr_array_index (keys, 0),
                                NULL, NULL, NULL, NULL, on_submitted, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (pm_upload_result_get_outcome (result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
      ids[round] = g_strdup (pm_upload_result_get_report_id (result));
      pm_upload_result_unref (result);
    }
  /* Two requests, one stored report, the same answer. */
  g_assert_cmpuint (server->n_requests, ==, 2);
  g_assert_cmpuint (server->n_stored, ==, 1);
  g_assert_cmpstr (ids[0], ==, ids[1]);
  g_free (ids[0]);
  g_free (ids[1]);
  upload_test_server_free (server);
}

/* A tar.gz of one report "r": Report.wer and minidump.dmp. */
static char *
write_report_tar (const char *name,
                  const char *wer,
                  const char *dump)
{
  const BadCase c = { name, "", { { "r/Report.wer", AE_IFREG, wer, NULL },
                                  { "r/minidump.dmp", AE_IFREG, dump, NULL } } };
  g_autofree char *file = g_strdup_printf ("%s-%u.tar.gz", name, g_random_int ());

  return write_tar (file, &c);
}

/* Report.wer of a crash that happened now (within any flood window), with a given id. */
static char *
recent_wer (const char *id,
            const char *extra)
{
  guint64 filetime = (guint64) g_get_real_time () * 10 + G_GUINT64_CONSTANT (116444736000000000);

  return g_strdup_printf ("Version=1\nEventType=APPCRASH\nEventTime=%" G_GUINT64_FORMAT "\n"
                          "ReportIdentifier=%s\nAppName=imported\nSig[0].Name=Application Name\n"
                          "Sig[0].Value=imported\nFile[0].Name=minidump.dmp\nFile[0].Type=MiniDump\n"
                          "File[0].Flags=0\n%s", filetime, id, extra);
}

/* An archive that says its report was sent (and declined, and consented to) is imported as
 * a pending report: none of that state survives, and sending it makes a real request
 * instead of reporting the forged server id. */
static void
test_forged_sent_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = upload_test_store_new (PM_CONSENT_ALL_DATA);
  g_autofree char *wer = recent_wer ("aaaaaaaa-2222-3333-4444-555555555555",
                                     "ReportStatus=4\nUpload.State=sent\nUpload.Attempts=1\n"
                                     "Upload.Url=http://127.0.0.1:9/submit\nResponse.ReportId=bp-forged\n"
                                     "Response.ViewURL=http://evil.example/bp-forged\nResponse.BucketId=0123456789abcdef\n"
                                     "Postmortem.Declined=true\nPostmortem.UserConsent=all-data\n"
                                     "Postmortem.Comment=kept: written by the person who exported it\n");
  g_autofree char *archive = write_report_tar ("forged-sent", wer, "MDMP forged but harmless");
  g_autoptr(GPtrArray) keys = pm_store_import_archive (store, archive, &error);
  g_autoptr(PmReport) report = NULL;
  const char * const *wer_keys;
  UploadTestServer *server = NULL;
  g_autoptr(PmEndpoint) endpoint = NULL;
  g_autoptr(PmUploader) uploader = NULL;
  PmUploadResult *result = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 1);
  report = pm_store_load_report (store, g_ptr_array_index (keys, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pm_report_get_state (report), ==, PM_REPORT_STATE_QUEUE);
  wer_keys = pm_report_get_keys (report);
  for (guint i = 0; wer_keys[i] != NULL; i++)
    {
      g_test_message ("imported: %s=%s", wer_keys[i], pm_report_get_value (report, wer_keys[i]));
      g_assert_false (g_str_has_prefix (wer_keys[i], "Upload."));
      g_assert_cmpstr (wer_keys[i], !=, "Response.ReportId");
      g_assert_cmpstr (wer_keys[i], !=, "Response.ViewURL");
      g_assert_cmpstr (wer_keys[i], !=, "ReportStatus");
      g_assert_cmpstr (wer_keys[i], !=, "Postmortem.Declined");
      g_assert_cmpstr (wer_keys[i], !=, "Postmortem.UserConsent");
    }
  /* The bucket is computed here, not taken from the archive; content stays. */
  g_assert_cmpstr (pm_report_get_value (report, "Response.BucketId"), !=, "0123456789abcdef");
  g_assert_cmpstr (pm_report_get_value (report, "Postmortem.Comment"), ==,
                   "kept: written by the person who exported it");

  server = upload_test_server_new (NULL);
  endpoint = pm_endpoint_new_for_url (PM_ENDPOINT_BREAKPAD, server->url, &error);
  g_assert_no_error (error);
  uploader = pm_uploader_new (store, endpoint);
  pm_uploader_submit_async (uploader, g_ptr_array_index (keys, 0), NULL, NULL, NULL, NULL,
                            on_submitted, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (pm_upload_result_get_outcome (result), ==, PM_UPLOAD_OUTCOME_ACCEPTED);
  g_assert_cmpstr (pm_upload_result_get_report_id (result), !=, "bp-forged");
  g_assert_cmpuint (server->n_requests, ==, 1);
  pm_upload_result_unref (result);
  upload_test_server_free (server);
}

/* Two different reports with the same signature, imported one after the other within the
 * flood window: two reports, each with its own dump (never counted into the first). */
static void
test_no_merge_of_different_reports (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = upload_test_store_new (PM_CONSENT_ALL_DATA);
  const char *dumps[] = { "MDMP first report's dump", "MDMP second report, other content" };
  const char *ids[] = { "bbbbbbbb-2222-3333-4444-555555555555", "cccccccc-2222-3333-4444-555555555555" };
  char *imported_keys[2] = { NULL, NULL };  /* g_autofree would free the first only */
  guint before = pm_store_count_reports (store, PM_REPORT_STATE_QUEUE);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *wer = recent_wer (ids[i], "");
      g_autofree char *archive = write_report_tar ("same-signature", wer, dumps[i]);
      g_autoptr(GPtrArray) keys = pm_store_import_archive (store, archive, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (keys->len, ==, 1);
      imported_keys[i] = g_strdup (g_ptr_array_index (keys, 0));
    }
  g_assert_cmpstr (imported_keys[0], !=, imported_keys[1]);
  g_assert_cmpuint (pm_store_count_reports (store, PM_REPORT_STATE_QUEUE), ==, before + 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PmReport) report = pm_store_load_report (store, imported_keys[i], &error);
      char buffer[128];
      ssize_t n;
      int fd;

      g_assert_no_error (error);
      g_assert_cmpuint (pm_report_get_count (report), ==, 1);
      g_assert_cmpstr (pm_report_get_value (report, "Postmortem.ImportedReportIdentifier"), ==, ids[i]);
      fd = pm_report_open_file (report, "minidump.dmp", &error);
      g_assert_no_error (error);
      n = read (fd, buffer, sizeof buffer);
      close (fd);
      g_assert_cmpmem (buffer, n, dumps[i], strlen (dumps[i]));
    }
  g_free (imported_keys[0]);
  g_free (imported_keys[1]);
}

/* postmortemctl import: keys on stdout, a refused archive named on stderr, exit 1. */
static void
test_ctl_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = upload_test_store_new (PM_CONSENT_ALL_DATA);
  g_autofree char *key = upload_test_add_report (store, "ctl", "MiniDump", 4096, FALSE, NULL);
  g_autofree char *good = g_strdup_printf ("%s/ctl-%u.tar.gz", root, g_random_int ());
  g_autofree char *bad = NULL;
  g_autofree char *exe = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const BadCase evil = { "ctl-evil", "", { { "/etc/evil", AE_IFREG, "x", NULL } } };
  const char *build = g_getenv ("PM_BUILD_DIR");
  int status;

  if (build == NULL)
    {
      g_test_skip ("PM_BUILD_DIR is not set (run through meson test)");
      return;
    }
  exe = g_build_filename (build, "app", "postmortemctl", NULL);
  g_assert_true (pm_store_export_report (store, key, good, &error));
  g_assert_no_error (error);
  bad = write_tar ("ctl-evil.tar.gz", &evil);
  {
    const char *argv[] = { exe, "import", good, bad, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
  }
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_true (g_str_has_prefix (out, "APPCRASH_ctl_"));
  g_assert_nonnull (strstr (err, "not imported: "));
  g_assert_nonnull (strstr (err, "ctl-evil.tar.gz"));
  g_assert_nonnull (strstr (err, "absolute path"));
  g_assert_false (g_file_test ("/etc/evil", G_FILE_TEST_EXISTS));
  {
    g_autofree char *line = g_strndup (out, strcspn (out, "\n"));
    g_autoptr(PmReport) report = pm_store_load_report (store, line, &error);
    g_assert_no_error (error);
  }
  /* An entry named with terminal escape sequences: refused, and the message that names it
   * carries no control character (escaped as \xNN). */
  {
    const BadCase osc = { "ctl-osc", "", { { "r/\x1b]0;owned\x07\xc2\x9b" "31m", AE_IFREG, "x", NULL },
                                           { "r/Report.wer", AE_IFREG, "x", NULL } } };
    g_autofree char *osc_path = write_tar ("ctl-osc.tar.gz", &osc);
    const char *argv[] = { exe, "import", osc_path, NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_test_message ("stderr: %s", err);
    g_assert_cmpint (WEXITSTATUS (status), ==, 1);
    g_assert_nonnull (strstr (err, "\\x1b]0;owned\\x07\\xc2\\x9b31m"));
    g_assert_null (strchr (err, '\x1b'));
    g_assert_null (strchr (err, '\x07'));
    g_assert_null (strstr (err, "\xc2\x9b"));
  }
  /* Usage: no file. */
  {
    const char *argv[] = { exe, "import", NULL };
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  }
}

/* An archive cannot tell Postmortem how to start a program: Reopen would run it. */
static void
test_restart_not_imported (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = upload_test_store_new (PM_CONSENT_ALL_DATA);
  g_autofree char *wer = recent_wer ("aaaaaaaa-6666-3333-4444-555555555555",
                                     "Postmortem.RestartCommandLine=-c 'touch /tmp/pwned'\n"
                                     "Postmortem.RestartFlags=0\nPostmortem.RestartDirectory=/\n"
                                     "Postmortem.RunTimeSeconds=600\n");
  g_autofree char *archive = write_report_tar ("restart", wer, "MDMP forged but harmless");
  g_autoptr(GPtrArray) keys = pm_store_import_archive (store, archive, &error);
  g_autoptr(PmReport) report = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 1);
  report = pm_store_load_report (store, g_ptr_array_index (keys, 0), &error);
  g_assert_no_error (error);
  g_assert_null (pm_report_get_value (report, "Postmortem.RestartCommandLine"));
  g_assert_null (pm_report_get_value (report, "Postmortem.RestartFlags"));
  g_assert_null (pm_report_get_value (report, "Postmortem.RestartDirectory"));
  /* A fact about the crash, harmless alone: kept. */
  g_assert_cmpstr (pm_report_get_value (report, "Postmortem.RunTimeSeconds"), ==, "600");
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  root = upload_test_env_new ();
  g_test_add_func ("/import/hostile-archives", test_hostile);
  g_test_add_func ("/import/roundtrip/tar.gz", test_roundtrip_tar);
  g_test_add_func ("/import/roundtrip/zip", test_roundtrip_zip);
  g_test_add_func ("/import/keeps-stable-id", test_import_keeps_stable_id);
  g_test_add_func ("/import/bomb-stopped-by-quota", test_bomb);
  g_test_add_func ("/import/postmortemctl", test_ctl_import);
  g_test_add_func ("/import/forged-sent-state-ignored", test_forged_sent_state);
  g_test_add_func ("/import/restart-not-imported", test_restart_not_imported);
  g_test_add_func ("/import/no-merge-of-different-reports", test_no_merge_of_different_reports);
  status = g_test_run ();
  upload_test_env_free (root);
  return status;
}
