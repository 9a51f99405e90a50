/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-manifest-view.c — PmManifestView: a report's manifest as rows, editable
 * before sending, read-only after.
 *
 * Runs in: the postmortem GUI process (GTK main thread); pm_manifest_compute()
 * runs in a GTask worker thread on copies of the choices.
 *
 * Every change (a switch, the level, redaction, the comment) starts a new
 * computation; only the latest one is shown (a generation number), so a slow
 * computation never overwrites a newer choice. The rows are rebuilt from each
 * manifest, keeping the folded/unfolded state and the keyboard focus of the
 * row the person was on.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-info-row.h"
#include "pm-manifest-view.h"
#include "pm-part-viewer.h"
#include "pm-report-text.h"

/* Typing a comment computes again once the person pauses. */
#define COMMENT_DELAY_MS 400

/* The rows of "What to Send", in order. */
static const PmConsentLevel choosable_levels[] = {
  PM_CONSENT_PARAMETERS_ONLY,
  PM_CONSENT_PARAMETERS_SAFE_DATA,
  PM_CONSENT_ALL_DATA,
};

struct _PmManifestView
{
  GtkWidget           parent_instance;

  GtkListBox         *list;

  /* owned */
  PmStore            *store;
  PmReport           *report;
  PmManifestChoices  *choices;
  PmManifest         *manifest;
  GCancellable       *cancellable;
  GHashTable         *expanded;      /* row keys ("fields", "left-out", "redaction") unfolded */
  char               *focus_part;    /* part name whose switch had the focus */
  guint               generation;
  guint               comment_source;
  gboolean            editable;
  gboolean            save_choices;
  gboolean            busy;
  gboolean            updating;
};

G_DEFINE_FINAL_TYPE (PmManifestView, pm_manifest_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANIFEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pm_manifest_view_compute         (PmManifestView *self);
static GtkWidget *find_named                 (GtkWidget      *widget,
                                              GType           type,
                                              const char     *name);
static void pm_manifest_view_choices_changed (PmManifestView *self);

/* --- rows ------------------------------------------------------------------------ */

static void
view_clicked_cb (GtkButton      *button,
                 PmManifestPart *part)
{
  g_autoptr(GBytes) text = pm_manifest_part_get_text (part);
  const char *title = pm_manifest_part_get_file_name (part);

  pm_part_viewer_show (GTK_WIDGET (button), title != NULL ? title : pm_manifest_part_get_name (part), text);
}

static void
part_switch_cb (GtkSwitch      *toggle,
                GParamSpec     *pspec,
                PmManifestView *self)
{
  const char *name = g_object_get_data (G_OBJECT (toggle), "pm-part-name");

  if (self->updating || self->choices == NULL)
    return;
  pm_manifest_choices_set_part_removed (self->choices, name, !gtk_switch_get_active (toggle));
  g_free (self->focus_part);
  self->focus_part = g_strdup (name);
  pm_manifest_view_choices_changed (self);
}

/* A part's description as a row title: it starts a sentence ("minidump: …"
 * becomes "Minidump: …"). */
static char *
title_from_description (const char *description)
{
  char first[8] = { 0 };

  if (description == NULL || *description == '\0')
    return g_strdup ("");
  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (description)), first);
  return g_strconcat (first, g_utf8_next_char (description), NULL);
}

static GtkWidget *
make_size_label (guint64 size)
{
  g_autofree char *text = pm_format_size (size);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

/* One field or file that is sent (@sent) or that the person switched off. */
static GtkWidget *
make_part_row (PmManifestView *self,
               PmManifestPart *part,
               gboolean        sent)
{
  GtkWidget *row = adw_action_row_new ();
  const char *name = pm_manifest_part_get_name (part);
  gboolean file = pm_manifest_part_get_kind (part) == PM_MANIFEST_PART_FILE;
  g_autoptr(GBytes) text = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (file)
    {
      g_autofree char *size = pm_format_size (pm_manifest_part_get_size (part));
      /* The size goes under the title, not beside it: the dialog is narrow and
       * the plain words for what a dump holds are the line that matters. */
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", size, pm_manifest_part_get_file_name (part));

      g_autofree char *title = title_from_description (pm_manifest_part_get_description (part));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), pm_manifest_part_get_value (part));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_size_label (pm_manifest_part_get_size (part)));
    }

  /* Text files can be read as they are sent; a field's value is its subtitle. */
  if (file && pm_manifest_part_get_is_text (part) && (text = pm_manifest_part_get_text (part)) != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("View %s"), pm_manifest_part_get_file_name (part));
      GtkWidget *button = pm_icon_button_new ("document-open-symbolic", tooltip);

      g_signal_connect_data (button, "clicked", G_CALLBACK (view_clicked_cb),
                             g_object_ref (part), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  if (self->editable)
    {
      GtkWidget *toggle = gtk_switch_new ();
      /* Translators: the accessible name of a part's switch; %s is its name. */
      g_autofree char *label = g_strdup_printf (_("Send %s"), file ? pm_manifest_part_get_file_name (part) : name);

      gtk_switch_set_active (GTK_SWITCH (toggle), sent);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (toggle), "pm-part-name", g_strdup (name), g_free);
      g_signal_connect (toggle, "notify::active", G_CALLBACK (part_switch_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
    }
  if (!sent)
    gtk_widget_add_css_class (row, "dim-label");
  g_object_set_data_full (G_OBJECT (row), "pm-part-name", g_strdup (name), g_free);
  return row;
}

/* One part the level or safety leaves out, with why. */
static GtkWidget *
make_left_out_row (PmManifestPart *part)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean file = pm_manifest_part_get_kind (part) == PM_MANIFEST_PART_FILE;
  const char *reason = pm_manifest_part_get_reason (part);

  g_autofree char *title = file ? title_from_description (pm_manifest_part_get_description (part))
                                : g_strdup (pm_manifest_part_get_name (part));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason != NULL ? reason : "");
  return row;
}

static void
expander_notify_cb (AdwExpanderRow *row,
                    GParamSpec     *pspec,
                    PmManifestView *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "pm-row-key");

  if (self->updating)
    return;
  if (adw_expander_row_get_expanded (row))
    g_hash_table_add (self->expanded, g_strdup (key));
  else
    g_hash_table_remove (self->expanded, key);
}

static GtkWidget *
make_expander (PmManifestView *self,
               const char     *key,
               const char     *title,
               const char     *subtitle)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (self->expanded, key));
  g_object_set_data_full (G_OBJECT (row), "pm-row-key", g_strdup (key), g_free);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (expander_notify_cb), self);
  return row;
}

static void
level_changed_cb (AdwComboRow    *row,
                  GParamSpec     *pspec,
                  PmManifestView *self)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->choices == NULL || selected >= G_N_ELEMENTS (choosable_levels))
    return;
  if (!pm_manifest_choices_set_level (self->choices, choosable_levels[selected], &error))
    {
      g_warning ("Cannot choose that level: %s", error->message);
      return;
    }
  g_free (self->focus_part);
  self->focus_part = g_strdup ("level");
  pm_manifest_view_choices_changed (self);
}

static GtkWidget *
make_level_row (PmManifestView *self)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  PmConsentLevel level = pm_manifest_get_level (self->manifest);

  gtk_string_list_append (model, _("Crash signature only"));
  gtk_string_list_append (model, _("Signature and crash dump"));
  gtk_string_list_append (model, _("Everything, with full memory and files"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("What to Send"));
  /* The choice under the title: beside it, it would be cut in a narrow dialog. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  for (guint i = 0; i < G_N_ELEMENTS (choosable_levels); i++)
    if (choosable_levels[i] == level)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  g_signal_connect (row, "notify::selected", G_CALLBACK (level_changed_cb), self);
  g_object_set_data_full (G_OBJECT (row), "pm-part-name", g_strdup ("level"), g_free);
  return row;
}

static void
redact_changed_cb (AdwExpanderRow *row,
                   GParamSpec     *pspec,
                   PmManifestView *self)
{
  if (self->updating || self->choices == NULL)
    return;
  pm_manifest_choices_set_redact (self->choices, adw_expander_row_get_enable_expansion (row));
  g_free (self->focus_part);
  self->focus_part = g_strdup ("redaction");
  pm_manifest_view_choices_changed (self);
}

static GtkWidget *
make_redaction_row (PmManifestView *self)
{
  guint n = pm_manifest_get_n_replacements (self->manifest);
  gboolean redact = pm_manifest_choices_get_redact (pm_manifest_get_choices (self->manifest));
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (!redact)
    subtitle = g_strdup (_("Off: your user name, home folder, host name and e-mail addresses are sent as they are"));
  else if (n == 0)
    subtitle = g_strdup (_("Nothing personal was found to replace"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u replacement", "%u replacements", n), n);
  /* Before sending it is a choice; once sent, a fact. */
  if (self->editable)
    row = make_expander (self, "redaction", _("Hide Personal Details"), subtitle);
  else
    row = make_expander (self, "redaction",
                         redact ? _("Personal Details Were Hidden") : _("Personal Details Were Not Hidden"),
                         subtitle);

  for (guint i = 0; i < n; i++)
    {
      const char *what, *original, *placeholder;
      guint count = 0;
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;
      GtkWidget *replacement = adw_action_row_new ();

      if (!pm_manifest_get_replacement (self->manifest, i, &what, &original, &placeholder, &count))
        continue;
      /* Translators: a replacement redaction made, "/home/ana → ~". */
      title = g_strdup_printf (_("%s → %s"), original, placeholder);
      /* Translators: %s says what was replaced ("home directory"), %u how often. */
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, replaced %u time", "%s, replaced %u times", count),
                                what, count);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (replacement), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (replacement), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (replacement), detail);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), replacement);
    }

  if (self->editable)
    {
      GtkWidget *toggle;

      adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (row), TRUE);
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), redact);
      /* The row's own switch has no name for a screen reader in libadwaita 1.2. */
      toggle = find_named (row, GTK_TYPE_SWITCH, NULL);
      if (toggle != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Hide Personal Details"), -1);
      g_signal_connect (row, "notify::enable-expansion", G_CALLBACK (redact_changed_cb), self);
    }
  g_object_set_data_full (G_OBJECT (row), "pm-part-name", g_strdup ("redaction"), g_free);
  return row;
}

static void
clear_rows (PmManifestView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

/* The widget under @widget of @type carrying the part name @name, or NULL. */
static GtkWidget *
find_named (GtkWidget  *widget,
            GType       type,
            const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      g_strcmp0 (g_object_get_data (G_OBJECT (widget), "pm-part-name"), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Back to the row the person was on: its switch, else the row itself. */
static void
restore_focus (PmManifestView *self)
{
  g_autofree char *name = g_steal_pointer (&self->focus_part);
  GtkWidget *target;

  if (name == NULL)
    return;
  target = find_named (GTK_WIDGET (self->list), GTK_TYPE_SWITCH, name);
  if (target == NULL)
    {
      target = find_named (GTK_WIDGET (self->list), ADW_TYPE_PREFERENCES_ROW, name);
      /* "Hide Personal Details": its enable switch has no name of its own. */
      if (target != NULL && find_named (target, GTK_TYPE_SWITCH, NULL) != NULL)
        target = find_named (target, GTK_TYPE_SWITCH, NULL);
    }
  if (target != NULL)
    gtk_widget_grab_focus (target);
}

static gboolean
focus_is_inside (PmManifestView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
}

/* A part the person switched off stays among the others, its switch off, so it
 * can be switched on again; once sent, it is just one of the parts not sent. */
static gboolean
listed_with_switch (PmManifestView *self,
                    PmManifestPart *part)
{
  return self->editable && pm_manifest_part_get_status (part) == PM_MANIFEST_PART_REMOVED;
}

static void
pm_manifest_view_build (PmManifestView *self)
{
  GListModel *parts = pm_manifest_get_parts (self->manifest);
  GListModel *left_out = pm_manifest_get_left_out (self->manifest);
  const GError *refusal = pm_manifest_get_refusal (self->manifest);
  GtkWidget *fields = NULL;
  GtkWidget *others = NULL;
  guint n_fields = 0, n_others = 0;
  guint64 fields_size = 0;
  gboolean keep_focus = self->focus_part != NULL && focus_is_inside (self);

  self->updating = TRUE;
  clear_rows (self);

  if (refusal != NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing Can Be Sent"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), refusal->message);
      gtk_list_box_append (self->list, row);
      self->updating = FALSE;
      return;
    }

  if (self->editable)
    gtk_list_box_append (self->list, make_level_row (self));

  /* Files, sent or switched off. */
  for (guint pass = 0; pass < 2; pass++)
    {
      GListModel *model = pass == 0 ? parts : left_out;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(PmManifestPart) part = g_list_model_get_item (model, i);

          if (pm_manifest_part_get_kind (part) != PM_MANIFEST_PART_FILE)
            continue;
          if (pass == 1 && !listed_with_switch (self, part))
            continue;
          gtk_list_box_append (self->list, make_part_row (self, part, pass == 0));
        }
    }

  /* Fields, folded: there are many and each is short. */
  fields = make_expander (self, "fields", _("Form Fields"), NULL);
  for (guint pass = 0; pass < 2; pass++)
    {
      GListModel *model = pass == 0 ? parts : left_out;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(PmManifestPart) part = g_list_model_get_item (model, i);

          if (pm_manifest_part_get_kind (part) != PM_MANIFEST_PART_FIELD)
            continue;
          if (pass == 1 && !listed_with_switch (self, part))
            continue;
          adw_expander_row_add_row (ADW_EXPANDER_ROW (fields), make_part_row (self, part, pass == 0));
          if (pass == 0)
            {
              n_fields++;
              fields_size += pm_manifest_part_get_size (part);
            }
        }
    }
  {
    g_autofree char *size = pm_format_size (fields_size);
    /* Translators: "12 fields, 1.2 kB". */
    g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u field sent, %s", "%u fields sent, %s", n_fields),
                                                 n_fields, size);
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (fields), subtitle);
  }
  gtk_list_box_append (self->list, fields);

  /* What is not sent for other reasons than the person's switches. */
  others = make_expander (self, "left-out", _("Not Sent"), NULL);
  for (guint i = 0; i < g_list_model_get_n_items (left_out); i++)
    {
      g_autoptr(PmManifestPart) part = g_list_model_get_item (left_out, i);

      if (listed_with_switch (self, part))
        continue;
      adw_expander_row_add_row (ADW_EXPANDER_ROW (others), make_left_out_row (part));
      n_others++;
    }
  if (n_others > 0)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item left out, each with the reason",
                                                                "%u items left out, each with the reason", n_others),
                                                   n_others);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (others), subtitle);
      gtk_list_box_append (self->list, others);
    }
  else
    {
      /* Never shown: drop the floating row. */
      g_object_ref_sink (others);
      g_object_unref (others);
    }

  gtk_list_box_append (self->list, make_redaction_row (self));

  {
    g_autofree char *total = pm_format_size (pm_manifest_get_total_size (self->manifest));
    GtkWidget *row = pm_info_row_new (_("Total"), total, FALSE, FALSE);

    gtk_list_box_append (self->list, row);
  }

  self->updating = FALSE;
  if (keep_focus)
    restore_focus (self);
  else
    g_clear_pointer (&self->focus_part, g_free);
}

static void
pm_manifest_view_show (PmManifestView *self,
                       PmManifest     *manifest)
{
  g_set_object (&self->manifest, manifest);
  pm_manifest_view_build (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANIFEST]);
}

/* --- computing ------------------------------------------------------------------- */

typedef struct
{
  PmStore           *store;
  PmReport          *report;
  PmManifestChoices *choices;
  guint              generation;
  gboolean           save;      /* write @choices into the report first */
  guint64            save_order;
} ComputeData;

/* Saves run in workers and may finish out of order: the newest choices of a report
 * win, an older save that comes late is skipped. */
static GMutex save_mutex;
static GHashTable *saved_order;   /* report key → guint64 *, under save_mutex */
static guint64 next_save_order;   /* GTK thread only */

static void
save_choices_in_order (PmStore                 *store,
                       PmReport                *report,
                       const PmManifestChoices *choices,
                       guint64                  order)
{
  g_autoptr(GError) error = NULL;
  const char *key = pm_report_get_key (report);
  guint64 *last;

  g_mutex_lock (&save_mutex);
  if (saved_order == NULL)
    saved_order = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  last = g_hash_table_lookup (saved_order, key);
  if (last == NULL || *last < order)
    {
      if (last == NULL)
        {
          last = g_new0 (guint64, 1);
          g_hash_table_insert (saved_order, g_strdup (key), last);
        }
      *last = order;
      if (!pm_manifest_choices_save (choices, store, key, &error))
        g_warning ("Could not save the choices for %s: %s", key, error->message);
    }
  g_mutex_unlock (&save_mutex);
}

static void
compute_data_free (gpointer data)
{
  ComputeData *compute = data;

  g_object_unref (compute->store);
  g_object_unref (compute->report);
  pm_manifest_choices_free (compute->choices);
  g_free (compute);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *compute = task_data;
  GError *error = NULL;
  PmManifest *manifest;
  /* A store of this thread's own: the view's is the GTK thread's, and a PmStore is
   * not thread-safe. */
  g_autoptr(PmStore) own = pm_store_open (pm_store_get_path (compute->store), &error);

  if (own == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Saved here, not on the GTK thread. */
  if (compute->save)
    save_choices_in_order (own, compute->report, compute->choices, compute->save_order);
  /* The view shows what Send would send: the person is deciding right now. */
  manifest = pm_manifest_compute (own, compute->report, compute->choices,
                                  PM_MANIFEST_APPROVED, &error);

  if (manifest == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, manifest, g_object_unref);
}

static void
compute_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PmManifestView *self = PM_MANIFEST_VIEW (object);
  ComputeData *compute = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(PmManifest) manifest = g_task_propagate_pointer (G_TASK (result), &error);

  if (compute->generation != self->generation || self->store == NULL)
    return;   /* a newer choice is being computed, or the view was emptied */
  self->busy = FALSE;
  if (manifest == NULL)
    {
      GtkWidget *row;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      row = adw_action_row_new ();
      self->updating = TRUE;
      clear_rows (self);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The Report Cannot Be Read"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error->message);
      gtk_list_box_append (self->list, row);
      self->updating = FALSE;
      g_clear_object (&self->manifest);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANIFEST]);
      return;
    }
  pm_manifest_view_show (self, manifest);
}

/* Computes the manifest in a worker; with @save, the worker first keeps the
 * choices in the report. */
static void
pm_manifest_view_compute_full (PmManifestView *self,
                               gboolean        save)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *compute;

  g_clear_handle_id (&self->comment_source, g_source_remove);
  if (self->store == NULL || self->report == NULL || self->choices == NULL)
    return;

  compute = g_new0 (ComputeData, 1);
  compute->save = save;
  compute->save_order = save ? ++next_save_order : 0;
  compute->store = g_object_ref (self->store);
  compute->report = g_object_ref (self->report);
  compute->choices = pm_manifest_choices_copy (self->choices);
  compute->generation = ++self->generation;
  self->busy = TRUE;

  task = g_task_new (self, NULL, compute_done_cb, NULL);
  g_task_set_source_tag (task, pm_manifest_view_compute);
  g_task_set_task_data (task, compute, compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

static void
pm_manifest_view_compute (PmManifestView *self)
{
  pm_manifest_view_compute_full (self, FALSE);
}

/* The person changed a choice: kept in the report at once when the view saves
 * (the report page; in the worker, not on the GTK thread), then shown. */
static void
pm_manifest_view_choices_changed (PmManifestView *self)
{
  pm_manifest_view_compute_full (self, self->save_choices);
}

/* --- API ------------------------------------------------------------------------ */

void
pm_manifest_view_set_report (PmManifestView          *self,
                             PmStore                 *store,
                             PmReport                *report,
                             const PmManifestChoices *choices,
                             gboolean                 save_choices)
{
  g_return_if_fail (PM_IS_MANIFEST_VIEW (self));
  g_return_if_fail (PM_IS_STORE (store));
  g_return_if_fail (PM_IS_REPORT (report));

  g_set_object (&self->store, store);
  g_set_object (&self->report, report);
  g_clear_pointer (&self->choices, pm_manifest_choices_free);
  self->choices = choices != NULL ? pm_manifest_choices_copy (choices)
                                  : pm_manifest_choices_new_from_report (report);
  self->editable = TRUE;
  self->save_choices = save_choices;
  g_clear_object (&self->manifest);
  /* Until the first manifest arrives the old rows would be another report's. */
  self->updating = TRUE;
  clear_rows (self);
  self->updating = FALSE;
  /* Only computed: showing a report changes nothing in it. */
  pm_manifest_view_compute (self);
}

void
pm_manifest_view_set_sent (PmManifestView *self,
                           PmManifest     *sent)
{
  g_return_if_fail (PM_IS_MANIFEST_VIEW (self));
  g_return_if_fail (PM_IS_MANIFEST (sent));

  /* No more computing: what was sent does not change. */
  self->generation++;
  self->busy = FALSE;
  g_clear_handle_id (&self->comment_source, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->report);
  g_clear_pointer (&self->choices, pm_manifest_choices_free);
  self->editable = FALSE;
  self->save_choices = FALSE;
  pm_manifest_view_show (self, sent);
}

const PmManifestChoices *
pm_manifest_view_get_choices (PmManifestView *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST_VIEW (self), NULL);
  return self->choices;
}

static gboolean
comment_timeout_cb (gpointer user_data)
{
  PmManifestView *self = user_data;

  self->comment_source = 0;
  pm_manifest_view_choices_changed (self);
  return G_SOURCE_REMOVE;
}

void
pm_manifest_view_set_comment (PmManifestView *self,
                              const char     *comment)
{
  g_return_if_fail (PM_IS_MANIFEST_VIEW (self));

  if (self->choices == NULL ||
      g_strcmp0 (comment != NULL ? comment : "",
                 pm_manifest_choices_get_comment (self->choices) != NULL ? pm_manifest_choices_get_comment (self->choices) : "") == 0)
    return;
  pm_manifest_choices_set_comment (self->choices, comment);
  self->busy = TRUE;
  g_clear_handle_id (&self->comment_source, g_source_remove);
  self->comment_source = g_timeout_add (COMMENT_DELAY_MS, comment_timeout_cb, self);
}

PmManifest *
pm_manifest_view_get_manifest (PmManifestView *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST_VIEW (self), NULL);
  return self->manifest;
}

gboolean
pm_manifest_view_is_busy (PmManifestView *self)
{
  g_return_val_if_fail (PM_IS_MANIFEST_VIEW (self), FALSE);
  return self->busy;
}

/* --- GObject --------------------------------------------------------------------- */

static void
pm_manifest_view_dispose (GObject *object)
{
  PmManifestView *self = PM_MANIFEST_VIEW (object);

  g_clear_handle_id (&self->comment_source, g_source_remove);
  self->generation++;
  if (self->list != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->list));
      self->list = NULL;
    }
  g_clear_object (&self->store);
  g_clear_object (&self->report);
  g_clear_object (&self->manifest);

  G_OBJECT_CLASS (pm_manifest_view_parent_class)->dispose (object);
}

static void
pm_manifest_view_finalize (GObject *object)
{
  PmManifestView *self = PM_MANIFEST_VIEW (object);

  g_clear_pointer (&self->choices, pm_manifest_choices_free);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_free (self->focus_part);

  G_OBJECT_CLASS (pm_manifest_view_parent_class)->finalize (object);
}

static void
pm_manifest_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PmManifestView *self = PM_MANIFEST_VIEW (object);

  switch (prop_id)
    {
    case PROP_MANIFEST:
      g_value_set_object (value, self->manifest);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pm_manifest_view_class_init (PmManifestViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pm_manifest_view_dispose;
  object_class->finalize = pm_manifest_view_finalize;
  object_class->get_property = pm_manifest_view_get_property;

  /* Notified each time a newly computed manifest is on screen. */
  properties[PROP_MANIFEST] =
    g_param_spec_object ("manifest", NULL, NULL, PM_TYPE_MANIFEST,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pm_manifest_view_init (PmManifestView *self)
{
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What the report sends"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
}

GtkWidget *
pm_manifest_view_new (void)
{
  return g_object_new (PM_TYPE_MANIFEST_VIEW, NULL);
}
