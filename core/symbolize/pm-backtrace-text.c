/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-backtrace-text.c — a walked stack as text (pm-backtrace-text.h).
 *
 * Runs in: postmortemctl (the backtrace module) and the application, any
 * thread. GLib only: no libdw call, so formatting never loads the walker
 * (pm_frame_trust_to_string() is here for that reason).
 */
#include "pm-config.h"

#include <glib/gi18n-lib.h>

#include "pm-backtrace-text.h"
#include "pm-stackwalk.h"

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
append_printable (GString *out, const char *s)
{
  g_autofree char *valid = g_utf8_make_valid (s, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
}

void
pm_backtrace_append_frames (GString *out, GArray *frames)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (frames != NULL);

  for (guint f = 0; f < frames->len; f++)
    {
      const PmStackFrame *frame = &g_array_index (frames, PmStackFrame, f);

      g_string_append_printf (out, "  #%-3u 0x%016" G_GINT64_MODIFIER "x ", f, frame->pc);
      if (frame->function != NULL)
        {
          if (frame->module != NULL)
            append_printable (out, frame->module);
          else
            g_string_append_c (out, '?');
          g_string_append_c (out, '!');
          append_printable (out, frame->function);
          g_string_append_printf (out, "+0x%" G_GINT64_MODIFIER "x", frame->function_offset);
        }
      else if (frame->module != NULL)
        {
          append_printable (out, frame->module);
          g_string_append_printf (out, "+0x%" G_GINT64_MODIFIER "x", frame->module_offset);
        }
      else
        g_string_append_c (out, '?');
      if (frame->source_file != NULL)
        {
          g_string_append (out, " (");
          append_printable (out, frame->source_file);
          g_string_append_printf (out, ":%d)", frame->source_line);
        }
      g_string_append_printf (out, "  [%s]\n", pm_frame_trust_to_string (frame->trust));
    }
}

static void
append_heading (GString *out, guint32 thread_id)
{
  g_string_append_printf (out, _("Backtrace of the crashing thread (%u):"), thread_id);
  g_string_append_c (out, '\n');
}

char *
pm_backtrace_to_text (guint32 thread_id, GArray *frames)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (frames != NULL, NULL);

  append_heading (out, thread_id);
  pm_backtrace_append_frames (out, frames);
  return g_string_free (out, FALSE);
}

char *
pm_backtrace_failure_to_text (guint32 thread_id, const char *reason)
{
  GString *out = g_string_new (NULL);

  append_heading (out, thread_id);
  g_string_append_printf (out, _("  (no backtrace: %s)"), reason != NULL ? reason : "?");
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
