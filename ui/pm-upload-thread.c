/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-upload-thread.c — one upload on a thread of its own (see pm-upload-thread.h).
 *
 * Runs in: the postmortem GUI process; upload_thread() in a GTask worker thread, which
 * runs the uploader's asynchronous calls in its own GMainContext until the upload ends.
 */
#include "pm-config.h"

#include "pm-upload-thread.h"

typedef struct
{
  char                *path;
  char                *key;
  PmEndpoint          *endpoint;   /* NULL: chosen in the worker */
  gboolean             approved;
  PmUploadProgressFunc progress;
  gpointer             progress_data;
  GMainContext        *caller_context;
} Upload;

static void
upload_free (gpointer data)
{
  Upload *upload = data;

  g_free (upload->path);
  g_free (upload->key);
  g_clear_pointer (&upload->endpoint, pm_endpoint_free);
  g_main_context_unref (upload->caller_context);
  g_free (upload);
}

typedef struct
{
  Upload  *upload;   /* borrowed: the task keeps it until its callback has run */
  goffset  sent;
  goffset  total;
} Progress;

static gboolean
progress_in_caller (gpointer data)
{
  Progress *p = data;

  p->upload->progress (p->sent, p->total, p->upload->progress_data);
  return G_SOURCE_REMOVE;
}

/* In the worker: hands the progress to the caller's thread. */
static void
progress_in_worker (goffset  sent,
                    goffset  total,
                    gpointer user_data)
{
  Progress *p = g_new0 (Progress, 1);

  p->upload = user_data;
  p->sent = sent;
  p->total = total;
  /* An idle source, not g_main_context_invoke(): that would run the callback
   * in this thread whenever it can acquire the caller's context. */
  {
    GSource *source = g_idle_source_new ();
    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, progress_in_caller, p, g_free);
    g_source_attach (source, p->upload->caller_context);
    g_source_unref (source);
  }
}

typedef struct
{
  gboolean        done;
  PmUploadResult *result;
  GError         *error;
} Outcome;

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = pm_uploader_submit_finish (PM_UPLOADER (object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
upload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Upload *upload = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(PmStore) store = NULL;
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(GError) error = NULL;
  Outcome outcome = { FALSE, NULL, NULL };

  g_main_context_push_thread_default (context);
  store = pm_store_open (upload->path, &error);
  if (store != NULL)
    uploader = upload->endpoint != NULL ? pm_uploader_new_with_settings (store, upload->endpoint)
                                        : pm_uploader_new_for_report (store, upload->key, NULL, &error);
  if (uploader != NULL)
    {
      pm_uploader_set_approved (uploader, upload->approved);
      pm_uploader_submit_async (uploader, upload->key,
                                upload->progress != NULL ? progress_in_worker : NULL, upload, NULL,
                                cancellable, submitted_cb, &outcome);
      while (!outcome.done)
        g_main_context_iteration (context, TRUE);
    }
  g_clear_object (&uploader);
  g_clear_object (&store);
  /* Sources the uploader left behind go with this context. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  if (!outcome.done)   /* no store, or no server set up */
    g_task_return_error (task, g_steal_pointer (&error));
  else if (outcome.result == NULL)
    g_task_return_error (task, outcome.error);
  else
    g_task_return_pointer (task, outcome.result, (GDestroyNotify) pm_upload_result_unref);
}

void
pm_upload_thread_submit_async (PmStore             *store,
                               const char          *key,
                               gboolean             approved,
                               PmUploadProgressFunc progress,
                               gpointer             progress_data,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  pm_upload_thread_submit_to_async (store, key, NULL, approved, progress, progress_data,
                                    cancellable, callback, user_data);
}

void
pm_upload_thread_submit_to_async (PmStore             *store,
                                  const char          *key,
                                  const PmEndpoint    *endpoint,
                                  gboolean             approved,
                                  PmUploadProgressFunc progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Upload *upload;

  g_return_if_fail (PM_IS_STORE (store));
  g_return_if_fail (key != NULL);

  upload = g_new0 (Upload, 1);
  upload->path = g_strdup (pm_store_get_path (store));
  upload->key = g_strdup (key);
  upload->endpoint = endpoint != NULL ? pm_endpoint_copy (endpoint) : NULL;
  upload->approved = approved;
  upload->progress = progress;
  upload->progress_data = progress_data;
  upload->caller_context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pm_upload_thread_submit_async);
  /* A cancel after the server accepted the report must not hide that it was sent:
   * the result is what happened (as PmUploader's own). */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, upload, upload_free);
  g_task_run_in_thread (task, upload_thread);
}

PmUploadResult *
pm_upload_thread_submit_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
