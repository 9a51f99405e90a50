/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-list.c — reading a store: listing and loading reports (on up to 4 threads
 * for a large store), counting them and measuring their size.
 *
 * Runs in: any GLib process using the store. Takes no lock: every report appears and
 * goes by one rename(2), and a report deleted while listed is dropped from the list.
 */
#include "pm-config.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-report-private.h"
#include "pm-store.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"

static void
entry_clear (gpointer data)
{
  PmStoreEntry *entry = data;

  g_free (entry->key);
  g_clear_object (&entry->report);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const PmStoreEntry *ea = a, *eb = b;

  if (ea->time_us != eb->time_us)
    return ea->time_us < eb->time_us ? -1 : 1;
  return strcmp (ea->key, eb->key);
}

/* The keys of one state directory (unsorted). Entries that are not reports are reported
 * once with a warning and skipped. */
gboolean
pm_store_read_keys (PmStore      *self,
           PmReportState state,
           GPtrArray    *keys,
           GError      **error)
{
  PmFsDirIter *iter = g_new (PmFsDirIter, 1);
  const char *name;
  int err;

  pm_fs_dir_iter_init (iter, pm_store_get_state_fd (self, state));
  while (pm_fs_dir_iter_next (iter, &name, NULL))
    {
      if (name[0] == '.')
        continue;
      if (!pm_store_key_is_valid (name))
        {
          g_autofree char *shown = g_utf8_make_valid (name, -1);
          g_warning ("%s/%s/%s is not a report (its name is not a report key); ignored",
                     self->path, pm_report_state_dir_name (state), shown);
          continue;
        }
      g_ptr_array_add (keys, g_strdup (name));
    }
  err = iter->error;
  g_free (iter);
  if (err != 0)
    {
      g_autofree char *what = g_strdup_printf ("%s/%s", self->path, pm_report_state_dir_name (state));
      pm_fs_set_errno_error (error, err, what, "list");
      return FALSE;
    }
  return TRUE;
}

/* Loads entries[first..last) (their key and state set). Runs in worker threads too: it
 * touches only its own entries and the store's fds (read-only, *at() calls). */
typedef struct
{
  PmStore *store;
  PmStoreEntry   *entries;
  guint    first;
  guint    last;
} LoadJob;

static gpointer
load_entries (gpointer data)
{
  LoadJob *job = data;

  for (guint i = job->first; i < job->last; i++)
    {
      PmStoreEntry *entry = &job->entries[i];
      g_autoptr(GError) local_error = NULL;
      GDateTime *time;

      entry->report = pm_report_load (job->store, pm_store_get_state_fd (job->store, entry->state),
                                      entry->state, entry->key, &local_error);
      if (entry->report == NULL)
        {
          if (g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND))
            continue;   /* deleted meanwhile: dropped by the caller */
          /* Not even the directory (a planted symlink…): still listed, as a report
           * carrying the error, so it can be seen and deleted. */
          entry->report = pm_report_new_broken (job->store, entry->state, entry->key, local_error);
        }
      entry->time_us = pm_report_get_dir_mtime_us (entry->report);
      time = pm_report_get_event_time (entry->report);
      if (time != NULL)
        entry->time_us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
      entry->size = pm_report_get_size (entry->report);
    }
  return NULL;
}

/* Every report of @states as an array of PmStoreEntry, sorted oldest first; with @load, each
 * report loaded (on up to 4 threads for a large store: listing 10,000 reports is mostly
 * waiting for system calls). */
GArray *
pm_store_collect (PmStore      *self,
         PmReportState states,
         gboolean      load,
         GError      **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (PmStoreEntry));
  static const PmReportState each[] = { PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE };
  guint n_threads;

  g_array_set_clear_func (entries, entry_clear);
  for (guint s = 0; s < G_N_ELEMENTS (each); s++)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      int state_fd = pm_store_get_state_fd (self, each[s]);

      if (!(states & each[s]))
        continue;
      if (!pm_store_read_keys (self, each[s], keys, error))
        return NULL;
      for (guint i = 0; i < keys->len; i++)
        {
          PmStoreEntry entry = { 0 };
          struct stat st;

          entry.key = g_steal_pointer (&g_ptr_array_index (keys, i));
          entry.state = each[s];
          if (!load && fstatat (state_fd, entry.key, &st, AT_SYMLINK_NOFOLLOW) == 0)
            entry.time_us = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
          g_array_append_val (entries, entry);
        }
    }

  if (load && entries->len > 0)
    {
      LoadJob jobs[4];
      GThread *threads[4] = { NULL };

      n_threads = entries->len >= 512 ? CLAMP (g_get_num_processors (), 1, 4) : 1;
      for (guint t = 0; t < n_threads; t++)
        {
          jobs[t].store = self;
          jobs[t].entries = (PmStoreEntry *) (gpointer) entries->data;
          jobs[t].first = entries->len * t / n_threads;
          jobs[t].last = entries->len * (t + 1) / n_threads;
          if (t > 0)
            threads[t] = g_thread_try_new ("pm-store-load", load_entries, &jobs[t], NULL);
          if (t > 0 && threads[t] == NULL)
            load_entries (&jobs[t]);   /* no thread: do it here */
        }
      load_entries (&jobs[0]);
      for (guint t = 1; t < n_threads; t++)
        if (threads[t] != NULL)
          g_thread_join (threads[t]);
      /* Drop the reports deleted while listing. */
      for (guint i = entries->len; i > 0; i--)
        if (g_array_index (entries, PmStoreEntry, i - 1).report == NULL)
          g_array_remove_index (entries, i - 1);
    }
  g_array_sort (entries, compare_entries);
  return g_steal_pointer (&entries);
}

GPtrArray *
pm_store_list_reports (PmStore      *store,
                       PmReportState states,
                       GError      **error)
{
  g_autoptr(GArray) entries = NULL;
  GPtrArray *reports;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);

  entries = pm_store_collect (store, states, TRUE, error);
  if (entries == NULL)
    return NULL;
  reports = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (reports, g_steal_pointer (&g_array_index (entries, PmStoreEntry, i).report));
  return reports;
}

GPtrArray *
pm_store_list_keys (PmStore      *store,
                    PmReportState states,
                    GError      **error)
{
  g_autoptr(GArray) entries = NULL;
  GPtrArray *keys;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);

  entries = pm_store_collect (store, states, TRUE, error);
  if (entries == NULL)
    return NULL;
  keys = g_ptr_array_new_full (entries->len, g_free);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (keys, g_steal_pointer (&g_array_index (entries, PmStoreEntry, i).key));
  return keys;
}

PmReport *
pm_store_load_report (PmStore    *store,
                      const char *key,
                      GError    **error)
{
  static const PmReportState each[] = { PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE };

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint s = 0; s < G_N_ELEMENTS (each); s++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(PmReport) report = NULL;

      report = pm_report_load (store, pm_store_get_state_fd (store, each[s]), each[s], key, &local_error);
      if (report == NULL && g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND))
        continue;
      if (report == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (pm_report_get_load_error (report) != NULL)
        {
          g_propagate_error (error, g_error_copy (pm_report_get_load_error (report)));
          return NULL;
        }
      return g_steal_pointer (&report);
    }
  g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "No report %s in the store %s", key, store->path);
  return NULL;
}

guint
pm_store_count_reports (PmStore      *store,
                        PmReportState states)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (PM_IS_STORE (store), 0);

  if (states & PM_REPORT_STATE_QUEUE)
    pm_store_read_keys (store, PM_REPORT_STATE_QUEUE, keys, NULL);
  if (states & PM_REPORT_STATE_ARCHIVE)
    pm_store_read_keys (store, PM_REPORT_STATE_ARCHIVE, keys, NULL);
  return keys->len;
}

/* The apparent size of the regular files in a report directory. */
guint64
pm_store_report_dir_size (int         state_fd,
                 const char *key)
{
  guint64 size = 0;
  struct dirent *de;
  DIR *dir;
  int fd = openat (state_fd, key, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    return 0;
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return 0;
    }
  while ((de = readdir (dir)) != NULL)
    {
      struct stat st;
      if (fstatat (fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG (st.st_mode))
        size += st.st_size;
    }
  closedir (dir);
  return size;
}

guint64
pm_store_get_size_on_disk (PmStore      *store,
                           PmReportState states,
                           GError      **error)
{
  static const PmReportState each[] = { PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE };
  guint64 total = 0;

  g_return_val_if_fail (PM_IS_STORE (store), 0);

  for (guint s = 0; s < G_N_ELEMENTS (each); s++)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      if (!(states & each[s]))
        continue;
      if (!pm_store_read_keys (store, each[s], keys, error))
        return 0;
      for (guint i = 0; i < keys->len; i++)
        total += pm_store_report_dir_size (pm_store_get_state_fd (store, each[s]), g_ptr_array_index (keys, i));
    }
  return total;
}
