/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-history-view.h — PmHistoryView: the history of crashes and hangs, as Windows'
 * Reliability Monitor shows it: a chart of the last weeks per day and application, the
 * reports of the chosen day, and each application's trend since its last update.
 *
 * Runs in: the postmortem GUI process (GTK main thread). The store's summaries are listed
 * and binned in a worker thread (pm_store_task_run()); the chart draws the bins.
 */
#pragma once

#include <adwaita.h>

#include "pm-history-chart.h"
#include "pm-store.h"
#include "pm-window.h"

G_BEGIN_DECLS

#define PM_TYPE_HISTORY_VIEW (pm_history_view_get_type ())
G_DECLARE_FINAL_TYPE (PmHistoryView, pm_history_view, PM, HISTORY_VIEW, GtkWidget)

/* The history of @store; loads at once and again whenever the store changes.
 * Signals: ::report-activated (const char *key) when a report of the day list is chosen,
 * ::closed when the back button (or Escape) is used. */
GtkWidget       *pm_history_view_new          (PmStore        *store);
PmHistoryChart  *pm_history_view_get_chart    (PmHistoryView  *self);
/* TRUE until the first history is shown whole (the chart first, then the application rows). */
gboolean         pm_history_view_get_loading  (PmHistoryView  *self);

/* Shows the history in @window in place of @reports (the child of @overlay: the list and
 * the report); back brings @reports again, and a report chosen in the history is selected
 * in the window and shown. Does nothing when the history is already shown. Returns the
 * view shown (borrowed). */
PmHistoryView   *pm_history_view_show_in_window (PmWindow        *window,
                                                 AdwToastOverlay *overlay,
                                                 GtkWidget       *reports);

G_END_DECLS
