/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* fuzz-upload-response.c — fuzz target of the crash server answer parser
 * (pm_upload_response_parse) and the retry delay.
 *
 * Runs in: a test process. Built two ways: with -Dfuzzing=true (clang) as a
 * libFuzzer target, and always as a plain test whose main() runs the seed
 * answers of tests/upload/fuzz-seeds/ and then 20,000 inputs made by mutating
 * them with a fixed random seed, so every build (ASan/UBSan included)
 * exercises the parser on hostile bytes.
 *
 * Input layout: byte 0-1 the HTTP status (little endian, modulo 700); up to
 * the first '\n' the Retry-After header, also used as the reason phrase and
 * the Location header (absent when that line is empty); the rest is the body,
 * taken as whole or as cut short by bit 7 of byte 1. Invariants checked: every
 * string is valid UTF-8 without control characters; an accepted answer has an id
 * of at most 200 bytes and never a reason; any other answer has a printable
 * one-line reason; a view URL is http(s); Retry-After is within [0, 24 h]; the
 * delay is finite and within its cap.
 */
#include "pm-config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pm-upload-response.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_printable (const char *s)
{
  /* Valid UTF-8 with no C0, DEL or C1 control: safe for Report.wer and a terminal. */
  g_assert_true (g_utf8_validate (s, -1, NULL));
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_assert_true (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PmUploadResponse r;
  guint status;
  const uint8_t *newline;
  g_autofree char *retry_after = NULL;
  const char *body;
  gsize body_length;
  double delay;
  gboolean complete;

  if (size < 2)
    return 0;
  status = (data[0] | (data[1] << 8)) % 700;
  /* Both ways: a whole body, and one cut short (size bound, deadline). */
  complete = (data[1] & 0x80) == 0;
  data += 2;
  size -= 2;
  newline = memchr (data, '\n', size);
  if (newline != NULL)
    {
      if (newline != data)
        retry_after = g_strndup ((const char *) data, newline - data);
      body = (const char *) newline + 1;
      body_length = size - (newline + 1 - data);
    }
  else
    {
      body = (const char *) data;
      body_length = size;
    }

  /* The first line also plays the reason phrase and the Location header. */
  pm_upload_response_parse (&r, status, retry_after, retry_after, retry_after ? retry_after : "http://x/", body, body_length, complete, 1700000000);
  g_assert_cmpuint (r.status, ==, status);
  if (r.outcome == PM_UPLOAD_OUTCOME_ACCEPTED)
    {
      g_assert_true (status >= 200 && status < 300);
      g_assert_nonnull (r.report_id);
      g_assert_cmpuint (strlen (r.report_id), <=, 200);
      check_printable (r.report_id);
      g_assert_null (r.reason);
    }
  else
    {
      g_assert_null (r.report_id);
      g_assert_nonnull (r.reason);
      check_printable (r.reason);
    }
  if (r.view_url != NULL)
    {
      g_assert_true (g_str_has_prefix (r.view_url, "http://") || g_str_has_prefix (r.view_url, "https://"));
      check_printable (r.view_url);
    }
  g_assert_true (r.retry_after == -1 || (r.retry_after >= 0 && r.retry_after <= PM_UPLOAD_MAX_RETRY_AFTER));

  delay = pm_upload_retry_delay (status, 60, r.retry_after, (double) (size % 1000) / 1000.0);
  g_assert_true (isfinite (delay) && delay >= 0 && delay <= PM_UPLOAD_MAX_RETRY_AFTER * 1.1 + 1);
  pm_upload_response_clear (&r);
  return 0;
}

#ifndef PM_LIBFUZZER
static GPtrArray *
load_seeds (const char *dir)
{
  GPtrArray *seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *contents;
      gsize length;

      if (g_file_get_contents (path, &contents, &length, NULL))
        g_ptr_array_add (seeds, g_bytes_new_take (contents, length));
    }
  return seeds;
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) seeds = NULL;
  GRand *rand;
  guint runs = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s SEED-DIR\n", argv[0]);
      return 2;
    }
  seeds = load_seeds (argv[1]);
  if (seeds->len == 0)
    {
      fprintf (stderr, "%s: no seeds in %s\n", argv[0], argv[1]);
      return 1;
    }
  for (guint i = 0; i < seeds->len; i++, runs++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &length);
      /* An exact-size heap copy: ASan flags any read past the end. */
      g_autofree guint8 *copy = g_memdup2 (data, length);
      LLVMFuzzerTestOneInput (copy, length);
    }

  /* Mutations: flips, inserted bytes, truncations, splices of two seeds. */
  rand = g_rand_new_with_seed (20261122);
  for (guint i = 0; i < 20000; i++, runs++)
    {
      GBytes *a = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
      GBytes *b = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
      GByteArray *input = g_byte_array_new ();
      gsize la, lb;
      const guint8 *da = g_bytes_get_data (a, &la);
      const guint8 *db = g_bytes_get_data (b, &lb);
      guint n = g_rand_int_range (rand, 1, 8);
      g_autofree guint8 *copy = NULL;

      g_byte_array_append (input, da, la);
      for (guint k = 0; k < n; k++)
        {
          guint op = g_rand_int_range (rand, 0, 5);
          guint at = input->len ? g_rand_int_range (rand, 0, input->len) : 0;
          guint8 byte = g_rand_int_range (rand, 0, 256);

          if (op == 0 && input->len)
            input->data[at] ^= 1 << g_rand_int_range (rand, 0, 8);
          else if (op == 1)
            {
              g_byte_array_set_size (input, input->len + 1);
              memmove (input->data + at + 1, input->data + at, input->len - 1 - at);
              input->data[at] = byte;
            }
          else if (op == 2 && input->len)
            g_byte_array_set_size (input, at);
          else if (op == 3 && lb)
            {
              guint from = g_rand_int_range (rand, 0, lb);
              guint len = g_rand_int_range (rand, 1, MIN (lb - from, 64u) + 1);
              g_byte_array_append (input, db + from, len);
            }
          else
            {
              static const char *tokens[] = { "CrashID=", "ViewURL=", "Discarded=", "\n", "\r\n", "{\"id\":\"", "\"", "bp-", "https://" };
              const char *t = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
              g_byte_array_append (input, (const guint8 *) t, strlen (t));
            }
        }
      copy = g_memdup2 (input->data, input->len);
      LLVMFuzzerTestOneInput (copy, input->len);
      g_byte_array_unref (input);
    }
  g_rand_free (rand);
  printf ("fuzz-upload-response: %u inputs (%u seeds), all invariants held\n", runs, seeds->len);
  return 0;
}
#endif
