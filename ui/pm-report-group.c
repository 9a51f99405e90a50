/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-group.c — PmReportGroup: the reports of one bucket.
 *
 * Runs in: the postmortem GUI process. Built in a worker thread by
 * PmReportList, then handed to the main thread and never changed again.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-report-group.h"
#include "pm-report-text.h"

struct _PmReportGroup
{
  GObject    parent_instance;

  /* Owned */
  char      *bucket;
  GPtrArray *reports;        /* PmReport, newest first after sort */
  GDateTime *latest_time;
  char      *haystack;       /* casefolded search text, built lazily */
};

G_DEFINE_FINAL_TYPE (PmReportGroup, pm_report_group, G_TYPE_OBJECT)

GDateTime *
pm_report_dup_latest_time (PmReport *report)
{
  GDateTime *event_time = pm_report_get_event_time (report);
  const char *last = pm_report_get_value (report, PM_REPORT_KEY_LAST_EVENT_TIME);

  if (last != NULL)
    {
      /* Written like EventTime: a Windows FILETIME (100 ns since 1601). */
      char *end = NULL;
      guint64 filetime = g_ascii_strtoull (last, &end, 10);

      if (end != last && *end == '\0' && filetime > G_GUINT64_CONSTANT (116444736000000000))
        {
          gint64 usec = (gint64) ((filetime - G_GUINT64_CONSTANT (116444736000000000)) / 10);
          GDateTime *t = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

          if (t != NULL && (event_time == NULL || g_date_time_compare (t, event_time) > 0))
            return t;
          g_clear_pointer (&t, g_date_time_unref);
        }
    }

  return event_time ? g_date_time_ref (event_time) : NULL;
}

static void
pm_report_group_finalize (GObject *object)
{
  PmReportGroup *self = PM_REPORT_GROUP (object);

  g_clear_pointer (&self->bucket, g_free);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->latest_time, g_date_time_unref);
  g_clear_pointer (&self->haystack, g_free);

  G_OBJECT_CLASS (pm_report_group_parent_class)->finalize (object);
}

static void
pm_report_group_class_init (PmReportGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pm_report_group_finalize;
}

static void
pm_report_group_init (PmReportGroup *self)
{
  self->reports = g_ptr_array_new_with_free_func (g_object_unref);
}

PmReportGroup *
pm_report_group_new (const char *bucket)
{
  PmReportGroup *self;

  g_return_val_if_fail (bucket != NULL, NULL);

  self = g_object_new (PM_TYPE_REPORT_GROUP, NULL);
  self->bucket = g_strdup (bucket);
  return self;
}

const char *
pm_report_group_get_bucket (PmReportGroup *self)
{
  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), NULL);
  return self->bucket;
}

void
pm_report_group_add_report (PmReportGroup *self,
                            PmReport      *report)
{
  g_autoptr(GDateTime) when = NULL;

  g_return_if_fail (PM_IS_REPORT_GROUP (self));
  g_return_if_fail (PM_IS_REPORT (report));

  g_ptr_array_add (self->reports, g_object_ref (report));
  when = pm_report_dup_latest_time (report);
  if (when != NULL &&
      (self->latest_time == NULL || g_date_time_compare (when, self->latest_time) > 0))
    {
      g_clear_pointer (&self->latest_time, g_date_time_unref);
      self->latest_time = g_steal_pointer (&when);
    }
  g_clear_pointer (&self->haystack, g_free);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  PmReport *ra = *(PmReport **) a;
  PmReport *rb = *(PmReport **) b;
  g_autoptr(GDateTime) ta = pm_report_dup_latest_time (ra);
  g_autoptr(GDateTime) tb = pm_report_dup_latest_time (rb);

  if (ta != NULL && tb != NULL && g_date_time_compare (ta, tb) != 0)
    return -g_date_time_compare (ta, tb);
  if ((ta == NULL) != (tb == NULL))
    return ta == NULL ? 1 : -1;
  return g_strcmp0 (pm_report_get_key (ra), pm_report_get_key (rb));
}

void
pm_report_group_sort (PmReportGroup *self)
{
  g_return_if_fail (PM_IS_REPORT_GROUP (self));
  g_ptr_array_sort (self->reports, compare_newest_first);
}

guint
pm_report_group_get_n_reports (PmReportGroup *self)
{
  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), 0);
  return self->reports->len;
}

PmReport *
pm_report_group_get_report (PmReportGroup *self,
                            guint          index)
{
  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), NULL);
  g_return_val_if_fail (index < self->reports->len, NULL);
  return g_ptr_array_index (self->reports, index);
}

PmReport *
pm_report_group_get_newest (PmReportGroup *self)
{
  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), NULL);
  return self->reports->len > 0 ? g_ptr_array_index (self->reports, 0) : NULL;
}

gboolean
pm_report_group_contains_key (PmReportGroup *self,
                              const char    *key)
{
  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), FALSE);

  for (guint i = 0; i < self->reports->len; i++)
    if (g_strcmp0 (pm_report_get_key (g_ptr_array_index (self->reports, i)), key) == 0)
      return TRUE;
  return FALSE;
}

guint
pm_report_group_get_count (PmReportGroup *self)
{
  guint count = 0;

  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), 0);

  for (guint i = 0; i < self->reports->len; i++)
    count += MAX (1, pm_report_get_count (g_ptr_array_index (self->reports, i)));
  return count;
}

GDateTime *
pm_report_group_get_latest_time (PmReportGroup *self)
{
  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), NULL);
  return self->latest_time;
}

gboolean
pm_report_group_is_pending (PmReportGroup *self)
{
  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), FALSE);

  for (guint i = 0; i < self->reports->len; i++)
    if (pm_report_get_state (g_ptr_array_index (self->reports, i)) == PM_REPORT_STATE_QUEUE)
      return TRUE;
  return FALSE;
}

gboolean
pm_report_was_sent (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), FALSE);
  return pm_report_get_state (report) == PM_REPORT_STATE_ARCHIVE &&
         pm_report_get_value (report, "Response.ReportId") != NULL;
}

char *
pm_report_group_dup_headline (PmReportGroup *self)
{
  PmReport *report;
  const char *meaning;

  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), NULL);

  report = pm_report_group_get_newest (self);
  meaning = pm_signal_describe (pm_report_get_signal_name (report));
  return meaning != NULL ? g_strdup (meaning) : pm_report_dup_summary (report);
}

static void
append_folded (GString    *haystack,
               const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return;
  folded = g_utf8_casefold (text, -1);
  g_string_append (haystack, folded);
  g_string_append_c (haystack, '\n');
}

gboolean
pm_report_group_matches (PmReportGroup *self,
                         const char    *needle)
{
  g_return_val_if_fail (PM_IS_REPORT_GROUP (self), FALSE);

  if (needle == NULL || *needle == '\0')
    return TRUE;

  if (self->haystack == NULL)
    {
      GString *haystack = g_string_new (NULL);

      append_folded (haystack, self->bucket);
      for (guint i = 0; i < self->reports->len; i++)
        {
          PmReport *report = g_ptr_array_index (self->reports, i);
          g_autofree char *summary = pm_report_dup_summary (report);

          g_autofree char *display_name = pm_report_dup_display_name (report);

          append_folded (haystack, pm_report_get_key (report));
          append_folded (haystack, pm_report_get_app_name (report));
          /* A Flatpak app is found by its id and by its installed name. */
          append_folded (haystack, display_name);
          append_folded (haystack, pm_report_get_value (report, "Postmortem.FlatpakApp"));
          append_folded (haystack, pm_report_get_report_id (report));
          append_folded (haystack, pm_report_get_value (report, "Response.ReportId"));
          append_folded (haystack, summary);
          for (guint s = 0; s < PM_REPORT_MAX_SIGNATURE; s++)
            {
              const char *name, *value;
              if (pm_report_get_signature (report, s, &name, &value))
                append_folded (haystack, value);
            }
        }
      self->haystack = g_string_free (haystack, FALSE);
    }

  return strstr (self->haystack, needle) != NULL;
}
