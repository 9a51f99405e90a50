/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-import.c — import exported reports from a .tar.gz or .zip.
 *
 * Runs in: postmortemctl and the application (GLib, libarchive).
 */
#include "pm-config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-report-draft-private.h"
#include "pm-store-import.h"
#include "pm-store-private.h"
#include "pm-text.h"
#include "pm-wer-file.h"

#define REPORT_WER "Report.wer"
#define MAX_REPORTS 1000

typedef struct
{
  char *name;              /* top-level directory, "" for files at the top */
  GHashTable *files;       /* names seen (pass 1) */
  gboolean has_wer;
  PmReportDraft *draft;    /* pass 2 */
  GByteArray *wer;         /* pass 2: Report.wer's bytes */
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_free (group->name);
  g_hash_table_unref (group->files);
  g_clear_pointer (&group->draft, pm_report_draft_free);
  if (group->wer != NULL)
    g_byte_array_unref (group->wer);
  g_free (group);
}

static struct archive *
open_archive (const char  *path,
              int         *fd_out,
              GError     **error)
{
  struct archive *a = archive_read_new ();
  struct stat st;
  int fd;

  /* The formats export writes, plus the usual compressions of a tar. */
  archive_read_support_format_tar (a);
  archive_read_support_format_zip (a);
  archive_read_support_filter_gzip (a);
  archive_read_support_filter_bzip2 (a);
  archive_read_support_filter_xz (a);
  archive_read_support_filter_zstd (a);

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int saved_errno = fd < 0 ? errno : 0;
      if (fd >= 0)
        close (fd);
      archive_read_free (a);
      g_set_error (error, PM_ERROR, saved_errno == ENOENT ? PM_ERROR_NOT_FOUND : PM_ERROR_INVALID_ARGUMENT,
                   "cannot read %s: %s", path, saved_errno ? g_strerror (saved_errno) : "not a regular file");
      return NULL;
    }
  /* archive_read_open_fd() does not take the fd: close_archive() closes it. */
  if (archive_read_open_fd (a, fd, 64 * 1024) != ARCHIVE_OK)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s is not a .tar(.gz) or .zip archive: %s", path,
                   archive_error_string (a) ? archive_error_string (a) : "unknown format");
      archive_read_free (a);
      close (fd);
      return NULL;
    }
  *fd_out = fd;
  return a;
}

static void
close_archive (struct archive *a,
               int             fd)
{
  archive_read_close (a);
  archive_read_free (a);
  close (fd);
}

/* Splits and checks an entry's path; sets @group_name and @file_name (the
 * latter NULL for the directory entry of a report). */
static gboolean
check_entry (struct archive_entry  *entry,
             const char            *archive_path,
             char                 **group_name,
             char                 **file_name,
             GError               **error)
{
  const char *path = archive_entry_pathname_utf8 (entry);
  mode_t type = archive_entry_filetype (entry);
  g_auto(GStrv) parts = NULL;
  g_autofree char *shown = NULL;
  guint n;

  if (path == NULL)
    path = archive_entry_pathname (entry);
  if (path == NULL || *path == '\0')
    {
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE, "%s: an entry has no name", archive_path);
      return FALSE;
    }
  /* The archive chose the name: escaped in every message (terminals, the window). */
  shown = pm_text_make_safe (path, -1);
  if (path[0] == '/')
    {
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE, "%s: entry “%s” is an absolute path", archive_path, shown);
      return FALSE;
    }
  if (archive_entry_hardlink (entry) != NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE, "%s: entry “%s” is a hard link", archive_path, shown);
      return FALSE;
    }
  if (type == AE_IFLNK || archive_entry_symlink (entry) != NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE, "%s: entry “%s” is a symbolic link", archive_path, shown);
      return FALSE;
    }
  if (type != AE_IFREG && type != AE_IFDIR)
    {
      const char *what = type == AE_IFCHR ? "a character device" : type == AE_IFBLK ? "a block device" :
                         type == AE_IFIFO ? "a FIFO" : type == AE_IFSOCK ? "a socket" : "not a regular file";
      g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE, "%s: entry “%s” is %s", archive_path, shown, what);
      return FALSE;
    }

  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  /* "dir/" has a trailing empty component. */
  if (type == AE_IFDIR && n > 1 && parts[n - 1][0] == '\0')
    {
      g_free (parts[n - 1]);
      parts[n - 1] = NULL;
      n--;
    }
  for (guint i = 0; i < n; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0 || strcmp (parts[i], "..") == 0)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                       "%s: entry “%s” has an empty, “.” or “..” path component", archive_path, shown);
          return FALSE;
        }
      if (!pm_store_name_is_valid (parts[i]))
        {
          g_autofree char *part = pm_text_make_safe (parts[i], -1);
          g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                       "%s: entry “%s”: “%s” is not an acceptable name in a report", archive_path, shown, part);
          return FALSE;
        }
    }

  if (type == AE_IFDIR)
    {
      if (n != 1)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
                       "%s: entry “%s” is a nested directory (a report is REPORT/FILE)", archive_path, shown);
          return FALSE;
        }
      *group_name = g_strdup (parts[0]);
      *file_name = NULL;
      return TRUE;
    }
  if (n == 1)
    {
      *group_name = g_strdup ("");
      *file_name = g_strdup (parts[0]);
      return TRUE;
    }
  if (n == 2)
    {
      *group_name = g_strdup (parts[0]);
      *file_name = g_strdup (parts[1]);
      return TRUE;
    }
  g_set_error (error, PM_ERROR, PM_ERROR_UNSAFE,
               "%s: entry “%s” is nested too deep (a report is REPORT/FILE)", archive_path, shown);
  return FALSE;
}

static Group *
find_group (GPtrArray  *groups,
            const char *name)
{
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      if (strcmp (group->name, name) == 0)
        return group;
    }
  return NULL;
}

/* Pass 1: headers only. */
static GPtrArray *
scan (const char  *path,
      GError     **error)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (group_free);
  int fd_archive = -1;
  struct archive *a = open_archive (path, &fd_archive, error);
  struct archive_entry *entry;
  int r;

  if (a == NULL)
    return NULL;
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      g_autofree char *group_name = NULL;
      g_autofree char *file_name = NULL;
      Group *group;

      if (!check_entry (entry, path, &group_name, &file_name, error))
        {
          close_archive (a, fd_archive);
          return NULL;
        }
      group = find_group (groups, group_name);
      if (group == NULL)
        {
          if (groups->len >= MAX_REPORTS)
            {
              g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                           "%s holds more than %d reports", path, MAX_REPORTS);
              close_archive (a, fd_archive);
              return NULL;
            }
          group = g_new0 (Group, 1);
          group->name = g_strdup (group_name);
          group->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_ptr_array_add (groups, group);
        }
      if (file_name == NULL)
        continue;
      if (g_hash_table_contains (group->files, file_name))
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s: “%s/%s” appears twice", path, group->name, file_name);
          close_archive (a, fd_archive);
          return NULL;
        }
      if (g_hash_table_size (group->files) >= PM_IMPORT_MAX_FILES)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "%s: report “%s” has more than %d files",
                       path, group->name, PM_IMPORT_MAX_FILES);
          close_archive (a, fd_archive);
          return NULL;
        }
      if (strcmp (file_name, REPORT_WER) == 0)
        {
          if (archive_entry_size_is_set (entry) && archive_entry_size (entry) > PM_WER_FILE_MAX_SIZE)
            {
              g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s: %s/Report.wer is larger than %d bytes",
                           path, group->name, PM_WER_FILE_MAX_SIZE);
              close_archive (a, fd_archive);
              return NULL;
            }
          group->has_wer = TRUE;
        }
      g_hash_table_add (group->files, g_steal_pointer (&file_name));
    }
  if (r != ARCHIVE_EOF)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s is damaged: %s", path,
                   archive_error_string (a) ? archive_error_string (a) : "unreadable entry");
      close_archive (a, fd_archive);
      return NULL;
    }
  close_archive (a, fd_archive);

  if (groups->len == 0)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "%s holds no report", path);
      return NULL;
    }
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      if (!group->has_wer)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s: report “%s” has no Report.wer", path,
                       *group->name ? group->name : "(top level)");
          return NULL;
        }
    }
  return g_steal_pointer (&groups);
}

/* How many bytes the archive may expand to: the store's byte quota and the
 * free space above its floor, so a small archive that inflates to terabytes
 * (a "zip bomb") is stopped while it is written, not after. */
static guint64
import_budget (PmStore *store)
{
  PmQuota quota;
  struct statvfs sv;
  guint64 budget = G_MAXUINT64;

  pm_settings_get_quota (pm_store_get_settings (store), &quota);
  if (quota.max_bytes > 0)
    budget = quota.max_bytes;
  if (statvfs (pm_store_get_path (store), &sv) == 0)
    {
      guint64 free_bytes = (guint64) sv.f_bavail * sv.f_frsize;
      guint64 usable = free_bytes > quota.min_free_bytes ? free_bytes - quota.min_free_bytes : 0;
      budget = MIN (budget, usable);
    }
  return budget;
}

static gboolean
copy_data (struct archive  *a,
           int              fd,
           const char      *what,
           guint64         *budget,
           GError         **error)
{
  const void *buffer;
  size_t size;
  la_int64_t offset;
  int r;

  while ((r = archive_read_data_block (a, &buffer, &size, &offset)) == ARCHIVE_OK)
    {
      const char *p = buffer;

      if (offset < 0 || (guint64) offset + size > *budget)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_QUOTA,
                       "%s expands beyond what the store may hold (its byte quota or free space)", what);
          return FALSE;
        }
      while (size > 0)
        {
          ssize_t n = pwrite (fd, p, size, offset);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              int saved_errno = errno;
              g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "cannot write %s: %s", what, g_strerror (saved_errno));
              return FALSE;
            }
          p += n;
          size -= n;
          offset += n;
        }
    }
  if (r != ARCHIVE_EOF)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "cannot read %s from the archive: %s", what,
                   archive_error_string (a) ? archive_error_string (a) : "damaged data");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_wer (struct archive  *a,
          GByteArray      *out,
          const char      *what,
          GError         **error)
{
  char buffer[16 * 1024];
  la_ssize_t n;

  while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
    {
      if (out->len + n > PM_WER_FILE_MAX_SIZE)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s is larger than %d bytes", what, PM_WER_FILE_MAX_SIZE);
          return FALSE;
        }
      g_byte_array_append (out, (const guint8 *) buffer, n);
    }
  if (n < 0)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "cannot read %s from the archive: %s", what,
                   archive_error_string (a) ? archive_error_string (a) : "damaged data");
      return FALSE;
    }
  return TRUE;
}

/* Pass 2: the data, into one draft per report. */
static gboolean
extract (PmStore     *store,
         const char  *path,
         GPtrArray   *groups,
         GError     **error)
{
  int fd_archive = -1;
  struct archive *a = open_archive (path, &fd_archive, error);
  struct archive_entry *entry;
  guint64 budget = import_budget (store);
  int r;

  if (a == NULL)
    return FALSE;
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      g_autofree char *group_name = NULL;
      g_autofree char *file_name = NULL;
      g_autofree char *what = NULL;
      Group *group;
      int fd;

      /* The archive could differ from the first pass (it is re-read): check again. */
      if (!check_entry (entry, path, &group_name, &file_name, error))
        goto fail;
      group = find_group (groups, group_name);
      if (group == NULL || (file_name != NULL && !g_hash_table_contains (group->files, file_name)))
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s changed while it was imported", path);
          goto fail;
        }
      if (file_name == NULL)
        continue;
      if (group->draft == NULL)
        {
          group->draft = pm_store_begin_report (store, error);
          if (group->draft == NULL)
            goto fail;
        }
      what = g_strdup_printf ("%s/%s", *group->name ? group->name : ".", file_name);
      if (strcmp (file_name, REPORT_WER) == 0)
        {
          if (group->wer != NULL)
            {
              g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s changed while it was imported", path);
              goto fail;
            }
          group->wer = g_byte_array_new ();
          if (!read_wer (a, group->wer, what, error))
            goto fail;
          continue;
        }
      fd = pm_report_draft_create_file (group->draft, file_name, error);
      if (fd < 0)
        goto fail;
      if (archive_entry_size_is_set (entry) && (guint64) archive_entry_size (entry) > budget)
        {
          close (fd);
          g_set_error (error, PM_ERROR, PM_ERROR_QUOTA,
                       "%s (%" G_GINT64_FORMAT " bytes) is larger than what the store may hold "
                       "(its byte quota or free space)", what, (gint64) archive_entry_size (entry));
          goto fail;
        }
      if (!copy_data (a, fd, what, &budget, error))
        {
          close (fd);
          goto fail;
        }
      /* A sparse tail (tar sparse entries) still has the recorded size. */
      if (archive_entry_size_is_set (entry) && ftruncate (fd, archive_entry_size (entry)) != 0)
        {
          int saved_errno = errno;
          close (fd);
          g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "cannot write %s: %s", what, g_strerror (saved_errno));
          goto fail;
        }
      {
        struct stat st;
        if (fstat (fd, &st) == 0)
          budget -= MIN ((guint64) st.st_size, budget);
      }
      close (fd);
    }
  if (r != ARCHIVE_EOF)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s is damaged: %s", path,
                   archive_error_string (a) ? archive_error_string (a) : "unreadable entry");
      goto fail;
    }
  close_archive (a, fd_archive);
  return TRUE;

fail:
  close_archive (a, fd_archive);
  return FALSE;
}

/* What an archive may not say about a report: whether and where it was sent, and what the
 * person decided. An imported report is always pending, to be reviewed and sent from here; a
 * forged "sent" state would otherwise archive it unsent and show the forged server id. Nor
 * how to start its program again (Postmortem.Restart*): Reopen runs that command line here,
 * so only the dumper of a crash on this computer may write it. */
static gboolean
is_local_state_key (const char *key)
{
  static const char *const exact[] = {
    "ReportStatus", "Postmortem.Declined", "Postmortem.UserConsent", "Postmortem.ConsentLevel",
    "Postmortem.UserExcludedFiles",
  };

  if (g_str_has_prefix (key, "Response.") || g_str_has_prefix (key, "Upload.") ||
      g_str_has_prefix (key, "Postmortem.Restart"))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (exact); i++)
    if (strcmp (key, exact[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Report.wer of the archive onto the draft. */
static gboolean
apply_wer (Group       *group,
           const char  *path,
           GError     **error)
{
  g_autoptr(PmWerFile) wer = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *where = *group->name ? group->name : "(top level)";

  wer = pm_wer_file_parse ((const char *) group->wer->data, group->wer->len, &local_error);
  if (wer == NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s: Report.wer of report “%s”: %s",
                   path, where, local_error->message);
      return FALSE;
    }
  for (guint i = 0; i < pm_wer_file_get_n_keys (wer); i++)
    {
      const char *key = pm_wer_file_get_key_at (wer, i);
      const char *value = pm_wer_file_get_value_at (wer, i);

      if (strcmp (key, "ReportIdentifier") == 0)
        {
          /* Keep the first original id across repeated export/import. */
          if (pm_wer_file_get (wer, "Postmortem.ImportedReportIdentifier") == NULL)
            pm_report_draft_set (group->draft, "Postmortem.ImportedReportIdentifier", value);
          continue;
        }
      if (is_local_state_key (key))
        continue;
      if (g_str_has_prefix (key, "File[") && g_str_has_suffix (key, "].Name") &&
          !g_hash_table_contains (group->files, value))
        {
          g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                       "%s: Report.wer of report “%s” lists %s=%s, which the archive does not hold",
                       path, where, key, value);
          return FALSE;
        }
      pm_report_draft_set (group->draft, key, value);
    }
  return TRUE;
}

GPtrArray *
pm_store_import_archive (PmStore     *store,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  groups = scan (path, error);
  if (groups == NULL)
    return NULL;
  if (!extract (store, path, groups, error))
    return NULL;   /* the drafts are removed when the groups are freed */

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      if (!apply_wer (group, path, error))
        return NULL;
      /* Flood control counts repeats of one crash on this machine; an imported report is
       * a report of its own, never folded into another (its dump would be dropped). */
      pm_report_draft_set_flood_control (group->draft, FALSE);
    }

  keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      g_autoptr(GError) local_error = NULL;
      char *key = pm_store_publish_report (store, group->draft, &local_error);

      if (key == NULL)
        {
          if (keys->len == 0)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            {
              g_autoptr(GString) done = g_string_new (NULL);
              for (guint k = 0; k < keys->len; k++)
                g_string_append_printf (done, "%s%s", k ? ", " : "", (char *) g_ptr_array_index (keys, k));
              g_set_error (error, local_error->domain, local_error->code,
                           "%s (already imported from %s: %s)", local_error->message, path, done->str);
            }
          return NULL;
        }
      g_ptr_array_add (keys, key);
    }
  return g_steal_pointer (&keys);
}
