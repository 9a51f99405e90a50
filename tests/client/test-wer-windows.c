/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-wer-windows.c — registration code written as it would be for Windows
 * (WER names, HRESULTs, L"..." strings, Windows types), compiled unchanged
 * against Postmortem's werapi.h and linked to the shared libpostmortem.
 * Every documented limit and error case, with the numeric HRESULT values.
 *
 * Runs in: a test process (plain C, no GLib: like a foreign application).
 */
#include <stdio.h>
#include <wchar.h>
#include <werapi.h>

static int failures;

#define EXPECT_HR(call, expected)                                                   \
  do {                                                                              \
    HRESULT hr_ = (call);                                                           \
    if (hr_ != (HRESULT) (expected))                                                \
      {                                                                             \
        fprintf (stderr, "%s:%d: %s returned 0x%08X, expected %s (0x%08X)\n",       \
                 __FILE__, __LINE__, #call, (unsigned) hr_, #expected,              \
                 (unsigned) (expected));                                            \
        failures++;                                                                 \
      }                                                                             \
  } while (0)

static BYTE g_blocks[WER_MAX_REGISTERED_ENTRIES + 1][8];
static BYTE g_big[WER_MAX_MEM_BLOCK_SIZE + 1];

int
main (void)
{
  WCHAR key64[WER_METADATA_KEY_MAX_LENGTH + 1], key65[WER_METADATA_KEY_MAX_LENGTH + 2];
  WCHAR value128[WER_METADATA_VALUE_MAX_LENGTH + 1], value129[WER_METADATA_VALUE_MAX_LENGTH + 2];
  WCHAR bad_path[] = { L'/', L't', L'm', L'p', L'/', 0xD800, L'x', 0 };
  DWORD flags = 0;
  int i;

  /* The codes have their Windows numbers. */
  EXPECT_HR (S_OK, 0x00000000);
  EXPECT_HR (E_INVALIDARG, 0x80070057);
  EXPECT_HR (E_OUTOFMEMORY, 0x8007000E);
  EXPECT_HR (HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER), 0x8007007A);
  EXPECT_HR (WER_E_NOT_FOUND, 0x80070490);
  EXPECT_HR (WER_E_INVALID_STATE, 0x8007139F);
  EXPECT_HR (HRESULT_FROM_WIN32 (ERROR_NOT_FOUND), WER_E_NOT_FOUND);
  EXPECT_HR (HRESULT_FROM_WIN32 (ERROR_INVALID_STATE), WER_E_INVALID_STATE);
  if (!FAILED (E_INVALIDARG) || !SUCCEEDED (S_OK))
    failures++;

  /* Memory blocks. */
  EXPECT_HR (WerRegisterMemoryBlock (NULL, 8), E_INVALIDARG);
  EXPECT_HR (WerRegisterMemoryBlock (g_big, 0), E_INVALIDARG);
  EXPECT_HR (WerRegisterMemoryBlock (g_big, WER_MAX_MEM_BLOCK_SIZE + 1), E_INVALIDARG);
  EXPECT_HR (WerRegisterMemoryBlock (g_big, WER_MAX_MEM_BLOCK_SIZE), S_OK);
  EXPECT_HR (WerRegisterMemoryBlock (g_big, 16), WER_E_INVALID_STATE);
  EXPECT_HR (WerUnregisterMemoryBlock (g_blocks[0]), WER_E_NOT_FOUND);
  EXPECT_HR (WerUnregisterMemoryBlock (g_big), S_OK);
  EXPECT_HR (WerUnregisterMemoryBlock (g_big), WER_E_NOT_FOUND);

  /* Excluded blocks. */
  EXPECT_HR (WerRegisterExcludedMemoryBlock (NULL, 8), E_INVALIDARG);
  EXPECT_HR (WerRegisterExcludedMemoryBlock (g_big, 0), E_INVALIDARG);
  EXPECT_HR (WerRegisterExcludedMemoryBlock (g_big, sizeof g_big), S_OK);
  EXPECT_HR (WerRegisterExcludedMemoryBlock (g_big, 8), WER_E_INVALID_STATE);
  EXPECT_HR (WerUnregisterExcludedMemoryBlock (g_big), S_OK);
  EXPECT_HR (WerUnregisterExcludedMemoryBlock (g_big), WER_E_NOT_FOUND);

  /* 512 entries in all. */
  for (i = 0; i < WER_MAX_REGISTERED_ENTRIES; i++)
    EXPECT_HR (WerRegisterMemoryBlock (g_blocks[i], 8), S_OK);
  EXPECT_HR (WerRegisterMemoryBlock (g_blocks[WER_MAX_REGISTERED_ENTRIES], 8), HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  EXPECT_HR (WerRegisterFile (L"/tmp/report.log", WerRegFileTypeOther, 0), HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  EXPECT_HR (WerRegisterCustomMetadata (L"Key", L"Value"), HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  EXPECT_HR (WerRegisterAdditionalProcess (GetCurrentProcessId (), 0), HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  for (i = 0; i < WER_MAX_REGISTERED_ENTRIES; i++)
    EXPECT_HR (WerUnregisterMemoryBlock (g_blocks[i]), S_OK);

  /* Custom metadata. */
  for (i = 0; i < WER_METADATA_KEY_MAX_LENGTH; i++) key64[i] = L'K';
  key64[WER_METADATA_KEY_MAX_LENGTH] = 0;
  for (i = 0; i <= WER_METADATA_KEY_MAX_LENGTH; i++) key65[i] = L'K';
  key65[WER_METADATA_KEY_MAX_LENGTH + 1] = 0;
  for (i = 0; i < WER_METADATA_VALUE_MAX_LENGTH; i++) value128[i] = L'v';
  value128[WER_METADATA_VALUE_MAX_LENGTH] = 0;
  for (i = 0; i <= WER_METADATA_VALUE_MAX_LENGTH; i++) value129[i] = L'v';
  value129[WER_METADATA_VALUE_MAX_LENGTH + 1] = 0;

  EXPECT_HR (WerRegisterCustomMetadata (NULL, L"v"), E_INVALIDARG);
  EXPECT_HR (WerRegisterCustomMetadata (L"Key", NULL), E_INVALIDARG);
  EXPECT_HR (WerRegisterCustomMetadata (key65, L"v"), E_INVALIDARG);
  EXPECT_HR (WerRegisterCustomMetadata (L"Key", value129), E_INVALIDARG);
  EXPECT_HR (WerRegisterCustomMetadata (L"1Key", L"v"), E_INVALIDARG);
  EXPECT_HR (WerRegisterCustomMetadata (L"Bad Key", L"v"), E_INVALIDARG);
  EXPECT_HR (WerRegisterCustomMetadata (L"Key", L"caf\u00e9"), E_INVALIDARG);
  EXPECT_HR (WerRegisterCustomMetadata (L"Key", L"tab\there"), E_INVALIDARG);
  EXPECT_HR (WerRegisterCustomMetadata (key64, value128), S_OK);
  EXPECT_HR (WerRegisterCustomMetadata (L"Build", L"1234"), S_OK);
  EXPECT_HR (WerRegisterCustomMetadata (L"Build", L"1235"), S_OK);   /* replaced */
  for (i = 0; i < WER_MAX_REGISTERED_METADATA - 2; i++)
    {
      WCHAR key[16];
      swprintf (key, 16, L"Extra%d", i);
      EXPECT_HR (WerRegisterCustomMetadata (key, L"x"), S_OK);
    }
  EXPECT_HR (WerRegisterCustomMetadata (L"OneTooMany", L"x"), HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  EXPECT_HR (WerUnregisterCustomMetadata (L"Missing"), WER_E_NOT_FOUND);
  EXPECT_HR (WerUnregisterCustomMetadata (NULL), E_INVALIDARG);
  EXPECT_HR (WerUnregisterCustomMetadata (L"Build"), S_OK);
  EXPECT_HR (WerUnregisterCustomMetadata (L"Build"), WER_E_NOT_FOUND);
  EXPECT_HR (WerRegisterCustomMetadata (L"OneTooMany", L"x"), S_OK);
  EXPECT_HR (WerUnregisterCustomMetadata (L"OneTooMany"), S_OK);
  EXPECT_HR (WerUnregisterCustomMetadata (key64), S_OK);
  for (i = 0; i < WER_MAX_REGISTERED_METADATA - 2; i++)
    {
      WCHAR key[16];
      swprintf (key, 16, L"Extra%d", i);
      EXPECT_HR (WerUnregisterCustomMetadata (key), S_OK);
    }

  /* Files: at most MAX_PATH characters. */
  {
    WCHAR path[MAX_PATH + 2];
    path[0] = L'/';
    for (i = 1; i < MAX_PATH; i++)
      path[i] = L'p';
    path[MAX_PATH] = 0;
    EXPECT_HR (WerRegisterFile (path, WerRegFileTypeOther, 0), S_OK);
    EXPECT_HR (WerUnregisterFile (path), S_OK);
    path[MAX_PATH] = L'p';
    path[MAX_PATH + 1] = 0;
    EXPECT_HR (WerRegisterFile (path, WerRegFileTypeOther, 0), E_INVALIDARG);
    EXPECT_HR (WerUnregisterFile (path), E_INVALIDARG);
  }
  EXPECT_HR (WerRegisterFile (NULL, WerRegFileTypeOther, 0), E_INVALIDARG);
  EXPECT_HR (WerRegisterFile (L"/tmp/x", (WER_REGISTER_FILE_TYPE) 0, 0), E_INVALIDARG);
  EXPECT_HR (WerRegisterFile (L"/tmp/x", WerRegFileTypeMax, 0), E_INVALIDARG);
  EXPECT_HR (WerRegisterFile (bad_path, WerRegFileTypeOther, 0), E_INVALIDARG);
  EXPECT_HR (WerRegisterFile (L"/tmp/r\u00e9sum\u00e9.txt", WerRegFileTypeUserDocument,
                              WER_FILE_ANONYMOUS_DATA | WER_FILE_DELETE_WHEN_DONE), S_OK);
  EXPECT_HR (WerRegisterFile (L"/tmp/r\u00e9sum\u00e9.txt", WerRegFileTypeOther, 0), S_OK);
  EXPECT_HR (WerUnregisterFile (L"/tmp/none"), WER_E_NOT_FOUND);
  EXPECT_HR (WerUnregisterFile (L"/tmp/r\u00e9sum\u00e9.txt"), S_OK);
  EXPECT_HR (WerUnregisterFile (L"/tmp/r\u00e9sum\u00e9.txt"), WER_E_NOT_FOUND);

  /* Additional processes. */
  EXPECT_HR (WerRegisterAdditionalProcess (0, 0), E_INVALIDARG);
  for (i = 0; i < WER_MAX_REGISTERED_DUMPCOLLECTION; i++)
    EXPECT_HR (WerRegisterAdditionalProcess (1000 + i, 0), S_OK);
  EXPECT_HR (WerRegisterAdditionalProcess (2000, 0), HRESULT_FROM_WIN32 (ERROR_INSUFFICIENT_BUFFER));
  EXPECT_HR (WerRegisterAdditionalProcess (1000, GetCurrentThreadId ()), S_OK);
  EXPECT_HR (WerUnregisterAdditionalProcess (0), E_INVALIDARG);
  EXPECT_HR (WerUnregisterAdditionalProcess (2000), WER_E_NOT_FOUND);
  for (i = 0; i < WER_MAX_REGISTERED_DUMPCOLLECTION; i++)
    EXPECT_HR (WerUnregisterAdditionalProcess (1000 + i), S_OK);

  /* Flags. */
  EXPECT_HR (WerSetFlags (WER_FAULT_REPORTING_FLAG_NOHEAP | WER_FAULT_REPORTING_NO_UI), S_OK);
  EXPECT_HR (WerGetFlags (GetCurrentProcess (), &flags), S_OK);
  if (flags != (WER_FAULT_REPORTING_FLAG_NOHEAP | WER_FAULT_REPORTING_NO_UI))
    {
      fprintf (stderr, "WerGetFlags gave %u\n", (unsigned) flags);
      failures++;
    }
  EXPECT_HR (WerGetFlags (GetCurrentProcess (), NULL), E_INVALIDARG);
  EXPECT_HR (WerSetFlags (0x10000), E_INVALIDARG);
  EXPECT_HR (WerSetFlags (0), S_OK);

  if (failures == 0)
    printf ("werapi: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
