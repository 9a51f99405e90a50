/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-dialog.c — PmCrashDialog: asks once whether to send a crash report,
 * shows exactly what would be sent, and sends it.
 *
 * Runs in: the postmortem GUI process (GTK main thread; the upload runs on a
 * thread of its own, pm-upload-thread.h; saving the person's choices, reading what was sent and
 * archiving a declined report run in worker threads, pm-store-task.h).
 *
 * The dialog never closes by itself: AdwMessageDialog closes on every response,
 * but here "Send" must keep it open to show progress and the result, so
 * close_request always keeps the window and the response handler destroys it
 * when the conversation is over.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-bug-report.h"
#include "pm-crash-dialog.h"
#include "pm-settings-writer.h"
#include "pm-crash-dialog-private.h"
#include "pm-height-cap.h"
#include "pm-manifest-view.h"
#include "pm-preferences-window.h"
#include "pm-report-actions.h"
#include "pm-report-text.h"
#include "pm-restart.h"
#include "pm-store-task.h"
#include "pm-upload-thread.h"
#include "pm-uploader.h"

/* Report.wer key written on Don't Send (the choices' keys are the manifest's). */
#define KEY_DECLINED "Postmortem.Declined"

struct _PmCrashDialog
{
  AdwMessageDialog    parent_instance;

  /* template widgets */
  GtkLabel           *summary_label;
  GtkStack           *stack;
  GtkExpander        *details_expander;
  PmManifestView     *manifest_view;
  AdwActionRow       *destination_row;
  GtkWidget          *comment_box;
  GtkTextView        *comment_view;
  GtkWidget          *comment_label;
  GtkLabel           *destination_label;
  GtkWidget          *no_server_box;
  GtkLabel           *no_server_label;
  GtkButton          *report_bug_button;
  GtkButton          *save_report_button;
  GtkLabel           *bug_status_label;
  GtkCheckButton     *always_check;
  GtkLabel           *always_label;
  GtkProgressBar     *progress_bar;
  AdwActionRow       *server_id_row;
  GtkButton          *copy_button;
  GtkExpander        *sent_expander;
  PmManifestView     *sent_view;
  GtkButton          *reopen_button;
  GtkLabel           *reopen_error_label;

  /* owned */
  PmStore            *store;
  PmReport           *report;
  PmEndpoint         *endpoint;       /* where Send sends; NULL when no server is known */
  PmEndpointOrigin    origin;         /* whose server that is */
  PmSettings         *settings;       /* a snapshot (pm-settings-writer.h): no I/O to read */
  PmSettings         *restart_state;  /* when Reopen was offered (pm-restart.h), a snapshot */
  GCancellable       *cancellable;    /* while sending */
  GCancellable       *io_cancellable; /* bug tracker lookup, saving: cancelled on dispose */
  char               *bug_uri;        /* the last address Report a Bug… opened */
  char               *display_name;
  char               *server_id;
  char               *failure;
  PmCrashDialogState  state;
  gboolean            close_after_cancel;
  gboolean            disposed;
};

G_DEFINE_FINAL_TYPE (PmCrashDialog, pm_crash_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_STORE,
  PROP_REPORT,
  PROP_SETTINGS,
  PROP_RESTART_STATE,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Send is possible when a server is set up and the manifest on screen may be sent. */
static gboolean
can_send (PmCrashDialog *self)
{
  PmManifest *manifest = pm_manifest_view_get_manifest (self->manifest_view);

  return self->endpoint != NULL && manifest != NULL && pm_manifest_get_refusal (manifest) == NULL;
}

static void
pm_crash_dialog_manifest_cb (PmCrashDialog *self)
{
  if (self->state == PM_CRASH_DIALOG_ASKING)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "send", can_send (self));
}

static char *
dup_comment (PmCrashDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
pm_crash_dialog_comment_changed_cb (PmCrashDialog *self)
{
  g_autofree char *comment = dup_comment (self);

  pm_manifest_view_set_comment (self->manifest_view, comment);
}

/* "Always" is a promise about every later crash: say which one before it is made. */
static void
pm_crash_dialog_always_cb (PmCrashDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->always_label),
                          gtk_check_button_get_active (self->always_check));
}

/* Where Send would send: the person's server, else the program's own
 * (pm-endpoint-choice.h), said in a sentence under the question; with none, the
 * visible part says so and offers the other ways. Reads only the settings and the
 * desktop files already indexed. */
static void
pm_crash_dialog_update_destination (PmCrashDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *sentence = NULL;
  GDesktopAppInfo *app_info = pm_report_find_desktop_info (self->report);

  g_clear_pointer (&self->endpoint, pm_endpoint_free);
  self->endpoint = pm_endpoint_choose_for_report (self->settings, self->report,
                                                  app_info != NULL ? G_APP_INFO (app_info) : NULL,
                                                  &self->origin, &error);
  if (self->endpoint != NULL)
    {
      host = pm_endpoint_dup_host (self->endpoint);
      adw_action_row_set_subtitle (self->destination_row, pm_endpoint_get_display_url (self->endpoint));
      if (self->origin == PM_ENDPOINT_ORIGIN_SETTINGS)
        /* Translators: %s is a server's host name, e.g. crash.example.org. */
        sentence = g_strdup_printf (_("Sends to %s, the server chosen in Preferences."), host);
      else
        /* Translators: the first %s is a server's host name, the second an application's name. */
        sentence = g_strdup_printf (_("Sends to %s, named by %s."), host, self->display_name);
      gtk_label_set_text (self->destination_label, sentence);
      gtk_widget_set_visible (GTK_WIDGET (self->destination_label), TRUE);
      gtk_widget_set_visible (self->no_server_box, FALSE);
      gtk_widget_set_visible (self->comment_box, TRUE);
    }
  else
    {
      g_autofree char *reason = NULL;

      adw_action_row_set_subtitle (self->destination_row,
                                   _("No server is set up. Choose one in Preferences."));
      if (g_error_matches (error, PM_ERROR, PM_ERROR_NOT_FOUND))
        /* Translators: %s is an application's name. */
        reason = g_strdup_printf (_("This report cannot be sent: no crash server is set up, and %s does not name one. "
                                    "You can tell its developers about the crash yourself, or choose a server in Preferences."),
                                  self->display_name);
      else
        /* Translators: %s is a technical explanation of what is wrong with the server's address. */
        reason = g_strdup_printf (_("This report cannot be sent: the crash server’s address cannot be used (%s). "
                                    "Choose a server in Preferences."), error->message);
      gtk_label_set_text (self->no_server_label, reason);
      gtk_widget_set_visible (GTK_WIDGET (self->destination_label), FALSE);
      gtk_widget_set_visible (self->no_server_box, TRUE);
      /* A comment only travels with a report that is sent. */
      gtk_widget_set_visible (self->comment_box, FALSE);
      g_debug ("crash dialog: no server: %s", error->message);
    }
}

static void
pm_crash_dialog_fill (PmCrashDialog *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *always = NULL;
  g_autoptr(GError) error = NULL;
  const char *plain = pm_report_describe_problem (self->report);

  self->display_name = pm_report_dup_display_name (self->report);

  heading = pm_report_dup_headline (self->report, self->display_name);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);

  if (plain != NULL)
    gtk_label_set_text (self->summary_label, plain);
  else
    {
      g_autofree char *summary = pm_report_dup_summary (self->report);
      gtk_label_set_text (self->summary_label, summary);
    }

  /* Translators: a check box of the crash dialog; %s is an application's name. */
  always = g_strdup_printf (_("_Always do this for %s"), self->display_name);
  gtk_check_button_set_label (self->always_check, always);

  {
    /* Translators: what "Always do this" promises; %s is an application's name. */
    g_autofree char *promise = g_strdup_printf (_("Send: later reports of %s are sent like this one, without asking. "
                                                  "Don't Send: they are kept on this computer and never sent. "
                                                  "Either can be changed in Preferences."),
                                                self->display_name);
    gtk_label_set_text (self->always_label, promise);
  }

  /* Reopen, when the program registered a restart and WER's rules allow it. */
  if (pm_restart_is_offered (self->report, self->restart_state, g_get_real_time () / G_USEC_PER_SEC))
    {
      /* Translators: a button of the crash dialog that starts the application again; %s is its name. */
      g_autofree char *reopen = g_strdup_printf (_("_Reopen %s"), self->display_name);

      gtk_button_set_label (self->reopen_button, reopen);
      gtk_widget_set_visible (GTK_WIDGET (self->reopen_button), TRUE);
      pm_restart_note_offered_async (self->report, self->restart_state, g_get_real_time () / G_USEC_PER_SEC);
    }

  /* The choices are saved on Send only: closing the dialog decides nothing. */
  pm_manifest_view_set_report (self->manifest_view, self->store, self->report, NULL, FALSE);

  pm_crash_dialog_update_destination (self);
}

/* AdwMessageDialog 1.2 cannot remove a response; hide its button instead. */
static GtkWidget *
find_button_with_label (GtkWidget  *widget,
                        const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_label (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
set_response_visible (PmCrashDialog *self,
                      const char    *response,
                      gboolean       visible)
{
  const char *label = adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (self), response);
  GtkWidget *button = find_button_with_label (GTK_WIDGET (self), label);

  if (button != NULL)
    gtk_widget_set_visible (button, visible);
  else
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), response, visible);
}

/* Screen readers read a mnemonic label twice ("_Don't Send Don't Send") and an
 * expander by its type name: every labelled control gets its plain words. */
static char *
strip_mnemonic (const char *label)
{
  GString *plain = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (plain, *++p);
      else if (*p != '_')
        g_string_append_c (plain, *p);
    }
  return g_string_free (plain, FALSE);
}

static void
name_controls (GtkWidget *widget)
{
  const char *label = NULL;

  if (GTK_IS_BUTTON (widget))
    label = gtk_button_get_label (GTK_BUTTON (widget));
  else if (GTK_IS_CHECK_BUTTON (widget))
    label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  else if (GTK_IS_EXPANDER (widget))
    label = gtk_expander_get_label (GTK_EXPANDER (widget));
  if (label != NULL && *label != '\0')
    {
      g_autofree char *plain = strip_mnemonic (label);

      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
      /* GTK 4.8 joins the label property and the labelling child's text: one is enough. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    name_controls (child);
}

static void
pm_crash_dialog_set_state (PmCrashDialog      *self,
                           PmCrashDialogState  state)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  self->state = state;
  /* The crash's summary belongs to the question only. */
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label),
                          state == PM_CRASH_DIALOG_ASKING || state == PM_CRASH_DIALOG_SENDING);

  switch (state)
    {
    case PM_CRASH_DIALOG_ASKING:
      heading = pm_report_dup_headline (self->report, self->display_name);
      body = g_strdup (_("A report helps the developers find and fix the problem. Nothing is sent without your permission."));
      gtk_stack_set_visible_child_name (self->stack, "ask");
      adw_message_dialog_set_response_label (dialog, "dont-send", _("_Don't Send"));
      adw_message_dialog_set_response_label (dialog, "send", _("_Send"));
      adw_message_dialog_set_response_enabled (dialog, "send", can_send (self));
      adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
      set_response_visible (self, "dont-send", TRUE);
      /* Never a Send button that cannot send: with no server it is not there at all,
       * and Enter goes to Report a Bug…, not to Don't Send. */
      set_response_visible (self, "send", self->endpoint != NULL);
      adw_message_dialog_set_default_response (dialog, self->endpoint != NULL ? "send" : NULL);
      if (self->endpoint == NULL)
        gtk_widget_grab_focus (GTK_WIDGET (self->report_bug_button));
      break;

    case PM_CRASH_DIALOG_SENDING:
      heading = g_strdup (_("Sending Report"));
      /* Translators: %s is a server's address. */
      body = g_strdup_printf (_("Sending the report to %s."),
                              pm_endpoint_get_display_url (self->endpoint));
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Connecting…"));
      gtk_stack_set_visible_child_name (self->stack, "sending");
      adw_message_dialog_set_response_label (dialog, "dont-send", _("_Cancel"));
      adw_message_dialog_set_response_enabled (dialog, "send", FALSE);
      break;

    case PM_CRASH_DIALOG_SENT:
      set_response_visible (self, "send", TRUE);
      heading = g_strdup (_("Report Sent"));
      /* Translators: %s is an application's name. */
      body = g_strdup_printf (_("Thank you for helping to improve %s. The developers can find your report by its ID."),
                              self->display_name);
      adw_action_row_set_subtitle (self->server_id_row, self->server_id);
      gtk_stack_set_visible_child_name (self->stack, "sent");
      set_response_visible (self, "dont-send", FALSE);
      adw_message_dialog_set_response_label (dialog, "send", _("_Close"));
      adw_message_dialog_set_response_enabled (dialog, "send", TRUE);
      adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_DEFAULT);
      adw_message_dialog_set_default_response (dialog, "send");
      break;

    case PM_CRASH_DIALOG_FAILED:
      set_response_visible (self, "send", TRUE);
      heading = g_strdup (_("The Report Was Not Sent"));
      body = g_strdup_printf ("%s %s", self->failure,
                              _("The report stays on this computer, so you can send it later."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      adw_message_dialog_set_response_label (dialog, "dont-send", _("Try Again _Later"));
      adw_message_dialog_set_response_label (dialog, "send", _("_Try Again"));
      adw_message_dialog_set_response_enabled (dialog, "send", TRUE);
      adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_DEFAULT);
      adw_message_dialog_set_default_response (dialog, "dont-send");
      break;

    case PM_CRASH_DIALOG_DECLINED:
    default:
      break;
    }

  if (heading != NULL)
    adw_message_dialog_set_heading (dialog, heading);
  if (body != NULL)
    adw_message_dialog_set_body (dialog, body);
  name_controls (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The outcome of an upload in words for someone who is not a network engineer. */
static char *
describe_result (PmUploadResult *result)
{
  guint status = pm_upload_result_get_http_status (result);
  const char *reason = pm_upload_result_get_reason (result);

  if (pm_upload_result_get_outcome (result) == PM_UPLOAD_OUTCOME_RETRY_LATER)
    {
      if (status == 0)
        return g_strdup (_("The server could not be reached. Check the internet connection."));
      if (status == 429 || status == 503)
        return g_strdup (_("The server is too busy to take the report right now."));
      /* Translators: %u is an HTTP status code such as 500. */
      return g_strdup_printf (_("The server had a problem (error %u)."), status);
    }

  if (status == 413)
    return g_strdup (_("The report is too large for the server."));
  if (reason != NULL)
    /* Translators: %s is the server's own short explanation, often technical. */
    return g_strdup_printf (_("The server did not accept the report (%s)."), reason);
  return g_strdup (_("The server did not accept the report."));
}

static char *
describe_error (const GError *error)
{
  if (g_error_matches (error, PM_ERROR, PM_ERROR_CONSENT))
    return g_strdup (_("The privacy settings for this application do not allow sending it."));
  if (g_error_matches (error, PM_ERROR, PM_ERROR_EXISTS))
    return g_strdup (_("Another report is being sent right now."));
  if (g_error_matches (error, PM_ERROR, PM_ERROR_NOT_FOUND))
    return g_strdup (_("The report is no longer waiting to be sent."));
  return g_strdup (error->message);
}

static gpointer
load_sent_in_worker (PmStore       *store,
                     gpointer       key,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(PmReport) sent = pm_store_load_report (store, key, error);

  return sent != NULL ? pm_manifest_load_sent (sent, error) : NULL;
}

static void
pm_crash_dialog_sent_loaded_cb (GObject      *object,
                                GAsyncResult *res,
                                gpointer      user_data)
{
  g_autoptr(PmCrashDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmManifest) manifest = pm_store_task_finish (res, &error);

  if (self->disposed)
    return;
  if (manifest != NULL)
    pm_manifest_view_set_sent (self->sent_view, manifest);
  else
    g_message ("crash dialog: no record of what was sent for %s: %s", pm_report_get_key (self->report),
               error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->sent_expander), manifest != NULL);
  pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_SENT);
}

static void
pm_crash_dialog_submit_cb (GObject      *object,
                           GAsyncResult *res,
                           gpointer      user_data)
{
  g_autoptr(PmCrashDialog) self = user_data;
  g_autoptr(PmUploadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = pm_upload_thread_submit_finish (res, &error);
  g_clear_object (&self->cancellable);

  if (self->disposed)
    return;

  if (result == NULL && (g_error_matches (error, PM_ERROR, PM_ERROR_CANCELLED) ||
                         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      if (self->close_after_cancel)
        gtk_window_destroy (GTK_WINDOW (self));
      else
        pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_ASKING);
      return;
    }

  g_clear_pointer (&self->failure, g_free);
  if (result != NULL && pm_upload_result_get_outcome (result) == PM_UPLOAD_OUTCOME_ACCEPTED)
    {
      g_free (self->server_id);
      self->server_id = g_strdup (pm_upload_result_get_report_id (result));
      /* The manifest the uploader recorded as sent, part for part: the person
       * should not have to trust the switches. Read in a worker; the state
       * changes once it is there. */
      pm_store_task_run (self->store, load_sent_in_worker, g_strdup (pm_report_get_key (self->report)), g_free,
                         g_object_unref, NULL, pm_crash_dialog_sent_loaded_cb, g_object_ref (self));
      return;
    }

  if (result != NULL)
    {
      self->failure = describe_result (result);
      g_message ("crash dialog: %s not sent: %s (%s)", pm_report_get_key (self->report),
                 pm_upload_outcome_to_string (pm_upload_result_get_outcome (result)),
                 pm_upload_result_get_reason (result));
    }
  else
    {
      self->failure = describe_error (error);
      g_message ("crash dialog: %s not sent: %s", pm_report_get_key (self->report), error->message);
    }
  pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_FAILED);
}

static void
pm_crash_dialog_progress_cb (goffset  sent,
                             goffset  total,
                             gpointer user_data)
{
  PmCrashDialog *self = user_data;
  g_autofree char *sent_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;

  if (self->disposed || total <= 0)
    return;

  sent_text = pm_format_size ((guint64) sent);
  total_text = pm_format_size ((guint64) total);
  /* Translators: progress of an upload, "1.2 MB of 3.4 MB". */
  text = g_strdup_printf (_("%s of %s"), sent_text, total_text);
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP ((double) sent / (double) total, 0.0, 1.0));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

/* The person's choices as they are on screen, with the level they saw made
 * explicit (returned through @level); written into the report in a worker
 * before the upload (the uploader computes the same manifest from them). */
static PmManifestChoices *
pm_crash_dialog_dup_choices (PmCrashDialog  *self,
                             PmConsentLevel *level,
                             GError        **error)
{
  const PmManifestChoices *shown = pm_manifest_view_get_choices (self->manifest_view);
  PmManifest *manifest = pm_manifest_view_get_manifest (self->manifest_view);
  g_autoptr(PmManifestChoices) choices = pm_manifest_choices_copy (shown);
  g_autofree char *comment = dup_comment (self);

  /* The level on screen, made explicit: never wider than what was shown, even
   * if the application's level changes before the upload reads it. */
  *level = pm_manifest_choices_get_level (choices);
  if (*level == 0)
    *level = pm_manifest_get_level (manifest);
  if (!pm_manifest_choices_set_level (choices, *level, error))
    return NULL;
  pm_manifest_choices_set_comment (choices, comment);
  return g_steal_pointer (&choices);
}

typedef struct
{
  PmManifestChoices *choices;
  char              *key;
} SaveChoices;

static void
save_choices_free (gpointer data)
{
  SaveChoices *save = data;

  pm_manifest_choices_free (save->choices);
  g_free (save->key);
  g_free (save);
}

static gpointer
save_choices_in_worker (PmStore       *store,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  SaveChoices *save = data;

  return pm_manifest_choices_save (save->choices, store, save->key, error) ? save : NULL;
}

typedef struct
{
  PmCrashDialog  *self;   /* owned */
  PmConsentLevel  level;
} Sending;

static void
pm_crash_dialog_choices_saved_cb (GObject      *object,
                                  GAsyncResult *res,
                                  gpointer      user_data)
{
  Sending *sending = user_data;
  g_autoptr(PmCrashDialog) self = sending->self;
  PmConsentLevel level = sending->level;
  g_autoptr(GError) error = NULL;
  gboolean saved = pm_store_task_finish (res, &error) != NULL;

  g_free (sending);
  if (self->disposed)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled before the upload started: nothing was sent. */
      g_clear_object (&self->cancellable);
      if (self->close_after_cancel)
        gtk_window_destroy (GTK_WINDOW (self));
      else
        pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_ASKING);
      return;
    }
  if (!saved)
    {
      g_clear_object (&self->cancellable);
      g_free (self->failure);
      self->failure = describe_error (error);
      pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_FAILED);
      return;
    }

  /* Exactly the level the person saw and chose, never more (written in the
   * settings writer's thread; a failure is logged). */
  if (gtk_check_button_get_active (self->always_check))
    pm_settings_write_consent_async (self->settings, pm_report_get_app_name (self->report),
                                     level, NULL, NULL);

  /* The person said yes just now: that is the consent "always ask" waits for.
   * Sent on a thread of its own (the GTK thread touches no store file), to the
   * server the dialog named. */
  pm_upload_thread_submit_to_async (self->store, pm_report_get_key (self->report), self->endpoint, TRUE,
                                    pm_crash_dialog_progress_cb, self,
                                    self->cancellable, pm_crash_dialog_submit_cb, g_object_ref (self));
}

static void
pm_crash_dialog_send (PmCrashDialog *self)
{
  g_autoptr(GError) error = NULL;
  PmManifestChoices *choices;
  SaveChoices *save;
  Sending *sending;
  PmConsentLevel level;

  g_return_if_fail (self->endpoint != NULL);
  if (!can_send (self))
    return;

  choices = pm_crash_dialog_dup_choices (self, &level, &error);
  if (choices == NULL)
    {
      g_free (self->failure);
      self->failure = describe_error (error);
      pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_FAILED);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->close_after_cancel = FALSE;
  pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_SENDING);
  save = g_new0 (SaveChoices, 1);
  save->choices = choices;
  save->key = g_strdup (pm_report_get_key (self->report));
  sending = g_new0 (Sending, 1);
  sending->self = g_object_ref (self);
  sending->level = level;
  pm_store_task_run (self->store, save_choices_in_worker, save, save_choices_free, NULL,
                     self->cancellable, pm_crash_dialog_choices_saved_cb, sending);
}

static gpointer
decline_in_worker (PmStore       *store,
                   gpointer       key,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const char *pairs[] = { KEY_DECLINED, "true", NULL };

  if (!pm_store_set_report_values (store, key, pairs, error) ||
      !pm_store_archive_report (store, key, error))
    return NULL;
  return key;   /* not NULL: done */
}

static void
declined_cb (GObject      *object,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = user_data;

  if (pm_store_task_finish (res, &error) == NULL)
    g_warning ("Could not move the declined report %s to the archive: %s", key, error->message);
}

static void
pm_crash_dialog_decline (PmCrashDialog *self)
{
  const char *key = pm_report_get_key (self->report);

  /* Done in a worker even when the dialog is gone by then. */
  pm_store_task_run (self->store, decline_in_worker, g_strdup (key), g_free, NULL, NULL,
                     declined_cb, g_strdup (key));

  /* "Never send", not "never collect": later crashes are still kept here,
   * for the person to look at. Stopping collection is in Preferences. */
  if (gtk_check_button_get_active (self->always_check))
    pm_settings_write_consent_async (self->settings, pm_report_get_app_name (self->report),
                                     PM_CONSENT_NEVER_SEND, NULL, NULL);

  self->state = PM_CRASH_DIALOG_DECLINED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
pm_crash_dialog_response (AdwMessageDialog *dialog,
                          const char       *response)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (dialog);
  gboolean send = g_strcmp0 (response, "send") == 0;
  gboolean dont_send = g_strcmp0 (response, "dont-send") == 0;

  switch (self->state)
    {
    case PM_CRASH_DIALOG_ASKING:
      if (send)
        {
          pm_crash_dialog_send (self);
          return;
        }
      if (dont_send)
        pm_crash_dialog_decline (self);
      /* Closed without an answer: the report stays queued, nothing is decided. */
      break;

    case PM_CRASH_DIALOG_SENDING:
      /* "Cancel" goes back to the question; closing the window cancels and closes. */
      self->close_after_cancel = !dont_send;
      g_cancellable_cancel (self->cancellable);
      return;

    case PM_CRASH_DIALOG_FAILED:
      if (send)
        {
          pm_crash_dialog_send (self);
          return;
        }
      break;

    case PM_CRASH_DIALOG_SENT:
    case PM_CRASH_DIALOG_DECLINED:
    default:
      break;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
pm_crash_dialog_reopen_clicked_cb (PmCrashDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (pm_restart_run (self->report, &error))
    {
      /* Once: a second click would start a second copy. */
      gtk_button_set_label (self->reopen_button, _("Reopened"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->reopen_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reopen_error_label), FALSE);
    }
  else
    {
      /* Translators: %s says why, e.g. "/usr/bin/foo is no longer an executable program". */
      g_autofree char *text = g_strdup_printf (_("The application cannot be reopened: %s"), error->message);

      gtk_label_set_text (self->reopen_error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->reopen_error_label), TRUE);
    }
}

static gboolean
pm_crash_dialog_close_request (GtkWindow *window)
{
  /* Lets AdwMessageDialog emit the close response, but keeps the window: the
   * response handler decides (see the top of this file). */
  GTK_WINDOW_CLASS (pm_crash_dialog_parent_class)->close_request (window);
  return TRUE;
}

static void
pm_crash_dialog_copy_clicked_cb (PmCrashDialog *self)
{
  if (self->server_id == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->server_id);
  gtk_button_set_icon_name (self->copy_button, "object-select-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_button), _("Copied"));
}

/* --- No server: Report a Bug…, Save Report…, Open Preferences ------------------- */

static void
show_bug_status (PmCrashDialog *self,
                 const char    *text)
{
  gtk_label_set_text (self->bug_status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->bug_status_label), TRUE);
}

typedef struct
{
  PmReport *report;
  char     *desktop_id;
} BugLookup;

static void
bug_lookup_free (gpointer data)
{
  BugLookup *lookup = data;

  g_object_unref (lookup->report);
  g_free (lookup->desktop_id);
  g_free (lookup);
}

/* Reads metainfo files and /etc/os-release: not on the GTK thread. */
static void
find_bug_tracker_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  BugLookup *lookup = task_data;

  g_task_return_pointer (task, pm_bug_report_find (lookup->report, lookup->desktop_id, NULL), g_free);
}

static void
bug_tracker_found_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PmCrashDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *tracker = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  gboolean prefilled = FALSE;

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->report_bug_button), TRUE);
  title = pm_bug_report_dup_title (self->report, self->display_name);
  body = pm_bug_report_dup_body (self->report, self->display_name);
  if (tracker == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s\n\n%s", title, body);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
      /* Translators: %s is an application's name. */
      g_autofree char *status = g_strdup_printf (_("No bug tracker is known for %s. A description of the crash "
                                                   "is copied: paste it where its developers take bug reports."),
                                                 self->display_name);
      show_bug_status (self, status);
      return;
    }

  g_free (self->bug_uri);
  self->bug_uri = pm_bug_report_build_uri (tracker, title, body, &prefilled);
  if (prefilled)
    show_bug_status (self, _("The bug tracker opens in your web browser with a description of the crash filled in. "
                             "Nothing private is in it; read it before you submit."));
  else
    {
      g_autofree char *text = g_strdup_printf ("%s\n\n%s", title, body);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
      show_bug_status (self, _("The bug tracker opens in your web browser. A description of the crash is copied: "
                               "paste it into the new bug."));
    }
  gtk_show_uri (GTK_WINDOW (self), self->bug_uri, GDK_CURRENT_TIME);
}

static void
pm_crash_dialog_report_bug_cb (PmCrashDialog *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->io_cancellable, bug_tracker_found_cb, g_object_ref (self));
  GDesktopAppInfo *app_info = pm_report_find_desktop_info (self->report);
  BugLookup *lookup = g_new0 (BugLookup, 1);

  lookup->report = g_object_ref (self->report);
  lookup->desktop_id = app_info != NULL ? g_strdup (g_app_info_get_id (G_APP_INFO (app_info))) : NULL;
  g_task_set_task_data (task, lookup, bug_lookup_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->report_bug_button), FALSE);
  g_task_run_in_thread (task, find_bug_tracker_thread);
}

static void
report_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PmCrashDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pm_store_task_finish (result, &error);
  g_autofree char *status = NULL;

  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_report_button), TRUE);
  if (path == NULL)
    /* Translators: %s says what went wrong. */
    status = g_strdup_printf (_("The report could not be saved: %s"), error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (path);
      /* Translators: %s is a file name. */
      status = g_strdup_printf (_("Saved as %s. Attach it to the bug report."), name);
    }
  show_bug_status (self, status);
}

void
pm_crash_dialog_save_report_to (PmCrashDialog *self,
                                GFile         *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PM_IS_CRASH_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_bug_status (self, _("The report can only be saved to a folder on this computer."));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_report_button), FALSE);
  pm_report_save_archive (self->store, pm_report_get_key (self->report), path, self->io_cancellable,
                          report_saved_cb, g_object_ref (self));
}

static void
save_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(PmCrashDialog) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && !self->disposed)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        pm_crash_dialog_save_report_to (self, file);
    }
  g_object_unref (chooser);
}

static void
pm_crash_dialog_save_report_cb (PmCrashDialog *self)
{
  pm_report_show_save_chooser (GTK_WINDOW (self), self->report, G_CALLBACK (save_chooser_response_cb),
                               g_object_ref (self));
}

/* owner: the dialog; the settings read after Preferences closed (and after
 * its changes, in the settings thread). */
static void
settings_after_preferences_cb (GObject      *owner,
                               PmSettings   *settings,
                               const GError *error)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (owner);

  g_set_object (&self->settings, settings);
  if (self->disposed || self->state != PM_CRASH_DIALOG_ASKING)
    return;
  /* A server chosen there is used at once. */
  pm_crash_dialog_update_destination (self);
  pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_ASKING);
}

static void
preferences_closed_cb (PmCrashDialog *self)
{
  if (self->disposed)
    return;
  pm_settings_read_async (pm_settings_get_path (self->settings), G_OBJECT (self), settings_after_preferences_cb);
}

/* owner: the dialog; the settings Preferences opens with. */
static void
settings_for_preferences_cb (GObject      *owner,
                             PmSettings   *settings,
                             const GError *error)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (owner);
  PmPreferencesWindow *window;

  if (self->disposed)
    return;
  window = pm_preferences_window_new (GTK_WINDOW (self), self->store, settings);
  g_signal_connect_object (window, "destroy", G_CALLBACK (preferences_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

static void
pm_crash_dialog_preferences_cb (PmCrashDialog *self)
{
  pm_settings_read_async (pm_settings_get_path (self->settings), G_OBJECT (self), settings_for_preferences_cb);
}

GtkTextView *
pm_crash_dialog_get_comment_view (PmCrashDialog *self)
{
  g_return_val_if_fail (PM_IS_CRASH_DIALOG (self), NULL);
  return self->comment_view;
}

const char *
pm_crash_dialog_get_bug_uri (PmCrashDialog *self)
{
  g_return_val_if_fail (PM_IS_CRASH_DIALOG (self), NULL);
  return self->bug_uri;
}

static void
pm_crash_dialog_constructed (GObject *object)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (object);

  G_OBJECT_CLASS (pm_crash_dialog_parent_class)->constructed (object);

  g_assert (PM_IS_STORE (self->store));
  g_assert (PM_IS_REPORT (self->report));
  g_assert (PM_IS_SETTINGS (self->settings) && PM_IS_SETTINGS (self->restart_state));

  pm_crash_dialog_fill (self);
  pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_ASKING);
}

static void
pm_crash_dialog_dispose (GObject *object)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->io_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_CRASH_DIALOG);

  G_OBJECT_CLASS (pm_crash_dialog_parent_class)->dispose (object);
}

static void
pm_crash_dialog_finalize (GObject *object)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->report);
  g_clear_pointer (&self->endpoint, pm_endpoint_free);
  g_clear_object (&self->io_cancellable);
  g_free (self->bug_uri);
  g_clear_object (&self->restart_state);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_free (self->display_name);
  g_free (self->server_id);
  g_free (self->failure);

  G_OBJECT_CLASS (pm_crash_dialog_parent_class)->finalize (object);
}

static void
pm_crash_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_RESTART_STATE:
      g_value_set_object (value, self->restart_state);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_crash_dialog_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_REPORT:
      self->report = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_RESTART_STATE:
      self->restart_state = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_crash_dialog_class_init (PmCrashDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->constructed = pm_crash_dialog_constructed;
  object_class->dispose = pm_crash_dialog_dispose;
  object_class->finalize = pm_crash_dialog_finalize;
  object_class->get_property = pm_crash_dialog_get_property;
  object_class->set_property = pm_crash_dialog_set_property;
  window_class->close_request = pm_crash_dialog_close_request;
  dialog_class->response = pm_crash_dialog_response;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, PM_TYPE_REPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Snapshots (pm_settings_new_snapshot ()), read in a worker: the settings and
   * the restart state (pm-restart.h). */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, PM_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESTART_STATE] =
    g_param_spec_object ("restart-state", NULL, NULL, PM_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A PmCrashDialogState. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, PM_CRASH_DIALOG_ASKING, PM_CRASH_DIALOG_DECLINED,
                      PM_CRASH_DIALOG_ASKING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PM_TYPE_HEIGHT_CAP);
  g_type_ensure (PM_TYPE_MANIFEST_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-crash-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, details_expander);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, manifest_view);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, destination_row);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, comment_box);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, comment_view);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, comment_label);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, always_check);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, always_label);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, server_id_row);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, sent_expander);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, sent_view);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, reopen_error_label);
  gtk_widget_class_bind_template_callback (widget_class, pm_crash_dialog_reopen_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_crash_dialog_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_crash_dialog_manifest_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_crash_dialog_always_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_crash_dialog_report_bug_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_crash_dialog_save_report_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_crash_dialog_preferences_cb);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, destination_label);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, no_server_box);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, no_server_label);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, report_bug_button);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, save_report_button);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, bug_status_label);
}

static void
always_toggle_activated_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GtkCheckButton *check = user_data;

  gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
}

/* A click on the comment's label puts the cursor in the comment, as a form's label does. */
static void
comment_label_pressed_cb (GtkGestureClick *gesture,
                          int              n_press,
                          double           x,
                          double           y,
                          PmCrashDialog   *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->comment_view));
}

static void
pm_crash_dialog_init (PmCrashDialog *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) toggle = g_simple_action_new ("toggle", NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->io_cancellable = g_cancellable_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->comment_view), "changed",
                           G_CALLBACK (pm_crash_dialog_comment_changed_cb), self, G_CONNECT_SWAPPED);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect (click, "pressed", G_CALLBACK (comment_label_pressed_cb), self);
    gtk_widget_add_controller (self->comment_label, GTK_EVENT_CONTROLLER (click));
  }

  /* GTK 4.8 gives a check button no action of its own over AT-SPI; a screen reader
   * lists the actions of a widget's own action group, so "Always" gets one. */
  g_signal_connect_object (toggle, "activate", G_CALLBACK (always_toggle_activated_cb), self->always_check, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (toggle));
  gtk_widget_insert_action_group (GTK_WIDGET (self->always_check), "check", G_ACTION_GROUP (group));
}

PmCrashDialog *
pm_crash_dialog_new (GtkWindow  *parent,
                     PmStore    *store,
                     PmReport   *report,
                     PmSettings *settings,
                     PmSettings *restart_state)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);
  g_return_val_if_fail (PM_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (PM_IS_SETTINGS (restart_state), NULL);

  return g_object_new (PM_TYPE_CRASH_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       "report", report,
                       "settings", settings,
                       "restart-state", restart_state,
                       NULL);
}

PmReport *
pm_crash_dialog_get_report (PmCrashDialog *self)
{
  g_return_val_if_fail (PM_IS_CRASH_DIALOG (self), NULL);
  return self->report;
}

PmCrashDialogState
pm_crash_dialog_get_state (PmCrashDialog *self)
{
  g_return_val_if_fail (PM_IS_CRASH_DIALOG (self), PM_CRASH_DIALOG_ASKING);
  return self->state;
}

const char *
pm_crash_dialog_get_server_id (PmCrashDialog *self)
{
  g_return_val_if_fail (PM_IS_CRASH_DIALOG (self), NULL);
  return self->state == PM_CRASH_DIALOG_SENT ? self->server_id : NULL;
}

const char *
pm_crash_dialog_get_failure (PmCrashDialog *self)
{
  g_return_val_if_fail (PM_IS_CRASH_DIALOG (self), NULL);
  return self->state == PM_CRASH_DIALOG_FAILED ? self->failure : NULL;
}
