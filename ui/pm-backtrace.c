/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-backtrace.c — PmBacktrace: every thread of a minidump walked and
 * symbolized (pm-backtrace.h).
 *
 * Runs in: the postmortem GUI process; the walk in a GTask worker thread on
 * its own reader, the result read from the GTK main thread (and the
 * benchmark). Calls core/symbolize (libdw) from the worker only.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-backtrace.h"
#include "pm-stackwalk.h"
#include "pm-symbol-dirs.h"
#ifdef PM_HAVE_SYMBOLIZE
#include "pm-backtrace-text.h"
#include "pm-debuginfo-missing.h"
#endif

typedef struct
{
  guint32        thread_id;
  PmStackFrames *frames;   /* or NULL */
  char          *reason;   /* why frames is NULL */
} ThreadFrames;

struct _PmBacktrace
{
  GArray *threads;   /* ThreadFrames, by the dump's thread index */
  gssize  crashing;
  char   *error;
  gint64  walk_usec;
  GHashTable *missing;  /* build-id hex -> module name: unnamed frames' modules */
};

static void
thread_frames_clear (gpointer data)
{
  ThreadFrames *t = data;

  g_clear_pointer (&t->frames, pm_stack_frames_free);
  g_clear_pointer (&t->reason, g_free);
}

static void
pm_backtrace_free (PmBacktrace *self)
{
  g_clear_pointer (&self->threads, g_array_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->missing, g_hash_table_unref);
}

PmBacktrace *
pm_backtrace_ref (PmBacktrace *self)
{
  return g_rc_box_acquire (self);
}

void
pm_backtrace_unref (PmBacktrace *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) pm_backtrace_free);
}

/* Why a dump of an unknown processor has no backtrace, in words a person
 * understands: the processor, and that nothing is wrong with the file. */
static char *
unsupported_cpu_message (void)
{
  return g_strdup (_("Backtraces are not available for this kind of processor: only Intel and AMD "
                     "(32 and 64-bit) and ARM (32 and 64-bit) programs can be walked. "
                     "The registers and stack memory of each thread are shown as they are."));
}

/* The order threads are walked in: the crashing one first, so a cap on the
 * number of threads never loses it. */
static gsize
walk_order (gsize i, gssize crashing)
{
  if (crashing < 0)
    return i;
  if (i == 0)
    return (gsize) crashing;
  return i <= (gsize) crashing ? i - 1 : i;
}

PmBacktrace *
pm_backtrace_walk (PmMinidump        *md,
                   const char *const *symbol_dirs)
{
  PmBacktrace *self = g_rc_box_new0 (PmBacktrace);
  gsize n_threads = pm_minidump_get_n_threads (md);
  gint64 start = g_get_monotonic_time ();
  PmMdCrashReason reason;
  PmMdError error = { 0 };

  self->crashing = -1;
  self->missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->threads = g_array_sized_new (FALSE, TRUE, sizeof (ThreadFrames), (guint) MIN (n_threads, PM_BACKTRACE_MAX_THREADS));
  g_array_set_clear_func (self->threads, thread_frames_clear);

  if (pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK)
    for (gsize i = 0; i < n_threads; i++)
      {
        PmMdThreadRecord t;

        if (pm_minidump_get_thread (md, i, &t) == PM_MD_OK && t.thread_id == reason.thread_id)
          {
            self->crashing = (gssize) i;
            break;
          }
      }
  /* A thread list longer than the cap: the rest are not walked (said per thread). */
  g_array_set_size (self->threads, (guint) MIN (n_threads, G_MAXUINT));

  if (!pm_stackwalk_supports_cpu (md, NULL))
    {
      self->error = unsupported_cpu_message ();
      return self;
    }
#ifdef PM_HAVE_SYMBOLIZE
  {
    g_autoptr(PmStackwalker) walker = pm_stackwalker_new (md, &error);

    if (walker == NULL)
      {
        self->error = g_strdup_printf (_("The stacks cannot be walked: %s"), error.message);
        return self;
      }
    for (gsize i = 0; symbol_dirs != NULL && symbol_dirs[i] != NULL; i++)
      pm_stackwalker_add_symbol_dir (walker, symbol_dirs[i]);
    for (gsize i = 0; i < self->threads->len; i++)
      {
        gsize index = walk_order (i, self->crashing);
        ThreadFrames *t = &g_array_index (self->threads, ThreadFrames, index);
        PmMdThreadRecord record;
        PmMdContext context;

        if (pm_minidump_get_thread (md, index, &record) != PM_MD_OK)
          {
            t->reason = g_strdup (pm_minidump_get_error_message (md));
            continue;
          }
        t->thread_id = record.thread_id;
        if (i >= PM_BACKTRACE_MAX_THREADS)
          {
            t->reason = g_strdup_printf (_("Not walked: only the first %d threads are."), PM_BACKTRACE_MAX_THREADS);
            continue;
          }
        if (pm_minidump_read_thread_context (md, &record, &context, NULL) != PM_MD_OK)
          {
            t->reason = g_strdup_printf (_("This thread has no readable registers: %s"),
                                         pm_minidump_get_error_message (md));
            continue;
          }
        t->frames = pm_stackwalker_walk (walker, &context, &error);
        if (t->frames == NULL)
          t->reason = g_strdup (error.message);
        else
          pm_debuginfo_collect_missing (md, t->frames, self->missing);
      }
  }
#else
  (void) walk_order;
  self->error = g_strdup (_("This build of Postmortem cannot walk stacks: it was built without elfutils."));
#endif
  self->walk_usec = g_get_monotonic_time () - start;
  return self;
}

PmBacktrace *
pm_backtrace_new_failed (const char *message)
{
  PmBacktrace *self = g_rc_box_new0 (PmBacktrace);

  self->crashing = -1;
  self->missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->threads = g_array_new (FALSE, TRUE, sizeof (ThreadFrames));
  g_array_set_clear_func (self->threads, thread_frames_clear);
  self->error = g_strdup_printf (_("The stacks cannot be walked: %s"), message);
  return self;
}

static void
walk_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PmDump *dump = task_data;
  GError *error = NULL;
  PmMinidump *md = pm_dump_open_reader (dump, &error);
  PmBacktrace *backtrace;
  g_autoptr(PmSettings) settings = NULL;
  g_auto(GStrv) symbol_dirs = NULL;

  if (md == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The person's symbol folders, read here: settings are a file. */
  settings = pm_settings_new_default ();
  symbol_dirs = pm_symbol_dirs_get (settings);
  backtrace = pm_backtrace_walk (md, (const char *const *) symbol_dirs);
  pm_minidump_close (md);
  if (g_task_return_error_if_cancelled (task))
    pm_backtrace_unref (backtrace);
  else
    g_task_return_pointer (task, backtrace, (GDestroyNotify) pm_backtrace_unref);
}

void
pm_backtrace_walk_async (PmDump              *dump,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PM_IS_DUMP (dump));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pm_backtrace_walk_async);
  g_task_set_task_data (task, g_object_ref (dump), g_object_unref);
  g_task_run_in_thread (task, walk_worker);
}

PmBacktrace *
pm_backtrace_walk_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
pm_backtrace_get_error (PmBacktrace *self)
{
  return self->error;
}

const PmStackFrames *
pm_backtrace_get_frames (PmBacktrace  *self,
                         gsize         index,
                         const char  **reason)
{
  ThreadFrames *t;

  if (reason != NULL)
    *reason = self->error;
  if (index >= self->threads->len)
    return NULL;
  t = &g_array_index (self->threads, ThreadFrames, index);
  if (reason != NULL && t->reason != NULL)
    *reason = t->reason;
  return t->frames;
}

gssize
pm_backtrace_get_crashing_index (PmBacktrace *self)
{
  return self->crashing;
}

char *
pm_backtrace_dup_crash_text (PmBacktrace *self)
{
#ifdef PM_HAVE_SYMBOLIZE
  const char *reason = NULL;
  const PmStackFrames *frames;
  ThreadFrames *t;

  /* Not walked at all (the CPU): nothing to copy; the window says why in words. */
  if (self->error != NULL || self->crashing < 0 || (gsize) self->crashing >= self->threads->len)
    return NULL;
  t = &g_array_index (self->threads, ThreadFrames, self->crashing);
  frames = pm_backtrace_get_frames (self, (gsize) self->crashing, &reason);
  if (frames != NULL)
    return pm_backtrace_to_text (t->thread_id, frames);
  return pm_backtrace_failure_to_text (t->thread_id, reason);
#else
  return NULL;
#endif
}

/* "in count_words, pm-demo-crasher.c line 58" */
static char *
describe_frame (const PmStackFrame *frame)
{
  g_autofree char *file = frame->source_file != NULL ? g_path_get_basename (frame->source_file) : NULL;

  if (file != NULL && frame->source_line > 0)
    /* TRANSLATORS: "count_words, pm-demo-crasher.c line 58" */
    return g_strdup_printf (_("%s, %s line %d"), frame->function, file, frame->source_line);
  return g_strdup (frame->function);
}

char *
pm_backtrace_dup_crash_summary (PmBacktrace *self)
{
  const PmStackFrames *frames;
  const PmStackFrame *top;
  const char *caller = NULL;
  g_autofree char *where = NULL;

  if (self->crashing < 0)
    return NULL;
  frames = pm_backtrace_get_frames (self, (gsize) self->crashing, NULL);
  if (frames == NULL || frames->len == 0)
    return NULL;
  top = &frames->data[0];
  if (top->function == NULL)
    return NULL;
  where = describe_frame (top);
  /* The direct caller, when named and not a stack scan's guess. */
  if (frames->len > 1)
    {
      const PmStackFrame *frame = &frames->data[1];

      if (frame->trust != PM_FRAME_TRUST_SCAN)
        caller = frame->function;
    }
  if (caller != NULL)
    /* TRANSLATORS: where a program crashed: "in count_words, pm-demo-crasher.c line 58, called from main" */
    return g_strdup_printf (_("in %s, called from %s"), where, caller);
  /* TRANSLATORS: where a program crashed: "in count_words, pm-demo-crasher.c line 58" */
  return g_strdup_printf (_("in %s"), where);
}

GHashTable *
pm_backtrace_get_missing_debuginfo (PmBacktrace *self)
{
  return self->missing;
}

gint64
pm_backtrace_get_walk_usec (PmBacktrace *self)
{
  return self->walk_usec;
}
