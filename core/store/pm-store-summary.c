/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-summary.c — the summary index <store>/.summaries and
 * pm_store_list_summaries() (see pm-store-summary.h).
 *
 * Runs in: any GLib process using the store, any thread with its own PmStore. Takes no
 * lock: the index is replaced by one rename, so a reader sees an old or a new index, never
 * half of one, and two writers at once only make one of them win.
 *
 * Format (text, one report per line, fields separated by TAB, strings g_strescape()d so
 * they hold no TAB or newline):
 *
 *   postmortem-summaries 1
 *   KEY  MTIME_NS  INODE  EVENT_TIME_US  COUNT  EVENT_TYPE  APP_NAME  APP_VERSION
 */
#include "pm-config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "pm-report-private.h"
#include "pm-store-fs.h"
#include "pm-store-private.h"
#include "pm-store-summary.h"

#define SUMMARIES_NAME   ".summaries"
#define SUMMARIES_HEADER "postmortem-summaries 1\n"
/* 64 MiB: far above the ~150 bytes × MaxArchiveCount + MaxQueueCount of a real store. */
#define SUMMARIES_MAX    (64u << 20)
#define N_FIELDS         8

void
pm_report_summary_free (PmReportSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->key);
  g_free (summary->event_type);
  g_free (summary->app_name);
  g_free (summary->app_version);
  g_free (summary);
}

/* One report as listed: its folder's identity, and its summary once known. */
typedef struct
{
  char            *key;
  PmReportState    state;
  gint64           mtime_ns;
  guint64          inode;
  PmReportSummary *summary;       /* owned until handed out; NULL until known */
} Listed;

static void
listed_clear (gpointer data)
{
  Listed *listed = data;

  g_free (listed->key);
  g_clear_pointer (&listed->summary, pm_report_summary_free);
}

/* --- Reading the index ---------------------------------------------------- */

typedef struct
{
  gint64           mtime_ns;
  guint64          inode;
  PmReportSummary *summary;   /* key and values; state unset */
} IndexEntry;

static void
index_entry_free (gpointer data)
{
  IndexEntry *entry = data;

  pm_report_summary_free (entry->summary);
  g_free (entry);
}

static gboolean
parse_int64 (const char *text,
             gint64      min,
             gint64     *value)
{
  guint64 u;

  if (text[0] == '-')
    {
      gint64 s;
      if (!g_ascii_string_to_signed (text, 10, min, G_MAXINT64, &s, NULL))
        return FALSE;
      *value = s;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &u, NULL))
    return FALSE;
  *value = (gint64) u;
  return TRUE;
}

/* One line (NUL-terminated, without its newline) into an entry, or NULL when it is not
 * exactly what this file writes. */
static IndexEntry *
parse_line (char *line)
{
  char *fields[N_FIELDS];
  g_autoptr(PmReportSummary) summary = NULL;
  IndexEntry *entry;
  gint64 mtime_ns, inode, event_time, count;
  guint n = 0;

  for (char *p = line; n < N_FIELDS; n++)
    {
      char *tab = strchr (p, '\t');

      fields[n] = p;
      if (tab == NULL)
        {
          n++;
          break;
        }
      *tab = '\0';
      p = tab + 1;
    }
  if (n != N_FIELDS || strchr (fields[N_FIELDS - 1], '\t') != NULL)
    return NULL;
  if (!pm_store_key_is_valid (fields[0]) ||
      !parse_int64 (fields[1], G_MININT64, &mtime_ns) ||
      !parse_int64 (fields[2], 0, &inode) ||
      !parse_int64 (fields[3], G_MININT64, &event_time) ||
      !parse_int64 (fields[4], 0, &count) || count > G_MAXUINT)
    return NULL;

  summary = g_new0 (PmReportSummary, 1);
  summary->key = g_strdup (fields[0]);
  summary->event_time_us = event_time;
  summary->count = (guint) count;
  summary->event_type = g_strcompress (fields[5]);
  summary->app_name = g_strcompress (fields[6]);
  summary->app_version = g_strcompress (fields[7]);
  if (!g_utf8_validate (summary->event_type, -1, NULL) ||
      !g_utf8_validate (summary->app_name, -1, NULL) ||
      !g_utf8_validate (summary->app_version, -1, NULL))
    return NULL;

  entry = g_new (IndexEntry, 1);
  entry->mtime_ns = mtime_ns;
  entry->inode = (guint64) inode;
  entry->summary = g_steal_pointer (&summary);
  return entry;
}

/* The index as key → IndexEntry; empty when there is none or it is not ours. */
static GHashTable *
read_index (PmStore *store)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, index_entry_free);
  g_autofree char *data = NULL;
  gsize length = 0;
  char *line;

  data = pm_fs_read_file (store->root_fd, SUMMARIES_NAME, SUMMARIES_MAX, &length,
                          "the summary index", NULL);
  if (data == NULL || !g_str_has_prefix (data, SUMMARIES_HEADER) || memchr (data, '\0', length) != NULL)
    return index;

  line = data + strlen (SUMMARIES_HEADER);
  while (*line != '\0')
    {
      char *end = strchr (line, '\n');
      IndexEntry *entry;

      if (end == NULL)
        break;   /* a last line without its newline was cut: ignore it */
      *end = '\0';
      entry = parse_line (line);
      if (entry != NULL)
        g_hash_table_replace (index, entry->summary->key, entry);
      line = end + 1;
    }
  return index;
}

/* --- Writing the index ---------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *value)
{
  g_autofree char *escaped = g_strescape (value != NULL ? value : "", NULL);

  g_string_append (out, escaped);
}

static void
write_index (PmStore *store,
             GArray  *listed)
{
  g_autoptr(GString) out = g_string_sized_new (128 * (listed->len + 1));
  g_autoptr(GError) error = NULL;

  g_string_append (out, SUMMARIES_HEADER);
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *l = &g_array_index (listed, Listed, i);
      PmReportSummary *s = l->summary;

      if (s == NULL)
        continue;
      g_string_append_printf (out, "%s\t%" G_GINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%u\t",
                              s->key, l->mtime_ns, l->inode, s->event_time_us, s->count);
      append_escaped (out, s->event_type);
      g_string_append_c (out, '\t');
      append_escaped (out, s->app_name);
      g_string_append_c (out, '\t');
      append_escaped (out, s->app_version);
      g_string_append_c (out, '\n');
    }
  /* A hint: no fsync; a lost index only means loading the reports again. */
  if (!pm_fs_replace_file (store->root_fd, SUMMARIES_NAME, out->str, out->len, FALSE,
                           "the summary index", &error))
    g_debug ("The summary index of %s was not updated: %s", store->path, error->message);
}

/* --- Loading reports the index does not know ------------------------------ */

static const char *
find_signature (PmReport   *report,
                const char *name)
{
  for (guint i = 0; i < PM_REPORT_MAX_SIGNATURE; i++)
    {
      const char *sig_name = NULL, *sig_value = NULL;

      if (pm_report_get_signature (report, i, &sig_name, &sig_value) &&
          sig_name != NULL && g_ascii_strcasecmp (sig_name, name) == 0)
        return sig_value;
    }
  return NULL;
}

/* The summary of a loaded report; NULL when its Report.wer did not load (such a report is
 * left out of summaries: it has no time or application to show). */
static PmReportSummary *
summarize_report (PmReport *report)
{
  PmReportSummary *summary;
  GDateTime *time;
  const char *app, *version;

  if (pm_report_get_load_error (report) != NULL)
    return NULL;
  summary = g_new0 (PmReportSummary, 1);
  summary->key = g_strdup (pm_report_get_key (report));
  summary->state = pm_report_get_state (report);
  time = pm_report_get_event_time (report);
  summary->event_time_us = time != NULL
                           ? g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time)
                           : pm_report_get_dir_mtime_us (report);
  summary->count = pm_report_get_count (report);
  summary->event_type = g_strdup (pm_report_get_event_type (report) ? pm_report_get_event_type (report) : "");
  app = pm_report_get_app_name (report);
  if (app == NULL || *app == '\0')
    pm_store_key_split (summary->key, NULL, &summary->app_name, NULL, NULL);
  else
    summary->app_name = g_strdup (app);
  version = find_signature (report, "Application Version");
  summary->app_version = g_strdup (version != NULL ? version : "");
  return summary;
}

typedef struct
{
  PmStore *store;
  Listed  *listed;
  guint    first;
  guint    last;
} LoadJob;

/* Loads the listed reports without a summary in [first, last). Runs in worker threads
 * too: touches only its own entries and the store's fds (read-only *at() calls). */
static gpointer
load_missing (gpointer data)
{
  LoadJob *job = data;

  for (guint i = job->first; i < job->last; i++)
    {
      Listed *l = &job->listed[i];
      g_autoptr(PmReport) report = NULL;

      if (l->summary != NULL)
        continue;
      /* Gone meanwhile, or not even a folder: not in the summaries. */
      report = pm_report_load (job->store, pm_store_get_state_fd (job->store, l->state),
                               l->state, l->key, NULL);
      if (report != NULL)
        l->summary = summarize_report (report);
    }
  return NULL;
}

/* Loads every listed report without a summary, on up to 4 threads when there are many
 * (a first listing of 10,000 reports is mostly waiting for system calls). */
static guint
load_all_missing (PmStore *store,
                  GArray  *listed)
{
  LoadJob jobs[4];
  GThread *threads[4] = { NULL };
  guint n_missing = 0, n_threads;

  for (guint i = 0; i < listed->len; i++)
    if (g_array_index (listed, Listed, i).summary == NULL)
      n_missing++;
  if (n_missing == 0)
    return 0;
  n_threads = n_missing >= 512 ? CLAMP (g_get_num_processors (), 1, 4) : 1;
  for (guint t = 0; t < n_threads; t++)
    {
      jobs[t].store = store;
      jobs[t].listed = (Listed *) (gpointer) listed->data;
      jobs[t].first = listed->len * t / n_threads;
      jobs[t].last = listed->len * (t + 1) / n_threads;
      if (t > 0)
        threads[t] = g_thread_try_new ("pm-store-summary", load_missing, &jobs[t], NULL);
      if (t > 0 && threads[t] == NULL)
        load_missing (&jobs[t]);
    }
  load_missing (&jobs[0]);
  for (guint t = 1; t < n_threads; t++)
    if (threads[t] != NULL)
      g_thread_join (threads[t]);
  return n_missing;
}

/* --- Listing --------------------------------------------------------------- */

/* Appends the report folders of one state directory, with their mtime and inode when
 * @with_identity (one fstatat() each). */
static gboolean
list_state (PmStore      *store,
            PmReportState state,
            gboolean      with_identity,
            GArray       *listed,
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
      Listed l = { 0 };

      /* Not reports (pm_store_list_keys() warns about those) or gone meanwhile. */
      if (name[0] == '.' || !pm_store_key_is_valid (name))
        continue;
      if (with_identity)
        {
          if (fstatat (state_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR (st.st_mode))
            continue;
          l.mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
          l.inode = st.st_ino;
        }
      l.key = g_strdup (name);
      l.state = state;
      g_array_append_val (listed, l);
    }
  err = iter->error;
  g_free (iter);
  if (err != 0)
    {
      g_autofree char *what = g_strdup_printf ("%s/%s", store->path, pm_report_state_dir_name (state));
      pm_fs_set_errno_error (error, err, what, "list");
      return FALSE;
    }
  return TRUE;
}

static int
compare_summaries (gconstpointer a,
                   gconstpointer b)
{
  const PmReportSummary *sa = *(PmReportSummary **) a;
  const PmReportSummary *sb = *(PmReportSummary **) b;

  if (sa->event_time_us != sb->event_time_us)
    return sa->event_time_us < sb->event_time_us ? -1 : 1;
  return strcmp (sa->key, sb->key);
}

GPtrArray *
pm_store_list_summaries (PmStore           *store,
                         PmReportState      states,
                         PmSummariesFlags   flags,
                         guint             *n_loaded,
                         GError           **error)
{
  static const PmReportState each[] = { PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE };
  gboolean trust = (flags & PM_SUMMARIES_TRUST_INDEX) != 0;
  g_autoptr(GArray) listed = g_array_new (FALSE, TRUE, sizeof (Listed));
  g_autoptr(GHashTable) index = NULL;
  GPtrArray *summaries;
  guint n_from_index = 0, loaded = 0;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);

  if (n_loaded != NULL)
    *n_loaded = 0;
  g_array_set_clear_func (listed, listed_clear);
  index = read_index (store);
  if (trust && g_hash_table_size (index) == 0)
    return NULL;   /* nothing to trust: no quick answer */

  /* Every state, whatever @states says: the index describes the whole store. */
  for (guint s = 0; s < G_N_ELEMENTS (each); s++)
    if (!list_state (store, each[s], !trust, listed, error))
      return NULL;

  for (guint i = 0; i < listed->len; i++)
    {
      Listed *l = &g_array_index (listed, Listed, i);
      IndexEntry *entry = g_hash_table_lookup (index, l->key);

      if (entry == NULL || (!trust && (entry->mtime_ns != l->mtime_ns || entry->inode != l->inode)))
        continue;
      l->summary = g_steal_pointer (&entry->summary);
      l->summary->state = l->state;
      n_from_index++;
    }

  if (!trust)
    {
      loaded = load_all_missing (store, listed);
      /* Rewritten when it missed a report or holds one that went. */
      if (loaded > 0 || n_from_index != g_hash_table_size (index))
        write_index (store, listed);
      if (n_loaded != NULL)
        *n_loaded = loaded;
    }

  summaries = g_ptr_array_new_full (listed->len, (GDestroyNotify) pm_report_summary_free);
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *l = &g_array_index (listed, Listed, i);

      if (l->summary != NULL && (l->state & states) != 0)
        g_ptr_array_add (summaries, g_steal_pointer (&l->summary));
    }
  g_ptr_array_sort (summaries, compare_summaries);
  return summaries;
}
