/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-preferences-window.c — PmPreferencesWindow: the settings shared with
 * postmortemctl, edited in place.
 *
 * Runs in: the postmortem GUI process (GTK main thread; the connection test is
 * async on the same main context). The store's numbers and purges run in worker
 * threads (pm-store-task.h); the settings file is read and written here.
 *
 * Every control writes its one key through PmSettings the moment it changes
 * (GNOME preferences have no Apply button), except the server address, which is
 * written when applied so a half-typed URL is never saved. Refreshing from the
 * file sets controls under `updating`, so reading never writes back.
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "pm-debuginfod-choice.h"
#include "pm-endpoint.h"
#include "pm-info-row.h"
#include "pm-preferences-window.h"
#include "pm-report-text.h"
#include "pm-settings-writer.h"
#include "pm-store-task.h"
#include "pm-symbol-dirs.h"

#define MEGABYTE (G_GUINT64_CONSTANT (1024) * 1024)
#define CONNECTION_TEST_TIMEOUT_SECONDS 10

struct _PmPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwComboRow          *kind_row;
  AdwEntryRow          *url_row;
  AdwActionRow         *test_row;
  GtkSpinner           *test_spinner;
  GtkButton            *test_button;
  GtkSwitch            *auto_send_switch;
  AdwComboRow          *default_consent_row;
  AdwPreferencesGroup  *consent_group;
  GtkListBox           *app_consent_list;
  AdwEntryRow          *add_app_consent_row;
  AdwActionRow         *queue_size_row;
  AdwActionRow         *archive_size_row;
  AdwActionRow         *total_size_row;
  GtkButton            *delete_sent_button;
  GtkButton            *delete_all_button;
  GtkSpinButton        *max_queue_spin;
  GtkSpinButton        *max_archive_spin;
  GtkSpinButton        *max_megabytes_spin;
  GtkSpinButton        *min_free_megabytes_spin;
  GListModel           *consent_model;
  GListModel           *app_consent_model;

  /* owned */
  PmStore              *store;
  PmSettings           *settings;            /* a snapshot: read here, never the file */
  GFileMonitor         *settings_monitor;
  GCancellable         *test_cancellable;
  GCancellable         *store_cancellable;   /* the storage numbers and purges */
  guint                 storage_generation;  /* the newest measurement asked for */
  guint                 total_count;         /* reports in the store, last measured */
  gboolean              purging;
  guint                 refresh_idle_id;
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (PmPreferencesWindow, pm_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The rows of the server type list, in order. */
static const PmEndpointKind kinds[] = { PM_ENDPOINT_BREAKPAD, PM_ENDPOINT_SOCORRO, PM_ENDPOINT_SENTRY };

/* The settings as last read (a snapshot made by the settings thread,
 * pm-settings-writer.h): reading it does no I/O. Changes go to its file. */
static PmSettings *
get_settings (PmPreferencesWindow *self)
{
  return self->settings;
}

/* A newer snapshot of the settings (after a change or a read). */
static void
take_settings (PmPreferencesWindow *self,
               PmSettings          *settings)
{
  if (settings != NULL)
    g_set_object (&self->settings, settings);
}

static void
show_error (PmPreferencesWindow *self,
            const char          *what,
            const GError        *error)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", what, error->message);
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
  g_debug ("preferences: %s", text);
}

/* The end of a settings change (pm-settings-writer.h): the file as it is
 * now, and a toast naming what could not be saved. */
#define DEFINE_SAVED_CB(name, what)                                            \
  static void                                                                  \
  name (GObject *owner, PmSettings *settings, const GError *error)             \
  {                                                                            \
    take_settings (PM_PREFERENCES_WINDOW (owner), settings);                   \
    if (error != NULL)                                                         \
      show_error (PM_PREFERENCES_WINDOW (owner), what, error);                 \
  }
DEFINE_SAVED_CB (server_kind_saved_cb, _("Could not save the server type"))
DEFINE_SAVED_CB (server_saved_cb, _("Could not save the server"))
DEFINE_SAVED_CB (auto_send_saved_cb, _("Could not save automatic sending"))
DEFINE_SAVED_CB (default_consent_saved_cb, _("Could not save the default consent"))
DEFINE_SAVED_CB (quota_saved_cb, _("Could not save the limits"))

static PmEndpointKind
selected_kind (PmPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  return i < G_N_ELEMENTS (kinds) ? kinds[i] : PM_ENDPOINT_BREAKPAD;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* --- Server ------------------------------------------------------------------ */

static void
update_url_row_title (PmPreferencesWindow *self)
{
  if (selected_kind (self) == PM_ENDPOINT_SENTRY)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Sentry DSN"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Address"));
}

/* The address saved for the server type selected (URL, or DSN for Sentry). */
static void
show_saved_address (PmPreferencesWindow *self)
{
  g_autofree char *value = pm_settings_get_value (get_settings (self), "Server",
                                                  selected_kind (self) == PM_ENDPOINT_SENTRY ? "Dsn" : "Url");

  /* Keep what the person is typing unless the file says something else. */
  if (g_strcmp0 (value ? value : "", gtk_editable_get_text (GTK_EDITABLE (self->url_row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), value ? value : "");
}

static void
refresh_server (PmPreferencesWindow *self)
{
  PmSettings *settings = get_settings (self);
  g_autofree char *kind_text = pm_settings_get_value (settings, "Server", "Kind");
  PmEndpointKind kind = PM_ENDPOINT_BREAKPAD;

  if (kind_text != NULL && !pm_endpoint_kind_from_string (kind_text, &kind, NULL))
    kind = PM_ENDPOINT_BREAKPAD;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i] == kind)
      adw_combo_row_set_selected (self->kind_row, i);
  update_url_row_title (self);
  show_saved_address (self);
  gtk_switch_set_active (self->auto_send_switch,
                         pm_settings_get_boolean (settings, "Server", "AutoSend", FALSE));
}

static void
pm_preferences_window_kind_changed_cb (PmPreferencesWindow *self)
{
  if (self->updating)
    return;

  update_url_row_title (self);
  pm_settings_write_value_async (get_settings (self), "Server", "Kind", pm_endpoint_kind_to_string (selected_kind (self)),
                                 G_OBJECT (self), server_kind_saved_cb);

  /* The field now means something else (URL or DSN): show what is saved for
   * it (the type itself is being written meanwhile). */
  self->updating = TRUE;
  show_saved_address (self);
  self->updating = FALSE;
}

/* Validates the typed address the way the uploader will read it. */
static PmEndpoint *
endpoint_from_row (PmPreferencesWindow *self,
                   GError             **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  PmEndpointKind kind = selected_kind (self);

  if (kind == PM_ENDPOINT_SENTRY)
    return pm_endpoint_new_for_dsn (text, error);
  return pm_endpoint_new_for_url (kind, text, error);
}

static void
pm_preferences_window_url_apply_cb (PmPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmEndpoint) endpoint = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  gboolean sentry = selected_kind (self) == PM_ENDPOINT_SENTRY;

  if (text[0] != '\0')
    {
      endpoint = endpoint_from_row (self, &error);
      if (endpoint == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
          show_error (self, sentry ? _("This is not a Sentry DSN") : _("This is not a server address"), error);
          return;
        }
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");

  pm_settings_write_value_async (get_settings (self), "Server", "Kind", pm_endpoint_kind_to_string (selected_kind (self)),
                                 G_OBJECT (self), server_saved_cb);
  pm_settings_write_value_async (get_settings (self), "Server", sentry ? "Dsn" : "Url", text[0] != '\0' ? text : NULL,
                                 G_OBJECT (self), server_saved_cb);
}

static void
pm_preferences_window_auto_send_cb (PmPreferencesWindow *self)
{
  if (self->updating)
    return;
  pm_settings_write_value_async (get_settings (self), "Server", "AutoSend",
                                 gtk_switch_get_active (self->auto_send_switch) ? "true" : "false",
                                 G_OBJECT (self), auto_send_saved_cb);
}

static void
finish_connection_test (PmPreferencesWindow *self,
                        const char          *result)
{
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  adw_action_row_set_subtitle (self->test_row, result);
}

static void
pm_preferences_window_test_done_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(PmPreferencesWindow) self = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_clear_object (&self->test_cancellable);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why a connection failed, from the system. */
      text = g_strdup_printf (_("The server could not be reached: %s"), error->message);
    }
  else
    {
      status = soup_message_get_status (message);
      /* The test only visits the address (GET); a crash receiver takes reports
       * (POST) and commonly turns a visit away with 405 or 400: that is the answer
       * of a working receiver. */
      if (status >= 500)
        text = g_strdup (_("The server is there but has a problem right now. Try again later."));
      else if (status == 401 || status == 403)
        text = g_strdup (_("The server is there but refused access. Check the address or the key."));
      else if (status == 404 || status == 410)
        text = g_strdup (_("The server is there, but nothing takes reports at this address. Check the address."));
      else
        text = g_strdup (_("The server is there and takes reports."));
    }
  finish_connection_test (self, text);
}

static void
pm_preferences_window_test_clicked_cb (PmPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmEndpoint) endpoint = endpoint_from_row (self, &error);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;

  if (endpoint == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not tested: %s"), error->message);
      adw_action_row_set_subtitle (self->test_row, text);
      return;
    }

  message = soup_message_new (SOUP_METHOD_GET, pm_endpoint_get_submit_url (endpoint));
  if (message == NULL)
    {
      adw_action_row_set_subtitle (self->test_row, _("Not tested: the address cannot be used."));
      return;
    }

  session = soup_session_new_with_options ("timeout", CONNECTION_TEST_TIMEOUT_SECONDS,
                                           "user-agent", "Postmortem/" PACKAGE_VERSION,
                                           NULL);
  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  self->test_cancellable = g_cancellable_new ();

  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  gtk_spinner_start (self->test_spinner);
  adw_action_row_set_subtitle (self->test_row, _("Testing…"));
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, self->test_cancellable,
                                    pm_preferences_window_test_done_cb, g_object_ref (self));
}

/* --- Consent and collection ------------------------------------------------------ */

/* The rows of an application's "Send Reports" list, in order (the default's list
 * has the first four only: "never" is a choice for one application). */
static const PmConsentLevel app_levels[] = {
  PM_CONSENT_ALWAYS_ASK,
  PM_CONSENT_PARAMETERS_ONLY,
  PM_CONSENT_PARAMETERS_SAFE_DATA,
  PM_CONSENT_ALL_DATA,
  PM_CONSENT_NEVER_SEND,
};

/* The levels' list shows whole names, wrapped, never "Signature and cra…". */
static void
level_item_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_list_item_set_child (item, label);
}

static void
level_item_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static void
use_whole_level_names (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (level_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (level_item_bind_cb), NULL);
  adw_combo_row_set_list_factory (row, factory);
}

static guint
app_level_position (PmConsentLevel level)
{
  for (guint i = 0; i < G_N_ELEMENTS (app_levels); i++)
    if (app_levels[i] == level)
      return i;
  return 0;
}

static const char *
app_name_of (gpointer object)
{
  return g_object_get_data (G_OBJECT (object), "pm-app-name");
}

static void
set_app_name (gpointer    object,
              const char *app)
{
  g_object_set_data_full (G_OBJECT (object), "pm-app-name", g_strdup (app), g_free);
}

/* What the application's row says when folded: how it is sent, and whether
 * reports are made at all. */
static char *
describe_app (PmSettings *settings,
              const char *app)
{
  PmConsentLevel level = pm_settings_get_consent (settings, app);

  if (pm_settings_is_excluded (settings, app))
    return g_strdup (_("No crash reports are made"));
  switch (level)
    {
    case PM_CONSENT_NEVER_SEND:
      return g_strdup (_("Never sent; reports are kept on this computer"));
    case PM_CONSENT_PARAMETERS_ONLY:
      return g_strdup (_("Sends the crash signature without asking"));
    case PM_CONSENT_PARAMETERS_SAFE_DATA:
      return g_strdup (_("Sends the signature and a crash dump without asking"));
    case PM_CONSENT_ALL_DATA:
      return g_strdup (_("Sends everything without asking"));
    case PM_CONSENT_ALWAYS_ASK:
    default:
      return g_strdup (_("Asks before sending"));
    }
}

/* After a change in an application's row: its folded summary follows. The
 * rows are not rebuilt here, inside their own signal (the file monitor
 * refreshes the window a moment later). */
static void
update_app_summary (PmPreferencesWindow *self,
                    GtkWidget           *inner)
{
  GtkWidget *expander = gtk_widget_get_ancestor (inner, ADW_TYPE_EXPANDER_ROW);
  g_autofree char *summary = NULL;

  if (expander == NULL)
    return;
  summary = describe_app (get_settings (self), app_name_of (inner));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
}

/* A change of one application's entries, made by the settings writer. */
typedef struct
{
  char           *app;
  gboolean        set_level;
  PmConsentLevel  level;
  gboolean        level_is_default; /* the default level, read when written */
  gboolean        set_excluded;
  gboolean        excluded;
} AppChange;

static void
app_change_free (gpointer data)
{
  AppChange *change = data;

  g_free (change->app);
  g_free (change);
}

static gboolean
write_app_change (PmSettings  *settings,
                  gpointer     data,
                  GError     **error)
{
  AppChange *change = data;
  PmConsentLevel level = change->level_is_default ? pm_settings_get_consent (settings, NULL) : change->level;

  if (change->set_level && !pm_settings_set_consent (settings, change->app, level, error))
    return FALSE;
  return !change->set_excluded || pm_settings_set_excluded (settings, change->app, change->excluded, error);
}

static AppChange *
app_change_new (const char *app)
{
  AppChange *change = g_new0 (AppChange, 1);

  change->app = g_strdup (app);
  return change;
}

/* owner: the row's widget whose application changed. */
static void
app_saved_cb (GObject      *owner,
              PmSettings   *settings,
              const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (owner));

  if (!PM_IS_PREFERENCES_WINDOW (root))
    return;
  take_settings (PM_PREFERENCES_WINDOW (root), settings);
  if (error != NULL)
    show_error (PM_PREFERENCES_WINDOW (root), _("Could not save the consent"), error);
  update_app_summary (PM_PREFERENCES_WINDOW (root), GTK_WIDGET (owner));
}

/* owner: the window; its list of applications is read again. */
static void
apps_saved_cb (GObject      *owner,
               PmSettings   *settings,
               const GError *error)
{
  take_settings (PM_PREFERENCES_WINDOW (owner), settings);
  if (error != NULL)
    show_error (PM_PREFERENCES_WINDOW (owner), _("Could not save the consent"), error);
  pm_preferences_window_refresh (PM_PREFERENCES_WINDOW (owner));
}

static void
app_consent_changed_cb (AdwComboRow         *row,
                        GParamSpec          *pspec,
                        PmPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || selected >= G_N_ELEMENTS (app_levels))
    return;
  pm_settings_write_consent_async (get_settings (self), app_name_of (row), app_levels[selected],
                                   G_OBJECT (row), app_saved_cb);
}

static void
app_collect_changed_cb (GtkSwitch           *toggle,
                        GParamSpec          *pspec,
                        PmPreferencesWindow *self)
{
  AppChange *change;

  if (self->updating)
    return;
  change = app_change_new (app_name_of (toggle));
  change->set_excluded = TRUE;
  change->excluded = !gtk_switch_get_active (toggle);
  pm_settings_write_async (get_settings (self), write_app_change, change, app_change_free, G_OBJECT (toggle), app_saved_cb);
}

static void
app_remove_cb (GtkButton           *button,
               PmPreferencesWindow *self)
{
  AppChange *change = app_change_new (app_name_of (button));

  change->set_level = TRUE;
  change->level = 0;   /* removes the entry */
  change->set_excluded = TRUE;
  change->excluded = FALSE;
  pm_settings_write_async (get_settings (self), write_app_change, change, app_change_free, G_OBJECT (self), apps_saved_cb);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* The applications with a choice of their own: their own level, or reports
 * not collected. Sorted, each once. */
static GPtrArray *
list_apps (PmSettings *settings)
{
  g_auto(GStrv) consent = pm_settings_list_consent_apps (settings);
  g_auto(GStrv) excluded = pm_settings_list_excluded (settings);
  GPtrArray *apps = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; consent != NULL && consent[i] != NULL; i++)
    g_ptr_array_add (apps, g_strdup (consent[i]));
  for (guint i = 0; excluded != NULL && excluded[i] != NULL; i++)
    if (consent == NULL || !g_strv_contains ((const char * const *) consent, excluded[i]))
      g_ptr_array_add (apps, g_strdup (excluded[i]));
  g_ptr_array_sort (apps, compare_names);
  return apps;
}

static GtkWidget *
make_app_row (PmPreferencesWindow *self,
              const char          *app)
{
  PmSettings *settings = get_settings (self);
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *level_row = adw_combo_row_new ();
  GtkWidget *collect_row = adw_action_row_new ();
  GtkWidget *collect = gtk_switch_new ();
  g_autofree char *summary = describe_app (settings, app);
  g_autofree char *tooltip = g_strdup_printf (_("Use the Defaults for %s"), app);
  g_autofree char *collect_subtitle = NULL;
  GtkWidget *remove = pm_icon_button_new ("user-trash-symbolic", tooltip);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), app);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
  set_app_name (remove, app);
  g_signal_connect (remove, "clicked", G_CALLBACK (app_remove_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), remove);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (level_row), _("Send Reports"));
  adw_combo_row_set_model (ADW_COMBO_ROW (level_row), self->app_consent_model);
  use_whole_level_names (ADW_COMBO_ROW (level_row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (level_row),
                              app_level_position (pm_settings_get_consent (settings, app)));
  set_app_name (level_row, app);
  g_signal_connect (level_row, "notify::selected", G_CALLBACK (app_consent_changed_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), level_row);

  /* Not collecting is a different promise from not sending: say it plainly. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (collect_row), _("Collect Crash Reports"));
  /* Translators: %s is an application's name. */
  collect_subtitle = g_strdup_printf (_("When off, no crash reports are made for %s at all, not even on this computer."), app);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (collect_row), collect_subtitle);
  gtk_switch_set_active (GTK_SWITCH (collect), !pm_settings_is_excluded (settings, app));
  gtk_widget_set_valign (collect, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (collect), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Collect Crash Reports"), -1);
  set_app_name (collect, app);
  g_signal_connect (collect, "notify::active", G_CALLBACK (app_collect_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (collect_row), collect);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (collect_row), collect);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), collect_row);

  set_app_name (expander, app);
  return expander;
}

/* Which application rows are unfolded, so a refresh keeps them so. */
static GHashTable *
expanded_apps (PmPreferencesWindow *self)
{
  GHashTable *expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->app_consent_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_EXPANDER_ROW (child) && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (child)))
      g_hash_table_add (expanded, g_strdup (app_name_of (child)));
  return expanded;
}

/* What a level sends, in plain words: the row's subtitle, never cut (the list's own
 * labels are short on purpose). */
static const char *
describe_level (guint position)
{
  switch (position)
    {
    case 0:
      return _("Each report waits for your answer; nothing is sent before.");
    case 1:
      return _("Which program crashed, its version and where in its code: a few lines of text, no memory and no files.");
    case 2:
      return _("Also a snapshot of the crashed threads (what they were doing), without your environment, command line or files.");
    case 3:
      return _("Also the program’s full memory, attached files and environment, which can hold what you were working on.");
    default:
      return NULL;
    }
}

/* The chosen level's name is the row's subtitle (never cut); what it sends is said
 * in the group's description. */
static void
update_default_consent_subtitle (PmPreferencesWindow *self)
{
  const char *what = describe_level (adw_combo_row_get_selected (self->default_consent_row));
  g_autofree char *text = g_strdup_printf ("%s %s", _("What may be sent for each application when a report is sent."),
                                           what != NULL ? what : "");

  adw_preferences_group_set_description (self->consent_group, g_strchomp (text));
}


static void
refresh_consent (PmPreferencesWindow *self)
{
  PmSettings *settings = get_settings (self);
  g_autoptr(GPtrArray) apps = list_apps (settings);
  g_autoptr(GHashTable) expanded = expanded_apps (self);
  PmConsentLevel default_level = pm_settings_get_consent (settings, NULL);

  adw_combo_row_set_selected (self->default_consent_row,
                              default_level == PM_CONSENT_NEVER_SEND ? 0 : app_level_position (default_level));
  update_default_consent_subtitle (self);

  clear_list (self->app_consent_list);
  for (guint i = 0; i < apps->len; i++)
    {
      GtkWidget *row = make_app_row (self, g_ptr_array_index (apps, i));

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                     g_hash_table_contains (expanded, g_ptr_array_index (apps, i)));
      gtk_list_box_append (self->app_consent_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->app_consent_list), apps->len > 0);
}

static void
pm_preferences_window_default_consent_cb (PmPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->default_consent_row);

  update_default_consent_subtitle (self);
  if (self->updating || selected >= G_N_ELEMENTS (app_levels))
    return;
  pm_settings_write_consent_async (get_settings (self), NULL, app_levels[selected],
                                   G_OBJECT (self), default_consent_saved_cb);
}

static gboolean
take_app_name (PmPreferencesWindow *self,
               AdwEntryRow         *row,
               char               **app)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (!pm_settings_app_name_is_valid (text))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an application name (no brackets, “=” or control characters)."), text);
      AdwToast *toast = adw_toast_new (message);

      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  *app = g_steal_pointer (&text);
  return TRUE;
}

static void
pm_preferences_window_add_app_consent_cb (PmPreferencesWindow *self)
{
  g_autofree char *app = NULL;
  AppChange *change;

  if (!take_app_name (self, self->add_app_consent_row, &app))
    return;
  /* A new entry starts at the default level, to be changed in its row. */
  change = app_change_new (app);
  change->set_level = TRUE;
  change->level_is_default = TRUE;
  pm_settings_write_async (get_settings (self), write_app_change, change, app_change_free, G_OBJECT (self), apps_saved_cb);
}

/* --- Storage ------------------------------------------------------------------ */

/* What the storage page shows, measured in a worker (pm-store-task.h). */
typedef struct
{
  guint    count[3];   /* queue, archive, all */
  guint64  size[3];
  char    *error[3];
} StorageNumbers;

static const PmReportState storage_states[3] = {
  PM_REPORT_STATE_QUEUE, PM_REPORT_STATE_ARCHIVE, PM_REPORT_STATE_ALL
};

static void
storage_numbers_free (gpointer data)
{
  StorageNumbers *numbers = data;

  for (guint i = 0; i < G_N_ELEMENTS (numbers->error); i++)
    g_free (numbers->error[i]);
  g_free (numbers);
}

static gpointer
measure_storage_in_worker (PmStore       *store,
                           gpointer       data,
                           GCancellable  *cancellable,
                           GError       **error)
{
  StorageNumbers *numbers = g_new0 (StorageNumbers, 1);

  for (guint i = 0; i < G_N_ELEMENTS (storage_states); i++)
    {
      g_autoptr(GError) size_error = NULL;

      numbers->count[i] = pm_store_count_reports (store, storage_states[i]);
      numbers->size[i] = pm_store_get_size_on_disk (store, storage_states[i], &size_error);
      if (size_error != NULL)
        numbers->error[i] = g_strdup (size_error->message);
    }
  return numbers;
}

static void
set_size_subtitle (AdwActionRow   *row,
                   StorageNumbers *numbers,
                   guint           i)
{
  g_autofree char *size_text = pm_format_size (numbers->size[i]);
  g_autofree char *text = NULL;

  if (numbers->error[i] != NULL)
    text = g_strdup (numbers->error[i]);
  else
    /* Translators: "3 reports, 1.2 MB". */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report, %s", "%u reports, %s", numbers->count[i]),
                            numbers->count[i], size_text);
  adw_action_row_set_subtitle (row, text);
}

typedef struct
{
  PmPreferencesWindow *self;   /* owned */
  guint                generation;
} StorageWait;

static void
storage_measured_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  StorageWait *wait = user_data;
  PmPreferencesWindow *self = wait->self;
  StorageNumbers *numbers;
  g_autoptr(GError) error = NULL;

  numbers = pm_store_task_finish (result, &error);
  /* Only the newest measurement is shown, and only while the window is there. */
  if (numbers != NULL && wait->generation == self->storage_generation &&
      !g_cancellable_is_cancelled (self->store_cancellable))
    {
      set_size_subtitle (self->queue_size_row, numbers, 0);
      set_size_subtitle (self->archive_size_row, numbers, 1);
      set_size_subtitle (self->total_size_row, numbers, 2);
      self->total_count = numbers->count[2];
      gtk_widget_set_sensitive (GTK_WIDGET (self->delete_sent_button), !self->purging && numbers->count[1] > 0);
      gtk_widget_set_sensitive (GTK_WIDGET (self->delete_all_button), !self->purging && numbers->count[2] > 0);
    }
  else if (numbers == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, _("Could not measure the reports"), error);
  g_clear_pointer (&numbers, storage_numbers_free);
  g_object_unref (wait->self);
  g_free (wait);
}

/* Measures the store in a worker; the rows change when the numbers are there. */
static void
measure_storage (PmPreferencesWindow *self)
{
  StorageWait *wait = g_new0 (StorageWait, 1);

  wait->self = g_object_ref (self);
  wait->generation = ++self->storage_generation;
  pm_store_task_run (self->store, measure_storage_in_worker, NULL, NULL, storage_numbers_free,
                     self->store_cancellable, storage_measured_cb, wait);
}

static void
refresh_storage (PmPreferencesWindow *self)
{
  PmQuota quota;

  measure_storage (self);

  pm_settings_get_quota (get_settings (self), &quota);
  gtk_spin_button_set_value (self->max_queue_spin, quota.max_queue_count);
  gtk_spin_button_set_value (self->max_archive_spin, quota.max_archive_count);
  gtk_spin_button_set_value (self->max_megabytes_spin, (double) (quota.max_bytes / MEGABYTE));
  gtk_spin_button_set_value (self->min_free_megabytes_spin, (double) (quota.min_free_bytes / MEGABYTE));
}

/* The limits this window shows; the others (the flood window) are kept as
 * the file has them when written. */
static gboolean
write_quota (PmSettings  *settings,
             gpointer     data,
             GError     **error)
{
  const PmQuota *shown = data;
  PmQuota quota;

  pm_settings_get_quota (settings, &quota);
  quota.max_queue_count = shown->max_queue_count;
  quota.max_archive_count = shown->max_archive_count;
  quota.max_bytes = shown->max_bytes;
  quota.min_free_bytes = shown->min_free_bytes;
  return pm_settings_set_quota (settings, &quota, error);
}

static void
pm_preferences_window_quota_changed_cb (PmPreferencesWindow *self)
{
  PmQuota *shown;

  if (self->updating)
    return;
  shown = g_new0 (PmQuota, 1);
  shown->max_queue_count = (guint) gtk_spin_button_get_value_as_int (self->max_queue_spin);
  shown->max_archive_count = (guint) gtk_spin_button_get_value_as_int (self->max_archive_spin);
  shown->max_bytes = (guint64) gtk_spin_button_get_value_as_int (self->max_megabytes_spin) * MEGABYTE;
  shown->min_free_bytes = (guint64) gtk_spin_button_get_value_as_int (self->min_free_megabytes_spin) * MEGABYTE;
  pm_settings_write_async (get_settings (self), write_quota, shown, g_free, G_OBJECT (self), quota_saved_cb);
}

static gpointer
purge_in_worker (PmStore       *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  guint n_deleted = 0;

  /* Not stopped by @cancellable: a purge that started finishes. */
  if (!pm_store_purge (store, GPOINTER_TO_UINT (data), &n_deleted, error))
    return NULL;
  return GUINT_TO_POINTER (n_deleted + 1);   /* never NULL */
}

static void
purged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PmPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gpointer done = pm_store_task_finish (result, &error);
  guint n_deleted;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || g_cancellable_is_cancelled (self->store_cancellable))
    return;
  self->purging = FALSE;
  if (done == NULL)
    {
      show_error (self, _("Could not delete the reports"), error);
      pm_preferences_window_refresh (self);
      return;
    }
  n_deleted = GPOINTER_TO_UINT (done) - 1;
  {
    g_autofree char *count = pm_format_count (n_deleted);
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s report deleted", "%s reports deleted", n_deleted),
                            count);
  }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
  pm_preferences_window_refresh (self);
}

/* Deletes in a worker; the buttons wait until it is done. */
static void
purge (PmPreferencesWindow *self,
       PmReportState        states)
{
  self->purging = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_sent_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_all_button), FALSE);
  pm_store_task_run (self->store, purge_in_worker, GUINT_TO_POINTER (states), NULL, NULL,
                     self->store_cancellable, purged_cb, g_object_ref (self));
}

static void
pm_preferences_window_delete_sent_cb (PmPreferencesWindow *self)
{
  purge (self, PM_REPORT_STATE_ARCHIVE);
}

static void
delete_all_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        PmPreferencesWindow *self)
{
  if (g_strcmp0 (response, "delete") == 0)
    purge (self, PM_REPORT_STATE_ALL);
}

static void
pm_preferences_window_delete_all_cb (PmPreferencesWindow *self)
{
  GtkWidget *dialog;
  guint count = self->total_count;   /* the button is sensitive once it was measured */
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u report will be deleted, including any not sent yet. This cannot be undone.",
                                       "%u reports will be deleted, including those not sent yet. This cannot be undone.",
                                       count),
                          count);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete All Reports?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete All"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_all_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Refreshing ---------------------------------------------------------------- */

void
pm_preferences_window_refresh (PmPreferencesWindow *self)
{
  g_return_if_fail (PM_IS_PREFERENCES_WINDOW (self));

  self->updating = TRUE;
  refresh_server (self);
  refresh_consent (self);
  refresh_storage (self);
  self->updating = FALSE;
}

/* owner: the window; the file read after every change it asked for. */
static void
settings_read_cb (GObject      *owner,
                  PmSettings   *settings,
                  const GError *error)
{
  PmPreferencesWindow *self = PM_PREFERENCES_WINDOW (owner);

  /* A change asked after this read (a switch flipped as the window opened) is
   * not in this snapshot: showing it would undo the switch on screen until the
   * next read, which the change's write brings (the file monitor). */
  if (pm_settings_write_get_pending () > 0)
    return;
  /* A malformed file: the defaults are shown, and why. */
  if (error != NULL)
    show_error (self, pm_settings_get_path (settings), error);
  take_settings (self, settings);
  pm_preferences_window_refresh (self);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PmPreferencesWindow *self = user_data;

  /* Read in the settings thread, after this window's own changes: the
   * snapshot is never behind what the window shows. */
  self->refresh_idle_id = 0;
  pm_settings_read_async (pm_settings_get_path (get_settings (self)), G_OBJECT (self), settings_read_cb);
  return G_SOURCE_REMOVE;
}

static void
settings_file_changed_cb (GFileMonitor        *monitor,
                          GFile               *file,
                          GFile               *other,
                          GFileMonitorEvent    event,
                          PmPreferencesWindow *self)
{
  /* One refresh for the burst of events an atomic replace makes. */
  if (self->refresh_idle_id == 0)
    self->refresh_idle_id = g_idle_add (refresh_idle_cb, self);
}

static void
pm_preferences_window_constructed (GObject *object)
{
  PmPreferencesWindow *self = PM_PREFERENCES_WINDOW (object);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *symbols;

  G_OBJECT_CLASS (pm_preferences_window_parent_class)->constructed (object);

  g_assert (PM_IS_STORE (self->store));
  g_assert (PM_IS_SETTINGS (self->settings));

  file = g_file_new_for_path (pm_settings_get_path (get_settings (self)));
  self->settings_monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->settings_monitor != NULL)
    g_signal_connect (self->settings_monitor, "changed", G_CALLBACK (settings_file_changed_cb), self);
  else
    g_warning ("Cannot watch %s for changes: %s", pm_settings_get_path (get_settings (self)), error->message);

  /* Symbol folders for the dump window's backtraces (pm-symbol-dirs.h). */
  symbols = pm_symbol_dirs_page_new (get_settings (self));
  /* and whether to ask debuginfod servers for the rest (pm-debuginfod-choice.h). */
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (symbols),
                            ADW_PREFERENCES_GROUP (pm_debuginfod_choice_group_new (get_settings (self))));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (symbols));
  pm_preferences_window_refresh (self);
  /* Read once more in the settings thread: a file that cannot be used is said. */
  self->refresh_idle_id = g_idle_add (refresh_idle_cb, self);
}

static void
pm_preferences_window_dispose (GObject *object)
{
  PmPreferencesWindow *self = PM_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->test_cancellable);
  g_cancellable_cancel (self->store_cancellable);
  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);
  if (self->settings_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings_monitor, self);
      g_file_monitor_cancel (self->settings_monitor);
      g_clear_object (&self->settings_monitor);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (pm_preferences_window_parent_class)->dispose (object);
}

static void
pm_preferences_window_finalize (GObject *object)
{
  PmPreferencesWindow *self = PM_PREFERENCES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->store_cancellable);

  G_OBJECT_CLASS (pm_preferences_window_parent_class)->finalize (object);
}

static void
pm_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PmPreferencesWindow *self = PM_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PmPreferencesWindow *self = PM_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_preferences_window_class_init (PmPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pm_preferences_window_constructed;
  object_class->dispose = pm_preferences_window_dispose;
  object_class->finalize = pm_preferences_window_finalize;
  object_class->get_property = pm_preferences_window_get_property;
  object_class->set_property = pm_preferences_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A snapshot of the settings (pm_settings_new_snapshot ()), read in a worker. */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, PM_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, auto_send_switch);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, default_consent_row);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, consent_group);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, app_consent_list);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, add_app_consent_row);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, queue_size_row);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, archive_size_row);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, total_size_row);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, delete_sent_button);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, delete_all_button);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, max_queue_spin);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, max_archive_spin);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, max_megabytes_spin);
  gtk_widget_class_bind_template_child (widget_class, PmPreferencesWindow, min_free_megabytes_spin);
  gtk_widget_class_bind_template_child_full (widget_class, "consent_model", FALSE,
                                             G_STRUCT_OFFSET (PmPreferencesWindow, consent_model));
  gtk_widget_class_bind_template_child_full (widget_class, "app_consent_model", FALSE,
                                             G_STRUCT_OFFSET (PmPreferencesWindow, app_consent_model));
  gtk_widget_class_bind_template_callback (widget_class, pm_preferences_window_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_preferences_window_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_preferences_window_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_preferences_window_auto_send_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_preferences_window_default_consent_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_preferences_window_add_app_consent_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_preferences_window_delete_sent_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_preferences_window_delete_all_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_preferences_window_quota_changed_cb);
}

/* libadwaita 1.2's search button in the window's header bar is an icon
 * without a name: a screen reader says "GtkImage". Name it. */
static void
name_search_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child))
        {
          GtkWidget *image = gtk_button_get_child (GTK_BUTTON (child));
          if (GTK_IS_IMAGE (image) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), "edit-find-symbolic") == 0)
            {
              gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              _("Search Preferences"), -1);
              gtk_widget_set_tooltip_text (child, _("Search Preferences"));
            }
        }
      name_search_button (child);
    }
}

static void
pm_preferences_window_init (PmPreferencesWindow *self)
{
  self->store_cancellable = g_cancellable_new ();
  /* Template signal handlers run during init_template, before the store is set. */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  use_whole_level_names (self->default_consent_row);
  name_search_button (GTK_WIDGET (self));
  self->updating = FALSE;
}

PmPreferencesWindow *
pm_preferences_window_new (GtkWindow  *parent,
                           PmStore    *store,
                           PmSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (PM_IS_SETTINGS (settings), NULL);

  return g_object_new (PM_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "store", store,
                       "settings", settings,
                       NULL);
}
