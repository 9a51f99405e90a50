/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-history-view.c — PmHistoryView (see pm-history-view.h).
 *
 * Runs in: the postmortem GUI process (GTK main thread); history_in_worker() in a GTask
 * worker thread with its own PmStore (pm_store_task_run()).
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-history-view.h"
#include "pm-history-view-private.h"
#include "pm-store-summary.h"
#include "pm-store-task.h"

/* Reliability Monitor's span: five weeks on screen, up to a year to scroll back to. */
#define MIN_DAYS 35
#define MAX_DAYS 366
/* A day of a flood can hold hundreds of reports: the list shows the first ones. */
#define MAX_DAY_ROWS 100

struct _PmHistoryView
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  AdwWindowTitle  *window_title;
  GtkScrolledWindow *chart_scroller;
  PmHistoryChart  *chart;
  GtkWidget       *day_box;
  GtkLabel        *day_title;
  GtkListBox      *day_list;
  GtkListBox      *app_list;

  /* Owned */
  PmStore         *store;
  PmHistory       *history;
  GPtrArray       *day_keys;       /* the keys of day_list's rows */
  GPtrArray       *app_texts;      /* the subtitles of app_list's rows */
  GCancellable    *cancellable;
  gint64           load_started_us;
  gulong           changed_id;
  guint            scroll_tick;
  guint            apps_idle;
  guint            scrolled_to_end : 1;
  guint            loading : 1;
  guint            in_flight : 1;
  guint            reload_again : 1;
};

G_DEFINE_FINAL_TYPE (PmHistoryView, pm_history_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { REPORT_ACTIVATED, CLOSED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* --- A small colour mark for rows ------------------------------------------ */

#define PM_TYPE_HISTORY_SWATCH (pm_history_swatch_get_type ())
G_DECLARE_FINAL_TYPE (PmHistorySwatch, pm_history_swatch, PM, HISTORY_SWATCH, GtkWidget)

struct _PmHistorySwatch
{
  GtkWidget parent_instance;
  guint     app;
  gboolean  hollow;
};

G_DEFINE_FINAL_TYPE (PmHistorySwatch, pm_history_swatch, GTK_TYPE_WIDGET)

static void
pm_history_swatch_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  PmHistorySwatch *self = PM_HISTORY_SWATCH (widget);
  float w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GdkRGBA color;

  pm_history_chart_get_app_color (self->app, &color);
  if (self->hollow)
    {
      GskRoundedRect outline;
      const float widths[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { color, color, color, color };

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, w, h), 2);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
  else
    gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

static void
pm_history_swatch_class_init (PmHistorySwatchClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = pm_history_swatch_snapshot;
}

static void
pm_history_swatch_init (PmHistorySwatch *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), 14, 14);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

static GtkWidget *
pm_history_swatch_new (guint    app,
                       gboolean hollow)
{
  PmHistorySwatch *self = g_object_new (PM_TYPE_HISTORY_SWATCH, NULL);

  self->app = app;
  self->hollow = hollow;
  return GTK_WIDGET (self);
}

/* --- Rows -------------------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A row of a boxed list: an optional mark, a title, a subtitle that wraps, an optional
 * icon at the end; the texts wrap (@wrap) or are cut with an ellipsis. Plain labels rather
 * than AdwActionRow, whose labels cost several times more to lay out (forty applications,
 * hundreds of reports on one day). */
static void
history_label_set_fitting (GtkLabel *label,
                           gboolean  wrap)
{
  gtk_label_set_xalign (label, 0);
  if (wrap)
    {
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_natural_wrap_mode (label, GTK_NATURAL_WRAP_NONE);
    }
  else
    gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
}

static GtkWidget *
history_row_new (const char *title,
                 const char *subtitle,
                 GtkWidget  *prefix,
                 GtkWidget  *suffix,
                 gboolean    activatable,
                 gboolean    wrap)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_size_request (box, -1, 34);
  if (prefix != NULL)
    gtk_box_append (GTK_BOX (box), prefix);
  history_label_set_fitting (GTK_LABEL (label), wrap);
  gtk_box_append (GTK_BOX (texts), label);
  if (subtitle != NULL)
    {
      label = gtk_label_new (subtitle);
      history_label_set_fitting (GTK_LABEL (label), wrap);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (texts), label);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);
  if (suffix != NULL)
    {
      gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), suffix);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), activatable);
  /* The row reads as its title and subtitle. */
  if (subtitle != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s, %s", title, subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  return row;
}

static void
pm_history_view_show_day (PmHistoryView *self,
                          guint          day)
{
  const PmHistoryReport *reports;
  g_autofree char *title = NULL;
  guint n = 0;

  clear_list (self->day_list);
  g_ptr_array_set_size (self->day_keys, 0);
  if (self->history == NULL || day >= pm_history_get_n_days (self->history))
    {
      gtk_widget_set_visible (self->day_box, FALSE);
      return;
    }

  title = pm_history_dup_day_description (self->history, day);
  gtk_label_set_label (self->day_title, title);
  reports = pm_history_get_day_reports (self->history, day, &n);
  for (guint i = 0; i < MIN (n, MAX_DAY_ROWS); i++)
    {
      const PmHistoryReport *r = &reports[i];
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (r->time_us / G_USEC_PER_SEC);
      g_autofree char *clock = g_date_time_format (when, "%X");
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (r->count > 1)
        subtitle = g_strdup_printf (r->hang
                                    ? g_dngettext (GETTEXT_PACKAGE, "Stopped responding at %s, %u time",
                                                   "Stopped responding at %s, %u times", r->count)
                                    : g_dngettext (GETTEXT_PACKAGE, "Quit unexpectedly at %s, %u time",
                                                   "Quit unexpectedly at %s, %u times", r->count),
                                    clock, r->count);
      else
        subtitle = g_strdup_printf (r->hang ? _("Stopped responding at %s") : _("Quit unexpectedly at %s"), clock);
      row = history_row_new (pm_history_get_app_name (self->history, r->app), subtitle,
                             pm_history_swatch_new (r->app, r->hang),
                             gtk_image_new_from_icon_name ("go-next-symbolic"), TRUE, FALSE);
      gtk_widget_set_tooltip_text (row, _("Show This Report"));
      gtk_list_box_append (self->day_list, row);
      g_ptr_array_add (self->day_keys, g_strdup (r->key));
    }
  if (n > MAX_DAY_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more report on this day",
                                                            "%u more reports on this day", n - MAX_DAY_ROWS),
                                               n - MAX_DAY_ROWS);
      gtk_list_box_append (self->day_list, history_row_new (more, NULL, NULL, NULL, FALSE, TRUE));
    }
  if (n == 0)
    {
      GtkWidget *row = history_row_new (_("No crashes or hangs on this day"), NULL, NULL, NULL, FALSE, TRUE);

      gtk_list_box_append (self->day_list, row);
    }
  gtk_widget_set_visible (self->day_box, TRUE);
}

static char *
app_totals_text (PmHistory *history,
                 guint      app)
{
  g_autofree char *crash_text = NULL;
  g_autofree char *hang_text = NULL;
  guint crashes, hangs;

  pm_history_get_app_totals (history, app, &crashes, &hangs);
  crash_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u crash", "%u crashes", crashes), crashes);
  if (hangs == 0)
    return g_steal_pointer (&crash_text);
  hang_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hang", "%u hangs", hangs), hangs);
  /* Translators: "3 crashes, 1 hang". */
  return g_strdup_printf (_("%s, %s"), crash_text, hang_text);
}

static void
pm_history_view_fill_apps (PmHistoryView *self)
{
  guint n_apps = pm_history_get_n_apps (self->history);

  clear_list (self->app_list);
  g_ptr_array_set_size (self->app_texts, 0);
  for (guint a = 0; a < n_apps; a++)
    {
      GtkWidget *row;
      GtkWidget *icon = NULL;
      g_autofree char *totals = app_totals_text (self->history, a);
      g_autofree char *trend = NULL;
      char *text;
      int change = 0;

      trend = pm_history_dup_trend (self->history, a, &change);
      if (trend != NULL)
        text = g_strdup_printf ("%s. %s", trend,
                                change > 0 ? _("More crashes than before.")
                                : change < 0 ? _("Fewer crashes than before.")
                                : _("As many crashes as before."));
      else
        /* Translators: "3 crashes, 1 hang in the days shown". */
        text = g_strdup_printf (_("%s in the days shown"), totals);
      if (trend != NULL && change != 0)
        {
          icon = gtk_image_new_from_icon_name (change > 0 ? "go-up-symbolic" : "go-down-symbolic");
          gtk_widget_add_css_class (icon, change > 0 ? "warning" : "success");
          gtk_widget_set_tooltip_text (icon, change > 0 ? _("More crashes than before.") : _("Fewer crashes than before."));
        }
      row = history_row_new (pm_history_get_app_name (self->history, a), text,
                             pm_history_swatch_new (a, FALSE), icon, FALSE, TRUE);
      gtk_list_box_append (self->app_list, row);
      g_ptr_array_add (self->app_texts, text);
    }
  if (n_apps == 0)
    {
      GtkWidget *row = history_row_new (_("No crashes or hangs in these weeks"), NULL, NULL, NULL, FALSE, TRUE);

      gtk_list_box_append (self->app_list, row);
    }
}

/* --- Scrolling the chart ------------------------------------------------------- */

/* The chart opens at its right end (today); then the chosen day stays in sight. Returns
 * FALSE when the chart has no width yet (try again at the next frame). */
static gboolean
pm_history_view_scroll_now (PmHistoryView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->chart_scroller);
  guint day = pm_history_chart_get_selected_day (self->chart);
  GtkWidget *widget = pm_history_chart_get_day_widget (self->chart, day);
  double drawn = gtk_adjustment_get_value (adjustment);   /* what the allocation shows */
  double value = drawn;
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);
  graphene_point_t p;
  double x, width;

  if (page <= 0 || upper <= 0 || gtk_widget_get_width (GTK_WIDGET (self->chart)) <= 0)
    return FALSE;
  if (!self->scrolled_to_end)
    {
      self->scrolled_to_end = TRUE;
      value = upper - page;
      gtk_adjustment_set_value (adjustment, value);
    }
  if (widget == NULL ||
      !gtk_widget_compute_point (widget, GTK_WIDGET (self->chart_scroller), &GRAPHENE_POINT_INIT (0, 0), &p))
    return TRUE;
  /* From the scrolled window's left edge to the content's, as allocated (the value may
   * have changed above, the allocation not yet). */
  x = p.x + drawn;
  width = gtk_widget_get_width (widget);
  if (x < value)
    gtk_adjustment_set_value (adjustment, x);
  else if (x + width > value + page)
    gtk_adjustment_set_value (adjustment, x + width - page);
  return TRUE;
}

static gboolean
pm_history_view_scroll_tick (GtkWidget     *widget,
                             GdkFrameClock *clock,
                             gpointer       data)
{
  PmHistoryView *self = data;

  if (!pm_history_view_scroll_now (self))
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Scrolls before the next frame: not while the scrolled window is being allocated (a value
 * set then is drawn only at the allocation after). */
static void
pm_history_view_queue_scroll (PmHistoryView *self)
{
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->chart_scroller),
                                                      pm_history_view_scroll_tick, self, NULL);
}

/* The chart got its width, or another one (the window was resized). */
static void
pm_history_view_hadjustment_changed_cb (PmHistoryView *self,
                                        GtkAdjustment *adjustment)
{
  if (gtk_adjustment_get_page_size (adjustment) > 0)
    pm_history_view_queue_scroll (self);
}

/* --- Loading ------------------------------------------------------------------ */

static gboolean
pm_history_view_fill_apps_idle (gpointer data)
{
  PmHistoryView *self = data;

  self->apps_idle = 0;
  pm_history_view_fill_apps (self);
  if (self->loading)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
  return G_SOURCE_REMOVE;
}

/* What the worker needs to hand a first answer to the main thread. */
typedef struct
{
  PmHistoryView *self;          /* only touched in @context while @cancellable is not cancelled */
  GCancellable  *cancellable;
  GMainContext  *context;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_object_unref (load->cancellable);
  g_main_context_unref (load->context);
  g_free (load);
}

typedef struct
{
  PmHistoryView *self;
  GCancellable  *cancellable;
  PmHistory     *history;
} Preview;

static void
preview_free (gpointer data)
{
  Preview *preview = data;

  g_object_unref (preview->cancellable);
  pm_history_unref (preview->history);
  g_free (preview);
}

static void pm_history_view_apply (PmHistoryView *self,
                                   PmHistory     *history);

static gboolean
deliver_preview (gpointer data)
{
  Preview *preview = data;

  /* The view cancels in dispose, on this thread: not cancelled means it is alive. */
  if (!g_cancellable_is_cancelled (preview->cancellable))
    pm_history_view_apply (preview->self, preview->history);
  return G_SOURCE_REMOVE;
}

static PmHistory *
bin_summaries (GPtrArray  *summaries,
               const char *what,
               guint       n_loaded,
               gint64      start)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  PmHistory *history = pm_history_new (summaries, now, MIN_DAYS, MAX_DAYS);

  g_debug ("history: %s: %u reports (%u read) binned into %u days in %.3f s", what, summaries->len,
           n_loaded, pm_history_get_n_days (history), (g_get_monotonic_time () - start) / 1e6);
  return history;
}

/* First the index as it is (no fstatat() of 10,000 folders): a history to draw at once;
 * then the checked listing, whose history is returned only when it differs (NULL: the
 * first one was exact). */
static gpointer
history_in_worker (PmStore       *store,
                   gpointer       task_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  LoadData *load = task_data;
  g_autoptr(GPtrArray) quick = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n_loaded = 0;

  quick = pm_store_list_summaries (store, PM_REPORT_STATE_ALL, PM_SUMMARIES_TRUST_INDEX, NULL, NULL);
  if (quick != NULL)
    {
      Preview *preview = g_new0 (Preview, 1);
      g_autoptr(GSource) source = g_idle_source_new ();

      preview->self = load->self;
      preview->cancellable = g_object_ref (load->cancellable);
      preview->history = bin_summaries (quick, "from the index", 0, start);
      /* Not g_main_context_invoke(): in a worker thread whose thread-default context is the
       * global one, it calls the function right there whenever the main thread is between
       * two iterations. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_preview, preview, preview_free);
      g_source_attach (source, load->context);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  summaries = pm_store_list_summaries (store, PM_REPORT_STATE_ALL, PM_SUMMARIES_DEFAULT, &n_loaded, error);
  if (summaries == NULL)
    return NULL;
  if (quick != NULL && n_loaded == 0)
    return NULL;
  return bin_summaries (summaries, "checked", n_loaded, start);
}

static void pm_history_view_reload (PmHistoryView *self);

/* Shows @history: the chart, the chosen day again (when it is still shown). The
 * application rows come after the frame showing the chart (pm_history_view_fill_apps_idle()). */
static void
pm_history_view_apply (PmHistoryView *self,
                       PmHistory     *history)
{
  g_autofree char *subtitle = NULL;
  guint n_days = pm_history_get_n_days (history);
  guint selected = pm_history_chart_get_selected_day (self->chart);
  gboolean first = self->history == NULL;

  pm_history_ref (history);
  g_clear_pointer (&self->history, pm_history_unref);
  self->history = history;
  pm_history_chart_set_history (self->chart, history);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The last %u day", "The last %u days", n_days), n_days);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, "history");
  if (selected != G_MAXUINT && selected < n_days)
    gtk_widget_activate (pm_history_chart_get_day_widget (self->chart, selected));
  else
    pm_history_view_show_day (self, G_MAXUINT);
  if (first)
    {
      /* Today, at the right end, has the keyboard. */
      gtk_widget_grab_focus (pm_history_chart_get_day_widget (self->chart, n_days - 1));
      g_debug ("history: shown %.3f s after the view was opened",
               (g_get_monotonic_time () - self->load_started_us) / 1e6);
    }
}

static void
history_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmHistory) history = pm_store_task_finish (result, &error);
  PmHistoryView *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PM_HISTORY_VIEW (user_data);
  self->in_flight = FALSE;
  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      if (self->loading)
        {
          self->loading = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
        }
    }
  else
    {
      /* NULL: the history drawn from the index was exact. */
      if (history != NULL)
        pm_history_view_apply (self, history);
      /* The application rows after the frame showing the chart: with dozens of them,
       * their wrapped labels cost more to lay out than everything else. */
      if (self->history != NULL && self->apps_idle == 0)
        self->apps_idle = g_idle_add_full (G_PRIORITY_LOW, pm_history_view_fill_apps_idle, self, NULL);
    }
  if (self->reload_again)
    pm_history_view_reload (self);
}

static void
pm_history_view_reload (PmHistoryView *self)
{
  LoadData *load;

  if (self->in_flight)
    {
      self->reload_again = TRUE;
      return;
    }
  load = g_new0 (LoadData, 1);
  load->self = self;
  load->cancellable = g_object_ref (self->cancellable);
  load->context = g_main_context_ref_thread_default ();
  self->reload_again = FALSE;
  self->in_flight = TRUE;
  pm_store_task_run (self->store, history_in_worker, load, load_data_free, (GDestroyNotify) pm_history_unref,
                     self->cancellable, history_loaded_cb, self);
}

static void
pm_history_view_store_changed_cb (PmHistoryView *self,
                                  PmStore       *store)
{
  pm_history_view_reload (self);
}

/* --- Signals from the template ------------------------------------------------ */

static void
pm_history_view_back_clicked_cb (PmHistoryView *self,
                                 GtkButton     *button)
{
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
pm_history_view_day_activated_cb (PmHistoryView  *self,
                                  guint           day,
                                  PmHistoryChart *chart)
{
  pm_history_view_show_day (self, day);
  pm_history_view_queue_scroll (self);
}

static void
pm_history_view_report_activated_cb (PmHistoryView *self,
                                     GtkListBoxRow *row,
                                     GtkListBox    *list)
{
  int index = gtk_list_box_row_get_index (row);
  g_autofree char *key = NULL;

  if (index < 0 || (guint) index >= self->day_keys->len)
    return;
  key = g_strdup (g_ptr_array_index (self->day_keys, index));
  g_signal_emit (self, signals[REPORT_ACTIVATED], 0, key);
}

static gboolean
pm_history_view_back_shortcut (GtkWidget *widget,
                               GVariant  *args,
                               gpointer   user_data)
{
  g_signal_emit (widget, signals[CLOSED], 0);
  return TRUE;
}

/* --- Getters -------------------------------------------------------------------- */

PmHistoryChart *
pm_history_view_get_chart (PmHistoryView *self)
{
  g_return_val_if_fail (PM_IS_HISTORY_VIEW (self), NULL);
  return self->chart;
}

gboolean
pm_history_view_get_loading (PmHistoryView *self)
{
  g_return_val_if_fail (PM_IS_HISTORY_VIEW (self), FALSE);
  return self->loading;
}

GStrv
pm_history_view_dup_day_keys (PmHistoryView *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv keys;

  for (guint i = 0; i < self->day_keys->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->day_keys, i));
  keys = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return keys;
}

GtkWidget *
pm_history_view_get_day_row (PmHistoryView *self,
                             guint          index)
{
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->day_list, (int) index));
}

const char *
pm_history_view_get_app_text (PmHistoryView *self,
                              guint          app)
{
  return app < self->app_texts->len ? g_ptr_array_index (self->app_texts, app) : NULL;
}

/* --- In the main window ----------------------------------------------------------- */

typedef struct
{
  PmWindow        *window;     /* borrowed: the view lives inside it */
  AdwToastOverlay *overlay;
  GtkWidget       *reports;    /* owned while the history is shown */
} Shown;

static void
shown_free (gpointer data)
{
  Shown *shown = data;

  g_clear_object (&shown->reports);
  g_free (shown);
}

static void
shown_view_gone (gpointer  data,
                 GObject  *view)
{
  shown_free (data);
}

static void
restore_reports (Shown *shown)
{
  g_autoptr(GtkWidget) reports = g_steal_pointer (&shown->reports);

  /* Replacing the child destroys the view (and @shown with it). */
  if (reports != NULL)
    adw_toast_overlay_set_child (shown->overlay, reports);
}

static void
shown_closed_cb (PmHistoryView *view,
                 Shown         *shown)
{
  restore_reports (shown);
}

static void
shown_report_activated_cb (PmHistoryView *view,
                           const char    *key,
                           Shown         *shown)
{
  PmWindow *window = shown->window;
  g_autofree char *wanted = g_strdup (key);

  restore_reports (shown);
  /* The list may be filtered to pending or sent reports: show them all. */
  if (!pm_window_select_report (window, wanted))
    {
      g_object_set (window, "filter", "all", NULL);
      if (!pm_window_select_report (window, wanted))
        pm_window_add_toast (window, adw_toast_new (_("That report is no longer in the store")));
    }
}

PmHistoryView *
pm_history_view_show_in_window (PmWindow        *window,
                                AdwToastOverlay *overlay,
                                GtkWidget       *reports)
{
  GtkWidget *current;
  GtkWidget *view;
  Shown *shown;

  g_return_val_if_fail (PM_IS_WINDOW (window), NULL);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), NULL);

  current = adw_toast_overlay_get_child (overlay);
  if (PM_IS_HISTORY_VIEW (current))
    return PM_HISTORY_VIEW (current);
  g_return_val_if_fail (current == reports, NULL);

  view = pm_history_view_new (pm_window_get_store (window));
  shown = g_new0 (Shown, 1);
  shown->window = window;
  shown->overlay = overlay;
  shown->reports = g_object_ref (reports);
  g_signal_connect (view, "closed", G_CALLBACK (shown_closed_cb), shown);
  g_signal_connect (view, "report-activated", G_CALLBACK (shown_report_activated_cb), shown);
  g_object_weak_ref (G_OBJECT (view), shown_view_gone, shown);
  adw_toast_overlay_set_child (overlay, view);
  return PM_HISTORY_VIEW (view);
}

/* --- GObject ---------------------------------------------------------------------- */

static void
pm_history_view_constructed (GObject *object)
{
  PmHistoryView *self = PM_HISTORY_VIEW (object);

  G_OBJECT_CLASS (pm_history_view_parent_class)->constructed (object);

  g_return_if_fail (PM_IS_STORE (self->store));
  self->changed_id = g_signal_connect_object (self->store, "changed",
                                              G_CALLBACK (pm_history_view_store_changed_cb),
                                              self, G_CONNECT_SWAPPED);
  self->load_started_us = g_get_monotonic_time ();
  pm_history_view_reload (self);
}

static void
pm_history_view_dispose (GObject *object)
{
  PmHistoryView *self = PM_HISTORY_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->apps_idle, g_source_remove);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->chart_scroller), self->scroll_tick);
  self->scroll_tick = 0;
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_HISTORY_VIEW);
  /* The template's top box is not a bound child: it goes here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (pm_history_view_parent_class)->dispose (object);
}

static void
pm_history_view_finalize (GObject *object)
{
  PmHistoryView *self = PM_HISTORY_VIEW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->history, pm_history_unref);
  g_clear_pointer (&self->day_keys, g_ptr_array_unref);
  g_clear_pointer (&self->app_texts, g_ptr_array_unref);
  G_OBJECT_CLASS (pm_history_view_parent_class)->finalize (object);
}

static void
pm_history_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PmHistoryView *self = PM_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_history_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PmHistoryView *self = PM_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_history_view_class_init (PmHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pm_history_view_constructed;
  object_class->dispose = pm_history_view_dispose;
  object_class->finalize = pm_history_view_finalize;
  object_class->get_property = pm_history_view_get_property;
  object_class->set_property = pm_history_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REPORT_ACTIVATED] =
    g_signal_new ("report-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (PM_TYPE_HISTORY_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PmHistoryView, stack);
  gtk_widget_class_bind_template_child (widget_class, PmHistoryView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PmHistoryView, window_title);
  gtk_widget_class_bind_template_child (widget_class, PmHistoryView, chart_scroller);
  gtk_widget_class_bind_template_child (widget_class, PmHistoryView, chart);
  gtk_widget_class_bind_template_child (widget_class, PmHistoryView, day_box);
  gtk_widget_class_bind_template_child (widget_class, PmHistoryView, day_title);
  gtk_widget_class_bind_template_child (widget_class, PmHistoryView, day_list);
  gtk_widget_class_bind_template_child (widget_class, PmHistoryView, app_list);
  gtk_widget_class_bind_template_callback (widget_class, pm_history_view_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_history_view_day_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_history_view_report_activated_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, pm_history_view_back_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, pm_history_view_back_shortcut, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "historyview");
}

static void
pm_history_view_init (PmHistoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->chart_scroller), "changed",
                           G_CALLBACK (pm_history_view_hadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  self->day_keys = g_ptr_array_new_with_free_func (g_free);
  self->app_texts = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
}

GtkWidget *
pm_history_view_new (PmStore *store)
{
  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  return g_object_new (PM_TYPE_HISTORY_VIEW, "store", store, NULL);
}
