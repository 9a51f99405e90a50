/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-history-view-private.h — for tests: what the history view lists.
 *
 * Runs in: the widget tests (GTK main thread).
 */
#pragma once

#include "pm-history-view.h"

G_BEGIN_DECLS

/* The keys of the chosen day's report rows, in order (NULL-terminated, newly allocated). */
GStrv       pm_history_view_dup_day_keys   (PmHistoryView *self);
/* The row of the chosen day's list at @index, or NULL. */
GtkWidget  *pm_history_view_get_day_row    (PmHistoryView *self,
                                            guint          index);
/* The subtitle of application @app's row (its trend or its totals). */
const char *pm_history_view_get_app_text   (PmHistoryView *self,
                                            guint          app);

G_END_DECLS
