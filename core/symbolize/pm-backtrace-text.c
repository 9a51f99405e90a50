/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-backtrace-text.c — a walked stack as text (pm-backtrace-text.h).
 *
 * Runs in: postmortemctl (the executable's info) and the application, any
 * thread. libc only (pm-xalloc.h says why), and no libdw call, so
 * formatting never loads the walker's module files
 * (pm_frame_trust_to_string() is here for that reason).
 */
#include "pm-config.h"

#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "pm-backtrace-text.h"
#include "pm-stackwalk.h"
#include "pm-text.h"

const char *
pm_frame_trust_to_string (PmFrameTrust trust)
{
  switch (trust)
    {
    case PM_FRAME_TRUST_CONTEXT: return "context";
    case PM_FRAME_TRUST_CFI: return "cfi";
    case PM_FRAME_TRUST_FRAME_POINTER: return "frame-pointer";
    case PM_FRAME_TRUST_SCAN: return "scan";
    case PM_FRAME_TRUST_INLINE: return "inline";
    default: return "unknown";
    }
}

/* A name from the dump or a debug file, safe to print on a terminal. */
static void
print_printable (FILE       *out,
                 const char *s)
{
  char *p = pm_text_printable (s, -1);

  fputs (p, out);
  free (p);
}

static void
print_frames (FILE                *out,
              const PmStackFrames *frames)
{
  for (guint f = 0; f < frames->len; f++)
    {
      const PmStackFrame *frame = &frames->data[f];

      fprintf (out, "  #%-3u 0x%016" G_GINT64_MODIFIER "x ", f, frame->pc);
      if (frame->function != NULL)
        {
          if (frame->module != NULL)
            print_printable (out, frame->module);
          else
            putc ('?', out);
          putc ('!', out);
          print_printable (out, frame->function);
          fprintf (out, "+0x%" G_GINT64_MODIFIER "x", frame->function_offset);
        }
      else if (frame->module != NULL)
        {
          print_printable (out, frame->module);
          fprintf (out, "+0x%" G_GINT64_MODIFIER "x", frame->module_offset);
        }
      else
        putc ('?', out);
      if (frame->source_file != NULL)
        {
          fputs (" (", out);
          print_printable (out, frame->source_file);
          fprintf (out, ":%d)", frame->source_line);
        }
      fprintf (out, "  [%s]\n", pm_frame_trust_to_string (frame->trust));
    }
}

/* A stream into a string that grows (closed by close_text). */
static FILE *
open_text (char   **text,
           size_t  *size)
{
  FILE *out = open_memstream (text, size);

  if (out == NULL)
    abort ();     /* only without memory: as g_malloc() */
  return out;
}

static char *
close_text (FILE  *out,
            char **text)
{
  if (fclose (out) != 0)
    abort ();
  return *text;
}

/* fprintf() of a translated format. Through vfprintf(): GCC 12 with
 * -fsanitize=undefined warns "null format string" (wrongly) for a
 * translated format given to fprintf() on a memory stream. */
static void print_translated (FILE *out, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
print_translated (FILE       *out,
                  const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (out, format, args);
  va_end (args);
}

static void
print_heading (FILE    *out,
               guint32  thread_id)
{
  print_translated (out, dgettext (GETTEXT_PACKAGE, "Backtrace of the crashing thread (%u):"), thread_id);
  putc ('\n', out);
}

char *
pm_backtrace_to_text (guint32              thread_id,
                      const PmStackFrames *frames)
{
  char *text = NULL;
  size_t size;
  FILE *out = open_text (&text, &size);

  print_heading (out, thread_id);
  print_frames (out, frames);
  return close_text (out, &text);
}

char *
pm_backtrace_failure_to_text (guint32     thread_id,
                              const char *reason)
{
  char *text = NULL;
  size_t size;
  FILE *out = open_text (&text, &size);

  print_heading (out, thread_id);
  print_translated (out, dgettext (GETTEXT_PACKAGE, "  (no backtrace: %s)"), reason != NULL ? reason : "?");
  putc ('\n', out);
  return close_text (out, &text);
}
