/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-history-chart.c — PmHistoryChart and its day columns (see pm-history-chart.h).
 *
 * Runs in: the postmortem GUI process (GTK main thread). Drawing reads only the
 * PmHistory's bins: nothing is counted, read or allocated per report while painting.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-history-chart.h"

#define DAY_WIDTH      24
#define CHART_HEIGHT   168
#define LABEL_HEIGHT   34
/* The scale reaches at least this many problems a day, so one crash stays a small mark. */
#define MIN_SCALE      6

/* The GNOME palette (libadwaita's named colours blue 3, orange 3, purple 2, green 4,
 * red 2, brown 2, yellow 5, light blue 1), in an order that keeps neighbours apart. */
static const char * const palette[] = {
  "#3584e4", "#ff7800", "#c061cb", "#2ec27e", "#ed333b", "#b5835a", "#e5a50a", "#62a0ea",
};

void
pm_history_chart_get_app_color (guint    app,
                                GdkRGBA *color)
{
  gdk_rgba_parse (color, palette[app % G_N_ELEMENTS (palette)]);
}

/* --- One day ---------------------------------------------------------------- */

#define PM_TYPE_HISTORY_DAY (pm_history_day_get_type ())
G_DECLARE_FINAL_TYPE (PmHistoryDay, pm_history_day, PM, HISTORY_DAY, GtkWidget)

struct _PmHistoryDay
{
  GtkWidget       parent_instance;

  PmHistoryChart *chart;     /* borrowed: the parent */
  guint           day;
  gboolean        today;
  gboolean        selected;
  char           *number;    /* "5" */
  char           *month;     /* "Dec" on the first day shown and each 1st, else NULL */
};

G_DEFINE_FINAL_TYPE (PmHistoryDay, pm_history_day, GTK_TYPE_WIDGET)

enum { DAY_ACTIVATE, N_DAY_SIGNALS };
static guint day_signals[N_DAY_SIGNALS];

static void pm_history_chart_day_activated (PmHistoryChart *self,
                                            guint           day);
static void pm_history_chart_set_focus_day (PmHistoryChart *self,
                                            GtkWidget      *day,
                                            gboolean        grab);

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             float x, float y, float w, float h)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, w, h));
}

static void
append_outline (GtkSnapshot   *snapshot,
                const GdkRGBA *color,
                float x, float y, float w, float h,
                float          line)
{
  GskRoundedRect outline;
  const float widths[4] = { line, line, line, line };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, w, h), 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
append_text (GtkSnapshot   *snapshot,
             GtkWidget     *widget,
             const char    *text,
             gboolean       bold,
             float          center_x,
             float          y,
             const GdkRGBA *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  int w, h;

  if (bold)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
      pango_layout_set_markup (layout, markup, -1);
    }
  else
    pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (center_x - w / 2.0f, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
pm_history_day_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  PmHistoryDay *self = PM_HISTORY_DAY (widget);
  PmHistory *history = pm_history_chart_get_history (self->chart);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float bars_bottom = height - LABEL_HEIGHT;
  float bar_x = 4, bar_w = width - 8;
  GdkRGBA fg, faint, accent;
  guint max_total, n_apps;
  double unit;
  float y;

  if (history == NULL || self->day >= pm_history_get_n_days (history))
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  faint = fg;
  faint.alpha = 0.08f;
  gdk_rgba_parse (&accent, "#3584e4");

  /* Today: a faint column behind it; the chosen day: a stronger one. */
  if (self->selected || self->today)
    {
      GdkRGBA back = accent;
      back.alpha = self->selected ? 0.25f : 0.10f;
      append_rect (snapshot, &back, 0, 0, width, height);
    }
  /* The baseline. */
  append_rect (snapshot, &faint, 0, bars_bottom - 1, width, 1);

  max_total = pm_history_get_max_day_total (history);
  n_apps = pm_history_get_n_apps (history);
  unit = (bars_bottom - 8) / (double) MAX (max_total, MIN_SCALE);
  y = bars_bottom - 1;
  for (guint a = 0; a < n_apps; a++)
    {
      guint crashes = pm_history_get_crashes (history, self->day, a);
      guint hangs = pm_history_get_hangs (history, self->day, a);
      GdkRGBA color;
      float h;

      if (crashes == 0 && hangs == 0)
        continue;
      pm_history_chart_get_app_color (a, &color);
      if (crashes > 0)
        {
          h = MAX (2.0f, (float) (crashes * unit));
          y -= h;
          append_rect (snapshot, &color, bar_x, y, bar_w, h - 1);
        }
      if (hangs > 0)
        {
          h = MAX (4.0f, (float) (hangs * unit));
          y -= h;
          append_outline (snapshot, &color, bar_x + 1, y, bar_w - 2, h - 1, 2);
        }
    }

  /* The day of the month, the month's name where one begins. */
  {
    GdkRGBA label = fg;
    if (!self->today)
      label.alpha = 0.7f;
    append_text (snapshot, widget, self->number, self->today, width / 2, bars_bottom + 2, &label);
    if (self->month != NULL)
      append_text (snapshot, widget, self->month, FALSE, width / 2, bars_bottom + 17, &label);
  }

  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA ring = accent;
      ring.alpha = 0.5f;
      append_outline (snapshot, &ring, 1, 1, width - 2, height - 2, 2);
    }
}

static void
pm_history_day_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? DAY_WIDTH : CHART_HEIGHT;
}

static void
pm_history_day_activate (PmHistoryDay *self)
{
  pm_history_chart_day_activated (self->chart, self->day);
}

static void
pm_history_day_pressed_cb (GtkGestureClick *gesture,
                           int              n_press,
                           double           x,
                           double           y,
                           PmHistoryDay    *self)
{
  pm_history_chart_set_focus_day (self->chart, GTK_WIDGET (self), TRUE);
  pm_history_day_activate (self);
}

static gboolean
pm_history_day_key_pressed_cb (GtkEventControllerKey *controller,
                               guint                  keyval,
                               guint                  keycode,
                               GdkModifierType        state,
                               PmHistoryDay          *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkWidget *target = NULL;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      target = rtl ? gtk_widget_get_next_sibling (widget) : gtk_widget_get_prev_sibling (widget);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      target = rtl ? gtk_widget_get_prev_sibling (widget) : gtk_widget_get_next_sibling (widget);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      target = gtk_widget_get_first_child (parent);
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      target = gtk_widget_get_last_child (parent);
      break;
    default:
      return FALSE;
    }
  if (target != NULL)
    pm_history_chart_set_focus_day (self->chart, target, TRUE);
  return TRUE;
}

static void
pm_history_day_state_flags_changed (GtkWidget     *widget,
                                    GtkStateFlags  previous)
{
  /* The focus ring is drawn here, not by the theme. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) & (GTK_STATE_FLAG_FOCUS_VISIBLE | GTK_STATE_FLAG_FOCUSED))
    gtk_widget_queue_draw (widget);
  GTK_WIDGET_CLASS (pm_history_day_parent_class)->state_flags_changed (widget, previous);
}

static void
pm_history_day_finalize (GObject *object)
{
  PmHistoryDay *self = PM_HISTORY_DAY (object);

  g_free (self->number);
  g_free (self->month);
  G_OBJECT_CLASS (pm_history_day_parent_class)->finalize (object);
}

static void
pm_history_day_class_init (PmHistoryDayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pm_history_day_finalize;
  widget_class->snapshot = pm_history_day_snapshot;
  widget_class->measure = pm_history_day_measure;
  widget_class->state_flags_changed = pm_history_day_state_flags_changed;

  /* Enter, Space and gtk_widget_activate() all come here. */
  day_signals[DAY_ACTIVATE] =
    g_signal_new_class_handler ("activate", G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                G_CALLBACK (pm_history_day_activate),
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, day_signals[DAY_ACTIVATE]);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Return, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_KP_Enter, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_space, 0, "activate", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_KP_Space, 0, "activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "historyday");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
pm_history_day_init (PmHistoryDay *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  g_signal_connect (click, "pressed", G_CALLBACK (pm_history_day_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (pm_history_day_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

static GtkWidget *
pm_history_day_new (PmHistoryChart *chart,
                    PmHistory      *history,
                    guint           day)
{
  PmHistoryDay *self = g_object_new (PM_TYPE_HISTORY_DAY, NULL);
  g_autoptr(GDateTime) date = pm_history_dup_day (history, day);
  g_autofree char *description = pm_history_dup_day_description (history, day);

  self->chart = chart;
  self->day = day;
  self->today = day + 1 == pm_history_get_n_days (history);
  self->number = g_date_time_format (date, "%-d");
  if (day == 0 || g_date_time_get_day_of_month (date) == 1)
    self->month = g_date_time_format (date, "%b");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  return GTK_WIDGET (self);
}

/* --- The chart -------------------------------------------------------------- */

struct _PmHistoryChart
{
  GtkWidget  parent_instance;

  PmHistory *history;       /* owned */
  guint      selected;
};

G_DEFINE_FINAL_TYPE (PmHistoryChart, pm_history_chart, GTK_TYPE_WIDGET)

enum { DAY_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* One day at a time takes part in Tab's order (today, else the last one chosen or
 * moved to): Tab goes past the chart in one step, the arrows move within it. */
static void
pm_history_chart_set_focus_day (PmHistoryChart *self,
                                GtkWidget      *day,
                                gboolean        grab)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != day)
      gtk_widget_set_focusable (child, FALSE);
  gtk_widget_set_focusable (day, TRUE);
  if (grab)
    gtk_widget_grab_focus (day);
}

static void
pm_history_chart_day_activated (PmHistoryChart *self,
                                guint           day)
{
  GtkWidget *old = pm_history_chart_get_day_widget (self, self->selected);
  GtkWidget *now = pm_history_chart_get_day_widget (self, day);

  if (old != NULL)
    {
      PM_HISTORY_DAY (old)->selected = FALSE;
      gtk_widget_queue_draw (old);
    }
  self->selected = day;
  if (now != NULL)
    {
      PM_HISTORY_DAY (now)->selected = TRUE;
      gtk_widget_queue_draw (now);
      /* The keyboard follows when it was in the chart. */
      pm_history_chart_set_focus_day (self, now, gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL);
    }
  g_signal_emit (self, signals[DAY_ACTIVATED], 0, day);
}

static void
pm_history_chart_remove_days (PmHistoryChart *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

void
pm_history_chart_set_history (PmHistoryChart *self,
                              PmHistory      *history)
{
  g_return_if_fail (PM_IS_HISTORY_CHART (self));

  pm_history_chart_remove_days (self);
  if (history != NULL)
    pm_history_ref (history);
  g_clear_pointer (&self->history, pm_history_unref);
  self->history = history;
  self->selected = G_MAXUINT;
  for (guint d = 0; history != NULL && d < pm_history_get_n_days (history); d++)
    gtk_widget_set_parent (pm_history_day_new (self, history, d), GTK_WIDGET (self));
  if (history != NULL)
    pm_history_chart_set_focus_day (self, gtk_widget_get_last_child (GTK_WIDGET (self)), FALSE);
}

PmHistory *
pm_history_chart_get_history (PmHistoryChart *self)
{
  g_return_val_if_fail (PM_IS_HISTORY_CHART (self), NULL);
  return self->history;
}

GtkWidget *
pm_history_chart_get_day_widget (PmHistoryChart *self,
                                 guint           day)
{
  GtkWidget *child;
  guint i = 0;

  g_return_val_if_fail (PM_IS_HISTORY_CHART (self), NULL);

  if (self->history == NULL || day >= pm_history_get_n_days (self->history))
    return NULL;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL && i < day; i++)
    child = gtk_widget_get_next_sibling (child);
  return child;
}

guint
pm_history_chart_get_selected_day (PmHistoryChart *self)
{
  g_return_val_if_fail (PM_IS_HISTORY_CHART (self), G_MAXUINT);
  return self->selected;
}

static void
pm_history_chart_dispose (GObject *object)
{
  PmHistoryChart *self = PM_HISTORY_CHART (object);

  pm_history_chart_remove_days (self);
  g_clear_pointer (&self->history, pm_history_unref);
  G_OBJECT_CLASS (pm_history_chart_parent_class)->dispose (object);
}

static void
pm_history_chart_class_init (PmHistoryChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pm_history_chart_dispose;

  /**
   * PmHistoryChart::day-activated:
   * @day: the day (0 is the oldest shown)
   *
   * A day was clicked, or Enter or Space pressed on it.
   */
  signals[DAY_ACTIVATED] =
    g_signal_new ("day-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "historychart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pm_history_chart_init (PmHistoryChart *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 2);
  self->selected = G_MAXUINT;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Crashes and hangs per day"),
                                  -1);
}

GtkWidget *
pm_history_chart_new (void)
{
  return g_object_new (PM_TYPE_HISTORY_CHART, NULL);
}
