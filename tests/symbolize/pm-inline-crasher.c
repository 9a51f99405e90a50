/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-inline-crasher.c — a program that crashes inside inlined code, for the
 * stack walker's inline frames: main -> process_record (a real frame) ->
 * fill_record (inlined) -> store_through (inlined), which writes through a
 * null pointer. Built -O2 -g, so the DWARF says which functions are inlined
 * at the faulting pc and where each was called.
 *
 * With the argument "recurse", main calls descend 1000 levels deep: each
 * level calls the next from descend_once, inlined into it, so every caller
 * frame comes with an inline frame, and the deepest crashes in fill_record
 * and store_through inlined into descend, for the walker's frame limit.
 *
 * The target pointer is read from a volatile global, so the compiler can
 * neither see the null pointer (and trap instead of storing) nor clone
 * process_record for a constant argument. The work after each call keeps
 * the calls real (no tail calls).
 *
 * The pm-line: comments mark the lines the tests expect in each frame.
 *
 * Runs in: the tests of tests/symbolize, started under postmortemctl run.
 */
#include <stdio.h>

volatile int pm_inline_sink;
int *volatile pm_inline_target;

static inline __attribute__((always_inline)) void
store_through (int *where, int value)
{
  *where = value;  /* pm-line:store_through */
}

static inline __attribute__((always_inline)) void
fill_record (int *where, int value)
{
  store_through (where, value * 3);  /* pm-line:fill_record */
  pm_inline_sink += value;
}

__attribute__((noinline)) int process_record (int *where, int value);

__attribute__((noinline)) int
process_record (int *where, int value)
{
  pm_inline_sink++;
  fill_record (where, value + 2);  /* pm-line:process_record */
  return pm_inline_sink + value;
}

__attribute__((noinline)) int descend (int depth);

static inline __attribute__((always_inline)) int
descend_once (int depth)
{
  int r = descend (depth - 1);  /* pm-line:descend_once */

  pm_inline_sink += r;
  return r + 1;
}

__attribute__((noinline)) int
descend (int depth)
{
  int r;

  if (depth == 0)
    {
      fill_record (pm_inline_target, depth);  /* pm-line:descend_crash */
      return pm_inline_sink;
    }
  r = descend_once (depth);  /* pm-line:descend */
  pm_inline_sink += r;
  return r + 1;
}

int
main (int argc, char **argv)
{
  int r;

  if (argc > 1 && argv[1][0] == 'r')
    r = descend (1000);
  else
    r = process_record (pm_inline_target, argc);  /* pm-line:main */

  pm_inline_sink += r;
  printf ("not reached: %d (%s)\n", r, argv[0]);
  return 0;
}
