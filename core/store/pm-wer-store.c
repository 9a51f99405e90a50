/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wer-store.c — the WER store API of werapi.h over PmStore: WerStoreOpen,
 * WerStoreGetFirstReportKey / GetNextReportKey, WerStoreQueryReportMetadataV2 / V3 (with the
 * two-call size protocol for file names), WerStoreGetReportCount, WerStoreGetSizeOnDisk,
 * WerStorePurge, WerStoreClose, WerFreeString.
 *
 * Runs in: an ordinary application process (GLib allowed).
 *
 * An HREPORTSTORE is a pointer to a PmWerStore, dereferenced only after it was found in the
 * set of live handles (E_INVALIDARG otherwise, as WER documents for a bad store).
 */
#include "pm-config.h"

#include <string.h>

#include "pm-error.h"
#include "pm-store.h"
#include "pm-filetime.h"
#include "pm-wer-private.h"

typedef struct
{
  PmStore      *store;
  PmReportState state;
  GPtrArray    *keys;      /* snapshot taken by WerStoreGetFirstReportKey */
  guint         next;
} PmWerStore;

static GMutex stores_lock;
static GHashTable *stores;

static PmWerStore *
lookup_locked (HREPORTSTORE handle)
{
  if (handle == NULL || stores == NULL || !g_hash_table_contains (stores, handle))
    return NULL;
  return handle;
}

HRESULT WINAPI
WerStoreOpen (REPORT_STORE_TYPES repStoreType,
              PHREPORTSTORE      phReportStore)
{
  g_autoptr(GError) error = NULL;
  PmWerStore *self;
  PmStore *store;

  if (phReportStore == NULL)
    return E_INVALIDARG;
  *phReportStore = NULL;
  switch (repStoreType)
    {
    case E_STORE_USER_ARCHIVE:
    case E_STORE_USER_QUEUE:
      store = pm_store_open_default (&error);
      break;
    case E_STORE_MACHINE_ARCHIVE:
    case E_STORE_MACHINE_QUEUE:
      store = pm_store_open_system (&error);
      break;
    default:
      return E_INVALIDARG;
    }
  if (store == NULL)
    {
      HRESULT hr = pm_wer_hresult_from_error (error);
      g_warning ("WerStoreOpen: %s", error->message);
      return hr == WER_E_NOT_FOUND ? HRESULT_FROM_WIN32 (ERROR_FILE_NOT_FOUND) : hr;
    }
  self = g_new0 (PmWerStore, 1);
  self->store = store;
  self->state = (repStoreType == E_STORE_USER_ARCHIVE || repStoreType == E_STORE_MACHINE_ARCHIVE)
              ? PM_REPORT_STATE_ARCHIVE : PM_REPORT_STATE_QUEUE;
  g_mutex_lock (&stores_lock);
  if (stores == NULL)
    stores = g_hash_table_new (NULL, NULL);
  g_hash_table_add (stores, self);
  g_mutex_unlock (&stores_lock);
  *phReportStore = self;
  return S_OK;
}

void WINAPI
WerStoreClose (HREPORTSTORE hReportStore)
{
  PmWerStore *self;

  g_mutex_lock (&stores_lock);
  self = lookup_locked (hReportStore);
  if (self != NULL)
    g_hash_table_remove (stores, self);
  g_mutex_unlock (&stores_lock);
  if (self == NULL)
    return;
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_object_unref (self->store);
  g_free (self);
}

static HRESULT
next_key (PmWerStore *self,
          PCWSTR     *ppszReportKey)
{
  if (self->next >= self->keys->len)
    return HRESULT_FROM_WIN32 (ERROR_NO_MORE_FILES);
  *ppszReportKey = pm_wer_dup_wide (g_ptr_array_index (self->keys, self->next++));
  return S_OK;
}

HRESULT WINAPI
WerStoreGetFirstReportKey (HREPORTSTORE hReportStore,
                           PCWSTR      *ppszReportKey)
{
  g_autoptr(GError) error = NULL;
  PmWerStore *self;
  HRESULT hr;

  if (ppszReportKey == NULL)
    return E_INVALIDARG;
  *ppszReportKey = NULL;
  g_mutex_lock (&stores_lock);
  self = lookup_locked (hReportStore);
  if (self == NULL)
    hr = E_INVALIDARG;
  else
    {
      GPtrArray *keys = pm_store_list_keys (self->store, self->state, &error);
      if (keys == NULL)
        hr = pm_wer_hresult_from_error (error);
      else
        {
          g_clear_pointer (&self->keys, g_ptr_array_unref);
          self->keys = keys;
          self->next = 0;
          hr = next_key (self, ppszReportKey);
        }
    }
  g_mutex_unlock (&stores_lock);
  return hr;
}

HRESULT WINAPI
WerStoreGetNextReportKey (HREPORTSTORE hReportStore,
                          PCWSTR      *ppszReportKey)
{
  PmWerStore *self;
  HRESULT hr;

  if (ppszReportKey == NULL)
    return E_INVALIDARG;
  *ppszReportKey = NULL;
  g_mutex_lock (&stores_lock);
  self = lookup_locked (hReportStore);
  if (self == NULL)
    hr = E_INVALIDARG;
  else if (self->keys == NULL)
    hr = WER_E_INVALID_STATE;   /* WerStoreGetFirstReportKey first */
  else
    hr = next_key (self, ppszReportKey);
  g_mutex_unlock (&stores_lock);
  return hr;
}

void WINAPI
WerFreeString (PCWSTR pwszStr)
{
  g_free ((gpointer) pwszStr);
}

static void
guid_from_hex64 (GUID       *guid,
                 const char *hex)
{
  guint64 v = hex != NULL ? g_ascii_strtoull (hex, NULL, 16) : 0;

  memset (guid, 0, sizeof *guid);
  guid->Data1 = (guint32) (v >> 32);
  guid->Data2 = (guint16) (v >> 16);
  guid->Data3 = (guint16) v;
}

static void
guid_from_uuid (GUID       *guid,
                const char *uuid)
{
  guint8 b[16] = { 0 };
  guint n = 0;

  memset (guid, 0, sizeof *guid);
  for (const char *p = uuid; p != NULL && *p != '\0' && n < 32; p++)
    {
      if (*p == '-')
        continue;
      if (!g_ascii_isxdigit (*p))
        return;
      b[n / 2] |= g_ascii_xdigit_value (*p) << (n % 2 == 0 ? 4 : 0);
      n++;
    }
  if (n != 32)
    return;
  guid->Data1 = (guint32) b[0] << 24 | (guint32) b[1] << 16 | (guint32) b[2] << 8 | b[3];
  guid->Data2 = (guint16) (b[4] << 8 | b[5]);
  guid->Data3 = (guint16) (b[6] << 8 | b[7]);
  memcpy (guid->Data4, b + 8, 8);
}

/* Fills the fields V2 and V3 share; returns the report (for V3's extra fields). */
static HRESULT
query (HREPORTSTORE          hReportStore,
       PCWSTR                pszReportKey,
       WER_REPORT_SIGNATURE *signature,
       GUID                 *bucket_id,
       GUID                 *report_id,
       FILETIME             *creation_time,
       ULONGLONG            *size,
       WCHAR                *cab_id,
       DWORD                *status,
       GUID                 *integrator_id,
       DWORD                *n_files,
       DWORD                *size_of_names,
       WCHAR               **names,
       PmReport            **report_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autofree char *key = NULL;
  PmWerStore *self;
  guint64 filetime = 0;
  gsize needed_chars = 1;
  HRESULT hr;

  hr = pm_wer_to_utf8 (pszReportKey, 255, FALSE, &key);
  if (FAILED (hr))
    return hr;

  g_mutex_lock (&stores_lock);
  self = lookup_locked (hReportStore);
  if (self != NULL)
    report = pm_store_load_report (self->store, key, &error);
  g_mutex_unlock (&stores_lock);
  if (self == NULL)
    return E_INVALIDARG;
  if (report == NULL)
    return pm_wer_hresult_from_error (error);
  if (pm_report_get_state (report) != self->state)
    return WER_E_NOT_FOUND;   /* in the other half of the store */

  /* The file names first: the two-call protocol may stop here. */
  for (guint i = 0; i < pm_report_get_n_files (report); i++)
    needed_chars += g_utf8_strlen (pm_report_get_file_name (report, i), -1) + 1;
  *n_files = pm_report_get_n_files (report);
  if (*size_of_names < needed_chars * sizeof (WCHAR))
    {
      *size_of_names = needed_chars * sizeof (WCHAR);
      return HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER);
    }
  if (*names == NULL)
    return E_INVALIDARG;
  {
    WCHAR *p = *names;
    for (guint i = 0; i < pm_report_get_n_files (report); i++)
      {
        const char *name = pm_report_get_file_name (report, i);
        gsize chars = g_utf8_strlen (name, -1) + 1;
        pm_wer_copy_wide (p, chars, name);
        p += chars;
      }
    *p = L'\0';
    *size_of_names = needed_chars * sizeof (WCHAR);
  }

  memset (signature, 0, sizeof *signature);
  pm_wer_copy_wide (signature->EventName, G_N_ELEMENTS (signature->EventName), pm_report_get_event_type (report));
  for (guint i = 0; i < WER_MAX_PARAM_COUNT; i++)
    {
      const char *name = NULL, *value = NULL;
      if (!pm_report_get_signature (report, i, &name, &value))
        continue;
      pm_wer_copy_wide (signature->Parameters[i].Name, G_N_ELEMENTS (signature->Parameters[i].Name), name);
      pm_wer_copy_wide (signature->Parameters[i].Value, G_N_ELEMENTS (signature->Parameters[i].Value), value);
    }
  guid_from_hex64 (bucket_id, pm_report_get_bucket_id (report));
  guid_from_uuid (report_id, pm_report_get_report_id (report));
  pm_filetime_parse (pm_report_get_value (report, "EventTime"), &filetime);
  creation_time->dwLowDateTime = (DWORD) filetime;
  creation_time->dwHighDateTime = (DWORD) (filetime >> 32);
  *size = pm_report_get_size (report);
  cab_id[0] = L'\0';
  *status = (DWORD) g_ascii_strtoull (pm_report_get_value (report, "ReportStatus") != NULL
                                      ? pm_report_get_value (report, "ReportStatus") : "0", NULL, 10);
  memset (integrator_id, 0, sizeof *integrator_id);
  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);
  return S_OK;
}

HRESULT WINAPI
WerStoreQueryReportMetadataV2 (HREPORTSTORE            hReportStore,
                               PCWSTR                  pszReportKey,
                               PWER_REPORT_METADATA_V2 m)
{
  if (m == NULL)
    return E_INVALIDARG;
  return query (hReportStore, pszReportKey, &m->Signature, &m->BucketId, &m->ReportId, &m->CreationTime,
                &m->SizeInBytes, m->CabId, &m->ReportStatus, &m->ReportIntegratorId,
                &m->NumberOfFiles, &m->SizeOfFileNames, &m->FileNames, NULL);
}

HRESULT WINAPI
WerStoreQueryReportMetadataV3 (HREPORTSTORE            hReportStore,
                               PCWSTR                  pszReportKey,
                               PWER_REPORT_METADATA_V3 m)
{
  g_autoptr(PmReport) report = NULL;
  const char *bucket;
  HRESULT hr;

  if (m == NULL)
    return E_INVALIDARG;
  hr = query (hReportStore, pszReportKey, &m->Signature, &m->BucketId, &m->ReportId, &m->CreationTime,
              &m->SizeInBytes, m->CabId, &m->ReportStatus, &m->ReportIntegratorId,
              &m->NumberOfFiles, &m->SizeOfFileNames, &m->FileNames, &report);
  if (FAILED (hr))
    return hr;
  bucket = pm_report_get_bucket_id (report);
  pm_wer_copy_wide (m->FriendlyEventName, G_N_ELEMENTS (m->FriendlyEventName),
                    pm_report_get_value (report, "FriendlyEventName"));
  pm_wer_copy_wide (m->ApplicationName, G_N_ELEMENTS (m->ApplicationName), pm_report_get_app_name (report));
  pm_wer_copy_wide (m->ApplicationPath, G_N_ELEMENTS (m->ApplicationPath), pm_report_get_app_path (report));
  pm_wer_copy_wide (m->Description, G_N_ELEMENTS (m->Description), pm_report_get_value (report, "ReportDescription"));
  pm_wer_copy_wide (m->BucketIdString, G_N_ELEMENTS (m->BucketIdString), bucket);
  m->LegacyBucketId = bucket != NULL ? g_ascii_strtoull (bucket, NULL, 16) : 0;
  return S_OK;
}

HRESULT WINAPI
WerStoreGetReportCount (HREPORTSTORE hReportStore,
                        DWORD       *pdwReportCount)
{
  PmWerStore *self;

  if (pdwReportCount == NULL)
    return E_INVALIDARG;
  g_mutex_lock (&stores_lock);
  self = lookup_locked (hReportStore);
  if (self != NULL)
    *pdwReportCount = pm_store_count_reports (self->store, self->state);
  g_mutex_unlock (&stores_lock);
  return self != NULL ? S_OK : E_INVALIDARG;
}

HRESULT WINAPI
WerStoreGetSizeOnDisk (HREPORTSTORE hReportStore,
                       ULONGLONG   *pqwSizeInBytes)
{
  g_autoptr(GError) error = NULL;
  PmWerStore *self;
  HRESULT hr = S_OK;

  if (pqwSizeInBytes == NULL)
    return E_INVALIDARG;
  g_mutex_lock (&stores_lock);
  self = lookup_locked (hReportStore);
  if (self == NULL)
    hr = E_INVALIDARG;
  else
    {
      *pqwSizeInBytes = pm_store_get_size_on_disk (self->store, self->state, &error);
      if (error != NULL)
        hr = pm_wer_hresult_from_error (error);
    }
  g_mutex_unlock (&stores_lock);
  return hr;
}

HRESULT WINAPI
WerStorePurge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = pm_store_open_default (&error);

  if (store == NULL || !pm_store_purge (store, PM_REPORT_STATE_ALL, NULL, &error))
    {
      g_warning ("WerStorePurge: %s", error->message);
      return pm_wer_hresult_from_error (error);
    }
  return S_OK;
}
