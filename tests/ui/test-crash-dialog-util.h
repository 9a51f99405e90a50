/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-crash-dialog-util.h — shared by the crash dialog and preferences tests:
 * an isolated environment, real reports through the store's draft API, the
 * project's loopback receiver as a child process, waiting on the main loop,
 * and rendering a window to a PNG to look at.
 *
 * Runs in: test programs (GTK main thread), under Xvfb.
 */
#pragma once

#include <adwaita.h>

#include "pm-store.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *url;      /* http://127.0.0.1:PORT/submit */
  char        *dir;      /* where it stores what it receives */
} PmTestReceiver;

/* Points HOME, XDG_*, PM_STORE_DIR and PM_SETTINGS_FILE into a new temporary
 * directory (returned); call before gtk_test_init. */
char           *pm_test_isolate             (void);
/* Removes @path and everything under it (temporary directories of a test). */
void            pm_test_remove_tree         (const char     *path);
/* Exits 77 (skip) with a message when the corpus file is missing. */
char           *pm_test_corpus_file         (const char     *name);
/* Publishes a queued report of @app with a real minidump (a corpus file) and,
 * when @attachment, an attached text file. Returns its key. */
char           *pm_test_make_report         (PmStore        *store,
                                             const char     *app,
                                             gboolean        attachment);
/* Starts postmortem-test-receiver from the build tree (@script may be NULL). */
/* Snapshots of the store's settings and of the restart state (pm_settings_new_snapshot ()),
 * read here as the test's own I/O (outside the GTK-thread check): what the
 * application's workers give the crash dialog and Preferences. */
PmSettings     *pm_test_settings_snapshot   (PmStore        *store);
PmSettings     *pm_test_restart_snapshot    (void);

PmTestReceiver *pm_test_receiver_start      (const char     *script);
void            pm_test_receiver_stop       (PmTestReceiver *receiver);
/* Number of reports the receiver stored (sub-directories of its dir). */
guint           pm_test_receiver_count      (PmTestReceiver *receiver);
/* Iterates the default main context until @done returns TRUE or @seconds pass. */
gboolean        pm_test_wait_for            (gboolean      (*done) (gpointer data),
                                             gpointer        data,
                                             double          seconds);
/* Lets pending redraws and idles run for about @ms milliseconds. */
void            pm_test_settle              (guint           ms);
/* Renders @widget (mapped) to $PM_BUILD_DIR/tests/ui/@name.png; returns the path. */
char           *pm_test_save_png            (GtkWidget      *widget,
                                             const char     *name);
/* The first descendant of @root of @type whose title (rows) or label (buttons,
 * labels, expanders) is @text; NULL if none. */
GtkWidget      *pm_test_find_widget         (GtkWidget      *root,
                                             GType           type,
                                             const char     *text);
/* The first descendant of @root of @type (asserts there is one). */
GtkWidget      *pm_test_find_first          (GtkWidget      *root,
                                             GType           type);
/* Every descendant of @root of @type, in tree order (free the array). */
GPtrArray      *pm_test_find_all            (GtkWidget      *root,
                                             GType           type);

G_END_DECLS
