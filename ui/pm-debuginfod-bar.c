/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfod-bar.c — PmDebuginfodBar: the offer to download symbols from
 * debuginfod servers, and the downloads (pm-debuginfod-bar.h).
 *
 * Runs in: the postmortem GUI process, GTK main thread; the downloads in a
 * `postmortemctl debuginfod --progress` child read line by line (async).
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "pm-debuginfod-bar.h"
#include "pm-debuginfod-choice.h"

/* Modules named in the prompt at most; the rest are counted. */
#define MAX_NAMED_MODULES 5

typedef struct
{
  GtkWidget      *box;
  GtkProgressBar *progress;
  GtkLabel       *status;
} ModuleRow;

struct _PmDebuginfodBar
{
  GtkBox            parent_instance;

  GtkLabel         *message;
  GtkBox           *modules;
  GtkButton        *not_now;
  GtkButton        *download;
  GtkButton        *cancel;
  GtkButton        *close;

  GHashTable       *offered;      /* build-id -> module name: what the prompt names */
  GHashTable       *tried;        /* build-ids already asked for, for this dump */
  GHashTable       *rows;         /* build-id -> ModuleRow * */
  char             *servers;
  GSubprocess      *child;
  GDataInputStream *lines;
  GCancellable     *cancellable;  /* the reads of this child */
  GCancellable     *choice_cancellable; /* reading the person's choice */
  GString          *other_output; /* lines that are not the protocol: errors */
  guint             n_done;
  guint             n_failed;
  gboolean          cancelled;
};

G_DEFINE_FINAL_TYPE (PmDebuginfodBar, pm_debuginfod_bar, GTK_TYPE_BOX)

enum { SIGNAL_DOWNLOADED, N_SIGNALS };
static guint signals[N_SIGNALS];

char *
pm_debuginfod_bar_find_ctl (void)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self_exe != NULL ? g_path_get_dirname (self_exe) : NULL;
  const char *names[] = { "postmortemctl", "postmortemctl-sandboxed" };
  const char *chosen = g_getenv ("PM_CTL_PATH");

  /* Tests run the window from their own folder. */
  if (chosen != NULL && chosen[0] == '/')
    return g_strdup (chosen);
  for (guint i = 0; dir != NULL && i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&path);
    }
  return g_build_filename (PM_BINDIR, "postmortemctl", NULL);
}

/* ---- showing ----------------------------------------------------------------- */

static void
show_buttons (PmDebuginfodBar *self,
              gboolean         asking,
              gboolean         fetching)
{
  gtk_widget_set_visible (GTK_WIDGET (self->not_now), asking);
  gtk_widget_set_visible (GTK_WIDGET (self->download), asking);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel), fetching);
  gtk_widget_set_visible (GTK_WIDGET (self->close), !asking && !fetching);
}

static void
clear_rows (PmDebuginfodBar *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->modules))) != NULL)
    gtk_box_remove (self->modules, child);
  g_hash_table_remove_all (self->rows);
  gtk_widget_set_visible (GTK_WIDGET (self->modules), FALSE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* "pm-demo-notes, libfoo.so.1 and 3 more" */
static char *
describe_modules (GHashTable *modules)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, modules);
  while (g_hash_table_iter_next (&iter, NULL, &name))
    g_ptr_array_add (names, name);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len && i < MAX_NAMED_MODULES; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", (const char *) g_ptr_array_index (names, i));
  if (names->len > MAX_NAMED_MODULES)
    {
      guint more = names->len - MAX_NAMED_MODULES;
      g_string_append (text, " ");
      g_string_append_printf (text, ngettext ("and %u more", "and %u more", more), more);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
ask (PmDebuginfodBar *self)
{
  guint n = g_hash_table_size (self->offered);
  g_autofree char *modules = describe_modules (self->offered);
  g_autofree char *hosts = pm_debuginfod_servers_describe (self->servers);
  g_autofree char *text =
    g_strdup_printf (ngettext ("%u module in these backtraces has no symbols: %s. Download its debug "
                               "information from %s? Its build ID is sent to that server.",
                               "%u modules in these backtraces have no symbols: %s. Download their debug "
                               "information from %s? Their build IDs are sent to that server.", n),
                     n, modules, hosts);

  clear_rows (self);
  gtk_label_set_text (self->message, text);
  show_buttons (self, TRUE, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static ModuleRow *
module_row (PmDebuginfodBar *self,
            const char      *build_id,
            const char      *name)
{
  ModuleRow *row = g_hash_table_lookup (self->rows, build_id);
  GtkWidget *label;

  if (row != NULL)
    return row;
  row = g_new0 (ModuleRow, 1);
  row->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_widget_set_tooltip_text (label, build_id);
  row->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_name (GTK_WIDGET (row->progress), "debuginfod_progress");
  gtk_widget_set_valign (GTK_WIDGET (row->progress), GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (row->progress), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->progress), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  row->status = GTK_LABEL (gtk_label_new (_("Waiting")));
  gtk_label_set_xalign (row->status, 1);
  gtk_label_set_wrap (row->status, TRUE);
  gtk_label_set_wrap_mode (row->status, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (GTK_WIDGET (row->status), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->status), "dim-label");
  gtk_box_append (GTK_BOX (row->box), label);
  gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (row->progress));
  gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (row->status));
  gtk_box_append (self->modules, row->box);
  gtk_widget_set_visible (GTK_WIDGET (self->modules), TRUE);
  g_hash_table_insert (self->rows, g_strdup (build_id), row);
  return row;
}

/* ---- the child's lines ------------------------------------------------------- */

static void
on_progress_line (PmDebuginfodBar *self,
                  const char      *id,
                  const char      *rest)
{
  ModuleRow *row = g_hash_table_lookup (self->rows, id);
  guint64 received = 0, total = 0;
  char *end = NULL;

  if (row == NULL)
    return;
  received = g_ascii_strtoull (rest, &end, 10);
  if (end != NULL && *end == ' ')
    total = g_ascii_strtoull (end + 1, NULL, 10);
  if (total > 0)
    {
      g_autofree char *got = g_format_size (received);
      g_autofree char *all = g_format_size (total);
      g_autofree char *text = g_strdup_printf (_("%s of %s"), got, all);

      gtk_progress_bar_set_fraction (row->progress, MIN (1.0, (double) received / (double) total));
      gtk_label_set_text (row->status, text);
    }
  else
    {
      gtk_progress_bar_pulse (row->progress);
      gtk_label_set_text (row->status, _("Downloading"));
    }
}

static void
on_line (PmDebuginfodBar *self,
         const char      *line)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", 3);
  guint n = g_strv_length (parts);
  const char *id = n >= 2 ? parts[1] : NULL;
  const char *rest = n >= 3 ? parts[2] : "";

  if (n >= 2 && strcmp (parts[0], "want") == 0)
    module_row (self, id, g_hash_table_lookup (self->offered, id) ?: rest);
  else if (n >= 3 && strcmp (parts[0], "progress") == 0)
    on_progress_line (self, id, rest);
  else if (n >= 3 && strcmp (parts[0], "done") == 0 && g_hash_table_contains (self->rows, id))
    {
      ModuleRow *row = g_hash_table_lookup (self->rows, id);
      gtk_progress_bar_set_fraction (row->progress, 1.0);
      gtk_label_set_text (row->status, _("Downloaded"));
      self->n_done++;
    }
  else if (n >= 3 && strcmp (parts[0], "failed") == 0 && g_hash_table_contains (self->rows, id))
    {
      ModuleRow *row = g_hash_table_lookup (self->rows, id);
      gtk_progress_bar_set_fraction (row->progress, 0.0);
      gtk_label_set_text (row->status, rest);
      gtk_widget_remove_css_class (GTK_WIDGET (row->status), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (row->status), "error");
      self->n_failed++;
    }
  else if (line[0] != '\0')
    g_string_append_printf (self->other_output, "%s%s", self->other_output->len > 0 ? "\n" : "", line);
}

static void
finish (PmDebuginfodBar *self,
        const char      *failure)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->cancelled)
    g_string_append (text, _("Download cancelled."));
  else if (failure != NULL && self->n_done == 0 && self->n_failed == 0)
    g_string_append_printf (text, _("The download could not run: %s"), failure);
  else
    {
      g_string_append_printf (text, ngettext ("Downloaded the debug information of %u module.",
                                              "Downloaded the debug information of %u modules.", self->n_done),
                              self->n_done);
      if (self->n_failed > 0)
        {
          g_string_append (text, " ");
          g_string_append_printf (text, ngettext ("%u module could not be downloaded.",
                                                  "%u modules could not be downloaded.", self->n_failed),
                                  self->n_failed);
        }
    }
  gtk_label_set_text (self->message, text->str);
  show_buttons (self, FALSE, FALSE);
  g_clear_object (&self->lines);
  g_clear_object (&self->child);
  g_clear_object (&self->cancellable);
  if (self->n_done > 0)
    g_signal_emit (self, signals[SIGNAL_DOWNLOADED], 0);
}

static void
child_waited_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PmDebuginfodBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *failure = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (G_SUBPROCESS (object) != self->child)
    return;   /* a reset came first */
  if (!g_subprocess_get_successful (G_SUBPROCESS (object)) && self->other_output->len > 0)
    failure = g_strdup (self->other_output->str);
  finish (self, failure);
}

static void read_next_line (PmDebuginfodBar *self);

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PmDebuginfodBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || G_DATA_INPUT_STREAM (object) != self->lines)
    return;
  if (line != NULL)
    {
      on_line (self, line);
      read_next_line (self);
      return;
    }
  if (error != NULL)
    g_string_append_printf (self->other_output, "%s%s", self->other_output->len > 0 ? "\n" : "", error->message);
  /* The end of its output: its status says the rest. */
  g_subprocess_wait_async (self->child, self->cancellable, child_waited_cb, g_object_ref (self));
}

static void
read_next_line (PmDebuginfodBar *self)
{
  g_data_input_stream_read_line_async (self->lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       line_read_cb, g_object_ref (self));
}

static void
start_download (PmDebuginfodBar *self)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) servers = g_strsplit (self->servers, " ", -1);
  g_autofree char *hosts = pm_debuginfod_servers_describe (self->servers);
  g_autofree char *heading = g_strdup_printf (_("Downloading debug information from %s…"), hosts);
  GHashTableIter iter;
  gpointer id, name;

  g_ptr_array_add (argv, pm_debuginfod_bar_find_ctl ());
  g_ptr_array_add (argv, g_strdup ("debuginfod"));
  g_ptr_array_add (argv, g_strdup ("--progress"));
  for (guint i = 0; servers[i] != NULL; i++)
    if (servers[i][0] != '\0')
      {
        g_ptr_array_add (argv, g_strdup ("--server"));
        g_ptr_array_add (argv, g_strdup (servers[i]));
      }
  clear_rows (self);
  g_hash_table_iter_init (&iter, self->offered);
  while (g_hash_table_iter_next (&iter, &id, &name))
    {
      g_ptr_array_add (argv, g_strdup ("--build-id"));
      g_ptr_array_add (argv, g_strdup (id));
      g_hash_table_add (self->tried, g_strdup (id));
      module_row (self, id, name);
    }
  g_ptr_array_add (argv, NULL);

  self->n_done = self->n_failed = 0;
  self->cancelled = FALSE;
  g_string_truncate (self->other_output, 0);
  gtk_label_set_text (self->message, heading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel), TRUE);
  show_buttons (self, FALSE, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  self->child = g_subprocess_newv ((const char *const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  if (self->child == NULL)
    {
      finish (self, error->message);
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->child));
  read_next_line (self);
}

/* ---- buttons ------------------------------------------------------------------- */

static void
download_clicked_cb (PmDebuginfodBar *self)
{
  start_download (self);
}

static void
not_now_clicked_cb (PmDebuginfodBar *self)
{
  /* Not asked again for this dump: the person said no. */
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, self->offered);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_hash_table_add (self->tried, g_strdup (id));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
cancel_clicked_cb (PmDebuginfodBar *self)
{
  if (self->child == NULL)
    return;
  self->cancelled = TRUE;
  /* postmortemctl stops the transfer and removes the partial file. */
  g_subprocess_send_signal (self->child, SIGTERM);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel), FALSE);
}

static void
close_clicked_cb (PmDebuginfodBar *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* ---- API ----------------------------------------------------------------------- */

/* The person's choice and servers, read in a worker: the settings are a file. */
typedef struct
{
  PmDebuginfodChoice  choice;
  char               *servers;
} Choice;

static void
choice_free (gpointer data)
{
  Choice *choice = data;

  g_free (choice->servers);
  g_free (choice);
}

static void
read_choice_in_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  g_autoptr(PmSettings) settings = pm_settings_new_default ();
  Choice *choice = g_new0 (Choice, 1);

  choice->choice = pm_debuginfod_choice_get (settings);
  choice->servers = pm_debuginfod_servers_get (settings);
  g_task_return_pointer (task, choice, choice_free);
}

static void
choice_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PmDebuginfodBar *self = PM_DEBUGINFOD_BAR (object);
  Choice *choice = g_task_propagate_pointer (G_TASK (result), NULL);

  /* NULL: cancelled by a reset (another dump) or the window going. */
  if (choice == NULL)
    return;
  g_clear_object (&self->choice_cancellable);
  g_free (self->servers);
  self->servers = g_steal_pointer (&choice->servers);
  if (choice->choice == PM_DEBUGINFOD_NEVER || self->servers[0] == '\0')
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  else if (choice->choice == PM_DEBUGINFOD_ALWAYS)
    start_download (self);
  else
    ask (self);
  choice_free (choice);
}

void
pm_debuginfod_bar_offer (PmDebuginfodBar *self,
                         GHashTable      *missing)
{
  g_autoptr(GTask) task = NULL;
  GHashTableIter iter;
  gpointer id, name;

  g_return_if_fail (PM_IS_DEBUGINFOD_BAR (self));

  if (self->child != NULL || self->choice_cancellable != NULL)
    return;   /* a download is running (its end walks again), or about to be offered */
  g_hash_table_remove_all (self->offered);
  if (missing != NULL)
    {
      g_hash_table_iter_init (&iter, missing);
      while (g_hash_table_iter_next (&iter, &id, &name))
        if (!g_hash_table_contains (self->tried, id))
          g_hash_table_insert (self->offered, g_strdup (id), g_strdup (name));
    }
  if (g_hash_table_size (self->offered) == 0)
    return;   /* nothing new: what is shown (a result) stays */

  self->choice_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->choice_cancellable, choice_read_cb, NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, read_choice_in_worker);
}

gboolean
pm_debuginfod_bar_is_deciding (PmDebuginfodBar *self)
{
  g_return_val_if_fail (PM_IS_DEBUGINFOD_BAR (self), FALSE);
  return self->choice_cancellable != NULL;
}

static void
stop_child (PmDebuginfodBar *self)
{
  if (self->choice_cancellable != NULL)
    g_cancellable_cancel (self->choice_cancellable);
  g_clear_object (&self->choice_cancellable);
  if (self->child != NULL)
    g_subprocess_send_signal (self->child, SIGTERM);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lines);
  g_clear_object (&self->child);
}

void
pm_debuginfod_bar_reset (PmDebuginfodBar *self)
{
  g_return_if_fail (PM_IS_DEBUGINFOD_BAR (self));

  stop_child (self);
  g_hash_table_remove_all (self->tried);
  g_hash_table_remove_all (self->offered);
  clear_rows (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
pm_debuginfod_bar_new (void)
{
  return g_object_new (PM_TYPE_DEBUGINFOD_BAR, NULL);
}

static void
pm_debuginfod_bar_dispose (GObject *object)
{
  PmDebuginfodBar *self = PM_DEBUGINFOD_BAR (object);

  stop_child (self);
  G_OBJECT_CLASS (pm_debuginfod_bar_parent_class)->dispose (object);
}

static void
pm_debuginfod_bar_finalize (GObject *object)
{
  PmDebuginfodBar *self = PM_DEBUGINFOD_BAR (object);

  g_hash_table_unref (self->offered);
  g_hash_table_unref (self->tried);
  g_hash_table_unref (self->rows);
  g_string_free (self->other_output, TRUE);
  g_free (self->servers);
  G_OBJECT_CLASS (pm_debuginfod_bar_parent_class)->finalize (object);
}

static GtkButton *
add_button (GtkBox     *box,
            const char *mnemonic,
            const char *name,
            GCallback   callback,
            gpointer    self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", callback, self);
  gtk_box_append (box, button);
  return GTK_BUTTON (button);
}

static void
pm_debuginfod_bar_init (PmDebuginfodBar *self)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("system-search-symbolic");
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->tried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->other_output = g_string_new (NULL);
  self->servers = g_strdup ("");

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_set_name (GTK_WIDGET (self), "debuginfod_bar");
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "pm-debuginfod-bar");
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->message), "debuginfod_message");
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_wrap_mode (self->message, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (GTK_WIDGET (self->message), TRUE);
  /* A card has no padding of its own. */
  gtk_widget_set_margin_top (top, 12);
  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  gtk_box_append (GTK_BOX (top), icon);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->message));
  gtk_box_append (GTK_BOX (self), top);

  self->modules = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_margin_start (GTK_WIDGET (self->modules), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->modules), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->modules), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->modules));

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_start (buttons, 12);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_bottom (buttons, 12);
  self->not_now = add_button (GTK_BOX (buttons), _("_Not Now"), "debuginfod_not_now", G_CALLBACK (not_now_clicked_cb), self);
  self->download = add_button (GTK_BOX (buttons), _("_Download"), "debuginfod_download", G_CALLBACK (download_clicked_cb), self);
  gtk_widget_add_css_class (GTK_WIDGET (self->download), "suggested-action");
  self->cancel = add_button (GTK_BOX (buttons), _("_Cancel"), "debuginfod_cancel", G_CALLBACK (cancel_clicked_cb), self);
  self->close = add_button (GTK_BOX (buttons), _("C_lose"), "debuginfod_close", G_CALLBACK (close_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), buttons);
}

static void
pm_debuginfod_bar_class_init (PmDebuginfodBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pm_debuginfod_bar_dispose;
  object_class->finalize = pm_debuginfod_bar_finalize;

  /**
   * PmDebuginfodBar::downloaded:
   *
   * A download ended with at least one debug file in the cache.
   */
  signals[SIGNAL_DOWNLOADED] = g_signal_new ("downloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}
