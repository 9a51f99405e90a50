/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-page.c — PmReportPage: one report, in plain words first.
 *
 * Runs in: the postmortem GUI process (GTK main thread; what was sent and whether the
 * dump is damaged are read in worker threads).
 *
 * The headline and the sentence under it avoid jargon (UI.md "A report"); a damaged
 * dump is said right there; the technical line comes last in the header. Below, each
 * value has one place: a short summary whose last row, "All Values", unfolds every
 * Report.wer line as written, so nothing in the report is hidden from the person
 * deciding whether to send it. Relative times follow the clock while the page is
 * mapped, through the process's one ticker (pm-time-ticker.h).
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "pm-info-row.h"
#include "pm-manifest-view.h"
#include "pm-minidump-reader.h"
#include "pm-report-page.h"
#include "pm-report-page-private.h"
#include "pm-report-text.h"
#include "pm-time-ticker.h"
#include "pm-wait-chain-view.h"

/* A row whose title is a relative time ("5 minutes ago"). */
typedef struct
{
  GtkWidget *row;    /* owned ref */
  GDateTime *when;
} TimeRow;

struct _PmReportPage
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *scroller;
  GtkImage      *icon;
  GtkLabel      *headline;
  GtkLabel      *sentence_label;
  GtkLabel      *damage_label;
  GtkLabel      *technical_label;
  GtkBox        *groups_box;

  /* Owned */
  PmStore       *store;
  PmReport      *report;
  PmReportGroup *group;
  GCancellable  *cancellable;       /* the workers of the shown report; cancelled with the groups */
  GArray        *time_rows;         /* TimeRow */
  guint          ticker_id;         /* relative times follow the clock while mapped */
  gboolean       dump_checked;
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

/* A row only for a value the report has: an unknown value is no information. */
static void
add_row_if_set (AdwPreferencesGroup *group,
                const char          *title,
                const char          *value,
                gboolean             monospace,
                gboolean             copy)
{
  if (value != NULL && *value != '\0')
    adw_preferences_group_add (group, pm_info_row_new (title, value, monospace, copy));
}

static void
time_row_clear (gpointer data)
{
  TimeRow *time_row = data;

  g_clear_object (&time_row->row);
  g_clear_pointer (&time_row->when, g_date_time_unref);
}

/* --- Relative times ---------------------------------------------------------- */

static void
pm_report_page_show_times (PmReportPage *self)
{
  g_autoptr(GDateTime) now = pm_clock_dup_now ();
  g_autofree char *sentence = NULL;

  if (self->report == NULL)
    return;
  sentence = pm_report_dup_plain_sentence (self->report, now);
  if (g_strcmp0 (sentence, gtk_label_get_text (self->sentence_label)) != 0)
    gtk_label_set_text (self->sentence_label, sentence);

  for (guint i = 0; i < self->time_rows->len; i++)
    {
      TimeRow *time_row = &g_array_index (self->time_rows, TimeRow, i);
      g_autofree char *text = pm_format_relative_time (time_row->when, now);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (time_row->row), text);
    }
}

static void
pm_report_page_tick (gpointer data)
{
  pm_report_page_show_times (PM_REPORT_PAGE (data));
}

static void
pm_report_page_stop_clock (PmReportPage *self)
{
  g_clear_handle_id (&self->ticker_id, pm_time_ticker_remove);
}

/* Every time on the page follows the process's one ticker, and only while someone can
 * see the page. */
static void
pm_report_page_start_clock (PmReportPage *self)
{
  if (self->report == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    pm_report_page_stop_clock (self);
  else if (self->ticker_id == 0)
    self->ticker_id = pm_time_ticker_add (pm_report_page_tick, self);
}

static void
pm_report_page_map (GtkWidget *widget)
{
  PmReportPage *self = PM_REPORT_PAGE (widget);

  GTK_WIDGET_CLASS (pm_report_page_parent_class)->map (widget);
  /* Times went on while the page was hidden. */
  pm_report_page_show_times (self);
  pm_report_page_start_clock (self);
}

static void
pm_report_page_unmap (GtkWidget *widget)
{
  pm_report_page_stop_clock (PM_REPORT_PAGE (widget));
  GTK_WIDGET_CLASS (pm_report_page_parent_class)->unmap (widget);
}

static void
clear_groups (PmReportPage *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_array_set_size (self->time_rows, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->damage_label), FALSE);
  gtk_label_set_text (self->damage_label, "");
  self->dump_checked = FALSE;
}

/* --- A damaged dump ----------------------------------------------------------- */

/* What is wrong with the dump, in words, or NULL when it reads cleanly. */
static char *
describe_dump_damage (PmMinidump      *md,
                      const PmMdError *open_error)
{
  gsize n_streams, n_missing = 0, n_warnings;

  if (md == NULL)
    {
      switch (open_error->status)
        {
        case PM_MD_ERROR_TRUNCATED:
          return g_strdup (_("The memory dump is damaged: the file is cut short, and nothing in it can be read."));
        case PM_MD_ERROR_NOT_MINIDUMP:
        case PM_MD_ERROR_VERSION:
          return g_strdup (_("The memory dump is damaged: the file is not a minidump."));
        default:
          return g_strdup_printf (_("The memory dump is damaged: it cannot be read (%s)."), open_error->message);
        }
    }

  n_streams = pm_minidump_get_n_streams (md);
  for (gsize i = 0; i < n_streams; i++)
    {
      PmMdStreamInfo info;

      if (pm_minidump_get_stream_info (md, i, &info) == PM_MD_OK && info.state == PM_MD_STREAM_BEYOND_EOF)
        n_missing++;
    }
  if (n_missing > 0 && n_missing == n_streams)
    {
      g_autofree char *total = pm_format_count (n_streams);

      return g_strdup_printf (_("The memory dump is damaged: the file is cut short, and none of its %s parts can be read."),
                              total);
    }
  if (n_missing > 0)
    {
      g_autofree char *missing = pm_format_count (n_missing);
      g_autofree char *total = pm_format_count (n_streams);

      /* Translators: "3 of its 17 parts": the streams of the minidump file. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The memory dump is damaged: the file is cut short, and %s of its %s parts is missing. The Dump tab shows what is left.",
                                           "The memory dump is damaged: the file is cut short, and %s of its %s parts are missing. The Dump tab shows what is left.",
                                           n_missing),
                              missing, total);
    }

  n_warnings = pm_minidump_get_n_warnings (md);
  if (n_warnings > 0)
    {
      g_autofree char *count = pm_format_count (n_warnings);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The memory dump is damaged: %s part of it cannot be read. The Dump tab lists it.",
                                           "The memory dump is damaged: %s parts of it cannot be read. The Dump tab lists them.",
                                           n_warnings),
                              count);
    }
  return NULL;
}

/* Opens the report's dump in a worker (the GTK thread touches no store file): its
 * stream directory only, the file is mapped, not read. */
static void
check_dump_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  PmReport *report = task_data;
  g_autoptr(GError) error = NULL;
  PmMdError md_error = { 0 };
  PmMinidump *md;
  char *damage;
  int fd = pm_report_open_file (report, pm_report_get_minidump_name (report), &error);

  if (fd < 0)
    {
      g_task_return_pointer (task, g_strdup_printf (_("The memory dump cannot be opened: %s"), error->message), g_free);
      return;
    }
  md = pm_minidump_open_fd (fd, &md_error);
  close (fd);
  damage = describe_dump_damage (md, &md_error);
  if (md != NULL)
    pm_minidump_close (md);
  g_task_return_pointer (task, damage, g_free);
}

static void
dump_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *damage = g_task_propagate_pointer (G_TASK (result), &error);
  PmReportPage *self;

  /* Cancelled: the page shows another report or is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = PM_REPORT_PAGE (user_data);
  self->dump_checked = TRUE;
  if (damage != NULL)
    {
      gtk_label_set_text (self->damage_label, damage);
      gtk_widget_set_visible (GTK_WIDGET (self->damage_label), TRUE);
    }
}

static void
pm_report_page_check_dump (PmReportPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (pm_report_get_minidump_name (self->report) == NULL)
    {
      self->dump_checked = TRUE;
      return;
    }
  /* The callback runs only while the cancellable is not cancelled, and the page
   * cancels it before it goes: no reference needed. */
  task = g_task_new (NULL, self->cancellable, dump_checked_cb, self);
  g_task_set_source_tag (task, pm_report_page_check_dump);
  g_task_set_task_data (task, g_object_ref (self->report), g_object_unref);
  g_task_run_in_thread (task, check_dump_in_thread);
}

/* --- Rows with actions -------------------------------------------------------- */

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
  GtkWidget *row = pm_info_row_new (title, uri, FALSE, FALSE);
  GtkWidget *button = pm_icon_button_new ("adw-external-link-symbolic", _("Open in Browser"));

  g_signal_connect_data (button, "clicked", G_CALLBACK (open_link_clicked_cb),
                         g_strdup (uri), (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (group, row);
}

/* --- What was sent ------------------------------------------------------------ */

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
      task = g_task_new (NULL, self->cancellable, sent_loaded_cb, g_object_ref (group));
      g_task_set_source_tag (task, add_manifest_group);
      g_task_set_task_data (task, g_object_ref (self->report), g_object_unref);
      g_task_run_in_thread (task, load_sent_in_thread);
      return;
    }
  adw_preferences_group_add (group, view);
}

/* --- The header --------------------------------------------------------------- */

/* "Segmentation fault (SIGSEGV) in libfoo.so+0x1234, fault address 0x10": for the
 * people who read such lines, after the plain words. */
static char *
dup_technical_line (PmReport *report)
{
  const char *signal_name = pm_report_get_signal_name (report);
  const char *title = pm_signal_get_title (signal_name);
  const char *module = pm_report_find_signature (report, "Fault Module Name");
  const char *offset = pm_report_find_signature (report, "Offset In Module");
  const char *fault_address = pm_report_get_fault_address (report);
  g_autofree char *what = NULL;
  g_autofree char *where = NULL;
  GString *line;

  if (signal_name != NULL && title != NULL)
    what = g_strdup_printf ("%s (%s)", title, signal_name);
  else if (signal_name != NULL)
    what = g_strdup (signal_name);
  else if (pm_report_get_event_type (report) != NULL)
    what = g_strdup (pm_report_get_event_type (report));
  else
    what = g_strdup (_("Problem"));

  if (module != NULL && *module != '\0' && offset != NULL && *offset != '\0')
    where = g_strdup_printf ("%s+%s", module, offset);
  else if (module != NULL && *module != '\0')
    where = g_strdup (module);

  line = g_string_new (NULL);
  if (where != NULL)
    g_string_append_printf (line, _("%s in %s"), what, where);
  else
    g_string_append (line, what);
  if (fault_address != NULL)
    g_string_append_printf (line, _(", fault address %s"), fault_address);
  return g_string_free (line, FALSE);
}

static void
pm_report_page_build_header (PmReportPage *self)
{
  PmReport *report = self->report;
  g_autofree char *name = pm_report_dup_display_name (report);
  g_autofree char *headline = pm_report_dup_headline (report, name);
  g_autoptr(GIcon) icon = pm_report_dup_app_icon (report);
  g_autoptr(GDateTime) latest = pm_report_dup_latest_time (report);
  g_autofree char *absolute = pm_format_date_time (latest);

  gtk_label_set_text (self->headline, headline);
  gtk_image_set_from_gicon (self->icon, icon);

  /* The sentence's relative time, as a date on hover and for screen readers. */
  gtk_label_set_text (self->sentence_label, "");
  pm_report_page_show_times (self);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sentence_label), absolute);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sentence_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, absolute ? absolute : "",
                                  -1);

  if (pm_report_get_load_error (report) == NULL)
    {
      /* A hang has no signal nor fault module: "Not responding in app+0x1234". */
      g_autofree char *technical = pm_report_is_hang (report) ? pm_report_dup_summary (report)
                                                              : dup_technical_line (report);
      gtk_label_set_text (self->technical_label, technical);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->technical_label), pm_report_get_load_error (report) == NULL);
}

/* --- The groups --------------------------------------------------------------- */

/* Every Report.wer line, as written, made when first unfolded: most people never do. */
static void
all_values_expanded_cb (AdwExpanderRow *expander,
                        GParamSpec     *pspec,
                        PmReport       *report)
{
  const char * const *keys;

  if (!adw_expander_row_get_expanded (expander) || g_object_get_data (G_OBJECT (expander), "pm-filled") != NULL)
    return;
  g_object_set_data (G_OBJECT (expander), "pm-filled", GINT_TO_POINTER (1));
  keys = pm_report_get_keys (report);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    adw_expander_row_add_row (expander, pm_info_row_new (keys[i], pm_report_get_value (report, keys[i]), TRUE, FALSE));
}

static void
add_all_values_row (AdwPreferencesGroup *group,
                    PmReport            *report)
{
  GtkWidget *expander = adw_expander_row_new ();
  const char * const *keys = pm_report_get_keys (report);
  guint n = keys != NULL ? g_strv_length ((char **) keys) : 0;
  g_autofree char *count = pm_format_count (n);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s line of the report’s Report.wer file, as written",
                                                            "%s lines of the report’s Report.wer file, as written",
                                                            n),
                                               count);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("All Values"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  g_signal_connect_data (expander, "notify::expanded", G_CALLBACK (all_values_expanded_cb),
                         g_object_ref (report), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  adw_preferences_group_add (group, expander);
}

/* "Debian GNU/Linux 12 (bookworm), Linux 6.1.0-13-amd64" from the OS parameters; the
 * other DynamicSig values get rows of their own. */
static void
add_system_rows (AdwPreferencesGroup *group,
                 PmReport            *report)
{
  const char *os_name = NULL, *os_version = NULL;

  for (guint i = 0; i < 32; i++)
    {
      g_autofree char *name_key = g_strdup_printf ("DynamicSig[%u].Name", i);
      g_autofree char *value_key = g_strdup_printf ("DynamicSig[%u].Value", i);
      const char *dyn_name = pm_report_get_value (report, name_key);
      const char *dyn_value = pm_report_get_value (report, value_key);

      if (g_strcmp0 (dyn_name, "OS Name") == 0)
        os_name = dyn_value;
      else if (g_strcmp0 (dyn_name, "OS Version") == 0)
        os_version = dyn_value;
      else if (dyn_name != NULL)
        add_row_if_set (group, dyn_name, dyn_value, FALSE, FALSE);
    }
  if (os_name != NULL && *os_name != '\0' && os_version != NULL && *os_version != '\0')
    {
      /* Translators: the system, then its kernel's version: "Debian GNU/Linux 12, Linux 6.1.0". */
      g_autofree char *system = g_strdup_printf (_("%s, Linux %s"), os_name, os_version);
      add_row_if_set (group, _("System"), system, FALSE, FALSE);
    }
  else
    add_row_if_set (group, _("System"), os_name != NULL && *os_name != '\0' ? os_name : os_version, FALSE, FALSE);
}

/* A hang's own values, where a crash has its stack signature: the thread that
 * stopped answering, its stack, the bucket's hash and whether it went on. */
static void
add_hang_rows (AdwPreferencesGroup *group,
               PmReport            *report)
{
  const char *recovered = pm_report_get_value (report, "Postmortem.HangRecovered");

  add_row_if_set (group, _("Hung Thread"), pm_report_get_value (report, "Postmortem.HungTid"), TRUE, FALSE);
  add_row_if_set (group, _("Hung Thread Stack"), pm_report_find_signature (report, "Hung Thread Stack"), TRUE, TRUE);
  add_row_if_set (group, _("Hang Signature"), pm_report_find_signature (report, "Hang Signature"), TRUE, TRUE);
  add_row_if_set (group, _("Recovered"), g_strcmp0 (recovered, "true") == 0 ? _("Yes")
                                         : g_strcmp0 (recovered, "false") == 0 ? _("No") : NULL, FALSE, FALSE);
}

/* One place for each value: what identifies the program and the problem. */
static void
add_summary_group (PmReportPage *self)
{
  PmReport *report = self->report;
  AdwPreferencesGroup *group = add_group (self, _("Summary"), NULL);
  const char *path = pm_report_get_app_path (report);
  guint count = pm_report_get_count (report);

  add_row_if_set (group, _("Program"), path != NULL ? path : pm_report_get_app_name (report), TRUE, FALSE);
  add_row_if_set (group, _("Version"), pm_report_find_signature (report, "Application Version"), FALSE, FALSE);
  if (count > 1)
    {
      g_autofree char *times = pm_format_count (count);
      g_autofree char *first = pm_format_date_time (pm_report_get_event_time (report));
      g_autofree char *text = first != NULL
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s time since %s", "%s times since %s", count), times, first)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s time", "%s times", count), times);

      add_row_if_set (group, _("Happened"), text, FALSE, FALSE);
    }
  /* The two values people paste elsewhere (a bug report, a search): copyable. */
  if (pm_report_is_hang (report))
    add_hang_rows (group, report);
  else
    add_row_if_set (group, _("Stack Signature"), pm_report_get_stack_signature (report), TRUE, TRUE);
  add_row_if_set (group, _("Report ID"), pm_report_get_report_id (report), TRUE, TRUE);
  add_system_rows (group, report);
  add_all_values_row (group, report);
}

static void
add_custom_group (PmReportPage *self)
{
  AdwPreferencesGroup *group = NULL;

  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *key_key = g_strdup_printf ("Metadata[%u].Key", i);
      g_autofree char *value_key = g_strdup_printf ("Metadata[%u].Value", i);
      const char *meta_key = pm_report_get_value (self->report, key_key);

      if (meta_key == NULL)
        continue;
      if (group == NULL)
        group = add_group (self, _("Custom Information"),
                           _("Values the application chose to add to its crash reports."));
      adw_preferences_group_add (group, pm_info_row_new (meta_key, pm_report_get_value (self->report, value_key),
                                                         FALSE, FALSE));
    }
}

static gboolean
is_dump_file (const char *file_name)
{
  return g_str_has_suffix (file_name, ".dmp") || g_str_has_suffix (file_name, ".mdmp") ||
         g_str_has_suffix (file_name, ".hdmp");
}

static void
add_files_group (PmReportPage *self)
{
  PmReport *report = self->report;
  AdwPreferencesGroup *group = add_group (self, _("Files"), NULL);
  const char *dump_name = pm_report_get_minidump_name (report);
  guint n_files = pm_report_get_n_files (report);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Open _Folder"));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-folder");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Show the report’s files in the file manager"));
  adw_preferences_group_set_header_suffix (group, button);

  /* The dump is on its own tab: say so and lead there. */
  if (dump_name != NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Examine the Minidump"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dump_name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-dump");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_preferences_group_add (group, row);
    }

  for (guint i = 0; i < n_files; i++)
    {
      const char *file_name = pm_report_get_file_name (report, i);
      g_autofree char *size = pm_format_size (pm_report_get_file_size (report, i));
      GtkWidget *row = pm_info_row_new (file_name, size, FALSE, FALSE);

      /* Every minidump of the report (the main one, triage dumps of other
       * processes) opens in its own window. */
      if (is_dump_file (file_name))
        {
          g_autofree char *tooltip = g_strdup_printf (_("Open %s in a New Window"), file_name);
          GtkWidget *open = pm_icon_button_new ("document-open-symbolic", tooltip);

          gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.open-report-file");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "s", file_name);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
        }
      adw_preferences_group_add (group, row);
    }
  if (n_files > 1)
    {
      g_autofree char *total = pm_format_size (pm_report_get_size (report));
      add_row_if_set (group, _("Total"), total, FALSE, FALSE);
    }
  else if (n_files == 0 && dump_name == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("This report has no files"));
      adw_preferences_group_add (group, row);
    }
}

static void
add_submission_group (PmReportPage *self)
{
  PmReport *report = self->report;
  AdwPreferencesGroup *group = add_group (self, _("Submission"), NULL);
  const char *server_id = pm_report_get_value (report, "Response.ReportId");
  const char *url = pm_report_get_value (report, "Response.ViewURL");
  const char *state;

  if (pm_report_get_state (report) == PM_REPORT_STATE_QUEUE)
    state = _("Not sent yet");
  else if (server_id != NULL)
    state = _("Sent");
  else
    state = _("Not sent (kept)");
  add_row_if_set (group, _("State"), state, FALSE, FALSE);
  add_row_if_set (group, _("Server Report ID"), server_id, TRUE, TRUE);
  if (url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
    add_link_row (group, _("Report on the Server"), url);
}

static void
add_other_reports_group (PmReportPage *self)
{
  AdwPreferencesGroup *group;

  if (self->group == NULL || pm_report_group_get_n_reports (self->group) <= 1)
    return;

  group = add_group (self, _("Other Reports of This Problem"), NULL);
  for (guint i = 0; i < pm_report_group_get_n_reports (self->group); i++)
    {
      PmReport *other = pm_report_group_get_report (self->group, i);
      GDateTime *when = pm_report_get_event_time (other);
      g_autofree char *absolute = pm_format_date_time (when);
      GtkWidget *row;
      TimeRow time_row;

      if (other == self->report)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pm_report_get_key (other));
      gtk_widget_set_tooltip_text (row, absolute);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "pm-report", g_object_ref (other), g_object_unref);
      g_signal_connect_object (row, "activated", G_CALLBACK (occurrence_activated_cb), self, 0);
      adw_preferences_group_add (group, row);

      /* Its title is the relative time, kept fresh by the page's clock. */
      time_row.row = g_object_ref (row);
      time_row.when = when != NULL ? g_date_time_ref (when) : NULL;
      g_array_append_val (self->time_rows, time_row);
    }
}

/* A hang report's wait chains (Postmortem.WaitChains), in words and as a graph. */
static void
add_wait_chain_group (PmReportPage *self)
{
  GtkWidget *waiting = pm_wait_chain_group_new (pm_report_get_value (self->report, "Postmortem.WaitChains"));

  if (waiting != NULL)
    gtk_box_append (self->groups_box, waiting);
}

static void
pm_report_page_build (PmReportPage *self)
{
  clear_groups (self);
  self->cancellable = g_cancellable_new ();

  add_summary_group (self);
  add_wait_chain_group (self);
  add_custom_group (self);
  add_files_group (self);
  add_submission_group (self);
  add_manifest_group (self);
  add_other_reports_group (self);

  pm_report_page_build_header (self);
  pm_report_page_check_dump (self);
  pm_report_page_start_clock (self);
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
    {
      pm_report_page_stop_clock (self);
      clear_groups (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

static void
pm_report_page_dispose (GObject *object)
{
  PmReportPage *self = PM_REPORT_PAGE (object);

  pm_report_page_stop_clock (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->time_rows, g_array_unref);
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
  widget_class->map = pm_report_page_map;
  widget_class->unmap = pm_report_page_unmap;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, PM_TYPE_REPORT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, icon);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, headline);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, damage_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, technical_label);
  gtk_widget_class_bind_template_child (widget_class, PmReportPage, groups_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pm_report_page_init (PmReportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->time_rows = g_array_new (FALSE, TRUE, sizeof (TimeRow));
  g_array_set_clear_func (self->time_rows, time_row_clear);
}

GtkWidget *
pm_report_page_new (void)
{
  return g_object_new (PM_TYPE_REPORT_PAGE, NULL);
}

/* --- For tests (pm-report-page-private.h) ------------------------------------- */

gboolean
pm_report_page_is_clock_running (PmReportPage *self)
{
  g_return_val_if_fail (PM_IS_REPORT_PAGE (self), FALSE);
  return self->ticker_id != 0;
}

const char *
pm_report_page_get_sentence (PmReportPage *self)
{
  g_return_val_if_fail (PM_IS_REPORT_PAGE (self), NULL);
  return gtk_label_get_text (self->sentence_label);
}

gboolean
pm_report_page_is_dump_checked (PmReportPage *self)
{
  g_return_val_if_fail (PM_IS_REPORT_PAGE (self), FALSE);
  return self->dump_checked;
}

const char *
pm_report_page_get_dump_damage (PmReportPage *self)
{
  g_return_val_if_fail (PM_IS_REPORT_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->damage_label)) ? gtk_label_get_text (self->damage_label) : NULL;
}
