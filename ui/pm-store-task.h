/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-task.h — store calls for the widgets, made in a worker thread with the worker's
 * own PmStore, the result handed back once to the main thread.
 *
 * Runs in: the postmortem GUI process. pm_store_task_run() and the callback run in the
 * main thread; @func runs in a GTask worker thread and may use only @store (opened there
 * on the same folder: a PmStore is not thread-safe), @task_data and what is thread-safe.
 *
 * The GTK thread never touches the store's files itself (a store of 10,000 reports, a
 * slow disk or a purge must not freeze a window): every read or change of the store made
 * for a widget goes through here. When the widget goes away it cancels @cancellable; the
 * callback then gets G_IO_ERROR_CANCELLED and must not touch the widget. A change that
 * already started (a purge, a deletion) still finishes in the worker.
 */
#pragma once

#include <gio/gio.h>

#include "pm-store.h"

G_BEGIN_DECLS

/* Returns the result (NULL is a valid result when @error is not set). */
typedef gpointer (*PmStoreTaskFunc) (PmStore       *store,
                                     gpointer       task_data,
                                     GCancellable  *cancellable,
                                     GError       **error);

void      pm_store_task_run     (PmStore             *store,
                                 PmStoreTaskFunc      func,
                                 gpointer             task_data,
                                 GDestroyNotify       task_data_free,
                                 GDestroyNotify       result_free,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
/* The result of @func (owned by the caller), or NULL with @error set. */
gpointer  pm_store_task_finish  (GAsyncResult        *result,
                                 GError             **error);

G_END_DECLS
