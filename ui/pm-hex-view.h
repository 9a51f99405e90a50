/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-hex-view.h — PmHexView: a lazy hex dump of a block of bytes.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Shows 16 bytes a row ("address  hex  |ascii|") in a GtkListView over a
 * PmIndexModel, so a 1 GiB memory range costs only the rows on screen.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PM_TYPE_HEX_VIEW (pm_hex_view_get_type ())

G_DECLARE_FINAL_TYPE (PmHexView, pm_hex_view, PM, HEX_VIEW, GtkWidget)

GtkWidget  *pm_hex_view_new               (void);
/* Shows @bytes (may be NULL) as if they started at @base_address. */
void        pm_hex_view_set_bytes         (PmHexView *self,
                                           GBytes    *bytes,
                                           guint64    base_address,
                                           gboolean   wide_addresses);
GBytes     *pm_hex_view_get_bytes         (PmHexView *self);
guint64     pm_hex_view_get_base_address  (PmHexView *self);
/* Scrolls so the row holding @address is visible and marks it; FALSE when outside. */
gboolean    pm_hex_view_scroll_to_address (PmHexView *self,
                                           guint64    address);
/* Marks @address with @label ("sp") at the end of its row; NULL @label removes
 * the marker. Cleared by pm_hex_view_set_bytes(). */
void        pm_hex_view_set_marker        (PmHexView  *self,
                                           guint64     address,
                                           const char *label);
/* The text of row @row (for tests and copying), or NULL past the end. */
char       *pm_hex_view_dup_row_text      (PmHexView *self,
                                           guint      row);

G_END_DECLS
