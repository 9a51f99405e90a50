/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-page.c — PmReportPage: one report, in plain words first.
 *
 * Runs in: the postmortem GUI process (GTK main thread; what was sent is read in a
 * worker thread).
 *
 * The headline and the first lines avoid jargon (UI.md "A report"); the
 * groups below carry every Report.wer value, so nothing in the report is
 * hidden from the person deciding whether to send it.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-info-row.h"
#include "pm-manifest-view.h"
#include "pm-report-page.h"
#include "pm-report-text.h"
#include "pm-wait-chain-view.h"

struct _PmReportPage
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *scroller;
  GtkImage      *icon;
  GtkLabel      *headline;
  GtkLabel      *when_label;
  GtkLabel      *meaning_label;
  GtkLabel      *technical_label;
  GtkBox        *groups_box;

  /* Owned */
  PmStore       *store;
  PmReport      *report;
  PmReportGroup *group;
  GCancellable  *sent_cancellable;  /* reading what was sent; cancelled with the groups */
};

enum {
  PROP_0,
  PROP_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PmReportPage, pm_report_page, GTK_TYPE_WIDGET)

static AdwPreferencesGroup *
add_group (PmReportPage *self,
           const char   *title,
           const char   *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->groups_box, group);
  return ADW_PREFERENCES_GROUP (group);
}

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value,
         gboolean             monospace,
         gboolean             copy)
{
  adw_preferences_group_add (group, pm_info_row_new (title, value, monospace, copy));
}

static void
clear_groups (PmReportPage *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->sent_cancellable);
  g_clear_object (&self->sent_cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

static char *
format_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *absolute = NULL;

  if (when == NULL)
    return NULL;
  local = g_date_time_to_local (when);
  relative = pm_format_relative_time (when, NULL);
  absolute = g_date_time_format (local, "%x %X");
  return g_strdup_printf ("%s (%s)", relative, absolute);
}

static void
occurrence_activated_cb (AdwActionRow *row,
                         PmReportPage *self)
{
  PmReport *report = g_object_get_data (G_OBJECT (row), "pm-report");

  if (report != NULL && self->group != NULL)
    {
      g_autoptr(PmReportGroup) group = g_object_ref (self->group);
      pm_report_page_set_report (self, report, group);
    }
}

static void
open_link_clicked_cb (GtkButton  *button,
                      const char *uri)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_WINDOW);

  gtk_show_uri (GTK_WINDOW (window), uri, GDK_CURRENT_TIME);
}

static void
add_link_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *uri)
{
  GtkWidget *row = pm_info_row_new (title, uri, FALSE, TRUE);
  GtkWidget *button = pm_icon_button_new ("adw-external-link-symbolic", _("Open in Browser"));

  g_signal_connect_data (button, "clicked", G_CALLBACK (open_link_clicked_cb),
                         g_strdup (uri), (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (group, row);
}

/* Reads the manifest recorded when the report was sent, in a worker: the GTK thread
 * touches no store file. The report's folders are only opened with openat(). */
static void
load_sent_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  PmManifest *sent = pm_manifest_load_sent (task_data, &error);

  if (sent == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sent, g_object_unref);
}

static void
sent_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AdwPreferencesGroup *group = user_data;   /* owned */
  g_autoptr(GError) error = NULL;
  g_autoptr(PmManifest) sent = g_task_propagate_pointer (G_TASK (result), &error);
  GtkWidget *view;

  /* Cancelled: the page shows another report or is gone. */
  if (sent == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("report page: nothing recorded as sent: %s", error->message);
      g_object_unref (group);
      return;
    }
  view = pm_manifest_view_new ();
  pm_manifest_view_set_sent (PM_MANIFEST_VIEW (view), sent);
  adw_preferences_group_add (group, view);
  gtk_widget_set_visible (GTK_WIDGET (group), TRUE);
  g_object_unref (group);
}

/* What Send would send (queued), or what was sent: the same list the crash
 * dialog shows, from the same manifest. */
static void
add_manifest_group (PmReportPage *self)
{
  AdwPreferencesGroup *group;
  GtkWidget *view;

  if (self->store == NULL || pm_report_get_load_error (self->report) != NULL)
    return;

  if (pm_report_get_state (self->report) == PM_REPORT_STATE_QUEUE)
    {
      group = add_group (self, _("What Will Be Sent"),
                         _("Switch off anything you do not want to send. Your choices are kept for when you send the report."));
      view = pm_manifest_view_new ();
      pm_manifest_view_set_report (PM_MANIFEST_VIEW (view), self->store, self->report, NULL, TRUE);
    }
  else
    {
      g_autoptr(GTask) task = NULL;

      /* In its place among the groups, shown once the record is read. */
      group = add_group (self, _("What Was Sent"), _("Every field and file the server received, as recorded when it was sent."));
      gtk_widget_set_visible (GTK_WIDGET (group), FALSE);
      self->sent_cancellable = g_cancellable_new ();
      task = g_task_new (NULL, self->sent_cancellable, sent_loaded_cb, g_object_ref (group));
      g_task_set_source_tag (task, add_manifest_group);
      g_task_set_task_data (task, g_object_ref (self->report), g_object_unref);
      g_task_run_in_thread (task, load_sent_in_thread);
      return;
    }
  adw_preferences_group_add (group, view);
}

static void
pm_report_page_build (PmReportPage *self)
{
  PmReport *report = self->report;
  AdwPreferencesGroup *group;
  g_autofree char *name = pm_report_dup_display_name (report);
  g_autofree char *headline = NULL;
  g_autofree char *when = NULL;
  g_autofree char *summary = pm_report_dup_summary (report);
  g_autoptr(GIcon) icon = pm_report_dup_app_icon (report);
  g_autoptr(GDateTime) latest = pm_report_dup_latest_time (report);
  const char *version = pm_report_find_signature (report, "Application Version");
  const char *signal_name = pm_report_get_signal_name (report);
  const char *meaning = pm_report_describe_problem (report);
  /* Reports before the stack signature kept the fault address as a signature. */
  const char *fault_address = pm_report_get_value (report, "Postmortem.FaultAddress") != NULL
                              ? pm_report_get_value (report, "Postmortem.FaultAddress")
                              : pm_report_find_signature (report, "Fault Address");
  const char * const *keys;
  const GError *load_error = pm_report_get_load_error (report);
  guint count = pm_report_get_count (report);
  gboolean any;

  clear_groups (self);

  /* Plain words first. */
  headline = pm_report_dup_headline (report, name);
  gtk_label_set_text (self->headline, headline);
  gtk_image_set_from_gicon (self->icon, icon);

  {
    g_autoptr(GDateTime) event_time = pm_report_get_event_time (report)
                                      ? g_date_time_ref (pm_report_get_event_time (report)) : NULL;
    g_autofree char *rel = event_time ? pm_format_relative_time (event_time, NULL) : g_strdup (_("At an unknown time"));
    GString *line = g_string_new (rel);

    if (version != NULL && *version != '\0')
      g_string_append_printf (line, _(" · version %s"), version);
    if (count > 1)
      g_string_append_printf (line, g_dngettext (GETTEXT_PACKAGE, " · happened %u time", " · happened %u times", count), count);
    when = g_string_free (line, FALSE);
  }
  gtk_label_set_text (self->when_label, when);

  if (load_error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This report cannot be read: %s"), load_error->message);
      gtk_label_set_text (self->meaning_label, text);
    }
  else if (meaning != NULL)
    gtk_label_set_text (self->meaning_label, meaning);
  else
    gtk_label_set_text (self->meaning_label, _("It stopped because of a problem that has no simpler description."));

  {
    GString *technical = g_string_new (summary);
    if (fault_address != NULL && *fault_address != '\0')
      g_string_append_printf (technical, _(", fault address %s"), fault_address);
    gtk_label_set_text (self->technical_label, technical->str);
    g_string_free (technical, TRUE);
  }

  /* Application */
  group = add_group (self, _("Application"), NULL);
  if (g_strcmp0 (name, pm_report_get_app_name (report)) != 0)
    add_row (group, _("Name"), name, FALSE, FALSE);
  add_row (group, _("Program"), pm_report_get_app_name (report), FALSE, FALSE);
  add_row (group, _("Version"), version, FALSE, FALSE);
  add_row (group, _("Path"), pm_report_get_app_path (report), TRUE, TRUE);
  add_row (group, _("Build ID"), pm_report_find_signature (report, "Application Build-ID"), TRUE, TRUE);

  /* Problem */
  group = add_group (self, _("Problem"), NULL);
  if (pm_report_is_hang (report))
    {
      const char *recovered = pm_report_get_value (report, "Postmortem.HangRecovered");

      add_row (group, _("Hung Thread"), pm_report_get_value (report, "Postmortem.HungTid"), TRUE, FALSE);
      add_row (group, _("Hung Thread Stack"), pm_report_find_signature (report, "Hung Thread Stack"), TRUE, TRUE);
      add_row (group, _("Hang Signature"), pm_report_find_signature (report, "Hang Signature"), TRUE, TRUE);
      add_row (group, _("Recovered"), g_strcmp0 (recovered, "true") == 0 ? _("Yes")
                                      : g_strcmp0 (recovered, "false") == 0 ? _("No") : NULL, FALSE, FALSE);
    }
  else
    {
      const char *title = pm_signal_get_title (signal_name);
      g_autofree char *sig = NULL;

      if (signal_name != NULL && title != NULL)
        sig = g_strdup_printf ("%s (%s)", title, signal_name);
      add_row (group, _("Signal"), sig ? sig : signal_name, FALSE, FALSE);
      add_row (group, _("Fault Module"), pm_report_find_signature (report, "Fault Module Name"), FALSE, TRUE);
      add_row (group, _("Fault Module Version"), pm_report_find_signature (report, "Fault Module Version"), FALSE, FALSE);
      add_row (group, _("Fault Module Build ID"), pm_report_find_signature (report, "Fault Module Build-ID"), TRUE, TRUE);
      add_row (group, _("Offset in Module"), pm_report_find_signature (report, "Offset In Module"), TRUE, TRUE);
      add_row (group, _("Fault Address"), fault_address, TRUE, TRUE);
    }
  {
    g_autofree char *first = format_time (pm_report_get_event_time (report));
    add_row (group, _("Happened"), first, FALSE, FALSE);
    if (count > 1)
      {
        g_autofree char *last = format_time (latest);
        g_autofree char *times = g_strdup_printf ("%u", count);
        add_row (group, _("Last Time"), last, FALSE, FALSE);
        add_row (group, _("Times"), times, FALSE, FALSE);
      }
  }
  add_row (group, _("Process ID"), pm_report_get_value (report, "Postmortem.Pid"), TRUE, FALSE);

  /* A hang report's wait chains (Postmortem.WaitChains), in words and as a graph. */
  {
    GtkWidget *waiting = pm_wait_chain_group_new (pm_report_get_value (report, "Postmortem.WaitChains"));

    if (waiting != NULL)
      gtk_box_append (self->groups_box, waiting);
  }

  /* System: DynamicSig[N] and the Postmortem.* extras that describe the machine. */
  group = add_group (self, _("System"), NULL);
  any = FALSE;
  for (guint i = 0; i < 32; i++)
    {
      g_autofree char *name_key = g_strdup_printf ("DynamicSig[%u].Name", i);
      g_autofree char *value_key = g_strdup_printf ("DynamicSig[%u].Value", i);
      const char *dyn_name = pm_report_get_value (report, name_key);
      const char *dyn_value = pm_report_get_value (report, value_key);

      if (dyn_name == NULL && dyn_value == NULL)
        continue;
      add_row (group, dyn_name ? dyn_name : name_key, dyn_value, FALSE, FALSE);
      any = TRUE;
    }
  if (!any)
    add_row (group, _("Operating System"), NULL, FALSE, FALSE);

  /* Custom information: what the application registered. */
  group = add_group (self, _("Custom Information"),
                     _("Values the application chose to add to its crash reports."));
  any = FALSE;
  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *key_key = g_strdup_printf ("Metadata[%u].Key", i);
      g_autofree char *value_key = g_strdup_printf ("Metadata[%u].Value", i);
      const char *meta_key = pm_report_get_value (report, key_key);

      if (meta_key == NULL)
        continue;
      add_row (group, meta_key, pm_report_get_value (report, value_key), FALSE, TRUE);
      any = TRUE;
    }
  if (!any)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("None"));
      adw_preferences_group_add (group, row);
    }

  /* Signature and bucket: exactly what identifies this problem to a server. */
  group = add_group (self, _("Signature and Bucket"),
                     _("Reports with the same signature are the same problem."));
  add_row (group, _("Event Type"), pm_report_get_event_type (report), FALSE, FALSE);
  for (guint i = 0; i < PM_REPORT_MAX_SIGNATURE; i++)
    {
      const char *sig_name, *sig_value;
      if (pm_report_get_signature (report, i, &sig_name, &sig_value))
        add_row (group, sig_name ? sig_name : "?", sig_value, TRUE, FALSE);
    }
  add_row (group, _("Bucket"), pm_report_get_bucket_id (report), TRUE, TRUE);
  add_row (group, _("Report ID"), pm_report_get_report_id (report), TRUE, TRUE);
  add_row (group, _("Report Key"), pm_report_get_key (report), TRUE, TRUE);

  /* Files, with an action to see them. */
  group = add_group (self, _("Files"), NULL);
  {
    GtkWidget *button = gtk_button_new_with_mnemonic (_("Open _Folder"));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-folder");
    gtk_widget_add_css_class (button, "flat");
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text (button, _("Show the report’s files in the file manager"));
    adw_preferences_group_set_header_suffix (group, button);
  }
  for (guint i = 0; i < pm_report_get_n_files (report); i++)
    {
      const char *file_name = pm_report_get_file_name (report, i);
      g_autofree char *size = g_format_size (pm_report_get_file_size (report, i));
      GtkWidget *row = pm_info_row_new (file_name, size, FALSE, FALSE);

      /* Every minidump of the report (the main one, triage dumps of other
       * processes) opens in its own window. */
      if (g_str_has_suffix (file_name, ".dmp") || g_str_has_suffix (file_name, ".mdmp") ||
          g_str_has_suffix (file_name, ".hdmp"))
        {
          g_autofree char *tooltip = g_strdup_printf (_("Open %s in a New Window"), file_name);
          GtkWidget *button = pm_icon_button_new ("document-open-symbolic", tooltip);

          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-report-file");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", file_name);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (group, row);
    }
  {
    g_autofree char *total = g_format_size (pm_report_get_size (report));
    add_row (group, _("Total"), total, FALSE, FALSE);
  }

  /* Submission */
  group = add_group (self, _("Submission"), NULL);
  {
    const char *server_id = pm_report_get_value (report, "Response.ReportId");
    const char *url = pm_report_get_value (report, "Response.ViewURL");
    const char *state;

    if (pm_report_get_state (report) == PM_REPORT_STATE_QUEUE)
      state = _("Not sent yet");
    else if (server_id != NULL)
      state = _("Sent");
    else
      state = _("Not sent (kept)");
    add_row (group, _("State"), state, FALSE, FALSE);
    if (server_id != NULL)
      add_row (group, _("Server Report ID"), server_id, TRUE, TRUE);
    if (url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
      add_link_row (group, _("Report on the Server"), url);
  }
  add_manifest_group (self);

  /* Other reports of the same problem. */
  if (self->group != NULL && pm_report_group_get_n_reports (self->group) > 1)
    {
      group = add_group (self, _("Other Reports of This Problem"), NULL);
      for (guint i = 0; i < pm_report_group_get_n_reports (self->group); i++)
        {
          PmReport *other = pm_report_group_get_report (self->group, i);
          g_autofree char *title = NULL;
          g_autofree char *rel = pm_format_relative_time (pm_report_get_event_time (other), NULL);
          GtkWidget *row;

          if (other == report)
            continue;
          row = adw_action_row_new ();
          title = g_strdup_printf ("%s — %s", rel, pm_report_get_key (other));
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_object_set_data_full (G_OBJECT (row), "pm-report", g_object_ref (other), g_object_unref);
          g_signal_connect_object (row, "activated", G_CALLBACK (occurrence_activated_cb), self, 0);
          adw_preferences_group_add (group, row);
        }
    }

  /* Everything else in Report.wer, so nothing is hidden. */
  group = add_group (self, _("All Report Values"), _("Every line of the report’s Report.wer file."));
  {
    GtkWidget *expander = adw_expander_row_new ();
    g_autofree char *subtitle = NULL;
    guint n = 0;

    keys = pm_report_get_keys (report);
    for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
      {
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                  pm_info_row_new (keys[i], pm_report_get_value (report, keys[i]), TRUE, FALSE));
        n++;
      }
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u value", "%u values", n), n);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), "Report.wer");
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
    adw_preferences_group_add (group, expander);
  }

  /* The dump is on its own tab; say so and link to it. */
  group = add_group (self, _("Minidump"), NULL);
  {
    const char *dump_name = pm_report_get_minidump_name (report);
    GtkWidget *row = adw_action_row_new ();

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                   dump_name ? _("Examine the Minidump") : _("This report has no minidump"));
    if (dump_name != NULL)
      {
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dump_name);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
        gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-dump");
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      }
    adw_preferences_group_add (group, row);
  }
}

PmReport *
pm_report_page_get_report (PmReportPage *self)
{
  g_return_val_if_fail (PM_IS_REPORT_PAGE (self), NULL);
  return self->report;
}

void
pm_report_page_set_store (PmReportPage *self,
                          PmStore      *store)
{
  g_return_if_fail (PM_IS_REPORT_PAGE (self));
  g_return_if_fail (store == NULL || PM_IS_STORE (store));

  g_set_object (&self->store, store);
}

const char *
pm_report_page_get_headline (PmReportPage *self)
{
  g_return_val_if_fail (PM_IS_REPORT_PAGE (self), NULL);
  return gtk_label_get_text (self->headline);
}

void
pm_report_page_set_report (PmReportPage  *self,
                           PmReport      *report,
                           PmReportGroup *group)
{
  g_return_if_fail (PM_IS_REPORT_PAGE (self));
  g_return_if_fail (report == NULL || PM_IS_REPORT (report));
  g_return_if_fail (group == NULL || PM_IS_REPORT_GROUP (group));

  if (report == self->report && group == self->group)
    return;

  g_set_object (&self->group, group);
  if (!g_set_object (&self->report, report) && report != NULL)
    {
      /* Same report, new group (a reload): refresh the rows only. */
      pm_report_page_build (self);
      return;
    }

  if (report != NULL)
    pm_report_page_build (self);
  else
    clear_groups (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

static void
pm_report_page_dispose (GObject *object)
{
  PmReportPage *self = PM_REPORT_PAGE (object);

  g_cancellable_cancel (self->sent_cancellable);
  g_clear_object (&self->sent_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_REPORT_PAGE);
  /* Children without an id are not cleared by the template: unparent them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  g_clear_object (&self->report);
  g_clear_object (&self->group);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pm_report_page_parent_class)->dispose (object);
}

static void
pm_report_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PmReportPage *self = PM_REPORT_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_report_page_class_init (PmReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pm_report_page_dispose;
  object_class->get_property = pm_report_page_get_property;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, PM_TYPE_REPORT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, icon);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, headline);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, when_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, meaning_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, technical_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, groups_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pm_report_page_init (PmReportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pm_report_page_new (void)
{
  return g_object_new (PM_TYPE_REPORT_PAGE, NULL);
}
