/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-io-check.h — private, for tests: catches store I/O made on the GTK thread.
 *
 * Runs in: any GLib process using the store; switched on only by test programs (the
 * application's widget tests), never by the library itself. Not installed, not exported.
 *
 * The application must never read or write the store on the thread that runs its main
 * loop: a store of 10,000 reports, a slow disk or a purge would freeze the window. When a
 * test switches the check on, every file operation of the store (opening a directory or a
 * file, listing, creating, replacing, removing, fsync) made on the thread that switched it
 * on, or on any thread while it owns the default GMainContext, is counted; in
 * PM_IO_CHECK_ABORT mode it also ends the program with a message naming the file, so the
 * test fails where the offending call is. The settings file is checked too (reading it,
 * and the stat by which a PmSettings notices changes): the GTK thread reads settings from
 * snapshots made in workers (pm_settings_new_snapshot()).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PM_IO_CHECK_OFF,
  PM_IO_CHECK_RECORD,   /* count and remember the first offence */
  PM_IO_CHECK_ABORT,    /* and abort at once, naming the file */
} PmIoCheckMode;

/* Switches the check; the calling thread becomes the one watched (the GTK thread). Turning
 * it on again resets the count. */
void      pm_io_check_set_mode    (PmIoCheckMode  mode);
/* How many store file operations were made on the watched thread since the check was
 * switched on, and a description of the first one (NULL when none; newly allocated). */
guint     pm_io_check_get_count   (void);
char     *pm_io_check_dup_first   (void);
/* Lets the calling thread do store I/O that is not the application's (a test's own set-up
 * and assertions, the settings file) until the matching resume. Nests. */
void      pm_io_check_suspend     (void);
void      pm_io_check_resume      (void);
/* Called by every store file operation: @what names the file and @action what is done. */
void      pm_io_check_note        (const char    *action,
                                   const char    *what);

G_END_DECLS
