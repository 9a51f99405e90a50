/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-task.c — store calls in a worker thread with its own PmStore (see
 * pm-store-task.h).
 *
 * Runs in: the postmortem GUI process; store_task_worker() in a GTask worker thread.
 */
#include "pm-config.h"

#include "pm-store-task.h"

typedef struct
{
  char            *path;
  PmStoreTaskFunc  func;
  gpointer         data;
  GDestroyNotify   data_free;
  GDestroyNotify   result_free;
} StoreTask;

static void
store_task_free (gpointer data)
{
  StoreTask *st = data;

  if (st->data_free != NULL)
    st->data_free (st->data);
  g_free (st->path);
  g_free (st);
}

static void
store_task_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  StoreTask *st = task_data;
  g_autoptr(PmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gpointer result;

  store = pm_store_open (st->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = st->func (store, st->data, cancellable, &error);
  if (error != NULL)
    {
      if (result != NULL && st->result_free != NULL)
        st->result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, st->result_free);
}

void
pm_store_task_run (PmStore             *store,
                   PmStoreTaskFunc      func,
                   gpointer             task_data,
                   GDestroyNotify       task_data_free,
                   GDestroyNotify       result_free,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreTask *st;

  g_return_if_fail (PM_IS_STORE (store));
  g_return_if_fail (func != NULL);

  st = g_new0 (StoreTask, 1);
  st->path = g_strdup (pm_store_get_path (store));
  st->func = func;
  st->data = task_data;
  st->data_free = task_data_free;
  st->result_free = result_free;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pm_store_task_run);
  g_task_set_task_data (task, st, store_task_free);
  g_task_run_in_thread (task, store_task_worker);
}

gpointer
pm_store_task_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
