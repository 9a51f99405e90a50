/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-export.c — writes one report into a .tar.gz or .zip (libarchive), for sending
 * by hand (pm_store_export_report(), postmortemctl export).
 *
 * Runs in: postmortemctl and the application.
 */
#include "pm-config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-store.h"
#include "pm-store-fs.h"

static gboolean
archive_failed (struct archive *a,
                const char     *path,
                GError        **error)
{
  g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "Cannot write %s: %s", path,
               archive_error_string (a) != NULL ? archive_error_string (a) : "unknown libarchive error");
  return FALSE;
}

static gboolean
add_file (struct archive *a,
          PmReport       *report,
          const char     *name,
          const char     *path,
          GError        **error)
{
  g_autofree char *entry_name = g_strdup_printf ("%s/%s", pm_report_get_key (report), name);
  struct archive_entry *entry;
  struct stat st;
  char buffer[64 * 1024];
  guint64 done = 0;
  int fd;

  fd = pm_report_open_file (report, name, error);
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) != 0)
    {
      pm_fs_set_errno_error (error, errno, name, "examine");
      close (fd);
      return FALSE;
    }
  entry = archive_entry_new ();
  archive_entry_set_pathname_utf8 (entry, entry_name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0600);
  archive_entry_set_size (entry, st.st_size);
  archive_entry_set_mtime (entry, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  if (archive_write_header (a, entry) != ARCHIVE_OK)
    {
      archive_entry_free (entry);
      close (fd);
      return archive_failed (a, path, error);
    }
  archive_entry_free (entry);
  /* Exactly the size in the header: a file that changed meanwhile is an error. */
  while (done < (guint64) st.st_size)
    {
      ssize_t n = read (fd, buffer, MIN (sizeof buffer, (guint64) st.st_size - done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "%s of report %s changed while exported",
                       name, pm_report_get_key (report));
          close (fd);
          return FALSE;
        }
      if (archive_write_data (a, buffer, n) != n)
        {
          close (fd);
          return archive_failed (a, path, error);
        }
      done += n;
    }
  close (fd);
  return TRUE;
}

gboolean
pm_store_export_report (PmStore    *store,
                        const char *key,
                        const char *path,
                        GError    **error)
{
  g_autoptr(PmReport) report = NULL;
  struct archive *a;
  gboolean zip;
  gboolean ok = TRUE;
  int fd;

  g_return_val_if_fail (PM_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_has_suffix (path, ".zip"))
    zip = TRUE;
  else if (g_str_has_suffix (path, ".tar.gz") || g_str_has_suffix (path, ".tgz"))
    zip = FALSE;
  else
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "Cannot tell the archive format of %s: its name must end in .tar.gz, .tgz or .zip", path);
      return FALSE;
    }

  report = pm_store_load_report (store, key, error);
  if (report == NULL)
    return FALSE;

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0)
    {
      pm_fs_set_errno_error (error, errno, path, "create");
      return FALSE;
    }

  a = archive_write_new ();
  if (zip)
    ok = archive_write_set_format_zip (a) == ARCHIVE_OK;
  else
    ok = archive_write_set_format_pax_restricted (a) == ARCHIVE_OK &&
         archive_write_add_filter_gzip (a) == ARCHIVE_OK;
  if (!ok || archive_write_open_fd (a, fd) != ARCHIVE_OK)
    ok = archive_failed (a, path, error);

  for (guint i = 0; ok && i < pm_report_get_n_files (report); i++)
    ok = add_file (a, report, pm_report_get_file_name (report, i), path, error);

  if (archive_write_close (a) != ARCHIVE_OK && ok)
    ok = archive_failed (a, path, error);
  archive_write_free (a);
  if (ok && pm_fs_fsync (fd) != 0)
    {
      pm_fs_set_errno_error (error, errno, path, "flush");
      ok = FALSE;
    }
  close (fd);
  if (!ok)
    unlink (path);   /* we created it (O_EXCL): never leave half an archive */
  return ok;
}
