/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dump-window.c — PmDumpWindow: a window for one minidump file.
 *
 * Runs in: the postmortem GUI process (GTK main thread; the file is opened
 * by PmDump in a worker thread).
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-dump-window.h"

struct _PmDumpWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  PmDumpView           *dump_view;
  AdwStatusPage        *error_page;

  /* Owned */
  GFile                *file;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (PmDumpWindow, pm_dump_window, ADW_TYPE_APPLICATION_WINDOW)

/* The dump's five page tabs belong to a dump: the loading and error pages have only the
 * file's name in the header bar. */
static void
pm_dump_window_update_switchers (PmDumpWindow *self)
{
  gboolean dump = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "dump") == 0;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, dump);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    dump && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
pm_dump_window_show_page (PmDumpWindow *self,
                          const char   *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  pm_dump_window_update_switchers (self);
}

/* The file shrank or was rewritten while shown: the pages would show zeros for it, so the
 * window says what happened instead (the application goes on). */
static void
pm_dump_window_file_changed_cb (PmDumpWindow *self,
                                const char   *message,
                                PmDumpView   *view)
{
  adw_status_page_set_description (self->error_page, message);
  pm_dump_window_show_page (self, "error");
}

static void
pm_dump_window_loaded_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(PmDumpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmDump) dump = pm_dump_load_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  gtk_spinner_stop (self->spinner);

  if (dump == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      pm_dump_window_show_page (self, "error");
      return;
    }

  pm_dump_view_set_dump (self->dump_view, dump);
  pm_dump_window_show_page (self, "dump");
}

GFile *
pm_dump_window_get_file (PmDumpWindow *self)
{
  g_return_val_if_fail (PM_IS_DUMP_WINDOW (self), NULL);
  return self->file;
}

PmDumpView *
pm_dump_window_get_dump_view (PmDumpWindow *self)
{
  g_return_val_if_fail (PM_IS_DUMP_WINDOW (self), NULL);
  return self->dump_view;
}

const char *
pm_dump_window_get_state (PmDumpWindow *self)
{
  g_return_val_if_fail (PM_IS_DUMP_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
pm_dump_window_get_tabs_shown (PmDumpWindow *self)
{
  g_return_val_if_fail (PM_IS_DUMP_WINDOW (self), FALSE);
  return adw_view_switcher_title_get_view_switcher_enabled (self->switcher_title) ||
         adw_view_switcher_bar_get_reveal (self->switcher_bar);
}

const char *
pm_dump_window_get_error_text (PmDumpWindow *self)
{
  g_return_val_if_fail (PM_IS_DUMP_WINDOW (self), NULL);
  return adw_status_page_get_description (self->error_page);
}

static void
pm_dump_window_dispose (GObject *object)
{
  PmDumpWindow *self = PM_DUMP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_DUMP_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (pm_dump_window_parent_class)->dispose (object);
}

static void
pm_dump_window_class_init (PmDumpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pm_dump_window_dispose;

  g_type_ensure (PM_TYPE_DUMP_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-dump-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PmDumpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PmDumpWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PmDumpWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, PmDumpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PmDumpWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PmDumpWindow, dump_view);
  gtk_widget_class_bind_template_child (widget_class, PmDumpWindow, error_page);
}

static void
pm_dump_window_init (PmDumpWindow *self)
{
  AdwViewStack *pages;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The header bar switches the dump's pages; the view's own switcher is not needed. */
  pages = pm_dump_view_get_stack (self->dump_view);
  adw_view_switcher_title_set_stack (self->switcher_title, pages);
  adw_view_switcher_bar_set_stack (self->switcher_bar, pages);
  pm_dump_view_set_show_switcher (self->dump_view, FALSE);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (pm_dump_window_update_switchers), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dump_view, "file-changed",
                           G_CALLBACK (pm_dump_window_file_changed_cb), self, G_CONNECT_SWAPPED);
}

PmDumpWindow *
pm_dump_window_new (GtkApplication *application,
                    GFile          *file)
{
  PmDumpWindow *self;
  g_autofree char *name = NULL;
  g_autofree char *parse_name = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (PM_TYPE_DUMP_WINDOW, "application", application, NULL);
  self->file = g_object_ref (file);
  self->cancellable = g_cancellable_new ();

  name = g_file_get_basename (file);
  parse_name = g_file_get_parse_name (file);
  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_view_switcher_title_set_title (self->switcher_title, name);
  adw_view_switcher_title_set_subtitle (self->switcher_title, parse_name);

  /* A local file opens at once: the reader maps it and reads only the stream
   * directory (well under a millisecond even for a 1 GiB heap dump), so the
   * first frame already shows the dump. Other files go through a worker. */
  if (g_file_is_native (file))
    {
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autoptr(PmDump) dump = path ? pm_dump_new_for_path (path, &error) : NULL;

      if (dump != NULL)
        {
          pm_dump_view_set_dump (self->dump_view, dump);
          pm_dump_window_show_page (self, "dump");
          return self;
        }
      if (error != NULL)
        {
          adw_status_page_set_description (self->error_page, error->message);
          pm_dump_window_show_page (self, "error");
          return self;
        }
    }

  pm_dump_window_show_page (self, "loading");
  gtk_spinner_start (self->spinner);
  pm_dump_load_file_async (file, self->cancellable, pm_dump_window_loaded_cb, g_object_ref (self));
  return self;
}
