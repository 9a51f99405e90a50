/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-actions.c — Save Report…, Copy Details and Copy Debugger Command for
 * the report a window shows (see pm-report-actions.h).
 *
 * Runs in: the postmortem GUI process (GTK main thread; the archive is written in
 * a pm-store-task.h worker).
 */
#include "pm-config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pm-bug-report.h"
#include "pm-report-actions.h"
#include "pm-report-text.h"
#include "pm-store-task.h"
#include "pm-window.h"

typedef struct
{
  char *key;
  char *path;
} SaveArchive;

static void
save_archive_free (gpointer data)
{
  SaveArchive *save = data;

  g_free (save->key);
  g_free (save->path);
  g_free (save);
}

/* Into a new name beside the chosen one first (an export never replaces a file),
 * then renamed over it: the chooser already asked whether to replace. */
static gpointer
save_archive_in_worker (PmStore       *store,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SaveArchive *save = data;
  const char *suffix = g_str_has_suffix (save->path, ".zip") ? ".zip" : ".tar.gz";
  g_autofree char *partial = g_strdup_printf ("%s.part-%08x%s", save->path, g_random_int (), suffix);

  if (!pm_store_export_report (store, save->key, partial, error))
    return NULL;
  if (g_rename (partial, save->path) != 0)
    {
      int saved_errno = errno;

      g_unlink (partial);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot write %s: %s", save->path, g_strerror (saved_errno));
      return NULL;
    }
  return g_strdup (save->path);
}

void
pm_report_save_archive (PmStore             *store,
                        const char          *key,
                        const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  SaveArchive *save = g_new0 (SaveArchive, 1);

  save->key = g_strdup (key);
  save->path = g_strdup (path);
  pm_store_task_run (store, save_archive_in_worker, save, save_archive_free, g_free,
                     cancellable, callback, user_data);
}

static char *
shell_quote_path (const char *path)
{
  return g_shell_quote (path);
}

char *
pm_report_dup_debugger_command (PmReport *report,
                                gboolean *tool_found)
{
  const char *dump = pm_report_get_minidump_name (report);
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *lldb = g_find_program_in_path ("lldb");
  g_autofree char *stackwalk = NULL;

  *tool_found = FALSE;
  if (dump == NULL)
    return NULL;
  /* Only a path in a command: the files are not read here. Where the folder is
   * belongs to the store (pm_report_dup_path). */
  folder = pm_report_dup_path (report);
  path = g_build_filename (folder, dump, NULL);
  quoted = shell_quote_path (path);
  if (lldb != NULL)
    {
      *tool_found = TRUE;
      return g_strdup_printf ("lldb --core %s", quoted);
    }
  stackwalk = g_find_program_in_path ("minidump_stackwalk");
  if (stackwalk != NULL)
    {
      *tool_found = TRUE;
      return g_strdup_printf ("minidump_stackwalk %s", quoted);
    }
  return g_strdup_printf ("lldb --core %s", quoted);
}

static void
copy_text (GtkWindow  *window,
           const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), text);
}

static void
copy_details_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  PmWindow *window = PM_WINDOW (user_data);
  PmReport *report = pm_window_get_shown_report (window);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;

  if (report == NULL)
    return;
  name = pm_report_dup_display_name (report);
  title = pm_bug_report_dup_title (report, name);
  body = pm_bug_report_dup_body (report, name);
  text = g_strdup_printf ("%s\n\n%s", title, body);
  copy_text (GTK_WINDOW (window), text);
  pm_window_add_toast (window, adw_toast_new (_("Details copied")));
}

static void
copy_debugger_command_action (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       user_data)
{
  PmWindow *window = PM_WINDOW (user_data);
  PmReport *report = pm_window_get_shown_report (window);
  g_autofree char *command = NULL;
  gboolean found = FALSE;

  if (report == NULL)
    return;
  command = pm_report_dup_debugger_command (report, &found);
  if (command == NULL)
    {
      pm_window_add_toast (window, adw_toast_new (_("This report has no crash dump to debug.")));
      return;
    }
  copy_text (GTK_WINDOW (window), command);
  pm_window_add_toast (window, adw_toast_new (found ? _("Debugger command copied: paste it into a terminal")
                                                    : _("Debugger command copied; LLDB is not installed")));
}

static void
archive_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PmWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pm_store_task_finish (result, &error);
  g_autofree char *text = NULL;

  if (path == NULL)
    /* Translators: %s says what went wrong. */
    text = g_strdup_printf (_("The report could not be saved: %s"), error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (path);
      /* Translators: %s is a file name. */
      text = g_strdup_printf (_("Report saved as %s"), name);
    }
  pm_window_add_toast (window, adw_toast_new (text));
}

void
pm_report_actions_save_to (GtkWindow *window,
                           GFile     *file)
{
  PmReport *report = pm_window_get_shown_report (PM_WINDOW (window));
  g_autofree char *path = g_file_get_path (file);

  if (report == NULL)
    return;
  if (path == NULL)
    {
      pm_window_add_toast (PM_WINDOW (window),
                           adw_toast_new (_("The report can only be saved to a folder on this computer.")));
      return;
    }
  pm_report_save_archive (pm_window_get_store (PM_WINDOW (window)), pm_report_get_key (report), path, NULL,
                          archive_saved_cb, g_object_ref (window));
}

static void
save_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(GtkWindow) window = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        pm_report_actions_save_to (window, file);
    }
  g_object_unref (chooser);
}

/* "crash-notes-2026-12-05.tar.gz": the key is long and means nothing to people. */
static char *
suggested_archive_name (PmReport *report)
{
  g_autofree char *app = g_strdup (pm_report_get_app_name (report) != NULL ? pm_report_get_app_name (report) : "report");
  GDateTime *when = pm_report_get_event_time (report);
  g_autofree char *day = when != NULL ? g_date_time_format (when, "%Y-%m-%d") : g_strdup ("");

  g_strcanon (app, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", '_');
  return g_strdup_printf ("crash-%s%s%s.tar.gz", app, *day ? "-" : "", day);
}

void
pm_report_show_save_chooser (GtkWindow *parent,
                             PmReport  *report,
                             GCallback  on_response,
                             gpointer   user_data)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Save Report"), parent,
                                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               _("_Save"), _("_Cancel"));
  g_autofree char *name = suggested_archive_name (report);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", on_response, user_data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_report_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkWindow *window = GTK_WINDOW (user_data);
  PmReport *report = pm_window_get_shown_report (PM_WINDOW (window));

  if (report != NULL)
    pm_report_show_save_chooser (window, report, G_CALLBACK (save_chooser_response_cb), g_object_ref (window));
}

void
pm_report_actions_update (GtkWindow *window,
                          PmReport  *report)
{
  static const char *names[] = { "save-report", "copy-details", "copy-debugger-command" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (window), names[i]);
      gboolean enabled = report != NULL && pm_report_get_load_error (report) == NULL;

      if (i == 2)
        enabled = enabled && pm_report_get_minidump_name (report) != NULL;
      if (G_IS_SIMPLE_ACTION (action))
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
    }
}

void
pm_report_actions_install (GtkWindow *window)
{
  static const GActionEntry entries[] = {
    { "save-report", save_report_action },
    { "copy-details", copy_details_action },
    { "copy-debugger-command", copy_debugger_command_action },
  };
  GMenu *section = pm_window_get_app_menu_section (PM_WINDOW (window));
  GtkApplication *app = gtk_window_get_application (window);

  g_action_map_add_action_entries (G_ACTION_MAP (window), entries, G_N_ELEMENTS (entries), window);
  pm_report_actions_update (window, pm_window_get_shown_report (PM_WINDOW (window)));
  if (app != NULL)
    {
      static const char *save_accels[] = { "<Control>s", NULL };
      gtk_application_set_accels_for_action (app, "win.save-report", save_accels);
    }
  /* A section of its own, before Preferences and About. */
  if (section != NULL && g_object_get_data (G_OBJECT (section), "pm-report-section") == NULL)
    {
      g_autoptr(GMenu) report_section = g_menu_new ();

      g_menu_append (report_section, _("_Save Report…"), "win.save-report");
      g_menu_append (report_section, _("Copy _Details"), "win.copy-details");
      g_menu_append (report_section, _("Copy De_bugger Command"), "win.copy-debugger-command");
      g_menu_prepend_section (section, NULL, G_MENU_MODEL (report_section));
      g_object_set_data (G_OBJECT (section), "pm-report-section", GINT_TO_POINTER (1));
    }
}
