/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-test-frames.h — waiting for GTK to lay out and draw, by frames rather than by time.
 *
 * Runs in: the widget and dialog test programs (GTK main thread), under Xvfb.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Asks @widget for a redraw and runs the main loop until its window has painted
 * @n frames (a layout and its drawing each), at most 5 s; FALSE when it did not
 * (an unmapped widget paints none). */
gboolean  pm_test_wait_frames    (GtkWidget *widget,
                                  guint      n);

/* Runs the main loop until no transition in @widget's tree is running (a stack's,
 * a leaflet's, a revealer's), at most 5 s, then waits for two frames: what a
 * screenshot shows is then the final state, decided by the widgets, not by a
 * guessed delay. FALSE if a transition was still running. */
gboolean  pm_test_wait_settled   (GtkWidget *widget);

G_END_DECLS
