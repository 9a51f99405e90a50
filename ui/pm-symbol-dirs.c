/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-symbol-dirs.c — symbol folders: the setting and its Preferences page
 * (pm-symbol-dirs.h).
 *
 * Runs in: the postmortem GUI process (see the header for which thread).
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pm-settings-writer.h"
#include "pm-symbol-dirs.h"

#define GROUP "Symbols"
#define KEY   "Directories"

char **
pm_symbol_dirs_get (PmSettings *settings)
{
  g_autofree char *value = pm_settings_get_value (settings, GROUP, KEY);
  g_auto(GStrv) parts = value != NULL ? g_strsplit (value, ";", -1) : NULL;
  GPtrArray *dirs = g_ptr_array_new ();

  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    if (parts[i][0] == '/')   /* absolute paths only: nothing relative to where the app runs */
      g_ptr_array_add (dirs, g_strdup (parts[i]));
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}

gboolean
pm_symbol_dirs_set (PmSettings         *settings,
                    const char *const  *dirs,
                    GError            **error)
{
  g_autofree char *value = g_strjoinv (";", (char **) dirs);

  return pm_settings_set_value (settings, GROUP, KEY, value, error);
}

/* ---- the page ---------------------------------------------------------------- */

typedef struct
{
  PmSettings          *settings;   /* owned: a snapshot (pm-settings-writer.h) */
  AdwPreferencesGroup *group;      /* borrowed: the page owns it */
  GPtrArray           *rows;       /* the folder rows shown */
} Page;

static void
page_free (gpointer data)
{
  Page *page = data;

  g_object_unref (page->settings);
  g_ptr_array_unref (page->rows);
  g_free (page);
}

static void page_fill (Page *page);

/* A folder added or removed, by the settings writer (pm-settings-writer.h):
 * the list is read and changed there, so two quick changes both count. */
typedef struct
{
  gboolean  add;
  char     *dir;
} DirChange;

static void
dir_change_free (gpointer data)
{
  DirChange *change = data;

  g_free (change->dir);
  g_free (change);
}

static gboolean
write_dir_change (PmSettings  *settings,
                  gpointer     data,
                  GError     **error)
{
  DirChange *change = data;
  g_auto(GStrv) dirs = pm_symbol_dirs_get (settings);
  g_autoptr(GStrvBuilder) result = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  if (change->add && g_strv_contains ((const char *const *) dirs, change->dir))
    return TRUE;   /* already there: its place stays */
  for (guint i = 0; dirs[i] != NULL; i++)
    if (g_strcmp0 (dirs[i], change->dir) != 0)
      g_strv_builder_add (result, dirs[i]);
  if (change->add)
    g_strv_builder_add (result, change->dir);
  kept = g_strv_builder_end (result);
  return pm_symbol_dirs_set (settings, (const char *const *) kept, error);
}

/* owner: the page widget. */
static void
dir_saved_cb (GObject      *owner,
              PmSettings   *settings,
              const GError *error)
{
  Page *page = g_object_get_data (owner, "pm-symbol-dirs-page");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (owner));

  if (error != NULL && ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (error->message));
  if (page != NULL)
    {
      /* The file as the change left it (a snapshot: no I/O here). */
      g_set_object (&page->settings, settings);
      page_fill (page);
    }
}

static void
save (Page       *page,
      gboolean    add,
      const char *dir)
{
  DirChange *change = g_new0 (DirChange, 1);
  GtkWidget *widget = gtk_widget_get_ancestor (GTK_WIDGET (page->group), ADW_TYPE_PREFERENCES_PAGE);

  change->add = add;
  change->dir = g_strdup (dir);
  pm_settings_write_async (page->settings, write_dir_change, change, dir_change_free, G_OBJECT (widget), dir_saved_cb);
}

static void
remove_clicked_cb (GtkButton *button,
                   Page      *page)
{
  save (page, FALSE, g_object_get_data (G_OBJECT (button), "pm-dir"));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Page            *page)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL && strchr (path, ';') == NULL)
        save (page, TRUE, path);
    }
  g_object_unref (chooser);
}

static void
add_clicked_cb (GtkButton *button,
                Page      *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Add a Folder of Symbol Files"), GTK_WINDOW (root),
                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Add"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), page);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
page_fill (Page *page)
{
  g_auto(GStrv) dirs = pm_symbol_dirs_get (page->settings);

  for (guint i = 0; i < page->rows->len; i++)
    adw_preferences_group_remove (page->group, g_ptr_array_index (page->rows, i));
  g_ptr_array_set_size (page->rows, 0);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *label = g_strdup_printf (_("Remove %s"), dirs[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dirs[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (remove), "pm-dir", g_strdup (dirs[i]), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), page);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (page->group, row);
      g_ptr_array_add (page->rows, row);
    }
  if (dirs[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No folder chosen"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Programs of this computer are named without any: their files are found by build-id."));
      adw_preferences_group_add (page->group, row);
      g_ptr_array_add (page->rows, row);
    }
}

GtkWidget *
pm_symbol_dirs_page_new (PmSettings *settings)
{
  GtkWidget *widget = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Folder…"));
  Page *page = g_new0 (Page, 1);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (widget), _("Symbols"));
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (widget), "symbols");
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (widget), "system-search-symbolic");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Symbol Folders"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Folders of Breakpad symbol files (NAME/DEBUG-ID/NAME.sym), "
                                           "used to name the functions of minidumps from other computers."));
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (widget), ADW_PREFERENCES_GROUP (group));

  page->settings = g_object_ref (settings);
  page->group = ADW_PREFERENCES_GROUP (group);
  page->rows = g_ptr_array_new ();
  g_object_set_data_full (G_OBJECT (widget), "pm-symbol-dirs-page", page, page_free);
  g_signal_connect (add, "clicked", G_CALLBACK (add_clicked_cb), page);
  page_fill (page);
  return widget;
}
