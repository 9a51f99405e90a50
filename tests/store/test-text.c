/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-text.c — escaping untrusted bytes (pm-text.h): every control character and every byte
 * that is not UTF-8 escaped, ordinary text unchanged, the result always valid UTF-8 without
 * controls, and unescaping giving back the exact bytes (also over every byte pair and random
 * input).
 *
 * Runs in: the test process.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-text.h"

typedef struct
{
  const char *name;
  const char *bytes;
  gssize      length;          /* -1: strlen */
  const char *escaped;
} Case;

static const Case cases[] = {
  { "empty", "", -1, "" },
  { "ascii", "/usr/bin/gedit --new-window", -1, "/usr/bin/gedit --new-window" },
  { "utf8", "/home/zoé/Café ☕/prog 𝄞", -1, "/home/zoé/Café ☕/prog 𝄞" },
  { "backslash", "C:\\Program Files\\x41", -1, "C:\\\\Program Files\\\\x41" },
  { "newline", "/tmp/a\nb", -1, "/tmp/a\\x0ab" },
  { "tab-cr", "a\tb\rc", -1, "a\\x09b\\x0dc" },
  { "esc-csi", "\x1b[31mred\x1b[0m", -1, "\\x1b[31mred\\x1b[0m" },
  { "osc-title", "\x1b]0;owned\x07", -1, "\\x1b]0;owned\\x07" },
  { "del", "a\x7f" "b", -1, "a\\x7fb" },
  { "c1-csi", "a\xc2\x9b" "31m", -1, "a\\xc2\\x9b31m" },
  { "c1-nel", "\xc2\x85", -1, "\\xc2\\x85" },
  { "after-c1", "\xc2\xa0\xc2\x9f", -1, "\xc2\xa0\\xc2\\x9f" },
  { "latin1", "/tmp/caf\xe9", -1, "/tmp/caf\\xe9" },
  { "lone-8-bit-c1", "a\x9b" "b", -1, "a\\x9bb" },
  { "overlong-slash", "\xc0\xaf", -1, "\\xc0\\xaf" },
  { "overlong-3", "\xe0\x80\xaf", -1, "\\xe0\\x80\\xaf" },
  { "surrogate", "\xed\xa0\x80", -1, "\\xed\\xa0\\x80" },
  { "above-max", "\xf4\x90\x80\x80", -1, "\\xf4\\x90\\x80\\x80" },
  { "truncated", "ab\xe2\x98", -1, "ab\\xe2\\x98" },
  { "bad-continuation", "\xe2(\xa1", -1, "\\xe2(\\xa1" },
  { "ff", "\xff\xfe", -1, "\\xff\\xfe" },
  { "nul-inside", "a\0b", 3, "a\\x00b" },
  { "length-cuts", "abcdef", 3, "abc" },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      gsize length = c->length >= 0 ? (gsize) c->length : strlen (c->bytes);
      g_autofree char *escaped = pm_text_escape_untrusted (c->bytes, c->length);
      g_autofree char *back = NULL;
      gsize back_length = 0;

      g_test_message ("case %s", c->name);
      g_assert_cmpstr (escaped, ==, c->escaped);
      g_assert_true (g_utf8_validate (escaped, -1, NULL));
      g_assert_true (pm_text_is_safe (escaped, -1));
      back = pm_text_unescape (escaped, &back_length);
      g_assert_nonnull (back);
      g_assert_cmpmem (back, back_length, c->bytes, length);
    }
}

static void
test_is_safe_and_make_safe (void)
{
  g_autofree char *clean = pm_text_make_safe ("C:\\dir\\prog é", -1);
  g_autofree char *dirty = pm_text_make_safe ("C:\\dir\\prog\n", -1);
  g_autofree char *null = pm_text_make_safe (NULL, 0);

  g_assert_true (pm_text_is_safe ("", -1));
  g_assert_true (pm_text_is_safe ("C:\\x41 ☕", -1));
  g_assert_false (pm_text_is_safe ("a\nb", -1));
  g_assert_false (pm_text_is_safe ("a\xc2\x80", -1));
  g_assert_false (pm_text_is_safe ("a\xe9", -1));
  g_assert_false (pm_text_is_safe ("a\0b", 3));
  g_assert_true (pm_text_is_safe ("a\0b", 1));

  /* A safe value is kept as it is (its backslashes too); an unsafe one is escaped whole. */
  g_assert_cmpstr (clean, ==, "C:\\dir\\prog é");
  g_assert_cmpstr (dirty, ==, "C:\\\\dir\\\\prog\\x0a");
  g_assert_cmpstr (null, ==, "");
}

static void
test_escape_max (void)
{
  g_autofree char *fits = pm_text_escape_untrusted_max ("abc\n", -1, 8);
  g_autofree char *cut_escape = pm_text_escape_untrusted_max ("abcd\n\n", -1, 10);
  g_autofree char *cut_utf8 = pm_text_escape_untrusted_max ("abcdé☕☕", -1, 11);
  g_autofree char *cut_backslash = pm_text_escape_untrusted_max ("abcde\\\\x", -1, 9);

  g_assert_cmpstr (fits, ==, "abc\\x0a");
  g_assert_cmpstr (cut_escape, ==, "abcd…");           /* "\\x0a" would not fit whole */
  g_assert_cmpstr (cut_utf8, ==, "abcdé…");
  g_assert_cmpstr (cut_backslash, ==, "abcde…");   /* never half of "\\\\" */
  g_assert_cmpuint (strlen (cut_utf8), <=, 11);
  for (gsize max = 8; max < 40; max++)
    {
      g_autofree char *cut = pm_text_escape_untrusted_max ("\x1b[31m\\é\xff☕ and more text", -1, max);
      g_assert_cmpuint (strlen (cut), <=, max);
      g_assert_true (pm_text_is_safe (cut, -1));
    }
}

static void
test_unescape_refuses (void)
{
  const char *bad[] = { "a\\", "\\x", "\\x4", "\\xg0", "\\n", "\\u00e9" };
  gsize length = 99;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (pm_text_unescape (bad[i], &length));
      g_assert_cmpuint (length, ==, 0);
    }
}

/* Every control, every byte value and every pair of bytes: the result is safe UTF-8 and maps
 * back to the input; then random buffers, each checked the same way. */
static void
check_round_trip (const guchar *bytes,
                  gsize         length)
{
  g_autofree char *escaped = pm_text_escape_untrusted ((const char *) bytes, (gssize) length);
  g_autofree char *back = NULL;
  gsize back_length = 0;

  g_assert_true (g_utf8_validate (escaped, -1, NULL));
  for (const char *p = escaped; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_assert_false (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f));
    }
  back = pm_text_unescape (escaped, &back_length);
  g_assert_nonnull (back);
  g_assert_cmpmem (back, back_length, bytes, length);
  if (pm_text_is_safe ((const char *) bytes, (gssize) length) && memchr (bytes, '\\', length) == NULL)
    g_assert_cmpmem (escaped, strlen (escaped), bytes, length);
}

static void
test_all_bytes_and_random (void)
{
  guchar buffer[64];

  for (guint a = 0; a < 256; a++)
    for (guint b = 0; b < 256; b++)
      {
        buffer[0] = (guchar) a;
        buffer[1] = (guchar) b;
        check_round_trip (buffer, 2);
      }
  for (guint c = 0; c < 0x110000; c += 7)
    {
      char utf8[8];
      gint n;

      if (c >= 0xd800 && c <= 0xdfff)
        continue;
      n = g_unichar_to_utf8 (c, utf8);
      check_round_trip ((const guchar *) utf8, (gsize) n);
    }
  for (guint round = 0; round < 20000; round++)
    {
      gsize length = (gsize) g_test_rand_int_range (0, sizeof buffer);

      for (gsize i = 0; i < length; i++)
        buffer[i] = (guchar) g_test_rand_int_range (0, 256);
      check_round_trip (buffer, length);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/cases", test_cases);
  g_test_add_func ("/text/is-safe-and-make-safe", test_is_safe_and_make_safe);
  g_test_add_func ("/text/escape-max", test_escape_max);
  g_test_add_func ("/text/unescape-refuses", test_unescape_refuses);
  g_test_add_func ("/text/all-bytes-and-random", test_all_bytes_and_random);
  return g_test_run ();
}
