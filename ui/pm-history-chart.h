/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-history-chart.h — PmHistoryChart: crashes and hangs per day, one column per day,
 * stacked marks per application (filled: crashes, outlined: hangs), today marked.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Each day is a small focusable child drawn with GtkSnapshot from the precomputed bins of
 * a PmHistory, so every day has its own accessible name ("5 December: 3 crashes") and
 * takes the keyboard: Left/Right/Home/End move between days, Enter or Space (or a click)
 * activates one (::day-activated). Only one day is in Tab's order (today, or the one
 * moved to), so Tab passes the chart in one step.
 */
#pragma once

#include <gtk/gtk.h>

#include "pm-history.h"

G_BEGIN_DECLS

#define PM_TYPE_HISTORY_CHART (pm_history_chart_get_type ())
G_DECLARE_FINAL_TYPE (PmHistoryChart, pm_history_chart, PM, HISTORY_CHART, GtkWidget)

GtkWidget   *pm_history_chart_new              (void);
/* Shows @history (may be NULL); the selection is cleared. */
void         pm_history_chart_set_history      (PmHistoryChart *self,
                                                PmHistory      *history);
PmHistory   *pm_history_chart_get_history      (PmHistoryChart *self);
/* The widget of @day (for focus and tests), or NULL. */
GtkWidget   *pm_history_chart_get_day_widget   (PmHistoryChart *self,
                                                guint           day);
/* The day last activated, or G_MAXUINT. */
guint        pm_history_chart_get_selected_day (PmHistoryChart *self);
/* The colour of application @app (by its rank in the history), from the GNOME palette. */
void         pm_history_chart_get_app_color    (guint           app,
                                                GdkRGBA        *color);

G_END_DECLS
