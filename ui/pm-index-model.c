/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-index-model.c — PmIndexModel: a lazy list model of the numbers 0…n-1.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 */
#include "pm-config.h"

#include "pm-index-model.h"

struct _PmIndexItem
{
  GObject parent_instance;
  guint   index;
};

G_DEFINE_FINAL_TYPE (PmIndexItem, pm_index_item, G_TYPE_OBJECT)

static void
pm_index_item_class_init (PmIndexItemClass *klass)
{
}

static void
pm_index_item_init (PmIndexItem *self)
{
}

guint
pm_index_item_get_index (PmIndexItem *self)
{
  g_return_val_if_fail (PM_IS_INDEX_ITEM (self), 0);
  return self->index;
}

struct _PmIndexModel
{
  GObject parent_instance;
  guint   n_items;
};

static GType
pm_index_model_get_item_type (GListModel *model)
{
  return PM_TYPE_INDEX_ITEM;
}

static guint
pm_index_model_get_n_items (GListModel *model)
{
  return PM_INDEX_MODEL (model)->n_items;
}

static gpointer
pm_index_model_get_item (GListModel *model,
                         guint       position)
{
  PmIndexItem *item;

  if (position >= PM_INDEX_MODEL (model)->n_items)
    return NULL;
  item = g_object_new (PM_TYPE_INDEX_ITEM, NULL);
  item->index = position;
  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pm_index_model_get_item_type;
  iface->get_n_items = pm_index_model_get_n_items;
  iface->get_item = pm_index_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PmIndexModel, pm_index_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
pm_index_model_class_init (PmIndexModelClass *klass)
{
}

static void
pm_index_model_init (PmIndexModel *self)
{
}

PmIndexModel *
pm_index_model_new (guint n_items)
{
  PmIndexModel *self = g_object_new (PM_TYPE_INDEX_MODEL, NULL);

  self->n_items = n_items;
  return self;
}

void
pm_index_model_set_n_items (PmIndexModel *self,
                            guint         n_items)
{
  guint old;

  g_return_if_fail (PM_IS_INDEX_MODEL (self));

  old = self->n_items;
  if (old == n_items)
    return;
  self->n_items = n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n_items);
}
