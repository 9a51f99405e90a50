/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* backtrace-bench.c — how long the dump window's walk takes: every thread of
 * the largest AMD64 dump of the corpus walked and symbolized by
 * pm_backtrace_walk() (what the window's worker thread runs), best of 5 runs,
 * against the target of 100 ms; and the same for every AMD64 dump of the
 * corpus together. Prints one line each.
 *
 * Runs in: a developer's shell or `meson test -C BUILD --benchmark --suite bench backtrace`.
 * Usage: backtrace-bench [CORPUS_DIR]   (default: $PM_CORPUS_DIR)
 */
#include "pm-config.h"

#include <glib/gstdio.h>

#include "pm-backtrace.h"
#include "pm-stackwalk.h"

#define RUNS 5
#define TARGET_MS 100.0

typedef struct
{
  guint   threads;
  guint   frames;
  gdouble best_ms;
} Walk;

static Walk
walk_best_of (PmMinidump *md)
{
  Walk walk = { 0, 0, G_MAXDOUBLE };

  for (int run = 0; run < RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(PmBacktrace) backtrace = pm_backtrace_walk (md, NULL);
      gdouble ms = (gdouble) (g_get_monotonic_time () - start) / 1000.0;

      walk.best_ms = MIN (walk.best_ms, ms);
      walk.threads = walk.frames = 0;
      for (gsize t = 0; t < pm_minidump_get_n_threads (md); t++)
        {
          const PmStackFrames *frames = pm_backtrace_get_frames (backtrace, t, NULL);
          if (frames != NULL)
            {
              walk.threads++;
              walk.frames += frames->len;
            }
        }
    }
  return walk;
}

int
main (int argc, char **argv)
{
  const char *corpus = argc > 1 ? argv[1] : g_getenv ("PM_CORPUS_DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *largest = NULL;
  guint64 largest_size = 0;
  gdouble all_ms = 0;
  guint all_dumps = 0, all_threads = 0, all_frames = 0;
  const char *name;

  /* Offline, as postmortemctl info is: no debuginfod server is asked. */
  g_unsetenv ("DEBUGINFOD_URLS");
  if (corpus == NULL || (dir = g_dir_open (corpus, 0, &error)) == NULL)
    {
      g_print ("SKIP: the minidump corpus (PM_CORPUS_DIR) is absent\n");
      return 77;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (corpus, name, NULL);
      PmMdError md_error;
      PmMinidump *md;
      GStatBuf st;

      if (!g_str_has_suffix (name, ".dmp") || g_stat (path, &st) != 0)
        continue;
      md = pm_minidump_open (path, &md_error);
      if (md == NULL)
        continue;
      if (pm_stackwalk_supports_cpu (md, NULL) && pm_minidump_get_n_threads (md) > 0)
        {
          Walk walk = walk_best_of (md);

          all_dumps++;
          all_threads += walk.threads;
          all_frames += walk.frames;
          all_ms += walk.best_ms;
          if ((guint64) st.st_size > largest_size)
            {
              largest_size = (guint64) st.st_size;
              g_free (largest);
              largest = g_strdup (path);
            }
        }
      pm_minidump_close (md);
    }
  if (largest == NULL)
    {
      g_print ("SKIP: no AMD64 dump in %s\n", corpus);
      return 77;
    }

  {
    PmMdError md_error;
    PmMinidump *md = pm_minidump_open (largest, &md_error);
    g_autofree char *base = g_path_get_basename (largest);
    Walk walk = walk_best_of (md);

    g_print ("backtrace walk: %s (%" G_GUINT64_FORMAT " bytes): %u threads, %u frames in %.1f ms "
             "(best of %d; target < %.0f ms: %s)\n",
             base, largest_size, walk.threads, walk.frames, walk.best_ms, RUNS, TARGET_MS,
             walk.best_ms < TARGET_MS ? "met" : "MISSED");
    pm_minidump_close (md);
  }
  g_print ("backtrace walk: all %u AMD64 corpus dumps: %u threads, %u frames in %.1f ms\n",
           all_dumps, all_threads, all_frames, all_ms);
  return 0;
}
