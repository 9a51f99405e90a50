/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-part-viewer.h — a small window showing the exact text one part of a report
 * sends (a text file or a field, after redaction), read-only.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Escape and the window's close button close it. Bytes that are not UTF-8 are
 * shown as U+FFFD, so what is shown is never more than what is sent.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Opens the viewer, modal over @parent's window. @title names the part. */
GtkWindow *pm_part_viewer_show (GtkWidget  *parent,
                                const char *title,
                                GBytes     *text);

G_END_DECLS
