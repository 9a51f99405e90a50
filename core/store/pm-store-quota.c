/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-quota.c — the store's limits: the usage cache (<store>/.usage), eviction,
 * MaxArchiveCount, and making room for a new report (MaxAgeDays, MaxQueueCount, MaxBytes,
 * MinFreeBytes; see pm-store.h for the policy).
 *
 * Runs in: any GLib process using the store, always with the store lock held.
 */
#include "pm-config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-store.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"

/* --- The usage cache ---
 *
 * <store>/.usage holds the total bytes of all reports as decimal text, so that publishing
 * does not list every report of a full store to check MaxBytes. It is only a hint: it is
 * written under the store lock by publish and eviction, removed by any other change, and
 * trusted for at most USAGE_MAX_AGE seconds. When it says the store is over its cap, the
 * store is measured for real before anything is evicted, so a stale value can delay an
 * eviction by those seconds at most, never cause a wrong one. */
#define USAGE_NAME    ".usage"
#define USAGE_MAX_AGE 600

static gboolean
pm_store_usage_read (PmStore *self,
            guint64 *total)
{
  g_autofree char *data = NULL;
  struct stat st;
  guint64 value;

  if (fstatat (self->root_fd, USAGE_NAME, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG (st.st_mode) ||
      (gint64) st.st_mtim.tv_sec + USAGE_MAX_AGE < g_get_real_time () / G_USEC_PER_SEC)
    return FALSE;
  data = pm_fs_read_file (self->root_fd, USAGE_NAME, 64, NULL, "the usage cache", NULL);
  if (data == NULL || !g_ascii_string_to_unsigned (g_strstrip (data), 10, 0, G_MAXUINT64, &value, NULL))
    return FALSE;
  *total = value;
  return TRUE;
}

void
pm_store_usage_write (PmStore *self,
             guint64  total)
{
  char text[32];
  int len = g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT "\n", total);

  /* A cache: no fsync; a lost update only means one more full measure. */
  if (!pm_fs_replace_file (self->root_fd, USAGE_NAME, text, len, FALSE, "the usage cache", NULL))
    unlinkat (self->root_fd, USAGE_NAME, 0);
}

void
pm_store_usage_forget (PmStore *self)
{
  unlinkat (self->root_fd, USAGE_NAME, 0);
}

/* With the store lock held: a report of @size bytes went. */
void
pm_store_usage_subtract (PmStore *self,
                guint64  size)
{
  guint64 total;

  if (pm_store_usage_read (self, &total) && total >= size)
    pm_store_usage_write (self, total - size);
  else
    pm_store_usage_forget (self);
}

static void
pm_store_evict (PmStore      *self,
       const PmStoreEntry  *entry,
       const char   *reason)
{
  g_autoptr(GError) error = NULL;

  if (pm_store_delete_in (self, entry->state, entry->key, &error))
    g_message ("Evicted report %s from %s/%s: %s", entry->key, self->path,
               pm_report_state_dir_name (entry->state), reason);
  else
    g_warning ("Could not evict report %s (%s): %s", entry->key, reason, error->message);
}

/* With the store lock held: evicts the oldest archived reports beyond MaxArchiveCount,
 * never @keep. */
void
pm_store_enforce_archive_count (PmStore    *self,
                       const char *keep)
{
  PmQuota quota;
  g_autoptr(GArray) entries = NULL;
  guint count;

  pm_settings_get_quota (pm_store_get_settings (self), &quota);
  if (quota.max_archive_count == 0)
    return;
  /* Count from the listing; load (to order by EventTime) only when some must go. */
  if (pm_store_count_reports (self, PM_REPORT_STATE_ARCHIVE) <= quota.max_archive_count)
    return;
  entries = pm_store_collect (self, PM_REPORT_STATE_ARCHIVE, TRUE, NULL);
  if (entries == NULL)
    return;
  count = entries->len;
  for (guint i = 0; i < entries->len && count > quota.max_archive_count; i++)
    {
      PmStoreEntry *entry = &g_array_index (entries, PmStoreEntry, i);
      g_autofree char *reason = NULL;

      if (keep != NULL && strcmp (entry->key, keep) == 0)
        continue;
      reason = g_strdup_printf ("more than MaxArchiveCount=%u archived reports", quota.max_archive_count);
      pm_store_evict (self, entry, reason);
      count--;
    }
}

static guint64
free_bytes (PmStore *self)
{
  struct statvfs sv;

  if (fstatvfs (self->root_fd, &sv) != 0)
    return G_MAXUINT64;
  return (guint64) sv.f_bavail * sv.f_frsize;
}

/* With the store lock held: the number of queued reports and the bytes of all reports,
 * from directory listings and fstatat() only (no Report.wer is parsed). */
static gboolean
measure (PmStore *self,
         guint   *n_queue,
         guint64 *total,
         GError **error)
{
  static const PmReportState each[] = { PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE };

  *n_queue = 0;
  if (total != NULL)
    *total = 0;
  for (guint s = 0; s < G_N_ELEMENTS (each); s++)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      if (total == NULL && each[s] == PM_REPORT_STATE_ARCHIVE)
        break;   /* only the queue count was asked for */
      if (!pm_store_read_keys (self, each[s], keys, error))
        return FALSE;
      if (each[s] == PM_REPORT_STATE_QUEUE)
        *n_queue = keys->len;
      if (total != NULL)
        for (guint i = 0; i < keys->len; i++)
          *total += pm_store_report_dir_size (pm_store_get_state_fd (self, each[s]), g_ptr_array_index (keys, i));
    }
  return TRUE;
}

/* With the store lock held: makes room for a new queued report of @new_size bytes by
 * evicting the oldest reports. FALSE with PM_ERROR_QUOTA when that is impossible.
 * The cheap measure comes first; reports are loaded (to order them by EventTime) only
 * when something has to go. */
gboolean
pm_store_make_room (PmStore *self,
           guint64  new_size,
           guint64 *total_after,
           GError **error)
{
  g_autoptr(GArray) entries = NULL;
  PmQuota quota;
  guint n_queue = 0;
  guint64 total = 0;
  gboolean over_count, over_bytes, low_space;

  pm_settings_get_quota (pm_store_get_settings (self), &quota);
  if (quota.max_bytes != 0 && new_size > quota.max_bytes)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_QUOTA,
                   "The report is %" G_GUINT64_FORMAT " bytes, more than the store's MaxBytes=%" G_GUINT64_FORMAT,
                   new_size, quota.max_bytes);
      return FALSE;
    }
  *total_after = G_MAXUINT64;   /* unknown */
  if (quota.max_age_days != 0)
    {
      /* Age: every report whose EventTime is older than MaxAgeDays goes. */
      g_autoptr(GArray) all = pm_store_collect (self, PM_REPORT_STATE_ALL, TRUE, error);
      gint64 cutoff = g_get_real_time () - (gint64) quota.max_age_days * 86400 * G_USEC_PER_SEC;

      if (all == NULL)
        return FALSE;
      for (guint i = 0; i < all->len; i++)
        {
          PmStoreEntry *entry = &g_array_index (all, PmStoreEntry, i);
          g_autofree char *reason = NULL;

          if (entry->time_us >= cutoff)
            break;   /* sorted oldest first */
          reason = g_strdup_printf ("older than MaxAgeDays=%u", quota.max_age_days);
          pm_store_evict (self, entry, reason);
        }
    }
  if (quota.max_queue_count == 0 && quota.max_bytes == 0 && quota.min_free_bytes == 0)
    return TRUE;
  {
    gboolean cached = quota.max_bytes != 0 && pm_store_usage_read (self, &total);
    if ((quota.max_queue_count != 0 || quota.max_bytes != 0) &&
        !measure (self, &n_queue, quota.max_bytes != 0 && !cached ? &total : NULL, error))
      return FALSE;
    over_bytes = quota.max_bytes != 0 && total + new_size > quota.max_bytes;
    if (over_bytes && cached && !measure (self, &n_queue, &total, error))
      return FALSE;   /* never evict on the cache's word alone */
  }
  over_count = quota.max_queue_count != 0 && n_queue + 1 > quota.max_queue_count;
  over_bytes = quota.max_bytes != 0 && total + new_size > quota.max_bytes;
  low_space = quota.min_free_bytes != 0 && free_bytes (self) < quota.min_free_bytes;
  if (!over_count && !over_bytes && !low_space)
    {
      if (quota.max_bytes != 0)
        *total_after = total + new_size;
      return TRUE;
    }

  entries = pm_store_collect (self, PM_REPORT_STATE_ALL, TRUE, error);
  if (entries == NULL)
    return FALSE;
  /* The loaded sizes are the ones eviction subtracts: start from them. */
  n_queue = 0;
  total = 0;
  for (guint i = 0; i < entries->len; i++)
    {
      PmStoreEntry *entry = &g_array_index (entries, PmStoreEntry, i);
      if (entry->state == PM_REPORT_STATE_QUEUE)
        n_queue++;
      total += entry->size;
    }

  /* Count: the oldest queued reports. */
  for (guint i = 0; i < entries->len && quota.max_queue_count != 0 && n_queue + 1 > quota.max_queue_count; i++)
    {
      PmStoreEntry *entry = &g_array_index (entries, PmStoreEntry, i);
      g_autofree char *reason = NULL;

      if (entry->state != PM_REPORT_STATE_QUEUE || entry->key == NULL)
        continue;
      reason = g_strdup_printf ("the queue holds MaxQueueCount=%u reports", quota.max_queue_count);
      pm_store_evict (self, entry, reason);
      n_queue--;
      total -= entry->size;
      g_clear_pointer (&entry->key, g_free);
    }

  /* Bytes and free space: archived reports first (they were sent), then queued, oldest first. */
  for (int pass = 0; pass < 2; pass++)
    {
      PmReportState state = pass == 0 ? PM_REPORT_STATE_ARCHIVE : PM_REPORT_STATE_QUEUE;

      for (guint i = 0; i < entries->len; i++)
        {
          PmStoreEntry *entry = &g_array_index (entries, PmStoreEntry, i);
          g_autofree char *reason = NULL;

          over_bytes = quota.max_bytes != 0 && total + new_size > quota.max_bytes;
          low_space = quota.min_free_bytes != 0 && free_bytes (self) < quota.min_free_bytes;
          if (!over_bytes && !low_space)
            break;
          if (entry->state != state || entry->key == NULL)
            continue;
          if (over_bytes)
            reason = g_strdup_printf ("the store would exceed MaxBytes=%" G_GUINT64_FORMAT, quota.max_bytes);
          else
            reason = g_strdup_printf ("less than MinFreeBytes=%" G_GUINT64_FORMAT " free on the store's filesystem",
                                      quota.min_free_bytes);
          pm_store_evict (self, entry, reason);
          total -= entry->size;
          g_clear_pointer (&entry->key, g_free);
        }
    }

  if (quota.max_bytes != 0 && total + new_size > quota.max_bytes)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_QUOTA,
                   "No room for a report of %" G_GUINT64_FORMAT " bytes under MaxBytes=%" G_GUINT64_FORMAT,
                   new_size, quota.max_bytes);
      return FALSE;
    }
  if (quota.min_free_bytes != 0 && free_bytes (self) < quota.min_free_bytes)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_QUOTA,
                   "Less than MinFreeBytes=%" G_GUINT64_FORMAT " bytes free on the filesystem of %s, even with no other report left",
                   quota.min_free_bytes, self->path);
      return FALSE;
    }
  *total_after = total + new_size;
  return TRUE;
}
