/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-crash-dialog.c — PmCrashDialog: asks once whether to send a crash report,
 * shows exactly what would be sent, and sends it.
 *
 * Runs in: the postmortem GUI process (GTK main thread; the upload is async on
 * the same main context).
 *
 * The dialog never closes by itself: AdwMessageDialog closes on every response,
 * but here "Send" must keep it open to show progress and the result, so
 * close_request always keeps the window and the response handler destroys it
 * when the conversation is over.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-crash-dialog.h"
#include "pm-report-text.h"
#include "pm-uploader.h"

/* Report.wer keys this dialog writes (documented in pm-crash-dialog.h). */
#define KEY_USER_CONSENT        "Postmortem.UserConsent"
#define KEY_USER_EXCLUDED_FILES "Postmortem.UserExcludedFiles"
#define KEY_COMMENT             "Postmortem.Comment"
#define KEY_DECLINED            "Postmortem.Declined"

/* The most File[N] entries a report can have (WER's limit of registered entries). */
#define MAX_REPORT_FILES 512

typedef struct
{
  char      *name;      /* the file's name in the report directory */
  gboolean   optional;
  gboolean   main_dump; /* the report's minidump */
  GtkSwitch *toggle;    /* borrowed: the row's switch, for optional items */
} PmSendItem;

struct _PmCrashDialog
{
  AdwMessageDialog    parent_instance;

  /* template widgets */
  GtkLabel           *summary_label;
  GtkStack           *stack;
  GtkExpander        *details_expander;
  GtkListBox         *items_list;
  AdwActionRow       *destination_row;
  AdwEntryRow        *comment_row;
  GtkCheckButton     *always_check;
  GtkProgressBar     *progress_bar;
  AdwActionRow       *server_id_row;
  AdwActionRow       *sent_content_row;
  GtkButton          *copy_button;

  /* owned */
  PmStore            *store;
  PmReport           *report;
  PmUploader         *uploader;       /* NULL when no server is set up */
  GCancellable       *cancellable;    /* while sending */
  GPtrArray          *items;          /* PmSendItem */
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
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pm_send_item_free (gpointer data)
{
  PmSendItem *item = data;

  g_free (item->name);
  g_free (item);
}

/* The File[N].Type the report gives @name, or NULL. */
static const char *
find_file_type (PmReport   *report,
                const char *name)
{
  for (guint i = 0; i < MAX_REPORT_FILES; i++)
    {
      char key[32];
      const char *value;

      g_snprintf (key, sizeof key, "File[%u].Name", i);
      value = pm_report_get_value (report, key);
      if (value == NULL)
        break;
      if (g_strcmp0 (value, name) == 0)
        {
          g_snprintf (key, sizeof key, "File[%u].Type", i);
          return pm_report_get_value (report, key);
        }
    }
  return NULL;
}

/* What a person reads for one file, and whether it is optional (heap memory and
 * attached files hold the most private data; WER sends them only with "all data"). */
static void
describe_file (PmCrashDialog *self,
               const char    *name,
               char         **title,
               gboolean      *optional,
               gboolean      *main_dump)
{
  const char *main_name = pm_report_get_minidump_name (self->report);
  const char *type = find_file_type (self->report, name);

  *optional = FALSE;
  *main_dump = g_strcmp0 (name, main_name) == 0;

  if (g_strcmp0 (name, "Report.wer") == 0)
    *title = g_strdup (_("Application, version and crash signature"));
  else if (g_strcmp0 (type, "HeapDump") == 0)
    {
      *title = g_strdup (_("Full memory of the application"));
      *optional = TRUE;
    }
  else if (*main_dump || g_strcmp0 (type, "MiniDump") == 0 || g_strcmp0 (type, "MicroDump") == 0)
    *title = g_strdup (_("Threads, stack memory and loaded libraries"));
  else if (g_strcmp0 (type, "TriageDump") == 0)
    *title = g_strdup (_("Snapshot of a related process"));
  else
    {
      *title = g_strdup (_("Attached file"));
      *optional = TRUE;
    }
}

static void
pm_crash_dialog_add_item_row (PmCrashDialog *self,
                              guint          index)
{
  const char *name = pm_report_get_file_name (self->report, index);
  g_autofree char *title = NULL;
  g_autofree char *size = pm_format_size (pm_report_get_file_size (self->report, index));
  PmSendItem *item = g_new0 (PmSendItem, 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *size_label = gtk_label_new (size);

  describe_file (self, name, &title, &item->optional, &item->main_dump);
  item->name = g_strdup (name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), name);
  gtk_widget_add_css_class (size_label, "dim-label");
  gtk_widget_add_css_class (size_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), size_label);

  if (item->optional)
    {
      PmSettings *settings = pm_store_get_settings (self->store);
      PmConsentLevel level = pm_settings_get_consent (settings, pm_report_get_app_name (self->report));
      GtkWidget *toggle = gtk_switch_new ();

      /* Preset by consent: only "all data" allows these without a second thought. */
      gtk_switch_set_active (GTK_SWITCH (toggle), level == PM_CONSENT_ALL_DATA);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      item->toggle = GTK_SWITCH (toggle);
    }

  gtk_list_box_append (self->items_list, row);
  g_ptr_array_add (self->items, item);
}

static void
pm_crash_dialog_fill (PmCrashDialog *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *always = NULL;
  g_autoptr(GError) error = NULL;
  const char *signal_name = pm_report_get_signal_name (self->report);
  const char *plain = pm_signal_describe (signal_name);
  guint n_files = pm_report_get_n_files (self->report);

  self->display_name = pm_report_dup_display_name (self->report);

  /* Translators: the heading of the crash dialog; %s is an application's name. */
  heading = g_strdup_printf (_("%s Quit Unexpectedly"), self->display_name);
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

  /* Report.wer first: it is what every report sends. */
  for (guint i = 0; i < n_files; i++)
    if (g_strcmp0 (pm_report_get_file_name (self->report, i), "Report.wer") == 0)
      pm_crash_dialog_add_item_row (self, i);
  for (guint i = 0; i < n_files; i++)
    if (g_strcmp0 (pm_report_get_file_name (self->report, i), "Report.wer") != 0)
      pm_crash_dialog_add_item_row (self, i);

  self->uploader = pm_uploader_new_from_settings (self->store, &error);
  if (self->uploader != NULL)
    {
      const PmEndpoint *endpoint = pm_uploader_get_endpoint (self->uploader);
      adw_action_row_set_subtitle (self->destination_row, pm_endpoint_get_display_url (endpoint));
    }
  else
    {
      adw_action_row_set_subtitle (self->destination_row,
                                   _("No server is set up. Choose one in Preferences."));
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "send", FALSE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "dont-send");
      g_debug ("crash dialog: no server: %s", error->message);
    }
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
      heading = g_strdup_printf (_("%s Quit Unexpectedly"), self->display_name);
      body = g_strdup (_("A report helps the developers find and fix the problem. Nothing is sent without your permission."));
      gtk_stack_set_visible_child_name (self->stack, "ask");
      adw_message_dialog_set_response_label (dialog, "dont-send", _("_Don't Send"));
      adw_message_dialog_set_response_label (dialog, "send", _("_Send"));
      adw_message_dialog_set_response_enabled (dialog, "send", self->uploader != NULL);
      adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
      set_response_visible (self, "dont-send", TRUE);
      break;

    case PM_CRASH_DIALOG_SENDING:
      heading = g_strdup (_("Sending Report"));
      /* Translators: %s is a server's address. */
      body = g_strdup_printf (_("Sending the report to %s."),
                              pm_endpoint_get_display_url (pm_uploader_get_endpoint (self->uploader)));
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Connecting…"));
      gtk_stack_set_visible_child_name (self->stack, "sending");
      adw_message_dialog_set_response_label (dialog, "dont-send", _("_Cancel"));
      adw_message_dialog_set_response_enabled (dialog, "send", FALSE);
      break;

    case PM_CRASH_DIALOG_SENT:
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

static void
pm_crash_dialog_submit_cb (GObject      *object,
                           GAsyncResult *res,
                           gpointer      user_data)
{
  g_autoptr(PmCrashDialog) self = user_data;
  g_autoptr(PmUploadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = pm_uploader_submit_finish (PM_UPLOADER (object), res, &error);
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
      g_autoptr(PmReport) sent = pm_store_load_report (self->store, pm_report_get_key (self->report), NULL);
      const char *content = sent ? pm_report_get_value (sent, "Upload.Content") : NULL;

      g_free (self->server_id);
      self->server_id = g_strdup (pm_upload_result_get_report_id (result));
      /* What the uploader really put in the request (consent may have left
       * items out), in its own words: the person should not have to trust the
       * switches. */
      if (content != NULL)
        adw_action_row_set_subtitle (self->sent_content_row, content);
      gtk_widget_set_visible (GTK_WIDGET (self->sent_content_row), content != NULL);
      pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_SENT);
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

/* The consent level the person's choices amount to, and the files switched off. */
static PmConsentLevel
pm_crash_dialog_get_choices (PmCrashDialog *self,
                             GString       *excluded)
{
  gboolean all_on = TRUE;
  gboolean main_dump_off = FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      PmSendItem *item = g_ptr_array_index (self->items, i);

      if (!item->optional || gtk_switch_get_active (item->toggle))
        continue;
      all_on = FALSE;
      main_dump_off |= item->main_dump;
      if (excluded->len > 0)
        g_string_append_c (excluded, ';');
      g_string_append (excluded, item->name);
    }

  if (main_dump_off)
    return PM_CONSENT_PARAMETERS_ONLY;
  return all_on ? PM_CONSENT_ALL_DATA : PM_CONSENT_PARAMETERS_SAFE_DATA;
}

static gboolean
pm_crash_dialog_record_choices (PmCrashDialog  *self,
                                PmConsentLevel *level,
                                GError        **error)
{
  g_autoptr(GString) excluded = g_string_new (NULL);
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_row));
  g_autofree char *comment_line = NULL;
  const char *pairs[7];

  *level = pm_crash_dialog_get_choices (self, excluded);

  /* Report.wer values are single lines. */
  comment_line = g_strstrip (g_strdelimit (g_strdup (comment), "\r\n\t", ' '));

  pairs[0] = KEY_USER_CONSENT;
  pairs[1] = pm_consent_level_to_string (*level);
  pairs[2] = KEY_USER_EXCLUDED_FILES;
  pairs[3] = excluded->len > 0 ? excluded->str : NULL;
  pairs[4] = KEY_COMMENT;
  pairs[5] = comment_line[0] != '\0' ? comment_line : NULL;
  pairs[6] = NULL;

  return pm_store_set_report_values (self->store, pm_report_get_key (self->report), pairs, error);
}

static void
pm_crash_dialog_send (PmCrashDialog *self)
{
  g_autoptr(GError) error = NULL;
  PmConsentLevel level;

  g_return_if_fail (self->uploader != NULL);

  if (!pm_crash_dialog_record_choices (self, &level, &error))
    {
      g_free (self->failure);
      self->failure = describe_error (error);
      pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_FAILED);
      return;
    }

  if (gtk_check_button_get_active (self->always_check))
    {
      PmSettings *settings = pm_store_get_settings (self->store);
      g_autoptr(GError) settings_error = NULL;
      /* "Always send" never means less than the signature and the minidump. */
      PmConsentLevel always = MAX (level, PM_CONSENT_PARAMETERS_SAFE_DATA);

      if (!pm_settings_set_consent (settings, pm_report_get_app_name (self->report), always, &settings_error))
        g_warning ("Could not remember the choice for %s: %s", self->display_name, settings_error->message);
    }

  /* The person said yes just now: that is the consent "always ask" waits for. */
  pm_uploader_set_approved (self->uploader, TRUE);
  self->cancellable = g_cancellable_new ();
  self->close_after_cancel = FALSE;
  pm_crash_dialog_set_state (self, PM_CRASH_DIALOG_SENDING);
  pm_uploader_submit_async (self->uploader, pm_report_get_key (self->report),
                            pm_crash_dialog_progress_cb, self, NULL,
                            self->cancellable, pm_crash_dialog_submit_cb, g_object_ref (self));
}

static void
pm_crash_dialog_decline (PmCrashDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *key = pm_report_get_key (self->report);
  const char *pairs[] = { KEY_DECLINED, "true", NULL };

  if (!pm_store_set_report_values (self->store, key, pairs, &error) ||
      !pm_store_archive_report (self->store, key, &error))
    g_warning ("Could not move the declined report %s to the archive: %s", key, error->message);

  if (gtk_check_button_get_active (self->always_check))
    {
      PmSettings *settings = pm_store_get_settings (self->store);
      g_autoptr(GError) settings_error = NULL;

      if (!pm_settings_set_excluded (settings, pm_report_get_app_name (self->report), TRUE, &settings_error))
        g_warning ("Could not exclude %s: %s", self->display_name, settings_error->message);
    }

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

static void
pm_crash_dialog_constructed (GObject *object)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (object);

  G_OBJECT_CLASS (pm_crash_dialog_parent_class)->constructed (object);

  g_assert (PM_IS_STORE (self->store));
  g_assert (PM_IS_REPORT (self->report));

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

  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_CRASH_DIALOG);

  G_OBJECT_CLASS (pm_crash_dialog_parent_class)->dispose (object);
}

static void
pm_crash_dialog_finalize (GObject *object)
{
  PmCrashDialog *self = PM_CRASH_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->report);
  g_clear_object (&self->uploader);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->items, g_ptr_array_unref);
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
  /* A PmCrashDialogState. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, PM_CRASH_DIALOG_ASKING, PM_CRASH_DIALOG_DECLINED,
                      PM_CRASH_DIALOG_ASKING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-crash-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, details_expander);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, items_list);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, destination_row);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, comment_row);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, always_check);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, server_id_row);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, sent_content_row);
  gtk_widget_class_bind_template_child (widget_class, PmCrashDialog, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, pm_crash_dialog_copy_clicked_cb);
}

static void
pm_crash_dialog_init (PmCrashDialog *self)
{
  self->items = g_ptr_array_new_with_free_func (pm_send_item_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

PmCrashDialog *
pm_crash_dialog_new (GtkWindow *parent,
                     PmStore   *store,
                     PmReport  *report)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PM_IS_STORE (store), NULL);
  g_return_val_if_fail (PM_IS_REPORT (report), NULL);

  return g_object_new (PM_TYPE_CRASH_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       "report", report,
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
