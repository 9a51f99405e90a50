/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-hex-view.c — PmHexView: a lazy hex dump of a block of bytes.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-hex-view.h"
#include "pm-index-model.h"

#define BYTES_PER_ROW 16

struct _PmHexView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkListView       *list_view;

  /* Owned */
  PmIndexModel      *model;
  GtkSingleSelection *selection;
  GBytes            *bytes;
  guint64            base_address;
  gboolean           wide;
  guint64            marker_address;
  char              *marker_label;     /* NULL: no marker */
};

G_DEFINE_FINAL_TYPE (PmHexView, pm_hex_view, GTK_TYPE_WIDGET)

char *
pm_hex_view_dup_row_text (PmHexView *self,
                          guint      row)
{
  const guint8 *data;
  gsize size, offset, n;
  GString *text;

  g_return_val_if_fail (PM_IS_HEX_VIEW (self), NULL);

  if (self->bytes == NULL)
    return NULL;
  data = g_bytes_get_data (self->bytes, &size);
  offset = (gsize) row * BYTES_PER_ROW;
  if (offset >= size)
    return NULL;
  n = MIN (BYTES_PER_ROW, size - offset);

  text = g_string_sized_new (96);
  if (self->wide)
    g_string_append_printf (text, "%016" G_GINT64_MODIFIER "x  ", self->base_address + offset);
  else
    g_string_append_printf (text, "%08" G_GINT64_MODIFIER "x  ", self->base_address + offset);

  for (gsize i = 0; i < BYTES_PER_ROW; i++)
    {
      if (i < n)
        g_string_append_printf (text, "%02x ", data[offset + i]);
      else
        g_string_append (text, "   ");
      if (i == 7)
        g_string_append_c (text, ' ');
    }
  g_string_append (text, " |");
  for (gsize i = 0; i < n; i++)
    {
      guint8 c = data[offset + i];
      g_string_append_c (text, c >= 0x20 && c < 0x7f ? (char) c : '.');
    }
  g_string_append_c (text, '|');
  if (self->marker_label != NULL &&
      self->marker_address >= self->base_address + offset &&
      self->marker_address < self->base_address + offset + n)
    {
      guint at = (guint) (self->marker_address - self->base_address - offset);

      /* "◀ sp" on its row, and which byte of the row when it is not the first. */
      if (at == 0)
        g_string_append_printf (text, "  ◀ %s", self->marker_label);
      else
        {
          g_string_append (text, "  ◀ ");
          /* TRANSLATORS: after a row of stack memory: "sp at byte 8" (a register's name,
           * then which byte of the row it points at). */
          g_string_append_printf (text, _("%s at byte %u"), self->marker_label, at);
        }
    }
  return g_string_free (text, FALSE);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          PmHexView                *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         PmHexView                *self)
{
  guint row = pm_index_item_get_index (gtk_list_item_get_item (item));
  g_autofree char *text = pm_hex_view_dup_row_text (self, row);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "");
}

static void
pm_hex_view_dispose (GObject *object)
{
  PmHexView *self = PM_HEX_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_HEX_VIEW);
  /* Children without an id are not cleared by the template: unparent them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->marker_label, g_free);

  G_OBJECT_CLASS (pm_hex_view_parent_class)->dispose (object);
}

static void
pm_hex_view_class_init (PmHexViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pm_hex_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-hex-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PmHexView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PmHexView, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pm_hex_view_init (PmHexView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->wide = TRUE;
  self->model = pm_index_model_new (0);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
pm_hex_view_new (void)
{
  return g_object_new (PM_TYPE_HEX_VIEW, NULL);
}

void
pm_hex_view_set_bytes (PmHexView *self,
                       GBytes    *bytes,
                       guint64    base_address,
                       gboolean   wide_addresses)
{
  gsize size = 0;
  guint64 rows;

  g_return_if_fail (PM_IS_HEX_VIEW (self));

  if (bytes != NULL)
    g_bytes_ref (bytes);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->bytes = bytes;
  self->base_address = base_address;
  self->wide = wide_addresses;
  g_clear_pointer (&self->marker_label, g_free);

  if (bytes != NULL)
    size = g_bytes_get_size (bytes);
  rows = (size + BYTES_PER_ROW - 1) / BYTES_PER_ROW;
  /* A list model counts in guint: beyond 64 GiB show the first part only. */
  pm_index_model_set_n_items (self->model, 0);
  pm_index_model_set_n_items (self->model, (guint) MIN (rows, G_MAXUINT));
}

GBytes *
pm_hex_view_get_bytes (PmHexView *self)
{
  g_return_val_if_fail (PM_IS_HEX_VIEW (self), NULL);
  return self->bytes;
}

guint64
pm_hex_view_get_base_address (PmHexView *self)
{
  g_return_val_if_fail (PM_IS_HEX_VIEW (self), 0);
  return self->base_address;
}

gboolean
pm_hex_view_scroll_to_address (PmHexView *self,
                               guint64    address)
{
  guint64 row;

  g_return_val_if_fail (PM_IS_HEX_VIEW (self), FALSE);

  if (self->bytes == NULL || address < self->base_address ||
      address - self->base_address >= g_bytes_get_size (self->bytes))
    return FALSE;

  row = (address - self->base_address) / BYTES_PER_ROW;
  gtk_single_selection_set_selected (self->selection, (guint) row);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", (guint) row);
  return TRUE;
}

void
pm_hex_view_set_marker (PmHexView  *self,
                        guint64     address,
                        const char *label)
{
  guint n;

  g_return_if_fail (PM_IS_HEX_VIEW (self));

  g_free (self->marker_label);
  self->marker_label = g_strdup (label);
  self->marker_address = address;
  /* Rebind the rows on screen. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  pm_index_model_set_n_items (self->model, 0);
  pm_index_model_set_n_items (self->model, n);
}
