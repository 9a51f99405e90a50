/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-height-cap.c — PmHeightCap (pm-height-cap.h).
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 */
#include "pm-config.h"

#include "pm-height-cap.h"

struct _PmHeightCap
{
  GtkWidget  parent_instance;
  GtkWidget *child;
  int        max_height;
};

G_DEFINE_FINAL_TYPE (PmHeightCap, pm_height_cap, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CHILD,
  PROP_MAX_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the scrolled window shows: the child of its viewport (or its own
 * scrollable child). GtkScrolledWindow (GTK 4.8) asks its content for its
 * height without the width it will have, so wrapped text is measured on one
 * line: the content is measured here, at the width given. */
static GtkWidget *
content_of (GtkWidget *child)
{
  GtkWidget *content = GTK_IS_SCROLLED_WINDOW (child) ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child))
                                                      : NULL;

  if (GTK_IS_VIEWPORT (content) && gtk_viewport_get_child (GTK_VIEWPORT (content)) != NULL)
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  return content != NULL ? content : child;
}

static void
pm_height_cap_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  PmHeightCap *self = PM_HEIGHT_CAP (widget);
  int child_min = 0, content_nat = 0;

  *minimum = *natural = 0;
  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (self->child, orientation, for_size, minimum, natural, NULL, NULL);
      return;
    }
  /* With no width given, the height at the narrowest width (wrapped text is
   * tallest there), as a plain box's minimum would say. */
  if (for_size < 0)
    gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &for_size, NULL, NULL, NULL);
  /* Minimum and natural alike: the content's natural height, capped, never
   * below what the scrolled window itself needs. */
  gtk_widget_measure (self->child, orientation, for_size, &child_min, NULL, NULL, NULL);
  gtk_widget_measure (content_of (self->child), orientation, for_size, NULL, &content_nat, NULL, NULL);
  *minimum = *natural = MAX (child_min, MIN (content_nat, self->max_height));
}

static void
pm_height_cap_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  PmHeightCap *self = PM_HEIGHT_CAP (widget);

  if (self->child != NULL && gtk_widget_should_layout (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

void
pm_height_cap_set_child (PmHeightCap *self,
                         GtkWidget   *child)
{
  g_return_if_fail (PM_IS_HEIGHT_CAP (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

GtkWidget *
pm_height_cap_get_child (PmHeightCap *self)
{
  g_return_val_if_fail (PM_IS_HEIGHT_CAP (self), NULL);
  return self->child;
}

void
pm_height_cap_set_max_height (PmHeightCap *self,
                              int          max_height)
{
  g_return_if_fail (PM_IS_HEIGHT_CAP (self));

  if (self->max_height == max_height)
    return;
  self->max_height = max_height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_HEIGHT]);
}

int
pm_height_cap_get_max_height (PmHeightCap *self)
{
  g_return_val_if_fail (PM_IS_HEIGHT_CAP (self), 0);
  return self->max_height;
}

static void
pm_height_cap_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PmHeightCap *self = PM_HEIGHT_CAP (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    case PROP_MAX_HEIGHT:
      g_value_set_int (value, self->max_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_height_cap_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PmHeightCap *self = PM_HEIGHT_CAP (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      pm_height_cap_set_child (self, g_value_get_object (value));
      break;
    case PROP_MAX_HEIGHT:
      pm_height_cap_set_max_height (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_height_cap_dispose (GObject *object)
{
  PmHeightCap *self = PM_HEIGHT_CAP (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (pm_height_cap_parent_class)->dispose (object);
}

static void
pm_height_cap_class_init (PmHeightCapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pm_height_cap_get_property;
  object_class->set_property = pm_height_cap_set_property;
  object_class->dispose = pm_height_cap_dispose;
  widget_class->measure = pm_height_cap_measure;
  widget_class->size_allocate = pm_height_cap_size_allocate;

  properties[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_HEIGHT] = g_param_spec_int ("max-height", NULL, NULL, 0, G_MAXINT, 480,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pm_height_cap_init (PmHeightCap *self)
{
  self->max_height = 480;
}

GtkWidget *
pm_height_cap_new (void)
{
  return g_object_new (PM_TYPE_HEIGHT_CAP, NULL);
}
