/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report.c — PmReport: one stored report, loaded read-only (see pm-report.h).
 *
 * Runs in: any GLib process that reads the store. Reads untrusted files: Report.wer goes
 * through the strict parser, every file is examined with fstatat(AT_SYMLINK_NOFOLLOW).
 */
#include "pm-config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-report.h"
#include "pm-filetime.h"
#include "pm-report-private.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"
#include "pm-text.h"

typedef struct
{
  char    *name;
  guint64  size;
} PmReportFile;

struct _PmReport
{
  GObject        parent_instance;

  /* owned */
  PmStore       *store;
  char          *key;
  PmReportState  state;
  PmWerFile     *wer;          /* NULL when it did not load */
  GError        *load_error;
  GArray        *files;        /* PmReportFile, sorted by name */
  guint64        size;
  char         **keys;         /* built on first use */
  GDateTime     *event_time;   /* built on first use */
  char          *minidump;     /* NULL: not computed yet; "": none */
  char          *bucket;       /* computed from the values on first use */
  gint64         dir_mtime_us; /* the report directory's mtime, for ordering broken reports */
};

G_DEFINE_FINAL_TYPE (PmReport, pm_report, G_TYPE_OBJECT)

static void
clear_file (gpointer data)
{
  PmReportFile *file = data;
  g_free (file->name);
}

static void
pm_report_finalize (GObject *object)
{
  PmReport *self = PM_REPORT (object);

  g_clear_object (&self->store);
  g_free (self->key);
  g_clear_pointer (&self->wer, pm_wer_file_free);
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->files, g_array_unref);
  g_strfreev (self->keys);
  g_clear_pointer (&self->event_time, g_date_time_unref);
  g_free (self->minidump);
  g_free (self->bucket);
  G_OBJECT_CLASS (pm_report_parent_class)->finalize (object);
}

static void
pm_report_class_init (PmReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pm_report_finalize;
}

static void
pm_report_init (PmReport *self)
{
  self->files = g_array_new (FALSE, TRUE, sizeof (PmReportFile));
  g_array_set_clear_func (self->files, clear_file);
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const PmReportFile *) a)->name, ((const PmReportFile *) b)->name);
}

/* Lists the report directory: regular files with one link are the report's files;
 * anything else (symlink, FIFO, directory, hardlink) makes the report unsafe. */
static gboolean
list_files (PmReport *self,
            int       dirfd,
            GError  **error)
{
  PmFsDirIter iter;
  const char *name;

  pm_fs_dir_iter_init (&iter, dirfd);
  while (pm_fs_dir_iter_next (&iter, &name, NULL))
    {
      struct stat st;
      PmReportFile file;

      if (name[0] == '.')
        continue;   /* the hidden temporary names of pm_fs_replace_file() */
      if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;   /* removed meanwhile */
      if (!S_ISREG (st.st_mode) || st.st_nlink != 1 || !pm_store_name_is_valid (name) ||
          !pm_fs_owner_is_trusted (st.st_uid))
        {
          if (self->load_error == NULL)
            {
              g_autofree char *shown = pm_text_make_safe (name, -1);
              g_autofree char *owner = g_strdup_printf ("a file of another user (uid %u)", (guint) st.st_uid);
              g_set_error (&self->load_error, PM_ERROR, PM_ERROR_UNSAFE,
                           "Report %s: “%s” is %s; the report is unsafe",
                           self->key, shown,
                           !pm_store_name_is_valid (name) ? "an invalid file name" :
                           !pm_fs_owner_is_trusted (st.st_uid) && S_ISREG (st.st_mode) ? owner :
                           S_ISLNK (st.st_mode) ? "a symbolic link" :
                           S_ISFIFO (st.st_mode) ? "a FIFO" :
                           S_ISDIR (st.st_mode) ? "a directory" :
                           S_ISREG (st.st_mode) ? "a file with several hard links" : "not a regular file");
            }
          continue;
        }
      /* The store's files are private: tighten one of ours that others could read. */
      if (st.st_uid == geteuid () && (st.st_mode & 077) != 0)
        fchmodat (dirfd, name, st.st_mode & 0700, AT_SYMLINK_NOFOLLOW);
      file.name = g_strdup (name);
      file.size = st.st_size;
      self->size += file.size;
      g_array_append_val (self->files, file);
    }
  if (iter.error != 0)
    {
      pm_fs_set_errno_error (error, iter.error, self->key, "list the files of report");
      return FALSE;
    }
  g_array_sort (self->files, compare_files);
  return TRUE;
}

PmReport *
pm_report_load (PmStore      *store,
                int           state_fd,
                PmReportState state,
                const char   *key,
                GError      **error)
{
  g_autoptr(PmReport) self = NULL;
  g_autofree char *what = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  struct stat dir_st;
  int dirfd;

  if (!pm_store_key_is_valid (key))
    {
      g_autofree char *shown = pm_text_make_safe (key, -1);
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a report key (expected EventType_app_bucket_uuid)", shown);
      return NULL;
    }
  what = g_strdup_printf ("report %s", key);
  dirfd = pm_fs_open_dir_stat (state_fd, key, FALSE, what, &dir_st, error);
  if (dirfd < 0)
    return NULL;

  self = g_object_new (PM_TYPE_REPORT, NULL);
  self->dir_mtime_us = (gint64) dir_st.st_mtim.tv_sec * G_USEC_PER_SEC + dir_st.st_mtim.tv_nsec / 1000;
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->key = g_strdup (key);
  self->state = state;

  if (!list_files (self, dirfd, error))
    {
      close (dirfd);
      return NULL;
    }

  g_free (what);
  what = g_strdup_printf ("Report.wer of report %s", key);
  data = pm_fs_read_file (dirfd, PM_REPORT_WER_NAME, PM_WER_FILE_MAX_SIZE, &length, what, &local_error);
  close (dirfd);
  if (data != NULL)
    self->wer = pm_wer_file_parse (data, length, &local_error);
  if (self->wer == NULL)
    {
      g_clear_error (&self->load_error);
      g_set_error (&self->load_error, local_error->domain, local_error->code,
                   "Report %s: %s%s", key,
                   data != NULL ? "Report.wer: " : "", local_error->message);
    }
  return g_steal_pointer (&self);
}

PmReport *
pm_report_new_broken (PmStore      *store,
                      PmReportState state,
                      const char   *key,
                      const GError *error)
{
  PmReport *self = g_object_new (PM_TYPE_REPORT, NULL);

  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->key = g_strdup (key);
  self->state = state;
  self->load_error = g_error_copy (error);
  return self;
}

gint64
pm_report_get_dir_mtime_us (PmReport *report)
{
  return report->dir_mtime_us;
}

const PmWerFile *
pm_report_get_wer_file (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  return report->wer;
}

const char *
pm_report_get_key (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  return report->key;
}

PmReportState
pm_report_get_state (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), 0);
  return report->state;
}

const GError *
pm_report_get_load_error (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  return report->load_error;
}

const char *
pm_report_get_value (PmReport   *report,
                     const char *key)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return report->wer != NULL ? pm_wer_file_get (report->wer, key) : NULL;
}

const char * const *
pm_report_get_keys (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  if (report->keys == NULL)
    {
      guint n = report->wer != NULL ? pm_wer_file_get_n_keys (report->wer) : 0;
      report->keys = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        report->keys[i] = g_strdup (pm_wer_file_get_key_at (report->wer, i));
    }
  return (const char * const *) report->keys;
}

const char *
pm_report_get_event_type (PmReport *report)
{
  return pm_report_get_value (report, "EventType");
}

const char *
pm_report_get_app_name (PmReport *report)
{
  return pm_report_get_value (report, "AppName");
}

const char *
pm_report_get_app_path (PmReport *report)
{
  return pm_report_get_value (report, "AppPath");
}

const char *
pm_report_get_report_id (PmReport *report)
{
  return pm_report_get_value (report, "ReportIdentifier");
}

/* The bucket is a function of the values (pm_bucket_id_compute(), rule 2), computed again
 * here rather than trusted from Response.BucketId: reports published under rule 1 hashed
 * the absolute fault address, so each run of the same crash had its own bucket. Their
 * Response.BucketId and key keep the old value on disk. */
const char *
pm_report_get_bucket_id (PmReport *report)
{
  if (report->wer == NULL)
    return NULL;
  if (report->bucket == NULL)
    report->bucket = pm_bucket_id_compute (report->wer);
  return report->bucket;
}

GDateTime *
pm_report_get_event_time (PmReport *report)
{
  guint64 filetime;

  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  if (report->event_time == NULL &&
      pm_filetime_parse (pm_report_get_value (report, "EventTime"), &filetime))
    {
      gint64 us = pm_filetime_to_unix_us (filetime);
      g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
      if (seconds != NULL)
        report->event_time = g_date_time_add (seconds, us % G_USEC_PER_SEC);
    }
  return report->event_time;
}

guint
pm_report_get_count (PmReport *report)
{
  const char *text = pm_report_get_value (report, PM_REPORT_KEY_COUNT);
  guint64 count;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &count, NULL))
    return 1;
  return (guint) count;
}

gboolean
pm_report_get_signature (PmReport    *report,
                         guint        index,
                         const char **name,
                         const char **value)
{
  char key[32];
  const char *n, *v;

  g_return_val_if_fail (PM_IS_REPORT (report), FALSE);
  if (index >= PM_REPORT_MAX_SIGNATURE)
    return FALSE;
  g_snprintf (key, sizeof key, "Sig[%u].Name", index);
  n = pm_report_get_value (report, key);
  g_snprintf (key, sizeof key, "Sig[%u].Value", index);
  v = pm_report_get_value (report, key);
  if (v == NULL)
    return FALSE;
  if (name != NULL)
    *name = n;
  if (value != NULL)
    *value = v;
  return TRUE;
}

guint
pm_report_get_n_files (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), 0);
  return report->files->len;
}

const char *
pm_report_get_file_name (PmReport *report,
                         guint     index)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  g_return_val_if_fail (index < report->files->len, NULL);
  return g_array_index (report->files, PmReportFile, index).name;
}

guint64
pm_report_get_file_size (PmReport *report,
                         guint     index)
{
  g_return_val_if_fail (PM_IS_REPORT (report), 0);
  g_return_val_if_fail (index < report->files->len, 0);
  return g_array_index (report->files, PmReportFile, index).size;
}

guint64
pm_report_get_size (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), 0);
  return report->size;
}

static gboolean
has_file (PmReport   *self,
          const char *name)
{
  for (guint i = 0; i < self->files->len; i++)
    if (strcmp (g_array_index (self->files, PmReportFile, i).name, name) == 0)
      return TRUE;
  return FALSE;
}

const char *
pm_report_get_minidump_name (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  if (report->minidump == NULL)
    {
      for (guint i = 0; i < PM_WER_FILE_MAX_KEYS && report->minidump == NULL; i++)
        {
          char key[48];
          const char *name, *type;

          g_snprintf (key, sizeof key, "File[%u].Name", i);
          name = pm_report_get_value (report, key);
          if (name == NULL)
            break;
          g_snprintf (key, sizeof key, "File[%u].Type", i);
          type = pm_report_get_value (report, key);
          if (type != NULL &&
              (strcmp (type, "MiniDump") == 0 || strcmp (type, "HeapDump") == 0 ||
               strcmp (type, "TriageDump") == 0 || strcmp (type, "MicroDump") == 0) &&
              has_file (report, name))
            report->minidump = g_strdup (name);
        }
      for (guint i = 0; i < report->files->len && report->minidump == NULL; i++)
        {
          const char *name = g_array_index (report->files, PmReportFile, i).name;
          if (g_str_has_suffix (name, ".dmp"))
            report->minidump = g_strdup (name);
        }
      if (report->minidump == NULL)
        report->minidump = g_strdup ("");
    }
  return report->minidump[0] != '\0' ? report->minidump : NULL;
}

char *
pm_report_dup_path (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  g_return_val_if_fail (report->store != NULL, NULL);

  return g_build_filename (pm_store_get_path (report->store), pm_report_state_dir_name (report->state),
                           report->key, NULL);
}

int
pm_report_open_file (PmReport   *report,
                     const char *name,
                     GError    **error)
{
  g_autofree char *what = NULL;
  int state_fd, dirfd, fd;

  g_return_val_if_fail (PM_IS_REPORT (report), -1);
  g_return_val_if_fail (name != NULL, -1);
  g_return_val_if_fail (report->store != NULL, -1);

  if (!pm_store_name_is_valid (name))
    {
      g_autofree char *shown = pm_text_make_safe (name, -1);
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a valid file name of a report", shown);
      return -1;
    }
  state_fd = pm_store_get_state_fd (report->store, report->state);
  what = g_strdup_printf ("report %s", report->key);
  dirfd = pm_fs_open_dir (state_fd, report->key, FALSE, what, error);
  if (dirfd < 0)
    return -1;
  g_free (what);
  what = g_strdup_printf ("%s of report %s", name, report->key);
  fd = pm_fs_open_read (dirfd, name, what, NULL, error);
  close (dirfd);
  return fd;
}

char *
pm_report_to_wer_data (PmReport *report,
                       gsize    *length)
{
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  if (report->wer == NULL)
    {
      if (length != NULL)
        *length = 0;
      return g_strdup ("");
    }
  return pm_wer_file_to_data (report->wer, length);
}
