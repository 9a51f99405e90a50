/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-wer-file.c — the strict Report.wer parser and writer: hand-made good and bad inputs,
 * each bad one refused with the right line number; round trips; limits.
 *
 * Runs in: the test process.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-error.h"
#include "pm-wer-file.h"

typedef struct
{
  const char *name;
  const char *data;
  gssize      length;          /* -1: strlen */
  const char *error;           /* NULL: must parse; else a substring of the message */
  guint       n_keys;
} Case;

static const Case cases[] = {
  { "empty", "", -1, NULL, 0 },
  { "one", "Version=1\n", -1, NULL, 1 },
  { "no-final-newline", "Version=1\nEventType=APPCRASH", -1, NULL, 2 },
  { "crlf", "Version=1\r\nEventType=APPCRASH\r\n", -1, NULL, 2 },
  { "utf8-bom", "\xef\xbb\xbfVersion=1\n", -1, NULL, 1 },
  { "empty-value", "Version=\n", -1, NULL, 1 },
  { "value-with-equals", "Sig[0].Value=a=b=c\n", -1, NULL, 1 },
  { "value-with-tab-and-utf8", "AppName=caf\xc3\xa9\tx\n", -1, NULL, 1 },
  { "wer-keys", "Version=1\nSig[0].Name=Application Name\nSig[0].Value=gedit\nDynamicSig[1].Name=OS Version\n"
                "Response.BucketId=0123456789abcdef\nFile[0].Name=minidump.dmp\nMetadata[0].Key=k\n", -1, NULL, 7 },
  { "utf16-bom", "\xff\xfeV\0=\0001\0", 8, "line 1: Report.wer is UTF-16", 0 },
  { "no-equals", "Version=1\nEventType\n", -1, "line 2: no “=”", 0 },
  { "empty-line", "Version=1\n\nEventType=APPCRASH\n", -1, "line 2: empty line", 0 },
  { "empty-key", "=x\n", -1, "line 1: invalid key", 0 },
  { "key-with-space", "Version=1\nEvent Type=x\n", -1, "line 2: invalid key “Event Type”", 0 },
  { "key-starts-with-digit", "1Version=1\n", -1, "line 1: invalid key", 0 },
  { "key-too-long", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1\n",
    -1, "line 1: invalid key", 0 },
  { "duplicate", "Version=1\nAppName=a\nVersion=2\n", -1, "line 3: duplicate key “Version”", 0 },
  { "bad-utf8", "Version=1\nAppName=\xc3\x28\n", -1, "line 2: key “AppName”: value is not valid UTF-8", 0 },
  { "overlong-utf8", "AppName=\xc0\xaf\n", -1, "line 1: key “AppName”: value is not valid UTF-8", 0 },
  { "control-char", "AppName=a\x01" "b\n", -1, "line 1: key “AppName”: value contains a control character", 0 },
  { "c1-control", "AppName=a\xc2\x85" "b\n", -1, "line 1: key “AppName”: value contains a control character", 0 },
  { "bare-cr", "AppName=a\rb\n", -1, "line 1: key “AppName”: value contains a control character", 0 },
  { "nul", "Version=1\nAppName=a\0b\n", 21, "line 2: contains a NUL byte", 0 },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(PmWerFile) file = NULL;
      gsize length = c->length >= 0 ? (gsize) c->length : strlen (c->data);

      g_test_message ("case %s", c->name);
      file = pm_wer_file_parse (c->data, length, &error);
      if (c->error == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (file);
          g_assert_cmpuint (pm_wer_file_get_n_keys (file), ==, c->n_keys);
        }
      else
        {
          g_assert_null (file);
          g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
          if (strstr (error->message, c->error) == NULL)
            g_error ("case %s: “%s” does not contain “%s”", c->name, error->message, c->error);
        }
    }
}

static void
test_values_and_order (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "Version=1\r\nSig[0].Value=a=b\nAppName=\n";
  g_autoptr(PmWerFile) file = pm_wer_file_parse (text, strlen (text), &error);
  g_autofree char *out = NULL;
  g_autoptr(PmWerFile) again = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_cmpstr (pm_wer_file_get (file, "Sig[0].Value"), ==, "a=b");
  g_assert_cmpstr (pm_wer_file_get (file, "AppName"), ==, "");
  g_assert_null (pm_wer_file_get (file, "Missing"));
  g_assert_cmpstr (pm_wer_file_get_key_at (file, 0), ==, "Version");
  g_assert_cmpstr (pm_wer_file_get_value_at (file, 0), ==, "1");

  /* Set keeps the place of an existing key, appends a new one, removes with NULL. */
  g_assert_true (pm_wer_file_set (file, "Version", "2", &error));
  g_assert_true (pm_wer_file_set (file, "Unknown.Key[3]", "kept", &error));
  g_assert_true (pm_wer_file_set (file, "AppName", NULL, &error));
  out = pm_wer_file_to_data (file, &length);
  g_assert_cmpstr (out, ==, "Version=2\nSig[0].Value=a=b\nUnknown.Key[3]=kept\n");
  again = pm_wer_file_parse (out, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pm_wer_file_get_n_keys (again), ==, 3);

  /* Invalid keys and values are refused by name. */
  g_assert_false (pm_wer_file_set (file, "a b", "x", &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pm_wer_file_set (file, "AppName", "two\nlines", &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "AppName"));
  g_clear_error (&error);
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);
  g_autoptr(PmWerFile) file = NULL;
  g_autofree char *long_line = NULL;

  /* Exactly the key limit parses; one more is refused at that line. */
  for (guint i = 0; i < PM_WER_FILE_MAX_KEYS; i++)
    g_string_append_printf (text, "K%u=v\n", i);
  file = pm_wer_file_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pm_wer_file_get_n_keys (file), ==, PM_WER_FILE_MAX_KEYS);
  g_assert_false (pm_wer_file_set (file, "OneMore", "v", &error));
  g_assert_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_pointer (&file, pm_wer_file_free);
  g_string_append (text, "OneMore=v\n");
  file = pm_wer_file_parse (text->str, text->len, &error);
  g_assert_null (file);
  g_assert_error (error, PM_ERROR, PM_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "line 4097: more than 4096 keys"));
  g_clear_error (&error);

  /* A line one byte too long. */
  g_string_truncate (text, 0);
  long_line = g_strnfill (PM_WER_FILE_MAX_LINE - 1, 'x');
  g_string_append_printf (text, "Version=1\nA=%s\n", long_line);
  file = pm_wer_file_parse (text->str, text->len, &error);
  g_assert_null (file);
  g_assert_nonnull (strstr (error->message, "line 2: longer than 8192 bytes"));
  g_clear_error (&error);

  /* Over the size limit: refused before anything is read. */
  g_string_truncate (text, 0);
  while (text->len <= PM_WER_FILE_MAX_SIZE)
    g_string_append (text, "A=1\n");
  file = pm_wer_file_parse (text->str, text->len, &error);
  g_assert_null (file);
  g_assert_nonnull (strstr (error->message, "more than the limit"));
  g_clear_error (&error);

  /* A flood of duplicate keys stops at the first duplicate (memory does not grow with it). */
  g_string_truncate (text, 0);
  while (text->len < PM_WER_FILE_MAX_SIZE - 8)
    g_string_append (text, "Dup=1\n");
  file = pm_wer_file_parse (text->str, text->len, &error);
  g_assert_null (file);
  g_assert_nonnull (strstr (error->message, "line 2: duplicate key “Dup”"));
  g_string_free (text, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wer-file/cases", test_cases);
  g_test_add_func ("/wer-file/values-and-order", test_values_and_order);
  g_test_add_func ("/wer-file/limits", test_limits);
  return g_test_run ();
}
