/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wer-report.c — the WER report API of werapi.h over the store: WerReportCreate,
 * WerReportSetParameter, WerReportAddFile, WerReportSetUIOption, WerReportAddDump,
 * WerReportSubmit, WerReportCloseHandle, WerAddExcludedApplication,
 * WerRemoveExcludedApplication.
 *
 * Runs in: an ordinary application process (GLib allowed) that files reports itself, like
 * a program calling wer.dll on Windows. Never in a crash handler.
 *
 * An HREPORT is a pointer to a PmWerReport that is only ever dereferenced after it was
 * found in the set of live handles, so a stale or made-up handle gives E_HANDLE instead
 * of a crash. Calls on handles are serialised by one lock.
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "pm-env.h"
#include "pm-error.h"
#include "pm-store.h"
#include "pm-report-draft-private.h"
#include "pm-store-fs.h"
#include "pm-wer-private.h"

typedef struct
{
  PmStore       *store;
  PmReportDraft *draft;
  guint          n_params;        /* P0..P(n_params-1) are set */
  GPtrArray     *delete_when_done; /* paths of WER_FILE_DELETE_WHEN_DONE files */
  gboolean       submitted;
} PmWerReport;

static GMutex handles_lock;
static GHashTable *handles;   /* PmWerReport* set */

static PmWerReport *
lookup_locked (HREPORT handle)
{
  if (handle == NULL || handles == NULL || !g_hash_table_contains (handles, handle))
    return NULL;
  return handle;
}

static void
pm_wer_report_free (PmWerReport *report)
{
  g_clear_pointer (&report->draft, pm_report_draft_free);
  g_clear_object (&report->store);
  g_ptr_array_unref (report->delete_when_done);
  g_free (report);
}

/* The pid a process HANDLE stands for (see werapi.h), or -1. */
static pid_t
pid_from_handle (HANDLE process)
{
  intptr_t v = (intptr_t) process;

  if (process == NULL || v == -1)
    return getpid ();
  if (v > 0 && v <= G_MAXINT32)
    return (pid_t) v;
  if (v <= -2 && -(v + 2) <= G_MAXINT32)
    {
      /* A pidfd: its pid is in /proc/self/fdinfo. */
      g_autofree char *path = g_strdup_printf ("/proc/self/fdinfo/%d", (int) -(v + 2));
      g_autofree char *info = NULL;
      const char *line;

      if (!g_file_get_contents (path, &info, NULL, NULL))
        return -1;
      line = strstr (info, "\nPid:");
      if (line == NULL)
        return -1;
      return (pid_t) g_ascii_strtoll (line + 5, NULL, 10);
    }
  return -1;
}

/* The executable's path and name of @pid (NULL when unknown). */
static char *
process_exe (pid_t pid)
{
  g_autofree char *link = g_strdup_printf ("/proc/%d/exe", (int) pid);
  return g_file_read_link (link, NULL);
}

HRESULT WINAPI
WerReportCreate (PCWSTR                  pwzEventType,
                 WER_REPORT_TYPE         repType,
                 PWER_REPORT_INFORMATION pReportInformation,
                 HREPORT                *phReportHandle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *event_type = NULL;
  g_autofree char *app_name = NULL, *app_path = NULL, *consent_key = NULL;
  g_autofree char *friendly = NULL, *description = NULL;
  g_autofree char *exe = NULL;
  char type_text[16];
  PmWerReport *report;
  pid_t pid = getpid ();
  HRESULT hr;

  if (phReportHandle == NULL)
    return E_INVALIDARG;
  *phReportHandle = NULL;
  if ((int) repType < WerReportNonCritical || repType >= WerReportInvalid)
    return E_INVALIDARG;
  hr = pm_wer_to_utf8 (pwzEventType, WER_MAX_EVENT_NAME_LENGTH, FALSE, &event_type);
  if (FAILED (hr))
    return hr;
  /* The event type is part of the report key: letters and digits only. */
  if (event_type[0] == '\0')
    return E_INVALIDARG;
  for (const char *p = event_type; *p; p++)
    if (!g_ascii_isalnum (*p))
      return E_INVALIDARG;

  if (pReportInformation != NULL)
    {
      if (pReportInformation->dwSize != sizeof (WER_REPORT_INFORMATION))
        return E_INVALIDARG;
      pid = pid_from_handle (pReportInformation->hProcess);
      if (pid <= 0)
        return E_HANDLE;
#define FIELD(member, out) \
      do { \
        WCHAR copy[G_N_ELEMENTS (pReportInformation->member) + 1]; \
        memcpy (copy, pReportInformation->member, sizeof pReportInformation->member); \
        copy[G_N_ELEMENTS (pReportInformation->member)] = L'\0'; \
        hr = pm_wer_to_utf8 (copy, G_N_ELEMENTS (pReportInformation->member) - 1, FALSE, &out); \
        if (FAILED (hr)) \
          return hr; \
      } while (0)
      FIELD (wzConsentKey, consent_key);
      FIELD (wzFriendlyEventName, friendly);
      FIELD (wzApplicationName, app_name);
      FIELD (wzApplicationPath, app_path);
      FIELD (wzDescription, description);
#undef FIELD
    }

  exe = process_exe (pid);
  if (app_path == NULL || app_path[0] == '\0')
    {
      g_free (app_path);
      app_path = g_strdup (exe);
    }
  if (app_name == NULL || app_name[0] == '\0')
    {
      g_free (app_name);
      app_name = app_path != NULL ? g_path_get_basename (app_path) : g_strdup (g_get_prgname ());
    }

  report = g_new0 (PmWerReport, 1);
  report->delete_when_done = g_ptr_array_new_with_free_func (g_free);
  report->store = pm_store_open_default (&error);
  if (report->store != NULL)
    report->draft = pm_store_begin_report (report->store, &error);
  if (report->draft == NULL)
    {
      hr = pm_wer_hresult_from_error (error);
      g_warning ("WerReportCreate: %s", error->message);
      pm_wer_report_free (report);
      return hr;
    }

  g_snprintf (type_text, sizeof type_text, "%d", (int) repType);
  pm_report_draft_set (report->draft, "EventType", event_type);
  pm_report_draft_set (report->draft, "ReportType", type_text);
  if (app_name != NULL)
    pm_report_draft_set (report->draft, "AppName", app_name);
  if (app_path != NULL)
    pm_report_draft_set (report->draft, "AppPath", app_path);
  if (app_path != NULL && !pm_wer_file_value_is_valid (app_path))
    {
      /* Stored escaped (pm_report_draft_set); the exact bytes, to find the program again. */
      g_autofree char *raw = g_base64_encode ((const guchar *) app_path, strlen (app_path));
      pm_report_draft_set (report->draft, "AppPath.Base64", raw);
    }
  if (consent_key != NULL && consent_key[0] != '\0')
    pm_report_draft_set (report->draft, "ConsentKey", consent_key);
  if (friendly != NULL && friendly[0] != '\0')
    pm_report_draft_set (report->draft, "FriendlyEventName", friendly);
  if (description != NULL && description[0] != '\0')
    pm_report_draft_set (report->draft, "ReportDescription", description);
  {
    char pid_text[16];
    g_snprintf (pid_text, sizeof pid_text, "%d", (int) pid);
    pm_report_draft_set (report->draft, "Postmortem.Pid", pid_text);
  }

  g_mutex_lock (&handles_lock);
  if (handles == NULL)
    handles = g_hash_table_new (NULL, NULL);
  g_hash_table_add (handles, report);
  g_mutex_unlock (&handles_lock);
  *phReportHandle = report;
  return S_OK;
}

HRESULT WINAPI
WerReportSetParameter (HREPORT hReportHandle,
                       DWORD   dwparamID,
                       PCWSTR  pwzName,
                       PCWSTR  pwzValue)
{
  g_autofree char *name = NULL, *value = NULL;
  char key[32];
  PmWerReport *report;
  HRESULT hr;

  g_mutex_lock (&handles_lock);
  report = lookup_locked (hReportHandle);
  if (report == NULL)
    hr = E_HANDLE;
  else if (report->submitted)
    hr = WER_E_INVALID_STATE;
  else if (dwparamID >= WER_MAX_PARAM_COUNT)
    hr = E_INVALIDARG;
  else if (dwparamID > report->n_params)
    hr = E_INVALIDARG;   /* Px needs P0..Px-1 first */
  else if (FAILED (hr = pm_wer_to_utf8 (pwzName, WER_MAX_SIGNATURE_NAME_LENGTH, TRUE, &name)))
    ;
  else if (FAILED (hr = pm_wer_to_utf8 (pwzValue, WER_MAX_PARAM_LENGTH - 1, FALSE, &value)))
    ;
  else if (!pm_wer_file_value_is_valid (value) || (name != NULL && !pm_wer_file_value_is_valid (name)))
    hr = E_INVALIDARG;   /* control characters: cannot be stored */
  else
    {
      g_autofree char *default_name = g_strdup_printf ("P%u", dwparamID);
      g_snprintf (key, sizeof key, "Sig[%u].Name", dwparamID);
      pm_report_draft_set (report->draft, key, name != NULL ? name : default_name);
      g_snprintf (key, sizeof key, "Sig[%u].Value", dwparamID);
      pm_report_draft_set (report->draft, key, value);
      if (dwparamID == report->n_params)
        report->n_params++;
      hr = S_OK;
    }
  g_mutex_unlock (&handles_lock);
  return hr;
}

static const char *
file_type_name (WER_FILE_TYPE type)
{
  static const char *const names[] = {
    NULL, "MicroDump", "MiniDump", "HeapDump", "UserDocument", "Other",
    "TriageDump", "CustomDump", "AuxiliaryDump", "EtlTrace",
  };
  if ((int) type <= 0 || type >= WerFileTypeMax)
    return NULL;
  return names[type];
}

/* Creates @base (or "base (2)", …) in the draft; returns the fd and the name used. */
static int
create_unique (PmReportDraft *draft,
               const char    *base,
               char         **name_used,
               GError       **error)
{
  for (guint i = 1; i < 100; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = NULL;
      int fd;

      if (i == 1)
        name = g_strdup (base);
      else
        {
          const char *dot = strrchr (base, '.');
          if (dot != NULL && dot != base)
            name = g_strdup_printf ("%.*s-%u%s", (int) (dot - base), base, i, dot);
          else
            name = g_strdup_printf ("%s-%u", base, i);
        }
      fd = pm_report_draft_create_file (draft, name, &local_error);
      if (fd >= 0)
        {
          *name_used = g_steal_pointer (&name);
          return fd;
        }
      if (!g_error_matches (local_error, PM_ERROR, PM_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
    }
  g_set_error (error, PM_ERROR, PM_ERROR_EXISTS, "Too many files named like %s in the report", base);
  return -1;
}

static gboolean
copy_fd (int      in,
         int      out,
         GError **error)
{
  for (;;)
    {
      ssize_t n = sendfile (out, in, NULL, 1 << 20);
      if (n == 0)
        return TRUE;
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          pm_fs_set_errno_error (error, errno, "a file added to the report", "copy");
          return FALSE;
        }
    }
}

HRESULT WINAPI
WerReportAddFile (HREPORT       hReportHandle,
                  PCWSTR        pwzPath,
                  WER_FILE_TYPE repFileType,
                  DWORD         dwFileFlags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  const char *type_name = file_type_name (repFileType);
  PmWerReport *report;
  struct stat st;
  HRESULT hr = S_OK;
  int in = -1, out = -1;

  g_mutex_lock (&handles_lock);
  report = lookup_locked (hReportHandle);
  if (report == NULL)
    hr = E_HANDLE;
  else if (report->submitted)
    hr = WER_E_INVALID_STATE;
  else if (type_name == NULL ||
           (dwFileFlags & ~(DWORD) (WER_FILE_DELETE_WHEN_DONE | WER_FILE_ANONYMOUS_DATA | WER_FILE_COMPRESSED)) != 0)
    hr = E_INVALIDARG;
  else if (FAILED (hr = pm_wer_to_utf8 (pwzPath, 4096, FALSE, &path)) || path[0] == '\0')
    hr = FAILED (hr) ? hr : E_INVALIDARG;
  if (FAILED (hr))
    goto out;

  /* The caller names its own file: its path may go through symlinks it made; what is
   * opened must be a regular file (no FIFO can block us). */
  in = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (in < 0)
    {
      hr = errno == ENOENT ? HRESULT_FROM_WIN32 (ERROR_FILE_NOT_FOUND)
         : errno == EACCES ? E_ACCESSDENIED : E_FAIL;
      goto out;
    }
  if (fstat (in, &st) != 0 || !S_ISREG (st.st_mode))
    {
      hr = E_INVALIDARG;
      goto out;
    }
  base = g_path_get_basename (path);
  if (!pm_store_name_is_valid (base) || strcmp (base, "Report.wer") == 0)
    {
      g_free (base);
      base = g_strdup ("file");
    }
  out = create_unique (report->draft, base, &name, &error);
  if (out < 0 || !copy_fd (in, out, &error))
    {
      hr = pm_wer_hresult_from_error (error);
      g_warning ("WerReportAddFile: %s", error->message);
      goto out;
    }
  pm_report_draft_add_file (report->draft, name, type_name, dwFileFlags);
  if (dwFileFlags & WER_FILE_DELETE_WHEN_DONE)
    g_ptr_array_add (report->delete_when_done, g_steal_pointer (&path));

out:
  if (in >= 0)
    close (in);
  if (out >= 0)
    close (out);
  g_mutex_unlock (&handles_lock);
  return hr;
}

HRESULT WINAPI
WerReportSetUIOption (HREPORT       hReportHandle,
                      WER_REPORT_UI repUITypeID,
                      PCWSTR        pwzValue)
{
  g_autofree char *value = NULL;
  PmWerReport *report;
  HRESULT hr;

  g_mutex_lock (&handles_lock);
  report = lookup_locked (hReportHandle);
  if (report == NULL)
    hr = E_HANDLE;
  else if (report->submitted)
    hr = WER_E_INVALID_STATE;
  else if ((int) repUITypeID < WerUIAdditionalDataDlgHeader || repUITypeID >= WerUIMax)
    hr = E_INVALIDARG;
  else if (FAILED (hr = pm_wer_to_utf8 (pwzValue, WER_MAX_DESCRIPTION_LENGTH, FALSE, &value)))
    ;
  else if (!pm_wer_file_value_is_valid (value))
    hr = E_INVALIDARG;
  else
    {
      char key[16];
      g_snprintf (key, sizeof key, "UI[%d]", (int) repUITypeID);
      pm_report_draft_set (report->draft, key, value);
      hr = S_OK;
    }
  g_mutex_unlock (&handles_lock);
  return hr;
}

HRESULT WINAPI
WerReportAddDump (HREPORT                    hReportHandle,
                  HANDLE                     hProcess,
                  HANDLE                     hThread,
                  WER_DUMP_TYPE              dumpType,
                  PWER_EXCEPTION_INFORMATION pExceptionParam,
                  PWER_DUMP_CUSTOM_OPTIONS   pDumpCustomOptions,
                  DWORD                      dwFlags)
{
  static const char *const type_args[] = { NULL, "micro", "mini", "heap", "triage" };
  static const char *const file_types[] = { NULL, "MicroDump", "MiniDump", "HeapDump", "TriageDump" };
  static const char *const file_names[] = { NULL, "microdump.dmp", "minidump.dmp", "heapdump.dmp", "triagedump.dmp" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dumper = NULL;
  g_autofree char *pid_text = NULL;
  g_autofree char *err_text = NULL;
  PmWerReport *report;
  gboolean self, environ_ok;
  const char *app;
  pid_t pid;
  HRESULT hr = S_OK;
  int fd = -1;

  g_mutex_lock (&handles_lock);
  report = lookup_locked (hReportHandle);
  if (report == NULL)
    {
      hr = E_HANDLE;
      goto out;
    }
  if (report->submitted)
    {
      hr = WER_E_INVALID_STATE;
      goto out;
    }
  if ((int) dumpType <= WerDumpTypeNone || dumpType >= WerDumpTypeMax ||
      (dwFlags & ~(DWORD) (WER_DUMP_NOHEAP_ONQUEUE | WER_DUMP_AUXILIARY)) != 0)
    {
      hr = E_INVALIDARG;
      goto out;
    }
  pid = pid_from_handle (hProcess);
  if (pid <= 0 || kill (pid, 0) != 0)
    {
      hr = E_HANDLE;
      goto out;
    }
  /* Every report here is queued, so "no heap on queue" always applies. */
  if (dumpType == WerDumpTypeHeapDump && (dwFlags & WER_DUMP_NOHEAP_ONQUEUE))
    dumpType = WerDumpTypeMiniDump;

  fd = create_unique (report->draft, file_names[dumpType], &name, &error);
  if (fd < 0)
    {
      hr = pm_wer_hresult_from_error (error);
      goto out;
    }

  /* The environment goes into a dump only with consent to send all data. */
  app = pm_report_draft_get (report->draft, "AppName");
  environ_ok = pm_settings_get_consent (pm_store_get_settings (report->store), app) == PM_CONSENT_ALL_DATA;
  dumper = pm_env_dumper_path ();
  pid_text = g_strdup_printf ("%d", (int) pid);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_fd (launcher, fd, 3);
  fd = -1;
  /* A setuid caller's dumper runs privileged: it gets none of the caller's environment. */
  if (pm_env_is_secure ())
    {
      const char *const empty[] = { NULL };
      g_subprocess_launcher_set_environ (launcher, (char **) empty);
    }

  /* A process may not ptrace its parent under Yama's ptrace_scope=1: dumping ourselves,
   * let any process of this user attach while the dump is taken, then take it back. */
  self = pid == getpid ();
  if (self)
    prctl (PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  if (environ_ok)
    process = g_subprocess_launcher_spawn (launcher, &error, dumper, "--pid", pid_text, "--type", type_args[dumpType],
                                           "--output-fd", "3", "--environ", NULL);
  else
    process = g_subprocess_launcher_spawn (launcher, &error, dumper, "--pid", pid_text, "--type", type_args[dumpType],
                                           "--output-fd", "3", NULL);
  if (process != NULL)
    g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err_text, &error);
  if (self)
    prctl (PR_SET_PTRACER, 0, 0, 0, 0);

  if (process == NULL || error != NULL)
    {
      g_warning ("WerReportAddDump: cannot run %s: %s", dumper, error->message);
      hr = E_FAIL;
    }
  else if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_warning ("WerReportAddDump: %s failed for process %d: %s", dumper, (int) pid,
                 err_text != NULL ? g_strstrip (err_text) : "(no message)");
      hr = WER_E_MISSING_DUMP;
    }
  if (FAILED (hr))
    {
      unlinkat (pm_report_draft_get_dir_fd (report->draft), name, 0);
      goto out;
    }
  pm_report_draft_add_file (report->draft, name, file_types[dumpType], 0);

out:
  if (fd >= 0)
    close (fd);
  g_mutex_unlock (&handles_lock);
  return hr;
}

HRESULT WINAPI
WerReportSubmit (HREPORT            hReportHandle,
                 WER_CONSENT        consent,
                 DWORD              dwFlags,
                 PWER_SUBMIT_RESULT pSubmitResult)
{
  const DWORD known = WER_SUBMIT_HONOR_RECOVERY | WER_SUBMIT_HONOR_RESTART | WER_SUBMIT_QUEUE |
                      WER_SUBMIT_SHOW_DEBUG | WER_SUBMIT_ADD_REGISTERED_DATA | WER_SUBMIT_OUTOFPROCESS |
                      WER_SUBMIT_NO_CLOSE_UI | WER_SUBMIT_NO_QUEUE | WER_SUBMIT_NO_ARCHIVE |
                      WER_SUBMIT_START_MINIMIZED | WER_SUBMIT_OUTOFPROCESS_ASYNC |
                      WER_SUBMIT_BYPASS_DATA_THROTTLING | WER_SUBMIT_ARCHIVE_PARAMETERS_ONLY |
                      WER_SUBMIT_REPORT_MACHINE_ID | WER_SUBMIT_BYPASS_POWER_THROTTLING |
                      WER_SUBMIT_BYPASS_NETWORK_COST_THROTTLING;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  WER_SUBMIT_RESULT result = WerReportFailed;
  PmWerReport *report;
  PmSettings *settings;
  const char *app;
  char consent_text[16];
  HRESULT hr = S_OK;

  g_mutex_lock (&handles_lock);
  report = lookup_locked (hReportHandle);
  if (report == NULL)
    {
      hr = E_HANDLE;
      goto out;
    }
  if (report->submitted)
    {
      hr = WER_E_INVALID_STATE;
      goto out;
    }
  if ((int) consent < WerConsentNotAsked || consent >= WerConsentMax || (dwFlags & ~known) != 0)
    {
      hr = E_INVALIDARG;
      goto out;
    }

  report->submitted = TRUE;
  app = pm_report_draft_get (report->draft, "AppName");
  settings = pm_store_get_settings (report->store);

  if (app != NULL && pm_store_is_app_excluded (report->store, app))
    {
      result = WerDisabled;
      goto done;
    }
  if (dwFlags & WER_SUBMIT_NO_QUEUE)
    {
      /* Nothing is sent synchronously here; without the queue there is nowhere to keep it. */
      result = WerDisabledQueue;
      goto done;
    }
  if (consent == WerConsentDenied && (dwFlags & WER_SUBMIT_NO_ARCHIVE))
    {
      result = WerReportCancelled;
      goto done;
    }

  g_snprintf (consent_text, sizeof consent_text, "%d", (int) consent);
  pm_report_draft_set (report->draft, "Consent", consent_text);
  pm_report_draft_set (report->draft, "Postmortem.ConsentLevel",
                       pm_consent_level_to_string (pm_settings_get_consent (settings, app)));
  if ((dwFlags & WER_SUBMIT_BYPASS_DATA_THROTTLING) || consent == WerConsentDenied)
    pm_report_draft_set_flood_control (report->draft, FALSE);

  key = pm_store_publish_report (report->store, report->draft, &error);
  if (key == NULL)
    {
      g_warning ("WerReportSubmit: %s", error->message);
      hr = pm_wer_hresult_from_error (error);
      result = WerReportFailed;
      goto done;
    }
  if (!g_str_has_suffix (key, pm_report_draft_get_id (report->draft)))
    result = WerThrottled;   /* counted on a queued report of the same bucket */
  else if (consent == WerConsentDenied)
    {
      /* Declined: kept in the archive, never sent. */
      if (!pm_store_archive_report (report->store, key, &error))
        {
          g_warning ("WerReportSubmit: %s", error->message);
          hr = pm_wer_hresult_from_error (error);
          result = WerReportFailed;
          goto done;
        }
      result = WerReportCancelled;
    }
  else
    result = WerReportQueued;

  for (guint i = 0; i < report->delete_when_done->len; i++)
    if (unlink (g_ptr_array_index (report->delete_when_done, i)) != 0 && errno != ENOENT)
      g_warning ("WerReportSubmit: cannot delete %s: %s",
                 (const char *) g_ptr_array_index (report->delete_when_done, i), g_strerror (errno));

done:
  if (pSubmitResult != NULL)
    *pSubmitResult = result;
out:
  g_mutex_unlock (&handles_lock);
  return hr;
}

HRESULT WINAPI
WerReportCloseHandle (HREPORT hReportHandle)
{
  PmWerReport *report;

  if (hReportHandle == NULL)
    return E_INVALIDARG;
  g_mutex_lock (&handles_lock);
  report = lookup_locked (hReportHandle);
  if (report != NULL)
    g_hash_table_remove (handles, report);
  g_mutex_unlock (&handles_lock);
  if (report == NULL)
    return E_HANDLE;
  pm_wer_report_free (report);   /* an unsubmitted draft is discarded */
  return S_OK;
}

/* ---- Exclusions ---- */

static HRESULT
set_excluded (PCWSTR   pwzExeName,
              BOOL     bAllUsers,
              gboolean excluded)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmSettings) settings = NULL;
  g_autofree char *name = NULL;
  HRESULT hr;

  hr = pm_wer_to_utf8 (pwzExeName, MAX_PATH, FALSE, &name);
  if (FAILED (hr))
    return hr;
  if (!pm_settings_app_name_is_valid (name))
    return E_INVALIDARG;
  if (bAllUsers)
    {
      g_autofree char *path = pm_settings_get_system_path ();
      if (geteuid () != 0)
        return E_ACCESSDENIED;
      settings = pm_settings_new (path);
    }
  else
    settings = pm_settings_new_default ();
  if (!excluded && !pm_settings_is_excluded (settings, name))
    return WER_E_NOT_FOUND;
  if (!pm_settings_set_excluded (settings, name, excluded, &error))
    {
      g_warning ("%s: %s", excluded ? "WerAddExcludedApplication" : "WerRemoveExcludedApplication", error->message);
      return pm_wer_hresult_from_error (error);
    }
  return S_OK;
}

HRESULT WINAPI
WerAddExcludedApplication (PCWSTR pwzExeName,
                           BOOL   bAllUsers)
{
  return set_excluded (pwzExeName, bAllUsers, TRUE);
}

HRESULT WINAPI
WerRemoveExcludedApplication (PCWSTR pwzExeName,
                              BOOL   bAllUsers)
{
  return set_excluded (pwzExeName, bAllUsers, FALSE);
}
