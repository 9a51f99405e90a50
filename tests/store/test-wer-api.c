/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-wer-api.c — a conformance program for the WER report and store API of werapi.h,
 * written from Microsoft's documentation of those functions: the documented arguments,
 * limits, error codes, submit results and the two-call size protocol of
 * WerStoreQueryReportMetadataV2/V3. It links the shared libpostmortem-store, as another
 * application would, and uses nothing but werapi.h for the API under test.
 *
 * Runs in: the test process, with a fresh store ($PM_STORE_DIR), settings file and system
 * settings file in temporary directories; WerReportAddDump runs the real postmortem-dumper
 * ($PM_DUMPER_PATH) on a real child process.
 */
#include "pm-config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "werapi.h"

static char *tmp_dir;

static void
fresh_store (void)
{
  g_autofree char *cmd = NULL;
  g_autofree char *store = g_build_filename (tmp_dir, "store", NULL);

  cmd = g_strdup_printf ("rm -rf '%s' '%s/settings.ini' '%s/system.ini'", store, tmp_dir, tmp_dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

static DWORD
count (REPORT_STORE_TYPES type)
{
  HREPORTSTORE store = NULL;
  DWORD n = 12345;

  g_assert_cmpint (WerStoreOpen (type, &store), ==, S_OK);
  g_assert_cmpint (WerStoreGetReportCount (store, &n), ==, S_OK);
  WerStoreClose (store);
  return n;
}

static HREPORT
create (const WCHAR *app)
{
  WER_REPORT_INFORMATION info;
  HREPORT report = NULL;

  memset (&info, 0, sizeof info);
  info.dwSize = sizeof info;
  wcscpy (info.wzApplicationName, app);
  wcscpy (info.wzFriendlyEventName, L"Conformance test event");
  wcscpy (info.wzDescription, L"Filed by test-wer-api");
  g_assert_cmpint (WerReportCreate (APPCRASH_EVENT, WerReportApplicationCrash, &info, &report), ==, S_OK);
  g_assert_nonnull (report);
  return report;
}

static void
test_create_arguments (void)
{
  WER_REPORT_INFORMATION info;
  HREPORT report = (HREPORT) 0x1;
  WCHAR long_event[WER_MAX_EVENT_NAME_LENGTH + 2];

  fresh_store ();
  g_assert_cmpint (WerReportCreate (NULL, WerReportCritical, NULL, &report), ==, E_INVALIDARG);
  g_assert_null (report);
  g_assert_cmpint (WerReportCreate (APPCRASH_EVENT, WerReportCritical, NULL, NULL), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportCreate (APPCRASH_EVENT, WerReportInvalid, NULL, &report), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportCreate (APPCRASH_EVENT, (WER_REPORT_TYPE) 77, NULL, &report), ==, E_INVALIDARG);
  for (guint i = 0; i < WER_MAX_EVENT_NAME_LENGTH + 1; i++)
    long_event[i] = L'E';
  long_event[WER_MAX_EVENT_NAME_LENGTH + 1] = L'\0';
  g_assert_cmpint (WerReportCreate (long_event, WerReportCritical, NULL, &report), ==, WER_E_LENGTH_EXCEEDED);
  long_event[WER_MAX_EVENT_NAME_LENGTH] = L'\0';   /* exactly the limit: accepted */
  g_assert_cmpint (WerReportCreate (long_event, WerReportCritical, NULL, &report), ==, S_OK);
  g_assert_cmpint (WerReportCloseHandle (report), ==, S_OK);
  /* dwSize must be the struct's size. */
  memset (&info, 0, sizeof info);
  info.dwSize = 12;
  g_assert_cmpint (WerReportCreate (APPCRASH_EVENT, WerReportCritical, &info, &report), ==, E_INVALIDARG);
  /* Without information: the calling process's name. */
  g_assert_cmpint (WerReportCreate (L"MyEvent", WerReportNonCritical, NULL, &report), ==, S_OK);
  g_assert_cmpint (WerReportSetParameter (report, WER_P0, NULL, L"v"), ==, S_OK);
  g_assert_cmpint (WerReportCloseHandle (report), ==, S_OK);
  /* Closing discards an unsubmitted report; the handle is then invalid. */
  g_assert_cmpint (WerReportCloseHandle (report), ==, E_HANDLE);
  g_assert_cmpint (WerReportCloseHandle (NULL), ==, E_INVALIDARG);
  g_assert_cmpint (count (E_STORE_USER_QUEUE), ==, 0);
}

static void
test_parameters (void)
{
  HREPORT report;
  WCHAR value[WER_MAX_PARAM_LENGTH + 1];
  WCHAR name[WER_MAX_SIGNATURE_NAME_LENGTH + 2];
  const WCHAR bad[] = { L'a', (WCHAR) 0xD800, L'\0' };

  fresh_store ();
  report = create (L"params-app");
  /* Px needs P0..Px-1. */
  g_assert_cmpint (WerReportSetParameter (report, WER_P1, NULL, L"one"), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportSetParameter (report, WER_P0, NULL, L"zero"), ==, S_OK);
  g_assert_cmpint (WerReportSetParameter (report, WER_P1, L"Named", L"one"), ==, S_OK);
  g_assert_cmpint (WerReportSetParameter (report, WER_P0, L"Again", L"zero2"), ==, S_OK);   /* reset is fine */
  g_assert_cmpint (WerReportSetParameter (report, 10, NULL, L"ten"), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportSetParameter (report, WER_P2, NULL, NULL), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportSetParameter (report, WER_P2, NULL, bad), ==, E_INVALIDARG);
  for (guint i = 0; i < WER_MAX_PARAM_LENGTH; i++)
    value[i] = L'v';
  value[WER_MAX_PARAM_LENGTH] = L'\0';
  g_assert_cmpint (WerReportSetParameter (report, WER_P2, NULL, value), ==, WER_E_LENGTH_EXCEEDED);
  value[WER_MAX_PARAM_LENGTH - 1] = L'\0';   /* fits with its NUL in WCHAR[260] */
  g_assert_cmpint (WerReportSetParameter (report, WER_P2, NULL, value), ==, S_OK);
  for (guint i = 0; i < WER_MAX_SIGNATURE_NAME_LENGTH + 1; i++)
    name[i] = L'n';
  name[WER_MAX_SIGNATURE_NAME_LENGTH + 1] = L'\0';
  g_assert_cmpint (WerReportSetParameter (report, WER_P3, name, L"x"), ==, WER_E_LENGTH_EXCEEDED);
  g_assert_cmpint (WerReportSetParameter ((HREPORT) &report, WER_P0, NULL, L"x"), ==, E_HANDLE);
  g_assert_cmpint (WerReportSetUIOption (report, WerUIConsentDlgHeader, L"Header"), ==, S_OK);
  g_assert_cmpint (WerReportSetUIOption (report, WerUIMax, L"x"), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportSetUIOption (report, WerUIConsentDlgBody, NULL), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportCloseHandle (report), ==, S_OK);
}

/* Reads the metadata of the only queued report with the two-call protocol. */
static void
check_metadata (const WCHAR *expected_app,
                const char  *expected_file)
{
  HREPORTSTORE store = NULL;
  PCWSTR key = NULL, next = NULL;
  WER_REPORT_METADATA_V2 m2;
  WER_REPORT_METADATA_V3 m3;
  ULONGLONG size = 0;
  gboolean found = FALSE, found_wer = FALSE;
  char bucket[17];

  g_assert_cmpint (WerStoreOpen (E_STORE_USER_QUEUE, &store), ==, S_OK);
  g_assert_cmpint (WerStoreGetFirstReportKey (store, &key), ==, S_OK);
  g_assert_nonnull (key);
  g_assert_cmpint (WerStoreGetNextReportKey (store, &next), ==, HRESULT_FROM_WIN32 (ERROR_NO_MORE_FILES));
  g_assert_null (next);

  memset (&m2, 0, sizeof m2);
  g_assert_cmpint (WerStoreQueryReportMetadataV2 (store, key, &m2), ==, HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  g_assert_cmpuint (m2.SizeOfFileNames, >, 0);
  g_assert_cmpuint (m2.NumberOfFiles, >=, 2);
  m2.FileNames = g_malloc (m2.SizeOfFileNames);
  g_assert_cmpint (WerStoreQueryReportMetadataV2 (store, key, &m2), ==, S_OK);
  g_assert_cmpint (wcscmp (m2.Signature.EventName, L"APPCRASH"), ==, 0);
  g_assert_cmpint (wcscmp (m2.Signature.Parameters[0].Name, L"Application Name"), ==, 0);
  g_assert_cmpint (wcscmp (m2.Signature.Parameters[0].Value, expected_app), ==, 0);
  g_assert_cmpint (wcscmp (m2.Signature.Parameters[1].Name, L"P1"), ==, 0);
  g_assert_cmpint (m2.Signature.Parameters[2].Value[0], ==, L'\0');
  g_assert_cmpuint (m2.SizeInBytes, >, 0);
  g_assert_cmpuint (m2.CreationTime.dwHighDateTime, >, 0);
  g_assert_true (m2.ReportId.Data1 != 0 || m2.ReportId.Data2 != 0);
  /* The names: NUL-terminated, one more NUL at the end, as many as NumberOfFiles. */
  {
    const WCHAR *p = m2.FileNames;
    DWORD n = 0;
    while (*p != L'\0')
      {
        g_autofree char *utf8 = g_ucs4_to_utf8 ((const gunichar *) p, -1, NULL, NULL, NULL);
        if (g_strcmp0 (utf8, expected_file) == 0)
          found = TRUE;
        if (g_strcmp0 (utf8, "Report.wer") == 0)
          found_wer = TRUE;
        p += wcslen (p) + 1;
        n++;
      }
    g_assert_cmpuint (n, ==, m2.NumberOfFiles);
    g_assert_cmpuint ((gsize) (p + 1 - m2.FileNames) * sizeof (WCHAR), ==, m2.SizeOfFileNames);
  }
  g_assert_true (found);
  g_assert_true (found_wer);
  /* A buffer one WCHAR too small is refused with the size needed. */
  m2.SizeOfFileNames -= sizeof (WCHAR);
  g_assert_cmpint (WerStoreQueryReportMetadataV2 (store, key, &m2), ==, HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  m2.SizeOfFileNames += sizeof (WCHAR);
  g_free (m2.FileNames);

  memset (&m3, 0, sizeof m3);
  g_assert_cmpint (WerStoreQueryReportMetadataV3 (store, key, &m3), ==, HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  m3.FileNames = g_malloc (m3.SizeOfFileNames);
  g_assert_cmpint (WerStoreQueryReportMetadataV3 (store, key, &m3), ==, S_OK);
  g_assert_cmpint (wcscmp (m3.ApplicationName, expected_app), ==, 0);
  g_assert_cmpint (wcscmp (m3.FriendlyEventName, L"Conformance test event"), ==, 0);
  g_assert_cmpint (wcscmp (m3.Description, L"Filed by test-wer-api"), ==, 0);
  g_assert_cmpuint (wcslen (m3.BucketIdString), ==, 16);
  for (guint i = 0; i < 16; i++)
    bucket[i] = (char) m3.BucketIdString[i];
  bucket[16] = '\0';
  g_assert_cmpuint (m3.LegacyBucketId, ==, g_ascii_strtoull (bucket, NULL, 16));
  g_assert_cmpuint (m3.SizeInBytes, ==, m2.SizeInBytes);
  g_free (m3.FileNames);

  g_assert_cmpint (WerStoreGetSizeOnDisk (store, &size), ==, S_OK);
  g_assert_cmpuint (size, ==, m2.SizeInBytes);
  g_assert_cmpint (WerStoreQueryReportMetadataV2 (store, L"APPCRASH_x_0123456789abcdef_00000000-0000-4000-8000-000000000000", &m2),
                   ==, WER_E_NOT_FOUND);
  g_assert_cmpint (WerStoreQueryReportMetadataV2 (store, key, NULL), ==, E_INVALIDARG);
  WerFreeString (key);
  WerStoreClose (store);
}

static void
test_submit_queue_and_store_api (void)
{
  g_autofree char *attachment = g_build_filename (tmp_dir, "notes.txt", NULL);
  gunichar *wide_path = NULL;
  WER_SUBMIT_RESULT result = 0;
  HREPORT report;

  fresh_store ();
  g_assert_true (g_file_set_contents (attachment, "user notes", -1, NULL));
  wide_path = g_utf8_to_ucs4 (attachment, -1, NULL, NULL, NULL);

  report = create (L"conformance-app");
  g_assert_cmpint (WerReportSetParameter (report, WER_P0, L"Application Name", L"conformance-app"), ==, S_OK);
  g_assert_cmpint (WerReportSetParameter (report, WER_P1, NULL, L"1.0"), ==, S_OK);
  g_assert_cmpint (WerReportAddFile (report, L"/nonexistent/file", WerFileTypeOther, 0), ==,
                   HRESULT_FROM_WIN32 (ERROR_FILE_NOT_FOUND));
  g_assert_cmpint (WerReportAddFile (report, (PCWSTR) wide_path, WerFileTypeMax, 0), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportAddFile (report, (PCWSTR) wide_path, WerFileTypeUserDocument, 0x80), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportAddFile (report, L"/", WerFileTypeOther, 0), ==, E_INVALIDARG);   /* not a file */
  g_assert_cmpint (WerReportAddFile (report, (PCWSTR) wide_path, WerFileTypeUserDocument, WER_FILE_DELETE_WHEN_DONE), ==, S_OK);
  g_assert_true (g_file_test (attachment, G_FILE_TEST_EXISTS));   /* deleted only once submitted */

  g_assert_cmpint (WerReportSubmit (report, (WER_CONSENT) 9, 0, &result), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportSubmit (report, WerConsentNotAsked, 0x40000000, &result), ==, E_INVALIDARG);
  g_assert_cmpint (WerReportSubmit (report, WerConsentNotAsked, WER_SUBMIT_QUEUE, &result), ==, S_OK);
  g_assert_cmpint (result, ==, WerReportQueued);
  g_assert_false (g_file_test (attachment, G_FILE_TEST_EXISTS));
  g_assert_cmpint (WerReportSubmit (report, WerConsentNotAsked, 0, &result), ==, WER_E_INVALID_STATE);
  g_assert_cmpint (WerReportAddFile (report, (PCWSTR) wide_path, WerFileTypeOther, 0), ==, WER_E_INVALID_STATE);
  g_assert_cmpint (WerReportCloseHandle (report), ==, S_OK);
  g_assert_cmpint (count (E_STORE_USER_QUEUE), ==, 1);
  g_assert_cmpint (count (E_STORE_USER_ARCHIVE), ==, 0);
  check_metadata (L"conformance-app", "notes.txt");

  /* Store API argument checks. */
  {
    HREPORTSTORE store = NULL;
    PCWSTR key = NULL;
    DWORD n;
    ULONGLONG size;
    g_assert_cmpint (WerStoreOpen (E_STORE_INVALID, &store), ==, E_INVALIDARG);
    g_assert_cmpint (WerStoreOpen (E_STORE_USER_QUEUE, NULL), ==, E_INVALIDARG);
    g_assert_cmpint (WerStoreGetReportCount ((HREPORTSTORE) &n, &n), ==, E_INVALIDARG);
    g_assert_cmpint (WerStoreGetSizeOnDisk (NULL, &size), ==, E_INVALIDARG);
    g_assert_cmpint (WerStoreOpen (E_STORE_USER_ARCHIVE, &store), ==, S_OK);
    g_assert_cmpint (WerStoreGetFirstReportKey (store, &key), ==, HRESULT_FROM_WIN32 (ERROR_NO_MORE_FILES));
    g_assert_cmpint (WerStoreGetFirstReportKey (store, NULL), ==, E_INVALIDARG);
    WerStoreClose (store);
  }

  g_assert_cmpint (WerStorePurge (), ==, S_OK);
  g_assert_cmpint (count (E_STORE_USER_QUEUE), ==, 0);
  g_free (wide_path);
}

static WER_SUBMIT_RESULT
submit_simple (const WCHAR *app,
               const WCHAR *p0,
               WER_CONSENT  consent,
               DWORD        flags,
               HRESULT      expected_hr)
{
  WER_SUBMIT_RESULT result = 0;
  HREPORT report = create (app);

  g_assert_cmpint (WerReportSetParameter (report, WER_P0, L"Application Name", p0), ==, S_OK);
  g_assert_cmpint (WerReportSubmit (report, consent, flags, &result), ==, expected_hr);
  g_assert_cmpint (WerReportCloseHandle (report), ==, S_OK);
  return result;
}

static void
test_submit_results (void)
{
  fresh_store ();
  /* The same signature again soon: counted on the first report, not stored. */
  g_assert_cmpint (submit_simple (L"flood-app", L"same", WerConsentApproved, 0, S_OK), ==, WerReportQueued);
  g_assert_cmpint (submit_simple (L"flood-app", L"same", WerConsentApproved, 0, S_OK), ==, WerThrottled);
  g_assert_cmpint (count (E_STORE_USER_QUEUE), ==, 1);
  g_assert_cmpint (submit_simple (L"flood-app", L"same", WerConsentApproved, WER_SUBMIT_BYPASS_DATA_THROTTLING, S_OK),
                   ==, WerReportQueued);
  g_assert_cmpint (count (E_STORE_USER_QUEUE), ==, 2);

  /* Declined: archived, never queued; with WER_SUBMIT_NO_ARCHIVE not kept at all. */
  g_assert_cmpint (submit_simple (L"denied-app", L"d", WerConsentDenied, 0, S_OK), ==, WerReportCancelled);
  g_assert_cmpint (count (E_STORE_USER_ARCHIVE), ==, 1);
  g_assert_cmpint (submit_simple (L"denied-app", L"d2", WerConsentDenied, WER_SUBMIT_NO_ARCHIVE, S_OK), ==, WerReportCancelled);
  g_assert_cmpint (count (E_STORE_USER_ARCHIVE), ==, 1);
  g_assert_cmpint (count (E_STORE_USER_QUEUE), ==, 2);

  /* Not queued: nowhere to keep it. */
  g_assert_cmpint (submit_simple (L"noqueue-app", L"n", WerConsentApproved, WER_SUBMIT_NO_QUEUE, S_OK), ==, WerDisabledQueue);
  g_assert_cmpint (count (E_STORE_USER_QUEUE), ==, 2);
}

static void
test_exclusions (void)
{
  fresh_store ();
  g_assert_cmpint (WerAddExcludedApplication (NULL, FALSE), ==, E_INVALIDARG);
  g_assert_cmpint (WerAddExcludedApplication (L"", FALSE), ==, E_INVALIDARG);
  g_assert_cmpint (WerRemoveExcludedApplication (L"excluded-app", FALSE), ==, WER_E_NOT_FOUND);
  g_assert_cmpint (WerAddExcludedApplication (L"excluded-app", FALSE), ==, S_OK);
  g_assert_cmpint (submit_simple (L"excluded-app", L"e", WerConsentApproved, 0, S_OK), ==, WerDisabled);
  g_assert_cmpint (count (E_STORE_USER_QUEUE), ==, 0);
  g_assert_cmpint (WerRemoveExcludedApplication (L"excluded-app", FALSE), ==, S_OK);
  g_assert_cmpint (WerRemoveExcludedApplication (L"excluded-app", FALSE), ==, WER_E_NOT_FOUND);
  g_assert_cmpint (submit_simple (L"excluded-app", L"e", WerConsentApproved, 0, S_OK), ==, WerReportQueued);

  /* All users: the system settings, for root only. */
  if (geteuid () != 0)
    g_assert_cmpint (WerAddExcludedApplication (L"all-users-app", TRUE), ==, E_ACCESSDENIED);
  else
    {
      g_autofree char *system = g_build_filename (tmp_dir, "system.ini", NULL);
      g_autofree char *contents = NULL;
      g_assert_cmpint (WerAddExcludedApplication (L"all-users-app", TRUE), ==, S_OK);
      g_assert_true (g_file_get_contents (system, &contents, NULL, NULL));
      g_assert_nonnull (strstr (contents, "all-users-app=true"));
      g_assert_cmpint (submit_simple (L"all-users-app", L"a", WerConsentApproved, 0, S_OK), ==, WerDisabled);
      g_assert_cmpint (WerRemoveExcludedApplication (L"all-users-app", TRUE), ==, S_OK);
      g_assert_cmpint (submit_simple (L"all-users-app", L"a", WerConsentApproved, 0, S_OK), ==, WerReportQueued);
    }
}

static void
test_add_dump (void)
{
  const char *dumper = g_getenv ("PM_DUMPER_PATH");
  HREPORT report;
  WER_SUBMIT_RESULT result = 0;
  HREPORTSTORE store = NULL;
  PCWSTR key = NULL;
  WER_REPORT_METADATA_V2 m;
  gboolean found_dump = FALSE;
  pid_t child;
  int status;

  if (dumper == NULL || !g_file_test (dumper, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("postmortem-dumper is not built ($PM_DUMPER_PATH)");
      return;
    }
  fresh_store ();
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGKILL);   /* never outlive a failed test */
      pause ();
      _exit (0);
    }

  report = create (L"dump-app");
  g_assert_cmpint (WerReportSetParameter (report, WER_P0, L"Application Name", L"dump-app"), ==, S_OK);
  g_assert_cmpint (WerReportAddDump (report, WER_PROCESS_HANDLE_FROM_PID (child), NULL, WerDumpTypeNone, NULL, NULL, 0),
                   ==, E_INVALIDARG);
  g_assert_cmpint (WerReportAddDump (report, WER_PROCESS_HANDLE_FROM_PID (child), NULL, WerDumpTypeMiniDump, NULL, NULL, 0x100),
                   ==, E_INVALIDARG);
  g_assert_cmpint (WerReportAddDump (report, WER_PROCESS_HANDLE_FROM_PID (999999999), NULL, WerDumpTypeMiniDump, NULL, NULL, 0),
                   ==, E_HANDLE);
  g_assert_cmpint (WerReportAddDump (report, WER_PROCESS_HANDLE_FROM_PID (child), NULL, WerDumpTypeMiniDump, NULL, NULL, 0),
                   ==, S_OK);
  g_assert_cmpint (WerReportSubmit (report, WerConsentApproved, 0, &result), ==, S_OK);
  g_assert_cmpint (result, ==, WerReportQueued);
  g_assert_cmpint (WerReportCloseHandle (report), ==, S_OK);
  kill (child, SIGKILL);
  waitpid (child, &status, 0);

  g_assert_cmpint (WerStoreOpen (E_STORE_USER_QUEUE, &store), ==, S_OK);
  g_assert_cmpint (WerStoreGetFirstReportKey (store, &key), ==, S_OK);
  memset (&m, 0, sizeof m);
  g_assert_cmpint (WerStoreQueryReportMetadataV2 (store, key, &m), ==, HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  m.FileNames = g_malloc (m.SizeOfFileNames);
  g_assert_cmpint (WerStoreQueryReportMetadataV2 (store, key, &m), ==, S_OK);
  for (const WCHAR *p = m.FileNames; *p != L'\0'; p += wcslen (p) + 1)
    if (wcscmp (p, L"minidump.dmp") == 0)
      found_dump = TRUE;
  g_assert_true (found_dump);
  /* The file really is a minidump. */
  {
    g_autofree char *utf8_key = g_ucs4_to_utf8 ((const gunichar *) key, -1, NULL, NULL, NULL);
    g_autofree char *path = g_build_filename (tmp_dir, "store", "queue", utf8_key, "minidump.dmp", NULL);
    g_autofree char *data = NULL;
    gsize length = 0;
    g_assert_true (g_file_get_contents (path, &data, &length, NULL));
    g_assert_cmpuint (length, >, 32);
    g_assert_cmpint (memcmp (data, "MDMP", 4), ==, 0);
  }
  g_free (m.FileNames);
  WerFreeString (key);
  WerStoreClose (store);
}

static void
setenv_path (const char *name,
             const char *dir,
             const char *leaf)
{
  g_autofree char *path = g_build_filename (dir, leaf, NULL);

  g_setenv (name, path, TRUE);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("pm-wer-api-XXXXXX", NULL);
  g_setenv ("HOME", tmp_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  setenv_path ("PM_STORE_DIR", tmp_dir, "store");
  setenv_path ("PM_SETTINGS_FILE", tmp_dir, "settings.ini");
  setenv_path ("PM_SYSTEM_SETTINGS_FILE", tmp_dir, "system.ini");
  if (g_getenv ("PM_DUMPER_PATH") == NULL && g_getenv ("PM_BUILD_DIR") != NULL)
    setenv_path ("PM_DUMPER_PATH", g_getenv ("PM_BUILD_DIR"), "core/dumper/postmortem-dumper");

  g_test_add_func ("/wer-api/create-arguments", test_create_arguments);
  g_test_add_func ("/wer-api/parameters", test_parameters);
  g_test_add_func ("/wer-api/submit-queue-and-store-api", test_submit_queue_and_store_api);
  g_test_add_func ("/wer-api/submit-results", test_submit_results);
  g_test_add_func ("/wer-api/exclusions", test_exclusions);
  g_test_add_func ("/wer-api/add-dump", test_add_dump);
  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  return ret;
}
