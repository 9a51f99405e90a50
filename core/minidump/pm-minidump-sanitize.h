/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-sanitize.h — a copy of a minidump that holds no string of the
 * process: what is sent below "all data".
 *
 * Runs in: any ordinary process (postmortemctl, the application's upload
 * worker, tests, fuzzers). libc only: no GLib. Memory: a fixed-size work
 * area plus a table of address ranges that grows with the entries actually
 * present in the input file, never with a count the file merely claims.
 *
 * What the copy keeps, as Crashpad's stack sanitization does
 * (SanitizationInformation / sanitize_stacks):
 *  - every thread's stack bytes, but each aligned pointer-sized word that is
 *    neither a small number (at most 4096) nor an address inside a module, a
 *    thread's stack or an anonymous/heap mapping (from MemoryInfoList and
 *    LinuxMaps) is replaced by PM_MINIDUMP_SANITIZE_MARKER (0x0defaced,
 *    repeated to fill a 64-bit word); the initial stack region above the
 *    auxiliary vector (argv, envp and auxv strings, AT_RANDOM) is zeroed;
 *  - registers, except the floating point and vector registers (zeroed: SSE
 *    and NEON copies hold 16 bytes of whatever string was moved last);
 *  - the thread list, the module list (names and build-ids), the exception,
 *    system and misc info, Breakpad info, thread-info and memory-info lists
 *    (numbers only), /proc/cpuinfo and os-release (the machine, not the
 *    process), the auxv (numbers), /proc/PID/status without its Name line,
 *    /proc/PID/maps with the names of non-module files removed, Crashpad
 *    annotations and Postmortem's info stream with its metadata (both shown
 *    to the person as form fields before sending), Postmortem's notes.
 * Everything else is dropped: memory that is not a thread's stack (heap,
 * registered blocks, code around the instruction pointer), the environment,
 * the command line, /proc/PID/stat and fd listings, handle data, thread
 * names, the dynamic linker's link map, comments, unloaded modules and every
 * stream this file does not name.
 *
 * Only dumps whose CPU the reader decodes (x86, amd64, arm, arm64) can be
 * sanitized; others are refused with -ENOTSUP.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The fixed word that replaces stack words that are not plausible pointers
 * (Crashpad's kDefaced); 64-bit dumps get 0x0defaced0defaced. */
#define PM_MINIDUMP_SANITIZE_MARKER 0x0defacedu

/* How many dropped stream types are listed in the stats (more are counted). */
#define PM_MINIDUMP_SANITIZE_MAX_LISTED 32

typedef struct
{
  uint32_t pointer_size;            /* 4 or 8 */
  uint32_t n_threads;
  uint64_t stack_bytes;             /* stack bytes kept (words possibly replaced) */
  uint64_t stack_words_kept;        /* small numbers and plausible pointers */
  uint64_t stack_words_replaced;    /* replaced by the marker */
  uint64_t initial_stack_bytes_zeroed; /* argv/envp/auxv strings above the auxv */
  uint32_t contexts_fp_cleared;     /* contexts whose FP/vector registers were zeroed */
  uint32_t memory_ranges_dropped;   /* MemoryList/Memory64List ranges that are not stacks */
  uint64_t memory_bytes_dropped;
  uint32_t streams_kept;
  uint32_t streams_dropped;
  uint32_t streams_filtered;        /* kept with lines removed (status, maps) */
  uint32_t n_listed;                /* entries of dropped_types filled */
  uint32_t dropped_types[PM_MINIDUMP_SANITIZE_MAX_LISTED]; /* stream types dropped, in file order */
} PmMinidumpSanitizeStats;

/* Reads the minidump at in_fd (a regular file) and writes the sanitized copy
 * to out_fd from its current position (normally 0 of an empty file). Returns
 * 0, or a negative errno with a one-line reason in error (always
 * NUL-terminated when error_size > 0): -EINVAL for a file that is not a
 * readable minidump, -ENOTSUP for a CPU that cannot be sanitized, -EFBIG for
 * an output that would not fit in 32-bit RVAs, an I/O errno otherwise.
 * stats may be NULL. On failure the output is incomplete: discard it. */
int pm_minidump_sanitize (int                      in_fd,
                          int                      out_fd,
                          PmMinidumpSanitizeStats *stats,
                          char                    *error,
                          size_t                   error_size);

#ifdef __cplusplus
}
#endif
