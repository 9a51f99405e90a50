/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* fuzz-wer-file.c — fuzz target of the Report.wer parser.
 *
 * Runs in: libFuzzer (clang -fsanitize=fuzzer, built with -DPM_FUZZ_WITH_LIBFUZZER) or, as a
 * plain test, over the seed files given on the command line (each file, then every prefix
 * of it and a few byte flips, so the plain test exercises truncation and corruption too).
 *
 * Property checked: whatever the input, the parser either refuses it with a PM_ERROR_CORRUPT
 * message starting "line N:" (or naming the size), or accepts it, and then writing it out
 * and parsing that again gives the same keys and values.
 */
#include "pm-config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pm-error.h"
#include "pm-wer-file.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmWerFile) file = pm_wer_file_parse ((const char *) data, size, &error);
  g_autoptr(PmWerFile) again = NULL;
  g_autofree char *out = NULL;
  gsize length;

  if (file == NULL)
    {
      g_assert_true (g_error_matches (error, PM_ERROR, PM_ERROR_CORRUPT));
      g_assert_true (g_str_has_prefix (error->message, "line ") || strstr (error->message, "limit") != NULL);
      return 0;
    }
  out = pm_wer_file_to_data (file, &length);
  again = pm_wer_file_parse (out, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pm_wer_file_get_n_keys (again), ==, pm_wer_file_get_n_keys (file));
  for (guint i = 0; i < pm_wer_file_get_n_keys (file); i++)
    {
      g_assert_cmpstr (pm_wer_file_get_key_at (again, i), ==, pm_wer_file_get_key_at (file, i));
      g_assert_cmpstr (pm_wer_file_get_value_at (again, i), ==, pm_wer_file_get_value_at (file, i));
    }
  return 0;
}

#ifndef PM_FUZZ_WITH_LIBFUZZER
int
main (int    argc,
      char **argv)
{
  guint n_inputs = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s SEED_FILE…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize length;

      if (!g_file_get_contents (argv[i], &data, &length, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      for (gsize cut = 0; cut <= length; cut++, n_inputs++)
        LLVMFuzzerTestOneInput ((const uint8_t *) data, cut);
      for (gsize at = 0; at < length; at++)
        {
          static const guint8 flips[] = { 0x00, 0x0a, 0x0d, 0x3d, 0x80, 0xff };
          guint8 saved = data[at];
          for (guint f = 0; f < G_N_ELEMENTS (flips); f++, n_inputs++)
            {
              data[at] = flips[f];
              LLVMFuzzerTestOneInput ((const uint8_t *) data, length);
            }
          data[at] = saved;
        }
    }
  printf ("%u inputs parsed\n", n_inputs);
  return 0;
}
#endif
