/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-index-model.h — PmIndexModel: a lazy list model of the numbers 0…n-1.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * The dump view's lists (threads, modules, memory, hex rows) can hold
 * millions of entries: a 1 GiB heap dump is 64 Mi rows of 16 bytes. This
 * model stores nothing: get_item() makes a small PmIndexItem for the row a
 * GtkListView asks for, and the view's bind callback reads the row's data
 * from the minidump when it becomes visible.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PM_TYPE_INDEX_ITEM (pm_index_item_get_type ())
G_DECLARE_FINAL_TYPE (PmIndexItem, pm_index_item, PM, INDEX_ITEM, GObject)

guint          pm_index_item_get_index  (PmIndexItem  *self);

#define PM_TYPE_INDEX_MODEL (pm_index_model_get_type ())
G_DECLARE_FINAL_TYPE (PmIndexModel, pm_index_model, PM, INDEX_MODEL, GObject)

PmIndexModel  *pm_index_model_new       (guint         n_items);
/* Changes the number of rows (one items-changed for the whole list). */
void           pm_index_model_set_n_items (PmIndexModel *self,
                                           guint         n_items);

G_END_DECLS
