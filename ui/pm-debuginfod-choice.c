/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfod-choice.c — the debuginfod choice and servers: the setting and
 * its Preferences group (pm-debuginfod-choice.h).
 *
 * Runs in: the postmortem GUI process, GTK main thread.
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pm-debuginfod-choice.h"
#include "pm-settings-writer.h"

#define GROUP       "Symbols"
#define KEY_CHOICE  "Debuginfod"
#define KEY_SERVERS "DebuginfodServers"

/* In the order of the Preferences row. */
static const char *const choice_names[] = { "ask", "always", "never" };

PmDebuginfodChoice
pm_debuginfod_choice_get (PmSettings *settings)
{
  g_autofree char *value = pm_settings_get_value (settings, GROUP, KEY_CHOICE);

  for (guint i = 0; value != NULL && i < G_N_ELEMENTS (choice_names); i++)
    if (g_ascii_strcasecmp (g_strstrip (value), choice_names[i]) == 0)
      return (PmDebuginfodChoice) i;
  /* Absent or unknown: the person has not agreed to anything. */
  return PM_DEBUGINFOD_ASK;
}

gboolean
pm_debuginfod_choice_set (PmSettings          *settings,
                          PmDebuginfodChoice   choice,
                          GError             **error)
{
  g_return_val_if_fail ((guint) choice < G_N_ELEMENTS (choice_names), FALSE);
  return pm_settings_set_value (settings, GROUP, KEY_CHOICE, choice_names[choice], error);
}

/* servers with runs of white space made single spaces, without http(s) URLs
 * dropped: libdebuginfod takes the list as it is. */
static char *
normalize_servers (const char *servers)
{
  g_auto(GStrv) parts = g_strsplit_set (servers != NULL ? servers : "", " \t\n", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_has_prefix (parts[i], "http://") || g_str_has_prefix (parts[i], "https://"))
      g_strv_builder_add (kept, parts[i]);
  result = g_strv_builder_end (kept);
  return g_strjoinv (" ", result);
}

char *
pm_debuginfod_servers_get (PmSettings *settings)
{
  g_autofree char *value = pm_settings_get_value (settings, GROUP, KEY_SERVERS);

  if (value != NULL && g_strstrip (value)[0] != '\0')
    return normalize_servers (value);
  /* The application is a program, not a library: its environment is its own. */
  return normalize_servers (g_getenv ("DEBUGINFOD_URLS"));
}

gboolean
pm_debuginfod_servers_set (PmSettings  *settings,
                           const char  *servers,
                           GError     **error)
{
  g_autofree char *normal = normalize_servers (servers);

  return pm_settings_set_value (settings, GROUP, KEY_SERVERS, normal[0] != '\0' ? normal : NULL, error);
}

char *
pm_debuginfod_servers_describe (const char *servers)
{
  g_auto(GStrv) urls = g_strsplit (servers != NULL ? servers : "", " ", -1);
  g_autoptr(GStrvBuilder) hosts = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; urls[i] != NULL; i++)
    {
      g_autoptr(GUri) uri = urls[i][0] != '\0' ? g_uri_parse (urls[i], G_URI_FLAGS_NONE, NULL) : NULL;
      const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

      if (host == NULL || host[0] == '\0')
        continue;
      if (g_uri_get_port (uri) > 0)
        {
          g_autofree char *with_port = g_strdup_printf ("%s:%d", host, g_uri_get_port (uri));
          g_strv_builder_add (hosts, with_port);
        }
      else
        g_strv_builder_add (hosts, host);
    }
  result = g_strv_builder_end (hosts);
  return g_strjoinv (", ", result);
}

/* ---- the Preferences group ---------------------------------------------------- */

typedef struct
{
  PmSettings *settings;   /* owned */
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_object_unref (group->settings);
  g_free (group);
}

static void
show_error (GtkWidget    *widget,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (error->message));
}

/* owner: the row. */
static void
choice_saved_cb (GObject      *owner,
                 PmSettings   *settings,
                 const GError *error)
{
  if (error != NULL)
    show_error (GTK_WIDGET (owner), error);
}

static gboolean
write_choice (PmSettings  *settings,
              gpointer     data,
              GError     **error)
{
  return pm_debuginfod_choice_set (settings, (PmDebuginfodChoice) GPOINTER_TO_UINT (data), error);
}

static void
choice_changed_cb (AdwComboRow *row,
                   GParamSpec  *pspec,
                   Group       *group)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected < G_N_ELEMENTS (choice_names))
    pm_settings_write_async (group->settings, write_choice, GUINT_TO_POINTER (selected), NULL,
                             G_OBJECT (row), choice_saved_cb);
}

static gboolean
write_servers (PmSettings  *settings,
               gpointer     data,
               GError     **error)
{
  return pm_debuginfod_servers_set (settings, data, error);
}

/* owner: the entry row, which shows what was kept: only http(s) URLs, and
 * the environment's when emptied. */
static void
servers_saved_cb (GObject      *owner,
                  PmSettings   *settings,
                  const GError *error)
{
  GtkWidget *row = GTK_WIDGET (owner);
  Group *group = g_object_get_data (owner, "pm-debuginfod-group");
  g_autofree char *servers = NULL;

  if (error != NULL)
    show_error (row, error);
  if (group == NULL)
    return;
  /* The file as the change left it (a snapshot: no I/O here). */
  g_set_object (&group->settings, settings);
  servers = pm_debuginfod_servers_get (group->settings);
  gtk_editable_set_text (GTK_EDITABLE (row), servers);
}

static void
servers_apply_cb (AdwEntryRow *row,
                  Group       *group)
{
  pm_settings_write_async (group->settings, write_servers, g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))),
                           g_free, G_OBJECT (row), servers_saved_cb);
}

GtkWidget *
pm_debuginfod_choice_group_new (PmSettings *settings)
{
  GtkWidget *widget = adw_preferences_group_new ();
  GtkWidget *choice = adw_combo_row_new ();
  GtkWidget *servers = adw_entry_row_new ();
  const char *labels[] = { _("Ask First"), _("Always"), _("Never"), NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);
  g_autofree char *current = pm_debuginfod_servers_get (settings);
  Group *group = g_new0 (Group, 1);

  gtk_widget_set_name (widget, "debuginfod");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (widget), _("Debug Information Servers"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (widget),
                                         _("Debuginfod servers give the symbols of programs and libraries "
                                           "this computer has no debug files for. Asking one sends it the "
                                           "build IDs of the modules in a backtrace."));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (choice), _("_Download Symbols"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (choice), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (choice), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (choice), (guint) pm_debuginfod_choice_get (settings));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (widget), choice);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (servers), _("Servers (URLs, separated by spaces)"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (servers), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (servers), current);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (widget), servers);

  group->settings = g_object_ref (settings);
  g_object_set_data_full (G_OBJECT (widget), "pm-debuginfod-choice", group, group_free);
  g_object_set_data (G_OBJECT (servers), "pm-debuginfod-group", group);
  g_signal_connect (choice, "notify::selected", G_CALLBACK (choice_changed_cb), group);
  g_signal_connect (servers, "apply", G_CALLBACK (servers_apply_cb), group);
  return widget;
}
