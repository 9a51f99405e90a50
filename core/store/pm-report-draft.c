/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-draft.c — PmReportDraft: a report being written in <store>/.tmp/<uuid>/
 * (see pm-report-draft.h).
 *
 * Runs in: any GLib process that writes reports (postmortem-dumper, the WER report API).
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-error.h"
#include "pm-report-draft.h"
#include "pm-filetime.h"
#include "pm-report-draft-private.h"
#include "pm-report-private.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"
#include "pm-text.h"

struct _PmReportDraft
{
  PmStore   *store;      /* owned ref: keeps the store's fds open */
  int        tmp_fd;     /* borrowed from the store */
  int        dir_fd;     /* owned; flock()ed while the draft lives */
  char      *id;
  PmWerFile *wer;
  GError    *error;      /* the first invalid key/value given to pm_report_draft_set() */
  gboolean   published;
  gboolean   no_flood_control;
};

PmReportDraft *
pm_report_draft_new (PmStore *store,
                     int      tmp_fd,
                     GError **error)
{
  g_autoptr(PmReportDraft) draft = g_new0 (PmReportDraft, 1);
  g_autofree char *what = NULL;
  char filetime[32];

  draft->store = g_object_ref (store);
  draft->tmp_fd = tmp_fd;
  draft->dir_fd = -1;
  draft->wer = pm_wer_file_new ();
  draft->id = pm_fs_random_uuid ();
  what = g_strdup_printf ("the draft directory .tmp/%s", draft->id);

  if (mkdirat (tmp_fd, draft->id, 0700) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "create");
      g_clear_pointer (&draft->id, g_free);   /* not ours: never remove it */
      return NULL;
    }
  draft->dir_fd = pm_fs_open_dir (tmp_fd, draft->id, FALSE, what, error);
  if (draft->dir_fd < 0)
    return NULL;
  /* Held until the draft is freed: pm_store_open() never removes a locked draft. */
  if (flock (draft->dir_fd, LOCK_EX | LOCK_NB) != 0)
    {
      pm_fs_set_errno_error (error, errno, what, "lock");
      return NULL;
    }

  g_snprintf (filetime, sizeof filetime, "%" G_GUINT64_FORMAT,
              pm_filetime_from_unix_us (g_get_real_time ()));
  pm_wer_file_set (draft->wer, "Version", "1", NULL);
  pm_wer_file_set (draft->wer, "EventTime", filetime, NULL);
  pm_wer_file_set (draft->wer, "ReportIdentifier", draft->id, NULL);
  return g_steal_pointer (&draft);
}

int
pm_report_draft_get_dir_fd (PmReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, -1);
  return draft->dir_fd;
}

const char *
pm_report_draft_get_id (PmReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->id;
}

int
pm_report_draft_create_file (PmReportDraft *draft,
                             const char    *name,
                             GError       **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (draft != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (draft->published)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "Cannot add “%s”: the report was already published", name);
      return -1;
    }
  if (!pm_store_name_is_valid (name) || strcmp (name, PM_REPORT_WER_NAME) == 0)
    {
      g_autofree char *shown = pm_text_make_safe (name, -1);
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "“%s” cannot be the name of a report file (1–255 bytes of UTF-8, no “/”, no control characters, not starting with “.”, not Report.wer)",
                   shown);
      return -1;
    }
  what = g_strdup_printf ("%s in report draft %s", name, draft->id);
  return pm_fs_create (draft->dir_fd, name, what, error);
}

void
pm_report_draft_set (PmReportDraft *draft,
                     const char    *key,
                     const char    *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;

  g_return_if_fail (draft != NULL);

  /* A crash is never lost for its name: a value that Report.wer cannot hold as it is (bytes
   * that are not UTF-8, control characters, too long) is stored escaped, not refused. */
  if (value != NULL && key != NULL && pm_wer_file_key_is_valid (key) && !pm_wer_file_value_is_valid (value))
    value = escaped = pm_text_escape_untrusted_max (value, -1, PM_WER_FILE_MAX_LINE - strlen (key) - 1);
  if (!pm_wer_file_set (draft->wer, key, value, &error) && draft->error == NULL)
    draft->error = g_steal_pointer (&error);
}

const char *
pm_report_draft_get (PmReportDraft *draft,
                     const char    *key)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return pm_wer_file_get (draft->wer, key);
}

guint
pm_report_draft_add_file (PmReportDraft *draft,
                          const char    *name,
                          const char    *type,
                          guint          flags)
{
  char key[48], value[16];
  guint n;

  g_return_val_if_fail (draft != NULL, 0);
  g_return_val_if_fail (name != NULL && type != NULL, 0);

  for (n = 0; ; n++)
    {
      g_snprintf (key, sizeof key, "File[%u].Name", n);
      if (pm_wer_file_get (draft->wer, key) == NULL)
        break;
    }
  if (!pm_store_name_is_valid (name) && draft->error == NULL)
    {
      g_autofree char *shown = pm_text_make_safe (name, -1);
      g_set_error (&draft->error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "File[%u]: “%s” is not a valid report file name", n, shown);
    }
  pm_report_draft_set (draft, key, name);
  g_snprintf (key, sizeof key, "File[%u].Type", n);
  pm_report_draft_set (draft, key, type);
  g_snprintf (key, sizeof key, "File[%u].Flags", n);
  g_snprintf (value, sizeof value, "%u", flags);
  pm_report_draft_set (draft, key, value);
  return n;
}

void
pm_report_draft_free (PmReportDraft *draft)
{
  if (draft == NULL)
    return;
  if (!draft->published && draft->dir_fd >= 0)
    {
      g_autoptr(GError) error = NULL;
      if (!pm_fs_remove_tree (draft->tmp_fd, draft->id, &error))
        g_warning ("Could not remove the unpublished report draft .tmp/%s: %s", draft->id, error->message);
    }
  else if (!draft->published && draft->id != NULL)
    unlinkat (draft->tmp_fd, draft->id, AT_REMOVEDIR);   /* created but never opened */
  if (draft->dir_fd >= 0)
    close (draft->dir_fd);   /* releases the lock */
  g_clear_pointer (&draft->wer, pm_wer_file_free);
  g_clear_error (&draft->error);
  g_free (draft->id);
  g_clear_object (&draft->store);
  g_free (draft);
}

PmWerFile *
pm_report_draft_get_wer (PmReportDraft *draft)
{
  return draft->wer;
}

const GError *
pm_report_draft_get_error (PmReportDraft *draft)
{
  return draft->error;
}

void
pm_report_draft_mark_published (PmReportDraft *draft)
{
  draft->published = TRUE;
}

void
pm_report_draft_set_flood_control (PmReportDraft *draft,
                                   gboolean       enabled)
{
  draft->no_flood_control = !enabled;
}

gboolean
pm_report_draft_get_flood_control (PmReportDraft *draft)
{
  return !draft->no_flood_control;
}

PmStore *
pm_report_draft_get_store (PmReportDraft *draft)
{
  return draft->store;
}
