/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-application.c — PmApplication: actions, accelerators, windows.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Every application-wide action and every keyboard shortcut is registered
 * here, in the two tables below, so that new features (the crash dialog,
 * preferences, notifications) add a line rather than a new mechanism.
 * Window actions (win.*) live with their window; their accelerators are
 * listed here too so that the shortcuts window has one source.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-application.h"
#include "pm-crash-dialog.h"
#include "pm-dump-window.h"
#include "pm-send-actions.h"
#include "pm-window.h"

struct _PmApplication
{
  AdwApplication parent_instance;

  /* Owned */
  PmStore       *store;        /* NULL when it could not be opened (store_error says why) */
  GError        *store_error;
  gboolean       opening;      /* the store is being opened in a worker */
  gboolean       activate_waiting; /* activated meanwhile: the window comes when it is open */
};

G_DEFINE_FINAL_TYPE (PmApplication, pm_application, ADW_TYPE_APPLICATION)

static void
pm_application_open_response_cb (GtkNativeDialog *dialog,
                                 int              response,
                                 gpointer         user_data)
{
  PmApplication *self = PM_APPLICATION (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      guint n = g_list_model_get_n_items (files);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          pm_application_open_dump_file (self, file);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_application_release (G_APPLICATION (self));
}

static void
pm_application_open_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  PmApplication *self = PM_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) dumps = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open Minidump"), parent,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

  gtk_file_filter_set_name (dumps, _("Minidumps"));
  gtk_file_filter_add_pattern (dumps, "*.dmp");
  gtk_file_filter_add_pattern (dumps, "*.mdmp");
  gtk_file_filter_add_mime_type (dumps, "application/x-minidump");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), dumps);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);

  /* Keep the application alive while the dialog is up, even without windows. */
  g_application_hold (G_APPLICATION (self));
  g_signal_connect (native, "response", G_CALLBACK (pm_application_open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
pm_application_quit_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* Application actions. Add new ones here. */
static const GActionEntry app_actions[] = {
  { "open", pm_application_open_action },
  { "quit", pm_application_quit_action },
};

/* Every keyboard shortcut of the application, app.* and win.* alike. */
static const struct {
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.open",               { "<Control>o", NULL } },
  { "app.quit",               { "<Control>q", NULL } },
  { "app.preferences",        { "<Control>comma", NULL } },
  { "win.send-report",        { "<Control>Return", NULL } },
  { "win.show-help-overlay",  { "<Control>question", NULL } },
  { "window.close",           { "<Control>w", NULL } },
  { "win.search",             { "<Control>f", NULL } },
  { "win.show-history",       { "<Control>h", NULL } },
  { "win.filter::pending",    { "<Alt>1", NULL } },
  { "win.filter::sent",       { "<Alt>2", NULL } },
  { "win.filter::declined",   { "<Alt>3", NULL } },
  { "win.filter::all",        { "<Alt>4", NULL } },
  /* Plain Delete works in the report list itself (PmWindow): as a global
   * accelerator it would take the key from the search entry. */
  { "win.delete-selected",    { "<Control>Delete", NULL } },
  { "win.delete-all",         { "<Shift><Control>Delete", NULL } },
  { "win.open-folder",        { "<Control><Shift>o", NULL } },
  { "win.show-report",        { "<Alt>r", NULL } },
  { "win.show-dump",          { "<Alt>d", NULL } },
  { "win.copy-report-id",     { "<Control><Shift>c", NULL } },
};

GtkWindow *
pm_application_get_main_window (PmApplication *self)
{
  g_return_val_if_fail (PM_IS_APPLICATION (self), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (PM_IS_WINDOW (l->data))
      return GTK_WINDOW (l->data);

  return NULL;
}

void
pm_application_open_dump_file (PmApplication *self,
                               GFile         *file)
{
  PmDumpWindow *window;

  g_return_if_fail (PM_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  window = pm_dump_window_new (GTK_APPLICATION (self), file);
  gtk_window_present (GTK_WINDOW (window));
}

static void
pm_application_activate (GApplication *app)
{
  PmApplication *self = PM_APPLICATION (app);
  GtkWindow *window = pm_application_get_main_window (self);

  /* The report list needs the store: shown as soon as it is open, the
   * application held until then (it has no window yet). */
  if (self->opening)
    {
      if (!self->activate_waiting)
        g_application_hold (app);
      self->activate_waiting = TRUE;
      return;
    }
  if (window == NULL)
    window = GTK_WINDOW (pm_window_new (GTK_APPLICATION (self), self->store, self->store_error));

  gtk_window_present (window);
}

static void
pm_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PmApplication *self = PM_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    pm_application_open_dump_file (self, files[i]);
}

/* The crash dialog (`postmortem --report KEY`, a notification's Review) stays above the
 * main window, which shows the same report selected, but does not block it: the person
 * can read the report before deciding. A transient dialog does not join the
 * application (no GtkApplication::window-added), so every new toplevel is looked at;
 * its template makes it modal during construction, hence the change at realize. */
static void
pm_application_crash_dialog_realize_cb (GtkWindow *dialog)
{
  gtk_window_set_modal (dialog, FALSE);
}

static void
pm_application_toplevels_changed_cb (GListModel *toplevels,
                                     guint       position,
                                     guint       removed,
                                     guint       added,
                                     gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PM_IS_CRASH_DIALOG (window))
        g_signal_connect (window, "realize", G_CALLBACK (pm_application_crash_dialog_realize_cb), NULL);
    }
}

/* Opening the store creates and opens its folders: a worker does it, so that a
 * slow or hung home never blocks the GTK thread (the application reads no file
 * there). */
static void
open_store_in_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  PmStore *store = pm_store_open_default (&error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PmApplication *self = PM_APPLICATION (object);

  self->opening = FALSE;
  self->store = g_task_propagate_pointer (G_TASK (result), &self->store_error);
  /* Watched so new reports appear at once (inotify, made here: its events come
   * to this thread). */
  if (self->store != NULL && !pm_store_watch (self->store, &self->store_error))
    {
      g_warning ("Cannot watch the report store for changes: %s", self->store_error->message);
      g_clear_error (&self->store_error);
    }
  else if (self->store == NULL)
    g_warning ("Cannot open the report store: %s", self->store_error->message);

  pm_send_actions_store_opened (GTK_APPLICATION (self), self->store);
  if (self->activate_waiting)
    {
      self->activate_waiting = FALSE;
      g_application_activate (G_APPLICATION (self));
      g_application_release (G_APPLICATION (self));
    }
}

static void
pm_application_startup (GApplication *app)
{
  PmApplication *self = PM_APPLICATION (app);

  G_APPLICATION_CLASS (pm_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           app_accels[i].action,
                                           app_accels[i].accels);

  /* One store for the process, opened in a worker; what needs it waits
   * (activate here, the actions there). No hold: a D-Bus-activated service
   * would quit at its release. */
  {
    g_autoptr(GTask) task = g_task_new (self, NULL, store_opened_cb, NULL);

    self->opening = TRUE;
    g_task_set_source_tag (task, pm_application_startup);
    g_task_run_in_thread (task, open_store_in_worker);
  }

  /* The crash dialog, notifications, preferences and about (pm-send-actions.h). */
  pm_send_actions_install_opening (GTK_APPLICATION (self));
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (pm_application_toplevels_changed_cb), self, 0);
}

static void
pm_application_shutdown (GApplication *app)
{
  PmApplication *self = PM_APPLICATION (app);

  /* Reports deleted with an undo toast still up are deleted now (in workers: wait for
   * them, the main loop has stopped). */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (PM_IS_WINDOW (l->data))
      {
        pm_window_flush_deletions (PM_WINDOW (l->data));
        pm_window_wait_for_deletions (PM_WINDOW (l->data));
      }

  G_APPLICATION_CLASS (pm_application_parent_class)->shutdown (app);
}

PmStore *
pm_application_get_store (PmApplication *self)
{
  g_return_val_if_fail (PM_IS_APPLICATION (self), NULL);
  return self->store;
}

static void
pm_application_finalize (GObject *object)
{
  PmApplication *self = PM_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (pm_application_parent_class)->finalize (object);
}

static int
pm_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  /* postmortem --report KEY */
  return pm_send_actions_handle_local_options (app, options);
}

static void
pm_application_class_init (PmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pm_application_finalize;
  app_class->shutdown = pm_application_shutdown;

  app_class->startup = pm_application_startup;
  app_class->activate = pm_application_activate;
  app_class->open = pm_application_open;
  app_class->handle_local_options = pm_application_handle_local_options;
}

static void
pm_application_init (PmApplication *self)
{
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE.dmp…]"));
  pm_send_actions_add_options (G_APPLICATION (self));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Review crash reports and open minidumps."));
}

PmApplication *
pm_application_new (void)
{
  return g_object_new (PM_TYPE_APPLICATION,
                       "application-id", PM_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/postmortem/Postmortem",
                       NULL);
}
