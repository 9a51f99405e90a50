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

#include <glib-object.h>

#include "pm-store-visibility.h"

G_BEGIN_DECLS

/**
 * PM_WER_FILE_MAX_LINE:
 *
 * The longest line of a `Report.wer`, in bytes.
 */
#define PM_WER_FILE_MAX_LINE 8192
/**
 * PM_WER_FILE_MAX_KEYS:
 *
 * The most keys a `Report.wer` may hold.
 */
#define PM_WER_FILE_MAX_KEYS 4096
/**
 * PM_WER_FILE_MAX_SIZE:
 *
 * The largest `Report.wer`, in bytes.
 */
#define PM_WER_FILE_MAX_SIZE (1024 * 1024)
/**
 * PM_WER_FILE_MAX_KEY:
 *
 * The longest key, in bytes.
 */
#define PM_WER_FILE_MAX_KEY  128

/**
 * PmWerFile:
 *
 * The values of a `Report.wer`, in file order, read by a strict and bounded parser:
 * UTF-8 `Key=Value` lines, keys of 1–128 bytes of `[A-Za-z0-9_.[]-]` starting with a
 * letter, each at most once; values without control characters other than TAB. Anything
 * else is refused with %PM_ERROR_CORRUPT naming the line.
 */
typedef struct _PmWerFile PmWerFile;

#define PM_TYPE_WER_FILE (pm_wer_file_get_type ())
/**
 * pm_wer_file_get_type:
 *
 * Returns: the #GType of #PmWerFile (boxed)
 */
PM_STORE_AVAILABLE_IN_ALL
GType         pm_wer_file_get_type           (void) G_GNUC_CONST;

/**
 * pm_wer_file_new:
 *
 * Makes an empty set of values.
 *
 * Returns: (transfer full): an empty `Report.wer`
 */
PM_STORE_AVAILABLE_IN_ALL
PmWerFile    *pm_wer_file_new                (void);
/**
 * pm_wer_file_parse:
 * @data: (array length=length) (element-type guint8): the file's bytes
 * @length: the number of bytes
 * @error: return location for a #GError, or %NULL
 *
 * Parses a `Report.wer`.
 *
 * Returns: (transfer full): the values, or %NULL with %PM_ERROR_CORRUPT naming the first
 *   malformed line
 */
PM_STORE_AVAILABLE_IN_ALL
PmWerFile    *pm_wer_file_parse              (const char     *data,
                                              gsize           length,
                                              GError        **error);
/**
 * pm_wer_file_free:
 * @file: a #PmWerFile
 *
 * Frees @file.
 */
PM_STORE_AVAILABLE_IN_ALL
void          pm_wer_file_free               (PmWerFile      *file);
/**
 * pm_wer_file_copy:
 * @file: a #PmWerFile
 *
 * Copies the values.
 *
 * Returns: (transfer full): a copy of @file
 */
PM_STORE_AVAILABLE_IN_ALL
PmWerFile    *pm_wer_file_copy               (const PmWerFile *file);

/**
 * pm_wer_file_get_n_keys:
 * @file: a #PmWerFile
 *
 * How many keys the file holds.
 *
 * Returns: the number of keys
 */
PM_STORE_AVAILABLE_IN_ALL
guint         pm_wer_file_get_n_keys         (const PmWerFile *file);
/**
 * pm_wer_file_get_key_at:
 * @file: a #PmWerFile
 * @index: below pm_wer_file_get_n_keys()
 *
 * A key by its position.
 *
 * Returns: the key at @index, in file order
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_wer_file_get_key_at         (const PmWerFile *file,
                                              guint           index);
/**
 * pm_wer_file_get_value_at:
 * @file: a #PmWerFile
 * @index: below pm_wer_file_get_n_keys()
 *
 * A value by its position.
 *
 * Returns: the value at @index
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_wer_file_get_value_at       (const PmWerFile *file,
                                              guint           index);
/**
 * pm_wer_file_get:
 * @file: a #PmWerFile
 * @key: a key
 *
 * The value of one key.
 *
 * Returns: (nullable): the value of @key, or %NULL when it is absent
 */
PM_STORE_AVAILABLE_IN_ALL
const char   *pm_wer_file_get                (const PmWerFile *file,
                                              const char     *key);
/**
 * pm_wer_file_set:
 * @file: a #PmWerFile
 * @key: a key
 * @value: (nullable): its value, or %NULL to remove the key
 * @error: return location for a #GError, or %NULL
 *
 * Sets @key, in its place if present, else at the end.
 *
 * Returns: %TRUE, or %FALSE with %PM_ERROR_INVALID_ARGUMENT for an invalid key or value or
 *   when the key limit would be exceeded
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_wer_file_set                (PmWerFile      *file,
                                              const char     *key,
                                              const char     *value,
                                              GError        **error);
/**
 * pm_wer_file_to_data:
 * @file: a #PmWerFile
 * @length: (out) (optional): the length of the text
 *
 * Writes the values as `Report.wer` text.
 *
 * Returns: (transfer full): the file's text (always parseable again)
 */
PM_STORE_AVAILABLE_IN_ALL
char         *pm_wer_file_to_data            (const PmWerFile *file,
                                              gsize          *length);

/**
 * pm_wer_file_key_is_valid:
 * @key: (nullable): a string
 *
 * Checks a key: 1–128 bytes of `[A-Za-z0-9_.[]-]`, starting with a letter.
 *
 * Returns: %TRUE when @key can be a `Report.wer` key
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_wer_file_key_is_valid       (const char     *key);
/**
 * pm_wer_file_value_is_valid:
 * @value: (nullable): a string
 *
 * Checks a value: valid UTF-8 without control characters other than TAB.
 *
 * Returns: %TRUE when @value can be a `Report.wer` value
 */
PM_STORE_AVAILABLE_IN_ALL
gboolean      pm_wer_file_value_is_valid     (const char     *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmWerFile, pm_wer_file_free)

G_END_DECLS
