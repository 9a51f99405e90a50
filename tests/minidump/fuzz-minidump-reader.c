/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* fuzz-minidump-reader.c — the libFuzzer entry point for the minidump reader.
 *
 * Runs in: a fuzzer process (clang -fsanitize=fuzzer,address,undefined, built
 * with -Dfuzzing=true) or, linked with fuzz-main.c, an ordinary test that
 * feeds it every corpus file in every build.
 *
 * Any input must be refused cleanly or read without touching memory outside
 * the input: the sanitizers turn a stray read into a crash. Every input the
 * reader opens is also sanitized (pm-minidump-sanitize.h, through two memfds)
 * and the copy read back the same way.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pm-minidump-reader.h"
#include "pm-minidump-sanitize.h"
#include "pm-reader-exercise.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Keeps the checksum observable so nothing is optimised away. */
volatile uint64_t pm_fuzz_sink;

static void
fuzz_sanitize (const uint8_t *data, size_t size)
{
  int in_fd = memfd_create ("pm-fuzz-in", MFD_CLOEXEC);
  int out_fd = memfd_create ("pm-fuzz-out", MFD_CLOEXEC);
  char error[256];

  if (in_fd >= 0 && out_fd >= 0 && write (in_fd, data, size) == (ssize_t) size)
    {
      int r = pm_minidump_sanitize (in_fd, out_fd, NULL, error, sizeof error);

      if (r < 0 && error[0] == '\0')
        __builtin_trap ();          /* a refusal must say why */
      if (r == 0)
        {
          PmMdError md_error;
          PmMinidump *copy = pm_minidump_open_fd (out_fd, &md_error);

          if (copy == NULL)
            __builtin_trap ();      /* the copy must be a minidump the reader opens */
          pm_fuzz_sink += pm_test_exercise_minidump (copy);
          pm_minidump_close (copy);
        }
    }
  if (in_fd >= 0)
    close (in_fd);
  if (out_fd >= 0)
    close (out_fd);
}

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
  fuzz_sanitize (data, size);
  return 0;
}
