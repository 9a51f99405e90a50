/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-change.c — changing stored reports: deleting one, purging, archiving, and
 * setting Report.wer values of a stored report.
 *
 * Runs in: any GLib process using the store. Every change is made under the store lock
 * (so the usage cache stays exact) and by rename(2).
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-report-private.h"
#include "pm-store.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"

/* TRUE when key names a report; else FALSE with an error that shows it. */
static gboolean
check_key (const char  *key,
           GError     **error)
{
  if (pm_store_key_is_valid (key))
    return TRUE;
  {
    g_autofree char *shown = g_utf8_make_valid (key, -1);
    g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "“%s” is not a report key", shown);
  }
  return FALSE;
}

/* Moves the report out of sight (into .tmp/, locked, so nobody else removes it
 * half-way), then removes it. */
gboolean
pm_store_delete_in (PmStore      *self,
           PmReportState state,
           const char   *key,
           GError      **error)
{
  int state_fd = pm_store_get_state_fd (self, state);
  g_autofree char *what = g_strdup_printf ("report %s", key);
  g_autofree char *uuid = pm_fs_random_uuid ();
  g_autofree char *gone = g_strdup_printf ("deleted-%s", uuid);
  g_autoptr(GError) local_error = NULL;
  guint64 size;
  gboolean ok;
  int fd;

  fd = pm_fs_open_dir (state_fd, key, FALSE, what, &local_error);
  if (fd < 0)
    {
      struct stat st;
      /* Something planted under a report's name (a symlink, a FIFO…): remove the entry
       * itself, never what it points to. */
      if (g_error_matches (local_error, PM_ERROR, PM_ERROR_UNSAFE) &&
          fstatat (state_fd, key, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR (st.st_mode))
        {
          if (unlinkat (state_fd, key, 0) == 0)
            {
              pm_store_usage_forget (self);
              return TRUE;
            }
          pm_fs_set_errno_error (error, errno, what, "delete");
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  flock (fd, LOCK_EX);
  size = pm_store_report_dir_size (state_fd, key);
  if (renameat2 (state_fd, key, self->tmp_fd, gone, RENAME_NOREPLACE) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "delete");
      close (fd);
      return FALSE;
    }
  pm_fs_fsync (state_fd);
  pm_store_usage_subtract (self, size);
  ok = pm_fs_remove_tree (self->tmp_fd, gone, error);
  close (fd);
  return ok;
}

gboolean
pm_store_delete_report (PmStore    *store,
                        const char *key,
                        GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (PM_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!check_key (key, error))
    return FALSE;
  /* Under the store lock, so the usage cache stays exact. */
  if (!pm_store_lock (store, LOCK_EX, error))
    return FALSE;
  if (pm_store_delete_in (store, PM_REPORT_STATE_QUEUE, key, &local_error))
    {
      pm_store_unlock (store);
      return TRUE;
    }
  if (!g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND))
    {
      pm_store_unlock (store);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);
  ok = pm_store_delete_in (store, PM_REPORT_STATE_ARCHIVE, key, &local_error);
  pm_store_unlock (store);
  if (ok)
    return TRUE;
  if (g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND))
    g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "No report %s in the store %s", key, store->path);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
pm_store_purge (PmStore      *store,
                PmReportState states,
                guint        *n_deleted,
                GError      **error)
{
  static const PmReportState each[] = { PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE };
  guint deleted = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (PM_IS_STORE (store), FALSE);

  if (!pm_store_lock (store, LOCK_EX, error))
    return FALSE;
  for (guint s = 0; s < G_N_ELEMENTS (each); s++)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      if (!(states & each[s]))
        continue;
      if (!pm_store_read_keys (store, each[s], keys, ok ? error : NULL))
        {
          ok = FALSE;
          continue;
        }
      for (guint i = 0; i < keys->len; i++)
        {
          g_autoptr(GError) local_error = NULL;
          if (pm_store_delete_in (store, each[s], g_ptr_array_index (keys, i), &local_error))
            deleted++;
          else if (!g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND) && ok)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
        }
    }
  pm_store_unlock (store);
  if (n_deleted != NULL)
    *n_deleted = deleted;
  return ok;
}

gboolean
pm_store_archive_report (PmStore    *store,
                         const char *key,
                         GError    **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (PM_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!check_key (key, error))
    return FALSE;
  what = g_strdup_printf ("report %s", key);
  if (!pm_store_lock (store, LOCK_EX, error))
    return FALSE;
  if (renameat2 (store->queue_fd, key, store->archive_fd, key, RENAME_NOREPLACE) != 0)
    {
      int err = errno;
      pm_store_unlock (store);
      if (err == ENOENT)
        g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "No report %s in the queue of %s", key, store->path);
      else
        pm_fs_set_errno_error (error, err, what, "archive");
      return FALSE;
    }
  pm_fs_fsync (store->archive_fd);
  pm_fs_fsync (store->queue_fd);
  pm_store_enforce_archive_count (store, key);
  pm_store_unlock (store);
  return TRUE;
}

gboolean
pm_store_requeue_declined_report (PmStore    *store,
                                  const char *key,
                                  GError    **error)
{
  g_autofree char *what = NULL;
  g_autofree char *data = NULL;
  g_autoptr(PmWerFile) wer = NULL;
  gsize length = 0;
  int fd;

  g_return_val_if_fail (PM_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!check_key (key, error))
    return FALSE;
  what = g_strdup_printf ("report %s", key);
  if (!pm_store_lock (store, LOCK_EX, error))
    return FALSE;
  /* Decided under the lock, from the file itself: an upload that finished meanwhile wins. */
  fd = pm_fs_open_dir (store->archive_fd, key, FALSE, what, error);
  if (fd >= 0)
    {
      data = pm_fs_read_file (fd, PM_REPORT_WER_NAME, PM_WER_FILE_MAX_SIZE, &length, what, error);
      close (fd);
    }
  if (data != NULL)
    wer = pm_wer_file_parse (data, length, error);
  if (wer == NULL)
    {
      pm_store_unlock (store);
      return FALSE;
    }
  if (pm_wer_file_get (wer, "Response.ReportId") != NULL ||
      g_strcmp0 (pm_wer_file_get (wer, "Postmortem.Declined"), "true") != 0)
    {
      pm_store_unlock (store);
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "report %s was not declined (a sent report is never sent again)", key);
      return FALSE;
    }
  if (renameat2 (store->archive_fd, key, store->queue_fd, key, RENAME_NOREPLACE) != 0)
    {
      int err = errno;
      pm_store_unlock (store);
      pm_fs_set_errno_error (error, err, what, "move back to the queue");
      return FALSE;
    }
  pm_fs_fsync (store->queue_fd);
  pm_fs_fsync (store->archive_fd);
  pm_store_unlock (store);
  return TRUE;
}

/* With the store lock held (or not: the caller decides). */
gboolean
pm_store_set_values_in (PmStore            *self,
               int                 report_fd,
               const char         *key,
               const char * const *pairs,
               GError            **error)
{
  g_autofree char *what = g_strdup_printf ("Report.wer of report %s", key);
  g_autofree char *data = NULL;
  g_autofree char *out = NULL;
  g_autoptr(PmWerFile) wer = NULL;
  gsize length;

  data = pm_fs_read_file (report_fd, PM_REPORT_WER_NAME, PM_WER_FILE_MAX_SIZE, &length, what, error);
  if (data == NULL)
    return FALSE;
  wer = pm_wer_file_parse (data, length, error);
  if (wer == NULL)
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  for (guint i = 0; pairs[i] != NULL; i += 2)
    if (!pm_wer_file_set (wer, pairs[i], pairs[i + 1], error))
      return FALSE;
  out = pm_wer_file_to_data (wer, &length);
  pm_store_usage_forget (self);   /* Report.wer changes size */
  return pm_fs_replace_file (report_fd, PM_REPORT_WER_NAME, out, length, TRUE, what, error);
}

gboolean
pm_store_set_report_values (PmStore            *store,
                            const char         *key,
                            const char * const *pairs,
                            GError            **error)
{
  g_autofree char *what = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (PM_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (pairs != NULL, FALSE);

  for (guint i = 0; pairs[i] != NULL; i += 2)
    if (strcmp (pairs[i], "ReportIdentifier") == 0 || strcmp (pairs[i], "Response.BucketId") == 0 ||
        strcmp (pairs[i], "EventType") == 0)
      {
        g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                     "%s of a stored report cannot change (its key is made from it)", pairs[i]);
        return FALSE;
      }
  if (!check_key (key, error))
    return FALSE;
  what = g_strdup_printf ("report %s", key);
  if (!pm_store_lock (store, LOCK_EX, error))
    return FALSE;
  fd = pm_fs_open_dir (store->queue_fd, key, FALSE, what, NULL);
  if (fd < 0)
    fd = pm_fs_open_dir (store->archive_fd, key, FALSE, what, error);
  if (fd < 0)
    {
      pm_store_unlock (store);
      return FALSE;
    }
  ok = pm_store_set_values_in (store, fd, key, pairs, error);
  close (fd);
  pm_store_unlock (store);
  return ok;
}
