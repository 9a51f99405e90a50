/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-upload-thread.h — one upload for the GUI, run on a thread of its own.
 *
 * Runs in: the postmortem GUI process. pm_upload_thread_submit_async(), the progress
 * function and the callback run in the calling (GTK) thread; the upload itself — the
 * store's lock, reading the report and its files, recording the answer, archiving — runs
 * in a worker thread with its own PmStore, PmUploader and GMainContext, so the GTK thread
 * touches no store file while a report is sent. Cancelling @cancellable ends the upload
 * as PmUploader does.
 */
#pragma once

#include "pm-store.h"
#include "pm-uploader.h"

G_BEGIN_DECLS

/* Sends @key to the person's server, else the program's own
 * (pm_uploader_new_for_report()), approved by the person when @approved. */
void             pm_upload_thread_submit_async  (PmStore             *store,
                                                 const char          *key,
                                                 gboolean             approved,
                                                 PmUploadProgressFunc progress,
                                                 gpointer             progress_data,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* The same to @endpoint (copied): the server the person was shown, whatever the
 * settings say by the time the worker runs. NULL: as above. */
void             pm_upload_thread_submit_to_async (PmStore             *store,
                                                   const char          *key,
                                                   const PmEndpoint    *endpoint,
                                                   gboolean             approved,
                                                   PmUploadProgressFunc progress,
                                                   gpointer             progress_data,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
PmUploadResult  *pm_upload_thread_submit_finish (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
