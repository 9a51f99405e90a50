/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-list.c — PmReportList: the store's reports as a list model of buckets.
 *
 * Runs in: the postmortem GUI process. The model lives in the main thread;
 * pm_store_list_reports() runs in a GTask worker thread with its own PmStore
 * (a PmStore is not thread-safe), so a store of 10,000 reports never blocks
 * the window.
 */
#include "pm-config.h"

#include "pm-report-list.h"
#include "pm-report-text.h"

struct _PmReportList
{
  GObject        parent_instance;

  /* Owned */
  PmStore       *store;
  char          *store_path;
  GPtrArray     *reports;      /* every report of the last load (PmReport) */
  GPtrArray     *groups;       /* what the model shows (PmReportGroup) */
  GHashTable    *hidden;       /* keys hidden while an undo toast is up */
  GCancellable  *cancellable;
  GError        *error;

  PmReportState  states;
  PmReportListShow show;
  guint          loading : 1;
  guint          reload_again : 1;
  guint          in_flight : 1;
  gulong         changed_id;
};

enum {
  PROP_0,
  PROP_STATES,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
pm_report_list_get_item_type (GListModel *model)
{
  return PM_TYPE_REPORT_GROUP;
}

static guint
pm_report_list_get_n_items (GListModel *model)
{
  return PM_REPORT_LIST (model)->groups->len;
}

static gpointer
pm_report_list_get_item (GListModel *model,
                         guint       position)
{
  PmReportList *self = PM_REPORT_LIST (model);

  if (position >= self->groups->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->groups, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pm_report_list_get_item_type;
  iface->get_n_items = pm_report_list_get_n_items;
  iface->get_item = pm_report_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PmReportList, pm_report_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static int
compare_groups_newest_first (gconstpointer a,
                             gconstpointer b)
{
  PmReportGroup *ga = *(PmReportGroup **) a;
  PmReportGroup *gb = *(PmReportGroup **) b;
  GDateTime *ta = pm_report_group_get_latest_time (ga);
  GDateTime *tb = pm_report_group_get_latest_time (gb);

  if (ta != NULL && tb != NULL && g_date_time_compare (ta, tb) != 0)
    return -g_date_time_compare (ta, tb);
  if ((ta == NULL) != (tb == NULL))
    return ta == NULL ? 1 : -1;
  return g_strcmp0 (pm_report_group_get_bucket (ga), pm_report_group_get_bucket (gb));
}

static gboolean
pm_report_list_shows (PmReportList *self,
                      PmReport     *report)
{
  if ((pm_report_get_state (report) & self->states) == 0)
    return FALSE;
  switch (self->show)
    {
    case PM_REPORT_LIST_SHOW_SENT:
      return pm_report_was_sent (report);
    case PM_REPORT_LIST_SHOW_DECLINED:
      return pm_report_get_state (report) == PM_REPORT_STATE_ARCHIVE && !pm_report_was_sent (report);
    case PM_REPORT_LIST_SHOW_ALL:
    case PM_REPORT_LIST_SHOW_PENDING:
    default:
      return TRUE;
    }
}

/* Rebuilds the groups from the last load, the state filter and the hidden keys. */
static void
pm_report_list_regroup (PmReportList *self)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GHashTable) by_bucket = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *old;
  guint old_len;
  gint64 grouped;

  for (guint i = 0; self->reports != NULL && i < self->reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (self->reports, i);
      const char *bucket = pm_report_get_bucket_id (report);
      PmReportGroup *group;

      if (!pm_report_list_shows (self, report))
        continue;
      if (g_hash_table_contains (self->hidden, pm_report_get_key (report)))
        continue;
      /* A report without a bucket (unreadable Report.wer) stands alone. */
      if (bucket == NULL || *bucket == '\0')
        bucket = pm_report_get_key (report);

      group = g_hash_table_lookup (by_bucket, bucket);
      if (group == NULL)
        {
          group = pm_report_group_new (bucket);
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_bucket, (gpointer) pm_report_group_get_bucket (group), group);
        }
      pm_report_group_add_report (group, report);
    }

  for (guint i = 0; i < groups->len; i++)
    pm_report_group_sort (g_ptr_array_index (groups, i));
  g_ptr_array_sort (groups, compare_groups_newest_first);

  old = self->groups;
  old_len = old->len;
  self->groups = g_steal_pointer (&groups);
  grouped = g_get_monotonic_time ();
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->groups->len);
  g_ptr_array_unref (old);
  g_debug ("report list: %u reports in %u buckets, grouped in %.3f s, shown in %.3f s",
           self->reports ? self->reports->len : 0, self->groups->len,
           (grouped - start) / 1e6, (g_get_monotonic_time () - grouped) / 1e6);
}

/* A big store is shown in two steps: the newest reports first (by directory
 * time, without reading the rest), then everything. Below twice this many
 * reports one step is quick enough. A screenful of rows and some more: every
 * report read before the first frame delays it. */
#define PREVIEW_REPORTS 64

typedef struct
{
  char         *path;
  GMainContext *context;       /* where the model lives */
  PmReportList *self;          /* owned; only touched in @context */
  GCancellable *cancellable;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->path);
  g_main_context_unref (load->context);
  g_object_unref (load->self);
  g_object_unref (load->cancellable);
  g_free (load);
}

/* The worker waits at this gate until the preview was painted, so the full
 * listing (several threads) does not compete with the first frame for the CPU. */
typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean open;
} Gate;

static void
gate_clear (gpointer data)
{
  Gate *gate = data;

  g_mutex_clear (&gate->mutex);
  g_cond_clear (&gate->cond);
}

static gboolean
gate_open_cb (gpointer data)
{
  Gate *gate = data;

  g_mutex_lock (&gate->mutex);
  gate->open = TRUE;
  g_cond_signal (&gate->cond);
  g_mutex_unlock (&gate->mutex);
  return G_SOURCE_REMOVE;
}

static void
gate_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, gate_clear);
}

typedef struct
{
  PmReportList *self;
  GCancellable *cancellable;
  GPtrArray    *reports;
  Gate         *gate;
} Preview;

static gboolean
deliver_preview (gpointer data)
{
  Preview *preview = data;
  PmReportList *self = preview->self;

  /* Only while that load is still the current one and has not finished. */
  if (!g_cancellable_is_cancelled (preview->cancellable) && self->in_flight &&
      self->cancellable == preview->cancellable)
    {
      g_clear_pointer (&self->reports, g_ptr_array_unref);
      self->reports = g_ptr_array_ref (preview->reports);
      pm_report_list_regroup (self);
    }
  /* Below redraw priority: runs once the frame showing the preview is drawn. */
  g_idle_add_full (G_PRIORITY_LOW, gate_open_cb, g_atomic_rc_box_acquire (preview->gate), gate_unref);
  return G_SOURCE_REMOVE;
}

static void
preview_free (gpointer data)
{
  Preview *preview = data;

  g_object_unref (preview->self);
  g_object_unref (preview->cancellable);
  g_ptr_array_unref (preview->reports);
  gate_unref (preview->gate);
  g_free (preview);
}

/* The newest reports, chosen by the time of their folders (without reading the rest),
 * loaded one by one; NULL when the store is small enough to be listed at once. */
static GPtrArray *
load_preview (PmStore      *store,
              GCancellable *cancellable)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) keys = pm_store_list_newest_keys (store, PM_REPORT_STATE_ALL,
                                                         2 * PREVIEW_REPORTS + 1, NULL);
  GPtrArray *reports;

  g_debug ("report list: newest keys listed in %.3f s", (g_get_monotonic_time () - start) / 1e6);
  if (keys == NULL || keys->len <= 2 * PREVIEW_REPORTS)
    return NULL;

  reports = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < keys->len && reports->len < PREVIEW_REPORTS; i++)
    {
      /* A report that moved or cannot be read now is simply not in the preview. */
      PmReport *report;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      report = pm_store_load_report (store, g_ptr_array_index (keys, i), NULL);
      if (report != NULL)
        g_ptr_array_add (reports, report);
    }
  return reports;
}

static void
list_reports_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LoadData *load = task_data;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *preview;
  GPtrArray *reports;

  store = pm_store_open (load->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Rows show application names from desktop files: read them here, not in the main thread. */
  pm_report_text_load_desktop_files ();
  g_debug ("report list: desktop files read after %.3f s", (g_get_monotonic_time () - start) / 1e6);

  preview = load_preview (store, cancellable);
  g_debug ("report list: preview of %u reports read after %.3f s",
           preview ? preview->len : 0, (g_get_monotonic_time () - start) / 1e6);
  if (preview != NULL)
    {
      Preview *p = g_new0 (Preview, 1);

      p->self = g_object_ref (load->self);
      p->cancellable = g_object_ref (load->cancellable);
      Gate *gate = g_atomic_rc_box_new0 (Gate);
      gint64 deadline;

      g_mutex_init (&gate->mutex);
      g_cond_init (&gate->cond);
      p->reports = preview;
      p->gate = g_atomic_rc_box_acquire (gate);
      /* An idle source, not g_main_context_invoke(): from this thread, invoke
       * runs the function right here whenever it can acquire the default
       * context (between two iterations of the main loop), and GTK must only
       * be touched from the main thread. */
      {
        GSource *source = g_idle_source_new ();
        g_source_set_priority (source, G_PRIORITY_DEFAULT);
        g_source_set_callback (source, deliver_preview, p, preview_free);
        g_source_attach (source, load->context);
        g_source_unref (source);
      }

      /* At most half a second: a busy main loop must not hold the listing up. */
      deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
      g_mutex_lock (&gate->mutex);
      while (!gate->open && g_cond_wait_until (&gate->cond, &gate->mutex, deadline))
        ;
      g_mutex_unlock (&gate->mutex);
      gate_unref (gate);
    }

  reports = pm_store_list_reports (store, PM_REPORT_STATE_ALL, &error);
  if (reports == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reports, (GDestroyNotify) g_ptr_array_unref);
}

static void pm_report_list_start_load (PmReportList *self);

static void
list_reports_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PmReportList) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *reports;

  reports = g_task_propagate_pointer (G_TASK (result), &error);
  self->in_flight = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&reports, g_ptr_array_unref);
      return;
    }

  g_clear_error (&self->error);
  if (reports == NULL)
    {
      g_warning ("Cannot list the reports of %s: %s", self->store_path, error->message);
      self->error = g_steal_pointer (&error);
    }
  else
    {
      g_clear_pointer (&self->reports, g_ptr_array_unref);
      self->reports = reports;
    }

  pm_report_list_regroup (self);

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      pm_report_list_start_load (self);
      return;
    }

  if (self->loading)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
pm_report_list_start_load (PmReportList *self)
{
  g_autoptr(GTask) task = NULL;

  LoadData *load = g_new0 (LoadData, 1);

  load->path = g_strdup (self->store_path);
  load->context = g_main_context_ref_thread_default ();
  load->self = g_object_ref (self);
  load->cancellable = g_object_ref (self->cancellable);

  task = g_task_new (NULL, self->cancellable, list_reports_done, g_object_ref (self));
  g_task_set_source_tag (task, pm_report_list_start_load);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, list_reports_worker);
  self->reload_again = FALSE;
  self->in_flight = TRUE;
}

void
pm_report_list_reload (PmReportList *self)
{
  g_return_if_fail (PM_IS_REPORT_LIST (self));

  /* One load at a time; changes that arrive meanwhile cause one more. */
  if (self->in_flight)
    {
      self->reload_again = TRUE;
      return;
    }
  pm_report_list_start_load (self);
}

static void
pm_report_list_store_changed_cb (PmReportList *self,
                                 PmStore      *store)
{
  pm_report_list_reload (self);
}

PmStore *
pm_report_list_get_store (PmReportList *self)
{
  g_return_val_if_fail (PM_IS_REPORT_LIST (self), NULL);
  return self->store;
}

PmReportState
pm_report_list_get_states (PmReportList *self)
{
  g_return_val_if_fail (PM_IS_REPORT_LIST (self), 0);
  return self->states;
}

void
pm_report_list_set_states (PmReportList  *self,
                           PmReportState  states)
{
  g_return_if_fail (PM_IS_REPORT_LIST (self));
  g_return_if_fail ((states & ~PM_REPORT_STATE_ALL) == 0);

  if (self->states == states && self->show == PM_REPORT_LIST_SHOW_ALL)
    return;
  self->states = states;
  self->show = PM_REPORT_LIST_SHOW_ALL;
  pm_report_list_regroup (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATES]);
}

PmReportListShow
pm_report_list_get_show (PmReportList *self)
{
  g_return_val_if_fail (PM_IS_REPORT_LIST (self), PM_REPORT_LIST_SHOW_ALL);
  return self->show;
}

void
pm_report_list_set_show (PmReportList     *self,
                         PmReportListShow  show)
{
  static const PmReportState states[] = {
    [PM_REPORT_LIST_SHOW_ALL] = PM_REPORT_STATE_ALL,
    [PM_REPORT_LIST_SHOW_PENDING] = PM_REPORT_STATE_QUEUE,
    [PM_REPORT_LIST_SHOW_SENT] = PM_REPORT_STATE_ARCHIVE,
    [PM_REPORT_LIST_SHOW_DECLINED] = PM_REPORT_STATE_ARCHIVE,
  };

  g_return_if_fail (PM_IS_REPORT_LIST (self));
  g_return_if_fail (show <= PM_REPORT_LIST_SHOW_DECLINED);

  if (self->show == show && self->states == states[show])
    return;
  self->show = show;
  if (self->states != states[show])
    {
      self->states = states[show];
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATES]);
    }
  pm_report_list_regroup (self);
}

gboolean
pm_report_list_get_loading (PmReportList *self)
{
  g_return_val_if_fail (PM_IS_REPORT_LIST (self), FALSE);
  return self->loading;
}

const GError *
pm_report_list_get_error (PmReportList *self)
{
  g_return_val_if_fail (PM_IS_REPORT_LIST (self), NULL);
  return self->error;
}

void
pm_report_list_hide_keys (PmReportList       *self,
                          const char * const *keys)
{
  g_return_if_fail (PM_IS_REPORT_LIST (self));

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_hash_table_add (self->hidden, g_strdup (keys[i]));
  pm_report_list_regroup (self);
}

void
pm_report_list_unhide_keys (PmReportList       *self,
                            const char * const *keys)
{
  g_return_if_fail (PM_IS_REPORT_LIST (self));

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_hash_table_remove (self->hidden, keys[i]);
  pm_report_list_regroup (self);
}

guint
pm_report_list_find_key (PmReportList *self,
                         const char   *key)
{
  g_return_val_if_fail (PM_IS_REPORT_LIST (self), G_MAXUINT);

  for (guint i = 0; key != NULL && i < self->groups->len; i++)
    if (pm_report_group_contains_key (g_ptr_array_index (self->groups, i), key))
      return i;
  return G_MAXUINT;
}

static void
pm_report_list_dispose (GObject *object)
{
  PmReportList *self = PM_REPORT_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->store);

  G_OBJECT_CLASS (pm_report_list_parent_class)->dispose (object);
}

static void
pm_report_list_finalize (GObject *object)
{
  PmReportList *self = PM_REPORT_LIST (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (pm_report_list_parent_class)->finalize (object);
}

static void
pm_report_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PmReportList *self = PM_REPORT_LIST (object);

  switch (prop_id)
    {
    case PROP_STATES:
      g_value_set_uint (value, self->states);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_report_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PmReportList *self = PM_REPORT_LIST (object);

  switch (prop_id)
    {
    case PROP_STATES:
      pm_report_list_set_states (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_report_list_class_init (PmReportListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pm_report_list_dispose;
  object_class->finalize = pm_report_list_finalize;
  object_class->get_property = pm_report_list_get_property;
  object_class->set_property = pm_report_list_set_property;

  /* PmReportState flags (a plain uint: the store does not register a flags GType). */
  properties[PROP_STATES] =
    g_param_spec_uint ("states", NULL, NULL,
                       0, PM_REPORT_STATE_ALL, PM_REPORT_STATE_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pm_report_list_init (PmReportList *self)
{
  self->groups = g_ptr_array_new_with_free_func (g_object_unref);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->states = PM_REPORT_STATE_ALL;
  self->loading = TRUE;
}

PmReportList *
pm_report_list_new (PmStore *store)
{
  PmReportList *self;

  g_return_val_if_fail (PM_IS_STORE (store), NULL);

  self = g_object_new (PM_TYPE_REPORT_LIST, NULL);
  self->store = g_object_ref (store);
  self->store_path = g_strdup (pm_store_get_path (store));
  self->changed_id = g_signal_connect_object (store, "changed",
                                              G_CALLBACK (pm_report_list_store_changed_cb),
                                              self, G_CONNECT_SWAPPED);
  /* Idempotent: the application may have started watching already. */
  {
    g_autoptr(GError) error = NULL;
    if (!pm_store_watch (store, &error))
      g_warning ("New reports will not appear until a restart: %s", error->message);
  }
  pm_report_list_start_load (self);
  return self;
}
