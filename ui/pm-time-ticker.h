/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-time-ticker.h — one process-wide timer for the relative times of many widgets.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * A list of ten thousand reports must not hold ten thousand timers: each row that is on
 * screen subscribes (on map) and unsubscribes (on unmap); the one timer runs only while
 * someone is subscribed, and calls every subscriber when relative times may have
 * changed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*PmTimeTickerFunc) (gpointer data);

/* Calls @func (@data) on every tick until removed; returns the subscription's id (> 0). */
guint pm_time_ticker_add             (PmTimeTickerFunc func,
                                      gpointer         data);
/* Ends a subscription; 0 is ignored. */
void  pm_time_ticker_remove          (guint            id);
/* How often the ticker ticks (30 s by default); for tests. */
void  pm_time_ticker_set_interval    (guint            ms);
/* TRUE while the timer runs (someone is subscribed); for tests. */
gboolean pm_time_ticker_is_running   (void);

G_END_DECLS
