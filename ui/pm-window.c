/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-window.c — PmWindow: the main window, the reports of the store.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Left: the report list (PmReportList, one row per bucket) behind a search
 * filter and a multi-selection. Right: the selected bucket's newest report
 * (PmReportPage) and its minidump (PmDumpView). Deleting hides the reports at
 * once and removes them from the store only when the undo toast goes away, so
 * Undo never has to restore files. Store files are opened and deleted in worker
 * threads (pm-store-task.h), never on the GTK thread.
 */
#include "pm-config.h"

#include <unistd.h>

#include <glib/gi18n.h>

#include "pm-dump.h"
#include "pm-dump-view.h"
#include "pm-history-view.h"
#include "pm-report-page.h"
#include "pm-report-row.h"
#include "pm-report-text.h"
#include "pm-store-task.h"
#include "pm-window.h"

struct _PmWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkMenuButton        *filter_button;
  GtkStack             *list_stack;
  GtkListView          *list_view;
  AdwStatusPage        *empty_page;
  GtkStack             *content_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *report_stack;
  PmReportPage         *report_page;
  GtkStack             *dump_stack;
  PmDumpView           *dump_view;
  AdwStatusPage        *dump_error_page;
  GtkWidget            *send_button;
  GMenu                *app_section;

  /* Owned */
  PmStore              *store;
  PmReportList         *reports;
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *search_filter;
  GtkMultiSelection    *selection;
  char                 *needle;         /* casefolded search text */
  char                 *shown_key;      /* the report the right pane shows */
  struct _PendingDelete *pending_delete; /* deletion waiting for its undo toast */
  GCancellable         *dump_cancellable;
  GCancellable         *store_cancellable; /* cancelled when the window goes */
  guint                 n_deleting;       /* deletions running in workers */
  const char           *filter;         /* one of filter_names */
};

G_DEFINE_FINAL_TYPE (PmWindow, pm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *filter_names[] = { "pending", "sent", "all" };
static const char *filter_labels[] = { N_("Pending"), N_("Sent"), N_("All Reports") };
static const PmReportState filter_states[] = {
  PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE, PM_REPORT_STATE_ALL,
};

/* --- Showing a report ------------------------------------------------------- */

static void
pm_window_dump_loaded_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(PmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmDump) dump = NULL;

  dump = pm_dump_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (dump == NULL)
    {
      adw_status_page_set_description (self->dump_error_page, error->message);
      gtk_stack_set_visible_child_name (self->dump_stack, "error");
      pm_dump_view_set_dump (self->dump_view, NULL);
      return;
    }

  pm_dump_view_set_dump (self->dump_view, dump);
  gtk_stack_set_visible_child_name (self->dump_stack, "dump");
}

static void
close_fd_plus_one (gpointer data)
{
  close (GPOINTER_TO_INT (data) - 1);
}

/* Opens the report's minidump in a worker: the GTK thread touches no store file. The
 * report's store is only used for openat() on its folders, which any thread may do. */
static void
open_dump_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  PmReport *report = task_data;
  GError *error = NULL;
  int fd = pm_report_open_file (report, pm_report_get_minidump_name (report), &error);

  if (fd < 0)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, GINT_TO_POINTER (fd + 1), close_fd_plus_one);
}

static void
pm_window_dump_opened_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(PmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  PmReport *report = g_task_get_task_data (G_TASK (result));
  gpointer fd_plus_one = g_task_propagate_pointer (G_TASK (result), &error);

  if (fd_plus_one == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->dump_error_page, error->message);
      gtk_stack_set_visible_child_name (self->dump_stack, "error");
      pm_dump_view_set_dump (self->dump_view, NULL);
      return;
    }
  /* The cancellable of this report's dump: cancelled when another is shown. */
  pm_dump_load_fd_async (GPOINTER_TO_INT (fd_plus_one) - 1, pm_report_get_minidump_name (report),
                         self->dump_cancellable, pm_window_dump_loaded_cb, g_object_ref (self));
}

static void
pm_window_show_report (PmWindow *self,
                       PmReport *report)
{
  const char *dump_name;

  g_cancellable_cancel (self->dump_cancellable);
  g_clear_object (&self->dump_cancellable);

  if (report == NULL)
    {
      g_clear_pointer (&self->shown_key, g_free);
      pm_report_page_set_report (self->report_page, NULL, NULL);
      pm_dump_view_set_dump (self->dump_view, NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "none");
      adw_view_switcher_title_set_title (self->switcher_title, _("Postmortem"));
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-folder", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-report-id", FALSE);
      gtk_widget_remove_css_class (self->send_button, "suggested-action");
      return;
    }

  g_free (self->shown_key);
  self->shown_key = g_strdup (pm_report_get_key (report));

  {
    g_autofree char *name = pm_report_dup_display_name (report);
    adw_view_switcher_title_set_title (self->switcher_title, name);
  }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-folder", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-report-id", TRUE);
  if (pm_report_get_state (report) == PM_REPORT_STATE_QUEUE)
    gtk_widget_add_css_class (self->send_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->send_button, "suggested-action");

  gtk_stack_set_visible_child_name (self->content_stack, "report");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);

  dump_name = pm_report_get_minidump_name (report);
  if (dump_name == NULL)
    {
      adw_status_page_set_title (self->dump_error_page, _("No Minidump"));
      adw_status_page_set_description (self->dump_error_page,
                                       _("This report holds no minidump file."));
      gtk_stack_set_visible_child_name (self->dump_stack, "error");
      pm_dump_view_set_dump (self->dump_view, NULL);
      return;
    }

  adw_status_page_set_title (self->dump_error_page, _("The Dump Cannot Be Read"));
  self->dump_cancellable = g_cancellable_new ();
  {
    g_autoptr(GTask) task = g_task_new (NULL, self->dump_cancellable, pm_window_dump_opened_cb, g_object_ref (self));

    g_task_set_source_tag (task, pm_window_show_report);
    g_task_set_task_data (task, g_object_ref (report), g_object_unref);
    g_task_run_in_thread (task, open_dump_in_thread);
  }
}

static void
pm_window_report_page_notify_report_cb (PmWindow     *self,
                                        GParamSpec   *pspec,
                                        PmReportPage *page)
{
  PmReport *report = pm_report_page_get_report (page);

  if (report != NULL && g_strcmp0 (pm_report_get_key (report), self->shown_key) != 0)
    pm_window_show_report (self, report);
}

/* Shows the newest report of the first selected bucket (or nothing). */
static void
pm_window_update_content (PmWindow *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(PmReportGroup) group = NULL;
  guint n_selected = (guint) gtk_bitset_get_size (selected);
  PmReport *report;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-selected", n_selected > 0);

  if (n_selected == 0)
    {
      pm_window_show_report (self, NULL);
      return;
    }

  group = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));

  /* Keep showing the same report when the list reloads under us. */
  if (self->shown_key != NULL && pm_report_group_contains_key (group, self->shown_key))
    {
      for (guint i = 0; i < pm_report_group_get_n_reports (group); i++)
        {
          report = pm_report_group_get_report (group, i);
          if (g_strcmp0 (pm_report_get_key (report), self->shown_key) == 0)
            {
              pm_report_page_set_report (self->report_page, report, group);
              return;
            }
        }
    }

  report = pm_report_group_get_newest (group);
  pm_report_page_set_report (self->report_page, report, group);
  pm_window_show_report (self, report);
}

static void
pm_window_selection_changed_cb (PmWindow   *self,
                                guint       position,
                                guint       n_items,
                                GtkSelectionModel *model)
{
  pm_window_update_content (self);
}

/* --- The list ---------------------------------------------------------------- */

static void
pm_window_update_list_page (PmWindow *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->reports));

  if (n_shown > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (n_all > 0 || (self->needle != NULL && *self->needle != '\0'))
    gtk_stack_set_visible_child_name (self->list_stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "empty");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-all",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->reports)) > 0);
}

/* After the first load, show the newest report when both panes are visible. */
static void
pm_window_loading_changed_cb (PmWindow     *self,
                              GParamSpec   *pspec,
                              PmReportList *list)
{
  pm_window_update_list_page (self);

  if (!pm_report_list_get_loading (list) && self->shown_key == NULL &&
      !adw_leaflet_get_folded (self->leaflet) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
}

static void
pm_window_items_changed_cb (PmWindow   *self,
                            guint       position,
                            guint       removed,
                            guint       added,
                            GListModel *model)
{
  pm_window_update_list_page (self);

  /* A reload replaces every group: select again the bucket that was shown. */
  if (self->shown_key != NULL)
    {
      g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

      if (gtk_bitset_is_empty (selected))
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

          for (guint i = 0; i < n; i++)
            {
              g_autoptr(PmReportGroup) group = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

              if (pm_report_group_contains_key (group, self->shown_key))
                {
                  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
                  return;
                }
            }
          pm_window_update_content (self);
        }
    }
}

static gboolean
pm_window_filter_func (gpointer item,
                       gpointer user_data)
{
  PmWindow *self = user_data;

  return pm_report_group_matches (PM_REPORT_GROUP (item), self->needle);
}

static void
pm_window_search_changed_cb (PmWindow       *self,
                             GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_free (self->needle);
  self->needle = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
  pm_window_update_list_page (self);
}

static void
pm_window_stop_search_cb (PmWindow       *self,
                          GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
pm_window_list_activate_cb (PmWindow    *self,
                            guint        position,
                            GtkListView *list_view)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
pm_window_back_clicked_cb (PmWindow  *self,
                           GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (item, pm_report_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  pm_report_row_set_group (PM_REPORT_ROW (gtk_list_item_get_child (item)),
                           gtk_list_item_get_item (item));
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  pm_report_row_set_group (PM_REPORT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
pm_window_set_filter (PmWindow   *self,
                      const char *filter)
{
  for (guint i = 0; i < G_N_ELEMENTS (filter_names); i++)
    if (g_strcmp0 (filter, filter_names[i]) == 0)
      {
        if (g_strcmp0 (self->filter, filter_names[i]) == 0)
          return;
        self->filter = filter_names[i];
        pm_report_list_set_states (self->reports, filter_states[i]);
        gtk_menu_button_set_label (self->filter_button, _(filter_labels[i]));
        pm_window_update_list_page (self);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
        return;
      }
  g_warning ("Unknown report filter “%s”", filter);
}

/* --- Deleting ---------------------------------------------------------------- */

typedef struct
{
  PmWindow     *self;   /* owned */
  GApplication *app;    /* owned, held until the reports are gone; may be NULL */
  GStrv         keys;
} Deletion;

static void
deletion_free (Deletion *deletion)
{
  if (deletion->app != NULL)
    {
      g_application_release (deletion->app);
      g_object_unref (deletion->app);
    }
  g_object_unref (deletion->self);
  g_strfreev (deletion->keys);
  g_free (deletion);
}

/* Deletes every key; the first failure (not counting reports already gone) is the error. */
static gpointer
delete_reports_in_worker (PmStore       *store,
                          gpointer       data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  const char * const *keys = data;

  /* Not stopped by @cancellable: the person deleted them; the window may be gone. */
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!pm_store_delete_report (store, keys[i], &local_error) &&
          !g_error_matches (local_error, PM_ERROR, PM_ERROR_NOT_FOUND))
        {
          g_warning ("Cannot delete report %s: %s", keys[i], local_error->message);
          if (error != NULL && *error == NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
        }
    }
  return NULL;
}

static void
pm_window_deleted_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Deletion *deletion = user_data;
  PmWindow *self = deletion->self;
  g_autoptr(GError) error = NULL;

  pm_store_task_finish (result, &error);
  self->n_deleting--;
  if (error != NULL && !g_cancellable_is_cancelled (self->store_cancellable))
    {
      g_autofree char *title = NULL;

      /* Show them again: they are still in the store. */
      pm_report_list_unhide_keys (self->reports, (const char * const *) deletion->keys);
      title = g_strdup_printf (_("Could not delete a report: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
    }
  deletion_free (deletion);
}

static void
pm_window_delete_now (PmWindow           *self,
                      const char * const *keys)
{
  Deletion *deletion = g_new0 (Deletion, 1);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  deletion->self = g_object_ref (self);
  deletion->keys = g_strdupv ((GStrv) keys);
  self->n_deleting++;
  if (app != NULL)
    {
      /* Quitting waits for the deletion rather than leaving half of it. */
      deletion->app = G_APPLICATION (g_object_ref (app));
      g_application_hold (deletion->app);
    }
  pm_store_task_run (self->store, delete_reports_in_worker, g_strdupv ((GStrv) keys),
                     (GDestroyNotify) g_strfreev, NULL, self->store_cancellable,
                     pm_window_deleted_cb, deletion);
}

/* The deletion waiting for its undo toast to go. There is one at a time: a
 * second deletion joins it (one toast, "3 reports deleted"), because a second
 * toast would wait behind the first, and libadwaita 1.2 asserts when a
 * high-priority toast postpones one being shown. */
typedef struct _PendingDelete
{
  AdwToast  *toast;    /* owned */
  GPtrArray *keys;     /* char * */
  gboolean   undone;
} PendingDelete;

static void
pending_delete_free (PendingDelete *pending)
{
  g_signal_handlers_disconnect_matched (pending->toast, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, pending);
  g_clear_object (&pending->toast);
  g_ptr_array_unref (pending->keys);
  g_free (pending);
}

static const char * const *
pending_keys (PendingDelete *pending)
{
  /* NULL-terminated view of the array. */
  if (pending->keys->len == 0 || g_ptr_array_index (pending->keys, pending->keys->len - 1) != NULL)
    g_ptr_array_add (pending->keys, NULL);
  return (const char * const *) pending->keys->pdata;
}

static void
pm_window_toast_undo_cb (AdwToast      *toast,
                         PendingDelete *pending)
{
  pending->undone = TRUE;
}

/* The toast went away: by Undo, or by its timeout. */
static void
pm_window_toast_dismissed_cb (AdwToast      *toast,
                              PendingDelete *pending)
{
  PmWindow *self = g_object_get_data (G_OBJECT (toast), "pm-window");

  g_assert (self->pending_delete == pending);
  self->pending_delete = NULL;

  if (pending->undone)
    pm_report_list_unhide_keys (self->reports, pending_keys (pending));
  else
    pm_window_delete_now (self, pending_keys (pending));

  pending_delete_free (pending);
}

void
pm_window_flush_deletions (PmWindow *self)
{
  PendingDelete *pending;

  g_return_if_fail (PM_IS_WINDOW (self));

  pending = g_steal_pointer (&self->pending_delete);
  if (pending == NULL)
    return;

  if (!pending->undone)
    pm_window_delete_now (self, pending_keys (pending));
  /* The toast may stay up a little longer: it can no longer undo anything. */
  adw_toast_set_button_label (pending->toast, NULL);
  adw_toast_set_title (pending->toast, _("Reports deleted"));
  pending_delete_free (pending);
}

void
pm_window_wait_for_deletions (PmWindow *self)
{
  g_return_if_fail (PM_IS_WINDOW (self));

  /* Only waits: the deletions run in workers, and their ends come back here. */
  while (self->n_deleting > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
pm_window_delete_keys (PmWindow *self,
                       GStrv     keys)
{
  g_autofree char *title = NULL;
  PendingDelete *pending = self->pending_delete;
  guint n;

  if (keys == NULL || keys[0] == NULL)
    {
      g_strfreev (keys);
      return;
    }

  pm_report_list_hide_keys (self->reports, (const char * const *) keys);

  if (pending == NULL)
    {
      pending = g_new0 (PendingDelete, 1);
      pending->keys = g_ptr_array_new_with_free_func (g_free);
    }
  else if (pending->keys->len > 0 && g_ptr_array_index (pending->keys, pending->keys->len - 1) == NULL)
    g_ptr_array_set_size (pending->keys, pending->keys->len - 1);

  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (pending->keys, g_steal_pointer (&keys[i]));
  g_free (keys);

  n = pending->keys->len;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report deleted", "%u reports deleted", n), n);

  if (pending->toast != NULL)
    {
      adw_toast_set_title (pending->toast, title);
      return;
    }

  pending->toast = adw_toast_new (title);
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  /* Long enough to notice and reach the button from the keyboard. */
  adw_toast_set_timeout (pending->toast, 10);
  g_object_set_data (G_OBJECT (pending->toast), "pm-window", self);
  g_signal_connect (pending->toast, "button-clicked", G_CALLBACK (pm_window_toast_undo_cb), pending);
  g_signal_connect (pending->toast, "dismissed", G_CALLBACK (pm_window_toast_dismissed_cb), pending);
  self->pending_delete = pending;

  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (pending->toast));
}

void
pm_window_delete_selected (PmWindow *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  GtkBitsetIter iter;
  guint position;

  g_return_if_fail (PM_IS_WINDOW (self));

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(PmReportGroup) group = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      for (guint i = 0; i < pm_report_group_get_n_reports (group); i++)
        g_strv_builder_add (keys, pm_report_get_key (pm_report_group_get_report (group, i)));
    }

  pm_window_delete_keys (self, g_strv_builder_end (keys));
}

static void
pm_window_delete_all_response_cb (AdwMessageDialog *dialog,
                                  const char       *response,
                                  PmWindow         *self)
{
  g_autoptr(GStrvBuilder) keys = NULL;
  guint n;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  keys = g_strv_builder_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self->reports));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PmReportGroup) group = g_list_model_get_item (G_LIST_MODEL (self->reports), i);

      for (guint r = 0; r < pm_report_group_get_n_reports (group); r++)
        g_strv_builder_add (keys, pm_report_get_key (pm_report_group_get_report (group, r)));
    }
  pm_window_delete_keys (self, g_strv_builder_end (keys));
}

static guint
pm_window_count_listed_reports (PmWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->reports));
  guint total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PmReportGroup) group = g_list_model_get_item (G_LIST_MODEL (self->reports), i);
      total += pm_report_group_get_n_reports (group);
    }
  return total;
}

static void
pm_window_delete_all_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  PmWindow *self = PM_WINDOW (widget);
  GtkWidget *dialog;
  guint n = pm_window_count_listed_reports (self);
  const char *heading;

  if (n == 0)
    return;

  if (pm_report_list_get_states (self->reports) == PM_REPORT_STATE_QUEUE)
    heading = _("Delete All Pending Reports?");
  else if (pm_report_list_get_states (self->reports) == PM_REPORT_STATE_ARCHIVE)
    heading = _("Delete All Sent Reports?");
  else
    heading = _("Delete All Reports?");

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%u report and its files will be deleted from this computer. You can undo this for a few seconds.",
                                               "%u reports and their files will be deleted from this computer. You can undo this for a few seconds.",
                                               n),
                                  n);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete All"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (pm_window_delete_all_response_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pm_window_delete_selected_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  pm_window_delete_selected (PM_WINDOW (widget));
}

/* --- Other actions ----------------------------------------------------------- */

static void
pm_window_search_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  PmWindow *self = PM_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The history of crashes and hangs, in place of the list and the report. */
static void
pm_window_show_history_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  PmWindow *self = PM_WINDOW (widget);

  if (self->store != NULL)
    pm_history_view_show_in_window (self, self->toast_overlay, GTK_WIDGET (self->leaflet));
}

static void
pm_window_open_folder_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  PmWindow *self = PM_WINDOW (widget);
  PmReport *report = pm_report_page_get_report (self->report_page);
  g_autoptr(GFile) dir = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  if (report == NULL)
    return;

  {
    g_autofree char *path = pm_report_dup_path (report);
    dir = g_file_new_for_path (path);
  }
  uri = g_file_get_uri (dir);
  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    {
      g_autofree char *title = g_strdup_printf (_("Could not open the folder: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
    }
}

/* Opens one file of the shown report (a triage dump…) in a dump window. */
static void
pm_window_open_report_file_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  PmWindow *self = PM_WINDOW (widget);
  PmReport *report = pm_report_page_get_report (self->report_page);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const char *name = g_variant_get_string (param, NULL);
  g_autoptr(GFile) file = NULL;

  /* Only names the report lists, never a path made of report content. */
  if (report == NULL || app == NULL || !pm_store_name_is_valid (name))
    return;
  for (guint i = 0; i < pm_report_get_n_files (report); i++)
    if (g_strcmp0 (pm_report_get_file_name (report, i), name) == 0)
      {
        g_autofree char *dir = pm_report_dup_path (report);

        file = g_file_new_build_filename (dir, name, NULL);
        g_application_open (app, &file, 1, "");
        return;
      }
}

static void
pm_window_copy_report_id_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  PmWindow *self = PM_WINDOW (widget);
  PmReport *report = pm_report_page_get_report (self->report_page);

  if (report == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), pm_report_get_key (report));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Report key copied")));
}

static void
pm_window_show_page_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  PmWindow *self = PM_WINDOW (widget);

  if (gtk_stack_get_visible_child_name (self->content_stack) == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "report") != 0)
    return;
  adw_view_stack_set_visible_child_name (self->report_stack,
                                         g_str_equal (action_name, "win.show-dump") ? "dump" : "report");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* --- Drag and drop ----------------------------------------------------------- */

static gboolean
pm_window_drop_cb (GtkDropTarget *target,
                   const GValue  *value,
                   double         x,
                   double         y,
                   PmWindow      *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GSList *files;
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || app == NULL)
    return FALSE;

  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (array, l->data);
  if (array->len == 0)
    return FALSE;

  g_application_open (app, (GFile **) array->pdata, (int) array->len, "");
  return TRUE;
}

/* --- GObject ------------------------------------------------------------------ */

PmStore *
pm_window_get_store (PmWindow *self)
{
  g_return_val_if_fail (PM_IS_WINDOW (self), NULL);
  return self->store;
}

PmReportList *
pm_window_get_report_list (PmWindow *self)
{
  g_return_val_if_fail (PM_IS_WINDOW (self), NULL);
  return self->reports;
}

PmReport *
pm_window_get_shown_report (PmWindow *self)
{
  g_return_val_if_fail (PM_IS_WINDOW (self), NULL);
  return self->shown_key ? pm_report_page_get_report (self->report_page) : NULL;
}

GtkSelectionModel *
pm_window_get_selection (PmWindow *self)
{
  g_return_val_if_fail (PM_IS_WINDOW (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

const char *
pm_window_get_list_page (PmWindow *self)
{
  g_return_val_if_fail (PM_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->list_stack);
}

GtkWidget *
pm_window_get_report_page (PmWindow *self)
{
  g_return_val_if_fail (PM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->report_page);
}

GtkWidget *
pm_window_get_dump_view (PmWindow *self)
{
  g_return_val_if_fail (PM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->dump_view);
}

const char *
pm_window_get_dump_state (PmWindow *self)
{
  g_return_val_if_fail (PM_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->dump_stack);
}

void
pm_window_set_search_text (PmWindow   *self,
                           const char *text)
{
  g_return_if_fail (PM_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* search-changed is delayed; apply now. */
  pm_window_search_changed_cb (self, self->search_entry);
}

void
pm_window_set_content_page (PmWindow   *self,
                            const char *name)
{
  g_return_if_fail (PM_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->report_stack, name);
}

GMenu *
pm_window_get_app_menu_section (PmWindow *self)
{
  g_return_val_if_fail (PM_IS_WINDOW (self), NULL);
  return self->app_section;
}

void
pm_window_add_toast (PmWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (PM_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
pm_window_select_report (PmWindow   *self,
                         const char *key)
{
  guint n;

  g_return_val_if_fail (PM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PmReportGroup) group = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (!pm_report_group_contains_key (group, key))
        continue;

      g_free (self->shown_key);
      self->shown_key = g_strdup (key);
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
      for (guint r = 0; r < pm_report_group_get_n_reports (group); r++)
        if (g_strcmp0 (pm_report_get_key (pm_report_group_get_report (group, r)), key) == 0)
          {
            PmReport *report = pm_report_group_get_report (group, r);
            pm_report_page_set_report (self->report_page, report, group);
            g_clear_pointer (&self->shown_key, g_free);
            pm_window_show_report (self, report);
          }
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      return TRUE;
    }
  return FALSE;
}

static void
pm_window_close_request_flush (PmWindow *self)
{
  pm_window_flush_deletions (self);
}

static gboolean
pm_window_close_request (GtkWindow *window)
{
  pm_window_close_request_flush (PM_WINDOW (window));
  return GTK_WINDOW_CLASS (pm_window_parent_class)->close_request (window);
}

static void
pm_window_dispose (GObject *object)
{
  PmWindow *self = PM_WINDOW (object);

  /* Deletions the user did not undo happen even when the window goes first. */
  if (self->store != NULL)
    pm_window_flush_deletions (self);
  g_cancellable_cancel (self->store_cancellable);

  g_cancellable_cancel (self->dump_cancellable);
  g_clear_object (&self->dump_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->reports);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pm_window_parent_class)->dispose (object);
}

static void
pm_window_finalize (GObject *object)
{
  PmWindow *self = PM_WINDOW (object);

  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->shown_key, g_free);
  g_clear_object (&self->store_cancellable);

  G_OBJECT_CLASS (pm_window_parent_class)->finalize (object);
}

static void
pm_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PmWindow *self = PM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_string (value, self->filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PmWindow *self = PM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      if (self->reports != NULL)
        pm_window_set_filter (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_window_class_init (PmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pm_window_dispose;
  object_class->finalize = pm_window_finalize;
  object_class->get_property = pm_window_get_property;
  object_class->set_property = pm_window_set_property;
  window_class->close_request = pm_window_close_request;

  /* Which reports the list shows: "pending", "sent" or "all". */
  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PM_TYPE_REPORT_PAGE);
  g_type_ensure (PM_TYPE_DUMP_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, report_stack);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, report_page);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, dump_stack);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, dump_view);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, dump_error_page);
  gtk_widget_class_bind_template_child (widget_class, PmWindow, send_button);
  gtk_widget_class_bind_template_child_full (widget_class, "app_section", FALSE,
                                             G_STRUCT_OFFSET (PmWindow, app_section));
  gtk_widget_class_bind_template_callback (widget_class, pm_window_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_window_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_window_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_window_back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, pm_window_search_action);
  gtk_widget_class_install_action (widget_class, "win.show-history", NULL, pm_window_show_history_action);
  gtk_widget_class_install_property_action (widget_class, "win.filter", "filter");
  gtk_widget_class_install_action (widget_class, "win.delete-selected", NULL, pm_window_delete_selected_action);
  gtk_widget_class_install_action (widget_class, "win.delete-all", NULL, pm_window_delete_all_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, pm_window_open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.copy-report-id", NULL, pm_window_copy_report_id_action);
  gtk_widget_class_install_action (widget_class, "win.open-report-file", "s", pm_window_open_report_file_action);
  gtk_widget_class_install_action (widget_class, "win.show-report", NULL, pm_window_show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-dump", NULL, pm_window_show_page_action);
}

static void
pm_window_init (PmWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkDropTarget *drop;

  self->filter = "all";
  self->store_cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  /* Delete in the list deletes the selected reports (and only there, so the
   * search entry keeps its Delete key). */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();
    const char *keys[] = { "Delete", "KP_Delete" };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                            gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i]),
                                                              gtk_named_action_new ("win.delete-selected")));
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);
  }

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->sidebar));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (pm_window_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (self->report_page, "notify::report",
                           G_CALLBACK (pm_window_report_page_notify_report_cb),
                           self, G_CONNECT_SWAPPED);

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-selected", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-all", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-folder", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-report-id", FALSE);
}

PmWindow *
pm_window_new (GtkApplication *application,
               PmStore        *store,
               const GError   *error)
{
  PmWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store != NULL || error != NULL, NULL);

  self = g_object_new (PM_TYPE_WINDOW, "application", application, NULL);

  if (store == NULL)
    {
      g_autofree char *description =
        g_strdup_printf (_("Postmortem could not open its report store: %s"), error->message);

      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("Reports Are Unavailable"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->filter_button), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", FALSE);
      return self;
    }

  self->store = g_object_ref (store);
  pm_report_page_set_store (self->report_page, store);
  self->reports = pm_report_list_new (store);
  self->search_filter = gtk_custom_filter_new (pm_window_filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->reports)),
                                              g_object_ref (GTK_FILTER (self->search_filter)));
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (pm_window_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reports, "notify::loading",
                           G_CALLBACK (pm_window_loading_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (pm_window_selection_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->list_stack, "list");
  return self;
}
