/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain-view.c — PmWaitChainView: wait chains drawn with GtkSnapshot, and the
 * report page's "What Is Waiting" group.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Layout is computed for a width (height-for-width): each chain is a row of boxes joined by
 * arrows, wrapped onto the next line where the width ends (the arrow then bends down and
 * back to the start of the line). The same function measures and draws, so what is
 * measured is what is drawn.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-wait-chain-text.h"
#include "pm-wait-chain-view.h"

#define MAX_SHOWN     4
#define BOX_PAD_X     10
#define BOX_PAD_Y     6
#define BOX_RADIUS    8
#define BOX_MAX_W     260
#define ARROW_H_GAP   28     /* between boxes in a row */
#define ARROW_V_GAP   24     /* between lines of a wrapped chain */
#define CHAIN_GAP     18     /* between chains */

struct _PmWaitChainView
{
  GtkWidget  parent_instance;

  int        pid;
  GPtrArray *chains;    /* all chains, owned (for names) */
  GPtrArray *shown;     /* borrowed from chains */
};

G_DEFINE_FINAL_TYPE (PmWaitChainView, pm_wait_chain_view, GTK_TYPE_WIDGET)

typedef struct
{
  PangoLayout *title;
  PangoLayout *detail;
  int          width;
  int          height;
} BoxText;

static void
box_text_clear (BoxText *box)
{
  g_clear_object (&box->title);
  g_clear_object (&box->detail);
}

static void
make_box_text (PmWaitChainView  *self,
               const PmWaitNode *node,
               BoxText          *box)
{
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *markup = NULL;
  PangoRectangle t, d;

  pm_wait_node_describe_short (node, self->pid, self->chains, &title, &detail);
  markup = g_markup_printf_escaped ("<b>%s</b>", title);
  box->title = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_markup (box->title, markup, -1);
  box->detail = gtk_widget_create_pango_layout (GTK_WIDGET (self), detail);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
    pango_attr_list_insert (attrs, pango_attr_family_new ("monospace"));
    pango_layout_set_attributes (box->detail, attrs);
    pango_attr_list_unref (attrs);
  }
  for (PangoLayout **l = &box->title; l <= &box->detail; l++)
    {
      pango_layout_set_width (*l, (BOX_MAX_W - 2 * BOX_PAD_X) * PANGO_SCALE);
      pango_layout_set_ellipsize (*l, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_extents (box->title, NULL, &t);
  pango_layout_get_pixel_extents (box->detail, NULL, &d);
  box->width = MAX (t.width, d.width) + 2 * BOX_PAD_X;
  box->height = t.height + d.height + 2 * BOX_PAD_Y;
}

/* The index of the first node of the cycle (the first occurrence of the repeated last
 * thread), or the number of nodes when there is no cycle. */
static guint
cycle_start (const PmWaitChain *chain)
{
  guint n = pm_wait_chain_get_n_nodes (chain);
  int tid = pm_wait_node_get_tid (pm_wait_chain_get_node (chain, n - 1));

  if (!pm_wait_chain_is_cycle (chain))
    return n;
  for (guint i = 0; i + 1 < n; i++)
    if (pm_wait_node_get_kind (pm_wait_chain_get_node (chain, i)) == PM_WAIT_NODE_THREAD &&
        pm_wait_node_get_tid (pm_wait_chain_get_node (chain, i)) == tid)
      return i;
  return n;
}

typedef struct
{
  GdkRGBA fg;
  GdkRGBA error;
} Colors;

static void
get_colors (PmWaitChainView *self,
            Colors          *colors)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &colors->fg);
  if (!gtk_style_context_lookup_color (context, "error_color", &colors->error))
    gdk_rgba_parse (&colors->error, "#c01c28");
}

static GdkRGBA
with_alpha (const GdkRGBA *c,
            float          alpha)
{
  GdkRGBA out = *c;

  out.alpha *= alpha;
  return out;
}

static void
draw_box (GtkSnapshot   *snapshot,
          const BoxText *box,
          float          x,
          float          y,
          gboolean       in_cycle,
          const Colors  *colors)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (x, y, box->width, box->height);
  const GdkRGBA *accent = in_cycle ? &colors->error : &colors->fg;
  GdkRGBA fill = with_alpha (accent, in_cycle ? 0.12f : 0.06f);
  GdkRGBA border = with_alpha (accent, in_cycle ? 1.0f : 0.35f);
  float width = in_cycle ? 2.0f : 1.0f;
  GskRoundedRect rounded;
  PangoRectangle t;

  gsk_rounded_rect_init_from_rect (&rounded, &rect, BOX_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &fill, &rect);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &rounded, (float[4]) { width, width, width, width },
                              (GdkRGBA[4]) { border, border, border, border });

  pango_layout_get_pixel_extents (box->title, NULL, &t);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + BOX_PAD_X, y + BOX_PAD_Y));
  gtk_snapshot_append_layout (snapshot, box->title, &colors->fg);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, t.height));
  {
    GdkRGBA dim = with_alpha (&colors->fg, 0.7f);
    gtk_snapshot_append_layout (snapshot, box->detail, &dim);
  }
  gtk_snapshot_restore (snapshot);
}

/* A horizontal or vertical arrow from (x0, y0) to its head at (x1, y1). */
static void
draw_arrow (cairo_t       *cr,
            double         x0,
            double         y0,
            double         x1,
            double         y1,
            const GdkRGBA *color)
{
  double length = MAX (ABS (x1 - x0), ABS (y1 - y0));
  double ux = length > 0 ? (x1 - x0) / length : 0, uy = length > 0 ? (y1 - y0) / length : 0;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1 - 4 * ux, y1 - 4 * uy);
  cairo_stroke (cr);
  /* The head: a triangle 8 px long, 7 px wide, across the direction (-uy, ux). */
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - 8 * ux - 3.5 * uy, y1 - 8 * uy + 3.5 * ux);
  cairo_line_to (cr, x1 - 8 * ux + 3.5 * uy, y1 - 8 * uy - 3.5 * ux);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* Lays the chains out for @width; draws them when @snapshot is not NULL. Returns the
 * height, and in @min_width and @nat_width the narrowest and the widest it can be. */
static int
layout_chains (PmWaitChainView *self,
               int              width,
               GtkSnapshot     *snapshot,
               int             *min_width,
               int             *nat_width)
{
  Colors colors;
  cairo_t *cr = NULL;
  int y = 0;

  if (snapshot != NULL)
    {
      get_colors (self, &colors);
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, MAX (width, 1),
                                                                      MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1)));
    }
  if (min_width != NULL)
    *min_width = *nat_width = 0;
  for (guint c = 0; self->shown != NULL && c < self->shown->len; c++)
    {
      const PmWaitChain *chain = g_ptr_array_index (self->shown, c);
      guint n = pm_wait_chain_get_n_nodes (chain);
      guint cycle_from = cycle_start (chain);
      g_autofree BoxText *boxes = g_new0 (BoxText, n);
      int row_width = 0, widest = 0;

      for (guint i = 0; i < n; i++)
        {
          make_box_text (self, pm_wait_chain_get_node (chain, i), &boxes[i]);
          row_width += boxes[i].width + (i > 0 ? ARROW_H_GAP : 0);
          widest = MAX (widest, boxes[i].width);
        }
      if (min_width != NULL)
        {
          *min_width = MAX (*min_width, widest);
          *nat_width = MAX (*nat_width, row_width);
        }
      if (c > 0)
        y += CHAIN_GAP;
      {
        int x = 0, line_height = 0;
        float prev_x = 0, prev_y = 0;

        for (guint i = 0; i < n; i++)
          {
            gboolean in_cycle = i >= cycle_from;
            gboolean wrap = i > 0 && x + boxes[i].width > width;
            float bx, by;

            if (wrap)
              {
                y += line_height + ARROW_V_GAP;
                x = 0;
                line_height = 0;
              }
            bx = (float) x;
            by = (float) y;
            if (snapshot != NULL)
              {
                draw_box (snapshot, &boxes[i], bx, by, in_cycle, &colors);
                if (i > 0)
                  {
                    gboolean cycle_edge = i > cycle_from;
                    GdkRGBA arrow = with_alpha (cycle_edge ? &colors.error : &colors.fg, cycle_edge ? 1.0f : 0.6f);
                    float mid = by - ARROW_V_GAP / 2.0f;

                    if (!wrap)
                      draw_arrow (cr, prev_x + boxes[i - 1].width + 3, prev_y + boxes[i - 1].height / 2.0,
                                  bx - 3, prev_y + boxes[i - 1].height / 2.0, &arrow);
                    else
                      {
                        /* Down from the previous box, back to this line's start, down. */
                        double from_x = prev_x + boxes[i - 1].width / 2.0;

                        gdk_cairo_set_source_rgba (cr, &arrow);
                        cairo_set_line_width (cr, 1.5);
                        cairo_move_to (cr, from_x, prev_y + boxes[i - 1].height + 2);
                        cairo_line_to (cr, from_x, mid);
                        cairo_line_to (cr, bx + 24, mid);
                        cairo_stroke (cr);
                        draw_arrow (cr, bx + 24, mid, bx + 24, by - 2, &arrow);
                      }
                  }
              }
            prev_x = bx;
            prev_y = by;
            x += boxes[i].width + ARROW_H_GAP;
            line_height = MAX (line_height, boxes[i].height);
          }
        y += line_height;
      }
      for (guint i = 0; i < n; i++)
        box_text_clear (&boxes[i]);
    }
  if (cr != NULL)
    cairo_destroy (cr);
  return y;
}

static void
pm_wait_chain_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  PmWaitChainView *self = PM_WAIT_CHAIN_VIEW (widget);

  layout_chains (self, gtk_widget_get_width (widget), snapshot, NULL, NULL);
}

static GtkSizeRequestMode
pm_wait_chain_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pm_wait_chain_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  PmWaitChainView *self = PM_WAIT_CHAIN_VIEW (widget);
  int min_width, nat_width;
  int height;

  height = layout_chains (self, for_size >= 0 ? for_size : G_MAXINT, NULL, &min_width, &nat_width);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = min_width;
      *natural = nat_width;
    }
  else
    {
      if (for_size < 0)
        height = layout_chains (self, min_width, NULL, &min_width, &nat_width);
      *minimum = *natural = height;
    }
}

static void
pm_wait_chain_view_finalize (GObject *object)
{
  PmWaitChainView *self = PM_WAIT_CHAIN_VIEW (object);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->chains, g_ptr_array_unref);
  G_OBJECT_CLASS (pm_wait_chain_view_parent_class)->finalize (object);
}

static void
pm_wait_chain_view_class_init (PmWaitChainViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = pm_wait_chain_view_finalize;
  widget_class->snapshot = pm_wait_chain_view_snapshot;
  widget_class->measure = pm_wait_chain_view_measure;
  widget_class->get_request_mode = pm_wait_chain_view_get_request_mode;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "waitchainview");
}

static void
pm_wait_chain_view_init (PmWaitChainView *self)
{
}

GtkWidget *
pm_wait_chain_view_new (void)
{
  return g_object_new (PM_TYPE_WAIT_CHAIN_VIEW, NULL);
}

void
pm_wait_chain_view_set_chains (PmWaitChainView *self,
                               int              pid,
                               GPtrArray       *chains)
{
  g_autofree char *words = NULL;

  g_return_if_fail (PM_IS_WAIT_CHAIN_VIEW (self));

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->chains, g_ptr_array_unref);
  self->pid = pid;
  if (chains != NULL)
    {
      self->chains = g_ptr_array_ref (chains);
      self->shown = pm_wait_chains_pick (chains, pid, MAX_SHOWN);
      words = pm_wait_chains_describe (chains, pid);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  words != NULL ? words : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
pm_wait_chain_view_get_n_shown (PmWaitChainView *self)
{
  g_return_val_if_fail (PM_IS_WAIT_CHAIN_VIEW (self), 0);
  return self->shown != NULL ? self->shown->len : 0;
}

GtkWidget *
pm_wait_chain_group_new (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chains = NULL;
  g_autofree char *words = NULL;
  GtkWidget *group, *label, *view, *box;
  int pid = 0;

  if (json == NULL)
    return NULL;
  chains = pm_wait_chains_from_json (json, -1, &pid, &error);
  if (chains != NULL)
    {
      words = pm_wait_chains_describe (chains, pid);
      if (words == NULL)
        return NULL;
    }
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("What Is Waiting"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  label = gtk_label_new (words != NULL ? words : _("The report’s wait chains cannot be read."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (chains != NULL)
    {
      view = pm_wait_chain_view_new ();
      pm_wait_chain_view_set_chains (PM_WAIT_CHAIN_VIEW (view), pid, chains);
      gtk_box_append (GTK_BOX (box), view);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
  return group;
}
