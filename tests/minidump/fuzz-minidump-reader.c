/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* fuzz-minidump-reader.c — the libFuzzer entry point for the minidump reader.
 *
 * Runs in: a fuzzer process (clang -fsanitize=fuzzer,address,undefined, built
 * with -Dfuzzing=true) or, linked with fuzz-main.c, an ordinary test that
 * feeds it every corpus file in every build.
 *
 * Any input must be refused cleanly or read without touching memory outside
 * the input: the sanitizers turn a stray read into a crash.
 */
#include <stddef.h>
#include <stdint.h>

#include "pm-minidump-reader.h"
#include "pm-reader-exercise.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Keeps the checksum observable so nothing is optimised away. */
volatile uint64_t pm_fuzz_sink;

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  PmMdError error;
  PmMinidump *md = pm_minidump_open_memory (data, size, &error);

  if (md == NULL)
    {
      /* A refusal must always say why. */
      if (error.message[0] == '\0' || error.status == PM_MD_OK)
        __builtin_trap ();
      return 0;
    }
  pm_fuzz_sink = pm_test_exercise_minidump (md);
  pm_minidump_close (md);
  return 0;
}
