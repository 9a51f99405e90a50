/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wer-private.h — private: what the WER report and store functions share (string
 * conversion between WER's wchar_t strings and UTF-8, HRESULTs from GErrors).
 *
 * Runs in: applications calling the WER API of libpostmortem-store. Not installed.
 */
#pragma once

#include <glib.h>

#include "werapi.h"

G_BEGIN_DECLS

/* Converts a NUL-terminated wchar_t (UTF-32) string of at most @max_chars characters to
 * UTF-8. E_INVALIDARG for NULL (unless @allow_null: *out = NULL) or an invalid code point,
 * WER_E_LENGTH_EXCEEDED when longer than @max_chars. */
HRESULT  pm_wer_to_utf8            (PCWSTR        text,
                                    gsize         max_chars,
                                    gboolean      allow_null,
                                    char        **out);
/* Copies UTF-8 @text into a fixed WCHAR array of @n_chars (NUL-terminated, cut to fit). */
void     pm_wer_copy_wide          (WCHAR        *dest,
                                    gsize         n_chars,
                                    const char   *text);
/* A newly allocated wchar_t string (free with g_free / WerFreeString). */
WCHAR   *pm_wer_dup_wide           (const char   *text);
/* The HRESULT for a PM_ERROR. */
HRESULT  pm_wer_hresult_from_error (const GError *error);

G_END_DECLS
