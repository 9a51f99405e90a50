/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-stackwalk-print.c — prints the walked stack of every thread of a dump,
 * one tab-separated line per frame, for the shell tests to check:
 *   thread<TAB>TID<TAB>crashed|-
 *   frame<TAB>N<TAB>TRUST<TAB>0xPC<TAB>0xSP<TAB>MODULE|-<TAB>FUNCTION|-<TAB>FILE:LINE|-
 * then "modules<TAB>LOCAL" (modules matched to local files by build-id).
 * Exit 0, 1 when the dump cannot be read (with the reader's message), 2 on
 * usage. A thread whose context cannot be walked prints "error<TAB>message"
 * and the run still succeeds (other threads are walked).
 *
 * Runs in: tests/symbolize (meson test, suite symbolize), also under ASan.
 */
#include <stdio.h>
#include <stdlib.h>

#include "pm-stackwalk.h"

int
main (int argc, char **argv)
{
  PmMdError md_error;
  PmMinidump *md;
  g_autoptr(PmStackwalker) walker = NULL;
  PmMdError error;
  PmMdExceptionStream exception;
  gboolean have_exception;
  size_t n_threads;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DUMP\n", argv[0]);
      return 2;
    }
  md = pm_minidump_open (argv[1], &md_error);
  if (md == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[1], md_error.message);
      return 1;
    }
  walker = pm_stackwalker_new (md, &error);
  if (walker == NULL)
    {
      printf ("error\t%s\n", error.message);
      pm_minidump_close (md);
      return 0;
    }
  have_exception = pm_minidump_get_exception (md, &exception) == PM_MD_OK;
  n_threads = pm_minidump_get_n_threads (md);
  for (size_t i = 0; i < n_threads; i++)
    {
      PmMdThreadRecord thread;
      PmMdContext ctx;
      g_autoptr(PmStackFrames) frames = NULL;
      PmMdError thread_error;

      if (pm_minidump_get_thread (md, i, &thread) != PM_MD_OK)
        continue;
      printf ("thread\t%u\t%s\n", thread.thread_id,
              have_exception && exception.thread_id == thread.thread_id ? "crashed" : "-");
      if (!pm_stackwalker_get_thread_context (walker, thread.thread_id, &ctx, &thread_error)
          || (frames = pm_stackwalker_walk (walker, &ctx, &thread_error)) == NULL)
        {
          printf ("error\t%s\n", thread_error.message);
          continue;
        }
      for (guint f = 0; f < frames->len; f++)
        {
          PmStackFrame *frame = &frames->data[f];
          g_autofree char *where = frame->source_file != NULL
            ? g_strdup_printf ("%s:%d", frame->source_file, frame->source_line) : g_strdup ("-");
          printf ("frame\t%u\t%s\t0x%016" G_GINT64_MODIFIER "x\t0x%016" G_GINT64_MODIFIER "x\t%s\t%s\t%s\n",
                  f, pm_frame_trust_to_string (frame->trust), frame->pc, frame->sp,
                  frame->module != NULL ? frame->module : "-",
                  frame->function != NULL ? frame->function : "-", where);
        }
    }
  printf ("modules\t%u\n", pm_stackwalker_get_n_local_modules (walker));
  g_clear_pointer (&walker, pm_stackwalker_free);
  pm_minidump_close (md);
  return 0;
}
