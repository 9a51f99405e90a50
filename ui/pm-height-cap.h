/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-height-cap.h — PmHeightCap: its child at the content's natural height, up
 * to a cap.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * For content that usually fits but may grow past the screen (the crash
 * dialog with its Details unfolded). The child is a GtkScrolledWindow: below
 * the cap it is exactly as tall as its content at the width it is given, so
 * a window that is already shown grows with it (its minimum height follows;
 * a scrolled window's natural height would not make it grow, and GTK 4.8's
 * measures its content without the width, on one line of text); past the
 * cap it stays at the cap and scrolls.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PM_TYPE_HEIGHT_CAP (pm_height_cap_get_type ())

G_DECLARE_FINAL_TYPE (PmHeightCap, pm_height_cap, PM, HEIGHT_CAP, GtkWidget)

GtkWidget *pm_height_cap_new            (void);
/* @child: a GtkScrolledWindow (or NULL). */
void       pm_height_cap_set_child      (PmHeightCap *self,
                                         GtkWidget   *child);
GtkWidget *pm_height_cap_get_child      (PmHeightCap *self);
/* The most height, in pixels, the child is given (default 480). */
void       pm_height_cap_set_max_height (PmHeightCap *self,
                                         int          max_height);
int        pm_height_cap_get_max_height (PmHeightCap *self);

G_END_DECLS
