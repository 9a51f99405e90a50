/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-history.c — PmHistory: per-day, per-application bins of crashes and hangs, and the
 * trend sentences (see pm-history.h).
 *
 * Runs in: the postmortem GUI process; built in a worker thread from the store's
 * summaries (no I/O, no GTK), then only read in the main thread.
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pm-history.h"

#define HOUR_US G_GINT64_CONSTANT (3600000000)
#define DAY_US  (24 * HOUR_US)

typedef struct
{
  char  *trend;
  int    change;
  guint  crashes;
  guint  hangs;
} AppInfo;

struct _PmHistory
{
  gatomicrefcount  ref;
  guint            n_days;
  gint64          *day_start_us;   /* n_days + 1 local midnights, day_start_us[n_days] = tomorrow */
  GPtrArray       *app_names;      /* char * */
  AppInfo         *apps;
  guint           *crashes;        /* [day * n_apps + app] */
  guint           *hangs;
  guint            max_day_total;
  GArray          *reports;        /* PmHistoryReport of the shown days, oldest first */
  guint           *day_first;      /* n_days + 1 offsets into reports */
  GPtrArray       *keys;           /* owns the reports' keys */
};

static gboolean
summary_is_hang (const PmReportSummary *summary)
{
  return summary->event_type != NULL && g_ascii_strncasecmp (summary->event_type, "AppHang", 7) == 0;
}

static int
compare_summaries_by_time (gconstpointer a,
                           gconstpointer b)
{
  const PmReportSummary *sa = *(PmReportSummary **) a;
  const PmReportSummary *sb = *(PmReportSummary **) b;

  if (sa->event_time_us != sb->event_time_us)
    return sa->event_time_us < sb->event_time_us ? -1 : 1;
  return strcmp (sa->key, sb->key);
}

guint
pm_history_find_day (PmHistory *self,
                     gint64     time_us)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, G_MAXUINT);

  hi = self->n_days;
  if (time_us < self->day_start_us[0] || time_us >= self->day_start_us[self->n_days])
    return G_MAXUINT;
  /* The last day whose start is <= time_us. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (self->day_start_us[mid] <= time_us)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static char *
format_times (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u time", "%u times", n), n);
}

/* The trend of one application from its crash reports (oldest first). */
static void
compute_trend (AppInfo    *info,
               const char *app_name,
               GPtrArray  *crashes,
               gint64      now_us)
{
  const char *version = NULL;
  gint64 first_of_version = G_MAXINT64, window;
  gboolean older_version = FALSE;
  guint after = 0, before = 0;
  g_autofree char *times_after = NULL;
  g_autofree char *times_before = NULL;

  for (guint i = crashes->len; i > 0 && version == NULL; i--)
    {
      const PmReportSummary *s = g_ptr_array_index (crashes, i - 1);
      if (s->app_version != NULL && *s->app_version != '\0')
        version = s->app_version;
    }
  if (version == NULL)
    return;
  for (guint i = 0; i < crashes->len; i++)
    {
      const PmReportSummary *s = g_ptr_array_index (crashes, i);
      if (g_strcmp0 (s->app_version, version) == 0)
        {
          first_of_version = s->event_time_us;
          break;
        }
      if (s->app_version != NULL && *s->app_version != '\0')
        older_version = TRUE;
    }
  if (!older_version)
    return;

  /* The same length of time before the update as since: per-day rates compare directly. */
  window = MAX (now_us - first_of_version, DAY_US);
  for (guint i = 0; i < crashes->len; i++)
    {
      const PmReportSummary *s = g_ptr_array_index (crashes, i);
      if (s->event_time_us >= first_of_version)
        after += s->count;
      else if (s->event_time_us >= first_of_version - window)
        before += s->count;
    }
  times_after = format_times (after);
  times_before = format_times (before);
  /* Translators: "Notes crashed 4 times since version 1.2 (was 1 time in as many days
   * before)": the application, how often, the version, how often in the same number of
   * days before that version first crashed. */
  info->trend = g_strdup_printf (_("%1$s crashed %2$s since version %3$s (was %4$s in as many days before)"),
                                 app_name, times_after, version, times_before);
  info->change = after > before ? 1 : after < before ? -1 : 0;
}

PmHistory *
pm_history_new (GPtrArray *summaries,
                GDateTime *now,
                guint      min_days,
                guint      max_days)
{
  PmHistory *self = g_new0 (PmHistory, 1);
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GHashTable) app_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) per_app = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree guint *order = NULL;
  g_autofree guint *rank = NULL;
  gint64 now_us = g_date_time_to_unix (now) * G_USEC_PER_SEC + g_date_time_get_microsecond (now);
  guint n_apps;

  g_return_val_if_fail (summaries != NULL, NULL);
  g_return_val_if_fail (min_days >= 1 && min_days <= max_days, NULL);

  g_atomic_ref_count_init (&self->ref);
  sorted = g_ptr_array_new_full (summaries->len, NULL);
  for (guint i = 0; i < summaries->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (summaries, i));
  g_ptr_array_sort (sorted, compare_summaries_by_time);

  /* How many days: back to the oldest report, within the bounds. */
  today = g_date_time_new_local (g_date_time_get_year (local_now), g_date_time_get_month (local_now),
                                 g_date_time_get_day_of_month (local_now), 0, 0, 0);
  self->n_days = min_days;
  if (sorted->len > 0)
    {
      const PmReportSummary *oldest = g_ptr_array_index (sorted, 0);
      gint64 today_us = g_date_time_to_unix (today) * G_USEC_PER_SEC;
      if (oldest->event_time_us < today_us)
        {
          /* Rounded up: a day holds 23 to 25 hours. */
          gint64 back = (today_us - oldest->event_time_us + 23 * HOUR_US) / DAY_US + 1;
          self->n_days = (guint) CLAMP (back, (gint64) min_days, (gint64) max_days);
        }
    }
  self->day_start_us = g_new (gint64, self->n_days + 1);
  for (guint d = 0; d <= self->n_days; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (today, (int) d - (int) self->n_days + 1);
      self->day_start_us[d] = g_date_time_to_unix (day) * G_USEC_PER_SEC;
    }

  /* Applications, and each one's reports. */
  self->app_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < sorted->len; i++)
    {
      const PmReportSummary *s = g_ptr_array_index (sorted, i);
      gpointer found;

      if (!g_hash_table_lookup_extended (app_index, s->app_name, NULL, &found))
        {
          found = GUINT_TO_POINTER (self->app_names->len);
          g_ptr_array_add (self->app_names, g_strdup (s->app_name));
          g_ptr_array_add (per_app, g_ptr_array_new ());
          g_hash_table_insert (app_index, s->app_name, found);
        }
      g_ptr_array_add (g_ptr_array_index (per_app, GPOINTER_TO_UINT (found)), (gpointer) s);
    }
  n_apps = self->app_names->len;

  /* Most problems in the shown days first: the first colours go to them. */
  {
    g_autofree guint *totals = g_new0 (guint, MAX (n_apps, 1));

    for (guint a = 0; a < n_apps; a++)
      {
        GPtrArray *reports = g_ptr_array_index (per_app, a);
        for (guint i = 0; i < reports->len; i++)
          {
            const PmReportSummary *s = g_ptr_array_index (reports, i);
            if (s->event_time_us >= self->day_start_us[0])
              totals[a] += s->count;
          }
      }
    order = g_new (guint, MAX (n_apps, 1));
    for (guint a = 0; a < n_apps; a++)
      order[a] = a;
    /* Insertion sort: stable, and there are few applications. */
    for (guint i = 1; i < n_apps; i++)
      for (guint j = i; j > 0 && totals[order[j]] > totals[order[j - 1]]; j--)
        {
          guint t = order[j];
          order[j] = order[j - 1];
          order[j - 1] = t;
        }
    rank = g_new (guint, MAX (n_apps, 1));
    for (guint r = 0; r < n_apps; r++)
      rank[order[r]] = r;
  }
  {
    g_autoptr(GPtrArray) names = self->app_names;
    self->app_names = g_ptr_array_new_with_free_func (g_free);
    for (guint r = 0; r < n_apps; r++)
      g_ptr_array_add (self->app_names, g_steal_pointer (&g_ptr_array_index (names, order[r])));
  }

  /* The bins, the day lists, the trends. */
  self->apps = g_new0 (AppInfo, MAX (n_apps, 1));
  self->crashes = g_new0 (guint, (gsize) self->n_days * MAX (n_apps, 1));
  self->hangs = g_new0 (guint, (gsize) self->n_days * MAX (n_apps, 1));
  self->reports = g_array_new (FALSE, FALSE, sizeof (PmHistoryReport));
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->day_first = g_new0 (guint, self->n_days + 1);
  for (guint i = 0; i < sorted->len; i++)
    {
      const PmReportSummary *s = g_ptr_array_index (sorted, i);
      guint day = pm_history_find_day (self, s->event_time_us);
      guint app = rank[GPOINTER_TO_UINT (g_hash_table_lookup (app_index, s->app_name))];
      PmHistoryReport r;

      if (day == G_MAXUINT)
        continue;
      r.key = g_strdup (s->key);
      g_ptr_array_add (self->keys, (char *) r.key);
      r.time_us = s->event_time_us;
      r.app = app;
      r.count = s->count;
      r.hang = summary_is_hang (s);
      g_array_append_val (self->reports, r);
      if (r.hang)
        {
          self->hangs[day * n_apps + app] += s->count;
          self->apps[app].hangs += s->count;
        }
      else
        {
          self->crashes[day * n_apps + app] += s->count;
          self->apps[app].crashes += s->count;
        }
      self->day_first[day + 1]++;
    }
  for (guint d = 0; d < self->n_days; d++)
    {
      guint crashes, hangs;

      self->day_first[d + 1] += self->day_first[d];
      pm_history_get_day_totals (self, d, &crashes, &hangs);
      self->max_day_total = MAX (self->max_day_total, crashes + hangs);
    }
  for (guint a = 0; a < n_apps; a++)
    {
      GPtrArray *reports = g_ptr_array_index (per_app, order[a]);
      g_autoptr(GPtrArray) crashes = g_ptr_array_new ();

      for (guint i = 0; i < reports->len; i++)
        if (!summary_is_hang (g_ptr_array_index (reports, i)))
          g_ptr_array_add (crashes, g_ptr_array_index (reports, i));
      compute_trend (&self->apps[a], g_ptr_array_index (self->app_names, a), crashes, now_us);
    }
  return self;
}

PmHistory *
pm_history_ref (PmHistory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
pm_history_unref (PmHistory *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  for (guint a = 0; a < self->app_names->len; a++)
    g_free (self->apps[a].trend);
  g_free (self->apps);
  g_ptr_array_unref (self->app_names);
  g_free (self->day_start_us);
  g_free (self->crashes);
  g_free (self->hangs);
  g_array_unref (self->reports);
  g_free (self->day_first);
  g_ptr_array_unref (self->keys);
  g_free (self);
}

guint
pm_history_get_n_days (PmHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_days;
}

GDateTime *
pm_history_dup_day (PmHistory *self,
                    guint      day)
{
  g_return_val_if_fail (self != NULL && day < self->n_days, NULL);
  return g_date_time_new_from_unix_local (self->day_start_us[day] / G_USEC_PER_SEC);
}

guint
pm_history_get_n_apps (PmHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->app_names->len;
}

const char *
pm_history_get_app_name (PmHistory *self,
                         guint      app)
{
  g_return_val_if_fail (self != NULL && app < self->app_names->len, NULL);
  return g_ptr_array_index (self->app_names, app);
}

guint
pm_history_get_crashes (PmHistory *self,
                        guint      day,
                        guint      app)
{
  g_return_val_if_fail (self != NULL && day < self->n_days && app < self->app_names->len, 0);
  return self->crashes[day * self->app_names->len + app];
}

guint
pm_history_get_hangs (PmHistory *self,
                      guint      day,
                      guint      app)
{
  g_return_val_if_fail (self != NULL && day < self->n_days && app < self->app_names->len, 0);
  return self->hangs[day * self->app_names->len + app];
}

void
pm_history_get_day_totals (PmHistory *self,
                           guint      day,
                           guint     *crashes,
                           guint     *hangs)
{
  guint c = 0, h = 0, n_apps;

  g_return_if_fail (self != NULL && day < self->n_days);

  n_apps = self->app_names->len;
  for (guint a = 0; a < n_apps; a++)
    {
      c += self->crashes[day * n_apps + a];
      h += self->hangs[day * n_apps + a];
    }
  if (crashes != NULL)
    *crashes = c;
  if (hangs != NULL)
    *hangs = h;
}

guint
pm_history_get_max_day_total (PmHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->max_day_total;
}

void
pm_history_get_app_totals (PmHistory *self,
                           guint      app,
                           guint     *crashes,
                           guint     *hangs)
{
  g_return_if_fail (self != NULL && app < self->app_names->len);
  if (crashes != NULL)
    *crashes = self->apps[app].crashes;
  if (hangs != NULL)
    *hangs = self->apps[app].hangs;
}

const PmHistoryReport *
pm_history_get_day_reports (PmHistory *self,
                            guint      day,
                            guint     *n_reports)
{
  g_return_val_if_fail (self != NULL && day < self->n_days, NULL);
  *n_reports = self->day_first[day + 1] - self->day_first[day];
  return &g_array_index (self->reports, PmHistoryReport, self->day_first[day]);
}

char *
pm_history_dup_trend (PmHistory *self,
                      guint      app,
                      int       *change)
{
  g_return_val_if_fail (self != NULL && app < self->app_names->len, NULL);
  if (change != NULL)
    *change = self->apps[app].change;
  return g_strdup (self->apps[app].trend);
}

char *
pm_history_dup_day_title (PmHistory *self,
                          guint      day)
{
  g_autoptr(GDateTime) date = pm_history_dup_day (self, day);

  g_return_val_if_fail (date != NULL, NULL);
  /* Translators: a day in the history, strftime format ("5 December"): keep %-d (the day
   * of the month) and %B (the month's name), in your language's order. */
  return g_date_time_format (date, C_("history day", "%-d %B"));
}

char *
pm_history_dup_day_description (PmHistory *self,
                                guint      day)
{
  g_autofree char *title = pm_history_dup_day_title (self, day);
  guint crashes, hangs;

  pm_history_get_day_totals (self, day, &crashes, &hangs);
  if (crashes == 0 && hangs == 0)
    /* Translators: the accessible name of a day in the history chart. */
    return g_strdup_printf (_("%s: no problems"), title);
  if (hangs == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u crash", "%s: %u crashes", crashes), title, crashes);
  if (crashes == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u hang", "%s: %u hangs", hangs), title, hangs);
  {
    g_autofree char *c = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u crash", "%u crashes", crashes), crashes);
    g_autofree char *h = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hang", "%u hangs", hangs), hangs);
    /* Translators: "5 December: 3 crashes, 1 hang". */
    return g_strdup_printf (_("%s: %s, %s"), title, c, h);
  }
}
