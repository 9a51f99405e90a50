/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk-mutate.c — hostile stacks: copies a real dump into memory,
 * overwrites words of every thread's stack memory with values chosen to
 * mislead an unwinder (pointers back into the same stack, to itself, into
 * modules, zero, all ones), and walks each variant. Every walk must end
 * within PM_STACKWALK_MAX_FRAMES frames with a strictly increasing stack
 * pointer; under ASan/UBSan no read may leave the dump's memory.
 *
 * Runs in: tests/symbolize (suite symbolize).
 * Usage: pm-stackwalk-mutate DUMP ITERATIONS SEED
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pm-stackwalk.h"

static guint64
pick_value (GRand *rand, guint64 stack_start, guint64 stack_size, guint64 module_base, guint64 here)
{
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0: return stack_start + (guint64) g_rand_int_range (rand, 0, (gint32) MIN (stack_size, 0x7fffffff));
    case 1: return here;
    case 2: return module_base + (guint64) g_rand_int_range (rand, 0, 0x4000);
    case 3: return 0;
    case 4: return G_MAXUINT64;
    default: return ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
    }
}

int
main (int argc, char **argv)
{
  g_autofree guint8 *original = NULL;
  g_autofree guint8 *copy = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  guint iterations, walks = 0, max_frames = 0;
  PmMdError md_error;

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s DUMP ITERATIONS SEED\n", argv[0]);
      return 2;
    }
  if (!g_file_get_contents (argv[1], (char **) &original, &size, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  iterations = (guint) strtoul (argv[2], NULL, 10);
  rand = g_rand_new_with_seed ((guint32) strtoul (argv[3], NULL, 10));
  copy = g_malloc (size);

  for (guint it = 0; it < iterations; it++)
    {
      PmMinidump *md;
      PmStackwalker *walker;
      PmMdModule module = { 0 };
      size_t n_threads;

      memcpy (copy, original, size);
      md = pm_minidump_open_memory (copy, size, &md_error);
      if (md == NULL)
        {
          fprintf (stderr, "FAIL: %s: %s\n", argv[1], md_error.message);
          return 1;
        }
      if (pm_minidump_get_n_modules (md) > 0)
        pm_minidump_get_module (md, 0, &module);
      n_threads = pm_minidump_get_n_threads (md);
      /* Mutate the stacks in place (the reader serves them from copy). */
      for (size_t i = 0; i < n_threads; i++)
        {
          PmMdThreadRecord t;
          guint n_words;

          if (pm_minidump_get_thread (md, i, &t) != PM_MD_OK || t.stack_memory.data_size < 64
              || (guint64) t.stack_memory.rva + t.stack_memory.data_size > size)
            continue;
          n_words = t.stack_memory.data_size / 8;
          for (guint k = 0, n = (guint) g_rand_int_range (rand, 1, 64); k < n; k++)
            {
              guint w = (guint) g_rand_int_range (rand, 0, (gint32) MIN (n_words, 2048));
              guint64 here = t.stack_start + (guint64) w * 8;
              guint64 v = pick_value (rand, t.stack_start, t.stack_memory.data_size, module.base_of_image, here);
              memcpy (copy + t.stack_memory.rva + (gsize) w * 8, &v, 8);
            }
        }
      walker = pm_stackwalker_new (md, &md_error);
      if (walker == NULL)
        {
          fprintf (stderr, "FAIL: %s\n", md_error.message);
          return 1;
        }
      for (size_t i = 0; i < n_threads; i++)
        {
          PmMdThreadRecord t;
          PmMdContext ctx;
          g_autoptr(PmStackFrames) frames = NULL;

          if (pm_minidump_get_thread (md, i, &t) != PM_MD_OK
              || !pm_stackwalker_get_thread_context (walker, t.thread_id, &ctx, NULL))
            continue;
          frames = pm_stackwalker_walk (walker, &ctx, &md_error);
          if (frames == NULL)
            {
              fprintf (stderr, "FAIL: walk: %s\n", md_error.message);
              return 1;
            }
          if (frames->len == 0 || frames->len > PM_STACKWALK_MAX_FRAMES)
            {
              fprintf (stderr, "FAIL: %u frames\n", frames->len);
              return 1;
            }
          for (guint f = 1; f < frames->len; f++)
            if (frames->data[f].sp <= frames->data[f - 1].sp)
              {
                fprintf (stderr, "FAIL: iteration %u thread %u: sp not increasing at frame %u\n", it, t.thread_id, f);
                return 1;
              }
          max_frames = MAX (max_frames, frames->len);
          walks++;
        }
      pm_stackwalker_free (walker);
      pm_minidump_close (md);
    }
  if (walks == 0)
    {
      fprintf (stderr, "FAIL: no thread was walked\n");
      return 1;
    }
  printf ("%u walks of mutated stacks, longest %u frames\n", walks, max_frames);
  return 0;
}
