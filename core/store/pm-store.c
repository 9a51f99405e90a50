/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store.c — PmStore: open, publish into, list, move and delete reports of a store
 * (see pm-store.h for the layout and the policy).
 *
 * Runs in: any GLib process using the store (postmortemctl, the application,
 * postmortem-dumper, applications using the WER report API). Many processes share one
 * store: every state change is a rename(2); publishing, eviction and counter updates are
 * serialised by an flock() of <store>/.lock.
 */
#include "pm-config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "pm-env.h"
#include "pm-error.h"
#include "pm-store.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"

#define LOCK_NAME ".lock"
#define TMP_NAME  ".tmp"

struct _PmStore
{
  GObject       parent_instance;

  char         *path;
  int           root_fd;
  int           lock_fd;
  int           tmp_fd;
  int           queue_fd;
  int           archive_fd;
  PmSettings   *settings;
  PmSettings   *system_settings;
  GFileMonitor *monitors[2];
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PmStore, pm_store, G_TYPE_OBJECT)

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static void
pm_store_finalize (GObject *object)
{
  PmStore *self = PM_STORE (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->monitors); i++)
    {
      if (self->monitors[i] != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->monitors[i], self);
          g_file_monitor_cancel (self->monitors[i]);
        }
      g_clear_object (&self->monitors[i]);
    }
  g_clear_object (&self->settings);
  g_clear_object (&self->system_settings);
  close_fd (&self->archive_fd);
  close_fd (&self->queue_fd);
  close_fd (&self->tmp_fd);
  close_fd (&self->lock_fd);
  close_fd (&self->root_fd);
  g_free (self->path);
  G_OBJECT_CLASS (pm_store_parent_class)->finalize (object);
}

static void
pm_store_class_init (PmStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pm_store_finalize;

  /**
   * PmStore::changed:
   *
   * A report appeared in, moved between or left queue/ and archive/ (after
   * pm_store_watch()).
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pm_store_init (PmStore *self)
{
  self->root_fd = self->lock_fd = self->tmp_fd = self->queue_fd = self->archive_fd = -1;
}

/* --- Names and keys --- */

gboolean
pm_store_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len > 255 || name[0] == '.')
    return FALSE;
  if (!g_utf8_validate (name, len, NULL))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = name[i];
      if (c == '/' || c < 0x20 || c == 0x7f)
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_chars (const char *s,
           gsize       len,
           const char *extra,
           gboolean    lower_hex)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];
      if (lower_hex)
        {
          if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return FALSE;
        }
      else if (!g_ascii_isalnum (c) && (extra == NULL || strchr (extra, c) == NULL))
        return FALSE;
    }
  return TRUE;
}

static gboolean
uuid_is_valid (const char *s,
               gsize       len)
{
  if (len != 36)
    return FALSE;
  for (gsize i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (s[i] != '-')
            return FALSE;
        }
      else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
        return FALSE;
    }
  return TRUE;
}

gboolean
pm_store_key_split (const char *key,
                    char      **event_type,
                    char      **app,
                    char      **bucket,
                    char      **uuid)
{
  const char *u1, *u2, *u3;
  gsize len;

  if (key == NULL)
    return FALSE;
  len = strlen (key);
  if (len > 255)
    return FALSE;
  u1 = strchr (key, '_');
  u2 = u1 != NULL ? strchr (u1 + 1, '_') : NULL;
  u3 = u2 != NULL ? strchr (u2 + 1, '_') : NULL;
  if (u3 == NULL || strchr (u3 + 1, '_') != NULL)
    return FALSE;
  if (u1 - key > 64 || !all_chars (key, u1 - key, NULL, FALSE))
    return FALSE;
  if (u2 - u1 - 1 > 64 || !all_chars (u1 + 1, u2 - u1 - 1, ".+-", FALSE))
    return FALSE;
  if (u3 - u2 - 1 != 16 || !all_chars (u2 + 1, 16, NULL, TRUE))
    return FALSE;
  if (!uuid_is_valid (u3 + 1, key + len - u3 - 1))
    return FALSE;
  if (event_type != NULL)
    *event_type = g_strndup (key, u1 - key);
  if (app != NULL)
    *app = g_strndup (u1 + 1, u2 - u1 - 1);
  if (bucket != NULL)
    *bucket = g_strndup (u2 + 1, 16);
  if (uuid != NULL)
    *uuid = g_strdup (u3 + 1);
  return TRUE;
}

gboolean
pm_store_key_is_valid (const char *key)
{
  return pm_store_key_split (key, NULL, NULL, NULL, NULL);
}

char *
pm_store_key_app_part (const char *app_name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = app_name; p != NULL && *p != '\0' && out->len < 64; p++)
    out = g_string_append_c (out, (g_ascii_isalnum (*p) || *p == '.' || *p == '+' || *p == '-') ? *p : '-');
  if (out->len == 0)
    g_string_append (out, "unknown");
  return g_string_free (out, FALSE);
}

char *
pm_bucket_id_compute (const PmWerFile *wer)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *event_type = pm_wer_file_get (wer, "EventType");

  /* Length-prefixed fields, so no two different signatures hash the same text. */
  g_checksum_update (sum, (const guchar *) "postmortem-bucket-1", -1);
  for (int i = -1; i < PM_REPORT_MAX_SIGNATURE; i++)
    {
      char key[32];
      const char *value;
      g_autofree char *field = NULL;

      if (i < 0)
        value = event_type;
      else
        {
          g_snprintf (key, sizeof key, "Sig[%d].Value", i);
          value = pm_wer_file_get (wer, key);
        }
      if (value == NULL)
        continue;
      field = g_strdup_printf ("\n%d:%zu:%s", i, strlen (value), value);
      g_checksum_update (sum, (const guchar *) field, -1);
    }
  return g_strndup (g_checksum_get_string (sum), 16);
}

/* --- FILETIME --- */

guint64
pm_filetime_from_unix_us (gint64 unix_us)
{
  return (guint64) (unix_us + PM_FILETIME_UNIX_OFFSET * G_USEC_PER_SEC) * 10;
}

gint64
pm_filetime_to_unix_us (guint64 filetime)
{
  return (gint64) (filetime / 10) - PM_FILETIME_UNIX_OFFSET * G_USEC_PER_SEC;
}

gboolean
pm_filetime_parse (const char *text,
                   guint64    *filetime)
{
  /* Up to year 30000 or so; anything beyond is garbage. */
  return text != NULL &&
         g_ascii_string_to_unsigned (text, 10, 0, G_GUINT64_CONSTANT (9000000000000000000), filetime, NULL);
}

/* --- Opening --- */

static gboolean
lock_store (PmStore *self,
            int      operation,
            GError **error)
{
  while (flock (self->lock_fd, operation) != 0)
    {
      if (errno == EINTR)
        continue;
      pm_fs_set_errno_error (error, errno, "the store lock", "take");
      return FALSE;
    }
  return TRUE;
}

static void
unlock_store (PmStore *self)
{
  flock (self->lock_fd, LOCK_UN);
}

static int
open_lock_file (PmStore *self,
                GError **error)
{
  g_autofree char *what = g_strdup_printf ("%s/%s", self->path, LOCK_NAME);
  struct stat st;
  int fd;

  fd = openat (self->root_fd, LOCK_NAME,
               O_RDONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0)
    {
      pm_fs_set_errno_error (error, errno, what, "open");
      return -1;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_nlink != 1 || st.st_uid != geteuid ())
    {
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                   "%s is not a regular file of this user with one link; refusing to use the store", what);
      close (fd);
      return -1;
    }
  return fd;
}

/* Removes .tmp/ entries whose writer is gone (their flock can be taken). Holds the store
 * lock so a draft being created (mkdir, then flock) is never taken for a stale one. */
static void
clean_tmp (PmStore *self)
{
  g_autoptr(GError) error = NULL;
  DIR *dir;
  struct dirent *de;
  int fd;

  if (!lock_store (self, LOCK_EX, &error))
    {
      g_warning ("Not cleaning %s/.tmp: %s", self->path, error->message);
      return;
    }
  fd = dup (self->tmp_fd);
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      unlock_store (self);
      return;
    }
  rewinddir (dir);
  while ((de = readdir (dir)) != NULL)
    {
      int entry_fd;

      if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
        continue;
      entry_fd = openat (self->tmp_fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (entry_fd >= 0 && flock (entry_fd, LOCK_EX | LOCK_NB) != 0)
        {
          close (entry_fd);   /* its writer is alive */
          continue;
        }
      g_clear_error (&error);
      if (pm_fs_remove_tree (self->tmp_fd, de->d_name, &error))
        g_message ("Removed %s/.tmp/%s, left by a report writer that did not finish", self->path, de->d_name);
      else
        g_warning ("Could not remove %s/.tmp/%s: %s", self->path, de->d_name, error->message);
      if (entry_fd >= 0)
        close (entry_fd);
    }
  closedir (dir);
  unlock_store (self);
}

PmStore *
pm_store_open (const char *path,
               GError    **error)
{
  g_autoptr(PmStore) self = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path[0] == '\0')
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "The store path is empty");
      return NULL;
    }

  self = g_object_new (PM_TYPE_STORE, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  parent = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      pm_fs_set_errno_error (error, errno, parent, "create");
      return NULL;
    }
  what = g_strdup_printf ("the store %s", self->path);
  self->root_fd = pm_fs_open_dir (AT_FDCWD, self->path, TRUE, what, error);
  if (self->root_fd < 0)
    return NULL;
  self->lock_fd = open_lock_file (self, error);
  if (self->lock_fd < 0)
    return NULL;

  g_free (what);
  what = g_strdup_printf ("%s/%s", self->path, TMP_NAME);
  self->tmp_fd = pm_fs_open_dir (self->root_fd, TMP_NAME, TRUE, what, error);
  if (self->tmp_fd < 0)
    return NULL;
  g_free (what);
  what = g_strdup_printf ("%s/queue", self->path);
  self->queue_fd = pm_fs_open_dir (self->root_fd, "queue", TRUE, what, error);
  if (self->queue_fd < 0)
    return NULL;
  g_free (what);
  what = g_strdup_printf ("%s/archive", self->path);
  self->archive_fd = pm_fs_open_dir (self->root_fd, "archive", TRUE, what, error);
  if (self->archive_fd < 0)
    return NULL;

  clean_tmp (self);
  return g_steal_pointer (&self);
}

PmStore *
pm_store_open_default (GError **error)
{
  g_autofree char *path = pm_env_store_path ();

  return pm_store_open (path, error);
}

PmStore *
pm_store_open_system (GError **error)
{
  g_autofree char *path = pm_env_system_store_path ();

  return pm_store_open (path, error);
}

const char *
pm_store_get_path (PmStore *store)
{
  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  return store->path;
}

PmSettings *
pm_store_get_settings (PmStore *store)
{
  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  if (store->settings == NULL)
    store->settings = pm_settings_new_default ();
  return store->settings;
}

void
pm_store_set_settings (PmStore    *store,
                       PmSettings *settings)
{
  g_return_if_fail (PM_IS_STORE (store));
  g_return_if_fail (PM_IS_SETTINGS (settings));
  g_set_object (&store->settings, settings);
}

gboolean
pm_store_is_app_excluded (PmStore    *store,
                          const char *app_name)
{
  g_return_val_if_fail (PM_IS_STORE (store), FALSE);

  if (pm_settings_is_excluded (pm_store_get_settings (store), app_name))
    return TRUE;
  /* Excluded for all users (WerAddExcludedApplication with bAllUsers). */
  if (store->system_settings == NULL)
    {
      g_autofree char *path = pm_settings_get_system_path ();
      store->system_settings = pm_settings_new (path);
    }
  return pm_settings_is_excluded (store->system_settings, app_name);
}

int
pm_store_get_state_fd (PmStore      *store,
                       PmReportState state)
{
  return state == PM_REPORT_STATE_ARCHIVE ? store->archive_fd : store->queue_fd;
}

const char *
pm_report_state_dir_name (PmReportState state)
{
  return state == PM_REPORT_STATE_ARCHIVE ? "archive" : "queue";
}

/* --- Listing --- */

typedef struct
{
  char          *key;
  PmReportState  state;
  gint64         time_us;   /* EventTime, else the directory's mtime */
  guint64        size;
  PmReport      *report;    /* when loaded */
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_clear_object (&entry->report);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = a, *eb = b;

  if (ea->time_us != eb->time_us)
    return ea->time_us < eb->time_us ? -1 : 1;
  return strcmp (ea->key, eb->key);
}

/* The keys of one state directory (unsorted). Entries that are not reports are reported
 * once with a warning and skipped. */
static gboolean
read_keys (PmStore      *self,
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

/* Loads every report of @states into an array of Entry, sorted oldest first. */
/* Loads entries[first..last) (their key and state set). Runs in worker threads too: it
 * touches only its own entries and the store's fds (read-only, *at() calls). */
typedef struct
{
  PmStore *store;
  Entry   *entries;
  guint    first;
  guint    last;
} LoadJob;

static gpointer
load_entries (gpointer data)
{
  LoadJob *job = data;

  for (guint i = job->first; i < job->last; i++)
    {
      Entry *entry = &job->entries[i];
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

/* Every report of @states as an array of Entry, sorted oldest first; with @load, each
 * report loaded (on up to 4 threads for a large store: listing 10,000 reports is mostly
 * waiting for system calls). */
static GArray *
collect (PmStore      *self,
         PmReportState states,
         gboolean      load,
         GError      **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  static const PmReportState each[] = { PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE };
  guint n_threads;

  g_array_set_clear_func (entries, entry_clear);
  for (guint s = 0; s < G_N_ELEMENTS (each); s++)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      int state_fd = pm_store_get_state_fd (self, each[s]);

      if (!(states & each[s]))
        continue;
      if (!read_keys (self, each[s], keys, error))
        return NULL;
      for (guint i = 0; i < keys->len; i++)
        {
          Entry entry = { 0 };
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
          jobs[t].entries = (Entry *) (gpointer) entries->data;
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
        if (g_array_index (entries, Entry, i - 1).report == NULL)
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

  entries = collect (store, states, TRUE, error);
  if (entries == NULL)
    return NULL;
  reports = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (reports, g_steal_pointer (&g_array_index (entries, Entry, i).report));
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

  entries = collect (store, states, TRUE, error);
  if (entries == NULL)
    return NULL;
  keys = g_ptr_array_new_full (entries->len, g_free);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (keys, g_steal_pointer (&g_array_index (entries, Entry, i).key));
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
    read_keys (store, PM_REPORT_STATE_QUEUE, keys, NULL);
  if (states & PM_REPORT_STATE_ARCHIVE)
    read_keys (store, PM_REPORT_STATE_ARCHIVE, keys, NULL);
  return keys->len;
}

/* The apparent size of the regular files in a report directory. */
static guint64
report_dir_size (int         state_fd,
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
      if (!read_keys (store, each[s], keys, error))
        return 0;
      for (guint i = 0; i < keys->len; i++)
        total += report_dir_size (pm_store_get_state_fd (store, each[s]), g_ptr_array_index (keys, i));
    }
  return total;
}

/* --- Deleting and moving --- */

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
usage_read (PmStore *self,
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

static void
usage_write (PmStore *self,
             guint64  total)
{
  char text[32];
  int len = g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT "\n", total);

  /* A cache: no fsync; a lost update only means one more full measure. */
  if (!pm_fs_replace_file (self->root_fd, USAGE_NAME, text, len, FALSE, "the usage cache", NULL))
    unlinkat (self->root_fd, USAGE_NAME, 0);
}

static void
usage_forget (PmStore *self)
{
  unlinkat (self->root_fd, USAGE_NAME, 0);
}

/* With the store lock held: a report of @size bytes went. */
static void
usage_subtract (PmStore *self,
                guint64  size)
{
  guint64 total;

  if (usage_read (self, &total) && total >= size)
    usage_write (self, total - size);
  else
    usage_forget (self);
}

/* Moves the report out of sight (into .tmp/, locked, so nobody else removes it
 * half-way), then removes it. */
static gboolean
delete_in (PmStore      *self,
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
              usage_forget (self);
              return TRUE;
            }
          pm_fs_set_errno_error (error, errno, what, "delete");
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  flock (fd, LOCK_EX);
  size = report_dir_size (state_fd, key);
  if (renameat2 (state_fd, key, self->tmp_fd, gone, RENAME_NOREPLACE) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "delete");
      close (fd);
      return FALSE;
    }
  pm_fs_fsync (state_fd);
  usage_subtract (self, size);
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

  if (!pm_store_key_is_valid (key))
    {
      g_autofree char *shown = g_utf8_make_valid (key, -1);
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "“%s” is not a report key", shown);
      return FALSE;
    }
  /* Under the store lock, so the usage cache stays exact. */
  if (!lock_store (store, LOCK_EX, error))
    return FALSE;
  if (delete_in (store, PM_REPORT_STATE_QUEUE, key, &local_error))
    {
      unlock_store (store);
      return TRUE;
    }
  if (!g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND))
    {
      unlock_store (store);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);
  ok = delete_in (store, PM_REPORT_STATE_ARCHIVE, key, &local_error);
  unlock_store (store);
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

  if (!lock_store (store, LOCK_EX, error))
    return FALSE;
  for (guint s = 0; s < G_N_ELEMENTS (each); s++)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      if (!(states & each[s]))
        continue;
      if (!read_keys (store, each[s], keys, ok ? error : NULL))
        {
          ok = FALSE;
          continue;
        }
      for (guint i = 0; i < keys->len; i++)
        {
          g_autoptr(GError) local_error = NULL;
          if (delete_in (store, each[s], g_ptr_array_index (keys, i), &local_error))
            deleted++;
          else if (!g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND) && ok)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
            }
        }
    }
  unlock_store (store);
  if (n_deleted != NULL)
    *n_deleted = deleted;
  return ok;
}

static void
evict (PmStore      *self,
       const Entry  *entry,
       const char   *reason)
{
  g_autoptr(GError) error = NULL;

  if (delete_in (self, entry->state, entry->key, &error))
    g_message ("Evicted report %s from %s/%s: %s", entry->key, self->path,
               pm_report_state_dir_name (entry->state), reason);
  else
    g_warning ("Could not evict report %s (%s): %s", entry->key, reason, error->message);
}

/* With the store lock held: evicts the oldest archived reports beyond MaxArchiveCount,
 * never @keep. */
static void
enforce_archive_count (PmStore    *self,
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
  entries = collect (self, PM_REPORT_STATE_ARCHIVE, TRUE, NULL);
  if (entries == NULL)
    return;
  count = entries->len;
  for (guint i = 0; i < entries->len && count > quota.max_archive_count; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      g_autofree char *reason = NULL;

      if (keep != NULL && strcmp (entry->key, keep) == 0)
        continue;
      reason = g_strdup_printf ("more than MaxArchiveCount=%u archived reports", quota.max_archive_count);
      evict (self, entry, reason);
      count--;
    }
}

gboolean
pm_store_archive_report (PmStore    *store,
                         const char *key,
                         GError    **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (PM_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!pm_store_key_is_valid (key))
    {
      g_autofree char *shown = g_utf8_make_valid (key, -1);
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "“%s” is not a report key", shown);
      return FALSE;
    }
  what = g_strdup_printf ("report %s", key);
  if (!lock_store (store, LOCK_EX, error))
    return FALSE;
  if (renameat2 (store->queue_fd, key, store->archive_fd, key, RENAME_NOREPLACE) != 0)
    {
      int err = errno;
      unlock_store (store);
      if (err == ENOENT)
        g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "No report %s in the queue of %s", key, store->path);
      else
        pm_fs_set_errno_error (error, err, what, "archive");
      return FALSE;
    }
  pm_fs_fsync (store->archive_fd);
  pm_fs_fsync (store->queue_fd);
  enforce_archive_count (store, key);
  unlock_store (store);
  return TRUE;
}

/* With the store lock held (or not: the caller decides). */
static gboolean
set_values_in (PmStore            *self,
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
  usage_forget (self);   /* Report.wer changes size */
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
  if (!pm_store_key_is_valid (key))
    {
      g_autofree char *shown = g_utf8_make_valid (key, -1);
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "“%s” is not a report key", shown);
      return FALSE;
    }
  what = g_strdup_printf ("report %s", key);
  if (!lock_store (store, LOCK_EX, error))
    return FALSE;
  fd = pm_fs_open_dir (store->queue_fd, key, FALSE, what, NULL);
  if (fd < 0)
    fd = pm_fs_open_dir (store->archive_fd, key, FALSE, what, error);
  if (fd < 0)
    {
      unlock_store (store);
      return FALSE;
    }
  ok = set_values_in (store, fd, key, pairs, error);
  close (fd);
  unlock_store (store);
  return ok;
}

/* --- Publishing --- */

PmReportDraft *
pm_store_begin_report (PmStore *store,
                       GError **error)
{
  PmReportDraft *draft;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Shared lock: clean_tmp() (exclusive) cannot run between mkdir and flock. */
  if (!lock_store (store, LOCK_SH, error))
    return NULL;
  draft = pm_report_draft_new (store, store->tmp_fd, error);
  unlock_store (store);
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
  if (!read_keys (self, PM_REPORT_STATE_QUEUE, keys, NULL))
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
      if (fd < 0 || !set_values_in (self, fd, key, pairs, &error))
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

static guint64
free_bytes (PmStore *self)
{
  struct statvfs sv;

  if (fstatvfs (self->root_fd, &sv) != 0)
    return G_MAXUINT64;
  return (guint64) sv.f_bavail * sv.f_frsize;
}

/* With the store lock held: makes room for a new queued report of @new_size bytes by
 * evicting the oldest reports. FALSE with PM_ERROR_QUOTA when that is impossible. */
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
      if (!read_keys (self, each[s], keys, error))
        return FALSE;
      if (each[s] == PM_REPORT_STATE_QUEUE)
        *n_queue = keys->len;
      if (total != NULL)
        for (guint i = 0; i < keys->len; i++)
          *total += report_dir_size (pm_store_get_state_fd (self, each[s]), g_ptr_array_index (keys, i));
    }
  return TRUE;
}

/* With the store lock held: makes room for a new queued report of @new_size bytes by
 * evicting the oldest reports. FALSE with PM_ERROR_QUOTA when that is impossible.
 * The cheap measure comes first; reports are loaded (to order them by EventTime) only
 * when something has to go. */
static gboolean
make_room (PmStore *self,
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
      g_autoptr(GArray) all = collect (self, PM_REPORT_STATE_ALL, TRUE, error);
      gint64 cutoff = g_get_real_time () - (gint64) quota.max_age_days * 86400 * G_USEC_PER_SEC;

      if (all == NULL)
        return FALSE;
      for (guint i = 0; i < all->len; i++)
        {
          Entry *entry = &g_array_index (all, Entry, i);
          g_autofree char *reason = NULL;

          if (entry->time_us >= cutoff)
            break;   /* sorted oldest first */
          reason = g_strdup_printf ("older than MaxAgeDays=%u", quota.max_age_days);
          evict (self, entry, reason);
        }
    }
  if (quota.max_queue_count == 0 && quota.max_bytes == 0 && quota.min_free_bytes == 0)
    return TRUE;
  {
    gboolean cached = quota.max_bytes != 0 && usage_read (self, &total);
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

  entries = collect (self, PM_REPORT_STATE_ALL, TRUE, error);
  if (entries == NULL)
    return FALSE;
  /* The loaded sizes are the ones eviction subtracts: start from them. */
  n_queue = 0;
  total = 0;
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      if (entry->state == PM_REPORT_STATE_QUEUE)
        n_queue++;
      total += entry->size;
    }

  /* Count: the oldest queued reports. */
  for (guint i = 0; i < entries->len && quota.max_queue_count != 0 && n_queue + 1 > quota.max_queue_count; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      g_autofree char *reason = NULL;

      if (entry->state != PM_REPORT_STATE_QUEUE || entry->key == NULL)
        continue;
      reason = g_strdup_printf ("the queue holds MaxQueueCount=%u reports", quota.max_queue_count);
      evict (self, entry, reason);
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
          Entry *entry = &g_array_index (entries, Entry, i);
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
          evict (self, entry, reason);
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

static gboolean
event_type_is_valid (const char *event_type)
{
  return event_type != NULL && strlen (event_type) <= 64 && all_chars (event_type, strlen (event_type), NULL, FALSE);
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
  if (!event_type_is_valid (event_type))
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

  if (!lock_store (store, LOCK_EX, error))
    return NULL;

  pm_settings_get_quota (pm_store_get_settings (store), &quota);
  if (pm_report_draft_get_flood_control (draft))
    flooded = flood_bump (store, event_type, bucket, pm_wer_file_get (wer, "EventTime"),
                          quota.flood_window_seconds);
  if (flooded != NULL)
    {
      unlock_store (store);
      return g_steal_pointer (&flooded);   /* the draft is removed when freed */
    }

  if (!make_room (store, size, &total_after, error))
    {
      unlock_store (store);
      return NULL;
    }
  if (renameat2 (store->tmp_fd, id, store->queue_fd, key, RENAME_NOREPLACE) != 0)
    {
      g_autofree char *what = g_strdup_printf ("report %s", key);
      pm_fs_set_errno_error (error, errno, what, "publish");
      unlock_store (store);
      return NULL;
    }
  pm_report_draft_mark_published (draft);
  pm_fs_fsync (store->queue_fd);
  pm_fs_fsync (store->tmp_fd);
  if (total_after != G_MAXUINT64)
    usage_write (store, total_after);
  unlock_store (store);
  return g_steal_pointer (&key);
}

/* --- Watching --- */

static void
on_monitor_changed (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  PmStore *self = user_data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      break;
    default:
      break;
    }
}

gboolean
pm_store_watch (PmStore *store,
                GError **error)
{
  static const char *const names[] = { "queue", "archive" };

  g_return_val_if_fail (PM_IS_STORE (store), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) dir = NULL;
      g_autoptr(GError) local_error = NULL;

      if (store->monitors[i] != NULL)
        continue;
      path = g_build_filename (store->path, names[i], NULL);
      dir = g_file_new_for_path (path);
      store->monitors[i] = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &local_error);
      if (store->monitors[i] == NULL)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "Cannot watch %s: %s", path, local_error->message);
          return FALSE;
        }
      g_file_monitor_set_rate_limit (store->monitors[i], 100);
      g_signal_connect (store->monitors[i], "changed", G_CALLBACK (on_monitor_changed), store);
    }
  return TRUE;
}
