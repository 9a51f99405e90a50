/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-send-actions.c — the actions, notifications and automatic sending that
 * connect new reports to the person (see pm-send-actions.h).
 *
 * Runs in: the postmortem GUI process (GTK main thread). The store is read in
 * worker threads (pm-store-task.h): listing the queue at each change, loading the
 * reports of a notification and the report asked about; only the results come back.
 */
#include "pm-config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pm-crash-dialog.h"
#include "pm-preferences-window.h"
#include "pm-report-actions.h"
#include "pm-report-text.h"
#include "pm-restart.h"
#include "pm-send-actions.h"
#include "pm-settings-writer.h"
#include "pm-store-private.h"
#include "pm-store-task.h"
#include "pm-upload-thread.h"
#include "pm-uploader.h"
#include "pm-window.h"

/* New reports arriving within this time make one notification. */
#define BATCH_DELAY_MS 2000
#define NOTIFICATION_ID "new-reports"

typedef struct
{
  GtkApplication *app;      /* borrowed: this state lives on it */
  PmStore        *store;    /* owned, may be NULL */
  GHashTable     *known;    /* keys of queued reports already seen */
  GHashTable     *reviewed; /* keys a dialog was opened for: never notified */
  GPtrArray      *pending;  /* new keys waiting for the batch */
  GHashTable     *notified; /* keys a notification was shown for */
  guint           batch_id;
  GCancellable   *cancellable; /* cancelled when this state goes */
  guint           scanning : 1;   /* a listing of the queue is running */
  guint           scan_again : 1; /* the store changed meanwhile */
  guint           batch_loading : 1;
  guint           known_listed : 1; /* @known holds the queue of the first listing */
  guint           held : 1;         /* the application is held until the listener's batch is notified */
  guint           opening : 1;      /* the store is being opened: actions wait (pm_send_actions_store_opened) */
  GPtrArray      *waiting;          /* Waiting: actions asked while opening */
} PmSendState;

/* An action asked for while the store was being opened, to run once it is. */
typedef struct
{
  GAction  *action;
  GVariant *param;   /* may be NULL */
} Waiting;

static void
waiting_free (gpointer data)
{
  Waiting *waiting = data;

  g_object_unref (waiting->action);
  g_clear_pointer (&waiting->param, g_variant_unref);
  g_free (waiting);
}

static void
pm_send_state_free (gpointer data)
{
  PmSendState *state = data;

  g_clear_handle_id (&state->batch_id, g_source_remove);
  g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  if (state->store != NULL)
    g_signal_handlers_disconnect_by_data (state->store, state);
  g_clear_object (&state->store);
  g_clear_pointer (&state->known, g_hash_table_unref);
  g_clear_pointer (&state->reviewed, g_hash_table_unref);
  g_clear_pointer (&state->pending, g_ptr_array_unref);
  g_clear_pointer (&state->notified, g_hash_table_unref);
  g_clear_pointer (&state->waiting, g_ptr_array_unref);
  g_free (state);
}

static PmSendState *
get_state (GApplication *app)
{
  return g_object_get_data (G_OBJECT (app), "pm-send-state");
}

/* TRUE when the action must wait for the store being opened (it runs again,
 * with the same parameter, once the store is open). */
static gboolean
wait_for_store (gpointer       app,
                GSimpleAction *action,
                GVariant      *param)
{
  PmSendState *state = get_state (G_APPLICATION (app));
  Waiting *waiting;

  if (state == NULL || !state->opening)
    return FALSE;
  waiting = g_new0 (Waiting, 1);
  waiting->action = G_ACTION (g_object_ref (action));
  waiting->param = param != NULL ? g_variant_ref (param) : NULL;
  g_ptr_array_add (state->waiting, waiting);
  return TRUE;
}

char *
pm_report_key_dup_bucket (const char *key)
{
  /* <EventType>_<app>_<bucket16>_<uuid>: the uuid has no '_', so the bucket
   * is the 16 hex digits before the last '_' (counted from the end, because
   * the app part may hold anything). */
  const char *last;
  const char *before;

  if (key == NULL || (last = strrchr (key, '_')) == NULL || last - key < 17)
    return NULL;
  before = last - 16;
  if (before[-1] != '_')
    return NULL;
  for (const char *p = before; p < last; p++)
    if (!g_ascii_isxdigit (*p))
      return NULL;
  return g_strndup (before, 16);
}

gboolean
pm_send_is_ignored (PmSettings *settings,
                    const char *key)
{
  g_autofree char *bucket = pm_report_key_dup_bucket (key);

  return bucket != NULL &&
         pm_settings_get_boolean (settings, PM_SETTINGS_GROUP_IGNORED_BUCKETS, bucket, FALSE);
}

/* --- The crash dialog ------------------------------------------------------------ */

static PmWindow *
ensure_main_window (PmSendState *state)
{
  for (GList *l = gtk_application_get_windows (state->app); l != NULL; l = l->next)
    if (PM_IS_WINDOW (l->data))
      return l->data;
  return pm_window_new (state->app, state->store, NULL);
}

static void
show_toast (PmWindow   *window,
            const char *text)
{
  pm_window_add_toast (window, adw_toast_new (text));
}

typedef struct
{
  GApplication *app;
  char         *key;
  gboolean      automatic;
} Review;

static void
review_free (gpointer data)
{
  Review *review = data;

  g_object_unref (review->app);
  g_free (review->key);
  g_free (review);
}

/* --- Reports and settings, read in a worker -------------------------------------- */

/* What a worker is asked to read. */
typedef struct
{
  char      *settings_path;  /* the store's settings file */
  GPtrArray *keys;           /* char *: the reports */
} LoadRequest;

/* What the GTK thread decides from: reports, and snapshots of the settings and
 * of the restart state (pm_settings_new_snapshot ()) read with them, so that
 * no file is read on the GTK thread. */
typedef struct
{
  GPtrArray  *reports;        /* PmReport: those of the keys that loaded */
  PmSettings *settings;
  PmSettings *restart_state;  /* pm-restart.h */
  gboolean    can_auto_send;  /* automatic sending is on and a server is set up */
} Loaded;

static void
load_request_free (gpointer data)
{
  LoadRequest *request = data;

  g_free (request->settings_path);
  g_ptr_array_unref (request->keys);
  g_free (request);
}

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_ptr_array_unref (loaded->reports);
  g_clear_object (&loaded->settings);
  g_clear_object (&loaded->restart_state);
  g_free (loaded);
}

/* Takes keys (a GPtrArray of char *). */
static LoadRequest *
load_request_new (PmSendState *state,
                  GPtrArray   *keys)
{
  LoadRequest *request = g_new0 (LoadRequest, 1);

  /* The path only: making the store's PmSettings reads nothing. */
  request->settings_path = g_strdup (pm_settings_get_path (pm_store_get_settings (state->store)));
  request->keys = keys;
  return request;
}

static LoadRequest *
load_request_new_for_key (PmSendState *state,
                          const char  *key)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (keys, g_strdup (key));
  return load_request_new (state, keys);
}

/* Loads the reports of the request's keys (all of them, else the error of the
 * first that failed when @all) and the snapshots. */
static Loaded *
load_in_worker (PmStore       *store,
                LoadRequest   *request,
                gboolean       all,
                GCancellable  *cancellable,
                GError       **error)
{
  Loaded *loaded = g_new0 (Loaded, 1);

  loaded->reports = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < request->keys->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GError) local_error = NULL;
      PmReport *report = pm_store_load_report (store, g_ptr_array_index (request->keys, i), &local_error);

      if (report != NULL)
        g_ptr_array_add (loaded->reports, report);
      else if (all)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          loaded_free (loaded);
          return NULL;
        }
    }
  loaded->settings = pm_settings_new_snapshot (request->settings_path, NULL);
  loaded->restart_state = pm_restart_state_new_snapshot ();
  if (pm_settings_get_boolean (loaded->settings, "Server", "AutoSend", FALSE))
    {
      g_autoptr(PmEndpoint) endpoint = pm_endpoint_new_from_settings (loaded->settings, NULL);
      loaded->can_auto_send = endpoint != NULL;
    }
  return loaded;
}

/* One report (its load error reported), for the crash dialog and Reopen. */
static gpointer
load_report_in_worker (PmStore       *store,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return load_in_worker (store, data, TRUE, cancellable, error);
}

/* The result of load_report_in_worker: the Loaded (free it) with its one report,
 * or NULL with @error set. */
static Loaded *
load_report_finish (GAsyncResult  *result,
                    GError       **error)
{
  return pm_store_task_finish (result, error);
}

static void
review_report_loaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Review *review = user_data;
  PmSendState *state = get_state (review->app);
  Loaded *loaded;
  g_autoptr(GError) error = NULL;
  PmReport *report;
  PmWindow *window;
  PmCrashDialog *dialog;

  loaded = load_report_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || state == NULL)
    {
      g_clear_pointer (&loaded, loaded_free);
      review_free (review);
      return;
    }
  window = ensure_main_window (state);
  if (loaded == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The report cannot be opened: %s"), error->message);
      show_toast (window, text);
      review_free (review);
      return;
    }
  report = g_ptr_array_index (loaded->reports, 0);
  pm_window_select_report (window, review->key);
  if (pm_report_get_state (report) != PM_REPORT_STATE_QUEUE)
    show_toast (window, _("This report was already sent or declined."));
  else if (review->automatic &&
           pm_settings_get_consent (loaded->settings, pm_report_get_app_name (report)) == PM_CONSENT_NEVER_SEND)
    {
      g_autofree char *name = pm_report_dup_display_name (report);
      /* Translators: %s is an application's name. */
      g_autofree char *text = g_strdup_printf (_("Reports of %s are kept on this computer and never sent."), name);
      show_toast (window, text);
    }
  else
    {
      dialog = pm_crash_dialog_new (GTK_WINDOW (window), state->store, report, loaded->settings,
                                    loaded->restart_state);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  loaded_free (loaded);
  review_free (review);
}

/* @automatic: asked by a new crash (`--report`, D-Bus), not by the person's
 * Send…; an application whose reports are never sent is then not asked about. */
static void
review_report (PmSendState *state,
               const char  *key,
               gboolean     automatic)
{
  PmWindow *window;
  Review *review;

  /* `postmortem --report KEY` and a notification can race for the same new
   * report: whichever comes second must not ask again. */
  g_application_withdraw_notification (G_APPLICATION (state->app), NOTIFICATION_ID);
  g_hash_table_add (state->reviewed, g_strdup (key));
  window = ensure_main_window (state);
  gtk_window_present (GTK_WINDOW (window));

  if (state->store == NULL)
    return;  /* the window says why there is no store */

  review = g_new0 (Review, 1);
  review->app = G_APPLICATION (g_object_ref (state->app));
  review->key = g_strdup (key);
  review->automatic = automatic;
  pm_store_task_run (state->store, load_report_in_worker, load_request_new_for_key (state, key),
                     load_request_free, loaded_free, state->cancellable, review_report_loaded_cb, review);
}

static void
review_report_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  if (wait_for_store (user_data, action, param))
    return;
  review_report (get_state (user_data), g_variant_get_string (param, NULL), TRUE);
}

static void
show_reports_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  if (wait_for_store (user_data, action, param))
    return;
  g_application_withdraw_notification (G_APPLICATION (user_data), NOTIFICATION_ID);
  gtk_window_present (GTK_WINDOW (ensure_main_window (get_state (user_data))));
}

static void
ignore_problem_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  PmSendState *state;

  if (wait_for_store (user_data, action, param))
    return;
  state = get_state (user_data);
  const char *key = g_variant_get_string (param, NULL);
  g_autofree char *bucket = pm_report_key_dup_bucket (key);

  g_application_withdraw_notification (G_APPLICATION (state->app), NOTIFICATION_ID);
  if (bucket == NULL || state->store == NULL)
    {
      g_warning ("Cannot ignore the problem of %s: not a report key of this store", key);
      return;
    }
  /* In the settings writer's thread; a failure is logged. */
  pm_settings_write_value_async (pm_store_get_settings (state->store), PM_SETTINGS_GROUP_IGNORED_BUCKETS,
                                 bucket, "true", NULL, NULL);
}

/* app.reopen-application(s KEY): the notification's Reopen. The report is loaded in a
 * worker; the rules are checked again (the report it was offered for keeps its offer). */
static void
reopen_report_loaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  PmSendState *state = get_state (app);
  Loaded *loaded;
  g_autoptr(GError) error = NULL;
  PmReport *report;

  loaded = load_report_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || state == NULL)
    {
      g_clear_pointer (&loaded, loaded_free);
      return;
    }
  report = loaded != NULL ? g_ptr_array_index (loaded->reports, 0) : NULL;
  if (report == NULL)
    g_warning ("Cannot reopen the application of a report: %s", error->message);
  else if (!pm_restart_is_offered (report, loaded->restart_state, g_get_real_time () / G_USEC_PER_SEC))
    g_message ("Not reopening %s: its report does not allow it now", pm_report_get_app_name (report));
  else if (!pm_restart_run (report, &error))
    {
      /* Translators: %s says why, e.g. "/usr/bin/foo is no longer an executable program". */
      g_autofree char *text = g_strdup_printf (_("The application cannot be reopened: %s"), error->message);
      show_toast (ensure_main_window (state), text);
    }
  else
    g_message ("Reopened %s", pm_report_get_app_name (report));
  g_clear_pointer (&loaded, loaded_free);
}

static void
reopen_application_action (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  PmSendState *state;

  if (wait_for_store (user_data, action, param))
    return;
  state = get_state (user_data);
  const char *key = g_variant_get_string (param, NULL);

  g_application_withdraw_notification (G_APPLICATION (state->app), NOTIFICATION_ID);
  if (state->store == NULL || !pm_store_key_is_valid (key))
    {
      g_warning ("Cannot reopen the application of %s: not a report key of this store", key);
      return;
    }
  pm_store_task_run (state->store, load_report_in_worker, load_request_new_for_key (state, key),
                     load_request_free, loaded_free, state->cancellable, reopen_report_loaded_cb,
                     g_object_ref (state->app));
}

/* --- Preferences, about ---------------------------------------------------------- */

/* owner: the application; the settings read in the settings thread. */
static void
preferences_settings_read_cb (GObject      *owner,
                              PmSettings   *settings,
                              const GError *error)
{
  PmSendState *state = get_state (G_APPLICATION (owner));
  PmPreferencesWindow *window;

  if (state == NULL || state->store == NULL)
    return;
  window = pm_preferences_window_new (gtk_application_get_active_window (state->app), state->store, settings);
  gtk_window_present (GTK_WINDOW (window));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  PmSendState *state;

  if (wait_for_store (user_data, action, param))
    return;
  state = get_state (user_data);

  if (state->store == NULL)
    return;
  pm_settings_read_async (pm_settings_get_path (pm_store_get_settings (state->store)), G_OBJECT (state->app),
                          preferences_settings_read_cb);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The Postmortem authors", NULL };
  GtkWidget *about = adw_about_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (user_data)));
  g_object_set (about,
                "application-name", _("Postmortem"),
                "application-icon", PM_APP_ID,
                "developer-name", "The Postmortem authors",
                "version", PACKAGE_VERSION,
                "website", "https://github.com/postmortem/postmortem",
                "issue-url", "https://github.com/postmortem/postmortem/issues",
                "copyright", "© 2026 The Postmortem authors",
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                /* Translators: put your names here, one per line. */
                "translator-credits", _("translator-credits"),
                "comments", _("Review crash reports, decide what is sent, and open minidumps."),
                NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Libraries"),
                                      "© 2026 The Postmortem authors",
                                      GTK_LICENSE_LGPL_2_1,
                                      _("libpostmortem and libpostmortem-store, which applications link, are under the GNU Lesser General Public License 2.1 or later."));
  gtk_window_present (GTK_WINDOW (about));
}

/* --- Windows: Send… and the menu ----------------------------------------------- */

gboolean
pm_send_report_is_sendable (PmReport *report)
{
  g_return_val_if_fail (PM_IS_REPORT (report), FALSE);

  if (pm_report_get_load_error (report) != NULL)
    return FALSE;
  if (pm_report_get_state (report) == PM_REPORT_STATE_QUEUE)
    return TRUE;
  /* Declined is not sent: the person may change their mind. */
  return pm_report_get_value (report, "Response.ReportId") == NULL &&
         g_strcmp0 (pm_report_get_value (report, "Postmortem.Declined"), "true") == 0;
}

void
pm_send_actions_update_window (GtkWindow *window,
                               PmReport  *report)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (window), "send-report");

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), report != NULL && pm_send_report_is_sendable (report));
  pm_report_actions_update (window, report);
}

typedef struct
{
  GApplication *app;
  char         *key;
} Requeue;

static void
requeue_free (gpointer data)
{
  Requeue *requeue = data;

  g_object_unref (requeue->app);
  g_free (requeue->key);
  g_free (requeue);
}

static gpointer
requeue_in_worker (PmStore       *store,
                   gpointer       key,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const char *pairs[] = { "Postmortem.Declined", "false", NULL };

  if (!pm_store_requeue_declined_report (store, key, error) ||
      !pm_store_set_report_values (store, key, pairs, error))
    return NULL;
  return key;
}

static void
requeued_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Requeue *requeue = user_data;
  PmSendState *state = get_state (requeue->app);
  g_autoptr(GError) error = NULL;

  if (pm_store_task_finish (result, &error) == NULL)
    {
      if (state != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The report cannot be sent: %s"), error->message);
          show_toast (ensure_main_window (state), text);
        }
    }
  else if (state != NULL)
    review_report (state, requeue->key, FALSE);
  requeue_free (requeue);
}

static void
send_report_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  PmWindow *window = PM_WINDOW (user_data);
  PmReport *report = pm_window_get_shown_report (window);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  PmSendState *state = get_state (app);
  Requeue *requeue;

  /* The action is disabled otherwise; a shortcut can still race a change. */
  if (report == NULL || !pm_send_report_is_sendable (report) || state->store == NULL)
    return;
  if (pm_report_get_state (report) == PM_REPORT_STATE_QUEUE)
    {
      review_report (state, pm_report_get_key (report), FALSE);
      return;
    }
  /* Declined: back to the queue in a worker, then the same question. */
  requeue = g_new0 (Requeue, 1);
  requeue->app = g_object_ref (app);
  requeue->key = g_strdup (pm_report_get_key (report));
  pm_store_task_run (state->store, requeue_in_worker, g_strdup (requeue->key), g_free, NULL,
                     state->cancellable, requeued_cb, requeue);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  static const GActionEntry win_actions[] = {
    { "send-report", send_report_action },
  };
  GMenu *section;

  if (!PM_IS_WINDOW (window))
    return;

  g_action_map_add_action_entries (G_ACTION_MAP (window), win_actions, G_N_ELEMENTS (win_actions), window);
  pm_send_actions_update_window (window, pm_window_get_shown_report (PM_WINDOW (window)));
  section = pm_window_get_app_menu_section (PM_WINDOW (window));
  if (section != NULL && g_menu_model_get_n_items (G_MENU_MODEL (section)) == 0)
    {
      g_menu_append (section, _("_Preferences"), "app.preferences");
      g_menu_append (section, _("_Keyboard Shortcuts"), "win.show-help-overlay");
      g_menu_append (section, _("_About Postmortem"), "app.about");
    }
  pm_report_actions_install (window);
}

/* --- New reports ------------------------------------------------------------------ */

static void
auto_send_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmUploadResult) upload = pm_upload_thread_submit_finish (result, &error);

  if (upload == NULL)
    g_message ("Automatic sending failed: %s", error->message);
  else
    g_message ("Automatic sending of %s: %s%s%s", pm_upload_result_get_key (upload),
               pm_upload_outcome_to_string (pm_upload_result_get_outcome (upload)),
               pm_upload_result_get_reason (upload) ? ": " : "",
               pm_upload_result_get_reason (upload) ? pm_upload_result_get_reason (upload) : "");
}

/* TRUE when the report was handed to the uploader without asking. */
static gboolean
try_auto_send (PmSendState *state,
               Loaded      *loaded,
               PmReport    *report)
{
  if (!loaded->can_auto_send ||
      pm_settings_get_consent (loaded->settings, pm_report_get_app_name (report)) != PM_CONSENT_ALL_DATA)
    return FALSE;
  pm_upload_thread_submit_async (state->store, pm_report_get_key (report), FALSE, NULL, NULL, NULL,
                                 auto_send_done_cb, NULL);
  return TRUE;
}

/* Loads the reports of the batch in the worker; those unreadable are left out. */
static gpointer
load_batch_in_worker (PmStore       *store,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return load_in_worker (store, data, FALSE, cancellable, error);
}

static void
notify_reports (PmSendState *state,
                Loaded      *loaded)
{
  PmSettings *settings = loaded->settings;
  g_autoptr(GPtrArray) to_notify = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GNotification) notification = NULL;

  for (guint i = 0; i < loaded->reports->len; i++)
    {
      PmReport *report = g_ptr_array_index (loaded->reports, i);
      const char *key = pm_report_get_key (report);

      if (pm_report_get_state (report) != PM_REPORT_STATE_QUEUE ||
          g_hash_table_contains (state->reviewed, key) ||
          pm_settings_is_excluded (settings, pm_report_get_app_name (report)) ||
          pm_settings_get_consent (settings, pm_report_get_app_name (report)) == PM_CONSENT_NEVER_SEND ||
          pm_send_is_ignored (settings, key) ||
          try_auto_send (state, loaded, report))
        continue;
      g_hash_table_add (state->notified, g_strdup (key));
      g_ptr_array_add (to_notify, g_object_ref (report));
    }

  if (to_notify->len == 0)
    return;

  if (to_notify->len == 1)
    {
      PmReport *report = g_ptr_array_index (to_notify, 0);
      const char *key = pm_report_get_key (report);
      g_autofree char *name = pm_report_dup_display_name (report);
      g_autofree char *title = pm_report_dup_headline (report, name);

      notification = g_notification_new (title);
      g_notification_set_body (notification, _("Review the report to decide whether to send it."));
      g_notification_set_default_action_and_target (notification, "app.review-report", "s", key);
      g_notification_add_button_with_target (notification, _("Review"), "app.review-report", "s", key);
      g_notification_add_button_with_target (notification, _("Ignore This Problem"), "app.ignore-problem", "s", key);
      if (pm_restart_is_offered (report, loaded->restart_state, g_get_real_time () / G_USEC_PER_SEC))
        {
          g_notification_add_button_with_target (notification, _("Reopen"), "app.reopen-application", "s", key);
          pm_restart_note_offered_async (report, loaded->restart_state, g_get_real_time () / G_USEC_PER_SEC);
        }
    }
  else
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u Application Quit Unexpectedly",
                                                             "%u Applications Quit Unexpectedly",
                                                             to_notify->len),
                                                to_notify->len);
      notification = g_notification_new (title);
      g_notification_set_body (notification, _("Review the reports to decide whether to send them."));
      g_notification_set_default_action (notification, "app.show-reports");
      g_notification_add_button (notification, _("Review"), "app.show-reports");
    }
  g_notification_set_icon (notification, G_ICON (g_themed_icon_new (PM_APP_ID)));
  g_notification_set_category (notification, "x-gnome.crash");
  g_application_send_notification (G_APPLICATION (state->app), NOTIFICATION_ID, notification);
  g_message ("Notified %u new report(s)", to_notify->len);
}

/* An instance started by D-Bus for the listener's notify-report holds itself until the
 * batch is notified; then it may go as a service-mode instance does. */
static void
release_when_notified (PmSendState *state)
{
  if (state->held && state->batch_id == 0 && !state->batch_loading && state->pending->len == 0)
    {
      state->held = FALSE;
      g_application_release (G_APPLICATION (state->app));
    }
}

static void
batch_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  PmSendState *state = get_state (app);
  Loaded *loaded;
  g_autoptr(GError) error = NULL;

  loaded = pm_store_task_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || state == NULL)
    {
      g_clear_pointer (&loaded, loaded_free);
      return;
    }
  state->batch_loading = FALSE;
  if (loaded == NULL)
    g_message ("Cannot read the new reports: %s", error->message);
  else
    notify_reports (state, loaded);
  g_clear_pointer (&loaded, loaded_free);
  release_when_notified (state);
}

static gboolean
batch_cb (gpointer user_data)
{
  PmSendState *state = user_data;
  GPtrArray *keys;

  /* One batch at a time: one notification stands for all the reports it read. */
  if (state->batch_loading)
    return G_SOURCE_CONTINUE;
  state->batch_id = 0;
  keys = g_steal_pointer (&state->pending);
  state->pending = g_ptr_array_new_with_free_func (g_free);
  state->batch_loading = TRUE;
  pm_store_task_run (state->store, load_batch_in_worker, load_request_new (state, keys), load_request_free,
                     loaded_free, state->cancellable, batch_loaded_cb, g_object_ref (state->app));
  return G_SOURCE_REMOVE;
}

/* app.notify-report(s KEY): another process (the crash listener) says KEY
 * is new. Notified like a report seen arriving, once; the application may
 * have been started by D-Bus just for this, without a window. */
static void
notify_report_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  PmSendState *state;

  if (wait_for_store (user_data, action, param))
    return;
  state = get_state (G_APPLICATION (user_data));
  const char *key = g_variant_get_string (param, NULL);

  /* Not state->known: an instance started for this very call already
   * lists the report as queued at start. */
  if (state == NULL || state->store == NULL || !pm_store_key_is_valid (key) ||
      g_hash_table_contains (state->notified, key) ||
      g_ptr_array_find_with_equal_func (state->pending, key, g_str_equal, NULL))
    return;
  g_ptr_array_add (state->pending, g_strdup (key));
  if (!state->held)
    {
      state->held = TRUE;
      g_application_hold (G_APPLICATION (state->app));
    }
  if (state->batch_id == 0)
    state->batch_id = g_timeout_add (BATCH_DELAY_MS, batch_cb, state);
}

static gpointer
list_queue_in_worker (PmStore       *store,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  /* The folders only: no Report.wer is read to know which reports are new. */
  return pm_store_list_newest_keys (store, PM_REPORT_STATE_QUEUE, G_MAXUINT, error);
}

static void scan_queue (PmSendState *state);

static void
queue_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  PmSendState *state = get_state (app);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) now = NULL;

  keys = pm_store_task_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || state == NULL)
    return;
  state->scanning = FALSE;
  if (keys == NULL)
    g_message ("Cannot list the queued reports: %s", error->message);
  else
    {
      now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = g_ptr_array_index (keys, i);

          g_hash_table_add (now, g_strdup (key));
          /* Reports already queued at start are not new. */
          if (state->known_listed && !g_hash_table_contains (state->known, key) &&
              !g_hash_table_contains (state->notified, key) &&
              !g_ptr_array_find_with_equal_func (state->pending, key, g_str_equal, NULL))
            g_ptr_array_add (state->pending, g_strdup (key));
        }
      /* Forget reports that left the queue, so the set does not grow forever. */
      g_clear_pointer (&state->known, g_hash_table_unref);
      state->known = g_steal_pointer (&now);
      state->known_listed = TRUE;
    }

  if (state->pending->len > 0 && state->batch_id == 0)
    state->batch_id = g_timeout_add (BATCH_DELAY_MS, batch_cb, state);
  if (state->scan_again)
    {
      state->scan_again = FALSE;
      scan_queue (state);
    }
}

/* Lists the queue in a worker; changes that arrive meanwhile make one more listing. */
static void
scan_queue (PmSendState *state)
{
  if (state->scanning)
    {
      state->scan_again = TRUE;
      return;
    }
  state->scanning = TRUE;
  pm_store_task_run (state->store, list_queue_in_worker, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                     state->cancellable, queue_listed_cb, g_object_ref (state->app));
}

static void
store_changed_cb (PmStore     *store,
                  PmSendState *state)
{
  scan_queue (state);
}

/* Starts watching the store for new reports. */
static void
watch_store (PmSendState *state)
{
  /* The first listing only learns what is queued at start. */
  g_signal_connect (state->store, "changed", G_CALLBACK (store_changed_cb), state);
  scan_queue (state);
}

void
pm_send_actions_install (GtkApplication *app,
                         PmStore        *store)
{
  static const GActionEntry actions[] = {
    { "review-report", review_report_action, "s" },
    { "notify-report", notify_report_action, "s" },
    { "ignore-problem", ignore_problem_action, "s" },
    { "reopen-application", reopen_application_action, "s" },
    { "show-reports", show_reports_action },
    { "preferences", preferences_action },
    { "about", about_action },
  };
  PmSendState *state;

  g_return_if_fail (GTK_IS_APPLICATION (app));
  g_return_if_fail (store == NULL || PM_IS_STORE (store));

  state = g_new0 (PmSendState, 1);
  state->app = app;
  state->store = store ? g_object_ref (store) : NULL;
  state->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->reviewed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->pending = g_ptr_array_new_with_free_func (g_free);
  state->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->waiting = g_ptr_array_new_with_free_func (waiting_free);
  state->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (app), "pm-send-state", state, pm_send_state_free);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);

  if (store != NULL)
    watch_store (state);
}

void
pm_send_actions_install_opening (GtkApplication *app)
{
  pm_send_actions_install (app, NULL);
  get_state (G_APPLICATION (app))->opening = TRUE;
}

void
pm_send_actions_store_opened (GtkApplication *app,
                              PmStore        *store)
{
  PmSendState *state = get_state (G_APPLICATION (app));
  g_autoptr(GPtrArray) waiting = NULL;

  g_return_if_fail (state != NULL && state->opening);
  g_return_if_fail (store == NULL || PM_IS_STORE (store));

  state->opening = FALSE;
  state->store = store != NULL ? g_object_ref (store) : NULL;
  if (store != NULL)
    watch_store (state);
  /* In the order they were asked; without a store they say why. */
  waiting = g_steal_pointer (&state->waiting);
  state->waiting = g_ptr_array_new_with_free_func (waiting_free);
  for (guint i = 0; i < waiting->len; i++)
    {
      Waiting *w = g_ptr_array_index (waiting, i);
      g_action_activate (w->action, w->param);
    }
}

/* --- postmortem --report KEY -------------------------------------------------------- */

void
pm_send_actions_add_options (GApplication *app)
{
  g_application_add_main_option (app, "report", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING,
                                 _("Review the crash report KEY and decide whether to send it"),
                                 _("KEY"));
}

static gboolean
review_later_cb (gpointer user_data)
{
  GApplication *app = g_object_get_data (G_OBJECT (user_data), "pm-app");
  const char *key = g_object_get_data (G_OBJECT (user_data), "pm-key");

  g_action_group_activate_action (G_ACTION_GROUP (app), "review-report", g_variant_new_string (key));
  return G_SOURCE_REMOVE;
}

int
pm_send_actions_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  const char *key = NULL;

  if (!g_variant_dict_lookup (options, "report", "&s", &key))
    return -1;

  if (!pm_store_key_is_valid (key))
    {
      fprintf (stderr, _("postmortem: “%s” is not a report key (see postmortemctl list)\n"), key);
      return 2;
    }
  if (!g_application_register (app, NULL, &error))
    {
      fprintf (stderr, "postmortem: %s\n", error->message);
      return 1;
    }

  if (g_application_get_is_remote (app))
    {
      /* The running instance shows the dialog; this process is done. */
      g_action_group_activate_action (G_ACTION_GROUP (app), "review-report", g_variant_new_string (key));
      return 0;
    }

  /* This is the instance: let it start (activate shows the main window), then
   * show the dialog above it. */
  {
    GObject *holder = g_object_new (G_TYPE_OBJECT, NULL);

    g_object_set_data (holder, "pm-app", app);
    g_object_set_data_full (holder, "pm-key", g_strdup (key), g_free);
    g_idle_add_full (G_PRIORITY_LOW, review_later_cb, holder, g_object_unref);
  }
  return -1;
}
