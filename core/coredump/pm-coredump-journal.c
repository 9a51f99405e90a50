/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-coredump-journal.c — systemd-coredump's journal entries: listed,
 * checked, imported (see pm-coredump-journal.h).
 *
 * Runs in: postmortemctl and the listener service (GLib, sd-journal, the
 * store library).
 */
#include "pm-coredump-journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include "pm-core-import.h"
#include "pm-package.h"
#include "postmortem.h"

/* A report of the same pid whose EventTime is this close to the crash is
 * that crash (libpostmortem's handler writes within milliseconds of it). */
#define SAME_CRASH_WINDOW_US  (60 * G_USEC_PER_SEC)
#define MAX_FIELD  (64 * 1024)

/* The journal fields that go into Report.wer, as they are named there. */
static const char *const carried_fields[] = {
  "COREDUMP_EXE", "COREDUMP_SIGNAL", "COREDUMP_SIGNAL_NAME", "COREDUMP_TIMESTAMP",
  "COREDUMP_UNIT", "COREDUMP_USER_UNIT", "COREDUMP_SLICE", "COREDUMP_CGROUP",
  "COREDUMP_PACKAGE_NAME", "COREDUMP_PACKAGE_VERSION", "COREDUMP_PACKAGE_JSON",
  "COREDUMP_CONTAINER_CMDLINE", "COREDUMP_COMM", "COREDUMP_PID", "COREDUMP_UID",
  "COREDUMP_HOSTNAME", "COREDUMP_TRUNCATED",
};

void
pm_coredump_entry_free (PmCoredumpEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->exe);
  g_free (entry->comm);
  g_free (entry->filename);
  g_free (entry->flatpak_app);
  g_free (entry->report_key);
  g_free (entry->cursor);
  g_free (entry->cmdline);
  g_free (entry->environ);
  if (entry->fields != NULL)
    g_ptr_array_unref (entry->fields);
  g_free (entry);
}

/* The value of field in the current entry, as a UTF-8 string without
 * control characters (newlines become TABs), or NULL. */
static char *
get_field (sd_journal *j,
           const char *field)
{
  const void *data;
  size_t len, flen = strlen (field);
  char *value;

  if (sd_journal_get_data (j, field, &data, &len) < 0 || len <= flen || ((const char *) data)[flen] != '=')
    return NULL;
  len -= flen + 1;
  if (len > MAX_FIELD)
    len = MAX_FIELD;
  value = g_utf8_make_valid ((const char *) data + flen + 1, (gssize) len);
  for (char *p = value; *p; p++)
    if (*p == '\n')
      *p = '\t';
    else if ((unsigned char) *p < 0x20 && *p != '\t')
      *p = ' ';
  return value;
}

static gboolean
get_int (sd_journal *j,
         const char *field,
         gint64     *out)
{
  g_autofree char *v = get_field (j, field);

  return v != NULL && g_ascii_string_to_signed (v, 10, G_MININT64, G_MAXINT64, out, NULL);
}

static gboolean
written_by_systemd_coredump (sd_journal *j)
{
  g_autofree char *comm = get_field (j, "_COMM");
  gint64 uid;

  return get_int (j, "_UID", &uid) && uid == 0 && g_strcmp0 (comm, "systemd-coredump") == 0;
}

static PmCoredumpEntry *
read_entry (sd_journal *j)
{
  PmCoredumpEntry *e = g_new0 (PmCoredumpEntry, 1);
  gint64 v;
  const void *data;
  size_t len;

  e->pid = get_int (j, "COREDUMP_PID", &v) ? v : 0;
  e->uid = get_int (j, "COREDUMP_UID", &v) ? v : -1;
  e->signal = get_int (j, "COREDUMP_SIGNAL", &v) && v > 0 && v < 65 ? (int) v : 0;
  if (get_int (j, "COREDUMP_TIMESTAMP", &v) && v > 0)
    e->timestamp_us = (guint64) v;
  else if (sd_journal_get_realtime_usec (j, &e->timestamp_us) < 0)
    e->timestamp_us = 0;
  e->exe = get_field (j, "COREDUMP_EXE");
  e->comm = get_field (j, "COREDUMP_COMM");
  e->filename = get_field (j, "COREDUMP_FILENAME");
  e->cmdline = get_field (j, "COREDUMP_CMDLINE");
  e->environ = get_field (j, "COREDUMP_ENVIRON");
  e->id = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT, e->pid, e->timestamp_us / G_USEC_PER_SEC);
  if (sd_journal_get_cursor (j, &e->cursor) < 0)
    e->cursor = NULL;
  e->fields = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; i < G_N_ELEMENTS (carried_fields); i++)
    {
      char *value = get_field (j, carried_fields[i]);
      if (value != NULL)
        {
          g_ptr_array_add (e->fields, g_strdup (carried_fields[i]));
          g_ptr_array_add (e->fields, value);
        }
    }
  {
    g_autofree char *cgroup = get_field (j, "COREDUMP_CGROUP");
    e->flatpak_app = pm_package_flatpak_app_from_cgroup (cgroup);
  }
  if (e->filename != NULL && access (e->filename, R_OK) == 0)
    e->core = PM_COREDUMP_CORE_FILE;
  else
    {
      /* Only ask whether the field is there: its value may be the whole core. */
      sd_journal_set_data_threshold (j, 16);
      e->core = sd_journal_get_data (j, "COREDUMP", &data, &len) >= 0 ? PM_COREDUMP_CORE_JOURNAL
                                                                      : PM_COREDUMP_CORE_MISSING;
      sd_journal_set_data_threshold (j, MAX_FIELD);
    }
  return e;
}

sd_journal *
pm_coredump_journal_open (const char *directory,
                          GError    **error)
{
  sd_journal *j = NULL;
  int r;

  r = directory != NULL ? sd_journal_open_directory (&j, directory, 0)
                        : sd_journal_open (&j, SD_JOURNAL_LOCAL_ONLY);
  if (r < 0)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "cannot open the journal%s%s: %s",
                   directory ? " in " : "", directory ? directory : "", g_strerror (-r));
      return NULL;
    }
  sd_journal_set_data_threshold (j, MAX_FIELD);
  return j;
}

static guint64
filetime_to_unix_us (guint64 ft)
{
  return ft >= G_GUINT64_CONSTANT (116444736000000000) ? (ft - G_GUINT64_CONSTANT (116444736000000000)) / 10 : 0;
}

/* The report in store that is this crash: imported before (same pid and
 * Postmortem.CoredumpTimestamp) or caught by libpostmortem's handler (same
 * pid, EventTime within a minute). */
static char *
find_report (GPtrArray             *reports,
             const PmCoredumpEntry *e)
{
  g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, e->pid);
  g_autofree char *stamp = g_strdup_printf ("%" G_GUINT64_FORMAT, e->timestamp_us);

  for (guint i = 0; reports != NULL && i < reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (reports, i);
      const char *event = pm_report_get_value (report, "EventTime");
      const char *last = pm_report_get_value (report, PM_REPORT_KEY_LAST_EVENT_TIME);
      guint64 ft, at;

      /* Counted into a queued report of the same problem (the store's
       * flood counter): that report's last event is this crash. */
      if (last != NULL && g_ascii_string_to_unsigned (last, 10, 0, G_MAXUINT64, &ft, NULL) &&
          filetime_to_unix_us (ft) == e->timestamp_us && e->exe != NULL &&
          g_strcmp0 (pm_report_get_app_path (report), e->exe) == 0)
        return g_strdup (pm_report_get_key (report));
      if (g_strcmp0 (pm_report_get_value (report, "Postmortem.Pid"), pid) != 0)
        continue;
      if (g_strcmp0 (pm_report_get_value (report, "Postmortem.CoredumpTimestamp"), stamp) == 0)
        return g_strdup (pm_report_get_key (report));
      if (event == NULL || !g_ascii_string_to_unsigned (event, 10, 0, G_MAXUINT64, &ft, NULL))
        continue;
      at = filetime_to_unix_us (ft);
      if ((at > e->timestamp_us ? at - e->timestamp_us : e->timestamp_us - at) <= SAME_CRASH_WINDOW_US)
        return g_strdup (pm_report_get_key (report));
    }
  return NULL;
}

PmCoredumpEntry *
pm_coredump_journal_read_current (sd_journal *j,
                                  uid_t       uid,
                                  PmStore    *store)
{
  g_autoptr(GPtrArray) reports = NULL;
  const void *data;
  size_t len;
  PmCoredumpEntry *e;

  if (sd_journal_get_data (j, "MESSAGE_ID", &data, &len) < 0 ||
      len != strlen ("MESSAGE_ID=" PM_COREDUMP_MESSAGE_ID) ||
      memcmp (data, "MESSAGE_ID=" PM_COREDUMP_MESSAGE_ID, len) != 0 ||
      !written_by_systemd_coredump (j))
    return NULL;
  e = read_entry (j);
  if (e->uid != (gint64) uid || e->pid <= 0)
    {
      pm_coredump_entry_free (e);
      return NULL;
    }
  if (store != NULL)
    reports = pm_store_list_reports (store, PM_REPORT_STATE_ALL, NULL);
  e->report_key = find_report (reports, e);
  return e;
}

GPtrArray *
pm_coredump_journal_list (const char  *directory,
                          uid_t        uid,
                          PmStore     *store,
                          GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pm_coredump_entry_free);
  g_autoptr(GPtrArray) reports = NULL;
  sd_journal *j;
  int r;

  j = pm_coredump_journal_open (directory, error);
  if (j == NULL)
    return NULL;
  r = sd_journal_add_match (j, "MESSAGE_ID=" PM_COREDUMP_MESSAGE_ID, 0);
  if (r < 0)
    {
      sd_journal_close (j);
      g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "cannot search the journal: %s", g_strerror (-r));
      return NULL;
    }
  if (store != NULL)
    reports = pm_store_list_reports (store, PM_REPORT_STATE_ALL, NULL);
  SD_JOURNAL_FOREACH_BACKWARDS (j)
    {
      PmCoredumpEntry *e;

      if (!written_by_systemd_coredump (j))
        continue;
      e = read_entry (j);
      if (e->uid != (gint64) uid || e->pid <= 0)
        {
          pm_coredump_entry_free (e);
          continue;
        }
      e->report_key = find_report (reports, e);
      g_ptr_array_add (entries, e);
    }
  sd_journal_close (j);
  return g_steal_pointer (&entries);
}

/* The entry's COREDUMP field (the core kept in the journal) into an unlinked
 * temporary file; returns its fd or -1 with error. */
static int
core_from_journal (const char            *directory,
                   const PmCoredumpEntry *e,
                   GError               **error)
{
  sd_journal *j = pm_coredump_journal_open (directory, error);
  const void *data;
  size_t len;
  int fd = -1, r;

  if (j == NULL)
    return -1;
  sd_journal_set_data_threshold (j, 0);
  r = e->cursor ? sd_journal_seek_cursor (j, e->cursor) : -EINVAL;
  if (r >= 0)
    r = sd_journal_next (j);
  if (r > 0)
    r = sd_journal_get_data (j, "COREDUMP", &data, &len);
  if (r < 0 || len <= 9)
    g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND, "crash %s: its core is no longer in the journal", e->id);
  else
    {
      const char *tmp = g_get_tmp_dir ();

      fd = open (tmp, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
      if (fd < 0 || write (fd, (const char *) data + 9, len - 9) != (ssize_t) (len - 9))
        {
          g_set_error (error, PM_ERROR, PM_ERROR_FAILED, "crash %s: cannot copy its core to %s: %s",
                       e->id, tmp, g_strerror (errno));
          if (fd >= 0)
            close (fd);
          fd = -1;
        }
    }
  sd_journal_close (j);
  return fd;
}

char *
pm_coredump_journal_import (const char      *directory,
                            PmCoredumpEntry *entry,
                            PmStore         *store,
                            PmDumperType     type,
                            gboolean        *added,
                            gboolean        *counted,
                            GError         **error)
{
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  g_autofree char *app = NULL;
  PmCoreImportOptions options;
  PmConsentLevel consent;
  char *key;
  int fd = -1;

  *added = FALSE;
  *counted = FALSE;
  if (entry->report_key != NULL)
    return g_strdup (entry->report_key);
  switch (entry->core)
    {
    case PM_COREDUMP_CORE_FILE:
      path = g_strdup (entry->filename);
      break;
    case PM_COREDUMP_CORE_JOURNAL:
      fd = core_from_journal (directory, entry, error);
      if (fd < 0)
        return NULL;
      path = g_strdup_printf ("/proc/self/fd/%d", fd);
      break;
    case PM_COREDUMP_CORE_MISSING:
    default:
      g_set_error (error, PM_ERROR, PM_ERROR_NOT_FOUND,
                   "crash %s (%s): systemd-coredump kept no core of it%s%s", entry->id,
                   entry->exe ? entry->exe : entry->comm ? entry->comm : "unknown program",
                   entry->filename ? ", or it was removed: " : "", entry->filename ? entry->filename : "");
      return NULL;
    }

  for (guint i = 0; i < entry->fields->len; i++)
    g_ptr_array_add (extra, g_strdup (g_ptr_array_index (entry->fields, i)));
  /* The command line and environment are personal data: only with the
   * consent that sends everything. */
  app = g_path_get_basename (entry->exe ? entry->exe : entry->comm ? entry->comm : "unknown");
  consent = pm_settings_get_consent (pm_store_get_settings (store), app);
  if (consent == PM_CONSENT_ALL_DATA && entry->cmdline != NULL)
    {
      g_ptr_array_add (extra, g_strdup ("COREDUMP_CMDLINE"));
      g_ptr_array_add (extra, g_strdup (entry->cmdline));
    }
  if (consent == PM_CONSENT_ALL_DATA && entry->environ != NULL)
    {
      g_ptr_array_add (extra, g_strdup ("COREDUMP_ENVIRON"));
      g_ptr_array_add (extra, g_strdup (entry->environ));
    }
  g_ptr_array_add (extra, g_strdup ("Postmortem.CoredumpTimestamp"));
  g_ptr_array_add (extra, g_strdup_printf ("%" G_GUINT64_FORMAT, entry->timestamp_us));
  g_ptr_array_add (extra, g_strdup ("Postmortem.Source"));
  g_ptr_array_add (extra, g_strdup ("systemd-coredump"));
  g_ptr_array_add (extra, NULL);

  pm_core_import_options_init (&options);
  options.type = type;
  options.extra = (const char * const *) extra->pdata;
  options.event_time_us = entry->timestamp_us;
  options.flatpak_app = entry->flatpak_app;
  key = pm_core_import (store, path, &options, counted, error);
  if (fd >= 0)
    close (fd);
  if (key == NULL)
    return NULL;
  *added = TRUE;
  entry->report_key = g_strdup (key);
  return key;
}
