/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wer-strings.c — private: WER's wchar_t strings to and from UTF-8, and HRESULTs for
 * PM_ERROR codes (see pm-wer-private.h).
 *
 * Runs in: applications calling the WER API of libpostmortem-store.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-error.h"
#include "pm-wer-private.h"

HRESULT
pm_wer_to_utf8 (PCWSTR    text,
                gsize     max_chars,
                gboolean  allow_null,
                char    **out)
{
  gsize len = 0;
  GError *error = NULL;

  *out = NULL;
  if (text == NULL)
    return allow_null ? S_OK : E_INVALIDARG;
  /* Bounded: never read further than one character past the limit. */
  while (len <= max_chars && text[len] != L'\0')
    len++;
  if (len > max_chars)
    return WER_E_LENGTH_EXCEEDED;
  *out = g_ucs4_to_utf8 ((const gunichar *) text, len, NULL, NULL, &error);
  if (*out == NULL)
    {
      g_error_free (error);   /* a surrogate or a value beyond U+10FFFF */
      return E_INVALIDARG;
    }
  return S_OK;
}

void
pm_wer_copy_wide (WCHAR      *dest,
                  gsize       n_chars,
                  const char *text)
{
  gsize i = 0;

  if (n_chars == 0)
    return;
  for (const char *p = text; p != NULL && *p != '\0' && i + 1 < n_chars; p = g_utf8_next_char (p))
    dest[i++] = (WCHAR) g_utf8_get_char (p);
  dest[i] = L'\0';
}

WCHAR *
pm_wer_dup_wide (const char *text)
{
  glong n = 0;
  gunichar *wide = g_utf8_to_ucs4 (text, -1, NULL, &n, NULL);

  G_STATIC_ASSERT (sizeof (WCHAR) == sizeof (gunichar));
  if (wide == NULL)
    wide = g_new0 (gunichar, 1);
  return (WCHAR *) wide;
}

HRESULT
pm_wer_hresult_from_error (const GError *error)
{
  if (error == NULL || error->domain != PM_ERROR)
    return E_FAIL;
  switch (error->code)
    {
    case PM_ERROR_INVALID_ARGUMENT:
      return E_INVALIDARG;
    case PM_ERROR_NOT_FOUND:
      return WER_E_NOT_FOUND;
    case PM_ERROR_UNSAFE:
    case PM_ERROR_CONSENT:
      return E_ACCESSDENIED;
    case PM_ERROR_QUOTA:
      return HRESULT_FROM_WIN32 (ERROR_DISK_FULL);
    case PM_ERROR_EXISTS:
      return WER_E_INVALID_STATE;
    default:
      return E_FAIL;
    }
}
