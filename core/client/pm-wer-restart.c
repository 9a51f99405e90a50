/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wer-restart.c — WER's application restart and recovery functions
 * (werapi.h) over the native ones (pm-restart.c, pm-recovery.c): HRESULTs,
 * DWORDs and wchar_t strings.
 *
 * Runs in: the application, ordinary context, any thread (the recovery
 * calls also inside a recovery callback: async-signal-safe, like the
 * functions they call). libc only, no allocation.
 */
#include "pm-config.h"

#include <string.h>

#include "werapi.h"
#include "pm-client-private.h"

static bool
is_current_process (HANDLE process)
{
  return process == NULL || process == (HANDLE) (intptr_t) -1;
}

HRESULT WINAPI
RegisterApplicationRestart (PCWSTR pwzCommandline, DWORD dwFlags)
{
  char line[PM_RESTART_MAX_CMD_LINE];

  if (pwzCommandline == NULL)
    return pm_result_to_hresult (pm_register_application_restart (NULL, dwFlags));
  /* RESTART_MAX_CMD_LINE counts the NUL. */
  if (!pm_wide_to_utf8 (pwzCommandline, RESTART_MAX_CMD_LINE - 1, line, sizeof line))
    return E_INVALIDARG;
  return pm_result_to_hresult (pm_register_application_restart (line, dwFlags));
}

HRESULT WINAPI
UnregisterApplicationRestart (void)
{
  return pm_result_to_hresult (pm_unregister_application_restart ());
}

/* Decodes well-formed UTF-8 (the registration checked it) into @out, which
 * holds @out_chars characters with the NUL. Returns the characters needed
 * with the NUL, whether or not they fit. */
static size_t
utf8_to_wide (const char *in, wchar_t *out, size_t out_chars)
{
  const unsigned char *p = (const unsigned char *) in;
  size_t n = 0;

  while (*p != '\0')
    {
      uint32_t cp;
      size_t more;

      if (*p < 0x80)
        cp = *p, more = 0;
      else if (*p < 0xe0)
        cp = *p & 0x1f, more = 1;
      else if (*p < 0xf0)
        cp = *p & 0x0f, more = 2;
      else
        cp = *p & 0x07, more = 3;
      p++;
      for (size_t k = 0; k < more && (*p & 0xc0) == 0x80; k++, p++)
        cp = (cp << 6) | (*p & 0x3f);
      if (out != NULL && n + 1 < out_chars)
        out[n] = (wchar_t) cp;
      n++;
    }
  if (out != NULL && out_chars > 0)
    out[n < out_chars ? n : out_chars - 1] = L'\0';
  return n + 1;
}

HRESULT WINAPI
GetApplicationRestartSettings (HANDLE hProcess, PWSTR pwzCommandline, PDWORD pcchSize, PDWORD pdwFlags)
{
  char line[PM_RESTART_MAX_CMD_LINE];
  unsigned int flags = 0;
  size_t needed;
  PmResult result;

  if (pcchSize == NULL)
    return E_INVALIDARG;
  if (!is_current_process (hProcess))
    return E_HANDLE;
  result = pm_get_application_restart_settings (line, sizeof line, NULL, &flags);
  if (result != PM_RESULT_OK)
    return pm_result_to_hresult (result);
  needed = utf8_to_wide (line, NULL, 0);
  if (pwzCommandline == NULL || *pcchSize < needed)
    {
      *pcchSize = (DWORD) needed;
      return WER_E_INSUFFICIENT_BUFFER;
    }
  utf8_to_wide (line, pwzCommandline, *pcchSize);
  *pcchSize = (DWORD) needed;
  if (pdwFlags != NULL)
    *pdwFlags = flags;
  return S_OK;
}

HRESULT WINAPI
RegisterApplicationRecoveryCallback (APPLICATION_RECOVERY_CALLBACK pRecoveyCallback, PVOID pvParameter,
                                     DWORD dwPingInterval, DWORD dwFlags)
{
  return pm_result_to_hresult (pm_register_recovery_callback (pRecoveyCallback, pvParameter,
                                                              dwPingInterval, dwFlags));
}

HRESULT WINAPI
UnregisterApplicationRecoveryCallback (void)
{
  return pm_result_to_hresult (pm_unregister_recovery_callback ());
}

HRESULT WINAPI
GetApplicationRecoveryCallback (HANDLE hProcess, APPLICATION_RECOVERY_CALLBACK *pRecoveryCallback,
                                PVOID *ppvParameter, PDWORD pdwPingInterval, PDWORD pdwFlags)
{
  unsigned int interval = 0, flags = 0;
  PmResult result;

  if (!is_current_process (hProcess))
    return E_HANDLE;
  result = pm_get_recovery_callback (pRecoveryCallback, ppvParameter, &interval, &flags);
  if (result != PM_RESULT_OK)
    return pm_result_to_hresult (result);
  if (pdwPingInterval != NULL)
    *pdwPingInterval = interval;
  if (pdwFlags != NULL)
    *pdwFlags = flags;
  return S_OK;
}

HRESULT WINAPI
ApplicationRecoveryInProgress (PBOOL pbCancelled)
{
  bool cancelled = false;

  if (pm_recovery_in_progress (&cancelled) != PM_RESULT_OK)
    return E_FAIL;
  if (pbCancelled != NULL)
    *pbCancelled = cancelled ? TRUE : FALSE;
  return S_OK;
}

void WINAPI
ApplicationRecoveryFinished (BOOL bSuccess)
{
  pm_recovery_finished (bSuccess != FALSE);
}
