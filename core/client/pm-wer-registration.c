/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wer-registration.c — WER's registration functions (werapi.h) over the
 * native API: HRESULTs, DWORDs and wchar_t strings.
 *
 * Runs in: the application, ordinary context, any thread. libc only; wide
 * strings are converted to UTF-8 in fixed stack buffers (no allocation).
 */
#include "pm-config.h"

#include <string.h>

#include "werapi.h"
#include "pm-client-private.h"

HRESULT
pm_result_to_hresult (PmResult result)
{
  switch (result)
    {
    case PM_RESULT_OK:               return S_OK;
    case PM_RESULT_INVALID_ARGUMENT: return E_INVALIDARG;
    case PM_RESULT_LIMIT_REACHED:    return WER_E_INSUFFICIENT_BUFFER;
    case PM_RESULT_NOT_FOUND:        return WER_E_NOT_FOUND;
    case PM_RESULT_INVALID_STATE:    return WER_E_INVALID_STATE;
    case PM_RESULT_FAILED:
    default:                         return E_FAIL;
    }
}

/* Converts a NUL-terminated UTF-32 string to UTF-8 into @out (@out_size
 * bytes with the NUL). Returns false for NULL, a code point that is not a
 * Unicode scalar value, or a result that does not fit. If @max_chars is not
 * 0, more than @max_chars characters also fails. */
bool
pm_wide_to_utf8 (const wchar_t *in, size_t max_chars, char *out, size_t out_size)
{
  size_t n = 0;

  if (in == NULL || out_size == 0)
    return false;
  for (size_t i = 0; in[i] != L'\0'; i++)
    {
      uint32_t c = (uint32_t) in[i];
      char buf[4];
      size_t len;

      if (max_chars != 0 && i >= max_chars)
        return false;
      if (c >= 0xD800 && c <= 0xDFFF)
        return false;
      if (c < 0x80)
        {
          buf[0] = (char) c;
          len = 1;
        }
      else if (c < 0x800)
        {
          buf[0] = (char) (0xC0 | (c >> 6));
          buf[1] = (char) (0x80 | (c & 0x3F));
          len = 2;
        }
      else if (c < 0x10000)
        {
          buf[0] = (char) (0xE0 | (c >> 12));
          buf[1] = (char) (0x80 | ((c >> 6) & 0x3F));
          buf[2] = (char) (0x80 | (c & 0x3F));
          len = 3;
        }
      else if (c <= 0x10FFFF)
        {
          buf[0] = (char) (0xF0 | (c >> 18));
          buf[1] = (char) (0x80 | ((c >> 12) & 0x3F));
          buf[2] = (char) (0x80 | ((c >> 6) & 0x3F));
          buf[3] = (char) (0x80 | (c & 0x3F));
          len = 4;
        }
      else
        return false;
      if (n + len >= out_size)
        return false;
      memcpy (out + n, buf, len);
      n += len;
    }
  out[n] = '\0';
  return true;
}

HRESULT WINAPI
WerRegisterMemoryBlock (PVOID pvAddress, DWORD dwSize)
{
  return pm_result_to_hresult (pm_register_memory_block (pvAddress, dwSize));
}

HRESULT WINAPI
WerUnregisterMemoryBlock (PVOID pvAddress)
{
  return pm_result_to_hresult (pm_unregister_memory_block (pvAddress));
}

HRESULT WINAPI
WerRegisterExcludedMemoryBlock (const void *address, DWORD size)
{
  return pm_result_to_hresult (pm_register_excluded_memory_block (address, size));
}

HRESULT WINAPI
WerUnregisterExcludedMemoryBlock (const void *address)
{
  return pm_result_to_hresult (pm_unregister_excluded_memory_block (address));
}

/* WER: "The maximum length of this path is MAX_PATH characters." */
HRESULT WINAPI
WerRegisterFile (PCWSTR pwzFile, WER_REGISTER_FILE_TYPE regFileType, DWORD dwFlags)
{
  char path[PM_FILE_PATH_MAX_LENGTH + 1];

  if (!pm_wide_to_utf8 (pwzFile, MAX_PATH, path, sizeof path))
    return E_INVALIDARG;
  return pm_result_to_hresult (pm_register_file (path, (PmFileType) regFileType, dwFlags));
}

HRESULT WINAPI
WerUnregisterFile (PCWSTR pwzFilePath)
{
  char path[PM_FILE_PATH_MAX_LENGTH + 1];

  if (!pm_wide_to_utf8 (pwzFilePath, MAX_PATH, path, sizeof path))
    return E_INVALIDARG;
  return pm_result_to_hresult (pm_unregister_file (path));
}

HRESULT WINAPI
WerRegisterCustomMetadata (PCWSTR key, PCWSTR value)
{
  /* Keys and values are ASCII once valid, so one byte per character; a
   * non-ASCII character converts fine and is then refused by the checks. */
  char key8[PM_METADATA_KEY_MAX_LENGTH * 4 + 1];
  char value8[PM_METADATA_VALUE_MAX_LENGTH * 4 + 1];

  if (!pm_wide_to_utf8 (key, PM_METADATA_KEY_MAX_LENGTH, key8, sizeof key8) ||
      !pm_wide_to_utf8 (value, PM_METADATA_VALUE_MAX_LENGTH, value8, sizeof value8))
    return E_INVALIDARG;
  return pm_result_to_hresult (pm_register_custom_metadata (key8, value8));
}

HRESULT WINAPI
WerUnregisterCustomMetadata (PCWSTR key)
{
  char key8[PM_METADATA_KEY_MAX_LENGTH * 4 + 1];

  if (!pm_wide_to_utf8 (key, PM_METADATA_KEY_MAX_LENGTH, key8, sizeof key8))
    return E_INVALIDARG;
  return pm_result_to_hresult (pm_unregister_custom_metadata (key8));
}

HRESULT WINAPI
WerRegisterAdditionalProcess (DWORD processId, DWORD captureExtraInfoForThreadId)
{
  /* A DWORD above INT32_MAX is no Linux pid. */
  if (processId == 0 || processId > INT32_MAX || captureExtraInfoForThreadId > INT32_MAX)
    return E_INVALIDARG;
  return pm_result_to_hresult (pm_register_additional_process ((pid_t) processId,
                                                               (pid_t) captureExtraInfoForThreadId));
}

HRESULT WINAPI
WerUnregisterAdditionalProcess (DWORD processId)
{
  if (processId == 0 || processId > INT32_MAX)
    return E_INVALIDARG;
  return pm_result_to_hresult (pm_unregister_additional_process ((pid_t) processId));
}

#define PM_WER_KNOWN_FLAGS 0x7FFu  /* WER_FAULT_REPORTING_FLAG_NOHEAP .. _DURABLE */

HRESULT WINAPI
WerSetFlags (DWORD dwFlags)
{
  if ((dwFlags & ~PM_WER_KNOWN_FLAGS) != 0)
    return E_INVALIDARG;
  pm_set_flags (dwFlags);
  return S_OK;
}

HRESULT WINAPI
WerGetFlags (HANDLE hProcess, PDWORD pdwFlags)
{
  if (pdwFlags == NULL)
    return E_INVALIDARG;
  if (hProcess != NULL && hProcess != (HANDLE) (intptr_t) -1)
    return E_HANDLE;
  *pdwFlags = pm_get_flags ();
  return S_OK;
}
