/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-io-check.c — private, for tests: the check that no store file is touched on the
 * GTK thread (see pm-store-io-check.h).
 *
 * Runs in: any thread of a process using the store. pm_io_check_note() is on every file
 * operation of the store, so when the check is off it costs one atomic read.
 */
#include "pm-config.h"

#include "pm-store-io-check.h"

static int check_mode;              /* PmIoCheckMode, atomic */
static GThread *watched_thread;     /* the thread that switched the check on */
static guint offence_count;         /* atomic */
static GMutex first_mutex;
static char *first_offence;         /* under first_mutex */
static __thread guint suspended;    /* per thread: pm_io_check_suspend() depth */

void
pm_io_check_set_mode (PmIoCheckMode mode)
{
  g_mutex_lock (&first_mutex);
  g_clear_pointer (&first_offence, g_free);
  g_mutex_unlock (&first_mutex);
  g_atomic_int_set (&offence_count, 0);
  g_atomic_pointer_set (&watched_thread, mode == PM_IO_CHECK_OFF ? NULL : g_thread_self ());
  g_atomic_int_set (&check_mode, mode);
}

guint
pm_io_check_get_count (void)
{
  return (guint) g_atomic_int_get (&offence_count);
}

char *
pm_io_check_dup_first (void)
{
  char *first;

  g_mutex_lock (&first_mutex);
  first = g_strdup (first_offence);
  g_mutex_unlock (&first_mutex);
  return first;
}

void
pm_io_check_suspend (void)
{
  suspended++;
}

void
pm_io_check_resume (void)
{
  g_return_if_fail (suspended > 0);
  suspended--;
}

void
pm_io_check_note (const char *action,
                  const char *what)
{
  PmIoCheckMode mode = g_atomic_int_get (&check_mode);
  g_autofree char *offence = NULL;

  if (G_LIKELY (mode == PM_IO_CHECK_OFF) || suspended > 0)
    return;
  /* The watched thread, or whichever thread is running the default main loop right now
   * (a GTK callback): both are the thread the window lives on. */
  if (g_thread_self () != g_atomic_pointer_get (&watched_thread) &&
      !g_main_context_is_owner (g_main_context_default ()))
    return;

  offence = g_strdup_printf ("store I/O on the GTK thread: %s %s", action, what ? what : "(a store file)");
  g_atomic_int_inc (&offence_count);
  g_mutex_lock (&first_mutex);
  if (first_offence == NULL)
    first_offence = g_strdup (offence);
  g_mutex_unlock (&first_mutex);
  if (mode == PM_IO_CHECK_ABORT)
    g_error ("%s", offence);
}
