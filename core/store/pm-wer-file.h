/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wer-file.h — PmWerFile: the strict, bounded reader and writer of Report.wer.
 *
 * Runs in: any GLib process (the store, the uploader, the application, fuzz targets).
 *
 * Format (ours; WER's key names, UTF-8 instead of WER's UTF-16):
 *   - UTF-8 text, optionally starting with a UTF-8 BOM (a UTF-16 BOM is refused);
 *   - one "Key=Value" per line, lines end with "\n" ("\r\n" accepted), the last line too
 *     (a missing final newline is accepted);
 *   - Key: 1–128 bytes of [A-Za-z0-9_.[]-], starting with a letter (Sig[0].Name,
 *     Response.BucketId, Postmortem.Count…); every key at most once;
 *   - Value: valid UTF-8 without control characters other than TAB, possibly empty;
 *   - at most PM_WER_FILE_MAX_LINE bytes per line, PM_WER_FILE_MAX_KEYS keys and
 *     PM_WER_FILE_MAX_SIZE bytes in all.
 * Anything else is refused with PM_ERROR_CORRUPT and a message "line N: what was wrong".
 * Unknown keys are kept, in order. Memory used is bounded by the limits above whatever the
 * input (parsing stops at the first error).
 */
#pragma once

#if !defined (PM_STORE_INSIDE) && !defined (PM_COMPILATION)
#error "Only <postmortem-store.h> can be included directly."
#endif

#include <glib.h>

#include "pm-store-visibility.h"

G_BEGIN_DECLS

#define PM_WER_FILE_MAX_LINE 8192
#define PM_WER_FILE_MAX_KEYS 4096
#define PM_WER_FILE_MAX_SIZE (1024 * 1024)
#define PM_WER_FILE_MAX_KEY  128

typedef struct _PmWerFile PmWerFile;

PM_STORE_AVAILABLE_IN_ALL
PmWerFile    *pm_wer_file_new                (void);
/* Parses @length bytes of @data; NULL with PM_ERROR_CORRUPT on the first malformed line. */
PM_STORE_AVAILABLE_IN_ALL
PmWerFile    *pm_wer_file_parse              (const char     *data,
                                              gsize           length,
                                              GError        **error);
PM_STORE_AVAILABLE_IN_ALL
void          pm_wer_file_free               (PmWerFile      *file);
PM_STORE_AVAILABLE_IN_ALL
PmWerFile    *pm_wer_file_copy               (const PmWerFile *file);

PM_STORE_AVAILABLE_IN_ALL
guint         pm_wer_file_get_n_keys         (const PmWerFile *file);
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_wer_file_get_key_at         (const PmWerFile *file,
                                              guint           index);
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_wer_file_get_value_at       (const PmWerFile *file,
                                              guint           index);
/* NULL when absent. */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_wer_file_get                (const PmWerFile *file,
                                              const char     *key);
/* Sets @key (kept in place if present, appended if not); NULL @value removes it.
 * FALSE with PM_ERROR_INVALID_ARGUMENT for an invalid key or value, or when the key
 * limit would be exceeded. */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_wer_file_set                (PmWerFile      *file,
                                              const char     *key,
                                              const char     *value,
                                              GError        **error);
/* The file's text (always parseable again). */
PM_STORE_AVAILABLE_IN_ALL
char         *pm_wer_file_to_data            (const PmWerFile *file,
                                              gsize          *length);

PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_wer_file_key_is_valid       (const char     *key);
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_wer_file_value_is_valid     (const char     *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmWerFile, pm_wer_file_free)

G_END_DECLS
