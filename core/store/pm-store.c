/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store.c — PmStore: the object, opening a store, its settings and the store lock, and
 * watching queue/ and archive/ (see pm-store.h for the layout and the policy). Listing is in
 * pm-store-list.c, publishing in pm-store-publish.c, deleting, archiving and changing values
 * in pm-store-change.c, quotas and eviction in pm-store-quota.c, names and keys in
 * pm-store-names.c.
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

/* --- Opening --- */

gboolean
pm_store_lock (PmStore *self,
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

void
pm_store_unlock (PmStore *self)
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

  if (!pm_store_lock (self, LOCK_EX, &error))
    {
      g_warning ("Not cleaning %s/.tmp: %s", self->path, error->message);
      return;
    }
  fd = dup (self->tmp_fd);
  if (fd < 0 || (dir = fdopendir (fd)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      pm_store_unlock (self);
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
  pm_store_unlock (self);
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
