/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-newest.c — the newest reports of a store, chosen without reading them
 * (pm_store_list_newest_keys()).
 *
 * Runs in: any GLib process that reads the store; the application calls it in a worker
 * thread with its own PmStore, to show the newest rows of a large store before every
 * Report.wer has been read.
 */
#include "pm-config.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "pm-store-fs.h"
#include "pm-store-private.h"

typedef struct
{
  char   *key;
  gint64  mtime_ns;
} KeyTime;

static void
key_time_clear (gpointer data)
{
  g_free (((KeyTime *) data)->key);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const KeyTime *ka = a, *kb = b;

  if (ka->mtime_ns != kb->mtime_ns)
    return ka->mtime_ns < kb->mtime_ns ? 1 : -1;
  return g_strcmp0 (ka->key, kb->key);
}

/* Adds the report directories of one state directory to @keys, with their mtime. */
static gboolean
add_state_keys (PmStore      *store,
                PmReportState state,
                GArray       *keys,
                GError      **error)
{
  int state_fd = pm_store_get_state_fd (store, state);
  PmFsDirIter *iter = g_new (PmFsDirIter, 1);
  const char *name;
  int err;

  pm_fs_dir_iter_init (iter, state_fd);
  while (pm_fs_dir_iter_next (iter, &name, NULL))
    {
      struct stat st;
      KeyTime kt;

      /* Not reports: hidden entries and anything not named like one (pm_store_list_keys()
       * warns about those; a preview stays quiet). A report that went meanwhile is skipped. */
      if (name[0] == '.' || !pm_store_key_is_valid (name))
        continue;
      if (fstatat (state_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR (st.st_mode))
        continue;
      kt.key = g_strdup (name);
      kt.mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
      g_array_append_val (keys, kt);
    }
  err = iter->error;
  g_free (iter);
  if (err != 0)
    {
      g_autofree char *what = g_strdup_printf ("%s/%s", pm_store_get_path (store),
                                               pm_report_state_dir_name (state));
      pm_fs_set_errno_error (error, err, what, "list");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
pm_store_list_newest_keys (PmStore      *store,
                           PmReportState states,
                           guint         max,
                           GError      **error)
{
  static const PmReportState each[] = { PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE };
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (KeyTime));
  GPtrArray *newest;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail ((states & ~PM_REPORT_STATE_ALL) == 0, NULL);

  g_array_set_clear_func (keys, key_time_clear);
  for (guint s = 0; s < G_N_ELEMENTS (each); s++)
    if ((states & each[s]) && !add_state_keys (store, each[s], keys, error))
      return NULL;

  g_array_sort (keys, compare_newest_first);
  newest = g_ptr_array_new_full (MIN (keys->len, max), g_free);
  for (guint i = 0; i < keys->len && i < max; i++)
    g_ptr_array_add (newest, g_steal_pointer (&g_array_index (keys, KeyTime, i).key));
  return newest;
}
