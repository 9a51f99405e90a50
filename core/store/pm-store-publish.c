/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-publish.c — publishing: a draft begun in .tmp/, its files flushed, flood
 * control, room made, then one rename(2) into queue/.
 *
 * Runs in: any GLib process that writes reports (postmortem-dumper after a crash, the WER
 * report API, tests); the store lock is held from flood control to the rename.
 */
#include "pm-config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-filetime.h"
#include "pm-report-draft-private.h"
#include "pm-report-private.h"
#include "pm-store.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"

/* --- Publishing --- */

PmReportDraft *
pm_store_begin_report (PmStore *store,
                       GError **error)
{
  PmReportDraft *draft;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Shared lock: clean_tmp() (exclusive) cannot run between mkdir and flock. */
  if (!pm_store_lock (store, LOCK_SH, error))
    return NULL;
  draft = pm_report_draft_new (store, store->tmp_fd, error);
  pm_store_unlock (store);
  return draft;
}

/* fsyncs every file of the draft directory (checking each is a regular file with one
 * link) and the directory; returns the total size through @size. */
static gboolean
sync_draft (int         dir_fd,
            const char *id,
            guint64    *size,
            GError    **error)
{
  struct dirent *de;
  DIR *dir;
  int fd = dup (dir_fd);

  *size = 0;
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      pm_fs_set_errno_error (error, errno, "the report draft", "list");
      return FALSE;
    }
  rewinddir (dir);
  while ((de = readdir (dir)) != NULL)
    {
      g_autofree char *what = NULL;
      struct stat st;
      int file_fd;

      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      what = g_strdup_printf ("%s in report draft %s", de->d_name, id);
      if (!pm_store_name_is_valid (de->d_name))
        {
          g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE, "%s: not a valid report file name", what);
          closedir (dir);
          return FALSE;
        }
      file_fd = pm_fs_open_read (dir_fd, de->d_name, what, &st, error);
      if (file_fd < 0)
        {
          closedir (dir);
          return FALSE;
        }
      if (pm_fs_fsync (file_fd) != 0)
        {
          pm_fs_set_errno_error (error, errno, what, "flush");
          close (file_fd);
          closedir (dir);
          return FALSE;
        }
      *size += st.st_size;
      close (file_fd);
    }
  closedir (dir);
  if (pm_fs_fsync (dir_fd) != 0)
    {
      pm_fs_set_errno_error (error, errno, "the report draft directory", "flush");
      return FALSE;
    }
  return TRUE;
}

/* With the store lock held: if a queued report has the same bucket and its last event is
 * within the flood window of @now_filetime, increments its counter and returns its key. */
static char *
flood_bump (PmStore    *self,
            const char *event_type,
            const char *bucket,
            const char *now_filetime,
            guint       window_seconds)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  guint64 now;

  if (window_seconds == 0 || !pm_filetime_parse (now_filetime, &now))
    return NULL;
  if (!pm_store_read_keys (self, PM_REPORT_STATE_QUEUE, keys, NULL))
    return NULL;
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *k_type = NULL, *k_bucket = NULL;
      g_autoptr(PmReport) report = NULL;
      g_autoptr(GError) error = NULL;
      const char *last_text;
      guint64 last;
      char count_text[32];
      const char *pairs[5];
      int fd;

      if (!pm_store_key_split (key, &k_type, NULL, &k_bucket, NULL) ||
          strcmp (k_type, event_type) != 0 || strcmp (k_bucket, bucket) != 0)
        continue;
      report = pm_report_load (self, self->queue_fd, PM_REPORT_STATE_QUEUE, key, NULL);
      if (report == NULL || pm_report_get_load_error (report) != NULL)
        continue;
      last_text = pm_report_get_value (report, PM_REPORT_KEY_LAST_EVENT_TIME);
      if (last_text == NULL)
        last_text = pm_report_get_value (report, "EventTime");
      if (!pm_filetime_parse (last_text, &last))
        continue;
      /* FILETIME ticks are 100 ns. A clock that went backwards counts as in the window. */
      if (now > last && now - last > (guint64) window_seconds * 10000000)
        continue;

      g_snprintf (count_text, sizeof count_text, "%u", pm_report_get_count (report) + 1);
      pairs[0] = PM_REPORT_KEY_COUNT;
      pairs[1] = count_text;
      pairs[2] = PM_REPORT_KEY_LAST_EVENT_TIME;
      pairs[3] = now_filetime;
      pairs[4] = NULL;
      fd = pm_fs_open_dir (self->queue_fd, key, FALSE, "a flooded report", &error);
      if (fd < 0 || !pm_store_set_values_in (self, fd, key, pairs, &error))
        {
          g_warning ("Could not count a repeated crash in report %s: %s", key, error->message);
          if (fd >= 0)
            close (fd);
          continue;
        }
      close (fd);
      return g_strdup (key);
    }
  return NULL;
}

char *
pm_store_publish_report (PmStore       *store,
                         PmReportDraft *draft,
                         GError       **error)
{
  PmWerFile *wer;
  const char *event_type, *app_name, *id;
  g_autofree char *bucket = NULL;
  g_autofree char *app_part = NULL;
  g_autofree char *key = NULL;
  g_autofree char *data = NULL;
  g_autofree char *flooded = NULL;
  PmQuota quota;
  guint64 size;
  guint64 total_after = G_MAXUINT64;
  gsize length;
  int dir_fd, fd;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (pm_report_draft_get_store (draft) == store, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  wer = pm_report_draft_get_wer (draft);
  id = pm_report_draft_get_id (draft);
  dir_fd = pm_report_draft_get_dir_fd (draft);

  if (pm_report_draft_get_error (draft) != NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "The report was not published: %s",
                   pm_report_draft_get_error (draft)->message);
      return NULL;
    }
  event_type = pm_wer_file_get (wer, "EventType");
  if (!pm_store_event_type_is_valid (event_type))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "The report was not published: EventType %s%s%s (1–64 letters and digits, e.g. APPCRASH)",
                   event_type != NULL ? "“" : "is missing", event_type != NULL ? event_type : "",
                   event_type != NULL ? "” is invalid" : "");
      return NULL;
    }
  app_name = pm_wer_file_get (wer, "AppName");
  if (app_name != NULL && pm_store_is_app_excluded (store, app_name))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_EXCLUDED,
                   "%s is excluded from error reporting; no report was stored", app_name);
      return NULL;
    }

  bucket = pm_bucket_id_compute (wer);
  pm_wer_file_set (wer, "Response.BucketId", bucket, NULL);
  app_part = pm_store_key_app_part (app_name);
  key = g_strdup_printf ("%s_%s_%s_%s", event_type, app_part, bucket, id);
  g_assert (pm_store_key_is_valid (key));

  /* Report.wer, then every file and the directory on disk before the rename. */
  data = pm_wer_file_to_data (wer, &length);
  fd = pm_fs_create (dir_fd, PM_REPORT_WER_NAME, "Report.wer of the report draft", error);
  if (fd < 0)
    return NULL;
  if (!pm_fs_write_all (fd, data, length, "Report.wer of the report draft", error))
    {
      close (fd);
      return NULL;
    }
  close (fd);
  if (!sync_draft (dir_fd, id, &size, error))
    return NULL;

  if (!pm_store_lock (store, LOCK_EX, error))
    return NULL;

  pm_settings_get_quota (pm_store_get_settings (store), &quota);
  if (pm_report_draft_get_flood_control (draft))
    flooded = flood_bump (store, event_type, bucket, pm_wer_file_get (wer, "EventTime"),
                          quota.flood_window_seconds);
  if (flooded != NULL)
    {
      pm_store_unlock (store);
      return g_steal_pointer (&flooded);   /* the draft is removed when freed */
    }

  if (!pm_store_make_room (store, size, &total_after, error))
    {
      pm_store_unlock (store);
      return NULL;
    }
  if (renameat2 (store->tmp_fd, id, store->queue_fd, key, RENAME_NOREPLACE) != 0)
    {
      g_autofree char *what = g_strdup_printf ("report %s", key);
      pm_fs_set_errno_error (error, errno, what, "publish");
      pm_store_unlock (store);
      return NULL;
    }
  pm_report_draft_mark_published (draft);
  pm_fs_fsync (store->queue_fd);
  pm_fs_fsync (store->tmp_fd);
  if (total_after != G_MAXUINT64)
    pm_store_usage_write (store, total_after);
  pm_store_unlock (store);
  return g_steal_pointer (&key);
}
